"""PDFs printed by Chromium (issue 11): merged cells, tables cut by a page break, radicals in the text layer.

End to end, tests/io/test_generated.py prints four bundled reports in two styles and reads every cell back;
these tests pin each piece on its own, on rulings and text made here.
"""

from __future__ import annotations

import pytest

from govinfo_widgets.io._pdfium import _RADICALS, _unified
from govinfo_widgets.io._rulings import close_cut_tables, grid_cells, table_spans

# a ruled table of two rows and three columns whose bottom border fell on the next page: the verticals run
# down to y=60, the last horizontal ruling is at y=40
_V = [(0.0, 0.0, 60.0), (50.0, 0.0, 60.0), (100.0, 0.0, 60.0), (150.0, 0.0, 60.0)]
_H = [(0.0, 0.0, 150.0), (20.0, 0.0, 150.0), (40.0, 0.0, 150.0)]


def test_a_table_cut_by_the_page_keeps_its_last_row():
    before = grid_cells(_V, _H)
    after = grid_cells(*close_cut_tables(_V, _H))
    rows = lambda t: sorted({c[1] for c in t[0]})  # noqa: E731
    assert rows(before) == [0.0, 20.0]  # the cut row is lost without the closing ruling
    assert rows(after) == [0.0, 20.0, 40.0]
    assert {(c[1], c[3]) for c in after[0] if c[1] == 40.0} == {(40.0, 60.0)}


def test_a_closed_table_gets_no_extra_ruling():
    closed = [*_H, (60.0, 0.0, 150.0)]
    assert close_cut_tables(_V, closed)[1] == closed


def test_a_merged_cell_fills_every_position_it_covers():
    # row 1: a heading over columns 2-3; row 2: three cells
    cells = [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 150.0, 20.0)] + [(x, 20.0, x + 50.0, 40.0) for x in (0.0, 50.0, 100.0)]
    spans = table_spans(cells)
    assert spans[0] == [cells[0], cells[1], cells[1]]
    assert spans[1] == cells[2:]


def test_radicals_in_a_text_layer_read_as_the_ideographs_they_stand_for():
    text = "\u2f08\u6c11\u653f\u5e9c\u2f42\u4ef6 \uff11\uff12 \uf91f"  # ⼈民政府⽂件 １２ 兩(compat)
    out = _RADICALS.sub(_unified, text)
    assert out.startswith("人民政府文件")
    assert "\uff11\uff12" in out  # full-width digits keep their form (the value parser reads them)
    assert len(out) == len(text)  # one character for one: the character boxes stay in step


def test_printing_a_report_without_a_chinese_font_is_refused(monkeypatch):
    import tests.layouts as layouts
    from govinfo_widgets import load_example

    monkeypatch.setattr(layouts, "_chinese_font", lambda: False)
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        layouts.render_pdf(load_example("002"), browser=None)
