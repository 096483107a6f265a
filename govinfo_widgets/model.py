"""The Report: one agency's annual report for one year, as data."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ._cell import (
    MAX_NUMBER,
    SECTION_KEYS,
    STATUSES,
    YEAR_RANGE,
    ZERO_STATUSES,
    Cell,
    ReportMeta,
    clean_text,
    read_cell,
)
from ._report_json import malformed, read_json_text, validated_parts
from .errors import ReportFormatError
from .schema import Form, get_form

__all__ = [
    "JSON_FORMAT",
    "JSON_VERSION",
    "MAX_NUMBER",
    "SECTION_KEYS",
    "STATUSES",
    "YEAR_RANGE",
    "ZERO_STATUSES",
    "Cell",
    "Report",
    "ReportMeta",
    "clean_text",
    "load_report",
]

JSON_FORMAT = "govinfo-report"
JSON_VERSION = 1


@dataclass(frozen=True)
class Report:
    """An annual report. Operations return a new Report; nothing is mutated in place.

    Examples
    --------
    >>> from govinfo_widgets import Report
    >>> r = Report.new(agency="某局", year=2024)
    >>> r = r.with_values({"t3.new_received.natural_person": 3})
    >>> r.value("t3.new_received.natural_person")
    3
    """

    meta: ReportMeta
    cells: Mapping[str, Cell] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)
    fees: Mapping[str, float | int | None] = field(default_factory=dict)
    extras: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        form = self.form
        cells = dict(self.cells)
        if not form.has_cells(cells):
            addr = next(a for a in cells if not form.has_cell(a))
            raise KeyError(f"{addr!r} is not a cell of form {form.key}")
        object.__setattr__(self, "cells", MappingProxyType(cells))
        object.__setattr__(self, "sections", MappingProxyType(dict(self.sections)))
        object.__setattr__(self, "fees", MappingProxyType(dict(self.fees)))
        object.__setattr__(self, "extras", MappingProxyType(dict(self.extras)))

    # ---- construction ----------------------------------------------------
    @classmethod
    def new(cls, agency: str = "", year: int | None = None, form: str | None = None, **meta) -> Report:
        """An empty report (no cells yet) for ``agency`` and ``year``."""
        if form is None:
            form = "gov_2019" if year in (2019, 2020) else "gov_2021"
        return cls(meta=ReportMeta(agency=agency, year=year, form=form, **meta))

    # ---- reading ---------------------------------------------------------
    @property
    def form(self) -> Form:
        return get_form(self.meta.form)

    @cached_property
    def collapsed(self) -> frozenset[str]:
        """Groups that this report gives as one row (e.g. （六）其他处理 in 洪泽区 2023)."""
        return self.form.collapsed_groups(self.cells)

    @cached_property
    def layout(self) -> tuple[str, ...]:
        """The addresses of this report's layout, canonical order."""
        return self.form.layout_addresses(self.collapsed)

    def value(self, address: str):
        """The stored value (``None`` when blank-missing, unreadable or absent)."""
        c = self.cells.get(address)
        return None if c is None else c.value

    def number(self, address: str) -> float:
        """The value for arithmetic: blank leaves are 0, missing cells NaN."""
        c = self.cells.get(address)
        return math.nan if c is None else c.number

    @property
    def key(self) -> str:
        return self.meta.id or f"{self.meta.agency}:{self.meta.year}"

    # ---- copy-and-replace ------------------------------------------------
    def with_cells(self, cells: Mapping[str, Cell]) -> Report:
        """A copy with these cells replaced or added."""
        return replace(self, cells={**self.cells, **cells})

    def with_values(self, values: Mapping[str, Any], status: str = "entered", source: str | None = None) -> Report:
        """A copy with plain values set (``None`` clears to blank)."""
        new = {}
        for addr, v in values.items():
            if v is None:
                leaf = not self.form.cell(addr).computed
                new[addr] = Cell(None, "blank_zero" if leaf else "blank_missing", raw="", source=source)
            else:
                new[addr] = Cell(v, status, source=source)
        return self.with_cells(new)

    def without_cells(self, addresses) -> Report:
        drop = set(addresses)
        return replace(self, cells={a: c for a, c in self.cells.items() if a not in drop})

    def with_meta(self, **changes) -> Report:
        return replace(self, meta=replace(self.meta, **changes))

    def with_sections(self, **texts: str) -> Report:
        unknown = set(texts) - set(SECTION_KEYS)
        if unknown:
            raise KeyError(f"unknown sections: {sorted(unknown)}")
        return replace(self, sections={**self.sections, **texts})

    def with_fees(self, **fees) -> Report:
        return replace(self, fees={**self.fees, **fees})

    def filled(self, status: str = "blank_zero") -> Report:
        """A copy where every cell of the layout exists (absent leaves become blank → 0)."""
        missing = [a for a in self.layout if a not in self.cells]
        return self.with_values({a: None for a in missing}) if missing else self

    def computed(self, only_missing: bool = True) -> Report:
        """A copy with computed cells (总计 column, （七）总计, Table 4 总计) filled from their parts."""
        new: dict = {}
        for a, parts in self.form.computed_parts(self.collapsed).items():  # the form's parts, in dependency order
            c = self.cells.get(a)
            if only_missing and c is not None and not c.missing:
                continue
            v = float(sum(new[p].number if p in new else self.number(p) for p in parts))
            if not math.isnan(v):
                new[a] = Cell(int(v) if v.is_integer() else v, "computed", source="computed")
        return self.with_cells(new) if new else self

    # ---- JSON ------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        meta = {f.name: getattr(self.meta, f.name) for f in fields(self.meta)}
        meta["source"] = dict(self.meta.source)
        order = {a: i for i, a in enumerate(self.form.all_addresses)}
        addrs = sorted(self.cells, key=order.__getitem__)
        provenance = {}
        for a in addrs:
            c = self.cells[a]
            info = {
                k: v
                for k, v in (("status", c.status), ("raw", c.raw), ("source", c.source), ("note", c.note))
                if v is not None
            }
            provenance[a] = info
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "meta": meta,
            "cells": {a: self.cells[a].value for a in addrs},
            "provenance": provenance,
            "sections": {k: self.sections[k] for k in SECTION_KEYS if k in self.sections},
            "fees": dict(self.fees),
            "extras": dict(self.extras),
        }

    def to_json(self, path: str | Path | None = None) -> str:
        """Versioned, diff-friendly JSON (sorted cells, one per line, Chinese unescaped)."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"
        if path is not None:
            from ._atomic import atomic_write_text

            atomic_write_text(Path(path), text)
        return text

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Report:
        """A Report from its JSON form; every value is checked against the model's types first.

        Raises
        ------
        ReportFormatError
            a wrong format or version, or a value of the wrong type (named in the message).

        Examples
        --------
        >>> d = Report.new(agency="某局", year=2024).to_dict()
        >>> Report.from_dict(d).meta.year
        2024
        >>> d["meta"]["year"] = "<img src=x onerror=alert(1)>"
        >>> Report.from_dict(d)
        Traceback (most recent call last):
        ...
        govinfo_widgets.errors.ReportFormatError: 年报 JSON 内容有误：meta.year 应为 2000–2100 之间的整数，实为 str / report JSON is malformed: meta.year must be a whole number from 2000 to 2100, got str
        """
        if not isinstance(d, Mapping):
            raise malformed("顶层应为对象", "the top level must be an object", d)
        if d.get("format") != JSON_FORMAT:
            raise ReportFormatError(
                f"不是 govinfo 年报 JSON（format={d.get('format')!r}）",
                f"not a govinfo report JSON (format={d.get('format')!r})",
            )
        if d.get("version") != JSON_VERSION:
            raise ReportFormatError(
                f"不支持的年报 JSON 版本 {d.get('version')!r}", f"unsupported report JSON version {d.get('version')!r}"
            )
        meta, cells, sections, fees, extras = validated_parts(d)
        return cls(ReportMeta(**meta), {a: read_cell(*c) for a, c in cells.items()}, sections, fees, extras)

    @classmethod
    def from_json(cls, text_or_path: str | Path) -> Report:
        """Load from a JSON string or a path to a ``.json`` file."""
        if isinstance(text_or_path, Path) or not str(text_or_path).lstrip().lstrip("\ufeff").startswith("{"):
            text = read_json_text(Path(text_or_path))
        else:
            text = str(text_or_path).lstrip("\ufeff")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as e:  # JSONDecodeError, ints over 4300 digits, nesting too deep
            msg = "嵌套过深" if isinstance(e, RecursionError) else str(e)
            raise ReportFormatError(f"年报 JSON 无法解析：{msg}", f"report JSON cannot be parsed: {msg}") from None
        return cls.from_dict(data)

    # ---- pandas ----------------------------------------------------------
    def to_frame(self):
        """A tidy long frame, one row per cell (see :func:`govinfo_widgets.corpus.cells_frame`)."""
        from .frame import report_frame

        return report_frame(self)


def load_report(path: str | Path) -> Report:
    """Read a Report JSON file."""
    return Report.from_json(Path(path))
