"""A report's JSON at the trust boundary: the file read, every value checked against the model's types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from ._cell import SECTION_KEYS, STATUSES, YEAR_RANGE, ReportMeta, clean_text, out_of_range
from .errors import ReportFormatError
from .schema import get_form

_STATUS_SET = frozenset(STATUSES)


def malformed(zh: str, en: str, _d=None) -> ReportFormatError:
    return ReportFormatError(f"年报 JSON 内容有误：{zh}", f"report JSON is malformed: {en}")


def read_json_text(path: Path) -> str:
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
        raise malformed(f"{where} 应为文字，实为 {type(v).__name__}", f"{where} must be text, got {type(v).__name__}")
    return clean_text(v)


def _obj(v, where: str) -> dict:
    if v is None:
        return {}
    if not isinstance(v, Mapping):
        raise malformed(
            f"{where} 应为对象，实为 {type(v).__name__}", f"{where} must be an object, got {type(v).__name__}"
        )
    return dict(v)


def _num(v, where: str):
    if v is None or (isinstance(v, int | float) and not isinstance(v, bool)):
        return v
    raise malformed(
        f"{where} 应为数字或空，实为 {type(v).__name__}", f"{where} must be a number or null, got {type(v).__name__}"
    )


def validated_parts(d: Mapping[str, Any]):
    """``d``'s meta, cells (as Cell arguments), sections, fees and extras, each checked for type."""
    from .schema import FORM_KEYS

    meta = _obj(d.get("meta"), "meta")
    known = {f.name for f in fields(ReportMeta)}
    unknown = sorted(str(k) for k in meta if k not in known)
    if unknown:
        raise malformed(f"meta 含未知字段 {unknown[:5]}", f"meta has unknown fields {unknown[:5]}")
    year = meta.get("year")
    lo, hi = YEAR_RANGE
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not lo <= year <= hi):
        got = year if isinstance(year, int) and not isinstance(year, bool) else type(year).__name__
        raise malformed(
            f"meta.year 应为 {lo}–{hi} 之间的整数，实为 {got}",
            f"meta.year must be a whole number from {lo} to {hi}, got {got}",
        )
    for k in ("agency", "form", "id", "kind", "level", "region", "published", "format_declared"):
        if k in meta:
            meta[k] = _text(meta[k], f"meta.{k}", optional=k != "agency")
    if meta.get("form", "gov_2021") not in FORM_KEYS:
        raise malformed(f"meta.form 应为 {list(FORM_KEYS)} 之一", f"meta.form must be one of {list(FORM_KEYS)}")
    meta["source"] = _obj(meta.get("source"), "meta.source")
    form = get_form(meta.get("form", "gov_2021"))
    prov = _obj(d.get("provenance"), "provenance")
    cells = {}
    has_cell = form.has_cell
    for a, v in _obj(d.get("cells"), "cells").items():
        if not has_cell(a):
            raise malformed(f"{a!r} 不是 {form.key} 的单元格", f"{a!r} is not a cell of form {form.key}")
        info = prov.get(a)
        info = {} if info is None else info if info.__class__ is dict else _obj(info, f"provenance[{a!r}]")
        status = info.get("status", "parsed")
        if not (status.__class__ is str and status in _STATUS_SET) and status not in STATUSES:
            raise malformed(
                f"provenance[{a!r}].status 未知：{str(status)[:40]!r}",
                f"provenance[{a!r}].status unknown: {str(status)[:40]!r}",
            )
        raw, source, note = info.get("raw"), info.get("source"), info.get("note")
        if raw is not None:  # (most cells have a raw text and a source, few a note)
            raw = _text(raw, f"provenance[{a!r}].raw")
        if source is not None:
            source = _text(source, f"provenance[{a!r}].source")
        if note is not None:
            note = _text(note, f"provenance[{a!r}].note")
        if not (v is None or v.__class__ is int or v.__class__ is float):
            v = _num(v, f"cells[{a!r}]")
        cells[a] = (v, status, raw, source, note)
    sections = _obj(d.get("sections"), "sections")
    for k, v in sections.items():
        if k not in SECTION_KEYS:
            raise malformed(f"未知的部分 {str(k)[:40]!r}", f"unknown section {str(k)[:40]!r}")
        sections[k] = _text(v, f"sections.{k}", optional=False)
    fees = {str(k): _num(v, f"fees.{k}") for k, v in _obj(d.get("fees"), "fees").items()}
    fees = {k: (None if out_of_range(v) else v) for k, v in fees.items()}
    return meta, cells, sections, fees, _obj(d.get("extras"), "extras")
