"""The issues panel: findings grouped by severity and rule; clicking one focuses its cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets as t

from ..rules import issues_json, messages
from ._strings import ISSUES_TEXT, catalogue

_HERE = Path(__file__).parent


def _titles() -> dict:
    return {k: {"zh": v.get("title", k), "en": v.get("title_en", k)} for k, v in messages().items() if k[0] != "_"}


class IssuesPanel(anywidget.AnyWidget):
    """Every finding of :func:`govinfo_widgets.rules.evaluate`, grouped by severity, then by rule.

    Parameters
    ----------
    records : list of dict, optional
        ``Findings.records``.
    on_focus : callable, optional
        Called with ``(cells, table)`` when the user clicks an issue.

    Examples
    --------
    >>> from govinfo_widgets import evaluate, load_example
    >>> p = IssuesPanel(evaluate(load_example("003")).records)
    >>> sorted({i["rule"] for i in p.issues if i["status"] == "fail" and i["severity"] == "error"})
    ['T4-01']
    """

    _esm = _HERE / "issues.js"
    _css = _HERE / "table.css"

    issues = t.List().tag(sync=True)
    titles = t.Dict().tag(sync=True)
    text = t.Dict().tag(sync=True)  # the panel's headings, from the one catalogue of interface strings
    lang = t.Unicode("zh").tag(sync=True)

    def __init__(self, records=(), on_focus: Callable[[list, str], None] | None = None, lang: str = "zh", **kwargs):
        super().__init__(
            issues=issues_json(records), titles=_titles(), text=catalogue(ISSUES_TEXT), lang=lang, **kwargs
        )
        self._on_focus = on_focus
        self.on_msg(self._message)

    def show(self, records) -> None:
        """Replace the findings shown."""
        self.issues = issues_json(records)

    def _message(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and "focus" in content and self._on_focus is not None:
            self._on_focus([str(c) for c in content.get("focus") or []], str(content.get("table") or ""))
