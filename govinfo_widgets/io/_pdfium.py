"""What a PDF page holds, read with PDFium (pypdfium2): positioned characters, words and ruling edges.

PDFium parses a report's pages in milliseconds (pdfminer took ~40 ms a page). The pieces here are
plain data: characters as tuples ``(text, x0, x1, top, bottom)``, words as dicts with the same keys,
in points from the page's top left, and ruling edges as tuples. The ruled-table geometry is
pdfplumber's "lines" rule written over those tuples (:mod:`._rulings`, same tables on every PDF of
the corpus and of the generated layouts), so the reading path of :mod:`govinfo_widgets.io.pdf` is
what it was, about twice as fast.

Every loop here is bounded: characters per page, path segments per page and a deadline are checked
while reading (see :data:`govinfo_widgets.limits.LIMITS`).
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
import time
import unicodedata
from functools import cache

from ..limits import LIMITS, LimitExceeded
from ._rulings import close_cut_tables, grid_cells, table_rows, table_spans

#: Characters a page may hold (a page of dense text has about 2,000).
MAX_CHARS_PER_PAGE = 20_000
#: Straight path segments read per page for table rulings (a ruled report page has a few hundred).
MAX_SEGMENTS_PER_PAGE = LIMITS.max_page_objects
_WS = frozenset(" \t\r\n\u3000\xa0\ufffe\uffff\x00")


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise LimitExceeded("max_seconds")


#: Kangxi radicals and CJK compatibility ideographs: some fonts map their glyphs of 人, 年, 政 … to these code
#: points (a PDF printed by Chromium with such a font reads 政府信息 as ⽂ ⼈ …), which no label matches.
_RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
#: What a glyph without a Unicode value reads as: PDFium would give its character code (a glyph number in a
#: subset font), which may look like any character, a digit too.
UNMAPPED = "\ufffd"


def _unified(m: re.Match) -> str:
    """The unified ideograph a radical or compatibility ideograph stands for (NFKC of that one character only,
    so full-width digits and other characters keep their own form); one character for one, so the character
    boxes stay in step with the text."""
    u = unicodedata.normalize("NFKC", m.group(0))
    return u if len(u) == 1 else m.group(0)


@cache
def _bare(name: str):
    """PDFium's function ``name`` (of ``pypdfium2.raw``) as a ctypes function that declares no argument types.

    ctypes converts each declared argument on every call, and for PDFium's short per-character and per-segment
    functions that conversion is most of the call (~5,300 machine instructions of ~6,000; undeclared, ~2,800). The
    callers here pass what the C function takes: a handle as returned by PDFium (a ctypes pointer), a Python int
    for an index, ``ctypes.byref`` of a ctypes value for an out-parameter. The return type is the function's own.
    """
    import pypdfium2.raw as pdfium_c

    fn = getattr(pdfium_c, name)
    bare = ctypes.CFUNCTYPE(fn.restype)(ctypes.cast(fn, ctypes.c_void_p).value)
    bare.argtypes = None
    return bare


def page_chars(page, deadline: float | None = None) -> list[tuple[str, float, float, float, float]]:
    """The characters PDFium finds on a page, each a tuple ``(text, x0, x1, top, bottom)``.

    Left and right are PDFium's loose box; top and bottom are one em (the font size as drawn) set on
    the character's baseline, as pdfminer's boxes, so the characters of one line share their top
    whatever their font. Whitespace is left out: words are split where characters stand apart.
    Tuples rather than dicts: a report has thousands of characters, and they are only grouped here.
    Radicals standing for ideographs are unified (:func:`_unified`); a glyph PDFium finds no Unicode value for
    is :data:`UNMAPPED` (U+FFFD), never its character code.
    """
    import pypdfium2.raw as pdfium_c

    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        if n > MAX_CHARS_PER_PAGE * 2:  # PDFium also counts the spaces and breaks it infers
            raise LimitExceeded("max_chars", n)
        text = tp.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:  # surrogate pairs: one character at a time
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(n))
        if _RADICALS.search(text):
            text = _RADICALS.sub(_unified, text)
        height = page.get_height()
        rect, mat = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        rect_p, mat_p = ctypes.byref(rect), ctypes.byref(mat)
        box, matrix, size, unmapped = (
            _bare("FPDFText_GetLooseCharBox"),
            _bare("FPDFText_GetMatrix"),
            _bare("FPDFText_GetFontSize"),
            _bare("FPDFText_HasUnicodeMapError"),
        )
        hypot = math.hypot
        ws = _WS
        out: list[tuple[str, float, float, float, float]] = []
        append = out.append
        for i, ch in enumerate(text):
            if ch in ws:
                continue
            if i % 2000 == 1999:
                _check(deadline)
            if not box(raw, i, rect_p):
                continue
            if unmapped(raw, i) == 1:
                ch = UNMAPPED  # never the glyph's code, which may read as any character
            if matrix(raw, i, mat_p) and 0 < (em := size(raw, i) * hypot(mat.c, mat.d)) < 2000:
                top = height - mat.f - 0.88 * em  # the matrix's translation is the character's origin
                append((ch, rect.left, rect.right, top, top + em))
            else:
                append((ch, rect.left, rect.right, height - rect.top, height - rect.bottom))
        return out
    finally:
        tp.close()


def _top(c):
    return c[3]


def _x0(c):
    return c[1]


def words(chars: list[tuple], x_tolerance: float = 1.5, y_tolerance: float = 2.0) -> list[dict]:
    """Characters (tuples from :func:`page_chars`) → word dicts ``text, x0, x1, top, bottom``, as
    pdfplumber's ``extract_words``: a line is characters whose tops lie within ``y_tolerance``; a word
    ends at a space or a gap wider than ``x_tolerance``."""
    out: list[dict] = []
    ws = _WS
    for line in _cluster_lines(chars, y_tolerance):
        cur: list[tuple] = []
        last_x1 = 0.0
        for ch in line:
            if ch[0] in ws:
                if cur:
                    out.append(_word(cur))
                cur = []
                continue
            if cur and ch[1] > last_x1 + x_tolerance:
                out.append(_word(cur))
                cur = []
            cur.append(ch)
            last_x1 = ch[2]
        if cur:
            out.append(_word(cur))
    return out


def _word(chs: list[tuple]) -> dict:
    if len(chs) == 1:
        t, x0, x1, top, bottom = chs[0]
        return {"text": t, "x0": x0, "x1": x1, "top": top, "bottom": bottom}
    return {
        "text": "".join([c[0] for c in chs]),
        "x0": chs[0][1],
        "x1": max([c[2] for c in chs]),
        "top": min([c[3] for c in chs]),
        "bottom": max([c[4] for c in chs]),
    }


def _cluster_lines(chars: list[tuple], tol: float) -> list[list[tuple]]:
    """Characters grouped by top (within ``tol`` of the group's first top), each group left to right."""
    lines: list[list[tuple]] = []
    first = -math.inf
    for ch in sorted(chars, key=_top):
        if ch[3] - first <= tol:
            lines[-1].append(ch)
        else:
            lines.append([ch])
            first = ch[3]
    for line in lines:
        line.sort(key=_x0)
    return lines


def cell_text(chars: list[tuple], tol: float = 3.0) -> str:
    """The text of a table cell's characters: words joined by spaces, lines by newlines (as pdfplumber)."""
    if not chars:
        return ""
    out = []
    ws = _WS
    for line in _cluster_lines(chars, tol):
        # one line of a cell: its words (split at spaces and gaps wider than ``tol``) joined by a space
        parts: list[str] = []
        cur: list[str] = []
        last_x1 = 0.0
        for ch in line:
            if ch[0] in ws:
                if cur:
                    parts.append("".join(cur))
                cur = []
                continue
            if cur and ch[1] > last_x1 + tol:
                parts.append("".join(cur))
                cur = []
            cur.append(ch[0])
            last_x1 = ch[2]
        if cur:
            parts.append("".join(cur))
        out.append(" ".join(parts))
    return "\n".join(out)


# ---- rulings -------------------------------------------------------------------------------------
def page_edges(page, deadline: float | None = None) -> tuple[list[tuple], list[tuple]]:
    """The straight vertical and horizontal strokes of a page's drawn paths, ``(vertical, horizontal)``.

    A vertical edge is ``(x, top, bottom)``, a horizontal one ``(y, x0, x1)``, in points from the page's
    top left. Every painted path (stroked or filled, also inside form XObjects, at most 8 deep) is read
    segment by segment in page coordinates; a rectangle gives its four sides, a line its one.
    """
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    vs: list[tuple] = []
    hs: list[tuple] = []
    budget = MAX_SEGMENTS_PER_PAGE
    fill, stroke, m, x, y = ctypes.c_int(), ctypes.c_int(), pdfium_c.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    fill_p, stroke_p, m_p, x_p, y_p = (ctypes.byref(v) for v in (fill, stroke, m, x, y))
    # PDFium's functions bound once (and bare: see _bare): a ruled page has hundreds of paths, each read with a few
    # calls per segment, and every object of the page is asked its kind
    kind_of, matrix_of = _bare("FPDFPageObj_GetType"), _bare("FPDFPageObj_GetMatrix")
    draw_mode, count_segments = _bare("FPDFPath_GetDrawMode"), _bare("FPDFPath_CountSegments")
    get_seg, get_point = _bare("FPDFPath_GetPathSegment"), _bare("FPDFPathSegment_GetPoint")
    get_type, get_close = _bare("FPDFPathSegment_GetType"), _bare("FPDFPathSegment_GetClose")
    path_kind, form_kind = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    moveto, lineto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO

    def walk(obj, kind, outer, depth) -> None:
        nonlocal budget
        if kind == form_kind:
            if depth < 8:
                matrix_of(obj, m_p)
                inner = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                    child = pdfium_c.FPDFFormObj_GetObject(obj, i)
                    walk(child, kind_of(child), inner, depth + 1)
            return
        if kind != path_kind:
            return
        draw_mode(obj, fill_p, stroke_p)
        if not fill.value and not stroke.value:
            return
        count = count_segments(obj)
        budget -= max(count, 1)
        if budget < 0:
            raise LimitExceeded("max_page_objects", MAX_SEGMENTS_PER_PAGE)
        _check(deadline)
        matrix_of(obj, m_p)
        mm = (m.a, m.b, m.c, m.d, m.e, m.f)
        a, b, c, d, e, f = mm if outer is None else _mul(mm, outer)
        start = prev = None
        for k in range(count):
            seg = get_seg(obj, k)
            get_point(seg, x_p, y_p)
            px, py = x.value, y.value
            pt = (a * px + c * py + e, height - (b * px + d * py + f))
            kind_s = get_type(seg)
            if kind_s == moveto:
                start = prev = pt
                continue
            if kind_s == lineto and prev is not None:
                _edge(prev, pt, vs, hs)
            prev = pt
            if get_close(seg) and start is not None:
                _edge(pt, start, vs, hs)
                prev = start

    get, raw = _bare("FPDFPage_GetObject"), page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = get(raw, i)
        kind = kind_of(obj)
        if kind == path_kind or kind == form_kind:  # text objects (most of a page) are skipped at once
            walk(obj, kind, None, 0)  # None: the page's own objects, no outer matrix
    return vs, hs


def _mul(m, n):
    """The matrix of ``m`` applied first, then ``n`` (PDF order ``a b c d e f``); ``n`` None is the identity."""
    if n is None:
        return m
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _edge(p, q, vs: list, hs: list) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 0.01:
        vs.append((x0, y0, y1) if y0 < y1 else (x0, y1, y0))
    elif abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 0.01:
        hs.append((y0, x0, x1) if x0 < x1 else (y0, x1, x0))


def tables(chars: list[tuple], edges: tuple[list[tuple], list[tuple]]) -> list[list[list[tuple[str, tuple] | None]]]:
    """The ruled tables of a page: rows of ``(text, cell)`` at each grid position — a merged cell's text and box at
    every position it covers, as HTML's span expansion gives them — ``None`` where no cell is drawn.

    ``edges`` is :func:`page_edges`'s ``(vertical, horizontal)``; the geometry is
    :func:`govinfo_widgets.io._rulings.grid_cells`.
    """
    cells_of_tables = grid_cells(*close_cut_tables(*edges))
    if not cells_of_tables:
        return []
    out = []
    by_mid = sorted(chars, key=lambda c: c[3] + c[4])
    mids = [c[3] + c[4] for c in by_mid]
    for group in cells_of_tables:
        texts: dict[tuple, str] = {}
        for row in table_rows(group):
            present = [c for c in row if c is not None]
            top, bottom = min(c[1] for c in present), max(c[3] for c in present)
            band = by_mid[bisect.bisect_left(mids, 2 * top) : bisect.bisect_left(mids, 2 * bottom)]
            band.sort(key=lambda c: c[1] + c[2])
            xmids = [c[1] + c[2] for c in band]
            for cell in present:
                texts[cell] = cell_text(_in_cell(band, xmids, cell))
        out.append([[None if c is None else (texts[c], c) for c in row] for row in table_spans(group)])
    return out


def _in_cell(band: list[tuple], xmids: list[float], cell) -> list[tuple]:
    """The characters of a row band (sorted by horizontal centre) whose centre lies in ``cell``."""
    x0, top, x1, bottom = cell
    lo, hi = bisect.bisect_left(xmids, 2 * x0), bisect.bisect_left(xmids, 2 * x1)
    return [ch for ch in band[lo:hi] if top <= (ch[3] + ch[4]) / 2 < bottom]


__all__ = ["UNMAPPED", "cell_text", "page_chars", "page_edges", "tables", "words"]
