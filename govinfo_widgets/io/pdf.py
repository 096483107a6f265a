"""PDF → Report: PDFium's positioned characters → words → lines → table rows and columns.

The page content comes from :mod:`._pdfium` (pypdfium2); ruled tables come from PDFium's drawn edges
by pdfplumber's "lines" rule, written over tuples in :mod:`._rulings`. :func:`report_from_pages` is the one
entry from positioned words to a Report, so another source of words (OCR of a scanned page) reads the
same way.
"""

from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GovinfoError, LegacyFormatError
from ..limits import LIMITS, LimitExceeded
from ..model import Report
from ..schema import detect_form
from . import _pdfium
from ._bind import Grid, GridCell, NotAReportError, build_report
from ._layout import Line, Seg, is_footer, is_value_text
from ._title import title_meta
from .text import apply_repairs, lines_to_grids, with_count

#: Pages read at most (an annual report has 3–15; the tables sit in the first half).
MAX_PAGES = LIMITS.max_pages
#: Characters read at most per page (a page of dense text has about 2,000).
MAX_CHARS_PER_PAGE = _pdfium.MAX_CHARS_PER_PAGE
#: Seconds spent reading pages at most: this many, or half a second per page for long files (a 6-page
#: report takes about 0.05 s; damaged streams can take far longer). Never more than ``LIMITS.max_seconds``.
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

    Characters and their boxes (PDFium) are grouped into words and lines by their tops, and lines
    into table rows by :func:`govinfo_widgets.io.text.lines_to_grids`: wrapped labels are joined to
    their numbers, vertical merged labels and group labels are set apart, tables continue across
    pages (repeated headers and page footers dropped). Ruled tables are read from their drawn grid
    first. Every cell's ``source`` is ``pdf page N / table T / row R / col K`` or
    ``pdf page N / line M / col K``.

    Decompressed streams, pages, characters, drawn objects and time are bounded by
    :data:`~govinfo_widgets.limits.LIMITS` while reading.

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
    EncryptedPdfError
        the PDF needs a password.
    PdfError
        damaged or oversized PDF.
    LimitExceeded
        a decompressed stream, the page count, a page's characters or drawn objects, or the time.
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
    if len(data) > LIMITS.max_input_bytes:
        raise LimitExceeded("max_input_bytes", len(data))
    check_streams(data)
    pages = read_pages(data)
    return report_from_pages(pages, agency=agency, year=year)


class EncryptedPdfError(PdfError):
    """A PDF that needs a password to open."""

    def __init__(self):
        super().__init__(
            "PDF 已加密，需要密码才能读取，请提供未加密的文件", "the PDF is encrypted (a password is needed to open it)"
        )


@dataclass
class Page:
    """What one page gives the reader: its words (``text, x0, x1, top, bottom`` in points from the top
    left) and its ruled tables (rows of ``(text, cell box)`` per grid position, a merged cell at every position it
    covers; ``None`` where no cell is drawn)."""

    words: list[dict]
    tables: list[list[list[str | None]]] = field(default_factory=list)


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == 4 or "password" in str(e).lower():  # FPDF_ERR_PASSWORD
            raise EncryptedPdfError() from e
        raise PdfError(f"PDF 文件已损坏或无法解析（{e}）", f"damaged or unparsable PDF ({e})") from e
    except Exception as e:  # noqa: BLE001 - any failure to open is a damaged file
        raise PdfError(f"PDF 文件无法解析（{type(e).__name__}）", f"unparsable PDF ({type(e).__name__})") from e


def read_pages(data: bytes) -> list[Page]:
    """Each page's words and ruled tables, read with PDFium within the limits."""
    doc = _open(data)
    try:
        n_pages = len(doc)
        if n_pages > MAX_PAGES:
            raise PdfError(
                f"PDF 有 {n_pages} 页，超过上限 {MAX_PAGES} 页", f"PDF has {n_pages} pages (limit {MAX_PAGES})"
            )
        budget = min(max(MAX_SECONDS, 0.5 * n_pages), LIMITS.max_seconds)
        deadline = time.monotonic() + budget
        out: list[Page] = []
        for n in range(n_pages):
            if time.monotonic() > deadline:
                raise LimitExceeded("max_seconds", round(time.monotonic() - deadline + budget, 1))
            try:
                page = doc[n]
            except Exception as e:  # noqa: BLE001 - PDFium cannot load a damaged page
                raise PdfError(
                    f"第 {n + 1} 页无法解析（{type(e).__name__}）",
                    f"page {n + 1} cannot be parsed ({type(e).__name__})",
                ) from e
            try:
                out.append(_page(page, deadline))
            finally:
                page.close()
        return out
    finally:
        doc.close()


def _page(page, deadline: float) -> Page:
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFPage_CountObjects(page.raw) > LIMITS.max_page_objects:
        raise LimitExceeded("max_page_objects", pdfium_c.FPDFPage_CountObjects(page.raw))
    chars = _pdfium.page_chars(page, deadline)
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise LimitExceeded("max_chars", len(chars))
    ws = _pdfium.words(chars, x_tolerance=1.5, y_tolerance=2)
    tables = []
    if ws and _TABLE_WORDS.search("".join(w["text"] for w in ws)):
        tables = _pdfium.tables(chars, _pdfium.page_edges(page, deadline))
    return Page(ws, tables)


def report_from_pages(
    pages: list[Page], *, agency: str | None = None, year: int | None = None, kind: str = "pdf"
) -> Report:
    """Positioned words (and ruled tables) of each page → a Report: the reading path shared by every PDF source.

    Raises :class:`ImageOnlyPdfError` when no page has a word.
    """
    lines: list[Line] = []
    table_grids: list[Grid] = []
    chars = 0
    for n, page in enumerate(pages, 1):
        chars += sum(len(w["text"]) for w in page.words)
        lines.extend(_page_lines(page.words, n, start=len(lines) + 1))
        table_grids.extend(_page_grids(page.tables, n))
    if chars == 0:
        raise ImageOnlyPdfError(len(pages))
    text = "\n".join(ln.text for ln in lines)
    if detect_form(text).detected == "legacy_pre2019":
        raise LegacyFormatError(year or title_meta(text)[1])
    # First the ruled tables (cells from the drawn grid); without rulings, the word positions.
    if any(_has_t3(g) for g in table_grids):
        try:
            report = build_report(
                table_grids, text, kind=kind, agency=agency, year=year, extras={"pdf_tables": "ruled"}
            )
            if any(a.startswith("t3.") for a in report.cells):
                return with_count(report, 0)
        except NotAReportError:
            pass
    grids, repairs = lines_to_grids(lines, source="pdf", tol=X_TOL)
    report = build_report(grids, text, kind=kind, agency=agency, year=year, extras={"pdf_tables": "word positions"})
    return apply_repairs(report, repairs)


# ---- decompression bombs -------------------------------------------------------------------------
#: A stream's start; "endstream" followed by a line break is skipped by a look at the three bytes before
#: (a lookbehind in the pattern would make the regex engine try every position: 10x slower on a 400 KB file).
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/Fl(?:ateDecode)?(?![A-Za-z])")


def check_streams(data: bytes) -> int:
    """Refuse a PDF as soon as one Flate stream inflates beyond ``LIMITS.max_decoded_bytes`` or all of them
    together beyond ``LIMITS.max_total_decoded_bytes``, before PDFium reads it.

    Deflate expands at most ~1,032:1, so a stream too short to break a limit is not inflated; the
    others are inflated into nothing (at most a megabyte at a time) and counted. Returns the decoded
    size counted (bounds for the streams not inflated). A 10 KB file can inflate to gigabytes; this
    costs at most the limits in time (zlib runs at hundreds of MB/s) and a megabyte of memory.
    """
    spans = []
    for m in _STREAM.finditer(data):
        if data[m.start() - 3 : m.start()] == b"end":
            continue
        head = data[max(0, m.start() - 2048) : m.start()]
        k = head.rfind(b"obj")
        if not _FLATE.search(head[k if k >= 0 else 0 :]):
            continue
        end = data.find(b"endstream", m.end())
        spans.append((m.end(), len(data) if end < 0 else end))
    bound = [(e - s) * _MAX_RATIO for s, e in spans]
    counted = list(bound)
    # inflate the streams that could break a limit, largest first, until the bounds of the rest fit
    for i in sorted(range(len(spans)), key=lambda i: -bound[i]):
        if bound[i] <= LIMITS.max_decoded_bytes and sum(counted) <= LIMITS.max_total_decoded_bytes:
            break
        size = _inflated_size(data, *spans[i])
        if size > LIMITS.max_decoded_bytes:
            raise LimitExceeded("max_decoded_bytes", size)
        counted[i] = size
    total = sum(counted)
    if total > LIMITS.max_total_decoded_bytes:
        raise LimitExceeded("max_total_decoded_bytes", total)
    return total


_MAX_RATIO = 1032


def _inflated_size(data: bytes, start: int, end: int) -> int:
    """How many bytes one Flate stream inflates to, counted a megabyte at a time (stops past the limit)."""
    d = zlib.decompressobj()
    size = 0
    chunk = 1 << 20
    pos = start
    try:
        while pos < end and not d.eof and size <= LIMITS.max_decoded_bytes:
            size += len(d.decompress(data[pos : min(pos + chunk, end)], chunk))
            pos = min(pos + chunk, end)
            while d.unconsumed_tail and not d.eof and size <= LIMITS.max_decoded_bytes:
                size += len(d.decompress(d.unconsumed_tail, chunk))
    except zlib.error:
        pass  # a damaged stream: PDFium decides what it can read
    return size


_TABLE_WORDS = re.compile(r"第二十条|本年新收|上年结转|申请人情况|行政复议|行政诉讼|结果维持")


def _has_t3(grid: Grid) -> bool:
    return any("本年新收" in (c.text or "") or "上年结转" in (c.text or "") for row in grid.rows for c in row)


def _page_grids(tables: list[list[list[tuple[str, tuple] | None]]], n: int) -> list[Grid]:
    """The ruled tables of a page as grids, one cell per grid position.

    A merged cell is one :class:`GridCell` at every position it covers (one ``origin``, as HTML's span
    expansion): the binder counts it once among a row's values and carries a spanned label from row to row.
    """
    out = []
    for k, table in enumerate(tables, 1):
        rows = []
        made: dict[tuple, GridCell] = {}
        for i, row in enumerate(table, 1):
            cells = []
            for j, pos in enumerate(row, 1):
                if pos is None:
                    cells.append(GridCell("", f"pdf page {n} / table {k} / row {i} / col {j}", (n, k, i, j, "hole")))
                    continue
                text, box = pos
                if box not in made:  # a merged cell: one GridCell at every position it covers (one origin)
                    made[box] = GridCell(text or "", f"pdf page {n} / table {k} / row {i} / col {j}", (n, k, box))
                cells.append(made[box])
            rows.append(cells)
        out.append(Grid(rows, f"pdf page {n} / table {k}"))
    return out


def _page_lines(words: list[dict], page: int, start: int) -> list[Line]:
    """Group a page's words into lines (by top), each a list of segments left to right; footers dropped.

    ``words`` are dicts with ``text, x0, x1, top`` (points from the page's top left), from PDFium or OCR.
    """
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
            # words closer than a character's width are one label (words split on spaces)
            if segs and not is_value_text(w["text"]) and not segs[-1].is_value and w["x0"] - segs[-1].x1 < 3:
                last = segs.pop()
                segs.append(Seg(last.x, w["x1"], last.text + w["text"]))
            else:
                segs.append(Seg(float(w["x0"]), float(w["x1"]), w["text"]))
        line = Line(segs, page, start + i)
        if not is_footer(line):
            out.append(line)
    return out


#: Public name of the words → lines step (OCR feeds its words here too).
page_lines = _page_lines
