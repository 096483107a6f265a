"""``govinfo import`` throughput with 1 and 2 local workers and on a cluster of ``dask scheduler`` /
``dask worker`` processes on 127.0.0.1 (issue 14 item 4).

Run: ``python benchmarks/bench_import_scale.py [--copies 10] [--corpus /work/shared/corpus]``.

The input is ``--copies`` copies of every raw file of the corpus's full entries (HTML, text, Markdown,
PDF). Each setting imports it into a fresh folder with the ``govinfo`` command and reports files,
seconds and files/s; a second run into the same folder shows the incremental path (nothing changed:
every file skipped by its content hash).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOVINFO = [sys.executable, "-m", "govinfo_widgets"]


def corpus_inputs(corpus: Path, copies: int, dest: Path) -> int:
    n = 0
    for line in (corpus / "manifest.jsonl").read_text("utf-8").splitlines():
        m = json.loads(line)
        if m["completeness"] not in ("full", "full-but-lossy") or m["format"] == "other":
            continue
        for key in ("file", "html_file", "original_file"):
            if m.get(key):
                src = corpus / m[key]
                for i in range(copies):
                    (dest / f"c{i:03d}").mkdir(parents=True, exist_ok=True)
                    shutil.copy(src, dest / f"c{i:03d}" / src.name)
                    n += 1
    return n


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_import(src: Path, out: Path, extra: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        [*GOVINFO, "import", str(src), "-o", str(out), "--no-progress", *extra],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t


def start_cluster(workers: int) -> tuple[list[subprocess.Popen], str]:
    port = free_port()
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    addr = f"tcp://127.0.0.1:{port}"
    time.sleep(3)
    for _ in range(workers):
        procs.append(
            subprocess.Popen(
                [dask, "worker", addr, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
    from distributed import Client

    with Client(addr, timeout=60) as c:
        c.wait_for_workers(workers, timeout=120)
    return procs, addr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--corpus", default=os.environ.get("GOVINFO_CORPUS", "/work/shared/corpus"))
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govinfo-import-"))
    try:
        n = corpus_inputs(Path(a.corpus), a.copies, work / "in")
        print(f"{n} input files ({a.copies} copies of the corpus's full entries)")
        settings = [("1 local worker (-j 1, in process)", ["-j", "1"]), ("2 local workers (LocalCluster)", ["-j", "2"])]
        for name, extra in settings:
            out = work / f"out-{len(extra)}-{extra[-1]}"
            secs = run_import(work / "in", out, extra)
            again = run_import(work / "in", out, extra)
            print(f"{name:40s} {secs:7.1f} s  {n / secs:6.1f} files/s   re-run (all unchanged) {again:5.1f} s")
        procs, addr = start_cluster(2)
        try:
            out = work / "out-cluster"
            secs = run_import(work / "in", out, ["--scheduler", addr])
            again = run_import(work / "in", out, ["--scheduler", addr])
            print(
                f"{'dask scheduler + 2 dask workers':40s} {secs:7.1f} s  {n / secs:6.1f} files/s   "
                f"re-run (all unchanged) {again:5.1f} s"
            )
        finally:
            for p in reversed(procs):
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
