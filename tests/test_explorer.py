"""Explorer widget: the controls drive one FigureWidget, updated in place."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from govinfo_widgets import GovinfoError, load_examples
from govinfo_widgets.corpus import METRICS, Corpus, metrics_frame
from govinfo_widgets.widgets.explorer import Explorer

CORPUS = Corpus(load_examples())
M = metrics_frame(CORPUS)


def visible(ex) -> dict[str, go.Scatter]:
    return {t.name: t for t in ex.figure.data if t.visible}


def test_starts_with_every_agency_and_year():
    ex = Explorer(CORPUS, "received_total")
    assert isinstance(ex.figure, go.FigureWidget)
    assert set(visible(ex)) == set(CORPUS.agencies) == set(ex.agencies.options)
    assert list(ex.years.options) == CORPUS.years
    assert [k for _, k in ex.metric.options] == list(METRICS)
    assert "一 + 二" in ex.formula.value


def test_controls_update_the_same_figure_in_place():
    ex = Explorer(CORPUS, "received_total")
    fig, traces = ex.figure, list(ex.figure.data)
    ex.agencies.value = ("平潭综合实验区", "淮安市洪泽区人民政府")
    ex.metric.value = "disclosure_rate"
    assert ex.figure is fig and list(ex.figure.data) == traces  # same objects, nothing recreated
    shown = visible(ex)
    assert set(shown) == {"平潭综合实验区", "淮安市洪泽区人民政府"}
    pt = M[M.agency == "平潭综合实验区"].sort_values("year")
    assert list(shown["平潭综合实验区"].y) == pytest.approx(pt.disclosure_rate.tolist())
    assert fig.layout.title.text == "公开率" and fig.layout.yaxis.tickformat == ".0%"
    assert "（七）总计" in ex.formula.value
    assert any("2019→2021" in a.text for a in fig.layout.annotations)


def test_year_selection_and_the_form_note_follow():
    ex = Explorer(CORPUS, "disclosure_rate", agencies=["平潭综合实验区"])
    ex.years.value = (2021, 2022, 2023)
    (pt,) = visible(ex).values()
    assert list(pt.x) == ["2021", "2022", "2023"]
    assert list(ex.figure.layout.xaxis.categoryarray) == ["2021", "2022", "2023"]
    assert ex.figure.layout.annotations == () and ex.figure.layout.shapes == ()
    ex.years.value = (2020, 2021)
    assert len(ex.figure.layout.annotations) == 1 and ex.figure.layout.shapes[0].x0 == 0.5


def test_an_empty_selection_hides_every_line():
    ex = Explorer(CORPUS)
    ex.agencies.value = ()
    assert visible(ex) == {}


def test_count_metric_drops_the_percent_axis_and_english_labels():
    ex = Explorer(CORPUS, "disclosure_rate", lang="en")
    ex.metric.value = "received_total"
    assert ex.figure.layout.yaxis.tickformat is None
    assert ex.figure.layout.title.text == "Requests to handle"
    assert ex.metric.description == "Metric"


def test_unknown_metric_is_refused():
    with pytest.raises(GovinfoError, match="未知指标"):
        Explorer(CORPUS, "not_a_metric")


def test_docstring_example_runs():
    import doctest

    import govinfo_widgets.widgets.explorer as mod

    result = doctest.testmod(mod)
    assert result.attempted >= 2 and result.failed == 0
