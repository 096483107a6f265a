"""Imported corpora as partitioned Parquet datasets (``govinfo import`` output), read lazily and audited in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from .corpus import META_COLUMNS, Corpus, wide_frame
from .errors import GovinfoError
from .frame import FRAME_COLUMNS, reports_frame
from .model import Report
from .rules import audit_wide
from .rules._compile import address_space

WIDE_EXTRA = ["bucket", "file", "sha256"]
#: Agency buckets audited together by :meth:`CorpusDataset.audit` (of the 64 an import writes).
AUDIT_BUCKETS_PER_CHUNK = 4


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


class CorpusDataset:
    """A partitioned Parquet dataset written by ``govinfo import``, opened lazily (nothing read until asked).

    ``filter(year=…, agency=…)`` narrows it without reading: years prune ``year=…/`` folders, agencies
    are pushed down to the Parquet row groups. :meth:`audit` reads a few agency buckets at a time
    (every year of an agency together, so X-01/X-02 hold), so memory stays flat as reports grow.

    Examples
    --------
    >>> import tempfile
    >>> from govinfo_widgets import load_examples
    >>> from govinfo_widgets.dataset import write_dataset
    >>> d = CorpusDataset(write_dataset(load_examples(), tempfile.mkdtemp()))
    >>> len(d.filter(year=2023)) >= 1
    True
    """

    def __init__(self, path: str | Path, _filter=None):
        self.path = Path(path)
        if not (self.path / "wide").is_dir():
            raise GovinfoError(
                f"不是导入生成的数据集（缺少 wide/）：{path}", f"not an imported dataset (no wide/): {path}"
            )
        self._filter = _filter

    def _dataset(self, kind: str = "wide"):
        import pyarrow as pa
        import pyarrow.dataset as ds

        schema = wide_schema() if kind == "wide" else cells_schema()
        part = ds.partitioning(pa.schema([pa.field("year", pa.int64())]), flavor="hive")
        return ds.dataset(self.path / kind, format="parquet", partitioning=part, schema=schema)

    def filter(self, *, year=None, agency=None) -> CorpusDataset:
        """A narrower view (a value or a list of values each); nothing is read."""
        import pyarrow.dataset as ds

        expr = self._filter
        for col, wanted in (("year", year), ("agency", agency)):
            if wanted is None:
                continue
            values = [wanted] if isinstance(wanted, (str, int)) else list(wanted)
            e = ds.field(col).isin(values)
            expr = e if expr is None else expr & e
        return CorpusDataset(self.path, expr)

    def __len__(self) -> int:
        return self._dataset().count_rows(filter=self._filter)

    def __repr__(self) -> str:
        return f"CorpusDataset({self.path}, filter={self._filter})"

    def wide(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The wide frame of every report in view (all at once: prefer :meth:`audit` for large datasets)."""
        return self._read(self._filter, columns)

    def frame(self) -> pd.DataFrame:
        """The tidy frame (one row per cell, with provenance) of every report in view."""
        table = self._dataset("cells").to_table(filter=self._filter)
        df = table.to_pandas()
        df["year"] = df["year"].astype("Int64")
        return df

    def corpus(self) -> Corpus:
        """The reports in view as an in-memory :class:`Corpus` (cells, statuses and sources)."""
        return Corpus.from_frame(self.frame()[FRAME_COLUMNS])

    def _read(self, expr, columns=None) -> pd.DataFrame:
        table = self._dataset().to_table(filter=expr, columns=columns)
        df = table.to_pandas(split_blocks=True, self_destruct=True)
        if "year" in df:
            df["year"] = df["year"].astype("Int64")
        return df

    def chunks(self, buckets_per_chunk: int = AUDIT_BUCKETS_PER_CHUNK) -> Iterator[pd.DataFrame]:
        """Wide frames of a few agency buckets each (every year of an agency in one chunk)."""
        import pyarrow.dataset as ds

        for lo in range(0, 64, buckets_per_chunk):
            expr = (ds.field("bucket") >= lo) & (ds.field("bucket") < lo + buckets_per_chunk)
            df = self._read(expr if self._filter is None else self._filter & expr)
            if len(df):
                yield df

    def audit(self, *, buckets_per_chunk: int = AUDIT_BUCKETS_PER_CHUNK) -> pd.DataFrame:
        """The vectorised audit (:func:`~govinfo_widgets.rules.audit_wide`) chunk by chunk, with ``agency``
        and ``year`` columns; memory is one chunk's wide frame plus the issues found."""
        out = []
        for wide in self.chunks(buckets_per_chunk):
            issues = audit_wide(wide)
            meta = wide[["report_id", "agency", "year"]]
            out.append(issues.merge(meta, on="report_id", how="left"))
            del wide
        if not out:
            return pd.DataFrame(columns=[*audit_wide(pd.DataFrame(columns=META_COLUMNS)).columns, "agency", "year"])
        df = pd.concat(out, ignore_index=True)
        df["year"] = df["year"].astype("Int64")
        return df


def write_dataset(reports: Iterable[Report], path: str | Path) -> Path:
    """Write reports as an imported dataset (``wide/`` and ``cells/`` partitioned by year) at ``path``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .io._import import agency_bucket

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
