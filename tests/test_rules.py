"""Every rule: a passing and a failing case; the real corpus; NOT_ASSESSABLE never passes or fails."""

import pytest

from govinfo_widgets import Cell, evaluate, load_example, load_examples, validate
from govinfo_widgets.rules import ISSUE_COLUMNS, RULES, compile_checks


def fails(report, rule, previous=None):
    return [r for r in evaluate(report, previous).records if r["rule"] == rule and r["status"] == "fail"]


def raised(report, rule, previous=None, status=None):
    return [
        r for r in evaluate(report, previous).records if r["rule"] == rule and (status is None or r["status"] == status)
    ]


def bump(report, **changes):
    """Add to cells: bump(r, t3__granted__natural_person=5)."""
    vals = {}
    for k, d in changes.items():
        a = k.replace("__", ".")
        vals[a] = (report.value(a) or 0) + d
    return report.with_values(vals)


# ---- the real corpus --------------------------------------------------------------------------


def test_issue_frame_has_fixed_columns(huaian):
    assert list(validate(huaian).columns) == ISSUE_COLUMNS


def test_hongze_2023_fails_t4_01_with_its_cells():
    f = fails(load_example("003"), "T4-01")
    assert {r["scope"] for r in f} == {"review", "suit_after_review"}
    review = next(r for r in f if r["scope"] == "review")
    assert review["actual"] == 0 and review["expected"] == 11
    assert "t4.review_total" in review["cells"] and review["suspect"] == "t4.review_total"
    assert "表四「行政复议」" in review["message"] and review["message_en"]


def test_pingtan_2020_fails_t3_02():
    f = fails(load_example("010"), "T3-02")
    assert {(r["scope"], r["actual"], r["expected"]) for r in f} == {("natural_person", 20, 26), ("total", 21, 27)}


CLEAN_FULL = ["000", "001", "002", "004", "005", "006", "007", "008", "009", "011", "012", "013", "014", "015"]


@pytest.mark.parametrize("rid", CLEAN_FULL)
def test_clean_full_entries_raise_no_error(rid):
    assert evaluate(load_example(rid)).errors == []


def test_the_017_fixture_raises_no_error_and_is_not_an_example():
    from govinfo_widgets.data import example_ids, load_fixture

    assert evaluate(load_fixture("017")).errors == []
    assert "017" not in example_ids() and all(r.meta.agency != "测试市" for r in load_examples())


def test_every_bundled_full_report_is_in_one_of_the_lists():
    assert {r.meta.id for r in load_examples()} == set(CLEAN_FULL) | {"003", "010"}


def test_shanghai_2019_blank_totals_are_not_zero():
    r = load_example("001")
    v05 = fails(r, "V-05")
    granted = next(x for x in v05 if x["scope"] == "t3.granted.total")
    assert granted["expected"] == 272  # 258 + 12 + 1 + 1, spec §6.1
    na = raised(r, "T3-03", status="not_assessable")
    assert any(x["scope"] == "granted" for x in na)
    assert not fails(r, "T3-03")


# ---- value rules ------------------------------------------------------------------------------


def test_v01_integer(huaian):
    assert not fails(huaian, "V-01")
    assert fails(huaian.with_values({"t3.granted.natural_person": 1.5}), "V-01")


def test_v01_unreadable_is_not_assessable(huaian):
    r = huaian.with_cells({"t3.granted.natural_person": Cell(None, "unreadable", raw="1?3")})
    assert raised(r, "V-01", status="not_assessable")
    t302 = [x for x in raised(r, "T3-02") if x["scope"] == "natural_person"]
    assert t302 and all(x["status"] == "not_assessable" for x in t302)


def test_v02_negative(huaian):
    assert not fails(huaian, "V-02")
    assert fails(huaian.with_values({"t2.art20_6.penalty.decisions": -1}), "V-02")


def test_v02_signed_2019_change_allowed():
    r = load_example("010")  # 行政处罚 本年增/减 -18
    assert r.value("t2.art20_6.penalty.change_this_year") == -18
    assert not fails(r, "V-02")


def test_v03_fee(huaian):
    assert not fails(huaian, "V-03")
    assert fails(huaian.with_values({"t2.art20_8.admin_fees.fee_amount_wan_yuan": -0.5}), "V-03")


def test_v04_blank_leaf(huaian):
    assert not fails(huaian, "V-04")
    r = huaian.with_values({"t3.granted.other_org": None})
    assert r.cells["t3.granted.other_org"].status == "blank_zero"
    assert fails(r, "V-04")[0]["severity"] == "info"


def test_v05_blank_total(huaian):
    assert not fails(huaian, "V-05")
    r = huaian.with_values({"t4.review_total": None})
    f = fails(r, "V-05")
    assert f and f[0]["expected"] == 351


def test_v06_not_applicable(huaian):
    assert not fails(huaian, "V-06")
    r = huaian.with_cells(
        {
            "t3.granted.other_org": Cell(None, "not_applicable", raw="-"),
            "t2.art20_6.coercion.decisions": Cell(None, "not_applicable", raw="-"),
        }
    )
    sev = {x["table"]: x["severity"] for x in fails(r, "V-06")}
    assert sev == {"t3": "warning", "t2": "info"}


# ---- Table 3 ----------------------------------------------------------------------------------


def test_t3_01_identity(huaian):
    assert not fails(huaian, "T3-01")
    r = bump(huaian, t3__carried_forward__natural_person=2, t3__carried_forward__total=2)
    assert {x["scope"] for x in fails(r, "T3-01")} == {"natural_person", "total"}


def test_t3_01_single_cell_is_located(huaian):
    r = huaian.with_values({"t3.new_received.commercial_enterprise": 9})
    f = fails(r, "T3-01")
    assert f[0]["suspect"] == "t3.new_received.commercial_enterprise"
    assert f[0]["suggested"] == huaian.value("t3.new_received.commercial_enterprise")


def test_t3_02_outcome_total(huaian):
    assert not fails(huaian, "T3-02")
    r = bump(huaian, t3__denied_third_party__legal_service_org=1, t3__denied_third_party__total=1)
    assert {x["scope"] for x in fails(r, "T3-02")} == {"legal_service_org", "total"}


def test_t3_02_uses_collapsed_other_row():
    r = load_example("004")  # 2021 form with （六） as one row
    assert not fails(r, "T3-02")
    r2 = bump(r, t3__other__natural_person=1, t3__other__total=1)
    assert fails(r2, "T3-02")


def test_t3_03_row_total(huaian):
    assert not fails(huaian, "T3-03")
    f = fails(bump(huaian, t3__unable_not_held__total=1), "T3-03")
    assert [x["scope"] for x in f] == ["unable_not_held"]
    assert f[0]["suspect"] == "t3.unable_not_held.total"


def test_t3_04_bounds(huaian):
    assert not fails(huaian, "T3-04")
    r = huaian.with_values({"t3.carried_forward.research_institution": 50})
    assert any(x["scope"] == "research_institution" for x in fails(r, "T3-04"))


def test_t3_05_swapped_columns(huaian):
    assert not fails(huaian, "T3-05")
    vals = {}
    for row in huaian.form.t3_data_rows():
        a, b = f"t3.{row.key}.other_org", f"t3.{row.key}.total"
        vals[a], vals[b] = huaian.value(b), huaian.value(a)
    f = fails(huaian.with_values(vals), "T3-05")
    assert f and "其他" in f[0]["message"] and "总计" in f[0]["message"]


def test_t3_06_group_subtotal(huaian):
    leaves = sum(huaian.value(f"t3.{k}.total") for k in ("unable_not_held", "unable_needs_creation", "unable_unclear"))
    ok = huaian.__class__(huaian.meta, huaian.cells, extras={"group_rows": {"unable": {"total": leaves}}})
    bad = huaian.__class__(huaian.meta, huaian.cells, extras={"group_rows": {"unable": {"total": leaves + 3}}})
    assert not fails(ok, "T3-06")
    assert fails(bad, "T3-06")


def test_t3_07_zero_total(huaian):
    assert not fails(huaian, "T3-07")
    r = huaian.with_values({"t3.granted.total": 0})
    assert fails(r, "T3-07") and fails(r, "T3-03")


# ---- Table 4 ----------------------------------------------------------------------------------


def test_t4_01(huaian):
    assert not fails(huaian, "T4-01")
    assert fails(bump(huaian, t4__suit_direct_pending=1), "T4-01")


def test_t4_02_fifteen_cells(huaian):
    assert not fails(huaian, "T4-02")
    assert fails(huaian.without_cells(["t4.suit_direct_other"]), "T4-02")
    short = huaian.__class__(huaian.meta, huaian.cells, extras={"t4_numeric_count": 14})
    assert fails(short, "T4-02")


# ---- Table 2 ----------------------------------------------------------------------------------


def test_t2_01_rule_making_power(huaian):
    assert huaian.value("t2.art20_1.rules.issued") > 0
    assert not fails(huaian, "T2-01")  # 淮安市人民政府: a 设区的市 government makes 规章
    county = huaian.with_meta(level="county")
    assert fails(county, "T2-01")
    assert raised(huaian.with_meta(level=None), "T2-01", status="not_assessable")


def test_t2_02_total_published(pingtan_2019):
    assert not fails(pingtan_2019, "T2-02")
    r = pingtan_2019.with_values({"t2.art20_1.normative_docs.total_published": 1})
    assert fails(r, "T2-02")


def test_t2_03_items_not_negative(pingtan_2019):
    assert not fails(pingtan_2019, "T2-03")
    r = pingtan_2019.with_values({"t2.art20_6.coercion.change_this_year": -500})
    assert fails(r, "T2-03")


def test_t2_04_fee_unit(huaian):
    assert not fails(huaian, "T2-04")
    assert fails(huaian.with_values({"t2.art20_8.admin_fees.fee_amount_wan_yuan": 9_617_160.0}), "T2-04")


def test_t2_05_repealed_bound():
    prev, cur = load_example("011"), load_example("012")
    assert not fails(cur, "T2-05", prev)
    assert fails(cur.with_values({"t2.art20_1.normative_docs.repealed": 900}), "T2-05", prev)


# ---- cross-year -------------------------------------------------------------------------------


def test_x01_carry_over():
    prev, cur = load_example("011"), load_example("012")
    assert not fails(cur, "X-01", prev)
    f = fails(cur, "X-01", prev.with_values({"t3.carried_forward.total": 5}))
    assert [x["scope"] for x in f] == ["total"] and f[0]["severity"] == "warning"


def test_x01_across_form_change():
    prev, cur = load_example("010"), load_example("011")  # 2020 (2019 form) → 2021 (2021 form)
    assert any(c.rule == "X-01" for c in compile_checks("gov_2021", frozenset(), "gov_2019").checks)
    assert not fails(cur, "X-01", prev)


def test_x02_documents_in_force():
    prev, cur = load_example("011"), load_example("012")
    assert not fails(cur, "X-02", prev)  # 665 + 88 − 55 = 698
    assert fails(cur.with_values({"t2.art20_1.normative_docs.in_force": 700}), "X-02", prev)
    assert not any(c.rule == "X-02" for c in compile_checks("gov_2021", frozenset(), "gov_2019").checks)


def test_x03_no_regression():
    prev, cur = load_example("011"), load_example("012")
    assert not fails(cur, "X-03", prev)
    assert fails(load_example("010"), "X-03", prev)


def test_x04_prose_similarity(huaian):
    text = "。".join(f"本机关第{i}项工作依法有序推进并取得成效" for i in range(10))
    a = huaian.with_sections(s1_overview=text)
    b = huaian.with_sections(s1_overview="。".join(f"今年新开展的第{i}项专项工作进展顺利" for i in range(10)))
    assert fails(a, "X-04", a)
    assert not fails(b, "X-04", a)


# ---- structure --------------------------------------------------------------------------------

SECTIONS = dict(
    s1_overview="（一）主动公开。…（二）依申请公开。…（三）政府信息管理。…（四）政府信息公开平台建设。…（五）监督保障。工作考核有序开展。",
    s2_proactive="见下表",
    s3_requests="见下表",
    s4_review_litigation="见下表",
    s5_problems="信息公开的及时性和规范性仍有待提高，下一步将加强培训。",
    s6_other="本年度未收取信息处理费。",
)


def test_s01_sections(huaian):
    assert raised(huaian, "S-01", status="not_assessable")  # no prose read: cannot judge
    full = huaian.with_sections(**SECTIONS)
    assert not raised(full, "S-01")
    assert [x["scope"] for x in fails(full.with_sections(s5_problems=""), "S-01")] == ["s5_problems"]


def test_s02_tables_present(huaian):
    assert not fails(huaian, "S-02")
    assert fails(load_example("018"), "S-02")  # a fragment without Table 3
    no_t4 = huaian.without_cells([a for a in huaian.cells if a.startswith("t4.")])
    assert [x["table"] for x in fails(no_t4, "S-02")] == ["t4"]


def test_s03_format_matches_year(huaian):
    assert not fails(huaian, "S-03")
    assert fails(load_example("009").with_meta(year=2021), "S-03")


def test_s04_labels_found(huaian):
    assert not fails(huaian, "S-04")
    r = huaian.without_cells([a for a in huaian.cells if a.startswith("t3.denied_third_party.")])
    f = fails(r, "S-04")
    assert len(f) == 1 and "保护第三方合法权益" in f[0]["message"]
    assert raised(r, "T3-02", status="not_assessable")


def test_s05_to_s08_narrative(huaian):
    full = huaian.with_sections(**SECTIONS)
    for rule in ("S-05", "S-06", "S-07", "S-08"):
        assert not fails(full, rule), rule
    assert fails(full.with_sections(s1_overview="我局依法做好主动公开工作。"), "S-05")
    assert fails(
        full.with_sections(s1_overview="（一）主动公开（二）依申请公开（三）政府信息管理（四）平台建设（五）监督保障"),
        "S-06",
    )
    assert fails(full.with_sections(s5_problems="无"), "S-07")
    assert fails(full.with_sections(s6_other="无其他需要报告的事项。"), "S-08")


def test_every_rule_in_the_catalogue_has_messages():
    from govinfo_widgets.rules import messages

    cat = messages()
    for rid in RULES:
        assert rid in cat and cat[rid]["zh"] and cat[rid]["en"], rid
