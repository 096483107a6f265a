"""Export a Report: DOCX in official-document style, a self-contained HTML page, Markdown, JSON, XLSX."""

from __future__ import annotations

from pathlib import Path

from ..model import Report
from ._docx import build_docx, to_docx
from ._html import to_html
from ._layout import ExportError, Grid, GridCell, cell_text, grids
from ._markdown import to_markdown
from ._xlsx import to_xlsx


def to_json(report: Report, path: str | Path | None = None) -> str:
    """The report as versioned JSON: :meth:`Report.to_json` (written atomically when ``path`` is given)."""
    return report.to_json(path)


__all__ = [
    "ExportError",
    "Grid",
    "GridCell",
    "build_docx",
    "cell_text",
    "grids",
    "to_docx",
    "to_html",
    "to_json",
    "to_markdown",
    "to_xlsx",
]
