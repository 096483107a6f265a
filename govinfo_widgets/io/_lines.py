"""Lines of text (tab-separated, space-aligned, Markdown-ish; or positioned words of a PDF page) → grids for the binder.

Table 2 and Table 4 lines pass line by line (space-aligned Table 2 numbers placed under their column
headings); Table 3 lines are rebuilt into rows; digit runs that do not give a row's count are split by
:mod:`._digits`, and :func:`apply_repairs` gives the repaired or ambiguous cells their status and note.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..model import Cell, Report
from ._bind import Grid, GridCell, NotAReportError
from ._columns import place, rows_in_place, t3_heads, t4_heads, under_heads
from ._digits import Repair, split_t3_row, split_t4
from ._layout import Line, Row, Seg, align, assemble_rows, column_centres, numbered
from ._match import match_t2_block, match_t2_row, match_t3_row, norm, t4_addresses
from ._tokens import t3_token_rows

T3_START = ("本列数据的勾稽关系", "申请人情况", "本年新收政府信息公开申请")
T4_START = re.compile(r"行政复议.{0,40}行政诉讼|未经复议直接起诉|四、.{0,12}行政复议")
S5_HEADING = re.compile(r"^\s*#*\s*五\s*[、.．]")


# ---------------------------------------------------------------------------
# lines → grids (text and PDF)
# ---------------------------------------------------------------------------
def _zone_starts(lines: list[Line]) -> tuple[int | None, int | None, int | None, int]:
    t2 = t3 = t4 = None
    end = len(lines)
    for i, ln in enumerate(lines):
        s = norm(ln.text)
        if t2 is None and t3 is None and match_t2_block(s):
            t2 = i
        elif t3 is None and any(w in s for w in T3_START):
            t3 = i
        elif t3 is not None and t4 is None and i > t3 and T4_START.search(s) and "本年" not in s:
            t4 = i
        elif t4 is not None and S5_HEADING.match(ln.text) and any(w in s for w in ("问题", "改进", "整改")):
            end = i
            break
    return t2, t3, t4, end


def _line_cells(line: Line, source: str) -> list[GridCell]:
    """A line as grid cells: every tab or Markdown cell (blanks kept, so columns keep their place), else its segments."""
    if line.cells is not None:
        return _cells([Seg(0, 0, c) if c else None for c in line.cells], line, source)
    return _cells(line.segs, line, source)


def _cells(segs: list[Seg | None], line: Line, source: str) -> list[GridCell]:
    out = []
    for k, s in enumerate(segs, 1):
        where = f"{source} page {line.page} / line {line.no} / col {k}"
        out.append(GridCell("" if s is None else s.text, where))
    return out


def lines_to_grids(
    lines: list[Line], *, source: str, tol: float = 2.0, exact: bool = False, losses: str = "blanks"
) -> tuple[list[Grid], dict[str, Repair]]:
    """The tables in ``lines`` as grids for :func:`~govinfo_widgets.io._bind.build_report`.

    Table 2 and Table 4 lines are passed line by line. Table 3 lines are rebuilt into rows by
    :func:`~govinfo_widgets.io._layout.assemble_rows` (wrapped labels joined, the last seven
    values of a row read as its cells, spec §7.9; rows with fewer values placed under their
    columns by x). Digit runs that do not give the expected count are split by
    :mod:`._digits`; their outcome is returned by address for :func:`apply_repairs`. With ``exact``
    (text rebuilt from one cell per line) a row keeps exactly its printed numbers: a row with another
    count than seven is settled by the identities in the binder, not placed by position.
    """
    t2, t3, t4, end = _zone_starts(lines)
    if t3 is None and t2 is None:
        raise NotAReportError(
            "未找到年报统计表（表二、表三、表四），这不像是一份政府信息公开工作年度报告",
            "no statistical table (Table 2, 3 or 4) was found: this does not look like an annual report",
        )
    grid_rows: list[list[GridCell]] = []
    repairs: dict[str, Repair] = {}
    tabular = any(s.x1 - s.x == 0.5 for ln in lines[:200] for s in ln.segs)  # tab / Markdown cells
    t2_end = t3 if t3 is not None else (t4 if t4 is not None else end)
    if t2 is not None:
        grid_rows += _t2_rows(lines[t2:t2_end], source, chars=source == "text", form=_form_of(lines))
    if t3 is not None:
        t3_end = t4 if t4 is not None else end
        zone = lines[t3:t3_end]
        rows = assemble_rows(zone, tol=tol, wrap=not tabular)
        anchor_lines = {id(r.line) for r in rows}
        if tabular:
            for ln in zone:
                if id(ln) in anchor_lines:
                    break
                grid_rows.append(_line_cells(ln, source))
        else:
            grid_rows.append([GridCell("申请人情况", f"{source} page {zone[0].page} / line {zone[0].no}")])
        centres = column_centres(rows, 7)
        heads = t3_heads(zone, True) if source == "text" and not tabular else None
        orphans = [] if tabular else _orphan_labels(zone, rows, _form_of(lines))
        blank_rows: dict[int, list[GridCell]] = {}
        if heads is not None and not rows_in_place(zone, rows, anchor_lines, heads):
            # the two measures place some row differently (or not every row in place): one measure, if the
            # table's identities confirm it alone; else numbers are not placed by position
            heads = _confirmed_measure(zone, rows, anchor_lines, heads, _form_of(lines))
        if orphans and heads is not None:
            # space-aligned text whose every number sits on its own label's line under a column heading: a
            # label alone on its line is a row printed blank, not a label whose numbers went astray
            for text, ln in _orphan_labels(zone, rows, _form_of(lines), totals=True):
                blank_rows[id(ln)] = [GridCell(text, f"{source} page {ln.page} / line {ln.no}")] + _cells(
                    [None] * 7, ln, source
                )
            orphans = []
        tokened = t3_token_rows(zone, _form_of(lines)) if orphans else None
        if tokened is not None:
            # labels wrapped away from their numbers (PDF viewer text): the numbers after a label are its row
            grids = [Grid(grid_rows, source)]
            t3_rows = [[GridCell("申请人情况", f"{source} page {zone[0].page} / line {zone[0].no}")]]
            for cells, values, ln in tokened:
                where = f"{source} page {ln.page} / line {ln.no}"
                t3_rows.append([GridCell(c, where) for c in cells] + _cells(values, ln, source))
            grids.append(Grid(t3_rows, f"{source} (tokens)", exact=True, losses="blanks"))
            rest, _ = _t4_rows(lines, t4, end, source, exact, repairs)
            return [*grids, Grid(rest, source)], repairs
        if orphans:
            repairs["t3:unpaired"] = [text for text, _ln in orphans]
        width = _tab_width(zone) if tabular else None
        if tabular:
            blank_rows = _blank_tab_rows(zone, anchor_lines, source, width, _form_of(lines))
        for r in rows:
            for ln in zone:  # rows printed with every cell blank, in their place
                if ln.no >= r.line.no:
                    break
                if id(ln) in blank_rows:
                    grid_rows.append(blank_rows.pop(id(ln)))
            cells = r.line.cells
            if exact and cells is not None and len(cells) == 8 and not Seg(0, 0, cells[0]).is_value:
                # one cell per line, blank cells kept as empty lines (see _tokens.rejoin): the row in place
                where = f"{source} page {r.line.page} / line {r.line.no}"
                grid_rows.append(
                    [GridCell(r.label, where)]
                    + _cells([Seg(0, 0, c) if c else None for c in cells[1:]], r.line, source)
                )
                continue
            if exact and len(r.values) != 7:
                grid_rows.append(
                    [GridCell(r.label, f"{source} page {r.line.page} / line {r.line.no}")]
                    + _cells(r.values, r.line, source)
                )
                continue
            grid_rows.append(_t3_row(r, centres, source, repairs, width, heads))
        grid_rows += [blank_rows[id(ln)] for ln in zone if id(ln) in blank_rows]  # blank rows after the last
    rest, repairs = _t4_rows(lines, t4, end, source, exact, repairs)
    return [Grid(grid_rows + rest, source, exact=exact, losses=losses)], repairs


def _confirmed_measure(
    zone: list[Line], rows: list[Row], anchors: set[int], heads: list[list[float]], form
) -> list[list[float] | None] | None:
    """Column centres in the one measure (characters or display width) under which every row stands in place and
    the table's identities hold (row sums, leaves = （七）总计, 一+二 = 三（七）+四, blank cells as 0), when the other
    measure fails them; None when neither or both do (the published table's own errors make it undecidable)."""
    from ._identities import row_holds, table_ok
    from ._values import parse_cell

    passing = []
    for m in range(len(heads)):
        one = [h if i == m else None for i, h in enumerate(heads)]
        if not rows_in_place(zone, rows, anchors, one):
            continue
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
            for text, _ln in _orphan_labels(zone, rows, form, totals=True):
                table.setdefault(match_t3_row(text, form).key or text, (None,) * 7)
            if table_ok(table, form.outcome_rows()):
                passing.append(one)
    return passing[0] if len(passing) == 1 else None


def _t2_rows(zone: list[Line], source: str, *, chars: bool, form=None) -> list[list[GridCell]]:
    """Table 2's lines as grid rows; a space-aligned row with fewer numbers than its block's column headings
    (blank cells print as spaces) has its numbers placed under the headings they stand beneath, and a row label
    of the form alone on its line under the headings, the next line not holding numbers without a label, is a
    row printed all blank."""
    out: list[list[GridCell]] = []
    heads: list[Seg] = []
    head_line: list[Seg] = []
    for i, ln in enumerate(zone):
        labels, values = ln.split_values()
        if ln.cells is None and any("信息内容" in norm(s.text) for s in ln.segs):
            heads, head_line = [s for s in ln.segs if "信息内容" not in norm(s.text)], ln.segs
        elif ln.cells is None and heads and form is not None and len(labels) == 1 and not values:
            nxt = zone[i + 1].split_values() if i + 1 < len(zone) else ([], [])
            if match_t2_row(labels[0].text, form) is not None and (nxt[0] or not nxt[1]):
                out.append(_cells([*labels, *[None] * len(heads)], ln, source))
                continue
        elif ln.cells is None and labels and values and len(values) < len(heads):
            placed = under_heads(ln.segs, values, head_line, heads, chars)
            if placed is not None:
                out.append(_cells([*labels, *placed], ln, source))
                continue
        elif match_t2_block(norm(ln.text)):
            heads = []
        out.append(_line_cells(ln, source))
    return out


def _t4_rows(lines: list[Line], t4: int | None, end: int, source: str, exact: bool, repairs: dict[str, Repair]):
    """Grid rows of Table 4: its 15 numbers in one row when the layout gives them, else as printed."""
    rows: list[list[GridCell]] = []
    if t4 is None:
        return rows, repairs
    if exact:
        rows += [_line_cells(ln, source) for ln in lines[t4:end]]  # rows as printed: the binder settles them
    elif (tab15 := _tab_row(lines[t4:end], 15) or _blank_tab_row(lines[t4:end], 15)) is not None:
        rows += [_line_cells(ln, source) for ln in lines[t4:end] if ln is not tab15 and not ln.split_values()[1]]
        rows.append([GridCell("行政复议 行政诉讼", None)] + _line_cells(tab15, source))
    else:
        zone = lines[t4:end]
        values = [(s, ln) for ln in zone for s in ln.split_values()[1]]
        for ln in zone:
            if not ln.split_values()[1]:
                rows.append(_line_cells(ln, source))
        ln0 = values[0][1] if values else None
        placed = _t4_placed(zone, values, source)
        if not values and ln0 is None and t4_heads(zone, source == "text") is not None:
            # the fifteen headings and no number under them before the next section: the row printed all blank
            rows.append([GridCell("行政复议 行政诉讼", None)] + _cells([None] * 15, zone[-1], source))
        elif placed is not None:
            rows.append([GridCell("行政复议 行政诉讼", None)] + _cells(placed, ln0, source))
        elif values:
            if len(values) == 15 or (len(values) % 5 == 0 and all(len(ln.split_values()[1]) == 5 for _, ln in values)):
                rows.append(
                    [GridCell("行政复议 行政诉讼", None)]
                    + [
                        GridCell(s.text, f"{source} page {ln.page} / line {ln.no} / col {k}")
                        for k, (s, ln) in enumerate(values, 1)
                    ][:16]
                )
            else:
                rep = split_t4(" ".join(s.text for s, _ in values))
                for a in t4_addresses():
                    repairs[a] = rep
                where = f"{source} page {ln0.page} / line {ln0.no}"
                texts = [str(v) for v in rep.values] if rep.values else ["?"] * 15
                rows.append([GridCell("行政复议 行政诉讼", None)] + [GridCell(t, where) for t in texts])
    return rows, repairs


def _t4_placed(zone: list[Line], values: list[tuple[Seg, Line]], source: str) -> list[Seg | None] | None:
    """Table 4's one line of numbers with blank cells printed as spaces (space-aligned text): each number under
    the one of the fifteen column headings it clearly stands beneath, or None when any is in doubt."""
    if not values or len(values) >= 15 or len({id(ln) for _s, ln in values}) != 1 or values[0][1].cells is not None:
        return None
    heads = t4_heads(zone, source == "text")
    line = values[0][1]
    return place(line.segs, [s for s, _ln in values], heads, source == "text") if heads is not None else None


def _form_of(lines: list[Line]):
    from ..schema import get_form

    head = " ".join(ln.text for ln in lines[:80])
    return get_form(
        "gov_2019" if any(w in head for w in ("本年新制作数量", "上一年项目数量", "政府集中采购")) else "gov_2021"
    )


def _tab_row(zone: list[Line], n: int) -> Line | None:
    """The one tab-separated line of ``n`` cells that are all numbers or blanks (blank cells kept in place)."""
    found = [
        ln
        for ln in zone
        if ln.cells is not None
        and len(ln.cells) == n
        and ln.split_values()[1]
        and all(not c or Seg(0, 0, c).is_value for c in ln.cells)
    ]
    return found[0] if len(found) == 1 else None


def _blank_tab_row(zone: list[Line], n: int) -> Line | None:
    """The one tab-separated line of ``n`` cells all blank, when no line of the zone holds a number (a table whose
    one row of numbers is printed all blank, under its column headings)."""
    if any(ln.split_values()[1] for ln in zone):
        return None
    found = [ln for ln in zone if ln.cells is not None and len(ln.cells) == n and not any(ln.cells)]
    return found[0] if len(found) == 1 else None


def _blank_tab_rows(
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
            and _blank_row_label(labels[-1], zone[i + 1 :], form)
        )
        if labels and (tail == 7 or spanned):
            out[id(ln)] = [GridCell(labels[-1], f"{source} page {ln.page} / line {ln.no}")] + _cells(
                [None] * 7, ln, source
            )
    return out


def _blank_row_label(label: str, after: list[Line], form, group: str | None = None) -> bool:
    """Whether ``label`` names a Table 3 row: a row of the form, or a group heading (（六）其他处理) that the
    next labelled line does not continue with one of its own rows (a report that kept the group as one row)."""
    m = match_t3_row(label, form, group)
    if m.key is not None:
        return True
    if not m.heading or m.group is None:
        return False
    nxt = next((s.text for ln in after for s in ln.segs if not s.is_value), None)
    return nxt is not None and match_t3_row(nxt, form).group != m.group


def _orphan_labels(zone: list[Line], rows: list[Row], form, totals: bool = False) -> list[tuple[str, Line]]:
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
            if (m.key is None or not m.heading) and _blank_row_label(s.text, zone[i + 1 :], form, group):
                out.append((s.text, ln))
    return out


def _tab_width(zone: list[Line]) -> int | None:
    """The number of cells of Table 3's rows when tab or pipe cells give every row the same width (the grid's)."""
    widths = Counter(len(ln.cells) for ln in zone if ln.cells is not None and len(ln.cells) >= 8)
    if not widths:
        return None
    (w, n), *rest = widths.most_common()
    return w if n >= 5 and all(m * 4 <= n for _w, m in rest) else None


def _t3_row(
    r: Row,
    centres: list[float] | None,
    source: str,
    repairs: dict[str, Repair],
    width: int | None = None,
    heads: list[list[float]] | None = None,
) -> list[GridCell]:
    label = [GridCell(r.label, f"{source} page {r.line.page} / line {r.line.no}")]
    vals = r.values
    cells = r.line.cells
    if cells is not None and width is not None and len(cells) == width:
        own = [i for i, c in enumerate(cells) if c and not Seg(0, 0, c).is_value]
        if own and own[-1] < width - 7 and not any(cells[own[-1] + 1 : width - 7]):
            # a row of the table's full width whose cells between label and values are empty (covered by the
            # label's span): its seven values are its last seven cells, blanks in place
            return label + _cells([Seg(0, 0, c) if c else None for c in cells[-7:]], r.line, source)
    if cells is not None and vals:
        # tab-separated: the cells after the label, blanks included (a blank cell is blank, not skipped)
        own = (
            max(i for i, c in enumerate(cells) if c and not Seg(0, 0, c).is_value)
            if any(c and not Seg(0, 0, c).is_value for c in cells)
            else -1
        )
        after = cells[own + 1 :]
        if len(after) == 7 and any(after):
            return label + _cells([Seg(0, 0, c) if c else None for c in after], r.line, source)  # a blank last cell
        while after and not after[-1]:
            after.pop()
        if len(after) >= 7 and (len(after) == 7 or _sums([Seg(0, 0, c or "0") for c in after[-7:]])):
            segs = [Seg(0, 0, c) if c else None for c in after[-7:]]
            return label + _cells(segs, r.line, source)
    if len(vals) == 7 or (len(vals) > 7 and _sums(vals[-7:])):
        return label + _cells(vals[-7:], r.line, source)
    if len(vals) < 7 and cells is not None:
        return label + _cells(vals, r.line, source)  # tab cells have no x to place by: the binder settles the row
    if len(vals) < 7 and heads is not None and (placed := place(r.line.segs, vals, heads, True)):
        return label + _cells(placed, r.line, source)  # space-aligned text: blank cells print as spaces
    if len(vals) < 7 and centres is not None:
        placed = align(vals, centres)
        if placed is not None:
            return label + _cells(placed, r.line, source)
    rep = split_t3_row(" ".join(v.text for v in vals))
    where = f"{source} page {r.line.page} / line {r.line.no} (digit run)"
    repairs[f"src:{where}"] = rep
    texts = [str(v) for v in rep.values] if rep.values else ["?"] * 7
    return label + [GridCell(t, where, ("repair", id(r), k)) for k, t in enumerate(texts)]


def _sums(vals: list[Seg]) -> bool:
    try:
        nums = [float(unicodedata.normalize("NFKC", v.text).replace(",", "")) for v in vals]
    except ValueError:
        return True  # not-applicable marks: leave it to the checker
    return nums[-1] == sum(nums[:-1])


def apply_repairs(report: Report, repairs: dict[str, Repair]) -> Report:
    """Give repaired or ambiguous cells their status and note (the binder only saw their text)."""
    new: dict[str, Cell] = {}
    unpaired = repairs.pop("t3:unpaired", None)
    if unpaired:
        shown = "、".join(f"“{x}”" for x in unpaired[:3])
        note = (
            f"表三的行标签与数字无法一一对应（{shown}没有对应的数字），整张表三不予采信、不作猜测"
            f" / Table 3 labels and numbers are out of step ({len(unpaired)} label(s) without numbers): "
            "the table is left unreadable rather than guessed"
        )
        for addr, c in report.cells.items():
            if addr.startswith("t3."):
                new[addr] = Cell(None, "unreadable", raw=c.raw, source=c.source, note=note)
    for key, rep in repairs.items():
        if key.startswith("src:"):
            where = key[4:]
            for addr, c in report.cells.items():
                if c.source == where:
                    new[addr] = _repaired(c, rep)
        elif key in report.cells:
            new[key] = _repaired(report.cells[key], rep)
    out = report.with_cells(new) if new else report
    return with_count(out, sum(1 for c in out.cells.values() if c.status == "repaired"))


def _repaired(c: Cell, rep: Repair) -> Cell:
    if rep.values is None:
        return Cell(None, "unreadable", raw=rep.raw, source=c.source, note=rep.note())
    return Cell(c.value, rep.status, raw=rep.raw, source=c.source, note=None if rep.status == "parsed" else rep.note())


def with_count(report: Report, n: int) -> Report:
    from dataclasses import replace

    ex = dict(report.extras)
    ex["digit_repairs"] = n
    t4 = [report.cells.get(a) for a in t4_addresses()]
    if all(c is not None and isinstance(c.value, int | float) for c in t4):
        v = [c.value for c in t4]
        holds = all(v[g + 4] == sum(v[g : g + 4]) for g in (0, 5, 10))
        ex["t4_order"] = (
            "canonical order, confirmed by T4-01"
            if holds
            else "canonical order (no labels to bind by); T4-01 fails as read: see the rules' findings"
        )
    ex["repairs"] = [f"{a}: {c.note}" for a, c in report.cells.items() if c.status == "repaired"]
    return replace(report, extras=ex)


__all__ = ["S5_HEADING", "T3_START", "T4_START", "apply_repairs", "lines_to_grids", "with_count"]
