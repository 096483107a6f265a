"""The README's first command, ``bash scripts/start.sh`` (JupyterLab) and ``bash scripts/start.sh voila`` (the app),
started for real: each serves the drafting notebook."""

from __future__ import annotations

import html
import json
import re
import subprocess
import time
import urllib.request
from pathlib import Path

from govinfo_widgets import app

from .browser.conftest import free_port, start, stop


def opener(proc: subprocess.Popen, log: Path, timeout: float = 30) -> str:
    """The page JupyterLab writes for the browser to open (start.sh ``exec``s Lab, so its pid is Lab's); it is
    written just after the address is logged."""
    path = log.parent / "rt" / f"jpserver-file-to-run-{proc.pid}-open.html"
    deadline = time.monotonic() + timeout
    while not (path.exists() and "</html>" in (text := path.read_text())):  # written, and written to the end
        assert time.monotonic() < deadline, f"{path.name} was not written"
        time.sleep(0.2)
    return text


def test_start_opens_jupyterlab_on_the_drafting_notebook(tmp_path):
    port = free_port()
    proc, m = start(
        ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1"],
        tmp_path / "lab.log",
        rf"http://127\.0\.0\.1:{port}/lab/tree/notebooks/01_draft_report\.ipynb\?token=(\w+)",
    )
    try:
        token = m.group(1)  # the address printed in the terminal opens the drafting notebook ...
        # ... and so does the page a browser is sent to; the repository is Lab's root
        assert f"http://127.0.0.1:{port}/lab/tree/notebooks/01_draft_report.ipynb?token={token}" in opener(
            proc, tmp_path / "lab.log"
        )
        api = f"http://127.0.0.1:{port}/api/contents"
        nb = json.load(urllib.request.urlopen(f"{api}/notebooks/01_draft_report.ipynb?token={token}", timeout=30))
        assert nb["type"] == "notebook" and "ReportEditor" in json.dumps(nb["content"], ensure_ascii=False)
        root = json.load(urllib.request.urlopen(f"{api}?token={token}", timeout=30))
        assert {"data", "notebooks", "README.md"} <= {item["name"] for item in root["content"]}
        # the package's server extension (TCP_NODELAY on kernel websockets) is loaded by default
        assert "govinfo_widgets._nodelay | extension was successfully loaded" in (tmp_path / "lab.log").read_text()
    finally:
        stop(proc)


def test_start_voila_serves_the_app(tmp_path):
    port = free_port()
    proc, _ = start(
        ["voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
        tmp_path / "voila.log",
        rf"http://(localhost|127\.0\.0\.1):{port}/",
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # Voila writes non-ASCII text as character references
                page = html.unescape(urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120).read().decode())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        assert "起草政府信息公开工作年度报告" in page
        assert "怎样用于本单位的年报" not in page  # notebook-only notes are left out of the app
        # the page loads only the browser extensions the app needs (Plotly's 4.8 MB bundle is not one)
        config = json.loads(
            re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S).group(1)
        )
        assert sorted(e["name"] for e in config["federated_extensions"]) == sorted(app.EXTENSIONS)
    finally:
        stop(proc)
