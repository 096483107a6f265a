"""How long the Binder app link takes to open, served the way Binder serves it (issue 14 item 1).

Run with the project's environment (jupyter-server-proxy installed, as binder/postBuild does):
``.venv/bin/python benchmarks/bench_binder_app.py [--loads 10] [--links proxy,extension]``.

It starts a Jupyter server as repo2docker does — ``binder/start jupyter server …`` under a JupyterHub-like
prefix, with the proxy entry ``binder/install_app_proxy.py`` writes (into a temporary config folder) — and
opens in Chromium, ``--loads`` times each in a new browser context (cold):

- ``proxy``: the README's app link, ``urlpath=govinfo-app/`` — the standalone Voila with a preheated kernel
  pool that binder/start launched, through jupyter-server-proxy;
- ``extension``: the former link, ``urlpath=voila/render/notebooks/01_draft_report.ipynb`` — Voila's server
  extension in the same Jupyter server (a kernel is started and the notebook run on each request).

A load's time is ``performance.now()`` when the first Table 3 input is visible and enabled (as
bench_app_open.py); between loads it waits ``--refill`` seconds so the pool has a kernel again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app_open import ARGS, free_port, one_load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "/user/bench/"
LINKS = {"proxy": "govinfo-app/", "extension": "voila/render/notebooks/01_draft_report.ipynb"}


def start(work: Path) -> tuple[subprocess.Popen, str, int]:
    app_port, port = free_port(), free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "JUPYTER_CONFIG_DIR": str(work / "jupyter-config"),
        "JUPYTERHUB_SERVICE_PREFIX": PREFIX,
        "GOVINFO_APP_PORT": str(app_port),
        "GOVINFO_APP_LOG": str(work / "app.log"),
        "GOVINFO_DRAFT_DIR": str(work / "drafts"),
    }
    subprocess.run([sys.executable, str(ROOT / "binder" / "install_app_proxy.py")], env=env, check=True)
    server = [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1"]
    server += [f"--ServerApp.base_url={PREFIX}", "--IdentityProvider.token=", f"--ServerApp.root_dir={ROOT}"]
    server += ["--allow-root"] if os.getuid() == 0 else []
    proc = subprocess.Popen(
        [str(ROOT / "binder" / "start"), *server],
        cwd=ROOT,
        env=env,
        stdout=(work / "server.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}{PREFIX}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "api/status", timeout=1)
            urllib.request.urlopen(f"http://127.0.0.1:{app_port}{PREFIX}govinfo-app/voila/static/", timeout=1)
        except urllib.error.HTTPError:
            return proc, base, app_port
        except OSError:
            time.sleep(0.3)
            continue
        return proc, base, app_port
    raise RuntimeError("the Jupyter server or the app did not start")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loads", type=int, default=10)
    ap.add_argument("--links", default="proxy,extension")
    ap.add_argument("--refill", type=float, default=12.0, help="seconds to wait for the pool between loads")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="govinfo-binder-"))
    proc, base, _ = start(work)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            time.sleep(args.refill)  # the pooled kernel runs the notebook
            for link in args.links.split(","):
                url = base + LINKS[link]
                one_load(browser, url)  # warm the servers' templates (not counted)
                times = []
                for _ in range(args.loads):
                    time.sleep(args.refill if link == "proxy" else 1.0)
                    times.append(one_load(browser, url))
                print(
                    f"binder {link:9s} median {statistics.median(times):7.0f} ms  loads: "
                    + " ".join(f"{t:.0f}" for t in times)
                    + f"  ({json.dumps(LINKS[link])})"
                )
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
