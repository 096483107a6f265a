"""The official report formats (spec §3–§5, §11), as data."""

from ._detect import detect_form, national_at_a_glance
from ._form import (
    C6,
    C7,
    T4_GROUPS,
    T4_ORDER,
    T4_PARTS,
    CellDef,
    Form,
    RowDef,
    Sum,
)
from ._grid import Grid, GridCell, table_grid
from ._labels import aspects_covered, normalise_label, simplified_text, to_simplified
from ._registry import FORM_KEYS, LEGACY_KEY, NATIONAL_KEYS, form_for_year, forms_folders, get_form

__all__ = [
    "C6",
    "C7",
    "FORM_KEYS",
    "LEGACY_KEY",
    "NATIONAL_KEYS",
    "T4_GROUPS",
    "T4_ORDER",
    "T4_PARTS",
    "CellDef",
    "Form",
    "Grid",
    "GridCell",
    "RowDef",
    "Sum",
    "aspects_covered",
    "detect_form",
    "national_at_a_glance",
    "form_for_year",
    "forms_folders",
    "get_form",
    "normalise_label",
    "table_grid",
    "simplified_text",
    "to_simplified",
]
