"""Label binding shared by every importer: a row, column or block label → its place in the form (spec §3.4, §4.4);
cell values are in :mod:`._values`, sections in :mod:`._sections`, title metadata in :mod:`._title`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..schema import C7, T4_GROUPS, T4_PARTS, Form, get_form, normalise_label

# ---------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------
_PAREN_TAIL = re.compile(r"\([^()]*\)$")
_NUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d+[、.,]|\(\d+\)|[①-⑳])")


#: Words that open Table 3 and Table 4, and the heading of section 五 (where Table 4 ends), in page text.
T3_START = ("本列数据的勾稽关系", "申请人情况", "本年新收政府信息公开申请")
T4_START = re.compile(r"行政复议.{0,40}行政诉讼|未经复议直接起诉|四、.{0,12}行政复议")
S5_HEADING = re.compile(r"^\s*#*\s*五\s*[、.．]")


def any_word(words) -> re.Pattern:
    """One pattern that finds any of ``words`` (one search instead of a test per word; never matches when there are
    none)."""
    words = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")


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
_TOP_WORDS = any_word(w for _key, words in _TOP_ROWS for w in words)
_GROUP_WORDS = any_word(T3_GROUP_WORDS.values())


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
    if _TOP_WORDS.search(leaf):
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
    rows = get_form(form_key).t3_row
    order, any_leaf_word, exact = _leaf_names(form_key)
    if not any_leaf_word.search(c) and c not in exact:
        order = ()  # (most text names no leaf: one search instead of a test per row)
    elif group:
        order = _group_first(form_key, group)
    for key, parent, words, label_core, variant_cores in order:
        named = any(w in c for w in words) if words else label_core == c  # no words: the label
        if named or c in variant_cores:
            if key == "other_total_2019":
                return RowMatch(key, None)
            return RowMatch(key, parent)
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


@lru_cache(maxsize=64)
def _group_first(form_key: str, group: str) -> tuple:
    """:func:`_leaf_names`' rows with ``group``'s own first (in the form's order within each part)."""
    return tuple(sorted(_leaf_names(form_key)[0], key=lambda r: r[1] != group))


@lru_cache(maxsize=16)
def _leaf_names(form_key: str) -> tuple[tuple, re.Pattern, frozenset[str]]:
    """The Table 3 rows a leaf label may name, in the form's order, each with its words made once: ``(key, parent,
    normalised match words, core of the label, cores of the variants)`` (（六）3.其他 is left out: only its group
    names it); then any one of their match words as one pattern, and the cores a label must equal when it holds
    none of them."""
    form = get_form(form_key)
    rows = tuple(
        (
            r.key,
            r.parent,
            tuple(normalise_label(m) for m in r.match),
            core(r.label),
            frozenset(core(v) for v in r.variants),
        )
        for r in form.t3_rows
        if r.outcome and (r.match or not (r.group or r.computed)) and r.key != "other_other"
    )
    exact = frozenset(c for r in rows for c in ((() if r[2] else (r[3],)) + tuple(r[4])))
    return rows, any_word(w for r in rows for w in r[2]), exact


def _group_of(label: str) -> str | None:
    c = core(label)
    if _GROUP_WORDS.search(c):  # (each test below needs the group's word in the label)
        for g, w in T3_GROUP_WORDS.items():
            if c.startswith(w) or c == w or (c.endswith(w) and len(c) <= len(w) + 2):
                return g
    if c == "其他" and label.startswith("(六)"):
        return "other"
    return None


_OUTCOME_TOTAL = re.compile(r"^(?:\(七\)|七[、.])?总计(?:\(7\))?$")


def _is_outcome_total(label: str) -> bool:
    s = norm(label)
    return bool(_OUTCOME_TOTAL.match(s)) or s in ("合计", "(七)合计")


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
_T3_COL_WORDS = any_word(w for _key, words in _T3_COLS for w in words)


#: A numbering in parentheses at the end of a label (总计(7)).
_NUMBER_AFTER = re.compile(r"\((?:\d+|[一二三四五六七八九十]+)\)$")


@lru_cache(maxsize=16384)
def match_t3_column(label: str) -> str | None:
    """The Table 3 applicant column a header label names (``None`` for spanners and other text).

    Examples
    --------
    >>> match_t3_column("社会组织")
    'public_interest_org'
    >>> match_t3_column("法人或其他组织") is None
    True
    >>> match_t3_column("总计(7)") is None  # the row （七）总计 numbered after its words (spec §4.4)
    True
    """
    s = core(label)
    if not s or "法人或其他组织" in s or "申请人情况" in s or not _T3_COL_WORDS.search(s):
        return None  # (each test below needs one of the columns' words in the label)
    if _NUMBER_AFTER.search(norm(label)):
        return None  # a row's numbering written after its words: no column heading ends so
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
    label = label or ""
    if len(label) > 64:  # prose, not a row label: not kept in the cache
        return _match_t2_row.__wrapped__(label, form.key, block)
    return _match_t2_row(label, form.key, block)


@lru_cache(maxsize=16)
def _t2_row_names(form_key: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Table 2's rows in the form's order: ``(block, row, cores of the label and its variants)``, made once."""
    return tuple(
        (b["key"], r["key"], (core(r["label"]), *(core(v) for v in r.get("variants", ()))))
        for b in get_form(form_key).table("t2")["blocks"]
        for r in b["rows"]
    )


@lru_cache(maxsize=16384)
def _match_t2_row(label: str, form_key: str, block: str | None) -> tuple[str, str] | None:
    c = core(label)
    if not c:
        return None
    rows = _t2_row_names(form_key)
    found = [
        (b, r) for b, r, names in rows if c in names or any(c.startswith(n) and len(c) <= len(n) + 2 for n in names)
    ]
    if not found:
        # the core term inside a longer annotated label (Hubei: 规章(设区的市…应提供相关数据))
        n_label = norm(label)
        found = [(b, r) for b, r, names in rows if any(n_label.startswith(n) for n in names)]
    if not found:
        return None
    for f in found:
        if f[0] == block:
            return f
    return found[0]


def match_t2_column(label: str, form: Form, block: str) -> str | None:
    """The column key of ``block`` that a Table 2 header label names (variants and typos included)."""
    label = label or ""
    if len(label) > 64:  # prose, not a column label: not kept in the cache
        return _match_t2_column.__wrapped__(label, form.key, block)
    return _match_t2_column(label, form.key, block)


@lru_cache(maxsize=16384)
def _match_t2_column(label: str, form_key: str, block: str) -> str | None:
    form = get_form(form_key)
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


def t2_header_form(labels: list[str], joined: str | None = None) -> str | None:
    """Which national format a Table 2 header row belongs to, from its column labels (spec §1.1); ``joined``: their
    norms joined, when the caller has them."""
    s = "".join(norm(x) for x in labels) if joined is None else joined
    if _T2_HEADER_2019.search(s):
        return "gov_2019"
    if _T2_HEADER_2021.search(s):
        return "gov_2021"
    return None


#: Words only the 2019 form's Table 2 has, that tell a text's tables are of that form (a header word, a row).
T2_2019_WORDS = ("本年新制作数量", "上一年项目数量", "政府集中采购")
#: Words of a Table 2 header row only one national format has (each an alternation: one search per row).
_T2_HEADER_2019 = any_word(
    ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量")
)
_T2_HEADER_2021 = any_word(("制发件数", "本年废止", "现行有效", "本年处理决定数量", "收费金额"))


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


__all__ = [
    "C7",
    "RowMatch",
    "any_word",
    "core",
    "match_t2_block",
    "match_t2_column",
    "match_t2_row",
    "match_t3_column",
    "match_t3_row",
    "match_t4_column",
    "norm",
    "t2_header_form",
    "t4_addresses",
]
