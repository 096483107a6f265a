"""The Report model: provenance, copy-and-replace, JSON round trip, tidy frame."""

import json
import math

import pytest

from govinfo_widgets import Cell, Report, ReportFormatError, load_example
from govinfo_widgets.data import example_ids
from govinfo_widgets.frame import FRAME_COLUMNS


@pytest.mark.parametrize("rid", example_ids())
def test_json_round_trip_is_lossless(rid, tmp_path):
    r = load_example(rid)
    text = r.to_json()
    back = Report.from_json(text)
    assert back == r
    assert back.to_json() == text
    r.to_json(tmp_path / "x.json")
    assert Report.from_json(tmp_path / "x.json") == r


def test_json_shape_is_flat_versioned_and_unescaped():
    d = json.loads(load_example("003").to_json())
    assert d["format"] == "govinfo-report" and d["version"] == 1
    assert d["cells"]["t4.review_upheld"] == 10
    assert "淮安" in load_example("003").to_json()  # Chinese not \\u-escaped


def test_blank_semantics():
    r = load_example("001")  # Shanghai 2019 leaves zero cells and detail totals blank
    leaf = r.cells["t3.granted.research_institution"]
    total = r.cells["t3.granted.total"]
    assert leaf.status == "blank_zero" and r.number("t3.granted.research_institution") == 0
    assert total.status == "blank_missing" and math.isnan(r.number("t3.granted.total"))


def test_copy_and_replace_leaves_original():
    r = Report.new(agency="某局", year=2024)
    r2 = r.with_values({"t3.new_received.natural_person": 3})
    assert r.value("t3.new_received.natural_person") is None
    assert r2.cells["t3.new_received.natural_person"] == Cell(3, "entered")
    r3 = r2.with_values({"t3.new_received.natural_person": None})
    assert r3.cells["t3.new_received.natural_person"].status == "blank_zero"
    with pytest.raises(KeyError, match="t3.nonsense.total"):  # named among cells of the form (one set test)
        r.with_values({"t3.new_received.total": 2, "t3.nonsense.total": 1, "t4.review_upheld": 3})
    with pytest.raises(TypeError):
        r2.cells["t3.new_received.natural_person"] = Cell(4)


def test_new_picks_form_by_year():
    assert Report.new(year=2020).meta.form == "gov_2019"
    assert Report.new(year=2024).meta.form == "gov_2021"


def test_computed_totals_fill_missing_only():
    r = Report.new(year=2024).with_values(
        {"t3.new_received.natural_person": 2, "t3.new_received.commercial_enterprise": 1}
    )
    r = r.filled().computed()
    assert r.value("t3.new_received.total") == 3
    assert r.cells["t3.new_received.total"].status == "computed"
    typed = r.with_values({"t3.new_received.total": 9}).computed()
    assert typed.value("t3.new_received.total") == 9


def test_bad_json_gives_clear_error():
    with pytest.raises(ReportFormatError) as e:
        Report.from_json('{"format": "other"}')
    assert "不是" in str(e.value)
    with pytest.raises(ReportFormatError):
        Report.from_json("{not json")


def test_tidy_frame_one_row_per_cell():
    r = load_example("010")
    df = r.to_frame()
    assert list(df.columns) == FRAME_COLUMNS
    assert len(df) == len(r.cells)
    row = df.set_index("address").loc["t3.outcome_total.natural_person"]
    assert row["value"] == 20 and row["table"] == "t3" and row["agency"] == "平潭综合实验区"


def test_data_provenance():
    r = load_example("003")
    assert r.meta.source["repository"] == "zxj6827111-blip/KIROGOVCOMPARE"
    assert "hand-read" in r.meta.source["method"]
    assert r.collapsed == frozenset({"other"})
