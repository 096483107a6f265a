"""Grids of cell texts → the cells of Tables 2, 3 and 4, bound by their labels (spec §3–§5, §7).

Every reader (HTML, Markdown, DOCX, text, PDF) turns its tables into :class:`Grid` objects — rows of
:class:`GridCell`, after rowspan/colspan expansion — and hands them, with the narrative text, to
:func:`build_report`. The binder walks the rows as one stream, so a reader may give one grid per table,
one grid for everything, or one grid per line of text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import LegacyFormatError
from ..model import Report, ReportMeta
from ..schema import FORM_KEYS, NATIONAL_KEYS, detect_form, get_form
from ._bind_t2 import T2Context, detect_t2_form, place_loose_t2, t2_step
from ._bind_t3 import T3Context, t3_step
from ._bind_t4 import T4Context, bind_t4, settle_t4_row, t4_step
from ._grid import Grid, GridCell, NotAReportError, Row, State, anatomies
from ._match import norm
from ._sections import split_sections_and_headings
from ._settle import settle_t3_rows, unsettle_blank_t3_rows, verify_t3_columns
from ._title import declared_format, title_meta
from ._values import parse_cell


def bind_grids(grids: Sequence[Grid], form_key: str, start: str | None = None) -> State:
    """Bind the rows of ``grids`` to the cells of form ``form_key``; returns the binder's state.

    The rows are walked as one stream: a row that names a table (a block title, the Table 3 header,
    行政复议/行政诉讼) switches to that table, and tables continue across grids (page breaks).
    ``start`` is the table the rows belong to before any row names one (``t2``/``t3``/``t4``).
    """
    form = get_form(form_key)
    st = State(form)
    mode = start
    t2, t3, t4 = T2Context(), T3Context(), T4Context()
    for grid in grids:
        if grid.exact:
            st.exact.add(grid.source)
            st.losses = grid.losses
        t3.new_grid()
        for i, (raw, row) in enumerate(zip(grid.rows, anatomies(grid)), 1):
            kind = row.kind
            if kind:
                st.seen.add(kind)
                if kind != mode:
                    mode = kind
                    if kind == "t3":
                        t3.group = None
            if mode == "t2":
                t2_step(st, t2, row)
            elif mode == "t3":
                t3_step(st, t3, row, raw, i, grid.exact)
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


def missing_tables(cells) -> list[str]:
    """Which of Tables 2, 3 and 4 have no cell among ``cells`` (addresses)."""
    present = {a[:3] for a in cells}
    return [t for t in ("t2", "t3", "t4") if t + "." not in present]


# ---------------------------------------------------------------------------
# the whole report
# ---------------------------------------------------------------------------
def _all_text(grids: Sequence[Grid]) -> str:
    return "\n".join(" ".join(c.text for c in row) for g in grids for row in g.rows)


def _table2_rows(grids: Sequence[Grid]) -> list[Row]:
    """The rows :func:`bind_grids` reads as Table 2's: from a row that names Table 2 (a block title, its header) to a
    row that names another table. Prose before the tables is not among them: an overview that says 现行有效 or
    本年处理决定数量 does not make a 2019 table a 2021 one."""
    rows = []
    mode = None
    for g in grids:
        for row in anatomies(g):
            if row.kind:
                mode = row.kind
            if mode == "t2":
                rows.append(row)
    return rows


def choose_form(grids: Sequence[Grid], text: str, year: int | None) -> tuple[str, dict]:
    """The form of the report: from Table 2's column headers, else from all signals, else from the year."""
    t2 = detect_t2_form(_table2_rows(grids))
    # normalise_label of cells joined at whitespace is their (cached) norms joined, with 档案 across a join mended;
    # the raw text is not needed (detect_form reads it only for the cited 国办 letter, which is not used here)
    norms = ["".join([norm(c.text) for row in g.rows for c in row]) for g in grids]
    det = detect_form("", normalised="".join(norms).replace("档案", "文件"))
    tables = {}
    for g, g_norm in zip(grids, norms):
        if len(g.rows) >= 2:
            d = detect_form("", normalised=g_norm.replace("档案", "文件")).detected
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


def _has_t3_row(cells, rows: tuple[str, ...]) -> bool:
    """Whether ``cells`` (addresses) hold a cell of any of Table 3's ``rows``."""
    heads = tuple(f"t3.{r}." for r in rows)
    return any(a.startswith(heads) for a in cells) or any(f"t3.{r}" in cells for r in rows)


def _folder_form(grids: Sequence[Grid], form_key: str, st: State) -> tuple[str, State]:
    """A forms-folder form (``$GOVINFO_FORMS_DIR``) checked by ``form_key``'s rules that places Table 3 rows the
    national form has no place for (a local variant adding a row), when it reads no fewer cells: the report is
    read as that form. Without such rows, or without a forms folder, nothing is read twice."""

    def unplaced(s: State) -> int:
        return sum(r["table"] == "t3" for r in s.extra_rows)

    def readable(s: State) -> int:
        return sum(c.status != "unreadable" for c in s.cells.values())

    best_key, best = form_key, st
    for key in FORM_KEYS:
        if not unplaced(best):
            break
        if key in NATIONAL_KEYS or get_form(key).rules_as != form_key:
            continue
        alt = bind_grids(grids, key)
        if unplaced(alt) < unplaced(best) and readable(alt) >= readable(best):
            best_key, best = key, alt
    return best_key, best


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
    form_key, st = _folder_form(grids, form_key, bind_grids(grids, form_key))
    if not st.cells:
        raise NotAReportError(
            "未找到年报统计表（表二主动公开、表三申请办理、表四复议诉讼），这不像是一份政府信息公开工作年度报告",
            "no statistical table of an annual report (Table 2, 3 or 4) was found: this does not look like a report",
        )
    sections, headings = split_sections_and_headings(text)
    meta = ReportMeta(
        agency=agency,
        year=year,
        form=form_key,
        format_declared=declared_format(text),
        source={"kind": kind, **(source or {})},
    )
    if _has_t3_row(st.cells, ("other_no_correction", "other_fee_unpaid", "other_other")):
        per_table["t3"] = "gov_2021"  # （六） with its three sub-rows: 22 outcome rows
    elif _has_t3_row(st.cells, ("other", "other_total_2019")):
        per_table["t3"] = "gov_2019"  # （六） as one row: 20 outcome rows, the 2019 layout
    ex = {
        "format_detected": per_table,
        "labels_seen": st.labels_seen,
        "extra_rows": st.extra_rows,
        "group_rows": st.group_rows,
        **({"t4_numeric_count": st.t4_numeric_count} if st.t4_numeric_count is not None else {}),
        **({"bind_notes": st.notes} if st.notes else {}),
        "repairs": [f"{a}: {c.note}" for a, c in st.cells.items() if c.status == "repaired"],
        "section_headings": headings,
        "tables_seen": sorted(st.seen),
        **(extras or {}),
    }
    return Report(meta, st.cells, sections, {}, ex)


__all__ = ["Grid", "GridCell", "NotAReportError", "bind_grids", "build_report", "choose_form", "missing_tables"]
