"""Adding a form is data only (issue 13 item 8): a third form file in a forms folder ($GOVINFO_FORMS_DIR) —
a copy of the 2021 form with one Table 3 row renamed and one row added — works in the editor, the
exporters, the readers and the checker, with no code change.

The forms folder is read when the package is imported, so the checks run in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import govinfo_widgets

FORMS = Path(govinfo_widgets.__file__).parent / "schema" / "forms"
NEW_ROW = "not_processed_other_channel"


def third_form(folder: Path) -> Path:
    spec = json.loads((FORMS / "gov_2021.json").read_text("utf-8"))
    spec["key"], spec["rules_as"] = "local_2024", "gov_2021"
    spec["name"] = {"zh": "某省2024年试行格式", "en": "A province's 2024 trial format"}
    rows = spec["tables"]["t3"]["rows"]
    granted = next(r for r in rows if r["key"] == "granted")
    granted["label"], granted["label_en"] = "（一）全部予以公开", "(1) Disclosed, all of it"
    at = next(i for i, r in enumerate(rows) if r["key"] == "not_processed_confirm_reissue") + 1
    rows.insert(
        at,
        {
            "key": NEW_ROW,
            "parent": "not_processed",
            "label": "6.已通过其他渠道获取",
            "label_en": "Already obtained through another channel",
            "outcome": True,
        },
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "local_2024.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    return path


SCRIPT = textwrap.dedent(
    f"""
    import json, sys
    from pathlib import Path
    from govinfo_widgets import Report, evaluate, export as ex
    from govinfo_widgets.io import read_report
    from govinfo_widgets.io.xlsx import read_xlsx
    from govinfo_widgets.schema import FORM_KEYS, get_form
    from govinfo_widgets.widgets import ReportEditor

    out = {{"keys": list(FORM_KEYS)}}
    new = "t3.{NEW_ROW}.natural_person"
    form = get_form("local_2024")
    out["parts"] = list(form.parts("t3.outcome_total.natural_person"))
    r = Report.new(agency="某局", year=2024, form="local_2024").with_values(
        {{"t3.new_received.natural_person": 5, "t3.granted.natural_person": 3, new: 2}}
    ).filled().computed()
    out["total"] = r.value("t3.outcome_total.natural_person")
    out["errors"] = sorted({{f["rule"] for f in evaluate(r).errors}})
    broken = r.with_values({{new: 4}})
    out["broken"] = [(f["rule"], f["suspect"]) for f in evaluate(broken).errors]

    work = Path(sys.argv[1])
    ed = ReportEditor(r, draft=work / "draft.json")
    t3 = ed.tables["t3"]
    out["editor_has_row"] = new in t3.values and t3.values[new] == 2
    rev = t3.rev + 1
    t3.edit = {{"rev": rev, "values": {{**t3.values, new: 6}}, "manual": []}}
    out["edited_total"] = ed.report.value("t3.outcome_total.natural_person")
    out["t4_view_agrees"] = ed.tables["t4"].report.value(new)
    out["form_options"] = [k for _, k in ed.form_version.options]
    files = {{k: ed.export(k) for k in ("docx", "html", "md", "json")}}
    html, md = files["html"].read_text("utf-8"), files["md"].read_text("utf-8")
    out["html_labels"] = ["全部予以公开" in html, "已通过其他渠道获取" in html]
    out["md_labels"] = ["全部予以公开" in md, "已通过其他渠道获取" in md]
    from docx import Document
    doc = "\\n".join(c.text for t in Document(files["docx"]).tables for row in t.rows for c in row.cells)
    out["docx_labels"] = ["全部予以公开" in doc, "已通过其他渠道获取" in doc]
    back = Report.from_json(files["json"].read_text("utf-8"))
    out["json_roundtrip"] = back.meta.form == "local_2024" and back.value(new) == 6
    from openpyxl import load_workbook
    wb = load_workbook(__import__("io").BytesIO(ex.to_xlsx(ed.report)))
    texts = {{str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}}
    out["xlsx_labels"] = [any("全部予以公开" in t for t in texts), any("已通过其他渠道获取" in t for t in texts)]
    # the readers know the forms folder's forms: the page is read as the third form, its added row with it, and
    # whatever they read must be this report's numbers
    src = ed.report
    wrong = []
    for name, got in (("html", read_report(html.encode())), ("xlsx", read_xlsx(ex.to_xlsx(src)))):
        for a, c in got.cells.items():
            if c.value is not None and src.form.has_cell(a) and src.value(a) is not None and c.value != src.value(a):
                wrong.append((name, a, c.value, src.value(a)))
        out[name + "_read"] = got.value("t3.granted.natural_person")
        out[name + "_form"], out[name + "_added"] = got.meta.form, got.value(new)
    out["wrong"] = wrong
    print(json.dumps(out, ensure_ascii=False))
    """
)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    work = tmp_path_factory.mktemp("third_form")
    third_form(work / "forms")
    env = {**os.environ, "GOVINFO_FORMS_DIR": str(work / "forms"), "GOVINFO_DRAFT_DIR": str(work / "drafts")}
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(work)], env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_the_forms_folder_adds_a_form_key(result):
    assert result["keys"] == ["gov_2021", "gov_2019", "local_2024"]
    assert f"t3.{NEW_ROW}.natural_person" in result["parts"]  # the added row is part of （七）总计, from the file


def test_the_checker_checks_the_new_form_from_its_data(result):
    assert result["total"] == 5 and result["errors"] == []
    rules = {rule for rule, _ in result["broken"]}
    assert {"T3-02", "T3-03"} <= rules  # the added row's sums: its row total and the outcomes total
    assert (f"t3.{NEW_ROW}.natural_person") in {s for _, s in result["broken"]}


def test_the_editor_edits_the_new_form(result):
    assert result["editor_has_row"] and result["edited_total"] == 9 and result["t4_view_agrees"] == 6
    assert "local_2024" in result["form_options"]


def test_every_exporter_writes_the_renamed_and_the_added_row(result):
    assert result["html_labels"] == [True, True]
    assert result["md_labels"] == [True, True]
    assert result["docx_labels"] == [True, True]
    assert result["xlsx_labels"] == [True, True] and result["json_roundtrip"]


def test_the_readers_never_read_a_wrong_number_from_the_new_forms_pages(result):
    assert result["html_read"] == 3 and result["xlsx_read"] == 3  # the rows before the added one are right
    assert result["wrong"] == []


def test_the_readers_read_the_new_forms_pages_as_the_new_form(result):
    """The added row's label is only in the forms folder's file: the readers bind the page to that form."""
    assert result["html_form"] == result["xlsx_form"] == "local_2024"
    assert result["html_added"] == result["xlsx_added"] == 6


def test_a_forms_folder_may_not_replace_a_bundled_form(tmp_path):
    (tmp_path / "gov_2021.json").write_text((FORMS / "gov_2021.json").read_text("utf-8"), "utf-8")
    env = {**os.environ, "GOVINFO_FORMS_DIR": str(tmp_path)}
    p = subprocess.run([sys.executable, "-c", "import govinfo_widgets.schema"], env=env, capture_output=True, text=True)
    assert p.returncode != 0 and "may not replace a bundled form" in p.stderr
