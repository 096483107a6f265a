"""Rows pasted from Excel/WPS (tab separated) into one table of a Report."""

from __future__ import annotations

from ..errors import GovinfoError
from ..model import Report
from ..schema import C7
from ._bind import Grid, bind_grids
from ._grid import anatomy
from ._values import parse_cell

_TABLES = {"t2": "表二", "t3": "表三", "t4": "表四"}


class PasteError(GovinfoError):
    """A pasted block that cannot be placed into the chosen table."""


def _rows(text: str) -> list[list[str]]:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return [ln.split("\t") for ln in lines]


def read_paste(text: str, report: Report, table: str) -> Report:
    """Put a block of rows pasted from a spreadsheet into ``table`` (``"t2"``, ``"t3"`` or ``"t4"``) of ``report``.

    Rows that carry labels (``（一）予以公开``, ``规章``) are bound by those labels; a block of bare numbers is
    placed positionally, starting at the table's first row (7 numbers a row in Table 3, the 15 numbers of
    Table 4 in one or more rows, Table 2 row by row). Cells not in the block are left as they were. Each
    pasted cell's source is ``paste / row i / col j``.

    Raises
    ------
    PasteError
        an empty block, an unknown table, labels that name no row of the table, or more numbers than fit.

    Examples
    --------
    >>> from govinfo_widgets import Report
    >>> r = read_paste("（一）予以公开\\t1\\t0\\t0\\t0\\t0\\t0\\t1", Report.new("某局", 2024), "t3")
    >>> r.value("t3.granted.natural_person"), r.cells["t3.granted.total"].source
    (1, 'paste / row 1 / col 8')
    """
    if table not in _TABLES:
        raise PasteError(
            f"未知的表：{table!r}（应为 t2、t3 或 t4）", f"unknown table {table!r} (expected t2, t3 or t4)"
        )
    rows = _rows(text)
    if not rows:
        raise PasteError("粘贴内容为空", "the pasted block is empty")
    grid = Grid.from_texts(rows, "paste")
    anat = [anatomy(r, i, "paste") for i, r in enumerate(grid.rows, 1)]
    labelled = any(a.labels for a in anat)
    form = report.form
    if labelled:
        st = bind_grids([grid], form.key, start=table)
        cells = {a: c for a, c in st.cells.items() if a.startswith(table + ".")}
        if not cells:
            raise PasteError(
                f"粘贴的行标签与{_TABLES[table]}的任何一行都不对应",
                f"the pasted row labels match no row of table {table[1]}",
            )
        if (
            table == "t3"
            and st.collapsed_other is not None
            and "t3.other.total" not in cells
            and form.has_cell("t3.other.total")
        ):
            cells.update({f"t3.other.{c}": v for c, v in st.collapsed_other.items()})
        return report.with_cells(cells)
    # positional
    addrs = list(form.table_addresses(table, report.collapsed))
    if table == "t3":
        width = len(C7)
        slots = [addrs[i : i + width] for i in range(0, len(addrs), width)]
    elif table == "t4":
        slots = [addrs]
    else:
        slots = []
        for b in form.table("t2")["blocks"]:
            for r in b["rows"]:
                slots.append([f"t2.{b['key']}.{r['key']}.{c['key']}" for c in b["columns"]])
    cells = {}
    if table == "t4":
        flat = [(i, j, t) for i, row in enumerate(rows, 1) for j, t in enumerate(row, 1)]
        if len(flat) > 15:
            raise PasteError(
                f"表四只有15个数，粘贴了{len(flat)}个", f"Table 4 holds 15 numbers; {len(flat)} were pasted"
            )
        for a, (i, j, t) in zip(addrs, flat):
            cells[a] = parse_cell(t, form.cell(a), f"paste / row {i} / col {j}")
        return report.with_cells(cells)
    if len(rows) > len(slots):
        raise PasteError(
            f"粘贴了{len(rows)}行，{_TABLES[table]}只有{len(slots)}行",
            f"{len(rows)} rows pasted; the table has {len(slots)}",
        )
    for i, (row, slot) in enumerate(zip(rows, slots), 1):
        if len(row) > len(slot):
            raise PasteError(
                f"第{i}行有{len(row)}个数，此行只有{len(slot)}栏",
                f"row {i} has {len(row)} numbers; the row has {len(slot)} columns",
            )
        for j, (a, t) in enumerate(zip(slot, row), 1):
            cells[a] = parse_cell(t, form.cell(a), f"paste / row {i} / col {j}")
    return report.with_cells(cells)
