"""Keystroke → highlight latency of the editor in Chromium, in Voila and in JupyterLab (issue 4).

Run with the project's environment (the package installed, so that its Jupyter config is):
``.venv/bin/python benchmarks/bench_latency.py [--keys 60] [--apps voila,lab] [--no-screenshots]``.

For each app and each socket setting (TCP_NODELAY on, the default; off with ``GOVINFO_NODELAY=0``)
it starts the server on 127.0.0.1 with a fresh draft directory, opens notebooks/01_draft_report.ipynb
(JupyterLab: headless, with a token, "run all cells"), then types into Table 3 a value that
breaks T3-01 and one that mends it, alternately. The widget records each edit as a
``performance.measure`` from the input event's time stamp to the frame after the highlight changed
(``requestAnimationFrame`` then a task, so the frame has been painted); the benchmark collects them
with a ``PerformanceObserver`` (nothing in the page exists for the benchmark):

* ``browser``: the highlight drawn from the browser's own evaluation of the compiled checks;
* ``kernel``: the kernel's answer (every rule, the draft saved) drawn — the round trip.

It prints the median and p90 of each, checks from the server log that the TCP_NODELAY
extension was loaded, and saves a screenshot of the editor (Voila) with a highlighted error to
docs/img/editor-voila.png.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from ._browser import NOTEBOOK, ROOT, chromium, free_port, serve, stop
except ImportError:  # run as a script
    from _browser import NOTEBOOK, ROOT, chromium, free_port, serve, stop

IMG = ROOT / "docs" / "img"
CELL = "t3.new_received.natural_person"


def start(app: str, nodelay: bool, work: Path) -> tuple[subprocess.Popen, str, Path]:
    port, token = free_port(), secrets.token_hex(16)
    drafts = work / f"drafts-{app}-{int(nodelay)}"
    drafts.mkdir(parents=True, exist_ok=True)
    log = work / f"{app}-{int(nodelay)}.log"
    env = {**os.environ, "GOVINFO_DRAFT_DIR": str(drafts), "GOVINFO_NODELAY": "1" if nodelay else "0"}
    if app == "voila":
        cmd = [sys.executable, "-m", "voila", str(NOTEBOOK), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
        url = f"http://127.0.0.1:{port}/"
    else:
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.disable_check_xsrf=False",
            "--LabApp.news_url=",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",
        ]
        url = f"http://127.0.0.1:{port}/lab/tree/notebooks/{NOTEBOOK.name}?token={token}&reset"
    probe = f"http://127.0.0.1:{port}/" + ("voila/static/" if app == "voila" else f"api/status?token={token}")
    proc = serve(cmd, env, log, probe)
    return proc, url, log


def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def measure(page, app: str, url: str, keys: int, shot: Path | None) -> dict:
    page.goto(url, wait_until="domcontentloaded")
    if app == "lab":
        page.wait_for_function(
            "window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.session",
            timeout=120_000,
        )
        page.wait_for_timeout(1500)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    sel = f"td.gw-cell[data-addr='{CELL}'] input"
    page.wait_for_selector(sel, timeout=180_000)
    inp = page.locator(sel)
    inp.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    # the widget measures each edit (performance.measure "gw-checked", "gw-local", "gw-sent", "gw-kernel",
    # from the input event's time stamp) and keeps only the latest of each: an observer collects them all
    page.evaluate(
        """() => { const m = (window.__bench = {});
        new PerformanceObserver((list) => { for (const e of list.getEntries())
            if (e.name.startsWith("gw-")) (m[e.name.slice(3)] ||= []).push(e.duration); })
        .observe({ entryTypes: ["measure"] }); }"""
    )
    td = page.locator(f"td.gw-cell[data-addr='{CELL}']")
    for i in range(keys + 2):
        inp.click()
        inp.press("Control+a")
        want_fail = i % 2 == 0
        page.keyboard.type("7" if want_fail else "0")
        # read at once: the kernel cannot have answered yet, so this is the browser's own check
        early = "gw-fail" in (td.get_attribute("class") or "")
        assert early == want_fail, ("the browser's check did not draw the highlight", i)
        page.wait_for_function("([n]) => (window.__bench.kernel || []).length >= n", arg=[i + 1], timeout=10_000)
        cls = td.get_attribute("class") or ""
        assert ("gw-fail" in cls) == want_fail, (i, cls)
        page.wait_for_timeout(60)
    marks = page.evaluate("window.__bench")
    local, kernel = marks["local"][2:], marks["kernel"][2:]  # the first two warm up
    checked, sent = marks["checked"][2:], marks["sent"][2:]
    if shot is not None:  # Table 3 with a highlighted T3-01 error and its message
        inp.click()
        inp.press("Control+a")
        page.keyboard.type("7")
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.wait_for_timeout(1000)
        page.mouse.move(0, 0)
        page.locator(".gw-table-widget", has=page.locator("table.gw-form.gw-t3")).screenshot(path=str(shot))
        _shrink(shot)
    return {"browser": local, "kernel": kernel, "checked": checked, "sent": sent}


def _shrink(path: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    im = Image.open(path).convert("RGB")
    im.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=60)
    ap.add_argument("--apps", default="voila,lab")
    ap.add_argument("--no-screenshots", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    IMG.mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = chromium(p)
        for app in a.apps.split(","):
            for nodelay in (True, False):
                proc, url, log = start(app, nodelay, Path(tmp))
                try:
                    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
                    page = ctx.new_page()
                    shot = None if a.no_screenshots or not nodelay or app != "voila" else IMG / "editor-voila.png"
                    r = measure(page, app, url, a.keys, shot)
                    ctx.close()
                finally:
                    stop(proc)
                loaded = "TCP_NODELAY set on kernel websocket" in log.read_text(errors="replace")
                key = f"{app} nodelay={'on' if nodelay else 'off'}"
                results[key] = {**r, "nodelay_applied": loaded}
                print(
                    f"{key:<22} browser median {statistics.median(r['browser']):6.1f} ms  p90 {q(r['browser'], 0.9):6.1f} ms"
                    f" | kernel round trip median {statistics.median(r['kernel']):6.1f} ms  p90 {q(r['kernel'], 0.9):6.1f} ms"
                    f" | n={len(r['browser'])} | TCP_NODELAY set: {loaded}"
                    f" | script: checked {statistics.median(r['checked']):.1f} ms, sent {statistics.median(r['sent']):.1f} ms",
                    flush=True,
                )
        browser.close()
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
