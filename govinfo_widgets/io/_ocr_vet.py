"""Vetting what OCR read: a cell is kept only when it is confident, unambiguous and consistent with the T2/T3/T4
identities; every other cell becomes ``unreadable`` with the reason in its note (never a guessed number)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Cell, Report
from ._layout import is_value_text

_WHERE = re.compile(r"page (\d+) / line (\d+)")
_IDENTITY_RULES = re.compile(r"^(T2|T3|T4|V-01)")
_NOTES = {
    "conf": ("OCR 识别置信度 {c:.2f} 低于 {m:.2f}，不予采信", "OCR confidence {c:.2f} below {m:.2f}: not trusted"),
    "stray": (
        "该行数值栏中有无法识别为数字的文字（“{t}”），整行不予采信",
        "this line has non-numeric text in its value columns (“{t}”): the line is not trusted",
    ),
    "blank": (
        "OCR 在此未识别到内容，而同行其他格有数字：可能漏识，不作 0 处理",
        "OCR found nothing here while the row has numbers: possibly missed, not taken as 0",
    ),
    "repair": (
        "OCR 读出的数字需拆分或无法对应，不予采信",
        "OCR digits needed splitting or could not be placed: not trusted",
    ),
    "identity": (
        "按 OCR 读数 {r} 不成立，涉及的单元格均不予采信（不作猜测）",
        "{r} fails on the OCR reading: its cells are not trusted (nothing is guessed)",
    ),
    "nosource": ("OCR 单元格找不到对应的识别框", "no OCR box found for this cell"),
}


def _note(key: str, **kw) -> str:
    zh, en = _NOTES[key]
    return f"{zh.format(**kw)} / {en.format(**kw)}"


def vet(report: Report, by_line: dict, repairs: dict, *, min_confidence: float, stats: dict, info: dict) -> Report:
    """Mark untrustworthy OCR cells unreadable and record every cell's confidence in ``extras["ocr"]`` (after
    ``info``: the engine and resolution), as :mod:`govinfo_widgets.io.ocr` describes."""
    stray: dict[tuple[int, int], str] = {}
    for where, ws in by_line.items():  # text that is not a number, right of the line's first number
        first = next((w.x0 for w in ws if is_value_text(w.text)), None)
        odd = [w.text for w in ws if first is not None and w.x0 > first and not is_value_text(w.text)]
        if odd:
            stray[where] = odd[0][:10]
    new: dict[str, Cell] = {}
    conf: dict[str, float] = {}
    src_repairs = {k[4:] for k in repairs if k.startswith("src:")}
    unpaired = "t3:unpaired" in repairs
    for addr, c in report.cells.items():
        m = _WHERE.search(c.source or "")
        if m is None:
            new[addr] = Cell(None, "unreadable", c.raw, c.source, _note("nosource"))
            continue
        where = (int(m.group(1)), int(m.group(2)))
        raw = (c.raw or "").strip()
        if c.source in src_repairs or addr in repairs or (unpaired and addr.startswith("t3.")):
            new[addr] = Cell(None, "unreadable", c.raw, c.source, _note("repair"))
            continue
        if where in stray:
            new[addr] = Cell(None, "unreadable", c.raw, c.source, _note("stray", t=stray[where]))
            continue
        if not raw:
            new[addr] = Cell(None, "unreadable", c.raw, c.source, _note("blank"))
            continue
        same = [w.conf for w in by_line.get(where, []) if w.text == raw or w.text.replace(" ", "") == raw]
        if not same:
            new[addr] = Cell(None, "unreadable", c.raw, c.source, _note("nosource"))
            continue
        score = round(min(same), 3)
        conf[addr] = score
        src = f"{c.source} (OCR {score:.2f})"
        if score < min_confidence:
            new[addr] = Cell(None, "unreadable", c.raw, src, _note("conf", c=score, m=min_confidence))
        else:
            new[addr] = replace(c, source=src)
    out = report.with_cells(new)
    out = _identity_vet(out)
    extras = dict(out.extras)
    extras["ocr"] = {
        **info,
        "min_confidence": min_confidence,
        **stats,
        "unreadable": sum(1 for c in out.cells.values() if c.status == "unreadable"),
        "confidence": conf,
    }
    return replace(out, extras=extras)


def _identity_vet(report: Report) -> Report:
    """Cells of every arithmetic identity that fails on the OCR reading become unreadable (repeated until stable)."""
    from ..rules import evaluate

    for _ in range(5):
        df = evaluate(report).frame
        bad = df[(df["status"] == "fail") & df["rule"].str.match(_IDENTITY_RULES)]
        if bad.empty:
            return report
        new = {}
        for rule, cells in zip(bad["rule"], bad["cells"]):
            for a in cells:
                c = report.cells.get(a)
                if c is not None and c.status != "unreadable":
                    new[a] = Cell(None, "unreadable", c.raw, c.source, _note("identity", r=rule))
        if not new:
            return report
        report = report.with_cells(new)
    return report
