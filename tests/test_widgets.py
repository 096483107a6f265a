"""The editor widgets as structures: synced state, the JSON projection, autosave/restore, carry-over, escaping."""

from __future__ import annotations

import json

import pytest

from govinfo_widgets import GovinfoError, Report, evaluate, get_form, load_example
from govinfo_widgets.model import Cell
from govinfo_widgets.rules import compile_checks
from govinfo_widgets.schema import C7
from govinfo_widgets.widgets import (
    FormTable,
    IssuesPanel,
    ReportEditor,
    apply_values,
    carry_over,
    draft_path,
    load_draft,
    projection,
    save_draft,
)
from govinfo_widgets.widgets import _findings as findings_module

from .layouts import render


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVINFO_DRAFT_DIR", str(tmp_path))
    return tmp_path


def js_edit(tw: FormTable, changes: dict, manual=None):
    """What the browser does on an edit: one ``edit`` message with the whole values, the typed totals, a new rev."""
    rev = max(tw.rev, (tw.edit or {}).get("rev", 0)) + 1
    tw.edit = {"rev": rev, "values": {**tw.values, **changes}, "manual": list(tw.manual if manual is None else manual)}
    return rev


def upload(ed: ReportEditor, name: str, content: bytes) -> None:
    """What the browser sends when a file is chosen in the upload button (SafeUpload's custom message)."""
    ed.upload._on_msg(ed.upload, {"upload": name, "size": len(content)}, [content])


def failing(items, rule):
    return [i for i in items if i["rule"] == rule and i["status"] == "fail"]


# ---- projection --------------------------------------------------------------------------------
def test_t3_projection_matches_the_form_and_the_report():
    r = load_example("002")
    p = projection(r, "t3")
    form = get_form("gov_2021")
    assert p["form"]["layout"] == list(form.table_addresses("t3"))
    assert len(p["form"]["layout"]) == 25 * 7
    assert p["values"]["t3.new_received.natural_person"] == r.value("t3.new_received.natural_person")
    assert set(p["values"]) == set(p["form"]["layout"])
    # the checks are the compiled ones of the kernel, for this table only
    compiled = [c.to_dict() for c in compile_checks("gov_2021").checks if c.table == "t3"]
    assert [(c["rule"], c["lhs"], c["rhs"]) for c in p["form"]["checks"]] == [
        (c["rule"], c["lhs"], c["rhs"]) for c in compiled
    ]
    # every computed cell has its parts, the form's, in dependency order; the totals read from the report are manual
    assert sorted(p["form"]["parts"]) == sorted(p["form"]["computed"])
    assert list(p["form"]["parts"].items()) == [
        (a, list(ps)) for a, ps in form.computed_parts().items() if a[:3] == "t3."
    ]
    assert "t3.outcome_total.total" in p["manual"]
    assert set(p["form"]["messages"]) == {c["rule"] for c in compiled}
    json.dumps(p)  # JSON-ready


def test_t4_and_2019_t2_projections():
    p4 = projection(load_example("000"), "t4")
    assert len(p4["form"]["layout"]) == 15
    assert {c["rule"] for c in p4["form"]["checks"]} == {"T4-01"}
    p2 = projection(load_example("001"), "t2")
    types = p2["form"]["types"]
    assert types["t2.art20_5.licensing.change_this_year"] == {
        "dtype": "int",
        "signed": True,
        "unit": "件",
        "computed": False,
    }
    assert types["t2.art20_9.central_procurement.procurement_amount"]["dtype"] == "decimal"
    assert "t2.art20_1.rules.newly_made" not in types  # a plain count: integer, unsigned


def test_collapsed_layout_is_projected_as_one_other_row():
    p = projection(load_example("003"), "t3")
    assert "t3.other.natural_person" in p["form"]["layout"]
    assert "t3.other_other.natural_person" not in p["form"]["layout"]


def test_unreadable_cells_are_projected_as_their_text_never_as_zero():
    r = Report.new("某局", 2024).with_cells({"t3.granted.natural_person": Cell(None, "unreadable", raw="l2")})
    assert projection(r, "t3")["values"]["t3.granted.natural_person"] == "l2"


def test_unknown_table_is_a_clear_error():
    with pytest.raises(GovinfoError, match="未知的表格"):
        projection(load_example("000"), "t9")


# ---- applying browser values -------------------------------------------------------------------
def test_apply_values_statuses_and_provenance():
    r = load_example("002")
    src = r.cells["t3.granted.natural_person"]
    new = apply_values(
        r,
        {
            "t3.granted.natural_person": r.value("t3.granted.natural_person"),  # unchanged
            "t3.new_received.natural_person": 9,
            "t3.carried_over.natural_person": None,
            "t3.carried_over.total": None,
            "t3.granted.legal_service_org": "十二",
        },
        manual=["t3.outcome_total.total"],
    )
    assert new.cells["t3.granted.natural_person"] is src  # provenance kept
    assert new.cells["t3.new_received.natural_person"] == Cell(9, "entered", source="editor")
    assert new.cells["t3.carried_over.natural_person"].status == "blank_zero"
    assert new.cells["t3.carried_over.total"].status == "blank_missing"
    bad = new.cells["t3.granted.legal_service_org"]
    assert (bad.value, bad.status, bad.raw) == (None, "unreadable", "十二")
    assert any(f["rule"].startswith("V-01") for f in evaluate(new).records)


def test_apply_values_rejects_unknown_cells_and_non_numbers():
    r = load_example("000")
    with pytest.raises(GovinfoError, match="不是"):
        apply_values(r, {"t3.nonsense.total": 1})
    with pytest.raises(GovinfoError):
        apply_values(r, {"t3.granted.total": [1]})


# ---- FormTable ---------------------------------------------------------------------------------
def test_table_widget_state_and_checks_as_you_type():
    tw = FormTable(Report.new("某局", 2024).filled().computed(), "t3")
    state = tw.get_state()
    assert {"form", "values", "manual", "issues", "rev", "edit", "lang", "focus", "table"} <= set(state)
    json.dumps({k: state[k] for k in ("form", "values", "issues")})
    assert not failing(tw.issues["items"], "T3-01")
    # the browser sends new received = 5 with the totals it computed: T3-01 fails in the kernel too
    assert js_edit(tw, {"t3.new_received.natural_person": 5, "t3.new_received.total": 5}) == 1
    assert tw.issues["rev"] == 1
    t301 = failing(tw.issues["items"], "T3-01")
    assert [i["scope"] for i in t301] == ["natural_person", "total"]
    assert "两者应相等" in t301[0]["message"] and "t3.new_received.natural_person" in t301[0]["cells"]
    # fixed: 5 granted → the outcome totals follow → no T3-01
    js_edit(
        tw,
        {
            "t3.granted.natural_person": 5,
            "t3.granted.total": 5,
            "t3.outcome_total.natural_person": 5,
            "t3.outcome_total.total": 5,
        },
    )
    assert tw.issues["rev"] == 2
    assert not failing(tw.issues["items"], "T3-01")
    assert tw.report.value("t3.granted.natural_person") == 5


def test_typed_total_stays_typed_and_is_checked():
    tw = FormTable(Report.new("某局", 2024).filled().computed(), "t4")
    js_edit(tw, {"t4.review_upheld": 2, "t4.review_total": 3}, manual=["t4.review_total"])
    assert tw.report.cells["t4.review_total"].status == "entered"
    [t401] = failing(tw.issues["items"], "T4-01")
    assert t401["suspect"] == "t4.review_total" and t401["suggested"] == 2


def test_set_report_pushes_a_new_revision_and_keeps_provenance():
    tw = FormTable(Report.new("某局", 2024), "t3")
    r = load_example("002")
    tw.set_report(r)
    assert tw.rev == 1
    assert tw.values["t3.new_received.total"] == r.value("t3.new_received.total")
    assert tw.report is r


# ---- issues panel --------------------------------------------------------------------------------
def test_issues_panel_groups_and_focus_message():
    seen = []
    p = IssuesPanel(evaluate(load_example("003")).records, on_focus=lambda cells, table: seen.append((cells, table)))
    assert "T4-01" in p.titles and p.titles["T4-01"]["zh"]
    t401 = [i for i in p.issues if i["rule"] == "T4-01"][0]
    # what the browser sends on a click: a custom message through the widget's comm
    p.comm.handle_msg(
        {"content": {"data": {"method": "custom", "content": {"focus": t401["cells"], "table": "t4"}}}, "buffers": []}
    )
    assert seen == [(t401["cells"], "t4")]


# ---- editor: carry-over, autosave, restore ---------------------------------------------------------
def test_carry_over_fills_carried_over_column_by_column():
    prev = load_example("002")
    r = carry_over(Report.new(), prev)
    assert r.meta.agency == prev.meta.agency and r.meta.year == prev.meta.year + 1
    assert r.meta.kind == prev.meta.kind and r.meta.region == prev.meta.region
    for col in C7:
        assert r.value(f"t3.carried_over.{col}") == prev.value(f"t3.carried_forward.{col}")
    assert not [
        f for f in evaluate(r.filled().computed(), prev).records if f["rule"] == "X-01" and f["status"] == "fail"
    ]


def test_start_from_last_year_runs_the_cross_year_checks(drafts):
    prev = load_example("002")
    ed = ReportEditor.resume(prev.meta.agency, 2025, previous=prev)
    t3 = ed.tables["t3"]
    assert t3.values["t3.carried_over.total"] == prev.value("t3.carried_forward.total")
    assert t3.form["prev"]["t3.carried_forward.total"] == prev.value("t3.carried_forward.total")
    js_edit(t3, {"t3.carried_over.natural_person": 0}, manual=t3.manual)
    x01 = [f for f in ed.findings if f["rule"] == "X-01" and f["status"] == "fail"]
    assert [f["scope"] for f in x01] == ["natural_person"]


def test_every_change_is_saved_and_restored(drafts):
    prev = load_example("000")
    ed = ReportEditor.resume("攀枝花市东区民政局", 2024, previous=prev)
    path = draft_path("攀枝花市东区民政局", 2024)
    assert path.parent == drafts and path.exists()
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 7, "t3.granted.research_institution": "x1"})
    js_edit(ed.tables["t4"], {"t4.review_upheld": 1, "t4.review_total": 4}, manual=["t4.review_total"])
    ed.section_text["s1_overview"].value = "（一）主动公开\n本年度主动公开信息 12 条。"
    ed.fee_inputs["info_fee_collected"].value = 380.5
    ed.kind.value = "department"
    saved = load_draft(path)
    assert saved.report.value("t3.new_received.natural_person") == 7
    # a kernel crash: nothing in memory; reopening restores every value
    del ed
    again = ReportEditor.resume("攀枝花市东区民政局", 2024, previous=prev)
    r = again.report
    assert r.value("t3.new_received.natural_person") == 7
    assert (r.cells["t3.granted.research_institution"].status, r.cells["t3.granted.research_institution"].raw) == (
        "unreadable",
        "x1",
    )
    assert r.cells["t4.review_total"].value == 4 and "t4.review_total" in again.tables["t4"].manual
    assert r.sections["s1_overview"].startswith("（一）主动公开")
    assert r.fees["info_fee_collected"] == 380.5 and again.fee_inputs["info_fee_collected"].value == 380.5
    assert r.meta.kind == "department" and again.previous.key == prev.key
    assert again.tables["t3"].values["t3.new_received.natural_person"] == 7


def test_draft_write_is_atomic_and_bad_drafts_are_clear_errors(tmp_path):
    p = tmp_path / "d.json"
    save_draft(p, load_example("000"))
    assert [x.name for x in tmp_path.iterdir()] == ["d.json"]  # no temporary file left behind
    p.write_text("{not json", "utf-8")
    with pytest.raises(GovinfoError, match="草稿文件"):
        load_draft(p)


def test_a_rule_that_throws_loses_nothing(drafts, monkeypatch):
    ed = ReportEditor.resume("某局", 2024)

    def boom(*a, **k):
        raise ZeroDivisionError("rule bug")

    monkeypatch.setattr(findings_module, "evaluate", boom)
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 3})
    assert ed.report.value("t3.new_received.natural_person") == 3
    assert load_draft(ed.draft_path).report.value("t3.new_received.natural_person") == 3
    assert ed.findings[0]["rule"] == "ENGINE" and "rule bug" in ed.findings[0]["message"]


def test_switching_form_sets_cells_aside_and_back(drafts):
    ed = ReportEditor.resume("某局", 2022)
    js_edit(ed.tables["t2"], {"t2.art20_1.rules.issued": 4})
    ed.form_version.value = "gov_2019"
    assert "t2.art20_1.rules.issued" not in ed.report.cells
    assert ed.tables["t2"].form["form_key"] == "gov_2019"
    ed.form_version.value = "gov_2021"
    assert ed.report.value("t2.art20_1.rules.issued") == 4


def test_user_text_is_escaped_where_the_editor_renders_it(drafts):
    evil = "<img src=x onerror=alert(1)>"
    ed = ReportEditor.resume(evil, 2024)
    assert "/" not in ed.draft_path.name and "<" not in ed.draft_path.name
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 3})
    ed.section_text["s1_overview"].value = f"（二）依申请公开。本年度未收到政府信息公开申请{evil}。"  # TX-01 quotes it
    assert "TX-01" in ed.prose.value
    assert "<img" not in ed.prose.value and "&lt;img" in ed.prose.value
    upload(ed, evil + ".json", b"{broken")
    assert "<img" not in ed.upload_msg.value and "&lt;img" in ed.upload_msg.value
    assert ed.report.meta.agency == evil  # nothing lost


def test_export_buttons_write_the_files(drafts):
    ed = ReportEditor.resume("攀枝花市东区民政局", 2024, previous=load_example("000"))
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 6})
    ed.export_buttons["json"].click()
    assert "gw-download-json" in ed.export_out.value
    exported = drafts / "exports" / (ed.draft_path.stem + ".json")
    assert Report.from_json(exported).value("t3.new_received.natural_person") == 6
    assert load_draft(ed.draft_path).previous is not None  # the draft itself is untouched
    out = ed.export("json", drafts / "out.json")
    assert Report.from_json(out).value("t3.new_received.natural_person") == 6


def test_language_switch_relabels_everything(drafts):
    ed = ReportEditor.resume("某局", 2024)
    ed.lang_toggle.value = "en"
    assert ed.tables["t3"].lang == "en" and ed.panel.lang == "en"
    assert "Overview" in ed.section_heads["s1_overview"].value
    assert ed.agency.description == "Agency" and ed.form_version.description == "Format"
    assert ed.fee_inputs["info_fee_collected"].description == "Amount actually collected（元）"


def test_prose_panel_follows_the_tables_live(drafts):
    ed = ReportEditor.resume("某局", 2024)
    ed.section_text["s1_overview"].value = "（二）依申请公开。2024年，本机关未收到政府信息公开申请。"
    ed.section_text["s5_problems"].value = "本年度未发生政府信息公开行政复议、行政诉讼案件。"
    assert "gw-tx" not in ed.prose.value  # prose and tables agree: all zero
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 3})
    assert "TX-01" in ed.prose.value and "未收到政府信息公开申请" in ed.prose.value
    js_edit(ed.tables["t4"], {"t4.review_upheld": 1})
    assert "TX-09" in ed.prose.value
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 0})
    js_edit(ed.tables["t4"], {"t4.review_upheld": 0})
    assert "gw-tx" not in ed.prose.value


def test_start_from_last_year_by_upload(drafts):
    prev = load_example("002")
    ed = ReportEditor.resume("", 2025)
    upload(ed, "上年.json", prev.to_json().encode("utf-8"))
    assert ed.report.meta.agency == prev.meta.agency and ed.agency.value == prev.meta.agency
    assert ed.tables["t3"].values["t3.carried_over.total"] == prev.value("t3.carried_forward.total")
    assert ed.previous is not None and "✓" in ed.upload_msg.value
    assert load_draft(ed.draft_path).previous.key == prev.key


def test_start_from_a_published_page_of_last_year(drafts):
    """上海市人民政府办公厅 2019 as a site publishes it (a Word-exported page made from its real figures)."""
    page = render(load_example("001"), "html", "word").encode("utf-8")
    ed = ReportEditor.resume("", 2020)
    upload(ed, "2019年报.html", page)
    assert ed.report.meta.form == "gov_2019"
    assert (
        ed.tables["t3"].values["t3.carried_over.total"] == load_example("001").value("t3.carried_forward.total") == 72
    )


def test_every_view_of_the_editor_shows_the_one_report(drafts):
    """A Table 3 edit: Table 4's and Table 2's views show the report the editor holds, not an older copy."""
    ed = ReportEditor.resume("某局", 2024)
    js_edit(ed.tables["t3"], {"t3.new_received.natural_person": 5})
    assert ed.report.value("t3.new_received.natural_person") == 5
    for key in ("t2", "t3", "t4"):
        assert ed.tables[key].report is ed.report
        assert ed.tables[key].report.value("t3.new_received.natural_person") == 5
    js_edit(ed.tables["t4"], {"t4.review_upheld": 2})
    assert ed.tables["t3"].report.value("t4.review_upheld") == 2
    assert ed.tables["t3"].report.value("t3.new_received.natural_person") == 5
    ed.tables["t2"].report = ed.report.with_values({"t3.granted.natural_person": 1})  # a view's setter: the editor's
    assert ed.report.value("t3.granted.natural_person") == 1
    assert ed.tables["t3"].values["t3.granted.natural_person"] == 1


def test_the_overview_aspects_are_judged_once_for_checker_checklist_and_button(drafts):
    ed = ReportEditor.resume("某局", 2024)
    aspects = ed.report.form.s1_aspects
    ed.section_text["s1_overview"].value = f"（一）{aspects[0]['label']}\n本年度工作情况。"
    s05 = [f for f in ed.findings if f["rule"] == "S-05"]
    missing = [a["label"] for a in aspects[1:]]
    assert len(s05) == 1 and all(m in s05[0]["message"] for m in missing)
    assert aspects[0]["label"] not in s05[0]["message"].split("：", 1)[-1]
    assert ed.sections.aspects.value.count("✓") == 1 and ed.sections.aspects.value.count("○") == len(missing)
    ed.sections.insert_aspects.click()
    text = ed.section_text["s1_overview"].value
    assert text.count(aspects[0]["label"]) == 1 and all(m in text for m in missing)
    assert not [f for f in ed.findings if f["rule"] == "S-05"]
    assert ed.sections.aspects.value.count("○") == 0
