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
#: A number with its unit: an amount (75394432.52元) or a count (12件), as a cell may print it.
_WITH_UNIT = re.compile(r"[+\-]?[\d.,，]+\s*(?:万元|元|件|个|项|次|条|人次)")
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
    """Whether ``line`` is one value (a number, an amount with its unit, a not-applicable mark)."""
    if len(line) <= 64:
        return _is_number_short(line)  # cached: numbers and the form's labels come back in every report
    return _is_number_short.__wrapped__(line)  # prose: read once, not kept


@lru_cache(maxsize=16384)
def _is_number_short(line: str) -> bool:
    s = line.strip()
    if _WITH_UNIT.fullmatch(s):
        return True  # a number with its unit (75394432.52元, 12件) is a cell, not a label
    if not s or (" " in s and s not in NA_MARKERS):
        return False  # "20 0 0 1 21" is several numbers, not one split by spaces
    return (s in NA_MARKERS or not _CJK.search(s)) and value_status(s) in _VALUE


def one_cell_per_line(text: str) -> bool:
    """Whether ``text`` prints its tables one cell per line: many lines hold a single number, none holds a row of them."""
    lone = rows = runs = 0
    after_label = 0  # lines holding one number or nothing since the last line of text
    lines = text.split("\n")
    most_rows = len(lines) // 10  # past it neither test below can hold (lone is at most the number of lines)
    for ln in lines:
        cells = [c for c in _SPLIT.split(ln) if c.strip()]
        if len(cells) == 1 and _is_number(cells[0]):
            lone += 1
            after_label += 1
        elif not cells:
            after_label += 1
        else:
            runs += after_label >= 3
            after_label = 0
            if sum(_is_number(c) for c in cells) >= 3:
                rows += 1
                if rows > most_rows:
                    return False
    if lone >= MIN_NUMBER_LINES and rows <= lone // 10:
        return True
    # a table mostly printed blank, one cell per line: few numbers, but many labels each followed by its row's
    # lines (numbers or empty lines), and no line holding several numbers
    return rows == 0 and lone >= 3 and runs >= MIN_NUMBER_LINES


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

    Where every Table 3 row (and Table 4's one row) is followed by exactly its count of lines, blank cells
    printed as empty lines, the row keeps its cells in place (empty fields for the blanks, see
    :func:`_in_place`); otherwise a row keeps only its numbers and the identities settle it.

    Examples
    --------
    >>> rejoin("第二十条第\\n（\\n一\\n）\\n项\\n规章\\n1\\n0\\n11")
    '第二十条第（一）项\\n规章\\t1\\t0\\t11'
    """
    vocab = _prefixes()
    out: list[str | list] = []  # a line, or [label, items]: the cells after a label, "" for an empty line
    label: str | None = None
    items: list[str] = []

    filled = False  # whether items holds a number yet (kept, not rescanned: a row may have thousands of lines)

    def flush():
        nonlocal label, items, filled
        if label is not None or items:
            out.append([label, items])
        label, items, filled = None, [], False

    for raw in text.split("\n"):
        s = raw.strip()
        if not s:
            if label is not None:
                items.append("")  # an empty line after a label: perhaps a blank cell (see _in_place)
            continue
        if _is_number(s) and not (s in NA_MARKERS and label is not None and not filled and _continues(label, s, vocab)):
            items.append(s)  # ("无" after "（四）" is the start of 无法提供, not a not-applicable mark)
            filled = True
            continue
        parts = s.split()
        if len(parts) > 1 and all(_is_number(x) for x in parts):
            items.extend(parts)  # a row's numbers on one line, one space apart
            filled = True
            continue
        if label is not None and not items and _continues(label, s, vocab):
            label += s
            continue
        flush()
        label = s
    flush()
    placed = _in_place(out)
    lines = []
    for e in out:
        if isinstance(e, str):
            lines.append(e)
            continue
        lab, its = e
        cells = placed.get(id(e)) or [x for x in its if x]
        lines.append("\t".join([lab or "", *cells]) if cells or id(e) in placed else (lab or ""))
    return "\n".join(lines)


def _zone_of(label: str | None, zone: str | None) -> str | None:
    from ._match import S5_HEADING, T3_START, T4_START, match_t2_block

    if label is None:
        return zone
    s = normalise_label(label)
    if zone in (None, "t2") and any(w in s for w in T3_START):
        return "t3"
    if zone is None and match_t2_block(s):
        return "t2"
    if zone == "t3" and T4_START.search(s) and "本年" not in s:
        return "t4"
    if zone == "t4" and S5_HEADING.match(label):
        return None
    return zone


def _t2_row(label: str) -> bool:
    from ._match import match_t2_row

    return any(match_t2_row(label, get_form(k)) is not None for k in ("gov_2021", "gov_2019"))


def _in_place(entries: list) -> dict[int, list[str]]:
    """Rows whose blank cells are printed as empty lines: ``id(entry) → its cells in place``.

    Taken only when the whole table keeps to it: every Table 3 row but the last is followed by exactly seven
    lines (numbers and empty lines) before the next label, the last by at least seven (more are the empty
    lines before the next section), Table 4's one row of numbers by at least fifteen after its last
    heading, and every Table 2 row by as many lines as its block has column headings. Empty lines that were dropped or merged anywhere break that count, and the table's rows then
    keep only their numbers (settled by the identities, never placed by a guess)."""
    zone = None
    rows: dict[str, list] = {"t3": [], "t4": []}
    t2: list[tuple[list, int]] = []  # Table 2's rows, each with its block's count of column headings
    heads, counting = 0, False
    for e in entries:
        if isinstance(e, str):
            continue
        zone = _zone_of(e[0], zone)
        if zone in rows and e[1]:
            rows[zone].append(e)
        elif zone == "t2" and e[0]:
            if "信息内容" in e[0]:
                heads, counting = 0, True  # the block's column headings follow, one a line
            elif _t2_row(e[0]):
                t2.append((e, heads))
                counting = False
            elif counting and not e[1]:
                heads += 1
    out: dict[int, list[str]] = {}
    if t2 and any("" in e[1][:n] for e, n in t2) and all(n > 0 for _e, n in t2):
        last_number = [max((i for i, x in enumerate(e[1]) if x), default=-1) + 1 for e, _n in t2]
        if all(len(e[1]) == n for e, n in t2[:-1]) and all(k <= n for k, (_e, n) in zip(last_number, t2)):
            if len(t2[-1][0][1]) >= t2[-1][1]:
                out.update({id(e): e[1][:n] for e, n in t2})
    for key, n in (("t3", 7), ("t4", 15)):
        found = rows[key] if key == "t3" else rows[key][-1:]
        if not found or not any("" in e[1][:n] for e in found):
            continue
        last_number = [max((i for i, x in enumerate(e[1]) if x), default=-1) + 1 for e in found]
        exact = all(len(e[1]) == n for e in found[:-1])
        if exact and all(k <= n for k in last_number) and len(found[-1][1]) >= n:
            out.update({id(e): e[1][:n] for e in found})
    return out


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
