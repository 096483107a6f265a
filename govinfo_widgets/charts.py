"""Plotly figures over many reports: trends, comparisons, outcomes, applicants, audit heatmap."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .corpus import (
    APPLICANT_SHARES,
    METRICS,
    OUTCOME_GROUPS,
    OUTCOME_LABELS,
    Corpus,
    comparable_frame,
    metrics_frame,
    outcome_frame,
)
from .errors import GovinfoError
from .schema import get_form

#: Above this many points a chart switches to WebGL (``Scattergl``).
WEBGL_THRESHOLD = 300
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
_COLUMN_LABELS = {c["key"]: (c["label"], c["label_en"]) for c in get_form("gov_2021").t3_columns}
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


def _t(key: str, lang: str) -> str:
    zh, en = _T[key]
    return en if lang == "en" else zh


def _label(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _check_lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise GovinfoError(f"不支持的语言 {lang!r}（可选 zh、en）", f"unsupported language {lang!r} (zh or en)")


# ---- inputs ----------------------------------------------------------------------------------------
def _metrics(data) -> pd.DataFrame:
    """A metrics frame from a Corpus, Reports, a tidy or wide frame, or a metrics frame as it is."""
    if isinstance(data, pd.DataFrame) and set(METRICS) <= set(data.columns):
        return data
    return metrics_frame(data)


def _outcomes(data) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame) and set(OUTCOME_GROUPS) <= set(data.columns):
        return data
    return outcome_frame(data)


def _series(data, metric: str) -> tuple[pd.DataFrame, str, bool, bool]:
    """(frame with ``value``, axis title, is a rate, is approximate) for a metric or a comparable cell."""
    if metric in METRICS:
        m = _metrics(data)
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


def _metric_title(m, lang: str) -> str:
    if isinstance(m, str):
        try:
            d = get_form("gov_2021").cell(m)
            return d.describe(lang)
        except KeyError:
            return m
    return m.label(lang)


def _row_label(df: pd.DataFrame) -> pd.Series:
    return df["agency"].astype(str).map(html.escape) + " " + df["year"].astype("string").fillna("?")


def _mixed_forms(df: pd.DataFrame) -> bool:
    return "form" in df.columns and {"gov_2019", "gov_2021"} <= set(df["form"].dropna())


# ---- the one helper ---------------------------------------------------------------------------------
def _figure(
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


def _hover(name: str, percent: bool) -> str:
    fmt = "%{y:.1%}" if percent else "%{y:,}"
    return f"{html.escape(name)}<br>%{{x}}: {fmt}<extra></extra>"


# ---- charts ------------------------------------------------------------------------------------------
def metric_trend(data, metric: str = "disclosure_rate", *, agencies=None, lang: str = "zh") -> go.Figure:
    """A metric (or a comparable cell) across years, one line per agency; years on a category axis.

    Where an agency's years span the 2019 and 2021 forms a dotted line marks the change and a
    note says that only comparable cells are compared.

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> from govinfo_widgets.corpus import Corpus
    >>> fig = metric_trend(Corpus(load_examples()).filter(agency="平潭综合实验区"), "received_total")
    >>> list(fig.data[0].x)[:2]
    ['2019', '2020']
    """
    _check_lang(lang)
    df, m, percent, approx = _series(data, metric)
    if agencies is not None:
        df = df[df["agency"].isin([agencies] if isinstance(agencies, str) else list(agencies))]
    df = df.dropna(subset=["year"]).sort_values(["agency", "year"])
    years = sorted(df["year"].astype(int).unique())
    cats = [str(y) for y in years]
    many = len(df) > WEBGL_THRESHOLD
    trace = go.Scattergl if many else go.Scatter
    traces = [
        trace(
            x=g["year"].astype(int).astype(str).tolist(),
            y=g["value"].tolist(),
            name=html.escape(agency),
            mode="lines+markers",
            hovertemplate=_hover(agency, percent),
        )
        for agency, g in df.groupby("agency", sort=True)
    ]
    notes = []
    if _mixed_forms(df):
        notes.append(_t("form_note", lang))
    if approx and _mixed_forms(df):
        notes.append(_t("approx_note", lang))
    fig = _figure(
        traces,
        title=_metric_title(m, lang),
        lang=lang,
        x_title=_t("year", lang),
        y_title=_metric_title(m, lang),
        percent=percent,
        categories=cats,
        notes=notes,
    )
    if _mixed_forms(df):
        first21 = df.loc[df["form"] == "gov_2021", "year"].min()
        if pd.notna(first21) and int(first21) in years and years.index(int(first21)) > 0:
            fig.add_vline(x=years.index(int(first21)) - 0.5, line_dash="dot", line_color="#888")
    return fig


def compare_agencies(
    data, metric: str = "disclosure_rate", *, year: int | None = None, lang: str = "zh", top: int | None = None
) -> go.Figure:
    """Agencies compared in one year, sorted, with the median of that year's values as a line.

    Bars up to :data:`WEBGL_THRESHOLD` agencies, a WebGL dot plot (``Scattergl``) above it.
    ``year`` defaults to the latest year in the data.

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> fig = compare_agencies(load_examples(), "received_total", year=2024)
    >>> fig.data[0].x[0]  # the largest first
    '淮安市人民政府'
    """
    _check_lang(lang)
    df, m, percent, approx = _series(data, metric)
    if year is None and df["year"].notna().any():
        year = int(df["year"].max())
    df = df[df["year"] == year].dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable")
    if df.empty:
        raise GovinfoError(
            f"{year} 年没有可比较的 {_metric_title(m, 'zh')} 数值",
            f"no values of {_metric_title(m, 'en')} to compare for {year}",
        )
    if df["agency"].duplicated().any():
        raise GovinfoError(f"{year} 年同一机关有多份年报，无法比较", f"an agency has several reports for {year}")
    median = float(df["value"].median()) if len(df) else float("nan")
    if top:
        df = df.head(top)
    title = f"{_metric_title(m, lang)} · {year}"
    x, y = df["agency"].map(html.escape).tolist(), df["value"].tolist()
    if len(df) > WEBGL_THRESHOLD:
        trace = go.Scattergl(
            x=x,
            y=y,
            mode="markers",
            marker={"size": 4},
            name=_metric_title(m, lang),
            hovertemplate=_hover(title, percent),
        )
    else:
        trace = go.Bar(x=x, y=y, name=_metric_title(m, lang), hovertemplate=_hover(title, percent))
    notes = [_t("form_note", lang)] if _mixed_forms(df) else []
    if approx and notes:
        notes.append(_t("approx_note", lang))
    fig = _figure(
        [trace],
        title=title,
        lang=lang,
        y_title=_metric_title(m, lang),
        percent=percent,
        categories=x,
        notes=notes,
        showlegend=False,
    )
    if not np.isnan(median):
        shown = f"{median:.1%}" if percent else f"{median:,.0f}"
        fig.add_hline(
            y=median,
            line_dash="dash",
            line_color="#d62728",
            annotation_text=f"{_t('median', lang)} {shown}",
            annotation_position="top right",
        )
    if len(df) > WEBGL_THRESHOLD:
        fig.update_xaxes(showticklabels=False)
    return fig


def outcome_composition(data, *, share: bool = False, lang: str = "zh") -> go.Figure:
    """Table 3 outcomes (三、本年度办理结果) per agency-year as stacked bars, counts or shares.

    The six groups are comparable across the 2019 and 2021 forms (（六） as its total).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> fig = outcome_composition([load_example("009"), load_example("011")])
    >>> [t.name for t in fig.data][:2]
    ['予以公开', '部分公开']
    """
    _check_lang(lang)
    df = _outcomes(data).sort_values(["agency", "year"])
    labels = _row_label(df).tolist()
    parts = df[list(OUTCOME_GROUPS)]
    if share:
        parts = parts.div(parts.sum(axis=1, skipna=False).replace(0, np.nan), axis=0)
    traces = [
        go.Bar(
            x=labels,
            y=parts[g].tolist(),
            name=_label(OUTCOME_LABELS[g], lang),
            hovertemplate=_hover(_label(OUTCOME_LABELS[g], lang), share),
        )
        for g in OUTCOME_GROUPS
    ]
    notes = [_t("form_note", lang)] if _mixed_forms(df) else []
    title = "办理结果构成" if lang == "zh" else "Outcomes of requests"
    return _figure(
        traces,
        title=title,
        lang=lang,
        y_title=_t("share" if share else "count", lang),
        percent=share,
        categories=labels,
        notes=notes,
        barmode="stack",
    )


def outcome_sankey(data, report_id: str | None = None, *, lang: str = "zh") -> go.Figure:
    """One report's requests as a Sankey: 一 + 二 → outcomes (三) and 四 (总计 column).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> fig = outcome_sankey([load_example("002")])
    >>> sum(v for v, t in zip(fig.data[0].link.value, fig.data[0].link.target) if t == 2)
    3153.0
    """
    _check_lang(lang)
    df = _outcomes(data)
    if report_id is not None:
        df = df[df["report_id"] == report_id]
    if len(df) != 1:
        raise GovinfoError(
            f"桑基图只画一份年报，这里有 {len(df)} 份：请指定 report_id",
            f"a Sankey shows one report, got {len(df)}: pass report_id",
        )
    row = df.iloc[0]
    nodes = [_t("new_received", lang), _t("carried_over", lang), _t("received", lang)]
    nodes += [_label(OUTCOME_LABELS[g], lang) for g in OUTCOME_GROUPS] + [_t("carried_forward", lang)]
    ends = [*OUTCOME_GROUPS, "carried_forward"]
    src, dst, val = [0, 1], [2, 2], [row["new_received"], row["carried_over"]]
    for i, key in enumerate(ends):
        src.append(2)
        dst.append(3 + i)
        val.append(row[key])
    missing = [nodes[d] for d, v in zip(dst, val) if pd.isna(v)] + ([nodes[2]] if pd.isna(val[0]) else [])
    keep = [i for i, v in enumerate(val) if pd.notna(v) and v > 0]
    link = {"source": [src[i] for i in keep], "target": [dst[i] for i in keep], "value": [float(val[i]) for i in keep]}
    notes = []
    if missing:
        notes.append(_t("missing", lang).format(what="、".join(dict.fromkeys(missing))))
    else:
        d = (row["new_received"] + row["carried_over"]) - (row["outcome_total"] + row["carried_forward"])
        if d:
            notes.append(_t("imbalance", lang).format(d=f"{d:+,.0f}"))
    trace = go.Sankey(node={"label": nodes, "pad": 14}, link=link, valueformat=",.0f")
    title = f"{row['agency']} {row['year']} · " + ("申请办理流向" if lang == "zh" else "flow of requests")
    return _figure([trace], title=title, lang=lang, notes=notes)


def applicant_mix(data, *, lang: str = "zh") -> go.Figure:
    """Who asked: each applicant column's share of 一、本年新收, per agency-year (100 % stacked).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> fig = applicant_mix([load_example("002")])
    >>> round(fig.data[0].y[0], 3)  # 自然人 3001 / 3119
    0.962
    """
    _check_lang(lang)
    df = _metrics(data).sort_values(["agency", "year"])
    labels = _row_label(df).tolist()
    traces = []
    for key in APPLICANT_SHARES:
        name = _label(_COLUMN_LABELS[key.removeprefix("share_")], lang)
        traces.append(go.Bar(x=labels, y=df[key].tolist(), name=name, hovertemplate=_hover(name, True)))
    notes = [_t("form_note", lang)] if _mixed_forms(df) else []
    title = "申请人构成（本年新收）" if lang == "zh" else "Who applied (new requests)"
    return _figure(
        traces,
        title=title,
        lang=lang,
        y_title=_t("share", lang),
        percent=True,
        categories=labels,
        notes=notes,
        barmode="stack",
    )


def issues_heatmap(
    issues: pd.DataFrame, corpus=None, *, statuses=("fail",), severities=("error", "warning"), lang: str = "zh"
) -> go.Figure:
    """Agency-year × rule: how many checks failed. Pass ``corpus`` to show reports without issues too.

    By default errors and warnings are counted; INFO findings (V-04 blank → 0) are left out.

    ``issues`` is the frame of :meth:`Corpus.audit` (or of ``audit``, when ``corpus`` gives agency
    and year for each ``report_id``).

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> c = Corpus(load_examples())
    >>> fig = issues_heatmap(c.audit(), c)
    >>> "T3-02" in fig.data[0].x
    True
    """
    _check_lang(lang)
    df = issues[issues["status"].isin(statuses) & issues["severity"].isin(severities)]
    meta = _report_meta(issues, corpus)
    df = df.drop(columns=[c for c in ("agency", "year") if c in df.columns]).merge(meta, on="report_id", how="left")
    counts = df.groupby(["report_id", "rule"]).size().unstack(fill_value=0)
    rows = meta if corpus is not None else meta[meta["report_id"].isin(counts.index)]
    rows = rows.sort_values(["agency", "year"])
    rules = sorted(counts.columns, key=_rule_order)
    z = counts.reindex(index=rows["report_id"], columns=rules, fill_value=0).to_numpy()
    y = _row_label(rows).tolist()
    text = np.where(z > 0, z.astype(str), "")
    trace = go.Heatmap(
        x=rules,
        y=y,
        z=z,
        colorscale="Reds",
        zmin=0,
        text=text,
        texttemplate="%{text}",
        hovertemplate="%{y}<br>%{x}: %{z}<extra></extra>",
        colorbar={"title": _t("issues", lang)},
    )
    title = "审核结果：各年报未通过的检查" if lang == "zh" else "Audit: failed checks per report"
    fig = _figure(
        [trace], title=title, lang=lang, x_title=_t("rule", lang), categories=rules, height=max(320, 60 + 26 * len(y))
    )
    fig.update_yaxes(type="category", autorange="reversed")
    return fig


def _report_meta(issues: pd.DataFrame, corpus) -> pd.DataFrame:
    if corpus is not None:
        reports = corpus.reports if isinstance(corpus, Corpus) else list(corpus)
        return pd.DataFrame([{"report_id": r.key, "agency": r.meta.agency, "year": r.meta.year} for r in reports])
    if not {"agency", "year"} <= set(issues.columns):
        raise GovinfoError(
            "问题表缺少机关和年度：请用 Corpus.audit() 或传入 corpus",
            "the issues frame has no agency/year: use Corpus.audit() or pass corpus",
        )
    return issues[["report_id", "agency", "year"]].drop_duplicates("report_id")


def _rule_order(rule: str):
    head, _, num = rule.partition("-")
    return (head, int(num) if num.isdigit() else 0, rule)
