"""Table 2 rows → cells: block titles, header rows, data rows, annotated numbers pulled out of their rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Cell
from ._grid import GridCell, Row, State, misaligned, row_source
from ._match import match_t2_block, match_t2_column, match_t2_row, norm, t2_header_form
from ._values import parse_cell


def detect_t2_form(rows: list[Row]) -> str | None:
    for r in rows:
        f = t2_header_form(r.labels, r.joined)
        if f:
            return f
    return None


@dataclass
class T2Context:
    block: str | None = None
    cols: list[str | None] = field(default_factory=list)
    lone: GridCell | None = None  # a number alone on its line (its note may follow on the next)


def t2_step(st: State, ctx: T2Context, row: Row) -> None:
    """One row in Table 2: a block title, a header row, a loose annotated number, or a data row."""
    form = st.form
    b = next((match_t2_block(x) for x in row.labels if match_t2_block(x)), None)
    if b:
        ctx.block, ctx.cols = b, []
        return
    if any("信息内容" in norm(x) for x in row.labels):
        ctx.block = _header_block(form, row, ctx.block)
        ctx.cols = [_header_column(c.text, form, ctx.block) for c in row.cells[1:]]
        for c, k in zip(row.cells[1:], ctx.cols):
            if k and k != UNKNOWN_COLUMN:
                st.labels_seen[f"t2.{ctx.block}.*.{k}"] = c.text.strip()
        return
    joined = norm("".join(c.text for c in row.cells))
    m = _ANNOTATED.match(joined)
    if not m and ctx.lone is not None and _IN_PARENS.fullmatch(joined):
        m = _ANNOTATED.match(norm(ctx.lone.text) + joined)  # the number and its note on two lines
    ctx.lone = row.cells[0] if len(row.cells) == 1 and _PLAIN_NUMBER.fullmatch(joined) else None
    if m and row.cells:
        # a cell pulled out of its row by a lossy conversion: "55（含自然失效29件）"
        st.loose_t2.append((ctx.block, GridCell(m.group(1), row.cells[0].source, None), m.group(2)))
        return
    _bind_t2_row(st, row, ctx.block, ctx.cols)


_ANNOTATED = re.compile(r"^(\d+(?:\.\d+)?)\((.+)\)$")
_IN_PARENS = re.compile(r"\(.+\)")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: Words in an annotation that name a Table 2 column ("含自然失效29件" belongs under 本年废止件数).
_ANNOTATION_COLUMNS = {
    "repealed": ("废止", "失效"),
    "issued": ("制发", "修订", "印发", "新制"),
    "in_force": ("现行有效",),
}


def place_loose_t2(st: State) -> None:
    """Put annotated loose numbers back into the gaps of short Table 2 rows.

    The n-th loose number of a block goes with the n-th gap of that block, in reading order, and is
    placed only when its annotation names the gap's column (``含自然失效29件`` → 本年废止件数); otherwise
    the gap stays unreadable.
    """
    gaps = [a for a, c in st.cells.items() if a.startswith("t2.") and c.status == "unreadable" and not c.raw]
    by_block: dict[str | None, list] = {}
    for b, gc, note in st.loose_t2:
        by_block.setdefault(b, []).append((gc, note))
    for block in {a.split(".")[1] for a in gaps}:
        mine = [a for a in gaps if a.split(".")[1] == block]
        for addr, (gc, note) in zip(mine, by_block.get(block, [])):
            col = addr.split(".")[3]
            if not any(w in note for w in _ANNOTATION_COLUMNS.get(col, ())):
                continue
            c = parse_cell(gc.text, st.form.cell(addr), gc.source)
            st.cells[addr] = Cell(
                c.value,
                "repaired",
                gc.text,
                gc.source,
                f"placed from a loose annotated line ({note}) into the row's empty column",
            )
            st.notes.append(f"{addr}: {gc.text}（{note}） placed by its annotation")


#: A Table 2 header cell with a text that names no column of its block.
UNKNOWN_COLUMN = "?"


def _header_column(text: str, form, block: str | None) -> str | None:
    """The column a Table 2 header cell names; :data:`UNKNOWN_COLUMN` for a text naming none; None if blank."""
    if not block:
        return None
    k = match_t2_column(text, form, block)
    return k if k or not norm(text) else UNKNOWN_COLUMN


def _unsure_columns(cols: list[str | None]) -> set[str]:
    """The header's columns whose cells cannot be told: an unrecognised one, or a column named twice."""
    named = [k for k in cols if k]
    return {k for k in named if k == UNKNOWN_COLUMN or named.count(k) > 1}


def _named(cols: list[str | None]) -> set[str]:
    """The form's columns a header names (once or more)."""
    return {k for k in cols if k and k != UNKNOWN_COLUMN}


def _bind_t2_unsure(st: State, row: Row, b: str, r: str, cols: list[str | None], unsure: set[str]) -> None:
    """A Table 2 data row under a header with an unrecognised or repeated column: each value stays under its own
    header cell; the columns of the form not named once by the header (and every column when the row's cells do
    not match the header's) are unreadable, never a neighbour's number shifted over."""
    form = st.form
    keys = [k for k in cols if k]
    vals = list(row.values)
    if len(vals) > len(keys) and all(not v.text.strip() for v in vals[len(keys) :]):
        vals = vals[: len(keys)]
    aligned = len(vals) == len(keys)
    why = f"表头列无法识别或重复（{'、'.join(sorted(unsure))}）/ a header column is unrecognised or repeated"
    if not aligned:
        why = f"{len(vals)} 个单元格对 {len(keys)} 个表头列 / {len(vals)} cells under {len(keys)} header columns"
    st.notes.append(f"t2.{b}.{r}: {why} ({row_source(row)})")
    st.labels_seen[f"t2.{b}.{r}"] = row.labels[0]
    st.t2_blocks.add(b)
    placed = {k: v for k, v in zip(keys, vals, strict=False) if aligned and k not in unsure}
    bdef = next(x for x in form.table("t2")["blocks"] if x["key"] == b)
    for col in bdef["columns"]:
        addr = f"t2.{b}.{r}.{col['key']}"
        if not form.has_cell(addr) or addr in st.cells:
            continue
        v = placed.get(col["key"])
        if v is None:
            st.cells[addr] = Cell(None, "unreadable", raw="", source=row_source(row), note=why)
        else:
            st.cells[addr] = parse_cell(v.text, form.cell(addr), v.source)


def _header_block(form, row: Row, block: str | None) -> str | None:
    """The Table 2 block a header row belongs to: the current one if its columns fit, else the best fit."""
    heads = [c.text for c in row.cells[1:] if norm(c.text)]
    if not heads:
        return block

    def score(b):
        return sum(match_t2_column(h, form, b) is not None for h in heads)

    if block and score(block) == len(heads):
        return block
    best = max((b["key"] for b in form.table("t2")["blocks"]), key=score)
    return best if score(best) > 0 else block


def _bind_t2_row(st: State, row: Row, block: str | None, cols: list[str | None]) -> None:
    form = st.form
    label = " ".join(row.labels)
    m = match_t2_row(row.labels[0] if row.labels else "", form, block) if row.labels else None
    if m is None:
        if row.labels and row.values:
            st.extra_rows.append(
                {
                    "table": "t2",
                    "block": block,
                    "label": label,
                    "values": [v.text for v in row.values],
                    "source": row_source(row),
                }
            )
        return
    b, r = m
    named = _named(cols) if b == block else set()
    if named and (unsure := _unsure_columns(cols)) and len(row.values) != len(named):
        # as many values as columns named: the header's other texts are pieces of wrapped labels (text copied
        # from a page breaks "本年新\n制作数量" in two); otherwise no value may move to a neighbour's column.
        # A header naming no column at all tells nothing: the form's columns, as without a header
        _bind_t2_unsure(st, row, b, r, cols, unsure)
        return
    bdef = next(x for x in form.table("t2")["blocks"] if x["key"] == b)
    keys = [k for k in cols if k and k != UNKNOWN_COLUMN] if b == block else []
    if not keys:
        keys = [c["key"] for c in bdef["columns"]]
    vals: list[GridCell | None] = list(row.values)
    note = None
    if row.grid in st.exact and len([v for v in vals if v.text.strip()]) > len(keys):
        vals = [None] * len(keys)  # more numbers than columns, one cell per line: a number split over lines?
        note = "more numbers than columns (a number split over two lines?): columns unknown"
    elif len(vals) > len(keys) and all(not v.text.strip() for v in vals[len(keys) :]):
        vals = vals[: len(keys)]
    elif misaligned(vals, len(keys)):
        st.notes.append(
            f"t2.{b}.{r}: {len(vals)} cells for {len(keys)} columns, numbers left of blanks ({row_source(row)})"
        )
        vals = [None] * len(keys)
    elif len(vals) > len(keys):
        vals = vals[-len(keys) :]
    note = note if row.grid in st.exact else None
    if row.grid in st.exact and 0 < len(vals) < len(keys) and any(v is not None for v in vals):
        vals, note = _t2_short(st, vals, len(keys))
    elif 2 <= len(vals) < len(keys):
        # a cell lost from the row (lossy conversions pull annotated cells out): the first values keep their
        # columns, the last value is the last column, the cells between are unreadable
        note = f"{len(vals)} values for {len(keys)} columns: first and last columns assumed"
        st.notes.append(f"t2.{b}.{r}: {note} ({row_source(row)})")
        vals = vals[:-1] + [None] * (len(keys) - len(vals)) + vals[-1:]
    st.labels_seen[f"t2.{b}.{r}"] = row.labels[0]
    st.t2_blocks.add(b)
    for i, k in enumerate(keys):
        addr = f"t2.{b}.{r}.{k}"
        if not form.has_cell(addr) or addr in st.cells:
            continue
        v = vals[i] if i < len(vals) else None
        if v is None:
            st.cells[addr] = Cell(
                None, "unreadable", raw="", source=row_source(row), note="value cell absent from the row"
            )
        else:
            c = parse_cell(v.text, form.cell(addr), v.source)
            st.cells[addr] = Cell(c.value, c.status, c.raw, c.source, note) if note and not c.note else c


def _t2_short(st: State, vals: list[GridCell], n: int) -> tuple[list[GridCell | None], str]:
    """A Table 2 row printed one cell per line with fewer numbers than columns (Table 2 has no sums to settle it).

    Repeats collapsed: one number stands for the whole row, and the first and last numbers keep their
    columns; blank cells dropped: no number's column is known.
    """
    if st.losses == "repeats" and len(vals) == 1:
        return [vals[0]] * n, "repeated lines collapsed into one: the one number fills the row"
    if st.losses == "repeats":
        return [vals[0], *([None] * (n - 2)), vals[-1]], "repeated lines collapsed: first and last columns kept"
    return [None] * n, f"{len(vals)} numbers for {n} columns with blank cells dropped: columns unknown"


__all__ = ["T2Context", "detect_t2_form", "place_loose_t2", "t2_step"]
