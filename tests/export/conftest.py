"""Reports for the export tests: real bundled figures plus narrative, fees and hostile text."""

from __future__ import annotations

import pytest

from govinfo_widgets import load_example

HOSTILE = '<script>alert("x")</script> & <b>粗</b> | *星* #井'

SECTIONS = {
    "s1_overview": "（一）主动公开。本年度主动公开政府信息1234条。\n（二）依申请公开\n本年度共收到申请21件。",
    "s5_problems": "存在的问题：" + HOSTILE,
    "s6_other": "本年度未收取信息处理费。",
}


@pytest.fixture
def drafted():
    """淮安市人民政府 2024 (real figures) with narrative, the section 六 fee items and a date."""
    return (
        load_example("002")
        .with_sections(**SECTIONS)
        .with_fees(info_fee_notices_count=2, info_fee_notices_amount=380, info_fee_collected=380.5)
        .with_meta(published="2025-01-20")
    )


@pytest.fixture
def hostile():
    """A report whose agency and section text carry markup and ampersands."""
    return load_example("002").with_meta(agency="某局" + HOSTILE).with_sections(s1_overview=HOSTILE, s6_other=HOSTILE)


@pytest.fixture
def with_variants():
    """A report read from HTML that uses label variants of the real world (社会组织, 半年收费金额 …)."""
    from govinfo_widgets.export import to_html
    from govinfo_widgets.io import read_report

    page = to_html(load_example("002"))
    for canonical, variant in VARIANTS:
        assert canonical in page, canonical
        page = page.replace(canonical, variant)
    return read_report(page)


VARIANTS = [
    ("社会公益组织", "社会组织"),
    ("本年制发件数", "本年新制发件数"),
    ("本年收费金额（单位：万元）", "半年收费金额（单位：万元）"),
    ("2.其他法律行政法规禁止公开", "2. 其他法律法规禁止公开"),
    ("（四）无法提供", "(四) 无法提供"),
    ("四、结转下年度继续办理", "结转下一年度继续办理"),
]


def user_text():
    """Hypothesis strategy: text a user might type or paste, heavy on markup characters, with newlines."""
    from hypothesis import strategies as st

    tricky = st.sampled_from(
        list("<>&\"'|*_[]#`\\-+=!~:().。（）“”0123456789 \t\n")
        + ["1. ", "1.", "2)", "- ", "> ", "&amp;", "<script>", "---", "（一）"]
    )
    anything = st.characters(blacklist_categories=("Cs", "Cc"))
    return st.lists(st.one_of(tricky, anything), max_size=40).map("".join)


def expected_paragraphs(text: str) -> list[str]:
    """What a reader should see: one paragraph per non-blank line, trimmed (independent of the exporter's code)."""
    return [ln.strip() for ln in text.split("\n") if ln.strip()]
