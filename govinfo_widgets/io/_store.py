"""The ``govinfo import`` output folder's bookkeeping: the manifest, the failures list, partition names, agency
buckets, and the removal of outputs no manifest names (see :mod:`govinfo_widgets.io._import` for the layout)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from .._atomic import atomic_write

MANIFEST_COLUMNS = ["file", "size", "mtime_ns", "sha256", "name", "ok", "error", "zh", "en", "year", "parts"]


def agency_bucket(agency: str | None, buckets: int = 64) -> int:
    """A stable bucket of an agency (CRC-32 modulo ``buckets``): audits read one bucket of agencies at a time,
    every year of an agency in the same bucket, so the cross-year rules hold within a chunk."""
    return zlib.crc32((agency or "").encode("utf-8")) % buckets


def year_dir(year) -> str:
    return "__HIVE_DEFAULT_PARTITION__" if year is None else str(int(year))


def read_manifest(out: Path) -> dict[str, dict]:
    path = out / "manifest.parquet"
    if not path.is_file():
        return {}
    import pyarrow.parquet as pq

    try:
        rows = pq.read_table(path).to_pylist()
    except Exception:  # noqa: BLE001 - an unreadable manifest: start afresh (outputs are swept below)
        return {}
    for r in rows:
        r["parts"] = json.loads(r["parts"] or "[]")
    return {r["file"]: r for r in rows}


def write_manifest(out: Path, entries: dict[str, dict], status: str, info: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {k: (json.dumps(e.get(k) or []) if k == "parts" else e.get(k)) for k in MANIFEST_COLUMNS}
        for e in sorted(entries.values(), key=lambda e: e["file"])
    ]
    schema = pa.schema(
        [
            ("file", pa.string()),
            ("size", pa.int64()),
            ("mtime_ns", pa.int64()),
            ("sha256", pa.string()),
            ("name", pa.string()),
            ("ok", pa.bool_()),
            ("error", pa.string()),
            ("zh", pa.string()),
            ("en", pa.string()),
            ("year", pa.int64()),
            ("parts", pa.string()),
        ]
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    atomic_write(out / "manifest.parquet", lambda f: pq.write_table(table, f))
    ok = sum(1 for e in entries.values() if e.get("ok"))
    summary = {
        "format": "govinfo-import",
        "version": 1,
        "status": status,
        "files": len(entries),
        "ok": ok,
        "failed": len(entries) - ok,
        **info,
    }
    atomic_write(out / "manifest.json", json.dumps(summary, ensure_ascii=False, indent=1) + "\n")


def drop_rows(out: Path, rel: str, names: set[str]) -> None:
    """Rewrite one part without the rows of ``names`` (deleted when nothing is left)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = out / rel
    if not path.is_file():
        return
    table = pq.read_table(path)
    col = "name" if rel.startswith("cells/") else "report_id"
    keep = table.filter(pc.invert(pc.is_in(table[col], value_set=_pa_strings(names))))
    if keep.num_rows == table.num_rows:
        return
    if keep.num_rows == 0:
        path.unlink()
    else:
        atomic_write(path, lambda f: pq.write_table(keep, f))


def _pa_strings(values):
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def sweep(out: Path, entries: dict[str, dict]) -> int:
    """Delete temporary files and every output no manifest entry names; returns how many were deleted."""
    wanted = {p for e in entries.values() if e.get("ok") for p in e.get("parts") or []}
    names = {e["name"] for e in entries.values() if e.get("ok")}
    gone = 0
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        stale = path.name.endswith(".tmp") and path.name.startswith(".")
        stale |= rel.startswith(("cells/", "wide/")) and rel not in wanted
        stale |= rel.startswith("reports/") and path.suffix == ".json" and path.stem not in names
        stale |= rel == "cells.parquet"  # the single file written by earlier versions
        if stale:
            path.unlink()
            gone += 1
    return gone


def write_failures(out: Path, failures: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(k, pa.string()) for k in ("file", "error", "zh", "en")])
    table = pa.Table.from_pylist(failures, schema=schema)
    atomic_write(out / "failures.parquet", lambda f: pq.write_table(table, f))
    atomic_write(out / "failures.json", json.dumps(failures, ensure_ascii=False, indent=1) + "\n")
