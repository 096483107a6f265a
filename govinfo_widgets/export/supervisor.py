"""The supervisor's list as printable A4 HTML and as an Excel workbook (every string escaped)."""

from __future__ import annotations

import html
import math
import os
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from .._atomic import atomic_write
from ..metrics import METRICS

_T = {
    "title": ("{year} 年度政府信息公开工作年度报告审核清单", "Annual report audit list, {year}"),
    "intro": (
        "按风险由高到低排列：未发布年报 100 分，每个未排除的错误 10 分、警告 3 分，每项无法判断 0.5 分（至多 5 分）。",
        "Sorted by risk: missing report 100; each error not dismissed 10, warning 3; each check not assessable "
        "0.5 (at most 5).",
    ),
    "no": ("序号", "No."),
    "agency": ("机关", "Agency"),
    "report": ("年报", "Report"),
    "found": ("已发布", "found"),
    "missing": ("未找到", "missing"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "rules": ("规则", "Rules"),
    "review": ("审核", "Review"),
    "risk": ("风险分", "Risk"),
    "source": ("来源", "Source"),
    "na": ("无法判断", "Not assessable"),
    "median": ("中位数", "median"),
    "pct": ("百分位", "percentile"),
    "details": ("问题明细", "Findings"),
    "severity": ("严重程度", "Severity"),
    "message": ("说明", "Message"),
    "note": ("审核意见", "Review note"),
    "cells": ("单元格", "Cells"),
    "none": ("未发现错误或警告。", "No errors or warnings."),
    "sheet": ("审核清单", "Audit list"),
    "link": ("网页", "web page"),
}
_SEV = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
_REV = {
    "confirmed": ("已确认", "confirmed"),
    "dismissed": ("已排除", "dismissed"),
    "outdated": ("已失效", "outdated"),
    "open": ("待审核", "open"),
}


def _t(key: str, lang: str, **kw) -> str:
    zh, en = _T[key]
    return (en if lang == "en" else zh).format(**kw)


def _pair(d: dict, key: str, lang: str) -> str:
    zh, en = d.get(key, (key, key))
    return en if lang == "en" else zh


def _e(x) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _na(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def _num(v, rate: bool) -> str:
    if _na(v):
        return "—"
    return f"{float(v):.1%}" if rate else f"{float(v):,.0f}"


def _review_text(row, lang: str) -> str:
    parts = [
        f"{_pair(_REV, k, lang)} {int(row[f'review_{k}'])}"
        for k in ("confirmed", "dismissed", "outdated", "open")
        if row.get(f"review_{k}")
    ]
    return "，".join(parts) if lang != "en" else ", ".join(parts)


def _href(src: str, base: Path | None) -> str | None:
    """A safe link target: http(s) URLs as they are, files as a path relative to the output (never a script)."""
    if not src:
        return None
    if src.startswith(("http://", "https://")):
        return src
    if ":" in src.split("/")[0] and not os.path.isabs(src):
        return None  # another scheme (javascript:, data:): no link
    p = Path(src)
    if base is not None and p.is_absolute():
        try:
            p = Path(os.path.relpath(p, base))
        except ValueError:
            pass
    return quote(p.as_posix(), safe="/.-_~")


_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm; @bottom-center { content: counter(page) " / " counter(pages); } }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Microsoft YaHei", sans-serif; font-size: 10pt;
       color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 15pt; text-align: center; margin: 4mm 0 2mm; }
p.intro { font-size: 8.5pt; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; }
th, td { border: 0.5pt solid #444; padding: 1mm 1.2mm; vertical-align: top; word-break: break-all; }
th { background: #eee; font-weight: 600; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; }
td.c { white-space: nowrap; }
table.list { font-size: 8.5pt; }
table.list td:last-child { max-width: 22mm; }
th.w, td.w { white-space: normal; min-width: 28mm; }
table.details td.c { white-space: nowrap; }
tr.missing td { background: #fde8e8; }
td.err { color: #b00020; font-weight: 600; }
h2 { font-size: 12pt; margin: 5mm 0 1mm; break-after: avoid; }
small { color: #555; }
"""


def render_html(table: pd.DataFrame, *, lang: str = "zh", base: str | Path | None = None) -> str:
    """The list as one standalone HTML page, printable on A4 (every value escaped)."""
    year = table.attrs.get("year", "")
    metrics = table.attrs.get("metrics", [])
    base = Path(base) if base is not None else None
    title = _t("title", lang, year=year)
    head = [_t(k, lang) for k in ("no", "agency", "report", "errors", "warnings", "rules", "review")]
    head += [
        _e(METRICS[m].label(lang)) + f"<br><small>{_e(_t('median', lang))}<br>{_e(_t('pct', lang))}</small>"
        for m in metrics
    ]
    head += [_t("risk", lang), _t("source", lang)]
    out = [
        '<!DOCTYPE html><html lang="' + ("en" if lang == "en" else "zh-CN") + '"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="intro">{_e(_t("intro", lang))}</p>',
        '<table class="list"><thead><tr>',
    ]
    out += [f"<th>{h if '<small>' in h else _e(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for _, r in table.iterrows():
        found = bool(r["found"])
        cells = [
            f'<td class="n">{int(r["rank"])}</td>',
            f'<td class="w">{_e(r["agency"])}</td>',
            f'<td class="c">{_e(_t("found" if found else "missing", lang))}</td>',
            f'<td class="n{" err" if r["errors"] else ""}">{int(r["errors"])}</td>',
            f'<td class="n">{int(r["warnings"])}</td>',
            f'<td class="c">{_e(r["rules"]).replace(", ", "<br>")}</td>',
            f'<td class="c">{_e(_review_text(r, lang)).replace("，", "<br>").replace(", ", "<br>")}</td>',
        ]
        for m in metrics:
            rate = METRICS[m].is_rate
            pct = r.get(f"{m}.percentile")
            sub = (
                ""
                if _na(r.get(f"{m}.p50"))
                else f"<br><small>{_e(_num(r[f'{m}.p50'], rate))} · P{_e(_num(pct, False))}</small>"
            )
            cells.append(f'<td class="n">{_e(_num(r.get(f"{m}.value"), rate))}{sub}</td>')
        cells.append(f'<td class="n">{r["risk"]:g}</td>')
        href = _href(str(r.get("source") or ""), base)
        src = str(r.get("source") or "")
        label = _t("link", lang) if src.startswith(("http://", "https://")) else (Path(src).name or src)
        cells.append(f'<td><a href="{_e(href)}">{_e(label)}</a></td>' if href else f"<td>{_e(label)}</td>")
        out.append(f'<tr class="{"found" if found else "missing"}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    findings = table.attrs.get("findings")
    out.append(f"<h2>{_e(_t('details', lang))}</h2>")
    if findings is None or findings.empty:
        out.append(f"<p>{_e(_t('none', lang))}</p>")
    else:
        out.append(
            '<table class="details"><thead><tr>'
            + "".join(
                f"<th>{_e(_t(k, lang))}</th>" for k in ("agency", "rules", "severity", "message", "review", "note")
            )
            + "</tr></thead><tbody>"
        )
        msg = "message_en" if lang == "en" else "message"
        for f in findings.itertuples():
            out.append(
                f'<tr><td class="w">{_e(f.agency)}</td><td class="c">{_e(f.rule)}</td>'
                f'<td class="c">{_e(_pair(_SEV, f.severity, lang))}</td>'
                f"<td>{_e(getattr(f, msg))}<br><small>{_e(f.cells)}</small></td>"
                f'<td class="c">{_e(_pair(_REV, f.review, lang))}</td><td>{_e(f.review_note)}</td></tr>'
            )
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(table: pd.DataFrame, path: str | Path, *, lang: str = "zh") -> Path:
    """Write :func:`render_html` to ``path`` (links to source files relative to its folder)."""
    path = Path(path)
    return atomic_write(path, render_html(table, lang=lang, base=path.resolve().parent))


def _safe(v):
    """A value for a spreadsheet cell: NaN → empty; text is kept as text (never a formula)."""
    if _na(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


def write_xlsx(table: pd.DataFrame, path: str | Path, *, lang: str = "zh") -> Path:
    """The list (sheet 1) and its findings (sheet 2) as an Excel workbook an office can forward."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    metrics = table.attrs.get("metrics", [])
    wb = Workbook()
    ws = wb.active
    ws.title = _t("sheet", lang)
    head = [_t(k, lang) for k in ("no", "agency", "report", "errors", "warnings", "rules", "review")]
    for m in metrics:
        label = METRICS[m].label(lang)
        head += [label, f"{label} · {_t('median', lang)}", f"{label} · {_t('pct', lang)}"]
    head += [_t("na", lang), _t("risk", lang), _t("source", lang)]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="EEEEEE")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for _, r in table.iterrows():
        vals = [
            r["rank"],
            r["agency"],
            _t("found" if r["found"] else "missing", lang),
            r["errors"],
            r["warnings"],
            r["rules"],
            _review_text(r, lang),
        ]
        for m in metrics:
            vals += [r.get(f"{m}.value"), r.get(f"{m}.p50"), r.get(f"{m}.percentile")]
        vals += [r["not_assessable"], r["risk"], r.get("source") or ""]
        ws.append([_safe(v) for v in vals])
        row = ws.max_row
        for k, m in enumerate(metrics):
            if METRICS[m].is_rate:
                for j in (0, 1):
                    ws.cell(row, 8 + 3 * k + j).number_format = "0.0%"
        src = str(r.get("source") or "")
        if src.startswith(("http://", "https://")):
            ws.cell(row, len(head)).hyperlink = src
        if not r["found"]:
            for c in ws[row]:
                c.fill = PatternFill("solid", fgColor="FDE8E8")
    ws.freeze_panes = "C2"
    for col, width in zip("ABCDEFG", (6, 28, 9, 7, 7, 22, 20)):
        ws.column_dimensions[col].width = width
    det = wb.create_sheet(_t("details", lang))
    det.append([_t(k, lang) for k in ("agency", "rules", "severity", "message", "cells", "review", "note")])
    for c in det[1]:
        c.font = Font(bold=True)
    findings = table.attrs.get("findings")
    msg = "message_en" if lang == "en" else "message"
    for f in findings.itertuples() if findings is not None else ():
        det.append(
            [
                _safe(v)
                for v in (
                    f.agency,
                    f.rule,
                    _pair(_SEV, f.severity, lang),
                    getattr(f, msg),
                    f.cells,
                    _pair(_REV, f.review, lang),
                    f.review_note,
                )
            ]
        )
    for sheet in (ws, det):  # text that looks like a formula stays text
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@"):
                    c.data_type = "s"
    det.column_dimensions["A"].width, det.column_dimensions["D"].width = 24, 80
    path = Path(path)
    return atomic_write(path, lambda f: wb.save(f))
