"""What every layout shares: the figures of a bundled report, how a figure is written, the page skeleton.

The tables' structure (labels, merged cells) comes from the form definition through the public
:func:`govinfo_widgets.export.grids`; the numbers are the report's own figures (hand-read from the
published tables), written here in each site's way. No report prose is copied: the narrative is a fixed
neutral placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass

from govinfo_widgets import Report
from govinfo_widgets.export import Grid, grids

#: How numbers are written: as they are, with thousands separators, or with every 0 left blank.
NUMBER_STYLES = ("plain", "thousands", "blank_zeros")
#: The neutral sentence standing in for each section's narrative (never text from a real report).
FILLER = "本部分内容从略。"


@dataclass(frozen=True)
class Cell:
    """One grid position of a table as drawn: ``origin`` is False for positions covered by a merged cell."""

    text: str
    kind: str  # "title" | "head" | "note" | "label" | "value"
    origin: bool
    colspan: int = 1
    rowspan: int = 1
    address: str | None = None


def figures(report: Report) -> dict[str, float | int | None]:
    """``{address: value}`` of a bundled report; ``None`` = blank in the source (as in the corpus truth)."""
    return {a: c.value for a, c in report.cells.items()}


def truth_of(report: Report) -> dict:
    """The report in the shape of the corpus truth files (``truth/NNN.cells.json``): form, year, cells."""
    return {"id": report.meta.id, "form": report.meta.form, "year": report.meta.year, "cells": figures(report)}


def number_text(report: Report, address: str, numbers: str = "plain") -> str:
    """The text a site writes for one cell: "" for a blank, else the figure in the ``numbers`` style."""
    value = report.cells[address].value if address in report.cells else None
    if value is None:
        return ""
    decimal = report.form.cell(address).dtype == "decimal"
    if numbers == "blank_zeros" and value == 0:
        return ""
    if decimal:  # every digit the source has (repr of the float), never rounded
        text = f"{float(value):,}" if numbers == "thousands" else repr(float(value))
        return text[:-2] if text.endswith(".0") else text
    return f"{int(value):,}" if numbers == "thousands" else str(int(value))


def expected(report: Report, numbers: str = "plain") -> dict[str, float | int | None]:
    """What a reader must give for each cell of a layout written with ``numbers``: the figure, or ``None``
    where the layout leaves the cell blank."""
    out = {}
    for a, v in figures(report).items():
        out[a] = None if number_text(report, a, numbers) == "" else v
    return out


def tables(report: Report, numbers: str = "plain") -> list[tuple[str, Grid, list[list[Cell]]]]:
    """The three official tables as ``(section key, grid, matrix)``; the matrix has one :class:`Cell` per grid
    position (merged cells expanded: the covered positions repeat the text with ``origin=False``)."""
    out = []
    for section, grid in grids(report, lang="zh", blanks="blank").items():
        n_rows = len(grid.rows)
        matrix: list[list[Cell | None]] = [[None] * grid.n_cols for _ in range(n_rows)]
        for r, c, cell in grid.positions():
            text = number_text(report, cell.address, numbers) if cell.address else cell.text
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    matrix[r + dr][c + dc] = Cell(
                        text, cell.kind, (dr, dc) == (0, 0), cell.colspan, cell.rowspan, cell.address
                    )
        assert all(all(x is not None for x in row) for row in matrix), f"{grid.key}: a hole in the grid"
        out.append((section, grid, matrix))
    return out


def title(report: Report) -> str:
    """``{agency}{year}年政府信息公开工作年度报告``."""
    return f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"


def headings(report: Report) -> list[tuple[str, str]]:
    """``(section key, "一、总体情况")`` for the six sections of the report's form."""
    return [(s["key"], f"{s['no']}、{s['title']}") for s in report.form.sections]


def intro(report: Report) -> str:
    """A neutral opening sentence (names the regulation, as every report does)."""
    return f"本报告依据《中华人民共和国政府信息公开条例》编制，数据统计期限为{report.meta.year}年1月1日至12月31日。"
