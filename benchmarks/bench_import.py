"""Benchmark the importers (issue 3): reports per second per core, by input kind.

Run: ``python benchmarks/bench_import.py [--seconds 3] [--corpus ../shared/corpus]``.

Every raw file of the corpus's ``full`` / ``full-but-lossy`` entries is read with
``govinfo_widgets.io.read_report`` from its bytes, in this one process (so one core), round
robin until ``--seconds`` have passed for that kind, after one warm-up read of each file (imports,
pdfminer's CMaps). Prints a table: kind, files, reads, seconds, reports/s per core, the median
and the slowest read, and the goal (text/HTML ≥ 500, PDF ≥ 30; issue 14).

Read round robin, a file comes back with every cache keyed by its own text warm (its lines' normalised
forms, their matches): an upper bound. ``--new`` measures a report new to the process instead, as in a
batch import: after the same warm-up, before each timed read the label caches are emptied and every other
corpus report (not the file's own text in another format) is read, so what is cached is what other reports
share with it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
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


def label_caches() -> list:
    """The readers' caches keyed by text (``functools.lru_cache`` of 1,024 entries or more in the package's modules
    imported so far: call it after reading, so that it finds the readers' caches without importing the rest of the
    package — pandas, plotly and the widgets would multiply the heap every full garbage collection walks by ~6, which
    the reader process of ``govinfo import`` does not have)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("govinfo_widgets") or module is None:
            continue
        for obj in vars(module).values():
            info = getattr(obj, "cache_info", None)
            if info is not None and hasattr(obj, "cache_clear") and (info().maxsize or 0) >= 1024:
                found[id(obj)] = obj
    return list(found.values())


def bench_new(files: list[Path], others: list[Path], seconds: float) -> tuple[int, float, list[float], float]:
    """Each timed read is of a report new to the process: caches emptied, then the other reports read."""
    data = {f: f.read_bytes() for f in {*files, *others}}
    for d in data.values():  # warm-up: the readers' imports (lazy, once per process) are not a report's cost
        read_report(d)
    caches = label_caches()
    times: list[float] = []
    cpu = 0.0
    i = 0
    while sum(times) < seconds or i < len(files):
        f = files[i % len(files)]
        for c in caches:
            c.cache_clear()
        for g in others:
            if g.stem != f.stem:
                read_report(data[g])
        c0, t = time.process_time(), time.perf_counter()
        read_report(data[f])
        times.append(time.perf_counter() - t)
        cpu += time.process_time() - c0
        i += 1
    return i, sum(times), times, cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time spent per kind (default 3)")
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
    ap.add_argument("--new", action="store_true", help="time reports new to the process (see above)")
    args = ap.parse_args(argv)
    kinds = corpus_files(args.corpus)
    others = [f for k in ("txt", "md", "html") for f in kinds.get(k, [])]
    print(
        f"{'kind':<6}{'files':>6}{'reads':>7}{'seconds':>9}{'reports/s/core':>16}{'per CPU s':>10}{'median ms':>11}"
        f"{'max ms':>9}{'goal':>7}"
    )
    for kind in ("txt", "md", "html", "pdf"):
        files = kinds.get(kind)
        if not files:
            continue
        n, total, times, cpu = bench_new(files, others, args.seconds) if args.new else bench(files, args.seconds)
        rate = n / total
        ok = "ok" if rate >= GOALS[kind] else "below"
        print(
            f"{kind:<6}{len(files):>6}{n:>7}{total:>9.2f}{rate:>16.1f}{n / cpu:>10.1f}{statistics.median(times) * 1e3:>11.1f}"
            f"{max(times) * 1e3:>9.1f}{'≥' + str(GOALS[kind]):>7} {ok}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
