"""Evaluate the rules on one report, or on many at once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from ..model import Report

if TYPE_CHECKING:
    import pandas as pd
from ..schema import C6, form_for_year, get_form
from ._catalog import RULES
from ._compile import CheckSet, address_space, compile_checks, messages
from ._issues import ISSUE_COLUMNS, issues_json

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
TOL = 1e-6


def _fmt(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".")


def render(rule_id: str, **params) -> tuple[str, str]:
    """The Chinese and English message for a rule (templates in ``messages.json``)."""
    cat = messages()
    key = rule_id if rule_id in cat else rule_id.split("-unreadable")[0]
    t = cat[key]
    p = {
        "where": "",
        "lhs": "",
        "rhs": "",
        "diff": "",
        "cell": "",
        "value": "",
        "expected": "",
        "detail": "",
        "n": "",
        **params,
    }
    p.setdefault("detail_en", p["detail"])
    p.setdefault("expected_en", p["expected"])
    zh = t["zh"].format(**p)
    en = t["en"].format(**{**p, "where": p.get("where_en", p["where"]), "cell": p.get("cell_en", p["cell"])})
    return zh, en


def _not_assessable(rule_id: str, detail: str, detail_en: str) -> tuple[str, str]:
    t = messages()[rule_id]
    return render("NOT_ASSESSABLE", title=t["title"], title_en=t["title_en"], detail=detail, detail_en=detail_en)


@dataclass
class Findings:
    """The outcome of checking one report: a list of issue records, a frame on demand."""

    report_id: str
    records: list[dict] = field(default_factory=list)

    def add(
        self,
        rule,
        status="fail",
        *,
        table=None,
        scope="",
        cells=(),
        expected=None,
        actual=None,
        diff=None,
        suspect=None,
        suggested=None,
        message="",
        message_en="",
        severity=None,
    ):
        r = RULES[rule]
        self.records.append(
            {
                "report_id": self.report_id,
                "rule": rule,
                "severity": severity or r.severity,
                "status": status,
                "table": table or r.table,
                "scope": scope,
                "cells": tuple(cells),
                "expected": expected,
                "actual": actual,
                "diff": diff,
                "suspect": suspect,
                "suggested": suggested,
                "message": message,
                "message_en": message_en,
            }
        )

    @property
    def frame(self) -> pd.DataFrame:
        import pandas as pd  # only when a frame is asked for: the editor checks without pandas

        df = pd.DataFrame.from_records(self.records, columns=ISSUE_COLUMNS)
        if len(df):
            order = df["severity"].map(SEVERITY_ORDER).fillna(3) + (df["status"] != "fail") * 10
            df = df.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
        return df

    def to_json(self, table: str | None = None) -> list[dict]:
        """The records as the browser reads them (:func:`~govinfo_widgets.rules.issues_json`)."""
        return issues_json(self.records, table)

    @property
    def errors(self) -> list[dict]:
        return [r for r in self.records if r["status"] == "fail" and r["severity"] == "error"]


# ---------------------------------------------------------------------------
# linear checks


def _vector(report: Report | None) -> np.ndarray:
    """The report's values over the engine's address space (NaN where missing)."""
    addrs, index = address_space()
    v = np.full(len(addrs), np.nan)
    if report is not None and report.cells:
        v[[index[a] for a in report.cells]] = [c.number for c in report.cells.values()]
    return v


def _compact(cs: CheckSet):
    """The columns the checks read, and the matrices restricted to them (cached per check set)."""
    key = id(cs)
    if key not in _COMPACT:
        used = np.flatnonzero(cs.uses.any(axis=0))
        _COMPACT[key] = (
            used,
            cs.left[:, used].T.copy(),
            cs.right[:, used].T.copy(),
            cs.uses[:, used].T.astype(np.float32),
        )
    return _COMPACT[key]


_COMPACT: dict[int, tuple] = {}


def _evaluate_linear(cs: CheckSet, x: np.ndarray, *, compact: bool = False):
    """(lhs, rhs, fail, not_assessable) arrays for value matrix ``x`` (n_reports, 2N).

    With ``compact``, ``x`` holds only the columns the checks read (``_compact(cs)[0]``).
    """
    used, left, right, uses = _compact(cs)
    if not compact:
        x = x[:, used]
    missing = np.isnan(x)
    x0 = np.where(missing, 0.0, x)
    lhs = x0 @ left
    rhs = x0 @ right
    na = (missing.astype(np.float32) @ uses) > 0
    d = lhs - rhs
    ops = cs.ops
    fail = np.where(ops == 0, np.abs(d) > TOL, np.where(ops == 1, d > TOL, d < -TOL)) & ~na
    return lhs, rhs, fail, na


def _locate(cs: CheckSet, x: np.ndarray, d: np.ndarray, fail: np.ndarray, na: np.ndarray):
    """For each failing locatable check, the one cell whose correction explains every failure.

    A cell is a suspect when every assessable check that reads it fails and all of them agree
    on the value it should have. When several cells qualify (a lone Table 4 group), a computed
    total is preferred: a total typed as 0 or left unchanged is the commonest slip.
    """
    out = {}
    if not fail.any():
        return out
    addrs, _ = address_space()
    n = len(addrs)
    by_cell = _checks_by_cell(cs)
    for i in np.flatnonzero(fail):
        if not cs.locate_terms[i]:
            continue
        cands = []
        for j, _ in cs.locate_terms[i]:
            related = [r for r in by_cell.get(j, ()) if not na[r]]
            if not all(fail[r] for r in related):
                continue
            proposals = {round(x[j] - d[r] / dict(cs.locate_terms[r])[j], 6) for r in related}
            if len(proposals) == 1:
                cands.append((j, proposals.pop()))
        if len(cands) > 1:
            totals = [(j, v) for j, v in cands if j < n and get_form_cell_computed(addrs[j])]
            cands = totals if len(totals) == 1 else cands
        if len(cands) == 1:
            j, v = cands[0]
            out[i] = (("prev:" if j >= n else "") + addrs[j % n], v)
    return out


_BY_CELL: dict[int, dict[int, list[int]]] = {}


def _checks_by_cell(cs: CheckSet) -> dict[int, list[int]]:
    """For each cell, the locatable checks that read it (cached per check set)."""
    key = id(cs)
    if key not in _BY_CELL:
        by_cell: dict[int, list[int]] = {}
        for i, terms in enumerate(cs.locate_terms):
            for j, _ in terms:
                by_cell.setdefault(j, []).append(i)
        _BY_CELL[key] = by_cell
    return _BY_CELL[key]


def get_form_cell_computed(address: str) -> bool:
    for key in ("gov_2021", "gov_2019"):
        f = get_form(key)
        if f.has_cell(address):
            return f.cell(address).computed
    return False


def _linear_findings(fd: Findings, report: Report, previous: Report | None, vector: np.ndarray):
    cs = compile_checks(report.meta.form, report.collapsed, previous.meta.form if previous else None)
    if not cs.checks:
        return
    x = np.concatenate([vector, _vector(previous)])[None, :]
    lhs, rhs, fail, na = (a[0] for a in _evaluate_linear(cs, x))
    shown = reported_checks(cs, fail[None, :], na[None, :], *table_presence(x))[0]
    suspects = _locate(cs, x[0], lhs - rhs, fail, na)
    for i in np.flatnonzero(shown):
        fd.records.append(
            {
                "report_id": fd.report_id,
                **linear_issue(cs.checks[i], report.form, x[0], lhs[i], rhs[i], bool(fail[i]), suspects.get(i)),
            }
        )


PRESENCE_TABLES = ("t2", "t3", "t4")


@lru_cache(maxsize=1)
def _table_members() -> np.ndarray:
    """(N, 3) float32: 1 where an address belongs to a table of :data:`PRESENCE_TABLES`."""
    addrs, _ = address_space()
    return np.array([[a.startswith(t + ".") for t in PRESENCE_TABLES] for a in addrs], dtype=np.float32)


def table_presence(x: np.ndarray, columns=None) -> tuple[np.ndarray, np.ndarray]:
    """Which tables (:data:`PRESENCE_TABLES`) each row of ``x`` reads at least one value of.

    ``x`` holds rows over the address space followed by last year's (``2N`` columns), or,
    with ``columns`` (the column of ``x`` for each address), this year's values only.
    Returns the (rows, 3) masks for this year and last year.
    """
    member = _table_members()
    read = (~np.isnan(x)).astype(np.float32)
    if columns is not None:  # absent addresses point at an all-NaN column
        m = np.zeros((x.shape[1], member.shape[1]), dtype=np.float32)
        m[columns] = member
        cur = (read @ m) > 0
        return cur, np.zeros_like(cur)
    n = len(member)
    return (read[:, :n] @ member) > 0, (read[:, n:] @ member) > 0


def _check_tables(cs: CheckSet) -> tuple[np.ndarray, np.ndarray]:
    """Per check: its table's index in :data:`PRESENCE_TABLES`, and whether it is cross-year."""
    key = id(cs)
    if key not in _TABLES:
        _TABLES[key] = (
            np.array([PRESENCE_TABLES.index(c.table) for c in cs.checks], dtype=int),
            np.array([c.rule.startswith("X") for c in cs.checks], dtype=bool),
        )
    return _TABLES[key]


_TABLES: dict[int, tuple] = {}


def reported_checks(cs: CheckSet, fail, na, present, present_prev) -> np.ndarray:
    """The checks to report for each row: every failure, and a not-assessable check when its
    table is present this year (for a cross-year check: this year or last year).

    An absent table is reported once, by S-02, not by each of its checks.
    """
    table, cross = _check_tables(cs)
    shown = present[:, table] | (cross[None, :] & present_prev[:, table])
    return fail | (na & shown)


def linear_issue(c, form, x: np.ndarray, lhs: float, rhs: float, failed: bool, located=None) -> dict:
    """The issue fields of one failed or not-assessable linear check.

    The one renderer of the linear rules, for :func:`evaluate` and
    :func:`~govinfo_widgets.rules.audit_wide`: the same failure gives the same message, cells
    and suspect. ``x`` is the report's row over the address space followed by last year's;
    ``located`` is the ``(suspect, suggested)`` pair that explains the failure, if any.
    """
    out = {
        "rule": c.rule,
        "severity": c.severity,
        "status": "fail" if failed else "not_assessable",
        "table": c.table,
        "scope": c.scope,
        "cells": c.cells,
        "expected": None,
        "actual": None,
        "diff": None,
        "suspect": None,
        "suggested": None,
    }
    if not failed:
        missing = [a for a, _ in (*c.lhs, *c.rhs) if math.isnan(x[_col(a)])]
        out["message"], out["message_en"] = _not_assessable(
            c.rule,
            f"{c.where}缺少数值：{'、'.join(_short(form, a) for a in missing[:4])}",
            f"{c.where_en} lacks values: {', '.join(missing[:4])}",
        )
        return out
    d = lhs - rhs
    cell_zh = form.t3_row[c.lhs[0][0].split(".")[1]].label if c.rule == "T3-04" else ""
    cell_en = form.t3_row[c.lhs[0][0].split(".")[1]].label_en if c.rule == "T3-04" else ""
    zh, en = render(
        c.rule,
        where=c.where,
        where_en=c.where_en,
        lhs=_fmt(lhs),
        rhs=_fmt(rhs),
        diff=_fmt(d),
        cell=cell_zh,
        cell_en=cell_en,
    )
    suspect, suggested = located or (None, None)
    if suspect:
        zh += f"最可能出错的是「{_short(form, suspect)}」，应为 {_fmt(suggested)}。"
        en += f" Most likely wrong: {suspect}, which would be {_fmt(suggested)}."
    out.update(
        expected=float(rhs),
        actual=float(lhs),
        diff=float(d),
        suspect=suspect,
        suggested=suggested,
        message=zh,
        message_en=en,
    )
    return out


def _col(a: str) -> int:
    addrs, index = address_space()
    return index[a[5:]] + len(addrs) if a.startswith("prev:") else index[a]


def _short(form, address: str) -> str:
    prefix = "上年" if address.startswith("prev:") else ""
    a = address.removeprefix("prev:")
    try:
        return prefix + form.cell(a).describe()
    except KeyError:
        return address


# ---------------------------------------------------------------------------
# cell rules


def _cell_findings(fd: Findings, report: Report, vector: np.ndarray):
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
            zh, en = render("V-05", cell=name, cell_en=name_en, expected=_fmt(expected))
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
                zh, en = render("V-03", cell=name, cell_en=name_en, value=_fmt(v))
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
    zh, en = render(rule, cell=d.describe(), cell_en=d.describe("en"), value=_fmt(value))
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


def _t3_rules(fd: Findings, report: Report, vector: np.ndarray):
    form = report.form
    rows, grid = _t3_grid(form.key, report.collapsed)
    m = vector[grid]
    ok_rows = ~np.isnan(m).any(axis=1)
    bad = ok_rows & (np.abs(m[:, :6].sum(axis=1) - m[:, 6]) > TOL)
    # T3-07: a zero total over non-zero parts
    for i in np.flatnonzero(bad & (m[:, 6] == 0) & (m[:, :6].sum(axis=1) > 0)):
        r = form.t3_row[rows[i]]
        zh, en = render("T3-07", where=f"「{r.label}」行", where_en=f"row {r.label_en}", rhs=_fmt(m[i, :6].sum()))
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
                zh, en = render("T3-06", where=f"「{r.label}」", where_en=r.label_en, lhs=_fmt(v), rhs=_fmt(s))
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


_RULE_MAKERS = {
    ("government", "provincial"),
    ("government", "municipal"),
    ("department", "national"),
    ("government", "national"),
}


def _t2_rules(fd: Findings, report: Report):
    form = report.form
    if form.key != "gov_2021":
        return
    fee = report.value("t2.art20_8.admin_fees.fee_amount_wan_yuan")
    m = report.meta
    if fee is not None:
        small = m.level in ("county", "township") or m.kind == "department"
        if fee >= 1_000_000 or (small and fee >= 200_000):
            a = "t2.art20_8.admin_fees.fee_amount_wan_yuan"
            zh, en = render("T2-04", cell=form.cell(a).describe(), cell_en=form.cell(a).describe("en"), value=_fmt(fee))
            fd.add("T2-04", table="t2", scope=a, cells=(a,), actual=float(fee), message=zh, message_en=en)
    rules = [f"t2.art20_1.rules.{c}" for c in ("issued", "repealed", "in_force")]
    total = sum(report.number(a) for a in rules if a in report.cells)
    if total and total > 0:
        if m.kind is None or m.level is None:
            zh, en = _not_assessable(
                "T2-01", "报告未注明机关类型和层级", "the report's body type and level are unknown"
            )
            fd.add("T2-01", "not_assessable", table="t2", scope="rules", cells=tuple(rules), message=zh, message_en=en)
        elif (m.kind, m.level) not in _RULE_MAKERS:
            who = {"county": "县级", "township": "乡镇（街道）", "municipal": "市级", "provincial": "省级"}.get(
                m.level, m.level
            )
            kind = "人民政府" if m.kind == "government" else "部门"
            zh, en = render("T2-01", value=_fmt(total), detail=who + kind, detail_en=f"a {m.level} {m.kind}")
            fd.add(
                "T2-01", table="t2", scope="rules", cells=tuple(rules), actual=float(total), message=zh, message_en=en
            )


# ---------------------------------------------------------------------------
# structure rules

_TABLE_NAMES = {
    "t2": ("二", "主动公开政府信息情况", "Proactive disclosure"),
    "t3": ("三", "收到和处理政府信息公开申请情况", "Requests received and handled"),
    "t4": ("四", "政府信息公开行政复议、行政诉讼情况", "Reconsideration and litigation"),
}


def _structure_findings(fd: Findings, report: Report):
    form = report.form
    m = report.meta
    # S-03: the format prescribed for the year
    if m.year is not None and m.year >= 2019:
        expected = form_for_year(m.year)
        if expected.key != form.key:
            zh, en = render(
                "S-03",
                value=m.year,
                expected=expected.name["zh"],
                expected_en=expected.name["en"],
                detail=form.name["zh"],
                detail_en=form.name["en"],
            )
            fd.add("S-03", table="meta", scope="form", message=zh, message_en=en)
    # S-02 / S-04: tables present, labels found
    image_only = set(report.extras.get("image_tables") or ())
    for t, (no, title, title_en) in _TABLE_NAMES.items():
        cells = form.table_addresses(t, report.collapsed)
        present = [a for a in cells if a in report.cells]
        if t in image_only:
            zh, en = _not_assessable("S-02", f"表{no}只有图片，未能识别", f"table {no} is an image only")
            fd.add("S-02", "not_assessable", table=t, scope=t, message=zh, message_en=en)
        elif not present and t in (report.extras.get("tables_seen") or ()):
            # the table is there, but not in a layout the reader could bind: not the same finding as an absent table
            zh, en = render("S-02-unreadable", where=f"表{no}", where_en=no, detail=title, detail_en=title_en)
            fd.add("S-02", "not_assessable", table=t, scope=t, cells=tuple(cells), message=zh, message_en=en)
        elif not present:
            zh, en = render("S-02", where=f"表{no}", where_en=no, detail=title, detail_en=title_en)
            fd.add("S-02", table=t, scope=t, cells=tuple(cells), message=zh, message_en=en)
        elif len(present) < len(cells):
            absent = [a for a in cells if a not in report.cells]
            groups: dict[str, list[str]] = {}
            for a in absent:
                d = form.cell(a)
                groups.setdefault(d.label if t != "t4" else d.describe(), []).append(a)
            for label, addrs in groups.items():
                zh, en = render("S-04", where=f"表{no}", where_en=f"table {no}", detail=label)
                fd.add("S-04", table=t, scope=addrs[0], cells=tuple(addrs), message=zh, message_en=en)
    # T4-02: exactly 15 numbers
    t4 = form.table_addresses("t4", report.collapsed)
    have = [a for a in t4 if a in report.cells and report.cells[a].status != "unreadable"]
    found = report.extras.get("t4_numeric_count")
    if have and (len(have) != 15 or (found is not None and found != 15)):
        n = found if found is not None else len(have)
        zh, en = render("T4-02", detail=f"实际读到 {n} 个", detail_en=f"{n} were read")
        fd.add("T4-02", table="t4", scope="t4", cells=tuple(a for a in t4 if a not in have), message=zh, message_en=en)
    _section_findings(fd, report)


def _section_findings(fd: Findings, report: Report):
    from .text import section_findings

    section_findings(fd, report)


# ---------------------------------------------------------------------------
# cross-year rules


def _cross_findings(fd: Findings, report: Report, previous: Report):
    order = {"gov_2019": 0, "gov_2021": 1}
    if order[report.meta.form] < order[previous.meta.form]:
        zh, en = render("X-03", lhs=report.meta.form, rhs=previous.meta.form)
        fd.add("X-03", table="meta", scope="form", message=zh, message_en=en)
    from .text import similarity_finding

    similarity_finding(fd, report, previous)


# ---------------------------------------------------------------------------
# public


def evaluate(report: Report, previous: Report | None = None) -> Findings:
    """Every rule on ``report`` (and the cross-year rules against ``previous``).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> f = evaluate(load_example("003"))
    >>> sorted({r["rule"] for r in f.errors})
    ['T4-01']
    """
    fd = Findings(report.key)
    vector = _vector(report)
    _linear_findings(fd, report, previous, vector)
    _cell_findings(fd, report, vector)
    _structure_findings(fd, report)
    if previous is not None:
        _cross_findings(fd, report, previous)
    return fd


def validate(report: Report, previous: Report | None = None) -> pd.DataFrame:
    """The issues frame of one report (columns :data:`ISSUE_COLUMNS`), errors first.

    ``status`` is ``fail`` or ``not_assessable``; passing checks are not listed.
    """
    return evaluate(report, previous).frame


def compute_totals(report: Report, only_missing: bool = True) -> Report:
    """Fill the computed cells (总计 column, （七）总计, Table 4 总计) from their parts.

    The parts are the form's (:meth:`~govinfo_widgets.schema.Form.computed_parts`), filled in
    dependency order, so a total of totals adds the totals just filled. Only cells whose parts
    are all known are filled; with ``only_missing`` (default) a total that is present is left
    as it is.

    Examples
    --------
    >>> from govinfo_widgets import Report
    >>> r = Report.new("某局", 2022).with_values({"t4.review_upheld": 2, "t4.review_corrected": 1,
    ...     "t4.review_other": 0, "t4.review_pending": 4})
    >>> compute_totals(r).value("t4.review_total")
    7
    """
    from ..model import Cell

    new: dict = {}
    for a, parts in report.form.computed_parts(report.collapsed).items():
        c = report.cells.get(a)
        if only_missing and c is not None and not c.missing:
            continue
        v = float(sum(new[p].number if p in new else report.number(p) for p in parts))
        if not math.isnan(v):
            new[a] = Cell(int(v) if v.is_integer() else v, "computed", source="computed")
    return report.with_cells(new) if new else report
