"""Jupyter widgets: the official-form tables, the issues panel and the report editor."""

from ._draft import Draft, draft_dir, draft_path, load_draft, save_draft
from ._editor import ReportEditor, carry_over
from ._issues import IssuesPanel
from ._table import FormTable, apply_values, issue_items, projection

__all__ = [
    "Draft",
    "FormTable",
    "IssuesPanel",
    "ReportEditor",
    "apply_values",
    "carry_over",
    "draft_dir",
    "draft_path",
    "issue_items",
    "load_draft",
    "projection",
    "save_draft",
]
