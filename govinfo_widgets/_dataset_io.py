"""An imported dataset's parts on disk: their Arrow schemas, the wide part's writer, the cross-year columns."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from ._corpus_io import META_COLUMNS
from .frame import FRAME_COLUMNS
from .rules import address_space, compile_checks

WIDE_EXTRA = ["bucket", "file", "sha256"]


def write_wide(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a wide part atomically (one row group: with ~240 columns, every extra row group costs more
    to read than the rows it would let a reader skip)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([f for f in wide_schema() if f.name != "year"])
    table = pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
    return atomic_write(path, lambda f: pq.write_table(table, f, row_group_size=max(1, table.num_rows)))


@lru_cache(maxsize=1)
def cross_year_columns() -> tuple[str, ...]:
    """The cell addresses the cross-year rules (X-…) read, this year's and last year's, over every form pair."""
    from .schema import FORM_KEYS

    cols: set[str] = set()
    for f in FORM_KEYS:
        for p in FORM_KEYS:
            for collapsed in (frozenset(), frozenset({"other"})):
                for c in compile_checks(f, collapsed, p).checks:
                    if c.rule.startswith("X"):
                        cols.update(a.removeprefix("prev:") for a in c.cells)
    addrs, _ = address_space()
    return tuple(a for a in addrs if a in cols)


def wide_schema():
    """The Arrow schema of a wide part: report meta, every cell address of every form, bucket and provenance."""
    import pyarrow as pa

    addrs, _ = address_space()
    meta = [pa.field(c, pa.int64() if c == "year" else pa.string()) for c in META_COLUMNS]
    return pa.schema(
        meta
        + [pa.field(a, pa.float64()) for a in addrs]
        + [pa.field("bucket", pa.int64()), pa.field("file", pa.string()), pa.field("sha256", pa.string())]
    )


def cells_schema():
    """The Arrow schema of a cells part: the tidy columns (:data:`FRAME_COLUMNS`) and the file's provenance."""
    import pyarrow as pa

    types = {"year": pa.int64(), "value": pa.float64()}
    return pa.schema([pa.field(c, types.get(c, pa.string())) for c in [*FRAME_COLUMNS, "file", "sha256", "name"]])
