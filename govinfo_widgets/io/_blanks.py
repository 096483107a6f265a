"""Blank cells and rows of text and PDF tables: rows printed all blank, numbers placed under their headings
where blanks print as spaces, and the one text measure a table's identities confirm (used by :mod:`._lines`)."""

from __future__ import annotations

from functools import lru_cache

from ..schema import normalise_label
from ._bind import GridCell
from ._columns import place, rows_in_place, t4_heads
from ._layout import Line, Row, Seg, is_value_text, numbered
from ._match import T2_2019_WORDS, match_t3_row


def cells_at(segs: list[Seg | None], line: Line, source: str) -> list[GridCell]:
    at = f"{source} page {line.page} / line {line.no} / col "
    return [GridCell("" if s is None else s.text, at + str(k)) for k, s in enumerate(segs, 1)]


def confirmed_measure(
    zone: list[Line], rows: list[Row], anchors: set[int], heads: list[list[float]], form
) -> list[list[float] | None] | None:
    """Column centres in the one measure (characters or display width) the table confirms: the only measure under
    which every row stands clearly under its headings (under the other, some number falls midway or two share a
    column: not how the writer padded); or, when both place every row, the only one under which the table's
    identities hold (row sums, leaves = （七）总计, 一+二 = 三（七）+四, blank cells as 0). None otherwise."""
    from ._identities import row_holds, table_ok
    from ._values import parse_cell

    ones = [[h if i == m else None for i, h in enumerate(heads)] for m in range(len(heads))]
    geometric = [one for one in ones if rows_in_place(zone, rows, anchors, one)]
    if len(geometric) == 1:
        return geometric[0]
    passing = []
    for one in geometric:
        table: dict[str, tuple] = {}
        group = None
        for r in rows:
            mt = match_t3_row([p.text for p in r.pieces] or r.label, form, group)
            group = mt.group if mt.group else group
            placed = place(r.line.segs, r.values, one, True)
            if mt.key is None or placed is None or mt.key in table:
                break
            vec = tuple(None if s is None else parse_cell(s.text).value for s in placed)
            if row_holds([0 if v is None else v for v in vec]) is False:
                break
            table[mt.key] = vec
        else:
            for text, _ln in orphan_labels(zone, rows, form, totals=True):
                table.setdefault(match_t3_row(text, form).key or text, (None,) * 7)
            if table_ok(table, form.outcome_rows()):
                passing.append(one)
    return passing[0] if len(passing) == 1 else None


def t4_placed(zone: list[Line], values: list[tuple[Seg, Line]], source: str) -> list[Seg | None] | None:
    """Table 4's one line of numbers with blank cells printed as spaces (space-aligned text): each number under
    the one of the fifteen column headings it clearly stands beneath, or None when any is in doubt."""
    if not values or len(values) >= 15 or len({id(ln) for _s, ln in values}) != 1 or values[0][1].cells is not None:
        return None
    heads = t4_heads(zone, source == "text")
    line = values[0][1]
    return place(line.segs, [s for s, _ln in values], heads, source == "text") if heads is not None else None


def form_of(lines: list[Line]):
    from ..schema import get_form

    return get_form(_form_key(" ".join(ln.text for ln in lines[:80])))


@lru_cache(maxsize=64)
def _form_key(head: str) -> str:
    """gov_2019 when the tables' first lines hold a word only its Table 2 has, read normalised (a mirror copy's
    本年新制作數量 too), else gov_2021 (cached: the readers ask once per table zone)."""
    s = normalise_label(head)
    return "gov_2019" if any(w in s for w in T2_2019_WORDS) else "gov_2021"


def blank_tab_row(zone: list[Line], n: int) -> Line | None:
    """The one tab-separated line of ``n`` cells all blank, when no line of the zone holds a number (a table whose
    one row of numbers is printed all blank, under its column headings)."""
    if any(ln.split_values()[1] for ln in zone):
        return None
    found = [ln for ln in zone if ln.cells is not None and len(ln.cells) == n and not any(ln.cells)]
    return found[0] if len(found) == 1 else None


def blank_tab_rows(
    zone: list[Line], taken: set[int], source: str, width: int | None = None, form=None
) -> dict[int, list[GridCell]]:
    """Tab-separated rows whose seven cells are all blank (a label, then seven empty cells): blank, not absent.

    In a table whose rows all have ``width`` cells, a row of that width whose label is followed only by empty
    cells is blank too (the cells between label and values are covered by the label's span), when its label
    is one of the form's Table 3 rows (``form``), so that no heading line is taken for a row."""
    out = {}
    for i, ln in enumerate(zone):
        if id(ln) in taken or ln.cells is None or ln.split_values()[1]:
            continue
        labels = [c for c in ln.cells if c.strip()]
        tail = len(ln.cells) - max(i for i, c in enumerate(ln.cells) if c.strip()) - 1 if labels else 0
        spanned = (
            width is not None
            and form is not None
            and len(ln.cells) == width
            and tail > 7
            and blank_row_label(labels[-1], zone[i + 1 :], form)
        )
        if labels and (tail == 7 or spanned):
            out[id(ln)] = [GridCell(labels[-1], f"{source} page {ln.page} / line {ln.no}")] + cells_at(
                [None] * 7, ln, source
            )
    return out


def blank_row_label(label: str, after: list[Line], form, group: str | None = None) -> bool:
    """Whether ``label`` names a Table 3 row: a row of the form, or a group heading (（六）其他处理) that the
    next labelled line does not continue with one of its own rows (a report that kept the group as one row)."""
    m = match_t3_row(label, form, group)
    if m.key is not None:
        return True
    if not m.heading or m.group is None:
        return False
    nxt = next((s.text for ln in after for s in ln.segs if not s.is_value), None)
    return nxt is not None and match_t3_row(nxt, form).group != m.group


def orphan_labels(zone: list[Line], rows: list[Row], form, totals: bool = False) -> list[tuple[str, Line]]:
    """Leaf labels of Table 3 that no row took (a group kept as one row counts as a leaf; ``totals``: （七）总计
    too): labels and numbers are out of step, so no row can be trusted — or, in space-aligned text, rows printed
    blank. A label is matched in its group (``3.其他`` under （六）其他处理)."""
    used = {id(s) for r in rows for s in r.pieces}
    out = []
    group = None
    for i, ln in enumerate(zone):
        has_values = bool(ln.split_values()[1])
        for s in ln.segs:
            if not numbered(s.text):
                continue
            m = match_t3_row(s.text, form, group)
            group = m.group if m.heading else group
            if has_values or id(s) in used or (m.key == "outcome_total" and not totals):
                continue
            if (m.key is None or not m.heading) and blank_row_label(s.text, zone[i + 1 :], form, group):
                out.append((s.text, ln))
    return out


def tab_fives(zone: list[Line]) -> bool:
    """Whether Table 4's numbers stand in exactly three tab-separated lines of a label and five cells, each cell a
    number or blank (Table 4 printed as three rows of five: the blank cells keep their columns)."""
    with_numbers = [ln for ln in zone if ln.split_values()[1]]
    return len(with_numbers) == 3 and all(
        ln.cells is not None
        and len(ln.cells) == 6
        and ln.cells[0].strip()
        and not is_value_text(ln.cells[0])
        and all(not c.strip() or is_value_text(c) for c in ln.cells[1:])
        for ln in with_numbers
    )
