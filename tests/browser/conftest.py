"""A Voila server on 127.0.0.1 serving the drafting notebook, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
                # only the drafting app is served from a preheated pool: a preheated kernel runs the notebook
                # before the page asks, so another notebook would show the state from before the last reload
                *([] if self.notebook == NOTEBOOK else ["--VoilaConfiguration.preheat_kernel=False"]),
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
