"""A form definition (:class:`Form`): its cells, rows, sums and layouts, read from one resolved JSON spec."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any

from ..errors import GovinfoError
from ._cells import C6, C7, T4_GROUPS, T4_ORDER, T4_PARTS, CellDef, RowDef, Sum

__all__ = ["C6", "C7", "T4_GROUPS", "T4_ORDER", "T4_PARTS", "CellDef", "Form", "RowDef", "Sum", "form_error"]


@dataclass(frozen=True, eq=False)
class Form:
    """One national format, read from data. Everything else reads this object.

    Examples
    --------
    >>> from govinfo_widgets.schema import get_form
    >>> f = get_form("gov_2021")
    >>> f.cell("t3.new_received.total").computed
    True
    >>> len(f.addresses)
    200
    """

    key: str
    spec: dict[str, Any] = field(repr=False)

    # ---- top level -------------------------------------------------------
    @property
    def name(self) -> dict[str, str]:
        return self.spec["name"]

    @property
    def source(self) -> str:
        return self.spec["source"]

    @property
    def sections(self) -> list[dict[str, Any]]:
        return self.spec["sections"]

    @property
    def s1_aspects(self) -> list[dict[str, Any]]:
        return self.spec["s1_aspects"]

    @property
    def s6_items(self) -> list[dict[str, Any]]:
        return self.spec["s6_items"]

    @property
    def rules_as(self) -> str:
        """The national format whose rule set checks this form (``"rules_as"`` in the file, default its own key).

        A form added as a file (e.g. a local variant of the 2021 form) says ``"rules_as": "gov_2021"``.
        """
        return self.spec.get("rules_as", self.key)

    def table(self, key: str) -> dict[str, Any]:
        return self.spec["tables"][key]

    def applies_to(self, year: int | None) -> bool:
        """Whether this format is the one prescribed for report year ``year``."""
        if year is None:
            return True
        span = self.spec["report_years"]
        return year >= span["from"] and (span["to"] is None or year <= span["to"])

    # ---- Table 3 ---------------------------------------------------------
    @cached_property
    def t3_rows(self) -> tuple[RowDef, ...]:
        rows = []
        levels: dict[str | None, int] = {None: -1}
        for r in self.table("t3")["rows"]:
            level = levels[r.get("parent")] + 1
            levels[r["key"]] = level
            rows.append(
                RowDef(
                    key=r["key"],
                    label=r["label"],
                    label_en=r["label_en"],
                    level=level,
                    parent=r.get("parent"),
                    group=bool(r.get("group")),
                    outcome=bool(r.get("outcome")),
                    computed="computed" in r,
                    collapsible=bool(r.get("collapsible")),
                    variants=tuple(r.get("variants", ())),
                    match=tuple(r.get("match", ())),
                )
            )
        return tuple(rows)

    @cached_property
    def t3_row(self) -> dict[str, RowDef]:
        return {r.key: r for r in self.t3_rows}

    @property
    def t3_columns(self) -> list[dict[str, Any]]:
        return self.table("t3")["columns"]

    def t3_data_rows(self, collapsed: frozenset[str] = frozenset()) -> list[RowDef]:
        """Rows that carry cells, in order, for a layout with ``collapsed`` groups."""
        out = []
        for r in self.t3_rows:
            if r.parent in collapsed:
                continue
            if r.group and r.key not in collapsed:
                continue
            out.append(r)
        return out

    def outcome_rows(self, collapsed: frozenset[str] = frozenset()) -> list[str]:
        """Keys of the outcome leaves whose sum is （七）总计 (rule T3-02)."""
        return [r.key for r in self.t3_data_rows(collapsed) if r.outcome or (r.key in collapsed and r.group)]

    # ---- cells -----------------------------------------------------------
    @cached_property
    def _all_cells(self) -> tuple[CellDef, ...]:
        cells: list[CellDef] = []
        t2 = self.table("t2")
        for b in t2["blocks"]:
            for r in b["rows"]:
                for c in b["columns"]:
                    cells.append(
                        CellDef(
                            address=f"t2.{b['key']}.{r['key']}.{c['key']}",
                            table="t2",
                            block=b["key"],
                            row=r["key"],
                            column=c["key"],
                            label=r["label"],
                            column_label=c["label"],
                            label_en=r["label_en"],
                            column_label_en=c["label_en"],
                            dtype=c.get("type", "int"),
                            signed=bool(c.get("signed")),
                            unit=c.get("unit", b.get("unit", "件")),
                        )
                    )
        collapsible = {r.key for r in self.t3_rows if r.collapsible}
        for r in self.t3_rows:
            if r.group and r.key not in collapsible:
                continue
            for c in self.t3_columns:
                cells.append(
                    CellDef(
                        address=f"t3.{r.key}.{c['key']}",
                        table="t3",
                        block=None,
                        row=r.key,
                        column=c["key"],
                        label=r.label,
                        column_label=c["label"],
                        label_en=r.label_en,
                        column_label_en=c["label_en"],
                        computed=r.computed or "computed" in c,
                        alternate=r.key in collapsible,
                    )
                )
        t4 = self.table("t4")
        for g in t4["groups"]:
            for c in t4["columns"]:
                cells.append(
                    CellDef(
                        address=f"t4.{g['key']}_{c['key']}",
                        table="t4",
                        block=g["key"],
                        row=g["key"],
                        column=c["key"],
                        label=g["label"],
                        column_label=c["label"],
                        label_en=g["label_en"],
                        column_label_en=c["label_en"],
                        computed="computed" in c,
                    )
                )
        return tuple(cells)

    @cached_property
    def cells(self) -> tuple[CellDef, ...]:
        """The canonical cells (default layout) in canonical order."""
        return tuple(c for c in self._all_cells if not c.alternate)

    @cached_property
    def addresses(self) -> tuple[str, ...]:
        return tuple(c.address for c in self.cells)

    @cached_property
    def all_addresses(self) -> tuple[str, ...]:
        """Canonical addresses plus those of layout variants (collapsed （六）)."""
        return tuple(c.address for c in self._all_cells)

    @cached_property
    def _by_address(self) -> dict[str, CellDef]:
        return {c.address: c for c in self._all_cells}

    def cell(self, address: str) -> CellDef:
        try:
            return self._by_address[address]
        except KeyError:
            raise KeyError(f"{address!r} is not a cell of form {self.key}") from None

    def has_cell(self, address: str) -> bool:
        return address in self._by_address

    def has_cells(self, addresses: Mapping[str, object]) -> bool:
        """Whether every key of ``addresses`` is a cell of the form (one set test: a Report checks all its cells)."""
        return self._by_address.keys() >= addresses.keys()

    def layout_addresses(self, collapsed: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The cells of a layout in which the groups in ``collapsed`` are single rows."""
        if not collapsed:
            return self.addresses
        drop = {r.key for r in self.t3_rows if r.parent in collapsed}
        out = []
        for c in self._all_cells:
            if c.table == "t3" and c.row in drop:
                continue
            if c.alternate and c.row not in collapsed:
                continue
            out.append(c.address)
        return tuple(out)

    def collapsed_groups(self, addresses) -> frozenset[str]:
        """Which collapsible groups a set of addresses uses as single rows."""
        return frozenset(
            r.key for r in self.t3_rows if r.collapsible and any(f"t3.{r.key}.{c}" in addresses for c in C7)
        )

    @lru_cache(maxsize=8)  # noqa: B019 - forms are few and live for the whole process
    def table_addresses(self, table: str, collapsed: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The addresses of one table (``t2``, ``t3``, ``t4``) in a layout."""
        return tuple(a for a in self.layout_addresses(collapsed) if a.startswith(table + "."))

    # ---- totals ----------------------------------------------------------
    @lru_cache(maxsize=8)  # noqa: B019 - forms are few and live for the whole process
    def sums(self, collapsed: frozenset[str] = frozenset()) -> tuple[Sum, ...]:
        """Every sum the form declares, for a layout: computed columns of Table 3 (each data
        row), computed rows of Table 3 (each column), computed columns of Table 4 (each group).

        Examples
        --------
        >>> from govinfo_widgets.schema import get_form
        >>> s = [s for s in get_form("gov_2021").sums() if s.total == "t4.review_total"][0]
        >>> s.parts
        ('t4.review_upheld', 't4.review_corrected', 't4.review_other', 't4.review_pending')
        """
        out = []
        rows = self.t3_data_rows(collapsed)
        for c in self.t3_columns:
            if "computed" in c:
                names = _sum_names(self.key, f"t3 column {c['key']}", c["computed"])
                out += [
                    Sum(f"t3.{r.key}.{c['key']}", tuple(f"t3.{r.key}.{p}" for p in names), "t3", "row", r.key)
                    for r in rows
                ]
        for r in rows:
            if r.computed:
                spec = next(x for x in self.table("t3")["rows"] if x["key"] == r.key)["computed"]
                names = _sum_names(self.key, f"t3 row {r.key}", spec, self.outcome_rows(collapsed))
                out += [
                    Sum(f"t3.{r.key}.{c['key']}", tuple(f"t3.{p}.{c['key']}" for p in names), "t3", "column", c["key"])
                    for c in self.t3_columns
                ]
        t4 = self.table("t4")
        for c in t4["columns"]:
            if "computed" in c:
                names = _sum_names(self.key, f"t4 column {c['key']}", c["computed"])
                out += [
                    Sum(f"t4.{g['key']}_{c['key']}", tuple(f"t4.{g['key']}_{p}" for p in names), "t4", "row", g["key"])
                    for g in t4["groups"]
                ]
        return tuple(out)

    @lru_cache(maxsize=8)  # noqa: B019 - forms are few and live for the whole process
    def computed_parts(self, collapsed: frozenset[str] = frozenset()) -> Mapping[str, tuple[str, ...]]:
        """Each computed cell of a layout → the cells it adds up, in dependency order (a total
        comes after the totals it adds). A cell that is both a row and a column total
        (（七）总计 · 总计) adds its row, as the form's computed column says.

        Examples
        --------
        >>> from govinfo_widgets.schema import get_form
        >>> parts = get_form("gov_2021").computed_parts()
        >>> list(parts).index("t3.outcome_total.total") > list(parts).index("t3.outcome_total.natural_person")
        True
        """
        first: dict[str, tuple[str, ...]] = {}
        for s in self.sums(collapsed):
            first.setdefault(s.total, s.parts)
        ordered: dict[str, tuple[str, ...]] = {}
        visiting: set[str] = set()

        def visit(a: str) -> None:
            if a in ordered:
                return
            if a in visiting:
                raise form_error(self.key, f"{a} 的求和循环引用自身", f"the sum of {a} refers to itself")
            visiting.add(a)
            for p in first[a]:
                if p in first:
                    visit(p)
            ordered[a] = first[a]

        for a in first:
            visit(a)
        return MappingProxyType(ordered)

    def parts(self, address: str, collapsed: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """The cells a computed cell adds up (in the layout with ``collapsed`` groups)."""
        try:
            return self.computed_parts(collapsed)[address]
        except KeyError:
            raise KeyError(f"{address!r} is not a computed cell of form {self.key}") from None

    def validate(self) -> Form:
        """Refuse a definition whose sums name a cell the form does not have (any layout)."""
        layouts = [frozenset()] + [frozenset({r.key}) for r in self.t3_rows if r.collapsible]
        for collapsed in layouts:
            cells = set(self.layout_addresses(collapsed))
            for a, parts in self.computed_parts(collapsed).items():
                unknown = [p for p in parts if p not in cells]
                if unknown or not parts:
                    raise form_error(
                        self.key,
                        f"{a} 的求和项不存在：{'、'.join(unknown) or '（无）'}",
                        f"the sum of {a} names unknown cells: {', '.join(unknown) or '(none)'}",
                    )
        return self

    def to_dict(self) -> dict[str, Any]:
        """The resolved definition, JSON-ready (what the browser widgets read)."""
        return copy.deepcopy(self.spec)


def form_error(key: str, zh: str, en: str) -> GovinfoError:
    """The error for an invalid form definition ``key``."""
    return GovinfoError(f"格式定义 {key} 有误：{zh}", f"form definition {key} is invalid: {en}")


def _sum_names(key: str, where: str, spec: Any, outcomes: list[str] | None = None) -> list[str]:
    """The keys a ``"computed"`` declaration adds: ``{"sum": [...]}`` or ``{"sum_outcomes": true}``."""
    if isinstance(spec, dict) and set(spec) == {"sum"} and isinstance(spec["sum"], list):
        return [str(k) for k in spec["sum"]]
    if isinstance(spec, dict) and spec == {"sum_outcomes": True} and outcomes is not None:
        return outcomes
    raise form_error(
        key, f"{where} 的 computed 声明无法识别：{spec!r}", f"{where} has an unknown computed declaration: {spec!r}"
    )
