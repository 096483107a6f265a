"""The Report: one agency's annual report for one year, as data."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import ReportFormatError
from .schema import Form, get_form

JSON_FORMAT = "govinfo-report"
JSON_VERSION = 1

#: Where a cell's value came from (spec §6.1, §7).
STATUSES = (
    "entered",  # typed by a person in the editor
    "parsed",  # read from a published table (by the importer or by hand)
    "blank_zero",  # blank leaf cell, read as 0 (V-04)
    "blank_missing",  # blank total cell, missing (V-05)
    "not_applicable",  # "-", "/", "无" ...: 0 for arithmetic, flagged (V-06)
    "computed",  # filled in from its parts
    "unreadable",  # present but could not be read: rules give NOT_ASSESSABLE
    "repaired",  # read after a flagged repair (split digits, unit conversion)
)
#: Statuses of a cell without a value that counts as 0 in the sums (every other valueless cell is missing).
ZERO_STATUSES = frozenset({"blank_zero", "not_applicable"})
_ZERO_STATUSES = ZERO_STATUSES
_MISSING_STATUSES = {"blank_missing", "unreadable"}
#: Largest magnitude kept as a number: beyond 2**53 a float (and the browser) no longer holds every integer.
MAX_NUMBER = 2**53
#: Report years accepted from a file (annual reports exist since 2008; the editor offers 2019–2100).
YEAR_RANGE = (2000, 2100)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (which cannot be written as UTF-8) replaced by U+FFFD.

    Examples
    --------
    >>> clean_text("ab" + chr(0xD800) + "c")
    'ab\ufffdc'
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


def _out_of_range(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return True
    return abs(value) > MAX_NUMBER


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's value with its provenance.

    ``value`` is what the arithmetic uses (``None`` when missing or unreadable); ``raw`` is
    the text as found; ``source`` says where (``page 3 / table 2 / row 5 / col 2``, a text
    span, ``editor``).
    """

    value: int | float | None
    status: str = "entered"
    raw: str | None = None
    source: str | None = None
    note: str | None = None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown cell status {self.status!r}")
        if _out_of_range(self.value):  # never a wrong number: too large or not finite → unreadable, said why
            try:
                raw = self.raw if self.raw is not None else str(self.value)
            except ValueError:  # an int too long to print
                raw = "…"
            object.__setattr__(self, "raw", raw[:40] + ("…" if len(raw) > 40 else ""))
            object.__setattr__(self, "value", None)
            object.__setattr__(self, "status", "unreadable")
            object.__setattr__(self, "note", "数值过大或不是有限数，无法可靠读取 / number too large or not finite")

    @property
    def number(self) -> float:
        """The value for arithmetic: NaN when missing."""
        if self.value is None:
            return 0.0 if self.status in _ZERO_STATUSES else math.nan
        return float(self.value)

    @property
    def missing(self) -> bool:
        return self.value is None and self.status not in _ZERO_STATUSES


@dataclass(frozen=True)
class ReportMeta:
    """Who published the report, for which year, in which format, and where it came from."""

    agency: str = ""
    year: int | None = None
    form: str = "gov_2021"
    id: str | None = None
    kind: str | None = None  # "government" (人民政府) | "department" | None
    level: str | None = None  # "national" | "provincial" | "municipal" | "county" | "township"
    region: str | None = None
    published: str | None = None  # ISO date
    format_declared: str | None = None
    source: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "source", MappingProxyType(dict(self.source)))


SECTION_KEYS = ("s1_overview", "s2_proactive", "s3_requests", "s4_review_litigation", "s5_problems", "s6_other")


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
        for addr in self.cells:
            if not form.has_cell(addr):
                raise KeyError(f"{addr!r} is not a cell of form {form.key}")
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))
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
            raise _bad("顶层应为对象", "the top level must be an object", d)
        if d.get("format") != JSON_FORMAT:
            raise ReportFormatError(
                f"不是 govinfo 年报 JSON（format={d.get('format')!r}）",
                f"not a govinfo report JSON (format={d.get('format')!r})",
            )
        if d.get("version") != JSON_VERSION:
            raise ReportFormatError(
                f"不支持的年报 JSON 版本 {d.get('version')!r}", f"unsupported report JSON version {d.get('version')!r}"
            )
        meta, cells, sections, fees, extras = _validated_parts(d)
        return cls(ReportMeta(**meta), {a: Cell(*c) for a, c in cells.items()}, sections, fees, extras)

    @classmethod
    def from_json(cls, text_or_path: str | Path) -> Report:
        """Load from a JSON string or a path to a ``.json`` file."""
        if isinstance(text_or_path, Path) or not str(text_or_path).lstrip().lstrip("\ufeff").startswith("{"):
            text = _read_json_text(Path(text_or_path))
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


# ---- validation at the trust boundary: a file's JSON → the model's types ------------------
def _bad(zh: str, en: str, _d=None) -> ReportFormatError:
    return ReportFormatError(f"年报 JSON 内容有误：{zh}", f"report JSON is malformed: {en}")


def _read_json_text(path: Path) -> str:
    """A JSON file's text (a UTF-8 BOM, as Windows Notepad writes, is accepted); unreadable → ReportFormatError."""
    from .limits import LIMITS, LimitExceeded

    try:
        if not path.is_file():
            raise ReportFormatError(f"{path} 不是普通文件", f"{path} is not a regular file")
        if path.stat().st_size > LIMITS.max_input_bytes:
            raise LimitExceeded("max_input_bytes", path.stat().st_size)
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise
    except OSError as e:
        raise ReportFormatError(
            f"无法读取 {path}：{e.strerror or e}", f"cannot read {path}: {e.strerror or e}"
        ) from None
    except UnicodeDecodeError as e:
        raise ReportFormatError(
            f"{path} 不是 UTF-8 编码的文本（{e.reason}）", f"{path} is not UTF-8 text ({e.reason})"
        ) from None


def _text(v, where: str, optional: bool = True):
    if v is None and optional:
        return None
    if not isinstance(v, str):
        raise _bad(f"{where} 应为文字，实为 {type(v).__name__}", f"{where} must be text, got {type(v).__name__}")
    return clean_text(v)


def _obj(v, where: str) -> dict:
    if v is None:
        return {}
    if not isinstance(v, Mapping):
        raise _bad(f"{where} 应为对象，实为 {type(v).__name__}", f"{where} must be an object, got {type(v).__name__}")
    return dict(v)


def _num(v, where: str):
    if v is None or (isinstance(v, int | float) and not isinstance(v, bool)):
        return v
    raise _bad(
        f"{where} 应为数字或空，实为 {type(v).__name__}", f"{where} must be a number or null, got {type(v).__name__}"
    )


def _validated_parts(d: Mapping[str, Any]):
    """``d``'s meta, cells (as Cell arguments), sections, fees and extras, each checked for type."""
    from .schema import FORM_KEYS

    meta = _obj(d.get("meta"), "meta")
    known = {f.name for f in fields(ReportMeta)}
    unknown = sorted(str(k) for k in meta if k not in known)
    if unknown:
        raise _bad(f"meta 含未知字段 {unknown[:5]}", f"meta has unknown fields {unknown[:5]}")
    year = meta.get("year")
    lo, hi = YEAR_RANGE
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not lo <= year <= hi):
        got = year if isinstance(year, int) and not isinstance(year, bool) else type(year).__name__
        raise _bad(
            f"meta.year 应为 {lo}–{hi} 之间的整数，实为 {got}",
            f"meta.year must be a whole number from {lo} to {hi}, got {got}",
        )
    for k in ("agency", "form", "id", "kind", "level", "region", "published", "format_declared"):
        if k in meta:
            meta[k] = _text(meta[k], f"meta.{k}", optional=k != "agency")
    if meta.get("form", "gov_2021") not in FORM_KEYS:
        raise _bad(f"meta.form 应为 {list(FORM_KEYS)} 之一", f"meta.form must be one of {list(FORM_KEYS)}")
    meta["source"] = _obj(meta.get("source"), "meta.source")
    form = get_form(meta.get("form", "gov_2021"))
    prov = _obj(d.get("provenance"), "provenance")
    cells = {}
    for a, v in _obj(d.get("cells"), "cells").items():
        if not form.has_cell(a):
            raise _bad(f"{a!r} 不是 {form.key} 的单元格", f"{a!r} is not a cell of form {form.key}")
        info = _obj(prov.get(a), f"provenance[{a!r}]")
        status = info.get("status", "parsed")
        if status not in STATUSES:
            raise _bad(
                f"provenance[{a!r}].status 未知：{str(status)[:40]!r}",
                f"provenance[{a!r}].status unknown: {str(status)[:40]!r}",
            )
        texts = [_text(info.get(k), f"provenance[{a!r}].{k}") for k in ("raw", "source", "note")]
        cells[a] = (_num(v, f"cells[{a!r}]"), status, *texts)
    sections = _obj(d.get("sections"), "sections")
    for k, v in sections.items():
        if k not in SECTION_KEYS:
            raise _bad(f"未知的部分 {str(k)[:40]!r}", f"unknown section {str(k)[:40]!r}")
        sections[k] = _text(v, f"sections.{k}", optional=False)
    fees = {str(k): _num(v, f"fees.{k}") for k, v in _obj(d.get("fees"), "fees").items()}
    fees = {k: (None if _out_of_range(v) else v) for k, v in fees.items()}
    return meta, cells, sections, fees, _obj(d.get("extras"), "extras")


def load_report(path: str | Path) -> Report:
    """Read a Report JSON file."""
    return Report.from_json(Path(path))
