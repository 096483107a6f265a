"""One official-form table (Table 2, 3 or 4) as an anywidget that checks itself as you type; what it sends and
receives is made in ``_table_data``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets as t

from ..model import Report
from ..rules import evaluate, issues_json
from ._table_data import (
    TABLES,
    apply_values,
    auto_totals,
    issue_items,
    projection,
)

_HERE = Path(__file__).parent

__all__ = [
    "TABLES",
    "FormTable",
    "apply_values",
    "auto_totals",
    "issue_items",
    "projection",
]


class FormTable(anywidget.AnyWidget):
    """An official-layout table (``t2``, ``t3`` or ``t4``) of one report, editable, checked as you type.

    The browser re-evaluates the compiled linear checks on every keystroke; the kernel runs every
    rule (:func:`govinfo_widgets.rules.evaluate`) on each edit and its answer replaces the browser's.

    Parameters
    ----------
    report : Report
    table : str
        ``"t2"``, ``"t3"`` or ``"t4"``.
    previous : Report, optional
        Last year's report (cross-year checks X-01, X-02, T2-05).
    lang : str
        ``"zh"`` (default) or ``"en"``.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> w = FormTable(load_example("000"), "t3")
    >>> w.report = w.report.with_values({"t3.new_received.natural_person": 2})
    >>> w.values["t3.new_received.natural_person"]
    2
    """

    _esm = _HERE / "table.js"
    _css = _HERE / "table.css"

    table = t.Unicode("t3").tag(sync=True)
    form = t.Dict().tag(sync=True)
    # what the browser sends back is taken with ipywidgets' set_state (state received from the front end), not
    # echoed to it: the browser already shows what was typed
    values = t.Dict().tag(sync=True, echo_update=False)
    manual = t.List().tag(sync=True, echo_update=False)
    issues = t.Dict({"rev": -1, "items": []}).tag(sync=True)
    rev = t.Int(0).tag(sync=True)
    edit = t.Dict().tag(sync=True)  # browser → kernel: {"rev", "values", "manual"} of each edit, in one message
    lang = t.Unicode("zh").tag(sync=True)
    focus = t.Dict().tag(sync=True)

    def __init__(
        self,
        report: Report,
        table: str = "t3",
        previous: Report | None = None,
        lang: str = "zh",
        on_edit: Callable[[FormTable, dict, list], None] | None = None,
        **kwargs,
    ):
        p = projection(report, table, previous)
        self._report = report
        self._previous = previous
        self._on_edit = on_edit
        self._focus_n = 0
        self._edit_rev = 0
        self._syncing = True
        super().__init__(table=table, form=p["form"], values=p["values"], manual=p["manual"], lang=lang, **kwargs)
        self._syncing = False
        if on_edit is None:
            self.show_findings(evaluate(report, previous).records)

    # ---- Python side --------------------------------------------------------------------
    @property
    def report(self) -> Report:
        """The report as edited so far."""
        return self._report

    @report.setter
    def report(self, report: Report) -> None:
        self.set_report(report)

    def set_report(self, report: Report, previous: Report | None | bool = False) -> None:
        """Show another report (a restore, last year's carry-over): replaces what the browser shows."""
        if previous is not False:
            self._previous = previous
        p = projection(report, self.table, self._previous)
        self._report = report
        self._syncing = True
        try:
            self._push(p)
        finally:
            self._syncing = False
        if self._on_edit is None:
            self.show_findings(evaluate(report, self._previous).records)

    def _push(self, p: dict) -> None:
        with self.hold_sync():
            if p["form"] != self.form:
                self.form = p["form"]
            self.values = p["values"]
            self.manual = p["manual"]
            self.rev = max(self.rev, self._edit_rev) + 1

    def show_findings(self, records, rev: int | None = None) -> None:
        """Send the kernel's findings (for edit ``rev``, default the latest) to the browser."""
        rev = max(self.rev, self._edit_rev) if rev is None else rev
        self.issues = {"rev": rev, "items": issues_json(records, self.table)}

    def focus_cells(self, cells) -> None:
        """Move the cursor to the first of ``cells`` and flash them all."""
        self._focus_n += 1
        self.focus = {"cells": list(cells), "n": self._focus_n}

    @t.observe("edit")
    def _edited(self, change) -> None:
        """An edit from the browser: the whole table's values, the typed totals and the edit's number."""
        e = change["new"] or {}
        if self._syncing or "values" not in e:
            return
        values, manual = dict(e["values"]), list(e.get("manual") or [])
        self._edit_rev = max(self._edit_rev, int(e.get("rev") or 0))
        self._syncing = True
        try:  # keep the Python copy of the projection current without sending it back
            self.set_state({"values": values, "manual": manual})
        finally:
            self._syncing = False
        if self._on_edit is not None:  # the owner merges, saves, checks and answers (even an edit that changed nothing)
            self._on_edit(self, values, manual)
            return
        self._report = apply_values(self._report, values, manual)
        self.show_findings(evaluate(self._report, self._previous).records)

    @t.observe("lang")
    def _lang_changed(self, change) -> None:
        if change["new"] not in ("zh", "en"):
            self.lang = "zh"
