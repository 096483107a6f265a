"""PDF reader: the real corpus PDFs cell by cell, provenance, both table paths, and PDFs that cannot be read."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from govinfo_widgets.errors import GovinfoError
from govinfo_widgets.io import read_report
from govinfo_widgets.io._bind import build_report
from govinfo_widgets.io.pdf import MAX_PAGES, ImageOnlyPdfError, PdfError, _page_lines, read_pages, read_pdf
from govinfo_widgets.io.text import lines_to_grids

from .truth import RAW, same, truth

PDFS = ["002", "003", "004"]


@pytest.fixture(scope="module")
def reports():
    return {e: read_pdf(RAW / f"{e}.pdf") for e in PDFS}


@pytest.mark.corpus
@pytest.mark.parametrize("entry", PDFS)
def test_pdf_cell_by_cell(entry, reports):
    r = reports[entry]
    want = truth(entry)
    wrong = {a: (v, r.value(a)) for a, v in want.items() if not same(r.value(a), v)}
    assert not wrong
    assert not [a for a in r.cells if a not in want]
    assert r.meta.source["kind"] == "pdf"


@pytest.mark.corpus
def test_pdf_provenance_names_page_table_row_col(reports):
    r = reports["002"]
    src = r.cells["t3.new_received.total"].source
    assert src.startswith("pdf page 4 / table") and "/ row" in src and "/ col" in src
    # a table continued on the next page: （四）2 sits on page 5
    assert r.cells["t3.unable_needs_creation.total"].source.startswith("pdf page 5")
    assert r.value("t2.art20_8.admin_fees.fee_amount_wan_yuan") == pytest.approx(96171.6)


@pytest.mark.corpus
def test_pdf_meta_sections_and_published_table4_failure(reports):
    r = reports["003"]
    assert r.meta.year == 2023 and r.meta.form == "gov_2021"
    assert r.collapsed == {"other"}
    assert (r.value("t4.review_upheld"), r.value("t4.review_total")) == (10, 0)  # as published, not "fixed"
    assert set(r.sections) == {
        "s1_overview",
        "s2_proactive",
        "s3_requests",
        "s4_review_litigation",
        "s5_problems",
        "s6_other",
    }
    assert "信息处理费" in r.sections["s6_other"]


@pytest.mark.corpus
def test_read_report_sniffs_pdf_bytes():
    r = read_report((RAW / "004.pdf").read_bytes())
    assert r.value("t3.new_received.total") == 95 and r.meta.source["kind"] == "pdf"


def _word_lines(entry: str):
    lines = []
    for n, page in enumerate(read_pages((RAW / f"{entry}.pdf").read_bytes()), 1):
        lines += _page_lines(page.words, n, len(lines) + 1)
    return lines


@pytest.mark.corpus
def test_word_position_path_without_rulings():
    """The path for PDFs drawn without rulings: words → lines → rows (002 reads completely this way)."""
    lines = _word_lines("002")
    assert not any(ln.text.strip() in ("-3-", "-4-", "-5-") for ln in lines)  # footers dropped
    grids, repairs = lines_to_grids(lines, source="pdf", tol=6.0)
    r = build_report(grids, "\n".join(ln.text for ln in lines), kind="pdf")
    want = truth("002")
    assert all(same(r.value(a), v) for a, v in want.items())
    assert r.cells["t3.granted.total"].source.startswith("pdf page 4 / line")


def test_page_lines_group_words_by_top():
    words = [
        {"text": "行政许可", "x0": 79, "x1": 119, "top": 271.2},
        {"text": "447228", "x0": 249, "x1": 285, "top": 272.4},
        {"text": "行政", "x0": 79, "x1": 99, "top": 300},
        {"text": "处罚", "x0": 100, "x1": 120, "top": 300.5},
        {"text": "-3-", "x0": 290, "x1": 300, "top": 780},
    ]
    lines = _page_lines(words, 3, 1)
    assert [[s.text for s in ln.segs] for ln in lines] == [["行政许可", "447228"], ["行政处罚"]]
    assert lines[0].page == 3


def _image_pdf(pages: int = 1) -> bytes:
    im = Image.new("RGB", (300, 400), "white")
    ImageDraw.Draw(im).rectangle([20, 20, 200, 100], outline="black")
    buf = io.BytesIO()
    im.save(buf, format="PDF", save_all=pages > 1, append_images=[im] * (pages - 1))
    return buf.getvalue()


def test_image_only_pdf_names_the_reason():
    with pytest.raises(ImageOnlyPdfError) as e:
        read_pdf(_image_pdf())
    msg = str(e.value)
    assert "扫描件" in msg and "no text layer" in msg
    assert msg.index("扫描件") < msg.index("no text layer")  # Chinese first
    with pytest.raises(ImageOnlyPdfError):
        read_report(_image_pdf())


@pytest.mark.corpus
def test_damaged_pdf_gives_a_clear_error():
    raw = (RAW / "002.pdf").read_bytes()
    for cut in (0.1, 0.5, 0.9):
        with pytest.raises(PdfError):
            read_pdf(raw[: int(len(raw) * cut)])
    with pytest.raises(GovinfoError):
        read_report(b"%PDF-1.4\n not really a pdf")


def test_too_many_pages_is_refused_before_reading_them():
    with pytest.raises(PdfError) as e:
        read_pdf(_image_pdf(MAX_PAGES + 2))
    assert str(MAX_PAGES) in str(e.value)


@pytest.mark.corpus
def test_word_position_path_never_pairs_labels_with_the_wrong_numbers():
    """004 without its rulings: labels sit below their numbers, so rows cannot be paired; Table 3 is unreadable."""
    from govinfo_widgets.io.text import apply_repairs

    lines = _word_lines("004")
    grids, repairs = lines_to_grids(lines, source="pdf", tol=6.0)
    r = apply_repairs(build_report(grids, "\n".join(ln.text for ln in lines), kind="pdf"), repairs)
    t3 = {a: c for a, c in r.cells.items() if a.startswith("t3.")}
    assert t3 and all(c.status == "unreadable" and c.value is None for c in t3.values())
    assert "无法一一对应" in next(iter(t3.values())).note
    want = truth("004")
    assert all(same(r.value(a), v) for a, v in want.items() if a.startswith(("t2.", "t4.")))


def test_bare_pdfium_calls_read_what_the_declared_ones_read():
    """_pdfium calls PDFium's per-character and per-segment functions without ctypes' argument conversion (half the
    cost of each call): on a page with plain, scaled and rotated text and stroked, filled and closed paths, every
    value they give is the one pypdfium2's declared functions give."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    from govinfo_widgets.io._pdfium import _bare

    from .pdf_bombs import _pdf

    content = (
        b"BT /F1 12 Tf 72 720 Td (Table 3 row 1 2 3) Tj ET\n"
        b"BT /F1 9 Tf 2 0 0 3 100 600 Tm (scaled 45) Tj ET\n"
        b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm (rotated 7) Tj ET\n"
        b"72 500 200 40 re S 72 400 m 500 400 l S 90 300 m 190 300 l 190 350 l h f\n"
    )
    doc = pdfium.PdfDocument(_pdf(content))
    page = doc[0]
    tp = page.get_textpage()
    n = c.FPDFText_CountChars(tp.raw)
    assert n > 30
    for i in range(n):
        r1, r2 = c.FS_RECTF(), c.FS_RECTF()
        m1, m2 = c.FS_MATRIX(), c.FS_MATRIX()
        assert c.FPDFText_GetLooseCharBox(tp.raw, i, r1) == _bare("FPDFText_GetLooseCharBox")(
            tp.raw, i, ctypes.byref(r2)
        )
        assert (r1.left, r1.right, r1.top, r1.bottom) == (r2.left, r2.right, r2.top, r2.bottom)
        assert c.FPDFText_GetMatrix(tp.raw, i, m1) == _bare("FPDFText_GetMatrix")(tp.raw, i, ctypes.byref(m2))
        assert bytes(m1) == bytes(m2)
        assert c.FPDFText_GetFontSize(tp.raw, i) == _bare("FPDFText_GetFontSize")(tp.raw, i)
        assert c.FPDFText_HasUnicodeMapError(tp.raw, i) == _bare("FPDFText_HasUnicodeMapError")(tp.raw, i)
    segments = 0
    for k in range(c.FPDFPage_CountObjects(page.raw)):
        obj = c.FPDFPage_GetObject(page.raw, k)
        assert c.FPDFPageObj_GetType(obj) == _bare("FPDFPageObj_GetType")(_bare("FPDFPage_GetObject")(page.raw, k))
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_PATH:
            continue
        f1, s1, f2, s2 = ctypes.c_int(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        c.FPDFPath_GetDrawMode(obj, f1, s1)
        _bare("FPDFPath_GetDrawMode")(obj, ctypes.byref(f2), ctypes.byref(s2))
        assert (f1.value, s1.value) == (f2.value, s2.value)
        count = c.FPDFPath_CountSegments(obj)
        assert count == _bare("FPDFPath_CountSegments")(obj)
        for j in range(count):
            seg, bare_seg = c.FPDFPath_GetPathSegment(obj, j), _bare("FPDFPath_GetPathSegment")(obj, j)
            x1, y1, x2, y2 = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
            c.FPDFPathSegment_GetPoint(seg, x1, y1)
            _bare("FPDFPathSegment_GetPoint")(bare_seg, ctypes.byref(x2), ctypes.byref(y2))
            assert (x1.value, y1.value) == (x2.value, y2.value)
            assert c.FPDFPathSegment_GetType(seg) == _bare("FPDFPathSegment_GetType")(bare_seg)
            assert c.FPDFPathSegment_GetClose(seg) == _bare("FPDFPathSegment_GetClose")(bare_seg)
            segments += 1
    assert segments >= 8
    tp.close()
    page.close()
    doc.close()
