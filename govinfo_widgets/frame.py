"""Reports as tidy pandas frames, one row per cell."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

FRAME_COLUMNS = [
    "report_id",
    "agency",
    "level",
    "region",
    "year",
    "form",
    "table",
    "block",
    "row",
    "column",
    "address",
    "value",
    "status",
    "raw",
    "source",
]


def cell_rows(report):
    """A report's cells as tuples in the order of :data:`FRAME_COLUMNS` (``value`` the number the rules use), in the
    form's address order: the rows of the tidy frame and of an imported dataset's cells part."""
    m = report.meta
    form = report.form
    order = {a: i for i, a in enumerate(form.all_addresses)}
    for addr in sorted(report.cells, key=order.__getitem__):
        c = report.cells[addr]
        d = form.cell(addr)
        yield (
            report.key,
            m.agency,
            m.level,
            m.region,
            m.year,
            m.form,
            d.table,
            d.block,
            d.row,
            d.column,
            addr,
            c.number,
            c.status,
            c.raw,
            c.source,
        )


def report_frame(report) -> pd.DataFrame:
    """One report as a tidy frame (columns :data:`FRAME_COLUMNS`)."""
    return reports_frame([report])


def reports_frame(reports: Iterable) -> pd.DataFrame:
    """Many reports as one tidy frame.

    ``value`` is the number the rules use: a blank leaf (``status`` ``blank_zero``) or a
    not-applicable marker is 0, a missing or unreadable cell NaN; ``raw`` keeps the text as found.
    """
    rows = [r for rep in reports for r in cell_rows(rep)]
    df = pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS)
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("float64")
    df["year"] = df["year"].astype("Int64")
    return df
