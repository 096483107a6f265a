"""Generated fixtures: every bundled report (``data/reports``) rendered into every input kind the readers claim.

The figures are facts already in the repository (hand-read from the published tables); the layouts are
written here as code, in the ways real sites and tools write them. Tests read a rendering back and compare
it cell by cell with :func:`expected`. Other tests build on these renderings (e.g. degraded copies: collapsed
repeats, split lines), so every function here is part of a small, stable API:

>>> from govinfo_widgets import load_example
>>> from tests.layouts import render, expected
>>> r = load_example("002")
>>> page = render(r, "html", "thousands")          # str (html, md, txt kinds) or bytes (docx, pdf)
>>> "3,985,758" in page
True
>>> expected(r, "html", "blank_zeros")["t3.new_received.research_institution"] is None   # a 0 left blank
True

``kind`` / ``style``:

- ``html``: ``plain``, ``thousands``, ``blank_zeros``, ``thead``, ``word``, ``nested`` (:mod:`.html`)
- ``md``, ``tsv``, ``layout``, ``lines``: ``plain``, ``thousands``, ``blank_zeros`` (:mod:`.text`)
- ``docx``: ``plain`` (merged cells, built with python-docx; :mod:`tests.io.docx_builder`)
- ``pdf``: ``export`` (the project's own HTML export) and ``plain`` (the plain site page), printed by Chromium:
  :func:`render_pdf` needs a Playwright browser, so ``render(report, "pdf")`` is not offered
"""

from __future__ import annotations

from govinfo_widgets import Report

from . import html, text
from .common import NUMBER_STYLES, figures, truth_of
from .common import expected as _expected_numbers

#: Every kind and the styles it is rendered in.
STYLES: dict[str, tuple[str, ...]] = {
    "html": html.STYLES,
    "md": NUMBER_STYLES,
    "tsv": NUMBER_STYLES,
    "layout": NUMBER_STYLES,
    "lines": NUMBER_STYLES,
    "docx": ("plain",),
    "pdf": ("export", "plain"),
}


def _numbers(kind: str, style: str) -> str:
    return style if style in NUMBER_STYLES else "plain"


def render(report: Report, kind: str, style: str = "plain") -> str | bytes:
    """``report`` as an input of ``kind`` in ``style`` (see the module docstring); str, or bytes for docx."""
    if kind not in STYLES or style not in STYLES[kind]:
        raise ValueError(f"no layout {kind}/{style}; known: {STYLES}")
    if kind == "html":
        return html.render(report, style)
    if kind == "docx":
        from tests.io.docx_builder import build_docx

        return build_docx(truth_of(report), report.meta.agency)
    if kind == "pdf":
        raise ValueError("PDF needs a browser: use render_pdf(report, browser)")
    return text.render(report, kind, style)


def _export_html(report: Report) -> str:
    from govinfo_widgets.export import to_html

    return to_html(report, blanks="blank")


#: What Chromium prints for each PDF style: the project's own HTML export, or the ``plain`` site page (ruled
#: tables with black borders).
PDF_SOURCES = {
    "export": _export_html,
    "plain": lambda report: html.render(report, "plain").replace(
        "<head>", "<head><style>table{border-collapse:collapse}td{border:1px solid #000}</style>", 1
    ),
}


def render_pdf(report: Report, browser, style: str = "export") -> bytes:
    """``report`` printed to A4 PDF by Chromium (a Playwright ``Browser``): ``style`` "export" prints the project's
    own HTML export, "plain" the plain site page."""
    if not _chinese_font():
        raise RuntimeError(
            "printing needs a Chinese font (apt-get install fonts-noto-cjk): without one Chromium prints boxes "
            "(tofu) and the PDF has no text to read"
        )
    page = browser.new_page()
    try:
        page.set_content(PDF_SOURCES[style](report), wait_until="load")
        return page.pdf(format="A4", print_background=True)
    finally:
        page.close()


def _chinese_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (what Chromium prints the pages with)."""
    import shutil
    import subprocess

    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


def expected(report: Report, kind: str, style: str = "plain") -> dict:
    """``{address: value}`` a reader must give for ``render(report, kind, style)``: the figures, ``None`` where
    the layout leaves a cell blank."""
    return _expected_numbers(report, _numbers(kind, style))


def cases() -> list[tuple[str, str]]:
    """Every ``(kind, style)`` of a standard layout."""
    return [(k, s) for k, styles in STYLES.items() for s in styles]


__all__ = ["STYLES", "cases", "expected", "figures", "render", "render_pdf", "truth_of"]
