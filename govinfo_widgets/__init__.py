"""govinfo-widgets: China's 政府信息公开工作年度报告 as data, checks and Jupyter widgets.

Names load on first use, so ``import govinfo_widgets`` costs almost nothing and the editor draws
without pandas, plotly or the PDF/Word readers.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: public name → module that defines it
_LAZY = {
    "ConsolidationError": ".consolidation",
    "consolidate": ".consolidation",
    "data_dir": ".data",
    "load_example": ".data",
    "load_examples": ".data",
    "GovinfoError": ".errors",
    "LegacyFormatError": ".errors",
    "ReportFormatError": ".errors",
    "Cell": ".model",
    "Report": ".model",
    "ReportMeta": ".model",
    "load_report": ".model",
    "audit": ".rules",
    "compute_totals": ".rules",
    "evaluate": ".rules",
    "validate": ".rules",
    "detect_form": ".schema",
    "get_form": ".schema",
}

__all__ = [
    "Cell",
    "ConsolidationError",
    "GovinfoError",
    "LegacyFormatError",
    "Report",
    "ReportFormatError",
    "ReportMeta",
    "audit",
    "compute_totals",
    "consolidate",
    "data_dir",
    "detect_form",
    "evaluate",
    "get_form",
    "load_example",
    "load_examples",
    "load_report",
    "validate",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .consolidation import ConsolidationError, consolidate
    from .data import data_dir, load_example, load_examples
    from .errors import GovinfoError, LegacyFormatError, ReportFormatError
    from .model import Cell, Report, ReportMeta, load_report
    from .rules import audit, compute_totals, evaluate, validate
    from .schema import detect_form, get_form
