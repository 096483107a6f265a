"""Prose against the tables (TX rules): numbers and claims the narrative states, checked against the cells."""

from __future__ import annotations

import math
import re
import unicodedata

from ..schema import C6
from ._catalog import RULES
from ._numbers import NUM, chinese_number
from ._render import not_assessable, render

__all__ = ["chinese_number", "text_findings"]

_SENTENCE = re.compile(r"[^。！？；;!?\n]+[。！？；;!?]?")


_HEADING_START = re.compile(r"^\s*(?:[（(]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|第[一二三四五六七八九十])")


def _unwrap(text: str) -> str:
    """Join lines that a PDF or Word conversion broke inside a sentence (long line, no closing punctuation)."""
    out: list[str] = []
    for ln in text.split("\n"):
        prev = out[-1].rstrip() if out else ""
        nxt = ln.strip()
        if (
            len(prev) >= 15
            and "\t" not in prev
            and prev[-1] not in "。！？；;!?:："
            and nxt
            and not _HEADING_START.match(ln)
            and (not prev[-1].isdigit() or nxt[0] in "件起宗个元%％")
        ):
            out[-1] = prev + ln.strip()
        else:
            out.append(ln)
    return "\n".join(out)


def _sentences_of(report) -> list[tuple[str, str]]:
    out = []
    for key, text in report.sections.items():
        for m in _SENTENCE.finditer(_unwrap(unicodedata.normalize("NFKC", text or ""))):
            s = re.sub(r"\s+", "", m.group(0))
            if s:
                out.append((key, s))
    return out


def _total(report, row: str) -> float:
    """``t3.<row>.total``, or the sum of its applicant columns when the total is blank."""
    v = report.number(f"t3.{row}.total")
    if not math.isnan(v):
        return v
    parts = [report.number(f"t3.{row}.{c}") for c in C6]
    return math.nan if any(math.isnan(p) for p in parts) else sum(parts)


def _sum(report, addrs) -> float:
    vals = [report.number(a) for a in addrs]
    return math.nan if not vals or any(math.isnan(v) for v in vals) else sum(vals)


def _fmt(v) -> str:
    if isinstance(v, str):
        return v
    return "无法读取" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:g}"


def _counts(sentence: str, keyword: str, gap: int = 20, unit: str = "件", forbid: str = ""):
    """Numbers with a unit that follow ``keyword`` within ``gap`` characters (not approximate: 余/多)."""
    rx = re.compile(rf"(?:{keyword})[^。；;，,{forbid}]{{0,{gap}}}?{NUM}\s*(余|多)?\s*(?:{unit})")
    for m in rx.finditer(sentence):
        if m.group(2):
            continue
        n = chinese_number(m.group(1).replace("，", ","))
        if n is not None:
            yield n


def _add(fd, rule, sentence, scope, cells, expected, actual, shown=None, **params):
    quote = sentence if len(sentence) <= 80 else sentence[:78] + "…"
    status = "not_assessable" if expected is not None and math.isnan(expected) else "fail"
    zh, en = render(
        rule,
        detail=quote,
        detail_en=quote,
        value=_fmt(actual),
        expected=shown if shown is not None else _fmt(expected),
        **params,
    )
    fd.add(
        rule,
        status,
        table="text",
        scope=scope,
        cells=tuple(cells),
        expected=None if status == "not_assessable" or expected is None else float(expected),
        actual=actual,
        message=zh,
        message_en=en,
    )


_NO_REQUESTS = re.compile(RULES["TX-01"].params["none"])
_NO_REVIEW = re.compile(RULES["TX-09"].params["none"])
# each rule's parameters (rules/_catalog.py), read once
_TX02, _TX03, _TX04, _TX05, _TX08, _TX10 = (RULES[f"TX-{i:02d}"].params for i in (2, 3, 4, 5, 8, 10))
_TX06 = RULES["TX-06"].params["terms"]
_TX11 = RULES["TX-11"].params["terms"]


def text_findings(fd, report) -> None:
    """The prose-vs-table rules TX-01…TX-11 (spec §6.6) on ``report.sections``; every finding quotes its sentence."""
    if not report.sections:
        return
    t3 = any(a.startswith("t3.") for a in report.cells)
    t4 = any(a.startswith("t4.") for a in report.cells)
    form = report.form
    for scope, s in _sentences_of(report):
        if t3:
            _t3_rules(fd, report, form, scope, s)
        if t4:
            _t4_rules(fd, report, scope, s)
        if scope == "s1_overview" and any(a.startswith("t2.") for a in report.cells):
            _t2_rules(fd, report, form, scope, s)
    if t3 and form.rules_as == "gov_2021":
        _fee_rule(fd, report)


def _t3_rules(fd, report, form, scope, s):
    new = _total(report, "new_received")
    if _NO_REQUESTS.search(s) and not any(w in s for w in ("复议", "诉讼", "收费")):
        if not new == 0:
            _add(fd, "TX-01", s, scope, ("t3.new_received.total",), new, 0)
        return
    carried = _total(report, "carried_over")
    for n in _counts(s, _TX02["words"], _TX02["gap"], forbid="类条") if "申请" in s else ():
        if n not in (new, new + carried):
            _add(
                fd,
                "TX-02",
                s,
                scope,
                ("t3.new_received.total", "t3.carried_over.total"),
                new,
                n,
                expected_en=f"{_fmt(new)} new, {_fmt(new + carried)} with carried over",
            )
        break
    for n in _counts(s, _TX03["words"], _TX03["gap"]):
        if n != carried:
            _add(fd, "TX-03", s, scope, ("t3.carried_over.total",), carried, n)
        break
    handled = _total(report, "outcome_total")
    # 答复 N 件, but not 下年度(办理)答复 (carried forward) nor 同意公开答复 (an outcome)
    for n in _counts(s, _TX04["words"], _TX04["gap"]):
        if n != handled:
            _add(fd, "TX-04", s, scope, ("t3.outcome_total.total",), handled, n)
        break
    forward = _total(report, "carried_forward")
    fwd = list(_counts(s, _TX05["words"], _TX05["gap"]))
    fwd += [
        chinese_number(m.group(1))
        for m in re.finditer(rf"{NUM}\s*件[^。；;，,]{{0,6}}?(?:顺延|结转|转入)[至到]?下一?年度?", s)
    ]
    for n in fwd:
        if n is not None and n != forward:
            _add(fd, "TX-05", s, scope, ("t3.carried_forward.total",), forward, n)
        break
    for label, label_en, rows, kw in _outcome_terms(form, report):
        for n in _counts(s, kw, 6, forbid="类条"):
            exp = _sum(report, [f"t3.{r}.total" for r in rows])
            if math.isnan(exp):
                exp = sum(_total(report, r) for r in rows)
            if n != exp:
                _add(
                    fd, "TX-06", s, scope, tuple(f"t3.{r}.total" for r in rows), exp, n, where=label, where_en=label_en
                )
            break
    for m in re.finditer(rf"{NUM}\s*件[,，(（]?占(?:比)?[^。；;,，]{{0,6}}?(\d+(?:\.\d+)?)\s*%", s):
        n = chinese_number(m.group(1))
        if n is None:
            continue
        pct = float(m.group(2))
        bases = [b for b in (handled, new, new + carried) if b and not math.isnan(b)]
        if bases and not any(abs(100 * n / b - pct) <= 0.1 for b in bases):
            shown = "、".join(f"{100 * n / b:.1f}%" for b in bases)
            _add(
                fd,
                "TX-07",
                s,
                scope,
                ("t3.outcome_total.total", "t3.new_received.total"),
                None,
                f"{pct:g}%",
                shown=shown,
            )


def _outcome_terms(form, report):
    """(label, label_en, rows, keyword regex) for the outcome words of TX-06, most specific first."""
    rows = form.t3_row
    kids = {g: [r.key for r in form.t3_rows if r.parent == g] for g in ("denied", "unable", "not_processed", "other")}
    if "other" in report.collapsed:
        kids["other"] = ["other"]
    elif "other_total_2019" in rows:
        kids["other"] = ["other_total_2019"]
    return [
        (
            "予以公开及部分公开",
            "disclosed in full or in part",
            ["granted", "partially_granted"],
            _TX06["予以公开及部分公开"],
        ),
        (
            "予以公开",
            "disclosed in full",
            ["granted"],
            _TX06["予以公开"],
        ),
        ("部分公开", "partially disclosed", ["partially_granted"], _TX06["部分公开"]),
        ("不予公开", "refused", kids["denied"], _TX06["不予公开"]),
        ("无法提供", "cannot be provided", kids["unable"], _TX06["无法提供"]),
        ("不予处理", "not processed", kids["not_processed"], _TX06["不予处理"]),
        ("其他处理", "other handling", kids["other"], _TX06["其他处理"]),
    ]


def _t4_rules(fd, report, scope, s):
    groups = {"行政复议": ("review",), "行政诉讼": ("suit_direct", "suit_after_review")}
    m = _NO_REVIEW.search(s)
    if m:
        named = {("行政复议" if "复议" in w else "行政诉讼") for w in m.groups() if w}
        for name in sorted(named):
            cells = [f"t4.{g}_{c}" for g in groups[name] for c in ("upheld", "corrected", "other", "pending", "total")]
            vals = [report.number(a) for a in cells]
            known = [v for v in vals if not math.isnan(v)]
            if any(v != 0 for v in known):
                _add(
                    fd,
                    "TX-09",
                    s,
                    scope,
                    cells,
                    max(known),
                    0,
                    where=name,
                    where_en="administrative reconsideration" if name == "行政复议" else "administrative litigation",
                )
            elif len(known) < len(vals):
                _add(fd, "TX-09", s, scope, cells, math.nan, 0, where=name, where_en=name)
        return
    for n in _counts(s, _TX08["review"], _TX08["gap"], unit=_TX08["unit"], forbid="类条"):
        exp = report.number("t4.review_total")
        if n != exp:
            _add(
                fd,
                "TX-08",
                s,
                scope,
                ("t4.review_total",),
                exp,
                n,
                where="行政复议",
                where_en="administrative reconsiderations",
                expected_en=_fmt(exp),
            )
        break
    for n in _counts(s, _TX08["suits"], _TX08["gap"], unit=_TX08["unit"], forbid="类条"):
        d, a = report.number("t4.suit_direct_total"), report.number("t4.suit_after_review_total")
        if n not in (d + a, d, a):
            _add(
                fd,
                "TX-08",
                s,
                scope,
                ("t4.suit_direct_total", "t4.suit_after_review_total"),
                d + a,
                n,
                where="行政诉讼",
                where_en="lawsuits",
                expected_en=f"{_fmt(d)} + {_fmt(a)}",
            )
        break


def _t2_rules(fd, report, form, scope, s):
    blocks = {b["key"]: b for b in form.table("t2")["blocks"]}
    first = [c["key"] for c in blocks["art20_1"]["columns"]]
    terms = [
        (
            "制发规范性文件",
            "normative documents issued",
            f"t2.art20_1.normative_docs.{first[0]}",
            _TX11["制发规范性文件"],
        ),
        (
            "废止规范性文件",
            "normative documents repealed",
            "t2.art20_1.normative_docs.repealed" if "repealed" in first else None,
            _TX11["废止规范性文件"],
        ),
        (
            "现行有效规范性文件",
            "normative documents in force",
            "t2.art20_1.normative_docs.in_force" if "in_force" in first else None,
            _TX11["现行有效规范性文件"],
        ),
        ("行政许可", "licensing decisions", "t2.art20_5.licensing.decisions", _TX11["行政许可"]),
        ("行政处罚", "penalty decisions", "t2.art20_6.penalty.decisions", _TX11["行政处罚"]),
    ]
    for label, label_en, addr, kw in terms:
        if addr is None or addr not in report.cells:
            continue
        for n in _counts(s, kw, 4, forbid="类条"):
            exp = report.number(addr)
            if n != exp:
                _add(fd, "TX-11", s, scope, (addr,), exp, n, where=label, where_en=label_en)
            break


def _fee_rule(fd, report):
    unpaid = report.number("t3.other_fee_unpaid.total")
    if math.isnan(unpaid) or unpaid <= 0:
        return
    if not (report.sections.get("s6_other") or "").strip():
        zh, en = not_assessable(
            "TX-10",
            "报告没有第六部分“其他需要报告的事项”，无法核对收费通知",
            "the report has no section 六 (other matters), so fee notices cannot be checked",
        )
        fd.add(
            "TX-10",
            "not_assessable",
            table="text",
            scope="s6_other",
            cells=("t3.other_fee_unpaid.total",),
            message=zh,
            message_en=en,
        )
        return
    s6 = unicodedata.normalize("NFKC", report.sections.get("s6_other", "") or "")

    no_notice = re.search(_TX10["no_notice"], s6)
    if no_notice:
        sent = next((x for _, x in _sentences_of(report) if no_notice.group(0) in x), no_notice.group(0))
        detail, detail_en = f"却说“{sent}”", f'says "{sent}"'
    elif "收费通知" not in s6 and not re.search(_TX10["collected"], s6):
        # fees actually collected imply notices; otherwise the notices behind the unpaid requests go unreported
        detail, detail_en = "未报告发出收费通知的情况", "does not report the fee notices"
    else:
        return
    zh, en = render("TX-10", expected=_fmt(unpaid), detail=detail, detail_en=detail_en)
    fd.add(
        "TX-10",
        table="text",
        scope="s6_other",
        cells=("t3.other_fee_unpaid.total",),
        expected=float(unpaid),
        message=zh,
        message_en=en,
    )
