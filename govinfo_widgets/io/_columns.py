"""Numbers of space-aligned text placed under their column headings (blank cells print as spaces).

Text columns are measured in characters and in display width (a CJK character two columns wide, as a monospace
view pads them): a placement is taken only when every measure that places a row at all gives the same one.
"""

from __future__ import annotations

import unicodedata

from ..schema import C7
from ._layout import Line, Row, Seg, numbered
from ._match import match_t3_column, match_t4_column


def _metrics(chars: bool):
    return (_char_mids, _display_mids) if chars else (_char_mids,)


def under_heads(
    line: list[Seg], values: list[Seg], head_line: list[Seg], heads: list[Seg], chars: bool
) -> list[Seg | None] | None:
    """Each value under the one heading whose centre is clearly nearest (see :func:`place`)."""
    return place(line, values, [mids(heads, head_line) for mids in _metrics(chars)], chars)


def place(line: list[Seg], values: list[Seg], centres: list[list[float]], chars: bool) -> list[Seg | None] | None:
    """Each value under the column whose centre is clearly nearest (at most half as far as the next), or None
    when any is in doubt. Text columns are measured in characters and in display width (a CJK character two
    columns wide, as a monospace view pads), ``centres`` holding the columns' centres in each measure: a
    placement is taken when every measure that places the row at all (no two values under one column, none
    midway between two) gives the same one."""
    found = []
    for mids, hm in zip(_metrics(chars), centres):
        if hm is None:
            continue  # a measure ruled out for this table (see _lines.confirmed_measure)
        vm = mids(values, line)
        if len(vm) != len(values):
            return None  # a value from another line: no common measure
        placed: list[Seg | None] | None = [None] * len(hm)
        for v, m in zip(values, vm):
            d = sorted((abs(h - m), k) for k, h in enumerate(hm))
            k = d[0][1]
            if placed[k] is not None or (len(d) > 1 and d[0][0] * 2 >= d[1][0]):
                placed = None
                break
            placed[k] = v
        if placed is not None:
            found.append(placed)
    return found[0] if found and all(f == found[0] for f in found) else None


def t3_heads(zone: list[Line], chars: bool) -> list[list[float]] | None:
    """The centres of Table 3's seven column headings (form order), in each measure, from its header lines."""
    found: dict[str, tuple[Seg, list[Seg]]] = {}
    for ln in zone[:12]:
        if ln.split_values()[1]:
            break  # the first row of numbers ends the header
        for seg in ln.segs:
            k = None if numbered(seg.text) else match_t3_column(seg.text)
            if k and k not in found:
                found[k] = (seg, ln.segs)
    if set(found) != set(C7):
        return None
    return [[mids([found[k][0]], found[k][1])[0] for k in C7] for mids in _metrics(chars)]


#: Table 4's column words left to right: 行政复议, 未经复议直接起诉, 复议后起诉, five columns each.
_T4_ORDER = ["upheld", "corrected", "other", "pending", "total"] * 3


def t4_heads(zone: list[Line], chars: bool) -> list[list[float]] | None:
    """The centres of Table 4's fifteen column headings (left to right), in each measure, from its header lines;
    None unless exactly fifteen headings stand in the form's order, each clear of its neighbours."""
    found: list[tuple[Seg, list[Seg]]] = []
    for ln in zone[:10]:
        if ln.split_values()[1]:
            break  # the first row of numbers ends the header
        found += [(seg, ln.segs) for seg in ln.segs if match_t4_column(seg.text)]
    if len(found) != 15:
        return None
    out = []
    for mids in _metrics(chars):
        ms = sorted((mids([seg], segs)[0], match_t4_column(seg.text)) for seg, segs in found)
        if [k for _m, k in ms] != _T4_ORDER or any(b[0] - a[0] < 2 for a, b in zip(ms, ms[1:])):
            return None
        out.append([m for m, _k in ms])
    return out


def _char_mids(segs: list[Seg], line: list[Seg]) -> list[float]:
    return [(s.x + s.x1) / 2 for s in segs]


def _display_mids(segs: list[Seg], line: list[Seg]) -> list[float]:
    """Centres in display columns: every wide character before a segment (on its line) shifts it one more."""
    out: list[float] = []
    wide = 0
    for s in line:
        w = sum(unicodedata.east_asian_width(ch) in "WF" for ch in s.text)
        if any(s is t for t in segs):
            out.append(s.x + wide + (s.x1 - s.x + w) / 2)
        wide += w
    return out


def rows_in_place(zone: list[Line], rows: list[Row], anchors: set[int], heads: list[list[float]]) -> bool:
    """Whether every row is one line — its label and its numbers — and its numbers stand clearly under the headings."""
    if any(ln.split_values()[1] and id(ln) not in anchors for ln in zone):
        return False
    for r in rows:
        own = {id(s) for s in r.line.segs}
        if not r.pieces or any(id(s) not in own for s in r.pieces) or any(id(v) not in own for v in r.values):
            return False  # a label joined from other lines (PDF viewer text): labels and numbers may be out of step
        if place(r.line.segs, r.values, heads, True) is None:
            return False
    return True


__all__ = ["place", "rows_in_place", "t3_heads", "t4_heads", "under_heads"]
