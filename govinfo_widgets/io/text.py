"""Text extracted from a PDF or Word file → Report (tab-separated, ``pdftotext -layout``, Markdown-ish, flattened)."""

from __future__ import annotations

from ..errors import LegacyFormatError
from ..model import Report
from ..schema import detect_form, national_at_a_glance
from ._bind import NotAReportError, build_report
from ._flat import is_flat, read_flat
from ._layout import markdown_lines, text_lines
from ._lines import apply_repairs, lines_to_grids, with_count
from ._sniff import decode_text
from ._title import title_meta
from ._tokens import cell_breaks, has_repeats, join_split_labels, one_cell_per_line, rejoin
from ._window import table_window

#: Largest text read (characters); an annual report has 5,000–50,000, so longer inputs are refused.
MAX_CHARS = 3_000_000


def read_text(data: bytes | str, *, agency: str | None = None, year: int | None = None, kind: str = "txt") -> Report:
    """Read the text of a published report (extracted from a PDF or a Word file).

    Handles tab-separated tables (the seed), space-aligned ``pdftotext -layout`` output with
    labels wrapped away from their numbers, vertical labels one character per line and tables
    broken across pages (footers dropped), Markdown-ish transcriptions (one table per block),
    and flattened page text whose cells run together (``898989``), which is split only as a
    flagged repair confirmed by the table's arithmetic (see :mod:`govinfo_widgets.io._digits`).

    Parameters
    ----------
    data : str or bytes
        The text (bytes are decoded as UTF-8, UTF-16 with BOM or GB18030).
    agency, year : optional
        Override what the title says.

    Returns
    -------
    Report
        Each cell with its provenance (``page N / line M / col K`` or ``text offset``);
        ``extras["repairs"]`` lists every repaired cell, ``extras["digit_repairs"]`` counts them.

    Raises
    ------
    NotAReportError
        no statistical table was found.
    LegacyFormatError
        a pre-2019 report.

    Examples
    --------
    >>> from pathlib import Path
    >>> from govinfo_widgets.io.text import read_text
    >>> seed = Path(__file__).parents[2] / "../shared/corpus/raw/000.txt"
    >>> r = read_text(seed.read_bytes()) if seed.exists() else None
    >>> r is None or r.value("t3.new_received.total") == 0
    True
    """
    if isinstance(data, bytes | bytearray):
        text = decode_text(bytes(data))
    else:
        text = data
    if len(text) > MAX_CHARS:
        raise NotAReportError(
            f"文本过长（{len(text)} 字符），不像是一份年报，拒绝读取",
            f"text too long ({len(text)} characters): refused",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not national_at_a_glance(text) and detect_form(text).detected == "legacy_pre2019":
        raise LegacyFormatError(year or title_meta(text)[1])
    if is_flat(text):
        return read_flat(text, agency=agency, year=year, kind=kind)
    text = cell_breaks(text)
    exact = one_cell_per_line(text)
    losses = "blanks"
    if exact:
        losses = "blanks" if has_repeats(text) else "repeats"
        text = rejoin(text)
    else:
        text = join_split_labels(text)
    md = sum(ln.lstrip().startswith("|") for ln in text.split("\n", 2000)[:2000]) >= 5
    a, b = table_window(text)
    part = text[a:b]
    no = text.count("\n", 0, a) + 1
    lines = markdown_lines(part, start_no=no) if md else text_lines(part, start_no=no, page=text.count("\f", 0, a) + 1)
    grids, repairs = lines_to_grids(lines, source="text", exact=exact, losses=losses)
    report = build_report(grids, text, kind=kind, agency=agency, year=year)
    return apply_repairs(report, repairs)


__all__ = ["MAX_CHARS", "apply_repairs", "lines_to_grids", "read_text", "with_count"]
