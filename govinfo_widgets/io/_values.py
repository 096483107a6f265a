"""Cell values: one table cell's text read into a value and a status (spec §6.1, §7), and the same rules as data
for the editor's browser-side parser."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from .._cell import read_cell
from ..model import MAX_NUMBER, ZERO_STATUSES, Cell
from ..schema import CellDef

__all__ = ["NA_MARKERS", "parse_cell", "parse_rules", "value_status"]

# ---------------------------------------------------------------------------
# cell values (spec §6.1, §7)
# ---------------------------------------------------------------------------
NA_MARKERS = frozenset(
    {"-", "—", "–", "−", "/", "／", "无", "N/A", "n/a", "NA", "--", "——", "－", "\\", "不适用", "不涉及"}
)
_NUMBER = re.compile(r"^([+\-]?)(\d+(?:\.\d+)?)(万元|元|件|个|项|次|条|人次)?$", re.ASCII)
# the whole cell, every group of three: "1,2345" and "12,345,6" are not thousands (unreadable, never 12345)
_THOUSANDS = re.compile(r"^[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:万元|元|件|个|项|次|条|人次)?$", re.ASCII)
# \x1c-\x1f and \x85 are in Python's \s already; written out so the pattern means the same in JavaScript
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff\x1c-\x1f\x85]+")
_SPLIT_DIGITS = r"[+\-]?[0-9.,]+(?:万元|元|件|个|项|次|条)?"  # digits split by spaces, joined: a repaired cell


def parse_rules() -> dict:
    """The cell parser's rules as data, for the editor's browser-side parser (``table.js``).

    Regular expressions (written so Python and JavaScript read them alike), the "not applicable"
    markers, the largest magnitude a cell keeps as a number (:data:`~govinfo_widgets.model.MAX_NUMBER`) and
    the statuses of a valueless cell that count as 0 (:data:`~govinfo_widgets.model.ZERO_STATUSES`).

    Examples
    --------
    >>> sorted(parse_rules())
    ['max_number', 'na', 'number', 'spaces', 'split', 'thousands', 'zero']
    """
    return {
        "spaces": _SPACES.pattern,
        "na": sorted(NA_MARKERS),
        "split": _SPLIT_DIGITS,
        "thousands": _THOUSANDS.pattern,
        "number": _NUMBER.pattern,
        "max_number": MAX_NUMBER,
        "zero": sorted(ZERO_STATUSES),
    }


def parse_cell(raw: str | None, cell: CellDef | None = None, source: str | None = None) -> Cell:
    """Read one table cell into a :class:`~govinfo_widgets.model.Cell` (spec §6.1, §7).

    Blank leaf → ``blank_zero``; blank total → ``blank_missing``; ``-``/``/``/``无`` →
    ``not_applicable``; thousands separators and full-width digits are read; a unit inside the cell
    (``251000元``) is split off; a sign is kept only in a signed column; digits split by whitespace are
    joined as a flagged ``repaired`` cell; anything else is ``unreadable`` with its raw text.

    Examples
    --------
    >>> parse_cell("1，234").value
    1234
    >>> parse_cell("-").status
    'not_applicable'
    >>> parse_cell("12a").status
    'unreadable'
    """
    text = raw if raw.__class__ is str else ("" if raw is None else str(raw))
    if cell is None:
        value, status, note = _read_value(text, False, False, "int", None)
    else:
        value, status, note = _read_value(text, cell.computed, cell.signed, cell.dtype, cell.unit)
    return read_cell(value, status, text, source, note)


def value_status(text: str) -> str:
    """The status :func:`parse_cell` gives ``text`` in a plain count cell (cached: used to sort labels from values)."""
    return _read_value(text, False, False, "int", None)[1]


@lru_cache(maxsize=65536)
def _read_value(text: str, computed: bool, signed: bool, dtype: str, unit_of_cell: str | None):
    s = unicodedata.normalize("NFKC", text).strip()
    s = _SPACES.sub(" ", s).strip()
    if not s:
        return None, ("blank_missing" if computed else "blank_zero"), None
    if s in NA_MARKERS or s.replace(" ", "") in NA_MARKERS:
        return None, "not_applicable", None
    status, note = "parsed", None
    if " " in s:
        joined = s.replace(" ", "")
        if re.fullmatch(_SPLIT_DIGITS, joined):
            status, note = "repaired", f"digits split by whitespace joined: {s!r}"
        s = joined
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    m = _NUMBER.match(s)
    if not m:
        return None, "unreadable", None
    sign, digits, unit = m.groups()
    # past 2**53 a number is unreadable (Cell says why); int() itself refuses 4,300 digits, so a longer run is inf
    value: int | float = float(digits) if "." in digits else (int(digits) if len(digits) <= 400 else math.inf)
    if sign == "-":
        value = -value
    if sign == "-" and not signed:
        # read as published: a negative count is the checker's finding (V-02), not the reader's guess
        note = (
            "负数，按原文读取（该栏不应为负，见 V-02） / negative, read as published (the column is unsigned: see V-02)"
        )
    decimal = dtype == "decimal"
    if unit in ("元", "万元"):
        if not decimal:
            return None, "unreadable", f"money unit {unit} in a count cell"
        if unit_of_cell == "万元" and unit == "元":
            value = value / 10000
            status, note = "repaired", "元 converted to 万元"
        elif unit_of_cell in ("from_cell", unit):
            note = f"unit {unit} in cell"
            value = float(value)
    if isinstance(value, float) and value.is_integer() and not decimal:
        value = int(value)
    return value, status, note
