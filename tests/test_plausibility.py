"""Plausibility warnings A-01 … A-03: each fires on a consistent-looking typo and stays quiet on real figures."""

from __future__ import annotations

from govinfo_widgets import load_example, load_examples
from govinfo_widgets.rules import RULES, messages
from govinfo_widgets.rules.plausibility import plausibility


def rules_of(findings, rule):
    return [r for r in findings.records if r["rule"] == rule]


def test_the_rules_are_in_the_catalogue_as_warnings_with_messages():
    for rid in ("A-01", "A-02", "A-03"):
        assert RULES[rid].severity == "warning"
        assert messages()[rid]["zh"] and messages()[rid]["en"]


# ---- A-01 year on year -----------------------------------------------------------------------------


def test_a01_fires_on_a_digit_too_many_with_the_comparison():
    last = load_example("002")  # 淮安市人民政府 2024: 3,119 new requests
    typo = last.with_meta(year=2025).with_values({"t3.new_received.total": 31190})
    hits = rules_of(plausibility(typo, last), "A-01")
    assert [h["cells"] for h in hits] == [("t3.new_received.total",)]
    assert "去年 3,119，今年 31,190" in hits[0]["message"]
    assert "last year 3,119, this year 31,190" in hits[0]["message_en"]
    assert hits[0]["severity"] == "warning" and hits[0]["status"] == "fail"


def test_a01_fires_on_a_digit_too_few():
    last = load_example("002")
    typo = last.with_meta(year=2025).with_values({"t3.new_received.total": 311})
    assert [h["cells"] for h in rules_of(plausibility(typo, last), "A-01")] == [("t3.new_received.total",)]


def test_a01_is_quiet_on_real_consecutive_years_and_small_numbers():
    for a, b in (("009", "010"), ("011", "012"), ("012", "013"), ("013", "014"), ("014", "015")):  # 平潭 2019–2025
        assert rules_of(plausibility(load_example(b), load_example(a)), "A-01") == [], (a, b)
    last = load_example("002").with_values({"t4.review_total": 7})
    this = last.with_values({"t4.review_total": 36})  # ×5 but both small: not news
    assert rules_of(plausibility(this, last), "A-01") == []
    this = last.with_values({"t3.new_received.total": 3119 * 4})  # ×4: within the factor
    assert rules_of(plausibility(this, last), "A-01") == []


def test_a01_asks_about_a_real_tenfold_jump():
    """洪泽区 published 550 licensing decisions for 2023 and 9,487 for 2024: real, and worth a second look."""
    hits = rules_of(plausibility(load_example("004"), load_example("003")), "A-01")
    assert [h["scope"] for h in hits] == ["t2.art20_5.licensing.decisions"]
    assert "去年 550，今年 9,487" in hits[0]["message"]


def test_a01_needs_last_year():
    typo = load_example("002").with_values({"t3.new_received.total": 31190})
    assert rules_of(plausibility(typo), "A-01") == []


# ---- A-02 comparable agencies ----------------------------------------------------------------------


def _draft(base: str, **values):
    r = load_example(base).with_meta(agency="某县人民政府", id=None, kind="government", level="county")
    return r.with_values(values) if values else r


def test_a02_fires_far_above_comparable_governments():
    peers = load_examples()
    top = max(r.number("t3.new_received.total") for r in peers if r.meta.kind == "government")
    draft = _draft("004", **{"t3.new_received.total": int(top * 20)})
    hits = rules_of(plausibility(draft, peers=peers), "A-02")
    assert [h["cells"] for h in hits] == [("t3.new_received.total",)]
    assert f"今年 {int(top * 20):,}" in hits[0]["message"] and "同类机关（人民政府）" in hits[0]["message"]


def test_a02_is_quiet_within_range_and_without_enough_peers():
    assert rules_of(plausibility(_draft("004")), "A-02") == []
    # departments: the bundled data hold too few distinct ones to compare with, so nothing is said
    dept = load_example("008").with_meta(agency="某局").with_values({"t3.new_received.total": 10**7})
    assert rules_of(plausibility(dept), "A-02") == []
    # and with fewer than five governments given as peers, nothing either
    few = [r for r in load_examples() if r.meta.agency in ("淮安市人民政府", "平潭综合实验区")]
    assert rules_of(plausibility(_draft("004", **{"t3.new_received.total": 10**7}), peers=few), "A-02") == []


# ---- A-03 total without breakdown --------------------------------------------------------------------


def test_a03_fires_when_only_the_total_is_filled():
    r = load_example("002").with_values(
        {
            f"t3.new_received.{c}": 0
            for c in (
                "natural_person",
                "commercial_enterprise",
                "research_institution",
                "public_interest_org",
                "legal_service_org",
                "other_org",
            )
        }
    )
    hits = rules_of(plausibility(r), "A-03")
    assert [h["scope"] for h in hits] == ["t3.new_received.total"]
    assert "总计为 3,119" in hits[0]["message"]


def test_a03_is_quiet_on_real_reports_and_on_all_zero_rows():
    for r in load_examples():
        assert rules_of(plausibility(r), "A-03") == [], r.key
    r = load_example("000")  # many rows all 0, total 0
    assert rules_of(plausibility(r), "A-03") == []


# ---- in the editor ------------------------------------------------------------------------------------


def test_the_editor_shows_plausibility_after_an_edit():
    from govinfo_widgets.widgets import ReportEditor

    last = load_example("002")
    ed = ReportEditor(last.with_meta(year=2025), previous=last, draft=False)
    assert not [f for f in ed.findings if f["rule"] == "A-01"]
    ed.set_report(ed.report.with_values({"t3.new_received.natural_person": 30010, "t3.new_received.total": None}))
    hits = [f for f in ed.findings if f["rule"] == "A-01" and f["scope"] == "t3.new_received.total"]
    assert hits and "去年 3,119，今年 " in hits[0]["message"]
    shown = [i for i in ed.panel.issues if i["rule"] == "A-01"]
    assert shown and shown[0]["severity"] == "warning" and "去年 3,119" in shown[0]["message"]


def test_docstring_examples_run():
    import doctest

    from govinfo_widgets.rules import plausibility as mod

    result = doctest.testmod(mod)
    assert result.attempted > 0 and result.failed == 0
