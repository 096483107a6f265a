"""Accuracy of the readers by generated layout class (issue 11): cells right / absent / unreadable / wrong.

Run from the checkout: ``python benchmarks/accuracy_layouts.py [--degraded]``.

Every bundled report (``data/reports``) is rendered in every standard text-like layout of ``tests.layouts``
(HTML styles, Markdown, tab-separated, space-aligned, one cell per line; DOCX) and read back with
``read_report``; each cell is compared with the figure the layout shows. With ``--degraded`` the degraded
copies of ``tests.io.layouts_degraded`` (collapsed repeats, split headings/titles/numbers, browser text) are
counted too. PDFs printed by Chromium are counted by ``tests/io/test_generated.py`` (they need a browser).
A wrong number is a cell whose value differs from the figure and is not marked unreadable.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govinfo_widgets import load_examples  # noqa: E402
from govinfo_widgets.io import read_report  # noqa: E402
from tests.layouts import cases, expected, render  # noqa: E402

TEXT_KIND = {"tsv": "txt", "layout": "txt", "lines": "txt"}


def score(want: dict, got, blank_as_zero: frozenset = frozenset(), tol: float = 1e-9) -> Counter:
    """Counts for one read; ``blank_as_zero``: cells blank in the report that the layout may show as 0 or
    leave blank (the Markdown export writes 0 for a blank leaf and leaves a blank total blank)."""
    n: Counter = Counter()
    for a, v in want.items():
        c = got.cells.get(a)
        if c is None:
            n["absent"] += 1
        elif c.status == "unreadable":
            n["unreadable"] += 1
        elif a in blank_as_zero and c.value in (None, 0):
            n["right"] += 1
        elif (c.value is None) == (v is None) and (
            v is None or math.isclose(float(c.value), float(v), rel_tol=tol, abs_tol=tol)
        ):
            n["right"] += 1
        else:
            n["wrong"] += 1
    n["wrong"] += sum(1 for a, c in got.cells.items() if a not in want and c.value is not None)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--degraded", action="store_true", help="count the degraded copies too")
    args = ap.parse_args()
    reports = load_examples()
    rows: list[tuple[str, Counter]] = []
    for kind, style in cases():
        if kind == "pdf":
            continue
        n: Counter = Counter()
        for r in reports:
            n += score(expected(r, kind, style), read_report(render(r, kind, style), kind=TEXT_KIND.get(kind, kind)))
        rows.append((f"{kind}/{style}", n))
    if args.degraded:
        from tests.io import layouts_degraded as deg

        for name, make in deg.LAYOUTS.items():
            n = Counter()
            for r in reports:
                blank = frozenset(a for a, c in r.cells.items() if c.value is None)
                # the export writes at most 4 decimals (fees in 万元)
                n += score(deg.expected(r), read_report(make(r), kind="txt"), blank, tol=1e-4)
            rows.append((f"degraded/{name}", n))
    total: Counter = Counter()
    print(f"{'layout':28} {'cells':>6} {'right':>6} {'absent':>6} {'unread':>6} {'wrong':>6}   right %")
    for name, n in rows:
        total += n
        _line(name, n)
    _line("all", total)


def _line(name: str, n: Counter) -> None:
    cells = n["right"] + n["absent"] + n["unreadable"]
    counts = " ".join(f"{n[k]:6}" for k in ("right", "absent", "unreadable", "wrong"))
    print(f"{name:28} {cells:6} {counts}   {100 * n['right'] / cells:6.2f}")


if __name__ == "__main__":
    main()
