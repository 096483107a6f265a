"""Text printed one cell per line → one table row per line, anchored by the form's own labels.

Some saved pages print every table cell on its own line (a row label, then one line per number),
split labels, titles and headings over several lines (``第二十条第`` / ``（`` / ``一`` / ``）`` / ``项``)
and may have collapsed repeated lines. :func:`rejoin` turns such text into tab-separated rows: label
fragments are joined while the joined text is still the beginning of a label of the form (row,
column, block, table and section labels and their variants, from ``schema/forms/*.json``), and the
numbers after a label are that label's row. Rows keep exactly the numbers printed; how many a row
should have comes from the form and short rows are settled by the identities
(:mod:`govinfo_widgets.io._settle`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..schema import get_form, normalise_label
from ._layout import numbered
from ._values import NA_MARKERS, value_status

_VALUE = ("parsed", "repaired", "not_applicable")
_SPLIT = re.compile(r"\t|\s{2,}|\u3000|\|")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MONEY = re.compile(r"[+\-]?[\d.,，]+\s*(?:万元|元)")
_PIECE = re.compile(r"^[(（）)、.．]?[一二三四五六七八九十\d]{0,3}[(（）)、.．]?$")
#: Fewest lines holding a single number for a text to count as printed one cell per line.
MIN_NUMBER_LINES = 25


def _key(text: str) -> str:
    return normalise_label(text)


@lru_cache(maxsize=4)
def vocabulary(form_key: str) -> tuple[str, ...]:
    """Every label of the form, normalised: sections, table titles, blocks, rows, columns and their variants."""
    form = get_form(form_key)
    out: set[str] = set()

    def add(*texts):
        for t in texts:
            if t:
                out.add(_key(t))

    for s in form.sections:
        for title in (s["title"], *s.get("variants", ())):
            add(title, f"{s['no']}、{title}")
    for tk in ("t2", "t3", "t4"):
        t = form.table(tk)
        add(t.get("title"), t.get("header_note"))
        if t.get("title"):
            add(f"{t.get('no', '')}、{t['title']}")
    for b in form.table("t2")["blocks"]:
        add(b["title"], *b.get("title_variants", ()), b.get("label_header"))
        for c in (*b["columns"], *b["rows"]):
            add(c["label"], *c.get("variants", ()))
    t3 = form.table("t3")
    for c in (*t3["columns"], *t3.get("spanners", ())):
        add(c["label"], *c.get("variants", ()))
    for r in form.t3_rows:
        add(r.label, *r.variants)
    t4 = form.table("t4")
    for g in (*t4["groups"], *t4["columns"]):
        add(g["label"], g.get("parent_label"))
    return tuple(sorted(out))


def _is_number(line: str) -> bool:
    s = line.strip()
    if _MONEY.fullmatch(s):
        return True  # an amount with its unit (75394432.52元) is a cell, not a label
    if not s or (" " in s and s not in NA_MARKERS):
        return False  # "20 0 0 1 21" is several numbers, not one split by spaces
    return (s in NA_MARKERS or not _CJK.search(s)) and value_status(s) in _VALUE


def one_cell_per_line(text: str) -> bool:
    """Whether ``text`` prints its tables one cell per line: many lines hold a single number, none holds a row of them."""
    lone = rows = 0
    for ln in text.split("\n"):
        cells = [c for c in _SPLIT.split(ln) if c.strip()]
        if len(cells) == 1 and _is_number(cells[0]):
            lone += 1
        elif sum(_is_number(c) for c in cells) >= 3:
            rows += 1
    return lone >= MIN_NUMBER_LINES and rows <= lone // 10


def has_repeats(text: str) -> bool:
    """Whether two consecutive lines repeat each other (a saver that collapses repeats leaves none)."""
    prev = None
    for ln in text.split("\n"):
        s = ln.strip()
        if not s:
            continue
        if s == prev:
            return True
        prev = s
    return False


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every beginning of every label of both forms (a set lookup instead of a scan of the vocabulary per line)."""
    return frozenset(v[:i] for v in vocabulary("gov_2021") + vocabulary("gov_2019") for i in range(len(v) + 1))


def _continues(buf: str, nxt: str, vocab: frozenset[str]) -> bool:
    """Whether ``buf + nxt`` is still the beginning of one of the form's labels (a label split over lines)."""
    if _PIECE.match(_key(buf)) and _PIECE.match(_key(nxt)):
        return True  # pieces of a numbering: "（" / "一" / "）"
    return _key(buf + nxt) in vocab


def rejoin(text: str) -> str:
    """Text printed one cell per line as one row per line (``label<TAB>n1<TAB>n2…``); other lines as they were.

    Examples
    --------
    >>> rejoin("第二十条第\\n（\\n一\\n）\\n项\\n规章\\n1\\n0\\n11")
    '第二十条第（一）项\\n规章\\t1\\t0\\t11'
    """
    vocab = _prefixes()
    out: list[str] = []
    label: str | None = None
    nums: list[str] = []

    def flush():
        nonlocal label, nums
        if label is not None or nums:
            out.append("\t".join([label or "", *nums]) if nums else (label or ""))
        label, nums = None, []

    for raw in text.split("\n"):
        s = raw.strip()
        if not s:
            continue
        if _is_number(s) and not (s in NA_MARKERS and label is not None and not nums and _continues(label, s, vocab)):
            nums.append(s)  # ("无" after "（四）" is the start of 无法提供, not a not-applicable mark)
            continue
        parts = s.split()
        if len(parts) > 1 and all(_is_number(x) for x in parts):
            nums.extend(parts)  # a row's numbers on one line, one space apart
            continue
        if label is not None and not nums and _continues(label, s, vocab):
            label += s
            continue
        flush()
        label = s
    flush()
    return "\n".join(out)


def join_split_labels(text: str) -> str:
    """Labels, titles and headings broken over lines (``一、`` / ``总体情况``) joined; every other line kept as it was.

    Only lines that hold a label fragment alone (no tab, no number) are joined, and only while the
    joined text is still the beginning of one of the form's labels.

    Examples
    --------
    >>> join_split_labels("第二十条第\\n（\\n一\\n）\\n项\\n规章\\t1\\t0\\t11")
    '第二十条第（一）项\\n\\n\\n\\n\\n规章\\t1\\t0\\t11'
    """
    vocab = _prefixes()
    out: list[str] = []
    last = -1  # the line a fragment may continue (joined lines are left empty so line numbers keep)
    for raw in text.split("\n"):
        s = raw.strip()
        alone = bool(s) and "\t" not in raw and not _is_number(s) and len(s) < 40
        if alone and last >= 0 and _continues(out[last].strip(), s, vocab):
            out[last] = out[last].strip() + s
            out.append("")
            continue
        if s:
            last = len(out) if alone else -1
        out.append(raw)
    return "\n".join(out)


_BEFORE_TAB = re.compile(r"\n+(?=\t[ \u00a0]*[\d\-])")
_TAB_THEN_VALUE = re.compile(r"\t[ \u00a0]*\n+(?=[ \u00a0]*[\d\-][\d.,\-]*(?:\t|\n|$))")
_TAB_LINE = re.compile(r"\n+([ \u00a0]*\t[ \u00a0\t]*)(\n+|$)([ \u00a0\t\d\-]?)")


def _tab_line(m: re.Match) -> str:
    # a line of cell boundaries joins the lines around it; one that ends in a blank cell may end its row,
    # so the next line joins only when it holds another cell (a number or a blank), not a label
    joins_next = m.group(1).endswith("\t") or bool(m.group(3))
    return m.group(1) + ("" if joins_next else m.group(2)) + m.group(3)


def cell_breaks(text: str) -> str:
    """Browser-copied tables whose cells hold paragraphs (a tab alone on its line between cells) as one row a line.

    ``innerText`` of ``<td><p>821</p></td><td><p>35</p></td>`` is ``821`` / blank / tab / blank / ``35``:
    the tab is the cell boundary, the line breaks are the paragraphs'.

    Examples
    --------
    >>> rows = cell_breaks("一、本年新收\\n\\n\\t\\n\\n821\\n\\n\\t \\t\\n\\n821\\n" * 20).split("\\n")
    >>> rows[0]
    '一、本年新收\\t821\\t \\t821'
    """
    if sum(1 for ln in text.split("\n") if ln.strip(" \u00a0\t") == "" and "\t" in ln) < 20:
        return text
    text = _TAB_LINE.sub(_tab_line, text)
    text = _BEFORE_TAB.sub("", text)  # a paragraph break before a cell boundary ("规章" / "\t0\t")
    return _TAB_THEN_VALUE.sub("\t", text)  # a cell boundary, then the next cell's number on the next line


def labels_of(frags: list[str]) -> list[str]:
    """Label fragments since the last numbers as label cells: a numbered fragment starts a new label.

    Unnumbered fragments continue the label before them (a label wrapped over lines, a vertical
    label one character per line); those before the first numbered one are the tail of the previous
    row's label or column headings, and are dropped.

    Examples
    --------
    >>> labels_of(["不计其他情形）", "三、", "本", "年", "度", "办", "理", "结", "果", "（一）予以公开"])
    ['三、本年度办理结果', '（一）予以公开']
    """
    out: list[str] = []
    for f in frags:
        if numbered(f) or not out:
            out.append(f)
        else:
            out[-1] += f
    if len(out) > 1 and not numbered(out[0]):
        out = out[1:]
    return [x for x in out if x.strip()]


def t3_token_rows(zone, form) -> list[tuple[list[str], list, object]] | None:
    """Table 3 lines as rows (label cells, value segments, line): the numbers after a label are its row.

    ``zone`` holds :class:`~govinfo_widgets.io._layout.Line` objects. Returns ``None`` when labels and
    numbers are out of step (numbers with no label before them, or a leaf label left without
    numbers), so that no row is bound to another row's numbers.
    """
    from ._match import match_t3_row

    rows = []
    frags: list[str] = []
    for ln in zone:
        labels, values = ln.split_values()
        frags.extend(s.text for s in labels)
        if not values:
            continue
        cells = labels_of(frags)
        frags = []
        if not cells:
            return None
        for extra in cells[:-1]:  # every label but the last must be a group heading, not a leaf that lost its numbers
            m = match_t3_row(extra, form)
            if m.key is not None and not m.heading and numbered(extra):
                return None
        rows.append((cells, values, ln))
    tail = labels_of(frags)
    if any(match_t3_row(x, form).key not in (None,) and not match_t3_row(x, form).heading for x in tail if numbered(x)):
        return None
    return rows
