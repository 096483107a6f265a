"""PDFs printed by Chromium (issue 11): merged cells, tables cut by a page break, radicals in the text layer;
glyphs without Unicode, and Table 2 headers the reader does not know (any reader: a column never takes a
neighbour's number).

End to end, tests/io/test_generated.py prints four bundled reports in two styles and reads every cell back;
these tests pin each piece on its own, on rulings and text made here.
"""

from __future__ import annotations

import pytest

from govinfo_widgets.io import read_report
from govinfo_widgets.io._pdfium import _RADICALS, UNMAPPED, _unified, page_chars
from govinfo_widgets.io._rulings import close_cut_tables, grid_cells, table_spans
from govinfo_widgets.io._title import title_meta

# a ruled table of two rows and three columns whose bottom border fell on the next page: the verticals run
# down to y=60, the last horizontal ruling is at y=40
_V = [(0.0, 0.0, 60.0), (50.0, 0.0, 60.0), (100.0, 0.0, 60.0), (150.0, 0.0, 60.0)]
_H = [(0.0, 0.0, 150.0), (20.0, 0.0, 150.0), (40.0, 0.0, 150.0)]


def test_a_table_cut_by_the_page_keeps_its_last_row():
    before = grid_cells(_V, _H)
    after = grid_cells(*close_cut_tables(_V, _H))
    rows = lambda t: sorted({c[1] for c in t[0]})  # noqa: E731
    assert rows(before) == [0.0, 20.0]  # the cut row is lost without the closing ruling
    assert rows(after) == [0.0, 20.0, 40.0]
    assert {(c[1], c[3]) for c in after[0] if c[1] == 40.0} == {(40.0, 60.0)}


def test_a_closed_table_gets_no_extra_ruling():
    closed = [*_H, (60.0, 0.0, 150.0)]
    assert close_cut_tables(_V, closed)[1] == closed


def test_a_merged_cell_fills_every_position_it_covers():
    # row 1: a heading over columns 2-3; row 2: three cells
    cells = [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 150.0, 20.0)] + [(x, 20.0, x + 50.0, 40.0) for x in (0.0, 50.0, 100.0)]
    spans = table_spans(cells)
    assert spans[0] == [cells[0], cells[1], cells[1]]
    assert spans[1] == cells[2:]


def test_radicals_in_a_text_layer_read_as_the_ideographs_they_stand_for():
    text = "\u2f08\u6c11\u653f\u5e9c\u2f42\u4ef6 \uff11\uff12 \uf91f"  # ⼈民政府⽂件 １２ 兩(compat)
    out = _RADICALS.sub(_unified, text)
    assert out.startswith("人民政府文件")
    assert "\uff11\uff12" in out  # full-width digits keep their form (the value parser reads them)
    assert len(out) == len(text)  # one character for one: the character boxes stay in step


def test_printing_a_report_without_a_chinese_font_is_refused(monkeypatch):
    import tests.layouts as layouts
    from govinfo_widgets import load_example

    monkeypatch.setattr(layouts, "_chinese_font", lambda: False)
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        layouts.render_pdf(load_example("002"), browser=None)


def _hand_made_pdf(font: bytes, ops: bytes) -> bytes:
    """A one-page PDF drawing ``ops`` with font ``/F1`` (the object ``font``)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
        font,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def test_a_glyph_without_unicode_is_unmapped_never_its_character_code():
    import pypdfium2 as pdfium

    ops = b"BT /F1 24 Tf 20 100 Td (A12) Tj ET"
    # codes 49 and 50 ("1", "2") drawn with glyphs whose names say nothing: PDFium gives their codes back
    unnamed = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [49 /g17 /g18] >> >>"
    plain = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    got = {}
    for name, font in (("unnamed", unnamed), ("plain", plain)):
        doc = pdfium.PdfDocument(_hand_made_pdf(font, ops))
        try:
            got[name] = "".join(c[0] for c in page_chars(doc[0]))
        finally:
            doc.close()
    assert got == {"unnamed": "A" + UNMAPPED * 2, "plain": "A12"}


def test_a_title_with_a_lost_character_gives_no_agency():
    assert title_meta("2019年上海市人民政府办公厅政府信息公开工作年度报告") == ("上海市人民政府办公厅", 2019)
    assert title_meta(f"2019年上海市人{UNMAPPED}政府办公厅政府信息公开工作年度报告") == (None, 2019)
    assert title_meta(f"上海市人{UNMAPPED}政府办公厅\n2019年政府信息公开工作年度报告") == (None, 2019)
    assert title_meta("2019年上海市⺠政府办公厅政府信息公开工作年度报告") == (None, 2019)  # U+2EA0, not unified


# ---- Table 2 headers: a column the reader does not know never takes a neighbour's number -----------------------
def _t2_page(header: list[str]) -> str:
    head = "".join(f"<td>{h}</td>" for h in header)
    return (
        "<html><body><p>上海市人民政府办公厅2019年政府信息公开工作年度报告</p><table>"
        "<tr><td colspan=4>第二十条第（一）项</td></tr>"
        f"<tr>{head}</tr>"
        "<tr><td>规章</td><td>13</td><td>99</td><td>524</td></tr>"
        "<tr><td>规范性文件</td><td>60</td><td>61</td><td>368</td></tr>"
        "</table></body></html>"
    )


def _t2_values(header: list[str]) -> dict[str, tuple]:
    report = read_report(_t2_page(header), kind="html")
    return {a[len("t2.art20_1.") :]: (c.value, c.status) for a, c in report.cells.items() if a.startswith("t2.art20_1")}


def test_a_table_2_header_column_unrecognised_leaves_its_column_unreadable():
    known = _t2_values(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])
    assert known["rules.newly_published"] == (99, "parsed")
    got = _t2_values(["信息内容", "本年新制作数量", "某某统计口径", "对外公开总数量"])
    assert got["rules.newly_made"] == (13, "parsed") and got["rules.total_published"] == (524, "parsed")
    assert got["rules.newly_published"] == (None, "unreadable")
    assert got["normative_docs.newly_made"] == (60, "parsed")
    assert got["normative_docs.newly_published"] == (None, "unreadable")


def test_a_table_2_header_with_an_extra_text_and_one_value_per_named_column_reads_them():
    # the rows have exactly the columns the header names: the header's other text is a note, not a column
    got = _t2_values(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "单位：件"])
    assert got["rules.newly_made"] == (13, "parsed") and got["rules.newly_published"] == (99, "parsed")
    assert got["rules.total_published"] == (524, "parsed")


def test_a_table_2_header_column_named_twice_leaves_both_unreadable():
    got = _t2_values(["信息内容", "本年新制作数量", "本年新制作数量", "对外公开总数量"])
    assert got["rules.newly_made"] == (None, "unreadable")
    assert got["rules.newly_published"] == (None, "unreadable")
    assert got["rules.total_published"] == (524, "parsed")


def test_a_table_2_row_with_more_cells_than_an_unsure_header_is_unreadable():
    page = _t2_page(["信息内容", "本年新制作数量", "某某统计口径", "对外公开总数量"]).replace(
        "<td>524</td></tr>", "<td>524</td><td>7</td></tr>", 1
    )
    report = read_report(page, kind="html")
    rules = {a: c for a, c in report.cells.items() if a.startswith("t2.art20_1.rules.")}
    assert rules and all(c.value is None and c.status == "unreadable" for c in rules.values())
