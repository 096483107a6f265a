"""Degraded text layouts of a report, generated from its figures: what users really paste or save.

The base rendering is the project's own Markdown export (:func:`govinfo_widgets.export.to_markdown`)
turned into rows of cell texts; every layout below is a pure transform of those rows or of the text,
so any bundled report (``data/reports``) yields every layout. No report prose is copied.

Layouts (the losses seen in real material, issue 11):

- ``tsv``: one table row a line, cells separated by tabs (the clean baseline);
- ``inner_text``: what a browser's ``innerText`` gives for an HTML table with merged cells: the
  Table 3 header over three lines whose cells no longer sit under their columns, group labels
  (三、本年度办理结果, （三）不予公开) on the line of their first row;
- ``one_cell_per_line``: every cell on its own line, column headings split (商业 / 企业);
- ``collapsed``: one cell per line, then repeated consecutive lines collapsed into one
  (``12 / 0 / 0 / 0 / 0 / 0 / 12`` arrives as ``12 / 0 / 12``);
- ``split_headings``: section headings broken after their numbering (``一、`` / ``总体情况``);
- ``split_titles``: Table 2 block titles broken into pieces (``第二十条第`` / ``（`` / ``一`` / ``）`` / ``项``);
- ``split_numbers``: one cell per line with some numbers broken over two lines (``1`` / ``62`` for 162).
"""

from __future__ import annotations

import re

from govinfo_widgets.export import to_markdown
from govinfo_widgets.model import Report

Rows = list[list[str]]


def base_rows(report: Report) -> Rows:
    """The report as rows of cell texts: headings and block titles as one-cell rows, table rows as cells."""
    rows: Rows = []
    for ln in to_markdown(report).split("\n"):
        s = ln.strip()
        if not s or re.fullmatch(r"\|[\s|:\-]+\|", s):
            continue
        if s.startswith("|"):
            rows.append([c.strip().strip("\u3000") for c in s.strip("|").split("|")])
        else:
            rows.append([s.lstrip("#").strip().strip("*")])
    return rows


def _is_t3_header(row: list[str]) -> bool:
    return len(row) == 8 and row[1] == "自然人"


def _merge_group_labels(rows: Rows) -> Rows:
    """A group label row with no numbers (三、本年度办理结果) joins the next row, as merged cells do."""
    out: Rows = []
    pending: list[str] = []
    for row in rows:
        if len(row) > 1 and all(not c for c in row[1:]):
            pending.append(row[0])
            continue
        out.append(pending + row if pending else row)
        pending = []
    return out + ([pending] if pending else [])


def tsv(report: Report) -> str:
    """Tab-separated rows (the clean baseline)."""
    return "\n".join("\t".join(r) for r in base_rows(report))


def inner_text(report: Report) -> str:
    """Like Chromium's ``innerText`` of a table with merged cells: spans lost, group labels on their first row."""
    out = []
    for row in _merge_group_labels(base_rows(report)):
        if _is_t3_header(row):
            out += [
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
                "自然人\t法人或其他组织\t总计",
                "\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
            ]
            continue
        out.append("\t".join(row))
    return "\n".join(out)


def _split_heading(cell: str) -> list[str]:
    if cell in ("商业企业", "科研机构", "社会公益组织", "法律服务机构"):
        return [cell[:2], cell[2:]]
    return [cell]


def one_cell_per_line(report: Report) -> str:
    """Every cell on its own line; blank cells dropped; column headings split in two."""
    out: list[str] = []
    for row in _merge_group_labels(base_rows(report)):
        for c in row:
            if c:
                out += _split_heading(c)
    return "\n".join(out)


def collapse_repeats(text: str) -> str:
    """Repeated consecutive lines collapsed into one (what some page savers do)."""
    out: list[str] = []
    for ln in text.split("\n"):
        if out and out[-1] == ln:
            continue
        out.append(ln)
    return "\n".join(out)


def collapsed(report: Report) -> str:
    """One cell per line, repeats collapsed."""
    return collapse_repeats(one_cell_per_line(report))


_HEADING = re.compile(r"^([一二三四五六七八九十]+、)(\S+)$", re.M)
_TITLE = re.compile(r"第二十条第（([一二三四五六七八九十]+)）项")


def split_headings(text: str) -> str:
    """Section headings broken after their numbering: ``一、`` / ``总体情况``."""
    return _HEADING.sub(
        lambda m: m.group(1) + "\n" + m.group(2) if "情况" in m.group(2) or "事项" in m.group(2) else m.group(0), text
    )


def split_titles(text: str) -> str:
    """Table 2 block titles broken into pieces: ``第二十条第`` / ``（`` / ``一`` / ``）`` / ``项``."""
    return _TITLE.sub(lambda m: f"第二十条第\n（\n{m.group(1)}\n）\n项", text)


def split_numbers(text: str, picks: list[int]) -> str:
    """Numbers of two or more digits split over two lines (``162`` → ``1`` / ``62``), the ``picks``-th ones, one per line."""
    lines = text.split("\n")
    multi = [i for i, ln in enumerate(lines) if re.fullmatch(r"\d{2,}", ln.strip())]
    for p in sorted({multi[k % len(multi)] for k in picks} if multi else (), reverse=True):
        s = lines[p].strip()
        cut = 1 + (picks[0] % (len(s) - 1))
        lines[p : p + 1] = [s[:cut], s[cut:]]
    return "\n".join(lines)


LAYOUTS = {
    "tsv": tsv,
    "inner_text": inner_text,
    "one_cell_per_line": one_cell_per_line,
    "collapsed": collapsed,
    "split_headings": lambda r: split_headings(tsv(r)),
    "split_titles": lambda r: split_titles(tsv(r)),
    "cell_per_line_split": lambda r: split_titles(split_headings(collapsed(r))),
    "split_numbers": lambda r: split_numbers(one_cell_per_line(r), [3, 17, 41]),
}


def expected(report: Report) -> dict[str, float | None]:
    """What each cell must read as from these layouts: blank cells are rendered as 0 by the export."""
    return {a: (0 if c.value is None else c.value) for a, c in report.cells.items()}
