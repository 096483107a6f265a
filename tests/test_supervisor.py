"""The supervisor's list: per agency, sorted by risk; HTML escaped and printable; xlsx; govinfo audit."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from govinfo_widgets import load_example, load_examples
from govinfo_widgets.cli import main
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.export.supervisor import render_html
from govinfo_widgets.model import Report
from govinfo_widgets.review import Review
from govinfo_widgets.supervisor import RISK_ERROR, load_source, supervisor_list, write_html, write_xlsx


@pytest.fixture(scope="module")
def table():
    return supervisor_list(load_examples(), 2023)


def test_rows_found_missing_and_sorted_by_risk(table):
    assert list(table["risk"]) == sorted(table["risk"], reverse=True)
    by = table.set_index("agency")
    reports_2023 = {r.meta.agency for r in load_examples() if r.meta.year == 2023}
    assert set(by.index[by["found"]]) == reports_2023
    assert set(by.index[~by["found"]]) == {r.meta.agency for r in load_examples()} - reports_2023
    assert by.loc["淮安市洪泽区人民政府", "errors"] == 2 and by.loc["淮安市洪泽区人民政府", "rules"] == "T4-01×2"
    assert by.loc["淮安市洪泽区人民政府", "review_open"] == 2
    # key metrics against peers: the value and the peers' median for the year
    hz = by.loc["淮安市洪泽区人民政府"]
    assert 0 <= hz["disclosure_rate.value"] <= 1 and hz["disclosure_rate.p50"] == pytest.approx(
        by.loc[by["found"], "disclosure_rate.value"].median()
    )


def test_dismissed_findings_leave_the_risk(tmp_path):
    corpus = Corpus(load_examples())
    review = Review(tmp_path / "r.json")
    issues = corpus.audit(review=review)
    hz = issues[(issues["report_id"] == "003") & (issues["rule"] == "T4-01")]
    review.dismiss(hz.iloc[0], note="读取问题")
    before = supervisor_list(corpus, 2023).set_index("agency").loc["淮安市洪泽区人民政府"]
    after = supervisor_list(corpus, 2023, review=Review(review.path)).set_index("agency").loc["淮安市洪泽区人民政府"]
    assert after["errors"] == before["errors"] - 1 and after["risk"] == before["risk"] - RISK_ERROR
    assert after["review_dismissed"] == 1 and after["review_open"] == 1


def test_region_is_the_jurisdiction():
    t = supervisor_list(load_examples(), 2024, region="江苏省淮安市")
    assert set(t["agency"]) == {"淮安市人民政府", "淮安市洪泽区人民政府"}


def _hostile() -> Report:
    r = load_example("003")
    return r.with_meta(agency='<script>alert("x")</script>=1+1', source={"file": "javascript:alert(1)"})


def test_html_escapes_everything_and_prints_on_a4(tmp_path):
    t = supervisor_list([_hostile(), load_example("004")], 2023)
    page = render_html(t)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    assert "size: A4" in page and "thead { display: table-header-group; }" in page
    out = write_html(t, tmp_path / "list.html")
    assert out.read_text("utf-8") == render_html(t, base=tmp_path)


def test_xlsx_has_list_and_findings_and_no_formulas(tmp_path):
    t = supervisor_list([_hostile(), load_example("004")], 2023)
    path = write_xlsx(t, tmp_path / "list.xlsx")
    wb = load_workbook(path)
    ws, det = wb.worksheets
    assert ws.title == "审核清单" and det.title == "问题明细"
    assert [c.value for c in ws[1]][:3] == ["序号", "机关", "年报"]
    names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert names == list(t["agency"])
    assert ws.cell(2, 2).data_type == "s"  # "=1+1" in a name stays text
    assert {det.cell(r, 2).value for r in range(2, det.max_row + 1)} == {"T4-01"}


def test_govinfo_audit_on_data_and_on_an_imported_folder(tmp_path, capsys):
    from govinfo_widgets.data import data_dir

    html_out, xlsx_out = tmp_path / "a.html", tmp_path / "a.xlsx"
    assert main(["audit", str(data_dir()), "--year", "2023", "--html", str(html_out), "--xlsx", str(xlsx_out)]) == 0
    out = capsys.readouterr().out
    assert "淮安市洪泽区人民政府" in out and "T4-01×2" in out
    assert "淮安市洪泽区人民政府" in html_out.read_text("utf-8") and xlsx_out.stat().st_size > 1000
    # a folder like `govinfo import` writes: one Report JSON per file and cells.parquet
    folder = tmp_path / "imported"
    folder.mkdir()
    for r in load_examples():
        r.to_json(folder / f"{r.key.replace(':', '_')}.json")
    (folder / "failures.json").write_text(json.dumps([]), "utf-8")
    corpus, sources = load_source(folder)
    assert len(corpus) == len(load_examples())
    assert main(["audit", str(folder), "--html", str(tmp_path / "b.html")]) == 0
    page = (tmp_path / "b.html").read_text("utf-8")
    assert "2025 年度" in page and ".json" in page  # links to the source files


def test_govinfo_audit_on_a_parquet_dataset(tmp_path, capsys):
    path = Corpus(load_examples()).to_parquet(tmp_path / "cells.parquet")
    assert main(["audit", str(path), "--year", "2024", "--lang", "en"]) == 0
    assert "淮安市人民政府" in capsys.readouterr().out
    assert main(["audit", str(tmp_path / "nope")]) == 2


def test_two_reports_of_one_agency_in_a_year_give_one_row(tmp_path):
    twin = load_example("003").with_meta(id="003b")
    t = supervisor_list([load_example("003"), twin, load_example("004")], 2023)
    assert list(t["agency"]).count("淮安市洪泽区人民政府") == 1
    assert "淮安市洪泽区人民政府" in render_html(t)
