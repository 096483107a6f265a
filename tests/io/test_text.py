"""Plain-text reader and digit repair: units on corpus snippets, then the real corpus files cell by cell."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo_widgets.errors import LegacyFormatError
from govinfo_widgets.io._bind import NotAReportError
from govinfo_widgets.io._digits import (
    MAX_RUN,
    Repair,
    enumerate_splits,
    resolve_t3,
    split_plain,
    split_t3_row,
    split_t4,
)
from govinfo_widgets.io._layout import Line, Seg, assemble_rows, column_centres, is_footer, text_lines
from govinfo_widgets.io.text import read_text
from govinfo_widgets.schema import get_form

from .truth import RAW, same, truth


# ---------------------------------------------------------------------------
# digit repair (spec §7.6)
# ---------------------------------------------------------------------------
def test_run_split_by_row_sum_is_a_flagged_repair():
    rep = split_t3_row("230 000023")  # 009 row 一, as the flattened page has it
    assert rep.values == (23, 0, 0, 0, 0, 0, 23)
    cells = rep.cells("text offset 1")
    assert {c.status for c in cells} == {"repaired"}
    assert "230 000023" in cells[0].note and "T3-03" in cells[0].note


def test_ambiguous_run_is_unreadable_with_its_alternatives():
    rep = split_t3_row("270020130")  # 011 （一）予以公开: two splits satisfy the row sum
    assert rep.values is None and len(rep.solutions) == 2
    cells = rep.cells()
    assert all(c.status == "unreadable" and c.value is None for c in cells)
    assert "2/7/0/0/20/1/30" in cells[0].note and "27/0/0/2/0/1/30" in cells[0].note


def test_column_identities_settle_an_ambiguous_row():
    form = get_form("gov_2021")
    outs = form.outcome_rows(frozenset())
    rows = {k: split_t3_row("0000000") for k in outs}
    rows["granted"] = split_t3_row("270020130")  # 27/0/0/2/0/1/30 or 2/7/0/0/20/1/30
    rows["outcome_total"] = split_t3_row("270020130")
    rows["new_received"] = split_t3_row("270020130")
    rows["carried_over"] = split_t3_row("0000000")
    rows["carried_forward"] = split_t3_row("0000000")
    # make the two readings differ in the identities: the total row is only 27/0/0/2/0/1/30
    rows["outcome_total"] = Repair("x", 7, ("t", "t"), ((27, 0, 0, 2, 0, 1, 30),))
    out = resolve_t3(rows, ("new_received", "carried_over", "outcome_total", "carried_forward"), outs)
    assert out["granted"].values == (27, 0, 0, 2, 0, 1, 30)
    assert out["new_received"].values == (27, 0, 0, 2, 0, 1, 30)
    assert "T3-02" in out["granted"].note()


def test_published_identity_failure_leaves_ambiguity_unresolved():
    rows = {
        "granted": split_t3_row("270020130"),
        "outcome_total": Repair("x", 7, ("t", "t"), ((99, 0, 0, 0, 0, 0, 99),)),
    }
    out = resolve_t3(rows, ("new_received", "carried_over", "outcome_total", "carried_forward"), ["granted"])
    assert out["granted"].values is None and len(out["granted"].solutions) == 2


def test_table4_digits_decode_by_t4_01():
    assert split_t4("10203120001200000").values == (1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)  # 011
    assert split_t4("21317000001324019").values == (2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)  # 014
    # 002's 26 digits run together have three readings: never guessed
    rep = split_t4("72641783735113481261211620")
    assert rep.values is None and len(rep.solutions) == 3


def test_plain_split_without_arithmetic():
    assert split_plain("000", 3).values == (0, 0, 0)
    assert split_plain("898989", 3).values is None  # 009 规范性文件: 10 readings
    assert split_plain("2648-18538", 3, signed=[False, True, False]).solutions[0][1] < 0
    assert split_plain("2648-18538", 3).values is None  # a sign where the column is unsigned


def test_spaces_are_boundaries_and_leading_zeros_are_not_numbers():
    sols, _ = enumerate_splits("0 0 00", 4)
    assert sols == [(0, 0, 0, 0)]
    sols, _ = enumerate_splits("05", 1)
    assert sols == []


def test_runs_too_long_are_not_searched():
    rep = split_t3_row("1" * (MAX_RUN + 1))
    assert rep.exhausted and rep.values is None
    assert all(c.status == "unreadable" for c in rep.cells())


# ---------------------------------------------------------------------------
# lines and rows (spec §7.9, §7.11, §7.12)
# ---------------------------------------------------------------------------
SNIPPET_002 = """\
      （一）予以公开                   1288        21       0        0    50       3   1362

      （二）部分公开（区分处理的，只计这一情
                                447         7        0        0        0    0   454
      形，不计其他情形）


             1.属于国家秘密            2          0        0        0        0    0    2
三、

本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31
             1.本机关不掌握相关政府信息     746         12       0        0    10       1   769
      （四）无


-4-
     法提供       2.没有现成信息需要另行制作           11        0        0         0        0         0    11
"""


def test_wrapped_labels_join_and_vertical_labels_stay_apart():
    rows = assemble_rows(text_lines(SNIPPET_002))
    labels = [r.label for r in rows]
    assert labels == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
    ]
    assert [v.text for v in rows[1].values] == ["447", "7", "0", "0", "0", "0", "454"]
    assert rows[3].fragments == ["本"]  # the vertical 三、本年度办理结果, one character per line


def test_page_footers_are_dropped():
    assert is_footer(Line([Seg(0, 3, "-4-")]))
    assert is_footer(Line([Seg(0, 3, "— 12 —")]))
    assert is_footer(Line([Seg(0, 3, "第 3 页")]))
    assert not is_footer(Line([Seg(0, 3, "4")]))
    assert all(ln.text != "-4-" for ln in text_lines(SNIPPET_002))


def test_rows_with_blank_cells_are_placed_under_their_columns():
    text = (
        "一、本年新收政府信息公开申请数量   5    1    0    0    0    0    6\n"
        "二、上年结转政府信息公开申请数量   2                             2\n"
    )
    rows = assemble_rows(text_lines(text))
    centres = column_centres(rows, 7)
    from govinfo_widgets.io._layout import align

    placed = align(rows[1].values, centres)
    assert [None if p is None else p.text for p in placed] == ["2", None, None, None, None, None, "2"]


@pytest.mark.corpus
def test_text_with_blank_cells_reads_them_as_blank_not_shifted():
    seed = (RAW / "000.txt").read_text("utf-8")
    # the seed with Table 3's row 二 published with blanks instead of 0 in the organisation columns
    seed = seed.replace(
        "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\t0\t",
        "二、上年结转政府信息公开申请数量\t3\t\t\t\t\t\t3\t",
    )
    r = read_text(seed)
    assert r.value("t3.carried_over.natural_person") == 3
    assert r.value("t3.carried_over.total") == 3
    assert r.cells["t3.carried_over.commercial_enterprise"].status == "blank_zero"


# ---------------------------------------------------------------------------
# whole files
# ---------------------------------------------------------------------------
@pytest.mark.corpus
def test_seed_tab_separated_reads_its_2023_figures_and_variants():
    r = read_text((RAW / "000.txt").read_bytes())
    assert r.meta.year == 2023 and r.meta.form == "gov_2021"
    assert "攀枝花市东区民政局" in r.meta.agency
    want = truth("000")
    assert all(same(r.value(a), v) for a, v in want.items())
    seen = " ".join(map(str, r.extras["labels_seen"].values()))
    for variant in ("规范性文件", "社会组织", "其他法律法规禁止公开", "半年收费金额"):
        assert variant in seen, variant
    c = r.cells["t3.new_received.total"]
    assert c.status == "parsed" and c.source.startswith("text page 1 / line")


LAYOUT = ["000", "002", "003", "004", "007"]


@pytest.mark.corpus
@pytest.mark.parametrize("entry", LAYOUT)
def test_text_files_cell_by_cell(entry):
    r = read_text((RAW / f"{entry}.txt").read_bytes())
    want = truth(entry)
    wrong = {a: (v, r.value(a)) for a, v in want.items() if not same(r.value(a), v)}
    assert not wrong
    assert not [a for a in r.cells if a not in want]


@pytest.mark.corpus
def test_pdftotext_layout_page_break_inside_a_label():
    # 002: （四）无 … -4- … 法提供 across the page break; the rows on both sides still bind
    r = read_text((RAW / "002.txt").read_bytes())
    assert r.value("t3.unable_not_held.total") == 769
    assert r.value("t3.unable_needs_creation.total") == 11
    assert r.cells["t3.unable_needs_creation.total"].source.startswith("text page 5")


@pytest.mark.corpus
def test_collapsed_other_row_in_a_2021_report():
    r = read_text((RAW / "003.txt").read_bytes())
    assert r.collapsed == {"other"}
    assert r.value("t4.review_upheld") == 10 and r.value("t4.review_total") == 0  # as published
    assert "T4-01 fails" in r.extras["t4_order"]
    assert "confirmed by T4-01" in read_text((RAW / "002.txt").read_bytes()).extras["t4_order"]


# flattened page.txt: the cells of each Table 2 row run together with no arithmetic to split them
FLAT_T2_UNREADABLE = {
    "009": 19,  # 规范性文件 898989, 行政许可 3960181, … 政府集中采购 13575394432.52元 (规章 000 is unique)
    "010": 17,
    "011": 3,  # 行政规范性文件 693665
    "012": 3,
    "013": 3,
    "014": 3,
    "015": 3,
}


@pytest.mark.corpus
@pytest.mark.parametrize("entry", sorted(FLAT_T2_UNREADABLE))
def test_flattened_page_text(entry):
    r = read_text((RAW / f"{entry}.txt").read_bytes())
    want = truth(entry)
    wrong, unreadable = [], []
    for a, v in want.items():
        c = r.cells.get(a)
        if c is not None and c.status == "unreadable":
            unreadable.append(a)
            assert "无法" in c.note and c.value is None
        elif c is None or not same(c.value, v):
            wrong.append((a, v, None if c is None else c.value))
    assert wrong == []  # never a wrong number: right, or honestly unreadable
    assert all(a.startswith("t2.") for a in unreadable)
    assert len(unreadable) == FLAT_T2_UNREADABLE[entry]
    assert r.extras["layout"] == "flattened"
    seen = r.extras["labels_seen"]  # labels as printed, not the words searched for
    assert seen["t3.denied_state_secret"] == "1.属于国家秘密"
    assert seen["t3.new_received"] == "一、本年新收政府信息公开申请数量"
    assert r.extras["digit_repairs"] > 100
    repaired = [c for c in r.cells.values() if c.status == "repaired"]
    assert all("T3-03" in c.note or "T4-01" in c.note or "数字格式" in c.note for c in repaired)


@pytest.mark.corpus
def test_flattened_2020_table_that_breaks_t3_02_as_published():
    r = read_text((RAW / "010.txt").read_bytes())
    assert r.value("t3.outcome_total.total") == 21
    rows = [
        k
        for k in (
            "granted",
            "partially_granted",
            "unable_not_held",
            "unable_unclear",
            "not_processed_repeat",
            "other_total_2019",
        )
    ]
    assert sum(r.value(f"t3.{k}.total") for k in rows) == 27


@pytest.mark.corpus
def test_table4_split_across_lines_in_markdown():
    r = read_text((RAW / "007.txt").read_bytes())
    assert [r.value(a) for a in ("t4.review_total", "t4.suit_direct_total", "t4.suit_after_review_total")] == [
        61,
        3,
        10,
    ]


@pytest.mark.corpus
def test_not_a_report_and_legacy():
    with pytest.raises(NotAReportError) as e:
        read_text("这是一份会议通知。\n请各单位于周五前报送材料。\n")
    assert "年报" in str(e.value) and "report" in str(e.value)
    with pytest.raises(LegacyFormatError):
        read_text((RAW / "016.txt").read_bytes())


def test_huge_text_is_refused_quickly():
    with pytest.raises(NotAReportError):
        read_text("规章 1 2 3\n" * 400_000)


@pytest.mark.corpus
def test_gbk_bytes_are_decoded():
    r = read_text((RAW / "000.txt").read_text("utf-8").encode("gb18030"))
    assert r.meta.year == 2023 and r.value("t3.new_received.total") == 0


@pytest.mark.corpus
def test_tab_columns_bind_in_the_header_order():
    seed = (RAW / "000.txt").read_text("utf-8")
    row = "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\t0\t"
    assert row in seed
    r = read_text(seed.replace(row, "一、本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t21\t\t"))
    got = [
        r.value(f"t3.new_received.{c}")
        for c in (
            "natural_person",
            "commercial_enterprise",
            "research_institution",
            "public_interest_org",
            "legal_service_org",
            "other_org",
            "total",
        )
    ]
    assert got == [1, 2, 3, 4, 5, 6, 21]


@pytest.mark.corpus
def test_table_broken_across_pages_with_a_repeated_header():
    text = (RAW / "002.txt").read_text("utf-8")
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "申请人情况" in ln)
    end = next(i for i, ln in enumerate(lines) if "一、本年新收" in ln)
    header = lines[start:end]
    at = next(i for i, ln in enumerate(lines) if ln.strip() == "-4-")
    continued = "\n".join(lines[: at + 1] + ["\f续表"] + header + lines[at + 1 :])
    r = read_text(continued)
    want = truth("002")
    assert all(same(r.value(a), v) for a, v in want.items())


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 120), min_size=6, max_size=6), st.booleans())
def test_row_split_finds_the_true_row_and_agrees_with_brute_force(parts, spaced):
    row = (*parts, sum(parts))
    run = (" " if spaced else "").join(str(v) for v in row)
    rep = split_t3_row(run)
    assert row in rep.solutions
    brute, _ = enumerate_splits(run, 7, check=lambda v: v[6] == sum(v[:6]))
    assert sorted(rep.solutions) == sorted(brute)
    if spaced:
        assert rep.values == row and rep.status == "parsed"


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 60), min_size=12, max_size=12))
def test_table4_split_always_contains_the_true_row(parts):
    row = []
    for g in range(3):
        p = parts[4 * g : 4 * g + 4]
        row += [*p, sum(p)]
    rep = split_t4("".join(str(v) for v in row))
    assert tuple(row) in rep.solutions
    assert all(all(s[g + 4] == sum(s[g : g + 4]) for g in (0, 5, 10)) for s in rep.solutions)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789", max_size=15),
        st.lists(st.sampled_from([0, 0, 0, 1, 7, 12, 40, 305]), min_size=6, max_size=6).map(
            lambda p: "".join(map(str, [*p, sum(p)]))
        ),
    )
)
def test_the_digit_run_fast_path_finds_every_split_the_general_search_finds(run):
    """split_t3_row reads a plain run of digits by choosing the total first; the splits (in order), the verdict and
    the note are those of the general search with T3-03's check, for any run (the generated row sums included)."""
    from govinfo_widgets.io import _digits as d

    general = d._split(
        run,
        7,
        ("T3-03（行合计）", "T3-03 (row sum)"),
        check=d._row_sum_ok,
        partial=d._t3_partial,
        forced=lambda v: sum(v) if len(v) == 6 else None,
    )
    fast = d.split_t3_row(run)
    assert (fast.solutions, fast.exhausted, fast.status, fast.note()) == (
        general.solutions,
        general.exhausted,
        general.status,
        general.note(),
    )


def test_hostile_text_layouts_are_read_in_linear_time():
    """Three searches that grew faster than their input, each bounded here by the reader's own time limit:
    - ``joins`` tried every way to cut a row's lines into seven numbers (C(59, 6) = 45 million for 60 lines, ~45 s;
      hours for 1,000); only 7 × 3 lines can be seven numbers of at most three pieces, and the cuts are now built;
    - ``rejoin`` rescanned a row's cells at every line (50,000 number lines after one label: 13 s);
    - blank Table 3 rows were looked for from the top of the table for every row (13,000 rows: 17 s)."""
    import time

    from govinfo_widgets.io._identities import joins
    from govinfo_widgets.io._tokens import rejoin
    from govinfo_widgets.limits import LIMITS

    t0 = time.perf_counter()
    assert joins(["1"] * 60, 7) == []
    assert (162.0, 0.0, 0.0, 0.0, 0.0, 0.0, 162.0) in joins(["1", "62", "0", "0", "0", "0", "0", "162"], 7)
    assert time.perf_counter() - t0 < LIMITS.max_seconds

    t0 = time.perf_counter()
    assert rejoin("本年新收政府信息公开申请数量\n" + "1\n" * 50_000).count("\t") == 50_000
    assert time.perf_counter() - t0 < LIMITS.max_seconds

    head = "某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    head += "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n"
    t0 = time.perf_counter()
    read_text(head + "（一）予以公开 1 0 0 0 0 0 1\n" * 26_000)
    assert time.perf_counter() - t0 < LIMITS.max_seconds
