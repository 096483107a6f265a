"""The official table grids (merged cells, zh/en labels, which cells hold values), built once from the form.

The editor's table widget draws this grid as it is sent, and every exporter fills the same grid with the
report's values: one layout, read everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from ._form import Form

TABLE_KEYS = ("t2", "t3", "t4")


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of an official table as drawn: HTML-style spans; covered positions are not listed.

    ``key`` names the row a label cell heads (Table 3: the row or group key; Table 2: ``block.row``).
    """

    text: str
    kind: str  # "title" | "head" | "note" | "label" | "value"
    colspan: int = 1
    rowspan: int = 1
    address: str | None = None
    level: int = 0
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """An official table: ``rows`` of :class:`GridCell` over ``n_cols`` grid columns."""

    key: str  # "t2" | "t3" | "t4"
    n_cols: int
    rows: tuple[tuple[GridCell, ...], ...]
    label_cols: int = 1
    unit: str | None = None

    def positions(self):
        """Yield ``(row, col, cell)`` with the grid column each cell starts in (rowspans accounted for)."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                yield r, c, cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan

    def filled(self, text: Callable[[str], str]) -> Grid:
        """The same grid with each value cell's text set to ``text(address)``."""
        rows = tuple(
            tuple(replace(c, text=text(c.address)) if c.kind == "value" else c for c in row) for row in self.rows
        )
        return replace(self, rows=rows)

    def layout(self) -> Grid:
        """The grid without values (what the editor is sent): value cells' texts emptied."""
        return self.filled(lambda a: "")

    def to_dict(self) -> dict:
        """JSON-ready: ``{"key", "n_cols", "label_cols", "unit", "rows": [[cell, …], …]}``."""
        return {
            "key": self.key,
            "n_cols": self.n_cols,
            "label_cols": self.label_cols,
            "unit": self.unit,
            "rows": [[asdict(c) for c in row] for row in self.rows],
        }


def _lab(d: dict, lang: str, key: str = "label") -> str:
    return (d.get(f"{key}_en") or d[key]) if lang == "en" else d[key]


def _spread(total: int, n: int) -> list[int]:
    """Split ``total`` grid columns over ``n`` cells (the 2019 Table 2 uses a 5-column grid)."""
    base, extra = divmod(total, n)
    spans = [base] * n
    for i in range(extra):
        spans[(i + 1) % n] += 1
    return spans


def _table2(form: Form, lang: str) -> Grid:
    """Table 2: stacked blocks, each a title row across the grid, a header row and data rows."""
    t2 = form.table("t2")
    width = t2.get("grid_columns", 4)
    rows: list[tuple[GridCell, ...]] = []
    for b in t2["blocks"]:
        spans = _spread(width - 1, len(b["columns"]))
        rows.append((GridCell(_lab(b, lang, "title"), "title", colspan=width, key=b["key"]),))
        head = [GridCell("Item" if lang == "en" else b.get("label_header", "信息内容"), "head")]
        head += [GridCell(_lab(c, lang), "head", colspan=s) for c, s in zip(b["columns"], spans)]
        rows.append(tuple(head))
        for r in b["rows"]:
            line = [GridCell(_lab(r, lang), "label", key=f"{b['key']}.{r['key']}")]
            for c, s in zip(b["columns"], spans):
                line.append(GridCell("", "value", colspan=s, address=f"t2.{b['key']}.{r['key']}.{c['key']}"))
            rows.append(tuple(line))
    return Grid("t2", width, tuple(rows), unit=t2.get("unit"))


def _table3(form: Form, collapsed: frozenset, lang: str) -> Grid:
    """Table 3: the 勾稽 note and spanner headers (§4.1), then the row hierarchy with vertical merges."""
    t3 = form.table("t3")
    cols = t3["columns"]
    keys = [c["key"] for c in cols]
    spanners = sorted(t3.get("spanners", []), key=lambda s: s["level"])
    depth = (max((s["level"] for s in spanners), default=-1)) + 2
    label_cols = 1 + max(r.level for r in form.t3_rows)
    header: list[list[GridCell]] = [[] for _ in range(depth)]
    header[0].append(GridCell(_lab(t3, lang, "header_note"), "note", colspan=label_cols, rowspan=depth))
    # A column's own label starts below the deepest spanner over it and runs to the last header row.
    deepest = {k: -1 for k in keys}
    for s in spanners:
        for k in s["columns"]:
            deepest[k] = max(deepest[k], s["level"])
    for level in range(depth):
        i = 0
        while i < len(keys):
            k = keys[i]
            span = next((s for s in spanners if s["level"] == level and s["columns"][0] == k), None)
            if span is not None:
                header[level].append(GridCell(_lab(span, lang), "head", colspan=len(span["columns"])))
                i += len(span["columns"])
                continue
            if deepest[k] + 1 == level:
                header[level].append(GridCell(_lab(cols[i], lang), "head", rowspan=depth - level))
            i += 1
    rows = [tuple(h) for h in header]
    data_rows = form.t3_data_rows(collapsed)
    by_key = form.t3_row

    def ancestors(row):
        out = []
        while row.parent is not None:
            row = by_key[row.parent]
            out.append(row)
        return out[::-1]

    started: set[str] = set()
    for r in data_rows:
        line: list[GridCell] = []
        for g in ancestors(r):
            if g.key in started:
                continue
            started.add(g.key)
            n = sum(1 for d in data_rows if g in ancestors(d))
            text = g.label_en if lang == "en" else g.label
            line.append(GridCell(text, "label", rowspan=n, level=g.level, key=g.key))
        text = r.label_en if lang == "en" else r.label
        line.append(GridCell(text, "label", colspan=label_cols - r.level, level=r.level, key=r.key))
        line += [GridCell("", "value", address=f"t3.{r.key}.{k}") for k in keys]
        rows.append(tuple(line))
    return Grid("t3", label_cols + len(keys), tuple(rows), label_cols=label_cols, unit=t3.get("unit"))


def _table4(form: Form, lang: str) -> Grid:
    """Table 4 (§5): 行政复议 | 行政诉讼 over 未经复议直接起诉 / 复议后起诉, then the one data row."""
    t4 = form.table("t4")
    groups, cols = t4["groups"], t4["columns"]
    depth = 3 if any(g.get("parent_label") for g in groups) else 2
    top: list[GridCell] = []
    mid: list[GridCell] = []
    low: list[GridCell] = []
    i = 0
    while i < len(groups):
        g = groups[i]
        if not g.get("parent_label"):
            top.append(GridCell(_lab(g, lang), "head", colspan=len(cols)))
            mid += [GridCell(_lab(c, lang), "head", rowspan=depth - 1) for c in cols]
            i += 1
            continue
        j = i
        run = []
        while j < len(groups) and groups[j].get("parent_label") == g["parent_label"]:
            run.append(groups[j])
            j += 1
        top.append(GridCell(_lab(g, lang, "parent_label"), "head", colspan=len(cols) * len(run)))
        for h in run:
            mid.append(GridCell(_lab(h, lang), "head", colspan=len(cols)))
            low += [GridCell(_lab(c, lang), "head") for c in cols]
        i = j
    rows = [tuple(top), tuple(mid)] + ([tuple(low)] if depth == 3 else [])
    rows.append(tuple(GridCell("", "value", address=f"t4.{g['key']}_{c['key']}") for g in groups for c in cols))
    return Grid("t4", len(groups) * len(cols), tuple(rows), label_cols=0, unit=t4.get("unit"))


def table_grid(form: Form, table: str, collapsed: frozenset = frozenset(), lang: str = "zh") -> Grid:
    """The grid of one official table (``t2``, ``t3`` or ``t4``) of ``form``, value cells empty.

    ``collapsed`` names the Table 3 groups printed as a single row (the （六） layouts).

    Examples
    --------
    >>> from govinfo_widgets.schema import get_form
    >>> g = table_grid(get_form("gov_2021"), "t4")
    >>> g.n_cols, len(g.rows), g.rows[-1][0].address
    (15, 4, 't4.review_upheld')
    """
    if table == "t2":
        return _table2(form, lang)
    if table == "t3":
        return _table3(form, frozenset(collapsed), lang)
    if table == "t4":
        return _table4(form, lang)
    raise KeyError(table)
