"""The ``govinfo`` command: check reports and published files, parse and import published files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import GovinfoError

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"fail": "不符", "not_assessable": "无法判断"}


def load_any(path: str):
    """A Report from a Report JSON, or from a published file (read by the importers)."""
    from .model import Report

    p = Path(path)
    if p.suffix.lower() == ".json":
        return Report.from_json(p)
    try:
        from .io import read_report
    except ImportError as e:  # pragma: no cover - importers not built yet
        raise GovinfoError(
            f"无法读取 {path}：只支持年报 JSON", f"cannot read {path}: only report JSON is supported"
        ) from e
    return read_report(p)


def _issue_rows(df, lang: str):
    msg = "message_en" if lang == "en" else "message"
    for r in df.itertuples():
        sev = r.severity if lang == "en" else SEVERITY_ZH.get(r.severity, r.severity)
        status = r.status if lang == "en" else STATUS_ZH.get(r.status, r.status)
        yield r.rule, sev, status, ", ".join(r.cells[:4]) + (" …" if len(r.cells) > 4 else ""), getattr(r, msg)


#: ``govinfo check`` exit codes: the report is clean, the report has errors, the input cannot be read.
EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _unreadable(path: str, e: BaseException, lang: str) -> int:
    """Say that ``path`` cannot be read (not that the report has errors) and why; exit code 2."""
    if isinstance(e, GovinfoError):
        why_zh, why_en = e.zh, e.en
    elif isinstance(e, FileNotFoundError):
        why_zh, why_en = "找不到文件", "file not found"
    elif isinstance(e, OSError):
        why_zh = why_en = e.strerror or type(e).__name__
    elif isinstance(e, RecursionError):
        why_zh, why_en = "内容嵌套过深", "nested too deeply"
    else:  # a reader's bug on a strange file: a message, not a traceback
        why_zh = why_en = f"{type(e).__name__}: {str(e)[:200]}"
    if lang == "en":
        print(
            f"govinfo check: cannot read {path}: {why_en} (exit code 2: the input cannot be read; "
            "the report was not checked)",
            file=sys.stderr,
        )
    else:
        print(
            f"govinfo check：无法读取 {path}：{why_zh}（退出码 2：输入无法读取，未作检查）/ "
            f"cannot read {path}: {why_en}",
            file=sys.stderr,
        )
    return EXIT_UNREADABLE


def cmd_check(args) -> int:
    """Exit code 0: no errors; 1: the report has errors; 2: the input cannot be read (the message says which)."""
    from .rules import evaluate, issues_json

    for path in (args.report, args.previous):
        if path and Path(path).exists() and not Path(path).is_file():
            return _unreadable(
                path,
                GovinfoError("不是普通文件（目录、设备或管道）", "not a regular file (a directory, device or pipe)"),
                args.lang,
            )
    loaded = {}
    for key, path in (("report", args.report), ("previous", args.previous)):
        if not path:
            continue
        try:
            loaded[key] = load_any(path)
        except (Exception, RecursionError) as e:
            return _unreadable(path, e, args.lang)
    report, previous = loaded["report"], loaded.get("previous")
    try:
        df = evaluate(report, previous).frame
    except Exception as e:
        return _unreadable(args.report, e, args.lang)
    if not args.all:
        df = df[(df["status"] == "fail") | df["rule"].str.startswith(("T", "X"))]
    if args.json:
        out = [{k: v for k, v in i.items() if k != "report_id"} for i in issues_json(df)]  # the browser's shape
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        m = report.meta
        head = f"{m.agency} {m.year or ''} ({m.form})"
        print(head)
        if df.empty:
            print("未发现问题。" if args.lang != "en" else "No issues found.")
        for rule, sev, status, cells, msg in _issue_rows(df, args.lang):
            print(f"[{rule}] {sev} {status}: {msg}")
            if cells:
                print(f"    {cells}")
        n_err = int(((df["severity"] == "error") & (df["status"] == "fail")).sum())
        n_warn = int(((df["severity"] == "warning") & (df["status"] == "fail")).sum())
        if args.lang == "en":
            print(f"{n_err} error(s), {n_warn} warning(s)")
        else:
            print(f"共 {n_err} 个错误，{n_warn} 个警告")
    return EXIT_ERRORS if ((df["severity"] == "error") & (df["status"] == "fail")).any() else EXIT_CLEAN


EXPORT_KINDS = ("docx", "html", "md", "json", "xlsx")


def cmd_export(args) -> int:
    from ._atomic import atomic_write_text
    from .export import to_docx, to_html, to_markdown, to_xlsx

    report = load_any(args.report)
    out = Path(args.output)
    if args.to == "docx":
        to_docx(report, out, lang=args.lang)
    elif args.to == "xlsx":
        to_xlsx(report, out, lang=args.lang)
    elif args.to == "html":
        atomic_write_text(out, to_html(report, lang=args.lang))
    elif args.to == "md":
        atomic_write_text(out, to_markdown(report, lang=args.lang))
    else:
        report.to_json(out)
    print(out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="govinfo", description="政府信息公开工作年度报告：检查与导入 / check and import annual reports"
    )
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser(
        "check",
        help="检查勾稽关系 / check a report's rules",
        epilog="退出码 / exit codes: 0 未发现错误 / no errors; 1 报告有错误 / the report has errors; "
        "2 输入无法读取 / the input cannot be read",
    )
    c.add_argument(
        "report",
        help="年报 JSON 或已发布的年报文件 / a Report JSON or a published file (HTML, PDF, DOCX, Markdown, text)",
    )
    c.add_argument("--previous", help="上年报告 / last year's report, for the cross-year rules")
    c.add_argument("--json", action="store_true", help="JSON list of issues")
    c.add_argument("--lang", choices=["zh", "en"], default="zh")
    c.add_argument("--all", action="store_true", help="also list informational and not-assessable findings")
    c.set_defaults(func=cmd_check)
    _register_audit(sub)
    e = sub.add_parser("export", help="导出年报 / export a report (DOCX, HTML, Markdown, JSON, XLSX)")
    e.add_argument("report", help="年报 JSON 或已发布的年报文件 / a Report JSON or a published file")
    e.add_argument("--to", required=True, choices=EXPORT_KINDS, help="导出格式 / output format")
    e.add_argument("-o", "--output", required=True, help="输出文件 / output path")
    e.add_argument("--lang", choices=["zh", "en"], default="zh")
    e.set_defaults(func=cmd_export)
    _register_more(sub)
    return p


def _register_more(sub) -> None:
    """Subcommands contributed by the importers (``parse``, ``import``)."""
    try:
        from .io.cli import register
    except ImportError:
        return
    register(sub)


# ---- govinfo audit (the supervisor's list) ------------------------------------------------------
def _register_audit(sub) -> None:
    a = sub.add_parser(
        "audit", help="审核清单（按风险排序的各机关年报问题）/ the supervisor's list: every agency, sorted by risk"
    )
    a.add_argument(
        "source",
        help="年报 JSON 文件夹（govinfo import 的输出或 data/）、已发布年报文件夹，或 cells.parquet "
        "/ a folder of Report JSONs (govinfo import output, data/), of published files, or a Parquet dataset",
    )
    a.add_argument("--year", type=int, help="年度（默认最近一年）/ year (default: the latest)")
    a.add_argument("--html", help="写出可打印（A4）的 HTML / write printable A4 HTML")
    a.add_argument("--xlsx", help="写出 Excel 表 / write an Excel workbook")
    a.add_argument(
        "--review",
        help="审核记录 JSON（已排除的问题不计风险）/ review decisions JSON (dismissed findings do not count)",
    )
    a.add_argument(
        "--region", help="辖区：只列地区以此开头的机关 / jurisdiction: agencies whose region starts with this"
    )
    a.add_argument("--lang", choices=["zh", "en"], default="zh")
    a.set_defaults(func=cmd_audit)


def cmd_audit(args) -> int:
    from .review import Review
    from .supervisor import load_source, supervisor_list, write_html, write_xlsx

    corpus, sources = load_source(args.source)
    review = Review(args.review) if args.review else None
    table = supervisor_list(corpus, args.year, review=review, region=args.region, sources=sources)
    for _, r in table.iterrows():
        state = ("found" if r["found"] else "MISSING") if args.lang == "en" else ("已发布" if r["found"] else "未找到")
        print(f"{r['rank']:>3}  {r['risk']:>6g}  {state}  {r['agency']}  {r['rules']}")
    if args.html:
        print(f"HTML: {write_html(table, args.html, lang=args.lang)}")
    if args.xlsx:
        print(f"Excel: {write_xlsx(table, args.xlsx, lang=args.lang)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GovinfoError as e:
        print(f"govinfo: {e}", file=sys.stderr)
        return 2
    except FileNotFoundError as e:
        print(f"govinfo: 找不到文件 / file not found: {e.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
