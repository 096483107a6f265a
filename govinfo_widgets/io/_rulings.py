"""Ruled tables from drawn edges: pdfplumber's "lines" table finder written over plain tuples.

A vertical edge is ``(x, top, bottom)``, a horizontal one ``(y, x0, x1)`` (points from the page's top left,
as :func:`govinfo_widgets.io._pdfium.page_edges` gives them). pdfplumber's dict-based code took most of a
ruled page's reading time; this is the same rule with its default tolerances — snap, join, intersect, the
smallest cells, tables of cells sharing corners, rows over columns — and finds the same tables
(tests/io/test_pdf_grid.py compares both on random rulings and on every corpus page). No PDF library here.
"""

from __future__ import annotations

import bisect

#: Edges closer than this (points) are snapped to one line, and collinear edges with a gap no wider are
#: joined; an intersection may miss by this much (pdfplumber's defaults for ruled tables).
SNAP = JOIN = INTERSECT = 3.0
#: Edges shorter than this (points) before / after joining are ignored.
MIN_EDGE, MIN_JOINED_EDGE = 1.0, 3.0


def _snap(edges: list[tuple]) -> list[tuple]:
    """Edges ``(pos, lo, hi)`` whose positions chain within :data:`SNAP` of each other moved to their mean
    position (pdfplumber's ``snap_objects``: the clusters of the distinct positions, the mean over edges)."""
    if not edges:
        return []
    cluster: dict[float, int] = {}
    k, last = 0, None
    for p in sorted({e[0] for e in edges}):
        if last is not None and p > last + SNAP:
            k += 1
        cluster[p] = k
        last = p
    sums = [0.0] * (k + 1)
    counts = [0] * (k + 1)
    for e in edges:  # in the edges' order, so each mean is the same float as pdfplumber's
        j = cluster[e[0]]
        sums[j] += e[0]
        counts[j] += 1
    means = [s / c for s, c in zip(sums, counts, strict=True)]
    # moved by (mean - position), as pdfplumber moves an edge: the float result may differ from the mean in
    # its last bit, and so split one snapped line in two, exactly as there
    return [(e[0] + (means[cluster[e[0]]] - e[0]), e[1], e[2]) for e in edges]


def _join(edges: list[tuple]) -> list[tuple]:
    """Edges on one line (same position) whose extents overlap or are at most :data:`JOIN` apart, joined."""
    out: list[tuple] = []
    for e in sorted(edges):  # by position, then start
        if out and out[-1][0] == e[0] and e[1] <= out[-1][2] + JOIN:
            if e[2] > out[-1][2]:
                out[-1] = (e[0], out[-1][1], e[2])
        else:
            out.append(e)
    return out


def _merge(edges: list[tuple]) -> list[tuple]:
    joined = _join(_snap([e for e in edges if e[2] - e[1] >= MIN_EDGE]))
    return [e for e in joined if e[2] - e[1] >= MIN_JOINED_EDGE]


def grid_cells(v_edges: list[tuple], h_edges: list[tuple]) -> list[list[tuple]]:
    """The ruled tables drawn by these edges, each a list of cells ``(x0, top, x1, bottom)``, top to bottom.

    The rule is pdfplumber's "lines" table finder with its defaults (written here over plain tuples, as
    its dict-based code was most of a ruled page's reading time): edges snapped and joined, their
    intersections, the smallest rectangle at each intersection whose corners are joined by edges, and the
    cells that share corners grouped into tables (a table has at least two cells).
    """
    vs, hs = _merge(v_edges), _merge(h_edges)
    if not vs or not hs:
        return []
    # intersections: a vertical edge meets a horizontal one within INTERSECT points
    hs_by_y = sorted(range(len(hs)), key=lambda j: hs[j][0])
    ys = [hs[j][0] for j in hs_by_y]
    v_at: dict[tuple, set] = {}
    h_at: dict[tuple, set] = {}
    for i, (x, top, bottom) in enumerate(vs):
        for j in hs_by_y[bisect.bisect_left(ys, top - INTERSECT) : bisect.bisect_right(ys, bottom + INTERSECT)]:
            y, x0, x1 = hs[j]
            if x0 - INTERSECT <= x <= x1 + INTERSECT:
                p = (x, y)
                v_at.setdefault(p, set()).add(i)
                h_at.setdefault(p, set()).add(j)
    return _tables(_cells(v_at, h_at))


def _cells(v: dict, h: dict) -> list[tuple]:
    """The smallest rectangles whose four corners are intersections joined by edges (pdfplumber's rule,
    with each point's edges kept as sets so that a connection test is one set intersection)."""
    points = sorted(v)
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


def _tables(cells: list[tuple]) -> list[list[tuple]]:
    """Cells that share a corner, directly or through others, form one table (pdfplumber's
    ``cells_to_tables``: the same groups, in the same order, single cells dropped)."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[tuple]] = {}
    for i, cell in enumerate(cells):  # a group is found from its first cell, as pdfplumber's sweep
        groups.setdefault(root(i), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def table_rows(cells: list[tuple]) -> list[list[tuple | None]]:
    """A table's cells in rows (by top) over its columns (every cell's left side), ``None`` where a merged
    cell covers the position (pdfplumber's ``Table.rows``)."""
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict] = {}
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(c[1], {})[c[0]] = c
    return [[row.get(x) for x in xs] for row in rows.values()]


def close_cut_tables(v_edges: list[tuple], h_edges: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Edges with a table cut by a page break closed: where two or more vertical rulings end (or start) at one
    height and no horizontal ruling runs there, one is added across them, so that the row the page cut
    through (its closing border drawn on the next page, or not at all) is still a row of cells.

    pdfplumber leaves such a row out; :func:`grid_cells` keeps pdfplumber's rule, this runs before it.
    """
    vs, hs = _merge(v_edges), _merge(h_edges)
    added = []
    for end in (2, 1):  # bottoms, then tops
        by_y: dict[float, list[tuple]] = {}
        for e in vs:
            key = next((y for y in by_y if abs(y - e[end]) <= SNAP), e[end])
            by_y.setdefault(key, []).append(e)
        for y, group in by_y.items():
            if len(group) < 2:
                continue
            x0, x1 = min(e[0] for e in group), max(e[0] for e in group)
            if not any(abs(h[0] - y) <= INTERSECT and h[1] <= x1 and h[2] >= x0 for h in hs):
                added.append((y, x0, x1))
    return v_edges, [*h_edges, *added]


def table_spans(cells: list[tuple]) -> list[list[tuple]]:
    """A table's grid positions (rows by top over columns by left side, as :func:`table_rows`), each holding the
    cell that covers it: a merged cell fills every position it spans (as HTML's rowspan/colspan expansion), so
    that a value cell drawn over two grid columns is one cell, not a number and an empty cell."""
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    grid: list[list] = [[None] * len(xs) for _ in tops]
    for c in cells:
        for i in range(bisect.bisect_left(tops, c[1]), bisect.bisect_left(tops, c[3] - INTERSECT)):
            for j in range(bisect.bisect_left(xs, c[0]), bisect.bisect_left(xs, c[2] - INTERSECT)):
                if grid[i][j] is None:
                    grid[i][j] = c
    return grid


__all__ = ["close_cut_tables", "grid_cells", "table_rows", "table_spans"]
