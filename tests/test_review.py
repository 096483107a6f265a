"""Review: stable fingerprints, decisions that accumulate, merge-safe file, outdated decisions."""

from __future__ import annotations

import json
import multiprocessing

import pytest

from govinfo_widgets import load_examples
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.errors import GovinfoError
from govinfo_widgets.model import Cell, Report
from govinfo_widgets.review import Review, fingerprint


@pytest.fixture(scope="module")
def corpus():
    return Corpus(load_examples())


def _t4_01(issues):
    rows = issues[(issues["report_id"] == "003") & (issues["rule"] == "T4-01") & (issues["status"] == "fail")]
    assert len(rows) == 2  # 行政复议 and 复议后起诉
    return rows


def test_fingerprint_ignores_message_order_and_run(corpus):
    a = corpus.audit()
    b = corpus.audit()
    assert list(a.apply(fingerprint, axis=1)) == list(b.apply(fingerprint, axis=1))
    row = a.iloc[0].to_dict()
    assert fingerprint({**row, "message": "完全不同的措辞", "message_en": "reworded"}) == fingerprint(row)
    assert fingerprint({**row, "cells": list(row["cells"])[::-1]}) == fingerprint(row)
    assert fingerprint({**row, "report_id": "other"}) != fingerprint(row)
    assert fingerprint({**row, "rule": "T3-99"}) != fingerprint(row)
    # distinct findings of the audit have distinct fingerprints
    assert a.apply(fingerprint, axis=1).is_unique


def test_confirm_dismiss_survive_reopen_and_rerun(corpus, tmp_path):
    path = tmp_path / "review.json"
    issues = corpus.audit(review=Review(path))
    assert set(issues["review"]) == {"open"}
    rows = _t4_01(issues)
    review = Review(path)
    review.confirm(rows.iloc[0], note="总计按原样发布为 0")
    review.dismiss(rows.iloc[1], note="待与机关核实")
    again = corpus.audit(review=Review(path))
    by_fp = again.set_index("fingerprint")
    assert by_fp.loc[rows.iloc[0]["fingerprint"], "review"] == "confirmed"
    assert by_fp.loc[rows.iloc[0]["fingerprint"], "review_note"] == "总计按原样发布为 0"
    assert by_fp.loc[rows.iloc[1]["fingerprint"], "review"] == "dismissed"
    assert (again["review"] == "open").sum() == len(again) - 2
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "govinfo-review" and len(data["decisions"]) == 2
    # withdrawing a decision is kept as an open entry
    Review(path).reopen(rows.iloc[1])
    third = corpus.audit(review=Review(path)).set_index("fingerprint")
    assert third.loc[rows.iloc[1]["fingerprint"], "review"] == "open"


def test_reimport_of_same_files_keeps_decisions(corpus, tmp_path):
    path = tmp_path / "r.json"
    issues = corpus.audit(review=Review(path))
    row = _t4_01(issues).iloc[0]
    Review(path).confirm(row)
    # a re-import: the same reports through JSON files again
    reread = Corpus(Report.from_json(r.to_json()) for r in corpus)
    again = reread.audit(review=Review(path)).set_index("fingerprint")
    assert again.loc[row["fingerprint"], "review"] == "confirmed"


def test_changed_cells_make_decision_outdated(corpus, tmp_path):
    path = tmp_path / "r.json"
    row = _t4_01(corpus.audit(review=Review(path))).iloc[0]
    Review(path).confirm(row, note="确认")
    changed_addr = sorted(row["cells"])[0]
    reports = [r.with_cells({changed_addr: Cell(99, "parsed")}) if r.key == "003" else r for r in corpus]
    again = Corpus(reports).audit(review=Review(path))
    hit = again[again["fingerprint"] == row["fingerprint"]]
    assert len(hit) == 1 and hit["review"].item() == "outdated"
    assert "失效" in hit["review_note"].item() and "no longer applies" in hit["review_note"].item()


def _decide(args):
    path, k = args
    from govinfo_widgets.review import Review

    finding = {"report_id": f"r{k}", "rule": "T3-01", "cells": [f"t3.x{k}"], "scope": None, "expected": k, "actual": 0}
    Review(path).confirm(finding, note=str(k))


def test_concurrent_writers_merge(tmp_path):
    path = str(tmp_path / "shared.json")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_decide, [(path, k) for k in range(12)])
    data = json.loads((tmp_path / "shared.json").read_text("utf-8"))
    assert sorted(d["note"] for d in data["decisions"].values()) == sorted(str(k) for k in range(12))
    assert len(Review(path)) == 12
    assert not list(tmp_path.glob(".shared.json.*.tmp"))


def test_stale_object_does_not_overwrite_others(tmp_path):
    path = tmp_path / "r.json"
    a, b = Review(path), Review(path)  # two notebooks open on the same file
    a.confirm({"report_id": "1", "rule": "T3-01", "cells": ["a"], "scope": None})
    b.dismiss({"report_id": "2", "rule": "T3-01", "cells": ["b"], "scope": None})
    assert len(Review(path)) == 2


def test_bad_file_and_bad_finding(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"format": "something-else"}', "utf-8")
    with pytest.raises(GovinfoError, match="审核记录"):
        Review(p)
    with pytest.raises(GovinfoError):
        Review(tmp_path / "ok.json").confirm({"cells": []})


@pytest.mark.corpus  # reads the real published files
def test_decisions_survive_a_reimport_of_the_same_published_files(tmp_path):
    """Read the real published files twice (two imports): the same fingerprints and states, so the same review."""
    from govinfo_widgets.io import read_report
    from tests.conftest import CORPUS

    raw = CORPUS / "raw"
    assert raw.is_dir(), f"corpus not found at {CORPUS}: set GOVINFO_CORPUS"
    files = [raw / n for n in ("003.pdf", "004.pdf", "010.html", "011.html")]

    def imported():
        return Corpus(read_report(p) for p in files)

    path = tmp_path / "r.json"
    first = imported().audit(review=Review(path))
    fails = first[first["status"] == "fail"]
    assert len(fails) >= 2
    Review(path).confirm(fails.iloc[0], note="a")
    Review(path).dismiss(fails.iloc[1], note="b")
    second = imported().audit(review=Review(path)).set_index("fingerprint")
    assert second.loc[fails.iloc[0]["fingerprint"], "review"] == "confirmed"
    assert second.loc[fails.iloc[1]["fingerprint"], "review"] == "dismissed"
