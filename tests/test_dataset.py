"""An imported corpus as a partitioned dataset: opened lazily, filtered by pushdown, audited in chunks."""

from __future__ import annotations

import pandas as pd

from govinfo_widgets import load_examples
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.dataset import CorpusDataset, write_dataset
from govinfo_widgets.frame import FRAME_COLUMNS
from govinfo_widgets.model import Cell

KEY = ["report_id", "rule", "scope", "status", "message"]


def _sorted(df: pd.DataFrame) -> list:
    return sorted(map(tuple, df[KEY].astype(str).to_numpy().tolist()))


def test_chunked_audit_finds_what_one_audit_of_everything_finds(tmp_path):
    reports = load_examples()
    d = Corpus.open_dataset(write_dataset(reports, tmp_path / "ds"))
    whole = Corpus(reports).audit(fast=True)
    chunked = d.audit(max_rows=3)  # a chunk per part file: each year apart, so cross chunks
    assert any(r.startswith("X") for r in whole["rule"])
    assert _sorted(chunked) == _sorted(whole)
    assert {"agency", "year"} <= set(chunked.columns)


def test_filters_are_pushed_down_and_read_nothing_else(tmp_path):
    reports = load_examples()
    d = CorpusDataset(write_dataset(reports, tmp_path / "ds"))
    years = sorted({r.meta.year for r in reports})
    y = years[-1]
    assert len(d) == len(reports)
    assert len(d.filter(year=y)) == sum(r.meta.year == y for r in reports)
    agency = reports[0].meta.agency
    sub = d.filter(agency=agency, year=years)
    assert set(sub.wide()["agency"]) == {agency}
    assert len(sub.frame()["report_id"].unique()) == sum(r.meta.agency == agency for r in reports)
    # the tidy cells rebuild the same reports (values and statuses)
    back = sub.corpus()
    for r in back:
        orig = next(o for o in reports if o.key == r.key)
        assert {a: (c.value, c.status) for a, c in r.cells.items()} == {
            a: (c.value, c.status) for a, c in orig.cells.items()
        }


def test_chunks_are_bounded_by_part_files(tmp_path):
    d = CorpusDataset(write_dataset(load_examples(), tmp_path / "ds"))
    sizes = [len(c) for c in d.chunks(max_rows=1)]
    parts = len(list((tmp_path / "ds" / "wide").rglob("*.parquet")))
    assert len(sizes) == parts and sum(sizes) == len(d)


def test_the_single_parquet_file_of_earlier_versions_still_reads(tmp_path):
    c = Corpus(load_examples())
    path = c.to_parquet(tmp_path / "cells.parquet")
    assert len(Corpus.read_parquet(path)) == len(c)


def test_the_parts_hold_what_the_frames_hold(tmp_path):
    """The parts are built from the reports' cells without pandas: they must hold what the tidy and wide frames of
    the same reports hold, blanks, "-", missing and unreadable cells included."""
    from govinfo_widgets.corpus import wide_frame
    from govinfo_widgets.frame import reports_frame

    reports = load_examples()
    first = reports[0]
    addrs = list(first.cells)
    odd = {
        addrs[0]: Cell(None, "blank_zero"),
        addrs[1]: Cell(None, "unreadable", "1O"),
        addrs[2]: Cell(None, "blank_missing"),
    }
    odd[addrs[3]] = Cell(None, "not_applicable", "-")
    reports[0] = first.with_cells(odd)
    assert {"blank_zero", "blank_missing", "unreadable", "not_applicable"} <= {
        c.status for r in reports for c in r.cells.values()
    }
    d = CorpusDataset(write_dataset(reports, tmp_path / "ds"))

    def wide_of(df):
        df = df.drop(columns=["bucket", "file", "sha256"], errors="ignore").set_index("report_id").sort_index()
        df = df[[c for c in df.columns if c in expected.columns]]
        return df.astype({c: "float64" for c in df.columns if c not in ("agency", "level", "region", "form", "year")})

    expected = wide_frame(reports).set_index("report_id").sort_index()
    got = wide_of(d.wide())
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()), check_dtype=False)
    assert d.wide().drop(columns=list(expected.columns) + ["report_id", "bucket", "file", "sha256"]).isna().all().all()

    def tidy_of(df):
        df = df[FRAME_COLUMNS].sort_values(["report_id", "address"], ignore_index=True).astype(object)
        return df.where(df.notna(), None)

    pd.testing.assert_frame_equal(tidy_of(d.frame()), tidy_of(reports_frame(reports)))
