"""Charts of Table 3: outcomes per agency-year (:func:`outcome_composition`), one report's flow
(:func:`outcome_sankey`), who applied (:func:`applicant_mix`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..errors import GovinfoError
from ..metrics import APPLICANT_SHARES, OUTCOME_GROUPS, OUTCOME_LABELS
from ..schema import get_form
from ._base import check_lang, figure, hover, label, metrics_input, mixed_forms, outcomes_input, row_label, tr

_COLUMN_LABELS = {c["key"]: (c["label"], c["label_en"]) for c in get_form("gov_2021").t3_columns}


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
    check_lang(lang)
    df = outcomes_input(data).sort_values(["agency", "year"])
    labels = row_label(df).tolist()
    parts = df[list(OUTCOME_GROUPS)]
    if share:
        parts = parts.div(parts.sum(axis=1, skipna=False).replace(0, np.nan), axis=0)
    traces = [
        go.Bar(
            x=labels,
            y=parts[g].tolist(),
            name=label(OUTCOME_LABELS[g], lang),
            hovertemplate=hover(label(OUTCOME_LABELS[g], lang), share),
        )
        for g in OUTCOME_GROUPS
    ]
    notes = [tr("form_note", lang)] if mixed_forms(df) else []
    title = "办理结果构成" if lang == "zh" else "Outcomes of requests"
    return figure(
        traces,
        title=title,
        lang=lang,
        y_title=tr("share" if share else "count", lang),
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
    check_lang(lang)
    df = outcomes_input(data)
    if report_id is not None:
        df = df[df["report_id"] == report_id]
    if len(df) != 1:
        raise GovinfoError(
            f"桑基图只画一份年报，这里有 {len(df)} 份：请指定 report_id",
            f"a Sankey shows one report, got {len(df)}: pass report_id",
        )
    row = df.iloc[0]
    nodes = [tr("new_received", lang), tr("carried_over", lang), tr("received", lang)]
    nodes += [label(OUTCOME_LABELS[g], lang) for g in OUTCOME_GROUPS] + [tr("carried_forward", lang)]
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
        notes.append(tr("missing", lang).format(what="、".join(dict.fromkeys(missing))))
    else:
        d = (row["new_received"] + row["carried_over"]) - (row["outcome_total"] + row["carried_forward"])
        if d:
            notes.append(tr("imbalance", lang).format(d=f"{d:+,.0f}"))
    trace = go.Sankey(node={"label": nodes, "pad": 14}, link=link, valueformat=",.0f")
    title = f"{row['agency']} {row['year']} · " + ("申请办理流向" if lang == "zh" else "flow of requests")
    return figure([trace], title=title, lang=lang, notes=notes)


def applicant_mix(data, *, lang: str = "zh") -> go.Figure:
    """Who asked: each applicant column's share of 一、本年新收, per agency-year (100 % stacked).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> fig = applicant_mix([load_example("002")])
    >>> round(fig.data[0].y[0], 3)  # 自然人 3001 / 3119
    0.962
    """
    check_lang(lang)
    df = metrics_input(data).sort_values(["agency", "year"])
    labels = row_label(df).tolist()
    traces = []
    for key in APPLICANT_SHARES:
        name = label(_COLUMN_LABELS[key.removeprefix("share_")], lang)
        traces.append(go.Bar(x=labels, y=df[key].tolist(), name=name, hovertemplate=hover(name, True)))
    notes = [tr("form_note", lang)] if mixed_forms(df) else []
    title = "申请人构成（本年新收）" if lang == "zh" else "Who applied (new requests)"
    return figure(
        traces,
        title=title,
        lang=lang,
        y_title=tr("share", lang),
        percent=True,
        categories=labels,
        notes=notes,
        barmode="stack",
    )
