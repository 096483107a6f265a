"""Markdown export: canonical headings, flat pipe tables with the report's numbers, inert user text."""

from __future__ import annotations

import lxml.html
import mistune
import pytest
from hypothesis import example, given, settings

from govinfo_widgets import GovinfoError, load_example
from govinfo_widgets.export import to_json, to_markdown

from .conftest import HOSTILE, VARIANTS, expected_paragraphs, user_text

# Raw HTML allowed, as on a site that renders Markdown permissively: our escaping must still hold.
RENDER = mistune.create_markdown(escape=False, plugins=["table"])


def rendered(md: str):
    return lxml.html.fragment_fromstring(RENDER(md), create_parent="div")


def test_title_and_six_canonical_headings(drafted):
    md = to_markdown(drafted)
    lines = md.splitlines()
    assert lines[0] == "# 淮安市人民政府2024年政府信息公开工作年度报告"
    heads = [ln[3:] for ln in lines if ln.startswith("## ")]
    assert heads == [f"{s['no']}、{s['title']}" for s in drafted.form.sections]
    assert "**（一）主动公开**。本年度主动公开政府信息1234条。" in lines
    doc = rendered(md)
    assert [b.text for b in doc.xpath("//p/strong")][:2] == ["（一）主动公开", "（二）依申请公开"]
    assert doc.xpath("//p[strong]")[0].text_content() == "（一）主动公开。本年度主动公开政府信息1234条。"
    assert lines[-2:] == ["淮安市人民政府  ", "2025年1月20日  "]


def test_tables_render_with_the_reports_numbers(drafted):
    doc = rendered(to_markdown(drafted))
    tables = doc.xpath("//table")
    assert len(tables) == 4 + 1 + 1  # Table 2's four blocks, Table 3, Table 4
    t3, t4 = tables[4], tables[5]
    head = [th.text_content() for th in t3.xpath(".//thead//th")]
    assert head == ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    cols = [c["key"] for c in drafted.form.t3_columns]
    body = {
        tr[0].text_content().strip("\u3000"): [td.text_content() for td in tr[1:]] for tr in t3.xpath(".//tbody/tr")
    }
    for row in drafted.form.t3_data_rows():
        assert body[row.label] == [str(drafted.value(f"t3.{row.key}.{c}")) for c in cols], row.key
    assert body["三、本年度办理结果"] == [""] * 7  # a group heading carries no values
    t4_rows = {tr[0].text_content(): [td.text_content() for td in tr[1:]] for tr in t4.xpath(".//tbody/tr")}
    assert t4_rows["行政诉讼 · 复议后起诉"] == [
        str(drafted.value(f"t4.suit_after_review_{c}")) for c in ("upheld", "corrected", "other", "pending", "total")
    ]


def test_hierarchy_is_kept_by_indentation(drafted):
    lines = to_markdown(drafted).splitlines()
    assert "| 　（三）不予公开 |" in "\n".join(lines)
    assert any(ln.startswith("| 　　1.属于国家秘密 |") for ln in lines)


def test_user_text_is_inert(hostile):
    md = to_markdown(hostile)
    doc = rendered(md)
    assert not doc.xpath("//script | //b | //em")
    assert doc.xpath("//h1")[0].text_content() == "某局" + HOSTILE + "2024年政府信息公开工作年度报告"
    assert [p.text_content() for p in doc.xpath("//p") if p.text_content() == HOSTILE] == [HOSTILE, HOSTILE]


def test_mirrored_raw_text_cannot_break_the_table():
    from govinfo_widgets import Cell

    r = load_example("002").with_cells({"t3.granted.other_org": Cell(None, "not_applicable", raw="|<i>-</i>")})
    doc = rendered(to_markdown(r, blanks="blank"))
    assert not doc.xpath("//i")
    rows = doc.xpath("//table")[4].xpath(".//tbody/tr")
    assert all(len(tr.xpath("./td")) == 8 for tr in rows)
    granted = next(tr for tr in rows if tr[0].text_content().strip("\u3000") == "（一）予以公开")
    assert granted[6].text_content() == "|<i>-</i>"


def test_fee_decimals_and_missing_total():
    r = load_example("002").with_values({"t2.art20_8.admin_fees.fee_amount_wan_yuan": 0.123456})
    r = r.without_cells(["t3.new_received.total"])
    md = to_markdown(r)
    assert "| 行政事业性收费 | 0.1235 |" in md
    row = next(ln for ln in md.splitlines() if ln.startswith("| 一、本年新收"))
    assert row.endswith("|   |")  # blank, not 0


def test_canonical_labels_even_when_the_source_used_variants(with_variants):
    md = to_markdown(with_variants)
    for canonical, variant in VARIANTS:
        assert canonical in md
        assert variant not in md.replace(canonical, "")


def test_to_json_is_the_reports_json(drafted, tmp_path):
    assert to_json(drafted) == drafted.to_json()
    to_json(drafted, tmp_path / "r.json")
    from govinfo_widgets import Report

    assert Report.from_json(tmp_path / "r.json") == drafted


def test_bad_option():
    with pytest.raises(GovinfoError, match="不支持的语言"):
        to_markdown(load_example("002"), lang="jp")


@settings(max_examples=150, deadline=None)
@given(text=user_text())
@example(text="1. ")  # "1." alone is an (empty) ordered list item
@example(text="（一）标题。*正文*\n---\n    代码")
def test_any_user_text_renders_verbatim_and_never_as_markup(text):
    doc = rendered(to_markdown(load_example("000").with_sections(s5_problems=text)))
    h2 = doc.xpath("//h2")
    five = []
    for el in h2[4].itersiblings():
        if el.tag == "h2":
            break
        five.append(el)
    assert [el.tag for el in five] == ["p"] * len(five)  # no list, quote, heading, rule or code block
    assert not [el for p in five for el in p.iter() if el.tag not in ("p", "strong")]
    assert [el.text_content() for el in five] == expected_paragraphs(text)
