"""Importers: published reports (HTML, PDF, Word, text, Markdown, pasted rows) → :class:`~govinfo_widgets.model.Report`.

Each reader is ``read_<kind>(data: bytes | str, *, agency=None, year=None) -> Report``. It turns its
tables into :class:`Grid` objects (rows of :class:`GridCell`, spans expanded, each cell with its
``source``) and hands them with the narrative text to :func:`build_report`, which detects the form,
binds Tables 2–4 by their labels (``_match``), splits the six sections and records ``extras``
(``labels_seen``, ``extra_rows``, ``format_detected``, ``group_rows``, ``t4_numeric_count``, ``repairs``).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..errors import GovinfoError, LegacyFormatError
from ..limits import LIMITS, LimitExceeded
from ..model import Report
from ._bind import Grid, GridCell, NotAReportError, build_report
from ._match import split_sections
from ._values import parse_cell, parse_rules
from .paste import read_paste

KINDS = ("html", "md", "docx", "pdf", "txt", "xlsx")
_EXT = {
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
}
#: Largest input read at all (bytes): :data:`~govinfo_widgets.limits.LIMITS` ``.max_input_bytes``.
MAX_INPUT_BYTES = LIMITS.max_input_bytes


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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data[:8192]):  # UTF-16: sniff what it says
        data = decode_text(data[:8192]).encode("utf-8")
        head = data[:4096]
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


# Characters frequent in annual reports, simplified and traditional: the right decoding has many of them,
# Big5 read as GB18030 (or the reverse) gives rare characters instead.
_COMMON = set(
    "的一是在不了有和人中大为上个国以要时来用们到作地于出分对成会可发年动同工能下过产面方后多定行法所"
    "得经进等部度家理起现实加量都体制机当点从业本性应开合还因由其然前外天政四日事平全表间与关各重新内数正"
    "明原或但第向条没结解问意建月公无系情最立代已通并提直题程展果料象员位入常文总次件长求资边流路级少图统"
    "知较将组见计别决区强放被干做必先则任取据处给即保治北造百规领导增收证改清再采转更单切打教务具每目至达"
    "报完类名确信节话整元今集需段办府市县局省委申请公开政府信息复议诉讼行政机关年度工作主动依法答复处理"
    "資訊開關數這會從與於個們來對發動過說產種後經進學實現時國機當點業應還為區條處辦單書記縣務請總覆議復"
    "訴訟決錄類統計報權責規劃範圍網營費政府資訊公開年度報告申請"
)


def _score(text: str) -> float:
    cjk = sum(1 for ch in text if ch in _COMMON)
    bad = sum(1 for ch in text if ch in "\x00\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return (cjk - 5 * bad) / max(1, len(text))


def _utf16_without_bom(data: bytes) -> bool:
    """NUL bytes in text: UTF-16 (GB18030, Big5 and UTF-8 text never hold NULs), if it decodes cleanly."""
    if data.count(b"\x00") < max(2, len(data) // 50):
        return False
    return any(_try(data, enc) is not None for enc in ("utf-16-le", "utf-16-be"))


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        # a sample cut inside a character: drop the last 3 bytes and try again
        try:
            return data[:-3].decode(enc) if len(data) > 64 else None
        except UnicodeDecodeError:
            return None


def _decode_guess(data: bytes) -> str:
    """UTF-8 (with or without BOM), else BOM-less UTF-16, else GB18030 or Big5, whichever reads as Chinese."""
    text = _try(data, "utf-8-sig") if not _utf16_without_bom(data[:8192]) else None
    if text is not None and "\x00" not in text:
        return text
    candidates = [t for t in (_try(data, e) for e in ("utf-16-le", "utf-16-be", "gb18030", "big5")) if t]
    if _utf16_without_bom(data[:8192]):
        candidates = [t for t in candidates if "\x00" not in t] or candidates
    if candidates:
        return max(candidates, key=lambda t: _score(t[:20000]))
    return data.decode("gb18030", errors="replace")


def decode_text(data: bytes) -> str:
    """Bytes of a text file → str: UTF-8, UTF-16 with or without BOM, GB18030 (covers GBK/GB2312) or Big5.

    Examples
    --------
    >>> text = "政府信息公开工作年度报告\\n一、总体情况"
    >>> all(decode_text(text.encode(e)) == text for e in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"))
    True
    >>> decode_text("政府資訊公開工作年度報告，依申請公開".encode("big5"))
    '政府資訊公開工作年度報告，依申請公開'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return _decode_guess(data)


def read_input_file(path: Path) -> bytes:
    """The bytes of a regular file, at most ``LIMITS.max_input_bytes`` of them, read without trusting its size.

    A directory, a device (``/dev/zero``) or a pipe is refused at once with a clear error (a pipe would
    block, a device never ends); a file that grows past the limit while read is refused as well.

    Examples
    --------
    >>> read_input_file(Path("/dev/zero"))
    Traceback (most recent call last):
    ...
    govinfo_widgets.errors.GovinfoError: 不是普通文件（目录、设备或管道），无法读取：/dev/zero / not a regular file (a directory, device or pipe): /dev/zero
    """
    import stat

    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileNotFoundError(2, "找不到文件 / file not found", str(path)) from None
    except OSError as e:
        raise GovinfoError(f"无法读取 {path}：{e.strerror}", f"cannot read {path}: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise GovinfoError(
            f"不是普通文件（目录、设备或管道），无法读取：{path}",
            f"not a regular file (a directory, device or pipe): {path}",
        )
    if st.st_size > LIMITS.max_input_bytes:
        raise LimitExceeded("max_input_bytes", st.st_size)
    try:
        with path.open("rb") as f:
            data = f.read(LIMITS.max_input_bytes + 1)
    except OSError as e:
        raise GovinfoError(f"无法读取 {path}：{e.strerror}", f"cannot read {path}: {e.strerror}") from None
    if len(data) > LIMITS.max_input_bytes:
        raise LimitExceeded("max_input_bytes")
    return data


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
    if isinstance(source, Path) or _names_a_path(source):
        p = Path(source)
        data = read_input_file(p)
        name = p.name
    elif (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 1024
        and Path(source).suffix.lower() in _EXT
        and not source.lstrip().startswith(("<", "|", "#"))
    ):
        raise FileNotFoundError(2, "找不到文件 / file not found", source)
    elif isinstance(source, str | bytes | bytearray):
        data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else bytes(source)
        if len(data) > LIMITS.max_input_bytes:
            raise LimitExceeded("max_input_bytes", len(data))
    else:
        raise GovinfoError(
            f"无法读取此类输入：{type(source).__name__}", f"cannot read input of type {type(source).__name__}"
        )
    if not data.strip():
        raise NotAReportError("输入为空", "the input is empty")
    k = kind or sniff_kind(data, name)
    if k == "doc":
        raise UnsupportedInputError(
            "这是旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后再导入",
            "this is a legacy Word (.doc) file: save it as .docx or PDF and import that",
        )
    if k == "image":
        raise UnsupportedInputError(
            "这是图片，年报表格需先经文字识别（OCR）才能导入",
            "this is an image: the report's tables need OCR before they can be imported",
        )
    if k not in KINDS:
        raise UnsupportedInputError(f"不支持的文件类型：{k}", f"unsupported input kind: {k}")
    report = _reader(k)(data, agency=agency, year=year)
    if name:
        report = report.with_meta(source={**report.meta.source, "file": name})
    missing = [t for t in ("t2", "t3", "t4") if not any(a.startswith(t + ".") for a in report.cells)]
    if missing:  # said, not silent: a Table-2-only read must not look like a complete one
        report = replace(report, extras={**report.extras, "tables_missing": missing})
    return report


def _names_a_path(source) -> bool:
    """A short one-line string naming something that exists (a file, or a directory/device to refuse)."""
    return (
        isinstance(source, str)
        and 0 < len(source) < 4096
        and "\n" not in source
        and "\x00" not in source
        and not source.lstrip().startswith("<")
        and os.path.exists(source)
    )


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
    "parse_rules",
    "read_input_file",
    "read_paste",
    "read_report",
    "sniff_kind",
    "split_sections",
]
