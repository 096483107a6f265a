"""Peer benchmarks: groups with fallback, quartiles, rank and percentile, not-assessable rates, chart."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govinfo_widgets import load_examples
from govinfo_widgets.corpus import METRICS, Corpus, metrics_frame
from govinfo_widgets.errors import GovinfoError
from govinfo_widgets.model import Report
from govinfo_widgets.peers import TIERS, benchmark, benchmark_table, infer_kind, infer_level, peer_chart, peer_frame


def _county(name: str, year: int, granted: int, total: int, region="江苏省某市某县") -> Report:
    cells = {
        "t3.granted.total": granted,
        "t3.partially_granted.total": 0,
        "t3.outcome_total.total": total,
        "t3.new_received.total": total,
    }
    return Report.new(agency=name, year=year, level="county", kind="government", region=region).with_values(cells)


@pytest.fixture(scope="module")
def peers():
    reps = [_county(f"甲{i}县人民政府", 2024, g, 10) for i, g in enumerate([1, 2, 3, 4, 5, 6])]
    reps += [_county("乙县人民政府", 2024, 9, 10, region="浙江省某市乙县")]
    reps += [
        Report.new(
            agency="某市人民政府", year=2024, level="municipal", kind="government", region="江苏省某市"
        ).with_values({"t3.granted.total": 5, "t3.partially_granted.total": 0, "t3.outcome_total.total": 10})
    ]
    return reps


def test_quartiles_rank_percentile_match_numpy(peers):
    b = benchmark(peers, "disclosure_rate", "甲5县人民政府", 2024)
    assert b.tier == "province" and b.n == 6  # six 江苏 counties: the narrowest group is big enough
    vals = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    assert [b.p25, b.p50, b.p75] == pytest.approx(list(np.percentile(vals, [25, 50, 75])))
    assert b.value == pytest.approx(0.6) and b.rank == 1 and b.percentile == pytest.approx(100 * 5.5 / 6, abs=0.1)
    assert "乙县人民政府" not in b.peers and "某市人民政府" not in b.peers


def test_fallback_widens_small_groups(peers):
    b = benchmark(peers, "disclosure_rate", "乙县人民政府", 2024)  # alone in 浙江: same level nationwide
    assert b.tier == "national" and b.n == 7 and b.rank == 1
    m = benchmark(peers, "disclosure_rate", "某市人民政府", 2024)  # the only municipal one: everyone
    assert m.tier == "all" and m.n == 8
    assert [t[0] for t in TIERS] == ["province", "national", "level", "all"]
    strict = benchmark(peers, "disclosure_rate", "甲0县人民政府", 2024, min_peers=7)
    assert strict.tier == "national" and strict.rank == 7


def test_zero_denominator_is_not_assessable_never_100_percent():
    r = Report.new(agency="空局", year=2024).with_values(
        {
            "t3.granted.total": 0,
            "t3.partially_granted.total": 0,
            "t3.outcome_total.total": 0,
            "t4.review_total": 0,
            "t4.review_pending": 0,
            "t4.review_corrected": 0,
        }
    )
    m = metrics_frame([r]).iloc[0]
    for key in ("disclosure_rate", "review_correction_rate"):
        assert math.isnan(m[key]), key
    b = benchmark([r], "disclosure_rate", "空局", 2024)
    assert b.value is None and b.rank is None and b.percentile is None and b.n == 0


def test_every_metric_on_bundled_data_is_within_bounds():
    t = peer_frame(load_examples())
    for key, m in METRICS.items():
        if m.is_rate:
            v = t[key].dropna()
            assert ((v >= 0) & (v <= 1)).all(), key
    tab = benchmark_table(Corpus(load_examples()), "received_total", 2024)
    assert set(tab["agency"]) == {r.meta.agency for r in load_examples() if r.meta.year == 2024}
    assert sorted(tab["rank"].dropna().astype(int)) == list(range(1, len(tab) + 1))


def test_inference_from_names():
    assert infer_kind("淮安市人民政府") == "government" and infer_kind("沭阳县发展和改革局") == "department"
    assert (
        infer_level("某某街道办事处") == "township" and infer_level("沭阳县人民政府", "江苏省宿迁市沭阳县") == "county"
    )
    assert infer_level("x", "江苏省淮安市") == "municipal" and infer_level("x", "江苏省") == "provincial"


def test_unknown_agency_or_metric():
    with pytest.raises(GovinfoError):
        benchmark(load_examples(), "disclosure_rate", "不存在的机关", 2024)
    with pytest.raises(GovinfoError):
        benchmark(load_examples(), "no_such_metric", "淮安市人民政府", 2024)


def test_peer_chart_band_and_agency_line():
    fig = peer_chart(load_examples(), "new_received", "平潭综合实验区")
    assert [t.name for t in fig.data][1:] == ["同类机关 P25–P75", "同类机关中位数", "平潭综合实验区"]
    line = fig.data[-1]
    assert list(line.x) == [str(y) for y in range(2019, 2026)]
    band_lo, band_hi = np.array(fig.data[1].y, float), np.array(fig.data[0].y, float)
    assert (band_lo <= band_hi).all()
    en = peer_chart(load_examples(), "new_received", "平潭综合实验区", lang="en")
    assert en.data[2].name == "Peer median"


def test_explorer_has_a_peer_column_that_follows_the_controls():
    from govinfo_widgets.widgets.explorer import Explorer

    ex = Explorer(load_examples(), metric="disclosure_rate")
    assert "与同类机关比较 · 2025" in ex.peers.value and "P50" in ex.peers.value
    t = benchmark_table(peer_frame(load_examples()), "received_total", 2024)
    ex.metric.value = "received_total"
    ex.years.value = (2024,)
    row = t.set_index("agency").loc["淮安市人民政府"]
    assert f"{row['value']:,.0f}" in ex.peers.value and f"{int(row['rank'])} / {row['n']}" in ex.peers.value
    ex.agencies.value = ("平潭综合实验区",)
    assert "淮安市人民政府" not in ex.peers.value and "平潭综合实验区" in ex.peers.value
