"""Benchmark the importers (issue 3): reports per second per core, by input kind.

Run: ``python benchmarks/bench_import.py [--seconds 3] [--corpus ../shared/corpus]``.

Every raw file of the corpus's ``full`` / ``full-but-lossy`` entries is read with
``govinfo_widgets.io.read_report`` from its bytes, in this one process (so one core), round
robin until ``--seconds`` have passed for that kind, after one warm-up read of each file (imports,
pdfminer's CMaps). Prints a table: kind, files, reads, seconds, reports/s per core, the median
and the slowest read, and the goal (text/HTML ≥ 500, PDF ≥ 30; issue 14).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from govinfo_widgets.io import read_report

GOALS = {"txt": 500, "md": 500, "html": 500, "pdf": 30}


def corpus_files(corpus: Path) -> dict[str, list[Path]]:
    by_kind: dict[str, list[Path]] = {}
    for line in (corpus / "manifest.jsonl").read_text("utf-8").splitlines():
        m = json.loads(line)
        if m["completeness"] not in ("full", "full-but-lossy") or m["format"] == "other":
            continue
        for key in ("file", "html_file", "original_file"):
            if m.get(key):
                p = corpus / m[key]
                by_kind.setdefault(p.suffix.lstrip("."), []).append(p)
    return by_kind


def bench(files: list[Path], seconds: float) -> tuple[int, float, list[float]]:
    data = [f.read_bytes() for f in files]
    for d in data:  # warm-up
        read_report(d)
    times: list[float] = []
    start = time.perf_counter()
    cpu0 = time.process_time()
    i = 0
    while time.perf_counter() - start < seconds or i < len(data):
        t = time.perf_counter()
        read_report(data[i % len(data)])
        times.append(time.perf_counter() - t)
        i += 1
    return i, sum(times), times, time.process_time() - cpu0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time spent per kind (default 3)")
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    kinds = corpus_files(args.corpus)
    print(
        f"{'kind':<6}{'files':>6}{'reads':>7}{'seconds':>9}{'reports/s/core':>16}{'per CPU s':>10}{'median ms':>11}"
        f"{'max ms':>9}{'goal':>7}"
    )
    for kind in ("txt", "md", "html", "pdf"):
        files = kinds.get(kind)
        if not files:
            continue
        n, total, times, cpu = bench(files, args.seconds)
        rate = n / total
        ok = "ok" if rate >= GOALS[kind] else "below"
        print(
            f"{kind:<6}{len(files):>6}{n:>7}{total:>9.2f}{rate:>16.1f}{n / cpu:>10.1f}{statistics.median(times) * 1e3:>11.1f}"
            f"{max(times) * 1e3:>9.1f}{'≥' + str(GOALS[kind]):>7} {ok}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
