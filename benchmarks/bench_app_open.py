"""How long the drafting app takes to open (issue 14 item 1): navigation → Table 3 interactive, in Chromium.

Run with the project's environment: ``.venv/bin/python benchmarks/bench_app_open.py [--loads 10]
[--modes preheat,plain]``.

For each mode it starts ``voila notebooks/01_draft_report.ipynb`` on 127.0.0.1 with a fresh draft folder —
``preheat`` as ``start.sh voila`` does (Voila's kernel pool and only the app's browser extensions,
``govinfo_widgets/app.py``), ``plain`` without — and opens the page ``--loads`` times, each in a new browser context (cold:
no cache, no cookies), waiting between loads until the pool has a kernel again. A load's time is the
page's ``performance.now()`` (milliseconds since navigation start) when the first Table 3 input is
visible and enabled. Prints the median and every load.

It also times ``import govinfo_widgets`` in fresh Python processes, and in fresh Jupyter kernels the
notebook's editor cell until the editor's display message (what JupyterLab draws).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govinfo_widgets.app import ARGS

try:
    from ._browser import NOTEBOOK, chromium, free_port, serve, stop
except ImportError:  # run as a script
    from _browser import NOTEBOOK, chromium, free_port, serve, stop

SELECTOR = "td.gw-cell[data-addr='t3.new_received.natural_person'] input"
#: ``preheat`` serves the app as ``start.sh voila`` does (govinfo_widgets/app.py: the kernel pool, only the browser
#: extensions the app needs); ``plain`` without the pool.
PREHEAT = ARGS


def start(mode: str, work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "GOVINFO_DRAFT_DIR": str(work / "drafts")}
    cmd = [sys.executable, "-m", "voila", str(NOTEBOOK), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    url = f"http://127.0.0.1:{port}/"
    proc = serve(cmd + (PREHEAT if mode == "preheat" else []), env, work / f"{mode}.log", url + "voila/static/")
    return proc, url


def one_load(browser, url: str) -> float:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=180_000)
        page.wait_for_function(
            "(sel) => { const i = document.querySelector(sel); return i && !i.disabled && i.offsetParent !== null; }",
            arg=SELECTOR,
            timeout=180_000,
            polling="raf",
        )
        return page.evaluate("performance.now()")
    finally:
        ctx.close()


def import_time(runs: int = 5) -> float:
    """Median seconds of ``import govinfo_widgets`` in a fresh Python process."""
    times = []
    for _ in range(runs):
        prog = "import time\nt = time.perf_counter()\nimport govinfo_widgets\nprint(time.perf_counter() - t)"
        res = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, check=True)
        times.append(float(res.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def lab_cell_time(runs: int = 5) -> float:
    """Median seconds a fresh Jupyter kernel (as JupyterLab starts one) takes to run the notebook's editor cell
    and send the editor's display message (Lab draws it on receipt)."""
    from jupyter_client.manager import start_new_kernel

    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    cell = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    times = []
    for _ in range(runs):
        km, kc = start_new_kernel(kernel_name="python3", env={**os.environ, "GOVINFO_DRAFT_DIR": tempfile.mkdtemp()})
        try:
            t0 = time.perf_counter()
            msg_id = kc.execute(cell)
            shown = None
            while True:
                msg = kc.get_iopub_msg(timeout=120)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] in ("display_data", "execute_result") and shown is None:
                    shown = time.perf_counter() - t0
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            times.append(shown if shown is not None else float("nan"))
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loads", type=int, default=10)
    ap.add_argument("--modes", default="preheat,plain")
    ap.add_argument("--refill", type=float, default=12.0, help="seconds to wait for the pool between loads")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"import govinfo_widgets       median {import_time() * 1000:7.0f} ms (fresh process, 5 runs)")
    print(f"Lab: editor cell → display  median {lab_cell_time() * 1000:7.0f} ms (fresh kernel, 5 runs)")
    with sync_playwright() as p:
        browser = chromium(p)
        for mode in args.modes.split(","):
            work = Path(tempfile.mkdtemp(prefix=f"govinfo-open-{mode}-"))
            proc, url = start(mode, work)
            try:
                if mode == "preheat":
                    time.sleep(args.refill)  # the first pooled kernel runs the notebook
                one_load(browser, url)  # warm the server's templates (not counted)
                times = []
                for _ in range(args.loads):
                    if mode == "preheat":
                        time.sleep(args.refill)
                    times.append(one_load(browser, url))
                print(
                    f"voila {mode:8s} median {statistics.median(times):7.0f} ms  loads: "
                    + " ".join(f"{t:.0f}" for t in times)
                )
            finally:
                stop(proc)
                shutil.rmtree(work, ignore_errors=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
