"""Table 4 rows → cells: one row of fifteen numbers, three rows of five, label–number pairs, or rows settled by sums."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import T4_GROUPS
from ._grid import GridCell, Row, State, has_numbers, misaligned, row_source
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
            chosen = best.values[:15] if len(best.values) == 15 else best.values[-15:]
            if misaligned(best.values, 15):
                chosen = None  # numbers left of blank cells: the columns are unknown (see misaligned)
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
