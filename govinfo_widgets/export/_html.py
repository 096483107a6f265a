"""A self-contained HTML page of a report, laid out like the official form and ready to publish."""

from __future__ import annotations

from html import escape

from ..model import Report
from . import _layout as L

_SERIF = (
    "'仿宋_GB2312', FangSong_GB2312, '仿宋', FangSong, STFangsong, 'Noto Serif CJK SC', 'Source Han Serif SC', serif"
)
_TITLE = (
    "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', '小标宋', '华文中宋', STZhongsong, 'Noto Serif CJK SC', "
    "'Source Han Serif SC', serif"
)
_HEI = "'黑体', SimHei, 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"
_KAI = "'楷体_GB2312', KaiTi_GB2312, '楷体', KaiTi, STKaiti, 'Noto Serif CJK SC', serif"
_SONG = "'宋体', SimSun, 'Noto Serif CJK SC', 'Source Han Serif SC', serif"

CSS = f"""
.gi-report {{ color: #000; background: #fff; max-width: 156mm; margin: 2em auto; padding: 0 1em;
  font-family: {_SERIF}; font-size: 16pt; line-height: 28.95pt; }}
.gi-report h1 {{ font-family: {_TITLE}; font-size: 22pt; font-weight: normal; text-align: center;
  line-height: 1.5; margin: 0 0 28.95pt; }}
.gi-report h2 {{ font-family: {_HEI}; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }}
.gi-report p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.gi-report .gi-sub {{ font-family: {_KAI}; }}
.gi-report table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.5em 0 1em;
  font-family: {_SONG}; font-size: 10.5pt; line-height: 1.35; page-break-inside: auto; }}
.gi-report table.gi-t3, .gi-report table.gi-t4 {{ font-size: 9pt; }}
.gi-report th, .gi-report td {{ border: 1px solid #000; padding: 2px 4px; text-align: center;
  vertical-align: middle; font-weight: normal; }}
.gi-report th.gi-title {{ font-weight: bold; }}
.gi-report th.gi-note {{ text-align: left; }}
.gi-report th.gi-label {{ text-align: left; }}
.gi-report td {{ font-variant-numeric: tabular-nums; }}
.gi-report tr {{ page-break-inside: avoid; }}
.gi-report .gi-sign {{ text-align: right; text-indent: 0; padding-right: 4em; }}
.gi-report .gi-sign-first {{ margin-top: 2em; }}
@media print {{
  .gi-report {{ max-width: none; margin: 0; padding: 0; }}
  .gi-report h2 {{ page-break-after: avoid; }}
  .gi-report thead {{ display: table-header-group; }}
}}
"""


# Page-level rules, only in the standalone page (a fragment must not restyle the page it is embedded in):
# A4 with the GB/T 9704 margins and the page number "— N —" in 宋体 4号, odd pages right, even pages left.
PAGE_CSS = f"""
body {{ margin: 0; background: #fff; }}
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font-family: {_SONG}; font-size: 14pt;
  padding-right: 1em; vertical-align: top; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font-family: {_SONG}; font-size: 14pt;
  padding-left: 1em; vertical-align: top; }} }}
"""


def _row(row: tuple[L.GridCell, ...]) -> str:
    cells = []
    for c in row:
        attrs = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
            f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
        )
        text = escape(c.text)
        if c.kind == "value":
            cells.append(f'<td{attrs} data-cell="{escape(c.address or "")}">{text}</td>')
        else:
            scope = ' scope="row"' if c.kind == "label" else ""
            cells.append(f'<th class="gi-{c.kind}"{attrs}{scope}>{text}</th>')
    return "<tr>" + "".join(cells) + "</tr>"


def _table(grid: L.Grid) -> str:
    # Table 3 and 4 open with header rows (repeated on each printed page); Table 2's block titles are data.
    n_head = 0
    if grid.key != "t2":
        while n_head < len(grid.rows) and all(c.kind in ("head", "note") for c in grid.rows[n_head]):
            n_head += 1
    head = "".join(_row(r) for r in grid.rows[:n_head])
    body = "".join(_row(r) for r in grid.rows[n_head:])
    widths = L.col_widths(grid)
    cols = "".join(f'<col style="width:{100 * w / sum(widths):.2f}%">' for w in widths)
    thead = f"<thead>{head}</thead>" if head else ""
    return f'<table class="gi-{grid.key}"><colgroup>{cols}</colgroup>{thead}<tbody>{body}</tbody></table>'


def _paragraph(par: str) -> str:
    head, rest = L.split_subheading(par)
    if head:
        return f'<p><span class="gi-sub">{escape(head)}</span>{escape(rest)}</p>'
    return f"<p>{escape(par)}</p>"


def report_body(report: Report, *, lang: str = "zh", blanks: str = "zero") -> str:
    """The report as an HTML fragment (``<article class="gi-report">``), every user string escaped."""
    L.check_options(report, lang, blanks)
    tables = L.grids(report, lang, blanks)
    out = [f'<article class="gi-report" lang="{"zh-CN" if lang == "zh" else "en"}">']
    out.append(f"<h1>{escape(L.title(report, lang))}</h1>")
    for key in L.section_keys(report):
        out.append(f"<h2>{escape(L.section_heading(report, key, lang))}</h2>")
        out += [_paragraph(p) for p in L.paragraphs(report.sections.get(key))]
        if key == "s6_other":
            out += [f"<p>{escape(line)}</p>" for line in L.fee_lines(report, lang)]
        if key in tables:
            out.append(_table(tables[key]))
    agency = L.clean(report.meta.agency).strip()
    date = L.date_text(report, lang)
    sign = [s for s in (agency, date) if s]
    for i, s in enumerate(sign):
        out.append(f'<p class="gi-sign{" gi-sign-first" if i == 0 else ""}">{escape(s)}</p>')
    out.append("</article>")
    return "\n".join(out)


def to_html(report: Report, *, lang: str = "zh", blanks: str = "zero", standalone: bool = True) -> str:
    """The report as HTML: a whole self-contained page, or (``standalone=False``) a fragment with its style.

    The page has ``<meta charset="utf-8">``, inline CSS (screen and print, A4 with the GB/T 9704
    margins), no external resources, and the three tables with the official rowspan/colspan layout.
    Agency, section text, fees and any mirrored raw text are HTML-escaped.

    Parameters
    ----------
    report : Report
    lang : {"zh", "en"}
        Labels and headings in Chinese (default) or English.
    blanks : {"zero", "blank"}
        Blank leaf cells export as 0 (default) or stay blank. Missing totals are always blank.
    standalone : bool
        ``True``: ``<!DOCTYPE html>`` page; ``False``: ``<style>`` plus ``<article>`` to embed.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> from govinfo_widgets.export import to_html
    >>> page = to_html(load_example("003"))
    >>> page.startswith("<!DOCTYPE html>") and 'rowspan="20"' in page
    True
    """
    body = report_body(report, lang=lang, blanks=blanks)
    if not standalone:
        return f"<style>{CSS}</style>\n{body}"
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(L.title(report, lang))}</title>\n<style>{PAGE_CSS}{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
