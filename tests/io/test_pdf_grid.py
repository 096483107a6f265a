"""The ruled-table geometry over tuples (io._rulings.grid_cells) finds exactly the tables pdfplumber's own
"lines" table finder finds from the same edges: on random rulings and on every corpus PDF page."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govinfo_widgets.io import _pdfium, _rulings

from .truth import RAW

pdfplumber_table = pytest.importorskip("pdfplumber.table")
from pdfplumber.utils import filter_edges  # noqa: E402


def _as_pdfplumber(vs, hs) -> list[dict]:
    """Our ``(x, top, bottom)`` / ``(y, x0, x1)`` edges in pdfplumber's edge dicts, in the same order."""
    out = []
    for x, top, bottom in vs:
        out.append(
            {"orientation": "v", "object_type": "line", "x0": x, "x1": x, "top": top, "bottom": bottom}
            | {"width": 0.0, "height": bottom - top, "doctop": top}
        )
    for y, x0, x1 in hs:
        out.append(
            {"orientation": "h", "object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y}
            | {"width": x1 - x0, "height": 0.0, "doctop": y}
        )
    return out


def _pdfplumber_rows(vs, hs) -> list[list[list[tuple | None]]]:
    """pdfplumber's "lines" strategy with its default tolerances, as pdf.py used it before."""
    pt = pdfplumber_table
    es = filter_edges(_as_pdfplumber(vs, hs), min_length=1)
    es = pt.merge_edges(es, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    es = filter_edges(es, min_length=3)
    cells = pt.intersections_to_cells(pt.edges_to_intersections(es, 3, 3))
    return [[list(r.cells) for r in pt.Table(None, t).rows] for t in pt.cells_to_tables(cells)]


def _ours(vs, hs):
    return [_rulings.table_rows(t) for t in _rulings.grid_cells(vs, hs)]


def _close(a, b) -> bool:
    """Same tables, rows and merged positions; coordinates equal (a snapped mean may differ in the last bit)."""
    if len(a) != len(b):
        return False
    for ta, tb in zip(a, b, strict=True):
        if [[c is None for c in r] for r in ta] != [[c is None for c in r] for r in tb]:
            return False
        for ra, rb in zip(ta, tb, strict=True):
            for ca, cb in zip(ra, rb, strict=True):
                if ca is not None and any(abs(p - q) > 1e-9 for p, q in zip(ca, cb, strict=True)):
                    return False
    return True


# rulings on a coarse lattice with jitter, so edges snap, join, meet and leave gaps as in real tables
_coord = st.builds(lambda k, j: k * 20 + j, st.integers(0, 8), st.sampled_from([0.0, 0.4, 1.1, 2.5, 3.5, 7.0]))
_v = st.tuples(_coord, _coord, _coord).map(lambda t: (t[0], min(t[1], t[2]), max(t[1], t[2])))
_h = st.tuples(_coord, _coord, _coord).map(lambda t: (t[0], min(t[1], t[2]), max(t[1], t[2])))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_v, max_size=14), st.lists(_h, max_size=14))
# lines 0.4 apart snap to their mean, which pdfplumber's arithmetic gives as two floats a bit apart: a flat row
@example(
    vs=[(0.0, 0.0, 20.0), (20.0, 0.0, 20.0)],
    hs=[(0.0, 0.0, 1.1), (0.0, 0.0, 20.0), (0.4, 0.0, 20.0), (20.0, 0.0, 20.0)],
)
def test_grid_cells_equal_pdfplumbers_tables_on_random_rulings(vs, hs):
    assert _close(_ours(vs, hs), _pdfplumber_rows(vs, hs))


def test_a_ruled_grid_with_a_merged_cell():
    # 3 columns x 2 rows; the top row's first two cells merged (no vertical rule between them up there)
    vs = [(0, 0, 40), (50, 20, 40), (100, 0, 40), (150, 0, 40)]
    hs = [(y, 0, 150) for y in (0, 20, 40)]
    rows = _ours(vs, hs)
    assert rows == [
        [[(0, 0, 100, 20), None, (100, 0, 150, 20)], [(0, 20, 50, 40), (50, 20, 100, 40), (100, 20, 150, 40)]]
    ]
    assert _close(rows, _pdfplumber_rows(vs, hs))


@pytest.mark.corpus
def test_grid_cells_equal_pdfplumbers_tables_on_every_corpus_pdf_page():
    import pypdfium2 as pdfium

    pdfs = sorted(RAW.glob("*.pdf"))
    assert pdfs
    ruled = 0
    for path in pdfs:
        doc = pdfium.PdfDocument(path.read_bytes())
        try:
            for i in range(len(doc)):
                page = doc[i]
                vs, hs = _pdfium.page_edges(page)
                page.close()
                ours = _ours(vs, hs)
                assert _close(ours, _pdfplumber_rows(vs, hs)), f"{path.name} page {i + 1}"
                ruled += bool(ours)
        finally:
            doc.close()
    assert ruled >= 3  # the corpus has ruled tables on several pages
