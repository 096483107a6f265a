"""Audit a partitioned dataset of 1,000,000 synthetic reports in chunks (issue 14 item 4).

Run: ``python benchmarks/bench_dataset.py [--reports 1000000] [--dir /tmp/govinfo-1m]``.

Builds the dataset once (skipped when ``--dir`` already holds it): the synthetic corpus of
``bench_scale.py`` (chained years, 2 % of reports with an injected error) in blocks of 20,000 agencies,
written as ``govinfo import`` writes it — ``wide/year=YYYY/part-*.parquet`` sorted by agency bucket in
one row group per range of agency buckets. Then, in a fresh process (so its peak memory is the audit's alone), it opens the
dataset with :meth:`Corpus.open_dataset` and runs :meth:`CorpusDataset.audit` (chunks of agency
buckets, every year of an agency in one chunk). Prints seconds, peak RSS, failed checks, and how
many injected errors were found (goal: ≤ 30 s and ≤ 3 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = 20_000  # agencies per generated block (× 5 years)


def build(path: Path, reports: int) -> set[str]:

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_scale import YEARS, synthetic_corpus

    from govinfo_widgets.dataset import wide_schema, write_wide
    from govinfo_widgets.io import agency_bucket

    agencies = reports // len(YEARS)
    schema = wide_schema()
    injected: set[str] = set()
    for b, start in enumerate(range(0, agencies, BLOCK)):
        n = min(BLOCK, agencies - start)
        wide, hit = synthetic_corpus(n, seed=b + 1)
        wide["report_id"] = f"B{b:03d}-" + wide["report_id"]
        wide["agency"] = f"B{b:03d}-" + wide["agency"]
        injected |= {f"B{b:03d}-{h}" for h in hit}
        wide = wide.reindex(columns=schema.names[:-3])
        wide["bucket"] = [agency_bucket(a) for a in wide["agency"]]
        wide["file"] = None
        wide["sha256"] = None
        for year, g in wide.groupby("year"):
            write_wide(g, path / "wide" / f"year={year}" / f"part-{b:03d}.parquet")
        print(f"  block {b}: {len(wide):,} reports", flush=True)
    (path / "injected.json").write_text(json.dumps(sorted(injected)))
    return injected


def audit(path: str) -> None:
    """Runs in the child: the chunked audit, its time and this process's peak RSS."""
    from govinfo_widgets.corpus import Corpus

    t = time.perf_counter()
    d = Corpus.open_dataset(path)
    n = len(d)
    issues = d.audit()
    secs = time.perf_counter() - t
    fails = issues[issues.status == "fail"]
    injected = set(json.loads((Path(path) / "injected.json").read_text()))
    found = set(fails.report_id)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime  # all threads, imports included
    print(
        json.dumps(
            {
                "reports": n,
                "seconds": round(secs, 2),
                "cpu_seconds": round(cpu, 1),
                "peak_rss_mib": round(rss),
                "failed_checks": len(fails),
                "injected_found": len(injected & found),
                "injected": len(injected),
                "clean_flagged": len(found - injected),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/govinfo-1m")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        audit(a.dir)
        return
    path = Path(a.dir)
    if not (path / "injected.json").is_file():
        t = time.perf_counter()
        print(f"building {a.reports:,} synthetic reports in {path} …", flush=True)
        build(path, a.reports)
        print(f"built in {time.perf_counter() - t:.0f} s")
    res = subprocess.run(
        [sys.executable, __file__, "--dir", str(path), "--child"], capture_output=True, text=True, check=True
    )
    r = json.loads(res.stdout.strip().splitlines()[-1])
    print(
        f"audit of {r['reports']:,} reports from the partitioned dataset: {r['seconds']} s wall, {r['cpu_seconds']} s CPU (goal ≤ 30 s), "
        f"peak RSS {r['peak_rss_mib']:,} MiB (goal ≤ 3 GB); {r['failed_checks']:,} failed checks; injected errors "
        f"found {r['injected_found']:,}/{r['injected']:,}; clean reports flagged {r['clean_flagged']:,}"
    )


if __name__ == "__main__":
    main()
