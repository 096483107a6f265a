"""A plain run of digits split into numbers and their total, total first (the fast path of
:func:`~._digits.split_t3_row`): choosing the total (a suffix of the run) first bounds every part by what the
total leaves, where the general search (:func:`~._digits.enumerate_splits`) learns the total only at the end."""

from __future__ import annotations


def row_splits(digits: str, parts: int, max_steps: int) -> tuple[list[tuple[int, ...]], bool]:
    """Every split of a run of ASCII digits into ``parts`` numbers and their total (no leading zeros), in the order
    :func:`~._digits.enumerate_splits` finds them: what it returns with T3-03's check, found by choosing the total first
    (a suffix) so that each part is bounded by what the total leaves. ``(solutions, exhausted)``."""
    m = len(digits)
    found: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    steps = 0

    def parts_of(pos: int, k: int, left: int, vals: list[int]) -> bool:
        # split digits[pos:end] into k numbers summing to ``left``; False when the step budget is spent
        nonlocal steps
        steps += 1
        if steps > max_steps:
            return False
        rest = end - pos
        if k == 1:
            tok = digits[pos:end]
            if (len(tok) == 1 or tok[0] != "0") and int(tok) == left:
                vals.append(left)
                found.append((tuple(len(str(v)) for v in vals), (*vals, total)))
                vals.pop()
            return True
        if digits[pos] == "0":
            lengths = range(1, 2)  # "0" itself: a longer number would have a leading zero
        else:
            lengths = range(1, min(rest - (k - 1), len(str(left))) + 1)
        for n in lengths:
            v = int(digits[pos : pos + n])
            if v > left:
                break
            vals.append(v)
            ok = parts_of(pos + n, k - 1, left - v, vals)
            vals.pop()
            if not ok:
                return False
        return True

    for tl in range(1, m - parts + 1):
        end = m - tl
        if tl > 1 and digits[end] == "0":
            continue
        total = int(digits[end:])
        if not parts_of(0, parts, total, []):
            return [], True
    found.sort(key=lambda f: f[0])
    return [sol for _lengths, sol in found], False


__all__ = ["row_splits"]
