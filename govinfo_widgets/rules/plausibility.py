"""Plausibility while drafting (A-01 … A-03): figures that add up but look wrong against history and peers.

A typo kept consistent (3119 typed as 31190 in a cell and its total) passes every identity; it shows
against last year's report (A-01), against comparable agencies in ``data/`` (A-02), or as a total with
no breakdown (A-03). All three are warnings, evaluated in the kernel after each edit (they need history,
which the browser does not have). Thresholds and key figures are data: ``_catalog.PLAUSIBILITY``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

from ..model import Report
from ..schema import C6
from ._catalog import PLAUSIBILITY
from ._engine import Findings
from ._render import render

_KIND = {"government": ("人民政府", "people's governments"), "department": ("政府部门", "government departments")}
_LEVEL = {
    "national": ("国家级", "national"),
    "provincial": ("省级", "provincial"),
    "municipal": ("市级", "municipal"),
    "county": ("县级", "county"),
    "township": ("乡镇级", "township"),
}


def thousands(v: float) -> str:
    """``31190`` → ``31,190`` (decimals keep up to 4 places).

    Examples
    --------
    >>> thousands(31190), thousands(2.5)
    ('31,190', '2.5')
    """
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def _year_on_year(fd: Findings, report: Report, previous: Report) -> None:
    p = PLAUSIBILITY
    for a in p["key_figures"]:
        if not (report.form.has_cell(a) and previous.form.has_cell(a)):
            continue
        cur, prev = report.number(a), previous.number(a)
        if math.isnan(cur) or math.isnan(prev) or cur <= 0 or prev <= 0 or max(cur, prev) < p["yoy_min"]:
            continue
        ratio = cur / prev
        if 1 / p["yoy_factor"] < ratio < p["yoy_factor"]:
            continue
        d = report.form.cell(a)
        if ratio >= 1:
            detail, detail_en = f"为去年的 {ratio:.1f} 倍", f"{ratio:.1f} times last year"
        else:
            detail, detail_en = f"为去年的 {1 / ratio:.1f} 分之一", f"1/{1 / ratio:.1f} of last year"
        zh, en = render(
            "A-01",
            cell=d.describe(),
            cell_en=d.describe("en"),
            expected=thousands(prev),
            value=thousands(cur),
            detail=detail,
            detail_en=detail_en,
        )
        fd.add(
            "A-01",
            table=d.table,
            scope=a,
            cells=(a,),
            expected=prev,
            actual=cur,
            diff=cur - prev,
            message=zh,
            message_en=en,
        )


@lru_cache(maxsize=1)
def _bundled() -> tuple[Report, ...]:
    from ..data import load_examples

    try:
        return tuple(load_examples())
    except FileNotFoundError:
        return ()


def peer_group(report: Report, peers: Iterable[Report]) -> tuple[list[Report], str, str]:
    """The comparable agencies: same kind and level, else same kind; never the report's own agency.

    Returns the peers (one or more reports per agency), and a zh/en description of the group; the list is
    empty when fewer than ``min_peers`` distinct agencies are comparable.
    """
    others = [r for r in peers if r.meta.agency and r.meta.agency != report.meta.agency]
    kind, level = report.meta.kind, report.meta.level
    tiers = []
    if kind and level:
        tiers.append(
            (
                [r for r in others if r.meta.kind == kind and r.meta.level == level],
                _LEVEL.get(level, (level, level))[0] + _KIND.get(kind, (kind, kind))[0],
                f"{_LEVEL.get(level, (level, level))[1]} {_KIND.get(kind, (kind, kind))[1]}",
            )
        )
    if kind:
        tiers.append(([r for r in others if r.meta.kind == kind], *_KIND.get(kind, (kind, kind))))
    for group, zh, en in tiers:
        if len({r.meta.agency for r in group}) >= PLAUSIBILITY["min_peers"]:
            return group, zh, en
    return [], "", ""


def _peers(fd: Findings, report: Report, peers: Iterable[Report]) -> None:
    group, zh_group, en_group = peer_group(report, peers)
    if not group:
        return  # not enough comparable agencies: nothing is said
    f = PLAUSIBILITY["peer_factor"]
    n = len({r.meta.agency for r in group})
    for a in PLAUSIBILITY["key_figures"]:
        if not report.form.has_cell(a):
            continue
        cur = report.number(a)
        vals = [v for v in (r.number(a) for r in group if r.form.has_cell(a)) if not math.isnan(v)]
        if math.isnan(cur) or len(vals) < PLAUSIBILITY["min_peers"]:
            continue
        lo, hi = min(vals), max(vals)
        if not (cur > f * max(hi, 1) or (cur > 0 and lo > 0 and cur * f < lo)):
            continue
        d = report.form.cell(a)
        zh, en = render(
            "A-02",
            cell=d.describe(),
            cell_en=d.describe("en"),
            value=thousands(cur),
            n=n,
            where=zh_group,
            where_en=en_group,
            expected=f"{thousands(lo)}–{thousands(hi)}",
        )
        fd.add(
            "A-02",
            table=d.table,
            scope=a,
            cells=(a,),
            expected=hi if cur > hi else lo,
            actual=cur,
            message=zh,
            message_en=en,
        )


def _total_only(fd: Findings, report: Report) -> None:
    form = report.form
    for r in form.t3_data_rows(report.collapsed):
        total = report.number(f"t3.{r.key}.total")
        if math.isnan(total) or total <= 0:
            continue
        parts = [f"t3.{r.key}.{c}" for c in C6]
        if all(p in report.cells and report.number(p) == 0 for p in parts):
            a = f"t3.{r.key}.total"
            d = form.cell(a)
            zh, en = render("A-03", cell=d.describe(), cell_en=d.describe("en"), value=thousands(total))
            fd.add("A-03", table="t3", scope=a, cells=(a, *parts), expected=0, actual=total, message=zh, message_en=en)


def plausibility(report: Report, previous: Report | None = None, peers: Iterable[Report] | None = None) -> Findings:
    """The plausibility warnings of ``report``: A-01 (needs ``previous``), A-02 (peers), A-03.

    Parameters
    ----------
    report : Report
    previous : Report, optional
        Last year's report of the same agency.
    peers : iterable of Report, optional
        Reports of other agencies to compare with; default the bundled reports in ``data/``.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> last = load_example("002")  # 淮安市人民政府 2024: 3,119 new requests
    >>> typo = last.with_meta(year=2025).with_values({"t3.new_received.total": 31190})
    >>> [r["message"] for r in plausibility(typo, last).records if r["rule"] == "A-01"]
    ['一、本年新收政府信息公开申请数量 · 总计：去年 3,119，今年 31,190（为去年的 10.0 倍），请核对是否多输或少输了数位。']
    """
    fd = Findings(report.key)
    if previous is not None:
        _year_on_year(fd, report, previous)
    _peers(fd, report, _bundled() if peers is None else peers)
    _total_only(fd, report)
    return fd
