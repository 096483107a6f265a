"""PDF import throughput (issue 14 item 2): reports per second per core, on the corpus PDFs and on PDFs
Chromium prints from the bundled reports (the layouts tests/io/test_generated.py reads).

Run: ``.venv/bin/python benchmarks/bench_pdf.py [--seconds 5] [--corpus ../shared/corpus] [--no-generated]``.

Each group's files are read with ``govinfo_widgets.io.read_report`` from their bytes in this one process
(one core), round robin until ``--seconds`` have passed, after one warm-up read of each. Prints, per group,
reads per second of wall-clock time spent reading (the figure ``bench_import.py`` prints) and per CPU
second (steadier on a shared machine), the median and slowest read, and where each read's CPU time went
(PDFium page loading, characters, rulings, table geometry, words → report).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 30


def generated_pdfs() -> list[bytes]:
    """Every bundled report printed to PDF by Chromium in both styles (as the layout tests print them)."""
    from playwright.sync_api import sync_playwright

    sys.path.append(str(ROOT))  # the tests package; appended, so PYTHONPATH can put another checkout first
    from govinfo_widgets import load_examples
    from tests.conftest import CHROMIUM_ARGS
    from tests.layouts import STYLES, render_pdf

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            return [render_pdf(r, browser, style) for r in load_examples() for style in STYLES["pdf"]]
        finally:
            browser.close()


def _profiled():
    """Wrap the PDF reader's steps to add up their CPU time (a few microseconds per call)."""
    from govinfo_widgets.io import _pdfium, pdf

    spent: Counter = Counter()

    def timed(mod, name, label):
        f = getattr(mod, name)

        def g(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] += time.process_time() - t

        setattr(mod, name, g)

    timed(pdf, "check_streams", "bomb check")
    timed(pdf, "read_pages", "pages (all)")
    timed(_pdfium, "page_chars", "  characters")
    timed(_pdfium, "page_edges", "  rulings")
    timed(_pdfium, "tables", "  table geometry + cell text")
    timed(_pdfium, "words", "  words")
    timed(pdf, "report_from_pages", "words → report")
    return spent


def bench(data: list[bytes], seconds: float, spent: Counter) -> dict:
    from govinfo_widgets.io import read_report

    for d in data:
        read_report(d)
    spent.clear()
    times = []
    cpu0, start = time.process_time(), time.perf_counter()
    i = 0
    while time.perf_counter() - start < seconds or i < len(data):
        t = time.perf_counter()
        read_report(data[i % len(data)])
        times.append(time.perf_counter() - t)
        i += 1
    cpu = time.process_time() - cpu0
    return {"reads": i, "wall": sum(times), "cpu": cpu, "times": times, "spent": dict(spent)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--no-generated", action="store_true", help="corpus PDFs only (no Chromium needed)")
    args = ap.parse_args(argv)
    groups = {"corpus": [p.read_bytes() for p in sorted((args.corpus / "raw").glob("*.pdf"))]}
    if not args.no_generated:
        groups["generated"] = generated_pdfs()
    spent = _profiled()
    print(f"{'PDFs':<10}{'files':>6}{'reads':>7}{'reports/s/core':>16}{'per CPU s':>11}{'median ms':>11}{'max ms':>9}")
    for name, data in groups.items():
        if not data:
            continue
        r = bench(data, args.seconds, spent)
        rate = r["reads"] / r["wall"]
        print(
            f"{name:<10}{len(data):>6}{r['reads']:>7}{rate:>16.1f}{r['reads'] / r['cpu']:>11.1f}"
            f"{statistics.median(r['times']) * 1e3:>11.1f}{max(r['times']) * 1e3:>9.1f}"
            f"  {'ok' if rate >= GOAL else 'below'} (goal ≥{GOAL})"
        )
        for label, s in r["spent"].items():
            print(f"    {label:<30}{s / r['reads'] * 1e3:7.1f} ms CPU per report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
