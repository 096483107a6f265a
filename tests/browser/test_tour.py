"""The README's five-minute tour, step by step, as a new user sees it in Voila; it also makes the README's pictures.

Each step opens one notebook as a Voila app in Chromium, checks what the README says the user will see
and saves a screenshot. The pictures go to ``$GOVINFO_SCREENSHOTS`` when set (the README's are made with
``GOVINFO_SCREENSHOTS=docs/img bash scripts/test.sh tests/browser/test_tour.py``), else to a temporary folder.
"""

from __future__ import annotations

import pytest

from .conftest import ROOT
from .test_editor import T3, cell, download, open_editor, type_into

pytestmark = pytest.mark.browser


#: A Plotly figure as JupyterLab's (and Voila's) Plotly renderer draws it.
PLOT = ".js-plotly-plot .main-svg"


def ran_to(page, last_heading: str) -> None:
    """Wait until Voila has run the notebook down to ``last_heading`` and the page is quiet."""
    page.get_by_text(last_heading).wait_for(timeout=180_000)
    page.wait_for_load_state("networkidle", timeout=180_000)


def test_step_1_the_drafting_app_reads_as_an_application(voila, page, shots):
    open_editor(page, voila().url)
    text = page.locator("body").inner_text()
    # an application, not a notebook: no code, and the notebook-only notes (cells tagged notebook-only) are gone
    assert "ReportEditor" not in text and "import" not in text
    assert "怎样用于本单位的年报" not in text and "在代码中使用" not in text
    assert "起草政府信息公开工作年度报告" in page.locator("h1").first.inner_text()
    assert page.locator(".gw-editor input[type=text]").first.input_value() == "攀枝花市东区民政局"
    assert "2024" in [page.locator(".gw-editor input").nth(i).input_value() for i in range(3)]
    for table in ("gw-t2", "gw-t3", "gw-t4"):
        assert page.locator(f"table.gw-form.{table}").count() == 1
    assert page.locator(".gw-side .gw-issues").count() == 1
    assert [page.locator(f".gw-export-{k}").count() for k in ("docx", "html", "md", "json")] == [1, 1, 1, 1]
    # last year's 四、结转下年度继续办理 (all 0 in the 2023 report) came in as 二、上年结转
    assert cell(page, "t3.carried_over.natural_person").locator("input").input_value() == "0"

    # the tour: 12 new requests from natural persons, only 10 of them answered → T3-01 breaks
    type_into(page, "t3.new_received.natural_person", "12")
    type_into(page, "t3.granted.natural_person", "10")
    page.wait_for_function(
        "document.querySelector(\"td[data-addr='t3.new_received.natural_person']\").classList.contains('gw-fail')"
    )
    item = page.locator(".gw-side .gw-issues .gw-item[data-rule='T3-01']").first
    item.wait_for()
    # scroll down to （七）总计: the findings stay in view beside the table (the side column is sticky)
    page.locator(f"{T3} td[data-addr='t3.outcome_total.natural_person']").scroll_into_view_if_needed()
    page.mouse.move(300, 500)
    page.mouse.wheel(0, 250)
    page.wait_for_timeout(300)
    assert page.locator(f"{T3} td[data-addr='t3.new_received.natural_person']").bounding_box()["y"] < 0
    assert 0 <= page.locator(".gw-side").bounding_box()["y"] < 100
    title = cell(page, "t3.new_received.natural_person").get_attribute("title")
    assert "T3-01" in title or "两者应相等" in title
    # the README's picture: Table 3 from its header down, the findings beside it
    page.locator(T3).evaluate("el => el.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -90)
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / "tour-1-editor.png"))


def test_step_2_comparing_agencies(voila, page, shots):
    page.goto(voila(ROOT / "notebooks" / "03_compare_agencies.ipynb").url, wait_until="domcontentloaded")
    ran_to(page, "自己动手 / Explore")
    # compare ×3, trend, composition, Sankey, applicant mix
    page.wait_for_function(f"document.querySelectorAll('{PLOT}').length >= 7", timeout=60_000)
    chart = page.locator(".js-plotly-plot").nth(1)
    text = chart.text_content()
    # 公开率 in 2024, every agency with a 2024 report, sorted, with the corpus median
    assert "公开率" in text and "中位数" in text
    names = ["淮安市人民政府", "平潭综合实验区", "淮安市洪泽区人民政府", "上海市科学技术委员会"]
    assert all(n in text for n in names)
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(shots / "tour-2-compare.png"))


def test_step_3_auditing_published_reports(voila, page, shots):
    page.goto(voila(ROOT / "notebooks" / "04_audit_published_reports.ipynb").url, wait_until="domcontentloaded")
    ran_to(page, "大批量审核 / Many reports")
    summary = page.locator("table", has_text="错误 errors").first
    table = {}
    for row in summary.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
        table[cells[0]] = cells[1:]  # report: agency, year, errors, warnings, notes, not assessable
    # the two published tables that break their own arithmetic: 洪泽区 2023 (T4-01 ×2), 平潭 2020 (T3-02 ×2)
    assert table["003"][:3] == ["淮安市洪泽区人民政府", "2023", "2"], table
    assert table["010"][:3] == ["平潭综合实验区", "2020", "2"], table
    assert [r[2] for k, r in table.items() if k not in ("003", "010")] == ["0"] * (len(table) - 2)
    page.wait_for_function(f"document.querySelectorAll('{PLOT}').length >= 1")  # the issues heatmap
    summary.scroll_into_view_if_needed()
    summary.screenshot(path=str(shots / "tour-3-audit.png"))


def test_step_4_exporting_the_page_to_publish(voila, page, shots, tmp_path):
    open_editor(page, voila().url)
    type_into(page, "t3.new_received.natural_person", "3")
    type_into(page, "t3.granted.natural_person", "3")
    page.wait_for_function(f'document.querySelectorAll("{T3} td.gw-fail").length === 0')
    path = download(page, "html", tmp_path / "report.html")
    published = page.context.new_page()
    published.goto(path.as_uri())
    assert "攀枝花市东区民政局2024年政府信息公开工作年度报告" in "".join(published.locator("h1").inner_text().split())
    t3 = published.locator("table.gi-t3")
    first = [c.strip() for c in t3.locator("tbody tr").first.locator("th, td").all_inner_texts()]
    assert first[0].startswith("一、本年新收") and first[1] == "3" and first[-1] == "3"
    published.locator("h2").nth(2).scroll_into_view_if_needed()
    published.screenshot(path=str(shots / "tour-4-export.png"))
    published.close()
