"""Many reports at once: a tidy frame and back, Parquet, comparable cells, derived metrics, one audit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from ._corpus_io import (
    META_COLUMNS,
    extras_from_metadata,
    meta_row,
    ordered_addresses,
    parquet_metadata,
    reports_from_frame,
    wide_from_tidy,
)
from ._metric import Metric, column, column_sum
from .errors import GovinfoError
from .frame import reports_frame
from .model import Report
from .rules import audit, audit_wide
from .schema import C6, C7, T4_ORDER, get_form

cells_frame = reports_frame  #: many reports as one tidy frame, one row per cell (the Corpus frame)


_F21 = get_form("gov_2021")
_F19 = get_form("gov_2019")
_OTHER_2021 = ("other_no_correction", "other_fee_unpaid", "other_other")
#: Table 3 rows that mean the same in both forms (spec §4.3); （六） goes through ``other_total_2019``.
_T3_SAME_ROWS = tuple(r.key for r in _F19.t3_data_rows() if r.key != "other_total_2019")
#: Table 2 cells that may be set side by side across forms, *approximately* (spec §3.3):
#: comparable key (the 2021 address) → the 2019 address. 对外公开总数量 ≠ 现行有效件数 and
#: （八）（九） are not mapped at all.
T2_APPROXIMATE = {
    "t2.art20_1.rules.issued": "t2.art20_1.rules.newly_made",
    "t2.art20_1.normative_docs.issued": "t2.art20_1.normative_docs.newly_made",
    "t2.art20_5.licensing.decisions": "t2.art20_5.licensing.decisions",
    "t2.art20_6.penalty.decisions": "t2.art20_6.penalty.decisions",
    "t2.art20_6.coercion.decisions": "t2.art20_6.coercion.decisions",
}
#: Outcome groups of Table 3 (三、本年度办理结果), each a sum of comparable rows.
OUTCOME_GROUPS = {
    "granted": ("granted",),
    "partially_granted": ("partially_granted",),
    "denied": tuple(r for r in _T3_SAME_ROWS if r.startswith("denied_")),
    "unable": tuple(r for r in _T3_SAME_ROWS if r.startswith("unable_")),
    "not_processed": tuple(r for r in _T3_SAME_ROWS if r.startswith("not_processed_")),
    "other": ("other_total_2019",),
}
OUTCOME_LABELS = {
    "granted": ("予以公开", "Granted"),
    "partially_granted": ("部分公开", "Partially granted"),
    "denied": ("不予公开", "Denied"),
    "unable": ("无法提供", "Unable to provide"),
    "not_processed": ("不予处理", "Not processed"),
    "other": ("其他处理", "Other handling"),
}


# ---- wide frames -------------------------------------------------------------------------------
def wide_frame(data) -> pd.DataFrame:
    """One row per report, one column per cell address: the input of :func:`~govinfo_widgets.rules.audit_wide`.

    Values are what the arithmetic uses: blank leaves and "-" are 0, missing or unreadable
    cells NaN (spec §6.1 V-04…V-06).

    Parameters
    ----------
    data : iterable of Report, a tidy frame (:data:`~govinfo_widgets.frame.FRAME_COLUMNS`) or a Corpus

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> w = wide_frame(load_examples())
    >>> int(w.set_index("report_id").loc["002", "t3.new_received.total"])
    3119
    """
    if isinstance(data, Corpus):
        data = data.reports
    if isinstance(data, pd.DataFrame):
        return wide_from_tidy(data)
    reports = list(data)
    rows = [{**meta_row(r), **{a: c.number for a, c in r.cells.items()}} for r in reports]
    cols = ordered_addresses({a for r in reports for a in r.cells})
    df = pd.DataFrame.from_records(rows, columns=META_COLUMNS + cols)
    df[cols] = df[cols].astype("float64")
    df["year"] = df["year"].astype("Int64")
    return df


def comparable_frame(data) -> pd.DataFrame:
    """Cells that can be compared across the 2019 and 2021 forms, one row per report.

    * Table 3 rows that did not change, and every Table 4 cell: same address.
    * （六）其他处理: key ``t3.other_total_2019.<col>`` = the 2019 row, or the **sum** of the
      2021 （六）1–3 (or the 2021 row given as one, ``t3.other.<col>``) — spec §4.3. Never
      ``other_other`` alone.
    * Table 2 only as in :data:`T2_APPROXIMATE` (spec §3.3); these columns are listed in
      ``frame.attrs["approximate"]`` and must be labelled "approximate" where shown.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> c = comparable_frame([load_example("009"), load_example("011")])
    >>> "t3.other_total_2019.total" in c.columns, c.attrs["approximate"][0]
    (True, 't2.art20_1.rules.issued')
    """
    wide = data if _is_wide(data) else wide_frame(data)
    out = {c: wide[c] for c in META_COLUMNS if c in wide.columns}
    is19 = wide["form"].eq("gov_2019")
    collapsed = pd.Series(False, index=wide.index)
    for c in C7:
        if f"t3.other.{c}" in wide.columns:
            collapsed |= wide[f"t3.other.{c}"].notna()
    for row in _T3_SAME_ROWS:
        for c in C7:
            out[f"t3.{row}.{c}"] = column(wide, f"t3.{row}.{c}")
    other_rows = [f"t3.other_total_2019.{c}" for c in C7]
    for c, key in zip(C7, other_rows):
        split = column_sum(wide, (f"t3.{r}.{c}" for r in _OTHER_2021))
        as2021 = column(wide, f"t3.other.{c}").where(collapsed, split)
        out[key] = column(wide, key).where(is19, as2021)
    for k in T4_ORDER:
        out[f"t4.{k}"] = column(wide, f"t4.{k}")
    for key, old in T2_APPROXIMATE.items():
        out[key] = column(wide, old).where(is19, column(wide, key))
    df = pd.DataFrame(out)
    df.attrs["approximate"] = list(T2_APPROXIMATE)
    return df


def _is_wide(data) -> bool:
    return isinstance(data, pd.DataFrame) and "address" not in data.columns and "form" in data.columns


# ---- metrics -----------------------------------------------------------------------------------
def _t3(rows, col="total"):
    return tuple(f"t3.{r}.{col}" for r in rows)


_OUTCOME_TOTAL = ("t3.outcome_total.total",)
_SUITS = ("suit_direct", "suit_after_review")
_METRIC_LIST = [
    Metric(
        "received_total", "受理总量", "Requests to handle", "一 + 二（总计列）", _t3(["new_received", "carried_over"])
    ),
    Metric("new_received", "本年新收申请", "New requests", "一（总计列）", _t3(["new_received"])),
    Metric(
        "disclosure_rate",
        "公开率",
        "Disclosure rate",
        "（（一）予以公开 + （二）部分公开）÷（七）总计",
        _t3(["granted", "partially_granted"]),
        _OUTCOME_TOTAL,
    ),
    Metric(
        "denial_rate",
        "不予公开率",
        "Denial rate",
        "（三）不予公开 1–8 之和 ÷（七）总计",
        _t3(OUTCOME_GROUPS["denied"]),
        _OUTCOME_TOTAL,
    ),
    Metric(
        "unable_rate",
        "无法提供率",
        "Unable-to-provide rate",
        "（四）无法提供 1–3 之和 ÷（七）总计",
        _t3(OUTCOME_GROUPS["unable"]),
        _OUTCOME_TOTAL,
    ),
    Metric(
        "carry_forward_rate",
        "结转率",
        "Carry-forward rate",
        "四、结转下年度继续办理 ÷（一 + 二）",
        _t3(["carried_forward"]),
        _t3(["new_received", "carried_over"]),
    ),
    Metric(
        "review_correction_rate",
        "复议纠错率",
        "Review correction rate",
        "行政复议 结果纠正 ÷（行政复议 总计 − 尚未审结）",
        ("t4.review_corrected",),
        ("t4.review_total",),
        ("t4.review_pending",),
    ),
    Metric(
        "litigation_correction_rate",
        "诉讼纠错率",
        "Litigation correction rate",
        "行政诉讼 结果纠正 ÷（行政诉讼 总计 − 尚未审结），直接起诉与复议后起诉合计",
        tuple(f"t4.{g}_corrected" for g in _SUITS),
        tuple(f"t4.{g}_total" for g in _SUITS),
        tuple(f"t4.{g}_pending" for g in _SUITS),
    ),
]
_COLUMN_LABELS = {c["key"]: (c["label"], c["label_en"]) for c in _F21.t3_columns}
#: Applicant mix: each applicant column's share of 一、本年新收 (总计).
APPLICANT_SHARES = tuple(f"share_{c}" for c in C6)
_METRIC_LIST += [
    Metric(
        f"share_{c}",
        f"申请人占比·{_COLUMN_LABELS[c][0]}",
        f"Applicant share: {_COLUMN_LABELS[c][1]}",
        f"一、本年新收 {_COLUMN_LABELS[c][0]} ÷ 一、本年新收 总计",
        (f"t3.new_received.{c}",),
        ("t3.new_received.total",),
    )
    for c in C6
]
#: Every derived metric by key, in display order.
METRICS: dict[str, Metric] = {m.key: m for m in _METRIC_LIST}


def metrics_frame(data) -> pd.DataFrame:
    """Every metric of :data:`METRICS` for every report (one row each, with the report's meta).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> m = metrics_frame([load_example("002")])
    >>> round(float(m.loc[0, "disclosure_rate"]), 4)  # (1362 + 454) / 3050
    0.5954
    """
    comp = comparable_frame(data)
    out = comp[[c for c in META_COLUMNS if c in comp.columns]].copy()
    for m in METRICS.values():
        out[m.key] = m.compute(comp)
    return out


def outcome_frame(data) -> pd.DataFrame:
    """Table 3 outcome groups (:data:`OUTCOME_GROUPS`) plus 一, 二, （七）, 四 per report, 总计 column."""
    comp = comparable_frame(data)
    out = comp[[c for c in META_COLUMNS if c in comp.columns]].copy()
    for key in ("new_received", "carried_over"):
        out[key] = column(comp, f"t3.{key}.total")
    for g, rows in OUTCOME_GROUPS.items():
        out[g] = column_sum(comp, _t3(rows))
    for key in ("outcome_total", "carried_forward"):
        out[key] = column(comp, f"t3.{key}.total")
    return out


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
        """Open a ``govinfo import`` output folder lazily: see :class:`~govinfo_widgets.dataset.CorpusDataset`."""
        from .dataset import CorpusDataset

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
