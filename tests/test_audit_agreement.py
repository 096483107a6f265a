"""The batch audit (audit_wide) and the one-report evaluator give the same issues, column for column."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from govinfo_widgets import Cell, load_example, load_examples
from govinfo_widgets.corpus import wide_frame
from govinfo_widgets.rules import ISSUE_COLUMNS, audit, audit_wide

#: The rules audit_wide evaluates: the linear rules and V-01/V-02.
WIDE_RULES = {"T3-01", "T3-02", "T3-03", "T3-04", "T4-01", "T2-02", "T2-03", "T2-05", "X-01", "X-02", "V-01", "V-02"}
FLOATS = ("expected", "actual", "diff", "suggested")


def _normal(df: pd.DataFrame) -> list[tuple]:
    """Rows as comparable tuples: None and NaN alike, numbers as floats, sorted."""

    def cell(col, v):
        if col in FLOATS:
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 6)
        if col == "cells":
            return tuple(v)
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    rows = [tuple(cell(c, v) for c, v in zip(ISSUE_COLUMNS, rec)) for rec in df[ISSUE_COLUMNS].itertuples(index=False)]
    return sorted(rows, key=repr)


def assert_same_issues(reports):
    full = audit(reports)
    # an unreadable cell (V-01 not assessable) is only NaN in a wide frame: audit_wide cannot say why
    full = full[full.rule.isin(WIDE_RULES) & ~((full.rule == "V-01") & (full.status == "not_assessable"))]
    fast = audit_wide(wide_frame(reports))
    assert list(fast.columns) == ISSUE_COLUMNS
    a, b = _normal(full), _normal(fast)
    only_full = [r for r in a if r not in b]
    only_fast = [r for r in b if r not in a]
    assert not only_full and not only_fast, (only_full[:3], only_fast[:3])
    return full


def test_every_column_agrees_on_the_bundled_reports():
    reports = load_examples() + load_examples(completeness=("fragment",))
    full = assert_same_issues(reports)
    assert {"T3-02", "T4-01", "X-02"} <= set(full.rule)
    assert full["suspect"].notna().any()  # the located cell is part of the comparison


def _synthetic(seed: int = 7, n: int = 60):
    """Reports derived from real ones, chained by agency and year, with every kind of damage."""
    rng = np.random.default_rng(seed)
    bases = [load_example(i) for i in ("002", "004", "009", "011", "012", "003")]
    out = []
    for i in range(n):
        base = bases[i % len(bases)]
        r = base.with_meta(
            agency=f"机关{i // 3}", year=(base.meta.year or 2021) + i % 3, form=base.meta.form, id=f"s{i:03d}"
        )
        addrs = [a for a in r.cells if not a.startswith("t2.art20_8")]
        pick = lambda k, addrs=addrs: list(rng.choice(addrs, size=k, replace=False))  # noqa: E731
        kind = i % 6
        if kind == 0:  # blanks: a blank leaf reads 0, a blank total is missing
            r = r.with_values({a: None for a in pick(4)})
        elif kind == 1:  # cells not found at all
            r = r.without_cells(pick(5))
        elif kind == 2:  # negative and fractional counts
            vals = {a: -int(rng.integers(1, 9)) for a in pick(2)}
            vals.update({a: 2.5 for a in pick(2)})
            r = r.with_values(vals)
        elif kind == 3:  # injected sum errors
            r = r.with_values({a: (r.value(a) or 0) + int(rng.integers(1, 20)) for a in pick(3)})
        elif kind == 4:  # unreadable cells
            r = r.with_cells({a: Cell(None, "unreadable", raw="1?") for a in pick(3)})
        else:  # a whole table missing
            t = ("t2.", "t3.", "t4.")[i % 3]
            r = r.without_cells([a for a in r.cells if a.startswith(t)])
        out.append(r)
    return out


def test_every_column_agrees_on_a_synthetic_corpus():
    reports = _synthetic()
    assert len({r.key for r in reports}) == len(reports)
    full = assert_same_issues(reports)
    statuses = set(zip(full.rule, full.status))
    for expected in [("V-01", "fail"), ("V-02", "fail"), ("T3-03", "not_assessable"), ("X-01", "fail")]:
        assert expected in statuses, expected
    assert full["suspect"].notna().any()


@pytest.mark.parametrize("address", ["t3.granted.natural_person", "t4.review_upheld"])
def test_a_missing_cell_gives_the_same_message(address):
    r = load_example("002").without_cells([address])
    one = audit([r])
    one = one[one.rule.isin(WIDE_RULES)].sort_values(["rule", "scope"]).reset_index(drop=True)
    fast = audit_wide(wide_frame([r])).sort_values(["rule", "scope"]).reset_index(drop=True)
    assert len(one) > 0 and set(one.status) == {"not_assessable"}
    assert all("无法判断" in m and "缺少数值" in m for m in one.message)
    pd.testing.assert_frame_equal(
        one[["rule", "scope", "message", "message_en"]], fast[["rule", "scope", "message", "message_en"]]
    )
    if address == "t3.granted.natural_person":  # the review's example
        t302 = one[(one.rule == "T3-02") & (one.scope == "natural_person")].message.iloc[0]
        assert t302.startswith("办理结果总计：无法判断，「自然人」列缺少数值：")
