"""Simulate Binder as far as this machine allows: a fresh virtualenv built from binder/ alone
(runtime.txt's Python, binder/requirements.txt installed from the repository root, as repo2docker
does), then every notebook executed in it.

repo2docker installs with pip; this test installs the same requirements with uv (same resolver
inputs, ~10x faster here). It needs the package registry, like Binder itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def test_binder_files_are_what_repo2docker_reads():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[1-9]", runtime), runtime
    reqs = [
        l.strip() for l in (BINDER / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")
    ]
    assert reqs == ["."]
    assert not (BINDER / "environment.yml").exists(), "repo2docker would ignore requirements.txt"


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A virtualenv made only from binder/runtime.txt and binder/requirements.txt."""
    version = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    python = shutil.which(f"python{version}")
    assert python, f"runtime.txt asks for Python {version}, which this machine lacks"
    clone = tmp_path_factory.mktemp("binder") / "repo"
    # a clean copy of the tracked files, as Binder clones the repository
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for f in subprocess.run(
        ["git", "ls-files", "-m", "-o", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split():
        src = ROOT / f
        if src.is_file():  # uncommitted work of this checkout, so the test checks what will be committed
            (clone / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / f)
    venv = clone.parent / "venv"
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "-q", "--python", python, str(venv)], check=True)
    subprocess.run(
        [*uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "-r", "binder/requirements.txt"],
        cwd=clone,
        check=True,
    )
    return clone, venv


# one worker builds the environment once for both tests that use it (pytest-xdist --dist loadgroup)
@pytest.mark.xdist_group("binder")
def test_binder_env_runs_every_notebook(binder_env):
    clone, venv = binder_env
    py = venv / "bin" / "python"
    # the package came from the wheel, not from the clone, and carries its data
    where = subprocess.run(
        [str(py), "-c", "import govinfo_widgets as g; print(g.__file__); print(g.data_dir())"],
        cwd="/",
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert str(venv) in where[0] and str(venv) in where[1]
    notebooks = sorted((clone / "notebooks").glob("*.ipynb"))
    assert notebooks
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "GOVINFO_DRAFT_DIR": str(clone / "drafts")}
    env.pop("GOVINFO_DATA", None)
    out = clone.parent / "executed"
    # the notebooks run side by side (each in its own kernel), as Binder users would open them
    runs = [
        (
            nb,
            subprocess.Popen(
                [
                    str(venv / "bin" / "jupyter"),
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--ExecutePreprocessor.timeout=600",
                    "--output-dir",
                    str(out / nb.stem),
                    str(nb),
                ],
                cwd=nb.parent,
                env={**env, "GOVINFO_DRAFT_DIR": str(clone / "drafts" / nb.stem)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for nb in notebooks
    ]
    for nb, proc in runs:
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, f"{nb.name} failed in the Binder environment:\n{err[-3000:]}"


@pytest.mark.xdist_group("binder")
def test_binder_env_has_voila_for_the_app_link(binder_env):
    _, venv = binder_env
    r = subprocess.run([str(venv / "bin" / "jupyter"), "server", "extension", "list"], capture_output=True, text=True)
    assert "voila" in (r.stdout + r.stderr) and "enabled" in (r.stdout + r.stderr)
