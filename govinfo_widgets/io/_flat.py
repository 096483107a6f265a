"""Flattened page text (a page's text with the table cells run together: ``规范性文件898989``) → Report.

A run of digits is split only as a flagged repair confirmed by the table's arithmetic, else its cells are
unreadable with every candidate in the note (see :mod:`._digits`).
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Cell, Report, ReportMeta
from ._bind import NotAReportError
from ._digits import Repair, resolve_t3, split_plain, split_t3_row, split_t4
from ._lines import with_count
from ._match import T2_2019_WORDS, T4_START, norm, t4_addresses
from ._sections import split_sections_and_headings
from ._title import declared_format, title_meta
from ._window import T2_TITLE_FULL, T2_TITLE_SHORT


def is_flat(text: str) -> bool:
    longest = max((len(x) for x in text.split("\n")), default=0)
    if longest < 1500:
        return False
    for ln in text.split("\n"):
        if len(ln) >= 1500 and ("第二十条" in ln or "本年新收" in ln) and ln.count("\t") < 5:
            return True
    return False


_LABEL_START = re.compile(r"\d{1,2}[.．、](?=\D)|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、")
_RUN = re.compile(r"[0-9０-９][0-9０-９.\s+\-]*")
_NUMBERING_TAIL = re.compile(r"(\d)[.．、]$")


def _value_run(seg: str) -> tuple[str, int] | None:
    """The first run of digits in ``seg`` with a glued numbering of the next label removed."""
    m = _RUN.search(seg)
    if not m:
        return None
    run = m.group(0)
    after = seg[m.end() : m.end() + 1]
    if after and after not in "元" and re.match(r"[^\d]", after):
        # ``00000002.其他…``: the last digit and its dot number the next label
        t = _NUMBERING_TAIL.search(run.rstrip())
        if t and run.rstrip().endswith((".", "．", "、")):
            run = run.rstrip()[: t.start(1)]
    return unicodedata.normalize("NFKC", run).strip(), m.start()


def read_flat(text: str, *, agency, year, kind) -> Report:
    from ..schema import get_form, simplified_text

    report_text = text
    # the tables are found in the text with a mirror copy's traditional characters made simplified (the form's words
    # as the code writes them); one character for one, so every offset and source is the text's own
    text = simplified_text(text)
    # the table part of the flattened page
    # Table 2's blocks by their titles: 第二十条第（N）项, or the short 第（N）项 when the page has no full one
    titles = T2_TITLE_FULL if T2_TITLE_FULL.search(text) else T2_TITLE_SHORT
    title = titles.search(text)
    start = title.start() if title else text.find("本年新收")
    # drop leading narrative copies (some pages repeat the article at the end)
    t3s = text.find("本年新收", start)
    if t3s < 0:
        raise NotAReportError("未找到表三（本年新收政府信息公开申请数量）", "Table 3 (new requests) was not found")
    head_form = "gov_2019" if any(w in text[start:t3s] for w in T2_2019_WORDS) else "gov_2021"
    form = get_form(head_form)
    cells: dict[str, Cell] = {}
    counts = {"repaired": 0, "unreadable": 0}
    labels_seen: dict[str, str] = {}

    def put(addr: str, c: Cell):
        if form.has_cell(addr):
            cells[addr] = c
            if c.status in counts:
                counts[c.status] += 1

    # ---- Table 2: labels of each block in order; the run after each label ----
    pos = start
    t2 = form.table("t2")
    anchors: list[tuple[str, str, int, int]] = []  # (block, row, label_start, label_end)
    for b in t2["blocks"]:
        title = titles.search(text, pos, t3s)
        if title is None:
            break
        bt = title.start()
        for r in b["rows"]:
            names = [r["label"], *r.get("variants", ())]
            found = [(text.find(n, bt, t3s), n) for n in names]
            found = [(i, n) for i, n in found if i >= 0]
            if not found:
                continue
            i, n = min(found, key=lambda x: (x[0], -len(x[1])))
            anchors.append((b["key"], r["key"], i, i + len(n)))
            labels_seen[f"t2.{b['key']}.{r['key']}"] = n
            pos = i + len(n)
        pos = max(pos, title.end())
    for k, (b, r, _s, e) in enumerate(anchors):
        stop = anchors[k + 1][2] if k + 1 < len(anchors) else t3s
        seg = text[e:stop]
        got = _value_run(text[e : stop + 1])
        bdef = next(x for x in t2["blocks"] if x["key"] == b)
        cols = bdef["columns"]
        where = f"{kind} text offset {e}"
        if got is None:
            for c in cols:
                put(
                    f"t2.{b}.{r}.{c['key']}",
                    Cell(None, "unreadable", raw=seg[:40], source=where, note="no digits after the label"),
                )
            continue
        run, _ = got
        if len(cols) == 1:
            from ._values import parse_cell

            addr = f"t2.{b}.{r}.{cols[0]['key']}"
            raw = seg[seg.find(run[:1]) :].split("三、")[0].strip()
            unit = re.match(r"[\d.\s]+(元|万元)?", unicodedata.normalize("NFKC", raw))
            put(addr, parse_cell((unit.group(0) if unit else run).strip(), form.cell(addr), where))
            continue
        signed = [bool(c.get("signed")) for c in cols]
        decimal = [c.get("type") == "decimal" for c in cols]
        unit_m = re.match(r"\s*([0-9.\s+\-]+)元", seg)
        rep = split_plain(run, len(cols), signed=signed, decimal=decimal)
        for c, cell in zip(cols, rep.cells(where)):
            put(f"t2.{b}.{r}.{c['key']}", cell)
        if unit_m and rep.values:
            labels_seen[f"t2.{b}.{r}.unit"] = "元"

    # ---- Table 3: row labels in form order; the run after each ----
    t4s = T4_START.search(text, t3s)
    t3e = t4s.start() if t4s else len(text)
    rows = [r for r in form.t3_data_rows(frozenset()) if r.key != "outcomes"]
    found3: list[tuple[str, int, int]] = []
    p = t3s
    for r in rows:
        words = _flat_words(r)
        hits = [(text.find(w, p, t3e), w) for w in words]
        hits = [(i, w) for i, w in hits if i >= 0]
        if not hits:
            continue
        i, w = min(hits)
        found3.append((r.key, i, i + len(w)))
        p = i + len(w)
    collapsed = False
    if head_form == "gov_2021" and not any(k.startswith("other_") for k, _, _ in found3):
        i = text.find("其他处理", t3s, t3e)
        if i >= 0:
            collapsed = True
            found3.append(("other", i, i + 4))
            found3.sort(key=lambda x: x[1])
    reps: dict[str, Repair] = {}
    where3: dict[str, str] = {}
    prev_end = max(0, t3s - 80)
    for k, (key, s, e) in enumerate(found3):
        stop = found3[k + 1][1] if k + 1 < len(found3) else t3e
        got = _value_run(text[e : stop + 1])
        where3[key] = f"{kind} text offset {e}"
        reps[key] = split_t3_row(got[0] if got else "")
        # the label as printed: from its numbering (after the previous row's digits) to its digits
        run_at = e + got[1] if got else e
        window = text[max(prev_end, s - 80) : run_at]
        starts = [m.start() for m in _LABEL_START.finditer(window)]
        labels_seen[f"t3.{key}"] = window[starts[-1] if starts else 0 :].strip() or text[s:e]
        prev_end = run_at + (len(got[0]) if got else 0)
    outs = form.outcome_rows(frozenset({"other"}) if collapsed else frozenset())
    reps = resolve_t3(reps, ("new_received", "carried_over", "outcome_total", "carried_forward"), outs)
    for key, rep in reps.items():
        for col, cell in zip(
            (
                "natural_person",
                "commercial_enterprise",
                "research_institution",
                "public_interest_org",
                "legal_service_org",
                "other_org",
                "total",
            ),
            rep.cells(where3[key]),
        ):
            put(f"t3.{key}.{col}", cell)

    # ---- Table 4: the digits after its last header word ----
    if t4s:
        s5 = re.search(r"五\s*[、.．]", text[t4s.end() :])
        t4e = t4s.end() + (s5.start() if s5 else len(text) - t4s.end())
        seg = text[t4s.start() : t4e]
        last = seg.rfind("总计")
        got = _value_run(seg[last + 2 :] if last >= 0 else seg)
        if got:
            rep = split_t4(got[0])
            for a, cell in zip(t4_addresses(), rep.cells(f"{kind} text offset {t4s.start() + last + 2}")):
                put(a, cell)
    t_agency, t_year = title_meta(report_text)
    meta = ReportMeta(
        agency=agency or t_agency or "",
        year=year or t_year,
        form=head_form,
        format_declared=declared_format(report_text),
        source={"kind": kind},
    )
    sections, headings = split_sections_and_headings(report_text)
    base = Report(meta, {}, sections, {}, {})
    ex = dict(base.extras)
    ex.update(
        labels_seen=labels_seen,
        format_detected={"t2": head_form, "all": head_form},
        layout="flattened",
        section_headings=headings,
        digit_repairs=counts["repaired"],
        unreadable_after_repair=counts["unreadable"],
        repairs=[],
    )
    out = Report(meta, cells, base.sections, {}, ex)
    return with_count(out, counts["repaired"])


def _flat_words(r) -> list[str]:
    fixed = {
        "new_received": ["本年新收政府信息公开申请数量", "本年新收"],
        "carried_over": ["上年结转政府信息公开申请数量", "上年结转"],
        "granted": ["予以公开"],
        "partially_granted": ["不计其他情形）", "不计其他情形)", "部分公开"],
        "outcome_total": ["总计"],
        "carried_forward": ["结转下年度继续办理", "结转下一年度继续办理", "结转下一年继续办理"],
        "other_total_2019": ["其他处理"],
        "other_other": ["其他"],
    }
    if r.key in fixed:
        return fixed[r.key]
    return [m for m in r.match] or [norm(r.label)]


__all__ = ["is_flat", "read_flat"]
