"""The form file is the single source of totals: its sums give T3-02/T3-03/T4-01 and compute_totals."""

from __future__ import annotations

import copy

import pytest

from govinfo_widgets import GovinfoError, compute_totals, load_example
from govinfo_widgets.rules import compile_checks
from govinfo_widgets.schema import FORM_KEYS, Form, get_form

SUM_RULES = {("t3", "column"): "T3-02", ("t3", "row"): "T3-03", ("t4", "row"): "T4-01"}


def _spec(key="gov_2021"):
    return copy.deepcopy(get_form(key).spec)


def test_parts_come_from_the_form_file():
    f = get_form("gov_2021")
    assert f.parts("t4.suit_direct_total") == tuple(
        f"t4.suit_direct_{p}" for p in ("upheld", "corrected", "other", "pending")
    )
    assert f.parts("t3.granted.total")[0] == "t3.granted.natural_person" and len(f.parts("t3.granted.total")) == 6
    outcomes = f.parts("t3.outcome_total.natural_person")
    assert outcomes == tuple(f"t3.{r}.natural_person" for r in f.outcome_rows())
    collapsed = f.parts("t3.outcome_total.total", frozenset({"other"}))
    assert collapsed == tuple(f"t3.outcome_total.{c['key']}" for c in f.t3_columns[:6])
    assert "t3.other.natural_person" in f.parts("t3.outcome_total.natural_person", frozenset({"other"}))
    with pytest.raises(KeyError):
        f.parts("t3.granted.natural_person")


@pytest.mark.parametrize("key", FORM_KEYS)
def test_every_computed_cell_has_parts_and_totals_come_after_their_parts(key):
    f = get_form(key)
    for collapsed in (frozenset(), frozenset({"other"})):
        if collapsed and not f.t3_row.get("other", None):
            continue
        parts = f.computed_parts(collapsed)
        layout = f.layout_addresses(collapsed)
        assert set(parts) == {a for a in layout if f.cell(a).computed}
        order = list(parts)
        for total, ps in parts.items():
            assert all(order.index(p) < order.index(total) for p in ps if p in parts), total


def test_a_form_whose_sum_names_an_unknown_cell_is_refused_at_load():
    spec = _spec()
    spec["tables"]["t4"]["columns"][-1]["computed"] = {"sum": ["upheld", "corrected", "other", "dismissed"]}
    with pytest.raises(GovinfoError, match="t4.review_dismissed"):
        Form(key="broken", spec=spec).validate()
    spec = _spec()
    spec["tables"]["t3"]["columns"][-1]["computed"] = {"sum": ["natural_person", "robots"]}
    with pytest.raises(GovinfoError, match="t3.new_received.robots"):
        Form(key="broken", spec=spec).validate()


def test_an_unknown_computed_declaration_is_refused_at_load():
    spec = _spec()
    outcome = next(r for r in spec["tables"]["t3"]["rows"] if r["key"] == "outcome_total")
    outcome["computed"] = {"product": True}
    with pytest.raises(GovinfoError, match="computed"):
        Form(key="broken", spec=spec).validate()


@pytest.mark.parametrize("key", FORM_KEYS)
def test_the_sum_rules_are_the_forms_sums(key):
    f = get_form(key)
    for collapsed in (frozenset(), f.collapsed_groups(f.all_addresses)):
        checks = [c for c in compile_checks(key, collapsed).checks if c.rule in SUM_RULES.values()]
        sums = f.sums(collapsed)
        assert len(checks) == len(sums)
        got = {(c.rule, c.lhs[0][0], tuple(a for a, _ in c.rhs)) for c in checks}
        assert got == {(SUM_RULES[s.table, s.along], s.total, s.parts) for s in sums}


@pytest.mark.parametrize("rid", ["002", "004", "009"])
def test_compute_totals_with_every_total_blank_gives_the_sums(rid):
    r = load_example(rid)  # these reconcile, so the sums are the published totals
    totals = list(r.form.computed_parts(r.collapsed))
    blank = r.with_values({a: None for a in totals})
    assert all(blank.cells[a].missing for a in totals)
    filled = compute_totals(blank)
    for a in totals:
        assert filled.value(a) == r.value(a), a
        assert filled.cells[a].status == "computed"
    # a present total is kept unless asked
    wrong = r.with_values({"t4.review_total": 1})
    assert compute_totals(wrong).value("t4.review_total") == 1
    assert compute_totals(wrong, only_missing=False).value("t4.review_total") == r.value("t4.review_total")


def test_a_total_with_a_missing_part_stays_blank_and_a_total_of_totals_uses_the_filled_ones():
    r = load_example("002")
    blank = r.with_values({"t4.review_total": None, "t3.new_received.total": None, "t3.outcome_total.total": None})
    blank = blank.without_cells(["t4.review_pending", "t3.new_received.other_org", "t3.outcome_total.other_org"])
    filled = compute_totals(blank)
    assert filled.cells["t4.review_total"].missing and filled.cells["t3.new_received.total"].missing
    # （七）总计 · 其他 is refilled from its column first, then （七）总计 · 总计 from its row
    assert filled.value("t3.outcome_total.other_org") == r.value("t3.outcome_total.other_org")
    assert filled.value("t3.outcome_total.total") == r.value("t3.outcome_total.total")
