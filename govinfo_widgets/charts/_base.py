"""What every chart shares: fonts, texts, the inputs (metrics, outcomes, comparable cells) and the one figure helper."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ..corpus import Corpus
from ..errors import GovinfoError
from ..metrics import METRICS, OUTCOME_GROUPS, comparable_frame, metrics_frame, outcome_frame
from ..schema import get_form

#: Above this many points a chart switches to WebGL (``Scattergl``).
WEBGL_THRESHOLD = 300
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
_T = {
    "year": ("年度", "Year"),
    "count": ("件数", "Requests"),
    "share": ("占比", "Share"),
    "median": ("中位数", "median"),
    "rule": ("规则", "Rule"),
    "report": ("机关·年度", "Agency · year"),
    "issues": ("问题数", "Issues"),
    "form_note": (
        "2019→2021 表式变更：仅比较两版可比的单元格（2019（六）其他处理 ↔ 2021（六）1–3 之和）",
        "2019→2021 form change: only cells comparable across both forms are compared "
        "(2019 (6) other ↔ sum of 2021 (6) 1–3)",
    ),
    "approx_note": ("第二张表两版口径不同，此处为近似对应", "Table 2 differs between the forms: approximate mapping"),
    "new_received": ("一、本年新收", "1. New requests"),
    "carried_over": ("二、上年结转", "2. Carried over"),
    "received": ("受理总量（一+二）", "To handle (1 + 2)"),
    "carried_forward": ("四、结转下年度", "4. Carried forward"),
    "imbalance": ("一+二 与（七）+四 相差 {d}（T3-01 不成立）", "1 + 2 and (7) + 4 differ by {d} (T3-01 fails)"),
    "missing": ("缺少数值：{what}", "values missing: {what}"),
}


def tr(key: str, lang: str) -> str:
    zh, en = _T[key]
    return en if lang == "en" else zh


def label(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise GovinfoError(f"不支持的语言 {lang!r}（可选 zh、en）", f"unsupported language {lang!r} (zh or en)")


# ---- inputs ----------------------------------------------------------------------------------------
def metrics_input(data) -> pd.DataFrame:
    """A metrics frame from a Corpus, Reports, a tidy or wide frame, or a metrics frame as it is."""
    if isinstance(data, pd.DataFrame) and set(METRICS) <= set(data.columns):
        return data
    return metrics_frame(data)


def outcomes_input(data) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame) and set(OUTCOME_GROUPS) <= set(data.columns):
        return data
    return outcome_frame(data)


def series(data, metric: str) -> tuple[pd.DataFrame, str, bool, bool]:
    """(frame with ``value``, axis title, is a rate, is approximate) for a metric or a comparable cell."""
    if metric in METRICS:
        m = metrics_input(data)
        return m.assign(value=m[metric]), METRICS[metric], METRICS[metric].is_rate, False
    comp = data if isinstance(data, pd.DataFrame) and metric in data.columns else comparable_frame(_frame_input(data))
    if metric not in comp.columns:
        known = ", ".join(METRICS)
        raise GovinfoError(
            f"未知指标或不可比单元格：{metric}（指标：{known}）",
            f"unknown metric or non-comparable cell: {metric} (metrics: {known})",
        )
    return comp.assign(value=comp[metric]), metric, False, metric in comp.attrs.get("approximate", ())


def _frame_input(data):
    return data.reports if isinstance(data, Corpus) else data


def metric_title(m, lang: str) -> str:
    if isinstance(m, str):
        try:
            d = get_form("gov_2021").cell(m)
            return d.describe(lang)
        except KeyError:
            return m
    return m.label(lang)


def row_label(df: pd.DataFrame) -> pd.Series:
    return df["agency"].astype(str).map(html.escape) + " " + df["year"].astype("string").fillna("?")


def mixed_forms(df: pd.DataFrame) -> bool:
    return "form" in df.columns and {"gov_2019", "gov_2021"} <= set(df["form"].dropna())


# ---- the one helper ---------------------------------------------------------------------------------
def figure(
    traces,
    *,
    title: str,
    lang: str,
    x_title: str = "",
    y_title: str = "",
    percent: bool = False,
    categories=None,
    notes=(),
    barmode: str | None = None,
    height: int | None = None,
    **layout,
) -> go.Figure:
    """Every chart goes through here: fonts, category axis, percent ticks, notes under the plot."""
    fig = go.Figure(data=list(traces))
    fig.update_layout(
        title={"text": html.escape(title), "x": 0.01, "y": 0.98, "yanchor": "top"},
        template="plotly_white",
        font={"family": FONT},
        barmode=barmode,
        height=height,
        margin={"t": 70 + 20 * len(notes)},
        meta={"lang": lang, "notes": list(notes)},
        **layout,
    )
    if categories is not None:
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(categories))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, tickformat=".0%" if percent else None)
    for i, note in enumerate(notes):  # under the title, above the plot: clear of tick labels and legend
        fig.add_annotation(
            text=html.escape(note),
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            yanchor="bottom",
            yshift=6 + 20 * (len(notes) - 1 - i),
            showarrow=False,
            xanchor="left",
            font={"size": 12, "color": "#555"},
        )
    return fig


def hover(name: str, percent: bool) -> str:
    fmt = "%{y:.1%}" if percent else "%{y:,}"
    return f"{html.escape(name)}<br>%{{x}}: {fmt}<extra></extra>"
