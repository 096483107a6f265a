"""DOCX export: GB/T 9704 page, fonts and sizes; the official merged tables; the numbers; escaping; options."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given, settings

from govinfo_widgets import GovinfoError, Report, load_example
from govinfo_widgets.export import build_docx, to_docx
from govinfo_widgets.schema import get_form

from .conftest import HOSTILE, VARIANTS, expected_paragraphs, user_text


def open_docx(report, **kw):
    return Document(io.BytesIO(to_docx(report, **kw)))


def east_asia(rpr_owner) -> str | None:
    rpr = rpr_owner.element.rPr if hasattr(rpr_owner, "element") else rpr_owner._element.rPr
    return None if rpr is None or rpr.rFonts is None else rpr.rFonts.get(qn("w:eastAsia"))


def grid_rows(table):
    """Each row as [(text, gridSpan, vMerge)] over its real <w:tc> elements."""
    out = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            row.append((text, tc.grid_span, tc.vMerge))
        out.append(row)
    return out


def values_of_row(table, label: str, n: int) -> list[str]:
    for row in grid_rows(table):
        if any(text == label for text, _, _ in row):
            return [text for text, _, _ in row[-n:]]
    raise AssertionError(f"no row labelled {label}")


# ---- page, fonts, sizes ----------------------------------------------------------------------


def test_page_is_a4_with_the_standard_margins(drafted):
    s = open_docx(drafted).sections[0]
    mm = [
        round(x.mm, 1)
        for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    ]
    assert mm == [210, 297, 37, 35, 28, 26]


def test_title_is_xiaobiaosong_2hao_centred(drafted):
    doc = open_docx(drafted)
    title = doc.paragraphs[0]
    # Too long for one 22 pt line (20 characters): broken after the agency, inside the one title paragraph.
    assert title.text == "淮安市人民政府\n2024年政府信息公开工作年度报告"
    assert title.style.name == "Title"
    assert title.style.font.size == Pt(22)
    assert east_asia(title.style) == "方正小标宋简体"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    short = open_docx(drafted.with_meta(agency="某局")).paragraphs[0]
    assert short.text == "某局2024年政府信息公开工作年度报告"


def test_body_and_headings_fonts_sizes_and_line_spacing(drafted):
    doc = open_docx(drafted)
    normal = doc.styles["Normal"]
    assert east_asia(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= normal.paragraph_format.line_spacing.pt <= 29
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == [f"{s['no']}、{s['title']}" for s in get_form("gov_2021").sections]
    h1 = doc.styles["Heading 1"]
    assert east_asia(h1) == "黑体" and h1.font.size == Pt(16) and not h1.font.bold
    # Theme fonts would override the named font in Word: none may remain on the heading style.
    assert not any("Theme" in k for k in h1.element.rPr.rFonts.attrib)
    # （二）依申请公开 stands alone → a second-level heading in 楷体; （一）主动公开。… is an inline 楷体 lead.
    h2 = [p for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert [p.text for p in h2] == ["（二）依申请公开"]
    assert east_asia(doc.styles["Heading 2"]) == "楷体_GB2312"
    lead = next(p for p in doc.paragraphs if p.text.startswith("（一）主动公开。"))
    assert lead.runs[0].text == "（一）主动公开。" and east_asia(lead.runs[0]) == "楷体_GB2312"
    assert lead.runs[1].text == "本年度主动公开政府信息1234条。"


def test_font_table_names_fallbacks_for_missing_fonts(drafted):
    with zipfile.ZipFile(io.BytesIO(to_docx(drafted))) as z:
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="方正小标宋_GBK,小标宋,华文中宋' in fonts
    for name in ("仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"):
        assert f'w:name="{name}"' in fonts


def test_page_numbers_dash_n_dash_songti_4hao_odd_right_even_left(drafted):
    doc = open_docx(drafted)
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    for footer, align in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT), (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.runs[0].text == "— " and p.runs[-1].text == " —"
        assert all(r.font.size == Pt(14) and east_asia(r) == "宋体" for r in p.runs)


# ---- tables -----------------------------------------------------------------------------------


def test_table3_header_merges_like_the_official_form(drafted):
    t3 = open_docx(drafted).tables[1]
    rows = grid_rows(t3)
    note = get_form("gov_2021").table("t3")["header_note"]
    assert rows[0] == [(note, 3, "restart"), ("申请人情况", 7, None)]
    assert rows[1] == [
        ("", 3, "continue"),
        ("自然人", 1, "restart"),
        ("法人或其他组织", 5, None),
        ("总计", 1, "restart"),
    ]
    assert (
        rows[2][0] == ("", 3, "continue") and rows[2][1] == ("", 1, "continue") and rows[2][-1] == ("", 1, "continue")
    )
    assert [t for t, _, _ in rows[2][2:7]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # Header rows repeat on every page.
    assert all(tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in t3._tbl.tr_lst[:3])


@pytest.mark.parametrize(("rid", "span"), [("002", 22), ("003", 20), ("009", 20)])
def test_table3_outcomes_vertical_merge(rid, span):
    """三、本年度办理结果 spans 22 rows (2021), 20 when （六） is one row (洪泽区) or in the 2019 form."""
    rows = grid_rows(open_docx(load_example(rid)).tables[1])
    start = next(i for i, r in enumerate(rows) if r[0][0] == "三、本年度办理结果")
    assert rows[start][0][2] == "restart"
    merged = [r[0][2] for r in rows[start + 1 : start + span]]
    assert merged == ["continue"] * (span - 1)
    assert rows[start + span][0] == ("四、结转下年度继续办理", 3, None)
    # （三）不予公开 spans its 8 leaves in the second column.
    denied = next(i for i, r in enumerate(rows) if any(t == "（三）不予公开" for t, _, _ in r))
    assert [r[1][2] for r in rows[denied + 1 : denied + 8]] == ["continue"] * 7


def test_table3_and_table4_numbers_are_the_reports(drafted):
    doc = open_docx(drafted)
    t3, t4 = doc.tables[1], doc.tables[2]
    cols = [c["key"] for c in drafted.form.t3_columns]
    for row in drafted.form.t3_data_rows():
        want = [str(drafted.value(f"t3.{row.key}.{c}")) for c in cols]
        assert values_of_row(t3, row.label, 7) == want, row.key
    t4_rows = grid_rows(t4)
    assert t4_rows[0] == [("行政复议", 5, None), ("行政诉讼", 10, None)]
    assert [t for t, _, _ in t4_rows[1]][-2:] == ["未经复议直接起诉", "复议后起诉"]
    order = [c.address for c in drafted.form.cells if c.table == "t4"]
    assert [t for t, _, _ in t4_rows[3]] == [str(drafted.value(a)) for a in order]


def test_table2_blocks_title_rows_span_the_grid_and_fee_has_4_decimals():
    r = load_example("002").with_values({"t2.art20_8.admin_fees.fee_amount_wan_yuan": 12.3456789})
    t2 = open_docx(r).tables[0]
    rows = grid_rows(t2)
    titles = [row for row in rows if len(row) == 1]
    assert [row[0][:2] for row in titles] == [(b["title"], 4) for b in r.form.table("t2")["blocks"]]
    assert values_of_row(t2, "行政事业性收费", 1) == ["12.3457"]
    assert values_of_row(t2, "行政许可", 1) == [str(r.value("t2.art20_5.licensing.decisions"))]


def test_2019_form_table2_has_its_own_blocks_and_labels():
    r = load_example("001")
    rows = grid_rows(open_docx(r).tables[0])
    titles = [row[0][0] for row in rows if len(row) == 1]
    assert titles[-1] == "第二十条第（九）项"
    assert all(row[0][1] == 5 for row in rows if len(row) == 1)  # 5-column grid
    assert [t for t, _, _ in rows[1]] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert sum(span for _, span, _ in rows[1]) == 5
    assert any(row[0][0] == "规范性文件" for row in rows)


# ---- values: blanks and missing ------------------------------------------------------------


def test_missing_total_is_blank_not_an_invented_zero():
    r = load_example("002").without_cells(["t3.new_received.total"])
    r = r.with_values({"t3.carried_over.total": None})  # a blank total: blank_missing
    assert r.cells["t3.carried_over.total"].status == "blank_missing"
    t3 = open_docx(r).tables[1]
    assert values_of_row(t3, "一、本年新收政府信息公开申请数量", 1) == [""]
    assert values_of_row(t3, "二、上年结转政府信息公开申请数量", 1) == [""]


def test_blank_leaves_export_as_zero_or_mirrored_blank():
    r = load_example("001")  # real blanks in its Table 3
    blank = [a for a, c in r.cells.items() if c.status == "blank_zero" and a.startswith("t3.new_received.")]
    assert blank
    col = [c["key"] for c in r.form.t3_columns]
    idx = [col.index(a.rsplit(".", 1)[1]) for a in blank]
    zero = values_of_row(open_docx(r).tables[1], "一、本年新收政府信息公开申请数量", 7)
    mirrored = values_of_row(open_docx(r, blanks="blank").tables[1], "一、本年新收政府信息公开申请数量", 7)
    assert [zero[i] for i in idx] == ["0"] * len(idx)
    assert [mirrored[i] for i in idx] == [""] * len(idx)


# ---- text: escaping, canonical labels, section 六, ending ----------------------------------


def test_hostile_text_is_kept_verbatim_and_escaped_in_the_xml(hostile):
    data = to_docx(hostile.with_sections(s5_problems="控制字符\x0b\x00在此"))
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert HOSTILE in texts
    assert "控制字符在此" in texts  # XML-illegal characters dropped instead of failing
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml and "&amp;" in xml


def test_canonical_labels_even_when_the_source_used_variants(with_variants):
    assert with_variants.extras["labels_seen"]["t3.*.public_interest_org"] == "社会组织"
    doc = open_docx(with_variants)
    text = "\n".join(t for table in doc.tables for row in grid_rows(table) for t, _, _ in row)
    for canonical, variant in VARIANTS:
        assert canonical in text
        assert variant not in text.replace(canonical, "")


def test_section_six_fees_and_the_ending(drafted):
    texts = [p.text for p in open_docx(drafted).paragraphs]
    six = texts.index("六、其他需要报告的事项")
    assert texts[six + 1] == "本年度未收取信息处理费。"
    assert (
        texts[six + 2] == "本年度信息处理费情况：发出收费通知的件数2件，收费通知总金额380元，实际收取的总金额380.5元。"
    )
    assert texts[-2:] == ["淮安市人民政府", "2025年1月20日"]


def test_english_labels():
    doc = open_docx(load_example("002"), lang="en")
    texts = [p.text for p in doc.paragraphs]
    assert "1. Overview" in texts and "6. Other matters to report" in texts
    assert grid_rows(doc.tables[1])[0][1][0] == "Requester type"


# ---- errors and files ------------------------------------------------------------------------


@pytest.mark.parametrize("kw", [{"lang": "fr"}, {"blanks": "none"}])
def test_bad_options_raise_a_bilingual_error(kw):
    with pytest.raises(GovinfoError) as e:
        build_docx(load_example("002"), **kw)
    assert str(e.value).split(" / ")[0] != str(e.value).split(" / ")[1]


def test_not_a_report():
    with pytest.raises(GovinfoError, match="只能导出年报对象"):
        to_docx({"cells": {}})


def test_writes_a_file_that_opens(tmp_path):
    out = to_docx(load_example("003"), tmp_path / "sub" / "003.docx")
    assert out.exists() and (out.stat().st_mode & 0o044)
    assert Document(str(out)).tables[1].rows[0].cells[0].text.startswith("（本列数据的勾稽关系为")
    assert not list(out.parent.glob("*.tmp"))


@settings(max_examples=25, deadline=None)
@given(text=user_text())
def test_any_user_text_is_kept_verbatim(text):
    doc = open_docx(Report.new("某局", 2024).with_sections(s5_problems=text))
    texts = [p.text for p in doc.paragraphs]
    five = texts[texts.index("五、存在的主要问题及改进情况") + 1 : texts.index("六、其他需要报告的事项")]
    assert five == expected_paragraphs(text)
