"""Peer benchmarks: where one agency stands among comparable agencies (same level, kind, region, year).

Peer groups come from report metadata (``meta.level``, ``meta.kind``, ``meta.region``, ``meta.year``).
When a group has fewer than ``min_peers`` agencies with a value, it is widened step by step, and the
result says which group was used (:data:`TIERS`):

1. same year, same level, same kind (人民政府 / 部门), same province;
2. same year, same level, same kind, any province;
3. same year, same level;
4. same year, every agency loaded.

Level and kind missing from the metadata are inferred from the agency's name (…人民政府 /
街道办事处 / 乡 / 镇 are governments; 省/自治区 → provincial, …市 → municipal, …县/区 → county,
乡/镇/街道 → township). The agency itself is one of its peers. Quartiles (P25/P50/P75) use linear
interpolation; rank 1 is the highest value; percentile = share of peers below plus half of the ties.
Metrics are those of :data:`~govinfo_widgets.corpus.METRICS` (a rate whose denominator is 0 is not
assessable, never 100 %); a value that is not assessable gets no rank.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .corpus import Corpus
from .errors import GovinfoError
from .metrics import METRICS, metrics_frame

#: Fewest agencies with a value for a peer group to be used as it is.
MIN_PEERS = 5
#: The peer groups, narrowest first: (key, columns that must match, zh, en).
TIERS = (
    (
        "province",
        ("year", "level", "kind", "province"),
        "同年度·同层级·同类型·同省份",
        "same year, level, kind and province",
    ),
    ("national", ("year", "level", "kind"), "同年度·同层级·同类型（全国）", "same year, level and kind (nationwide)"),
    ("level", ("year", "level"), "同年度·同层级", "same year and level"),
    ("all", ("year",), "同年度全部机关", "every agency of the year"),
)
LEVEL_LABELS = {"national": "国家", "provincial": "省级", "municipal": "市级", "county": "县级", "township": "乡级"}
_PROVINCE = re.compile(r"^(北京市|天津市|上海市|重庆市|.{2,3}?(?:省|自治区|特别行政区))")


def _province(region) -> str | None:
    if not isinstance(region, str) or not region:
        return None
    m = _PROVINCE.match(region)
    return m.group(1) if m else region


def infer_kind(agency: str) -> str:
    """``government`` for 人民政府, 街道办事处, 乡/镇 and 管委会-type governments, else ``department``."""
    a = agency or ""
    if "人民政府" in a and not a.endswith(("办公厅", "办公室")) or a.endswith(("街道办事处", "乡", "镇", "实验区")):
        return "government"
    return "department"


def infer_level(agency: str, region=None) -> str | None:
    """The level from the region or the agency's name (None when nothing says)."""
    text = str(region or agency or "")
    if re.search(r"(乡|镇|街道)(人民政府|办事处)?$", agency or "") or "街道" in (agency or ""):
        return "township"
    if re.search(r"[县区]$", text) or re.search(r"[县区](人民政府)?", agency or ""):
        return "county"
    if re.search(r"市$", text) and not _PROVINCE.fullmatch(text):
        return "municipal"
    if _PROVINCE.fullmatch(text):
        return "provincial"
    return None


def peer_frame(data) -> pd.DataFrame:
    """Every metric of every report with the peer-group keys: ``level``, ``kind``, ``province``.

    ``data``: a Corpus, reports, or anything :func:`~govinfo_widgets.corpus.metrics_frame` takes.
    """
    reports = list(data.reports if isinstance(data, Corpus) else data) if not isinstance(data, pd.DataFrame) else None
    m = metrics_frame(reports if reports is not None else data)
    return add_peer_keys(m, {r.key: r.meta.kind for r in reports} if reports is not None else None)


def add_peer_keys(metrics: pd.DataFrame, kinds: dict | None = None) -> pd.DataFrame:
    """A metrics frame (:func:`~govinfo_widgets.corpus.metrics_frame`) with ``kind``, ``level`` and
    ``province`` filled in (``kinds``: report id → ``meta.kind``; else inferred from the name)."""
    m = metrics.copy()
    kinds = kinds or {}
    m["kind"] = [kinds.get(rid) or infer_kind(a) for rid, a in zip(m["report_id"], m["agency"])]
    m["level"] = [
        lv if isinstance(lv, str) and lv else infer_level(a, rg)
        for lv, a, rg in zip(m["level"], m["agency"], m["region"])
    ]
    m["province"] = [_province(r) for r in m["region"]]
    return m


@dataclass(frozen=True)
class Benchmark:
    """Where ``agency`` stands for ``metric`` in ``year`` among its peers."""

    metric: str
    agency: str
    year: int
    value: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    rank: int | None  # 1 = highest value
    percentile: float | None  # 0–100
    n: int  # peers with a value (the agency included)
    tier: str
    group: str  # the peer group, in Chinese
    group_en: str
    peers: tuple[str, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise GovinfoError(f"未知指标：{metric}", f"unknown metric: {metric}")


def _group(frame: pd.DataFrame, row: pd.Series, metric: str, min_peers: int):
    ok = frame[frame[metric].notna()]
    for key, cols, zh, en in TIERS:
        mask = pd.Series(True, index=ok.index)
        for c in cols:
            v = row[c]
            if v is None or (isinstance(v, float) and np.isnan(v)):
                mask &= False
            else:
                mask &= ok[c].eq(v)
        g = ok[mask]
        if len(g) >= min_peers or key == "all":
            what = "·".join(str(row[c]) for c in cols if c in ("level", "province") and isinstance(row[c], str))
            return g, key, zh + (f"（{LEVEL_LABELS.get(what, what)}）" if what else ""), en
    raise AssertionError("unreachable")  # pragma: no cover


def benchmark(corpus, metric: str, agency: str, year: int, *, min_peers: int = MIN_PEERS) -> Benchmark:
    """P25/P50/P75 of ``metric`` among ``agency``'s peers in ``year``, its rank and percentile.

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> b = benchmark(load_examples(), "new_received", "淮安市人民政府", 2024)
    >>> b.tier, b.n, b.rank
    ('all', 4, 1)
    """
    _check_metric(metric)
    frame = corpus if isinstance(corpus, pd.DataFrame) and "kind" in corpus.columns else peer_frame(corpus)
    own = frame[(frame["agency"] == agency) & (frame["year"] == year)]
    if own.empty:
        raise GovinfoError(f"没有 {agency} {year} 年度的年报", f"no report of {agency} for {year}")
    row = own.iloc[0]
    return _bench(frame, row, metric, min_peers)


def _bench(frame: pd.DataFrame, row: pd.Series, metric: str, min_peers: int) -> Benchmark:
    group, tier, zh, en = _group(frame[frame["year"] == row["year"]], row, metric, min_peers)
    vals = group[metric].to_numpy(dtype=float)
    value = row[metric]
    value = None if pd.isna(value) else float(value)
    q = np.percentile(vals, [25, 50, 75]) if len(vals) else [np.nan] * 3
    rank = pct = None
    if value is not None and len(vals):
        rank = int((vals > value).sum()) + 1
        pct = round(100.0 * ((vals < value).sum() + 0.5 * ((vals == value).sum())) / len(vals), 1)
    return Benchmark(
        metric,
        str(row["agency"]),
        int(row["year"]),
        value,
        *(None if np.isnan(x) else float(x) for x in q),
        rank,
        pct,
        len(vals),
        tier,
        zh,
        en,
        tuple(sorted(group["agency"].astype(str))),
    )


def benchmark_table(corpus, metric: str, year: int | None = None, *, min_peers: int = MIN_PEERS) -> pd.DataFrame:
    """:func:`benchmark` for every agency (of ``year``, or of every year): one row each.

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> t = benchmark_table(load_examples(), "disclosure_rate", 2024)
    >>> list(t.columns[:4])
    ['metric', 'agency', 'year', 'value']
    """
    _check_metric(metric)
    frame = corpus if isinstance(corpus, pd.DataFrame) and "kind" in corpus.columns else peer_frame(corpus)
    rows = frame if year is None else frame[frame["year"] == year]
    out = [_bench(frame, r, metric, min_peers).to_dict() for _, r in rows.dropna(subset=["year"]).iterrows()]
    cols = list(Benchmark.__dataclass_fields__)
    return pd.DataFrame(out, columns=cols).sort_values(["year", "agency"], ignore_index=True)


def peer_chart(corpus, metric: str, agency: str, *, lang: str = "zh", min_peers: int = MIN_PEERS):
    """The agency's metric over the years against its peers' P25–P75 band and median (Plotly).

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> fig = peer_chart(load_examples(), "new_received", "平潭综合实验区")
    >>> [t.name for t in fig.data][-1]
    '平潭综合实验区'
    """
    import plotly.graph_objects as go

    from .charts import FONT

    t = benchmark_table(corpus, metric, min_peers=min_peers)
    t = t[t["agency"] == agency].sort_values("year")
    if t.empty:
        raise GovinfoError(f"没有 {agency} 的年报", f"no report of {agency}")
    m = METRICS[metric]
    en = lang == "en"
    years = [str(y) for y in t["year"]]
    fmt = ".1%" if m.is_rate else ",.0f"
    band = "Peers P25–P75" if en else "同类机关 P25–P75"
    med = "Peer median" if en else "同类机关中位数"
    groups = [html.escape(g) for g in (t["group_en"] if en else t["group"])]
    fig = go.Figure(
        [
            go.Scatter(x=years, y=t["p75"], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"),
            go.Scatter(
                x=years,
                y=t["p25"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor="rgba(31,119,180,0.18)",
                name=band,
                customdata=np.stack([t["p75"], groups], axis=1),
                hovertemplate=f"P25 %{{y:{fmt}}} – P75 %{{customdata[0]:{fmt}}}<br>%{{customdata[1]}}<extra></extra>",
            ),
            go.Scatter(
                x=years,
                y=t["p50"],
                mode="lines",
                line={"dash": "dash", "color": "#1f77b4"},
                name=med,
                hovertemplate=f"%{{y:{fmt}}}<extra>{med}</extra>",
            ),
            go.Scatter(
                x=years,
                y=t["value"],
                mode="lines+markers",
                line={"color": "#d62728", "width": 3},
                name=html.escape(agency),
                customdata=np.stack([t["percentile"], t["rank"], t["n"]], axis=1),
                hovertemplate=(
                    f"%{{y:{fmt}}}<br>"
                    + ("percentile" if en else "百分位")
                    + " %{customdata[0]}"
                    + "<br>"
                    + ("rank" if en else "排名")
                    + " %{customdata[1]} / %{customdata[2]}"
                    + f"<extra>{html.escape(agency)}</extra>"
                ),
            ),
        ]
    )
    title = f"{html.escape(agency)} · {html.escape(m.label(lang))}" + (" vs peers" if en else " 与同类机关比较")
    fig.update_layout(
        title=title,
        font={"family": FONT},
        template="plotly_white",
        hovermode="x unified",
        xaxis={"title": "Year" if en else "年度", "type": "category"},
        yaxis={"tickformat": ".0%" if m.is_rate else ",d", "title": html.escape(m.label(lang))},
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
    )
    return fig
