"""Simulate Binder as far as this machine allows: a fresh virtualenv built from binder/ alone
(runtime.txt's Python, binder/requirements.txt installed from the repository root, as repo2docker
does), then every notebook executed in it (``tests/binder_env.py``; each notebook's own run is asserted in
``tests/test_notebooks.py``).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

BINDER = Path(__file__).resolve().parents[1] / "binder"


def test_binder_files_are_what_repo2docker_reads():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[1-9]", runtime), runtime
    reqs = [
        l.strip() for l in (BINDER / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")
    ]
    assert reqs == ["."]
    assert not (BINDER / "environment.yml").exists(), "repo2docker would ignore requirements.txt"


# one worker builds the environment once for every test that uses it (pytest-xdist --dist loadgroup)
@pytest.mark.xdist_group("binder")
def test_binder_env_runs_every_notebook(binder_run):
    py = binder_run.venv / "bin" / "python"
    # the package came from the wheel, not from the clone, and carries its data
    where = subprocess.run(
        [str(py), "-c", "import govinfo_widgets as g; print(g.__file__); print(g.data_dir())"],
        cwd="/",
        env=binder_run.env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert str(binder_run.venv) in where[0] and str(binder_run.venv) in where[1]
    notebooks = sorted(p.name for p in (binder_run.clone / "notebooks").glob("*.ipynb"))
    assert notebooks and sorted(binder_run.runs) == notebooks
    for name, run in binder_run.runs.items():
        assert run.returncode == 0, f"{name} failed in the Binder environment:\n{run.stderr[-3000:]}"


@pytest.mark.xdist_group("binder")
def test_binder_env_has_voila_for_the_app_link(binder_run):
    r = subprocess.run(
        [str(binder_run.venv / "bin" / "jupyter"), "server", "extension", "list"],
        env=binder_run.env,
        capture_output=True,
        text=True,
    )
    assert "voila" in (r.stdout + r.stderr) and "enabled" in (r.stdout + r.stderr)
