"""Charts of one metric: across the years per agency (:func:`metric_trend`), across agencies in a year
(:func:`compare_agencies`)."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..errors import GovinfoError
from ._base import WEBGL_THRESHOLD, check_lang, figure, hover, metric_title, mixed_forms, series, tr


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
    check_lang(lang)
    df, m, percent, approx = series(data, metric)
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
            hovertemplate=hover(agency, percent),
        )
        for agency, g in df.groupby("agency", sort=True)
    ]
    notes = []
    if mixed_forms(df):
        notes.append(tr("form_note", lang))
    if approx and mixed_forms(df):
        notes.append(tr("approx_note", lang))
    fig = figure(
        traces,
        title=metric_title(m, lang),
        lang=lang,
        x_title=tr("year", lang),
        y_title=metric_title(m, lang),
        percent=percent,
        categories=cats,
        notes=notes,
    )
    if mixed_forms(df):
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
    check_lang(lang)
    df, m, percent, approx = series(data, metric)
    if year is None and df["year"].notna().any():
        year = int(df["year"].max())
    df = df[df["year"] == year].dropna(subset=["value"]).sort_values("value", ascending=False, kind="stable")
    if df.empty:
        raise GovinfoError(
            f"{year} 年没有可比较的 {metric_title(m, 'zh')} 数值",
            f"no values of {metric_title(m, 'en')} to compare for {year}",
        )
    if df["agency"].duplicated().any():
        raise GovinfoError(f"{year} 年同一机关有多份年报，无法比较", f"an agency has several reports for {year}")
    median = float(df["value"].median()) if len(df) else float("nan")
    if top:
        df = df.head(top)
    title = f"{metric_title(m, lang)} · {year}"
    x, y = df["agency"].map(html.escape).tolist(), df["value"].tolist()
    if len(df) > WEBGL_THRESHOLD:
        trace = go.Scattergl(
            x=x,
            y=y,
            mode="markers",
            marker={"size": 4},
            name=metric_title(m, lang),
            hovertemplate=hover(title, percent),
        )
    else:
        trace = go.Bar(x=x, y=y, name=metric_title(m, lang), hovertemplate=hover(title, percent))
    notes = [tr("form_note", lang)] if mixed_forms(df) else []
    if approx and notes:
        notes.append(tr("approx_note", lang))
    fig = figure(
        [trace],
        title=title,
        lang=lang,
        y_title=metric_title(m, lang),
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
            annotation_text=f"{tr('median', lang)} {shown}",
            annotation_position="top right",
        )
    if len(df) > WEBGL_THRESHOLD:
        fig.update_xaxes(showticklabels=False)
    return fig
