"""Per entry × format accuracy of the corpus test, collected during the run and printed at its end.

Each corpus test records its counts as a user property of its report (``record``); the collection
(``collect``, a ``pytest_runtest_logreport`` hook in ``conftest.py``) happens in the process that prints
the summary, so the table is complete under ``pytest-xdist`` too.
"""

from __future__ import annotations

RESULTS: dict[tuple[str, str], tuple[int, int]] = {}
#: Cells honestly marked unreadable (ambiguous digit runs in flattened text), per entry × format.
UNREADABLE: dict[tuple[str, str], int] = {}
_KEY = "govinfo_accuracy"


def record(record_property, entry: str, fmt: str, right: int, total: int, unreadable: int = 0) -> None:
    """Attach one entry × format result to the running test's report."""
    record_property(_KEY, [entry, fmt, right, total, unreadable])


def collect(report) -> None:
    """Take the result a test report carries (if any) into the table."""
    for name, value in getattr(report, "user_properties", ()):
        if name == _KEY and report.when == "call":
            entry, fmt, right, total, unreadable = value
            RESULTS[(entry, fmt)] = (right, total)
            if unreadable:
                UNREADABLE[(entry, fmt)] = unreadable


def table() -> list[str]:
    """The accuracy table: one line per entry, one column per format (cells right / total)."""
    if not RESULTS:
        return []
    fmts = [f for f in ("txt", "html", "pdf", "md", "docx") if any(k[1] == f for k in RESULTS)]
    lines = ["entry  " + "".join(f"{f:>16}" for f in fmts)]
    right = total = 0
    for eid in sorted({k[0] for k in RESULTS}):
        cells = []
        for f in fmts:
            r = RESULTS.get((eid, f))
            u = UNREADABLE.get((eid, f))
            cells.append((f"{r[0]}/{r[1]}" + (f" ({u}?)" if u else "")) if r else "-")
            if r:
                right, total = right + r[0], total + r[1]
        lines.append(f"{eid:<7}" + "".join(f"{c:>16}" for c in cells))
    lines.append(f"all    {right}/{total} cells ({100 * right / max(total, 1):.2f}%)")
    if UNREADABLE:
        lines.append(
            f"(N?) = N cells marked unreadable (ambiguous digit runs), not guessed: {sum(UNREADABLE.values())} in all"
        )
    return lines
