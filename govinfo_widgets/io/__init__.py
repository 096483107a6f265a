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
from ._bind import Grid, GridCell, NotAReportError, build_report, missing_tables
from ._sections import split_sections
from ._sniff import EXTENSIONS, decode_text, sniff_kind
from ._store import agency_bucket
from ._values import parse_cell, parse_rules
from .paste import read_paste

KINDS = ("html", "md", "docx", "pdf", "txt", "xlsx")
#: Largest input read at all (bytes): :data:`~govinfo_widgets.limits.LIMITS` ``.max_input_bytes``.
MAX_INPUT_BYTES = LIMITS.max_input_bytes


class UnsupportedInputError(GovinfoError):
    """An input whose kind is not one the importers read (or a reader that is not installed)."""


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
        and Path(source).suffix.lower() in EXTENSIONS
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
    if not data or data.isspace():  # (not a stripped copy of the whole input)
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
    missing = missing_tables(report.cells)
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
    "agency_bucket",
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
