"""Benchmark the corpus at scale (issue 5): audit and a comparison figure for 3,000 agencies × 5 years.

Run: ``python benchmarks/bench_scale.py [--agencies 3000] [--png]``. Builds a synthetic wide frame
directly with numpy (years 2019–2023: two 2019-form years, three 2021-form years; carry-overs
chained so X-01 holds; Table 2 stocks chained so X-02 holds), injects errors into 2 % of the
reports, then prints the median time of

* ``audit_wide`` on the 15,000 reports (goal ≤ 3 s), and whether every injected error was found;
* the metrics of every report, and a comparison figure (``compare_agencies``, WebGL) of one
  year (goal ≤ 1 s).

``--png`` also renders two figures on the bundled real reports (agencies compared, audit
heatmap) in headless Chromium and saves them to ``docs/img/`` for the README.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from govinfo_widgets.charts import compare_agencies, issues_heatmap, metric_trend
from govinfo_widgets.corpus import Corpus, metrics_frame
from govinfo_widgets.rules import audit_wide
from govinfo_widgets.schema import C6, get_form

YEARS = (2019, 2020, 2021, 2022, 2023)
ROOT = Path(__file__).resolve().parents[1]


def synthetic_corpus(agencies: int, seed: int = 5, error_share: float = 0.02) -> tuple[pd.DataFrame, set[str]]:
    """(wide frame, ids of the reports given an error). Agency-major order, years ascending."""
    rng = np.random.default_rng(seed)
    f21 = get_form("gov_2021")
    n = agencies * len(YEARS)
    year = np.tile(YEARS, agencies)
    is19 = year <= 2020
    outcome21 = f21.outcome_rows()
    others = [r for r in outcome21 if r.startswith("other_")]
    leaves = {r: rng.poisson(rng.choice([0.3, 2.0, 8.0]), (n, 6)).astype(float) for r in outcome21}
    forward = rng.poisson(0.5, (n, 6)).astype(float)
    carried = np.zeros((n, 6))
    new = np.zeros((n, 6))
    for k in range(len(YEARS)):  # chain the years: carried over = last year's carried forward
        rows = np.arange(k, n, len(YEARS))
        if k:
            carried[rows] = forward[rows - 1]
        handled = sum(leaves[r][rows] for r in outcome21)
        need = handled + forward[rows] - carried[rows]
        deficit = np.clip(-need, 0, None)
        leaves["granted"][rows] += deficit  # keep 一 ≥ 0 while 一+二 = （七）+四
        new[rows] = need + deficit
    cols: dict[str, np.ndarray] = {}

    def put(row: str, values: np.ndarray, mask: np.ndarray | None = None) -> None:
        for j, c in enumerate(C6):
            cols[f"t3.{row}.{c}"] = values[:, j] if mask is None else np.where(mask, values[:, j], np.nan)
        total = values.sum(axis=1)
        cols[f"t3.{row}.total"] = total if mask is None else np.where(mask, total, np.nan)

    put("new_received", new)
    put("carried_over", carried)
    for r in outcome21:
        if r not in others:
            put(r, leaves[r])
    for r in others:
        put(r, leaves[r], ~is19)
    put("other_total_2019", sum(leaves[r] for r in others), is19)
    put("outcome_total", sum(leaves[r] for r in outcome21))
    put("carried_forward", forward)
    for g in ("review", "suit_direct", "suit_after_review"):
        parts = rng.poisson(1.0, (n, 4)).astype(float)
        for j, p in enumerate(("upheld", "corrected", "other", "pending")):
            cols[f"t4.{g}_{p}"] = parts[:, j]
        cols[f"t4.{g}_total"] = parts.sum(axis=1)
    for doc in ("rules", "normative_docs"):  # 2021 stock chain
        issued, repealed = rng.poisson(3, n).astype(float), rng.poisson(1, n).astype(float)
        stock = np.zeros(n)
        for k in range(len(YEARS)):
            rows = np.arange(k, n, len(YEARS))
            base = stock[rows - 1] if YEARS[k] > 2021 else rng.poisson(40, len(rows)).astype(float)
            stock[rows] = base + issued[rows] - repealed[rows]
        for key, v in (("issued", issued), ("repealed", repealed), ("in_force", stock)):
            cols[f"t2.art20_1.{doc}.{key}"] = np.where(is19, np.nan, v)
        made = rng.poisson(3, n).astype(float)
        cols[f"t2.art20_1.{doc}.newly_made"] = np.where(is19, made, np.nan)
        cols[f"t2.art20_1.{doc}.newly_published"] = np.where(is19, made, np.nan)
        cols[f"t2.art20_1.{doc}.total_published"] = np.where(is19, made + rng.poisson(30, n), np.nan)
    wide = pd.DataFrame(
        {
            "report_id": [f"A{a:05d}-{y}" for a in range(agencies) for y in YEARS],
            "agency": np.repeat([f"机关{a:05d}" for a in range(agencies)], len(YEARS)),
            "level": "county",
            "region": None,
            "year": year,
            "form": np.where(is19, "gov_2019", "gov_2021"),
            **cols,
        }
    )
    # inject one error each into error_share of the reports (local: no knock-on into the next year)
    hit = rng.choice(n, size=int(n * error_share), replace=False)
    kinds = rng.integers(0, 4, len(hit))
    for i, kind in zip(hit, kinds):
        col = ["t3.granted.natural_person", "t4.review_total", "t3.carried_over.total", "t3.denied_third_party.total"]
        a = col[kind]
        wide.loc[i, a] = wide.loc[i, a] + (2.5 if kind == 3 else 3)  # kind 3 also breaks V-01 (not an integer)
    return wide, set(wide.loc[hit, "report_id"])


def median_time(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm caches (compiled checks, imports)
    ts, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def save_png(fig, path: Path, width: int = 1000, height: int = 560) -> None:
    """Render a figure's HTML in headless Chromium (playwright) and screenshot it (kaleido is not installed)."""
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "fig.html"
        fig.write_html(
            page_path,
            include_plotlyjs=True,
            full_html=True,
            config={"staticPlot": True},
            default_width=f"{width}px",
            default_height=f"{height}px",
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=args)
            page = browser.new_page(viewport={"width": width + 20, "height": height + 20})
            page.goto(page_path.as_uri())
            page.wait_for_selector(".main-svg")
            page.wait_for_timeout(300)
            page.locator(".plotly-graph-div").screenshot(path=str(path))
            browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--png", action="store_true", help="save docs/img/chart_compare_agencies.png and audit_heatmap.png")
    a = ap.parse_args()

    t = time.perf_counter()
    wide, injected = synthetic_corpus(a.agencies)
    print(
        f"synthetic corpus: {len(wide):,} reports ({a.agencies:,} agencies × {len(YEARS)} years, "
        f"{wide.shape[1] - 6} cell columns), {len(injected)} with an injected error; built in "
        f"{time.perf_counter() - t:.2f} s"
    )

    t_audit, issues = median_time(lambda: audit_wide(wide), a.repeat)
    fails = issues[issues.status == "fail"]
    found = set(fails.report_id)
    print(
        f"audit_wide: {t_audit:.3f} s median of {a.repeat} (goal ≤ 3 s); {len(fails):,} failed checks in "
        f"{len(found):,} reports; injected errors found: {len(injected & found)}/{len(injected)}; "
        f"clean reports flagged: {len(found - injected)}"
    )
    print("  failed checks by rule:", fails.rule.value_counts().sort_index().to_dict())

    t_metrics, m = median_time(lambda: metrics_frame(wide), a.repeat)
    print(f"metrics of {len(m):,} reports: {t_metrics:.3f} s median")
    t_fig, fig = median_time(lambda: compare_agencies(m, "disclosure_rate", year=2023), a.repeat)
    print(
        f"comparison figure ({len(fig.data[0].x):,} agencies, {type(fig.data[0]).__name__}): "
        f"{t_fig:.3f} s median (goal ≤ 1 s); with the metrics: {t_metrics + t_fig:.3f} s"
    )
    t_json, text = median_time(lambda: fig.to_json(), a.repeat)
    print(f"  serialised for the browser (fig.to_json, {len(text) / 1e6:.2f} MB): {t_json:.3f} s median")
    sample = m[m.agency.isin(m.agency.unique()[:200])]
    t_trend, tf = median_time(lambda: metric_trend(sample, "disclosure_rate"), a.repeat)
    print(f"trend figure (200 agencies × 5 years, {type(tf.data[0]).__name__}): {t_trend:.3f} s median")

    if a.png:
        out = ROOT / "docs" / "img"
        out.mkdir(parents=True, exist_ok=True)
        from govinfo_widgets import load_examples

        corpus = Corpus(load_examples()).with_totals()
        save_png(compare_agencies(corpus, "received_total", year=2024), out / "chart_compare_agencies.png")
        real = Corpus(load_examples())
        save_png(issues_heatmap(real.audit(), real), out / "audit_heatmap.png", height=620)
        print(f"saved {out / 'chart_compare_agencies.png'} and {out / 'audit_heatmap.png'}")


if __name__ == "__main__":
    main()
