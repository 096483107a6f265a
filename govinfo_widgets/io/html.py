"""HTML reports as government sites publish them (Word-exported markup, GBK pages, mirror copies)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from lxml import etree

from ..errors import GovinfoError
from ..model import Report
from ._bind import Grid, GridCell, NotAReportError, build_report, missing_tables
from ._page_text import STYLE_GAP, XML_DECLARATION, page_source, tidy_lines, without_styles
from ._sections import find_sections

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "hr",
    "caption",
}
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "math"}
#: Bounds on span expansion (a hostile colspan="100000" must not allocate a huge grid).
MAX_SPAN = 100
MAX_GRID_CELLS = 200_000
#: Tables read from one page (a report has a handful; the rest of a huge page is not read).
MAX_TABLES = 200


class HtmlReadError(GovinfoError):
    """An HTML page that cannot be decoded or parsed."""


def _parser(encoding: str | None = None) -> etree.HTMLParser:
    # no network, no huge trees, no entity expansion beyond HTML's own named entities; plain elements
    # (lxml.html's element classes cost a lookup on every access)
    # huge_tree: libxml2's depth limit of 256 (~85 nested layout tables) would silently drop the report after them;
    # the input itself is bounded by LIMITS.max_input_bytes and HTML has no entity expansion to fear
    # collect_ids=False: no table of id attributes (nothing looks elements up by id; parsing is ~13 % faster)
    return etree.HTMLParser(
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        recover=True,
        default_doctype=False,
        collect_ids=False,
        encoding=encoding,
    )


def parse_html(page: str | bytes):
    """The element tree of a page (its text, or its bytes: see :func:`~._page_text.page_source`), parsed safely (no
    network, no huge trees), inline styles dropped."""
    if isinstance(page, bytes | bytearray):
        page = bytes(page)
        source = page_source(page)
        dropped = STYLE_GAP not in page and (STYLE_GAP in source if isinstance(source, bytes) else "\x0c" in source)
    else:
        text = without_styles(page.encode("utf-8", "surrogatepass")).decode("utf-8", "surrogatepass")
        source = XML_DECLARATION.sub("", text)
        dropped = "\x0c" in text and "\x0c" not in page
    root = _parse(source)
    if dropped and STYLE_GAP in etree.tostring(root, method="text", encoding="utf-8"):
        # a style dropped from text, not from a tag (``见 style="a" 的 >``; 21 µs to look on a 330 KB Word page): the
        # form feed put in its place is in the page's text, and the page is parsed again as it is
        if isinstance(page, bytes):
            root = _parse(page_source(page, styles=True))
        else:
            root = _parse(XML_DECLARATION.sub("", page))
    return root


def _parse(source: str | bytes):
    parser = _parser("utf-8" if isinstance(source, bytes) else None)
    try:
        root = etree.fromstring(source, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise HtmlReadError(f"HTML 无法解析：{e}", f"the HTML cannot be parsed: {e}") from e
    if any("depth" in err.message.lower() for err in parser.error_log):  # the rest of the page was dropped
        raise HtmlReadError(
            "网页元素嵌套过深（如数百层嵌套表格），其后的内容无法读取",
            "the page's elements are nested too deeply (hundreds of nested tables): what follows cannot be read",
        )
    if root is None:
        raise HtmlReadError("HTML 为空或无法解析", "the HTML is empty or cannot be parsed")
    etree.strip_elements(root, *_SKIP - {"head"}, with_tail=False)
    return root


_TAGS: dict[str, str] = {}
_LINE_BREAKS = re.compile(r"[\t\r\n]+")
_ODD_SPACE = re.compile(r"[\t\r\n\u00a0\u3000]|  ")
_SPACE_RUN = re.compile(r"[ \u00a0\u3000]+")


def _tag(el) -> str:
    t = el.tag
    if t.__class__ is not str:
        return ""
    out = _TAGS.get(t)
    if out is None:
        out = _TAGS[t] = t.rsplit("}", 1)[-1].split(":")[-1].lower()
    return out


def _all_text(el) -> str:
    """``"".join(el.itertext())``: all text in ``el`` (not its tail), written out by libxml2 (several times faster)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def cell_text(el, nested: bool = True) -> str:
    """All text in a cell, runs joined without separators (digits split across spans come back whole).

    A table nested inside the cell is left out: it is read as a grid of its own. ``nested=False``
    says the caller knows there is none (the fast path).
    """
    if not nested:
        s = _all_text(el) if len(el) else (el.text or "")  # a cell without elements inside: its text as parsed
    else:
        parts: list[str] = []

        def walk(node):
            t = _tag(node)
            if t in _SKIP or (node is not el and t == "table"):
                return
            if node.text:
                parts.append(node.text)
            for ch in node:
                walk(ch)
                if ch.tail:
                    parts.append(ch.tail)

        walk(el)
        s = "".join(parts)
    if ("  " in s or not s.isprintable()) and _ODD_SPACE.search(s):  # (see table_grid)
        s = _SPACE_RUN.sub(" ", _LINE_BREAKS.sub("", s))
    return s.strip()


_CELL_TAGS = frozenset({"td", "th"})


def _rows_of(table) -> list:
    """The ``<tr>`` of ``table`` itself, not those of tables nested in its cells."""
    inner = table.iter("table")
    next(inner)  # the table itself
    if next(inner, None) is None:
        return list(table.iter("tr"))  # (most tables) none nested: every row is its own
    rows = []
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is table:
            rows.append(tr)
    return rows


def _span(v: str) -> int:
    """A rowspan/colspan attribute's value as a span of 1 to :data:`MAX_SPAN`."""
    # its decimal digits, read as int() would ("0３" is 3) but never past nine (int() refuses 4,300; 100 is the cap)
    digits = "".join(str(unicodedata.decimal(c)) for c in v if c.isdecimal()).lstrip("0")
    return max(1, min(int(digits[:9]) if digits else 1, MAX_SPAN))


def table_grid(table, source: str, nested_cells: frozenset = frozenset()) -> Grid:
    """Expand rowspan/colspan into a rectangular grid; copies share the original cell's ``origin``.

    ``nested_cells`` are the cells that hold a table of their own (their text skips it).
    """
    trs = _rows_of(table)
    n = len(trs)
    placed: list[list[GridCell | None]] = [[] for _ in range(n)]  # row by row, None where no cell reaches
    filled = 0
    spans_down = False  # a cell spanning rows: rows below may have holes, and cells to skip
    for i, tr in enumerate(trs):
        row = placed[i]
        at = f"{source} / row {i + 1} / col "  # each cell's source: this and its column
        j = 0
        for td in tr:
            tag = td.tag
            if tag != "td" and tag != "th" and _tag(td) not in _CELL_TAGS:
                continue
            if spans_down:
                while j < len(row) and row[j] is not None:
                    j += 1  # taken by a cell spanning down from a row above
            rs_attr, cs_attr = td.get("rowspan"), td.get("colspan")
            rs = 1 if rs_attr is None else min(_span(rs_attr), n - i)
            cs = 1 if cs_attr is None else _span(cs_attr)
            if nested_cells and td in nested_cells:
                text = cell_text(td)
            else:  # the fast path of cell_text(td, nested=False)
                text = _all_text(td) if len(td) else (td.text or "")
                # (most cells) printable, without two spaces in a row: no odd space to tidy, and no search for one
                # (tabs, line breaks, U+00A0 and U+3000 are not printable)
                if ("  " in text or not text.isprintable()) and _ODD_SPACE.search(text):
                    text = _SPACE_RUN.sub(" ", _LINE_BREAKS.sub("", text))
                text = text.strip()
            gc = GridCell(text, at + str(j + 1), (source, i, j))
            if rs == 1 and cs == 1 and j == len(row):
                if filled >= MAX_GRID_CELLS:
                    raise HtmlReadError("表格过大，无法读取", "a table is too large to read")
                row.append(gc)
                filled += 1
                j += 1
                continue
            if filled + rs * cs > MAX_GRID_CELLS:
                raise HtmlReadError("表格过大，无法读取", "a table is too large to read")
            if rs > 1:
                spans_down = True
            for di in range(rs):
                r = placed[i + di]
                if len(r) < j + cs:
                    r.extend([None] * (j + cs - len(r)))
                for dj in range(j, j + cs):
                    if r[dj] is None:
                        filled += 1
                    r[dj] = gc
            j += cs
    rows = []
    for i, row in enumerate(placed):
        # a short row stays short: trailing holes are dropped, inner holes are blanks
        if spans_down:
            while row and row[-1] is None:
                row.pop()
            for j, c in enumerate(row):
                if c is None:
                    row[j] = GridCell("", None, (source, i, j, "hole"))
        rows.append(row)
    return Grid(rows, source)


def narrative(root) -> str:
    """The page's text in reading order, one block per line; each table becomes one blank line."""
    out: list[str] = []

    def walk(el):
        t = _tag(el)
        if t in _SKIP:
            return
        if t == "table":
            out.append("\n\n")
            return
        if t in _BLOCK:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for ch in el:
            walk(ch)
            if ch.tail:
                out.append(ch.tail)
        if t in _BLOCK:
            out.append("\n")

    body = root.find(".//body") if _tag(root) == "html" else None
    walk(body if body is not None else root)
    return tidy_lines("".join(out))


def _title(root) -> str:
    cands = []
    for tag in ("h1", "title"):
        for el in root.iter(tag):
            cands.append(" ".join(el.itertext()).strip())
    return "\n".join(c for c in cands if c)


def _leaf_tables(root) -> list:
    """The page's tables in document order; past :data:`MAX_TABLES`, those holding report words come first."""
    tables = list(root.iter("table"))
    if len(tables) <= MAX_TABLES:
        return tables
    marked = set()
    for el in root.iter():
        for text, host in ((el.text, el), (el.tail, el.getparent())):
            if text and host is not None and any(w in text for w in _REPORT_WORDS):
                marked.add(host if _tag(host) == "table" else next(host.iterancestors("table"), None))
    chosen = [t for t in tables if t in marked][:MAX_TABLES]
    chosen += [t for t in tables if t not in marked][: MAX_TABLES - len(chosen)]
    order = {t: i for i, t in enumerate(tables)}
    return sorted(chosen, key=order.__getitem__)


_REPORT_WORDS = ("第二十条", "本年新收", "上年结转", "行政复议", "申请人情况")


def _article(root, tables: list, grids: list | None = None):
    """The element that holds the report: the nearest common ancestor of its statistical tables.

    Site chrome (menus, link lists, footers) around the article is left out of the narrative. When
    the common ancestor holds no section heading (tables wrapped on their own), its parents are tried.
    """
    if grids is not None:
        texts = ["".join([c.text for row in g.rows for c in row]) for g in grids]
    else:
        texts = [_all_text(t) for t in tables]
    own = [t for t, text in zip(tables, texts) if any(w in text for w in _REPORT_WORDS)]
    if not own:
        return root
    chains = []
    for t in own:
        chain = []
        el = t
        while el is not None:
            chain.append(el)
            el = el.getparent()
        chains.append(chain[::-1])
    common = None
    for level in zip(*chains):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    el = common if common is not None else root
    while el is not None and _tag(el) == "table":
        el = el.getparent()
    while el is not None and el.getparent() is not None:
        text = _all_text(el)
        if re.search(r"一\s*[、.．]\s*总体情况|一\s*[、.．]\s*概述", text):
            return el
        el = el.getparent()
    return root


def read_html(data: bytes | str, *, agency: str | None = None, year: int | None = None) -> Report:
    """Read an HTML report page.

    Examples
    --------
    >>> r = read_html('<p>某局2022年政府信息公开工作年度报告</p><table><tr><td>第二十条第（五）项</td></tr>'
    ...               '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
    ...               '<tr><td>行政许可</td><td colspan="3"><span>1</span><span>2</span></td></tr></table>')
    >>> r.value("t2.art20_5.licensing.decisions")
    12
    """
    root = parse_html(data)
    tables = _leaf_tables(root)
    n_all = sum(1 for _ in root.iter("table"))
    extras = {"tables_not_read": n_all - len(tables)} if n_all > len(tables) else None
    nested = frozenset(td for t in tables for td in t.iterancestors("td", "th"))
    grids = [table_grid(t, f"html table {n}", nested) for n, t in enumerate(tables, 1)]
    body = _article(root, tables, grids)
    text_n = narrative(body)
    images = next(body.iter("img"), None) is not None
    try:
        report = build_report(grids, text_n, kind="html", agency=agency, year=year, title=_title(root), extras=extras)
    except NotAReportError:
        if images and len(find_sections(text_n)) >= 3:
            raise NotAReportError(
                "网页中的统计表是图片，没有可读取的数字（需先做文字识别 OCR）",
                "the page's statistical tables are pictures: there are no numbers to read (OCR them first)",
            ) from None
        raise
    missing = missing_tables(report.cells)
    if missing and images:
        # the tables not found as markup are probably the pictures on the page (S-02: not assessable)
        report = replace(report, extras={**report.extras, "image_tables": missing})
    return report
