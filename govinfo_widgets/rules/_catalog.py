"""Every rule of spec §6 that the engine evaluates, declared as data.

A *linear* rule compares two sums of cells (``op``: eq, le, ge) for each member of
``for_each``; the engine expands it into concrete checks for a report's layout. Placeholders
in a term: ``{col}``, ``{row}``, ``{group}``, ``{block}`` take the ``for_each`` member.
``prev:`` reads last year's report, a leading ``-`` subtracts. A *sum* rule restates nothing:
for each member it checks the form's own sums (``"computed"`` in the form file, see
``schema.Form.sums``) along ``sums`` — each total equals the sum of its parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

ERROR, WARNING, INFO = "error", "warning", "info"
BOTH = ("gov_2021", "gov_2019")


@dataclass(frozen=True)
class Rule:
    """One rule of the spec: its id, severity and (for linear rules) how to compare."""

    id: str
    severity: str
    table: str
    kind: str  # "linear" | "sum" | "cell" | "structure" | "cross" | "text"
    forms: tuple[str, ...] = BOTH
    previous_forms: tuple[str, ...] | None = None  # set: needs last year's report
    for_each: str | None = None
    lhs: tuple[str, ...] = ()
    rhs: tuple[str, ...] = ()
    op: str = "eq"
    locate: bool = False  # take part in "which cell is most likely wrong"
    sums: str | None = None  # kind "sum": the form's sums along "row" or "column" (schema.Sum.along)
    #: the rule's parameters (thresholds, keyword patterns, lists of bodies …), read by the code that
    #: evaluates it: ``RULES["T2-04"].params["fee_any"]``
    params: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), hash=False, compare=False)


def _p(**params) -> MappingProxyType:
    return MappingProxyType(params)


def _tx(rule_id: str, severity: str = WARNING, forms: tuple[str, ...] = BOTH, **params) -> Rule:
    """A prose-vs-table rule (spec §6.6) with its parameters (dicts become read-only)."""
    frozen = {k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in params.items()}
    return Rule(rule_id, severity, "text", "text", forms=forms, params=MappingProxyType(frozen))


LINEAR_RULES = (
    Rule(
        "T3-01",
        ERROR,
        "t3",
        "linear",
        for_each="t3_columns",
        lhs=("t3.new_received.{col}", "t3.carried_over.{col}"),
        rhs=("t3.outcome_total.{col}", "t3.carried_forward.{col}"),
        locate=True,
    ),
    # the totals are the form's: each computed cell = Σ its parts (schema Form.sums)
    Rule("T3-02", ERROR, "t3", "sum", for_each="t3_columns", sums="column", locate=True),
    Rule("T3-03", ERROR, "t3", "sum", for_each="t3_rows", sums="row", locate=True),
    Rule(
        "T3-04",
        ERROR,
        "t3",
        "linear",
        for_each="t3_columns",
        op="le",
        lhs=("t3.carried_forward.{col}",),
        rhs=("t3.new_received.{col}", "t3.carried_over.{col}"),
    ),
    Rule(
        "T3-04",
        ERROR,
        "t3",
        "linear",
        for_each="t3_columns",
        op="le",
        lhs=("t3.outcome_total.{col}",),
        rhs=("t3.new_received.{col}", "t3.carried_over.{col}"),
    ),
    Rule("T4-01", ERROR, "t4", "sum", for_each="t4_groups", sums="row", locate=True),
    Rule(
        "T2-02",
        WARNING,
        "t2",
        "linear",
        forms=("gov_2019",),
        for_each="t2_rows:art20_1",
        op="ge",
        lhs=("t2.{block}.{row}.total_published",),
        rhs=("t2.{block}.{row}.newly_published",),
    ),
    Rule(
        "T2-03",
        WARNING,
        "t2",
        "linear",
        forms=("gov_2019",),
        for_each="t2_rows:art20_5,art20_6,art20_8",
        op="ge",
        lhs=("t2.{block}.{row}.items_prev_year", "t2.{block}.{row}.change_this_year"),
        rhs=(),
    ),
    Rule(
        "T2-05",
        WARNING,
        "t2",
        "linear",
        forms=("gov_2021",),
        previous_forms=("gov_2021",),
        for_each="t2_rows:art20_1",
        op="le",
        lhs=("t2.{block}.{row}.repealed",),
        rhs=("prev:t2.{block}.{row}.in_force", "t2.{block}.{row}.issued"),
    ),
    Rule(
        "X-01",
        WARNING,
        "t3",
        "linear",
        previous_forms=BOTH,
        for_each="t3_columns",
        lhs=("t3.carried_over.{col}",),
        rhs=("prev:t3.carried_forward.{col}",),
    ),
    Rule(
        "X-02",
        WARNING,
        "t2",
        "linear",
        forms=("gov_2021",),
        previous_forms=("gov_2021",),
        for_each="t2_rows:art20_1",
        lhs=("t2.{block}.{row}.in_force",),
        rhs=("prev:t2.{block}.{row}.in_force", "t2.{block}.{row}.issued", "-t2.{block}.{row}.repealed"),
    ),
)

#: Rules evaluated cell by cell or on the report's structure (see ``_engine``).
OTHER_RULES = (
    Rule("V-01", ERROR, "all", "cell"),
    Rule("V-02", ERROR, "all", "cell"),
    Rule("V-03", ERROR, "t2", "cell", forms=("gov_2021",)),
    Rule("V-04", INFO, "all", "cell"),
    Rule("V-05", WARNING, "all", "cell"),
    Rule("V-06", INFO, "all", "cell"),
    Rule("T3-05", WARNING, "t3", "cell"),
    Rule("T3-06", WARNING, "t3", "cell"),
    Rule("T3-07", WARNING, "t3", "cell"),
    Rule("T4-02", WARNING, "t4", "structure"),
    # 规章 are made by the State Council's departments and provincial / 设区的市 governments (spec T2-01)
    Rule(
        "T2-01",
        WARNING,
        "t2",
        "cell",
        forms=("gov_2021",),
        params=_p(
            rule_makers=(
                ("government", "provincial"),
                ("government", "municipal"),
                ("department", "national"),
                ("government", "national"),
            )
        ),
    ),
    # a 万元 amount that looks like 元: at least fee_any, or fee_small from a county/township body or a department
    Rule(
        "T2-04",
        WARNING,
        "t2",
        "cell",
        forms=("gov_2021",),
        params=_p(
            fee_any=1_000_000, fee_small=200_000, small_levels=("county", "township"), small_kinds=("department",)
        ),
    ),
    Rule("X-03", ERROR, "meta", "cross", previous_forms=BOTH),
    # more than this share of this year's sentences found word for word in last year's report
    Rule("X-04", WARNING, "text", "cross", previous_forms=BOTH, params=_p(share=0.8)),
    Rule("S-01", ERROR, "text", "structure"),
    Rule("S-02", ERROR, "all", "structure"),
    Rule("S-03", ERROR, "meta", "structure"),
    Rule("S-04", WARNING, "all", "structure"),
    Rule("S-05", WARNING, "text", "structure"),
    Rule("S-06", WARNING, "text", "structure"),
    Rule("S-07", WARNING, "text", "structure"),
    Rule("S-08", WARNING, "text", "structure", forms=("gov_2021",)),
    # prose vs table (spec §6.6): heuristic, so all warnings (TX-07 is diagnostic). Parameters: the words that
    # introduce a count (``words``, a regex) and how many characters may lie between them and it (``gap``)
    _tx("TX-01", none=r"(?:未收到|未接收|没有收到|未接到|未发生|未受理|没有受理|零受理)[^。；;，,]{0,14}?申请"),
    _tx("TX-02", words=r"收到|受理|新收|接收", gap=24),
    _tx("TX-03", words=r"上年结转|上一年度结转|上年度结转", gap=8),
    _tx("TX-04", words=r"(?<!公开)(?<!下年度)(?<!下一年度)(?<!年度办理)(?:办结|答复|办理完毕)", gap=10),
    _tx(
        "TX-05",
        words=r"结转下一?年度?|结转至下一?年度?|转入下一?年度?|转下一?年度?|顺延[至到]?下一?年度?|结转\d{4}年",
        gap=10,
    ),
    # the words that name each outcome in the prose (the count after them is compared with its cells)
    _tx(
        "TX-06",
        terms={
            "予以公开及部分公开": r"(?<!不)予以公开(?:及|和|与|、)部分公开|(?<!不)同意公开(?:及|和|与|、)部分公开",
            "予以公开": r"(?<![不及和与、])予以公开(?![及和与、]部分)|(?<!不)同意公开(?![及和与、]部分)",
            "部分公开": r"(?<![及和与、])部分公开",
            "不予公开": r"不予公开",
            "无法提供": r"(?<!原因)无法提供",
            "不予处理": r"不予处理",
            "其他处理": r"其他处理",
        },
    ),
    _tx("TX-07", INFO),
    _tx("TX-08", review=r"行政复议", suits=r"行政诉讼|提起诉讼|起诉", gap=6, unit="件|起|宗"),
    # "no review / no suit", unless the words after it speak of a correction or a lost case
    _tx(
        "TX-09",
        none=r"(?:未发生|没有发生|未出现|没有|未有|无)[^。；;，,]{0,16}?(行政复议|行政诉讼|复议|诉讼)"
        r"(?:[、和及与或]?(?:提起)?(行政诉讼|诉讼))?(?![^。；;，,]{0,3}(?:纠错|纠正|败诉|撤销|确认违法))",
    ),
    # unpaid-fee cases in Table 3 need the fee notices reported in 六: a denial of notices, or fees collected
    _tx(
        "TX-10",
        forms=("gov_2021",),
        no_notice=r"(?:未|没有)(?:向申请人)?(?:发出|出具|开具)[^。；]{0,6}收费通知",
        collected=r"(?<![未无没])收取[^。；;]{0,24}?\d+(?:\.\d+)?\s*元",
    ),
    # the words that name a Table 2 figure in the overview
    _tx(
        "TX-11",
        terms={
            "制发规范性文件": r"(?:制发|印发|新制作|出台)(?:行政)?规范性文件",
            "废止规范性文件": r"废止(?:行政)?规范性文件",
            "现行有效规范性文件": r"现行有效(?:的)?(?:行政)?规范性文件",
            "行政许可": r"行政许可(?:决定)?",
            "行政处罚": r"行政处罚(?:决定)?",
        },
    ),
    # plausibility while drafting (rules/plausibility.py): figures that add up but look wrong
    Rule("A-01", WARNING, "all", "plausibility", previous_forms=BOTH),
    Rule("A-02", WARNING, "all", "plausibility"),
    Rule("A-03", WARNING, "t3", "plausibility"),
)

#: What the plausibility rules compare, and how far is too far.
PLAUSIBILITY = {
    # the figures a reader of the report looks at first (those a form lacks are skipped)
    "key_figures": (
        "t3.new_received.total",
        "t3.new_received.natural_person",
        "t3.outcome_total.total",
        "t3.granted.total",
        "t3.carried_forward.total",
        "t4.review_total",
        "t4.suit_direct_total",
        "t4.suit_after_review_total",
        "t2.art20_1.normative_docs.issued",
        "t2.art20_5.licensing.decisions",
        "t2.art20_6.penalty.decisions",
    ),
    "yoy_factor": 5,  # this year ≥ 5 × last year, or ≤ last year / 5 ...
    "yoy_min": 50,  # ... when the larger of the two is at least this (7 → 36 appeals is not news)
    "peer_factor": 10,  # above 10 × the largest, or (when > 0) below a tenth of the smallest, of peers
    "min_peers": 5,  # distinct comparable agencies needed before comparing at all
}

RULES = {r.id: r for r in (*OTHER_RULES, *LINEAR_RULES)}
