"""The message catalogue: every key belongs to a rule, every rule speaks both languages, every
placeholder is filled by the code that renders it (never by render's empty default)."""

from __future__ import annotations

from string import Formatter

import pytest

from govinfo_widgets import Cell, evaluate, load_example
from govinfo_widgets.rules import RULES, _cells, _engine, _linear, _narrative, _render, messages, plausibility, text

from .conftest import CORPUS

#: Catalogue keys that are not rule ids: the shared not-assessable template, and the
#: "unreadable" variant of V-01 (rendered as V-01, status not_assessable), and the variants of S-01 (a misnumbered
#: heading) and S-02 (a table present but not readable in the national layout).
VARIANTS = {"V-01-unreadable": "V-01", "S-01-numbering": "S-01", "S-02-unreadable": "S-02"}
SHARED = {"NOT_ASSESSABLE", *VARIANTS}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_catalogue_key_belongs_to_an_existing_rule():
    keys = {k for k in messages() if not k.startswith("_")}
    assert not keys - set(RULES) - SHARED
    for k in SHARED:
        assert k in keys and (k == "NOT_ASSESSABLE" or VARIANTS[k] in RULES)


def test_every_rule_has_titles_and_templates_in_both_languages():
    cat = messages()
    for rid in RULES:
        t = cat[rid]
        assert t["title"] and t["title_en"] and t["zh"] and t["en"], rid
        # each value the Chinese message shows is shown in English too (under its name or its _en name)
        zh, en = placeholders(t["zh"]), placeholders(t["en"])
        assert all(p in en or f"{p}_en" in en for p in zh - {"cell"}), (rid, zh, en)


def _supplied(name: str, params: dict, lang: str) -> bool:
    if name in params:
        return True
    # render fills these English values from their Chinese ones (numbers, quotes)
    return lang == "en" and name in ("detail_en", "expected_en") and name.removesuffix("_en") in params


@pytest.fixture
def rendered(monkeypatch):
    """Every (catalogue key, parameters) rendered while the fixture is active."""
    calls: list[tuple[str, dict]] = []
    original = _render.render

    def record(rule_id, **params):
        calls.append((rule_id, params))
        return original(rule_id, **params)

    monkeypatch.setattr(_render, "render", record)
    for module in (_cells, _engine, _linear, _narrative, plausibility, text):  # each module that renders a message
        if getattr(module, "render", None) is original:
            monkeypatch.setattr(module, "render", record)
    return calls


def _scenarios():
    """(report, previous) pairs that between them break every rule that needs no prose source."""
    hua, p19, p20, p21, p22 = (load_example(i) for i in ("002", "009", "010", "011", "012"))
    sections = dict(
        s1_overview="（一）主动公开。（二）依申请公开。（三）政府信息管理。（四）平台建设。（五）监督保障。",
        s2_proactive="见下表",
        s3_requests="见下表",
        s4_review_litigation="见下表",
        s5_problems="无",
        s6_other="无。",
    )
    prose = "。".join(f"本机关第{i}项工作依法有序推进并取得成效" for i in range(10))
    swapped = {}
    for row in hua.form.t3_data_rows():
        a, b = f"t3.{row.key}.other_org", f"t3.{row.key}.total"
        swapped[a], swapped[b] = hua.value(b), hua.value(a)
    leaves = sum(hua.value(f"t3.{k}.total") for k in ("unable_not_held", "unable_needs_creation", "unable_unclear"))
    return [
        (
            hua.with_values(
                {
                    "t3.granted.natural_person": 1.5,
                    "t2.art20_6.penalty.decisions": -1,
                    "t2.art20_8.admin_fees.fee_amount_wan_yuan": -0.5,
                    "t3.granted.other_org": None,
                    "t4.review_total": None,
                    "t3.carried_forward.research_institution": 50,
                    "t3.new_received.commercial_enterprise": 9,
                }
            ),
            None,
        ),
        (
            hua.with_cells(
                {
                    "t3.granted.natural_person": Cell(None, "unreadable", raw="1?3"),
                    "t3.granted.other_org": Cell(None, "not_applicable", raw="-"),
                }
            ),
            None,
        ),
        (hua.with_values(swapped), None),
        (
            hua.__class__(
                hua.meta, hua.cells, extras={"group_rows": {"unable": {"total": leaves + 3}}, "t4_numeric_count": 14}
            ),
            None,
        ),
        (
            hua.with_values(
                {
                    "t3.granted.total": 0,
                    "t4.review_upheld": 500,
                    "t2.art20_8.admin_fees.fee_amount_wan_yuan": 9_617_160.0,
                }
            ).with_meta(level="county"),
            None,
        ),
        (hua.with_meta(level=None).with_sections(**sections), hua.with_sections(**sections)),
        (
            hua.without_cells([a for a in hua.cells if a.startswith("t4.") or a.startswith("t3.denied_third_party.")]),
            None,
        ),
        (
            p19.with_values(
                {"t2.art20_1.normative_docs.total_published": 1, "t2.art20_6.coercion.change_this_year": -500}
            ),
            None,
        ),
        (p19.with_meta(year=2021), None),
        (
            p22.with_values(
                {
                    "t2.art20_1.normative_docs.repealed": 900,
                    "t2.art20_1.normative_docs.in_force": 700,
                    "t3.carried_over.total": 9,
                }
            ),
            p21,
        ),
        (p20, p21),
        (
            hua.with_sections(**{**sections, "s5_problems": "", "s1_overview": prose}),
            hua.with_sections(s1_overview=prose),
        ),
        (load_example("018"), None),
        (load_example("001"), None),
    ]


def _prose_scenarios():
    """Published reports whose prose the TX rules read (the real corpus, see tests/io/test_tx_rules.py)."""
    from govinfo_widgets.io import read_report

    raw = CORPUS / "raw"
    seed, r02 = read_report(raw / "000.txt"), read_report(raw / "002.txt")
    return [
        seed.with_values({"t3.new_received.natural_person": 3, "t3.new_received.total": 3}),
        seed.with_sections(s4_review_litigation="2023年，本机关未发生政府信息公开行政复议、行政诉讼情况。").with_values(
            {"t4.suit_direct_pending": 1, "t4.suit_direct_total": 1}
        ),
        read_report(raw / "001.html"),
        read_report(raw / "013.html"),
        read_report(raw / "012.html").with_sections(s3_requests="本年度共收到政府信息公开申请80件。"),
        read_report(raw / "015.html"),
        r02.with_values(
            {
                "t4.review_total": 1,
                "t3.carried_forward.total": 1,
                "t3.outcome_total.total": 1,
                "t3.carried_over.total": 40,
            }
        ),
    ]


@pytest.mark.corpus  # reads the real published files
def test_every_placeholder_is_filled_by_the_code_that_renders_it(rendered):
    for report, previous in _scenarios():
        evaluate(report, previous)
    for report in _prose_scenarios():
        evaluate(report)
    cat = messages()
    seen = set()
    for key, params in rendered:
        seen.add(key)
        for lang in ("zh", "en"):
            missing = [p for p in placeholders(cat[key][lang]) if not _supplied(p, params, lang)]
            assert not missing, (key, lang, missing, sorted(params))
    keys = {k for k in cat if not k.startswith("_")}
    # the scenarios reach every key of the catalogue
    # (plausibility rules need peers and are checked apart from evaluate)
    # (S-01-numbering and S-02-unreadable need a read page; tests/io/test_sections.py renders them)
    wanted = {k for k in keys if k in SHARED or RULES[k].kind != "plausibility"} - {"S-01-numbering", "S-02-unreadable"}
    assert wanted <= seen, sorted(wanted - seen)
