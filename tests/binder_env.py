"""Binder as far as this machine allows: a fresh virtualenv built from ``binder/`` alone (``runtime.txt``'s
Python, ``binder/requirements.txt`` installed from a clean clone's root, as repo2docker does), then every
notebook in ``notebooks/`` executed in it, side by side, each in its own kernel.

Built once per test run (the ``binder_run`` fixture in ``tests/conftest.py``) and shared by
``tests/test_binder.py`` (the environment) and ``tests/test_notebooks.py`` (each notebook's run): executing
every notebook a second time in the project's own environment would test the same code again.

repo2docker installs with pip, which compiles every module to bytecode; this installs the same requirements
with uv (same resolver inputs, ~10x faster here) with ``--compile-bytecode``, so that the kernels, like
Binder's, start from compiled modules. It needs the package registry (or uv's cache), like Binder itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@dataclass
class NotebookRun:
    """One notebook executed by ``jupyter nbconvert --execute`` in the Binder environment."""

    returncode: int
    stderr: str
    executed: Path  # the executed copy (outputs included); absent when the run failed


@dataclass
class BinderRun:
    clone: Path
    venv: Path
    env: dict[str, str]  # the environment the notebooks ran in (the venv first on PATH)
    runs: dict[str, NotebookRun] = field(default_factory=dict)  # by notebook file name


def build(tmp: Path) -> BinderRun:
    """A virtualenv made only from binder/runtime.txt and binder/requirements.txt, every notebook run in it."""
    version = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    python = shutil.which(f"python{version}")
    assert python, f"runtime.txt asks for Python {version}, which this machine lacks"
    clone = tmp / "repo"
    # a clean copy of the tracked files, as Binder clones the repository
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    for f in subprocess.run(
        ["git", "ls-files", "-m", "-o", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split():
        src = ROOT / f
        if src.is_file():  # uncommitted work of this checkout, so the test checks what will be committed
            (clone / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / f)
    venv = tmp / "venv"
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "-q", "--python", python, str(venv)], check=True)
    subprocess.run(
        [*uv, "pip", "install", "-q", "--compile-bytecode", "--python", str(venv / "bin" / "python")]
        + ["-r", "binder/requirements.txt"],
        cwd=clone,
        check=True,
    )
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    for name in ("GOVINFO_DATA", "PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)  # nothing of this machine's set-up: the environment's own compiled modules are used
    out = tmp / "executed"
    procs = {
        nb.name: subprocess.Popen(
            [str(venv / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute"]
            + ["--ExecutePreprocessor.timeout=600", "--output-dir", str(out / nb.stem), str(nb)],
            cwd=nb.parent,
            env={**env, "GOVINFO_DRAFT_DIR": str(clone / "drafts" / nb.stem)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for nb in sorted((clone / "notebooks").glob("*.ipynb"))
    }
    run = BinderRun(clone, venv, env)
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=900)
        run.runs[name] = NotebookRun(proc.returncode, err, out / Path(name).stem / name)
    return run
