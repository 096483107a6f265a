"""The form's identities as a judge of bindings: which reading of a row or a table is the one the numbers confirm.

A reader proposes candidate bindings (a column order, a placement of the numbers of a short row);
these functions say which candidates satisfy the arithmetic of the national form (spec §5):
each Table 3 row's parts sum to its 总计, the outcome leaves sum to （七）总计, and
一 + 二 = 三（七）+ 四. They never change a number; they only choose among readings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

#: A row of seven numbers (None: blank or not a number).
Vec = tuple[float | None, ...]

#: Most joint combinations tried when several rows are ambiguous at once.
MAX_JOINT = 20_000


def row_holds(v: Sequence[float | None]) -> bool | None:
    """Whether the last number is the sum of the six before it (None: not all present)."""
    if len(v) != 7 or any(x is None for x in v):
        return None
    return abs(sum(v[:6]) - v[6]) < 1e-9  # type: ignore[arg-type]


def placements(values: Sequence[float], n: int = 7, *, blanks: bool = True, repeats: bool = True) -> list[Vec]:
    """Every way ``values`` (fewer than ``n``) may fill ``n`` cells.

    Two losses make a row short: blank cells dropped by the extraction (the missing cells are blank),
    and repeated consecutive lines collapsed into one (a value stands for a run of equal cells).

    Examples
    --------
    >>> sorted(placements([12, 0, 12], 4, blanks=False))
    [(12, 0, 0, 12), (12, 0, 12, 12), (12, 12, 0, 12)]
    """
    k = len(values)
    out: set[Vec] = set()
    if k == 0 or k > n:
        return []
    if k == n:
        return [tuple(values)]
    if blanks:
        for keep in combinations(range(n), k):
            v: list[float | None] = [None] * n
            for i, x in zip(keep, values):
                v[i] = x
            out.add(tuple(v))
    if repeats:
        for cuts in combinations(range(1, n), k - 1):
            bounds = (0, *cuts, n)
            v = []
            for x, a, b in zip(values, bounds, bounds[1:]):
                v.extend([x] * (b - a))
            out.add(tuple(v))
    return sorted(out, key=lambda t: tuple(-1 if x is None else x for x in t))


def _num(x: float | None) -> float:
    return 0.0 if x is None else x


def row_candidates(cands: Iterable[Vec]) -> list[Vec]:
    """The candidates under which the row's own sum holds (blank parts count as 0; a blank total cannot be checked)."""
    return [c for c in cands if c[6] is None or abs(sum(_num(x) for x in c[:6]) - _num(c[6])) < 1e-9]


def table_ok(rows: dict[str, Vec], leaves: Sequence[str]) -> bool:
    """Column identities of Table 3 on the rows present: leaves = （七）总计, 一 + 二 = 三（七）+ 四."""
    for j in range(7):
        if "outcome_total" in rows and all(k in rows for k in leaves):
            if abs(sum(_num(rows[k][j]) for k in leaves) - _num(rows["outcome_total"][j])) > 1e-9:
                return False
        ends = ("new_received", "carried_over", "outcome_total", "carried_forward")
        if all(k in rows for k in ends):
            a = _num(rows["new_received"][j]) + _num(rows["carried_over"][j])
            b = _num(rows["outcome_total"][j]) + _num(rows["carried_forward"][j])
            if abs(a - b) > 1e-9:
                return False
    return True


def _constraints(keys: Sequence[str], leaves: Sequence[str]) -> list[dict[str, float]]:
    """The column identities as weighted sums that must be zero: leaves − （七）总计, 一 + 二 − 三（七）− 四."""
    out = []
    if "outcome_total" in keys and all(k in keys for k in leaves):
        c = {k: 1.0 for k in leaves}
        c["outcome_total"] = -1.0
        out.append(c)
    ends = ("new_received", "carried_over", "outcome_total", "carried_forward")
    if all(k in keys for k in ends):
        out.append(dict(zip(ends, (1.0, 1.0, -1.0, -1.0))))
    return out


#: Most distinct partial sums kept when checking a column identity (beyond it the check is skipped).
MAX_SUMS = 4096


def _reachable(options: list[set[float]]) -> set[float] | None:
    sums = {0.0}
    for opts in options:
        sums = {round(a + b, 6) for a in sums for b in opts}
        if len(sums) > MAX_SUMS:
            return None
    return sums


def _prune(
    fixed: dict[str, Vec], open_rows: dict[str, list[Vec]], cons: list[dict[str, float]]
) -> dict[str, list[Vec]]:
    """Drop candidates that no choice of the other rows can complete, column by column, until nothing changes."""
    rows = {k: list(v) for k, v in open_rows.items()}
    changed = True
    while changed:
        changed = False
        for con in cons:
            mine = [k for k in con if k in rows]
            for j in range(7):
                for k in mine:
                    others = []
                    for r, w in con.items():
                        if r == k:
                            continue
                        if r in rows:
                            others.append({w * _num(c[j]) for c in rows[r]})
                        else:
                            others.append({w * _num(fixed[r][j])})
                    reach = _reachable(others)
                    if reach is None:
                        continue
                    keep = [c for c in rows[k] if round(-con[k] * _num(c[j]), 6) in reach]
                    if len(keep) < len(rows[k]):
                        rows[k] = keep
                        changed = True
    return rows


def settle(fixed: dict[str, Vec], open_rows: dict[str, list[Vec]], leaves: Sequence[str]) -> dict[str, list[Vec]]:
    """The candidates of each open row that some joint choice satisfying :func:`table_ok` uses.

    ``fixed`` rows are read unambiguously; each open row has its candidate vectors. A row whose
    list comes back with exactly one vector is settled; more → still ambiguous; none → no
    placement fits (the caller leaves the row unreadable). Candidates are first pruned column by
    column (a necessary condition); the survivors are then checked jointly when few enough.
    """
    keys = list(open_rows)
    if not keys:
        return {}
    cons = _constraints([*fixed, *keys], leaves)
    rows = _prune(fixed, open_rows, cons) if cons else {k: list(v) for k, v in open_rows.items()}
    if any(not v for v in rows.values()) or not cons:
        return rows
    return _search(fixed, rows, cons)


#: Most search steps spent settling ambiguous rows jointly; beyond it they stay ambiguous.
MAX_STEPS = 50_000


def _search(fixed: dict[str, Vec], rows: dict[str, list[Vec]], cons: list[dict[str, float]]) -> dict[str, list[Vec]]:
    """Depth-first search over the open rows' candidates, pruned by interval bounds on every column identity.

    Every identity × column is one slot of a vector: a candidate adds its weighted numbers to the running sums,
    and a branch is cut when the rows still open cannot bring every sum back to zero (all of a row's candidates
    are tested at once, as one array). Each full choice that fits marks its candidates as used; the steps are
    capped at :data:`MAX_STEPS`.
    """
    import numpy as np

    keys = sorted(rows, key=lambda k: len(rows[k]))
    slots = [(con, j) for con in cons for j in range(7)]
    base = np.array([sum(w * _num(fixed[r][j]) for r, w in con.items() if r in fixed) for con, j in slots])
    # each candidate's contribution to every slot: one matrix per row
    adds = {k: np.array([[con.get(k, 0) * _num(c[j]) for con, j in slots] for c in rows[k]]) for k in keys}
    n = len(keys)
    # bounds of what the rows from position i on can still add (suffix sums)
    slo = np.zeros((n + 1, len(slots)))
    shi = np.zeros((n + 1, len(slots)))
    for i in range(n - 1, -1, -1):
        slo[i] = slo[i + 1] + adds[keys[i]].min(axis=0)
        shi[i] = shi[i + 1] + adds[keys[i]].max(axis=0)
    used: dict[str, set[Vec]] = {k: set() for k in keys}
    chosen: list[Vec] = []
    steps = 0

    def go(i: int, acc) -> bool:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS:
            return False
        if i == n:
            for k, c in zip(keys, chosen):
                used[k].add(c)
            return True
        k = keys[i]
        nxt = acc + adds[k]
        fits = ((nxt + slo[i + 1] <= 1e-9) & (nxt + shi[i + 1] >= -1e-9)).all(axis=1)
        for idx in np.flatnonzero(fits).tolist():
            chosen.append(rows[k][idx])
            if not go(i + 1, nxt[idx]) and steps > MAX_STEPS:
                return False
            chosen.pop()
        return True

    if not go(0, base) or steps > MAX_STEPS:
        return rows
    return {k: [c for c in rows[k] if c in used[k]] for k in keys}


def joins(texts: Sequence[str], n: int = 7, longest: int = 3) -> list[tuple[float, ...]]:
    """Every way ``texts`` (more than ``n`` digit strings) are ``n`` numbers split across lines.

    Examples
    --------
    >>> (162.0, 0.0, 0.0, 0.0, 0.0, 0.0, 162.0) in joins(["1", "62", "0", "0", "0", "0", "0", "162"], 7)
    True
    """
    k = len(texts)
    out: list[tuple[float, ...]] = []
    if not n <= k <= n * longest:
        return out  # no way to cut k texts into n numbers of at most ``longest`` pieces

    def cut(a: int, left: int, bounds: list[int]) -> bool:
        # the cuts in the order combinations(range(1, k), n - 1) gives them: the first piece shortest first
        if left == 1:
            if k - a > longest or (k - a > 1 and texts[a].startswith("0")):
                return True
            spans = [*bounds, k]
            try:
                out.append(tuple(float("".join(texts[x:y])) for x, y in zip(spans, spans[1:])))
            except ValueError:
                return False
            return True
        for size in range(1, min(longest, k - a - (left - 1)) + 1):
            if size > 1 and texts[a].startswith("0"):
                break  # a number is split only between digits: "0" / "162" is two numbers
            if not cut(a + size, left - 1, [*bounds, a + size]):
                return False
        return True

    return out if cut(0, n, [0]) else []


def numeric(cands: Iterable[Vec]) -> list[tuple[float, ...]]:
    """Candidates as numbers (a blank part counts 0, a blank total stays blank), without repeats, in a stable order."""
    seen: dict[tuple, None] = {}
    for c in cands:
        seen.setdefault(tuple(_num(x) if i < len(c) - 1 else x for i, x in enumerate(c)), None)
    return list(seen)
