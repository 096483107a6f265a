"""The report's three tables as an .xlsx workbook in the official layout, totals as live formulas (openpyxl)."""

from __future__ import annotations

import io
import math

from .._atomic import atomic_write
from ..model import Report
from . import _layout as L

#: One sheet per table: each table has its own columns (Table 2: 4–5, Table 3: 10, Table 4: 15), so its
#: own widths, orientation and "fit to one page wide" print setting; a single sheet of all three prints
#: badly in any one setting. The narrative follows on a sheet of its own, so the workbook holds the report.
SHEETS = {"t2": ("表二 主动公开", "Table 2"), "t3": ("表三 依申请公开", "Table 3"), "t4": ("表四 复议诉讼", "Table 4")}
TEXT_SHEET = ("正文", "Text")
_SECTION_OF = {"t2": "s2_proactive", "t3": "s3_requests", "t4": "s4_review_litigation"}
_FILL_HEAD = "F2F2F2"
_FILL_COMPUTED = "EEF5FF"
_FILL_CONFLICT = "FDECEA"


def _col_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def formula_parts(report: Report, address: str) -> list[str] | None:
    """The cells a computed cell sums, from the form's ``computed`` definitions; ``None`` for a leaf.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> formula_parts(load_example("000"), "t4.review_total")
    ['t4.review_upheld', 't4.review_corrected', 't4.review_other', 't4.review_pending']
    """
    form = report.form
    cd = form.cell(address)
    if not cd.computed:
        return None
    if cd.table == "t4":
        col = next(c for c in form.table("t4")["columns"] if c["key"] == cd.column)
        return [f"t4.{cd.block}_{p}" for p in col["computed"]["sum"]]
    if cd.row == "outcome_total" and cd.column != "total":
        return [f"t3.{r}.{cd.column}" for r in form.outcome_rows(report.collapsed)]
    col = next(c for c in form.t3_columns if c["key"] == cd.column)
    return [f"t3.{cd.row}.{p}" for p in col["computed"]["sum"]]


def _ranges(refs: list[tuple[int, int]]) -> str:
    """``SUM`` arguments for grid positions, contiguous runs in one row or column as ``A1:F1`` ranges."""
    out, i = [], 0
    while i < len(refs):
        j = i
        while j + 1 < len(refs) and (
            (refs[j + 1][0] == refs[j][0] and refs[j + 1][1] == refs[j][1] + 1)
            or (refs[j + 1][1] == refs[j][1] and refs[j + 1][0] == refs[j][0] + 1)
        ):
            j += 1
        a = f"{_col_letter(refs[i][1])}{refs[i][0]}"
        b = f"{_col_letter(refs[j][1])}{refs[j][0]}"
        out.append(a if i == j else f"{a}:{b}")
        i = j + 1
    return ",".join(out)


def _value(report: Report, address: str):
    """What a cell holds in the sheet: its number, the raw text of a "-" or an unreadable cell, or None."""
    c = report.cells.get(address)
    if c is None:
        return None
    if c.value is not None:
        if isinstance(c.value, float) and c.value.is_integer() and report.form.cell(address).dtype != "decimal":
            return int(c.value)
        return c.value
    if c.status in ("not_applicable", "unreadable") and c.raw:
        return L.clean(c.raw).strip() or None
    return None


def _unit_note(report: Report, key: str, lang: str) -> str:
    units = {report.form.cell(a).unit for a in report.form.table_addresses(key, report.collapsed)}
    if units == {"件"}:
        return "Unit: items" if lang == "en" else "单位：件"
    return "Unit: items; amounts as headed" if lang == "en" else "单位：件（金额单位见栏目）"


def _sheet(wb, report: Report, grid: L.Grid, lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.page import PageMargins

    zh_name, en_name = SHEETS[grid.key]
    ws = wb.create_sheet(en_name if lang == "en" else zh_name)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ncols = grid.n_cols
    ws.cell(1, 1, L.title(report, lang)).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(2, 1, L.section_heading(report, _SECTION_OF[grid.key], lang)).font = Font(bold=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.cell(3, 1, _unit_note(report, grid.key, lang)).alignment = Alignment(horizontal="right")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=ncols)
    top = 4  # first row of the table
    where: dict[str, tuple[int, int]] = {}
    for r, c, cell in grid.positions():
        where_r, where_c = top + r, 1 + c
        if cell.address:
            where[cell.address] = (where_r, where_c)
    for r, c, cell in grid.positions():
        row, col = top + r, 1 + c
        target = ws.cell(row, col)
        if cell.colspan > 1 or cell.rowspan > 1:
            ws.merge_cells(
                start_row=row, start_column=col, end_row=row + cell.rowspan - 1, end_column=col + cell.colspan - 1
            )
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws.cell(row + dr, col + dc).border = box
        if cell.kind != "value":
            target.value = L.clean(cell.text)
            target.alignment = Alignment(
                horizontal="left" if cell.kind == "label" and cell.rowspan == 1 else "center",
                vertical="center",
                wrap_text=True,
            )
            if cell.kind in ("head", "note", "title"):
                target.fill = PatternFill("solid", fgColor=_FILL_HEAD)
            if cell.kind == "title":
                target.font = Font(bold=True)
            continue
        addr = cell.address
        target.alignment = Alignment(horizontal="center", vertical="center")
        dtype = report.form.cell(addr).dtype
        target.number_format = "0.0###" if dtype == "decimal" else "0"
        value = _value(report, addr)
        parts = formula_parts(report, addr)
        if parts and all(p in where for p in parts) and isinstance(value, int | float):
            total = sum(report.number(p) for p in parts)
            if not math.isnan(total) and math.isclose(total, float(value), abs_tol=1e-9):
                target.value = f"=SUM({_ranges([where[p] for p in parts])})"
                target.fill = PatternFill("solid", fgColor=_FILL_COMPUTED)
                continue
            # a published total that is not the sum of its parts stays as published, and says so
            shown = "—" if math.isnan(total) else L.format_number(total)
            target.comment = Comment(
                f"原文数值；分项之和为 {shown}\nAs published; the parts add up to {shown}", "govinfo"
            )
            target.fill = PatternFill("solid", fgColor=_FILL_CONFLICT)
        target.value = value
    widths = L.col_widths(grid)
    for i, mm in enumerate(widths, 1):
        ws.column_dimensions[_col_letter(i)].width = max(6.0, mm / 2.0)
    ws.page_setup.orientation = "landscape" if grid.key != "t2" else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    n_head = sum(1 for row in grid.rows if all(c.kind in ("head", "note") for c in row))
    if n_head and grid.key != "t2":
        ws.print_title_rows = f"{top}:{top + n_head - 1}"


def _text_sheet(wb, report: Report, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(TEXT_SHEET[1] if lang == "en" else TEXT_SHEET[0])
    ws.column_dimensions["A"].width = 100
    lines = [(L.title(report, lang), True)]
    for key in L.section_keys(report):
        if key not in report.sections:  # a report without narrative reads back without one
            continue
        lines.append((L.section_heading(report, key, lang), True))
        lines += [(p, False) for p in L.paragraphs(report.sections.get(key))]
        if key == "s6_other":
            lines += [(p, False) for p in L.fee_lines(report, lang)]
    for i, (text, bold) in enumerate(lines, 1):
        # a leading "=" would make Excel read the paragraph as a formula: store it as text
        c = ws.cell(i, 1, text)
        c.data_type = "s"
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            c.font = Font(bold=True)


def build_workbook(report: Report, *, lang: str = "zh"):
    """The ``openpyxl.Workbook`` of ``report`` (see :func:`to_xlsx`)."""
    from openpyxl import Workbook

    L.check_options(report, lang)
    wb = Workbook()
    wb.remove(wb.active)
    for grid in L.grids(report, lang, "blank").values():
        if any(a.startswith(grid.key + ".") for a in report.cells):  # a fragment's absent table stays absent
            _sheet(wb, report, grid, lang)
    _text_sheet(wb, report, lang)
    wb.properties.title = L.title(report, lang)
    wb.properties.creator = "govinfo-widgets"
    wb.properties.subject = report.meta.form
    return wb


def to_xlsx(report: Report, path=None, *, lang: str = "zh"):
    """Write ``report`` as an .xlsx workbook: one sheet per table in the official layout, then the text.

    Headers are merged as in the official form (申请人情况 over 自然人 / 法人或其他组织 / 总计, 行政复议 /
    行政诉讼 …), each sheet states its unit, and every computed total (总计 column, 三（七）总计, Table 4
    总计) is a ``=SUM(...)`` formula that Excel/WPS recompute when a figure changes. A published total
    that is not the sum of its parts is kept as published, marked red with a comment giving the sum —
    the workbook never silently corrects a report. Blank cells stay blank, "-" stays "-".

    Parameters
    ----------
    report : Report
    path : str or Path or file-like, optional
        Where to write (atomically for paths). ``None``: return the bytes.
    lang : {"zh", "en"}

    Returns
    -------
    Path or bytes

    Examples
    --------
    >>> import io, openpyxl
    >>> from govinfo_widgets import load_example
    >>> data = to_xlsx(load_example("000"))
    >>> wb = openpyxl.load_workbook(io.BytesIO(data))
    >>> wb.sheetnames
    ['表二 主动公开', '表三 依申请公开', '表四 复议诉讼', '正文']
    """
    wb = build_workbook(report, lang=lang)
    if path is None:
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    if hasattr(path, "write"):
        wb.save(path)
        return path
    atomic_write(path, wb.save)
    return path
