"""The official report formats (spec §3–§5, §11), as data."""

from ._detect import detect_form
from ._form import (
    C6,
    C7,
    FORM_KEYS,
    LEGACY_KEY,
    T4_GROUPS,
    T4_ORDER,
    T4_PARTS,
    CellDef,
    Form,
    RowDef,
    Sum,
    form_for_year,
    get_form,
)
from ._grid import Grid, GridCell, table_grid
from ._labels import normalise_label

__all__ = [
    "C6",
    "C7",
    "FORM_KEYS",
    "LEGACY_KEY",
    "T4_GROUPS",
    "T4_ORDER",
    "T4_PARTS",
    "CellDef",
    "Form",
    "Grid",
    "GridCell",
    "RowDef",
    "Sum",
    "detect_form",
    "form_for_year",
    "get_form",
    "normalise_label",
    "table_grid",
]
