"""The report's title metadata: agency and year from its title, and the format it cites (spec §1.1)."""

from __future__ import annotations

import re

from ..schema import to_simplified

_TITLE = re.compile(
    r"(?P<a1>[^，。、：:；;《》“”\"()（）\[\]【】<>|_\-—]{0,40}?)(?P<y>(?:19|20)\d{2})年度?"
    r"(?P<a2>[^，。、：:；;《》“”\"()（）<>|_\-—]{0,40}?)(?:政府)?信息公开(?:工作)?年度?报告"
)
_TITLE_PREFIX = re.compile(r"^(?:标题|名称|正文|附件\d*)[:：]?")
#: A glyph without a Unicode value (U+FFFD, as the PDF reader gives it) or a radical left ununified
#: (U+2E80–U+2FDF): the name around it is not known for sure.
_UNSURE = re.compile("[\ufffd\u2e80-\u2fdf]")
_DECLARED = re.compile(r"国办公开办函\s*[〔\[【(（]\s*(2019|2021)\s*[〕\]】)）]\s*(\d+)\s*号")


def _title_parts(line: str) -> tuple[str | None, int | None]:
    # spaces, and the marks of a Markdown title (# heading, **bold**): none is part of a name
    compact = to_simplified(_TITLE_PREFIX.sub("", re.sub(r"[\s\u3000\u00a0#*]+", "", line)))
    m = _TITLE.search(compact)
    if not m:
        return None, None
    a2, a1 = m.group("a2"), _TITLE_PREFIX.sub("", m.group("a1"))
    agency = a2 if len(a2) >= 2 else a1
    if _UNSURE.search(agency):
        return None, int(m.group("y"))  # a character the text layer lost: no agency rather than a wrong one
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
