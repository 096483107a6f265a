"""The official table grids (merged cells) and texts, derived from the form definition; shared by every exporter."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..errors import GovinfoError
from ..model import SECTION_KEYS, Report

LANGS = ("zh", "en")
BLANKS = ("zero", "blank")

# Characters XML 1.0 forbids (python-docx/lxml refuse them; browsers show garbage): dropped from user text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CN_DIGITS = "一二三四五六七八九十"


class ExportError(GovinfoError):
    """An export was asked for with options it does not know, or of something that is not a Report."""


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of an official table as drawn: HTML-style spans; covered positions are not listed."""

    text: str
    kind: str  # "title" | "head" | "note" | "label" | "value"
    colspan: int = 1
    rowspan: int = 1
    address: str | None = None
    level: int = 0


@dataclass(frozen=True, slots=True)
class Grid:
    """An official table: ``rows`` of :class:`GridCell` over ``n_cols`` grid columns."""

    key: str  # "t2" | "t3" | "t4"
    n_cols: int
    rows: tuple[tuple[GridCell, ...], ...]
    label_cols: int = 1

    def positions(self):
        """Yield ``(row, col, cell)`` with the grid column each cell starts in (rowspans accounted for)."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                yield r, c, cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan


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


def _spread(total: int, n: int) -> list[int]:
    """Split ``total`` grid columns over ``n`` cells (the 2019 Table 2 uses a 5-column grid)."""
    base, extra = divmod(total, n)
    spans = [base] * n
    for i in range(extra):
        spans[(i + 1) % n] += 1
    return spans


def _lab(d: dict, lang: str, key: str = "label") -> str:
    return (d.get(f"{key}_en") or d[key]) if lang == "en" else d[key]


def table2_grid(report: Report, lang: str = "zh", blanks: str = "zero") -> Grid:
    """Table 2: stacked blocks, each a title row across the grid, a header row and data rows."""
    t2 = report.form.table("t2")
    width = t2.get("grid_columns", 4)
    rows: list[tuple[GridCell, ...]] = []
    for b in t2["blocks"]:
        spans = _spread(width - 1, len(b["columns"]))
        rows.append((GridCell(_lab(b, lang, "title"), "title", colspan=width),))
        head = [GridCell("Item" if lang == "en" else b.get("label_header", "信息内容"), "head")]
        head += [GridCell(_lab(c, lang), "head", colspan=s) for c, s in zip(b["columns"], spans)]
        rows.append(tuple(head))
        for r in b["rows"]:
            line = [GridCell(_lab(r, lang), "label")]
            for c, s in zip(b["columns"], spans):
                addr = f"t2.{b['key']}.{r['key']}.{c['key']}"
                line.append(GridCell(cell_text(report, addr, blanks), "value", colspan=s, address=addr))
            rows.append(tuple(line))
    return Grid("t2", width, tuple(rows))


def table3_grid(report: Report, lang: str = "zh", blanks: str = "zero") -> Grid:
    """Table 3: the 勾稽 note and spanner headers (§4.1), then the row hierarchy with vertical merges."""
    form = report.form
    t3 = form.table("t3")
    cols = t3["columns"]
    keys = [c["key"] for c in cols]
    spanners = sorted(t3.get("spanners", []), key=lambda s: s["level"])
    depth = (max((s["level"] for s in spanners), default=-1)) + 2
    label_cols = 1 + max(r.level for r in form.t3_rows)
    header: list[list[GridCell]] = [[] for _ in range(depth)]
    header[0].append(GridCell(_lab(t3, lang, "header_note"), "note", colspan=label_cols, rowspan=depth))
    # A column's own label starts below the deepest spanner over it and runs to the last header row.
    deepest = {k: -1 for k in keys}
    for s in spanners:
        for k in s["columns"]:
            deepest[k] = max(deepest[k], s["level"])
    for level in range(depth):
        i = 0
        while i < len(keys):
            k = keys[i]
            span = next((s for s in spanners if s["level"] == level and s["columns"][0] == k), None)
            if span is not None:
                header[level].append(GridCell(_lab(span, lang), "head", colspan=len(span["columns"])))
                i += len(span["columns"])
                continue
            if deepest[k] + 1 == level:
                header[level].append(GridCell(_lab(cols[i], lang), "head", rowspan=depth - level))
            i += 1
    rows = [tuple(h) for h in header]

    data_rows = form.t3_data_rows(report.collapsed)
    by_key = form.t3_row

    def ancestors(row):
        out = []
        while row.parent is not None:
            row = by_key[row.parent]
            out.append(row)
        return out[::-1]

    started: set[str] = set()
    for r in data_rows:
        line: list[GridCell] = []
        for g in ancestors(r):
            if g.key in started:
                continue
            started.add(g.key)
            n = sum(1 for d in data_rows if g in ancestors(d))
            line.append(GridCell(g.label_en if lang == "en" else g.label, "label", rowspan=n, level=g.level))
        text = r.label_en if lang == "en" else r.label
        line.append(GridCell(text, "label", colspan=label_cols - r.level, level=r.level))
        for k in keys:
            addr = f"t3.{r.key}.{k}"
            line.append(GridCell(cell_text(report, addr, blanks), "value", address=addr))
        rows.append(tuple(line))
    return Grid("t3", label_cols + len(keys), tuple(rows), label_cols=label_cols)


def table4_grid(report: Report, lang: str = "zh", blanks: str = "zero") -> Grid:
    """Table 4 (§5): 行政复议 | 行政诉讼 over 未经复议直接起诉 / 复议后起诉, then the one data row."""
    t4 = report.form.table("t4")
    groups, cols = t4["groups"], t4["columns"]
    depth = 3 if any(g.get("parent_label") for g in groups) else 2
    top: list[GridCell] = []
    mid: list[GridCell] = []
    low: list[GridCell] = []
    i = 0
    while i < len(groups):
        g = groups[i]
        if not g.get("parent_label"):
            top.append(GridCell(_lab(g, lang), "head", colspan=len(cols)))
            mid += [GridCell(_lab(c, lang), "head", rowspan=depth - 1) for c in cols]
            i += 1
            continue
        j = i
        run = []
        while j < len(groups) and groups[j].get("parent_label") == g["parent_label"]:
            run.append(groups[j])
            j += 1
        top.append(GridCell(_lab(g, lang, "parent_label"), "head", colspan=len(cols) * len(run)))
        for h in run:
            mid.append(GridCell(_lab(h, lang), "head", colspan=len(cols)))
            low += [GridCell(_lab(c, lang), "head") for c in cols]
        i = j
    rows = [tuple(top), tuple(mid)] + ([tuple(low)] if depth == 3 else [])
    data = []
    for g in groups:
        for c in cols:
            addr = f"t4.{g['key']}_{c['key']}"
            data.append(GridCell(cell_text(report, addr, blanks), "value", address=addr))
    rows.append(tuple(data))
    return Grid("t4", len(groups) * len(cols), tuple(rows), label_cols=0)


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
    return {
        "s2_proactive": table2_grid(report, lang, blanks),
        "s3_requests": table3_grid(report, lang, blanks),
        "s4_review_litigation": table4_grid(report, lang, blanks),
    }


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
