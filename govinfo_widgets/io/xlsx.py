"""Excel/WPS workbooks (.xlsx): each sheet becomes a grid (merged cells expanded) for the common binder.

Sheets exported by :func:`govinfo_widgets.export.to_xlsx` read back cell for cell; so do sheets laid out
by hand in the usual shapes (a label column and seven number columns; merged label cells; blank = blank),
because the cells go through the same label binding as every published page. Formulas are evaluated here
(``SUM`` of cells and ranges, ``+``/``-``), the value Excel/WPS would show; a formula outside that subset
takes the value the spreadsheet last saved, and without one the cell is read as unreadable, never guessed.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import GovinfoError
from ..limits import LIMITS, LimitExceeded
from ..model import Report
from ._bind import Grid, GridCell, build_report

#: Bounds on what is read of one sheet (a report's tables have a few dozen rows and at most 16 columns).
MAX_ROWS = 2000
MAX_COLS = 100
MAX_SHEETS = 50
#: Cells one formula may reference (a hostile ``SUM(A1:XFD1048576)`` is not expanded).
MAX_RANGE_CELLS = 10_000
TEXT_SHEETS = ("正文", "Text")


class XlsxReadError(GovinfoError):
    """A workbook that cannot be opened or read."""


def is_xlsx(data: bytes) -> bool:
    """Whether ``data`` is an OOXML workbook (a zip holding ``xl/workbook.xml``).

    Examples
    --------
    >>> is_xlsx(b"PK\\x03\\x04 not really a zip")
    False
    """
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except Exception:  # BadZipFile and friends: not a workbook
        return False


def _check_archive(data: bytes) -> None:
    """Refuse a zip bomb before anything is inflated."""
    if len(data) > LIMITS.max_input_bytes:
        raise LimitExceeded("max_input_bytes", len(data))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as e:
        raise XlsxReadError(f"不是有效的 .xlsx 文件：{e}", f"not a valid .xlsx file: {e}") from e
    with zf:
        total = 0
        for info in zf.infolist():
            if info.file_size > LIMITS.max_decoded_bytes:
                raise LimitExceeded("max_decoded_bytes", info.file_size)
            total += info.file_size
        if total > LIMITS.max_total_decoded_bytes:
            raise LimitExceeded("max_total_decoded_bytes", total)


# ---- formulas ------------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7})|(?P<ref>\$?[A-Z]{1,3}\$?\d{1,7})"
    r"|(?P<num>\d+(?:\.\d+)?)|(?P<sum>SUM\s*\()|(?P<op>[-+(),]))"
)


class _Unsupported(Exception):
    pass


def _tokens(body: str) -> list[tuple[str, str]]:
    out, i, body = [], 0, body.upper().strip()
    while i < len(body):
        m = _TOKEN.match(body, i)
        if not m or m.end() == i:
            raise _Unsupported(body[i:])
        out.append((m.lastgroup, m.group(m.lastgroup).replace("$", "").replace(" ", "")))
        i = m.end()
    return out


class _Evaluator:
    """``=SUM(D7:I7)``, ``=A1+B1-C1``, ``=SUM(A1,B2:B4)+3`` over one sheet; anything else is unsupported."""

    def __init__(self, ws):
        self.ws = ws
        self.active: set[str] = set()

    def value_of(self, coord: str, in_sum: bool) -> float:
        if coord in self.active or len(self.active) > 50:
            raise _Unsupported("circular or too deep")
        v = self.ws[coord].value
        if isinstance(v, str) and v.startswith("="):
            self.active.add(coord)
            try:
                return self.formula(v)
            finally:
                self.active.discard(coord)
        if v is None:
            return 0.0
        if isinstance(v, bool):
            raise _Unsupported("boolean")
        if isinstance(v, int | float):
            return float(v)
        if in_sum:  # SUM skips text, as Excel does ("-" is 0 in a report's arithmetic too)
            return 0.0
        raise _Unsupported("text in arithmetic")

    def formula(self, text: str) -> float:
        toks = _tokens(text[1:])
        pos, value = self._expr(toks, 0)
        if pos != len(toks):
            raise _Unsupported(text)
        return value

    def _expr(self, toks, i):
        i, total = self._term(toks, i)
        while i < len(toks) and toks[i] in (("op", "+"), ("op", "-")):
            sign = 1 if toks[i][1] == "+" else -1
            i, v = self._term(toks, i + 1)
            total += sign * v
        return i, total

    def _term(self, toks, i):
        if i >= len(toks):
            raise _Unsupported("end")
        kind, text = toks[i]
        if kind == "num":
            return i + 1, float(text)
        if kind == "ref":
            return i + 1, self.value_of(text, False)
        if kind == "op" and text == "-":
            i, v = self._term(toks, i + 1)
            return i, -v
        if kind == "op" and text == "(":
            i, v = self._expr(toks, i + 1)
            if i >= len(toks) or toks[i] != ("op", ")"):
                raise _Unsupported("paren")
            return i + 1, v
        if kind == "sum":
            total, i = 0.0, i + 1
            while True:
                if i < len(toks) and toks[i][0] == "range":
                    total += sum(self.value_of(c, True) for c in _cells_of(toks[i][1]))
                    i += 1
                elif i < len(toks) and toks[i][0] == "ref":
                    total += self.value_of(toks[i][1], True)
                    i += 1
                else:
                    i, v = self._expr(toks, i)
                    total += v
                if i < len(toks) and toks[i] == ("op", ","):
                    i += 1
                    continue
                if i < len(toks) and toks[i] == ("op", ")"):
                    return i + 1, total
                raise _Unsupported("sum")
        raise _Unsupported(text)


def _cells_of(rng: str) -> list[str]:
    from openpyxl.utils.cell import range_boundaries

    c1, r1, c2, r2 = range_boundaries(rng)
    if (c2 - c1 + 1) * (r2 - r1 + 1) > MAX_RANGE_CELLS:
        raise _Unsupported("range too large")
    from openpyxl.utils import get_column_letter

    return [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _number_text(v: float) -> str:
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.10f}".rstrip("0").rstrip(".")


# ---- sheets → grids ------------------------------------------------------------------------------
def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int | float):
        return _number_text(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v).strip()


def _sheet_grid(ws, cached, name: str) -> tuple[Grid, list[str]]:
    """The sheet as a grid (merged ranges expanded, copies sharing the origin) and its one-cell text rows."""
    nrows, ncols = min(ws.max_row or 0, MAX_ROWS), min(ws.max_column or 0, MAX_COLS)
    merged = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, min(rng.max_row, nrows) + 1):
            for c in range(rng.min_col, min(rng.max_col, ncols) + 1):
                merged[(r, c)] = (rng.min_row, rng.min_col)
    ev = _Evaluator(ws)
    texts: dict[tuple[int, int], tuple[str, str]] = {}

    def read(r: int, c: int) -> tuple[str, str]:
        if (r, c) in texts:
            return texts[(r, c)]
        v = ws.cell(r, c).value
        coord = ws.cell(r, c).coordinate
        src = f"xlsx {name} / {coord}"
        if isinstance(v, str) and v.startswith("="):
            src += f" ({v[:60]})"
            try:
                out = _number_text(ev.formula(v))
            except (_Unsupported, ValueError, RecursionError):
                wb_values = cached()
                saved = wb_values[ws.title][coord].value if wb_values is not None else None
                if isinstance(saved, int | float) and not isinstance(saved, bool):
                    out, src = _number_text(saved), src + " · 按表格保存的计算结果 / value saved by the spreadsheet"
                else:
                    out = v.strip()  # read as unreadable by the binder, with the formula as its raw text
        else:
            out = _text(v)
        texts[(r, c)] = (out, src)
        return out, src

    rows, lines = [], []
    for r in range(1, nrows + 1):
        row = []
        for c in range(1, ncols + 1):
            o = merged.get((r, c), (r, c))
            text, src = read(*o)
            row.append(GridCell(text, src, (name, *o)))
        rows.append(row)
    # blank = blank: a row keeps its blank cells up to the last column the sheet uses at all
    width = max((j + 1 for row in rows for j, c in enumerate(row) if c.text), default=0)
    rows = [row[:width] for row in rows]
    for row in rows:
        filled = {c.origin for c in row if c.text}
        if len(filled) == 1:
            lines.append(next(c.text for c in row if c.text))
    while rows and not any(c.text for c in rows[-1]):
        rows.pop()
    return Grid(rows, f"xlsx {name}"), lines


def read_xlsx(data: bytes, *, agency: str | None = None, year: int | None = None) -> Report:
    """Read a workbook: every sheet's table through the common binder, a ``正文`` sheet as the narrative.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> from govinfo_widgets.export import to_xlsx
    >>> r = read_xlsx(to_xlsx(load_example("002")))
    >>> r.meta.agency, r.value("t3.new_received.total"), r.value("t4.review_total")
    ('淮安市人民政府', 3119, 351)
    """
    import openpyxl

    data = bytes(data)
    _check_archive(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception as e:  # damaged parts: zip, XML and openpyxl's own errors all mean the same
        raise XlsxReadError(f"无法打开 .xlsx 文件：{e}", f"the .xlsx file cannot be opened: {e}") from e
    sheets = wb.worksheets[:MAX_SHEETS]
    cache: dict = {}

    def cached():  # the values the spreadsheet saved, loaded only when a formula is outside our subset
        if "wb" not in cache:
            try:
                cache["wb"] = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
            except Exception:
                cache["wb"] = None
        return cache["wb"]

    grids, narrative, titles = [], [], []
    for ws in sheets:
        name = ws.title[:31]
        grid, lines = _sheet_grid(ws, cached, name)
        if name in TEXT_SHEETS and all(len(row) <= 1 for row in grid.rows):
            narrative += [row[0].text for row in grid.rows if row and row[0].text]
            continue
        grids.append(grid)
        titles += lines[:2]
    # the title from the sheets (what a person sees), else the file's properties; the narrative only from a
    # text sheet: a heading over a hand-laid table is not a section of the report
    title = "\n".join(titles or [wb.properties.title or ""])
    text = "\n".join(narrative)
    extras = {"xlsx_sheets": [ws.title[:31] for ws in sheets]}
    cut = {
        ws.title[:31]: ws.max_row for ws in sheets if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLS
    }
    if cut:
        extras["xlsx_not_read"] = f"beyond row {MAX_ROWS} / column {MAX_COLS}: {', '.join(cut)}"
    if len(wb.worksheets) > MAX_SHEETS:
        extras["sheets_not_read"] = len(wb.worksheets) - MAX_SHEETS
    return build_report(grids, text, kind="xlsx", agency=agency, year=year, title=title, extras=extras)
