"""An imported corpus as a partitioned dataset: opened lazily, filtered by pushdown, audited in chunks."""

from __future__ import annotations

import pandas as pd

from govinfo_widgets import load_examples
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.dataset import CorpusDataset, write_dataset

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
