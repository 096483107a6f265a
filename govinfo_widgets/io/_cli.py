"""``govinfo parse FILE`` and ``govinfo import DIR -o OUT`` (registered by :mod:`govinfo_widgets.cli`)."""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from ..errors import GovinfoError

#: What ``govinfo import`` reads from a folder.
SUFFIXES = (".html", ".htm", ".shtml", ".md", ".markdown", ".docx", ".pdf", ".txt")


def register(sub) -> None:
    """Add the ``parse`` and ``import`` subcommands to the ``govinfo`` parser."""
    p = sub.add_parser("parse", help="读取已发布的年报文件 / read a published report file")
    p.add_argument("file", help="HTML, PDF, DOCX, Markdown or text file")
    p.add_argument("--json", action="store_true", help="输出年报 JSON / print the report JSON (flat cells mapping)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_parse)
    i = sub.add_parser("import", help="批量导入一个文件夹 / import a folder of published files")
    i.add_argument("dir", help="folder of published files (searched recursively)")
    i.add_argument("-o", "--out", required=True, help="output folder: Report JSONs and cells.parquet")
    i.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: all cores)")
    i.add_argument("--lang", choices=["zh", "en"], default="zh")
    i.set_defaults(func=cmd_import)


# ---------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------
def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _cell_text(c) -> str:
    if c is None:
        return "·"
    if c.status == "unreadable":
        return "?"
    if c.status == "not_applicable":
        return c.raw or "-"
    if c.value is None:
        return "" if c.status == "blank_zero" else "□"
    return _fmt(c.value)


def summary(report, lang: str = "zh") -> str:
    """A readable summary: who, which year and form, the label variants seen, and the three tables."""
    en = lang == "en"
    m = report.meta
    form = report.form
    out = []
    out.append(f"{'Agency' if en else '机关'}: {m.agency}")
    out.append(f"{'Year' if en else '年度'}: {m.year}")
    out.append(f"{'Form' if en else '格式'}: {m.form} ({form.name['en' if en else 'zh']})"
               + (f"; {'declared' if en else '文中引用'} {m.format_declared}" if m.format_declared else ""))
    variants = _variants(report)
    if variants:
        out.append("Label variants seen:" if en else "与标准不同的栏目名称：")
        for canon, raw in variants:
            out.append(f"  {raw}  →  {canon}")
    counts: dict[str, int] = {}
    for c in report.cells.values():
        counts[c.status] = counts.get(c.status, 0) + 1
    out.append(("Cells: " if en else "单元格：") + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    # Table 2
    out.append("")
    out.append("Table 2 — proactive disclosure" if en else "表二 主动公开政府信息情况")
    for b in form.table("t2")["blocks"]:
        for r in b["rows"]:
            lab = "label_en" if en else "label"
            vals = [f"{c[lab]} {_cell_text(report.cells.get('t2.' + b['key'] + '.' + r['key'] + '.' + c['key']))}"
                    for c in b["columns"]]
            out.append(f"  {b['title']} {r['label_en' if en else 'label']}: " + "; ".join(vals))
    # Table 3
    out.append("")
    out.append("Table 3 — requests" if en else "表三 收到和处理政府信息公开申请情况")
    heads = [c["label_en" if en else "label"] for c in form.t3_columns]
    out.append("  " + " | ".join(["", *heads]))
    for r in form.t3_data_rows(report.collapsed):
        vals = [_cell_text(report.cells.get(f"t3.{r.key}.{c['key']}")) for c in form.t3_columns]
        label = r.label_en if en else r.label
        out.append(f"  {label} | " + " | ".join(vals))
    # Table 4
    out.append("")
    out.append("Table 4 — reconsideration and litigation" if en else "表四 政府信息公开行政复议、行政诉讼情况")
    t4 = form.table("t4")
    for g in t4["groups"]:
        lab = "label_en" if en else "label"
        vals = [f"{c[lab]} {_cell_text(report.cells.get('t4.' + g['key'] + '_' + c['key']))}" for c in t4["columns"]]
        out.append(f"  {g['label_en' if en else 'label']}: " + "; ".join(vals))
    notes = report.extras.get("bind_notes") or []
    unreadable = [a for a, c in report.cells.items() if c.status == "unreadable"]
    if unreadable:
        out.append("")
        out.append("Unreadable cells, with the reason: " if en else "无法读取的单元格及原因：")
        by_reason: dict[str, list[str]] = {}
        for a in unreadable:
            c = report.cells[a]
            reason = c.note or (f"raw {c.raw!r}" if en else f"原文“{c.raw}”") if (c.note or c.raw) else "—"
            by_reason.setdefault(reason, []).append(a)
        for reason, addrs in by_reason.items():
            out.append(f"  {', '.join(addrs)}: {reason}")
    if notes:
        out.append(("Notes: " if en else "说明：") + "; ".join(notes))
    out.append("")
    out.append("(· absent, □ blank total, ? unreadable)" if en else "（· 缺失，□ 总计留空，? 无法读取；留空的数据格记为 0）")
    return "\n".join(out)


def _variants(report) -> list[tuple[str, str]]:
    """(canonical label, label as printed) for every label read that differs from the form's wording."""
    from ._match import norm

    form = report.form
    seen = report.extras.get("labels_seen") or {}
    canon: dict[str, str] = {}
    for b in form.table("t2")["blocks"]:
        for r in b["rows"]:
            canon[f"t2.{b['key']}.{r['key']}"] = r["label"]
        for c in b["columns"]:
            canon[f"t2.{b['key']}.*.{c['key']}"] = c["label"]
    for r in form.t3_rows:
        canon[f"t3.{r.key}"] = r.label
    for c in form.t3_columns:
        canon[f"t3.*.{c['key']}"] = c["label"]
    out = []
    for key, raw in seen.items():
        want = canon.get(key)
        if want and raw and norm(raw) != norm(want) and (want, raw) not in out:
            out.append((want, raw))
    return out


def cmd_parse(args) -> int:
    from . import read_report

    report = read_report(Path(args.file))
    if args.json:
        sys.stdout.write(report.to_json())
    else:
        print(summary(report, args.lang))
    return 0


# ---------------------------------------------------------------------------
# import
# ---------------------------------------------------------------------------
def _import_one(path: str, out_dir: str, name: str) -> dict:
    """Read one file and write its Report JSON as ``<name>.json``; never raises (the failure is returned)."""
    from . import read_report

    t0 = time.perf_counter()
    try:
        report = read_report(Path(path))
        report = report.with_meta(id=report.meta.id or name)
        target = Path(out_dir) / f"{name}.json"
        report.to_json(target)
        return {"file": path, "ok": True, "json": str(target), "seconds": time.perf_counter() - t0}
    except GovinfoError as e:
        return {"file": path, "ok": False, "error": type(e).__name__, "zh": e.zh, "en": e.en,
                "seconds": time.perf_counter() - t0}
    except Exception as e:  # one bad file never stops the batch; the reason is reported
        return {"file": path, "ok": False, "error": type(e).__name__, "zh": f"内部错误：{e}", "en": f"internal error: {e}",
                "seconds": time.perf_counter() - t0}


def _names(src: Path, files: list[str]) -> dict[str, str]:
    """An output name per file: its path under ``src`` without suffix (``a__b``), plus the suffix when two clash."""
    stems = {f: "__".join(Path(f).relative_to(src).with_suffix("").parts) for f in files}
    count: dict[str, int] = {}
    for s in stems.values():
        count[s] = count.get(s, 0) + 1
    return {f: (s if count[s] == 1 else f"{s}_{Path(f).suffix.lstrip('.').lower()}") for f, s in stems.items()}


def import_dir(src: str | Path, out: str | Path, jobs: int = 0, progress: bool = True) -> list[dict]:
    """Import every published file under ``src`` into ``out``: one Report JSON each and ``cells.parquet``.

    Files are read in parallel (``jobs`` processes; 0 = all cores). Returns one record per file
    (``ok``, and ``error``/``zh``/``en`` for failures); ``out/failures.json`` lists the failures.
    """
    from tqdm import tqdm

    from ..frame import reports_frame
    from ..model import Report

    src, out = Path(src), Path(out)
    if not src.is_dir():
        raise GovinfoError(f"不是文件夹：{src}", f"not a folder: {src}")
    files = sorted(str(p) for p in src.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise GovinfoError(f"文件夹中没有可读取的年报文件：{src}", f"no readable report files in {src}")
    (out / "reports").mkdir(parents=True, exist_ok=True)
    names = _names(src, files)
    jobs = jobs or os.cpu_count() or 1
    results: list[dict] = []
    bar = tqdm(total=len(files), disable=not progress, unit="file", desc="govinfo import")
    if jobs == 1:
        for f in files:
            results.append(_import_one(f, str(out / "reports"), names[f]))
            bar.update()
    else:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            futs = [ex.submit(_import_one, f, str(out / "reports"), names[f]) for f in files]
            for fut in as_completed(futs):
                results.append(fut.result())
                bar.update()
    bar.close()
    results.sort(key=lambda r: r["file"])
    reports = [Report.from_json(Path(r["json"])) for r in results if r["ok"]]
    if reports:
        reports_frame(reports).to_parquet(out / "cells.parquet", index=False)
    failures = [r for r in results if not r["ok"]]
    (out / "failures.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return results


def cmd_import(args) -> int:
    results = import_dir(args.dir, args.out, jobs=args.jobs, progress=True)
    ok = [r for r in results if r["ok"]]
    bad = [r for r in results if not r["ok"]]
    en = args.lang == "en"
    if en:
        print(f"{len(ok)} of {len(results)} files imported into {args.out} (reports/*.json, cells.parquet)")
    else:
        print(f"共 {len(results)} 个文件，成功导入 {len(ok)} 个，输出在 {args.out}（reports/*.json、cells.parquet）")
    if bad:
        print("Failed:" if en else "未能导入：")
        for r in bad:
            print(f"  {r['file']}: [{r['error']}] {r['en'] if en else r['zh']}")
    return 1 if bad else 0
