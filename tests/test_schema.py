"""The forms as data: labels, hierarchy, headers and cells as spec §3–§5 and §11 define them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_widgets import LegacyFormatError, detect_form, get_form
from govinfo_widgets.schema import C7, T4_ORDER, form_for_year, normalise_label


def test_2021_table3_rows_and_order():
    f = get_form("gov_2021")
    rows = f.t3_data_rows()
    assert len(rows) == 25
    assert rows[0].label == "一、本年新收政府信息公开申请数量"
    assert rows[-1].label == "四、结转下年度继续办理"
    assert f.t3_row["denied_security_stability"].label == "3.危及“三安全一稳定”"
    assert f.t3_row["outcome_total"].computed
    assert [r.key for r in f.t3_rows if r.group] == ["outcomes", "denied", "unable", "not_processed", "other"]
    assert f.t3_row["denied_state_secret"].level == 2 and f.t3_row["granted"].level == 1


def test_2019_differs_only_where_spec_says():
    f19, f21 = get_form("gov_2019"), get_form("gov_2021")
    assert len(f19.t3_data_rows()) == 23
    assert f19.outcome_rows()[-1] == "other_total_2019"
    assert [b["key"] for b in f19.table("t2")["blocks"]] == ["art20_1", "art20_5", "art20_6", "art20_8", "art20_9"]
    assert [b["key"] for b in f21.table("t2")["blocks"]] == ["art20_1", "art20_5", "art20_6", "art20_8"]
    assert f19.cell("t2.art20_5.licensing.change_this_year").signed
    assert not f21.cell("t2.art20_1.rules.issued").signed
    assert f19.table("t4") == f21.table("t4")
    assert f19.s6_items == [] and len(f21.s6_items) == 3


def test_header_spanners_and_note():
    t3 = get_form("gov_2021").table("t3")
    assert t3["header_note"] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    spans = {s["id"]: s for s in t3["spanners"]}
    assert spans["applicant"]["label"] == "申请人情况" and len(spans["applicant"]["columns"]) == 7
    assert (
        spans["legal_person_or_org"]["label"] == "法人或其他组织" and len(spans["legal_person_or_org"]["columns"]) == 5
    )
    assert [c["key"] for c in t3["columns"]] == list(C7)


def test_table4_cells_in_canonical_order():
    f = get_form("gov_2021")
    assert [a.removeprefix("t4.") for a in f.addresses if a.startswith("t4.")] == list(T4_ORDER)
    assert f.cell("t4.review_total").computed and not f.cell("t4.review_upheld").computed


def test_fee_is_decimal_in_wan_yuan():
    c = get_form("gov_2021").cell("t2.art20_8.admin_fees.fee_amount_wan_yuan")
    assert c.dtype == "decimal" and c.unit == "万元" and c.column_label == "本年收费金额（单位：万元）"


def test_collapsed_other_layout():
    f = get_form("gov_2021")
    layout = f.layout_addresses(frozenset({"other"}))
    assert "t3.other.total" in layout and "t3.other_other.total" not in layout
    assert f.outcome_rows(frozenset({"other"}))[-1] == "other"


def test_form_for_year_and_legacy_refused():
    assert form_for_year(2020).key == "gov_2019"
    assert form_for_year(2021).key == "gov_2021"
    with pytest.raises(LegacyFormatError) as e:
        form_for_year(2018)
    assert "2019年以前" in str(e.value)
    with pytest.raises(LegacyFormatError):
        get_form("legacy_pre2019")


def test_detect_form_signals():
    assert (
        detect_form("信息内容 本年新制作数量 本年新公开数量 对外公开总数量 第二十条第（九）项").detected == "gov_2019"
    )
    assert detect_form("本年制发件数 本年废止件数 现行有效件数").detected == "gov_2021"
    legacy = detect_form("政府信息公开情况统计表 指标名称 计量单位 申请总数")
    assert legacy.detected == "legacy_pre2019"
    assert detect_form("依据国办公开办函〔2021〕30号").declared == "gov_2021"


def test_normalise_label():
    assert normalise_label(" 3. 危及“三安全一稳定”", drop_numbering=True) == '危及"三安全一稳定"'
    assert normalise_label("規範性檔案") == "规范性文件"
    assert normalise_label("（四）\u3000无法提供") == "(四)无法提供"


_DETECT_PIECES = [
    "本年制发件数",
    "本年 制发件数",
    "本年製發件數",
    "现行有效件数",
    "本年处理决定数量",
    "第二十条第（九）项",
    "第二十条第(九)项",
    "政府集中采购",
    "申请总数",
    "当面申请",
    "同意公开答复",
    "信息不存在",
    "指标名称",
    "收费及减免情况",
    "逾期不补正",
    "收费通知",
    " ",
    "\n",
    "，",
    "某局",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_DETECT_PIECES), max_size=14).map("".join))
def test_a_text_national_at_a_glance_is_never_detected_as_legacy(text):
    """The text reader skips the full (normalising) detection when two national signals stand verbatim: for any
    mix of national and legacy words, spaced, traditional or full-width, that shortcut never hides a legacy text."""
    from govinfo_widgets.schema import national_at_a_glance

    if national_at_a_glance(text):
        assert detect_form(text).detected != "legacy_pre2019"
