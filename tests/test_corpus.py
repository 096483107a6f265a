"""Corpus: tidy frame ⇄ reports, Parquet, filters, wide frame, comparable cells, metrics, audit."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from govinfo_widgets import Cell, GovinfoError, Report, load_example, load_examples
from govinfo_widgets.corpus import (
    METRICS,
    T2_APPROXIMATE,
    Corpus,
    comparable_frame,
    metrics_frame,
    outcome_frame,
    wide_frame,
)
from govinfo_widgets.frame import FRAME_COLUMNS
from govinfo_widgets.schema import C6, get_form

from .conftest import CORPUS

FULL = load_examples()
ALL = FULL + load_examples(completeness=("fragment",))
PUBLISHED = FULL  # the 测试市 fixture (017) is in data/fixtures, not among the bundled reports


def truth(report_id: str) -> dict:
    """The hand-read figures of a bundled report (``{address: value}``, ``None`` = blank in the source); the
    bundled data is checked against the corpus truth files in ``test_bundled_figures_are_the_corpus_truth``."""
    return {a: c.value for a, c in load_example(report_id).cells.items()}


@pytest.mark.corpus
@pytest.mark.parametrize("report", ALL, ids=lambda r: r.key)
def test_bundled_figures_are_the_corpus_truth(report):
    data = json.loads((CORPUS / "truth" / f"{report.key}.cells.json").read_text("utf-8"))
    assert (data["form"], data["year"]) == (report.meta.form, report.meta.year)
    assert truth(report.key) == data["cells"]


def number(form, cells: dict, address: str) -> float:
    """A truth cell as arithmetic reads it: blank leaf 0, blank total missing (spec V-04/V-05)."""
    v = cells.get(address)
    if v is not None:
        return float(v)
    return math.nan if (address not in cells or form.cell(address).computed) else 0.0


def ratio(num: float, den: float) -> float:
    return num / den if den and not math.isnan(den) else math.nan


# ---- frame ⇄ reports, Parquet --------------------------------------------------------------------------
def test_tidy_frame_has_one_row_per_cell_with_provenance():
    c = Corpus(FULL)
    df = c.frame
    assert list(df.columns) == FRAME_COLUMNS
    assert len(df) == sum(len(r.cells) for r in FULL)
    row = df[(df.report_id == "001") & (df.address == "t3.granted.total")].iloc[0]
    assert row.status == "blank_missing" and math.isnan(row.value)
    assert df[df.report_id == "009"]["agency"].unique().tolist() == ["平潭综合实验区"]


def test_reports_rebuilt_from_the_tidy_frame_keep_every_cell():
    back = Corpus.from_frame(Corpus(ALL).frame)
    assert [r.key for r in back] == [r.key for r in ALL]
    for a, b in zip(ALL, back):
        assert dict(a.cells) == dict(b.cells), a.key
        assert (a.meta.agency, a.meta.year, a.meta.form, a.meta.level) == (
            b.meta.agency,
            b.meta.year,
            b.meta.form,
            b.meta.level,
        )


def test_parquet_round_trip_loses_nothing(tmp_path):
    noted = load_example("002").with_cells(
        {"t3.granted.total": Cell(1362, "repaired", "1 362", "p3", "split digits joined")}
    )
    reports = [noted if r.key == "002" else r for r in ALL]
    path = Corpus(reports).to_parquet(tmp_path / "c.parquet")
    assert pq.read_schema(path).names == FRAME_COLUMNS
    back = Corpus.read_parquet(path)
    assert back.reports == tuple(reports)
    assert back["002"].cells["t3.granted.total"].note == "split digits joined"
    assert dict(back["001"].meta.source) == dict(load_example("001").meta.source)


def test_unreadable_parquet_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.parquet"
    bad.write_text("not parquet")
    with pytest.raises(GovinfoError, match="无法读取"):
        Corpus.read_parquet(bad)


def test_parquet_of_another_version_is_refused(tmp_path):
    path = Corpus(FULL[:2]).to_parquet(tmp_path / "c.parquet")
    t = pq.read_table(path)
    pq.write_table(t.replace_schema_metadata({b"govinfo.corpus": b'{"version": 99, "reports": {}}'}), path)
    with pytest.raises(GovinfoError, match="版本"):
        Corpus.read_parquet(path)


def test_duplicate_and_foreign_items_are_refused():
    with pytest.raises(GovinfoError, match="重复"):
        Corpus([load_example("002"), load_example("002")])
    with pytest.raises(GovinfoError, match="Report"):
        Corpus(["002"])


def test_filters():
    c = Corpus(FULL)
    pt = c.filter(agency="平潭综合实验区")
    assert pt.years == list(range(2019, 2026)) and pt.agencies == ["平潭综合实验区"]
    assert {r.key for r in c.filter(form="gov_2019")} == {"001", "009", "010"}
    assert {r.key for r in c.filter(year=[2023, 2024], level="county")} == {"000", "003", "004", "008"}
    assert len(c.filter(agency=["淮安市人民政府", "沭阳县人民政府"], year=2024)) == 1
    assert len(c.filter(agency="没有这个机关")) == 0


# ---- wide frame ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("report", PUBLISHED, ids=lambda r: r.key)
def test_wide_frame_matches_the_hand_read_truth_cell_by_cell(report):
    cells = truth(report.key)
    form = report.form
    row = wide_frame([report]).iloc[0]
    checked = 0
    for addr in cells:
        expected = number(form, cells, addr)
        got = row[addr]
        assert (math.isnan(expected) and math.isnan(got)) or got == expected, addr
        checked += 1
    assert checked == len(cells) > 0


def test_wide_frame_from_reports_and_from_tidy_agree():
    c = Corpus(ALL)
    pd.testing.assert_frame_equal(wide_frame(c), wide_frame(c.frame))


def test_fast_audit_on_the_wide_frame_agrees_with_the_full_audit():
    c = Corpus(FULL)
    full, fast = c.audit(), c.audit(fast=True)
    key = lambda d: set(zip(d.report_id, d.rule, d.scope.astype(str), d.status))  # noqa: E731
    rules = set(fast.rule)
    assert {"T3-02", "T4-01", "X-02"} <= rules
    assert {k for k in key(full) if k[1] in rules} == key(fast)


# ---- comparable cells ----------------------------------------------------------------------------------
def test_other_handling_2019_maps_to_the_sum_of_the_three_2021_rows():
    r21 = (
        Report.new("某局", 2022)
        .with_values(
            {
                "t3.other_no_correction.total": 2,
                "t3.other_fee_unpaid.total": 1,
                "t3.other_other.total": 3,
            }
        )
        .filled()
    )
    comp = comparable_frame([load_example("010"), r21, load_example("003")]).set_index("report_id")
    assert comp.loc["010", "t3.other_total_2019.total"] == truth("010")["t3.other_total_2019.total"] == 4
    assert comp.loc["某局:2022", "t3.other_total_2019.total"] == 6  # never other_other (3) alone
    # 洪泽区 2023 gives （六） as one row
    assert comp.loc["003", "t3.other_total_2019.total"] == number(get_form("gov_2021"), truth("003"), "t3.other.total")
    assert not any(c.startswith("t3.other_other") for c in comp.columns)


def test_table2_is_only_mapped_approximately_and_only_where_the_spec_allows():
    comp = comparable_frame([load_example("009"), load_example("011")]).set_index("report_id")
    assert comp.attrs["approximate"] == list(T2_APPROXIMATE)
    t2 = [c for c in comp.columns if c.startswith("t2.")]
    assert set(t2) == set(T2_APPROXIMATE)
    assert not any(k.endswith(("in_force", "total_published", "fee_amount_wan_yuan", "items_prev_year")) for k in t2)
    assert comp.loc["009", "t2.art20_1.normative_docs.issued"] == truth("009")["t2.art20_1.normative_docs.newly_made"]
    assert comp.loc["011", "t2.art20_1.normative_docs.issued"] == truth("011")["t2.art20_1.normative_docs.issued"]


# ---- metrics -------------------------------------------------------------------------------------------
def test_metric_formulas_on_huaian_2024_by_hand():
    m = metrics_frame([load_example("002")]).iloc[0]
    assert m.received_total == 3119 + 34
    assert m.disclosure_rate == pytest.approx((1362 + 454) / 3050)
    assert m.carry_forward_rate == pytest.approx(103 / 3153)
    assert m.review_correction_rate == pytest.approx(64 / (351 - 37))
    assert m.litigation_correction_rate == pytest.approx((4 + 1) / (26 + 20 - 1 - 6))
    assert m.share_natural_person == pytest.approx(3001 / 3119)
    assert sum(m[f"share_{c}"] for c in C6) == pytest.approx(1.0)


@pytest.mark.parametrize("report", PUBLISHED, ids=lambda r: r.key)
def test_metrics_against_the_truth(report):
    cells, form = truth(report.key), report.form
    t = lambda a: number(form, cells, a)  # noqa: E731
    tot = lambda rows: sum(t(f"t3.{r}.total") for r in rows)  # noqa: E731
    outcome = t("t3.outcome_total.total")
    denied = [r.key for r in form.t3_rows if r.parent == "denied"]
    unable = [r.key for r in form.t3_rows if r.parent == "unable"]
    expect = {
        "received_total": t("t3.new_received.total") + t("t3.carried_over.total"),
        "disclosure_rate": ratio(tot(["granted", "partially_granted"]), outcome),
        "denial_rate": ratio(tot(denied), outcome),
        "unable_rate": ratio(tot(unable), outcome),
        "carry_forward_rate": ratio(t("t3.carried_forward.total"), tot(["new_received", "carried_over"])),
        "review_correction_rate": ratio(t("t4.review_corrected"), t("t4.review_total") - t("t4.review_pending")),
    }
    got = metrics_frame([report]).iloc[0]
    for k, v in expect.items():
        assert (math.isnan(v) and math.isnan(got[k])) or got[k] == pytest.approx(v), k


def test_a_zero_base_or_a_missing_part_gives_nan_not_zero():
    m = metrics_frame([load_example("000")]).iloc[0]  # no requests at all
    assert m.received_total == 0
    assert math.isnan(m.disclosure_rate) and math.isnan(m.review_correction_rate)
    sh = metrics_frame([load_example("001")]).iloc[0]  # 上海 2019 leaves 总计 of (一) blank
    assert math.isnan(sh.disclosure_rate)
    filled = Corpus([load_example("001")]).with_totals().metrics().iloc[0]
    assert filled.disclosure_rate == pytest.approx((272 + 3) / 805)


def test_every_metric_is_labelled_once_and_built_from_comparable_cells():
    comp = comparable_frame(FULL)
    for lang in ("zh", "en"):
        labels = [m.label(lang) for m in METRICS.values()]
        assert len(set(labels)) == len(labels), f"two metrics share a {lang} label"
    assert len({m.formula for m in METRICS.values()}) == len(METRICS), "two metrics share a formula text"
    for m in METRICS.values():
        terms = m.numerator + m.base + m.less
        assert m.numerator and not set(terms) - set(comp.columns), (m.key, set(terms) - set(comp.columns))
    m = metrics_frame(FULL)
    for key in [k for k, v in METRICS.items() if v.is_rate]:
        assert m[key].dropna().between(0, 1).all(), key  # a rate of the published tables stays within 0…1


def test_outcome_groups_add_up_to_the_outcome_total_where_the_table_reconciles():
    o = outcome_frame(FULL).set_index("report_id")
    groups = ["granted", "partially_granted", "denied", "unable", "not_processed", "other"]
    for rid in ("002", "004", "009", "011", "015"):
        assert o.loc[rid, groups].sum() == o.loc[rid, "outcome_total"], rid
    # 平潭 2020: the published table breaks T3-02 — the groups do not add up
    assert o.loc["010", groups].sum() != o.loc["010", "outcome_total"]


# ---- corpus audit --------------------------------------------------------------------------------------
def test_corpus_audit_finds_the_real_failures_with_agency_and_year():
    issues = Corpus(FULL).audit()
    fails = issues[issues.status == "fail"]
    assert {"agency", "year"} <= set(issues.columns)
    t302 = fails[fails.rule == "T3-02"]
    assert set(t302.report_id) == {"010"} and set(t302.year) == {2020}
    assert set(fails[fails.rule == "X-02"].report_id) == {"013", "014", "015"}
    assert set(fails[fails.rule == "T4-01"].report_id) == {"003"}


@pytest.mark.parametrize("fast", [False, True])
def test_corpus_audit_checks_carry_over_along_each_agencys_years(fast):
    pt = Corpus(FULL).filter(agency="平潭综合实验区")
    assert not (pt.audit(fast=fast).rule == "X-01").any()
    broken = [r.with_values({"t3.carried_over.total": 9}) if r.meta.year == 2022 else r for r in pt]
    x01 = Corpus(broken).audit(fast=fast).query("rule == 'X-01' and status == 'fail'")
    assert set(x01.report_id) == {"012"}
    assert (x01.scope == "total").any()
    row = x01[x01.scope == "total"].iloc[0]
    assert (row.actual, row.expected) == (9, 1)  # 2021's 四 is 1


def test_fast_audit_scales_to_a_synthetic_corpus():
    w = wide_frame(FULL)
    big = pd.concat([w.assign(agency=w.agency + str(i)) for i in range(50)], ignore_index=True)
    big["report_id"] = np.arange(len(big)).astype(str)
    issues = Corpus(FULL).audit(fast=True)
    from govinfo_widgets.rules import audit_wide

    many = audit_wide(big)
    assert len(many) == 50 * len(issues)


def test_a_broken_frame_is_a_clear_error():
    frame = Corpus([load_example("002")]).frame
    with pytest.raises(GovinfoError, match="无法还原"):
        Corpus.from_frame(frame.assign(form="gov_1999"))
    bad = frame.copy()
    bad.loc[0, "address"] = "t9.bogus"
    with pytest.raises(GovinfoError, match="无法还原"):
        Corpus.from_frame(bad)
    with pytest.raises(GovinfoError, match="缺少列"):
        Corpus.from_frame(frame.drop(columns=["status"]))


def test_an_empty_corpus_gives_empty_frames():
    c = Corpus([])
    assert len(c.frame) == 0 and len(c.metrics()) == 0 and len(c.audit()) == 0 and len(c) == 0


def test_docstring_examples_run():
    import doctest

    from govinfo_widgets import _corpus_io, corpus, metrics

    results = [doctest.testmod(mod) for mod in (corpus, metrics, _corpus_io)]  # wide_frame lives in _corpus_io
    assert sum(r.attempted for r in results) >= 4 and not any(r.failed for r in results)


def test_reads_the_cells_parquet_written_by_govinfo_import(tmp_path):
    from govinfo_widgets.frame import reports_frame

    path = tmp_path / "cells.parquet"
    reports_frame(ALL).to_parquet(path, index=False)  # what `govinfo import DIR -o OUT` writes
    back = Corpus.read_parquet(path)
    assert [dict(r.cells) for r in back] == [dict(r.cells) for r in ALL]
    assert back["015"].meta.agency == "平潭综合实验区" and back["015"].meta.year == 2025
