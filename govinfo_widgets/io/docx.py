"""Word (.docx) reports: ``word/document.xml`` inflated in bounded steps and parsed with lxml (no entities,
no network); merged cells come back as spans. The zip's size headers are never trusted: what is inflated is
counted as it comes, against :data:`~govinfo_widgets.limits.LIMITS`."""

from __future__ import annotations

import io
import time
import zipfile
import zlib

from lxml import etree

from ..errors import GovinfoError
from ..limits import LIMITS, LimitExceeded
from ..model import Report
from ._bind import Grid, GridCell, build_report

#: Bounds on the archive (a zip bomb is refused before anything is inflated).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 200


class DocxReadError(GovinfoError):
    """A .docx that is damaged, not a Word document, or too large to open safely."""


def check_archive(data: bytes) -> None:
    """Refuse archives that are not Word documents or that would inflate beyond the bounds."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as e:  # BadZipFile, NotImplementedError (unknown zip version), struct and OS errors
        raise DocxReadError(
            "不是有效的 Word（.docx）文件：压缩包已损坏", "not a valid .docx: the archive is damaged"
        ) from e
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DocxReadError(
                f"Word 文件包含过多部件（{len(infos)}）", f"the .docx has too many parts ({len(infos)})"
            )
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
            raise DocxReadError(
                f"Word 文件解压后过大（{total} 字节），疑似压缩炸弹，拒绝读取",
                f"the .docx would inflate to {total} bytes (a zip bomb?); refused",
            )
        if "word/document.xml" not in zf.namelist():
            raise DocxReadError(
                "压缩包中没有 word/document.xml，不是 Word 文档", "no word/document.xml: not a Word document"
            )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NS = {"w": _W[1:-1]}
_PARA_TEXT = etree.XPath(".//w:t/text()", namespaces=_NS)


def _text(el) -> str:
    """The text of a paragraph or cell element: its runs' ``w:t``; a cell's nested tables are left out."""
    if el.tag != f"{_W}tc":
        return "".join(_PARA_TEXT(el)).strip()
    tc = f"{_W}tc"
    return "".join(t.text or "" for t in el.iter(f"{_W}t") if next(t.iterancestors(tc), None) is el).strip()


def _blocks(parent):
    """Paragraphs and tables in reading order, looking inside content controls (``w:sdt``)."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _cells(tr):
    for child in tr.iterchildren():
        if child.tag == f"{_W}tc":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from content.iterchildren(f"{_W}tc")


def _rows(tbl):
    for child in tbl.iterchildren():
        if child.tag == f"{_W}tr":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from content.iterchildren(f"{_W}tr")


def _grid(tbl, n: int) -> Grid:
    """A ``w:tbl`` as a grid: ``w:gridSpan`` and ``w:vMerge`` expanded, copies sharing their origin."""
    src = f"docx table {n}"
    rows: list[list[GridCell]] = []
    for i, tr in enumerate(_rows(tbl), 1):
        out: list[GridCell] = []
        above = rows[-1] if rows else []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None and (before.get(f"{_W}val") or "").isdigit():
            out.extend(GridCell("", None, (n, i, "before", k)) for k in range(min(int(before.get(f"{_W}val")), 100)))
        for tc in _cells(tr):
            pr = tc.find(f"{_W}tcPr")
            span, merge = 1, None
            if pr is not None:
                gs = pr.find(f"{_W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, min(int(gs.get(f"{_W}val", "1")), 100))
                    except ValueError:
                        span = 1
                vm = pr.find(f"{_W}vMerge")
                if vm is not None:
                    merge = vm.get(f"{_W}val", "continue")
            j = len(out)
            if merge == "continue" and j < len(above):
                cell = above[j]  # the merged cell goes on from the row above
            else:
                cell = GridCell(_text(tc), f"{src} / row {i} / col {j + 1}", (n, i, j))
            out.extend([cell] * span)
        rows.append(out)
    return Grid(rows, src)


_CHUNK = 1 << 20


def inflate_part(data: bytes, name: str = "word/document.xml") -> bytes:
    """One part of the archive, inflated 1 MB at a time and refused once past ``LIMITS.max_decoded_bytes``.

    The sizes the zip declares are not trusted (a 3 MB file may claim anything and inflate to gigabytes):
    only the bytes actually produced are counted.

    Examples
    --------
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("word/document.xml", "<w/>")
    >>> inflate_part(buf.getvalue())
    b'<w/>'
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(name) as f:
            out = bytearray()
            while chunk := f.read(_CHUNK):
                out += chunk
                if len(out) > LIMITS.max_decoded_bytes:
                    raise LimitExceeded("max_decoded_bytes")
            return bytes(out)
    except LimitExceeded:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, OSError, NotImplementedError, ValueError) as e:
        raise DocxReadError(
            f"Word 文件已损坏，无法读取（{type(e).__name__}：{e}）",
            f"the .docx is damaged and cannot be read ({type(e).__name__}: {e})",
        ) from None


def _parse_document(xml: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        raise DocxReadError(
            f"Word 文件已损坏：word/document.xml 不是有效的 XML（{e}）",
            f"the .docx is damaged: word/document.xml is not valid XML ({e})",
        ) from None


def read_docx(data: bytes, *, agency: str | None = None, year: int | None = None) -> Report:
    """Read a Word report: paragraphs are the narrative, tables are bound by their labels.

    Memory and time are bounded: the document part is inflated against ``LIMITS.max_decoded_bytes``,
    its text against ``LIMITS.max_chars`` and the whole reading against ``LIMITS.max_seconds``.

    Raises
    ------
    DocxReadError
        a damaged or oversized archive, or one that is not a Word document.
    LimitExceeded
        past one of the limits (named in the message).
    """
    t0 = time.monotonic()
    data = bytes(data)
    check_archive(data)
    root = _parse_document(inflate_part(data))
    body = root.find(f"{_W}body") if root.tag == f"{_W}document" else None
    if body is None:  # document.xml parsed (python-docx recovers from bad XML) but is no longer a Word body
        raise DocxReadError(
            "Word 文件已损坏：正文（word/document.xml）不是 Word 文档正文，无法读取",
            "the .docx is damaged: word/document.xml does not hold a Word document body",
        )
    lines: list[str] = []
    grids: list[Grid] = []
    chars = 0
    for n, child in enumerate(_blocks(body)):
        if child.tag == f"{_W}p":
            lines.append(_text(child))
            chars += len(lines[-1])
        elif child.tag == f"{_W}tbl":
            grids.append(_grid(child, len(grids) + 1))
            chars += sum(len(c.text) for row in grids[-1].rows for c in row[:200])
            lines.append("")
        if chars > LIMITS.max_chars:
            raise LimitExceeded("max_chars", chars)
        if n % 256 == 0 and time.monotonic() - t0 > LIMITS.max_seconds:
            raise LimitExceeded("max_seconds", round(time.monotonic() - t0, 1))
    title = "\n".join(lines[:6])
    return build_report(grids, "\n".join(lines), kind="docx", agency=agency, year=year, title=title)
