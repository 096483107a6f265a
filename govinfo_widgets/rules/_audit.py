"""Audit many reports at once: the linear rules as matrix products over a wide value matrix."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..schema import FORM_KEYS, get_form
from ._compile import CheckSet, address_space, compile_checks
from ._compile import messages as messages_catalogue
from ._engine import ISSUE_COLUMNS, _compact, _evaluate_linear, _fmt, _vector, evaluate, render

CHUNK = 16_384


def _other_collapsed_mask(X: np.ndarray, pos: np.ndarray) -> np.ndarray:
    _, index = address_space()
    cols = pos[[index[a] for a in get_form("gov_2021").all_addresses if a.startswith("t3.other.")]]
    return ~np.isnan(X[:, cols]).all(axis=1)


def audit_wide(
    wide: pd.DataFrame,
    *,
    id_col: str = "report_id",
    agency_col: str = "agency",
    year_col: str = "year",
    form_col: str = "form",
    cross_year: bool = True,
    messages: bool = True,
    only: str | None = None,
) -> pd.DataFrame:
    """Evaluate the linear rules (T3-01…04, T4-01, T2-02/03/05, X-01/02) and V-01/V-02 on
    a wide frame: one row per report, one column per cell address (NaN = missing).

    Cross-year rules pair each row with the same agency's row for the previous year. ``only`` keeps
    the rules whose id starts with it (``"X"``: the cross-year rules alone, e.g. on a frame of just
    their columns).
    Returns the issues frame (:data:`ISSUE_COLUMNS`), failures and not-assessable checks of
    tables that are present.

    Examples
    --------
    >>> from govinfo_widgets.corpus import wide_frame
    >>> from govinfo_widgets import load_examples
    >>> issues = audit_wide(wide_frame(load_examples()))
    >>> "T4-01" in set(issues["rule"])
    True
    """
    addrs, index = address_space()
    n_addr = len(addrs)
    n = len(wide)
    # X holds only the address columns the frame has, plus one all-NaN column for the others.
    present = [a for a in addrs if a in wide.columns]
    X = np.empty((n, len(present) + 1))
    X[:, -1] = np.nan
    if present:
        block = wide[present]
        if not all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
            block = block.apply(pd.to_numeric, errors="coerce")
        X[:, :-1] = block.to_numpy(dtype=float, na_value=np.nan)
    pos = np.full(n_addr, len(present))  # address → column of X
    pos[[index[a] for a in present]] = np.arange(len(present))
    ids = wide[id_col].astype(str).to_numpy() if id_col in wide else np.arange(n).astype(str)
    forms = wide[form_col].astype(str).to_numpy()
    if cross_year and agency_col in wide and year_col in wide:
        keys = pd.MultiIndex.from_arrays([wide[agency_col].to_numpy(), wide[year_col].to_numpy()])
        prev_keys = pd.MultiIndex.from_arrays([wide[agency_col].to_numpy(), wide[year_col].to_numpy() - 1])
        prev_pos = keys.get_indexer(prev_keys) if keys.is_unique else np.full(n, -1)
    else:
        prev_pos = np.full(n, -1)
    collapsed = _other_collapsed_mask(X, pos)
    prev_forms = np.where(prev_pos >= 0, forms[np.maximum(prev_pos, 0)], "")
    frames = []
    group_key = pd.DataFrame({"f": forms, "c": collapsed, "p": prev_forms})
    for (f, c, p), idx in group_key.groupby(["f", "c", "p"], sort=False).indices.items():
        if f not in FORM_KEYS:
            continue
        cs = compile_checks(f, frozenset({"other"}) if c else frozenset(), p or None)
        cs, orig = _only(cs, only)
        if not cs.checks:
            continue
        used = _compact(cs)[0]
        cur_cols, prev_cols = pos[used[used < n_addr]], pos[used[used >= n_addr] - n_addr]
        for start in range(0, len(idx), CHUNK):
            rows = idx[start:start + CHUNK]
            cur = X[np.ix_(rows, cur_cols)]
            prev = X[np.ix_(prev_pos[rows], prev_cols)] if p else np.full((len(rows), len(prev_cols)), np.nan)
            x = np.concatenate([cur, prev], axis=1)
            lhs, rhs, fail, na = _evaluate_linear(cs, x, compact=True)
            some_read = ((~np.isnan(x)).astype(np.float32) @ _compact(cs)[3]) > 0
            ri, ci = np.nonzero(fail | (na & some_read))
            if not len(ri):
                continue
            frames.append(pd.DataFrame({
                "row": rows[ri], "check": orig[ci], "lhs": lhs[ri, ci], "rhs": rhs[ri, ci],
                "status": np.where(fail[ri, ci], "fail", "not_assessable"), "key": [(f, c, p)] * len(ri),
            }))
    out = _linear_frame(frames, ids, messages)
    cell_issues = _value_issues(X[:, :-1], present, ids) if only is None or "V".startswith(only) else []
    df = pd.concat([out, cell_issues], ignore_index=True) if len(cell_issues) else out
    return df[ISSUE_COLUMNS]


_ONLY: dict = {}


def _only(cs: CheckSet, only: str | None) -> tuple[CheckSet, np.ndarray]:
    """The checks of rules whose id starts with ``only`` (all when None), and their index in ``cs``."""
    if only is None:
        return cs, np.arange(len(cs.checks))
    key = (id(cs), only)
    if key not in _ONLY:
        keep = np.array([i for i, c in enumerate(cs.checks) if c.rule.startswith(only)], dtype=int)
        sub = CheckSet(tuple(cs.checks[i] for i in keep), cs.left[keep], cs.right[keep], cs.uses[keep], cs.ops[keep],
                       tuple(cs.locate_terms[i] for i in keep))
        _ONLY[key] = (sub, keep, cs)  # cs kept so that its id is not reused
    sub, keep, _ = _ONLY[key]
    return sub, keep


def _fmt_many(values: np.ndarray) -> list[str]:
    """Numbers as message text: integers without decimals, others up to 4 places."""
    if np.all(np.isfinite(values)) and np.all(values == np.round(values)):
        return values.astype(np.int64).astype(str).tolist()
    return [_fmt(v) for v in values]


def _linear_frame(frames, ids, with_messages: bool) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    raw = pd.concat(frames, ignore_index=True)
    keys = list(dict.fromkeys(raw["key"]))
    raw["key_id"] = raw["key"].map({k: i for i, k in enumerate(keys)})
    cat = messages_catalogue()
    parts = []
    for (key_id, check_i, status), g in raw.groupby(["key_id", "check", "status"], sort=False):
        f, c, p = keys[key_id]
        chk = compile_checks(f, frozenset({"other"}) if c else frozenset(), p or None).checks[check_i]
        n = len(g)
        lhs, rhs = g["lhs"].to_numpy(), g["rhs"].to_numpy()
        if not with_messages:
            zh = en = [""] * n
        elif status == "fail":
            t = cat[chk.rule]
            fill = {"where": chk.where, "cell": "", "lhs": "{lhs}", "rhs": "{rhs}", "diff": "{diff}"}
            tz = t["zh"].format(**fill)
            te = t["en"].format(**{**fill, "where": chk.where_en})
            L, R, D = _fmt_many(lhs), _fmt_many(rhs), _fmt_many(lhs - rhs)
            zh = [tz.format(lhs=a, rhs=b, diff=d) for a, b, d in zip(L, R, D)]
            en = [te.format(lhs=a, rhs=b, diff=d) for a, b, d in zip(L, R, D)]
        else:
            zh = [f"{chk.where}：缺少数值，无法判断"] * n
            en = [f"{chk.where_en}: values missing, not assessable"] * n
        fail = status == "fail"
        parts.append(pd.DataFrame({
            "report_id": ids[g["row"].to_numpy()], "rule": chk.rule, "severity": chk.severity, "status": status,
            "table": chk.table, "scope": chk.scope, "cells": [chk.cells] * n,
            "expected": rhs if fail else np.nan, "actual": lhs if fail else np.nan,
            "diff": (lhs - rhs) if fail else np.nan, "suspect": None, "suggested": np.nan,
            "message": zh, "message_en": en,
        }))
    return pd.concat(parts, ignore_index=True)


def _value_issues(X: np.ndarray, present: list[str], ids) -> pd.DataFrame:
    """V-01 (integer) and V-02 (not negative) over every count cell, vectorised in row chunks."""
    kinds = {}
    for key in FORM_KEYS:
        for d in get_form(key)._all_cells:
            kinds[d.address] = (d.dtype == "int", d.dtype == "int" and not d.signed)
    int_cols = np.array([kinds[a][0] for a in present], bool)
    unsigned = np.array([kinds[a][1] for a in present], bool)
    cols = np.flatnonzero(int_cols)
    hits = {"V-01": ([], []), "V-02": ([], [])}
    for start in range(0, len(X), CHUNK):
        sub = X[start:start + CHUNK, cols]
        with np.errstate(invalid="ignore"):
            frac = (sub != np.floor(sub)) & ~np.isnan(sub)
            neg = (sub < 0) & unsigned[cols]
        for rule, mask in (("V-01", frac), ("V-02", neg)):
            if mask.any():
                ri, ci = np.nonzero(mask)
                hits[rule][0].append(ri + start)
                hits[rule][1].append(cols[ci])
    out = []
    for rule, (rs, cs) in hits.items():
        if not rs:
            continue
        ri, ci = np.concatenate(rs), np.concatenate(cs)
        names = [present[c] for c in ci]
        msgs = [render(rule, cell=a, cell_en=a, value=_fmt(X[r, c])) for a, r, c in zip(names, ri, ci)]
        out.append(pd.DataFrame({
            "report_id": ids[ri], "rule": rule, "severity": "error", "status": "fail",
            "table": [a[:2] for a in names], "scope": names, "cells": [(a,) for a in names],
            "expected": np.nan, "actual": X[ri, ci], "diff": np.nan, "suspect": names, "suggested": np.nan,
            "message": [m[0] for m in msgs], "message_en": [m[1] for m in msgs],
        }))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=ISSUE_COLUMNS)


def audit(reports: Iterable, *, cross_year: bool = True) -> pd.DataFrame:
    """Every rule on every report, with the cross-year rules along each agency's years.

    Reports are paired with the same agency's report of the previous year when there is
    one. Returns one issues frame (:data:`ISSUE_COLUMNS`); ``report_id`` says whose.
    """
    reports = list(reports)
    by_key = {(r.meta.agency, r.meta.year): r for r in reports}
    frames = []
    for r in reports:
        prev = by_key.get((r.meta.agency, (r.meta.year or 0) - 1)) if cross_year else None
        frames.append(evaluate(r, prev).records)
    recs = [x for f in frames for x in f]
    return pd.DataFrame.from_records(recs, columns=ISSUE_COLUMNS)


def vectors(reports: Iterable) -> np.ndarray:
    """Stack reports into the value matrix used by the engine (one row each)."""
    return np.vstack([_vector(r) for r in reports])
