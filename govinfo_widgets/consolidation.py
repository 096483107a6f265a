"""汇总: one government's report as the cell-wise sum of its departments' and townships' reports."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .errors import GovinfoError
from .model import Cell, Report

#: Table 2 cells that are *not* summed, per form and column, with the reason (zh, en). They are stocks,
#: not flows: a document jointly issued by two units, or a licensing item both keep, would be counted
#: twice. They are left blank for the consolidating office to fill from its own register; the plain sum
#: of the contributors is kept in the cell's note as an upper bound.
NOT_ADDITIVE = {
    "gov_2021": {
        "in_force": (
            "现行有效件数是存量，不同制发机关的文件可能联合制发或相互重叠，简单相加会重复计算",
            "documents in force are a stock: jointly issued documents would be counted twice",
        ),
    },
    "gov_2019": {
        "total_published": (
            "对外公开总数量是累计存量，简单相加会重复计算",
            "the cumulative total published is a stock and would be double counted",
        ),
        "items_prev_year": (
            "上一年项目数量是事项清单存量，不同单位可能共有同一事项",
            "last year's item count is a stock; units may share the same item",
        ),
        "change_this_year": (
            "本年增/减随上一年项目数量而定，不能脱离存量单独相加",
            "the change follows the item stock and cannot be summed on its own",
        ),
    },
}
TREATMENT = (
    "留空，由汇总单位按本级文件（事项）台账填写；各单位数值之和记在单元格备注中，仅作上限参考",
    "left blank for the consolidating office to fill from its own register; the contributors' "
    "plain sum is kept in the cell note as an upper bound",
)


#: Findings that stop a sub-report from being summed: errors about its figures (Tables 2–4, a missing table),
#: not about its narrative — sub-units often send the tables alone.
TABLE_SCOPES = ("t2", "t3", "t4", "all")


class ConsolidationError(GovinfoError):
    """Sub-reports that cannot be summed: failing checks, another year or another form. ``refused`` lists them."""

    def __init__(self, zh: str, en: str, refused: list[dict]):
        super().__init__(zh, en)
        self.refused = refused


def _load(item) -> Report:
    if isinstance(item, Report):
        return item
    from .io import read_report

    p = Path(item)
    if p.suffix.lower() == ".json":
        return Report.from_json(p)
    return read_report(p)


def check_contributors(reports: list[Report]) -> list[dict]:
    """The contributors that must not be summed, each with why (error rules on their tables, as messages).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> [(r["agency"], r["rules"]) for r in check_contributors([load_example("002"), load_example("003")])]
    [('淮安市洪泽区人民政府', ['T4-01'])]
    """
    from .rules import evaluate

    refused = []
    for r in reports:
        errors = [e for e in evaluate(r).errors if e["table"] in TABLE_SCOPES]
        if errors:
            refused.append(
                {
                    "report": r.key,
                    "agency": r.meta.agency,
                    "year": r.meta.year,
                    "rules": sorted({e["rule"] for e in errors}),
                    "messages": [e["message"] for e in errors][:5],
                    "messages_en": [e["message_en"] for e in errors][:5],
                }
            )
    return refused


def _contribution(r: Report, address: str, collapsed: frozenset[str]) -> float:
    """``r``'s figure for ``address`` of the consolidated layout (a collapsed group sums ``r``'s sub-rows)."""
    if address in r.cells:
        return r.number(address)
    parts = address.split(".")
    if parts[0] == "t3" and parts[1] in collapsed:
        kids = [k.key for k in r.form.t3_rows if k.parent == parts[1]]
        return sum(r.number(f"t3.{k}.{parts[2]}") for k in kids) if kids else math.nan
    return math.nan


def consolidate(
    reports: Iterable,
    *,
    agency: str,
    year: int | None = None,
    kind: str | None = "government",
    refuse_failing: bool = True,
) -> Report:
    """Sum sub-units' reports into one: Tables 3 and 4 and the additive cells of Table 2, with provenance.

    Every contributor is checked first (:func:`~govinfo_widgets.rules.evaluate`): one with a failing error
    rule (an identity that does not hold, a missing table) is never summed — :class:`ConsolidationError`
    lists it with its findings, or with ``refuse_failing=False`` it is left out and listed in
    ``extras["consolidation"]["refused"]``. Contributors must share the year and the form. Leaf cells
    are summed; totals are then computed from the summed parts. Table 2 stocks (:data:`NOT_ADDITIVE`)
    are not summed (see :data:`TREATMENT`). Each summed cell's ``source`` names the contributors and
    their figures; ``extras["consolidation"]["cells"]`` holds the same per cell.

    Parameters
    ----------
    reports : iterable of Report or paths (Report JSON, .xlsx, published pages)
    agency : str
        The consolidating government, e.g. ``某县人民政府（全县汇总）``.
    year : int, optional
        Defaults to the contributors' common year.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> subs = [load_example(i).with_meta(year=2023) for i in ("000", "008", "013")]
    >>> total = consolidate(subs, agency="示例县人民政府", year=2023)
    >>> total.value("t3.new_received.total") == sum(s.value("t3.new_received.total") for s in subs)
    True
    >>> total.value("t2.art20_1.normative_docs.in_force") is None
    True
    """
    subs = [_load(x) for x in reports]
    if not subs:
        raise ConsolidationError("没有可汇总的下级单位报告", "no sub-unit reports to consolidate", [])
    refused = check_contributors(subs)
    years = {r.meta.year for r in subs}
    if year is None and len(years) == 1:
        year = next(iter(years))
    for r in subs:
        if r.meta.year != year:
            refused.append(
                {
                    "report": r.key,
                    "agency": r.meta.agency,
                    "year": r.meta.year,
                    "rules": ["year"],
                    "messages": [f"年度为 {r.meta.year}，汇总年度为 {year}"],
                    "messages_en": [f"year {r.meta.year}, consolidating {year}"],
                }
            )
    forms = {r.meta.form for r in subs if r.key not in {x["report"] for x in refused}}
    if len(forms) > 1:
        raise ConsolidationError(
            f"下级报告格式不一致：{'、'.join(sorted(forms))}",
            f"the sub-reports use different forms: {', '.join(sorted(forms))}",
            refused,
        )
    if refused and refuse_failing:
        names = "；".join(f"{x['agency']} {x['year']}（{'、'.join(x['rules'])}）" for x in refused)
        names_en = "; ".join(f"{x['agency']} {x['year']} ({', '.join(x['rules'])})" for x in refused)
        raise ConsolidationError(
            f"以下下级报告未通过检查，不予汇总：{names}",
            f"these sub-reports fail their checks and are not summed: {names_en}",
            refused,
        )
    bad = {x["report"] for x in refused}
    use = [r for r in subs if r.key not in bad]
    if not use:
        raise ConsolidationError("没有通过检查的下级报告可汇总", "no sub-report passed its checks", refused)
    out = Report.new(agency=agency, year=year, form=use[0].meta.form, kind=kind)
    form = out.form
    collapsed = frozenset().union(*(r.collapsed for r in use))
    stocks = NOT_ADDITIVE.get(form.key, {})
    cells, prov, not_additive = {}, {}, {}
    names = {r.key: r.meta.agency or r.key for r in use}
    for a in form.layout_addresses(collapsed):
        cd = form.cell(a)
        if cd.computed:
            continue
        parts = {r.key: _contribution(r, a, collapsed) for r in use}
        prov[a] = {k: (None if math.isnan(v) else (int(v) if float(v).is_integer() else v)) for k, v in parts.items()}
        listed = " + ".join(f"{names[k]} {'—' if v is None else v}" for k, v in prov[a].items())
        missing = [k for k, v in prov[a].items() if v is None]
        if cd.table == "t2" and cd.column in stocks:
            upper = "—" if missing else _fmt(sum(parts.values()))
            not_additive[a] = {"reason": stocks[cd.column][0], "reason_en": stocks[cd.column][1], "sum": upper}
            cells[a] = Cell(
                None,
                "blank_missing",
                raw="",
                source=f"汇总 / consolidated: {listed}",
                note=f"不可相加：{stocks[cd.column][0]}；各单位之和 {upper}（仅作上限参考）",
            )
        elif missing:
            cells[a] = Cell(
                None,
                "blank_missing",
                raw="",
                source=f"汇总 / consolidated: {listed}",
                note=f"缺少 {'、'.join(missing)} 的数值，未汇总 / missing in {', '.join(missing)}",
            )
        else:
            total = sum(parts.values())
            value = int(total) if float(total).is_integer() and cd.dtype != "decimal" else round(total, 6)
            cells[a] = Cell(value, "entered", source=f"汇总 / consolidated: {listed}")
    fees = {}
    for it in form.s6_items:
        vals = [r.fees.get(it["key"]) for r in use]
        if vals and all(isinstance(v, int | float) for v in vals):
            fees[it["key"]] = sum(vals)
    out = out.with_cells(cells).with_fees(**fees).computed()
    info = {
        "from": [{"report": r.key, "agency": r.meta.agency, "year": r.meta.year} for r in use],
        "refused": refused,
        "not_additive": not_additive,
        "not_additive_treatment": {"zh": TREATMENT[0], "en": TREATMENT[1]},
        "cells": prov,
    }
    out = out.with_meta(source={"kind": "consolidated"})
    return replace(out, extras={**out.extras, "consolidation": info})


def _fmt(v: float):
    return int(v) if float(v).is_integer() else round(v, 6)
