"""One issues shape: the frame's columns (rules.ISSUE_COLUMNS) as JSON, read alike by the browser and the CLI."""

from __future__ import annotations

import json

from govinfo_widgets import evaluate, load_example
from govinfo_widgets.rules import ISSUE_COLUMNS, issues_json
from govinfo_widgets.widgets import FormTable, issue_items


def _key(i: dict) -> str:
    return json.dumps(i, sort_keys=True, ensure_ascii=False)


def test_records_and_frame_give_the_same_json_with_every_column():
    f = evaluate(load_example("003"))
    items = f.to_json()
    assert items and all(list(i) == ISSUE_COLUMNS for i in items)
    assert sorted(map(_key, items)) == sorted(map(_key, issues_json(f.frame)))  # from the frame: the same issues
    json.dumps(items, allow_nan=False)  # JSON-safe: no NaN, tuples as lists
    assert all(isinstance(i["cells"], list) and isinstance(i["message_en"], str) for i in items)


def test_the_browser_reads_the_same_shape_one_table_at_a_time():
    f = evaluate(load_example("003"))
    t4 = f.to_json("t4")
    assert {i["rule"] for i in t4 if i["status"] == "fail"} >= {"T4-01"}
    assert all(i["table"] == "t4" or any(c.startswith("t4.") for c in i["cells"]) for i in t4)
    assert issue_items(f.records, "t4") == t4
    w = FormTable(load_example("003"), "t4")
    assert w.issues["items"] == t4
