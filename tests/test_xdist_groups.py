"""The suite's speed rests on pytest-xdist's ``--dist loadgroup`` (``scripts/test.sh``): the tests that share
one expensive fixture (the Binder environment, the OCR scans, a report's layouts) carry one
``xdist_group`` and must run on one worker, which builds the fixture once. pytest 9.2 silently stopped
that (pytest-xdist#1386): nothing failed, each worker built everything again. This test fails instead."""

from __future__ import annotations

import subprocess
import sys


def test_tests_of_one_xdist_group_run_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(
        "import os, pytest\n"
        + "".join(
            f"@pytest.mark.xdist_group('shared')\ndef test_{i}():\n"
            f"    open('worker_{i}', 'w').write(os.environ['PYTEST_XDIST_WORKER'])\n"
            for i in range(6)
        ),
        "utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {(tmp_path / f"worker_{i}").read_text() for i in range(6)}
    assert len(workers) == 1, f"one group ran on {sorted(workers)}: --dist loadgroup is not honoured"
