"""Rules are data with parameters (issue 13 item 2): thresholds, keyword patterns and the list of bodies that
make 规章 live in the catalogue (``Rule.params``), and the code that evaluates a rule reads them there."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import MappingProxyType

import govinfo_widgets
from govinfo_widgets import load_examples
from govinfo_widgets.rules import evaluate
from govinfo_widgets.rules._catalog import RULES

PKG = Path(govinfo_widgets.__file__).parent


def test_every_parameter_is_read_by_the_code():
    source = "\n".join(p.read_text("utf-8") for p in (PKG / "rules").glob("*.py") if p.name != "_catalog.py")
    unread = [
        f"{rid}.{key}"
        for rid, rule in RULES.items()
        for key in rule.params
        if not re.search(rf'RULES\["{re.escape(rid)}"\]\.params\["{key}"\]|\b(?:p|_TX\d\d)\["{key}"\]', source)
    ]
    assert not unread, f"parameters no code reads: {unread}"
    assert {rid for rid, r in RULES.items() if r.params} >= {
        "T2-01",
        "T2-04",
        "X-04",
        *(f"TX-{i:02d}" for i in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11)),
    }


def _fired(report, rule_id: str) -> bool:
    return any(r["rule"] == rule_id and r["status"] == "fail" for r in evaluate(report).records)


def test_a_threshold_changed_in_the_catalogue_changes_the_check(monkeypatch):
    with_fee = [
        r
        for r in load_examples()
        if r.form.rules_as == "gov_2021" and (r.value("t2.art20_8.admin_fees.fee_amount_wan_yuan") or 0) > 0
    ]
    assert with_fee, "a bundled 2021-form report with a fee"
    report = with_fee[0]
    assert not _fired(report, "T2-04")
    rule = RULES["T2-04"]
    lowered = dataclasses.replace(rule, params=MappingProxyType({**rule.params, "fee_any": 0}))
    monkeypatch.setitem(RULES, "T2-04", lowered)
    assert _fired(report, "T2-04")
