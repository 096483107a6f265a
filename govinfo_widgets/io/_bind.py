"""Grids of cell texts → the cells of Tables 2, 3 and 4, bound by their labels (spec §3–§5, §7).

Every reader (HTML, Markdown, DOCX, text, PDF) turns its tables into :class:`Grid` objects — rows of
:class:`GridCell`, after rowspan/colspan expansion — and hands them, with the narrative text, to
:func:`build_report`. The binder walks the rows as one stream, so a reader may give one grid per table,
one grid for everything, or one grid per line of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import GovinfoError, LegacyFormatError
from ..model import Cell, Report, ReportMeta
from ..schema import C7, detect_form, get_form
from ._identities import row_holds
from ._layout import numbered
from ._match import (
    core,
    declared_format,
    match_t2_block,
    match_t2_column,
    match_t2_row,
    match_t3_column,
    match_t3_row,
    match_t4_column,
    norm,
    parse_cell,
    split_sections,
    t2_header_form,
    t4_addresses,
    title_meta,
    value_status,
)
from ._sections import section_headings
from ._settle import settle_t3_rows, settle_t4, verify_t3_columns


class NotAReportError(GovinfoError):
    """The input holds none of the statistical tables of an annual report."""


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a grid. Copies made by rowspan/colspan expansion share ``origin``."""

    text: str
    source: str | None = None
    origin: Any = None


@dataclass
class Grid:
    """A table as rows of cells (spans already expanded). ``source`` names it: ``html table 3``."""

    rows: list[list[GridCell]]
    source: str = ""
    #: Rows carry exactly the numbers printed (a token stream): a row with another count than the form's is settled
    #: by the identities, never by taking its last seven numbers.
    exact: bool = False
    #: How the short rows of an ``exact`` grid lost numbers: ``"repeats"`` (repeated consecutive lines collapsed
    #: into one) or ``"blanks"`` (blank cells dropped).
    losses: str = "blanks"
    _anatomy_cache: list | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_texts(cls, rows: Iterable[Sequence[str]], source: str = "") -> Grid:
        """A grid from plain strings; each cell gets the source ``"<source> / row i / col j"``."""
        out = []
        for i, row in enumerate(rows, 1):
            out.append(
                [
                    GridCell(str(t), f"{source} / row {i} / col {j}".lstrip(" /"), (source, i, j))
                    for j, t in enumerate(row, 1)
                ]
            )
        return cls(out, source)


# ---------------------------------------------------------------------------
# row anatomy
# ---------------------------------------------------------------------------
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_value_text(text: str) -> bool:
    """A cell that holds a value (a number, a blank, a not-applicable mark, or unreadable garbage)."""
    s = norm(text)
    if not s:
        return True
    if value_status(text) in ("parsed", "repaired", "not_applicable"):
        return True
    if re.fullmatch(r"[+\-]?[\d.,]+(?:元|万元|件|个|项)", s):
        return True
    return not _CJK.search(s)


@dataclass
class _Row:
    labels: list[str]
    values: list[GridCell]
    cells: list[GridCell]
    index: int
    grid: str


def _anatomies(grid: Grid) -> list[_Row]:
    """The anatomy of every row of ``grid``, computed once per grid."""
    cached = grid._anatomy_cache
    if cached is None or len(cached) != len(grid.rows):
        cached = [_anatomy(r, i, grid.source) for i, r in enumerate(grid.rows, 1)]
        grid._anatomy_cache = cached
    return cached


def _anatomy(row: list[GridCell], index: int, grid: str) -> _Row:
    dedup: list[GridCell] = []
    seen = set()
    for c in row:
        key = c.origin if c.origin is not None else id(c)
        if key in seen:
            continue
        seen.add(key)
        dedup.append(c)
    last_label = -1
    for i, c in enumerate(dedup):
        if not _is_value_text(c.text):
            last_label = i
    labels = []
    for c in dedup[: last_label + 1]:
        t = c.text.strip()
        if norm(t) and (not labels or norm(labels[-1]) != norm(t)):
            labels.append(t)
    return _Row(labels, dedup[last_label + 1 :], dedup, index, grid)


# ---------------------------------------------------------------------------
# the binder
# ---------------------------------------------------------------------------
@dataclass
class _State:
    form: Any
    cells: dict[str, Cell] = field(default_factory=dict)
    labels_seen: dict[str, str] = field(default_factory=dict)
    extra_rows: list[dict] = field(default_factory=list)
    group_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    collapsed_other: dict[str, Cell] | None = None
    t4_numeric_count: int | None = None
    t3_found: bool = False
    t4_found: bool = False
    t2_blocks: set = field(default_factory=set)
    seen: set = field(default_factory=set)  # tables whose title or header was seen, read or not
    loose_t2: list[tuple[str | None, GridCell, str]] = field(default_factory=list)
    t3_bound: list[tuple[str, list[GridCell], tuple[str, ...], str]] = field(default_factory=list)
    t3_odd: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)
    losses: str = "blanks"


def _table_kind(row: _Row) -> str | None:
    """Which table a row opens or belongs to, from its words alone."""
    s = "".join(norm(x) for x in row.labels)
    if not s:
        return None
    if match_t2_block(s) or ("信息内容" in s and not row.values):
        return "t2"
    if "申请人情况" in s or "勾稽关系" in s or ("自然人" in s and ("商业企业" in s or "法人或其他组织" in s)):
        return "t3"
    if "本年新收" in s or "上年结转" in s:
        return "t3"
    if ("行政复议" in s and "行政诉讼" in s) or "未经复议直接起诉" in s or "复议后起诉" in s:
        return "t4"
    return None


def _detect_t2_form(rows: list[_Row]) -> str | None:
    for r in rows:
        f = t2_header_form(r.labels)
        if f:
            return f
    return None


@dataclass
class _T2Context:
    block: str | None = None
    cols: list[str | None] = field(default_factory=list)
    lone: GridCell | None = None  # a number alone on its line (its note may follow on the next)


@dataclass
class _T4Context:
    rows: list[_Row] = field(default_factory=list)
    group: str | None = None
    pairs: dict[str, GridCell] = field(default_factory=dict)
    pair_rows: list[_Row] = field(default_factory=list)


def bind_grids(grids: Sequence[Grid], form_key: str, start: str | None = None) -> _State:
    """Bind the rows of ``grids`` to the cells of form ``form_key``; returns the binder's state.

    The rows are walked as one stream: a row that names a table (a block title, the Table 3 header,
    行政复议/行政诉讼) switches to that table, and tables continue across grids (page breaks).
    ``start`` is the table the rows belong to before any row names one (``t2``/``t3``/``t4``).
    """
    form = get_form(form_key)
    st = _State(form)
    mode = start
    t2, t3, t4 = _T2Context(), _T3Context(), _T4Context()
    for grid in grids:
        if grid.exact:
            st.exact.add(grid.source)
            st.losses = grid.losses
        t3_header: list[tuple[int, int, str]] = []  # header labels of this grid: (column, row, key)
        t3.at = None  # header positions hold only within their own grid
        for i, (raw, row) in enumerate(zip(grid.rows, _anatomies(grid)), 1):
            kind = _table_kind(row)
            if kind:
                st.seen.add(kind)
            if kind and kind != mode:
                mode = kind
                if kind == "t3":
                    t3.group = None
            if mode == "t2":
                _t2_step(st, t2, row)
            elif mode == "t3":
                if not _has_numbers(row) and any(_t3_heading(c.text) for c in row.cells):
                    for j, c in enumerate(raw):
                        k = _t3_heading(c.text)
                        if k:
                            t3_header.append((j, i, k))
                            st.labels_seen.setdefault(f"t3.*.{k}", c.text.strip())
                    t3.cols = _t3_order(t3_header)
                    t3.partial = _partial_header(raw, t3_header)
                    t3.at = _t3_positions(t3_header, len(raw), t3.cols) if not grid.exact else None
                    continue
                _bind_t3_row(st, row, t3, raw)
            elif mode == "t4":
                _t4_step(t4, row)
    _place_loose_t2(st)
    verify_t3_columns(st)
    if st.t3_odd:
        st.cells.update(settle_t3_rows(form, st.cells, st.t3_odd, st.losses))
    _bind_t4(st, t4.rows)
    if not st.t4_found and len(t4.pair_rows) == 1 and t4.pair_rows[0].grid in st.exact:
        _settle_t4_row(st, t4.pair_rows[0])  # one number after the last header word (总计): Table 4 lost its repeats
    if not st.t4_found and t4.pairs:
        st.t4_found = True
        st.t4_numeric_count = len(t4.pairs)
        for a, v in t4.pairs.items():
            st.cells[a] = parse_cell(v.text, form.cell(a), v.source)
    if st.collapsed_other is not None and not any(k.startswith("t3.other_") for k in st.cells):
        if form.has_cell("t3.other.total"):
            st.cells.update({f"t3.other.{c}": cell for c, cell in st.collapsed_other.items()})
    return st


def _t2_step(st: _State, ctx: _T2Context, row: _Row) -> None:
    """One row in Table 2: a block title, a header row, a loose annotated number, or a data row."""
    form = st.form
    b = next((match_t2_block(x) for x in row.labels if match_t2_block(x)), None)
    if b:
        ctx.block, ctx.cols = b, []
        return
    if any("信息内容" in norm(x) for x in row.labels):
        ctx.block = _header_block(form, row, ctx.block)
        ctx.cols = [match_t2_column(c.text, form, ctx.block) if ctx.block else None for c in row.cells[1:]]
        for c, k in zip(row.cells[1:], ctx.cols):
            if k:
                st.labels_seen[f"t2.{ctx.block}.*.{k}"] = c.text.strip()
        return
    joined = norm("".join(c.text for c in row.cells))
    m = _ANNOTATED.match(joined)
    if not m and ctx.lone is not None and re.fullmatch(r"\(.+\)", joined):
        m = _ANNOTATED.match(norm(ctx.lone.text) + joined)  # the number and its note on two lines
    ctx.lone = row.cells[0] if len(row.cells) == 1 and re.fullmatch(r"\d+(?:\.\d+)?", joined) else None
    if m and row.cells:
        # a cell pulled out of its row by a lossy conversion: "55（含自然失效29件）"
        st.loose_t2.append((ctx.block, GridCell(m.group(1), row.cells[0].source, None), m.group(2)))
        return
    _bind_t2_row(st, row, ctx.block, ctx.cols)


def _t4_step(ctx: _T4Context, row: _Row) -> None:
    """One row in Table 4: header words, a label–number pair, or a candidate data row."""
    g = next((g for g in map(_t4_group, row.labels) if g), None)
    if g:
        ctx.group = g
    if row.labels and not _has_numbers(row):
        return
    col = match_t4_column(row.labels[-1]) if row.labels and len(row.values) == 1 else None
    if col and ctx.group:
        # Table 4 as a vertical list of label–number pairs (spec §7.14)
        ctx.pairs[f"t4.{ctx.group}_{col}"] = row.values[0]
        ctx.pair_rows.append(row)
        return
    ctx.rows.append(row)


@dataclass
class _T3Context:
    group: str | None = None
    cols: list[str] | None = None
    partial: list[str | None] | None = None  # a non-standard header: 自然人 | 法人或其他组织 | 总计
    at: tuple[int, list[int]] | None = None  # (grid width, grid column of each of ``cols``) from this grid's header
    last: str | None = None  # the last data row bound


def _next_row(form, last: str | None, cells: dict) -> str | None:
    """The canonical data row after ``last`` (for a row whose label was lost), if it is still free."""
    keys = [r.key for r in form.t3_data_rows()]
    if last is None or last not in keys:
        return None
    i = keys.index(last) + 1
    if i >= len(keys) or any(k.startswith(f"t3.{keys[i]}.") for k in cells):
        return None
    if form.t3_row[keys[i]].computed:
        return None
    return keys[i]


def _t3_heading(text: str) -> str | None:
    """The column a Table 3 header cell names; a numbered row label (``3.其他``, ``（七）总计``, a row printed
    blank) is a row, not a column heading."""
    return None if numbered(text) else match_t3_column(text)


def _t3_positions(
    header: list[tuple[int, int, str]], width: int, cols: list[str] | None
) -> tuple[int, list[int]] | None:
    """The grid column under each of ``cols`` (the header's own columns), when the header names all seven."""
    if cols is None:
        return None
    first: dict[str, int] = {}
    for j, _i, k in sorted(header, key=lambda h: (h[0], h[1])):
        first.setdefault(k, j)
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
    if len(set(origins)) < len(origins) or not all(_is_value_text(c.text) for c in vals):
        return None  # a cell merged over two columns, or text under a column heading: no position to trust
    if any(not _is_value_text(c.text) for c in raw[max(cols) + 1 :]):
        return None
    return vals


def _bind_t3_row(st: _State, row: _Row, ctx: _T3Context, raw: list[GridCell] | None = None) -> None:
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
    vals = _row_values(row, 7)
    if ctx.at is not None and raw is not None and vals is not None:
        vals = _positioned(raw, ctx.at) or vals
    if row.grid in st.exact and n_values != 7:
        vals = None
    cols = ctx.cols or list(C7)
    if m is not None and m.key is None and m.heading:
        ctx.group = m.group
        if vals is not None and any(v.text.strip() for v in vals):
            if m.group in {r.key for r in form.t3_rows if r.collapsible}:
                st.collapsed_other = {c: _t3_cell(form, f"t3.{m.group}.{c}", v) for c, v in zip(cols, vals)}
                st.labels_seen[f"t3.{m.group}"] = row.labels[-1]
            else:
                st.group_rows[m.group] = {c: parse_cell(v.text, None, v.source).value for c, v in zip(cols, vals)}
        return
    note = None
    key = m.key if m is not None else None
    if key is None:
        # a row whose label was lost or garbled: the next canonical row, if the numbers fit a row
        nxt = _next_row(form, ctx.last, st.cells) if vals is not None else None
        if nxt is None:
            if row.labels:
                st.extra_rows.append(
                    {
                        "table": "t3",
                        "label": " ".join(row.labels),
                        "values": [v.text for v in row.values],
                        "source": _src(row),
                    }
                )
            return
        key = nxt
        note = "bound by canonical order: row label " + (
            f"unrecognised ({' '.join(row.labels)})" if row.labels else "absent"
        )
        st.notes.append(f"t3.{key}: {note} ({_src(row)})")
    else:
        ctx.group = m.group
    parent = form.t3_row[key].parent if key in form.t3_row else None
    if parent and parent != "outcomes":
        ctx.group = parent
    ctx.last = key
    if note is None:  # a row bound by position shows no label of its own
        st.labels_seen[f"t3.{key}"] = row.labels[-1]
    st.t3_found = True
    if vals is None:
        st.notes.append(f"t3 row {key!r}: {n_values} values for 7 columns ({_src(row)})")
        texts = [v.text.strip() for v in row.values if v.text.strip()]
        if texts and key not in st.t3_odd and not any(a.startswith(f"t3.{key}.") for a in st.cells):
            st.t3_odd[key] = (texts, _src(row))
    elif tuple(cols) != C7:
        st.t3_bound.append((key, vals, tuple(cols), _src(row)))
    elif row.grid in st.exact and row_holds([parse_cell(v.text).value for v in vals]) is False:
        # printed one cell per line, the row's sum fails: a number split over two lines and a dropped blank
        # would look the same, so the settling decides between "as published" and such readings
        st.t3_odd.setdefault(key, ([v.text.strip() for v in vals], _src(row)))
    for i, c in enumerate(cols):
        addr = f"t3.{key}.{c}"
        if not form.has_cell(addr) or addr in st.cells:
            continue
        if vals is None:
            st.cells[addr] = Cell(
                None,
                "unreadable",
                raw=" ".join(v.text for v in row.values),
                source=_src(row),
                note=f"{n_values} values for 7 columns",
            )
            continue
        cell = _t3_cell(form, addr, vals[i])
        if note:
            cell = Cell(
                cell.value, cell.status, cell.raw, cell.source, note if not cell.note else f"{cell.note}; {note}"
            )
        st.cells[addr] = cell


def _partial_header(raw: list[GridCell], header: list[tuple[int, int, str]]) -> list[str | None] | None:
    """The columns of a non-standard Table 3 header (自然人 | 法人或其他组织 | 总计), or None for the national one.

    ``None`` in the list stands for 法人或其他组织 as one column: the sum of five columns of the form.
    """
    if any(k in C7[1:6] for _j, _i, k in header):
        return None  # the organisations are broken down: the national header (maybe over several rows)
    out: list[str | None] = []
    seen = set()
    for c in raw:
        key = c.origin if c.origin is not None else id(c)
        if key in seen:
            continue
        seen.add(key)
        k = match_t3_column(c.text)
        if k:
            out.append(k)
        elif norm(c.text) == "法人或其他组织":
            out.append(None)
    return out if None in out and len(out) >= 2 and len(set(out)) == len(out) else None


def _bind_partial(st: _State, key: str, row: _Row, cols: list[str | None]) -> None:
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
            st.cells[addr] = Cell(None, "unreadable", raw=raw, source=_src(row), note=note)


def _src(row: _Row) -> str:
    return f"{row.grid} / row {row.index}".lstrip(" /")


def _has_numbers(row: _Row) -> bool:
    return any(value_status(v.text) in ("parsed", "repaired") for v in row.values)


def _row_values(row: _Row, n: int) -> list[GridCell] | None:
    vals = list(row.values)
    while len(vals) > n and not vals[-1].text.strip():
        vals.pop()  # padding cells after the last column
    if len(vals) < n:
        return None
    return vals[-n:]


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


_ANNOTATED = re.compile(r"^(\d+(?:\.\d+)?)\((.+)\)$")
#: Words in an annotation that name a Table 2 column ("含自然失效29件" belongs under 本年废止件数).
_ANNOTATION_COLUMNS = {
    "repealed": ("废止", "失效"),
    "issued": ("制发", "修订", "印发", "新制"),
    "in_force": ("现行有效",),
}


def _place_loose_t2(st: _State) -> None:
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


def _header_block(form, row: _Row, block: str | None) -> str | None:
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


def _bind_t2_row(st: _State, row: _Row, block: str | None, cols: list[str | None]) -> None:
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
                    "source": _src(row),
                }
            )
        return
    b, r = m
    bdef = next(x for x in form.table("t2")["blocks"] if x["key"] == b)
    keys = [k for k in cols if k] if b == block else []
    if not keys:
        keys = [c["key"] for c in bdef["columns"]]
    vals: list[GridCell | None] = list(row.values)
    note = None
    if row.grid in st.exact and len([v for v in vals if v.text.strip()]) > len(keys):
        vals = [None] * len(keys)  # more numbers than columns, one cell per line: a number split over lines?
        note = "more numbers than columns (a number split over two lines?): columns unknown"
    elif len(vals) > len(keys):
        vals = vals[: len(keys)] if all(not v.text.strip() for v in vals[len(keys) :]) else vals[-len(keys) :]
    note = note if row.grid in st.exact else None
    if row.grid in st.exact and 0 < len(vals) < len(keys) and any(v is not None for v in vals):
        vals, note = _t2_short(st, vals, len(keys))
    elif 2 <= len(vals) < len(keys):
        # a cell lost from the row (lossy conversions pull annotated cells out): the first values keep their
        # columns, the last value is the last column, the cells between are unreadable
        note = f"{len(vals)} values for {len(keys)} columns: first and last columns assumed"
        st.notes.append(f"t2.{b}.{r}: {note} ({_src(row)})")
        vals = vals[:-1] + [None] * (len(keys) - len(vals)) + vals[-1:]
    st.labels_seen[f"t2.{b}.{r}"] = row.labels[0]
    st.t2_blocks.add(b)
    for i, k in enumerate(keys):
        addr = f"t2.{b}.{r}.{k}"
        if not form.has_cell(addr) or addr in st.cells:
            continue
        v = vals[i] if i < len(vals) else None
        if v is None:
            st.cells[addr] = Cell(None, "unreadable", raw="", source=_src(row), note="value cell absent from the row")
        else:
            c = parse_cell(v.text, form.cell(addr), v.source)
            st.cells[addr] = Cell(c.value, c.status, c.raw, c.source, note) if note and not c.note else c


def _t2_short(st: _State, vals: list[GridCell], n: int) -> tuple[list[GridCell | None], str]:
    """A Table 2 row printed one cell per line with fewer numbers than columns (Table 2 has no sums to settle it).

    Repeats collapsed: one number stands for the whole row, and the first and last numbers keep their
    columns; blank cells dropped: no number's column is known.
    """
    if st.losses == "repeats" and len(vals) == 1:
        return [vals[0]] * n, "repeated lines collapsed into one: the one number fills the row"
    if st.losses == "repeats":
        return [vals[0], *([None] * (n - 2)), vals[-1]], "repeated lines collapsed: first and last columns kept"
    return [None] * n, f"{len(vals)} numbers for {n} columns with blank cells dropped: columns unknown"


def _t4_group(label: str) -> str | None:
    s = norm(label)
    if "未经复议" in s or "直接起诉" in s:
        return "suit_direct"
    if "复议后" in s:
        return "suit_after_review"
    if "行政复议" in s and "诉讼" not in s:
        return "review"
    return None


def _bind_t4(st: _State, rows: list[_Row]) -> None:
    form = st.form
    addrs = t4_addresses()

    def numeric(r: _Row) -> int:
        return sum(value_status(v.text) in ("parsed", "repaired") for v in r.values)

    cands = [r for r in rows if len(r.values) >= 15]
    chosen: list[GridCell] | None = None
    src = None
    if cands:
        best = max(cands, key=numeric)
        if numeric(best) > 0 or len(cands) == 1 or all(numeric(c) == 0 for c in cands):
            chosen = best.values[:15] if len(best.values) == 15 else best.values[-15:]
            st.t4_numeric_count = len(best.values)
            src = _src(best)
    if chosen is None:
        # Table 4 cut into three 5-value rows (行政复议 / 直接起诉 / 复议后起诉)
        fives = [r for r in rows if len(r.values) == 5 and numeric(r) > 0]
        if len(fives) >= 3:
            chosen = [v for r in fives[:3] for v in r.values]
            st.t4_numeric_count = 15
            src = _src(fives[0])
    if chosen is None and rows and all(r.grid in st.exact for r in rows):
        _settle_t4(st, rows)
        return
    if chosen is None:
        return
    st.t4_found = True
    for a, v in zip(addrs, chosen):
        st.cells[a] = parse_cell(v.text, form.cell(a), v.source or src)


def _settle_t4(st: _State, rows: list[_Row]) -> None:
    """Table 4 rows printed one cell per line that lost numbers: settled by their sums (see :mod:`._settle`)."""
    groups = [r for r in rows if r.labels and _has_numbers(r)]
    keys = [next((g for g in map(_t4_group, r.labels) if g), None) for r in groups]
    if len(groups) == 1 and 0 < len(groups[0].values) < 15:
        _settle_t4_row(st, groups[0])
        return
    if len(groups) != 3 or sorted(k or "" for k in keys) != sorted(("review", "suit_direct", "suit_after_review")):
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
                settle_t4(texts, [a for a in t4_addresses() if a.startswith(f"t4.{g}_")], _src(r), st.losses)
            )


def _settle_t4_row(st: _State, row: _Row) -> None:
    texts = [v.text.strip() for v in row.values if v.text.strip()]
    st.t4_found = True
    st.t4_numeric_count = len(texts)
    st.cells.update(settle_t4(texts, t4_addresses(), _src(row), st.losses))


# ---------------------------------------------------------------------------
# the whole report
# ---------------------------------------------------------------------------
def _all_text(grids: Sequence[Grid]) -> str:
    return "\n".join(" ".join(c.text for c in row) for g in grids for row in g.rows)


def choose_form(grids: Sequence[Grid], text: str, year: int | None) -> tuple[str, dict]:
    """The form of the report: from Table 2's column headers, else from all signals, else from the year."""
    rows = [row for g in grids for row in _anatomies(g)]
    t2 = _detect_t2_form(rows)
    det = detect_form(_all_text(grids))
    tables = {}
    for g in grids:
        if len(g.rows) >= 2:
            d = detect_form(" ".join(c.text for row in g.rows for c in row)).detected
            if d:
                tables[g.source] = d
    per_table = {"t2": t2, "all": det.detected, "tables": tables}
    if det.detected == "legacy_pre2019" or (det.detected is None and detect_form(text).detected == "legacy_pre2019"):
        raise LegacyFormatError(year)
    if t2:
        return t2, per_table
    if det.detected in ("gov_2019", "gov_2021"):
        return det.detected, per_table
    if year is not None:
        if year < 2019:
            raise LegacyFormatError(year)
        return ("gov_2019" if year <= 2020 else "gov_2021"), per_table
    return "gov_2021", per_table


def build_report(
    grids: Sequence[Grid],
    text: str,
    *,
    kind: str,
    agency: str | None = None,
    year: int | None = None,
    title: str | None = None,
    source: dict | None = None,
    extras: dict | None = None,
) -> Report:
    """Turn a reader's grids and narrative text into a :class:`~govinfo_widgets.model.Report`.

    Parameters
    ----------
    grids : the tables, rows of :class:`GridCell` after span expansion.
    text : the narrative, in reading order (tables may be left in it or replaced by blank lines).
    kind : what was read (``html``, ``md``, ``docx``, ``txt``, ``pdf``), recorded in ``meta.source``.
    agency, year : override what the title says.
    title : the document title, when the reader knows it (HTML ``<title>``/``<h1>``).

    Raises
    ------
    LegacyFormatError
        for pre-2019 reports (their tables cannot be mapped).
    NotAReportError
        when none of Tables 2, 3, 4 is found.
    """
    t_agency, t_year = title_meta(title or "")
    if t_year is None:
        t_agency, t_year = title_meta(text)
    agency = agency or t_agency or ""
    year = year or t_year
    if year is not None and year < 2019 and detect_form(_all_text(grids) + text).detected in (None, "legacy_pre2019"):
        raise LegacyFormatError(year)
    form_key, per_table = choose_form(grids, text, year)
    st = bind_grids(grids, form_key)
    if not st.cells:
        raise NotAReportError(
            "未找到年报统计表（表二主动公开、表三申请办理、表四复议诉讼），这不像是一份政府信息公开工作年度报告",
            "no statistical table of an annual report (Table 2, 3 or 4) was found: this does not look like a report",
        )
    sections = split_sections(text)
    meta = ReportMeta(
        agency=agency,
        year=year,
        form=form_key,
        format_declared=declared_format(text),
        source={"kind": kind, **(source or {})},
    )
    t3_rows = {a.split(".")[1] for a in st.cells if a.startswith("t3.")}
    if t3_rows & {"other_no_correction", "other_fee_unpaid", "other_other"}:
        per_table["t3"] = "gov_2021"  # （六） with its three sub-rows: 22 outcome rows
    elif t3_rows & {"other", "other_total_2019"}:
        per_table["t3"] = "gov_2019"  # （六） as one row: 20 outcome rows, the 2019 layout
    ex = {
        "format_detected": per_table,
        "labels_seen": st.labels_seen,
        "extra_rows": st.extra_rows,
        "group_rows": st.group_rows,
        **({"t4_numeric_count": st.t4_numeric_count} if st.t4_numeric_count is not None else {}),
        **({"bind_notes": st.notes} if st.notes else {}),
        "repairs": [f"{a}: {c.note}" for a, c in st.cells.items() if c.status == "repaired"],
        "section_headings": section_headings(text),
        "tables_seen": sorted(st.seen),
        **(extras or {}),
    }
    return Report(meta, st.cells, sections, {}, ex)


__all__ = ["Grid", "GridCell", "NotAReportError", "bind_grids", "build_report", "choose_form", "core"]
