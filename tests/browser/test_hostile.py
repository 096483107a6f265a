"""Hostile files and clumsy days in a real Chromium (issue 12): no script from an uploaded file (Voila and
JupyterLab), no request leaves the machine, export reachable with many findings, a dead server is noticed
and what was typed is kept for re-sending, numbers that are not plainly numbers are flagged."""

from __future__ import annotations

import json
import time
from urllib.parse import urlparse

import pytest

from govinfo_widgets import load_example
from govinfo_widgets.widgets import draft_path, load_draft, save_draft

from .conftest import ROOT, VoilaServer, free_port, lab_run_all
from .test_editor import AGENCY, YEAR, cell, open_editor, type_into

pytestmark = pytest.mark.browser
PAYLOAD = "<img src=x onerror=\"window.__pwned=(window.__pwned||0)+1;document.title='pwned'\">"


def payload_files() -> list[dict]:
    """Last year's report twice: its year is the payload (refused at load), its agency is (escaped)."""
    by_year = load_example("000").to_dict()
    by_year["meta"]["year"] = PAYLOAD
    by_agency = load_example("000").with_meta(agency=PAYLOAD).to_dict()
    return [
        {"name": f"{k}.json", "mimeType": "application/json", "buffer": json.dumps(d, ensure_ascii=False).encode()}
        for k, d in (("year", by_year), ("agency", by_agency))
    ]


def upload(page, file: dict) -> None:
    page.locator(".gw-editor input[type=file]").set_input_files(files=[file])


def assert_no_script_ran(page) -> None:
    page.wait_for_timeout(1500)  # an onerror fires as soon as the broken image is in the DOM
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.title") != "pwned"
    assert page.locator("img[src='x']").count() == 0


@pytest.fixture
def offline(page):
    """Every request that would leave 127.0.0.1 is refused and recorded (an intranet has no internet)."""
    outside = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return outside


def test_uploaded_payload_runs_no_script_in_voila_and_nothing_is_fetched_from_outside(voila, page, offline):
    open_editor(page, voila().url)
    by_year, by_agency = payload_files()
    upload(page, by_year)
    page.locator(".gw-editor span", has_text="meta.year").first.wait_for(timeout=30_000)  # refused, said why
    assert_no_script_ran(page)
    upload(page, by_agency)
    done = page.locator(".gw-editor span", has_text="✓").first
    done.wait_for(timeout=30_000)
    assert "<img src=x" in done.inner_text()  # the agency name is shown as text, not as markup
    assert_no_script_ran(page)
    assert offline == [], f"requests outside the server: {offline}"


def test_many_findings_leave_the_export_buttons_reachable(voila, page, draft_dir):
    r = load_example("000")
    addrs = [a for a in r.layout if a.startswith(("t3.", "t4.")) and not r.form.cell(a).computed]
    r = r.with_values({a: (i * 7) % 13 + 1 for i, a in enumerate(addrs)}).with_meta(year=YEAR)
    save_draft(draft_path(AGENCY, YEAR, draft_dir), r, load_example("000"))
    url = voila().url
    for width, height in ((1400, 1000), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        open_editor(page, url)
        page.locator(".gw-side .gw-item").nth(34).wait_for(state="attached", timeout=60_000)
        assert page.locator(".gw-side .gw-item").count() >= 35
        for kind in ("docx", "json"):
            button = page.locator(f"button.gw-export-{kind}")
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            top = page.evaluate(
                "([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.closest('button') ? "
                "e.closest('button').className : (e ? e.className : null); }",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
            )
            assert top and f"gw-export-{kind}" in top, f"{width}x{height}: {kind} covered by {top!r}"
            assert 0 <= box["y"] and box["y"] + box["height"] <= height
        page.locator("button.gw-export-json").click()
        page.locator("a.gw-download-json").wait_for(timeout=30_000)


def test_numbers_that_are_not_plainly_numbers_are_flagged_not_guessed(voila, page, draft_dir):
    open_editor(page, voila().url)
    typed = {
        "t3.new_received.natural_person": "12,34",
        "t3.new_received.commercial_enterprise": "1 2",
        "t3.new_received.research_institution": "9" * 400,
        "t3.new_received.public_interest_org": "9007199254740993",
    }
    for address, text in typed.items():
        type_into(page, address, text)
        assert "gw-bad" in cell(page, address).get_attribute("class"), address
    path = draft_path(AGENCY, YEAR, draft_dir)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        cells = load_draft(path).report.cells
        if all(cells[a].status == "unreadable" for a in typed):
            break
        time.sleep(0.3)
    cells = load_draft(path).report.cells
    assert {a: (cells[a].status, cells[a].value, cells[a].raw) for a in typed} == {
        a: ("unreadable", None, t) for a, t in typed.items()
    }


def test_a_15_mb_upload_is_refused_with_a_message(voila, page):
    open_editor(page, voila().url)
    big = {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * (15 * 1024 * 1024)}
    upload(page, big)
    refused = page.locator(".gw-upload-refused")
    refused.wait_for(timeout=30_000)
    assert "文件过大" in refused.inner_text() and "15.0 MB" in refused.inner_text()


def test_a_dead_server_is_noticed_and_what_was_typed_is_re_sent(page, draft_dir, tmp_path, monkeypatch):
    from . import conftest

    port = free_port()
    monkeypatch.setattr(conftest, "free_port", lambda: port)  # a restart keeps the page's origin (localStorage)
    server = VoilaServer(draft_dir, tmp_path / "voila.log")
    try:
        open_editor(page, server.start().url)
        type_into(page, "t3.new_received.natural_person", "5")
        path = draft_path(AGENCY, YEAR, draft_dir)
        _wait(lambda: load_draft(path).report.value("t3.new_received.natural_person") == 5)
        server.kill()
        banner = page.locator(".gw-offline")
        banner.wait_for(state="visible", timeout=30_000)
        assert "连接已中断" in banner.inner_text()
        type_into(page, "t3.new_received.commercial_enterprise", "7")
        page.locator(".gw-section-s5_problems textarea").fill("断线时写的问题")
        kept = page.evaluate(f"localStorage.getItem({json.dumps('govinfo-pending:' + str(path))})")
        assert kept and "断线时写的问题" in kept and "commercial_enterprise" in kept
        assert load_draft(path).report.value("t3.new_received.commercial_enterprise") in (None, 0)
        # the server comes back (same address); the page is opened again and offers to re-send
        server.start()
        open_editor(page, server.url)
        bar = page.locator(".gw-resend")
        bar.wait_for(state="visible", timeout=30_000)
        assert "项内容是在连接中断时输入的" in bar.inner_text()
        bar.locator("button.gw-resend-send").click()
        _wait(lambda: load_draft(path).report.value("t3.new_received.commercial_enterprise") == 7)
        _wait(lambda: load_draft(path).report.sections.get("s5_problems") == "断线时写的问题")
        assert load_draft(path).report.value("t3.new_received.natural_person") == 5
    finally:
        server.kill()


def _wait(pred, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if pred():
                return
        except Exception:
            pass
        time.sleep(0.3)
    raise AssertionError("condition not met in time")


def test_uploaded_payload_runs_no_script_in_jupyterlab(tmp_path, page):
    notebook = ROOT / "notebooks" / "01_draft_report.ipynb"
    before = notebook.read_bytes()
    with lab_run_all(page, tmp_path):
        by_year, by_agency = payload_files()
        upload(page, by_year)
        page.locator(".gw-editor span", has_text="meta.year").first.wait_for(timeout=30_000)
        assert_no_script_ran(page)
        upload(page, by_agency)
        page.locator(".gw-editor span", has_text="✓").first.wait_for(timeout=30_000)
        assert_no_script_ran(page)
    assert notebook.read_bytes() == before


def test_two_tabs_on_one_draft_never_overwrite_each_other(voila, page, draft_dir):
    url = voila().url
    other = page.context.new_page()
    other.set_default_timeout(60_000)
    open_editor(page, url)
    open_editor(other, url)  # a second tab: its own kernel, the same draft
    path = draft_path(AGENCY, YEAR, draft_dir)
    type_into(page, "t3.new_received.natural_person", "5")
    _wait(lambda: load_draft(path).report.value("t3.new_received.natural_person") == 5)
    type_into(other, "t3.new_received.commercial_enterprise", "7")
    conflict = other.locator(".gw-conflict")
    conflict.wait_for(state="visible", timeout=30_000)
    assert "另一个窗口或内核已修改此草稿" in conflict.inner_text()
    assert "已自动保存" not in other.locator(".gw-side-status").inner_text()
    assert load_draft(path).report.value("t3.new_received.natural_person") == 5  # the first tab's save stands
    other.locator("button.gw-conflict-merge").click()
    _wait(lambda: load_draft(path).report.value("t3.new_received.commercial_enterprise") == 7)
    merged = load_draft(path).report
    assert (
        merged.value("t3.new_received.natural_person") == 5
        and merged.value("t3.new_received.commercial_enterprise") == 7
    )
    conflict.wait_for(state="hidden", timeout=30_000)
    # the merged numbers are on the second tab's screen
    assert cell(other, "t3.new_received.natural_person").locator("input").input_value() == "5"
