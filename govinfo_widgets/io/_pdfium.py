"""What a PDF page holds, read with PDFium (pypdfium2): positioned characters, words and ruling edges.

PDFium parses a report's pages in milliseconds (pdfminer took ~40 ms a page). The pieces here are
plain data — character and word dicts with ``x0, x1, top, bottom`` in points from the page's top
left, and ruling edges in pdfplumber's edge format — so the ruled-table geometry and the word-position
path of :mod:`govinfo_widgets.io.pdf` stay what they were.

Every loop here is bounded: characters per page, path segments per page and a deadline are checked
while reading (see :data:`govinfo_widgets.limits.LIMITS`).
"""

from __future__ import annotations

import bisect
import ctypes
import math
import time

from ..limits import LIMITS, LimitExceeded

#: Characters a page may hold (a page of dense text has about 2,000).
MAX_CHARS_PER_PAGE = 20_000
#: Straight path segments read per page for table rulings (a ruled report page has a few hundred).
MAX_SEGMENTS_PER_PAGE = LIMITS.max_page_objects
_WS = frozenset(" \t\r\n\u3000\xa0\ufffe\uffff\x00")


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise LimitExceeded("max_seconds")


def page_chars(page, deadline: float | None = None) -> list[dict]:
    """The characters PDFium finds on a page, each ``{"text", "x0", "x1", "top", "bottom"}``.

    Left and right are PDFium's loose box; top and bottom are one em (the font size as drawn) set on
    the character's baseline, as pdfminer's boxes, so the characters of one line share their top
    whatever their font. Whitespace is left out: words are split where characters stand apart.
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
        height = page.get_height()
        rect, mat = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        box, matrix, size = (
            pdfium_c.FPDFText_GetLooseCharBox,
            pdfium_c.FPDFText_GetMatrix,
            pdfium_c.FPDFText_GetFontSize,
        )
        hypot = math.hypot
        out: list[dict] = []
        for i, ch in enumerate(text):
            if ch in _WS:
                continue
            if i % 2000 == 1999:
                _check(deadline)
            if not box(raw, i, rect):
                continue
            if matrix(raw, i, mat) and 0 < (em := size(raw, i) * hypot(mat.c, mat.d)) < 2000:
                top = height - mat.f - 0.88 * em  # the matrix's translation is the character's origin
                out.append({"text": ch, "x0": rect.left, "x1": rect.right, "top": top, "bottom": top + em})
            else:
                out.append(
                    {
                        "text": ch,
                        "x0": rect.left,
                        "x1": rect.right,
                        "top": height - rect.top,
                        "bottom": height - rect.bottom,
                    }
                )
        return out
    finally:
        tp.close()


def words(chars: list[dict], x_tolerance: float = 1.5, y_tolerance: float = 2.0) -> list[dict]:
    """Characters → words, as pdfplumber's ``extract_words``: a line is characters whose tops lie within
    ``y_tolerance``; a word ends at a space or a gap wider than ``x_tolerance``."""
    out: list[dict] = []
    for line in _cluster_lines(chars, y_tolerance):
        cur: list[dict] = []
        for ch in line:
            if ch["text"] in _WS:
                if cur:
                    out.append(_word(cur))
                cur = []
                continue
            if cur and ch["x0"] > cur[-1]["x1"] + x_tolerance:
                out.append(_word(cur))
                cur = []
            cur.append(ch)
        if cur:
            out.append(_word(cur))
    return out


def _word(chs: list[dict]) -> dict:
    return {
        "text": "".join(c["text"] for c in chs),
        "x0": chs[0]["x0"],
        "x1": max(c["x1"] for c in chs),
        "top": min(c["top"] for c in chs),
        "bottom": max(c["bottom"] for c in chs),
    }


def _cluster_lines(chars: list[dict], tol: float) -> list[list[dict]]:
    """Characters grouped by top (within ``tol`` of the group's first top), each group left to right."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: c["top"]):
        if lines and ch["top"] - lines[-1][0]["top"] <= tol:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def cell_text(chars: list[dict], tol: float = 3.0) -> str:
    """The text of a table cell's characters: words joined by spaces, lines by newlines (as pdfplumber)."""
    return "\n".join(" ".join(w["text"] for w in words(line, tol, tol)) for line in _cluster_lines(chars, tol))


# ---- rulings -------------------------------------------------------------------------------------
def page_edges(page, deadline: float | None = None) -> list[dict]:
    """The straight horizontal and vertical strokes of a page's drawn paths, as pdfplumber edges.

    Every painted path (stroked or filled, also inside form XObjects) is read segment by segment in
    page coordinates; a rectangle gives its four sides, a line its one.
    """
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    edges: list[dict] = []
    budget = [MAX_SEGMENTS_PER_PAGE]
    n = pdfium_c.FPDFPage_CountObjects(page.raw)
    ident = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scratch = (ctypes.c_int(), ctypes.c_int(), pdfium_c.FS_MATRIX(), ctypes.c_float(), ctypes.c_float())
    for i in range(n):
        _walk(pdfium_c.FPDFPage_GetObject(page.raw, i), ident, height, edges, budget, deadline, 0, scratch)
    return edges


def _mul(m, n):
    """The matrix of ``m`` applied first, then ``n`` (PDF order ``a b c d e f``)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _walk(obj, outer, height, edges, budget, deadline, depth, scratch) -> None:
    import pypdfium2.raw as pdfium_c

    fill, stroke, m, x, y = scratch
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
        pdfium_c.FPDFPageObj_GetMatrix(obj, m)
        inner = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _walk(pdfium_c.FPDFFormObj_GetObject(obj, i), inner, height, edges, budget, deadline, depth + 1, scratch)
        return
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
        return
    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not fill.value and not stroke.value:
        return
    count = pdfium_c.FPDFPath_CountSegments(obj)
    budget[0] -= max(count, 1)
    if budget[0] < 0:
        raise LimitExceeded("max_page_objects", MAX_SEGMENTS_PER_PAGE)
    _check(deadline)
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    a, b, c, d, e, f = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    start = prev = None
    for k in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind_s = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind_s == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = pt
            continue
        if kind_s == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            _edge(prev, pt, edges)
        prev = pt
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _edge(pt, start, edges)
            prev = start


def _edge(p, q, edges: list[dict]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 0.01:
        top, bottom = min(y0, y1), max(y0, y1)
        edges.append(
            {
                "object_type": "line",
                "orientation": "v",
                "x0": x0,
                "x1": x0,
                "top": top,
                "bottom": bottom,
                "width": 0.0,
                "height": bottom - top,
                "doctop": top,
            }
        )
    elif abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 0.01:
        left, right = min(x0, x1), max(x0, x1)
        edges.append(
            {
                "object_type": "line",
                "orientation": "h",
                "x0": left,
                "x1": right,
                "top": y0,
                "bottom": y0,
                "width": right - left,
                "height": 0.0,
                "doctop": y0,
            }
        )


def tables(chars: list[dict], edges: list[dict]) -> list[list[list[str | None]]]:
    """The ruled tables of a page: rows of cell texts, ``None`` where a merged cell covers a grid position.

    The geometry (snapping and joining edges, intersections, cells, tables) is pdfplumber's
    :mod:`pdfplumber.table` with its default "lines" settings, applied to PDFium's edges.
    """
    if not edges:
        return []
    from pdfplumber import table as pt
    from pdfplumber.utils import filter_edges

    es = filter_edges(edges, min_length=1)
    es = pt.merge_edges(es, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    es = filter_edges(es, min_length=3)
    cells = _cells(pt.edges_to_intersections(es, 3, 3))
    out = []
    by_mid = sorted(chars, key=lambda c: c["top"] + c["bottom"])
    mids = [c["top"] + c["bottom"] for c in by_mid]
    for group in pt.cells_to_tables(cells):
        table = pt.Table(None, group)
        rows = []
        for row in table.rows:
            _, top, _, bottom = row.bbox
            band = by_mid[bisect.bisect_left(mids, 2 * top) : bisect.bisect_left(mids, 2 * bottom)]
            band.sort(key=lambda c: c["x0"] + c["x1"])
            xmids = [c["x0"] + c["x1"] for c in band]
            rows.append([None if cell is None else cell_text(_in_cell(band, xmids, cell)) for cell in row.cells])
        out.append(rows)
    return out


def _cells(intersections: dict) -> list[tuple]:
    """The smallest rectangles whose four corners are intersections joined by edges (pdfplumber's rule,
    with each point's edges kept as sets so that a connection test is one set intersection)."""
    v = {p: {id(e) for e in d["v"]} for p, d in intersections.items()}
    h = {p: {id(e) for e in d["h"]} for p, d in intersections.items()}
    points = sorted(intersections)
    below_of: dict = {}
    right_of: dict = {}
    for p in points:  # sorted by x then y: the points below p come after it in its column
        below_of.setdefault(p[0], []).append(p)
    for p in sorted(points, key=lambda q: (q[1], q[0])):
        right_of.setdefault(p[1], []).append(p)
    col_index = {p: i for col in below_of.values() for i, p in enumerate(col)}
    row_index = {p: i for row in right_of.values() for i, p in enumerate(row)}
    out = []
    for p in points:
        below = [q for q in below_of[p[0]][col_index[p] + 1 :] if v[p] & v[q]]
        if not below:
            continue
        right = [q for q in right_of[p[1]][row_index[p] + 1 :] if h[p] & h[q]]
        cell = None
        for b in below:
            for r in right:
                corner = (r[0], b[1])
                if corner in v and v[corner] & v[r] and h[corner] & h[b]:
                    cell = (p[0], p[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            out.append(cell)
    return out


def _in_cell(band: list[dict], xmids: list[float], cell) -> list[dict]:
    """The characters of a row band (sorted by horizontal centre) whose centre lies in ``cell``."""
    x0, top, x1, bottom = cell
    lo, hi = bisect.bisect_left(xmids, 2 * x0), bisect.bisect_left(xmids, 2 * x1)
    return [ch for ch in band[lo:hi] if top <= (ch["top"] + ch["bottom"]) / 2 < bottom]


__all__ = ["cell_text", "page_chars", "page_edges", "tables", "words"]
