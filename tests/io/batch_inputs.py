"""Input folders for the batch-import tests, generated from the bundled reports (``data/reports``).

Each file is a bundled report rendered by :mod:`tests.layouts` in one of the kinds the importer reads
(HTML, Markdown, layout text, DOCX), so the batch behaviour — names, re-runs, failures, a killed run — is
tested on a bare clone; the same tests on the real published files live beside them, marked ``corpus``.
"""

from __future__ import annotations

from pathlib import Path

from govinfo_widgets import load_example
from tests.layouts import render

#: (file name, bundled report, kind, style): four kinds, four reports, both forms.
FILES: list[tuple[str, str, str, str]] = [
    ("001.html", "001", "html", "thead"),
    ("011.html", "011", "html", "plain"),
    ("005.md", "005", "md", "plain"),
    ("000.txt", "000", "layout", "plain"),
    ("004.docx", "004", "docx", "plain"),
    ("003.html", "003", "html", "nested"),
]


def write(path: Path, report_id: str, kind: str = "html", style: str = "plain") -> Path:
    """Write ``report_id`` rendered as ``kind``/``style`` to ``path``; returns ``path``."""
    page = render(load_example(report_id), kind, style)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(page, bytes):
        path.write_bytes(page)
    else:
        path.write_text(page, "utf-8")
    return path


def folder(src: Path, names: list[str] | None = None, copies: int = 1) -> list[str]:
    """Fill ``src`` with the generated :data:`FILES` (only ``names`` when given), ``copies`` times under the
    prefixes ``0_``, ``1_``, … (no prefix when ``copies`` is 1); returns the file names written."""
    chosen = [f for f in FILES if names is None or f[0] in names]
    written = []
    for i in range(copies):
        for name, rid, kind, style in chosen:
            out = name if copies == 1 else f"{i}_{name}"
            write(src / out, rid, kind, style)
            written.append(out)
    return written
