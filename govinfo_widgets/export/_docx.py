"""The report as a Word document in Chinese official-document style (after GB/T 9704-2012)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from .._atomic import atomic_write
from ..model import Report
from . import _layout as L

# GB/T 9704: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt; 22 lines to the page → about 28.95 pt a line.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE = Pt(22), Pt(16), Pt(14)
TABLE_SIZES = {"t2": Pt(10.5), "t3": Pt(9), "t4": Pt(9)}  # 五号, 小五
LINE = Pt(28.95)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}

#: Word/WPS try these, in order, when the named font is not installed (w:altName is a comma list).
FONT_FALLBACKS = {
    "方正小标宋简体": ("方正小标宋_GBK", "小标宋", "华文中宋", "STZhongsong", "宋体"),
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong"),
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti"),
    "黑体": ("SimHei", "STHeiti", "微软雅黑"),
    "宋体": ("SimSun", "NSimSun", "STSong"),
}


def _set_fonts(rpr, name: str) -> None:
    """Name ``name`` for every script on an ``w:rPr`` (dropping theme fonts, which would win)."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def _font(run, name: str, size) -> None:
    run.font.size = size
    _set_fonts(run._element.get_or_add_rPr(), name)


def _style(doc, name: str, font: str, size, *, base: str | None = "Normal"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        from docx.enum.style import WD_STYLE_TYPE

        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), font)
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE
    return style


def _add_font_fallbacks(doc) -> None:
    """Declare our fonts in fontTable.xml with GB2312 charset and their alternates."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alts in FONT_FALLBACKS.items():
        if name in known:
            continue
        family = "modern" if name == "黑体" else "roman"
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{",".join(alts)}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(paragraph, align) -> None:
    """``— N —`` with a PAGE field, 宋体 4号."""
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = PAGE_NUMBER_SIZE  # 单页码居右空一字
    else:
        pf.left_indent = PAGE_NUMBER_SIZE  # 双页码居左空一字
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(28)
    normal = _style(doc, "Normal", BODY_FONT, BODY_SIZE, base=None)
    normal.paragraph_format.first_line_indent = Pt(32)  # 首行缩进二字
    normal.paragraph_format.widow_control = False
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    title = _style(doc, "Title", TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = LINE  # 标题下空一行
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    title_rpr = title.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern", "w:color"):
        for el in title_rpr.findall(qn(tag)):
            title_rpr.remove(el)
    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        h = _style(doc, name, font, BODY_SIZE)
        h.paragraph_format.first_line_indent = Pt(32)
        h.paragraph_format.keep_with_next = True
    cell = _style(doc, "Gov Table Text", TABLE_FONT, TABLE_SIZES["t2"])
    cell.paragraph_format.first_line_indent = Pt(0)
    cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_font_fallbacks(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _row_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement(tag))


def _add_table(doc, grid: L.Grid) -> None:
    n_rows = len(grid.rows)
    table = doc.add_table(rows=n_rows, cols=grid.n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in L.col_widths(grid)]
    for i, col in enumerate(table.columns):
        col.width = widths[i]
    for row in table.rows:
        _row_flag(row, "w:cantSplit")
        for i, c in enumerate(row.cells):
            c.width = widths[i]
    n_head = 0
    if grid.key != "t2":
        while n_head < n_rows and all(c.kind in ("head", "note") for c in grid.rows[n_head]):
            _row_flag(table.rows[n_head], "w:tblHeader")  # repeat the header on each page
            n_head += 1
    size = TABLE_SIZES[grid.key]
    style_id = doc.styles["Gov Table Text"].style_id
    # The cells by grid position, taken once before merging (table.cell() rescans the whole table per call).
    at = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, c, cell in grid.positions():
        target = at[r][c]
        if cell.colspan > 1 or cell.rowspan > 1:
            target = target.merge(at[r + cell.rowspan - 1][c + cell.colspan - 1])
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        par = target.paragraphs[0]
        for extra in target.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        par._p.get_or_add_pPr().style = style_id
        if cell.kind in ("label", "note"):
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.rowspan == 1 else WD_ALIGN_PARAGRAPH.CENTER
        run = par.add_run(cell.text)
        _font(run, TABLE_FONT, size)
        if cell.kind == "title":
            run.bold = True
    # A little air after the table before the next heading.
    doc.add_paragraph()


def _narrative(doc, text) -> None:
    for par in L.paragraphs(text):
        head, rest = L.split_subheading(par)
        if head and not rest:
            doc.add_paragraph(head, style="Heading 2")
            continue
        p = doc.add_paragraph()
        if head:
            _font(p.add_run(head), HEADING2_FONT, BODY_SIZE)
        p.add_run(rest if head else par)


TITLE_CHARS_PER_LINE = 20  # 156 mm of 22 pt characters


def _title_lines(report: Report, lang: str) -> list[str]:
    """The title, broken after the agency when it does not fit one line (GB/T 9704 回行 by meaning)."""
    full = L.title(report, lang)
    agency = L.clean(report.meta.agency).strip()
    if lang != "zh" or len(full) <= TITLE_CHARS_PER_LINE or not agency or len(agency) > TITLE_CHARS_PER_LINE:
        return [full]
    return [agency, full[len(agency) :]]


def build_docx(report: Report, *, lang: str = "zh", blanks: str = "zero"):
    """The ``docx.Document`` of ``report`` (see :func:`to_docx`)."""
    L.check_options(report, lang, blanks)
    doc = Document()
    _setup(doc)
    core = doc.core_properties
    core.title = L.title(report, lang)[:255]  # the document properties hold 255 characters; the page has it all
    core.author = L.clean(report.meta.agency)[:255]
    core.language = "zh-CN" if lang == "zh" else "en"
    title = doc.add_paragraph(style="Title")
    lines = _title_lines(report, lang)
    for i, line in enumerate(lines):
        run = title.add_run(line)
        if i < len(lines) - 1:
            run.add_break()  # 回行 inside one paragraph: agency on line 1, the rest on line 2
    tables = L.grids(report, lang, blanks)
    for key in L.section_keys(report):
        doc.add_paragraph(L.section_heading(report, key, lang), style="Heading 1")
        _narrative(doc, report.sections.get(key))
        if key == "s6_other":
            for line in L.fee_lines(report, lang):
                doc.add_paragraph(line)
        if key in tables:
            _add_table(doc, tables[key])
    sign = [s for s in (L.clean(report.meta.agency).strip(), L.date_text(report, lang)) if s]
    if sign:
        doc.add_paragraph()
    for s in sign:
        p = doc.add_paragraph(s)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = Pt(64)  # 右空四字
    return doc


def to_docx(report: Report, path=None, *, lang: str = "zh", blanks: str = "zero"):
    """Write ``report`` as a .docx in Chinese official-document style (GB/T 9704).

    A4 with margins 37/35/28/26 mm (top/bottom/left/right); title 方正小标宋简体 2号 centred;
    body 仿宋_GB2312 3号 at 28.95 pt exact line spacing; first-level headings 黑体 3号, second-level
    楷体_GB2312 3号; page numbers "— N —" in 宋体 4号 (odd pages right, even pages left). Fonts carry
    comma-separated fallbacks in the font table, so Word/WPS use 华文中宋/仿宋/楷体… when a name is
    missing. The three tables have the official merged layout, built from the form definition.

    Parameters
    ----------
    report : Report
    path : str or Path or file-like, optional
        Where to write (atomically for paths). ``None``: return the bytes instead.
    lang : {"zh", "en"}
    blanks : {"zero", "blank"}
        Blank leaf cells export as 0 (default) or stay blank; missing totals are always blank.

    Returns
    -------
    Path or bytes
        The path written, or the document bytes when ``path`` is None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from govinfo_widgets import load_example
    >>> from govinfo_widgets.export import to_docx
    >>> out = to_docx(load_example("003"), pathlib.Path(tempfile.mkdtemp()) / "003.docx")
    >>> out.stat().st_size > 10_000
    True
    """
    doc = build_docx(report, lang=lang, blanks=blanks)
    if path is None:
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    if hasattr(path, "write"):
        doc.save(path)
        return path
    atomic_write(path, doc.save)
    return path
