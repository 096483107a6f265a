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
    # this office's figures, kept in Excel: 淮安市人民政府 2024's real figures with one typo in （一）予以公开
    mine = load_example("002").with_meta(agency=AGENCY, year=YEAR, id=None)
    typo = mine.value("t3.granted.natural_person") + 10
    src = tmp_path / "本单位.xlsx"
    to_xlsx(mine.with_values({"t3.granted.natural_person": typo}), src)

    open_editor(page, voila().url)
    upload(page, "gw-xlsx-upload", str(src))
    # filled: the figures of the workbook are in the tables
    wait_value(page, "t3.new_received.natural_person", str(mine.value("t3.new_received.natural_person")))
    assert value(page, "t3.granted.natural_person") == str(typo)
    assert value(page, "t4.review_total") == str(mine.value("t4.review_total"))
    page.locator(".gw-excel-out", has_text="本单位.xlsx").wait_for()
    # and checked: the typo breaks 三（七）总计 = sum of outcomes, found by the same rules as any input
    page.wait_for_function(
        "document.querySelector(\"td[data-addr='t3.granted.natural_person']\").classList.contains('gw-fail')"
    )
    page.locator(".gw-issues .gw-item[data-rule='T3-02']").first.wait_for()
    page.locator(".gw-excel").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "tour-5-xlsx.png"))

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
    assert back.value("t3.granted.natural_person") == typo
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
    page.locator(".gw-excel").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "tour-6-consolidate.png"))

    # a failing sub-report is refused and listed; the draft keeps the last sum
    bad = tmp_path / "洪泽2023.xlsx"
    to_xlsx(load_example("003").with_meta(year=YEAR), bad)
    upload(page, "gw-consolidate-upload", [files[0], str(bad)])
    page.locator(".gw-excel-out", has_text="T4-01").wait_for()
    assert value(page, "t3.new_received.total") == str(want)
