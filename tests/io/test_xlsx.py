"""XLSX out and in: every bundled report round-trips cell for cell; totals are live formulas; hand-laid sheets read."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess

import openpyxl
import pytest

from govinfo_widgets import load_example
from govinfo_widgets.data import example_ids
from govinfo_widgets.export import to_xlsx
from govinfo_widgets.io import read_report, sniff_kind
from govinfo_widgets.rules import validate
from govinfo_widgets.schema import C7


def differences(original, read):
    """Cells whose value, or whose arithmetic value (blank → 0, missing → NaN), differ."""
    bad = []
    for a in original.layout:
        c, g = original.cells.get(a), read.cells.get(a)
        want, got = (c.value if c else None), (g.value if g else None)
        wn, gn = (c.number if c else math.nan), (g.number if g else math.nan)
        same_number = wn == gn or (math.isnan(wn) and math.isnan(gn))
        if want != got or not same_number:
            bad.append((a, c, g))
    return bad


@pytest.mark.parametrize("rid", example_ids())
def test_every_bundled_report_round_trips_without_a_cell_difference(rid, tmp_path):
    original = load_example(rid)
    path = to_xlsx(original, tmp_path / f"{rid}.xlsx")
    read = read_report(path)
    assert read.meta.source["kind"] == "xlsx"
    assert (read.meta.agency, read.meta.year, read.meta.form) == (
        original.meta.agency,
        original.meta.year,
        original.meta.form,
    )
    assert read.collapsed == original.collapsed
    assert differences(original, read) == []
    # not-applicable and unreadable cells keep their kind
    for a, c in original.cells.items():
        if c.status in ("not_applicable", "unreadable"):
            assert read.cells[a].status == c.status, a


def _evaluate(ws, formula: str) -> float:
    """The test's own reading of the writer's formulas: ``=SUM(ref|range, ...)`` over the sheet's numbers."""
    from openpyxl.utils.cell import range_boundaries

    m = re.fullmatch(r"=SUM\(([A-Z0-9:,]+)\)", formula)
    assert m, formula
    total = 0.0
    for arg in m.group(1).split(","):
        c1, r1, c2, r2 = range_boundaries(arg if ":" in arg else f"{arg}:{arg}")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = ws.cell(r, c).value
                if isinstance(v, str) and v.startswith("="):
                    v = _evaluate(ws, v)  # （七）总计's own 总计 sums the row of formulas above it
                total += v if isinstance(v, int | float) else 0
    return total


@pytest.mark.parametrize("rid", ["002", "009", "000", "004"])
def test_totals_are_formulas_that_give_the_totals(rid):
    """Every computed total of Tables 3 and 4 is a SUM formula, and evaluating it gives the report's total."""
    report = load_example(rid)
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))
    t3, t4 = wb["表三 依申请公开"], wb["表四 复议诉讼"]
    by_label = {r.label: r.key for r in report.form.t3_rows}
    checked = set()
    for row in t3.iter_rows(min_row=7):
        labels = [c.value for c in row[:3] if isinstance(c.value, str)]
        key = by_label.get(labels[-1]) if labels else None
        if key is None:
            continue
        for col, cell in zip(C7, row[3:10]):
            addr = f"t3.{key}.{col}"
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert _evaluate(t3, cell.value) == report.value(addr), addr
                checked.add(addr)
    for (group, col), cell in zip(
        [
            (g, c)
            for g in ("review", "suit_direct", "suit_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")
        ],
        t4[7],
    ):
        if col == "total":
            assert cell.value.startswith("=SUM(")
            assert _evaluate(t4, cell.value) == report.value(f"t4.{group}_total")
            checked.add(f"t4.{group}_total")
    computed = {a for a in report.layout if report.form.cell(a).computed}
    # every computed cell that adds up is a formula (only disagreeing published totals are not)
    fails = {a for r in validate(report).itertuples() if r.rule in ("T3-02", "T3-03", "T4-01") for a in r.cells}
    assert computed - fails <= checked
    assert "t3.new_received.total" in checked and "t3.outcome_total.total" in checked


def test_a_published_total_that_does_not_add_up_stays_as_published_and_is_marked():
    """洪泽区 2023's Table 4 total disagrees with its parts (T4-01): the sheet keeps the published figure."""
    report = load_example("003")
    wrong = [r for r in validate(report).itertuples() if r.rule == "T4-01"]
    assert wrong
    data = to_xlsx(report)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["表四 复议诉讼"]
    marked = [c for row in ws.iter_rows() for c in row if c.comment is not None]
    assert marked and all(not str(c.value).startswith("=") for c in marked)
    assert "分项之和" in marked[0].comment.text
    read = read_report(data)
    for a in wrong[0].cells:
        assert read.value(a) == report.value(a)


def test_libreoffice_recomputes_the_formulas_to_the_totals(tmp_path):
    """A real spreadsheet recomputes the written formulas: converted by LibreOffice, the cached values are the totals."""
    assert shutil.which("soffice"), (
        "LibreOffice is needed (scripts/test.sh installs it): apt-get install libreoffice-calc-nogui"
    )
    report = load_example("002")
    src = to_xlsx(report, tmp_path / "in.xlsx")
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    wb = openpyxl.load_workbook(out / "in.xlsx", data_only=True)
    t3 = wb["表三 依申请公开"]
    row = next(r for r in t3.iter_rows() if r[0].value == "一、本年新收政府信息公开申请数量")
    assert row[-1].value == report.value("t3.new_received.total")
    ws = wb["表四 复议诉讼"]
    assert ws.cell(7, 5).value == report.value("t4.review_total")
    # and the recomputed workbook reads back to the same report
    assert differences(report, read_report(out / "in.xlsx")) == []


def test_sniffing_tells_a_workbook_from_a_word_file():
    data = to_xlsx(load_example("000"))
    assert sniff_kind(data) == "xlsx"
    from govinfo_widgets.export import to_docx

    assert sniff_kind(to_docx(load_example("000"))) == "docx"


# ---- hand-laid sheets ------------------------------------------------------------------------------


def _t3_rows(form):
    return [r for r in form.t3_rows if not r.computed or r.key == "outcome_total"]


def _hand_flat(report) -> bytes:
    """Shape 1: a label column and seven number columns, one header row, group rows as bare labels."""
    form = report.form
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"])
    ws.append(["收到和处理政府信息公开申请情况"])
    ws.append(["", *[c["label"] for c in form.t3_columns]])
    for r in form.t3_rows:
        if r.group and not any(f"t3.{r.key}.{c}" in report.cells for c in C7):
            ws.append([r.label])
            continue
        ws.append([r.label, *[report.value(f"t3.{r.key}.{c}") for c in C7]])
    return _save(wb)


def _hand_bare(report) -> bytes:
    """Shape 1 without any header: the title, then a label and seven numbers per row, nothing else."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"])
    for r in report.form.t3_rows:
        if not r.group:
            ws.append([r.label, *[report.value(f"t3.{r.key}.{c}") for c in C7]])
    return _save(wb)


def _hand_merged(report) -> bytes:
    """Shape 2: merged label cells (三、本年度办理结果 down the side, 申请人情况 over the columns), text figures."""
    form = report.form
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表3"
    ws.merge_cells("B1:H1")
    ws["B1"] = "申请人情况"
    ws["B2"] = "自然人"
    ws.merge_cells("B2:B3")
    ws["C2"] = "法人或其他组织"
    ws.merge_cells("C2:G2")
    for j, c in enumerate(form.t3_columns[1:6], 3):
        ws.cell(3, j, c["label"])
    ws["H2"] = "总计"
    ws.merge_cells("H2:H3")
    row = 4
    for r in form.t3_rows:
        if r.group:
            continue
        ws.cell(row, 1, r.label)
        for j, c in enumerate(C7, 2):
            v = report.value(f"t3.{r.key}.{c}")
            # figures typed as text with thousands separators, blanks left blank
            ws.cell(row, j, None if v is None else (f"{v:,}" if v >= 1000 else v))
        row += 1
    return _save(wb)


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("shape", [_hand_flat, _hand_bare, _hand_merged])
@pytest.mark.parametrize("rid", ["002", "008"])
def test_hand_laid_sheets_read_cell_for_cell(shape, rid):
    original = load_example(rid)
    read = read_report(shape(original), year=original.meta.year, agency=original.meta.agency)
    t3 = [a for a in original.layout if a.startswith("t3.")]
    wrong = [
        (a, original.value(a), read.value(a))
        for a in t3
        if original.value(a) != read.value(a) and not (original.value(a) is None and read.number(a) == 0)
    ]
    assert wrong == []


def test_a_hand_laid_sheet_goes_through_the_identity_checks():
    """A typo kept out of the total (3001 typed 3010) is found by T3-03 like in any other input."""
    original = load_example("002")
    typo = original.with_values({"t3.new_received.natural_person": 3010})
    read = read_report(_hand_flat(typo), year=2024)
    assert read.value("t3.new_received.natural_person") == 3010
    issues = validate(read)
    hit = issues[(issues.rule == "T3-03") & issues.cells.map(lambda c: "t3.new_received.natural_person" in c)]
    assert len(hit) == 1


def test_blank_is_blank_in_a_hand_laid_sheet():
    """An empty leaf reads as blank (0 in arithmetic, flagged V-04), an empty total as missing, never a number."""
    original = load_example("002").with_values({"t3.granted.other_org": None, "t3.granted.total": None})
    read = read_report(_hand_flat(original), year=2024)
    assert read.cells["t3.granted.other_org"].status == "blank_zero"
    assert read.cells["t3.granted.total"].missing


def test_formulas_outside_the_subset_are_unreadable_not_guessed():
    original = load_example("002")
    data = _hand_flat(original)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    row = next(r for r in ws.iter_rows() if r[0].value == "一、本年新收政府信息公开申请数量")
    row[1].value = "=VLOOKUP(A1,Z1:Z9,1)"  # no saved value, not evaluable here
    row[-1].value = "=SUM(B{0}:G{0})".format(row[0].row)
    read = read_report(_save(wb), year=2024)
    assert read.cells["t3.new_received.natural_person"].status == "unreadable"
    assert read.cells["t3.new_received.natural_person"].raw.startswith("=VLOOKUP")
    # the SUM over a range holding the unreadable formula cannot be evaluated either: unreadable, not 3119-3001
    assert read.value("t3.new_received.total") is None


def test_a_zip_bomb_is_refused_before_inflating(tmp_path):
    import zipfile

    from govinfo_widgets.limits import LimitExceeded

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (70 * 1024 * 1024))
    with pytest.raises(LimitExceeded):
        read_report(path)


def test_narrative_reads_back_from_the_text_sheet():
    from govinfo_widgets.export._layout import paragraphs

    original = load_example("002").with_sections(
        s1_overview="（一）主动公开。本年度主动公开政府信息1234条。\n=SUM(A1) 不是公式",
        s5_problems="存在的问题：<b>粗</b> & 改进措施。",
        s6_other="本年度未收取信息处理费。",
    )
    read = read_report(to_xlsx(original))
    for key in ("s1_overview", "s5_problems", "s6_other"):
        assert paragraphs(read.sections.get(key)) == paragraphs(original.sections[key]), key
    assert differences(original, read) == []


@pytest.mark.parametrize("kind", ["xlsx", "docx", "html", "md", "json"])
def test_cli_export_writes_every_kind_and_it_reads_back(kind, tmp_path):
    from govinfo_widgets import load_report
    from govinfo_widgets.cli import main
    from govinfo_widgets.data import data_dir

    out = tmp_path / f"r.{kind}"
    assert main(["export", str(data_dir() / "reports" / "002.json"), "--to", kind, "-o", str(out)]) == 0
    back = load_report(out) if kind == "json" else read_report(out)
    assert back.value("t3.new_received.total") == 3119


@pytest.mark.parametrize("module", ["govinfo_widgets.io.xlsx", "govinfo_widgets.export._xlsx"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def _random_report(data):
    """A report from known figures: random leaves, some blank or "-", totals computed, some typed wrong."""
    from hypothesis import strategies as st

    from govinfo_widgets import Cell

    base = load_example(data.draw(st.sampled_from(["002", "009"])))
    cells = {}
    for a in base.layout:
        d = base.form.cell(a)
        if d.computed:
            continue
        kind = data.draw(st.sampled_from(["n", "n", "n", "blank", "na"]))
        if kind == "blank":
            cells[a] = Cell(None, "blank_zero", raw="")
        elif kind == "na":
            cells[a] = Cell(None, "not_applicable", raw="-")
        elif d.dtype == "decimal":
            cells[a] = Cell(data.draw(st.integers(0, 10**6)) / 100, "parsed")
        else:
            lo = -50 if d.signed else 0
            cells[a] = Cell(data.draw(st.integers(lo, 10**6)), "parsed")
    r = base.without_cells(base.cells).with_cells(cells).computed()
    wrong = data.draw(st.lists(st.sampled_from([a for a in r.layout if r.form.cell(a).computed]), max_size=3))
    return r.with_cells({a: Cell(data.draw(st.integers(0, 10**6)), "parsed") for a in wrong})


def test_random_figures_round_trip_cell_for_cell():
    """Generated figures (blanks, "-", decimals, totals typed wrong) come back exactly: never a wrong number."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        original = _random_report(data)
        read = read_report(to_xlsx(original))
        assert differences(original, read) == []

    check()
