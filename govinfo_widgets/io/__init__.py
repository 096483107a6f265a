"""Importers: published reports (HTML, PDF, Word, text, Markdown, pasted rows) → :class:`~govinfo_widgets.model.Report`.

Each reader is ``read_<kind>(data: bytes | str, *, agency=None, year=None) -> Report``. It turns its
tables into :class:`Grid` objects (rows of :class:`GridCell`, spans expanded, each cell with its
``source``) and hands them with the narrative text to :func:`build_report`, which detects the form,
binds Tables 2–4 by their labels (``_match``), splits the six sections and records ``extras``
(``labels_seen``, ``extra_rows``, ``format_detected``, ``group_rows``, ``t4_numeric_count``, ``repairs``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import GovinfoError, LegacyFormatError
from ..model import Report
from ._bind import Grid, GridCell, NotAReportError, build_report
from ._match import parse_cell, split_sections
from .paste import read_paste

KINDS = ("html", "md", "docx", "pdf", "txt", "xlsx")
_EXT = {".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".md": "md", ".markdown": "md",
        ".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf", ".txt": "txt", ".text": "txt"}
#: Largest input read at all (bytes): 50 MB.
MAX_INPUT_BYTES = 50 * 1024 * 1024


class UnsupportedInputError(GovinfoError):
    """An input whose kind is not one the importers read (or a reader that is not installed)."""


def sniff_kind(data: bytes, name: str | None = None) -> str:
    """Guess what ``data`` is: ``html``, ``md``, ``docx``, ``pdf`` or ``txt`` (content first, then the name).

    Examples
    --------
    >>> sniff_kind(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_kind("<html><body><table></table></body></html>".encode())
    'html'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text: sniff what it says
        data = data[:8192].decode("utf-16", errors="ignore").encode("utf-8")
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-" or head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")) or head[8:12] == b"WEBP":
        return "image"
    if head.startswith(b"PK\x03\x04"):
        from .xlsx import is_xlsx

        return "xlsx" if is_xlsx(data) else "docx"
    low = head.lower()
    if any(t in low for t in (b"<html", b"<!doctype html", b"<table", b"<body", b"<p>", b"<p ", b"<div", b"<meta")):
        return "html"
    text = _decode_guess(data[:200_000])
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pipes = sum(ln.startswith("|") and ln.count("|") >= 3 for ln in lines)
    if pipes >= 5 and pipes >= len(lines) // 20:
        return "md"
    ext = _EXT.get(Path(name).suffix.lower()) if name else None
    return ext or "txt"


def _decode_guess(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def decode_text(data: bytes) -> str:
    """Bytes of a text file → str (UTF-8, UTF-16 with BOM, else GB18030, which covers GBK/GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return _decode_guess(data)


def _reader(kind: str):
    if kind == "html":
        from .html import read_html

        return read_html
    if kind == "md":
        from .markdown import read_markdown

        return read_markdown
    if kind == "docx":
        from .docx import read_docx

        return read_docx
    if kind == "pdf":
        try:
            from .ocr import read_pdf_with_ocr  # text PDFs as before; scans through OCR (issue 16)
        except ImportError as e:
            raise UnsupportedInputError("PDF 读取器尚未安装", "the PDF reader is not available") from e
        return read_pdf_with_ocr
    if kind == "txt":
        try:
            from .text import read_text
        except ImportError as e:
            raise UnsupportedInputError("纯文本读取器尚未安装", "the plain-text reader is not available") from e
        return read_text
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx
    raise UnsupportedInputError(f"不支持的文件类型：{kind}", f"unsupported input kind: {kind}")


def read_report(source, *, kind: str | None = None, agency: str | None = None, year: int | None = None) -> Report:
    """Read a published annual report into a :class:`~govinfo_widgets.model.Report`.

    Parameters
    ----------
    source : str, bytes or path
        A path (``str`` naming an existing file, or ``Path``), the file's bytes, or its text.
    kind : {"html", "md", "docx", "pdf", "txt"}, optional
        Skip sniffing.
    agency, year : optional
        Override what the title says.

    Raises
    ------
    LegacyFormatError
        a pre-2019 report.
    NotAReportError
        no statistical table was found.
    GovinfoError
        any other unreadable input, with the reason in Chinese and English.

    Examples
    --------
    >>> from govinfo_widgets.io import read_report
    >>> r = read_report("<p>某局2023年政府信息公开工作年度报告</p><table><tr><td>信息内容</td>"
    ...                 "<td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    ...                 "<tr><td>规章</td><td>1</td><td>0</td><td>2</td></tr></table>")
    >>> r.meta.agency, r.meta.year, r.value("t2.art20_1.rules.in_force")
    ('某局', 2023, 2)
    """
    name = None
    data: bytes
    if isinstance(source, Path) or (isinstance(source, str) and len(source) < 4096 and "\n" not in source
                                    and not source.lstrip().startswith("<") and os.path.isfile(source)):
        p = Path(source)
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise GovinfoError(f"文件过大（{size} 字节），拒绝读取", f"file too large ({size} bytes), refused")
        data = p.read_bytes()
        name = p.name
    elif (isinstance(source, str) and "\n" not in source and len(source) < 1024
          and Path(source).suffix.lower() in _EXT and not source.lstrip().startswith(("<", "|", "#"))):
        raise FileNotFoundError(2, "找不到文件 / file not found", source)
    elif isinstance(source, str | bytes | bytearray):
        data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
        if len(data) > MAX_INPUT_BYTES:
            raise GovinfoError(f"输入过大（{len(data)} 字节），拒绝读取", f"input too large ({len(data)} bytes), refused")
    else:
        raise GovinfoError(f"无法读取此类输入：{type(source).__name__}", f"cannot read input of type {type(source).__name__}")
    if not data.strip():
        raise NotAReportError("输入为空", "the input is empty")
    k = kind or sniff_kind(data, name)
    if k == "doc":
        raise UnsupportedInputError("这是旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后再导入",
                                    "this is a legacy Word (.doc) file: save it as .docx or PDF and import that")
    if k == "image":
        raise UnsupportedInputError("这是图片，年报表格需先经文字识别（OCR）才能导入",
                                    "this is an image: the report's tables need OCR before they can be imported")
    if k not in KINDS:
        raise UnsupportedInputError(f"不支持的文件类型：{k}", f"unsupported input kind: {k}")
    report = _reader(k)(data, agency=agency, year=year)
    if name:
        report = report.with_meta(source={**report.meta.source, "file": name})
    return report


__all__ = [
    "KINDS",
    "Grid",
    "GridCell",
    "LegacyFormatError",
    "NotAReportError",
    "UnsupportedInputError",
    "build_report",
    "decode_text",
    "parse_cell",
    "read_paste",
    "read_report",
    "sniff_kind",
    "split_sections",
]
