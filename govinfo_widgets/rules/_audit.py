"""Audit many reports at once: the linear rules as matrix products over a wide value matrix."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..schema import FORM_KEYS, get_form
from ._cells import value_issue
from ._compile import CheckSet, address_space, compile_checks
from ._engine import ISSUE_COLUMNS, evaluate
from ._linear import compact_matrices, evaluate_linear, linear_issue, locate, reported_checks, table_presence, vector

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
    present_addrs = [a for a in addrs if a in wide.columns]
    X = np.empty((n, len(present_addrs) + 1))
    X[:, -1] = np.nan
    if present_addrs:
        block = wide[present_addrs]
        if not all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
            block = block.apply(pd.to_numeric, errors="coerce")
        X[:, :-1] = block.to_numpy(dtype=float, na_value=np.nan)
    pos = np.full(n_addr, len(present_addrs))  # address → column of X
    pos[[index[a] for a in present_addrs]] = np.arange(len(present_addrs))
    ids = wide[id_col].astype(str).to_numpy() if id_col in wide else np.arange(n).astype(str)
    forms = wide[form_col].astype(str).to_numpy()
    if cross_year and agency_col in wide and year_col in wide:
        keys = pd.MultiIndex.from_arrays([wide[agency_col].to_numpy(), wide[year_col].to_numpy()])
        prev_keys = pd.MultiIndex.from_arrays([wide[agency_col].to_numpy(), wide[year_col].to_numpy() - 1])
        prev_pos = keys.get_indexer(prev_keys) if keys.is_unique else np.full(n, -1)
    else:
        prev_pos = np.full(n, -1)
    collapsed = _other_collapsed_mask(X, pos)
    present, _ = table_presence(X, pos)
    present_prev = np.where((prev_pos >= 0)[:, None], present[np.maximum(prev_pos, 0)], False)
    prev_forms = np.where(prev_pos >= 0, forms[np.maximum(prev_pos, 0)], "")
    records: list[tuple] = []
    group_key = pd.DataFrame({"f": forms, "c": collapsed, "p": prev_forms})
    for (f, c, p), idx in group_key.groupby(["f", "c", "p"], sort=False).indices.items():
        if f not in FORM_KEYS:
            continue
        cs = compile_checks(f, frozenset({"other"}) if c else frozenset(), p or None)
        cs, _ = _only(cs, only)
        if not cs.checks:
            continue
        used = compact_matrices(cs)[0]
        cur_cols, prev_cols = pos[used[used < n_addr]], pos[used[used >= n_addr] - n_addr]
        for start in range(0, len(idx), CHUNK):
            rows = idx[start : start + CHUNK]
            cur = X[np.ix_(rows, cur_cols)]
            prev = X[np.ix_(prev_pos[rows], prev_cols)] if p else np.full((len(rows), len(prev_cols)), np.nan)
            x = np.concatenate([cur, prev], axis=1)
            lhs, rhs, fail, na = evaluate_linear(cs, x, compact=True)
            shown = reported_checks(cs, fail, na, present[rows], present_prev[rows])
            if shown.any():
                records += _linear_records(cs, get_form(f), used, x, lhs, rhs, fail, na, shown, ids[rows])
    if only is None or "V".startswith(only):
        records += _value_records(X[:, :-1], present_addrs, ids, forms)
    df = pd.DataFrame.from_records(records, columns=ISSUE_COLUMNS)
    if not messages:
        df["message"] = df["message_en"] = ""
    return df


_ONLY: dict = {}


def _only(cs: CheckSet, only: str | None) -> tuple[CheckSet, np.ndarray]:
    """The checks of rules whose id starts with ``only`` (all when None), and their index in ``cs``."""
    if only is None:
        return cs, np.arange(len(cs.checks))
    key = (id(cs), only)
    if key not in _ONLY:
        keep = np.array([i for i, c in enumerate(cs.checks) if c.rule.startswith(only)], dtype=int)
        sub = CheckSet(
            tuple(cs.checks[i] for i in keep),
            cs.left[keep],
            cs.right[keep],
            cs.uses[keep],
            cs.ops[keep],
            tuple(cs.locate_terms[i] for i in keep),
        )
        _ONLY[key] = (sub, keep, cs)  # cs kept so that its id is not reused
    sub, keep, _ = _ONLY[key]
    return sub, keep


_FIELDS = ISSUE_COLUMNS[1:]


def _linear_records(cs, form, used, x, lhs, rhs, fail, na, shown, ids) -> list[tuple]:
    """The issues of the ``shown`` checks (rows in :data:`ISSUE_COLUMNS` order), rendered as
    :func:`evaluate` renders them.

    ``x`` holds the columns ``used`` of the address space (this year, then last year). A
    failure is rendered with its own numbers and suspect; a not-assessable check depends only
    on which of its cells are missing, so it is rendered once per pattern.
    """
    n2 = 2 * len(address_space()[0])

    def full_row(r):
        full = np.full(n2, np.nan)
        full[used] = x[r]
        return full

    out = []
    for r in np.flatnonzero((shown & fail).any(axis=1)):
        full = full_row(r)
        located = locate(cs, full, lhs[r] - rhs[r], fail[r], na[r])
        for i in np.flatnonzero(shown[r] & fail[r]):
            rec = linear_issue(cs.checks[i], form, full, lhs[r, i], rhs[r, i], True, located.get(i))
            out.append((ids[r], *(rec[c] for c in _FIELDS)))
    check_cols = _check_columns(cs)
    for i in np.flatnonzero((shown & ~fail).any(axis=0)):
        rows = np.flatnonzero(shown[:, i] & ~fail[:, i])
        cols = check_cols[i]
        patterns, which = np.unique(np.isnan(x[np.ix_(rows, cols)]), axis=0, return_inverse=True)
        which = which.ravel()
        for k in range(len(patterns)):  # each pattern of missing cells
            group = rows[which == k]
            rec = linear_issue(cs.checks[i], form, full_row(group[0]), np.nan, np.nan, False)
            tail = tuple(rec[c] for c in _FIELDS)
            out += [(rid, *tail) for rid in ids[group]]
    return out


def _check_columns(cs) -> list[np.ndarray]:
    """Per check, the columns of the compact value matrix it reads (cached per check set)."""
    key = id(cs)
    if key not in _CHECK_COLUMNS:
        uses = compact_matrices(cs)[3]
        _CHECK_COLUMNS[key] = [np.flatnonzero(uses[:, i]) for i in range(uses.shape[1])]
    return _CHECK_COLUMNS[key]


_CHECK_COLUMNS: dict[int, list] = {}


def _value_records(X: np.ndarray, present: list[str], ids, forms) -> list[tuple]:
    """V-01 (integer) and V-02 (not negative) over every count cell, vectorised in row chunks."""
    out = []
    for key in FORM_KEYS:
        form = get_form(key)
        rows_f = np.flatnonzero(forms == key)
        cols = np.array([k for k, a in enumerate(present) if form.has_cell(a) and form.cell(a).dtype == "int"], int)
        if not len(rows_f) or not len(cols):
            continue
        unsigned = np.array([not form.cell(present[k]).signed for k in cols], bool)
        for start in range(0, len(rows_f), CHUNK):
            rows = rows_f[start : start + CHUNK]
            sub = X[np.ix_(rows, cols)]
            with np.errstate(invalid="ignore"):
                frac = (sub != np.floor(sub)) & ~np.isnan(sub)
                neg = (sub < 0) & unsigned
            for ri, ci in zip(*np.nonzero(frac | neg)):
                r, d, v = rows[ri], form.cell(present[cols[ci]]), sub[ri, ci]
                for rule, hit in (("V-01", frac[ri, ci]), ("V-02", neg[ri, ci])):
                    if hit:
                        rec = value_issue(rule, d, v)
                        out.append((ids[r], *(rec[c] for c in _FIELDS)))
    return out


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
    return np.vstack([vector(r) for r in reports])
