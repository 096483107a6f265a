"""Lines and columns of a table drawn with spaces, tabs or word positions (text and PDF readers).

A table that lost its grid is a list of :class:`Line`\\ s, each a list of :class:`Seg`\\ ments with
an x position (a character column in ``pdftotext -layout`` text, a cell index in tab-separated or
Markdown text, points in a PDF). :func:`assemble_rows` turns them into table rows: a line ending in
numbers is a row; label text wrapped above or below it (at the label's own x, spec §7.9) is joined
back to it; group labels and vertical one-character-per-line labels at other x are kept apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

#: A value token: a number (signs, thousands separators, decimals, a unit) or a not-applicable mark.
VALUE = re.compile(
    r"^(?:[+\-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|[+\-]?\d+(?:\.\d+)?)(?:万元|元|件)?$|^(?:-|—|–|/|／|无|N/A)$"
)
_FOOTER = re.compile(
    r"^[\s\-—–－_~·]*(?:[\-—–－]\s*\d{1,3}\s*[\-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})[\s\-—–－_~·]*$"
)
#: A footer's first character, besides a digit (``\d``) and a space (``\s``): a line starting with any other is none.
_FOOTER_FIRST = frozenset("-—–－_~·第")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d{1,2}\s*[.、．](?!\d))"
)
_SEG_SPLIT = re.compile(r"\S+(?: \S+)*")  # runs separated by two or more spaces


@lru_cache(maxsize=1 << 14)
def is_value_text(text: str) -> bool:
    """Whether a piece of text is a table value (a number or a not-applicable mark)."""
    return bool(VALUE.match(unicodedata.normalize("NFKC", text).strip()))


@dataclass(frozen=True, slots=True, init=False)
class Seg:
    """A piece of text at horizontal position ``x`` (to ``x1``)."""

    x: float
    x1: float
    text: str

    def __init__(self, x: float, x1: float, text: str):
        # the slots set directly, as GridCell's: a text layout makes a Seg for every piece of every line
        _SET_X(self, x)
        _SET_X1(self, x1)
        _SET_SEG_TEXT(self, text)

    @property
    def is_value(self) -> bool:
        return is_value_text(self.text)


_SET_X, _SET_X1, _SET_SEG_TEXT = (Seg.__dict__[f].__set__ for f in ("x", "x1", "text"))


@dataclass(slots=True)
class Line:
    """One visual line: its segments left to right, where it came from (page, line number)."""

    segs: list[Seg]
    page: int = 1
    no: int = 0
    cells: list[str] | None = None  # the raw cells of a tab-separated line, empty ones included
    _text: str | None = field(default=None, repr=False, compare=False)
    _labels_end: int | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The segments' texts joined by a space (made once: a line's segments are not changed once it is made)."""
        if self._text is None:
            self._text = " ".join([s.text for s in self.segs])
        return self._text

    def split_values(self) -> tuple[list[Seg], list[Seg]]:
        """``(label_segments, trailing_value_segments)`` (where they part is found once; the lists are new)."""
        k = self._labels_end
        if k is None:
            k = len(self.segs)
            while k > 0 and self.segs[k - 1].is_value:
                k -= 1
            self._labels_end = k
        return self.segs[:k], self.segs[k:]


@dataclass
class Row:
    """A table row rebuilt from lines: its label pieces (in reading order) and its value segments."""

    label: str
    values: list[Seg]
    line: Line
    label_x: float | None = None
    fragments: list[str] = field(default_factory=list)
    pieces: list[Seg] = field(default_factory=list)  # the segments its label was joined from

    @property
    def source(self) -> str:
        return f"page {self.line.page} / line {self.line.no}"


def is_footer(line: Line) -> bool:
    """Page footers and page numbers such as ``-3-``, ``— 3 —``, ``第 3 页``."""
    text = line.text
    c = text[:1]
    if c and c not in _FOOTER_FIRST and not c.isdecimal() and not c.isspace():
        return False  # (most lines) the pattern's first character is none of these
    return bool(_FOOTER.match(text))


def numbered(text: str) -> bool:
    """Whether a label starts with a numbering (``一、``, ``（三）``, ``1.``): the start of a new label."""
    if len(text) <= 64:
        return _numbered(text)  # cached: the form's labels come back in every report (long prose is not kept)
    return bool(_NUMBERING.match(unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=16384)
def _numbered(text: str) -> bool:
    return bool(_NUMBERING.match(unicodedata.normalize("NFKC", text)))


def _split_numeric_tail(seg_text: str, x: float) -> list[Seg]:
    """Split ``行政许可 550`` or ``21 0 0`` (single spaces) into label and value segments."""
    parts = seg_text.split(" ")
    k = len(parts)
    while k > 0 and is_value_text(parts[k - 1]):
        k -= 1
    if k == len(parts) or (k == 0 and len(parts) == 1):
        return [Seg(x, x + len(seg_text), seg_text)]
    out: list[Seg] = []
    pos = x
    if k:
        head = " ".join(parts[:k])
        out.append(Seg(pos, pos + len(head), head))
        pos += len(head) + 1
    for p in parts[k:]:
        out.append(Seg(pos, pos + len(p), p))
        pos += len(p) + 1
    return out


def text_lines(text: str, *, start_no: int = 1, page: int = 1) -> list[Line]:
    """Lines of plain text: tab-separated cells (x = cell index) or space-aligned columns (x = column).

    Form feeds start a new page; page footers are dropped.
    """
    out: list[Line] = []
    for no, raw in enumerate(text.split("\n"), start=start_no):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        raw = raw.replace("\u3000", "  ").replace("\u00a0", " ").rstrip(" \r\v")  # a trailing tab ends a blank cell
        if not raw.strip() and raw.count("\t") < 4:
            continue  # (a line of tabs alone is a table row printed all blank: kept, its cells empty)
        segs: list[Seg] = []
        cells = None
        if "\t" in raw:
            cells = [c.strip() for c in raw.split("\t")]
            for i, cell in enumerate(raw.split("\t")):
                cell = cell.strip()
                if cell:
                    segs.append(Seg(float(i), float(i) + 0.5, cell))
        else:
            for m in _SEG_SPLIT.finditer(raw):
                piece, x = m.group(0), float(m.start())
                if " " in piece:
                    segs.extend(_split_numeric_tail(piece, x))
                else:  # one word: one segment, value or not (what _split_numeric_tail gives it)
                    segs.append(Seg(x, x + len(piece), piece))
        line = Line(segs, page, no, cells)
        if not is_footer(line):
            out.append(line)
    return out


def markdown_lines(text: str, *, start_no: int = 1) -> list[Line]:
    """Lines of Markdown-ish text: a table row ``| a | b |`` gives one segment per cell (x = cell index).

    Separator rows (``|---|``) are dropped; other lines are one segment, headings without their ``#``.
    """
    out: list[Line] = []
    for no, raw in enumerate(text.split("\n"), start=start_no):
        s = raw.strip()
        if not s:
            continue
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            segs = [Seg(float(i), float(i) + 0.5, c) for i, c in enumerate(cells) if c]
        else:
            s = s.lstrip("#").strip()
            segs = [Seg(0.0, float(len(s)), s)]
            cells = None
        line = Line(segs, 1, no, cells)
        if segs and not is_footer(line):
            out.append(line)
    return out


def assemble_rows(lines: list[Line], *, tol: float = 2.0, min_values: int = 1, wrap: bool = True) -> list[Row]:
    """Rows of a table whose labels may wrap onto lines above and below their numbers.

    A line that ends in at least ``min_values`` value segments is a row; its own label is the
    last text segment before the numbers (earlier segments on the line are spanned group or
    vertical labels). Label-only lines between rows are label fragments: one at the x of a
    row's label (within ``tol``, or indented a little more) continues that label; a numbered
    fragment (``1.``, ``（二）``) starts the label of the next row. Fragments at other x (group
    labels written in the middle of their rows, vertical labels one character per line) are
    not attached to any row. With ``wrap=False`` (tab-separated or Markdown cells, where a row
    is always one line) a row's label is its own label only.
    """
    anchors = [i for i, ln in enumerate(lines) if len(ln.split_values()[1]) >= min_values]
    rows: list[Row] = []
    prev_end = -1
    for n, i in enumerate(anchors):
        line = lines[i]
        labels, values = line.split_values()
        own = labels[-1] if labels else None
        nxt = anchors[n + 1] if n + 1 < len(anchors) else len(lines)
        between = [s for j in range(prev_end + 1, i) for s in lines[j].segs if not s.is_value]
        # the prefix: from the last numbered fragment before this row (when its own label is
        # absent or does not start with a numbering), at that fragment's x or indented a little
        prefix: list[Seg] = []
        if wrap and (own is None or not numbered(own.text)):
            starts = [k for k, s in enumerate(between) if numbered(s.text)]
            if starts:
                first = between[starts[-1]]
                lx = first.x
                x_lim = values[0].x if values else float("inf")
                prefix = [
                    s for s in between[starts[-1] :] if lx - tol <= s.x < x_lim and (s is first or not numbered(s.text))
                ]
        label_x = prefix[0].x if prefix else (own.x if own else None)
        # the suffix: label-only lines after this row at its label's x, up to a numbered fragment
        suffix: list[Seg] = []
        end = i
        if wrap and label_x is not None:
            for j in range(i + 1, nxt):
                segs = [s for s in lines[j].segs if not s.is_value]
                if any(numbered(s.text) for s in segs):
                    break
                cont = [s for s in segs if label_x - tol <= s.x <= label_x + 4 * max(tol, 1.0)]
                if not cont:
                    continue
                suffix.extend(cont)
                end = j
        pieces = [*prefix, *([own] if own else []), *suffix]
        label = "".join(s.text.replace(" ", "") for s in pieces)
        frags = [s.text for s in labels[:-1]] if labels else []
        rows.append(Row(label=label, values=values, line=line, label_x=label_x, fragments=frags, pieces=pieces))
        prev_end = end
    return rows


def column_centres(rows: list[Row], n: int) -> list[float] | None:
    """The x centre of each of ``n`` value columns, from the rows that have exactly ``n`` values."""
    full = [r.values for r in rows if len(r.values) == n]
    if not full:
        return None
    return [sum((v[k].x + v[k].x1) / 2 for v in full) / len(full) for k in range(n)]


def align(values: list[Seg], centres: list[float]) -> list[Seg | None] | None:
    """Put each value under its nearest column centre; ``None`` where a column has no value.

    Returns ``None`` when two values fall under one column (the row cannot be placed).
    """
    out: list[Seg | None] = [None] * len(centres)
    for v in values:
        mid = (v.x + v.x1) / 2
        k = min(range(len(centres)), key=lambda c: abs(centres[c] - mid))
        if out[k] is not None:
            return None
        out[k] = v
    return out
