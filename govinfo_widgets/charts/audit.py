"""The audit as a chart: agency-year × rule, how many checks failed (:func:`issues_heatmap`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..corpus import Corpus
from ..errors import GovinfoError
from ._base import check_lang, figure, row_label, tr


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
    check_lang(lang)
    df = issues[issues["status"].isin(statuses) & issues["severity"].isin(severities)]
    meta = _report_meta(issues, corpus)
    df = df.drop(columns=[c for c in ("agency", "year") if c in df.columns]).merge(meta, on="report_id", how="left")
    counts = df.groupby(["report_id", "rule"]).size().unstack(fill_value=0)
    rows = meta if corpus is not None else meta[meta["report_id"].isin(counts.index)]
    rows = rows.sort_values(["agency", "year"])
    rules = sorted(counts.columns, key=_rule_order)
    z = counts.reindex(index=rows["report_id"], columns=rules, fill_value=0).to_numpy()
    y = row_label(rows).tolist()
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
        colorbar={"title": tr("issues", lang)},
    )
    title = "审核结果：各年报未通过的检查" if lang == "zh" else "Audit: failed checks per report"
    fig = figure(
        [trace], title=title, lang=lang, x_title=tr("rule", lang), categories=rules, height=max(320, 60 + 26 * len(y))
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
