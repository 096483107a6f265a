"""The supervisor's list (政务公开办): one row per agency for one year, sorted by risk.

For each agency of the jurisdiction: whether its report for the year was found, the errors and
warnings the rules find (with their rule ids), how far they have been reviewed
(:class:`~govinfo_widgets.review.Review`), key metrics against peers
(:func:`~govinfo_widgets.peers.benchmark`) and where the report came from. Written as printable
A4 HTML and as an Excel workbook by :func:`write_html` and :func:`write_xlsx`
(``govinfo audit DIR --html OUT.html --xlsx OUT.xlsx``).

Risk score (higher first): a missing report 100; each error not dismissed 10; each warning not
dismissed 3; each check that could not be assessed 0.5 (at most 5).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .corpus import Corpus
from .errors import GovinfoError
from .export.supervisor import write_html, write_xlsx
from .metrics import METRICS
from .peers import benchmark_table, peer_frame

#: Metrics shown against peers.
KEY_METRICS = ("received_total", "disclosure_rate", "review_correction_rate", "litigation_correction_rate")
RISK_MISSING, RISK_ERROR, RISK_WARNING, RISK_NA, RISK_NA_CAP = 100.0, 10.0, 3.0, 0.5, 5.0


def _source(report, sources: dict | None) -> str:
    if sources and report.key in sources:
        return str(sources[report.key])
    src = report.meta.source
    for k in ("url", "file", "path"):
        v = src.get(k)
        if isinstance(v, str) and v.startswith(("http://", "https://")):
            return v
    for k in ("file", "path", "url"):
        if src.get(k):
            return str(src[k])
    return ""


def supervisor_list(
    corpus,
    year: int | None = None,
    *,
    review=None,
    agencies: Iterable[str] | None = None,
    region: str | None = None,
    metrics: Iterable[str] = KEY_METRICS,
    sources: dict | None = None,
) -> pd.DataFrame:
    """One row per agency for ``year`` (default: the latest), sorted by risk.

    Parameters
    ----------
    corpus : Corpus or iterable of Report
    year : int, optional
    review : Review, optional
        Decisions: dismissed findings do not count towards the risk.
    agencies : optional
        Agencies expected to report (default: every agency in the corpus, any year); those without
        a report for the year are listed as missing.
    region : optional
        The jurisdiction: only agencies whose ``meta.region`` starts with it (e.g. ``"江苏省淮安市"``).
    sources : optional
        Report id → path or URL of its source file (default: ``meta.source``).

    Examples
    --------
    >>> from govinfo_widgets import load_examples
    >>> s = supervisor_list(load_examples(), 2023)
    >>> s.loc[s["agency"] == "淮安市洪泽区人民政府", ["found", "errors", "rules"]].values.tolist()
    [[True, 2, 'T4-01×2']]
    >>> bool(s.iloc[0]["found"])  # a missing report ranks first
    False
    """
    corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    if region:
        corpus = Corpus(r for r in corpus if str(r.meta.region or "").startswith(region))
    if not len(corpus):
        raise GovinfoError("没有可审核的年报", "no reports to audit")
    year = int(year if year is not None else max(corpus.years))
    metrics = [m for m in metrics if m in METRICS]
    issues = corpus.audit(review=review)
    if "review" not in issues:
        issues["review"] = "open"
    issues = issues[issues["year"] == year]
    reports = {r.meta.agency: r for r in corpus if r.meta.year == year}
    expected = list(dict.fromkeys([*(agencies or []), *corpus.agencies]))
    peers = peer_frame(corpus)
    # one row per agency: an agency with two reports for the year is shown with the last one read
    bench = {
        m: benchmark_table(peers, m, year).drop_duplicates("agency", keep="last").set_index("agency") for m in metrics
    }
    last_meta = {r.meta.agency: r.meta for r in sorted(corpus, key=lambda r: r.meta.year or 0)}
    rows, details = [], []
    for agency in expected:
        r = reports.get(agency)
        meta = r.meta if r is not None else last_meta.get(agency)
        row = {
            "agency": agency,
            "level": getattr(meta, "level", None),
            "region": getattr(meta, "region", None),
            "year": year,
            "found": r is not None,
            "report_id": r.key if r is not None else None,
            "source": _source(r, sources) if r is not None else "",
        }
        own = issues[issues["report_id"] == row["report_id"]] if r is not None else issues.iloc[0:0]
        fail = own[own["status"] == "fail"]
        live = fail[fail["review"].astype(str) != "dismissed"]
        row["errors"] = int((live["severity"] == "error").sum())
        row["warnings"] = int((live["severity"] == "warning").sum())
        row["not_assessable"] = int((own["status"] == "not_assessable").sum())
        counted = fail[fail["severity"].isin(["error", "warning"])]
        row["rules"] = ", ".join(
            f"{k}×{v}" if v > 1 else k for k, v in counted["rule"].value_counts(sort=False).items()
        )
        for st in ("confirmed", "dismissed", "outdated", "open"):
            row[f"review_{st}"] = int((counted["review"].astype(str) == st).sum())
        for m in metrics:
            b = bench[m]
            hit = b.loc[agency] if agency in b.index else None
            for k in ("value", "p50", "percentile", "group"):
                row[f"{m}.{k}"] = None if hit is None else hit[k]
        row["risk"] = (
            (RISK_MISSING if r is None else 0.0)
            + RISK_ERROR * row["errors"]
            + RISK_WARNING * row["warnings"]
            + min(RISK_NA_CAP, RISK_NA * row["not_assessable"])
        )
        rows.append(row)
        for f in counted.itertuples():
            details.append(
                {
                    "agency": agency,
                    "report_id": f.report_id,
                    "rule": f.rule,
                    "severity": f.severity,
                    "status": f.status,
                    "message": f.message,
                    "message_en": f.message_en,
                    "cells": ", ".join(list(f.cells)[:8]) + (" …" if len(f.cells) > 8 else ""),
                    "review": str(f.review),
                    "review_note": getattr(f, "review_note", "") or "",
                }
            )
    out = pd.DataFrame(rows).sort_values(["risk", "agency"], ascending=[False, True], ignore_index=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    order = {a: i for i, a in enumerate(out["agency"])}
    findings = pd.DataFrame(
        details,
        columns=[
            "agency",
            "report_id",
            "rule",
            "severity",
            "status",
            "message",
            "message_en",
            "cells",
            "review",
            "review_note",
        ],
    )
    findings = findings.sort_values(
        ["agency", "severity", "rule"], key=lambda s: s.map(order) if s.name == "agency" else s, ignore_index=True
    )
    out.attrs["findings"] = findings
    out.attrs["metrics"] = metrics
    out.attrs["year"] = year
    return out


_PUBLISHED = (".html", ".htm", ".shtml", ".pdf", ".docx", ".md", ".txt")


def load_source(source: str | Path) -> tuple[Corpus, dict[str, str]]:
    """A corpus from a folder or a dataset, with each report's source file.

    * a ``.parquet`` file (``cells.parquet`` of ``govinfo import``, :meth:`Corpus.to_parquet`);
    * a folder of Report JSON files (``data/``, ``data/reports``, the output of ``govinfo import``);
    * else a folder of published files (HTML, PDF, DOCX, Markdown, text), read by the importers.

    Files that cannot be read are reported on stderr and left out (never guessed).
    """
    from .io import read_report
    from .model import Report

    path = Path(source)
    if path.is_file() and path.suffix.lower() == ".parquet":
        return Corpus.read_parquet(path), {}
    if not path.is_dir():
        raise GovinfoError(f"找不到文件夹或数据集：{source}", f"no such folder or dataset: {source}")
    reports, sources, failed = [], {}, []
    jsons = sorted(p for p in path.rglob("*.json") if p.name != "failures.json")
    for p in jsons:
        try:
            r = Report.from_json(p)
        except (GovinfoError, ValueError, KeyError, TypeError) as e:
            failed.append((p, e))
            continue
        reports.append(r)
        if not str(r.meta.source.get("url") or "").startswith(("http://", "https://")):
            sources[r.key] = str(p.resolve())
    if not reports and (path / "cells.parquet").is_file():
        return Corpus.read_parquet(path / "cells.parquet"), {}
    if not reports:
        for p in sorted(q for q in path.rglob("*") if q.suffix.lower() in _PUBLISHED and q.is_file()):
            try:
                r = read_report(p)
            except (GovinfoError, OSError) as e:
                failed.append((p, e))
                continue
            reports.append(r)
            sources[r.key] = str(p.resolve())
    for p, e in failed:
        print(f"govinfo: 跳过 / skipped {p}: {e}", file=sys.stderr)
    seen: dict[str, Report] = {}
    for r in reports:
        if r.key in seen:
            print(f"govinfo: 重复的年报 / duplicate report {r.key}: {sources.get(r.key, '')}", file=sys.stderr)
            continue
        seen[r.key] = r
    return Corpus(seen.values()), sources


__all__ = ["KEY_METRICS", "load_source", "supervisor_list", "write_html", "write_xlsx"]
