"""The six sections of a report's narrative, anchored by their words (from the form) with any numbering.

A heading is a short line whose words name a section (``总体情况``, ``其他需要报告的事项`` and the
variants in ``schema/forms/*.json``), numbered ``一、`` … (any numeral, so a misnumbered heading is still
found), ``第一部分``, or not at all; a numbering alone on its line joins the words on the next line.
Each section is found once, in reading order. Text outside the article (share and print links, site
navigation, footers: the form's ``page_chrome`` words) ends the last section.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..schema import get_form, normalise_label
from ._match import any_word, norm

_NUMBERING = re.compile(
    r"^[ \t\u3000\u00a0#*]*(?:(?P<cn>[一二三四五六七八九十]{1,2})\s*[、.．,，]|第(?P<part>[一二三四五六七八九十]{1,2})部分[、:：\s]*)?"
)
#: The characters a numbering may start with: a line starting with any other has none.
_NUMBERING_FIRST = frozenset(" \t\u3000\u00a0#*一二三四五六七八九十第")
_SUBNUMBER = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
#: Longest line that may be a heading (characters after the numbering).
MAX_HEADING = 36
_TABLE_WORDS = ("本年新收", "上年结转", "本年度办理结果", "结转下", "总计", "结果维持", "信息内容")


@lru_cache(maxsize=4)
def _vocab(form_key: str) -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]:
    form = get_form(form_key)
    return tuple(
        (
            s["key"],
            s["no"],
            tuple(s.get("match") or (s["title"],)),
            tuple(normalise_label(t) for t in (s["title"], *s.get("variants", ()))),
        )
        for s in form.sections
    )


@lru_cache(maxsize=4)
def _vocab_pattern(form_key: str) -> re.Pattern:
    """Any one of the words that name a section of ``form_key`` (a line holding none names no section)."""
    return any_word(w for _key, _no, ws, _t in _vocab(form_key) for w in ws)


@lru_cache(maxsize=4)
def _chrome(form_key: str) -> tuple[str, ...]:
    return tuple(get_form(form_key).spec.get("page_chrome", ()))


@lru_cache(maxsize=4)
def _chrome_pattern(form_key: str) -> re.Pattern:
    """Any one of the form's chrome words (a line holding none is never chrome)."""
    return any_word(_chrome(form_key))


def _candidates(body: str, form_key: str, normalised: str | None = None) -> list[tuple[str, int]]:
    """Sections whose words ``body`` holds, each with how well it names it (2: the title itself); ``normalised``:
    ``normalise_label(body)``, when the caller has it."""
    s = (normalise_label(body) if normalised is None else normalised).rstrip("。:：")
    # (most lines name no section: one search of the section words before a test per section)
    if not s or len(s) > MAX_HEADING or "。" in s or not _vocab_pattern(form_key).search(s):
        return []
    if any(w in s for w in _TABLE_WORDS):
        return []
    return [
        (key, 2 if s in titles else 1) for key, _no, words, titles in _vocab(form_key) if any(w in s for w in words)
    ]


def headings(text: str, form_key: str = "gov_2021") -> list[dict]:
    """Section headings found in ``text``: ``key``, ``no`` (the numeral printed, or ``""``), ``heading``, ``start``, ``end``.

    Examples
    --------
    >>> [(h["key"], h["no"]) for h in headings("一、\\n总体情况\\n概况。\\n五、其他需要报告的事项\\n无。")]
    [('s1_overview', '一'), ('s6_other', '五')]
    """
    found: list[dict] = []
    lines = text.split("\n")
    pos = 0
    pending: tuple[str, int] | None = None  # a numbering alone on its line, waiting for its words
    for ln in lines:
        start, pos = pos, pos + len(ln) + 1
        stripped = ln.strip()
        if len(stripped) > 4 * MAX_HEADING and len(stripped) - stripped.count(" ") > 2 * MAX_HEADING:
            pending = None
            continue  # a paragraph or a table row, never a heading (spared the normalisation below)
        if not stripped:
            continue
        if (stripped[0] in "(（" or stripped[0].isdecimal()) and _SUBNUMBER.match(stripped):
            pending = None  # a sub-item (一) or 1. (its first character tested before the pattern: most lines are not)
            continue
        if ln[0] in _NUMBERING_FIRST:
            m = _NUMBERING.match(ln)
            no = m.group("cn") or m.group("part") or ""
            body = ln[m.end() :]
        else:  # (most lines: the pattern, all optional, would match nothing)
            no, body = "", ln
        head_start = start
        if pending is not None and not no:
            no, head_start = pending
            body = stripped
        pending = None
        if no and not body.strip():
            pending = (no, start)
            continue
        normalised = normalise_label(body)
        if not no and len(normalised) > 16:
            continue  # an unnumbered heading is a short line of its own
        words = body.strip()
        for key, score in _candidates(body, form_key, normalised):
            found.append(
                {
                    "key": key,
                    "no": no,
                    "heading": f"{no}、{words}" if no else words,
                    "start": head_start,
                    "end": start + len(ln),
                    "score": score,
                }
            )
    expected = {key: no for key, no, _w, _t in _vocab(form_key)}
    best: dict[str, dict] = {}
    for h in found:  # per section: its title itself, then its own numeral, then the first
        rank = (h["score"], h["no"] == expected[h["key"]])
        if h["key"] not in best or rank > (best[h["key"]]["score"], best[h["key"]]["no"] == expected[h["key"]]):
            best[h["key"]] = h
    out, used = [], set()
    for h in sorted(best.values(), key=lambda h: h["start"]):
        if h["start"] in used:
            continue  # one line heads one section
        used.add(h["start"])
        out.append({k: v for k, v in h.items() if k != "score"})
    return out


def chrome_start(text: str, form_key: str = "gov_2021") -> int:
    """Where the page's own chrome (share/print links, navigation, footer) begins after the article, or ``len(text)``.

    Only the lines holding a chrome word are looked at, each found by a search of the text (most sections hold
    none: one scan at C speed rather than a test per line)."""
    words = _chrome(form_key)
    any_word = _chrome_pattern(form_key)
    pos = 0
    while (m := any_word.search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            end = len(text)
        s = text[start:end].strip()
        if len(s) <= 40 and any(s.startswith(w) or s == w for w in words):
            return start
        if len(s) <= 60 and sum(w in s for w in words) >= 2:
            return start
        pos = end + 1
    return len(text)


_TITLE_LINE = re.compile(r"(?:19|20)\d{2}\s*年.{0,30}信息公开.{0,6}报告")


def _after_title(text: str, stop: int) -> int | None:
    """Where the text after the report's title line begins (None when no title line precedes ``stop``: without
    it, what precedes section 二 may be the site's navigation, not the overview)."""
    pos = 0
    for ln in text[:stop].split("\n"):
        pos += len(ln) + 1
        if _TITLE_LINE.search(ln) and len(ln.strip()) <= 80:
            return min(pos, stop)
    return None


def sections(text: str, form_key: str = "gov_2021") -> tuple[dict[str, str], list[dict]]:
    """``({section_key: text}, headings)``: each section runs to the next heading; the last stops at the page chrome."""
    heads = headings(text, form_key)
    out: dict[str, str] = {}
    if heads and heads[0]["key"] == "s2_proactive":
        # the overview's heading line was lost (a page extraction dropped it): the overview is the text after the
        # title up to section 二, as the form orders the sections
        a = _after_title(text, heads[0]["start"])
        body = text[a : heads[0]["start"]].strip() if a is not None else ""
        if body:
            out["s1_overview"] = body
    for i, h in enumerate(heads):
        stop = heads[i + 1]["start"] if i + 1 < len(heads) else len(text)
        body = text[h["end"] : stop]
        body = body[: chrome_start(body, form_key)]
        out[h["key"]] = body.strip()
    return out, heads


def section_headings(text: str, form_key: str = "gov_2021") -> list[dict[str, str]]:
    """The headings as printed, for the report's extras: ``key``, ``no`` (numeral printed or ``""``), ``heading``."""
    return [{"key": h["key"], "no": h["no"], "heading": h["heading"]} for h in headings(text or "", form_key)]


# ---- flattened text: headings run together with the prose (a page's text without its line breaks) ----
_SECTION_WORDS = {
    "s1_overview": ("总体情况", "概述", "基本情况"),
    "s2_proactive": ("主动公开",),
    "s3_requests": ("收到和处理", "依申请公开", "政府信息公开申请"),
    "s4_review_litigation": ("行政复议", "行政诉讼", "复议", "诉讼"),
    "s5_problems": ("问题", "改进", "整改"),
    "s6_other": ("其他需要报告", "其他事项", "其他需报告"),
}
_NUMERALS = "一二三四五六"


_SECTION_RX = {
    no: re.compile(
        rf"(?:^|(?<=[\n\r。：:>\s\d）)元件]))[ \t\u3000\u00a0]*{no}[ \t\u3000\u00a0]*[、.．,，][ \t\u3000\u00a0]*([^\n。]{{0,30}})"
    )
    for no in _NUMERALS
}
_HEADING_END = re.compile(r"[^。\n]{0,26}?(?:情况|事项|措施|概述)")
#: The numeral and its separator alone: a pattern with a literal start, which the regex engine finds at C speed
#: (the full pattern, starting with a look-behind, is tried at every position of the text).
_SECTION_HIT = {no: re.compile(rf"{no}[ \t\u3000\u00a0]*[、.．,，]") for no in _NUMERALS}
_LEAD = " \t\u3000\u00a0"


def _section_search(no: str, text: str, start: int) -> re.Match | None:
    """``_SECTION_RX[no].search(text, start)``, found faster: the full pattern is tried only just before each
    numeral followed by its separator (from the first of the spaces before it, as the search would)."""
    rx, hit = _SECTION_RX[no], _SECTION_HIT[no]
    while (h := hit.search(text, start)) is not None:
        q = h.start()
        p = q
        while p > start and text[p - 1] in _LEAD:
            p -= 1
        for at in range(p, q + 1):
            m = rx.match(text, at)
            if m is not None:
                return m
        start = q + 1
    return None


def find_sections(text: str) -> list[tuple[str, int, int, str]]:
    """The section headings found in ``text``: ``(section_key, start, end_of_heading, heading)`` in order.

    Headings are ``一、总体情况`` … ``六、其他需要报告的事项`` and their variants (spec §2, §7.25),
    found in order; a numeral with the right keywords within a short distance counts. In text whose
    lines were run together (a page's flattened text) a heading may follow a number directly; it then
    ends at its closing word (情况, 事项, 措施).
    """
    out: list[tuple[str, int, int, str]] = []
    pos = 0
    for i, (key, words) in enumerate(_SECTION_WORDS.items()):
        no = _NUMERALS[i]
        search_from = pos
        while True:
            m = _section_search(no, text, search_from)
            if m is None:
                break
            head = m.group(1)
            h = _HEADING_END.match(head)
            window = norm(head[: h.end()] if h else head)[:24]
            if any(w in window for w in words) and not _is_table_row(window):
                line_end = text.find("\n", m.start(1))
                if 0 <= line_end <= m.end():
                    end = line_end
                else:
                    end = m.start(1) + h.end() if h else m.end()
                out.append((key, m.start(), end, (no + "、" + text[m.start(1) : end]).strip()))
                pos = end
                break
            search_from = m.start() + m.group(0).index(no) + 1  # past this numeral: every match with it fails alike
    return out


def _is_table_row(s: str) -> bool:
    return any(w in s for w in ("本年新收", "上年结转", "本年度办理结果", "结转下", "总计"))


def split_sections(text: str) -> dict[str, str]:
    """``{section_key: text}`` for the six sections of a report's narrative (spec §2).

    Examples
    --------
    >>> s = split_sections("前言\\n一、总体情况\\n概况。\\n二、主动公开政府信息情况\\n表\\n六、其他需要报告的事项\\n无。")
    >>> s["s1_overview"], s["s6_other"]
    ('概况。', '无。')
    """
    return split_sections_and_headings(text)[0]


def split_sections_and_headings(text: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """``(split_sections(text), section_headings(text))``, the headings found once for both."""
    text = text or ""
    by_line, found = sections(text)
    printed = [{"key": h["key"], "no": h["no"], "heading": h["heading"]} for h in found]
    if len(found) >= len(_SECTION_WORDS):
        return by_line, printed  # all six on lines of their own (find_sections finds six at most)
    heads = find_sections(text)
    if len(found) >= len(heads):
        return by_line, printed  # headings on lines of their own, any numbering
    out: dict[str, str] = {}  # flattened text: headings run together with the prose
    for i, (key, _start, end, _h) in enumerate(heads):
        stop = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        body = text[end:stop]
        out[key] = body[: chrome_start(body)].strip()
    return out, printed
