"""A report as the HTML page of a government site, in several site styles.

``plain``       one ``<table border=1>`` per table, ``rowspan``/``colspan`` headers, text right in ``<td>``.
``thousands``   as ``plain``, numbers with thousands separators (``3,985,758``).
``blank_zeros`` as ``plain``, every 0 left blank.
``thead``       header rows as ``<th>`` in ``<thead>``, data rows in ``<tbody>``, a ``<caption>``.
``word``        Word-exported markup: ``MsoNormalTable``, each cell a ``<p class=MsoNormal>`` holding a styled
                ``<span>``, ``&nbsp;`` in empty cells, ``<o:p>`` tags, a GB2312 ``<meta>`` (the text stays UTF-8
                when rendered to ``str``; :func:`render` with ``encoding`` gives the bytes a site would serve).
``nested``      the site's chrome around the article: a navigation table, nested wrapper ``<div>``s and a layout
                table whose cell holds the report and its tables, a footer table.
"""

from __future__ import annotations

from html import escape

from govinfo_widgets import Report

from .common import FILLER, Cell, headings, intro, tables, title

STYLES = ("plain", "thousands", "blank_zeros", "thead", "word", "nested")


def _numbers(style: str) -> str:
    return style if style in ("thousands", "blank_zeros") else "plain"


def _td(cell: Cell, style: str, tag: str = "td") -> str:
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    )
    text = escape(cell.text)
    if style == "word":
        inner = text or "&nbsp;"
        align = "center" if cell.kind in ("value", "head", "title") else "left"
        return (
            f'<{tag} width="{60 if cell.kind == "value" else 120}" valign="middle"{spans} '
            f"style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>"
            f"<p class=MsoNormal align={align} style='text-align:{align}'>"
            f"<span style='font-size:10.5pt;font-family:仿宋_GB2312'>{inner}<o:p></o:p></span></p></{tag}>"
        )
    return f"<{tag}{spans}>{text}</{tag}>"


def _table(matrix: list[list[Cell]], style: str) -> str:
    rows = [[c for c in row if c.origin] for row in matrix]
    if style == "thead":
        n_head = next(i for i, row in enumerate(matrix) if any(c.kind in ("value", "label") for c in row))
        head = "".join("<tr>" + "".join(_td(c, style, "th") for c in row) + "</tr>" for row in rows[:n_head])
        body = "".join("<tr>" + "".join(_td(c, style) for c in row) + "</tr>" for row in rows[n_head:])
        return f'<table class="gk-table"><caption>统计表</caption><thead>{head}</thead><tbody>{body}</tbody></table>'
    if style == "word":
        body = "".join("<tr style='height:20.0pt'>" + "".join(_td(c, style) for c in row) + "</tr>" for row in rows)
        return (
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            f"style='border-collapse:collapse;border:none'><tbody>{body}</tbody></table>"
        )
    body = "".join("<tr>" + "".join(_td(c, style) for c in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0">{body}</table>'


def _para(text: str, style: str) -> str:
    if style == "word":
        return (
            f"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;"
            f"font-family:仿宋_GB2312'>{escape(text)}<o:p></o:p></span></p>"
        )
    return f"<p>{escape(text)}</p>"


def article(report: Report, style: str = "plain") -> str:
    """The report's body: title, opening, the six sections with Tables 2–4 under 二, 三, 四."""
    placed = {section: matrix for section, _, matrix in tables(report, _numbers(style))}
    parts = [f"<h1>{escape(title(report))}</h1>", _para(intro(report), style)]
    for key, heading in headings(report):
        parts.append(f"<h2>{escape(heading)}</h2>" if style != "word" else _para(heading, style))
        if key in placed:
            parts.append(_table(placed[key], style))
        else:
            parts.append(_para(FILLER, style))
    return "\n".join(parts)


def render(report: Report, style: str = "plain") -> str:
    """The whole page as text (see the module docstring for the styles)."""
    if style not in STYLES:
        raise ValueError(f"unknown HTML style {style!r}; one of {STYLES}")
    body = article(report, style)
    head = '<meta charset="utf-8">'
    if style == "word":
        head = (
            '<meta http-equiv=Content-Type content="text/html; charset=utf-8">'
            '<meta name=Generator content="Microsoft Word 15">'
            "<style>p.MsoNormal{margin:0cm;font-size:10.5pt}</style>"
        )
    if style == "nested":
        nav = (
            '<table class="nav" width="100%"><tr><td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a>'
            '</td><td><a href="/gknb/">政府信息公开年报</a></td></tr></table>'
        )
        foot = '<table class="footer"><tr><td>主办单位：本站</td><td>联系电话：0000-0000000</td></tr></table>'
        body = (
            f'{nav}<div class="wrapper"><div class="main"><table width="100%" class="layout"><tr>'
            f'<td class="left"><ul><li>栏目导航</li></ul></td><td class="right"><div class="article">'
            f'<div id="zoom" class="TRS_Editor">{body}</div></div></td></tr></table></div></div>{foot}'
        )
    return f"<!DOCTYPE html><html><head>{head}<title>{escape(title(report))}</title></head><body>{body}</body></html>"
