"""The editor's findings: the issues panel (click to go to the cells) and the prose-vs-tables list (TX)."""

from __future__ import annotations

import traceback
from collections.abc import Callable

import ipywidgets as w

from ..escape import esc
from ..model import Report
from ..rules import evaluate
from ..rules.plausibility import plausibility
from ._issues import IssuesPanel
from ._strings import TEXT
from ._ui import GREEN, tr


def check(report: Report, previous: Report | None) -> list[dict]:
    """Every rule's findings on ``report`` (with A-01…A-03, which need last year's); a rule that throws
    gives one ENGINE finding that says so, and the data is kept."""
    try:
        return evaluate(report, previous).records + plausibility(report, previous).records
    except Exception as e:
        traceback.print_exc()
        why = f"{type(e).__name__}: {e}"
        zh, en = TEXT["check_failed"]
        return [
            {
                "rule": "ENGINE",
                "severity": "error",
                "status": "not_assessable",
                "table": "all",
                "cells": (),
                "message": zh + why,
                "message_en": en + why,
            }
        ]


def prose_html(findings: list[dict], lang: str) -> str:
    """The TX findings (prose vs tables) as a list, or a line saying there are none."""
    tx = [r for r in findings if r["rule"].startswith("TX")]
    if not tx:
        return f"<div style='color:{GREEN};font-size:13px'>{esc(tr('prose_ok', lang))}</div>"
    key = "message_en" if lang == "en" else "message"
    items = "".join(
        f"<li class='gw-tx gw-tx-{esc(r['status'])}'><b>{esc(r['rule'])}</b> {esc(r.get(key) or '')}</li>" for r in tx
    )
    return f"<ul style='margin:2px 0;padding-left:1.4em;font-size:13px'>{items}</ul>"


class FindingsView:
    """The four parts of the side column that show findings: ``ihead``, ``panel``, ``phead``, ``prose``.

    Not a widget itself: its parts sit directly in the side column (its CSS grid places each one).
    """

    def __init__(self, on_focus: Callable, lang: str = "zh"):
        self.lang = lang
        self.ihead, self.phead, self.prose = w.HTML(), w.HTML(), w.HTML()
        self.panel = IssuesPanel(on_focus=on_focus, lang=lang)
        self.relabel(lang)

    @property
    def parts(self) -> dict:
        return {"ihead": self.ihead, "issues": self.panel, "phead": self.phead, "prose": self.prose}

    def show(self, findings: list[dict]) -> None:
        self.panel.show(findings)
        self.prose.value = prose_html(findings, self.lang)

    def relabel(self, lang: str) -> None:
        self.lang = self.panel.lang = lang
        self.ihead.value = f"<h4 style='margin:10px 0 2px'>{esc(tr('issues', lang))}</h4>"
        self.phead.value = f"<h4 style='margin:10px 0 2px'>{esc(tr('prose', lang))}</h4>"
