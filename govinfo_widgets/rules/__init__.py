"""The reconciliation rules of spec §6 and the engine that evaluates them."""

from ._catalog import LINEAR_RULES, RULES, Rule
from ._compile import Check, CheckSet, address_space, compile_checks, messages
from ._engine import ISSUE_COLUMNS, Findings, compute_totals, evaluate, render, validate
from ._issues import issues_json


def __getattr__(name: str):
    # the batch audit needs pandas; the editor's checks do not, so it loads on first use
    if name in ("audit", "audit_wide"):
        from . import _audit

        return getattr(_audit, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ISSUE_COLUMNS",
    "LINEAR_RULES",
    "RULES",
    "Check",
    "CheckSet",
    "Findings",
    "Rule",
    "address_space",
    "audit",
    "audit_wide",
    "compile_checks",
    "compute_totals",
    "evaluate",
    "issues_json",
    "messages",
    "render",
    "validate",
]
