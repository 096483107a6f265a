"""What the browser benchmarks share: Debian's Chromium with the project's flags, a free port, servers started
in their own process group and stopped with it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_draft_report.ipynb"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium(playwright):
    """Launch Debian's ``chromium`` (never a downloaded one) headless with :data:`ARGS`."""
    exe = shutil.which("chromium")
    if not exe:
        raise SystemExit("needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")
    return playwright.chromium.launch(executable_path=exe, args=ARGS, headless=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(cmd: list[str], env: dict, log: Path, probe: str, timeout: float = 90) -> subprocess.Popen:
    """Start a server (its own process group, output to ``log``) and wait until ``probe`` answers."""
    proc = subprocess.Popen(
        cmd, cwd=str(ROOT), env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            urllib.request.urlopen(probe, timeout=1)
            return proc
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"the server did not answer {probe} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    """Stop a server started by :func:`serve` and every process of its group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
