"""Imported corpora as partitioned Parquet datasets (``govinfo import`` output): written here, read lazily and
audited in chunks by :class:`~govinfo_widgets.corpus.CorpusDataset` (re-exported here with the parts' schemas)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from ._corpus_io import wide_frame
from ._dataset_io import WIDE_EXTRA, cells_schema, cross_year_columns, wide_schema, write_wide
from .corpus import AUDIT_CHUNK_ROWS, CorpusDataset
from .frame import reports_frame
from .model import Report

__all__ = [
    "AUDIT_CHUNK_ROWS",
    "WIDE_EXTRA",
    "CorpusDataset",
    "cells_schema",
    "cross_year_columns",
    "wide_schema",
    "write_dataset",
    "write_wide",
]


def write_dataset(reports: Iterable[Report], path: str | Path) -> Path:
    """Write reports as an imported dataset (``wide/`` and ``cells/`` partitioned by year) at ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .io import agency_bucket

    path = Path(path)
    reports = list(reports)
    for year in sorted({r.meta.year for r in reports}, key=lambda y: (y is None, y)):
        group = [r for r in reports if r.meta.year == year]
        name = "__HIVE_DEFAULT_PARTITION__" if year is None else str(year)
        wide = wide_frame(group).reindex(columns=wide_schema().names[:-3])
        wide = pd.concat(
            [
                wide,
                pd.DataFrame(
                    {"bucket": [agency_bucket(a) for a in wide["agency"]], "file": None, "sha256": None},
                    index=wide.index,
                ),
            ],
            axis=1,
        )
        tidy = reports_frame(group).assign(file=None, sha256=None, name=lambda d: d["report_id"])
        for kind, df, schema in (
            ("wide", wide.sort_values("bucket", kind="stable"), wide_schema()),
            ("cells", tidy, cells_schema()),
        ):
            schema = pa.schema([f for f in schema if f.name != "year"])
            table = pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
            atomic_write(path / kind / f"year={name}" / "part-0.parquet", lambda f, t=table: pq.write_table(t, f))
    return path
