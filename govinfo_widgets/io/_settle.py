"""Table 3 rows whose count of numbers is not seven, settled by the form's identities (or left unreadable)."""

from __future__ import annotations

from ..model import Cell
from ..schema import C7
from ._identities import joins, numeric, placements, row_candidates, row_holds, settle
from ._values import parse_cell

#: What a settled cell's note adds about the loss it undoes.
_WHY = {
    "repeats": (
        "；相同的相邻行被合并过，原表的空白格会留下同样的痕迹，读作 0",
        "; repeated lines had been collapsed, and a blank cell would leave the same trace, so it reads 0",
    ),
    "blanks": ("；原表的空白格被略去", "; blank cells had been dropped"),
}
#: Candidates shown in the note of an ambiguous cell.
SHOWN = 4


def _vec(cells: dict[str, Cell], key: str) -> tuple[float, ...] | None:
    out = []
    for c in C7:
        cell = cells.get(f"t3.{key}.{c}")
        if cell is None:
            return None
        if cell.value is None:
            if cell.status not in ("blank_zero", "not_applicable"):
                return None
            out.append(0.0)
        else:
            out.append(float(cell.value))
    return tuple(out)


def _split_and_lost(texts: list[str], losses: str) -> list[tuple[float, ...]]:
    """Readings of seven printed numbers as six (two adjacent ones one number split over lines) plus a lost cell."""
    out = []
    for i in range(6):
        if texts[i + 1].startswith("0") and len(texts[i + 1]) > 1 or texts[i].startswith("0"):
            continue
        joined = [*texts[:i], texts[i] + texts[i + 1], *texts[i + 2 :]]
        nums = [float(t) for t in joined]
        out += placements(nums, 7, blanks=losses == "blanks", repeats=losses == "repeats")
    return numeric(row_candidates(out))


def settle_t3_rows(
    form, cells: dict[str, Cell], odd: dict[str, tuple[list[str], str]], losses: str = "blanks"
) -> dict[str, Cell]:
    """Cells for the rows in ``odd`` (row key → the row's number texts and source).

    A row with fewer numbers than columns may have lost blank cells or had repeated cells
    collapsed (``losses`` says which, from the layout); one with more may have a number split across lines. Every placement is tried;
    those under which the row's sum and the table's column identities hold survive. One
    survivor → its cells are ``repaired`` with the reason; several → ``unreadable`` with the
    candidates in the note; none → ``unreadable``.
    """
    collapsed = (
        frozenset({"other"})
        if any(a.startswith("t3.other.") for a in cells) and form.has_cell("t3.other.total")
        else frozenset()
    )
    leaves = form.outcome_rows(collapsed)
    keys = [r.key for r in form.t3_data_rows(collapsed)]
    fixed = {}
    for k in keys:
        if k not in odd:
            v = _vec(cells, k)
            if v is not None:
                fixed[k] = v
    per_row: dict[str, list[tuple[float, ...]]] = {}
    for key, (texts, _src) in list(odd.items()):
        nums = [parse_cell(t).value for t in texts]
        if len(nums) == 7 and None not in nums:
            # seven numbers whose sum fails: as published, unless a split number and a lost cell also explain them
            alt = _split_and_lost(texts, losses)
            if not alt:
                odd = {k: v for k, v in odd.items() if k != key}
                fixed[key] = tuple(float(x) for x in nums)
                continue
            per_row[key] = [tuple(float(x) for x in nums), *alt]
        elif any(x is None for x in nums):
            per_row[key] = []
        elif len(nums) < 7:
            per_row[key] = numeric(
                row_candidates(
                    placements([float(x) for x in nums], 7, blanks=losses == "blanks", repeats=losses == "repeats")
                )
            )
        else:
            per_row[key] = numeric(row_candidates(joins(texts, 7)))
    joint = settle(fixed, {k: v for k, v in per_row.items() if v}, leaves)
    if joint and not any(joint.values()):
        joint = {}  # no joint choice holds (a published error elsewhere): judge each row by its own sum
    out: dict[str, Cell] = {}
    for key, (texts, src) in odd.items():
        cands = joint.get(key, per_row[key]) if joint else per_row[key]
        if len(texts) == 7 and len(cands) == 1 and cands[0] == per_row[key][0]:
            continue  # as published: the other readings do not fit the table
        raw = " ".join(texts)
        for j, c in enumerate(C7):
            addr = f"t3.{key}.{c}"
            if not form.has_cell(addr):
                continue
            if len(cands) == 1:
                v = cands[0][j]
                if v is None:
                    out[addr] = Cell(None, "blank_missing", raw=raw, source=src, note="总计栏留空 / the total is blank")
                    continue
                note = (
                    f"本行有{len(texts)}个数、应有7个：按合计关系唯一成立的排列读取（{raw}）{_WHY[losses][0]}"
                    f" / {len(texts)} numbers for 7 cells: the only placement under which the sums hold{_WHY[losses][1]}"
                )
                out[addr] = Cell(int(v) if v == int(v) else v, "repaired", raw=raw, source=src, note=note)
            else:
                shown = "；".join(" ".join("空" if x is None else f"{x:g}" for x in cand) for cand in cands[:SHOWN])
                why = f"{len(cands)}种排列均使合计关系成立：{shown}" if cands else "没有任何排列使合计关系成立"
                out[addr] = Cell(
                    None,
                    "unreadable",
                    raw=raw,
                    source=src,
                    note=f"本行有{len(texts)}个数、应有7个，{why} / {len(texts)} numbers for 7 cells: "
                    f"{len(cands)} placement(s) satisfy the sums, so the cell is not guessed",
                )
    return out


def verify_t3_columns(st) -> None:
    """Judge a header-derived column order of Table 3 by the row sums before accepting it.

    Under an order the header suggests, every row's parts must sum to its 总计. If they do not
    while the form's own order satisfies them, the rows are rebound in the form's order (a
    ``repaired`` cell with the reason); if neither order holds, the cells on which the two orders
    disagree are ``unreadable`` with both candidates in the note (never a guess).
    """
    by_order: dict[tuple[str, ...], list] = {}
    for key, vals, cols, src in st.t3_bound:
        by_order.setdefault(cols, []).append((key, vals, src))
    for cols, rows in by_order.items():

        def vec(vals, order):
            nums = {c: parse_cell(v.text).value for c, v in zip(order, vals)}
            return tuple(nums[c] for c in C7)

        hdr = [row_holds(vec(vals, cols)) for _, vals, _ in rows]
        can = [row_holds(vec(vals, C7)) for _, vals, _ in rows]
        if False not in hdr:
            continue
        shown = "、".join(cols)
        take_canonical = False not in can
        for key, vals, src in rows:
            for i, c in enumerate(C7):
                addr = f"t3.{key}.{c}"
                if not st.form.has_cell(addr):
                    continue
                v_can = vals[i]
                v_hdr = vals[cols.index(c)]
                if take_canonical:
                    cell = parse_cell(v_can.text, st.form.cell(addr), v_can.source)
                    note = (
                        "按国家格式的栏目顺序绑定：由表头推得的栏目顺序（" + shown + "）使各行合计不成立"
                        " / bound in the form's column order: the order derived from the header breaks the row sums"
                    )
                    status = (
                        "repaired"
                        if v_can.text.strip() != v_hdr.text.strip() and cell.status == "parsed"
                        else cell.status
                    )
                    st.cells[addr] = Cell(cell.value, status, cell.raw, cell.source, note)
                elif v_can.text.strip() != v_hdr.text.strip():
                    st.cells[addr] = Cell(
                        None,
                        "unreadable",
                        raw=f"{v_hdr.text} | {v_can.text}",
                        source=src,
                        note=f"栏目顺序无法由合计关系确定，候选值：{v_hdr.text.strip() or '空'}（表头顺序）或"
                        f"{v_can.text.strip() or '空'}（国家格式顺序） / column order not settled by the "
                        "row sums: candidates from the header order and from the form's order",
                    )
        st.notes.append(f"t3: header column order {'rejected' if take_canonical else 'not confirmed'} by the row sums")


def settle_t4(texts: list[str], addrs: list[str], src: str, losses: str) -> dict[str, Cell]:
    """Cells ``addrs`` of Table 4 (groups of five: four outcomes and their 总计) from fewer printed numbers ``texts``.

    Every placement under the layout's losses is tried; one that makes every group's parts sum to its
    总计 → ``repaired``; several or none → ``unreadable`` with the reason.
    """
    n = len(addrs)
    nums = [parse_cell(t).value for t in texts]
    cands: list = []
    if None not in nums and 0 < len(nums) <= n:
        rep = losses == "repeats"
        raw = placements([float(x) for x in nums], n, blanks=not rep, repeats=rep)
        cands = numeric(
            c
            for c in raw
            if all(abs(sum(x or 0 for x in c[g : g + 4]) - (c[g + 4] or 0)) < 1e-9 for g in range(0, n, 5))
        )
    out: dict[str, Cell] = {}
    raw_text = " ".join(texts)
    for j, a in enumerate(addrs):
        if len(cands) == 1 and cands[0][j] is None:
            out[a] = Cell(None, "blank_missing", raw_text, src, "总计栏留空 / the total is blank")
        elif len(cands) == 1:
            v = cands[0][j]
            out[a] = Cell(
                int(v) if v == int(v) else v,
                "repaired",
                raw_text,
                src,
                f"表四有{len(texts)}个数、应有{n}个：按合计关系唯一成立的排列读取 / {len(texts)} numbers for {n} "
                "cells: the only placement under which the sums hold",
            )
        else:
            out[a] = Cell(
                None,
                "unreadable",
                raw_text,
                src,
                f"表四有{len(texts)}个数、应有{n}个，{len(cands)}种排列均可 / {len(texts)} numbers for {n} "
                f"cells: {len(cands)} placements satisfy the sums, so the cell is not guessed",
            )
    return out


#: Sources whose empty cells may be lost text rather than printed blanks (a PDF's drawn grid, OCR).
LOSSY_SOURCES = ("pdf", "ocr")


def unsettle_blank_t3_rows(st) -> None:
    """A Table 3 row read all blank from a PDF is read as zeros only when a column sum over it can be checked and holds.

    Blank cells of a row are zeros only while the table's identities allow it: when a column's
    （七）总计 (as read, or as 一+二−四 when it is unreadable) differs from the sum of its rows, or no such sum can be checked (the rows around it unreadable), a row
    found with every cell empty (its numbers lost with a page break, or printed elsewhere) has its cells
    ``unreadable`` with the reason — a lost 258 is never read as 0. A row with any number of its own is left
    as read.
    """
    cells = st.cells
    # only a row with a blank cell from a lossy source can change: HTML, Word, Markdown and text pages skip the sums
    blank_rows = {
        a.split(".")[1]
        for a, c in cells.items()
        if c.status == "blank_zero" and a.startswith("t3.") and str(c.source or "").startswith(LOSSY_SOURCES)
    }
    if not blank_rows:
        return

    def number(addr: str):
        c = cells.get(addr)
        if c is None:
            return None
        if c.value is not None:
            return c.value
        return 0 if c.status == "blank_zero" else None

    def total(addr: str):
        """（七）总计 as read, else as 一+二−四 of its column (T3-01) when those are read."""
        v = number(addr)
        if v is not None:
            return v
        col = addr.rsplit(".", 1)[1]
        a, b, c = (number(f"t3.{r}.{col}") for r in ("new_received", "carried_over", "carried_forward"))
        return None if None in (a, b, c) else a + b - c

    collapsible = frozenset(r.key for r in st.form.t3_rows if r.collapsible)
    layouts = {*st.form.sums(), *st.form.sums(collapsible)}  # a sum with a cell the page lacks is skipped
    failing: set[str] = set()
    holding: set[str] = set()
    summed = {a.split(".")[1] for s in layouts if s.table == "t3" and s.along == "column" for a in s.parts}
    for s in layouts:
        if s.table != "t3" or s.along != "column":
            continue
        nums = [total(s.total) if s.total.startswith("t3.outcome_total.") else number(s.total)]
        nums += [number(a) for a in s.parts]
        if None in nums:
            continue
        (failing if abs(nums[0] - sum(nums[1:])) > 1e-6 else holding).update(a.split(".")[1] for a in s.parts)
    for key in sorted((blank_rows & summed) - (holding - failing)):
        row = {a: c for a, c in cells.items() if a.startswith(f"t3.{key}.")}
        if not row or any(c.value is not None or c.status not in ("blank_zero", "blank_missing") for c in row.values()):
            continue
        if not all(str(c.source or "").startswith(LOSSY_SOURCES) for c in row.values()):
            continue  # an empty cell of an HTML, Word or Markdown table is a printed blank, not a lost number
        for a, c in row.items():
            cells[a] = Cell(
                None,
                "unreadable",
                c.raw,
                c.source,
                "整行空白，而该栏的总计与各行之和不符或无法核对：数字可能已丢失（如分页处），不按 0 读取"
                " / the whole row is blank and its column's total differs from the sum of the rows or cannot"
                " be checked: its numbers may be lost (e.g. at a page break), so it is not read as 0",
            )
