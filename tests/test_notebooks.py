"""Every notebook in notebooks/ runs top to bottom without an error.

The notebooks are executed once per test run, in the Binder environment (``tests/binder_env.py``: a fresh
virtualenv with only what ``binder/requirements.txt`` installs, so a notebook that needs a test-only package
fails here); these tests read each executed notebook.
"""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stripped(path):
    nb = json.loads(path.read_text(encoding="utf-8"))  # nbformat would import jsonschema: seconds, for nothing here
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name}: outputs must be stripped before committing"


@pytest.mark.xdist_group("binder")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, binder_run):
    import nbformat  # here, not at collection: its jsonschema import takes seconds, in every xdist worker

    run = binder_run.runs[path.name]
    assert run.returncode == 0, f"{path.name} failed:\n{run.stderr[-3000:]}"
    nb = nbformat.read(run.executed, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), f"{path.name}: a code cell was not executed"
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
