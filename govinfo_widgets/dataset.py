"""Imported corpora as partitioned Parquet datasets (``govinfo import`` output): written here, read lazily and
audited in chunks by :class:`~govinfo_widgets.corpus.CorpusDataset` (re-exported here with the parts' schemas)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ._dataset_io import (
    WIDE_EXTRA,
    cells_schema,
    cross_year_columns,
    part_tables,
    wide_schema,
    write_cells,
    write_wide,
)
from .corpus import AUDIT_CHUNK_ROWS, CorpusDataset
from .model import Report

__all__ = [
    "AUDIT_CHUNK_ROWS",
    "WIDE_EXTRA",
    "CorpusDataset",
    "cells_schema",
    "cross_year_columns",
    "part_tables",
    "wide_schema",
    "write_cells",
    "write_dataset",
    "write_wide",
]


def write_dataset(reports: Iterable[Report], path: str | Path) -> Path:
    """Write reports as an imported dataset (``wide/`` and ``cells/`` partitioned by year) at ``path``."""
    path = Path(path)
    reports = list(reports)
    for year in sorted({r.meta.year for r in reports}, key=lambda y: (y is None, y)):
        name = "__HIVE_DEFAULT_PARTITION__" if year is None else str(year)
        cells, wide = part_tables([r for r in reports if r.meta.year == year], by_bucket=True)
        write_wide(wide, path / "wide" / f"year={name}" / "part-0.parquet")
        write_cells(cells, path / "cells" / f"year={name}" / "part-0.parquet")
    return path
