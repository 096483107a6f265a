"""The cell rules (V-01…V-06) and the non-linear table rules (T3-05…T3-07, T2-01, T2-04) of one report."""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations

import numpy as np

from ..model import Report
from ..schema import C6, get_form
from ._catalog import RULES
from ._compile import address_space
from ._linear import TOL
from ._render import fmt, not_assessable, render


def cell_findings(fd, report: Report, vector: np.ndarray):
    form = report.form
    blanks: dict[str, list[str]] = {}
    for a, c in report.cells.items():
        v = c.value
        if (
            c.status in ("entered", "parsed", "computed", "repaired")
            and v is not None
            and v >= 0
            and (isinstance(v, int) or float(v).is_integer())
        ):
            continue  # the common case: a plain count, nothing to say
        d = form.cell(a)
        name, name_en = d.describe(), d.describe("en")
        if c.status == "unreadable":
            zh, en = render("V-01-unreadable", cell=name, cell_en=name_en, value=c.raw or "")
            fd.add("V-01", "not_assessable", table=d.table, scope=a, cells=(a,), message=zh, message_en=en)
            continue
        if c.status == "blank_zero":
            blanks.setdefault(d.table, []).append(a)
        elif c.status == "not_applicable":
            zh, en = render("V-06", cell=name, cell_en=name_en, value=c.raw or "-")
            fd.add(
                "V-06",
                table=d.table,
                scope=a,
                cells=(a,),
                message=zh,
                message_en=en,
                severity="warning" if d.table in ("t3", "t4") else "info",
            )
        elif c.status == "blank_missing" and d.computed:
            expected = _computed_value(report, a)
            zh, en = render("V-05", cell=name, cell_en=name_en, expected=fmt(expected))
            fd.add(
                "V-05",
                table=d.table,
                scope=a,
                cells=(a,),
                expected=expected,
                suspect=a,
                suggested=None if expected is None or math.isnan(expected) else expected,
                message=zh,
                message_en=en,
            )
        if v is None:
            continue
        if d.dtype == "decimal":
            if d.table == "t2" and d.block == "art20_8" and v < 0:
                zh, en = render("V-03", cell=name, cell_en=name_en, value=fmt(v))
                fd.add("V-03", table="t2", scope=a, cells=(a,), actual=float(v), message=zh, message_en=en)
            continue
        if not float(v).is_integer():
            fd.records.append({"report_id": fd.report_id, **value_issue("V-01", d, v)})
        if v < 0 and not d.signed:
            fd.records.append({"report_id": fd.report_id, **value_issue("V-02", d, v)})
    names = {"t2": ("表二", "table 2"), "t3": ("表三", "table 3"), "t4": ("表四", "table 4")}
    for t, cells in sorted(blanks.items()):
        zh, en = render("V-04", where=names[t][0], where_en=names[t][1], n=len(cells))
        fd.add("V-04", table=t, scope=t, cells=tuple(cells), message=zh, message_en=en)
    _t3_rules(fd, report, vector)
    _t2_rules(fd, report)


def value_issue(rule: str, d, value: float) -> dict:
    """The issue fields of V-01 (not an integer) or V-02 (negative) on one count cell ``d``.

    The one renderer of these rules for :func:`evaluate` and
    :func:`~govinfo_widgets.rules.audit_wide`.
    """
    zh, en = render(rule, cell=d.describe(), cell_en=d.describe("en"), value=fmt(value))
    return {
        "rule": rule,
        "severity": RULES[rule].severity,
        "status": "fail",
        "table": d.table,
        "scope": d.address,
        "cells": (d.address,),
        "expected": None,
        "actual": float(value),
        "diff": None,
        "suspect": None,
        "suggested": None,
        "message": zh,
        "message_en": en,
    }


def _computed_value(report: Report, address: str) -> float | None:
    """The value of a computed cell from its parts, as the form declares them (NaN if a part is missing)."""
    return float(sum(report.number(p) for p in report.form.parts(address, report.collapsed)))


@lru_cache(maxsize=16)
def _t3_grid(form_key: str, collapsed: frozenset) -> tuple[tuple[str, ...], np.ndarray]:
    """Row keys of a Table 3 layout and the positions of its cells in the value vector."""
    _, index = address_space()
    rows = tuple(r.key for r in get_form(form_key).t3_data_rows(collapsed))
    return rows, np.array([[index[f"t3.{r}.{c}"] for c in (*C6, "total")] for r in rows])


def _t3_rules(fd, report: Report, vector: np.ndarray):
    form = report.form
    rows, grid = _t3_grid(form.key, report.collapsed)
    m = vector[grid]
    ok_rows = ~np.isnan(m).any(axis=1)
    bad = ok_rows & (np.abs(m[:, :6].sum(axis=1) - m[:, 6]) > TOL)
    # T3-07: a zero total over non-zero parts
    for i in np.flatnonzero(bad & (m[:, 6] == 0) & (m[:, :6].sum(axis=1) > 0)):
        r = form.t3_row[rows[i]]
        zh, en = render("T3-07", where=f"「{r.label}」行", where_en=f"row {r.label_en}", rhs=fmt(m[i, :6].sum()))
        fd.add(
            "T3-07",
            table="t3",
            scope=r.key,
            cells=(f"t3.{r.key}.total",),
            expected=float(m[i, :6].sum()),
            actual=0.0,
            suspect=f"t3.{r.key}.total",
            suggested=float(m[i, :6].sum()),
            message=zh,
            message_en=en,
        )
    # T3-05: several rows fail, but one swap of two columns mends them all
    if bad.sum() >= 2:
        sub = m[ok_rows]
        labels = [c["label"] for c in form.t3_columns]
        labels_en = [c["label_en"] for c in form.t3_columns]
        for i, j in combinations(range(7), 2):
            p = list(range(7))
            p[i], p[j] = p[j], p[i]
            s = sub[:, p]
            if (np.abs(s[:, :6].sum(axis=1) - s[:, 6]) <= TOL).all():
                zh, en = render(
                    "T3-05", detail=f"「{labels[i]}」与「{labels[j]}」", detail_en=f"{labels_en[i]} and {labels_en[j]}"
                )
                fd.add("T3-05", table="t3", scope=f"{i}:{j}", message=zh, message_en=en)
                break
    # T3-06: a group heading row that carried numbers (kept by the importer in extras)
    for g, vals in (report.extras.get("group_rows") or {}).items():
        if g not in form.t3_row:
            continue
        leaves = [r.key for r in form.t3_rows if r.parent == g]
        for c, v in vals.items():
            if v is None:
                continue
            s = sum(report.number(f"t3.{r}.{c}") for r in leaves)
            if math.isnan(s) or abs(s - v) > TOL:
                r = form.t3_row[g]
                zh, en = render("T3-06", where=f"「{r.label}」", where_en=r.label_en, lhs=fmt(v), rhs=fmt(s))
                fd.add(
                    "T3-06",
                    table="t3",
                    scope=f"{g}.{c}",
                    cells=tuple(f"t3.{x}.{c}" for x in leaves),
                    expected=s,
                    actual=float(v),
                    message=zh,
                    message_en=en,
                )


def _t2_rules(fd, report: Report):
    form = report.form
    if form.rules_as != "gov_2021":
        return
    fee = report.value("t2.art20_8.admin_fees.fee_amount_wan_yuan")
    m = report.meta
    if fee is not None:
        p = RULES["T2-04"].params
        small = m.level in p["small_levels"] or m.kind in p["small_kinds"]
        if fee >= p["fee_any"] or (small and fee >= p["fee_small"]):
            a = "t2.art20_8.admin_fees.fee_amount_wan_yuan"
            zh, en = render("T2-04", cell=form.cell(a).describe(), cell_en=form.cell(a).describe("en"), value=fmt(fee))
            fd.add("T2-04", table="t2", scope=a, cells=(a,), actual=float(fee), message=zh, message_en=en)
    rules = [f"t2.art20_1.rules.{c}" for c in ("issued", "repealed", "in_force")]
    total = sum(report.number(a) for a in rules if a in report.cells)
    if total and total > 0:
        if m.kind is None or m.level is None:
            zh, en = not_assessable("T2-01", "报告未注明机关类型和层级", "the report's body type and level are unknown")
            fd.add("T2-01", "not_assessable", table="t2", scope="rules", cells=tuple(rules), message=zh, message_en=en)
        elif (m.kind, m.level) not in RULES["T2-01"].params["rule_makers"]:
            who = {"county": "县级", "township": "乡镇（街道）", "municipal": "市级", "provincial": "省级"}.get(
                m.level, m.level
            )
            kind = "人民政府" if m.kind == "government" else "部门"
            zh, en = render("T2-01", value=fmt(total), detail=who + kind, detail_en=f"a {m.level} {m.kind}")
            fd.add(
                "T2-01", table="t2", scope="rules", cells=tuple(rules), actual=float(total), message=zh, message_en=en
            )
