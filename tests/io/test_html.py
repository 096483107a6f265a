"""The HTML reader on real pages and their variants: GBK, traditional mirrors, Word markup, hostile markup."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_widgets.errors import GovinfoError, LegacyFormatError
from govinfo_widgets.io import NotAReportError, read_report
from govinfo_widgets.io.html import MAX_SPAN, read_html
from govinfo_widgets.rules import evaluate

from ..layouts.variants import to_traditional as _to_traditional
from .test_corpus import CORPUS, compare

RAW = CORPUS / "raw"


def _truth(i: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{i}.cells.json").read_text("utf-8"))


def _page(i: str) -> str:
    p = RAW / f"{i}.html"
    assert p.is_file(), f"corpus file missing: {p}"
    return p.read_text("utf-8")


@pytest.mark.corpus
def test_gbk_page_is_decoded_by_its_meta_charset():
    html = _page("001")
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        + html
        + "</body></html>"
    ).encode("gbk", errors="strict")
    r = read_report(page)
    assert r.meta.agency == "上海市人民政府办公厅" and r.meta.year == 2019
    assert compare(r, _truth("001")["cells"]) == []


@pytest.mark.corpus
@pytest.mark.parametrize("entry", ["001", "011", "015"])
def test_traditional_character_mirror_reads_to_the_same_numbers(entry):
    r = read_report(_to_traditional(_page(entry)))
    truth = _truth(entry)
    assert r.meta.year == truth["year"] and r.meta.form == truth["form"]
    assert compare(r, truth["cells"]) == []


def test_word_markup_split_digits_nbsp_and_spans():
    html = """<html><body><p>某局2022年政府信息公开工作年度报告</p>
    <table border=1>
    <tr><td colspan=4><p><span>第二十条第（一）项</span></p></td></tr>
    <tr><td><span>信息</span><span>内容</span></td><td><span>本年制发件数</span></td><td>本年<br>废止件数</td><td>现行有效件数</td></tr>
    <tr><td><p><span style="x">规范性</span></p><p><span>文件</span></p></td>
        <td><span>1</span><span>2</span></td><td><span>&nbsp;</span><span>3</span></td><td>&nbsp;</td></tr>
    </table></body></html>"""
    r = read_html(html)
    assert r.value("t2.art20_1.normative_docs.issued") == 12
    assert r.value("t2.art20_1.normative_docs.repealed") == 3
    c = r.cells["t2.art20_1.normative_docs.in_force"]
    assert (c.value, c.status) == (None, "blank_zero")
    assert c.source == "html table 1 / row 3 / col 4"
    assert r.extras["labels_seen"]["t2.art20_1.normative_docs"] == "规范性文件"


def test_inline_styles_are_not_read_and_change_nothing():
    """Inline style attributes are dropped before parsing (speed): the styled page reads exactly as the bare one,
    a style value broken by a ``>`` is left to the parser, and text that merely looks like a style is kept."""
    from govinfo_widgets import load_example
    from tests.layouts import render

    bare = render(load_example("002"), "html", "plain")
    styled = bare.replace("<td", '<td style="font-family:宋体;width:12.5pt;mso-font-kerning:1.0pt"').replace(
        "<tr", '<tr style="height:20px"'
    )
    assert styled.count("style=") > 100

    def cells(html):
        r = read_html(html)
        return {a: (c.value, c.status, c.source) for a, c in r.cells.items()}, dict(r.sections)

    assert cells(styled) == cells(bare)
    # a style attribute whose closing quote is missing (a broken page): the page is parsed as it is
    broken = styled.replace('<td style="font-family', '<td style="width:3pt><td style="font-family', 1)
    assert cells(broken) == cells(broken.replace(' style="', ' style ="'))  # (a form the stripper leaves alone)
    # prose that happens to contain the words style="..." keeps them
    prose = bare.replace("</table>", '</table><p>附注：示例 style="12" 保留</p>', 1)
    assert 'style="12"' in "".join(read_html(prose).sections.values())


_STYLED = [
    '<td style="a:b">1</td>',
    '<td style="w:3pt>2</td>',
    '<td style="x<y">3</td>',
    '<p style="">t</p>',
    '<td class="c" style="q">4</td>',
    "<tr>",
    "</tr>",
    "<td>5</td>",
    '"',
    ">",
    "<",
    "x",
    "<td style='s'>7</td>",
    '<td style="a" style="b">8</td>',
    '<td  style="z"/>',
    '<td\nstyle="n">9</td>',
    '<td style="a"b>10</td>',
    '<td style="a"style="c">11</td>',
    '<td style="&quot;x">12</td>',
    '<td style="a"\n>13</td>',
    '<!-- style="c" -->',
    '<td style="a" rowspan="2">16</td>',
    '<td style="a"=x>17</td>',
    '<td style="font-family:宋体">十八</td>',
    '<td title="乻" style="乼">乪</td>',  # GB18030 ends 乻 in "s", 乼 in "t", 乪 in "e"
    '<p>俿 style="倀:俥</p>',
    '<td title="俿" style="倀:俥">19</td>',
    '<td title="x style="y">20</td>',  # unescaped markup inside a value: its closing quote is the style's
    '<a title="<span style="c">21</span>">',
    '<td title = " style="z">22</td>',
    '<td alt="a=" style="w">23</td>',
    "\x0c",
    "<td title='x style='y'>24</td>",
    "<td title='a style=\"b'c\"'>25</td>",
    "<a title='<span style=\"c\">'>26</a>",
    "<td style=u>27</td>",
    '<p>见 style="a"b ></p>',  # prose: the words, not a tag's attribute (a ">" follows in the same run of text)
    ' style="q" 文',
    "<script>var s = ' style=\"x\">';</script>",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_STYLED), min_size=1, max_size=12))
def test_dropping_inline_styles_never_changes_the_parsed_page(pieces):
    """parse_html drops inline styles before parsing: the element tree (style attributes aside) is the one the page
    parses to as it is, with well-formed, repeated, glued and broken (quote left open, ``<`` inside, inside another
    attribute's value) attributes, and with `` style="…"`` in prose and in scripts."""
    from lxml import etree

    from govinfo_widgets.io.html import _parser, parse_html

    page = "<table>" + "".join(pieces) + "</table>"

    def shape(root):
        for el in root.iter():
            if isinstance(el.tag, str):
                el.attrib.pop("style", None)
        return etree.tostring(root, encoding="unicode")

    as_is = etree.fromstring(page, _parser())
    skipped = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
    etree.strip_elements(as_is, *skipped, with_tail=False)  # (the text after a script is the page's)
    assert shape(parse_html(page)) == shape(as_is)
    # the bytes of a page (styles dropped before decoding), in UTF-8 and in GB18030 (whose two-byte characters may
    # end in an ASCII letter: never in a space, quote or angle bracket)
    assert shape(parse_html(page.encode("utf-8"))) == shape(as_is)
    assert shape(parse_html(page.encode("gb18030"))) == shape(as_is)


_PAGE_PIECES = st.one_of(
    st.sampled_from(
        ["<p>", "</p>", "<td>", "<table>", "<tr>", '<td style="a">', "<br>", "&amp;", "&#0;", "<?xml version='1.0'?>"]
    ),
    st.sampled_from(["\ufeff", "\x00", "\x0c", "\u3000", "\u2028", "\ufffe", "\U0001f600", "中", "乻", " ", "\n"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PAGE_PIECES, max_size=14))
def test_a_utf8_page_parses_as_its_text_does(pieces):
    """A UTF-8 page's bytes are handed to libxml2 as they are (not decoded and converted back): the tree is the one
    its text (as :func:`decode_page` reads it) parses to, with a BOM, control characters, NUL, characters past the
    BMP and a leading XML declaration."""
    from lxml import etree

    from govinfo_widgets.io._page_text import XML_DECLARATION, decode_page
    from govinfo_widgets.io.html import _SKIP, HtmlReadError, _parser, parse_html

    data = "".join(pieces).encode("utf-8")

    def tree(parse):
        try:
            root = parse()
        except (HtmlReadError, etree.XMLSyntaxError, etree.ParserError, ValueError):
            return "refused"
        if root is None:
            return "refused"
        etree.strip_elements(root, *_SKIP - {"head"}, with_tail=False)
        return etree.tostring(root, encoding="unicode")

    as_text = tree(lambda: etree.fromstring(XML_DECLARATION.sub("", decode_page(data)), _parser()))
    assert tree(lambda: parse_html(data)) == as_text


@pytest.mark.corpus
def test_every_cell_of_a_real_page_says_where_it_came_from():
    r = read_report(RAW / "011.html")
    assert all(c.source and c.source.startswith("html table") for c in r.cells.values())
    assert r.meta.source["kind"] == "html" and r.meta.source["file"] == "011.html"
    assert r.sections["s6_other"] and "友情链接" not in r.sections["s6_other"]  # site chrome left out


def test_xml_entities_and_network_are_never_used(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", "utf-8")
    html = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><p>某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>&xxe;</p>"
        "<table><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>4</td></tr></table>"
        '<img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    r = read_report(html)
    assert r.value("t2.art20_5.licensing.decisions") == 4
    assert "TOPSECRET" not in json.dumps(r.to_dict(), ensure_ascii=False)


def test_hostile_spans_are_bounded():
    html = (
        '<table><tr><td colspan="99999999">第二十条第（五）项</td></tr>'
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
        '<tr><td rowspan="99999">行政许可</td><td colspan="3">5</td></tr></table>'
    )
    r = read_html(html)
    assert r.value("t2.art20_5.licensing.decisions") == 5
    assert MAX_SPAN <= 1000


def test_nested_table_cells_do_not_leak_into_the_outer_grid():
    inner = "<table><tr><td>第二十条第（六）项</td></tr><tr><td>行政处罚</td><td>9</td></tr></table>"
    html = (
        "<p>某局2023年政府信息公开工作年度报告</p><table><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
        f"<tr><td>行政许可</td><td>7{inner}</td></tr></table>"
    )
    r = read_html(html)
    assert r.value("t2.art20_6.penalty.decisions") == 9  # the inner table is read as its own grid
    assert r.value("t2.art20_5.licensing.decisions") == 7  # the inner text stays out of the outer cell


@pytest.mark.corpus
def test_not_a_report_and_legacy_reports_get_clear_errors():
    with pytest.raises(NotAReportError) as e:
        read_report("<html><body><p>通知</p><table><tr><td>姓名</td><td>电话</td></tr></table></body></html>")
    assert "未找到年报统计表" in str(e.value) and "no statistical table" in str(e.value)
    with pytest.raises(LegacyFormatError) as e:
        read_report(RAW / "016.html")
    assert "2019年以前" in str(e.value)
    with pytest.raises(GovinfoError):
        read_report(b"")


@pytest.mark.corpus
def test_blank_totals_are_missing_and_blank_leaves_zero_on_shanghai_2019():
    r = read_report(RAW / "001.html")
    assert r.cells["t3.granted.total"].status == "blank_missing"  # 258/12/–/–/1/1 with a blank total
    assert r.cells["t3.granted.research_institution"].status == "blank_zero"
    assert r.value("t2.art20_9.central_procurement.procurement_amount") == 251000.0


def _t3_rows(rows):
    head = (
        '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
        '<td colspan="7">申请人情况</td></tr><tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
        '<td rowspan="2">总计</td></tr><tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>'
        "<td>其他</td></tr>"
    )
    body = "".join(
        f'<tr><td colspan="3">{label}</td>' + "".join(f"<td>{v}</td>" for v in vals) + "</tr>" for label, vals in rows
    )
    return f"<table>{head}{body}</table>"


def test_collapsed_other_row_in_a_2021_page():
    """A 2021-form page that keeps （六）其他处理 as one row (洪泽区) is read into the t3.other.* cells."""
    t2 = "<table><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr></table>"
    html = (
        "<p>洪泽区人民政府2023年政府信息公开工作年度报告</p>"
        + t2
        + _t3_rows(
            [
                ("一、本年新收政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
                ("（六）其他处理", [1, 0, 0, 0, 0, 0, 1]),
                ("（七）总计", [2, 0, 0, 0, 0, 0, 2]),
            ]
        )
    )
    r = read_html(html)
    assert r.meta.form == "gov_2021" and r.collapsed == {"other"}
    assert r.value("t3.other.natural_person") == 1 and "t3.other_other.total" not in r.cells


def test_swapped_columns_are_bound_by_their_header_labels():
    html = _t3_rows([("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6])]).replace(
        "<td>商业企业</td><td>科研机构</td>", "<td>科研机构</td><td>商业企业</td>"
    )
    r = read_html("<p>某局2023年政府信息公开工作年度报告</p>" + html)
    assert r.value("t3.new_received.research_institution") == 1
    assert r.value("t3.new_received.commercial_enterprise") == 0


def test_table4_as_a_vertical_list_of_label_number_pairs():
    groups = [
        ("行政复议", [3, 1, 0, 0, 4]),
        ("行政诉讼（未经复议直接起诉）", [1, 0, 0, 1, 2]),
        ("行政诉讼（复议后起诉）", [0, 0, 0, 0, 0]),
    ]
    cols = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = "".join(f"<tr><td>{g}</td><td>{c}</td><td>{v}</td></tr>" for g, vals in groups for c, v in zip(cols, vals))
    html = (
        "<p>某局2023年政府信息公开工作年度报告</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
        f"<table><tr><td>行政复议、行政诉讼</td><td>项目</td><td>数量</td></tr>{rows}</table>"
    )
    r = read_html(html)
    assert r.value("t4.review_total") == 4 and r.value("t4.suit_direct_pending") == 1
    assert r.value("t4.suit_after_review_upheld") == 0 and r.extras["t4_numeric_count"] == 15


def test_tables_published_as_pictures():
    heads = "".join(
        f"<p>{h}</p><p>内容。</p>"
        for h in (
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
        )
    )
    page = f'<html><body><div><p>某局2023年政府信息公开工作年度报告</p>{heads}<img src="t.png"></div></body></html>'
    with pytest.raises(NotAReportError) as e:
        read_report(page)
    assert "图片" in e.value.zh and "OCR" in e.value.en
    t2 = (
        "<table><tr><td>第二十条第（五）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td>2</td></tr></table>"
    )
    r = read_report(page.replace('<img src="t.png">', t2 + '<img src="t3.png"><img src="t4.png">'))
    assert r.extras["image_tables"] == ["t3", "t4"]
    df = evaluate(r).frame
    s02 = df[df["rule"] == "S-02"]
    assert set(s02["status"]) == {"not_assessable"} and set(s02["table"]) == {"t3", "t4"}


@pytest.mark.corpus
@pytest.mark.parametrize("encoding", ["utf-8-declared-gbk", "utf-16"])
def test_mislabelled_and_utf16_pages(encoding):
    html = _page("012")
    if encoding == "utf-16":
        data = html.encode("utf-16")
    else:  # served as UTF-8 with an old gb2312 meta left in
        data = ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + html).encode("utf-8")
    r = read_report(data)
    assert r.meta.agency == "平潭综合实验区" and compare(r, _truth("012")["cells"]) == []


@pytest.mark.parametrize("rid", ["002", "005"])
def test_a_row_the_form_lacks_never_puts_its_numbers_in_the_next_row(rid):
    """A Table 3 row a local form adds (「6.已通过其他渠道获取」 after （五）5.) matches no label of the national
    form. Bound by canonical order it would take （六）1.'s place; when （六）1.'s own label comes, the label wins,
    and the added row is listed in ``extra_rows`` — never a number in another row's cells."""
    import re

    from govinfo_widgets import load_example
    from govinfo_widgets.export import to_html

    src = load_example(rid)
    page = to_html(src)
    m = re.search(r'<tr>(?:(?!<tr>).)*?data-cell="t3\.not_processed_confirm_reissue\.natural_person".*?</tr>', page)
    assert m is not None
    added = "<tr><th>6.已通过其他渠道获取</th>" + "<td>7</td>" * 7 + "</tr>"
    r = read_report(page[: m.end()] + added + page[m.end() :])
    wrong = [
        a for a, c in r.cells.items() if c.value is not None and src.value(a) is not None and c.value != src.value(a)
    ]
    assert wrong == []
    assert r.value("t3.other_no_correction.natural_person") == src.value("t3.other_no_correction.natural_person")
    extra = [x["label"] for x in r.extras["extra_rows"] if x["table"] == "t3"]
    assert len(extra) == 1 and extra[0].endswith("6.已通过其他渠道获取")  # after the group labels its row spans


def test_a_page_made_of_style_attributes_is_read_in_linear_time():
    """A hostile page: 60,000 ``style="a"`` in one run of text and no tag end after them. The style search's
    look-ahead is bounded; unbounded, it rescanned the rest of the page at each one (a 300 KB page took 10 s, this
    600 KB one 40 s). Linear, it takes well under a second; the bound here is the reader's own time limit."""
    import time

    from govinfo_widgets.limits import LIMITS

    page = "<p>某局2023年政府信息公开工作年度报告" + ' style="a"' * 60_000 + "</p>"
    t0 = time.perf_counter()
    with pytest.raises(NotAReportError):
        read_html(page)
    assert time.perf_counter() - t0 < LIMITS.max_seconds


def test_numbers_and_spans_too_long_for_int_are_read_not_crashed_on():
    """Python's int() refuses strings of over 4,300 digits: a cell of 7,000 digit spans crashed the reader with a
    ValueError, and so did such a rowspan (or a superscript ² as one). The cell is unreadable with the reason, the
    span capped as any large span is."""
    page = (
        "<p>某局2023年政府信息公开工作年度报告</p><table>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>" + "<span>9</span>" * 7000 + "</td><td>0</td><td>1</td></tr>"
        '<tr><td rowspan="' + "1" * 5000 + '">规范性文件</td><td rowspan="²">2</td><td>0</td><td>3</td></tr></table>'
    )
    r = read_html(page)
    c = r.cells["t2.art20_1.rules.issued"]
    assert c.value is None and c.status == "unreadable" and "过大" in c.note and len(c.raw) <= 41
    assert r.value("t2.art20_1.rules.in_force") == 1


def test_a_page_of_style_words_in_its_text_is_read_in_bounded_time():
    """The inline-style pattern's look-ahead is bounded: 300,000 ``style="a"`` in one run of text (or as many opened
    and never closed) take under a second, not the minutes an unbounded look-ahead would (``LIMITS.max_seconds``
    is the promise: a hostile page is refused or read within it)."""
    import time

    from govinfo_widgets.io.html import parse_html
    from govinfo_widgets.limits import LIMITS

    for page in ("<p>" + ' style="a" ' * 300_000 + "</p>", "<p>" + 'x style="a' * 300_000 + "</p>"):
        t = time.monotonic()
        root = parse_html(page.encode())
        assert time.monotonic() - t < LIMITS.max_seconds
        assert 'style="a' in "".join(root.itertext())[:100]  # prose keeps its words


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["正文", "a", "\n", "\n\n\n", " ", "  ", "\t", "\u3000", "\u00a0", "\r", "\x0b", "\u2028"])
    )
)
def test_narrative_lines_are_tidied_as_the_rule_says(pieces):
    """tidy_lines (str methods, for speed) does what the rule says, written here with patterns: runs of spaces,
    tabs, U+3000 and U+00A0 as one space, each line stripped, no carriage return, at most one blank line in a row."""
    from govinfo_widgets.io._page_text import tidy_lines

    text = "".join(pieces)
    lines = [
        re.sub(r"[ \t\u3000]+", " ", ln).strip() for ln in text.replace("\u00a0", " ").replace("\r", "").split("\n")
    ]
    assert tidy_lines(text) == re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
