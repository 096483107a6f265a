"""PDF → Report with pdfplumber: words with their positions → lines → table rows and columns."""

from __future__ import annotations

import io
import logging
import re
import time
from pathlib import Path

from ..errors import GovinfoError, LegacyFormatError
from ..model import Report
from ..schema import detect_form
from ._bind import Grid, GridCell, NotAReportError, build_report
from ._layout import Line, Seg, is_footer
from ._match import title_meta
from .text import _apply_repairs, _with_count, lines_to_grids

#: Pages read at most (an annual report has 3–15; the tables sit in the first half).
MAX_PAGES = 80
#: Characters read at most per page (a page of dense text has about 2,000).
MAX_CHARS_PER_PAGE = 20_000
#: Seconds spent reading pages at most: this many, or half a second per page for long files (a 6-page
#: report takes about 0.5 s; damaged streams can take far longer).
MAX_SECONDS = 3.0
#: Words whose tops differ by less than this (points) sit on one line.
LINE_TOL = 3.0
#: Horizontal tolerance (points) when a wrapped label continues a row's label.
X_TOL = 6.0


class PdfError(GovinfoError):
    """A PDF that cannot be read: damaged, encrypted, image-only or too large."""


class ImageOnlyPdfError(PdfError):
    """A scanned PDF: its pages are pictures with no text layer, so there is nothing to read without OCR."""

    def __init__(self, pages: int):
        super().__init__(
            f"该 PDF 共 {pages} 页，均为图片（扫描件），没有可提取的文字层，无法读取表格；请提供文字版 PDF、网页或 Word 文件，或先做 OCR",
            f"this PDF's {pages} page(s) are images (a scan) with no text layer, so its tables cannot be read; "
            "use a text PDF, the web page or the Word file, or run OCR first",
        )


def read_pdf(source: bytes | str | Path, *, agency: str | None = None, year: int | None = None) -> Report:
    """Read a published report from a PDF with a text layer.

    Words and their positions (pdfplumber) are grouped into lines by their tops, and lines into
    table rows by :func:`govinfo_widgets.io.text.lines_to_grids`: wrapped labels are joined to
    their numbers, vertical merged labels and group labels are set apart, tables continue
    across pages (repeated headers and page footers dropped). Every cell's ``source`` is
    ``pdf page N / line M / col K``.

    Parameters
    ----------
    source : bytes, str or Path
        The PDF's bytes or its path.
    agency, year : optional
        Override what the title says.

    Raises
    ------
    ImageOnlyPdfError
        the PDF has no text layer (a scan).
    PdfError
        damaged, encrypted or oversized PDF.
    NotAReportError, LegacyFormatError
        as :func:`~govinfo_widgets.io.read_report`.

    Examples
    --------
    >>> from pathlib import Path
    >>> pdf = Path(__file__).parents[2] / "../shared/corpus/raw/002.pdf"
    >>> r = read_pdf(pdf) if pdf.exists() else None
    >>> r is None or r.value("t3.new_received.total") == 3119
    True
    """
    data = Path(source).read_bytes() if isinstance(source, str | Path) else bytes(source)
    # pdfminer logs a warning per damaged operator; thousands of them on a broken file cost seconds
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        return _read(data, agency, year)
    finally:
        quiet.setLevel(level)


def _read(data: bytes, agency: str | None, year: int | None) -> Report:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError, KeyError, AttributeError, AssertionError) as e:
        raise PdfError(f"PDF 文件已损坏或无法解析（{type(e).__name__}）", f"damaged or unparsable PDF ({type(e).__name__})") from e
    except Exception as e:  # pdfminer raises many private exception types on broken files
        if "password" in str(e).lower() or "encrypt" in type(e).__name__.lower():
            raise PdfError("PDF 已加密，需要密码才能读取", "the PDF is encrypted (password required)") from e
        raise PdfError(f"PDF 文件无法解析（{type(e).__name__}）", f"unparsable PDF ({type(e).__name__})") from e
    try:
        try:
            pages = pdf.pages
        except Exception as e:
            raise PdfError(f"PDF 页面结构无法解析（{type(e).__name__}）", f"unparsable PDF page tree ({type(e).__name__})") from e
        if len(pages) > MAX_PAGES:
            raise PdfError(f"PDF 有 {len(pages)} 页，超过上限 {MAX_PAGES} 页", f"PDF has {len(pages)} pages (limit {MAX_PAGES})")
        lines: list[Line] = []
        table_grids: list[Grid] = []
        chars = 0
        budget = max(MAX_SECONDS, 0.5 * len(pages))
        deadline = time.monotonic() + budget
        for n, page in enumerate(pages, 1):
            if time.monotonic() > deadline:
                raise PdfError(
                    f"PDF 读取超过 {budget:g} 秒（读到第 {n} 页），文件可能已损坏",
                    f"reading the PDF took over {budget:g} s (at page {n}); the file may be damaged",
                )
            try:
                words = page.extract_words(keep_blank_chars=False, x_tolerance=1.5, y_tolerance=2)
                count = sum(len(w["text"]) for w in words)
                if count > MAX_CHARS_PER_PAGE:
                    raise PdfError(f"第 {n} 页文字过多，不像年报", f"page {n} holds too much text for a report")
                chars += count
                lines.extend(_page_lines(words, n, start=len(lines) + 1))
                if count and _TABLE_WORDS.search("".join(w["text"] for w in words)):
                    table_grids.extend(_page_grids(page, n))
            except GovinfoError:
                raise
            except Exception as e:
                raise PdfError(f"第 {n} 页无法解析（{type(e).__name__}）", f"page {n} cannot be parsed ({type(e).__name__})") from e
        if chars == 0:
            raise ImageOnlyPdfError(len(pages))
    finally:
        _close(pdf)
    text = "\n".join(ln.text for ln in lines)
    if detect_form(text).detected == "legacy_pre2019":
        raise LegacyFormatError(year or title_meta(text)[1])
    # First the ruled tables (cells from the drawn grid); without rulings, the word positions.
    if any(_has_t3(g) for g in table_grids):
        try:
            report = build_report(table_grids, text, kind="pdf", agency=agency, year=year,
                                  extras={"pdf_tables": "ruled"})
            if any(a.startswith("t3.") for a in report.cells):
                return _with_count(report, 0)
        except NotAReportError:
            pass
    grids, repairs = lines_to_grids(lines, source="pdf", tol=X_TOL)
    report = build_report(grids, text, kind="pdf", agency=agency, year=year, extras={"pdf_tables": "word positions"})
    return _apply_repairs(report, repairs)


def _close(pdf) -> None:
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - closing re-reads the page tree of a broken file, which may fail again
        pass


_TABLE_WORDS = re.compile(r"第二十条|本年新收|上年结转|申请人情况|行政复议|行政诉讼|结果维持")


def _has_t3(grid: Grid) -> bool:
    return any("本年新收" in (c.text or "") or "上年结转" in (c.text or "") for row in grid.rows for c in row)


def _page_grids(page, n: int) -> list[Grid]:
    """The ruled tables of a page as grids, one cell per grid position.

    pdfplumber keeps the grid's columns, so a merged cell's text sits at its first position and
    the positions it covers are empty (``None``): the binder reads labels left of the values and
    carries the group of a spanned label from row to row, as for HTML.
    """
    out = []
    for k, table in enumerate(page.find_tables(), 1):
        rows = []
        for i, row in enumerate(table.extract(), 1):
            rows.append([
                GridCell(t or "", f"pdf page {n} / table {k} / row {i} / col {j}") for j, t in enumerate(row, 1)
            ])
        out.append(Grid(rows, f"pdf page {n} / table {k}"))
    return out


def _page_lines(words: list[dict], page: int, start: int) -> list[Line]:
    """Group a page's words into lines (by top), each a list of segments left to right."""
    words = sorted(words, key=lambda w: (round(w["top"], 1), w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= LINE_TOL:
            rows[-1].append(w)
        else:
            rows.append([w])
    out: list[Line] = []
    for i, row in enumerate(rows):
        row.sort(key=lambda w: w["x0"])
        segs: list[Seg] = []
        for w in row:
            # words closer than a character's width are one label (pdfplumber splits on spaces)
            if segs and not Seg(0, 0, w["text"]).is_value and not segs[-1].is_value and w["x0"] - segs[-1].x1 < 3:
                last = segs.pop()
                segs.append(Seg(last.x, w["x1"], last.text + w["text"]))
            else:
                segs.append(Seg(float(w["x0"]), float(w["x1"]), w["text"]))
        line = Line(segs, page, start + i)
        if not is_footer(line):
            out.append(line)
    return out
