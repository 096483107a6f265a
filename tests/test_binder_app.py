"""The Binder app link (README: ``urlpath=govinfo-app/``) opens a preheated standalone Voila through the Jupyter
server (jupyter-server-proxy), as binder/start, binder/postBuild and binder/jupyter_server_config.json set it up.

The Voila server extension (``urlpath=voila/render/…``) has no kernel pool, so the app link goes to a standalone
Voila that binder/start launches beside the Jupyter server. Here the Jupyter server is started the way
repo2docker starts it (``binder/start <server command>``) under a JupyterHub-like prefix, with the shipped proxy
configuration (only the port changed, so tests can run side by side).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
PREFIX = "/user/binder-test/"


def _server_conf() -> dict:
    return json.loads((BINDER / "jupyter_server_config.json").read_text("utf-8"))["ServerProxy"]["servers"][
        "govinfo-app"
    ]


def test_binder_app_files_agree():
    start = (BINDER / "start").read_text("utf-8")
    post = (BINDER / "postBuild").read_text("utf-8")
    for f in ("start", "postBuild"):
        assert os.access(BINDER / f, os.X_OK), f"binder/{f} must be executable for repo2docker"
    # start hands over to the Jupyter server's command, after launching the preheated standalone Voila
    assert start.rstrip().endswith('exec "$@"')
    assert "python -m govinfo_widgets.app" in start and "--Voila.ip=127.0.0.1" in start  # the app as start.sh serves it
    conf = _server_conf()
    default_port = re.search(r"GOVINFO_APP_PORT:-(\d+)", start).group(1)
    assert conf["port"] == int(default_port) and conf["command"] == [] and conf["absolute_url"] is True
    assert 'base_url="${prefix%/}/govinfo-app/"' in start  # the proxied path, kept whole (absolute_url)
    assert "jupyter-server-proxy" in post and "binder/install_app_proxy.py" in post
    # the README's app link goes to that proxied path
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "?urlpath=govinfo-app/" in readme


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def binder_server(tmp_path):
    """``binder/start jupyter server …`` as repo2docker runs it; yields (app url, drafts folder)."""
    app_port, server_port = _free_port(), _free_port()
    config_dir = tmp_path / "jupyter-config"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "JUPYTER_CONFIG_DIR": str(config_dir),  # what postBuild configures is ~/.jupyter on Binder
        "JUPYTERHUB_SERVICE_PREFIX": PREFIX,
        "GOVINFO_APP_PORT": str(app_port),
        "GOVINFO_APP_LOG": str(tmp_path / "app.log"),
        "PYTHONPATH": str(ROOT),
    }
    # postBuild's configuration step (its other step, pip install jupyter-server-proxy, is the test extra here)
    subprocess.run([sys.executable, str(BINDER / "install_app_proxy.py")], env=env, check=True, capture_output=True)
    written = json.loads((config_dir / "jupyter_server_config.json").read_text("utf-8"))
    assert written["ServerProxy"]["servers"]["govinfo-app"]["port"] == app_port
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    env["GOVINFO_DRAFT_DIR"] = str(drafts)
    server = [
        sys.executable,
        "-m",
        "jupyter",
        "server",
        "--no-browser",
        f"--port={server_port}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.base_url={PREFIX}",
        "--IdentityProvider.token=",
        f"--ServerApp.root_dir={ROOT}",
        *(["--allow-root"] if os.getuid() == 0 else []),
    ]
    log = (tmp_path / "server.log").open("ab")
    proc = subprocess.Popen(
        [str(BINDER / "start"), *server],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{server_port}{PREFIX}govinfo-app/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the Jupyter server or the proxied app did not answer in 120 s"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{app_port}{PREFIX}govinfo-app/voila/static/", timeout=1)
            except urllib.error.HTTPError:
                pass  # Voila answers (404 for the folder): it is up
            except OSError:
                time.sleep(0.3)
                continue
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{server_port}{PREFIX}api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        yield url, drafts
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the standalone Voila, which stops its kernels
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


@pytest.mark.browser
def test_binder_app_link_opens_the_preheated_app_through_the_jupyter_server(binder_server, browser):
    url, drafts = binder_server
    # preheated: the pooled kernel runs the notebook (which writes its draft) before any page is requested
    deadline = time.monotonic() + 120
    while not list(drafts.glob("*.json")):
        assert time.monotonic() < deadline, "the pooled kernel did not run the notebook"
        time.sleep(0.3)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = ctx.new_page()
        page.set_default_timeout(90_000)
        page.goto(url, wait_until="domcontentloaded")
        inp = page.locator("td.gw-cell[data-addr='t3.new_received.natural_person'] input")
        inp.wait_for()
        page.wait_for_function(
            "(sel) => { const i = document.querySelector(sel); return i && !i.disabled; }",
            arg="td.gw-cell[data-addr='t3.new_received.natural_person'] input",
        )
        # the widgets talk to the kernel through the proxied websocket: the kernel's check answers a typed value
        inp.click()
        inp.press("Control+a")
        inp.type("5")
        inp.press("Tab")
        page.locator(".gw-issues .gw-item[data-rule='T3-01']").first.wait_for()
    finally:
        ctx.close()
