"""Flagged repair of table digits run together or split apart by text extraction (spec §7.6).

A flattened page gives ``230 000023`` for the seven cells of one Table 3 row. The only reading
we accept is one the arithmetic of the table forces: every split of the run into numbers
(no leading zeros, spaces kept as boundaries) is tried, the ones that break T3-03 (row sum),
T4-01 (Table 4 group sums) or, across rows, T3-01 / T3-02 are dropped, and the cells are
``repaired`` only when exactly one split survives. Several survivors make the cells
``unreadable``, with the alternatives in the note: never a silent guess.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .._cell import read_cell
from ..model import Cell
from ._row_splits import row_splits

#: Longest digit run we try to split (longer runs are reported unreadable, not searched).
MAX_RUN = 64
#: Upper bound on partial splits visited for one run (keeps a hostile input bounded).
MAX_STEPS = 400_000
#: Upper bound on combinations of ambiguous rows tried against the column identities.
MAX_COMBOS = 200_000

_RUN_CHARS = re.compile(r"[^0-9.+\-\s]")
_NUMBER = re.compile(r"0(?:\.\d+)?|[1-9]\d*(?:\.\d+)?")
_SPACES = re.compile(r"\s+")

Values = tuple[float | int, ...]


def _num(tok: str) -> int | float:
    return float(tok) if "." in tok else int(tok)


@dataclass(frozen=True)
class Repair:
    """The outcome of splitting one run of digits into ``n`` cells.

    ``solutions`` holds every split that passed the checks (at most a few are kept in
    notes); ``values`` is the split when it is the only one, else ``None``.
    """

    raw: str
    n: int
    rule: tuple[str, str]  # (zh, en) name of the check that confirmed the split
    solutions: tuple[Values, ...] = ()
    exhausted: bool = False  # the search hit MAX_STEPS / MAX_RUN: nothing is claimed
    already_separated: bool = False  # the run already had exactly n space-separated numbers
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def values(self) -> Values | None:
        return self.solutions[0] if len(self.solutions) == 1 and not self.exhausted else None

    @property
    def status(self) -> str:
        if self.values is None:
            return "unreadable"
        return "parsed" if self.already_separated else "repaired"

    def note(self) -> str:
        """Chinese, then English: what was done and which alternatives existed."""
        shown = "；".join("/".join(_fmt(v) for v in s) for s in self.solutions[:4])
        more = f" 等{len(self.solutions)}种" if len(self.solutions) > 4 else ""
        raw = self.raw.strip()
        zh, en = self.rule
        if "why" in self.extra:  # not a digit run: the reason the row's numbers could not be placed
            return "{} / {}".format(*self.extra["why"])
        if self.exhausted:
            return (
                f"数字串“{raw}”过长或拆分方式过多，未尝试修复，按无法识别处理"
                f" / digit run '{raw}' too long to search: left unreadable"
            )
        if not self.solutions:
            return (
                f"数字串“{raw}”无论如何拆成{self.n}个数都不满足{zh}，无法识别"
                f" / no split of '{raw}' into {self.n} numbers satisfies {en}: unreadable"
            )
        if self.values is None:
            return (
                f"数字串“{raw}”有{len(self.solutions)}种拆分都满足{zh}（{shown}{more}），无法确定，按无法识别处理"
                f" / {len(self.solutions)} splits of '{raw}' satisfy {en} ({shown}{more}): ambiguous, unreadable"
            )
        return (
            f"数字粘连：“{raw}”拆为 {shown}，是唯一满足{zh}且无前导零的拆分（已标记为修复）"
            f" / digits run together: '{raw}' split as {shown}, the only split without leading zeros "
            f"that satisfies {en} (flagged repair)"
        )

    def cells(self, source: str | None = None, blank_status: Sequence[str] | None = None) -> list[Cell]:
        """One :class:`Cell` per position (``unreadable`` ones when no unique split)."""
        vals = self.values
        if vals is None:
            note = self.note()
            return [Cell(None, "unreadable", raw=self.raw, source=source, note=note) for _ in range(self.n)]
        note = None if self.already_separated else self.note()
        status, raw = self.status, self.raw
        return [read_cell(v, status, raw, source, note) for v in vals]


def _fmt(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def enumerate_splits(
    run: str,
    n: int,
    *,
    signed: Sequence[bool] | None = None,
    decimal: Sequence[bool] | None = None,
    check: Callable[[list], bool] | None = None,
    partial: Callable[[list, int], bool] | None = None,
    forced: Callable[[list], int | None] | None = None,
    hard_spaces: bool = True,
    max_steps: int = MAX_STEPS,
) -> tuple[list[Values], bool]:
    """Every way to read ``run`` as ``n`` numbers.

    Numbers have no leading zeros ("0" alone is fine); a sign is allowed only where
    ``signed[i]``, a decimal point only where ``decimal[i]``. With ``hard_spaces`` a space is
    always a boundary between two numbers. ``partial(values_so_far, digits_left)`` may prune;
    ``check(values)`` filters complete splits; ``forced(values_so_far)`` may name the only value
    the next number can have (a total is the sum of its parts), which prunes the search to one
    branch. Returns ``(solutions, exhausted)``.

    Examples
    --------
    >>> enumerate_splits("230 000023", 7, check=lambda v: v[6] == sum(v[:6]))[0]
    [(23, 0, 0, 0, 0, 0, 23)]
    """
    if _RUN_CHARS.search(run):
        return [], False
    text = run.strip() if hard_spaces else _SPACES.sub("", run)
    text = _SPACES.sub(" ", text)
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_RUN or n <= 0:
        return [], True
    signed = signed or [False] * n
    decimal = decimal or [False] * n
    out: list[Values] = []
    steps = 0
    exhausted = False
    size = len(text)
    left = [0] * (size + 1)  # digits from each position to the end
    run_end = [size] * (size + 1)  # where the digits and points starting at each position end
    for k in range(size - 1, -1, -1):
        left[k] = left[k + 1] + text[k].isdigit()
        run_end[k] = run_end[k + 1] if text[k].isdigit() or text[k] == "." else k
    points = "." in text  # without any, the checks on decimal points below cannot apply

    def rec(pos: int, vals: list):
        nonlocal steps, exhausted
        if exhausted:
            return
        steps += 1
        if steps > max_steps:
            exhausted = True
            return
        i = len(vals)
        if i == n:
            if pos == size and (check is None or check(vals)):
                out.append(tuple(vals))
            return
        if pos >= size:
            return
        if partial is not None and vals and not partial(vals, left[pos]):
            return
        sign = ""
        start = pos
        if text[pos] in "+-":
            if not signed[i]:
                return
            sign = text[pos]
            start += 1
        chunk = text[start : run_end[start]]
        if not chunk:
            return
        # Candidate ends: every prefix of the chunk that is a well-formed number.
        must = forced(vals) if forced is not None else None
        ends = range(1, len(chunk) + 1)
        if must is not None:
            want = str(abs(must)) if isinstance(must, int) else None
            if want is None or not chunk.startswith(want) or (must < 0) != (sign == "-"):
                return
            ends = range(len(want), len(want) + 1)
        elif not points and chunk[0] == "0":
            ends = range(1, 2)  # "0" itself: a longer number would have a leading zero
        for end in ends:
            tok = chunk[:end]
            if tok[0] == "0" and end > 1 and tok[1] != ".":
                continue
            nxt = start + end
            if points and (
                ("." in tok and (not decimal[i] or not _NUMBER.fullmatch(tok)))
                or (nxt < size and text[nxt] == ".")  # a number cannot stop right before its decimal point
                or tok.endswith(".")
            ):
                continue
            vals.append(int(sign + tok) if not points else _num(sign + tok))
            rec(nxt + 1 if nxt < size and text[nxt] == " " else nxt, vals)
            vals.pop()  # one list for the whole search: a complete split is copied out as a tuple

    rec(0, [])
    return out, exhausted


def _row_sum_ok(v: Sequence) -> bool:
    return v[-1] == sum(v[:-1])


def _t3_partial(vals: list, digits_left: int) -> bool:
    # the numbers still to come need a digit each, and the total at least as many as the sum so far
    if len(vals) >= 7:
        return True
    return digits_left >= (6 - len(vals)) + len(str(int(sum(vals))))


def split_t3_row(run: str) -> Repair:
    """Split one Table 3 row (6 applicant columns + 总计) by T3-03.

    Examples
    --------
    >>> split_t3_row("640020470").values
    (64, 0, 0, 2, 0, 4, 70)
    """
    rule = ("T3-03（行合计）", "T3-03 (row sum)")
    digits = run.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= MAX_RUN:
        # a plain run of digits (a flattened page): the total first, then its six parts, each at most what is left
        sols, exhausted = row_splits(digits, 6, MAX_STEPS)
        return Repair(raw=run, n=7, rule=rule, solutions=tuple(sols), exhausted=exhausted)
    return _split(
        run,
        7,
        rule,
        check=_row_sum_ok,
        partial=_t3_partial,
        forced=lambda v: sum(v) if len(v) == 6 and all(isinstance(x, int) for x in v) else None,
    )


def _t4_ok(vals: Sequence) -> bool:
    for g in range(0, len(vals) // 5 * 5, 5):
        part = vals[g : g + 5]
        if len(part) == 5 and part[4] != sum(part[:4]):
            return False
    return True


def _t4_partial(vals: list, digits_left: int) -> bool:
    g = len(vals) % 5
    groups_after = (15 - len(vals) - (5 - g if g else 0)) // 5
    if g == 0:
        return digits_left >= 5 * groups_after
    return digits_left >= (4 - g) + len(str(int(sum(vals[-g:])))) + 5 * groups_after


def split_t4(run: str) -> Repair:
    """Split Table 4's 15 numbers in canonical order, confirmed by T4-01 in each group.

    Examples
    --------
    >>> split_t4("21317000001324019").values
    (2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19)
    """
    return _split(
        run,
        15,
        ("T4-01（复议、诉讼各组合计）", "T4-01 (group totals)"),
        check=_t4_ok,
        partial=_t4_partial,
        forced=_t4_forced,
    )


def _t4_forced(vals: list) -> int | None:
    if len(vals) % 5 == 4 and all(isinstance(x, int) for x in vals[-4:]):
        return sum(vals[-4:])
    return None


def split_plain(run: str, n: int, *, signed=None, decimal=None) -> Repair:
    """Split a run with no arithmetic to confirm it: only a unique well-formed split is accepted.

    Examples
    --------
    >>> split_plain("000", 3).values
    (0, 0, 0)
    >>> split_plain("898989", 3).values is None
    True
    """
    return _split(run, n, ("数字格式", "the number form"), signed=signed, decimal=decimal)


def _split(run: str, n: int, rule: tuple[str, str], **kw) -> Repair:
    toks = run.split()
    separated = len(toks) == n and all(_NUMBER.fullmatch(t.lstrip("+-")) for t in toks)
    sols, exhausted = enumerate_splits(run, n, **kw)
    if not sols and not exhausted and re.search(r"\s", run.strip()):
        # The spaces may sit inside a number (a stray &nbsp; span): try again without them.
        sols, exhausted = enumerate_splits(run, n, hard_spaces=False, **kw)
    return Repair(raw=run, n=n, rule=rule, solutions=tuple(sols), exhausted=exhausted, already_separated=separated)


def resolve_t3(
    rows: Mapping[str, Repair],
    identity_rows: tuple[str, str, str, str],
    outcome_rows: Sequence[str],
) -> dict[str, Repair]:
    """Use the column identities to settle rows whose T3-03 split is ambiguous.

    ``identity_rows`` is ``(new_received, carried_over, outcome_total, carried_forward)``
    (T3-01); ``outcome_rows`` are the leaves whose sum is （七） (T3-02). A combination of the
    ambiguous rows' candidates is kept only if every identity that involves an ambiguous row
    holds in every column; a row is settled when all kept combinations agree on it.
    Published tables that break an identity (010) simply leave their ambiguous rows unreadable.
    """
    ambiguous = [k for k, r in rows.items() if len(r.solutions) > 1 and not r.exhausted]
    if not ambiguous:
        return dict(rows)
    if math.prod(len(rows[k].solutions) for k in ambiguous) > MAX_COMBOS:
        return dict(rows)
    new, carried, total, forward = identity_rows
    ident = [r for r in identity_rows if r in rows]
    uses_t301 = len(ident) == 4 and any(k in ident for k in ambiguous)
    outs = [k for k in outcome_rows if k in rows]
    uses_t302 = total in rows and any(k in outs or k == total for k in ambiguous) and len(outs) == len(outcome_rows)
    if not (uses_t301 or uses_t302):
        return dict(rows)
    fixed = {k: r.values for k, r in rows.items() if r.values is not None}
    kept: list[dict] = []
    for combo in itertools.product(*(rows[k].solutions for k in ambiguous)):
        vals = {**fixed, **dict(zip(ambiguous, combo))}
        if uses_t301 and not all(k in vals for k in ident):
            continue
        if uses_t302 and not all(k in vals for k in (*outs, total)):
            continue
        ok = True
        for c in range(7):
            if uses_t301 and vals[new][c] + vals[carried][c] != vals[total][c] + vals[forward][c]:
                ok = False
                break
            if uses_t302 and sum(vals[k][c] for k in outs) != vals[total][c]:
                ok = False
                break
        if ok:
            kept.append(vals)
    if not kept:
        return dict(rows)  # the published table breaks the identity: nothing settled
    names = "T3-03 + " + " + ".join(r for r, on in (("T3-01", uses_t301), ("T3-02", uses_t302)) if on)
    rule = (f"{names}（行合计与列恒等式）", f"{names} (row sum and column identities)")
    out = dict(rows)
    for k in ambiguous:
        options = sorted({v[k] for v in kept})
        out[k] = Repair(raw=rows[k].raw, n=7, rule=rule, solutions=tuple(options))
    return out
