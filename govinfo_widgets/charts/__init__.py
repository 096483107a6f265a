"""Plotly figures over many reports: trends, comparisons, outcomes, applicants, audit heatmap (one module each family)."""

from __future__ import annotations

from ._base import FONT, WEBGL_THRESHOLD
from .audit import issues_heatmap
from .outcomes import applicant_mix, outcome_composition, outcome_sankey
from .trends import compare_agencies, metric_trend

__all__ = [
    "FONT",
    "WEBGL_THRESHOLD",
    "applicant_mix",
    "compare_agencies",
    "issues_heatmap",
    "metric_trend",
    "outcome_composition",
    "outcome_sankey",
]
