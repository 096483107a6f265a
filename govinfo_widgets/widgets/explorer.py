"""An explorer: choose agencies, years and a metric; one FigureWidget follows, updated in place."""

from __future__ import annotations

import html

import ipywidgets as w
import plotly.graph_objects as go

from ..charts import metric_trend
from ..errors import GovinfoError
from ..metrics import METRICS, metrics_frame
from ..peers import add_peer_keys, benchmark_table

_TEXT = {
    "agencies": ("机关", "Agencies"),
    "years": ("年度", "Years"),
    "metric": ("指标", "Metric"),
    "formula": ("计算方法", "Formula"),
    "peers": ("与同类机关比较", "Against peers"),
}


class Explorer(w.VBox):
    """Pick agencies, years and a metric; the trend chart (:func:`~govinfo_widgets.charts.metric_trend`)
    redraws in the same ``go.FigureWidget``: one trace per agency, shown, hidden and refilled in place.

    Parameters
    ----------
    data : Corpus, iterable of Report, tidy/wide frame, or a metrics frame
    metric : str
        A key of :data:`~govinfo_widgets.corpus.METRICS`.
    agencies, years : optional initial selections (default: everything).
    lang : ``"zh"`` (default) or ``"en"``.

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> ex = Explorer(load_examples(), metric="received_total")
    >>> ex.metric.value = "disclosure_rate"  # the same figure object, new values
    >>> ex.figure.layout.yaxis.tickformat
    '.0%'
    """

    def __init__(self, data, metric: str = "disclosure_rate", *, agencies=None, years=None, lang: str = "zh"):
        if metric not in METRICS:
            raise GovinfoError(f"未知指标：{metric}", f"unknown metric: {metric}")
        self.lang = lang
        self._m = metrics_frame(data).dropna(subset=["year"])
        all_agencies = sorted(self._m["agency"].unique())
        all_years = sorted(int(y) for y in self._m["year"].unique())
        t = self._t
        self.agencies = w.SelectMultiple(
            options=all_agencies,
            value=tuple(agencies or all_agencies),
            description=t("agencies"),
            rows=min(8, max(3, len(all_agencies))),
        )
        self.years = w.SelectMultiple(
            options=all_years,
            value=tuple(years or all_years),
            description=t("years"),
            rows=min(8, max(3, len(all_years))),
        )
        self.metric = w.Dropdown(
            options=[(m.label(lang), k) for k, m in METRICS.items()], value=metric, description=t("metric")
        )
        self.formula = w.HTML()
        self.peers = w.HTML()  # the peer column: value, peers' median, percentile, rank (govinfo_widgets.peers)
        self._peer_frame = add_peer_keys(self._m)
        base = metric_trend(self._m, metric, lang=lang)
        self._index = {html.unescape(tr.name): i for i, tr in enumerate(base.data)}
        self.figure = go.FigureWidget(base)
        for control in (self.agencies, self.years, self.metric):
            control.observe(self._update, names="value")
        super().__init__(
            [w.HBox([self.agencies, self.years, w.VBox([self.metric, self.formula])]), self.figure, self.peers]
        )
        self._update()

    def _t(self, key: str) -> str:
        zh, en = _TEXT[key]
        return en if self.lang == "en" else zh

    def _update(self, change=None) -> None:
        metric = self.metric.value
        m = METRICS[metric]
        self.formula.value = f"<small>{html.escape(self._t('formula'))}：{html.escape(m.formula)}</small>"
        rows = self._m[self._m["agency"].isin(self.agencies.value) & self._m["year"].isin(self.years.value)]
        self._update_peers(metric)
        fresh = metric_trend(rows, metric, lang=self.lang) if len(rows) else None
        shown = {html.unescape(tr.name): tr for tr in fresh.data} if fresh is not None else {}
        with self.figure.batch_update():
            for agency, i in self._index.items():
                trace = self.figure.data[i]
                src = shown.get(agency)
                trace.visible = src is not None
                trace.x = src.x if src is not None else []
                trace.y = src.y if src is not None else []
                if src is not None:
                    trace.hovertemplate = src.hovertemplate
            if fresh is not None:
                lay = fresh.layout
                self.figure.layout.title = lay.title
                self.figure.layout.xaxis.categoryarray = lay.xaxis.categoryarray
                self.figure.layout.yaxis.title = lay.yaxis.title
                self.figure.layout.yaxis.tickformat = lay.yaxis.tickformat
                self.figure.layout.annotations = lay.annotations
                self.figure.layout.shapes = lay.shapes
                self.figure.layout.margin = lay.margin

    def _update_peers(self, metric: str) -> None:
        """One row per selected agency in the latest selected year: value, P25–P75, percentile, rank, peer group."""
        if not self.years.value:
            self.peers.value = ""
            return
        year = max(self.years.value)
        t = benchmark_table(self._peer_frame, metric, year)
        t = t[t["agency"].isin(self.agencies.value)]
        rate = METRICS[metric].is_rate
        en = self.lang == "en"

        def fmt(v) -> str:
            return "—" if v is None or v != v else (f"{v:.1%}" if rate else f"{v:,.0f}")

        head = (
            ["Agency", "Value", "P25", "P50", "P75", "Percentile", "Rank", "Peer group"]
            if en
            else ["机关", "数值", "P25", "P50", "P75", "百分位", "排名", "同类机关"]
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(x))}</td>"
                for x in (
                    r.agency,
                    fmt(r.value),
                    fmt(r.p25),
                    fmt(r.p50),
                    fmt(r.p75),
                    "—" if r.percentile != r.percentile or r.percentile is None else f"{r.percentile:g}",
                    "—" if r.rank != r.rank or r.rank is None else f"{int(r.rank)} / {r.n}",
                    f"{r.group_en if en else r.group}（n={r.n}）",
                )
            )
            + "</tr>"
            for r in t.itertuples()
        )
        self.peers.value = (
            f"<div class='gw-peers'><b>{html.escape(self._t('peers'))} · {year}</b>"
            "<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + f"</tr>{body}</table></div>"
        )
