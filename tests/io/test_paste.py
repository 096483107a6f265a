"""Rows pasted from Excel/WPS into one table of a Report."""

from __future__ import annotations

import pytest

from govinfo_widgets import Report, load_example
from govinfo_widgets.io import read_paste
from govinfo_widgets.io.paste import PasteError


def test_labelled_rows_are_bound_by_label_whatever_their_order():
    block = (
        "（七）总计\t3\t0\t0\t0\t0\t0\t3\n"
        "2. 其他法律法规禁止公开\t1\t0\t0\t0\t0\t0\t1\n"
        "（一）予以公开\t2\t0\t0\t0\t0\t0\t\n"
    )
    r = read_paste(block, Report.new("某局", 2024), "t3")
    assert r.value("t3.outcome_total.natural_person") == 3
    assert r.value("t3.denied_prohibited_by_law.total") == 1
    assert r.cells["t3.granted.total"].status == "blank_missing"  # a blank total is missing, not 0
    assert r.cells["t3.granted.natural_person"].source == "paste / row 3 / col 2"


def test_bare_numbers_go_positionally_from_the_first_row():
    r = read_paste("1\t2\t0\t0\t0\t0\t3\n4\t0\t0\t0\t0\t0\t4", Report.new("某局", 2024), "t3")
    assert r.value("t3.new_received.commercial_enterprise") == 2
    assert r.value("t3.carried_over.natural_person") == 4
    assert "t3.granted.total" not in r.cells


def test_table4_takes_fifteen_numbers_in_canonical_order():
    nums = "\t".join(str(i) for i in range(1, 16))
    r = read_paste(nums, Report.new("某局", 2024), "t4")
    assert r.value("t4.review_upheld") == 1 and r.value("t4.suit_after_review_total") == 15


def test_pasting_keeps_the_other_cells_and_marks_bad_text():
    base = load_example("002")
    r = read_paste("规章\t1\tabc\t3", base, "t2")
    assert r.value("t2.art20_1.rules.issued") == 1
    assert r.cells["t2.art20_1.rules.repealed"].status == "unreadable"
    assert r.cells["t2.art20_1.rules.repealed"].raw == "abc"
    assert r.value("t3.new_received.total") == base.value("t3.new_received.total")


@pytest.mark.parametrize(
    ("text", "table", "words"),
    [
        ("", "t3", "为空"),
        ("1\t2", "t9", "未知的表"),
        ("\t".join(["1"] * 16), "t4", "15"),
        ("1\t2\t3\t4\t5\t6\t7\t8", "t3", "栏"),
        ("某某事项\t1\t2", "t3", "不对应"),
    ],
)
def test_bad_blocks_get_a_clear_error(text, table, words):
    with pytest.raises(PasteError) as e:
        read_paste(text, Report.new("某局", 2024), table)
    assert words in e.value.zh and e.value.en
