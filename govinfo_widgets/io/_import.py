"""``govinfo import``: many published files → a partitioned Parquet dataset, on Dask, incremental and safe.

Layout of the output folder::

    OUT/manifest.json                    run status (complete / incomplete), counts, times
    OUT/manifest.parquet                 one row per input: path, size, mtime, sha256, name, ok, error, parts
    OUT/failures.parquet, failures.json  one row per input that could not be read: file, error class, message
    OUT/reports/<name>.json              each Report as JSON
    OUT/cells/year=YYYY/part-*.parquet   one row per cell with provenance (file, sha256, source)
    OUT/wide/year=YYYY/part-*.parquet    one row per report, one column per cell address (for audits)

Files are read in chunks by Dask tasks (a ``LocalCluster`` of local processes by default, or a
scheduler given as ``tcp://HOST:PORT``); each file is read in a killable child with the memory and
time limits (:mod:`._guard`). Every output file is written to a temporary name and renamed, and the
manifest records only what was written, so a run killed at any moment leaves no half-written file and
a re-run finishes it: unchanged inputs (same content hash) are skipped, outputs of changed or
vanished inputs are removed, and files that no manifest names are deleted.
"""

from __future__ import annotations

import glob as globmod
import hashlib
import os
import time
from pathlib import Path

from .._atomic import atomic_write
from ..errors import GovinfoError
from ._store import drop_rows, read_manifest, sweep, write_failures, write_manifest, year_dir

#: What ``govinfo import`` reads from a folder.
SUFFIXES = (".html", ".htm", ".shtml", ".md", ".markdown", ".docx", ".pdf", ".txt")
#: Columns of the provenance added to each cell row.
PROVENANCE = ["file", "sha256", "name"]
#: Failures that say nothing about the file (a worker lost): retried on the next run.
TRANSIENT = ("ReaderDiedError", "KilledWorker", "CancelledError", "CommClosedError")


# ---- inputs ----------------------------------------------------------------------------------------
def list_inputs(src: str | Path) -> tuple[Path, list[Path]]:
    """``(root, files)``: the report files under a folder, or matching a glob (``**`` allowed).

    ``root`` is the folder names are made relative to (the glob's part before its first wildcard).
    """
    s = str(src)
    if any(ch in s for ch in "*?["):
        root = Path(s.split("*")[0].split("?")[0].split("[")[0] or ".")
        root = root if root.is_dir() else root.parent
        files = [Path(p) for p in globmod.glob(s, recursive=True)]
    else:
        root = Path(s)
        if not root.is_dir():
            raise GovinfoError(f"不是文件夹：{src}", f"not a folder: {src}")
        files = list(root.rglob("*"))
    files = sorted(p for p in files if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise GovinfoError(f"没有可读取的年报文件：{src}", f"no readable report files in {src}")
    return root, files


def output_name(rel: str) -> str:
    """A unique, stable output name for a relative input path: the path flattened plus a short hash of it.

    ``sub/a.html`` and ``sub__a.html`` flatten alike but hash apart.

    Examples
    --------
    >>> output_name("sub/a.html") != output_name("sub__a.html")
    True
    >>> output_name("sub/a.html").startswith("sub__a.html-")
    True
    """
    flat = "__".join(Path(rel).parts)
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in flat)[:120]
    return f"{safe}-{hashlib.sha1(rel.encode('utf-8')).hexdigest()[:8]}"


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---- one chunk of files (runs on a worker) ------------------------------------------------------------
def import_chunk(items: list[dict], out: str) -> list[dict]:
    """Read each file (limited child), write its Report JSON and this chunk's cell and wide parts per year.

    ``items`` are ``{"file", "path", "sha256", "name"}``. Returns one record per file; never raises
    for a file's sake. Parts are named from the chunk's names and hashes, so a retried chunk
    rewrites the same files.
    """
    from ..model import Report
    from ._guard import read_limited

    out_dir = Path(out)
    records, reports = [], []
    for it in items:
        t0 = time.perf_counter()
        answer = read_limited(it["path"], reuse=True)
        rec = {**it, "ok": answer["ok"], "seconds": time.perf_counter() - t0}
        if answer["ok"]:
            try:
                report = Report.from_dict(answer["report"])
                report = report.with_meta(id=it["name"])
                reports.append((it, report))
                rec["year"] = report.meta.year
            except Exception as e:  # noqa: BLE001 - a report that cannot be rebuilt is this file's failure
                rec.update(ok=False, error=type(e).__name__, zh=f"内部错误：{e}", en=f"internal error: {e}")
        else:
            rec.update(error=answer["error"], zh=answer["zh"], en=answer["en"])
        records.append(rec)
    tag = hashlib.sha1("".join(i["name"] + i["sha256"] for i in items).encode()).hexdigest()[:16]
    parts = _write_parts(reports, out_dir, tag, records)
    for it, report in reports:
        rec = next(r for r in records if r["name"] == it["name"])
        if rec["ok"]:
            atomic_write(out_dir / "reports" / f"{it['name']}.json", report.to_json())
            rec["parts"] = parts.get(report.meta.year, [])
    return records


def _write_parts(reports, out_dir: Path, tag: str, records: list[dict]) -> dict:
    """Write the cells and wide parts of these reports, one pair per year; a report whose rows cannot be
    built (e.g. a number too large for a float) becomes a failure and the others are written."""
    from ..dataset import part_tables, write_cells, write_wide

    def tables(group):
        return part_tables([r for _, r in group], [(it["file"], it["sha256"], it["name"]) for it, _ in group])

    by_year: dict = {}
    for it, report in reports:
        by_year.setdefault(report.meta.year, []).append((it, report))
    parts: dict = {}
    for year, group in by_year.items():
        try:
            cells, wide = tables(group)
        except Exception:  # noqa: BLE001 - find the reports that cannot be tabulated, one by one
            kept = []
            for it, report in group:
                try:
                    tables([(it, report)])
                except Exception as e:  # noqa: BLE001
                    rec = next(r for r in records if r["name"] == it["name"])
                    rec.update(
                        ok=False,
                        error=type(e).__name__,
                        zh=f"无法整理单元格：{e}",
                        en=f"cells cannot be tabulated: {e}",
                    )
                else:
                    kept.append((it, report))
            if not kept:
                continue
            cells, wide = tables(kept)
        part = f"year={year_dir(year)}"
        cells_rel, wide_rel = f"cells/{part}/part-{tag}.parquet", f"wide/{part}/part-{tag}.parquet"
        write_cells(cells, out_dir / cells_rel)
        write_wide(wide, out_dir / wide_rel)
        parts[year] = [cells_rel, wide_rel]
    return parts


# ---- the run (on the client) ------------------------------------------------------------------------
def plan(root: Path, files: list[Path], old: dict[str, dict]) -> tuple[dict, list[dict], list[dict]]:
    """``(kept, todo, stale)``: manifest entries still valid, inputs to read, old entries to remove."""
    kept: dict[str, dict] = {}
    todo: list[dict] = []
    seen = set()
    for p in files:
        rel = p.relative_to(root).as_posix() if p.is_relative_to(root) else p.as_posix()
        seen.add(rel)
        st = p.stat()
        prev = old.get(rel)
        same_stat = prev and prev["size"] == st.st_size and prev["mtime_ns"] == st.st_mtime_ns
        sha = prev["sha256"] if same_stat else file_hash(p)
        entry = {
            "file": rel,
            "path": str(p.resolve()),
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
            "sha256": sha,
            "name": output_name(rel),
        }
        if prev and prev["sha256"] == sha and (prev["ok"] or prev.get("error") not in TRANSIENT):
            kept[rel] = {**prev, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        else:
            todo.append(entry)
    stale = [e for rel, e in old.items() if rel not in kept]
    return kept, todo, stale


def import_files(
    src: str | Path,
    out: str | Path,
    *,
    jobs: int = 0,
    scheduler: str | None = None,
    progress: bool = True,
    chunk: int | None = None,
    log=print,
) -> list[dict]:
    """Import the report files of a folder or glob into ``out`` (see the module docstring for the layout).

    Parameters
    ----------
    jobs : int
        Local worker processes (0 = all cores); 1 reads in this process. Ignored with ``scheduler``.
    scheduler : str, optional
        A Dask scheduler address (``tcp://HOST:PORT``); its workers must see ``src`` and ``out``.
    chunk : int, optional
        Files per task (default: about four tasks per worker, at most 64 files each).

    Returns one record per input (``file``, ``ok``, ``error``/``zh``/``en`` for failures, ``skipped``
    for inputs unchanged since the last run).
    """
    from tqdm import tqdm

    root, files = list_inputs(src)
    out = Path(out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    old = read_manifest(out)
    kept, todo, stale = plan(root, files, old)
    stale_names = {e["name"] for e in stale}
    for rel in {p for e in stale for p in e.get("parts") or []}:
        drop_rows(out, rel, stale_names)
    gone_inputs = sorted(e["file"] for e in stale if e["file"] not in {t["file"] for t in todo})
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    info = {"started": started, "source": str(src), "removed_inputs": gone_inputs}
    write_manifest(out, kept, "incomplete", info)
    sweep(out, kept)
    if gone_inputs:
        log(
            f"已删除 {len(gone_inputs)} 个已不存在的输入文件的输出 / removed the outputs of {len(gone_inputs)} "
            "input(s) that no longer exist"
        )
    entries = dict(kept)
    bar = tqdm(total=len(todo), disable=not progress, unit="file", desc="govinfo import")
    last = time.monotonic()

    def done(records: list[dict]) -> None:
        nonlocal last
        for r in records:
            entries[r["file"]] = r
        bar.update(len(records))
        if time.monotonic() - last > 10:  # a checkpoint: a killed run keeps what finished
            write_manifest(out, entries, "incomplete", info)
            last = time.monotonic()

    if todo:
        _run(todo, out, jobs, scheduler, chunk, done, log)
    bar.close()
    info["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    write_manifest(out, entries, "complete", info)
    failures = [{k: e.get(k) for k in ("file", "error", "zh", "en")} for e in entries.values() if not e.get("ok")]
    write_failures(out, sorted(failures, key=lambda f: f["file"]))
    new = {t["file"] for t in todo}
    return [
        {
            **{k: e.get(k) for k in ("file", "name", "ok", "error", "zh", "en", "sha256", "year")},
            "skipped": e["file"] not in new,
        }
        for e in sorted(entries.values(), key=lambda e: e["file"])
    ]


def _chunks(todo: list[dict], workers: int, chunk: int | None) -> list[list[dict]]:
    size = chunk or max(1, min(64, -(-len(todo) // (workers * 4))))
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def _run(todo, out: Path, jobs: int, scheduler: str | None, chunk, done, log) -> None:
    jobs = jobs or os.cpu_count() or 1
    if scheduler is None and jobs == 1:
        from ._guard import close_reader

        try:
            for c in _chunks(todo, 1, chunk):
                done(import_chunk(c, str(out)))
        finally:
            close_reader()
        return
    import logging

    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
        log(f"Dask 集群 / Dask cluster: {scheduler}  仪表板 / dashboard: {client.dashboard_link}")
        workers = max(1, len(client.scheduler_info().get("workers", {})))
    else:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        )
        client = Client(cluster)
        workers = jobs
    try:
        chunks = _chunks(todo, workers, chunk)
        futures = client.map(import_chunk, chunks, out=str(out), pure=False)
        which = {f.key: c for f, c in zip(futures, chunks)}
        for fut in as_completed(futures):
            try:
                done(fut.result())
            except Exception as e:  # noqa: BLE001 - a chunk lost with its worker: its files are failures
                done(
                    [
                        {
                            **it,
                            "ok": False,
                            "error": type(e).__name__,
                            "zh": f"工作进程失败：{e}",
                            "en": f"worker failed: {e}",
                        }
                        for it in which[fut.key]
                    ]
                )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
