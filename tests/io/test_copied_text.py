"""Text copied from a published page in a browser and from a PDF viewer: every cell right, none wrong.

The browser text is Chromium's ``innerText`` of the page (what select all → copy gives); the PDF-viewer
text is PDFium's page text in content order (what a browser's PDF viewer copies). Both are made here from
the corpus files and from the project's own HTML export of the bundled reports.
"""

from __future__ import annotations

import json
import math

import pytest

from govinfo_widgets import load_examples
from govinfo_widgets.export import to_html
from govinfo_widgets.io.text import read_text

from ..conftest import CORPUS, corpus_params

HTML_PAGES = sorted(p.stem for p in (CORPUS / "raw").glob("*.html")) if (CORPUS / "raw").is_dir() else []
PDFS = sorted(p.stem for p in (CORPUS / "raw").glob("*.pdf")) if (CORPUS / "raw").is_dir() else []


def _truth(entry: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{entry}.cells.json").read_text("utf-8"))


def _compare(report, cells: dict) -> tuple[int, list[str], list[str]]:
    right, unreadable, wrong = 0, [], []
    for addr, want in cells.items():
        c = report.cells.get(addr)
        if c is not None and (
            c.value == want or (c.value is not None and want is not None and math.isclose(c.value, want, abs_tol=1e-9))
        ):
            right += 1
        elif c is None or c.value is None:
            unreadable.append(addr)
        else:
            wrong.append(f"{addr}: read {c.value!r} ({c.status}) truth {want!r}")
    return right, unreadable, wrong


@pytest.mark.corpus  # reads the real published files
def test_the_corpus_is_present():
    assert HTML_PAGES and PDFS, f"the corpus is missing at {CORPUS}"


@pytest.mark.parametrize("entry", corpus_params([pytest.param(e, id=e) for e in PDFS], 1))
def test_pdf_viewer_text_reads_every_cell(entry):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(CORPUS / "raw" / f"{entry}.pdf"))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    truth = _truth(entry)
    right, unreadable, wrong = _compare(read_text(text), truth["cells"])
    assert not wrong, wrong[:10]
    assert not unreadable, unreadable[:10]


def _inner_text(browser, html: str) -> str:
    page = browser.new_page()
    try:
        page.set_content(html)
        return page.inner_text("body")
    finally:
        page.close()


@pytest.mark.corpus  # reads the real published files
def test_browser_copied_corpus_pages_read_every_cell(browser):
    for entry in HTML_PAGES:
        truth = _truth(entry)
        if truth["form"] == "legacy":
            continue
        text = _inner_text(browser, (CORPUS / "raw" / f"{entry}.html").read_text("utf-8", errors="replace"))
        right, unreadable, wrong = _compare(read_text(text), truth["cells"])
        assert not wrong, f"{entry}: {wrong[:10]}"
        assert not unreadable, f"{entry}: {unreadable[:10]}"


def test_browser_copied_exports_never_give_a_wrong_number(browser):
    for r in load_examples():
        text = _inner_text(browser, to_html(r))
        want = {a: c.value for a, c in r.cells.items()}
        got = read_text(text)
        wrong = []
        for addr, v in want.items():
            c = got.cells.get(addr)
            if c is None or c.value is None or v is None:
                continue  # blank cells are rendered as 0 or empty by the export; unreadable is not wrong
            if not math.isclose(float(c.value), float(v), rel_tol=1e-4, abs_tol=1e-4):
                wrong.append(f"{addr}: {c.value} want {v}")
        assert not wrong, f"{r.meta.agency} {r.meta.year}: {wrong[:10]}"
        assert got.value("t3.outcome_total.total") == r.value("t3.outcome_total.total")


@pytest.mark.corpus  # reads the real published files
def test_browser_copied_pages_saved_one_cell_per_line_never_give_a_wrong_number(browser):
    """Page text saved one cell per line, repeated lines collapsed (the held-out layouts): right or unreadable.

    A blank cell of the page comes back as 0 when repeats were collapsed (a blank line and a repeated
    ``0`` leave the same trace); that is counted apart, not as a wrong number.
    """
    from .layouts_degraded import collapse_repeats

    right = unreadable = 0
    for entry in HTML_PAGES:
        truth = _truth(entry)
        if truth["form"] == "legacy":
            continue
        text = _inner_text(browser, (CORPUS / "raw" / f"{entry}.html").read_text("utf-8", errors="replace"))
        cells = [c.strip() for ln in text.split("\n") for c in ln.split("\t")]
        one_cell = "\n".join(c for c in cells if c and c != "\u00a0")
        for layout in (one_cell, collapse_repeats(one_cell)):
            got = read_text(layout)
            published = {a: v for a, v in truth["cells"].items() if v is not None}
            r, u, wrong = _compare(got, published)
            assert not wrong, f"{entry}: {wrong[:10]}"
            right, unreadable = right + r, unreadable + len(u)
    assert right > 9 * unreadable  # most cells are settled, not merely refused


@pytest.mark.corpus  # reads the real published files
def test_pages_printed_to_pdf_by_chromium_read_every_cell_from_their_pdfium_text(browser, tmp_path):
    """A published page printed to PDF by Chromium, then its PDFium page text (what a PDF viewer copies)."""
    import pypdfium2 as pdfium

    for entry in HTML_PAGES:
        truth = _truth(entry)
        if truth["form"] == "legacy":
            continue
        page = browser.new_page()
        try:
            page.set_content((CORPUS / "raw" / f"{entry}.html").read_text("utf-8", errors="replace"))
            pdf_bytes = page.pdf()
        finally:
            page.close()
        pdf = pdfium.PdfDocument(pdf_bytes)
        try:
            text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()
        right, unreadable, wrong = _compare(read_text(text), truth["cells"])
        assert not wrong, f"{entry}: {wrong[:10]}"
        if None not in truth["cells"].values():  # blank cells leave no trace in a PDF's text: honestly unreadable
            assert not unreadable, f"{entry}: {unreadable[:10]}"
