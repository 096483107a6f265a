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
    }
)


#: ``.translate(_QUOTES).translate(_T2S)`` in one pass: each quote's replacement mapped on by ``_T2S``.
_QUOTES_T2S = {
    **_T2S,
    **{k: v if v is None else (chr(v) if isinstance(v, int) else v).translate(_T2S) for k, v in _QUOTES.items()},
}


@lru_cache(maxsize=1 << 16)
def to_simplified(text: str) -> str:
    """``text`` with the traditional characters of mirror copies mapped to simplified ones (only that).

    Examples
    --------
    >>> to_simplified("政府資訊公開")
    '政府资讯公开'
    """
    return text.translate(_T2S)


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
    s = unicodedata.normalize("NFKC", text or "")
    s = _SPACE.sub("", s).translate(_QUOTES_T2S)
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
