"""Sections anchored by their words with any numbering, across line breaks; page chrome kept out; S-01, S-02, TX-10."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from govinfo_widgets import load_example
from govinfo_widgets.export import to_markdown
from govinfo_widgets.io._sections import chrome_start, headings
from govinfo_widgets.io.markdown import read_markdown
from govinfo_widgets.io.text import read_text
from govinfo_widgets.rules import evaluate
from govinfo_widgets.schema import get_form

from .layouts_degraded import split_headings, tsv

PROSE = {
    "s1_overview": "本年度全面推进政务公开工作。",
    "s5_problems": "存在的问题是公开还不够及时，下一步将加以改进。",
    "s6_other": "本年度未收取信息处理费。",
}


def _report_text(renumber: dict[str, str] | None = None, chrome: str = "") -> str:
    r = load_example("002")
    text = tsv(r)
    for key, body in PROSE.items():
        title = {
            "s1_overview": "一、总体情况",
            "s5_problems": "五、存在的主要问题及改进情况",
            "s6_other": "六、其他需要报告的事项",
        }[key]
        text = text.replace(title, f"{title}\n{body}")
    for old, new in (renumber or {}).items():
        text = text.replace(old, new)
    return text + chrome


def test_headings_split_across_lines_are_found():
    r = read_text(split_headings(_report_text()))
    assert r.sections["s1_overview"] == PROSE["s1_overview"]
    assert r.sections["s6_other"].startswith(PROSE["s6_other"])  # then the signature
    findings = evaluate(r).frame
    assert findings[(findings["rule"] == "S-01") & (findings["severity"] == "error")].empty


def test_a_misnumbered_heading_is_found_and_reported_as_a_warning():
    text = _report_text(
        {
            "六、其他需要报告的事项": "五、其他需要报告的事项",
            "五、存在的主要问题及改进情况": "四、存在的主要问题及改进情况",
        }
    )
    r = read_text(text)
    assert r.sections["s6_other"].startswith(PROSE["s6_other"])
    assert r.sections["s5_problems"] == PROSE["s5_problems"]
    s01 = evaluate(r).frame.query("rule == 'S-01'")
    assert set(s01["severity"]) == {"warning"}
    assert s01["message"].str.contains("编号").any()


def test_an_overview_whose_heading_line_was_lost_is_still_read():
    text = _report_text().replace("一、总体情况\n", "", 1)
    assert "总体情况" not in text.split("二、主动公开")[0]
    r = read_text(text)
    assert PROSE["s1_overview"] in r.sections["s1_overview"]
    assert "主动公开政府信息情况" not in r.sections["s1_overview"] and "年度报告" not in r.sections["s1_overview"]
    findings = evaluate(r).frame
    assert findings[(findings["rule"] == "S-01") & (findings["severity"] == "error")].empty


def test_without_a_title_the_text_before_section_two_is_not_taken_for_the_overview():
    text = "首页 > 政务公开\n" + _report_text().replace("一、总体情况\n", "", 1).split("\n", 1)[1]
    assert "年度报告" not in text.split("二、主动公开")[0]
    assert "s1_overview" not in read_text(text).sections


def test_page_chrome_never_enters_the_last_section():
    chrome = "\n分享到：\n打印本页 关闭窗口\n友情链接 网站地图\n主办单位：某某市人民政府办公室"
    r = read_text(_report_text(chrome=chrome))
    assert r.sections["s6_other"].startswith(PROSE["s6_other"])
    assert not any(w in r.sections["s6_other"] for w in ("分享", "打印", "友情链接", "主办单位"))
    assert chrome_start("正文。\n打印 关闭\n") == len("正文。\n")


_CHROME_WORDS = tuple(get_form("gov_2021").spec["page_chrome"])


def _chrome_line(line: str) -> bool:
    """The rule, line by line: a short line that starts with (or is) a chrome word, or one naming two of them."""
    s = line.strip()
    words = [w for w in _CHROME_WORDS if w in s]
    return bool(words) and (
        (len(s) <= 40 and any(s.startswith(w) for w in words)) or (len(s) <= 60 and len(words) >= 2)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_CHROME_WORDS[:8], "正文", "。", "\n", " ", "\u3000", "\r", "页" * 35, "x"]), max_size=16
    )
)
def test_chrome_starts_at_the_first_chrome_line(pieces):
    """The page chrome starts at the first line the rule names (the lines with a chrome word are found by one search
    of the text, not line by line: the same line)."""
    text = "".join(pieces)
    lines = text.split("\n")
    starts = [sum(len(ln) + 1 for ln in lines[:i]) for i in range(len(lines))]
    expected = next((s for s, ln in zip(starts, lines) if _chrome_line(ln)), len(text))
    assert chrome_start(text) == expected


def test_unnumbered_headings_and_subheadings():
    text = "总体情况\n（一）主动公开情况\n本年公开。\n其他需要报告的事项\n无。"
    assert [h["key"] for h in headings(text)] == ["s1_overview", "s6_other"]


def test_tx10_is_not_assessable_without_section_six():
    r = load_example("002").with_sections(s6_other="")
    r = r.with_values({"t3.other_fee_unpaid.natural_person": 1, "t3.other_fee_unpaid.total": 1})
    tx10 = evaluate(r).frame.query("rule == 'TX-10'")
    assert list(tx10["status"]) == ["not_assessable"]


def test_a_table_present_but_unreadable_is_not_reported_missing():
    md = to_markdown(load_example("002"))
    start = md.index("| 项目 | 结果维持")
    end = md.index("## 五")
    nonstandard = "| 项目 | 行政复议 | 行政诉讼 |\n| --- | --- | --- |\n| 收到 | 2 | 1 |\n| 维持 | 1 | 1 |\n\n"
    r = read_markdown(md[:start] + nonstandard + md[end:])
    assert not any(a.startswith("t4.") for a in r.cells)
    s02 = evaluate(r).frame.query("rule == 'S-02' and table == 't4'")
    assert list(s02["status"]) == ["not_assessable"]
    assert "存在" in s02["message"].iloc[0]


def test_a_table_really_absent_is_still_reported_missing():
    md = to_markdown(load_example("002"))
    start = md.index("## 四")
    end = md.index("## 五")
    r = read_markdown(md[:start] + md[end:])
    s02 = evaluate(r).frame.query("rule == 'S-02' and table == 't4'")
    assert list(s02["status"]) == ["fail"] and "缺少" in s02["message"].iloc[0]


def test_a_two_column_table3_gives_what_it_states_and_nothing_more():
    md = (
        "# 某局2024年政府信息公开工作年度报告\n## 三、收到和处理政府信息公开申请情况\n"
        "| 项目 | 自然人 | 法人或其他组织 | 总计 |\n| --- | --- | --- | --- |\n"
        "| 一、本年新收政府信息公开申请数量 | 12 | 1 | 13 |\n| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 |\n"
    )
    r = read_markdown(md)
    assert r.value("t3.new_received.natural_person") == 12
    assert r.value("t3.new_received.total") == 13
    c = r.cells["t3.new_received.commercial_enterprise"]
    assert c.value is None and c.status == "unreadable" and "不是国家格式" in c.note


def test_table2_rows_without_their_header_row_are_read():
    from govinfo_widgets.export import to_html
    from govinfo_widgets.io.html import read_html

    r = load_example("002")
    html = to_html(r)
    import re

    bare = re.sub(r"<tr>(?:(?!</tr>).)*信息内容(?:(?!</tr>).)*</tr>", "", html, flags=re.S)
    assert "信息内容" not in bare
    got = read_html(bare)
    t2 = [a for a in r.cells if a.startswith("t2.")]
    assert all(got.value(a) == r.value(a) for a in t2)


def test_a_published_negative_count_is_read_and_flagged_by_v02():
    md = to_markdown(load_example("002")).replace("| 规章 | 1 | 0 | 11 |", "| 规章 | 1 | -1 | 11 |")
    r = read_markdown(md)
    assert r.value("t2.art20_1.rules.repealed") == -1
    assert not evaluate(r).frame.query("rule == 'V-02' and status == 'fail'").empty


_PIECES = [
    "一",
    "二",
    "六",
    "、",
    ".",
    "，",
    " ",
    "\t",
    "\u3000",
    "\u00a0",
    "\n",
    "。",
    "：",
    ">",
    "）",
    "元",
    "7",
    "a",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*_PIECES, "总体情况", "其他需要报告的事项", "  一、"]), max_size=30).map("".join),
    st.integers(min_value=0, max_value=40),
    st.sampled_from("一二六"),
)
@example("\n 一、总体情况", 0, "一")
@example("a  一、总体情况", 1, "一")
def test_the_fast_heading_search_finds_what_the_full_pattern_finds(text, start, no):
    """find_sections looks for a heading's numeral first (fast), then tries the full pattern only there: the match
    (its span and heading text) is the one the full pattern's own search returns, from any start."""
    from govinfo_widgets.io._sections import _SECTION_RX, _section_search

    want = _SECTION_RX[no].search(text, start)
    got = _section_search(no, text, start)
    assert (got and (got.span(), got.group(1))) == (want and (want.span(), want.group(1)))


def test_a_numeral_after_a_long_run_of_spaces_is_looked_at_once():
    """A heading numeral whose words are not a section's, after 60,000 spaces: each failed candidate used to be
    retried from the next space (quadratic: 32,000 spaces took 5 s, 60,000 about 16); the search now moves past
    the numeral, as every match with it fails alike. The bound is the reader's own time limit."""
    import time

    from govinfo_widgets.io._sections import find_sections
    from govinfo_widgets.limits import LIMITS

    text = "\n" + " " * 60_000 + "一、无关内容\n二、主动公开政府信息情况\n"
    t0 = time.perf_counter()
    assert [k for k, *_ in find_sections(text)] == ["s2_proactive"]
    assert time.perf_counter() - t0 < LIMITS.max_seconds


_LINE_START = st.lists(
    st.sampled_from(
        [
            " ",
            "\t",
            "\u3000",
            "\u00a0",
            "#",
            "*",
            "一",
            "十",
            "第",
            "部分",
            "、",
            ".",
            "，",
            "：",
            "1",
            "12",
            "٣",
            "（",
            ")",
        ]
        + ["x", "中", "-", "—", "－", "_", "~", "·", "页", "共", "/", "\u2028"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LINE_START)
@example("第 3 页 共 9 页")
@example("— 3 —")
@example("- 3 -")
@example("3 / 9")
@example("٣/٩")
@example("\u3000一、总体情况")
@example("*第二部分 主动公开")
@example("##三，依申请")
def test_a_numbering_or_a_footer_starts_with_a_character_the_fast_tests_know(line):
    """Section headings and page footers are looked for only on lines whose first character may start one (most
    lines are spared the patterns): every numbering and every footer the patterns find starts with such a
    character."""
    from govinfo_widgets.io._layout import _FOOTER, _FOOTER_FIRST
    from govinfo_widgets.io._sections import _NUMBERING, _NUMBERING_FIRST

    m = _NUMBERING.match(line)
    if m.group("cn") or m.group("part") or m.end():
        assert line[0] in _NUMBERING_FIRST
    if _FOOTER.match(line):
        assert line[0] in _FOOTER_FIRST or line[0].isdecimal() or line[0].isspace()
