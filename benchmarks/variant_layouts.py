"""The readers on layouts they were not written for: every bundled report's generated layouts, rewritten the ways
real reports differ (``tests.layouts.variants``), read back and compared with the plain layout's read.

Run from the checkout: ``python benchmarks/variant_layouts.py [--tree DIR]``.

For each family of rewritings (spec §3.4 Table 2 labels, a mirror copy in traditional characters, one Table 3
heading unknown, the §4.4/§5 labels of Tables 3 and 4, numbers written otherwise, Table 3 broken by a page, an
empty first or last column) it prints how many rewritten layouts were read, how many read to exactly the cells of
the plain layout, how many lost or changed cells (absent or unreadable, said why), and how many hold a **wrong
number**: a cell whose value is not the figure and not marked unreadable. ``--tree DIR`` reads with the package of
another checkout (e.g. a ``git worktree`` of an earlier commit) and the rewritings of this one, for a before/after.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_KIND = {"tsv": "txt", "layout": "txt", "lines": "txt"}


def _families(v) -> dict[str, tuple[tuple[str, ...], Callable[[str, str], Iterator[str]]]]:
    """``name -> (kinds it applies to, rewrite(page, kind) -> the rewritten pages)``."""
    text_kinds = ("html", "md", "tsv", "layout", "lines")
    fixed_width = ("html", "md", "tsv", "lines")  # space-aligned text is left out where a rewriting changes widths

    def each(rewrites):
        return lambda page, _kind: (r(page) for r in rewrites)

    return {
        "Table 2 labels (spec §3.4)": (text_kinds, each(v.T2_LABELS.values())),
        "mirror copy, traditional": (text_kinds, each([v.to_traditional])),
        "a Table 3 heading unknown": (
            text_kinds,
            lambda page, _kind: (v.unknown_heading(page, w) for w in v.T3_HEADINGS),
        ),
        "Table 3/4 labels (§4.4, §5)": (fixed_width, each(v.T3_T4_LABELS.values())),
        "numbers written otherwise": (fixed_width, each([v.in_tables(w) for w in v.NUMBER_WRITINGS.values()])),
        "Table 3 broken by a page": (("html", "md"), lambda page, kind: iter(v.split_table_3(page, kind))),
        "an empty first/last column": (
            ("html", "md", "tsv"),
            lambda page, kind: (v.extra_column(page, kind, w) for w in ("first", "last")),
        ),
    }


def _wrong(got, want: dict) -> int:
    n = 0
    for a, c in got.cells.items():
        w = want.get(a)
        if c.value is not None and w is not None and not math.isclose(float(c.value), float(w), abs_tol=1e-9):
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", type=Path, help="read with the package of this checkout")
    args = ap.parse_args()
    if args.tree:  # the package from the other checkout, the rewritings (tests.layouts) from this one
        sys.path.insert(0, str(args.tree.resolve()))
        import govinfo_widgets.io  # noqa: F401

        sys.path.remove(str(args.tree.resolve()))
    sys.path.insert(0, str(ROOT))
    import govinfo_widgets
    from govinfo_widgets.io import read_report
    from tests import layouts
    from tests.layouts import variants

    print(f"package: {Path(govinfo_widgets.__file__).parent}")
    print(f"{'family':32} {'layouts':>8} {'same':>8} {'changed':>8} {'wrong':>6}")
    for name, (kinds, rewrite) in _families(variants).items():
        read = same = changed = wrong = 0
        for report in govinfo_widgets.load_examples():
            for kind, style in layouts.cases():
                if kind not in kinds:
                    continue
                page, want = layouts.render(report, kind, style), layouts.expected(report, kind, style)
                as_read = TEXT_KIND.get(kind, kind)
                plain = {a: (c.value, c.status) for a, c in read_report(page, kind=as_read).cells.items()}
                for varied in rewrite(page, kind):
                    if varied == page:
                        continue
                    read += 1
                    try:
                        got = read_report(varied, kind=as_read)
                    except Exception:  # noqa: BLE001 - a documented refusal is a change, not a crash of the run
                        changed += 1
                        continue
                    bad = _wrong(got, want)
                    wrong += bad > 0
                    if not bad and {a: (c.value, c.status) for a, c in got.cells.items()} == plain:
                        same += 1
                    elif not bad:
                        changed += 1
        print(f"{name:32} {read:8} {same:8} {changed:8} {wrong:6}")


if __name__ == "__main__":
    main()
