"""Numbers as Chinese prose writes them: Arabic digits with separators, or 一百二十三, 两千, 三万."""

from __future__ import annotations

import unicodedata

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
#: A number in prose: digits (with thousands separators) or Chinese numerals.
NUM = r"(\d[\d,，]*|[零〇一二两三四五六七八九十百千万]+)"


def chinese_number(text: str) -> int | None:
    """``"12"``, ``"1,234"``, ``"十二"``, ``"三百零五"`` → int; ``None`` when it is not a number.

    Examples
    --------
    >>> chinese_number("十二"), chinese_number("三百零五"), chinese_number("1，234")
    (12, 305, 1234)
    """
    s = unicodedata.normalize("NFKC", text or "").replace(",", "")
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in s):
        return None
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            unit = CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)
