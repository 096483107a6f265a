"""A Voila server on 127.0.0.1 serving the drafting notebook, JupyterLab started by ``scripts/start.sh`` with the
drafting notebook run in it, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from govinfo_widgets.app import ARGS as APP_ARGS

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "01_draft_report.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """``voila NOTEBOOK`` (the drafting notebook unless told) on a free port, drafts in ``draft_dir``."""

    def __init__(self, draft_dir: Path, log: Path, notebook: Path = NOTEBOOK):
        self.notebook = notebook
        self.draft_dir = draft_dir
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> VoilaServer:
        port = free_port()
        env = {**os.environ, "GOVINFO_DRAFT_DIR": str(self.draft_dir), "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                str(self.notebook),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--Voila.open_browser=False",
                # the drafting app is served as start.sh serves it (govinfo_widgets/app.py); only it from a
                # preheated pool: a preheated kernel runs the notebook before the page asks, so another
                # notebook would show the state from before the last reload
                *(APP_ARGS if self.notebook == NOTEBOOK else ["--VoilaConfiguration.preheat_kernel=False"]),
            ],
            cwd=str(ROOT),
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "voila/static/", timeout=1)
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.2)
                continue
            return self
        raise RuntimeError("voila did not start within 60 s")

    def kill(self) -> None:
        """Kill the server and its kernels at once (SIGKILL: no clean shutdown, like a crash)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


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


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def lab_run_all(page, tmp_path: Path):
    """``bash scripts/start.sh`` (JupyterLab, as the README's first command) opened in ``page`` at the address it
    prints, then Run › Run All Cells once the notebook's kernel has connected; yields when the editor is drawn.
    The server is stopped on leaving."""
    port = free_port()
    proc, printed = start(
        ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", "--LabApp.news_url="],
        tmp_path / "lab.log",
        rf"http://127\.0\.0\.1:{port}/lab/tree/notebooks/01_draft_report\.ipynb\?token=\w+",
    )
    try:
        page.set_viewport_size({"width": 1600, "height": 1000})
        # Lab drops "run all" clicked before the notebook's kernel has connected: wait for the kernel's first reply
        connected = []

        def on_socket(ws):
            if "/api/kernels/" in ws.url:
                ws.on(
                    "framereceived",
                    lambda f: (
                        b"kernel_info_reply" in (f if isinstance(f, bytes) else f.encode()) and connected.append(1)
                    ),
                )

        page.on("websocket", on_socket)
        page.goto(printed.group(0), wait_until="domcontentloaded")  # the address start.sh prints in the terminal
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
        deadline = time.monotonic() + 120
        while not connected:
            assert time.monotonic() < deadline, "the notebook's kernel did not connect"
            page.wait_for_timeout(100)
        # what a user does: Run › Run All Cells
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.wait_for_selector(
            "table.gw-form.gw-t3 td[data-addr='t3.new_received.natural_person'] input", timeout=180_000
        )
        yield
    finally:
        stop(proc)


@pytest.fixture
def draft_dir(tmp_path) -> Path:
    d = tmp_path / "drafts"
    d.mkdir()
    return d


@pytest.fixture
def voila(draft_dir, tmp_path):
    servers = []

    def start(notebook: Path = NOTEBOOK) -> VoilaServer:
        s = VoilaServer(draft_dir, tmp_path / "voila.log", notebook).start()
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.kill()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where browser tests save their screenshots: ``$GOVINFO_SCREENSHOTS`` (the README's are made with
    ``GOVINFO_SCREENSHOTS=docs/img``), else a temporary folder."""
    d = Path(os.environ.get("GOVINFO_SCREENSHOTS") or tmp_path / "shots")
    d = d if d.is_absolute() else ROOT / d
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    ctx.close()
