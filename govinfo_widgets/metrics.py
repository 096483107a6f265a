"""Comparable cells across the 2019 and 2021 forms, and the metrics derived from them, for many reports."""

from __future__ import annotations

import pandas as pd

from ._corpus_io import META_COLUMNS, wide_frame
from ._metric import Metric, column, column_sum
from .schema import C6, C7, T4_ORDER, get_form

_F21 = get_form("gov_2021")
_F19 = get_form("gov_2019")
_OTHER_2021 = ("other_no_correction", "other_fee_unpaid", "other_other")
#: Table 3 rows that mean the same in both forms (spec §4.3); （六） goes through ``other_total_2019``.
_T3_SAME_ROWS = tuple(r.key for r in _F19.t3_data_rows() if r.key != "other_total_2019")
#: Table 2 cells that may be set side by side across forms, *approximately* (spec §3.3):
#: comparable key (the 2021 address) → the 2019 address. 对外公开总数量 ≠ 现行有效件数 and
#: （八）（九） are not mapped at all.
T2_APPROXIMATE = {
    "t2.art20_1.rules.issued": "t2.art20_1.rules.newly_made",
    "t2.art20_1.normative_docs.issued": "t2.art20_1.normative_docs.newly_made",
    "t2.art20_5.licensing.decisions": "t2.art20_5.licensing.decisions",
    "t2.art20_6.penalty.decisions": "t2.art20_6.penalty.decisions",
    "t2.art20_6.coercion.decisions": "t2.art20_6.coercion.decisions",
}
#: Outcome groups of Table 3 (三、本年度办理结果), each a sum of comparable rows.
OUTCOME_GROUPS = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "denied": tuple(r for r in _T3_SAME_ROWS if r.startswith("denied_")),
    "unable": tuple(r for r in _T3_SAME_ROWS if r.startswith("unable_")),
    "not_processed": tuple(r for r in _T3_SAME_ROWS if r.startswith("not_processed_")),
    "other": ("other_total_2019",),
}
OUTCOME_LABELS = {
    "granted": ("予以公开", "Granted"),
    "partially_granted": ("部分公开", "Partially granted"),
    "denied": ("不予公开", "Denied"),
    "unable": ("无法提供", "Unable to provide"),
    "not_processed": ("不予处理", "Not processed"),
    "other": ("其他处理", "Other handling"),
}


def comparable_frame(data) -> pd.DataFrame:
    """Cells that can be compared across the 2019 and 2021 forms, one row per report.

    * Table 3 rows that did not change, and every Table 4 cell: same address.
    * （六）其他处理: key ``t3.other_total_2019.<col>`` = the 2019 row, or the **sum** of the
      2021 （六）1–3 (or the 2021 row given as one, ``t3.other.<col>``) — spec §4.3. Never
      ``other_other`` alone.
    * Table 2 only as in :data:`T2_APPROXIMATE` (spec §3.3); these columns are listed in
      ``frame.attrs["approximate"]`` and must be labelled "approximate" where shown.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> c = comparable_frame([load_example("009"), load_example("011")])
    >>> "t3.other_total_2019.total" in c.columns, c.attrs["approximate"][0]
    (True, 't2.art20_1.rules.issued')
    """
    wide = data if _is_wide(data) else wide_frame(data)
    out = {c: wide[c] for c in META_COLUMNS if c in wide.columns}
    is19 = wide["form"].eq("gov_2019")
    collapsed = pd.Series(False, index=wide.index)
    for c in C7:
        if f"t3.other.{c}" in wide.columns:
            collapsed |= wide[f"t3.other.{c}"].notna()
    for row in _T3_SAME_ROWS:
        for c in C7:
            out[f"t3.{row}.{c}"] = column(wide, f"t3.{row}.{c}")
    other_rows = [f"t3.other_total_2019.{c}" for c in C7]
    for c, key in zip(C7, other_rows):
        split = column_sum(wide, (f"t3.{r}.{c}" for r in _OTHER_2021))
        as2021 = column(wide, f"t3.other.{c}").where(collapsed, split)
        out[key] = column(wide, key).where(is19, as2021)
    for k in T4_ORDER:
        out[f"t4.{k}"] = column(wide, f"t4.{k}")
    for key, old in T2_APPROXIMATE.items():
        out[key] = column(wide, old).where(is19, column(wide, key))
    df = pd.DataFrame(out)
    df.attrs["approximate"] = list(T2_APPROXIMATE)
    return df


def _is_wide(data) -> bool:
    return isinstance(data, pd.DataFrame) and "address" not in data.columns and "form" in data.columns


# ---- metrics -----------------------------------------------------------------------------------
def _t3(rows, col="total"):
    return tuple(f"t3.{r}.{col}" for r in rows)


_OUTCOME_TOTAL = ("t3.outcome_total.total",)
_SUITS = ("suit_direct", "suit_after_review")
_METRIC_LIST = [
    Metric(
        "received_total", "受理总量", "Requests to handle", "一 + 二（总计列）", _t3(["new_received", "carried_over"])
    ),
    Metric("new_received", "本年新收申请", "New requests", "一（总计列）", _t3(["new_received"])),
    Metric(
        "disclosure_rate",
        "公开率",
        "Disclosure rate",
        "（（一）予以公开 + （二）部分公开）÷（七）总计",
        _t3(["granted", "partially_granted"]),
        _OUTCOME_TOTAL,
    ),
    Metric(
        "denial_rate",
        "不予公开率",
        "Denial rate",
        "（三）不予公开 1–8 之和 ÷（七）总计",
        _t3(OUTCOME_GROUPS["denied"]),
        _OUTCOME_TOTAL,
    ),
    Metric(
        "unable_rate",
        "无法提供率",
        "Unable-to-provide rate",
        "（四）无法提供 1–3 之和 ÷（七）总计",
        _t3(OUTCOME_GROUPS["unable"]),
        _OUTCOME_TOTAL,
    ),
    Metric(
        "carry_forward_rate",
        "结转率",
        "Carry-forward rate",
        "四、结转下年度继续办理 ÷（一 + 二）",
        _t3(["carried_forward"]),
        _t3(["new_received", "carried_over"]),
    ),
    Metric(
        "review_correction_rate",
        "复议纠错率",
        "Review correction rate",
        "行政复议 结果纠正 ÷（行政复议 总计 − 尚未审结）",
        ("t4.review_corrected",),
        ("t4.review_total",),
        ("t4.review_pending",),
    ),
    Metric(
        "litigation_correction_rate",
        "诉讼纠错率",
        "Litigation correction rate",
        "行政诉讼 结果纠正 ÷（行政诉讼 总计 − 尚未审结），直接起诉与复议后起诉合计",
        tuple(f"t4.{g}_corrected" for g in _SUITS),
        tuple(f"t4.{g}_total" for g in _SUITS),
        tuple(f"t4.{g}_pending" for g in _SUITS),
    ),
]
_COLUMN_LABELS = {c["key"]: (c["label"], c["label_en"]) for c in _F21.t3_columns}
#: Applicant mix: each applicant column's share of 一、本年新收 (总计).
APPLICANT_SHARES = tuple(f"share_{c}" for c in C6)
_METRIC_LIST += [
    Metric(
        f"share_{c}",
        f"申请人占比·{_COLUMN_LABELS[c][0]}",
        f"Applicant share: {_COLUMN_LABELS[c][1]}",
        f"一、本年新收 {_COLUMN_LABELS[c][0]} ÷ 一、本年新收 总计",
        (f"t3.new_received.{c}",),
        ("t3.new_received.total",),
    )
    for c in C6
]
#: Every derived metric by key, in display order.
METRICS: dict[str, Metric] = {m.key: m for m in _METRIC_LIST}


def metrics_frame(data) -> pd.DataFrame:
    """Every metric of :data:`METRICS` for every report (one row each, with the report's meta).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> m = metrics_frame([load_example("002")])
    >>> round(float(m.loc[0, "disclosure_rate"]), 4)  # (1362 + 454) / 3050
    0.5954
    """
    comp = comparable_frame(data)
    out = comp[[c for c in META_COLUMNS if c in comp.columns]].copy()
    for m in METRICS.values():
        out[m.key] = m.compute(comp)
    return out


def outcome_frame(data) -> pd.DataFrame:
    """Table 3 outcome groups (:data:`OUTCOME_GROUPS`) plus 一, 二, （七）, 四 per report, 总计 column."""
    comp = comparable_frame(data)
    out = comp[[c for c in META_COLUMNS if c in comp.columns]].copy()
    for key in ("new_received", "carried_over"):
        out[key] = column(comp, f"t3.{key}.total")
    for g, rows in OUTCOME_GROUPS.items():
        out[g] = column_sum(comp, _t3(rows))
    for key in ("outcome_total", "carried_forward"):
        out[key] = column(comp, f"t3.{key}.total")
    return out
