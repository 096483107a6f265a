"""Many reports at once: in memory (:class:`Corpus`) and as an imported dataset on disk (:class:`CorpusDataset`).

Each opens the other (``Corpus.open_dataset``, ``CorpusDataset.corpus``), so both live here; the frames they are
made of are in ``_corpus_io`` (wide, tidy → reports), ``metrics`` (comparable cells, metrics) and ``_dataset_io``
(the dataset's Parquet parts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from ._corpus_io import META_COLUMNS, extras_from_metadata, meta_row, parquet_metadata, reports_from_frame, wide_frame
from ._dataset_io import cells_schema, cross_year_columns, wide_schema
from .errors import GovinfoError
from .frame import FRAME_COLUMNS, reports_frame
from .metrics import (
    APPLICANT_SHARES,
    METRICS,
    OUTCOME_GROUPS,
    OUTCOME_LABELS,
    T2_APPROXIMATE,
    comparable_frame,
    metrics_frame,
    outcome_frame,
)
from .model import Report
from .rules import audit, audit_wide

__all__ = [
    "APPLICANT_SHARES",
    "AUDIT_CHUNK_ROWS",
    "META_COLUMNS",
    "METRICS",
    "OUTCOME_GROUPS",
    "OUTCOME_LABELS",
    "T2_APPROXIMATE",
    "Corpus",
    "CorpusDataset",
    "cells_frame",
    "comparable_frame",
    "metrics_frame",
    "outcome_frame",
    "wide_frame",
]

cells_frame = reports_frame  #: many reports as one tidy frame, one row per cell (the Corpus frame)

#: Reports audited together by :meth:`CorpusDataset.audit` at most (whole part files are read).
AUDIT_CHUNK_ROWS = 100_000


# ---- the corpus ----------------------------------------------------------------------------------
class Corpus:
    """Many reports: one tidy frame, filters, metrics, one audit, Parquet.

    Parameters
    ----------
    reports : iterable of Report
        Report keys (``meta.id`` or ``agency:year``) must be unique.

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> c = Corpus(load_examples()).filter(agency="平潭综合实验区")
    >>> c.years
    [2019, 2020, 2021, 2022, 2023, 2024, 2025]
    """

    def __init__(self, reports: Iterable[Report] = ()):
        self._reports = tuple(reports)
        seen: dict[str, Report] = {}
        for r in self._reports:
            if not isinstance(r, Report):
                raise GovinfoError(
                    f"语料只能包含 Report 对象，收到 {type(r).__name__}",
                    f"a corpus holds Report objects, got {type(r).__name__}",
                )
            if r.key in seen:
                raise GovinfoError(f"语料中年报编号重复：{r.key}", f"duplicate report key in corpus: {r.key}")
            seen[r.key] = r
        self._by_key = seen
        self._frame: pd.DataFrame | None = None

    # ---- reading ---------------------------------------------------------
    @property
    def reports(self) -> tuple[Report, ...]:
        return self._reports

    def __len__(self) -> int:
        return len(self._reports)

    def __iter__(self) -> Iterator[Report]:
        return iter(self._reports)

    def __getitem__(self, key: str) -> Report:
        return self._by_key[key]

    def __repr__(self) -> str:
        return f"Corpus({len(self)} reports, {len(self.agencies)} agencies, years {self.years})"

    @property
    def agencies(self) -> list[str]:
        return sorted({r.meta.agency for r in self._reports})

    @property
    def years(self) -> list[int]:
        return sorted({r.meta.year for r in self._reports if r.meta.year is not None})

    @property
    def frame(self) -> pd.DataFrame:
        """The tidy long frame (:data:`~govinfo_widgets.frame.FRAME_COLUMNS`): one row per cell."""
        if self._frame is None:
            self._frame = reports_frame(self._reports)
        return self._frame.copy()

    def wide(self) -> pd.DataFrame:
        """See :func:`wide_frame`."""
        return wide_frame(self._reports)

    def comparable(self) -> pd.DataFrame:
        """See :func:`comparable_frame`."""
        return comparable_frame(self.wide())

    def metrics(self) -> pd.DataFrame:
        """See :func:`metrics_frame`."""
        return metrics_frame(self.wide())

    def outcomes(self) -> pd.DataFrame:
        """See :func:`outcome_frame`."""
        return outcome_frame(self.wide())

    def audit(self, *, fast: bool = False, review=None) -> pd.DataFrame:
        """Every rule on every report, X-01/X-02 along each agency's years, as one issues frame.

        ``fast=True`` runs only the vectorised linear and value rules (:func:`audit_wide`), for
        corpora of many thousands of reports. The frame gains ``agency`` and ``year`` columns.
        ``review`` (a :class:`~govinfo_widgets.review.Review`) adds ``fingerprint`` and ``review``
        columns (see :meth:`~govinfo_widgets.review.Review.annotate`).
        """
        issues = audit_wide(self.wide()) if fast else audit(self._reports)
        meta = pd.DataFrame([meta_row(r) for r in self._reports], columns=META_COLUMNS)
        issues = issues.merge(meta[["report_id", "agency", "year"]], on="report_id", how="left")
        issues["year"] = issues["year"].astype("Int64")
        if review is not None:  # review hook (issue 16): decisions on findings, by fingerprint
            issues = review.annotate(issues, self)
        return issues

    def with_totals(self) -> Corpus:
        """A new corpus where blank totals (V-05) are filled from their parts (``Report.computed``).

        Metrics read totals; a report that leaves 总计 blank (上海 2019) gets NaN metrics
        until its totals are computed. The filled cells keep the status ``computed``.
        """
        return Corpus(r.computed() for r in self._reports)

    # ---- filters ---------------------------------------------------------
    def filter(self, *, agency=None, year=None, form=None, level=None) -> Corpus:
        """A new corpus with the reports that match every given criterion (a value or a list of values)."""

        def ok(value, wanted) -> bool:
            if wanted is None:
                return True
            if isinstance(wanted, (str, int)):
                return value == wanted
            return value in set(wanted)

        return Corpus(
            r
            for r in self._reports
            if ok(r.meta.agency, agency) and ok(r.meta.year, year) and ok(r.meta.form, form) and ok(r.meta.level, level)
        )

    # ---- tidy frame → reports ---------------------------------------------
    @classmethod
    def from_frame(cls, tidy: pd.DataFrame, extra: dict | None = None) -> Corpus:
        """Rebuild the reports from a tidy frame (``extra`` restores what the frame cannot hold)."""
        return cls(reports_from_frame(tidy, extra))

    # ---- Parquet -----------------------------------------------------------
    def to_parquet(self, path: str | Path) -> Path:
        """Save the tidy frame to Parquet; meta, sections, fees, extras and notes go in its metadata."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = Path(path)
        table = pa.Table.from_pandas(self.frame, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **parquet_metadata(self._reports)})
        atomic_write(path, lambda f: pq.write_table(table, f))
        return path

    @classmethod
    def open_dataset(cls, path: str | Path):
        """Open a ``govinfo import`` output folder lazily: see :class:`CorpusDataset`."""
        return CorpusDataset(path)

    @classmethod
    def read_parquet(cls, path: str | Path) -> Corpus:
        """Load a corpus saved by :meth:`to_parquet` (or any Parquet file with the tidy columns)."""
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except (OSError, ValueError) as e:
            raise GovinfoError(f"无法读取 Parquet 文件 {path}：{e}", f"cannot read Parquet file {path}: {e}") from e
        return cls.from_frame(table.to_pandas(), extras_from_metadata(table.schema.metadata))


# ---- the corpus on disk ------------------------------------------------------------------------
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
