"""Where a report's tables are in its text: the first line of Table 2 (or 3), and the heading of section 五 after
Table 4. The text and Markdown readers look for table rows only there; the prose around them is narrative."""

from __future__ import annotations

import re

from ._match import T4_START

#: Table 2's block titles as printed (spec §3.4 and its variants): 第二十条第（一）项 …, and the short 第（一）项 that
#: some reports print instead (with the traditional 條 and 項 of mirror copies).
T2_TITLE_FULL = re.compile(r"第 ?二十[条條]")
T2_TITLE_SHORT = re.compile(r"第\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*[项項]")
#: What comes first in a report's tables: Table 2's block title (the short one, and its header 信息内容, first on a
#: line: in prose they are words of a sentence) or Table 3's first words.
_TABLES_START = re.compile(
    rf"{T2_TITLE_FULL.pattern}|^[ \t\u3000|#*>]*(?:{T2_TITLE_SHORT.pattern}|信息[内內]容)|本列数据|本年新收", re.M
)
#: A line opening section 五 (the tables end before it).
_S5_LINE = re.compile(r"\n[ \t\u3000#]*五\s*[、.．]")


def tables_start(text: str) -> int | None:
    """Where the line that starts a text's tables starts (the first Table 2 block title or header, or Table 3's
    first words); None when the text has none of them.

    Examples
    --------
    >>> text = "一、总体情况\\n概况。\\n二、主动公开政府信息情况\\n第（一）项\\n信息内容 本年制发件数"
    >>> text[tables_start(text):]
    '第（一）项\\n信息内容 本年制发件数'
    """
    m = _TABLES_START.search(text)
    return None if m is None else text.rfind("\n", 0, m.start()) + 1


def table_window(text: str) -> tuple[int, int]:
    """The part of ``text`` that holds the tables: from Table 2 (or 3) to the heading of section 五."""
    a = tables_start(text)
    if a is None:
        return 0, len(text)
    t4 = T4_START.search(text, a)
    end = len(text)
    if t4:
        m = _S5_LINE.search(text, t4.end())
        if m:
            end = m.start() + 1
    return a, end


__all__ = ["T2_TITLE_FULL", "T2_TITLE_SHORT", "table_window", "tables_start"]
