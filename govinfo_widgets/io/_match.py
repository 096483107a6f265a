"""Label binding, section splitting and title metadata shared by every importer (spec §2, §3.4, §4.4); cell values are
in :mod:`._values`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..schema import C7, T4_GROUPS, T4_PARTS, Form, normalise_label
from ..schema._labels import _T2S

# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------
_PAREN_TAIL = re.compile(r"\([^()]*\)$")
_NUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[、.,]|\(\d+\)|[①-⑳])")


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return normalise_label(text)


def norm(text: str | None) -> str:
    """A label normalised for matching: NFKC, no whitespace, unified quotes, simplified characters."""
    return _norm(text or "")


def core(text: str | None) -> str:
    """:func:`norm` without leading numbering or trailing parentheticals: the core term of a label."""
    return _core(text or "")


@lru_cache(maxsize=65536)
def _core(text: str) -> str:
    s = norm(text)
    for _ in range(3):
        t = _NUM_PREFIX.sub("", s)
        if t == s:
            break
        s = t
    while True:
        t = _PAREN_TAIL.sub("", s)
        if t == s or not t:
            break
        s = t
    return s


# ---------------------------------------------------------------------------
# Table 3 rows
# ---------------------------------------------------------------------------
#: Group rows of Table 3 and the words that name them.
T3_GROUP_WORDS = {"denied": "不予公开", "unable": "无法提供", "not_processed": "不予处理", "other": "其他处理"}
_TOP_ROWS = (
    ("new_received", ("本年新收", "新收政府信息公开申请", "本年新收政府信息")),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下", "下年度继续办理", "下一年度继续办理", "下一年继续办理", "转下年")),
)


@dataclass(frozen=True)
class RowMatch:
    """What a Table 3 row label names: a data row key, a group heading, or nothing."""

    key: str | None  # data row key (``granted``, ``denied_state_secret`` …, or ``other`` when collapsed)
    group: str | None = None  # the group this label opens or belongs to
    heading: bool = False  # a group heading without values of its own


def match_t3_row(labels: list[str] | str, form: Form, group: str | None = None) -> RowMatch:
    """Bind the label cells of one Table 3 row to a row key.

    ``labels`` are the row's label cells left to right (after rowspan expansion they may repeat the
    group labels: ``三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密``). ``group`` is the group in force
    from earlier rows. The most specific (last) label decides; earlier cells give the group.

    Examples
    --------
    >>> from govinfo_widgets.schema import get_form
    >>> f = get_form("gov_2021")
    >>> match_t3_row(["（三）不予公开", "2.其他法律行政止公开"], f).key
    'denied_prohibited_by_law'
    >>> match_t3_row("（一）予以公开", f).key
    'granted'
    >>> match_t3_row("3.其他", f, group="other").key
    'other_other'
    """
    return _match_t3_row((labels,) if isinstance(labels, str) else tuple(labels), form.key, group)


#: A second numbering inside one label cell: a merged group label and its row ("三、本年度办理结果 （七）总计").
_INNER_NUMBERING = re.compile(r"(?<=[^\s(（])(?=[(（][一二三四五六七八九十]+[)）])")


@lru_cache(maxsize=16384)
def _match_t3_row(labels: tuple[str, ...], form_key: str, group: str | None) -> RowMatch:
    from ..schema import get_form

    form = get_form(form_key)
    cells = [part for x in labels if norm(x) for part in _INNER_NUMBERING.split(norm(x)) if part]
    if not cells:
        return RowMatch(None, group)
    # the group named by an earlier (spanned) label cell wins over the running one
    for c in cells[:-1]:
        g = _group_of(c)
        if g:
            group = g
    leaf = cells[-1]
    joined = "".join(cells)
    c = core(leaf)
    for key, words in _TOP_ROWS:
        if any(w in leaf for w in words):
            return RowMatch(key, None)
    if _is_outcome_total(leaf):
        return RowMatch("outcome_total", None)
    if "部分公开" in c:
        return RowMatch("partially_granted", None)
    if "不予公开" in c and c.endswith("不予公开"):
        return RowMatch(None, "denied", heading=True)
    if "予以公开" in c and "不予" not in c:
        return RowMatch("granted", None)
    # a leaf of a group, by its distinctive words
    rows = form.t3_row
    order = [r for r in form.t3_rows if r.match and r.outcome]
    if group:
        order.sort(key=lambda r: r.parent != group)
    for r in order:
        if r.key == "other_other":
            continue
        if any(normalise_label(m) in c for m in r.match) or any(core(v) == c for v in r.variants):
            if r.key == "other_total_2019":
                return RowMatch(r.key, None)
            return RowMatch(r.key, r.parent)
    g = _group_of(leaf)
    if g:
        # a group heading; （六）其他处理 standing alone is the collapsed single row
        if g == "other" and "other_total_2019" in rows:
            return RowMatch("other_total_2019", None)
        return RowMatch(None, g, heading=True)
    if group == "other" and c in ("其他", "其它") and "other_other" in rows:
        return RowMatch("other_other", "other")
    if "本年度办理结果" in joined and not group:
        return RowMatch(None, "outcomes", heading=True)
    return RowMatch(None, group)


def _group_of(label: str) -> str | None:
    c = core(label)
    for g, w in T3_GROUP_WORDS.items():
        if c.startswith(w) or c == w or (c.endswith(w) and len(c) <= len(w) + 2):
            return g
    if c == "其他" and re.match(r"^\(六\)", label):
        return "other"
    return None


def _is_outcome_total(label: str) -> bool:
    s = norm(label)
    return bool(re.match(r"^(?:\(七\)|七[、.])?总计(?:\(7\))?$", s)) or s in ("合计", "(七)合计")


# ---------------------------------------------------------------------------
# Table 3 columns
# ---------------------------------------------------------------------------
_T3_COLS = (
    ("natural_person", ("自然人",)),
    ("commercial_enterprise", ("商业企业",)),
    ("research_institution", ("科研机构",)),
    ("public_interest_org", ("社会公益组织", "社会组织", "公益组织")),
    ("legal_service_org", ("法律服务机构",)),
    ("other_org", ("其他", "其它")),
    ("total", ("总计", "合计")),
)


@lru_cache(maxsize=16384)
def match_t3_column(label: str) -> str | None:
    """The Table 3 applicant column a header label names (``None`` for spanners and other text).

    Examples
    --------
    >>> match_t3_column("社会组织")
    'public_interest_org'
    >>> match_t3_column("法人或其他组织") is None
    True
    """
    s = core(label)
    if not s or "法人或其他组织" in s or "申请人情况" in s:
        return None
    for key, words in _T3_COLS:
        if key in ("other_org", "total"):
            if s in words:
                return key
        elif any(w == s or (w in s and len(s) <= len(w) + 6) for w in words):
            return key
    return None


# ---------------------------------------------------------------------------
# Table 2
# ---------------------------------------------------------------------------
_BLOCK_NO = re.compile(r"第二十条第?\(?([一二三四五六七八九十]+)\)?项|^第?\(([一二三四五六七八九十]+)\)项")
_BLOCK_KEYS = {"一": "art20_1", "五": "art20_5", "六": "art20_6", "八": "art20_8", "九": "art20_9"}


def match_t2_block(label: str) -> str | None:
    """``art20_1`` … for a block title such as ``第二十条第（一）项`` (ASCII parentheses and 第一项 too)."""
    m = _BLOCK_NO.search(norm(label))
    if not m:
        return None
    return _BLOCK_KEYS.get(m.group(1) or m.group(2))


def match_t2_row(label: str, form: Form, block: str | None = None) -> tuple[str, str] | None:
    """``(block, row)`` for a Table 2 row label, preferring rows of ``block``.

    Matching is on the core term (spec §3.4): annotations in parentheses and numbering are dropped,
    and 规范性文件 / 行政规范性文件 / 規範性檔案 are one row.
    """
    c = core(label)
    if not c:
        return None
    found = []
    for b in form.table("t2")["blocks"]:
        for r in b["rows"]:
            names = [core(r["label"])] + [core(v) for v in r.get("variants", ())]
            if c in names or any(c.startswith(n) and len(c) <= len(n) + 2 for n in names):
                found.append((b["key"], r["key"]))
    if not found:
        # the core term inside a longer annotated label (Hubei: 规章(设区的市…应提供相关数据))
        for b in form.table("t2")["blocks"]:
            for r in b["rows"]:
                names = [core(r["label"])] + [core(v) for v in r.get("variants", ())]
                if any(norm(label).startswith(n) for n in names):
                    found.append((b["key"], r["key"]))
    if not found:
        return None
    for f in found:
        if f[0] == block:
            return f
    return found[0]


def match_t2_column(label: str, form: Form, block: str) -> str | None:
    """The column key of ``block`` that a Table 2 header label names (variants and typos included)."""
    n = norm(label)
    c = core(label)
    if not c:
        return None
    for b in form.table("t2")["blocks"]:
        if b["key"] != block:
            continue
        for col in b["columns"]:
            names = [col["label"], *col.get("variants", ())]
            if any(norm(x) == n or core(x) == c for x in names):
                return col["key"]
        for col in b["columns"]:
            names = [col["label"], *col.get("variants", ())]
            if any(core(x) in c for x in names if len(core(x)) >= 4):
                return col["key"]
    return None


def t2_header_form(labels: list[str]) -> str | None:
    """Which national format a Table 2 header row belongs to, from its column labels (spec §1.1)."""
    s = "".join(norm(x) for x in labels)
    if any(
        w in s
        for w in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量")
    ):
        return "gov_2019"
    if any(w in s for w in ("制发件数", "本年废止", "现行有效", "本年处理决定数量", "收费金额")):
        return "gov_2021"
    return None


# ---------------------------------------------------------------------------
# Table 4
# ---------------------------------------------------------------------------
_T4_COL_WORDS = {"upheld": "维持", "corrected": "纠正", "other": "其他", "pending": "尚未审结", "total": "总计"}


def match_t4_column(label: str) -> str | None:
    """``upheld`` / ``corrected`` / ``other`` / ``pending`` / ``total`` for a Table 4 header label."""
    s = core(label)
    for k, w in _T4_COL_WORDS.items():
        if w in s and len(s) <= len(w) + 3:
            return k
    return None


def t4_addresses() -> list[str]:
    """The 15 Table 4 addresses in the canonical left-to-right order (spec §5)."""
    return [f"t4.{g}_{c}" for g in T4_GROUPS for c in (*T4_PARTS, "total")]


# ---------------------------------------------------------------------------
# sections (spec §2)
# ---------------------------------------------------------------------------
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
        rx = _SECTION_RX[no]
        search_from = pos
        while True:
            m = rx.search(text, search_from)
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
            search_from = m.start() + 1
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
    from ._sections import chrome_start, sections

    text = text or ""
    by_line, found = sections(text)
    heads = find_sections(text)
    if len(found) >= len(heads):
        return by_line  # headings on lines of their own, any numbering
    out: dict[str, str] = {}  # flattened text: headings run together with the prose
    for i, (key, _start, end, _h) in enumerate(heads):
        stop = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        body = text[end:stop]
        out[key] = body[: chrome_start(body)].strip()
    return out


# ---------------------------------------------------------------------------
# meta (title, year, declared format)
# ---------------------------------------------------------------------------
_TITLE = re.compile(
    r"(?P<a1>[^，。、：:；;《》“”\"()（）\[\]【】<>|_\-—]{0,40}?)(?P<y>(?:19|20)\d{2})年度?"
    r"(?P<a2>[^，。、：:；;《》“”\"()（）<>|_\-—]{0,40}?)(?:政府)?信息公开(?:工作)?年度?报告"
)
_TITLE_PREFIX = re.compile(r"^(?:标题|名称|正文|附件\d*)[:：]?")
_DECLARED = re.compile(r"国办公开办函\s*[〔\[【(（]\s*(2019|2021)\s*[〕\]】)）]\s*(\d+)\s*号")


def _title_parts(line: str) -> tuple[str | None, int | None]:
    compact = _TITLE_PREFIX.sub("", re.sub(r"[\s\u3000\u00a0]+", "", line)).translate(_T2S)
    m = _TITLE.search(compact)
    if not m:
        return None, None
    a2, a1 = m.group("a2"), _TITLE_PREFIX.sub("", m.group("a1"))
    agency = a2 if len(a2) >= 2 else a1
    return (agency if len(agency) >= 2 else None), int(m.group("y"))


def title_meta(text: str) -> tuple[str | None, int | None]:
    """Agency and year from a report title such as ``攀枝花市东区民政局2023年政府信息公开工作年度报告``.

    The title may be broken over two or three lines (agency on one, year and 报告 on the next).

    Examples
    --------
    >>> title_meta("2019年上海市人民政府办公厅政府信息公开工作年度报告")
    ('上海市人民政府办公厅', 2019)
    >>> title_meta("攀枝花市东区民政局\\n\\n2023 年政府信息公开工作年度报告")
    ('攀枝花市东区民政局', 2023)
    """
    lines = [ln.strip() for ln in (text or "").splitlines()[:80] if ln.strip()]
    year_only = None
    for i, line in enumerate(lines):
        for cand in (line, "".join(lines[i : i + 2]), "".join(lines[i : i + 3]), "".join(lines[max(0, i - 1) : i + 2])):
            if "告" not in cand or "年" not in cand:
                continue  # no 报告/報告 or no year: not a title (cheap test before the regex)
            agency, year = _title_parts(cand)
            if year is not None and agency:
                return agency, year
            if year is not None and year_only is None:
                year_only = year
    return None, year_only


def declared_format(text: str) -> str | None:
    """The format the text cites (``国办公开办函〔2021〕30号``), if any (spec §1.1 ``format_declared``)."""
    m = _DECLARED.search(text or "")
    if not m:
        return None
    return f"国办公开办函〔{m.group(1)}〕{m.group(2)}号"


__all__ = [
    "C7",
    "RowMatch",
    "core",
    "declared_format",
    "find_sections",
    "match_t2_block",
    "match_t2_column",
    "match_t2_row",
    "match_t3_column",
    "match_t3_row",
    "match_t4_column",
    "norm",
    "split_sections",
    "t2_header_form",
    "t4_addresses",
    "title_meta",
]
