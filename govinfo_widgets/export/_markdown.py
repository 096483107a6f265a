"""The report as Markdown: headings, narrative and the three tables as flat pipe tables."""

from __future__ import annotations

import re

from ..model import Report
from . import _layout as L

# Entities keep raw HTML out of rendered Markdown (CommonMark decodes them back to the characters);
# backslashes keep emphasis, links and table pipes from being read as syntax.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCT = re.compile(r"([\\`*_\[\]|#~])")


def escape_md(text: str, cell: bool = False) -> str:
    """User text made inert in Markdown (no HTML, no emphasis, no table breaks).

    ``cell=True`` for table cells, where block syntax (lists, quotes) cannot start: "-18" stays "-18".
    """
    text = "".join(_ENTITIES.get(ch, ch) for ch in L.clean(text))
    text = _PUNCT.sub(r"\\\1", text)
    if cell:
        return text
    # A line that starts like a list or quote ("1. ", "- ", "+ ", "> ") stays a paragraph.
    return re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", re.sub(r"^([-+>])", r"\\\1", text))


def _lead(head: str, rest: str) -> str:
    """``（一）主动公开。`` in bold before the paragraph text.

    CommonMark does not close ``**`` after punctuation when a letter follows (``**…。**本年``
    stays literal), so the full stop goes after the closing ``**``.
    """
    stop = ""
    if rest and head.endswith("。"):
        head, stop = head[:-1], "。"
    return f"**{escape_md(head)}**{stop}{escape_md(rest, cell=True)}"


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _table2(grid: L.Grid) -> list[str]:
    out: list[str] = []
    rows = list(grid.rows)
    i = 0
    while i < len(rows):
        title = rows[i][0].text
        head = [c.text for c in rows[i + 1]]
        out += [
            "",
            f"**{escape_md(title)}**",
            "",
            _pipe([escape_md(h, cell=True) for h in head]),
            _pipe(["---"] * len(head)),
        ]
        i += 2
        while i < len(rows) and rows[i][0].kind == "label":
            out.append(_pipe([escape_md(c.text, cell=True) for c in rows[i]]))
            i += 1
    return out


def _table3(grid: L.Grid, report: Report, lang: str) -> list[str]:
    t3 = report.form.table("t3")
    cols = [c["label_en"] if lang == "en" else c["label"] for c in t3["columns"]]
    corner = "Item" if lang == "en" else "项目"
    out = ["", _pipe([corner, *cols]), _pipe(["---"] + ["---:"] * len(cols))]
    n_head = sum(1 for r in grid.rows if all(c.kind in ("head", "note") for c in r))
    for row in grid.rows[n_head:]:
        labels = [c for c in row if c.kind == "label"]
        values = [escape_md(c.text, cell=True) for c in row if c.kind == "value"]
        # Group headings that open on this row get a line of their own, as in the printed form.
        for g in labels[:-1]:
            out.append(_pipe(["\u3000" * g.level + escape_md(g.text)] + [""] * len(cols)))
        leaf = labels[-1]
        indent = "\u3000" * leaf.level
        out.append(_pipe([indent + escape_md(leaf.text), *values]))
    note = t3["header_note_en"] if lang == "en" else t3["header_note"]
    out += ["", escape_md(note)]
    return out


def _table4(grid: L.Grid, report: Report, lang: str) -> list[str]:
    t4 = report.form.table("t4")
    cols = [c["label_en"] if lang == "en" else c["label"] for c in t4["columns"]]
    values = [escape_md(c.text, cell=True) for c in grid.rows[-1]]
    corner = "Item" if lang == "en" else "项目"
    out = ["", _pipe([corner, *cols]), _pipe(["---"] + ["---:"] * len(cols))]
    for i, g in enumerate(t4["groups"]):
        name = g["label_en"] if lang == "en" else g["label"]
        parent = g.get("parent_label_en" if lang == "en" else "parent_label")
        label = f"{parent} · {name}" if parent else name
        out.append(_pipe([escape_md(label), *values[i * len(cols) : (i + 1) * len(cols)]]))
    return out


def to_markdown(report: Report, *, lang: str = "zh", blanks: str = "zero") -> str:
    """The report as Markdown (GitHub pipe tables; merged headers flattened, hierarchy kept by indentation).

    User text is escaped: HTML characters as entities, Markdown syntax with backslashes.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> from govinfo_widgets.export import to_markdown
    >>> md = to_markdown(load_example("003"))
    >>> md.splitlines()[0]
    '# 淮安市洪泽区人民政府2023年政府信息公开工作年度报告'
    """
    L.check_options(report, lang, blanks)
    tables = L.grids(report, lang, blanks)
    out = [f"# {escape_md(L.title(report, lang))}"]
    for key in L.section_keys(report):
        out += ["", f"## {escape_md(L.section_heading(report, key, lang))}"]
        for par in L.paragraphs(report.sections.get(key)):
            head, rest = L.split_subheading(par)
            out += ["", _lead(head, rest) if head else escape_md(par)]
        if key == "s6_other":
            out += [line for fee in L.fee_lines(report, lang) for line in ("", escape_md(fee))]
        if key == "s2_proactive":
            out += _table2(tables[key])
        elif key == "s3_requests":
            out += _table3(tables[key], report, lang)
        elif key == "s4_review_litigation":
            out += _table4(tables[key], report, lang)
    sign = [s for s in (L.clean(report.meta.agency).strip(), L.date_text(report, lang)) if s]
    if sign:
        out += [""] + [f"{escape_md(s)}  " for s in sign]
    return "\n".join(out) + "\n"
