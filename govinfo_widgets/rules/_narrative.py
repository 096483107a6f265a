"""Rules on the narrative: sections (S-01, S-05…S-08, heading warnings) and year-on-year similarity (X-04)."""

from __future__ import annotations

import re

from ..schema import aspects_covered, normalise_label
from ._catalog import RULES
from ._render import not_assessable, render
from .text import text_findings

_MIN_S5_CHARS = 10


def section_findings(fd, report) -> None:
    """S-01 and S-05…S-08 on ``report.sections`` (NOT_ASSESSABLE when no prose was read)."""
    form = report.form
    if not report.sections:
        zh, en = not_assessable("S-01", "报告未包含正文", "the report holds no narrative")
        fd.add("S-01", "not_assessable", table="text", scope="sections", message=zh, message_en=en)
        return
    for s in form.sections:
        if not (report.sections.get(s["key"]) or "").strip() and s["key"] not in (
            "s2_proactive",
            "s3_requests",
            "s4_review_litigation",
        ):
            zh, en = render(
                "S-01", where=s["no"], where_en=s["no"], detail=f"{s['no']}、{s['title']}", detail_en=s["title_en"]
            )
            fd.add("S-01", table="text", scope=s["key"], message=zh, message_en=en)
    _heading_warnings(fd, report)
    s1 = normalise_label(report.sections.get("s1_overview", ""))
    if s1:
        covered = aspects_covered(form.s1_aspects, s1)
        missing = [a for a, ok in zip(form.s1_aspects, covered, strict=True) if not ok]
        if missing:
            zh, en = render(
                "S-05",
                detail="、".join(a["label"] for a in missing),
                detail_en=", ".join(a["label_en"] for a in missing),
            )
            fd.add("S-05", table="text", scope="s1_overview", message=zh, message_en=en)
    if report.meta.kind == "government" and s1:
        s5 = normalise_label(report.sections.get("s5_problems", ""))
        if not any(k in s1 + s5 for k in ("考核", "评议", "追究")):
            zh, en = render("S-06")
            fd.add("S-06", table="text", scope="s1_overview", message=zh, message_en=en)
    s5 = normalise_label(report.sections.get("s5_problems", ""))
    if "s5_problems" in report.sections and s5 and (len(s5) < _MIN_S5_CHARS or s5 in ("无", "无。")):
        zh, en = render("S-07", value=len(s5))
        fd.add("S-07", table="text", scope="s5_problems", message=zh, message_en=en)
    s6 = normalise_label(report.sections.get("s6_other", ""))
    fee_words = ("信息处理费", "处理费", "收费")
    if form.rules_as == "gov_2021" and s6 and not any(w in s6 for w in fee_words) and not report.fees:
        zh, en = render("S-08")
        fd.add("S-08", table="text", scope="s6_other", message=zh, message_en=en)
    text_findings(fd, report)


def _heading_warnings(fd, report) -> None:
    """S-01 as a WARNING: a section found by its words but numbered otherwise, or the sections out of order."""
    heads = report.extras.get("section_headings") or []
    spec = {s["key"]: s for s in report.form.sections}
    for h in heads:
        s = spec.get(h.get("key"))
        if s is not None and h.get("no") and h["no"] != s["no"]:
            zh, en = render(
                "S-01-numbering",
                expected=s["no"],
                value=h["no"],
                detail=h.get("heading", s["title"]),
                detail_en=s["title_en"],
            )
            fd.add("S-01", table="text", scope=s["key"], message=zh, message_en=en, severity="warning")
    order = [h["key"] for h in heads if h.get("key") in spec]
    canonical = [k for k in spec if k in order]
    if order != canonical:
        shown = "、".join(spec[k]["no"] for k in order)
        zh, en = render("S-01-order", detail=shown, detail_en=", ".join(spec[k]["title_en"] for k in order))
        fd.add("S-01", table="text", scope="sections", message=zh, message_en=en, severity="warning")


_SENT = re.compile(r"[^。！？；\n]+")


def _sentences(text: str) -> set[str]:
    return {s for s in (normalise_label(x) for x in _SENT.findall(text or "")) if len(s) >= 8}


def similarity_finding(fd, report, previous) -> None:
    """X-04: share of this year's sentences found word for word in last year's report (above the rule's ``share``)."""
    threshold = RULES["X-04"].params["share"]
    cur = set().union(*(_sentences(t) for t in report.sections.values())) if report.sections else set()
    old = set().union(*(_sentences(t) for t in previous.sections.values())) if previous.sections else set()
    if len(cur) < 5 or not old:
        return
    share = len(cur & old) / len(cur)
    if share > threshold:
        zh, en = render("X-04", value=f"{share:.0%}")
        fd.add("X-04", table="text", scope="sections", actual=share, message=zh, message_en=en)


# ---------------------------------------------------------------------------
# prose vs table (spec §6.6): TX-01 … TX-11, all heuristic, all quoting the sentence read
# ---------------------------------------------------------------------------
