"""The Markdown reader on lossy PDF→Markdown conversions and markdown-like text."""

from __future__ import annotations

import pytest

from govinfo_widgets.io import read_report, sniff_kind

from .test_corpus import CORPUS

RAW = CORPUS / "raw"


@pytest.mark.corpus
def test_rows_that_lost_their_labels_are_bound_in_canonical_order_and_flagged():
    r = read_report(RAW / "005.md")
    c = r.cells["t3.partially_granted.natural_person"]  # a bare "| 0 | 0 | … |" row after （一）予以公开
    assert c.value == 0 and "canonical order" in c.note
    assert r.value("t3.denied_internal_affairs.total") == 1
    assert r.value("t3.other_other.natural_person") == 4  # "3.其他" after a label-less （六）2 row
    assert r.cells["t3.carried_forward.total"].status == "blank_missing"
    assert any("canonical order" in n for n in r.extras["bind_notes"])


@pytest.mark.corpus
def test_loose_lines_are_table_rows_when_their_labels_say_so():
    r = read_report(RAW / "005.md")
    assert r.value("t2.art20_5.licensing.decisions") == 97  # "行政许可 97" outside any pipe table
    assert r.value("t2.art20_1.normative_docs.in_force") == 55


@pytest.mark.corpus
def test_a_row_short_of_a_cell_keeps_the_gap_unreadable():
    r = read_report(RAW / "006.md")
    assert r.value("t2.art20_1.rules.issued") == 22 and r.value("t2.art20_1.rules.in_force") == 235
    gap = r.cells["t2.art20_1.rules.repealed"]
    assert gap.status == "unreadable" and gap.value is None  # the loose "22（其中修订16件）" names 制发, not 废止
    placed = r.cells["t2.art20_1.normative_docs.repealed"]  # the loose "55（含自然失效29件）" names 废止
    assert (placed.value, placed.status) == (55, "repaired") and "含自然失效" in placed.note


@pytest.mark.corpus
def test_markdown_like_text_is_sniffed_as_markdown():
    data = (RAW / "007.txt").read_bytes()
    assert sniff_kind(data, "007.txt") == "md"
    r = read_report(RAW / "007.txt")
    assert r.value("t4.suit_after_review_total") == 10  # Table 4 cut into three 5-cell tables
    assert r.value("t3.other_other.total") == 143  # after a spurious header row inside （六）


def test_full_width_pipes_and_swapped_table2_columns():
    md = (
        "# 某局2024年政府信息公开工作年度报告\n### 第二十条第（一）项\n"
        "｜信息内容｜现行有效件数｜本年制发件数｜本年废止件数｜\n｜---｜---｜---｜---｜\n｜规范性文件｜40｜3｜1｜\n"
    )
    r = read_report(md.encode("utf-8"), kind="md")
    assert r.value("t2.art20_1.normative_docs.in_force") == 40
    assert r.value("t2.art20_1.normative_docs.issued") == 3
    assert r.value("t2.art20_1.normative_docs.repealed") == 1


def test_prose_before_the_tables_is_narrative_not_rows():
    """Loose lines before the tables (before Table 2's first title or header, or Table 3's first words) are the
    narrative only: an overview that counts requests by applicant (自然人 … 法人或其他组织 …, words that name Table
    3) adds no extra row and no label to what was read, and its section keeps the sentence."""
    from govinfo_widgets import load_example
    from tests.layouts import render

    page = render(load_example("002"), "md")
    said = "全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，法人或其他组织申请 8 件。"
    assert "本部分内容从略。" in page.split("第二十条")[0]
    with_prose = page.replace("本部分内容从略。", said, 1)
    plain, got = read_report(page, kind="md"), read_report(with_prose, kind="md")
    assert {a: (c.value, c.status, c.source) for a, c in got.cells.items()} == {
        a: (c.value, c.status, c.source) for a, c in plain.cells.items()
    }
    assert got.extras["extra_rows"] == plain.extras["extra_rows"]
    assert got.extras["labels_seen"] == plain.extras["labels_seen"]
    assert said in got.sections["s1_overview"]
