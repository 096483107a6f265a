"""Grids of cell texts → the cells of Tables 2, 3 and 4, bound by their labels (spec §3–§5, §7).

Every reader (HTML, Markdown, DOCX, text, PDF) turns its tables into :class:`Grid` objects — rows of
:class:`GridCell`, after rowspan/colspan expansion — and hands them, with the narrative text, to
:func:`build_report`. The binder walks the rows as one stream, so a reader may give one grid per table,
one grid for everything, or one grid per line of text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import LegacyFormatError
from ..model import Cell, Report, ReportMeta
from ..schema import C7, detect_form, get_form
from ._bind_t2 import T2Context, detect_t2_form, place_loose_t2, t2_step
from ._bind_t4 import T4Context, bind_t4, settle_t4_row, t4_step
from ._grid import (
    Grid,
    GridCell,
    NotAReportError,
    Row,
    State,
    anatomies,
    anatomy,
    has_numbers,
    is_value_cell,
    row_source,
)
from ._identities import row_holds
from ._layout import numbered
from ._match import (
    core,
    declared_format,
    match_t2_block,
    match_t3_column,
    match_t3_row,
    norm,
    split_sections,
    title_meta,
)
from ._sections import section_headings
from ._settle import settle_t3_rows, unsettle_blank_t3_rows, verify_t3_columns
from ._values import parse_cell


def _table_kind(row: Row) -> str | None:
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


def bind_grids(grids: Sequence[Grid], form_key: str, start: str | None = None) -> State:
    """Bind the rows of ``grids`` to the cells of form ``form_key``; returns the binder's state.

    The rows are walked as one stream: a row that names a table (a block title, the Table 3 header,
    行政复议/行政诉讼) switches to that table, and tables continue across grids (page breaks).
    ``start`` is the table the rows belong to before any row names one (``t2``/``t3``/``t4``).
    """
    form = get_form(form_key)
    st = State(form)
    mode = start
    t2, t3, t4 = T2Context(), _T3Context(), T4Context()
    for grid in grids:
        if grid.exact:
            st.exact.add(grid.source)
            st.losses = grid.losses
        t3_header: list[tuple[int, int, str]] = []  # header labels of this grid: (column, row, key)
        t3.at = None  # header positions hold only within their own grid
        for i, (raw, row) in enumerate(zip(grid.rows, anatomies(grid)), 1):
            kind = _table_kind(row)
            if kind:
                st.seen.add(kind)
            if kind and kind != mode:
                mode = kind
                if kind == "t3":
                    t3.group = None
            if mode == "t2":
                t2_step(st, t2, row)
            elif mode == "t3":
                if not has_numbers(row) and any(_t3_heading(c.text) for c in row.cells):
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
                t4_step(t4, row)
    place_loose_t2(st)
    verify_t3_columns(st)
    if st.t3_odd:
        st.cells.update(settle_t3_rows(form, st.cells, st.t3_odd, st.losses))
    unsettle_blank_t3_rows(st)
    bind_t4(st, t4.rows)
    if not st.t4_found and len(t4.pair_rows) == 1 and t4.pair_rows[0].grid in st.exact:
        settle_t4_row(st, t4.pair_rows[0])  # one number after the last header word (总计): Table 4 lost its repeats
    if not st.t4_found and t4.pairs:
        st.t4_found = True
        st.t4_numeric_count = len(t4.pairs)
        for a, v in t4.pairs.items():
            st.cells[a] = parse_cell(v.text, form.cell(a), v.source)
    if st.collapsed_other is not None and not any(k.startswith("t3.other_") for k in st.cells):
        if form.has_cell("t3.other.total"):
            st.cells.update({f"t3.other.{c}": cell for c, cell in st.collapsed_other.items()})
    return st


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
    if len(set(origins)) < len(origins) or not all(is_value_cell(c.text) for c in vals):
        return None  # a cell merged over two columns, or text under a column heading: no position to trust
    if any(not is_value_cell(c.text) for c in raw[max(cols) + 1 :]):
        return None
    return vals


def _bind_t3_row(st: State, row: Row, ctx: _T3Context, raw: list[GridCell] | None = None) -> None:
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
                        "source": row_source(row),
                    }
                )
            return
        key = nxt
        note = "bound by canonical order: row label " + (
            f"unrecognised ({' '.join(row.labels)})" if row.labels else "absent"
        )
        st.notes.append(f"t3.{key}: {note} ({row_source(row)})")
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
        st.notes.append(f"t3 row {key!r}: {n_values} values for 7 columns ({row_source(row)})")
        texts = [v.text.strip() for v in row.values if v.text.strip()]
        if texts and key not in st.t3_odd and not any(a.startswith(f"t3.{key}.") for a in st.cells):
            st.t3_odd[key] = (texts, row_source(row))
    elif tuple(cols) != C7:
        st.t3_bound.append((key, vals, tuple(cols), row_source(row)))
    elif row.grid in st.exact and row_holds([parse_cell(v.text).value for v in vals]) is False:
        # printed one cell per line, the row's sum fails: a number split over two lines and a dropped blank
        # would look the same, so the settling decides between "as published" and such readings
        st.t3_odd.setdefault(key, ([v.text.strip() for v in vals], row_source(row)))
    for i, c in enumerate(cols):
        addr = f"t3.{key}.{c}"
        if not form.has_cell(addr) or addr in st.cells:
            continue
        if vals is None:
            st.cells[addr] = Cell(
                None,
                "unreadable",
                raw=" ".join(v.text for v in row.values),
                source=row_source(row),
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


def _row_values(row: Row, n: int) -> list[GridCell] | None:
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


# ---------------------------------------------------------------------------
# the whole report
# ---------------------------------------------------------------------------
def _all_text(grids: Sequence[Grid]) -> str:
    return "\n".join(" ".join(c.text for c in row) for g in grids for row in g.rows)


def choose_form(grids: Sequence[Grid], text: str, year: int | None) -> tuple[str, dict]:
    """The form of the report: from Table 2's column headers, else from all signals, else from the year."""
    rows = [row for g in grids for row in anatomies(g)]
    t2 = detect_t2_form(rows)
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


__all__ = ["Grid", "GridCell", "NotAReportError", "anatomy", "bind_grids", "build_report", "choose_form", "core"]
