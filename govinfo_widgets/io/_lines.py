"""Lines of text (tab-separated, space-aligned, Markdown-ish; or positioned words of a PDF page) → grids for the binder.

Table 2 and Table 4 lines pass line by line (space-aligned Table 2 numbers placed under their column
headings); Table 3 lines are rebuilt into rows; digit runs that do not give a row's count are split by
:mod:`._digits`, and :func:`apply_repairs` gives the repaired or ambiguous cells their status and note.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from itertools import accumulate

from ..model import Cell, Report
from ._bind import Grid, GridCell, NotAReportError
from ._blanks import (
    blank_tab_row,
    blank_tab_rows,
    cells_at,
    confirmed_measure,
    form_of,
    orphan_labels,
    t4_placed,
    tab_fives,
)
from ._columns import place, rows_in_place, t3_heads, t4_heads, under_heads
from ._digits import Repair, split_t3_row, split_t4
from ._grid import framed_runs
from ._layout import Line, Row, Seg, align, assemble_rows, column_centres, is_value_text
from ._match import S5_HEADING, T3_START, T4_START, match_t2_block, match_t2_row, norm, t4_addresses
from ._tokens import t3_token_rows


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
        return cells_at([Seg(0, 0, c) if c else None for c in line.cells], line, source)
    return cells_at(line.segs, line, source)


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
        grid_rows += _t2_rows(lines[t2:t2_end], source, chars=source == "text", form=form_of(lines))
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
        orphans = [] if tabular else orphan_labels(zone, rows, form_of(lines))
        blank_rows: dict[int, list[GridCell]] = {}
        doubt = False
        if heads is not None and not rows_in_place(zone, rows, anchor_lines, heads):
            # the two measures place some row differently (or not every row in place): one measure, if the
            # table's identities confirm it alone; else numbers are not placed by position
            found, heads = heads, confirmed_measure(zone, rows, anchor_lines, heads, form_of(lines))
            doubt = heads is None and _measures_differ(zone, rows, anchor_lines, found)  # both place, differently
        if orphans and heads is not None:
            # space-aligned text whose every number sits on its own label's line under a column heading: a
            # label alone on its line is a row printed blank, not a label whose numbers went astray
            for text, ln in orphan_labels(zone, rows, form_of(lines), totals=True):
                blank_rows[id(ln)] = [GridCell(text, f"{source} page {ln.page} / line {ln.no}")] + cells_at(
                    [None] * 7, ln, source
                )
            orphans = []
        tokened = t3_token_rows(zone, form_of(lines)) if orphans else None
        if tokened is not None:
            # labels wrapped away from their numbers (PDF viewer text): the numbers after a label are its row
            grids = [Grid(grid_rows, source)]
            t3_rows = [[GridCell("申请人情况", f"{source} page {zone[0].page} / line {zone[0].no}")]]
            for cells, values, ln in tokened:
                where = f"{source} page {ln.page} / line {ln.no}"
                t3_rows.append([GridCell(c, where) for c in cells] + cells_at(values, ln, source))
            grids.append(Grid(t3_rows, f"{source} (tokens)", exact=True, losses="blanks"))
            rest, _ = _t4_rows(lines, t4, end, source, exact, repairs)
            return [*grids, Grid(rest, source)], repairs
        if orphans:
            repairs["t3:unpaired"] = [text for text, _ln in orphans]
        width = _tab_width(zone) if tabular else None
        if tabular:
            blank_rows = blank_tab_rows(zone, anchor_lines, source, width, form_of(lines))
        # rows printed with every cell blank go in their place: before a row, those of the zone's lines up to the
        # first numbered at or past the row's line (found by bisection on the running maximum: no rescans)
        highest = list(accumulate((ln.no for ln in zone), max))
        done = 0
        for r in rows:
            stop = bisect_left(highest, r.line.no)
            for ln in zone[done:stop]:
                if id(ln) in blank_rows:
                    grid_rows.append(blank_rows.pop(id(ln)))
            done = max(done, stop)
            cells = r.line.cells
            if exact and cells is not None and len(cells) == 8 and not is_value_text(cells[0]):
                # one cell per line, blank cells kept as empty lines (see _tokens.rejoin): the row in place
                where = f"{source} page {r.line.page} / line {r.line.no}"
                grid_rows.append(
                    [GridCell(r.label, where)]
                    + cells_at([Seg(0, 0, c) if c else None for c in cells[1:]], r.line, source)
                )
                continue
            if exact and len(r.values) != 7:
                grid_rows.append(
                    [GridCell(r.label, f"{source} page {r.line.page} / line {r.line.no}")]
                    + cells_at(r.values, r.line, source)
                )
                continue
            grid_rows.append(_t3_row(r, None if doubt else centres, source, repairs, width, heads, doubt))
        grid_rows += [blank_rows[id(ln)] for ln in zone if id(ln) in blank_rows]  # blank rows after the last
    rest, repairs = _t4_rows(lines, t4, end, source, exact, repairs)
    return [Grid(grid_rows + rest, source, exact=exact, losses=losses)], repairs


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
                out.append(cells_at([*labels, *[None] * len(heads)], ln, source))
                continue
        elif ln.cells is None and labels and values and len(values) < len(heads):
            placed = under_heads(ln.segs, values, head_line, heads, chars)
            if placed is not None:
                out.append(cells_at([*labels, *placed], ln, source))
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
    elif tab_fives(lines[t4:end]):
        # three tab-separated rows of five (行政复议 / 直接起诉 / 复议后起诉), blank cells in place: rows as printed
        rows += [_line_cells(ln, source) for ln in lines[t4:end]]
    elif (tab15 := _tab_row(lines[t4:end], 15) or blank_tab_row(lines[t4:end], 15)) is not None:
        rows += [_line_cells(ln, source) for ln in lines[t4:end] if ln is not tab15 and not ln.split_values()[1]]
        rows.append([GridCell("行政复议 行政诉讼", None)] + _line_cells(tab15, source))
    else:
        zone = lines[t4:end]
        values = [(s, ln) for ln in zone for s in ln.split_values()[1]]
        for ln in zone:
            if not ln.split_values()[1]:
                rows.append(_line_cells(ln, source))
        ln0 = values[0][1] if values else None
        placed = t4_placed(zone, values, source)
        if not values and ln0 is None and t4_heads(zone, source == "text") is not None:
            # the fifteen headings and no number under them before the next section: the row printed all blank
            rows.append([GridCell("行政复议 行政诉讼", None)] + cells_at([None] * 15, zone[-1], source))
        elif placed is not None:
            rows.append([GridCell("行政复议 行政诉讼", None)] + cells_at(placed, ln0, source))
        elif values:
            fives = all(len(ln.split_values()[1]) == 5 for _, ln in values)
            one_line = len({id(ln) for _, ln in values}) == 1
            # fifteen numbers on one line, or in lines of five; spread unevenly over lines (a blank dropped, a stray
            # number from a note), their places are confirmed by the group sums below (split_t4), never assumed
            if (len(values) == 15 and (one_line or fives)) or (len(values) % 5 == 0 and fives):
                rows.append(
                    [GridCell("行政复议 行政诉讼", None)]
                    + [
                        GridCell(s.text, f"{source} page {ln.page} / line {ln.no} / col {k}")
                        for k, (s, ln) in enumerate(values, 1)
                    ][:16]
                )
            else:
                where = f"{source} page {ln0.page} / line {ln0.no}"
                rep = split_t4(" ".join(s.text for s, _ in values))
                extra = {**rep.extra, "where": where}
                if rep.values is None and sum(ch.isdigit() for s, _ in values for ch in s.text) < 15:
                    n = len(values)
                    extra["why"] = (
                        f"表四的15栏只印出{n}个数字，无法确认空白单元格的位置，也就无法确定各数字所在的栏，按无法识别处理",
                        f"Table 4 shows {n} numbers for its 15 cells and where its blank cells stand cannot be "
                        "confirmed, so neither can the numbers' columns: its cells are unreadable",
                    )
                rep = replace(rep, extra=extra)
                for a in t4_addresses():
                    repairs[a] = rep
                texts = [str(v) for v in rep.values] if rep.values else ["?"] * 15
                rows.append([GridCell("行政复议 行政诉讼", None)] + [GridCell(t, where) for t in texts])
    return rows, repairs


def _tab_row(zone: list[Line], n: int) -> Line | None:
    """The one tab-separated line of ``n`` cells that are all numbers or blanks (blank cells kept in place)."""
    found = [
        ln
        for ln in zone
        if ln.cells is not None
        and len(ln.cells) == n
        and ln.split_values()[1]
        and all(not c or is_value_text(c) for c in ln.cells)
    ]
    return found[0] if len(found) == 1 else None


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
    doubt: bool = False,
) -> list[GridCell]:
    label = [GridCell(r.label, f"{source} page {r.line.page} / line {r.line.no}")]
    vals = r.values
    cells = r.line.cells
    if cells is not None and width is not None and len(cells) == width:
        own = [i for i, c in enumerate(cells) if c and not is_value_text(c)]
        if own and own[-1] < width - 7 and not any(cells[own[-1] + 1 : width - 7]):
            # a row of the table's full width whose cells between label and values are empty (covered by the
            # label's span): its seven values are its last seven cells, blanks in place
            return label + cells_at([Seg(0, 0, c) if c else None for c in cells[-7:]], r.line, source)
    if cells is not None and vals:
        # tab-separated: the cells after the label, blanks included (a blank cell is blank, not skipped)
        own = (
            max(i for i, c in enumerate(cells) if c and not is_value_text(c))
            if any(c and not is_value_text(c) for c in cells)
            else -1
        )
        after = cells[own + 1 :]
        if len(after) == 7 and any(after):
            return label + cells_at([Seg(0, 0, c) if c else None for c in after], r.line, source)  # a blank last cell
        # blank at both ends: the seven may stand in more than one place (a blank 总计, padding), none is taken here
        unsure = bool(after) and not after[-1] and len(framed_runs(after, 7)) > 1
        while after and not after[-1]:
            after.pop()
        if not unsure and len(after) >= 7 and (len(after) == 7 or _sums([Seg(0, 0, c or "0") for c in after[-7:]])):
            segs = [Seg(0, 0, c) if c else None for c in after[-7:]]
            return label + cells_at(segs, r.line, source)
    if len(vals) == 7 or (len(vals) > 7 and _sums(vals[-7:])):
        return label + cells_at(vals[-7:], r.line, source)
    if len(vals) < 7 and cells is not None:
        return label + cells_at(vals, r.line, source)  # tab cells have no x to place by: the binder settles the row
    if len(vals) < 7 and heads is not None and (placed := place(r.line.segs, vals, heads, True)):
        return label + cells_at(placed, r.line, source)  # space-aligned text: blank cells print as spaces
    if len(vals) < 7 and centres is not None:
        placed = align(vals, centres)
        if placed is not None:
            return label + cells_at(placed, r.line, source)
    if doubt and len(vals) < 7:
        rep = Repair(" ".join(v.text for v in vals), 7, ("", ""), extra={"why": _DOUBT})
    else:
        rep = split_t3_row(" ".join(v.text for v in vals))
    where = f"{source} page {r.line.page} / line {r.line.no} (digit run)"
    repairs[f"src:{where}"] = rep
    texts = [str(v) for v in rep.values] if rep.values else ["?"] * 7
    return label + [GridCell(t, where, ("repair", id(r), k)) for k, t in enumerate(texts)]


_DOUBT = (
    "空白格印作空格，按字符数与按显示宽度对齐时该行数字落在不同的栏下，表内勾稽关系也无法确定哪一种，不按位置猜测",
    "blank cells print as spaces, and the row's numbers stand under different columns when the text is measured "
    "in characters or in display width; the table's identities confirm neither, so nothing is placed by a guess",
)


def _measures_differ(zone: list[Line], rows: list[Row], anchors: set[int], heads: list[list[float]]) -> bool:
    """Whether every row stands in place in each text measure on its own, while the two place some row differently."""
    ones = [[h if i == m else None for i, h in enumerate(heads)] for m in range(len(heads))]
    return len(heads) > 1 and all(rows_in_place(zone, rows, anchors, one) for one in ones)


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
        elif rep.values is None and "where" in rep.extra and report.form.has_cell(key):
            # numbers found but not placed (the binder saw none it could read): unreadable with the reason, not absent
            new[key] = Cell(None, "unreadable", raw=rep.raw, source=rep.extra["where"], note=rep.note())
    out = report.with_cells(new) if new else report
    return with_count(out, sum(1 for c in out.cells.values() if c.status == "repaired"))


def _repaired(c: Cell, rep: Repair) -> Cell:
    if rep.values is None:
        return Cell(None, "unreadable", raw=rep.raw, source=c.source, note=rep.note())
    return Cell(c.value, rep.status, raw=rep.raw, source=c.source, note=None if rep.status == "parsed" else rep.note())


def with_count(report: Report, n: int) -> Report:
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
