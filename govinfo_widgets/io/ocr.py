"""Scanned (image-only) PDFs → Report through OCR, into the same reading path as text PDFs.

Optional: needs the ``ocr`` extra (``pip install "govinfo-widgets[ocr]"``), which brings
``rapidocr-onnxruntime``; its Chinese PP-OCR detection and recognition models ship inside that
wheel, so nothing is downloaded at run time. Pages are rendered with pypdfium2 (already installed
with pdfplumber), recognised into boxes of text with their confidence, turned into positioned
:class:`~govinfo_widgets.io._layout.Line`\\ s (points, as the PDF reader builds them from its words)
and handed to :func:`~govinfo_widgets.io.text.lines_to_grids` and
:func:`~govinfo_widgets.io.build_report`.

Never a guessed number: a cell is ``unreadable`` (with the reason in its note) when

* the OCR confidence of its text is below ``min_confidence``;
* its line has text in the value columns that is not a number (a digit misread as a letter);
* it is blank in a row that has numbers (OCR may have missed a digit);
* it needed a digit-run repair; or
* it takes part in an arithmetic identity (T2/T3/T4 rules) that fails as read.

Every other OCR'd cell keeps ``status="parsed"`` and says so in its ``source``
(``ocr page 2 / line 14 / col 3 (OCR 0.98)``); ``extras["ocr"]`` holds the engine, resolution,
threshold and per-cell confidences.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import GovinfoError, LegacyFormatError
from ..limits import LIMITS, LimitExceeded
from ..model import Report
from ..schema import detect_form
from ._bind import NotAReportError, build_report
from ._layout import Line, Seg, is_footer, is_value_text
from ._ocr_vet import vet
from ._title import title_meta
from .pdf import ImageOnlyPdfError
from .text import lines_to_grids

#: Rendering resolution: 200 dpi reads 10.5-pt table text reliably.
DPI = 200
#: Below this recognition confidence a number is not trusted (unreadable).
MIN_CONFIDENCE = 0.6
#: Seconds of OCR allowed per page (a page takes 5–15 s on two cores).
SECONDS_PER_PAGE = 60.0
#: Pixels rendered per page at most (an A4 page at 200 dpi has 3.9 million); larger pages are rendered coarser.
MAX_PIXELS = 12_000_000
#: Horizontal tolerance (points) when a wrapped label continues a row's label (as the PDF reader).
X_TOL = 6.0
_ENGINE = None


class OcrUnavailableError(ImageOnlyPdfError):
    """A scanned PDF, and the ``ocr`` extra is not installed (the message says how to install it)."""

    def __init__(self, pages: int | None = None):
        scan_zh = f"该 PDF 共 {pages} 页，均为图片（扫描件），没有文字层。" if pages else ""
        scan_en = f"This PDF's {pages} page(s) are images (a scan) with no text layer. " if pages else ""
        GovinfoError.__init__(
            self,
            f'{scan_zh}文字识别（OCR）组件未安装，无法读取扫描件。请运行：pip install "govinfo-widgets[ocr]"'
            "（含 rapidocr-onnxruntime，中文识别模型随安装包提供，无需联网下载）",
            f"{scan_en}OCR is not installed, so scanned PDFs cannot be read. Install it with: "
            'pip install "govinfo-widgets[ocr]" (brings rapidocr-onnxruntime; its Chinese models ship inside the '
            "package, nothing is downloaded)",
        )


class ScanNotReadError(ImageOnlyPdfError):
    """A scanned PDF in which OCR found no report table."""

    def __init__(self, pages: int, reason: GovinfoError):
        GovinfoError.__init__(
            self,
            f"该 PDF 共 {pages} 页，均为图片（扫描件），没有文字层；经文字识别（OCR）仍未读出年报统计表：{reason.zh}",
            f"this PDF's {pages} page(s) are images (a scan) with no text layer; OCR found no report table in it: "
            f"{reason.en}",
        )


def ocr_available() -> bool:
    """Whether the ``ocr`` extra (rapidocr-onnxruntime) can be imported."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def engine():
    """The RapidOCR engine (created once; its models are the files inside the installed wheel)."""
    global _ENGINE
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:
            raise OcrUnavailableError() from e
        _ENGINE = RapidOCR()
    return _ENGINE


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised box: its text, position in points (``x0``, ``x1``, ``top``, ``bottom``), confidence."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float


def is_image_only(data: bytes) -> bool:
    """Whether the PDF is a scan: no page has a text layer and some page holds a picture.

    Examples
    --------
    >>> from PIL import Image
    >>> import io
    >>> buf = io.BytesIO(); Image.new("L", (200, 280), 255).save(buf, format="PDF")
    >>> is_image_only(buf.getvalue())
    True
    """
    import pypdfium2 as pdfium

    doc = _open(data)
    images = False
    try:
        for i in range(len(doc)):
            page = doc[i]
            if page.get_textpage().count_chars() > 0:
                return False
            images = images or any(obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))
        return images
    except pdfium.PdfiumError as e:
        raise GovinfoError(f"PDF 页面无法解析（{e}）", f"PDF page cannot be parsed ({e})") from e
    finally:
        doc.close()


def _open(data: bytes):
    import pypdfium2 as pdfium

    if len(data) > LIMITS.max_input_bytes:
        raise LimitExceeded("max_input_bytes", len(data))
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise GovinfoError(f"PDF 文件已损坏或已加密（{e}）", f"damaged or encrypted PDF ({e})") from e
    if len(doc) > LIMITS.max_pages:
        n = len(doc)
        doc.close()
        raise LimitExceeded("max_pages", n)
    return doc


def page_words(image, *, dpi: float = DPI) -> list[Word]:
    """OCR one page image (PIL or numpy RGB) into words with positions in points and confidences."""
    import numpy as np

    result, _ = engine()(np.asarray(image.convert("RGB")) if hasattr(image, "convert") else image, use_cls=False)
    k = 72.0 / dpi
    out = []
    for box, text, score in result or ():
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        x0, x1, top, bottom = min(xs) * k, max(xs) * k, min(ys) * k, max(ys) * k
        text = text.strip()
        parts = text.split()
        if len(parts) > 1 and all(is_value_text(p) for p in parts):
            # two numbers in one box (narrow column gap): place each at its share of the box
            step = (x1 - x0) / len(text)
            pos = 0
            for p in parts:
                i = text.index(p, pos)
                out.append(Word(p, x0 + i * step, x0 + (i + len(p)) * step, top, bottom, float(score)))
                pos = i + len(p)
        elif text:
            out.append(Word(text, x0, x1, top, bottom, float(score)))
    return out


def words_to_lines(words: list[Word], page: int, start: int) -> list[tuple[Line, list[Word]]]:
    """Group a page's words into lines by their vertical centres (as the PDF reader groups by tops)."""
    if not words:
        return []
    height = statistics.median(w.bottom - w.top for w in words)
    tol = 0.45 * height
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        centre = (w.top + w.bottom) / 2
        if rows and abs(statistics.fmean((v.top + v.bottom) / 2 for v in rows[-1]) - centre) <= tol:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for i, row in enumerate(rows):
        row.sort(key=lambda w: w.x0)
        line = Line([Seg(w.x0, w.x1, w.text) for w in row], page, start + i)
        if not is_footer(line):
            out.append((line, row))
    return out


def ocr_lines(data: bytes, *, dpi: int = DPI) -> tuple[list[Line], dict[tuple[int, int], list[Word]], dict]:
    """Every page of an image-only PDF as positioned lines, with the words of each ``(page, line)``.

    Returns ``(lines, words_by_line, stats)``; ``stats`` has ``pages`` and ``seconds``.
    """
    doc = _open(data)
    lines: list[Line] = []
    by_line: dict[tuple[int, int], list[Word]] = {}
    t0 = time.monotonic()
    try:
        n = len(doc)
        budget = SECONDS_PER_PAGE * max(n, 1)
        for i in range(n):
            if time.monotonic() - t0 > budget:
                raise GovinfoError(
                    f"文字识别超过 {budget:g} 秒（读到第 {i + 1} 页），已停止",
                    f"OCR took over {budget:g} s (at page {i + 1}); stopped",
                )
            page = doc[i]
            w, h = page.get_size()
            scale = min(dpi / 72, (MAX_PIXELS / max(w * h, 1.0)) ** 0.5)
            image = page.render(scale=scale).to_pil()
            for line, words in words_to_lines(page_words(image, dpi=scale * 72), i + 1, len(lines) + 1):
                lines.append(line)
                by_line[(line.page, line.no)] = words
    finally:
        doc.close()
    return lines, by_line, {"pages": n, "seconds": round(time.monotonic() - t0, 2)}


def read_scanned_pdf(
    source: bytes | str | Path,
    *,
    agency: str | None = None,
    year: int | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    dpi: int = DPI,
) -> Report:
    """Read a scanned (image-only) PDF report with OCR.

    Parameters
    ----------
    source : bytes, str or Path
        The PDF's bytes or its path.
    agency, year : optional
        Override what the title says.
    min_confidence : float
        Numbers recognised with a lower confidence are ``unreadable``.

    Raises
    ------
    OcrUnavailableError
        the ``ocr`` extra is not installed (the message says how to install it).
    NotAReportError, LegacyFormatError
        as :func:`~govinfo_widgets.io.read_report`.
    """
    data = Path(source).read_bytes() if isinstance(source, str | Path) else bytes(source)
    engine()  # fail early, with the install hint
    lines, by_line, stats = ocr_lines(data, dpi=dpi)
    return report_from_lines(lines, by_line, stats, agency=agency, year=year, min_confidence=min_confidence)


def report_from_lines(
    lines: list[Line],
    by_line: dict,
    stats: dict,
    *,
    agency: str | None = None,
    year: int | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> Report:
    """The reading path after OCR (:func:`ocr_lines`' output): lines → grids → Report → :func:`vet`."""
    text = "\n".join(ln.text for ln in lines)
    if detect_form(text).detected == "legacy_pre2019":
        raise LegacyFormatError(year or title_meta(text)[1])
    grids, repairs = lines_to_grids(lines, source="ocr", tol=X_TOL)
    report = build_report(
        grids, text, kind="pdf", agency=agency, year=year, extras={"pdf_tables": "OCR word positions"}
    )
    info = {"engine": _engine_name(), "dpi": DPI}
    return vet(report, by_line, repairs, min_confidence=min_confidence, stats=stats, info=info)


def read_pdf_with_ocr(data: bytes | str | Path, *, agency: str | None = None, year: int | None = None) -> Report:
    """:func:`~govinfo_widgets.io.pdf.read_pdf`, and for a scan (no text layer) :func:`read_scanned_pdf`.

    Without the ``ocr`` extra a scan raises :class:`OcrUnavailableError`, which says how to install it.
    """
    from .pdf import read_pdf

    data = Path(data).read_bytes() if isinstance(data, str | Path) else bytes(data)
    try:
        return read_pdf(data, agency=agency, year=year)
    except ImageOnlyPdfError as e:
        n = re.search(r"(\d+)", e.en)
        pages = int(n.group(1)) if n else 0
        if not is_image_only(data):  # no text and no pictures either: nothing to recognise
            raise
        if not ocr_available():
            raise OcrUnavailableError(pages or None) from e
    try:
        return read_scanned_pdf(data, agency=agency, year=year)
    except NotAReportError as e:
        raise ScanNotReadError(pages, e) from e


def _engine_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')}"
    except PackageNotFoundError:
        return "rapidocr-onnxruntime"
