"""Label normalisation (spec §11 ``normalisation.steps``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b]+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d+[、.．]|[(（]\d+[)）])")
# Traditional characters seen in mirror copies, and the words their converters change.
_T2S = str.maketrans(
    {
        "規": "规",
        "範": "范",
        "檔": "档",
        "項": "项",
        "開": "开",
        "請": "请",
        "數": "数",
        "處": "处",
        "與": "与",
        "資": "资",
        "訊": "讯",
        "門": "门",
        "構": "构",
        "織": "织",
        "證": "证",
        "審": "审",
        "結": "结",
        "轉": "转",
        "續": "续",
        "辦": "办",
        "總": "总",
        "計": "计",
        "況": "况",
        "務": "务",
        "導": "导",
        "訴": "诉",
        "議": "议",
        "復": "复",
        "強": "强",
        "許": "许",
        "費": "费",
        "額": "额",
        "單": "单",
        "萬": "万",
        "體": "体",
        "類": "类",
        "報": "报",
        "舉": "举",
        "複": "复",
        "從": "从",
        "製": "制",
        "發": "发",
        "廢": "废",
        "現": "现",
        "應": "应",
        "機": "机",
        "關": "关",
        "掌": "掌",
        "無": "无",
        "權": "权",
        "義": "义",
        "國": "国",
        "屬": "属",
        "險": "险",
        "穩": "稳",
        "護": "护",
        "內": "内",
        "過": "过",
        "執": "执",
        "卷": "卷",
        "詢": "询",
        "補": "补",
        "確": "确",
        "獲": "获",
        "實": "实",
        "統": "统",
        "歲": "岁",
        "經": "经",
        "維": "维",
        "糾": "纠",
        "濟": "济",
        "種": "种",
        "個": "个",
        "條": "条",
        "簡": "简",
        "們": "们",
        "會": "会",
        # the rest of the forms' characters (labels, variants, section and chrome words) that mirror copies write in
        # their traditional form (checked against OpenCC's s2t, s2tw and s2hk tables, 2026-12)
        "業": "业",
        "爲": "为",
        "為": "为",
        "於": "于",
        "決": "决",
        "減": "减",
        "動": "动",
        "區": "区",
        "臺": "台",
        "號": "号",
        "後": "后",
        "圖": "图",
        "備": "备",
        "對": "对",
        "當": "当",
        "掃": "扫",
        "據": "据",
        "來": "来",
        "標": "标",
        "沒": "没",
        "瀏": "浏",
        "監": "监",
        "碼": "码",
        "祕": "秘",
        "納": "纳",
        "組": "组",
        "繼": "继",
        "繳": "缴",
        "網": "网",
        "罰": "罚",
        "聯": "联",
        "覽": "览",
        "認": "认",
        "訟": "讼",
        "設": "设",
        "訪": "访",
        "識": "识",
        "試": "试",
        "購": "购",
        "這": "这",
        "進": "进",
        "採": "采",
        "鏈": "链",
        "閉": "闭",
        "問": "问",
        "際": "际",
        "頁": "页",
        "頂": "顶",
        "題": "题",
    }
)


#: ``.translate(_QUOTES).translate(_T2S)`` in one pass: each quote's replacement mapped on by ``_T2S``.
_QUOTES_T2S = {
    **_T2S,
    **{k: v if v is None else (chr(v) if isinstance(v, int) else v).translate(_T2S) for k, v in _QUOTES.items()},
}


_QUOTES_T2S_STR = {chr(k): "" if v is None else chr(v) if isinstance(v, int) else v for k, v in _QUOTES_T2S.items()}
#: The characters :data:`_QUOTES_T2S` maps, found by one regex scan: ``str.translate`` with a dict looks up every
#: character of a long text (10× slower); the result is the same.
_QUOTES_T2S_RX = re.compile("[" + "".join(map(re.escape, _QUOTES_T2S_STR)) + "]")


def _quotes_t2s(m: re.Match) -> str:
    return _QUOTES_T2S_STR[m.group()]


#: Blocks whose characters NFKC changes in Chinese reports: Latin-1, punctuation, letterlike forms, enclosed
#: numbers, Kangxi radicals, CJK punctuation and compatibility forms, full- and half-width forms.
_COMPAT_BLOCKS = (
    (0xA0, 0x100),
    (0x2000, 0x2070),
    (0x2100, 0x2190),
    (0x2460, 0x2500),
    (0x2F00, 0x2FE0),
    (0x3000, 0x3100),
    (0x3190, 0x3400),
    (0xF900, 0xFB00),
    (0xFE30, 0xFE70),
    (0xFF00, 0xFFF0),
)


@lru_cache(maxsize=1)
def _compat() -> tuple[re.Pattern, dict[str, str]]:
    table = {}
    for a, b in _COMPAT_BLOCKS:
        for i in range(a, b):
            c = chr(i)
            n = unicodedata.normalize("NFKC", c)
            if n != c:
                table[c] = n
    return re.compile("[" + "".join(map(re.escape, table)) + "]"), table


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text: the common compatibility characters (full-width
    punctuation and digits, Kangxi radicals …) are first replaced by their NFKC forms in one regex scan, so the
    library's quick check usually finds the rest already normalised. Same result: NFKC depends only on the
    compatibility decomposition, which a character and its NFKC form share.

    Examples
    --------
    >>> nfkc("（一）１２，３")
    '(一)12,3'
    """
    rx, table = _compat()
    return unicodedata.normalize("NFKC", rx.sub(lambda m: table[m.group()], text))


@lru_cache(maxsize=1 << 16)
def to_simplified(text: str) -> str:
    """``text`` with the traditional characters of mirror copies mapped to simplified ones (only that).

    Examples
    --------
    >>> to_simplified("政府資訊公開")
    '政府资讯公开'
    """
    return text.translate(_T2S)


_T2S_STR = {chr(k): chr(v) if isinstance(v, int) else v for k, v in _T2S.items()}
_T2S_RX = re.compile("[" + "".join(_T2S_STR) + "]")


def simplified_text(text: str) -> str:
    """:func:`to_simplified` for a whole page of text, not kept in a cache: the traditional characters found by one
    regex scan (a page with none, most pages, is returned as it is). Each character maps to one character, so every
    offset into the result is the same offset into ``text``.

    Examples
    --------
    >>> simplified_text("第二十條第（一）項 規章 5")
    '第二十条第（一）项 规章 5'
    """
    return _T2S_RX.sub(_simplified_char, text) if _T2S_RX.search(text) else text


def _simplified_char(m: re.Match) -> str:
    return _T2S_STR[m.group()]


def normalise_label(text: str, *, drop_numbering: bool = False) -> str:
    """Normalise a table label for matching.

    NFKC, whitespace removed (including U+00A0 and U+3000), quotes unified, common
    traditional characters mapped to simplified ones, 檔案 read as 文件 (mirror-site
    conversion), and optionally the leading numbering (``一、``, ``（三）``, ``1.``) dropped.

    Examples
    --------
    >>> normalise_label("（二）部分公开 ")
    '(二)部分公开'
    >>> normalise_label("3. 危及“三安全一稳定”", drop_numbering=True)
    '危及"三安全一稳定"'
    """
    if isinstance(text, str) and len(text) <= _CACHED_LEN:
        return _normalise_short(text, drop_numbering)
    return _normalise(text, drop_numbering)


def _normalise(text: str, drop_numbering: bool) -> str:
    s = nfkc(text or "")
    s = _QUOTES_T2S_RX.sub(_quotes_t2s, _SPACE.sub("", s))
    s = s.replace("档案", "文件")
    if drop_numbering:
        s = _NUMBERING.sub("", s)
    return s


#: Labels and short lines (their words repeat from report to report) are normalised once each.
_CACHED_LEN = 80
_normalise_short = lru_cache(maxsize=1 << 16)(_normalise)


def aspects_covered(aspects, text: str) -> list[bool]:
    """For each S-05 aspect of the overview (``Form.s1_aspects``), whether ``text`` names it.

    An aspect is named by its label or one of its variants, compared after :func:`normalise_label`.
    The checker (S-05), the editor's checklist and its "insert the headings" button all ask this.

    Examples
    --------
    >>> aspects = [{"label": "主动公开", "variants": ["主动公开政府信息"]}, {"label": "依申请公开"}]
    >>> aspects_covered(aspects, "一、主动公开情况")
    [True, False]
    """
    have = normalise_label(text or "")
    return [any(k in have for k in (a["label"], *a.get("variants", ()))) for a in aspects]
