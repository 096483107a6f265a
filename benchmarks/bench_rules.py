"""Benchmark the rule engine (issue 2): one report, and an audit of 100,000 reports.

Run: ``python benchmarks/bench_rules.py [--n 100000]``. Prints the median time of all rules on
one real report, and the time and peak memory of ``audit_wide`` on a synthetic corpus of
``n`` reports (20,000 agencies × 5 consecutive years, so every report but the first of each
agency has a cross-year pair), with errors injected into 2% of the reports.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

from govinfo_widgets import evaluate, load_example
from govinfo_widgets.rules import audit_wide
from govinfo_widgets.schema import C6, get_form


def time_one(report, previous=None, repeat=2000) -> tuple[float, float]:
    for _ in range(50):
        evaluate(report, previous)
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        evaluate(report, previous)
        ts.append(time.perf_counter() - t)
    ts.sort()
    return statistics.median(ts) * 1e3, ts[int(len(ts) * 0.9)] * 1e3


def synthetic_wide(n: int, seed: int = 1) -> pd.DataFrame:
    """A consistent wide corpus: every T3/T4 identity holds, carry-overs chain across years."""
    rng = np.random.default_rng(seed)
    form = get_form("gov_2021")
    years = 5
    agencies = n // years
    outcomes = form.outcome_rows()
    cols: dict[str, np.ndarray] = {}
    m = agencies * years
    carried_over = np.zeros((m, 6))
    leaves = {r: rng.poisson(2.0, (m, 6)).astype(float) for r in outcomes}
    handled = sum(leaves.values())
    forward = rng.poisson(1.0, (m, 6)).astype(float)
    # chain: this year's carried_over = last year's forward (same agency)
    idx = np.arange(m)
    first = idx % years == 0
    carried_over[~first] = forward[idx[~first] - 1]
    new = handled + forward - carried_over
    neg = new < 0
    forward[neg] -= new[neg]  # keep new ≥ 0 while the identity holds
    new = handled + forward - carried_over
    carried_over[~first] = forward[idx[~first] - 1]
    new = handled + forward - carried_over
    new = np.maximum(new, 0)
    handled = new + carried_over - forward
    leaves[outcomes[0]] += handled - sum(leaves.values())
    rows = {
        "new_received": new,
        "carried_over": carried_over,
        "carried_forward": forward,
        "outcome_total": handled,
        **leaves,
    }
    for r, mat in rows.items():
        for j, c in enumerate(C6):
            cols[f"t3.{r}.{c}"] = mat[:, j]
        cols[f"t3.{r}.total"] = mat.sum(axis=1)
    for g in ("review", "suit_direct", "suit_after_review"):
        parts = [rng.poisson(1.0, m).astype(float) for _ in range(4)]
        for p, v in zip(("upheld", "corrected", "other", "pending"), parts):
            cols[f"t4.{g}_{p}"] = v
        cols[f"t4.{g}_total"] = sum(parts)
    for a in form.addresses:
        if a.startswith("t2."):
            cols[a] = rng.integers(0, 50, m).astype(float)
    for row in ("rules", "normative_docs"):  # documents in force chain from year to year (X-02, T2-05)
        base = f"t2.art20_1.{row}."
        stock = rng.integers(50, 500, m).astype(float)
        issued, repealed = cols[base + "issued"], np.minimum(cols[base + "repealed"], stock)
        for i in range(1, years):
            at = idx % years == i
            stock[at] = (
                stock[np.flatnonzero(at) - 1] + issued[np.flatnonzero(at) - 1] - repealed[np.flatnonzero(at) - 1]
            )
            repealed[at] = np.minimum(repealed[at], stock[at])
        cols[base + "repealed"] = repealed
        cols[base + "in_force"] = stock + issued - repealed
    df = pd.DataFrame(cols)
    df.insert(0, "form", "gov_2021")
    df.insert(0, "year", 2021 + idx % years)
    df.insert(0, "agency", (idx // years).astype(str))
    df.insert(0, "report_id", [f"r{i}" for i in idx])
    # inject errors into 2% of reports
    bad = rng.choice(m, size=m // 50, replace=False)
    df.loc[bad, "t4.review_total"] += 1
    return df


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args()
    print("== all rules on one report (evaluate) ==")
    for rid, prev in (("000", None), ("002", None), ("003", None), ("012", "011")):
        med, p90 = time_one(load_example(rid), load_example(prev) if prev else None)
        label = f"{rid}" + (f" with previous {prev}" if prev else "")
        print(f"  {label:<24} median {med:.3f} ms   p90 {p90:.3f} ms")

    print(f"== audit_wide on {args.n:,} synthetic reports (5 years per agency) ==")
    wide = synthetic_wide(args.n)
    gc.collect()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    t = time.perf_counter()
    issues = audit_wide(wide)
    dt = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fails = issues[issues["status"] == "fail"]
    print(
        f"  time {dt:.2f} s; peak traced allocation {peak / 2**20:.0f} MiB; process peak RSS {rss1:.0f} MiB "
        f"(before the audit {rss0:.0f} MiB, input frame {wide.memory_usage(deep=True).sum() / 2**20:.0f} MiB)"
    )
    print(
        f"  issues: {len(fails):,} failures ({fails['rule'].value_counts().to_dict()}), "
        f"{(issues['status'] == 'not_assessable').sum():,} not assessable"
    )
    expected = args.n // 50
    found = fails[fails["rule"] == "T4-01"]["report_id"].nunique()
    print(f"  injected T4-01 errors found: {found:,} of {expected:,}")


if __name__ == "__main__":
    main()
