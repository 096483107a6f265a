"""The parts a form is made of: cell and row definitions, declared sums, and the fixed column keys."""

from __future__ import annotations

from dataclasses import dataclass

C6 = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_interest_org",
    "legal_service_org",
    "other_org",
)
C7 = (*C6, "total")
T4_GROUPS = ("review", "suit_direct", "suit_after_review")
T4_PARTS = ("upheld", "corrected", "other", "pending")
T4_ORDER = tuple(f"{g}_{c}" for g in T4_GROUPS for c in (*T4_PARTS, "total"))


@dataclass(frozen=True, slots=True)
class CellDef:
    """One value cell of a form: its stable address and what it means."""

    address: str
    table: str  # "t2" | "t3" | "t4"
    block: str | None  # t2 block key (art20_1 ...), t4 group key, None for t3
    row: str
    column: str
    label: str  # row label, zh
    column_label: str
    label_en: str
    column_label_en: str
    dtype: str = "int"  # "int" | "decimal"
    signed: bool = False
    computed: bool = False
    unit: str = "件"
    alternate: bool = False  # only present in a layout variant (collapsed （六）)

    def describe(self, lang: str = "zh") -> str:
        """A human label such as ``（一）予以公开 · 自然人``."""
        if lang == "en":
            return f"{self.label_en} · {self.column_label_en}"
        return f"{self.label} · {self.column_label}"


@dataclass(frozen=True, slots=True)
class RowDef:
    """A Table 3 row: a data row, a group heading, or a computed total."""

    key: str
    label: str
    label_en: str
    level: int
    parent: str | None = None
    group: bool = False
    outcome: bool = False
    computed: bool = False
    collapsible: bool = False
    variants: tuple[str, ...] = ()
    match: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sum:
    """A computed cell and the cells it adds up, as the form file declares (``"computed"``).

    ``along`` is ``"row"`` for a computed column (the parts lie across the total's row, or
    Table 4 group) and ``"column"`` for a computed row (the parts lie down its column);
    ``member`` is that row, group or column key.
    """

    total: str
    parts: tuple[str, ...]
    table: str
    along: str
    member: str
