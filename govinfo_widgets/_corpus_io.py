"""A corpus's frames: reports → the wide frame, the tidy frame → reports, and what a Parquet file keeps beside it."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

import pandas as pd

from .errors import GovinfoError
from .frame import FRAME_COLUMNS
from .model import Cell, Report, ReportMeta
from .rules import address_space
from .schema import get_form

PARQUET_KEY = b"govinfo.corpus"
PARQUET_VERSION = 1
#: Columns that describe a report in :func:`~govinfo_widgets.corpus.wide_frame` (the cell addresses follow them).
META_COLUMNS = ["report_id", "agency", "level", "region", "year", "form"]
#: Cell statuses that the tidy frame holds as 0 (a blank leaf, "-").
ZERO_STATUSES = ("blank_zero", "not_applicable")


def require(df: pd.DataFrame, cols: Sequence[str], zh: str, en: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise GovinfoError(f"{zh}缺少列：{', '.join(missing)}", f"the {en} lacks columns: {', '.join(missing)}")


def meta_row(report: Report) -> dict:
    m = report.meta
    return {
        "report_id": report.key,
        "agency": m.agency,
        "level": m.level,
        "region": m.region,
        "year": m.year,
        "form": m.form,
    }


def ordered_addresses(present: Iterable[str]) -> list[str]:
    addrs, _ = address_space()
    present = set(present)
    return [a for a in addrs if a in present]


def wide_from_tidy(tidy: pd.DataFrame) -> pd.DataFrame:
    require(tidy, FRAME_COLUMNS, "整理后的长表", "tidy frame")
    if tidy.empty:
        return pd.DataFrame(columns=META_COLUMNS)
    number = tidy["value"].where(~tidy["status"].isin(ZERO_STATUSES), 0.0)  # also for frames saved before 0.1
    values = tidy.assign(number=number).pivot(index="report_id", columns="address", values="number")
    values = values[ordered_addresses(values.columns)]
    meta = tidy.drop_duplicates("report_id").set_index("report_id")[META_COLUMNS[1:]]
    out = meta.join(values).reset_index()
    out["year"] = out["year"].astype("Int64")
    return out


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
    if isinstance(data, pd.DataFrame):
        return wide_from_tidy(data)
    reports = list(data)  # reports, or a Corpus (it iterates over its reports)
    rows = [{**meta_row(r), **{a: c.number for a, c in r.cells.items()}} for r in reports]
    cols = ordered_addresses({a for r in reports for a in r.cells})
    df = pd.DataFrame.from_records(rows, columns=META_COLUMNS + cols)
    df[cols] = df[cols].astype("float64")
    df["year"] = df["year"].astype("Int64")
    return df


def reports_from_frame(tidy: pd.DataFrame, extra: dict | None = None) -> list[Report]:
    """Rebuild the reports from a tidy frame (``extra``: per report id, what the frame cannot hold)."""
    require(tidy, FRAME_COLUMNS, "整理后的长表", "tidy frame")
    extra = extra or {}
    reports = []
    for rid, g in tidy.groupby("report_id", sort=False):
        try:
            reports.append(_report_from_rows(rid, g, extra.get(rid, {})))
        except (KeyError, ValueError, TypeError) as e:
            raise GovinfoError(
                f"长表中的年报 {rid} 无法还原：{e}", f"report {rid} in the frame cannot be rebuilt: {e}"
            ) from e
    return reports


def parquet_metadata(reports: Iterable[Report]) -> dict[bytes, bytes]:
    """The Parquet schema metadata that keeps each report's meta, sections, fees, extras and notes."""
    extra = {}
    for r in reports:
        d = r.to_dict()
        extra[r.key] = {
            "meta": d["meta"],
            "sections": d["sections"],
            "fees": d["fees"],
            "extras": d["extras"],
            "notes": {a: c.note for a, c in r.cells.items() if c.note is not None},
        }
    return {PARQUET_KEY: json.dumps({"version": PARQUET_VERSION, "reports": extra}, ensure_ascii=False).encode("utf-8")}


def extras_from_metadata(metadata: dict | None) -> dict:
    """What :func:`parquet_metadata` kept (empty for a Parquet file of another origin)."""
    blob = (metadata or {}).get(PARQUET_KEY)
    if blob is None:
        return {}
    data = json.loads(blob.decode("utf-8"))
    if data.get("version") != PARQUET_VERSION:
        raise GovinfoError(
            f"不支持的语料文件版本 {data.get('version')!r}",
            f"unsupported corpus file version {data.get('version')!r}",
        )
    return data["reports"]


def _is_na(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def _value(form, address: str, value):
    if _is_na(value):
        return None
    value = float(value)
    if form.cell(address).dtype == "int" and value.is_integer():
        return int(value)
    return value


def _report_from_rows(rid, g: pd.DataFrame, info: dict) -> Report:
    first = g.iloc[0]
    meta_d = dict(info.get("meta") or {})
    for k in ("agency", "level", "region", "year", "form"):
        v = first[k]
        meta_d[k] = None if _is_na(v) else (int(v) if k == "year" else v)
    meta_d.setdefault("id", rid if ":" not in str(rid) else None)
    form = get_form(meta_d["form"])
    notes = info.get("notes", {})
    cells = {}
    for addr, value, status, raw, source in zip(g["address"], g["value"], g["status"], g["raw"], g["source"]):
        value = None if status in ZERO_STATUSES and value == 0 else value  # the tidy frame holds 0 for blanks
        cells[addr] = Cell(
            _value(form, addr, value),
            status,
            None if _is_na(raw) else raw,
            None if _is_na(source) else source,
            notes.get(addr),
        )
    return Report(ReportMeta(**meta_d), cells, info.get("sections", {}), info.get("fees", {}), info.get("extras", {}))
