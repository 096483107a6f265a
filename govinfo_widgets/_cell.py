"""A Report's parts: the Cell (a value, its status and provenance), the statuses, ReportMeta, section keys."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: Where a cell's value came from (spec §6.1, §7).
STATUSES = (
    "entered",  # typed by a person in the editor
    "parsed",  # read from a published table (by the importer or by hand)
    "blank_zero",  # blank leaf cell, read as 0 (V-04)
    "blank_missing",  # blank total cell, missing (V-05)
    "not_applicable",  # "-", "/", "无" ...: 0 for arithmetic, flagged (V-06)
    "computed",  # filled in from its parts
    "unreadable",  # present but could not be read: rules give NOT_ASSESSABLE
    "repaired",  # read after a flagged repair (split digits, unit conversion)
)
_STATUS_SET = frozenset(STATUSES)
#: Statuses of a cell without a value that counts as 0 in the sums (every other valueless cell is missing).
ZERO_STATUSES = frozenset({"blank_zero", "not_applicable"})
#: Largest magnitude kept as a number: beyond 2**53 a float (and the browser) no longer holds every integer.
MAX_NUMBER = 2**53
#: Report years accepted from a file (annual reports exist since 2008; the editor offers 2019–2100).
YEAR_RANGE = (2000, 2100)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (which cannot be written as UTF-8) replaced by U+FFFD.

    Examples
    --------
    >>> clean_text("ab" + chr(0xD800) + "c")
    'ab\ufffdc'
    """
    if text.isascii():
        return text
    try:  # strict UTF-8 refuses exactly the surrogates, and reads Chinese text ~5x faster than the pattern
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


def _plain(value) -> bool:
    """None, or an int the model keeps as it is: the values that need no :func:`out_of_range` check."""
    return value is None or (value.__class__ is int and -MAX_NUMBER <= value <= MAX_NUMBER)


def out_of_range(value) -> bool:
    """True for a number the model does not keep: not finite, or past :data:`MAX_NUMBER` in magnitude."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return True
    return abs(value) > MAX_NUMBER


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's value with its provenance.

    ``value`` is what the arithmetic uses (``None`` when missing or unreadable); ``raw`` is
    the text as found; ``source`` says where (``page 3 / table 2 / row 5 / col 2``, a text
    span, ``editor``).
    """

    value: int | float | None
    status: str = "entered"
    raw: str | None = None
    source: str | None = None
    note: str | None = None

    def __post_init__(self):
        if self.status not in _STATUS_SET:
            raise ValueError(f"unknown cell status {self.status!r}")
        v = self.value
        if _plain(v):
            return  # the common cases, without the general check below (a Cell is made for every cell read)
        if out_of_range(v):  # never a wrong number: too large or not finite → unreadable, said why
            try:
                raw = self.raw if self.raw is not None else str(self.value)
            except ValueError:  # an int too long to print
                raw = "…"
            object.__setattr__(self, "raw", raw[:40] + ("…" if len(raw) > 40 else ""))
            object.__setattr__(self, "value", None)
            object.__setattr__(self, "status", "unreadable")
            object.__setattr__(self, "note", "数值过大或不是有限数，无法可靠读取 / number too large or not finite")

    @property
    def number(self) -> float:
        """The value for arithmetic: NaN when missing."""
        if self.value is None:
            return 0.0 if self.status in ZERO_STATUSES else math.nan
        return float(self.value)

    @property
    def missing(self) -> bool:
        return self.value is None and self.status not in ZERO_STATUSES


_SET_CELL = tuple(Cell.__dict__[f].__set__ for f in ("value", "status", "raw", "source", "note"))


def read_cell(value, status: str, raw: str | None, source: str | None, note: str | None) -> Cell:
    """``Cell(value, status, raw, source, note)``, made faster for a reader's many cells: when ``status`` is one
    of :data:`STATUSES` and ``value`` is None or an int within :data:`MAX_NUMBER`, the fields are set directly
    (a frozen dataclass's constructor sets each through ``object.__setattr__``, twice as slow); any other
    value goes through the constructor and its checks."""
    if status in _STATUS_SET and _plain(value):
        c = object.__new__(Cell)
        set_value, set_status, set_raw, set_source, set_note = _SET_CELL
        set_value(c, value)
        set_status(c, status)
        set_raw(c, raw)
        set_source(c, source)
        set_note(c, note)
        return c
    return Cell(value, status, raw, source, note)


@dataclass(frozen=True)
class ReportMeta:
    """Who published the report, for which year, in which format, and where it came from."""

    agency: str = ""
    year: int | None = None
    form: str = "gov_2021"
    id: str | None = None
    kind: str | None = None  # "government" (人民政府) | "department" | None
    level: str | None = None  # "national" | "provincial" | "municipal" | "county" | "township"
    region: str | None = None
    published: str | None = None  # ISO date
    format_declared: str | None = None
    source: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "source", MappingProxyType(dict(self.source)))


SECTION_KEYS = ("s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation", "s5_problems", "s6_other")
