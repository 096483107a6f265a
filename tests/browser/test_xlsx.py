"""Excel in the Voila app: upload an .xlsx and see the tables filled and checked, download an .xlsx, 汇总下级单位."""

from __future__ import annotations

import pytest

from govinfo_widgets import load_example
from govinfo_widgets.export import to_xlsx
from govinfo_widgets.io import read_report

pytestmark = pytest.mark.browser
AGENCY, YEAR = "攀枝花市东区民政局", 2024  # the drafting notebook's report
T3 = "table.gw-form.gw-t3"


def open_editor(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(f"{T3} td[data-addr='t3.new_received.natural_person'] input", timeout=90_000)


def value(page, address: str) -> str:
    return page.locator(f"td.gw-cell[data-addr='{address}'] input").input_value()


def wait_value(page, address: str, text: str) -> None:
    page.wait_for_function(
        f"document.querySelector(\"td[data-addr='{address}'] input\").value === '{text}'", timeout=60_000
    )


def upload(page, button: str, files) -> None:
    """Click an ipywidgets FileUpload button and answer its file chooser (the input exists only while choosing)."""
    with page.expect_file_chooser() as chooser:
        page.locator(f"button.{button}").click()
    chooser.value.set_files(files)


def test_upload_xlsx_fill_check_download_and_consolidate(voila, page, tmp_path, shots):
    # last year's report, and this year's figures kept in Excel with a consistent typo: 3001 typed 30010
    # in 自然人 and the total typed to match (淮安市人民政府's real figures under the notebook's agency)
    last = load_example("002").with_meta(agency=AGENCY, year=YEAR - 1, id=None)
    others = sum(
        last.value(f"t3.new_received.{c}")
        for c in (
            "commercial_enterprise",
            "research_institution",
            "public_interest_org",
            "legal_service_org",
            "other_org",
        )
    )
    mine = last.with_meta(year=YEAR).with_values(
        {"t3.new_received.natural_person": 30010, "t3.new_received.total": 30010 + others}
    )
    last_json = tmp_path / "上年.json"
    last.to_json(last_json)
    src = tmp_path / "本单位.xlsx"
    to_xlsx(mine, src)

    open_editor(page, voila().url)
    page.locator("label.gw-upload", has_text="从上年报告开始").locator("input[type=file]").set_input_files(
        str(last_json)
    )
    wait_value(page, "t3.carried_over.natural_person", str(last.value("t3.carried_forward.natural_person")))
    upload(page, "gw-xlsx-upload", str(src))
    # filled: the figures of the workbook are in the tables
    wait_value(page, "t3.new_received.natural_person", "30010")
    assert value(page, "t3.granted.natural_person") == str(mine.value("t3.granted.natural_person"))
    # each table is its own widget: Table 4's values arrive in their own message, after Table 3's
    wait_value(page, "t4.review_total", str(mine.value("t4.review_total")))
    page.locator(".gw-excel-out", has_text="本单位.xlsx").wait_for()
    # and checked: the typo breaks 一+二 = 三（七）+四 in 自然人, found by the same rules as any input ...
    page.wait_for_function(
        "document.querySelector(\"td[data-addr='t3.new_received.natural_person']\").classList.contains('gw-fail')"
    )
    page.locator(".gw-issues .gw-item[data-rule='T3-01']").first.wait_for()
    # ... and against last year, with the comparison in the findings panel
    a01 = page.locator(".gw-issues .gw-item[data-rule='A-01']", has_text="去年 3,001，今年 30,010")
    a01.wait_for()
    page.locator(f"{T3} td[data-addr='t3.carried_over.natural_person']").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "tour-5-xlsx.png"))
    page.locator(".gw-side").screenshot(path=str(shots / "tour-7-plausibility.png"))

    # download: the XLSX button writes the draft, the link hands it over, and it reads back to the same cells
    page.locator("button.gw-export-xlsx").click()
    link = page.locator("a.gw-download-xlsx")
    link.wait_for()
    with page.expect_download() as dl:
        link.click()
    out = tmp_path / "downloaded.xlsx"
    dl.value.save_as(out)
    back = read_report(out)
    assert back.meta.agency == AGENCY and back.meta.year == YEAR
    assert back.value("t3.new_received.natural_person") == 30010
    assert back.value("t3.new_received.total") == mine.value("t3.new_received.total")

    # 汇总下级单位: three 2024 reports (real figures of three agencies, used here as if they were sub-units)
    subs = [load_example(i) for i in ("002", "005", "014")]
    files = []
    for s in subs:
        p = tmp_path / f"{s.key}.xlsx"
        to_xlsx(s, p)
        files.append(str(p))
    upload(page, "gw-consolidate-upload", files)
    want = sum(s.value("t3.new_received.total") for s in subs)
    wait_value(page, "t3.new_received.total", str(want))
    page.locator(".gw-excel-out", has_text="已汇总 3 个下级单位").wait_for()
    assert value(page, "t4.review_total") == str(sum(s.value("t4.review_total") for s in subs))
    page.locator(f"{T3} td[data-addr='t3.carried_over.natural_person']").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "tour-6-consolidate.png"))

    # a failing sub-report is refused and listed; the draft keeps the last sum
    bad = tmp_path / "洪泽2023.xlsx"
    to_xlsx(load_example("003").with_meta(year=YEAR), bad)
    upload(page, "gw-consolidate-upload", [files[0], str(bad)])
    page.locator(".gw-excel-out", has_text="T4-01").wait_for()
    assert value(page, "t3.new_received.total") == str(want)
