"""govinfo-widgets: China's 政府信息公开工作年度报告 as data, checks and Jupyter widgets."""

from .consolidate import ConsolidationError, consolidate
from .data import data_dir, load_example, load_examples
from .errors import GovinfoError, LegacyFormatError, ReportFormatError
from .model import Cell, Report, ReportMeta, load_report
from .rules import audit, compute_totals, evaluate, validate
from .schema import detect_form, get_form

__version__ = "0.1.0"

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
