"""Table 3 rows → cells: the header's column order and positions, data rows by label (or by canonical order
when a label is lost), group headings, and a non-standard header's columns (the others unreadable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Cell
from ..schema import C7, get_form
from ._grid import GridCell, Row, State, distinct, framed_runs, has_numbers, is_value_cell, row_source
from ._identities import row_holds
from ._layout import numbered
from ._match import match_t3_column, match_t3_row, norm
from ._values import parse_cell


@dataclass
class T3Context:
    group: str | None = None
    cols: list[str] | None = None
    partial: list[str | None] | None = None  # a non-standard header: 自然人 | 法人或其他组织 | 总计
    at: tuple[int, list[int]] | None = None  # (grid width, grid column of each of ``cols``) from this grid's header
    last: str | None = None  # the last data row bound
    header: list[tuple[int, int, str]] = field(default_factory=list)  # this grid's header labels: (column, row, key)
    by_order: dict[str, dict] = field(default_factory=dict)  # rows bound by canonical order: key → the row as read

    def new_grid(self) -> None:
        """Header labels and positions hold only within their own grid."""
        self.header = []
        self.at = None


def t3_step(st: State, ctx: T3Context, row: Row, raw: list[GridCell], i: int, exact: bool) -> None:
    """Row ``i`` of a grid in Table 3: a header row (its column words are recorded) or a row of data."""
    if not has_numbers(row) and any(_t3_heading(c.text) for c in row.cells):
        for j, c in enumerate(raw):
            k = _t3_heading(c.text)
            if k:
                ctx.header.append((j, i, k))
                st.labels_seen.setdefault(f"t3.*.{k}", c.text.strip())
        ctx.cols = _t3_order(ctx.header)
        ctx.partial = _partial_header(raw, ctx.header)
        ctx.at = _t3_positions(ctx.header, len(raw), ctx.cols) if not exact else None
        return
    _bind_t3_row(st, row, ctx, raw)


def _next_row(form, last: str | None, cells: dict) -> str | None:
    """The canonical data row after ``last`` (for a row whose label was lost), if it is still free."""
    nxt = _following(form.key).get(last) if last is not None else None
    if nxt is None or form.t3_row[nxt].computed:
        return None
    if any(a in cells for a in _row_addresses(nxt)):  # (a Table 3 cell's column is one of C7)
        return None
    return nxt


@lru_cache(maxsize=256)
def _row_addresses(key: str) -> tuple[str, ...]:
    return tuple(f"t3.{key}.{c}" for c in C7)


@lru_cache(maxsize=16)
def _following(form_key: str) -> dict[str, str | None]:
    """Each canonical Table 3 data row → the one after it (None after the last), made once per form."""
    keys = [r.key for r in get_form(form_key).t3_data_rows()]
    return {k: (keys[i + 1] if i + 1 < len(keys) else None) for i, k in enumerate(keys)}


def _t3_heading(text: str) -> str | None:
    """The column a Table 3 header cell names; a numbered row label (``3.其他``, ``（七）总计``, a row printed
    blank) is a row, not a column heading."""
    return None if numbered(text) else match_t3_column(text)


def _t3_positions(
    header: list[tuple[int, int, str]], width: int, cols: list[str] | None
) -> tuple[int, list[int]] | None:
    """The grid column under each of ``cols`` (the header's own columns), when the header names all seven; when it
    does not (``cols`` None: a heading the reader does not know), the seven columns in the form's order from 自然人 to
    总计, if those two stand six columns apart and every heading it does know stands where that puts it."""
    first: dict[str, int] = {}
    for j, _i, k in sorted(header, key=lambda h: (h[0], h[1])):
        first.setdefault(k, j)
    if cols is None:
        start, end = first.get(C7[0]), first.get(C7[-1])
        if start is None or end is None or end - start != len(C7) - 1:
            return None
        at = list(range(start, end + 1))
        if any(first[k] != at[C7.index(k)] for k in first if k in C7):
            return None  # a known heading out of its place: the columns are not in the form's order
    else:
        at = [first[k] for k in cols]
    return (width, at) if max(at) < width else None


def _positioned(raw: list[GridCell], at: tuple[int, list[int]]) -> list[GridCell] | None:
    """A row's values read under its header's columns: a grid of fixed width (pipe table, tab-separated, HTML)
    keeps blank cells in place, so a blank first or last column is not mistaken for padding."""
    width, cols = at
    if len(raw) != width:
        return None
    vals = [raw[j] for j in cols]
    origins = [c.origin for c in vals if c.origin is not None]
    if len(set(origins)) < len(origins) or not all(is_value_cell(c.text) for c in vals):
        return None  # a cell merged over two columns, or text under a column heading: no position to trust
    if any(not is_value_cell(c.text) for c in raw[max(cols) + 1 :]):
        return None
    return vals


def _bind_t3_row(st: State, row: Row, ctx: T3Context, raw: list[GridCell] | None = None) -> None:
    form = st.form
    n_values = len(row.values)
    if not row.labels and n_values < 7:
        return  # stray numbers (page numbers, a lone digit between lines)
    m = match_t3_row(row.labels, form, ctx.group) if row.labels else None
    if n_values == 0:
        # a label on its own line (wrapped text, a group heading in text layouts)
        if m is not None and m.heading:
            ctx.group = m.group
        return
    if ctx.partial is not None and m is not None and m.key is not None and n_values == len(ctx.partial):
        _bind_partial(st, m.key, row, ctx.partial)
        return
    vals, sure = _row_values(row, 7)
    if ctx.at is not None and raw is not None and vals is not None:
        positioned = _positioned(raw, ctx.at)
        if positioned is not None:
            vals, sure = positioned, True
    why = f"{n_values} values for 7 columns"
    if not sure:
        # a blank at both ends: a blank label column before the numbers, or a blank 总计 after them (never guessed)
        vals, why = None, f"{n_values} values for 7 columns, blank at both ends: which blank is a column is not known"
    if row.grid in st.exact and n_values != 7:
        vals = None
    cols = ctx.cols or list(C7)
    if m is not None and m.key is None and m.heading:
        ctx.group = m.group
        printed = vals is not None and any(v.text.strip() for v in vals)
        if vals is not None and m.group in {r.key for r in form.t3_rows if r.collapsible}:
            # the group's own row: the group kept as one row, even printed all blank (when none of its own
            # rows follows, the binder takes it as the one row; see build_state)
            if printed or st.collapsed_other is None:
                st.collapsed_other = {c: _t3_cell(form, f"t3.{m.group}.{c}", v) for c, v in zip(cols, vals)}
                st.labels_seen[f"t3.{m.group}"] = row.labels[-1]
        elif printed:
            st.group_rows[m.group] = {c: parse_cell(v.text, None, v.source).value for c, v in zip(cols, vals)}
        return
    note = None
    key = m.key if m is not None else None
    if key is None:
        # a row whose label was lost or garbled: the next canonical row, if the numbers fit a row
        nxt = _next_row(form, ctx.last, st.cells) if vals is not None else None
        if nxt is None:
            if row.labels:
                st.extra_rows.append(_as_extra(row))
            return
        key = nxt
        note = "bound by canonical order: row label " + (
            f"unrecognised ({' '.join(row.labels)})" if row.labels else "absent"
        )
        st.notes.append(f"t3.{key}: {note} ({row_source(row)})")
        ctx.by_order[key] = _as_extra(row)
    else:
        ctx.group = m.group
        if key in ctx.by_order:
            _give_way(st, key, ctx.by_order.pop(key), row)
    parent = form.t3_row[key].parent if key in form.t3_row else None
    if parent and parent != "outcomes":
        ctx.group = parent
    ctx.last = key
    if note is None:  # a row bound by position shows no label of its own
        st.labels_seen[f"t3.{key}"] = row.labels[-1]
    st.t3_found = True
    if vals is None:
        st.notes.append(f"t3 row {key!r}: {why} ({row_source(row)})")
        texts = [v.text.strip() for v in row.values if v.text.strip()]
        if texts and key not in st.t3_odd and not any(a in st.cells for a in _row_addresses(key)):
            st.t3_odd[key] = (texts, row_source(row))
    elif tuple(cols) != C7:
        st.t3_bound.append((key, vals, tuple(cols), row_source(row)))
    elif row.grid in st.exact and row_holds([parse_cell(v.text).value for v in vals]) is False:
        # printed one cell per line, the row's sum fails: a number split over two lines and a dropped blank
        # would look the same, so the settling decides between "as published" and such readings
        st.t3_odd.setdefault(key, ([v.text.strip() for v in vals], row_source(row)))
    cells = st.cells
    addrs = _row_addresses(key) if tuple(cols) == C7 else [f"t3.{key}.{c}" for c in cols]
    for i, addr in enumerate(addrs):
        if addr in cells or not form.has_cell(addr):
            continue
        if vals is None:
            st.cells[addr] = Cell(
                None,
                "unreadable",
                raw=" ".join(v.text for v in row.values),
                source=row_source(row),
                note=why,
            )
            continue
        cell = _t3_cell(form, addr, vals[i])
        if note:
            cell = Cell(
                cell.value, cell.status, cell.raw, cell.source, note if not cell.note else f"{cell.note}; {note}"
            )
        st.cells[addr] = cell


def _as_extra(row: Row) -> dict:
    """A Table 3 row the form has no place for, as ``extras["extra_rows"]`` lists it."""
    return {
        "table": "t3",
        "label": " ".join(row.labels),
        "values": [v.text for v in row.values],
        "source": row_source(row),
    }


def _give_way(st: State, key: str, guessed: dict, row: Row) -> None:
    """The row bound to ``key`` by canonical order gives way to ``row``, whose label names ``key``: the order was a
    guess — its label, unmatched, names a row this form lacks (a row a local form adds) — and a label is not.
    Its cells are unbound (never a number in the wrong row); it is listed with the rows the form has no place for."""
    for a in [a for a in st.cells if a.startswith(f"t3.{key}.")]:
        del st.cells[a]
    src = guessed["source"]
    if key in st.t3_odd and st.t3_odd[key][1] == src:
        del st.t3_odd[key]
    st.t3_bound[:] = [b for b in st.t3_bound if not (b[0] == key and b[3] == src)]
    if guessed["label"]:
        st.extra_rows.append(guessed)
    st.notes.append(
        f"t3.{key}: the row bound by canonical order ({src}) gave way to {row.labels[-1]!r} ({row_source(row)})"
    )


def _partial_header(raw: list[GridCell], header: list[tuple[int, int, str]]) -> list[str | None] | None:
    """The columns of a non-standard Table 3 header (自然人 | 法人或其他组织 | 总计), or None for the national one.

    ``None`` in the list stands for 法人或其他组织 as one column: the sum of five columns of the form.
    """
    if any(k in C7[1:6] for _j, _i, k in header):
        return None  # the organisations are broken down: the national header (maybe over several rows)
    out: list[str | None] = []
    for c in distinct(raw):
        k = match_t3_column(c.text)
        if k:
            out.append(k)
        elif norm(c.text) == "法人或其他组织":
            out.append(None)
    return out if None in out and len(out) >= 2 and len(set(out)) == len(out) else None


def _bind_partial(st: State, key: str, row: Row, cols: list[str | None]) -> None:
    """A row under a non-standard header: the columns it names are read, the others are unreadable (not guessed)."""
    form = st.form
    got = dict(zip(cols, row.values))
    names = {c["key"]: c["label"] for c in form.t3_columns}
    note = (
        "表三不是国家格式（只有"
        + "、".join("法人或其他组织" if c is None else names[c] for c in cols)
        + "栏）：本栏未单列 / Table 3 is not in the national layout: this column is not printed on its own"
    )
    st.t3_found = True
    st.labels_seen[f"t3.{key}"] = row.labels[-1]
    for c in C7:
        addr = f"t3.{key}.{c}"
        if not form.has_cell(addr) or addr in st.cells:
            continue
        if c in got:
            st.cells[addr] = _t3_cell(form, addr, got[c])
        else:
            raw = got[None].text if None in got else ""
            st.cells[addr] = Cell(None, "unreadable", raw=raw, source=row_source(row), note=note)


def _row_values(row: Row, n: int) -> tuple[list[GridCell] | None, bool]:
    """The last ``n`` of a row's values, blank cells after the last column dropped as padding; and whether that
    reading is sure. It is not when the row is blank at both ends: a blank before the numbers may be a label
    column left blank (a merged cell written out) and the blank after them the last column (a 总计 printed blank),
    so the row read without dropping anything is as likely: 三、本年度办理结果 | （一）予以公开 | _ | 258 | … | 1 | _."""
    vals = list(row.values)
    while len(vals) > n and not vals[-1].text.strip():
        vals.pop()  # padding cells after the last column
    if len(vals) < n:
        return None, True
    got = vals[-n:]
    if len(vals) < len(row.values) and len(framed_runs([c.text for c in row.values], n)) > 1:
        return got, False  # padding dropped, and the n could stand elsewhere with only blanks around them
    return got, True


def _t3_order(header: list[tuple[int, int, str]]) -> list[str] | None:
    """Column order of Table 3 from where its header labels sit (grid column, then header row)."""
    first: dict[str, tuple[int, int]] = {}
    for j, i, k in header:
        if k not in first or (j, i) < first[k]:
            first[k] = (j, i)
    if set(first) != set(C7):
        return None
    if len({j for j, _ in first.values()}) < len(first):
        return None  # two columns' labels in one grid column: the header lost its geometry (spans), so it cannot order
    return sorted(first, key=lambda k: first[k])


def _t3_cell(form, addr: str, v: GridCell) -> Cell:
    return parse_cell(v.text, form.cell(addr), v.source)
