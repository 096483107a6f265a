"""The reconciliation rules of spec §6 and the engine that evaluates them."""

from ._audit import audit, audit_wide
from ._catalog import LINEAR_RULES, RULES, Rule
from ._compile import Check, CheckSet, compile_checks, messages
from ._engine import ISSUE_COLUMNS, Findings, compute_totals, evaluate, render, validate

__all__ = [
    "ISSUE_COLUMNS",
    "LINEAR_RULES",
    "RULES",
    "Check",
    "CheckSet",
    "Findings",
    "Rule",
    "audit",
    "audit_wide",
    "compile_checks",
    "compute_totals",
    "evaluate",
    "messages",
    "render",
    "validate",
]
