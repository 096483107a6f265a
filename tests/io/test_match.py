"""Label binding, cell values, sections and titles (spec §2, §3.4, §4.4, §6.1, §7)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govinfo_widgets.io import read_report
from govinfo_widgets.io._match import (
    match_t2_block,
    match_t2_column,
    match_t2_row,
    match_t3_column,
    match_t3_row,
    match_t4_column,
)
from govinfo_widgets.io._sections import split_sections
from govinfo_widgets.io._title import declared_format, title_meta
from govinfo_widgets.io._values import parse_cell
from govinfo_widgets.io._window import tables_start
from govinfo_widgets.model import STATUSES
from govinfo_widgets.schema import get_form

F21 = get_form("gov_2021")
F19 = get_form("gov_2019")


@pytest.mark.parametrize(
    ("labels", "group", "key"),
    [
        (["（一）予以公开"], None, "granted"),
        (["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], None, "partially_granted"),
        (["（二）部分公开"], None, "partially_granted"),
        (["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"], None, "denied_state_secret"),
        (["2.其他法律行政止公开"], "denied", "denied_prohibited_by_law"),  # 洪泽区 typo
        (["2. 其他法律法规禁止公开"], "denied", "denied_prohibited_by_law"),  # the seed's short form
        (['3.危及"三安全一稳定"'], "denied", "denied_security_stability"),  # ASCII quotes
        (["1、本机关不掌握相关政府信息"], None, "unable_not_held"),
        (["（六）其他处理", "3.其他"], None, "other_other"),
        (["3.其他"], "other", "other_other"),
        (["(七) 总计"], None, "outcome_total"),
        (["七、总计"], None, "outcome_total"),
        (["四、结转下一年度继续办理"], None, "carried_forward"),
        (["一、本年新收政府信息公开申请数量"], None, "new_received"),
        (["二、上年结转政府信息公开申请数量"], None, "carried_over"),
        (["行政机关不再处理其政府信息公开申请", "1.申请人无正当理由逾期不补正"], None, "other_no_correction"),
        (["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], None, "other_fee_unpaid"),
    ],
)
def test_t3_rows_are_bound_by_their_labels(labels, group, key):
    assert match_t3_row(labels, F21, group).key == key


def test_refused_never_matches_disclosed_and_groups_carry_no_key():
    m = match_t3_row(["（三）不予公开"], F21)
    assert m.key is None and m.heading and m.group == "denied"
    assert match_t3_row(["（四）无法提供"], F21).group == "unable"
    # 3.其他 outside （六） is not a row: it must not be taken for the 其他 applicant column's row either
    assert match_t3_row(["3.其他"], F21, "not_processed").key is None


def test_collapsed_other_is_a_row_in_2019_and_a_heading_in_2021():
    assert match_t3_row(["（六）其他处理"], F19).key == "other_total_2019"
    m = match_t3_row(["（六）其他处理"], F21)
    assert m.key is None and m.group == "other"


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("自然人", "natural_person"),
        ("商业企业", "commercial_enterprise"),
        ("社会组织", "public_interest_org"),
        ("社会公益 组织", "public_interest_org"),
        ("法律服务 机构", "legal_service_org"),
        ("其他", "other_org"),
        ("总计", "total"),
        ("合计", "total"),
        ("法人或其他组织", None),
        ("申请人情况", None),
    ],
)
def test_t3_columns(label, key):
    assert match_t3_column(label) == key


def test_t2_rows_columns_and_blocks_with_variants():
    assert match_t2_row("規範性檔案", F21) == ("art20_1", "normative_docs")
    assert match_t2_row("规范性文件", F21) == ("art20_1", "normative_docs")
    assert match_t2_row("规章(设区的市、自治州人民政府应提供相关数据)", F19) == ("art20_1", "rules")
    assert match_t2_row("其他主动公开文件(…)", F19) is None  # a Hubei local row stays an extra
    assert match_t2_column("半年收费金额（单位：万元）", F21, "art20_8") == "fee_amount_wan_yuan"
    assert match_t2_column("本年新制发件数", F21, "art20_1") == "issued"
    assert match_t2_column("本年增/减(指2019年事项数)", F19, "art20_5") == "change_this_year"
    assert match_t2_block("第二十条第(一)项") == "art20_1"
    assert match_t2_block("第二十条第八项") == "art20_8"
    assert match_t2_block("第二十条") is None


def test_t4_columns_broken_across_lines():
    assert [match_t4_column(x) for x in ("结果 维持", "结果纠正", "其他 结果", "尚未 审结", "总计")] == [
        "upheld",
        "corrected",
        "other",
        "pending",
        "total",
    ]


def _cell(addr, form=F21):
    return form.cell(addr)


@pytest.mark.parametrize(
    ("raw", "addr", "value", "status"),
    [
        ("", "t3.granted.natural_person", None, "blank_zero"),
        ("\u00a0", "t3.granted.total", None, "blank_missing"),
        ("-", "t3.granted.natural_person", None, "not_applicable"),
        ("／", "t3.granted.natural_person", None, "not_applicable"),
        ("无", "t4.review_upheld", None, "not_applicable"),
        ("1,234", "t3.granted.natural_person", 1234, "parsed"),
        ("1，234", "t3.granted.natural_person", 1234, "parsed"),
        ("1,234件", "t3.granted.natural_person", 1234, "parsed"),
        ("1,2345", "t3.granted.natural_person", None, "unreadable"),  # not a thousands group: never 12345
        ("12,345,6", "t3.granted.natural_person", None, "unreadable"),
        ("1,23", "t3.granted.natural_person", None, "unreadable"),
        ("１２", "t3.granted.natural_person", 12, "parsed"),
        ("7件", "t3.granted.natural_person", 7, "parsed"),
        ("1 2", "t3.granted.natural_person", 12, "repaired"),
        ("-8", "t3.granted.natural_person", -8, "parsed"),  # read as published; V-02 flags it
        ("12a", "t3.granted.natural_person", None, "unreadable"),
        ("96171.6", "t2.art20_8.admin_fees.fee_amount_wan_yuan", 96171.6, "parsed"),
        ("5000元", "t2.art20_8.admin_fees.fee_amount_wan_yuan", 0.5, "repaired"),
        ("3元", "t3.granted.natural_person", None, "unreadable"),
    ],
)
def test_cell_values(raw, addr, value, status):
    c = parse_cell(raw, _cell(addr), "test")
    assert (c.value, c.status) == (value, status)
    assert c.source == "test"
    if status in ("unreadable", "not_applicable"):
        assert c.raw == raw  # the text as found is kept


def test_signed_and_unit_cells_of_the_2019_form():
    assert parse_cell("+1036", _cell("t2.art20_5.licensing.change_this_year", F19)).value == 1036
    assert parse_cell("-18", _cell("t2.art20_6.penalty.change_this_year", F19)).value == -18
    published = parse_cell("-18", _cell("t2.art20_6.penalty.decisions", F19))  # a negative count, as published:
    assert (
        published.value == -18 and "V-02" in published.note
    )  # the checker's V-02 finds it, the reader does not hide it
    c = parse_cell("251000元", _cell("t2.art20_9.central_procurement.procurement_amount", F19))
    assert c.value == 251000.0 and "元" in c.note


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_cell_text_gets_a_status_and_never_a_silent_zero(text):
    c = parse_cell(text, _cell("t3.granted.natural_person"))
    assert c.status in STATUSES
    if c.value == 0:
        assert "0" in text or "０" in text or "〇" in text


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_round_trip(n):
    assert parse_cell(f"{n:,}", _cell("t3.granted.natural_person")).value == n


def test_sections_with_heading_variants_and_a_preamble():
    text = (
        "本报告依据条例编制。\n一、总体情况\n概况。\n二、主动公开政府信息情况\n（表）\n"
        "三、收到和处理政府信息公开申请情况\n（表）\n四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n（表）\n"
        "五、存在问题及改进情况\n问题很多。\n六、其他需要报告的事项\n未收取信息处理费。"
    )
    s = split_sections(text)
    assert list(s) == ["s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation", "s5_problems", "s6_other"]
    assert s["s1_overview"] == "概况。" and s["s5_problems"] == "问题很多。" and s["s6_other"] == "未收取信息处理费。"
    # table rows named 一、… / 四、… are not section headings
    t = "一、总体情况\nA\n四、结转下年度继续办理 0 0\n四、政府信息公开行政复议、行政诉讼情况\nB"
    assert split_sections(t)["s4_review_litigation"] == "B"


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019),
        ("攀枝花市东区民政局\n\n2023 年政府信息公开工作年度报告", "攀枝花市东区民政局", 2023),
        ("正文\n2024 年上海市科委政府信息公开工作\n年度报告", "上海市科委", 2024),
        (
            "平潭综合实验区2019年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会",
            "平潭综合实验区",
            2019,
        ),
        ("沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局", "沭阳县发展和改革局", 2023),
        # a Markdown title read as text: its marks are not part of the name
        ("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告", "沐阳县人民政府", 2025),
        ("## **某县人民政府**\n## 2025年政府信息公开工作年度报告", "某县人民政府", 2025),
    ],
)
def test_titles(text, agency, year):
    assert title_meta(text) == (agency, year)


def test_sections_in_flattened_page_text():
    """page.txt runs cells and headings together: a heading may follow a number and end mid-line."""
    text = (
        "一、总体情况概况。二、主动公开政府信息情况表行政事业性收费5949.08三、收到和处理政府信息公开申请情况"
        "四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议0"
        "五、存在的主要问题及改进情况问题。六、其他需要报告的事项2023年，无收取信息处理费情况。"
    )
    s = split_sections(text)
    assert list(s) == ["s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation", "s5_problems", "s6_other"]
    assert s["s6_other"] == "2023年，无收取信息处理费情况。"
    assert s["s4_review_litigation"] == "行政复议0" and s["s5_problems"] == "问题。"


def test_declared_format_is_read_from_the_text():
    assert declared_format("按照国办公开办函〔2021〕30号要求编制") == "国办公开办函〔2021〕30号"
    assert declared_format("依据国办公开办函[2019]60号") == "国办公开办函〔2019〕60号"
    assert declared_format("依据条例编制") is None


def test_a_mistyped_path_is_not_read_as_report_text(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_report(str(tmp_path / "no-such-report.html"))


def test_digits_of_other_scripts_are_unreadable_full_width_are_read():
    """Full-width digits (common in Chinese text) are read; Arabic-Indic, Devanagari or NKo digits in a Chinese
    report are not what anybody typed there — unreadable, as in the browser (tests/test_js_parity.py), never a
    number Python's int() happens to accept."""
    assert (parse_cell("３１１９").status, parse_cell("３１１９").value) == ("parsed", 3119)
    for text in ("٣", "12१", "3 ٤", "߂381492"):
        assert (parse_cell(text).status, parse_cell(text).value) == ("unreadable", None), text


_CELL_CHARS = st.sampled_from(
    list("无不适用涉及NA/-—–−／\\0123456789٣１２元件个项,. ")
    + ["\ufeff", "\u200b", "\u3000", "\u00a0", "\t", "“", "”", "檔", "案", "规章", "行政许可", "(一)", "x", "Ⅷ", "①"]
)


_NUMBER_LIKE = st.tuples(
    st.sampled_from(["", "+", "-", " ", "\ufeff"]),
    st.text(alphabet="0123456789٣１,. ", min_size=1, max_size=6),
    st.sampled_from(["", "元", "万元", "件", "个", "项", "次", "人次", "字"]),
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(_CELL_CHARS, max_size=12).map("".join), _NUMBER_LIKE))
@example("无\ufeff\ufeff\ufeff")  # a not-applicable mark: U+FEFF is dropped by the value reader, kept by norm
@example("..万元")  # a unit after dots: a value by the count-with-unit test
@example("1234件")
@example("行政许可")
def test_a_value_cell_is_told_from_words_as_the_full_rule_says(text):
    """``is_value_cell`` decides words without digits (longer than any not-applicable mark) before reading them as a
    value; the answer is the full rule's: empty, or a number / not-applicable mark, or a count with its unit, or no
    Chinese character at all."""
    import re

    from govinfo_widgets.io._grid import is_value_cell
    from govinfo_widgets.io._match import norm
    from govinfo_widgets.io._values import value_status

    s = norm(text)
    full = (
        not s
        or value_status(text) in ("parsed", "repaired", "not_applicable")
        or bool(re.fullmatch(r"[+\-]?[\d.,]+(?:元|万元|件|个|项)", s))
        or not re.search(r"[\u4e00-\u9fff]", s)
    )
    assert is_value_cell.__wrapped__(text) == full


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("概况。\n二、主动公开政府信息情况\n第二十条第（一）项\n规章 1", "第二十条第（一）项"),
        ("概况。\n### 第 二十条 第（五）项\n信息内容 本年处理决定数量", "### 第 二十条 第（五）项"),
        ("概况。\n二、主动公开\n  第（一）项\n信息内容 本年制发件数", "  第（一）项"),
        ("概况。\n| 信息内容 | 本年制发件数 |\n|---|---|", "| 信息内容 | 本年制发件数 |"),
        ("概况。\n第二十條第（一）項\n規章 1", "第二十條第（一）項"),  # a mirror copy's traditional characters
        ("开展已公开信息内容清理。依据第（一）项办理。\n本年新收政府信息公开申请 3", "本年新收政府信息公开申请 3"),
        ("概况。\n三、收到和处理政府信息公开申请情况\n本列数据的勾稽关系", "本列数据的勾稽关系"),
    ],
)
def test_tables_start_at_the_first_line_of_a_table(text, first):
    """Where the text and Markdown readers start looking for table rows: Table 2's block title (full or short) or
    header, or Table 3's first words; the short title and 信息内容 only first on a line (in prose they are words of
    a sentence: 已公开信息内容清理)."""
    assert text[tables_start(text) :].split("\n")[0] == first


def test_tables_start_is_none_without_a_table_word():
    assert tables_start("一、总体情况\n本机关依法公开政府信息。") is None
