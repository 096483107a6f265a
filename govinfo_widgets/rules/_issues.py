"""The one issues shape: records with the columns :data:`ISSUE_COLUMNS`, as a frame or as JSON for the browser."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping

#: The columns of every issues frame and of its JSON, in order.
ISSUE_COLUMNS = [
    "report_id",
    "rule",
    "severity",
    "status",
    "table",
    "scope",
    "cells",
    "expected",
    "actual",
    "diff",
    "suspect",
    "suggested",
    "message",
    "message_en",
]


def _plain(v):
    """A JSON-safe scalar: numpy numbers as Python numbers, NaN/inf as ``None``, tuples as lists."""
    if v is None or isinstance(v, str | bool):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        f = float(v)
        if not math.isfinite(f):
            return None
        return int(f) if f.is_integer() else f
    if isinstance(v, list | tuple) or hasattr(v, "tolist"):
        return [_plain(x) for x in (v.tolist() if hasattr(v, "tolist") else v)]
    return str(v)


def _rows(issues) -> Iterable[Mapping]:
    if hasattr(issues, "records") and not callable(issues.records):  # Findings
        return issues.records
    if hasattr(issues, "to_dict") and hasattr(issues, "columns"):  # the issues frame
        return issues.to_dict("records")
    return issues


def issues_json(issues, table: str | None = None) -> list[dict]:
    """The issues as the browser reads them: one dict per issue with every column of :data:`ISSUE_COLUMNS`.

    ``issues`` is a :class:`~govinfo_widgets.rules.Findings`, its ``records`` or its ``frame``; with
    ``table``, only the issues of that table or touching one of its cells. Values are JSON-safe
    (``cells`` a list, missing numbers ``None``, texts ``""`` when absent).

    Examples
    --------
    >>> from govinfo_widgets import evaluate, load_example
    >>> items = issues_json(evaluate(load_example("003")), "t4")
    >>> sorted(items[0]) == sorted(ISSUE_COLUMNS), items[0]["rule"]
    (True, 'T4-01')
    """
    out = []
    for r in _rows(issues):
        cells = [str(c) for c in (r.get("cells") or ())]
        if table is not None and not (r.get("table") == table or any(c.startswith(table + ".") for c in cells)):
            continue
        item = {k: _plain(r.get(k)) for k in ISSUE_COLUMNS}
        item["cells"] = cells
        for k in ("report_id", "table", "scope", "message", "message_en"):
            item[k] = item[k] or ""
        out.append(item)
    return out
