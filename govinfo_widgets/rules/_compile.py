"""Expand the linear rules of the catalogue into concrete checks for one layout."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..schema import FORM_KEYS, get_form
from ._catalog import LINEAR_RULES, Rule


@lru_cache(maxsize=1)
def messages() -> dict:
    """The message catalogue: rule id → {title, zh, en} templates."""
    return json.loads(resources.files(__package__).joinpath("messages.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def address_space() -> tuple[tuple[str, ...], dict[str, int]]:
    """Every address of every form, in a fixed order; values are vectors over this space."""
    seen: dict[str, int] = {}
    for key in FORM_KEYS:
        for a in get_form(key).all_addresses:
            seen.setdefault(a, len(seen))
    return tuple(seen), seen


@dataclass(frozen=True)
class Check:
    """One concrete comparison: Σ lhs (op) Σ rhs over named cells."""

    rule: str
    severity: str
    table: str
    op: str
    lhs: tuple[tuple[str, float], ...]  # (address, coefficient); "prev:" prefix = last year
    rhs: tuple[tuple[str, float], ...]
    scope: str  # key of the column / row / group / block.row
    where: str
    where_en: str
    locate: bool

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(a for a, _ in (*self.lhs, *self.rhs))

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "op": self.op,
            "lhs": [list(t) for t in self.lhs],
            "rhs": [list(t) for t in self.rhs],
            "scope": self.scope,
            "where": self.where,
            "where_en": self.where_en,
        }


def _members(rule: Rule, form, collapsed):
    """(placeholder values, where zh, where en) for each member of ``for_each``."""
    kind, _, arg = rule.for_each.partition(":")
    if kind == "t3_columns":
        for c in form.t3_columns:
            yield {"col": c["key"]}, f"「{c['label']}」列", f"column {c['label_en']}"
    elif kind == "t3_rows":
        for r in form.t3_data_rows(collapsed):
            yield {"row": r.key}, f"「{r.label}」行", f"row {r.label_en}"
    elif kind == "t4_groups":
        for g in form.table("t4")["groups"]:
            yield {"group": g["key"]}, f"表四「{g['label']}」", f"table 4, {g['label_en']}"
    elif kind == "t2_rows":
        wanted = arg.split(",")
        for b in form.table("t2")["blocks"]:
            if b["key"] in wanted:
                for r in b["rows"]:
                    yield (
                        {"block": b["key"], "row": r["key"]},
                        f"{b['title']}「{r['label']}」",
                        f"{b['title_en']}, {r['label_en']}",
                    )
    else:  # pragma: no cover - catalogue error
        raise ValueError(rule.for_each)


def _expand(term: str, values: dict) -> list[tuple[str, float]]:
    coef = 1.0
    if term.startswith("-"):
        coef, term = -1.0, term[1:]
    return [(term.format(**values), coef)]


@dataclass(frozen=True)
class CheckSet:
    """The checks for one layout, with matrices that evaluate them over value vectors."""

    checks: tuple[Check, ...]
    left: np.ndarray  # (n_checks, 2N): Σ lhs
    right: np.ndarray  # (n_checks, 2N): Σ rhs
    uses: np.ndarray  # (n_checks, 2N): 1 where the check reads the cell
    ops: np.ndarray  # (n_checks,) 0 eq, 1 le, 2 ge
    locate_terms: tuple[tuple[tuple[int, float], ...], ...]  # per check: (column, coef in lhs-rhs)

    def to_json(self) -> list[dict]:
        return [c.to_dict() for c in self.checks]


_OPS = {"eq": 0, "le": 1, "ge": 2}


@lru_cache(maxsize=64)
def compile_checks(form_key: str, collapsed: frozenset = frozenset(), previous_form: str | None = None) -> CheckSet:
    """All linear checks for a layout (and, with ``previous_form``, the cross-year ones)."""
    form = get_form(form_key)
    layout = set(form.layout_addresses(collapsed))
    prev_layout = set(get_form(previous_form).all_addresses) if previous_form else set()
    _, index = address_space()
    n = len(index)
    checks: list[Check] = []
    sums: dict[tuple[str, str, str], list] = {}
    for s in form.sums(collapsed):
        sums.setdefault((s.table, s.along, s.member), []).append(s)
    for rule in LINEAR_RULES:
        if form.rules_as not in rule.forms:
            continue
        if rule.previous_forms is not None and (
            previous_form is None or get_form(previous_form).rules_as not in rule.previous_forms
        ):
            continue
        for values, where, where_en in _members(rule, form, collapsed):
            if rule.kind == "sum":  # total = Σ parts, as the form declares
                sides = [
                    ([(s.total, 1.0)], [(p, 1.0) for p in s.parts])
                    for s in sums.get((rule.table, rule.sums, *values.values()), ())
                ]
            else:
                sides = [
                    (
                        [t for term in rule.lhs for t in _expand(term, values)],
                        [t for term in rule.rhs for t in _expand(term, values)],
                    )
                ]
            for lhs, rhs in sides:
                ok = all((a[5:] in prev_layout) if a.startswith("prev:") else (a in layout) for a, _ in (*lhs, *rhs))
                if ok:
                    scope = ".".join(values.values())
                    checks.append(
                        Check(
                            rule.id,
                            rule.severity,
                            rule.table,
                            rule.op,
                            tuple(lhs),
                            tuple(rhs),
                            scope,
                            where,
                            where_en,
                            rule.locate and rule.op == "eq",
                        )
                    )
    left = np.zeros((len(checks), 2 * n))
    right = np.zeros((len(checks), 2 * n))
    locate_terms = []
    for i, c in enumerate(checks):
        terms = {}
        for side, mat, sign in ((c.lhs, left, 1.0), (c.rhs, right, -1.0)):
            for a, coef in side:
                j = index[a[5:]] + n if a.startswith("prev:") else index[a]
                mat[i, j] += coef
                terms[j] = terms.get(j, 0.0) + sign * coef
        locate_terms.append(tuple(terms.items()) if c.locate else ())
    uses = ((left != 0) | (right != 0)).astype(float)
    ops = np.array([_OPS[c.op] for c in checks], dtype=np.int8)
    return CheckSet(tuple(checks), left, right, uses, ops, tuple(locate_terms))
