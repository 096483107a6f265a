"""The prose-vs-table rules TX-01…TX-11 (spec §6.6) on narratives read from real reports."""

from __future__ import annotations

import pytest

from govinfo_widgets.io import read_report
from govinfo_widgets.rules import evaluate
from govinfo_widgets.rules.text import chinese_number

from .test_corpus import CORPUS

RAW = CORPUS / "raw"


def _tx(report):
    df = evaluate(report).frame
    return df[df["rule"].str.startswith("TX")]


@pytest.fixture(scope="module")
def seed():
    return read_report(RAW / "000.txt")


@pytest.mark.corpus
def test_seed_prose_agrees_with_its_tables(seed):
    assert _tx(seed).empty


@pytest.mark.corpus
def test_tx01_no_requests_but_the_table_has_some(seed):
    r = seed.with_values({"t3.new_received.natural_person": 3, "t3.new_received.total": 3})
    tx = _tx(r)
    row = tx[tx["rule"] == "TX-01"].iloc[0]
    assert row["severity"] == "warning" and row["status"] == "fail"
    assert "未接收政府信息公开申请" in row["message"] and row["expected"] == 3
    assert row["cells"] == ("t3.new_received.total",)


@pytest.mark.corpus
def test_tx09_no_reconsideration_or_litigation_but_table4_has_some(seed):
    r = seed.with_sections(s4_review_litigation="2023年，本机关未发生政府信息公开行政复议、行政诉讼情况。")
    assert _tx(r).empty
    r = r.with_values({"t4.suit_direct_pending": 1, "t4.suit_direct_total": 1})
    tx = _tx(r)
    assert list(tx["rule"]) == ["TX-09"]
    assert "行政诉讼" in tx.iloc[0]["message"] and "未发生政府信息公开行政复议" in tx.iloc[0]["message"]


@pytest.mark.corpus
def test_tx09_does_not_read_corrections_as_no_cases():
    r = read_report(RAW / "006.md")  # "全年未发生因依申请公开被行政复议纠错…" with 55 reviews
    assert "TX-09" not in set(_tx(r)["rule"])


@pytest.mark.corpus
def test_shanghai_2019_prose_quotes_sub_figures():
    tx = _tx(read_report(RAW / "001.html"))
    tx06 = tx[tx["rule"] == "TX-06"]
    assert len(tx06) == 1  # 予以公开及部分公开258件 vs 275; 不予公开35件 and 不予处理158件 agree
    assert tx06.iloc[0]["actual"] == 258 and tx06.iloc[0]["expected"] == 275
    assert "予以公开及部分公开258件" in tx06.iloc[0]["message"]
    tx07 = tx[tx["rule"] == "TX-07"]
    assert len(tx07) == 1 and tx07.iloc[0]["severity"] == "info" and "33.9%" in tx07.iloc[0]["message"]


@pytest.mark.corpus
def test_tx11_table2_figures_quoted_in_section_one():
    tx = _tx(read_report(RAW / "013.html"))
    row = tx[tx["rule"] == "TX-11"].iloc[0]
    assert row["actual"] == 393 and row["expected"] == 470  # 现行有效行政规范性文件393件 vs 470
    assert "制发" not in row["message"].split("（")[0]  # 制发的规范性文件77件 agrees with the table


@pytest.mark.corpus
def test_tx02_accepts_new_plus_carried_over():
    r = read_report(RAW / "012.html")  # "收到政府信息公开申请75件" = 74 new + 1 carried over
    assert "TX-02" not in set(_tx(r)["rule"])
    r = r.with_sections(s3_requests="本年度共收到政府信息公开申请80件。")
    row = _tx(r)[lambda d: d["rule"] == "TX-02"].iloc[0]
    assert row["actual"] == 80 and "收到政府信息公开申请80件" in row["message"]


@pytest.mark.corpus
def test_tx10_fee_notices_when_requests_were_dropped_for_unpaid_fees():
    r = read_report(RAW / "015.html")  # （六）2 = 2, section 六 only says no fee was charged
    tx = _tx(r)
    assert list(tx["rule"]) == ["TX-10"]
    r = r.with_sections(s6_other="本年度共发出收费通知2件，申请人均未缴费。")
    assert _tx(r).empty
    r = r.with_sections(s6_other="全年收取政府信息公开信息处理费 3940 元。")  # fees collected: notices went out
    assert _tx(r).empty
    r = r.with_sections(s6_other="本年度未发出收费通知。")
    row = _tx(r).iloc[0]
    assert row["rule"] == "TX-10" and "未发出收费通知" in row["message"]


@pytest.mark.corpus
def test_approximate_and_chinese_numbers():
    assert chinese_number("十二") == 12 and chinese_number("两千零五") == 2005 and chinese_number("三万") == 30000
    r = read_report(RAW / "012.html").with_sections(s3_requests="本年度共收到政府信息公开申请七十多件。")
    assert "TX-02" not in set(_tx(r)["rule"])  # 多: approximate, skipped
    r = r.with_sections(s3_requests="本年度共收到政府信息公开申请七十件。")
    assert "TX-02" in set(_tx(r)["rule"])


def test_every_tx_finding_is_a_warning_except_the_percentage_note():
    from govinfo_widgets.rules import RULES

    assert {RULES[f"TX-{i:02d}"].severity for i in range(1, 12) if i != 7} == {"warning"}
    assert RULES["TX-07"].severity == "info"


@pytest.mark.corpus
def test_prose_that_agrees_is_silent_and_a_changed_table_is_caught():
    r = read_report(RAW / "013.html")  # 公开及部分公开42件,占51.85%; 复议2件、诉讼7件: all as in the tables
    assert set(_tx(r)["rule"]) == {"TX-11"}
    r2 = r.with_values({"t3.granted.total": r.value("t3.granted.total") + 5, "t4.review_total": 9})
    tx = _tx(r2)
    assert {"TX-06", "TX-08"} <= set(tx["rule"])
    row = tx[tx["rule"] == "TX-08"].iloc[0]
    assert row["actual"] == 2 and row["expected"] == 9 and "行政复议案件2件" in row["message"]


@pytest.mark.corpus
def test_numbers_broken_from_their_unit_and_counts_before_the_keyword():
    """002 (PDF text): '行政复议351' / '件' on two lines; '另有103件顺延到下年度答复' gives the carried-forward count."""
    r = read_report(RAW / "002.txt")
    assert _tx(r).empty
    r2 = r.with_values({"t4.review_total": 1, "t3.carried_forward.total": 1, "t3.outcome_total.total": 1})
    tx = _tx(r2)
    got = {row["rule"]: row["actual"] for _, row in tx.iterrows()}
    assert got == {"TX-08": 351, "TX-05": 103, "TX-04": 3050}
