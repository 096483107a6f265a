"""Rows printed all blank (zeros left blank) are read as blank cells — and only where nothing else explains the
empty line (issue 11). The generated layouts (tests/io/test_generated.py) check every cell of every bundled
report; these tests pin the guards that keep a blank reading from becoming a wrong one."""

from __future__ import annotations

from govinfo_widgets import load_example
from govinfo_widgets.io import read_report
from tests.layouts import render

_RULES = "    规章\n    行政规范性文件        6              1              32\n"


def _t2(text: str, rid: str = "007"):
    page = render(load_example(rid), "layout", "blank_zeros")
    assert _RULES in page, "the generated layout changed: update the fixture"
    return read_report(page.replace(_RULES, text), kind="txt")


def test_a_row_label_alone_under_the_headings_is_a_blank_row():
    r = _t2(_RULES)
    assert [r.cells[f"t2.art20_1.rules.{c}"].status for c in ("issued", "repealed", "in_force")] == ["blank_zero"] * 3
    assert r.value("t2.art20_1.normative_docs.in_force") == 32


def test_a_label_whose_numbers_follow_on_the_next_line_is_not_taken_for_a_blank_row():
    # 规章 with its numbers wrapped onto the next line: never blank (a 0 that is 4), at worst unreadable
    r = _t2("    规章\n                          4              0              9\n" + _RULES.split("\n", 1)[1])
    for c, want in (("issued", 4), ("repealed", 0), ("in_force", 9)):
        cell = r.cells.get(f"t2.art20_1.rules.{c}")
        assert cell is None or cell.status == "unreadable" or cell.value == want, (c, cell)
        assert cell is None or cell.status != "blank_zero", (c, cell)


def test_a_group_kept_as_one_row_and_printed_blank_binds_as_that_row():
    # 003 keeps （六）其他处理 as one row (2021 form); printed blank in a tab-separated table, it is that row, blank
    r = read_report(render(load_example("003"), "tsv", "blank_zeros"), kind="txt")
    assert {r.cells[f"t3.other.{c}"].status for c in ("natural_person", "other_org")} == {"blank_zero"}
    assert not any(a.startswith("t3.other_") for a in r.cells)


def test_a_table_4_printed_all_blank_is_fifteen_blanks_not_a_missing_table():
    r = read_report(render(load_example("000"), "tsv", "blank_zeros"), kind="txt")
    t4 = {a: c for a, c in r.cells.items() if a.startswith("t4.")}
    assert len(t4) == 15
    assert {c.status for a, c in t4.items() if not a.endswith("_total")} == {"blank_zero"}


def _cells_right_or_unreadable(r, want: dict) -> list[str]:
    bad = []
    for a, v in want.items():
        c = r.cells.get(a)
        if c is not None and c.status != "unreadable" and (c.value or 0) != (v or 0):
            bad.append(f"{a}: read {c.value} ({c.status}), figure {v}")
    return bad


def test_one_cell_per_line_keeps_blank_cells_in_place_when_every_row_has_its_count():
    from tests.layouts import expected

    report = load_example("001")  # 2019 form with many blank cells
    r = read_report(render(report, "lines", "plain"), kind="txt")
    want = expected(report, "lines", "plain")
    assert r.cells["t3.new_received.research_institution"].status == "blank_zero"
    assert r.value("t3.new_received.legal_service_org") == 2  # after two blank cells, not shifted left
    assert not _cells_right_or_unreadable(r, want)


def test_one_cell_per_line_whose_empty_lines_were_merged_places_nothing_by_position():
    import re

    from tests.layouts import expected

    report = load_example("001")
    page = re.sub(r"\n{3,}", "\n\n", render(report, "lines", "plain"))  # a saver that keeps one empty line of many
    r = read_report(page, kind="txt")
    bad = _cells_right_or_unreadable(r, expected(report, "lines", "plain"))
    assert not bad, bad[:10]
    assert r.cells["t3.new_received.legal_service_org"].value in (None, 2)


def test_space_aligned_rows_placed_by_the_one_measure_the_geometry_confirms():
    from tests.layouts import expected

    report = load_example("006")  # its rows stand under different headings in the two measures of a text column
    page = render(report, "layout", "blank_zeros")
    r = read_report(page, kind="txt")
    assert r.value("t3.denied_internal_affairs.legal_service_org") == 1  # display width: the only measure that
    assert not _cells_right_or_unreadable(r, expected(report, "layout", "blank_zeros"))  # places every row
    # the same table with （七）总计 broken as a publisher might: still read as printed, for the checker to flag
    broken = read_report(page.replace("1139       48", "1138       48", 1), kind="txt")
    assert broken.value("t3.outcome_total.natural_person") == 1138
    assert broken.value("t3.denied_internal_affairs.legal_service_org") == 1


def _zone_006():
    from govinfo_widgets.io._blanks import form_of
    from govinfo_widgets.io._columns import t3_heads
    from govinfo_widgets.io._layout import assemble_rows, text_lines
    from govinfo_widgets.io._lines import _zone_starts

    lines = text_lines(render(load_example("006"), "layout", "blank_zeros"))
    _t2, t3, t4, _end = _zone_starts(lines)
    zone = lines[t3:t4]
    rows = assemble_rows(zone, tol=2.0, wrap=True)
    return zone, rows, {id(r.line) for r in rows}, t3_heads(zone, True), form_of(lines)


def test_when_both_measures_place_every_row_the_identities_decide_or_nothing_is_placed(monkeypatch):
    from govinfo_widgets.io import _columns
    from govinfo_widgets.io._blanks import confirmed_measure

    zone, rows, anchors, heads, form = _zone_006()
    display = heads[1]
    # both slots measured in display width, so that each "measure" places every row: they differ only by the
    # column centres given — the true ones, and the same with two columns swapped
    monkeypatch.setattr(_columns, "_metrics", lambda chars: (_columns._display_mids, _columns._display_mids))

    def swapped(i, j):
        out = list(display)
        out[i], out[j] = out[j], out[i]
        return out

    # 法律服务机构 <-> 其他: every sum still holds under both readings: nothing is placed (never a guess)
    assert confirmed_measure(zone, rows, anchors, [display, swapped(4, 5)], form) is None
    # 自然人 <-> 总计: the row sums fail under the swapped reading: the true one is taken
    assert confirmed_measure(zone, rows, anchors, [swapped(0, 6), display], form) == [None, display]


_T4_ROWS = (
    "项目\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
    "行政复议\t5\t0\t0\t2\t7\n"
    "行政诉讼 · 未经复议直接起诉\t8\t0\t0\t1\t9\n"
    "行政诉讼 · 复议后起诉\t0\t0\t0\t0\t\n"
)


def _t4_page(rows: str):
    from tests.io.layouts_degraded import LAYOUTS

    page = LAYOUTS["tsv"](load_example("001"))
    assert _T4_ROWS in page, "the degraded layout changed: update the fixture"
    return read_report(page.replace(_T4_ROWS, rows), kind="txt")


def test_table4_as_three_tab_rows_keeps_a_blank_total_in_its_column():
    r = _t4_page(_T4_ROWS)
    assert [r.value(f"t4.review_{c}") for c in ("upheld", "pending", "total")] == [5, 2, 7]
    assert r.value("t4.suit_direct_total") == 9
    c = r.cells["t4.suit_after_review_total"]
    assert (c.value, c.status) == (None, "blank_missing")  # a blank total: missing, not 0 and not shifted
    assert r.cells["t4.suit_after_review_pending"].value == 0


def test_table4_rows_printed_out_of_order_are_bound_by_their_labels():
    lines = _T4_ROWS.splitlines(keepends=True)
    r = _t4_page(lines[0] + lines[3].replace("\t\n", "\t0\n") + lines[1] + lines[2])
    assert r.value("t4.review_total") == 7 and r.value("t4.suit_direct_total") == 9
    assert r.value("t4.suit_after_review_total") == 0 and r.value("t4.suit_direct_upheld") == 8
    # the same in an HTML table of three rows of five
    html = (
        "<p>某局2023年政府信息公开工作年度报告</p><table>"
        "<tr><td>项目</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>"
        "<tr><td>行政诉讼 复议后起诉</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"
        "<tr><td>行政复议</td><td>3</td><td>1</td><td>0</td><td>0</td><td>4</td></tr>"
        "<tr><td>行政诉讼 未经复议直接起诉</td><td>2</td><td>0</td><td>0</td><td>0</td><td>2</td></tr></table>"
    )
    h = read_report(html, kind="html")
    assert [h.value(f"t4.{g}_total") for g in ("review", "suit_direct", "suit_after_review")] == [4, 2, 1]


def test_table4_numbers_spread_unevenly_over_lines_are_placed_only_when_the_sums_confirm_them():
    # a blank total dropped and a stray number from a note below: fifteen numbers, but not in rows of five; read
    # in order they would give 复议后起诉's total the note's 1. Unconfirmed by T4-01: unreadable, with the reason
    r = _t4_page(_T4_ROWS + "注\t1\n")
    t4 = {a: c for a, c in r.cells.items() if a.startswith("t4.")}
    assert len(t4) == 15 and all(c.status == "unreadable" and "T4-01" in c.note for c in t4.values())
    assert t4["t4.suit_after_review_total"].value is None
