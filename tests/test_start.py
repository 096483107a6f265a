"""The README's first command, ``bash scripts/start.sh`` (JupyterLab) and ``bash scripts/start.sh voila`` (the app),
started for real: each serves the drafting notebook."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .browser.conftest import ROOT, free_port


def start(args: list[str], log: Path, pattern: str, timeout: float = 180) -> tuple[subprocess.Popen, re.Match]:
    """Run ``bash scripts/start.sh ARGS`` until its log shows ``pattern``."""
    # as on a new user's machine: no drafts, no saved JupyterLab workspace or settings
    env = {
        **os.environ,
        "GOVINFO_DRAFT_DIR": str(log.parent / "drafts"),
        "JUPYTER_RUNTIME_DIR": str(log.parent / "rt"),
        "JUPYTERLAB_WORKSPACES_DIR": str(log.parent / "ws"),
        "JUPYTERLAB_SETTINGS_DIR": str(log.parent / "settings"),
    }
    # the tests must leave the repository's notebooks as they are: no autosave of run outputs
    autosave = log.parent / "settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    autosave.parent.mkdir(parents=True, exist_ok=True)
    autosave.write_text('{"autosave": false}')
    proc = subprocess.Popen(
        ["bash", "scripts/start.sh", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        m = re.search(pattern, log.read_text(errors="replace"))
        if m:
            return proc, m
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail(f"start.sh {' '.join(args)} did not serve: {log.read_text(errors='replace')[-3000:]}")


def opener(proc: subprocess.Popen, log: Path, timeout: float = 30) -> str:
    """The page JupyterLab writes for the browser to open (start.sh ``exec``s Lab, so its pid is Lab's); it is
    written just after the address is logged."""
    path = log.parent / "rt" / f"jpserver-file-to-run-{proc.pid}-open.html"
    deadline = time.monotonic() + timeout
    while not (path.exists() and "</html>" in (text := path.read_text())):  # written, and written to the end
        assert time.monotonic() < deadline, f"{path.name} was not written"
        time.sleep(0.2)
    return text


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


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
    finally:
        stop(proc)
