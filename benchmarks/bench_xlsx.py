"""Benchmark XLSX export and import (issue 15), and check the round trip, per bundled report.

Run: ``python benchmarks/bench_xlsx.py [--repeat 5]``.

For every report in ``data/reports``: ``to_xlsx`` to bytes and ``read_report`` of those bytes, each
``--repeat`` times after one warm-up (imports), in this one process. Prints per report the median export
and import time in milliseconds, the workbook size, and the number of cells whose value or arithmetic
value (blank → 0, missing → NaN) differs after the round trip; then the medians over all reports.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

from govinfo_widgets import load_example
from govinfo_widgets.data import example_ids
from govinfo_widgets.export import to_xlsx
from govinfo_widgets.io import read_report


def differences(original, read) -> int:
    n = 0
    for a in original.layout:
        c, g = original.cells.get(a), read.cells.get(a)
        wn, gn = (c.number if c else math.nan), (g.number if g else math.nan)
        if (c.value if c else None) != (g.value if g else None) or not (
            wn == gn or (math.isnan(wn) and math.isnan(gn))
        ):
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    read_report(to_xlsx(load_example("000")))  # warm-up: openpyxl, the binder's caches
    rows = []
    print(f"{'report':<8}{'cells':>6}{'export ms':>11}{'import ms':>11}{'bytes':>8}{'diffs':>7}  agency")
    for rid in example_ids():
        r = load_example(rid)
        out, back = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            data = to_xlsx(r)
            t1 = time.perf_counter()
            read = read_report(data)
            t2 = time.perf_counter()
            out.append((t1 - t0) * 1000)
            back.append((t2 - t1) * 1000)
        diff = differences(r, read)
        rows.append((statistics.median(out), statistics.median(back), diff))
        print(
            f"{rid:<8}{len(r.cells):>6}{statistics.median(out):>11.1f}{statistics.median(back):>11.1f}"
            f"{len(data):>8}{diff:>7}  {r.meta.agency} {r.meta.year}"
        )
    print(
        f"median over {len(rows)} reports: export {statistics.median(x[0] for x in rows):.1f} ms, "
        f"import {statistics.median(x[1] for x in rows):.1f} ms; "
        f"reports with a cell difference: {sum(1 for x in rows if x[2])}"
    )


if __name__ == "__main__":
    main()
