"""The linear rules of one report or of many: value vectors, matrix evaluation, the suspect cell, the issue."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..model import Report
from ..schema import FORM_KEYS, get_form
from ._compile import CheckSet, address_space, compile_checks
from ._render import fmt, not_assessable, render, short

TOL = 1e-6


def vector(report: Report | None) -> np.ndarray:
    """The report's values over the engine's address space (NaN where missing)."""
    addrs, index = address_space()
    v = np.full(len(addrs), np.nan)
    if report is not None and report.cells:
        v[[index[a] for a in report.cells]] = [c.number for c in report.cells.values()]
    return v


def compact_matrices(cs: CheckSet):
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


def evaluate_linear(cs: CheckSet, x: np.ndarray, *, compact: bool = False):
    """(lhs, rhs, fail, not_assessable) arrays for value matrix ``x`` (n_reports, 2N).

    With ``compact``, ``x`` holds only the columns the checks read (``compact_matrices(cs)[0]``).
    """
    used, left, right, uses = compact_matrices(cs)
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


def locate(cs: CheckSet, x: np.ndarray, d: np.ndarray, fail: np.ndarray, na: np.ndarray):
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
    by_cell = checks_by_cell(cs)
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


def checks_by_cell(cs: CheckSet) -> dict[int, list[int]]:
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
    for key in FORM_KEYS:
        f = get_form(key)
        if f.has_cell(address):
            return f.cell(address).computed
    return False


def linear_findings(fd, report: Report, previous: Report | None, values: np.ndarray):
    """The linear rules' findings on one report (``values``: its :func:`vector`) added to ``fd``."""
    cs = compile_checks(report.meta.form, report.collapsed, previous.meta.form if previous else None)
    if not cs.checks:
        return
    x = np.concatenate([values, vector(previous)])[None, :]
    lhs, rhs, fail, na = (a[0] for a in evaluate_linear(cs, x))
    shown = reported_checks(cs, fail[None, :], na[None, :], *table_presence(x))[0]
    suspects = locate(cs, x[0], lhs - rhs, fail, na)
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
        missing = [a for a, _ in (*c.lhs, *c.rhs) if math.isnan(x[column(a)])]
        out["message"], out["message_en"] = not_assessable(
            c.rule,
            f"{c.where}缺少数值：{'、'.join(short(form, a) for a in missing[:4])}",
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
        lhs=fmt(lhs),
        rhs=fmt(rhs),
        diff=fmt(d),
        cell=cell_zh,
        cell_en=cell_en,
    )
    suspect, suggested = located or (None, None)
    if suspect:
        zh += f"最可能出错的是「{short(form, suspect)}」，应为 {fmt(suggested)}。"
        en += f" Most likely wrong: {suspect}, which would be {fmt(suggested)}."
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


def column(a: str) -> int:
    addrs, index = address_space()
    return index[a[5:]] + len(addrs) if a.startswith("prev:") else index[a]
