"""``govinfo parse FILE`` and ``govinfo import DIR -o OUT`` (registered by :mod:`govinfo_widgets.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import GovinfoError
from ._import import SUFFIXES, import_files

__all__ = ["SUFFIXES", "import_dir", "register", "summary"]


def register(sub) -> None:
    """Add the ``parse`` and ``import`` subcommands to the ``govinfo`` parser."""
    p = sub.add_parser("parse", help="读取已发布的年报文件 / read a published report file")
    p.add_argument("file", help="HTML, PDF, DOCX, Markdown or text file")
    p.add_argument("--json", action="store_true", help="输出年报 JSON / print the report JSON (flat cells mapping)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_parse)
    i = sub.add_parser("import", help="批量导入文件夹或通配符匹配的文件 / import a folder (or glob) of published files")
    i.add_argument("dir", help="folder of published files (searched recursively), or a glob such as 'reports/**/*.pdf'")
    i.add_argument(
        "-o",
        "--out",
        required=True,
        help="output folder: partitioned Parquet dataset (cells/, wide/), reports/*.json, manifest, failures",
    )
    i.add_argument(
        "-j", "--jobs", type=int, default=0, help="local worker processes (default: all cores; 1 = this process)"
    )
    i.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    i.add_argument("--chunk", type=int, default=None, help="files per task (default: automatic, at most 64)")
    i.add_argument("--no-progress", action="store_true", help="no progress bar")
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
    out.append(
        f"{'Form' if en else '格式'}: {m.form} ({form.name['en' if en else 'zh']})"
        + (f"; {'declared' if en else '文中引用'} {m.format_declared}" if m.format_declared else "")
    )
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
            vals = [
                f"{c[lab]} {_cell_text(report.cells.get('t2.' + b['key'] + '.' + r['key'] + '.' + c['key']))}"
                for c in b["columns"]
            ]
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
    out.append(
        "(· absent, □ blank total, ? unreadable)" if en else "（· 缺失，□ 总计留空，? 无法读取；留空的数据格记为 0）"
    )
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
    from ..model import Report
    from ._guard import read_limited

    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(2, "not a file", str(path))
    answer = read_limited(path)  # a killable child with the memory and time limits
    if not answer["ok"]:
        raise GovinfoError(answer["zh"], answer["en"])
    report = Report.from_dict(answer["report"])
    if args.json:
        sys.stdout.write(report.to_json())
    else:
        print(summary(report, args.lang))
    return 0


# ---------------------------------------------------------------------------
# import
# ---------------------------------------------------------------------------
def import_dir(src, out, jobs: int = 0, progress: bool = True, **kw) -> list[dict]:
    """Import a folder (or glob) of published files into ``out``; see :func:`._import.import_files`."""
    return import_files(src, out, jobs=jobs, progress=progress, **kw)


def cmd_import(args) -> int:
    results = import_files(
        args.dir, args.out, jobs=args.jobs, scheduler=args.scheduler, chunk=args.chunk, progress=not args.no_progress
    )
    ok = [r for r in results if r["ok"]]
    bad = [r for r in results if not r["ok"]]
    skipped = sum(1 for r in results if r["skipped"])
    en = args.lang == "en"
    if en:
        print(
            f"{len(ok)} of {len(results)} files imported into {args.out} (cells/, wide/, reports/*.json); "
            f"{skipped} unchanged since the last run"
        )
    else:
        print(
            f"共 {len(results)} 个文件，成功导入 {len(ok)} 个，输出在 {args.out}（cells/、wide/、reports/*.json）；"
            f"其中 {skipped} 个自上次导入以来未变，已跳过"
        )
    if bad:
        print("Failed:" if en else "未能导入：")
        for r in bad:
            print(f"  {r['file']}: [{r['error']}] {r['en'] if en else r['zh']}")
    return 1 if bad else 0
