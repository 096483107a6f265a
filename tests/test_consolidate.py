"""汇总: three sub-reports sum cell by cell with provenance; a failing sub-report is refused with its finding."""

from __future__ import annotations

import math

import pytest

from govinfo_widgets import ConsolidationError, consolidate, load_example, validate
from govinfo_widgets.consolidation import NOT_ADDITIVE
from govinfo_widgets.export import to_xlsx

# Real figures of three different agencies, set to one year for the example (they are not sub-units of one government).
SUBS = ("000", "008", "013")


@pytest.fixture
def subs():
    return [load_example(i).with_meta(year=2023) for i in SUBS]


def test_consolidation_is_the_cell_wise_sum_with_provenance(subs):
    total = consolidate(subs, agency="示例县人民政府（全县汇总）", year=2023)
    form = total.form
    summed = 0
    for a in form.layout_addresses(total.collapsed):
        cd = form.cell(a)
        if cd.table == "t2" and cd.column in NOT_ADDITIVE[form.key]:
            continue
        # a blank total of a contributor is its parts' sum (totals are computed from the summed parts)
        want = sum((s.computed() if cd.computed else s).number(a) for s in subs)
        assert math.isclose(total.number(a), want, abs_tol=1e-9), a
        summed += 1
        if not cd.computed:
            prov = total.extras["consolidation"]["cells"][a]
            assert prov == {s.key: s.value(a) if s.value(a) is not None else 0 for s in subs} or all(
                prov[s.key] == s.number(a) for s in subs
            ), a
            for s in subs:
                assert s.meta.agency in total.cells[a].source
    assert summed > 180
    assert total.meta.agency == "示例县人民政府（全县汇总）" and total.meta.year == 2023
    assert [x["report"] for x in total.extras["consolidation"]["from"]] == [s.key for s in subs]
    # the sum reconciles like its parts: no error finding in the tables
    issues = validate(total)
    assert not ((issues.severity == "error") & (issues.status == "fail") & issues.table.isin(["t2", "t3", "t4"])).any()


def test_stocks_of_table_2_are_not_summed_and_say_so(subs):
    total = consolidate(subs, agency="示例县人民政府", year=2023)
    info = total.extras["consolidation"]
    a = "t2.art20_1.normative_docs.in_force"
    assert total.value(a) is None
    assert a in info["not_additive"]
    assert info["not_additive"][a]["sum"] == sum(s.value(a) for s in subs)
    assert "现行有效件数" in info["not_additive"][a]["reason"]
    assert str(info["not_additive"][a]["sum"]) in total.cells[a].note
    assert info["not_additive_treatment"]["zh"].startswith("留空")
    # flows of Table 2 are summed
    b = "t2.art20_1.normative_docs.issued"
    assert total.value(b) == sum(s.value(b) for s in subs)


def test_a_failing_sub_report_is_refused_with_its_finding(subs):
    failing = load_example("003")  # 洪泽区 2023: Table 4 totals disagree with their parts (T4-01)
    with pytest.raises(ConsolidationError) as e:
        consolidate([*subs, failing], agency="示例县人民政府", year=2023)
    refused = e.value.refused
    assert [(r["agency"], r["rules"]) for r in refused] == [("淮安市洪泽区人民政府", ["T4-01"])]
    assert "T4-01" in str(e.value) and "淮安市洪泽区人民政府" in str(e.value)
    assert refused[0]["messages"]


def test_left_out_not_summed_when_asked_and_listed(subs):
    failing = load_example("003")
    total = consolidate([*subs, failing], agency="示例县人民政府", year=2023, refuse_failing=False)
    assert [r["rules"] for r in total.extras["consolidation"]["refused"]] == [["T4-01"]]
    assert total.value("t4.review_total") == sum(s.value("t4.review_total") for s in subs)


def test_another_year_is_refused(subs):
    with pytest.raises(ConsolidationError) as e:
        consolidate([*subs, load_example("002")], agency="示例县人民政府", year=2023)
    assert e.value.refused[0]["rules"] == ["year"]


def test_collapsed_and_full_layouts_sum_into_the_collapsed_row():
    """洪泽区 2024 gives （六）其他处理 as one row; the others' three sub-rows are added into it."""
    a, b = load_example("004"), load_example("002")
    total = consolidate([a, b], agency="淮安市（示例汇总）", year=2024)
    assert "other" in total.collapsed
    for col in ("natural_person", "total"):
        kids = sum(b.number(f"t3.{k}.{col}") for k in ("other_no_correction", "other_fee_unpaid", "other_other"))
        assert total.value(f"t3.other.{col}") == a.value(f"t3.other.{col}") + kids


def test_sub_reports_can_be_files(subs, tmp_path):
    paths = []
    for i, s in enumerate(subs):
        if i == 0:
            p = to_xlsx(s, tmp_path / "a.xlsx")
        else:
            p = tmp_path / f"{i}.json"
            s.to_json(p)
        paths.append(p)
    total = consolidate(paths, agency="示例县人民政府", year=2023)
    assert total.value("t3.new_received.total") == sum(s.value("t3.new_received.total") for s in subs)


# ---- in the editor ------------------------------------------------------------------------------------


def _editor(tmp_path):
    from govinfo_widgets import Report
    from govinfo_widgets.widgets import ReportEditor

    return ReportEditor(Report.new(agency="示例县人民政府", year=2023), draft=tmp_path / "d.json")


def test_the_editor_panel_sums_uploaded_files_into_the_draft(subs, tmp_path):
    ed = _editor(tmp_path)
    files = [(f"{s.key}.xlsx", to_xlsx(s)) for s in subs]
    ed.excel._on_subs({"new": [{"name": n, "content": c} for n, c in files]})
    assert ed.report.value("t3.new_received.total") == sum(s.value("t3.new_received.total") for s in subs)
    assert ed.report.meta.agency == "示例县人民政府"
    assert "已汇总 3 个下级单位" in ed.excel.out.value
    assert "行政规范性文件 · 现行有效件数" in ed.excel.out.value
    # the table widget shows the summed figures
    assert ed.tables["t3"].values["t3.new_received.total"] == ed.report.value("t3.new_received.total")


def test_the_editor_panel_lists_a_refused_sub_report_and_keeps_the_draft(subs, tmp_path):
    ed = _editor(tmp_path)
    before = dict(ed.report.cells)
    hostile = load_example("003").with_meta(agency="<b>洪泽</b>")
    files = [("a.json", subs[0].to_json().encode()), ("b.json", hostile.to_json().encode())]
    ed.excel._on_subs({"new": [{"name": n, "content": c} for n, c in files]})
    out = ed.excel.out.value
    assert "T4-01" in out and "&lt;b&gt;洪泽&lt;/b&gt;" in out and "<b>洪泽</b>" not in out
    assert dict(ed.report.cells) == before


def test_the_editor_panel_writes_an_xlsx_download(tmp_path):
    ed = _editor(tmp_path)
    ed.excel.fill_from("x.xlsx", to_xlsx(load_example("002")))
    ed.excel._on_download()
    assert "gw-download-xlsx" in ed.excel.out.value
    from govinfo_widgets.io import read_report

    back = read_report(tmp_path / "exports" / "d.xlsx")
    assert back.value("t3.new_received.total") == 3119


@pytest.mark.parametrize("module", ["govinfo_widgets.consolidation", "govinfo_widgets.widgets._consolidate"])
def test_docstring_examples_run(module):
    import doctest
    import importlib
    import sys

    importlib.import_module(module)
    result = doctest.testmod(sys.modules[module])
    assert result.attempted > 0 and result.failed == 0
