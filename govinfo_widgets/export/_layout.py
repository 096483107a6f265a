"""The official table grids (merged cells) and texts, derived from the form definition; shared by every exporter."""

from __future__ import annotations

import datetime as _dt
import re

from ..errors import GovinfoError
from ..model import SECTION_KEYS, Report
from ..schema import Grid, GridCell, table_grid  # noqa: F401  (GridCell: re-exported by export)

LANGS = ("zh", "en")
BLANKS = ("zero", "blank")

# Characters XML 1.0 forbids (python-docx/lxml refuse them; browsers show garbage): dropped from user text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CN_DIGITS = "一二三四五六七八九十"


class ExportError(GovinfoError):
    """An export was asked for with options it does not know, or of something that is not a Report."""


def check_options(report, lang: str, blanks: str = "zero") -> None:
    """Raise :class:`ExportError` (zh first) for anything but a Report and known options."""
    if not isinstance(report, Report):
        raise ExportError(
            f"只能导出年报对象（Report），收到的是 {type(report).__name__}",
            f"only a Report can be exported, got {type(report).__name__}",
        )
    if lang not in LANGS:
        raise ExportError(f"不支持的语言 {lang!r}，可选：zh、en", f"unsupported language {lang!r}; choose zh or en")
    if blanks not in BLANKS:
        raise ExportError(
            f"blanks 参数只能是 zero（空白导出为 0）或 blank（保留空白），收到 {blanks!r}",
            f"blanks must be 'zero' (export blanks as 0) or 'blank' (keep them blank), got {blanks!r}",
        )


def clean(text) -> str:
    """User text made safe to put in XML: ``None`` → "", illegal control characters dropped."""
    if text is None:
        return ""
    return _XML_ILLEGAL.sub("", str(text))


def format_number(value, dtype: str = "int") -> str:
    """``12`` → "12"; decimals (the 万元 fee) with at most 4 decimal places, no trailing zeros."""
    if dtype == "decimal" or isinstance(value, float):
        if isinstance(value, float) and value.is_integer() and dtype != "decimal":
            return str(int(value))
        text = f"{float(value):.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(int(value))


def cell_text(report: Report, address: str, blanks: str = "zero") -> str:
    """The text exported for one cell.

    Missing cells (absent, blank totals, unreadable) export blank: never an invented 0. Blank leaves
    and "-"/"无" cells export 0 with ``blanks="zero"``; with ``blanks="blank"`` they mirror the source.
    """
    c = report.cells.get(address)
    if c is None:
        return ""
    if c.value is not None:
        try:
            return format_number(c.value, report.form.cell(address).dtype)
        except (TypeError, ValueError):
            raise ExportError(
                f"单元格 {address} 的值 {c.value!r} 不是数字，无法导出",
                f"cell {address} holds {c.value!r}, not a number",
            ) from None
    if c.status == "blank_zero":
        return "0" if blanks == "zero" else ""
    if c.status == "not_applicable":
        return "0" if blanks == "zero" else clean(c.raw or "")
    return ""  # blank_missing, unreadable


def table_grids(report: Report, lang: str = "zh", blanks: str = "zero") -> dict[str, Grid]:
    """The three official tables of ``report`` keyed ``t2``/``t3``/``t4``: the form's grids, filled with the values."""

    def text(address: str) -> str:
        return cell_text(report, address, blanks)

    return {t: table_grid(report.form, t, report.collapsed, lang).filled(text) for t in ("t2", "t3", "t4")}


def table2_grid(report: Report, lang: str = "zh", blanks: str = "zero") -> Grid:
    """Table 2: stacked blocks, each a title row across the grid, a header row and data rows."""
    return table_grid(report.form, "t2", report.collapsed, lang).filled(lambda a: cell_text(report, a, blanks))


def table3_grid(report: Report, lang: str = "zh", blanks: str = "zero") -> Grid:
    """Table 3: the 勾稽 note and spanner headers (§4.1), then the row hierarchy with vertical merges."""
    return table_grid(report.form, "t3", report.collapsed, lang).filled(lambda a: cell_text(report, a, blanks))


def table4_grid(report: Report, lang: str = "zh", blanks: str = "zero") -> Grid:
    """Table 4 (§5): 行政复议 | 行政诉讼 over 未经复议直接起诉 / 复议后起诉, then the one data row."""
    return table_grid(report.form, "t4", report.collapsed, lang).filled(lambda a: cell_text(report, a, blanks))


TEXT_WIDTH_MM = 210 - 28 - 26  # A4 less the GB/T 9704 left and right margins


def col_widths(grid: Grid) -> list[float]:
    """Widths in mm of the grid columns, filling the 156 mm type area (also used as HTML percentages)."""
    n_values = grid.n_cols - grid.label_cols
    if grid.key == "t3":
        labels = (
            [9.0, 16.0, 43.0][-grid.label_cols :]
            if grid.label_cols <= 3
            else [68.0 / grid.label_cols] * grid.label_cols
        )
        return labels + [(TEXT_WIDTH_MM - sum(labels)) / n_values] * n_values
    if grid.key == "t2":
        return [40.0] + [(TEXT_WIDTH_MM - 40.0) / (grid.n_cols - 1)] * (grid.n_cols - 1)
    return [TEXT_WIDTH_MM / grid.n_cols] * grid.n_cols


def grids(report: Report, lang: str = "zh", blanks: str = "zero") -> dict[str, Grid]:
    """The three official tables of ``report``, keyed by the section that holds them."""
    t = table_grids(report, lang, blanks)
    return {"s2_proactive": t["t2"], "s3_requests": t["t3"], "s4_review_litigation": t["t4"]}


# ---- texts -------------------------------------------------------------------


def title(report: Report, lang: str = "zh") -> str:
    """The report title: ``{agency}{year}年政府信息公开工作年度报告``."""
    agency = clean(report.meta.agency).strip()
    year = report.meta.year
    if lang == "en":
        when = f" {year}" if year else ""
        who = f"{agency}: " if agency else ""
        return f"{who}Annual Report on Government Information Disclosure{when}"
    return f"{agency}{f'{year}年' if year else ''}政府信息公开工作年度报告"


def section_heading(report: Report, key: str, lang: str = "zh") -> str:
    """The canonical heading of a section (``一、总体情况``), never a variant."""
    for i, s in enumerate(report.form.sections, 1):
        if s["key"] == key:
            return f"{i}. {s['title_en']}" if lang == "en" else f"{s['no']}、{s['title']}"
    raise KeyError(key)


def section_keys(report: Report) -> list[str]:
    return [s["key"] for s in report.form.sections if s["key"] in SECTION_KEYS]


def paragraphs(text) -> list[str]:
    """Narrative split into paragraphs: one per non-empty line, surrounding whitespace trimmed."""
    return [p.strip() for p in clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n") if p.strip()]


_SUBHEAD = re.compile(rf"^([（(][{_CN_DIGITS}]+[）)])")


def split_subheading(par: str) -> tuple[str, str]:
    """``（一）主动公开。本年度…`` → ("（一）主动公开。", "本年度…"); ("", par) when it has no （N） lead."""
    if not _SUBHEAD.match(par):
        return "", par
    stop = par.find("。")
    if stop == -1 or stop > 40:
        return (par, "") if len(par) <= 40 else ("", par)
    return par[: stop + 1], par[stop + 1 :]


def fee_lines(report: Report, lang: str = "zh") -> list[str]:
    """Section 六's 信息处理费 items (spec §2.6) from ``report.fees`` as one sentence; [] when none given."""
    parts = []
    for it in report.form.s6_items:
        raw = report.fees.get(it["key"])
        if raw is None:
            continue
        try:
            number = format_number(float(raw) if it.get("type") == "decimal" else int(raw), it.get("type", "int"))
        except (TypeError, ValueError):
            number = clean(raw)
        unit = it.get("unit", "")
        if lang == "en":
            unit_en = {"件": "", "元": " yuan"}.get(unit, f" {unit}")
            parts.append(f"{it['label_en'].lower()}: {number}{unit_en}")
        else:
            parts.append(f"{it['label']}{number}{unit}")
    if not parts:
        return []
    if lang == "en":
        return ["Information processing fees: " + "; ".join(parts) + "."]
    return ["本年度信息处理费情况：" + "，".join(parts) + "。"]


def date_text(report: Report, lang: str = "zh") -> str:
    """The 成文日期 from ``meta.published`` (ISO): ``2025年1月20日``; "" when unknown or not a date."""
    iso = report.meta.published
    if not iso:
        return ""
    try:
        d = _dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return clean(iso)
    return d.isoformat() if lang == "en" else f"{d.year}年{d.month}月{d.day}日"
