"""HTML export: a self-contained page, the official rowspan/colspan tables, escaping, values, print CSS."""

from __future__ import annotations

import re

import lxml.html
import pytest
from hypothesis import given, settings

from govinfo_widgets import GovinfoError, load_example
from govinfo_widgets.export import to_html

from .conftest import HOSTILE, VARIANTS, expected_paragraphs, user_text


def parse(page: str):
    return lxml.html.document_fromstring(page)


def spans(el) -> tuple[str, int, int]:
    return el.text_content(), int(el.get("colspan", 1)), int(el.get("rowspan", 1))


def table(doc, key):
    (t,) = doc.xpath(f'//table[@class="gi-{key}"]')
    return t


def test_standalone_page_is_self_contained(drafted):
    page = to_html(drafted)
    assert page.startswith("<!DOCTYPE html>")
    doc = parse(page)
    assert doc.xpath("//meta/@charset") == ["utf-8"]
    assert doc.xpath("//title")[0].text == "淮安市人民政府2024年政府信息公开工作年度报告"
    # No external resources of any kind: no scripts, links, images, frames, imports or url()s.
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed | //*[@src] | //*[@href]")
    css = "".join(doc.xpath("//style/text()"))
    assert "@import" not in css and "url(" not in css
    assert "@page" in css and "size: A4" in css and "@media print" in css
    assert "margin: 37mm 26mm 35mm 28mm" in css  # GB/T 9704: top, right, bottom, left


def test_fragment_embeds_style_and_article(drafted):
    frag = to_html(drafted, standalone=False)
    assert frag.startswith("<style>") and "<html" not in frag
    # Embedded in a notebook or a site, it restyles nothing but itself.
    css = frag[len("<style>") : frag.index("</style>")]
    assert "@page" not in css and "body {" not in css and ":root" not in css
    rules = [ln for ln in css.splitlines() if "{" in ln and not ln.lstrip().startswith("@")]
    assert rules and all(ln.lstrip().startswith(".gi-report") for ln in rules)
    assert frag.count('<article class="gi-report"') == 1


def test_six_canonical_headings_and_narrative(drafted):
    doc = parse(to_html(drafted))
    heads = [h.text for h in doc.xpath("//h2")]
    assert heads == [f"{s['no']}、{s['title']}" for s in drafted.form.sections]
    lead = doc.xpath('//p[span[@class="gi-sub"]]')[0]
    assert lead.text_content() == "（一）主动公开。本年度主动公开政府信息1234条。"
    assert doc.xpath("//p")[-2].text == "淮安市人民政府" and doc.xpath("//p")[-1].text == "2025年1月20日"
    six = [p.text for p in doc.xpath("//h2[last()]/following-sibling::p")]
    assert "本年度信息处理费情况：发出收费通知的件数2件，收费通知总金额380元，实际收取的总金额380.5元。" in six


def test_table3_header_spans(drafted):
    t3 = table(parse(to_html(drafted)), "t3")
    rows = t3.xpath("./thead/tr")
    assert len(rows) == 3
    note = drafted.form.table("t3")["header_note"]
    assert [spans(c) for c in rows[0]] == [(note, 3, 3), ("申请人情况", 7, 1)]
    assert [spans(c) for c in rows[1]] == [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)]
    assert [c.text for c in rows[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # Every body row fills 10 grid columns once rowspans are accounted for.
    assert [len(c) for c in t3.xpath("./colgroup")] == [10]


@pytest.mark.parametrize(("rid", "span"), [("002", 22), ("004", 20), ("010", 20)])
def test_table3_outcomes_rowspan(rid, span):
    t3 = table(parse(to_html(load_example(rid))), "t3")
    (outcomes,) = [c for c in t3.iter("th") if c.text == "三、本年度办理结果"]
    assert int(outcomes.get("rowspan")) == span
    (denied,) = [c for c in t3.iter("th") if c.text == "（三）不予公开"]
    assert int(denied.get("rowspan")) == 8


def test_table4_header_and_numbers(drafted):
    t4 = table(parse(to_html(drafted)), "t4")
    head = t4.xpath("./thead/tr")
    assert [spans(c) for c in head[0]] == [("行政复议", 5, 1), ("行政诉讼", 10, 1)]
    assert [spans(c) for c in head[1]][-2:] == [("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)]
    assert all(int(c.get("rowspan")) == 2 for c in head[1][:5])
    cells = t4.xpath("./tbody/tr/td")
    order = [c.address for c in drafted.form.cells if c.table == "t4"]
    assert [c.get("data-cell") for c in cells] == order
    assert [c.text for c in cells] == [str(drafted.value(a)) for a in order]


def test_every_cell_carries_the_reports_number(drafted):
    doc = parse(to_html(drafted))
    tds = doc.xpath("//td[@data-cell]")
    assert {td.get("data-cell") for td in tds} == set(drafted.layout)
    for td in tds:
        v = drafted.value(td.get("data-cell"))
        assert (td.text or "") == (
            "" if v is None else f"{v:.4f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)
        )


def test_missing_totals_blank_and_blank_leaves_zero_or_mirrored():
    r = load_example("001").without_cells(["t3.granted.total"]).with_values({"t3.carried_over.total": None})
    blank = [a for a, c in r.cells.items() if c.status == "blank_zero"]
    assert blank
    zero = {td.get("data-cell"): td.text for td in parse(to_html(r)).xpath("//td[@data-cell]")}
    mirror = {td.get("data-cell"): td.text for td in parse(to_html(r, blanks="blank")).xpath("//td[@data-cell]")}
    assert zero["t3.granted.total"] is None and zero["t3.carried_over.total"] is None  # never an invented 0
    assert mirror["t3.granted.total"] is None
    assert {zero[a] for a in blank} == {"0"}
    assert {mirror[a] for a in blank} == {None}


def test_not_applicable_raw_text_is_escaped_when_mirrored():
    from govinfo_widgets import Cell

    r = load_example("002").with_cells({"t3.granted.other_org": Cell(None, "not_applicable", raw="<i>-</i>")})
    page = to_html(r, blanks="blank")
    assert "<i>" not in page and "&lt;i&gt;-&lt;/i&gt;" in page
    assert parse(to_html(r)).xpath('//td[@data-cell="t3.granted.other_org"]')[0].text == "0"


def test_fee_in_wan_yuan_with_at_most_four_decimals():
    for value, text in ((12.3456789, "12.3457"), (7730.28, "7730.28"), (5.0, "5"), (0.00004, "0")):
        r = load_example("002").with_values({"t2.art20_8.admin_fees.fee_amount_wan_yuan": value})
        (td,) = parse(to_html(r)).xpath('//td[@data-cell="t2.art20_8.admin_fees.fee_amount_wan_yuan"]')
        assert td.text == text, value
    assert "本年收费金额（单位：万元）" in to_html(r)


def test_user_text_is_escaped_everywhere(hostile):
    page = to_html(hostile)
    doc = parse(page)
    assert not doc.xpath("//script | //b")
    assert doc.xpath("//title")[0].text == "某局" + HOSTILE + "2024年政府信息公开工作年度报告"
    assert doc.xpath("//h1")[0].text == "某局" + HOSTILE + "2024年政府信息公开工作年度报告"
    assert [p.text for p in doc.xpath("//p") if p.text == HOSTILE] == [HOSTILE, HOSTILE]
    assert re.search(r"&lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt; &amp; ", page)


def test_canonical_labels_even_when_the_source_used_variants(with_variants):
    text = parse(to_html(with_variants)).text_content()
    for canonical, variant in VARIANTS:
        assert canonical in text
        assert variant not in text.replace(canonical, "")


def test_english():
    doc = parse(to_html(load_example("002"), lang="en"))
    assert doc.xpath("//html/@lang") == ["en"]
    assert doc.xpath("//h2")[0].text == "1. Overview"
    assert "Requester type" in table(doc, "t3").text_content()


@pytest.mark.parametrize("kw", [{"lang": "de"}, {"blanks": "nan"}])
def test_bad_options(kw):
    with pytest.raises(GovinfoError, match=" / "):
        to_html(load_example("002"), **kw)


@pytest.mark.browser
def test_renders_in_chromium_without_network_and_with_the_official_geometry(drafted, tmp_path, browser):
    page_file = tmp_path / "report.html"
    page_file.write_text(to_html(drafted), "utf-8")
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda req: requests.append(req.url))
        page.goto(page_file.as_uri())
        geo = page.evaluate(
            """() => {
            const t3 = document.querySelector('table.gi-t3');
            const box = (el) => el.getBoundingClientRect();
            const note = t3.querySelector('thead th.gi-note');
            const first = t3.querySelector('tbody tr');  // 一、本年新收…: label spans the 3 label columns
            const outcomes = [...t3.querySelectorAll('th')].find(th => th.textContent === '三、本年度办理结果');
            const t4 = document.querySelector('table.gi-t4 tbody tr');
            return {noteW: box(note).width, labelW: box(first.cells[0]).width,
                    noteH: box(note).height, headH: box(t3.tHead).height,
                    outcomesH: box(outcomes).height, rowH: box(first).height,
                    t4cells: t4.cells.length, fontsReady: document.fonts.status};
        }"""
        )
        pdf = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    assert requests == [page_file.as_uri()]  # nothing fetched but the page itself
    assert abs(geo["noteW"] - geo["labelW"]) < 1.5  # the 勾稽 note covers exactly the three label columns
    assert abs(geo["noteH"] - geo["headH"]) < 1.5  # … and all three header rows
    assert geo["outcomesH"] > 15 * geo["rowH"]  # 三、本年度办理结果 runs down 22 rows
    assert geo["t4cells"] == 15
    # Printed: A4 pages, each ending with its number "— N —" (the @page margin boxes).
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        assert all(abs(p.width - 595.3) < 1.5 and abs(p.height - 841.9) < 1.5 for p in doc.pages)
        last_lines = [p.extract_text().splitlines()[-1] for p in doc.pages]
    assert last_lines == [f"— {i} —" for i in range(1, len(last_lines) + 1)]


@settings(max_examples=150, deadline=None)
@given(text=user_text())
def test_any_user_text_shows_verbatim_and_never_as_markup(text):
    page = to_html(load_example("000").with_sections(s5_problems=text).with_meta(agency=text.replace("\n", "")))
    doc = parse(page)
    assert not doc.xpath("//script | //b | //i | //a | //img")
    h2 = doc.xpath("//h2")
    five = []
    for el in h2[4].itersiblings():
        if el.tag == "h2":
            break
        five.append(el.text_content())
    assert five == expected_paragraphs(text)


@pytest.mark.parametrize("blanks", ["zero", "blank"])
def test_unreadable_cell_is_blank_never_a_silent_zero(blanks):
    from govinfo_widgets import Cell

    r = load_example("002").with_cells({"t3.granted.natural_person": Cell(None, "unreadable", raw="1O")})
    (td,) = parse(to_html(r, blanks=blanks)).xpath('//td[@data-cell="t3.granted.natural_person"]')
    assert td.text is None


def test_a_non_number_in_a_cell_is_a_clear_error():
    from govinfo_widgets import Cell

    r = load_example("002").with_cells({"t3.granted.total": Cell("十二", "entered")})
    with pytest.raises(GovinfoError, match="t3.granted.total.*不是数字"):
        to_html(r)
