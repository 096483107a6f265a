"""Evaluate every rule on one report: the findings record, the structure and cross-year rules, ``evaluate``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..model import Report

if TYPE_CHECKING:
    import pandas as pd
from ..schema import form_for_year
from ._catalog import RULES
from ._cells import cell_findings
from ._issues import ISSUE_COLUMNS, issues_json
from ._linear import linear_findings, vector
from ._narrative import section_findings, similarity_finding
from ._render import not_assessable, render

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


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
        if expected.key != form.rules_as:  # a variant checked as the national format is that format
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
            zh, en = not_assessable("S-02", f"表{no}只有图片，未能识别", f"table {no} is an image only")
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
    # T4-02: exactly the form's number of Table 4 cells (15 in both national forms)
    t4 = form.table_addresses("t4", report.collapsed)
    have = [a for a in t4 if a in report.cells and report.cells[a].status != "unreadable"]
    found = report.extras.get("t4_numeric_count")
    if have and (len(have) != len(t4) or (found is not None and found != len(t4))):
        n = found if found is not None else len(have)
        zh, en = render("T4-02", n=len(t4), detail=f"实际读到 {n} 个", detail_en=f"{n} were read")
        fd.add("T4-02", table="t4", scope="t4", cells=tuple(a for a in t4 if a not in have), message=zh, message_en=en)
    section_findings(fd, report)


# ---------------------------------------------------------------------------
# cross-year rules


def _cross_findings(fd: Findings, report: Report, previous: Report):
    since = [f.spec["report_years"]["from"] for f in (report.form, previous.form)]  # the newer format came later
    if since[0] < since[1]:
        zh, en = render("X-03", lhs=report.meta.form, rhs=previous.meta.form)
        fd.add("X-03", table="meta", scope="form", message=zh, message_en=en)
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
    x = vector(report)
    linear_findings(fd, report, previous, x)
    cell_findings(fd, report, x)
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
    as it is. The same as :meth:`Report.computed <govinfo_widgets.Report.computed>`.

    Examples
    --------
    >>> from govinfo_widgets import Report
    >>> r = Report.new("某局", 2022).with_values({"t4.review_upheld": 2, "t4.review_corrected": 1,
    ...     "t4.review_other": 0, "t4.review_pending": 4})
    >>> compute_totals(r).value("t4.review_total")
    7
    """
    return report.computed(only_missing=only_missing)
