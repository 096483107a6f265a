"""``govinfo import`` on a real Dask cluster on 127.0.0.1 (2 workers): a worker killed mid-run, then a re-run."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from govinfo_widgets.corpus import Corpus
from govinfo_widgets.io._import import import_files

from . import batch_inputs

distributed = pytest.importorskip("distributed")


@pytest.fixture
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    ) as c:
        yield c


def _copies(src, n: int) -> int:
    return len(batch_inputs.folder(src, copies=n))


def test_import_on_a_cluster_survives_a_killed_worker_and_a_rerun_adds_nothing(tmp_path, cluster):
    src, out = tmp_path / "in", tmp_path / "out"
    total = _copies(src, 8)
    result: dict = {}
    run = threading.Thread(
        target=lambda: result.setdefault(
            "res",
            import_files(src, out, scheduler=cluster.scheduler_address, chunk=1, progress=False, log=lambda *a: None),
        )
    )
    run.start()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and len(list((out / "reports").glob("*.json"))) < 4:
        time.sleep(0.05)
    with distributed.Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)  # the OOM killer's way: no goodbye
    assert run.is_alive()  # the worker died mid-run
    run.join(300)
    assert not run.is_alive()
    res = result["res"]
    assert len(res) == total
    ok = [r for r in res if r["ok"]]
    failed = [r for r in res if not r["ok"]]
    # every file is either imported (its chunk rescheduled on the other worker) or a recorded failure
    failures = json.loads((out / "failures.json").read_text("utf-8"))
    assert {f["file"] for f in failures} == {r["file"] for r in failed}
    assert all(f["error"] in ("KilledWorker", "ReaderDiedError", "CommClosedError") for f in failures)
    assert len(ok) >= total - 2
    # a re-run completes what was lost and duplicates nothing
    again = import_files(src, out, scheduler=cluster.scheduler_address, progress=False, log=lambda *a: None)
    assert all(r["ok"] for r in again)
    assert sum(not r["skipped"] for r in again) == len(failed)
    wide = Corpus.open_dataset(out).wide()
    assert sorted(wide["report_id"]) == sorted(r["name"] for r in again)
    assert json.loads((out / "manifest.json").read_text("utf-8"))["status"] == "complete"


def test_cli_import_with_scheduler_prints_the_dashboard(tmp_path, cluster, capsys):
    from govinfo_widgets.cli import main

    src = tmp_path / "in"
    batch_inputs.folder(src, ["001.html", "005.md"])
    code = main(
        [
            "import",
            str(src),
            "-o",
            str(tmp_path / "out"),
            "--scheduler",
            cluster.scheduler_address,
            "--no-progress",
            "--lang",
            "en",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0 and cluster.scheduler_address in printed and "dashboard" in printed
    assert "2 of 2 files imported" in printed
