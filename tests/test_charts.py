"""Charts: assert on fig.data and fig.layout, over the bundled real reports."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from govinfo_widgets import GovinfoError, load_example, load_examples
from govinfo_widgets.charts import (
    WEBGL_THRESHOLD,
    applicant_mix,
    compare_agencies,
    issues_heatmap,
    metric_trend,
    outcome_composition,
    outcome_sankey,
)
from govinfo_widgets.corpus import METRICS, Corpus, metrics_frame, outcome_frame

CORPUS = Corpus(load_examples())
PINGTAN = CORPUS.filter(agency="平潭综合实验区")


def notes(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# ---- trend -------------------------------------------------------------------------------------------
def test_trend_one_line_per_agency_years_as_categories():
    fig = metric_trend(CORPUS, "received_total")
    m = metrics_frame(CORPUS)
    assert sorted(t.name for t in fig.data) == sorted(m.agency.unique())
    assert fig.layout.xaxis.type == "category"
    assert list(fig.layout.xaxis.categoryarray) == [str(y) for y in CORPUS.years]
    pt = next(t for t in fig.data if t.name == "平潭综合实验区")
    assert list(pt.x) == [str(y) for y in range(2019, 2026)]
    assert list(pt.y) == m[m.agency == "平潭综合实验区"].sort_values("year").received_total.tolist()
    assert isinstance(pt, go.Scatter)
    assert fig.layout.yaxis.tickformat is None


def test_trend_across_the_form_change_says_only_comparable_cells_are_compared():
    fig = metric_trend(PINGTAN, "disclosure_rate")
    assert any("2019→2021" in n and "可比" in n for n in notes(fig))
    assert [s.x0 for s in fig.layout.shapes] == [1.5]  # between 2020 and 2021
    assert fig.layout.yaxis.tickformat == ".0%"
    later = metric_trend(PINGTAN.filter(year=[2021, 2022, 2023]), "disclosure_rate")
    assert notes(later) == [] and later.layout.shapes == ()


def test_trend_of_a_table2_cell_across_forms_is_labelled_approximate():
    fig = metric_trend(PINGTAN, "t2.art20_5.licensing.decisions")
    assert any("近似" in n for n in notes(fig))
    en = metric_trend(PINGTAN, "t2.art20_5.licensing.decisions", lang="en")
    assert any("approximate" in n for n in notes(en))
    with pytest.raises(GovinfoError, match="未知指标"):
        metric_trend(PINGTAN, "t2.art20_1.rules.in_force")  # not comparable across forms


def test_english_labels():
    fig = metric_trend(PINGTAN, "disclosure_rate", lang="en")
    assert fig.layout.title.text == "Disclosure rate" and fig.layout.xaxis.title.text == "Year"
    assert any("form change" in n for n in notes(fig))
    assert metric_trend(PINGTAN, "disclosure_rate").layout.title.text == "公开率"
    with pytest.raises(GovinfoError):
        metric_trend(PINGTAN, lang="fr")


def test_trend_uses_webgl_when_points_are_many():
    m = _synthetic_metrics(WEBGL_THRESHOLD)
    fig = metric_trend(m, "disclosure_rate")
    assert all(isinstance(t, go.Scattergl) for t in fig.data)


# ---- comparison ----------------------------------------------------------------------------------------
def test_compare_agencies_sorted_with_the_median_line():
    fig = compare_agencies(CORPUS, "received_total", year=2024)
    bar = fig.data[0]
    m = metrics_frame(CORPUS)
    year = m[m.year == 2024].sort_values("received_total", ascending=False)
    assert list(bar.x) == year.agency.tolist() and list(bar.y) == year.received_total.tolist()
    assert list(bar.y) == sorted(bar.y, reverse=True)
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == year.received_total.median()
    assert any("中位数" in n for n in notes(fig))
    assert "2024" in fig.layout.title.text


def test_compare_defaults_to_the_latest_year_and_drops_missing_values():
    fig = compare_agencies(CORPUS, "disclosure_rate")
    m = metrics_frame(CORPUS)
    latest = m[(m.year == 2025) & m.disclosure_rate.notna()]
    assert sorted(fig.data[0].x) == sorted(latest.agency)


def test_compare_many_agencies_is_a_webgl_dot_plot():
    m = _synthetic_metrics(2 * WEBGL_THRESHOLD)
    fig = compare_agencies(m, "disclosure_rate", year=2022)
    assert isinstance(fig.data[0], go.Scattergl) and len(fig.data[0].x) == 2 * WEBGL_THRESHOLD
    assert fig.layout.shapes[0].y0 == pytest.approx(np.median(m[m.year == 2022].disclosure_rate))


def test_compare_in_a_year_with_two_reports_of_one_agency_is_refused():
    m = metrics_frame(CORPUS)
    twice = pd.concat([m, m[m.report_id == "002"].assign(report_id="002b")])
    with pytest.raises(GovinfoError, match="多份年报"):
        compare_agencies(twice, year=2024)


# ---- outcomes ------------------------------------------------------------------------------------------
def test_outcome_composition_stacks_the_six_groups():
    fig = outcome_composition(PINGTAN)
    o = outcome_frame(PINGTAN).sort_values("year")
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
    assert list(fig.data[5].y) == o.other.tolist()  # 2019-form （六） and 2021-form （六）1–3 side by side
    assert list(fig.data[0].x)[0] == "平潭综合实验区 2019"
    assert any("可比" in n for n in notes(fig))
    share = outcome_composition(PINGTAN, share=True)
    totals = np.sum([t.y for t in share.data], axis=0)
    assert np.allclose(totals, 1.0)


def test_sankey_flows_conserve_requests():
    fig = outcome_sankey([load_example("002")])
    link = fig.data[0].link
    into = sum(v for v, t in zip(link.value, link.target) if t == 2)
    out = sum(v for v, s in zip(link.value, link.source) if s == 2)
    assert into == 3119 + 34 == out
    assert fig.data[0].node.label[-1] == "四、结转下年度"
    assert notes(fig) == []


def test_sankey_says_when_the_table_does_not_reconcile():
    broken = load_example("002").with_values({"t3.carried_forward.total": 110})
    fig = outcome_sankey([broken])
    assert any("T3-01" in n and "-7" in n for n in notes(fig))
    with pytest.raises(GovinfoError, match="report_id"):
        outcome_sankey(CORPUS)
    one = outcome_sankey(CORPUS, "011", lang="en")
    assert one.data[0].node.label[0] == "1. New requests"


def test_sankey_names_missing_values():
    fig = outcome_sankey([load_example("001")])  # 上海 2019: totals of the outcome rows blank
    assert any("缺少数值" in n and "予以公开" in n for n in notes(fig))


def test_applicant_mix_shares_add_to_one():
    fig = applicant_mix([load_example("002"), load_example("007")])
    assert fig.layout.barmode == "stack" and len(fig.data) == 6
    i = list(fig.data[0].x).index("淮安市人民政府 2024")
    assert fig.data[0].name == "自然人" and fig.data[0].y[i] == pytest.approx(3001 / 3119)
    assert np.allclose(np.sum([t.y for t in fig.data], axis=0), 1.0)
    assert applicant_mix([load_example("002")], lang="en").data[0].name == "Natural persons"


# ---- heatmap -------------------------------------------------------------------------------------------
def test_issues_heatmap_counts_failed_checks_per_report_and_rule():
    issues = CORPUS.audit()
    fig = issues_heatmap(issues, CORPUS)
    hm = fig.data[0]
    assert len(hm.y) == len(CORPUS)  # clean reports appear as empty rows
    z = pd.DataFrame(hm.z, index=hm.y, columns=hm.x)
    assert z.loc["平潭综合实验区 2020", "T3-02"] == 2
    assert z.loc["淮安市洪泽区人民政府 2023", "T4-01"] == 2
    assert z.loc["淮安市人民政府 2024"].sum() == 0
    fails = issues[(issues.status == "fail") & (issues.severity != "info")]
    assert int(z.to_numpy().sum()) == len(fails) and "V-04" not in hm.x  # INFO left out by default
    assert list(hm.text[list(hm.y).index("淮安市人民政府 2024")]) == [""] * len(hm.x)
    only = issues_heatmap(issues)  # without the corpus: reports with issues only
    assert len(only.data[0].y) == fails.report_id.nunique()
    everything = issues_heatmap(issues, CORPUS, severities=("error", "warning", "info"))
    assert "V-04" in everything.data[0].x


def test_issues_heatmap_needs_agency_and_year():
    from govinfo_widgets import audit

    with pytest.raises(GovinfoError, match="agency"):
        issues_heatmap(audit(CORPUS.reports))


def test_user_text_is_escaped():
    r = load_example("009").with_meta(agency="<b>某局</b>", id="x1")
    fig = metric_trend([r], "received_total")
    assert fig.data[0].name == "&lt;b&gt;某局&lt;/b&gt;"
    assert "<b>" not in outcome_composition([r]).data[0].x[0]


def test_every_metric_can_be_charted():
    for key in METRICS:
        fig = metric_trend(PINGTAN, key)
        assert len(fig.data) == 1 and len(fig.data[0].y) == 7


def _synthetic_metrics(n_agencies: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = pd.DataFrame(
        {
            "report_id": [f"{a}:{y}" for a in range(n_agencies) for y in (2021, 2022)],
            "agency": [f"机关{a}" for a in range(n_agencies) for _ in (2021, 2022)],
            "year": [y for _ in range(n_agencies) for y in (2021, 2022)],
            "form": "gov_2021",
        }
    )
    for k in METRICS:
        rows[k] = rng.random(len(rows))
    return rows


def test_compare_without_values_for_the_year_is_a_clear_error():
    with pytest.raises(GovinfoError, match="没有可比较"):
        compare_agencies(CORPUS, "disclosure_rate", year=2031)
    with pytest.raises(GovinfoError):
        compare_agencies(Corpus([]))


def test_docstring_examples_run():
    import doctest

    from govinfo_widgets.charts import audit, outcomes, trends

    results = [doctest.testmod(mod) for mod in (trends, outcomes, audit)]  # one module per chart family
    assert sum(r.attempted for r in results) >= 6 and not any(r.failed for r in results)
