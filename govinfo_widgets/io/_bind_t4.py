"""Table 4 rows → cells: one row of fifteen numbers, three rows of five, label–number pairs, or rows settled by sums."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell
from ..schema import T4_GROUPS
from ._grid import GridCell, Row, State, framed_runs, has_numbers, misaligned, row_source
from ._match import match_t4_column, norm, t4_addresses
from ._settle import settle_t4
from ._values import parse_cell, value_status


@dataclass
class T4Context:
    rows: list[Row] = field(default_factory=list)
    group: str | None = None
    pairs: dict[str, GridCell] = field(default_factory=dict)
    pair_rows: list[Row] = field(default_factory=list)


def t4_step(ctx: T4Context, row: Row) -> None:
    """One row in Table 4: header words, a label–number pair, or a candidate data row."""
    g = _row_group(row)
    if g:
        ctx.group = g
    if (
        row.labels
        and not has_numbers(row)
        and not (len(row.values) == 15 and not any(v.text.strip() for v in row.values))
    ):
        return  # header words (a row of fifteen blank cells is the data row printed all blank)
    col = match_t4_column(row.labels[-1]) if row.labels and len(row.values) == 1 else None
    if col and ctx.group:
        # Table 4 as a vertical list of label–number pairs (spec §7.14)
        ctx.pairs[f"t4.{ctx.group}_{col}"] = row.values[0]
        ctx.pair_rows.append(row)
        return
    ctx.rows.append(row)


def _row_group(row: Row) -> str | None:
    """The Table 4 group the first of a row's labels that names one names."""
    return next((g for g in map(_t4_group, row.labels) if g), None)


def _t4_group(label: str) -> str | None:
    s = norm(label)
    if "未经复议" in s or "直接起诉" in s:
        return "suit_direct"
    if "复议后" in s:
        return "suit_after_review"
    if "行政复议" in s and "诉讼" not in s:
        return "review"
    return None


def bind_t4(st: State, rows: list[Row]) -> None:
    form = st.form
    addrs = t4_addresses()

    def numeric(r: Row) -> int:
        return sum(value_status(v.text) in ("parsed", "repaired") for v in r.values)

    cands = [r for r in rows if len(r.values) >= 15]
    chosen: list[GridCell] | None = None
    src = None
    if cands:
        best = max(cands, key=numeric)
        if numeric(best) > 0 or len(cands) == 1 or all(numeric(c) == 0 for c in cands):
            chosen = best.values
            if len(best.values) > 15:
                # numbers left of blank cells (see misaligned): the columns are unknown unless the sums confirm one
                # placement of fifteen with only blanks around it
                unaligned = misaligned(best.values, 15)
                chosen = _fifteen(best.values, unaligned)
                if chosen is None and not unaligned:
                    _unsure_row(st, best)
                    return
            st.t4_numeric_count = len(best.values)
            src = row_source(best)
    if chosen is None:
        # Table 4 cut into three 5-value rows (行政复议 / 直接起诉 / 复议后起诉)
        fives = [r for r in rows if len(r.values) == 5 and numeric(r) > 0][:3]
        keys = [_row_group(r) for r in fives]
        if sorted(k or "" for k in keys) == sorted(T4_GROUPS):
            fives = [fives[keys.index(g)] for g in T4_GROUPS]  # each row where its label puts it, in any order printed
        if len(fives) == 3:
            chosen = [v for r in fives for v in r.values]
            st.t4_numeric_count = 15
            src = row_source(fives[0])
    if chosen is None and rows and all(r.grid in st.exact for r in rows):
        _settle_t4(st, rows)
        return
    if chosen is None:
        return
    st.t4_found = True
    for a, v in zip(addrs, chosen):
        st.cells[a] = parse_cell(v.text, form.cell(a), v.source or src)


def _fifteen(values: list[GridCell], unaligned: bool) -> list[GridCell] | None:
    """Table 4's fifteen cells in a row of more: its last fifteen, unless the fifteen could as well stand elsewhere
    with only blank cells around them (a blank first cell and a blank last cell: a column of the grid's own, or a
    blank 总计); then the placement whose sums hold, if only one does, else None (the columns are not known).
    ``unaligned`` (numbers left of blank cells among the last fifteen): only a placement with only blanks around it
    whose sums are checked and hold."""
    places: dict[tuple[str, ...], list[GridCell]] = {}
    if not unaligned:
        places[tuple(v.text.strip() for v in values[-15:])] = values[-15:]
    for run, start in framed_runs([v.text for v in values], 15).items():
        places.setdefault(run, values[start : start + 15])
    if len(places) == 1 and not unaligned:
        return next(iter(places.values()))
    fitting = [p for p in places.values() if (_sums_hold(p) is True if unaligned else _sums_hold(p) is not False)]
    return fitting[0] if len(fitting) == 1 else None


def _sums_hold(cells: list[GridCell]) -> bool | None:
    """Whether each group's 总计 is the sum of its four parts (a blank part counts 0); None when no group's total
    and parts can all be read."""
    checked = False
    for g in range(0, 15, 5):
        total = parse_cell(cells[g + 4].text).value
        parts = [parse_cell(c.text) for c in cells[g : g + 4]]
        if total is None or any(p.value is None and p.status != "blank_zero" for p in parts):
            continue
        checked = True
        if sum(p.value or 0 for p in parts) != total:
            return False
    return True if checked else None


def _unsure_row(st: State, row: Row) -> None:
    """Table 4's row whose fifteen cells may stand in more than one place: every cell unreadable, with the reason."""
    st.t4_found = True
    st.t4_numeric_count = len(row.values)
    note = (
        f"表四这一行有 {len(row.values)} 格，首尾都是空格，按表内总计核对也无法确定哪十五格是数据 / {len(row.values)} cells "
        "for 15 columns, blank at both ends: the sums do not tell which fifteen are the table's"
    )
    raw = " ".join(v.text.strip() for v in row.values)
    for a in t4_addresses():
        st.cells[a] = Cell(None, "unreadable", raw=raw[:40], source=row_source(row), note=note)


def _settle_t4(st: State, rows: list[Row]) -> None:
    """Table 4 rows printed one cell per line that lost numbers: settled by their sums (see :mod:`._settle`)."""
    groups = [r for r in rows if r.labels and has_numbers(r)]
    keys = [_row_group(r) for r in groups]
    if len(groups) == 1 and 0 < len(groups[0].values) < 15:
        settle_t4_row(st, groups[0])
        return
    if len(groups) != 3 or sorted(k or "" for k in keys) != sorted(T4_GROUPS):
        return
    st.t4_found = True
    st.t4_numeric_count = sum(len(r.values) for r in groups)
    for r, g in zip(groups, keys):
        texts = [v.text.strip() for v in r.values if v.text.strip()]
        if len(texts) == 5 and all(parse_cell(t).value is not None for t in texts):
            for a, v in zip([a for a in t4_addresses() if a.startswith(f"t4.{g}_")], r.values):
                st.cells[a] = parse_cell(v.text, st.form.cell(a), v.source)
        else:
            st.cells.update(
                settle_t4(texts, [a for a in t4_addresses() if a.startswith(f"t4.{g}_")], row_source(r), st.losses)
            )


def settle_t4_row(st: State, row: Row) -> None:
    texts = [v.text.strip() for v in row.values if v.text.strip()]
    st.t4_found = True
    st.t4_numeric_count = len(texts)
    st.cells.update(settle_t4(texts, t4_addresses(), row_source(row), st.losses))


__all__ = ["T4Context", "bind_t4", "settle_t4_row", "t4_step"]
