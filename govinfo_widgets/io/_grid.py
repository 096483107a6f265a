"""The binder's input and its working state: grids of cell texts, the anatomy of a row, the state of a binding.

Every reader (HTML, Markdown, DOCX, text, PDF) turns its tables into :class:`Grid` objects — rows of
:class:`GridCell`, after rowspan/colspan expansion — and hands them to :func:`~._bind.build_report`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import GovinfoError
from ..model import Cell
from ._match import match_t2_block, norm
from ._values import NA_MARKERS, value_status


class NotAReportError(GovinfoError):
    """The input holds none of the statistical tables of an annual report."""


@dataclass(frozen=True, slots=True, init=False)
class GridCell:
    """One cell of a grid. Copies made by rowspan/colspan expansion share ``origin``."""

    text: str
    source: str | None = None
    origin: Any = None

    def __init__(self, text: str, source: str | None = None, origin: Any = None):
        # the slots set directly: a frozen dataclass's own constructor goes through object.__setattr__ for each
        # field, twice as slow, and a reader makes one GridCell for every cell of every table
        _SET_TEXT(self, text)
        _SET_SOURCE(self, source)
        _SET_ORIGIN(self, origin)


_SET_TEXT, _SET_SOURCE, _SET_ORIGIN = (GridCell.__dict__[f].__set__ for f in ("text", "source", "origin"))


@dataclass(slots=True)
class Grid:
    """A table as rows of cells (spans already expanded). ``source`` names it: ``html table 3``."""

    rows: list[list[GridCell]]
    source: str = ""
    #: Rows carry exactly the numbers printed (a token stream): a row with another count than the form's is settled
    #: by the identities, never by taking its last seven numbers.
    exact: bool = False
    #: How the short rows of an ``exact`` grid lost numbers: ``"repeats"`` (repeated consecutive lines collapsed
    #: into one) or ``"blanks"`` (blank cells dropped).
    losses: str = "blanks"
    _anatomy_cache: list | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_texts(cls, rows: Iterable[Sequence[str]], source: str = "") -> Grid:
        """A grid from plain strings; each cell gets the source ``"<source> / row i / col j"``."""
        out = []
        for i, row in enumerate(rows, 1):
            out.append(
                [
                    GridCell(str(t), f"{source} / row {i} / col {j}".lstrip(" /"), (source, i, j))
                    for j, t in enumerate(row, 1)
                ]
            )
        return cls(out, source)


# ---------------------------------------------------------------------------
# row anatomy
# ---------------------------------------------------------------------------
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ANY_DIGIT = re.compile(r"\d")  # any decimal digit (the count-with-unit test below reads \d too)
_NA_LONGEST = max(map(len, NA_MARKERS))
_COUNT_WITH_UNIT = re.compile(r"[+\-]?[\d.,]+(?:元|万元|件|个|项)")


@lru_cache(maxsize=65536)
def is_value_cell(text: str) -> bool:
    """A cell that holds a value (a number, a blank, a not-applicable mark, or unreadable garbage).

    Cached: the same cell texts (numbers, the form's labels) come back in every row and every report.
    """
    s = norm(text)
    if not s:
        return True
    if (
        len(s) - s.count("\ufeff") > _NA_LONGEST
        and not _ANY_DIGIT.search(s)
        and _CJK.search(s)
        and not _COUNT_WITH_UNIT.fullmatch(s)
    ):
        # words without a digit, longer than any not-applicable mark (the value reader drops U+FEFF, norm keeps
        # it), not a unit after dots or commas ("..万元" counts as a value below): no value — decided without
        # reading the text as one (most such texts are prose, each read once)
        return False
    if value_status(text) in ("parsed", "repaired", "not_applicable"):
        return True
    if _COUNT_WITH_UNIT.fullmatch(s):
        return True
    return not _CJK.search(s)


@dataclass(slots=True)
class Row:
    labels: list[str]
    values: list[GridCell]
    cells: list[GridCell]
    index: int
    grid: str
    #: The labels' :func:`norm` joined: what the table and form tests read (made once, with the labels).
    joined: str = ""
    #: Which table the row opens or belongs to by its words alone (``t2``/``t3``/``t4``), or None: :func:`table_kind`.
    kind: str | None = None


def anatomies(grid: Grid) -> list[Row]:
    """The anatomy of every row of ``grid``, computed once per grid."""
    cached = grid._anatomy_cache
    if cached is None or len(cached) != len(grid.rows):
        cached = [anatomy(r, i, grid.source) for i, r in enumerate(grid.rows, 1)]
        grid._anatomy_cache = cached
    return cached


def distinct(row: list[GridCell]) -> list[GridCell]:
    """The cells of a row once each: a cell spanning several columns (one ``origin``) counts once."""
    out: list[GridCell] = []
    seen = set()
    for c in row:
        key = c.origin if c.origin is not None else id(c)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def anatomy(row: list[GridCell], index: int, grid: str) -> Row:
    if len(row) == 1:  # a line of text, a title cell: one label or one value
        c = row[0]
        if is_value_cell(c.text):
            return Row([], [c], [c], index, grid, "")
        t = c.text.strip()
        n = norm(t)
        return Row([t] if n else [], [], [c], index, grid, n, table_kind(n, False))
    dedup = distinct(row)
    last_label = -1
    for i, c in enumerate(dedup):
        if not is_value_cell(c.text):
            last_label = i
    labels = []
    norms = []
    for c in dedup[: last_label + 1]:
        t = c.text.strip()
        n = norm(t)
        if n and (not norms or norms[-1] != n):  # a label repeated by a span (or printed twice) counts once
            labels.append(t)
            norms.append(n)
    joined = "".join(norms)
    values = dedup[last_label + 1 :]
    return Row(labels, values, dedup, index, grid, joined, table_kind(joined, bool(values)))


def table_kind(joined: str, has_values: bool) -> str | None:
    """Which table a row opens or belongs to, from its joined label norms alone (``t2``/``t3``/``t4``), or None."""
    if not joined:
        return None
    if len(joined) > 120:  # prose, not a table's labels: not kept in the cache
        return _labels_kind.__wrapped__(joined, has_values)
    return _labels_kind(joined, has_values)


@lru_cache(maxsize=16384)
def _labels_kind(s: str, has_values: bool) -> str | None:
    """:func:`table_kind` of a row's joined label norms, not empty (cached: the form's labels come back in every
    report)."""
    if match_t2_block(s) or ("信息内容" in s and not has_values):
        return "t2"
    if "申请人情况" in s or "勾稽关系" in s or ("自然人" in s and ("商业企业" in s or "法人或其他组织" in s)):
        return "t3"
    if "本年新收" in s or "上年结转" in s:
        return "t3"
    if ("行政复议" in s and "行政诉讼" in s) or "未经复议直接起诉" in s or "复议后起诉" in s:
        return "t4"
    return None


@dataclass
class State:
    form: Any
    cells: dict[str, Cell] = field(default_factory=dict)
    labels_seen: dict[str, str] = field(default_factory=dict)
    extra_rows: list[dict] = field(default_factory=list)
    group_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    collapsed_other: dict[str, Cell] | None = None
    t4_numeric_count: int | None = None
    t3_found: bool = False
    t4_found: bool = False
    t2_blocks: set = field(default_factory=set)
    seen: set = field(default_factory=set)  # tables whose title or header was seen, read or not
    loose_t2: list[tuple[str | None, GridCell, str]] = field(default_factory=list)
    t3_bound: list[tuple[str, list[GridCell], tuple[str, ...], str]] = field(default_factory=list)
    t3_odd: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)
    losses: str = "blanks"


def row_source(row: Row) -> str:
    return f"{row.grid} / row {row.index}".lstrip(" /")


def has_numbers(row: Row) -> bool:
    return any(value_status(v.text) in ("parsed", "repaired") for v in row.values)


__all__ = [
    "Grid",
    "GridCell",
    "NotAReportError",
    "Row",
    "State",
    "anatomies",
    "anatomy",
    "distinct",
    "framed_runs",
    "has_numbers",
    "is_value_cell",
    "row_source",
    "table_kind",
]


def framed_runs(texts: list[str], n: int) -> dict[tuple[str, ...], int]:
    """Every run of ``n`` consecutive cells of a row with only blank cells around it (blank label columns before,
    padding or a blank last column after): its stripped texts → where it starts (the first such start). More than
    one, and the row's columns are not known from the row alone.

    >>> framed_runs(["", "258", "12", "", "", ""], 4)
    {('', '258', '12', ''): 0, ('258', '12', '', ''): 1}
    >>> framed_runs(["", "258", "12", "", "1", ""], 4)
    {('258', '12', '', '1'): 1}
    """
    t = [x.strip() for x in texts]
    runs: dict[tuple[str, ...], int] = {}
    for s in range(len(t) - n + 1):
        if not any(t[:s]) and not any(t[s + n :]):
            runs.setdefault(tuple(t[s : s + n]), s)
    return runs


def misaligned(vals: list[GridCell], n: int) -> bool:
    """More cells than ``n`` columns, with a number left of the last ``n`` while one of those is blank.

    Taking the last ``n`` cells would then drop a number and read a blank as 0: a grid split finer than the
    printed table (a PDF printed from a browser draws each border as its own rectangle) looks exactly so.
    The row's columns are unknown; its cells are unreadable, never shifted.
    """
    if len(vals) <= n:
        return False
    head, tail = vals[:-n], vals[-n:]
    return any(v.text.strip() for v in head) and any(not v.text.strip() for v in tail)
