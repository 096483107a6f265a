"""Check that a change to the readers leaves every read identical (issue 14): dump, then compare.

``python benchmarks/check_same_reads.py dump OUT.json [--corpus DIR]`` reads every text, Markdown and HTML file
under the corpus's ``raw/`` and every generated layout (``tests.layouts``: kinds md/tsv/layout/lines/html, every
style, every bundled example) and writes each result — every cell (all its fields), meta, sections, fees, extras,
or the error raised — as JSON. ``python benchmarks/check_same_reads.py compare A.json B.json`` prints every
difference and exits 1 if there is any. Dump with the code before a change (e.g. a ``git worktree`` of main) and
after, then compare.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _plain(x):
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict) or hasattr(x, "items"):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple | set | frozenset):
        items = [_plain(v) for v in x]
        return sorted(items, key=repr) if isinstance(x, set | frozenset) else items
    if isinstance(x, str | int | float | bool) or x is None:
        return x
    return repr(x)


def _read(data) -> dict:
    from govinfo_widgets.io import read_report

    try:
        r = read_report(data)
    except Exception as e:  # noqa: BLE001 - the error is part of the result
        return {"error": f"{type(e).__name__}: {e}"}
    return {
        "meta": _plain(r.meta),
        "cells": {a: _plain(c) for a, c in sorted(r.cells.items())},
        "sections": _plain(r.sections),
        "fees": _plain(r.fees),
        "extras": _plain(r.extras),
    }


def dump(out: Path, corpus: Path) -> None:
    from govinfo_widgets.data import load_examples
    from tests.layouts import STYLES, render

    results = {}
    for p in sorted((corpus / "raw").iterdir()):
        if p.suffix in (".txt", ".md", ".html"):
            results[f"raw/{p.name}"] = _read(p.read_bytes())
    for i, report in enumerate(load_examples()):
        for kind in ("md", "tsv", "layout", "lines", "html"):
            for style in STYLES[kind]:
                results[f"layout/{i}:{report.meta.agency}/{kind}/{style}"] = _read(render(report, kind, style))
    out.write_text(json.dumps(results, ensure_ascii=False, sort_keys=True, indent=0), "utf-8")
    print(f"{len(results)} reads → {out}")


def _diff(a, b, path: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: {'missing before' if k not in a else 'missing after'}")
            else:
                _diff(a[k], b[k], f"{path}/{k}", out)
    elif a != b:
        out.append(f"{path}: {a!r} → {b!r}")


def compare(a: Path, b: Path) -> int:
    before, after = json.loads(a.read_text("utf-8")), json.loads(b.read_text("utf-8"))
    diffs: list[str] = []
    _diff(before, after, "", diffs)
    for d in diffs[:200]:
        print(d)
    cells = sum(len(r.get("cells", {})) for r in before.values())
    print(f"{len(before)} reads, {cells} cells compared: {len(diffs)} differences")
    return 1 if diffs else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out, args.corpus)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
