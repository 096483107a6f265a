"""A report as text: Markdown, tab-separated, space-aligned layout text, one cell per line, pasted rows.

``md``      pipe tables (the first row of each table is the header row; merged cells, which Markdown cannot
            draw, leave the covered positions empty), headings as ``##``.
``tsv``     the whole report as text with each table row's cells separated by tabs, as a table copied out of
            Word or WPS and pasted into a text file (covered positions of merged cells are empty).
``layout``  ``pdftotext -layout``-style text: each row on one line, cells padded with spaces to fixed columns
            (CJK characters two columns wide), labels flush left, headings and numbers centred, blanks as spaces.
``lines``   one cell per line, row after row (covered positions left out, blanks as empty lines), as text
            pulled out of a table cell by cell.

:func:`paste_block` gives one table's data rows as a spreadsheet copies them (tab-separated, labelled).
"""

from __future__ import annotations

import unicodedata

from govinfo_widgets import Report

from .common import FILLER, Cell, headings, intro, tables, title

KINDS = ("md", "tsv", "layout", "lines")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _row_texts(row: list[Cell], across: bool = True) -> list[str]:
    """A row's texts with the covered positions of merged cells empty; ``across=False`` leaves out the positions
    a cell covers to its right (one text per drawn cell, as Word copies a row)."""
    return [c.text if c.origin else "" for c in row if across or c.origin or c.rowspan > 1 and c.colspan == 1]


def _grid_rows(matrix: list[list[Cell]]) -> list[list[str]]:
    """Rows to write cell by cell: Table 2 (blocks of different widths, merged value cells in the 2019 form)
    one text per drawn cell; Tables 3 and 4 on their full grid, so every value keeps its column."""
    table2 = any(c.kind == "title" for row in matrix for c in row)
    return [_row_texts(row, across=not table2) for row in matrix]


def _md_table(matrix: list[list[Cell]]) -> list[str]:
    rows = [[t.replace("|", "\\|") for t in row] for row in _grid_rows(matrix)]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return lines


def _tsv_table(matrix: list[list[Cell]]) -> list[str]:
    return ["\t".join(row) for row in _grid_rows(matrix)]


def _layout_table(matrix: list[list[Cell]]) -> list[str]:
    n = len(matrix[0])
    texts = [_row_texts(row) for row in matrix]
    # a column is as wide as its widest single-column text; merged texts spill over their span
    widths = [max([_width(t[j]) for t, row in zip(texts, matrix) if row[j].colspan == 1] + [4]) for j in range(n)]
    lines = []
    for t, row in zip(texts, matrix):
        out = ""
        j = 0
        while j < n:
            cell, span = row[j], max(1, row[j].colspan if row[j].origin else 1)
            w = sum(widths[j : j + span]) + 3 * (span - 1)
            text = t[j]
            room = max(0, w - _width(text))
            if cell.kind in ("label", "note"):  # labels flush left, headings and numbers centred in their cell
                out += text + " " * room + "   "
            else:
                out += " " * (room // 2) + text + " " * (room - room // 2) + "   "
            j += span
        lines.append("    " + out.rstrip())
    return lines


def _lines_table(matrix: list[list[Cell]]) -> list[str]:
    out = []
    for row in matrix:
        out += [c.text for c in row if c.origin]
    return out


_TABLE = {"md": _md_table, "tsv": _tsv_table, "layout": _layout_table, "lines": _lines_table}


def render(report: Report, kind: str = "md", numbers: str = "plain") -> str:
    """The report as text of ``kind`` (see the module docstring), numbers written in the ``numbers`` style."""
    if kind not in KINDS:
        raise ValueError(f"unknown text kind {kind!r}; one of {KINDS}")
    placed = {section: matrix for section, _, matrix in tables(report, numbers)}
    head = "# " if kind == "md" else ""
    sub = "## " if kind == "md" else ""
    lines = [head + title(report), "", intro(report), ""]
    for key, heading in headings(report):
        lines += [sub + heading, ""]
        if key in placed:
            lines += _TABLE[kind](placed[key])
        else:
            lines.append(FILLER)
        lines.append("")
    return "\n".join(lines)


def paste_block(report: Report, table: str, numbers: str = "plain") -> str:
    """Table ``table``'s ("t2", "t3", "t4") labelled data rows as a spreadsheet copies them: tab-separated, the
    row's own label first, then its values (Table 4: its one row of 15 numbers)."""
    key = {"t2": "s2_proactive", "t3": "s3_requests", "t4": "s4_review_litigation"}[table]
    matrix = next(m for s, _, m in tables(report, numbers) if s == key)
    rows = []
    for row in matrix:
        values = [c for c in row if c.kind == "value"]
        if not values:
            continue
        labels = [c.text for c in row if c.kind == "label" and c.origin and c.rowspan == 1]
        seen = []
        for c in values:  # a value merged over several grid columns (2019 Table 2) is one spreadsheet cell
            if c.origin:
                seen.append(c.text)
        rows.append("\t".join(labels[-1:] + seen))
    return "\n".join(rows)
