"""Imported corpora as partitioned Parquet datasets (``govinfo import`` output), read lazily and audited in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from .corpus import META_COLUMNS, Corpus, wide_frame
from .errors import GovinfoError
from .frame import FRAME_COLUMNS, reports_frame
from .model import Report
from .rules import address_space, audit_wide, compile_checks

WIDE_EXTRA = ["bucket", "file", "sha256"]
#: Reports audited together by :meth:`CorpusDataset.audit` at most (whole part files are read).
AUDIT_CHUNK_ROWS = 100_000


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


class CorpusDataset:
    """A partitioned Parquet dataset written by ``govinfo import``, opened lazily (nothing read until asked).

    ``filter(year=…, agency=…)`` narrows it without reading: years prune ``year=…/`` folders, agencies
    are pushed down to the Parquet files. :meth:`audit` reads a chunk of part files at a time, so memory
    stays flat as reports grow (the cross-year rules read only their few columns).

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
        df = table.to_pandas()
        if "year" in df:
            df["year"] = df["year"].astype("Int64")
        return df

    def chunks(self, max_rows: int = AUDIT_CHUNK_ROWS, columns: list[str] | None = None) -> Iterator[pd.DataFrame]:
        """Wide frames of whole part files, about ``max_rows`` reports each; the next is read while the
        caller works on this one."""
        from concurrent.futures import ThreadPoolExecutor

        dataset = self._dataset()
        groups, cur, rows = [], [], 0
        for frag in dataset.get_fragments(filter=self._filter):
            n = frag.count_rows(filter=self._filter)
            if cur and rows + n > max_rows:
                groups.append(cur)
                cur, rows = [], 0
            cur.append(frag)
            rows += n
        if cur:
            groups.append(cur)

        def read(frags):
            import pyarrow.dataset as ds

            sub = ds.FileSystemDataset(frags, dataset.schema, dataset.format, dataset.filesystem)
            df = sub.to_table(filter=self._filter, columns=columns).to_pandas()
            if "year" in df:
                df["year"] = df["year"].astype("Int64")
            return df

        with ThreadPoolExecutor(1) as pool:
            nxt = pool.submit(read, groups[0]) if groups else None
            for i in range(len(groups)):
                df = nxt.result()
                nxt = pool.submit(read, groups[i + 1]) if i + 1 < len(groups) else None
                if len(df):
                    yield df

    def audit(self, *, max_rows: int = AUDIT_CHUNK_ROWS) -> pd.DataFrame:
        """The vectorised audit (:func:`~govinfo_widgets.rules.audit_wide`) chunk by chunk, with ``agency``
        and ``year`` columns.

        The rules within a report run on chunks of whole part files (memory: one chunk). The cross-year
        rules (X-…) then run once on the few columns they read, for every report in view (about 0.3 KB
        per report), so each agency's years meet whatever part they were written in.
        """
        out = []
        for wide in self.chunks(max_rows):
            issues = audit_wide(wide, cross_year=False)
            out.append(issues.merge(wide[["report_id", "agency", "year"]], on="report_id", how="left"))
            del wide
        slim = self.wide(columns=[*META_COLUMNS, *cross_year_columns()])
        if len(slim):
            x = audit_wide(slim, cross_year=True, only="X")
            out.append(x.merge(slim[["report_id", "agency", "year"]], on="report_id", how="left"))
        if not out:
            return pd.DataFrame(columns=[*audit_wide(pd.DataFrame(columns=META_COLUMNS)).columns, "agency", "year"])
        df = pd.concat(out, ignore_index=True)
        df["year"] = df["year"].astype("Int64")
        return df


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
