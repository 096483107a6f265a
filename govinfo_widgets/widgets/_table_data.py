"""What a form table is, as data: the payload the browser is sent (grid, compiled checks, parts, parse rules,
messages) and a report's values projected into it; typed values back into a Report; the totals filled as the
browser fills them; the issues as the browser reads them. The widget (``_table.FormTable``) only moves these.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..errors import GovinfoError
from ..io import parse_cell, parse_rules
from ..model import Cell, Report
from ..rules import compile_checks, issues_json, messages
from ..schema import get_form, table_grid
from ._strings import TABLE_TEXT, catalogue

TABLES = ("t2", "t3", "t4")
EDITOR_SOURCE = "editor"
#: What the cell parser would repair (digits split by a space, 元 in a 万元 cell) is, when typed, a slip to
#: correct, not a loss to undo: the editor keeps such text as typed (unreadable), in the browser and here.
TYPED_REFUSED = ("repaired",)


def _number(v):
    """JSON-safe value: NaN/inf become None."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


@lru_cache(maxsize=64)
def _static_payload(form_key: str, table: str, collapsed: frozenset, previous_form: str | None) -> dict:
    """The part of the projection that depends only on the layout (cached: built once per layout)."""
    form = get_form(form_key)
    layout = list(form.table_addresses(table, collapsed))
    in_table = set(layout)
    cs = compile_checks(form_key, collapsed, previous_form)
    checks = []
    for c in cs.checks:
        if c.table != table:
            continue
        d = c.to_dict()
        lead = c.lhs[0][0]
        if c.rule == "T3-04":  # the row named in the message, as the kernel names it
            row = form.t3_row[lead.split(".")[1]]
            d["cell"], d["cell_en"] = row.label, row.label_en
        checks.append(d)
    computed = [a for a in layout if form.cell(a).computed]
    parts = {a: list(p) for a, p in form.computed_parts(collapsed).items() if a in in_table}
    cat = messages()
    rules = {c["rule"] for c in checks}
    types = {}
    for a in layout:
        cd = form.cell(a)
        if cd.dtype != "int" or cd.signed or cd.unit != "件" or cd.computed:
            types[a] = {"dtype": cd.dtype, "signed": cd.signed, "unit": cd.unit, "computed": cd.computed}
    return {
        "table": table,
        "form_key": form_key,
        "grid": {lang: table_grid(form, table, collapsed, lang).to_dict() for lang in ("zh", "en")},
        "layout": layout,
        "checks": checks,
        "parts": parts,
        "computed": computed,
        "types": types,
        "parse": {**parse_rules(), "refuse": list(TYPED_REFUSED)},
        "text": catalogue(TABLE_TEXT),
        "labels": {lang: {a: form.cell(a).describe(lang) for a in layout} for lang in ("zh", "en")},
        "messages": {r: {k: cat[r][k] for k in ("zh", "en", "title", "title_en") if k in cat[r]} for r in rules},
    }


def projection(report: Report, table: str, previous: Report | None = None) -> dict[str, Any]:
    """The JSON projection a table widget syncs: ``form`` (layout, checks, templates), ``values``, ``manual``.

    ``values`` maps every address of the table's layout to a number, ``None`` (blank) or a
    string (text that could not be read as a number, kept as typed). ``manual`` lists the
    computed cells (totals) whose value was typed or read rather than computed.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> p = projection(load_example("000"), "t3")
    >>> p["values"]["t3.new_received.total"], p["form"]["table"]
    (0, 't3')
    """
    if table not in TABLES:
        raise GovinfoError(f"未知的表格「{table}」，应为 t2、t3 或 t4", f"unknown table {table!r}; use t2, t3 or t4")
    prev_form = previous.meta.form if previous is not None else None
    static = _static_payload(report.meta.form, table, report.collapsed, prev_form)
    form = dict(static)
    prev_cells = {a[5:] for c in static["checks"] for a, _ in (*c["lhs"], *c["rhs"]) if a.startswith("prev:")}
    form["prev"] = {a: _number(previous.number(a)) for a in sorted(prev_cells)} if previous is not None else {}
    values, manual = {}, []
    for a in static["layout"]:
        c = report.cells.get(a)
        if c is None:
            values[a] = None
        elif c.status in ("unreadable", "not_applicable"):  # as typed or published: the browser reads it alike
            values[a] = c.raw if c.raw else ("-" if c.status == "not_applicable" else "")
        else:
            values[a] = _number(c.value)
        if a in static["computed"] and c is not None and c.status != "computed" and c.value is not None:
            manual.append(a)
    return {"form": form, "values": values, "manual": manual}


def apply_values(report: Report, values: Mapping[str, Any], manual=()) -> Report:
    """A copy of ``report`` with the values of a table projection.

    Unchanged cells keep their provenance; a number becomes ``entered`` (``computed`` for a total
    left to the machine); ``None`` a blank (``blank_zero`` for a leaf, ``blank_missing`` for a
    total); a string is read by the importers' cell parser (:func:`govinfo_widgets.io.parse_cell`:
    ``-`` is not applicable, ``7件`` is 7), except that what it would repair (:data:`TYPED_REFUSED`) and
    text that is not a number stay ``unreadable`` with their text, never 0.
    """
    form = report.form
    manual = set(manual)
    new: dict[str, Cell] = {}
    for a, v in values.items():
        if not form.has_cell(a):
            raise GovinfoError(f"「{a}」不是{form.name['zh']}的单元格", f"{a!r} is not a cell of {form.key}")
        cd = form.cell(a)
        old = report.cells.get(a)
        auto = cd.computed and a not in manual
        if isinstance(v, bool) or (v is not None and not isinstance(v, numbers.Number | str)):
            raise GovinfoError(f"「{a}」的值 {v!r} 不是数字", f"value {v!r} of {a!r} is not a number")
        if isinstance(v, str):
            cell = parse_cell(v, cd, source=EDITOR_SOURCE)
            if cell.status in TYPED_REFUSED or cell.status == "unreadable":  # kept whole, as typed
                cell = Cell(None, "unreadable", raw=v, source=EDITOR_SOURCE, note=cell.note)
            elif cell.value is not None:  # typed, so entered ("7件" is 7), with what was typed
                cell = Cell(cell.value, "entered", raw=v, source=EDITOR_SOURCE, note=cell.note)
        elif v is None:
            cell = Cell(None, "blank_missing" if cd.computed else "blank_zero", raw="", source=EDITOR_SOURCE)
        else:
            v = _number(v)
            status = "computed" if auto else "entered"
            if old is not None and old.value == v and (old.status == "computed") == auto and not old.missing:
                continue  # same value, same kind: keep where it came from
            cell = Cell(v, status, source=EDITOR_SOURCE)
        if old is not None and old == cell:
            continue
        if (
            old is not None
            and cell.value is None
            and old.value is None
            and old.status == cell.status
            and old.raw == cell.raw
        ):
            continue
        new[a] = cell
    return report.with_cells(new) if new else report


def auto_totals(report: Report) -> Report:
    """Recompute the totals left to the machine (computed cells that are blank or ``computed``).

    Totals typed by hand or read from a document stay as they are; the browser fills the same
    cells from the same definitions while typing.
    """
    form = report.form
    auto = [
        a
        for a in report.layout
        if form.cell(a).computed
        and (report.cells.get(a) is None or report.cells[a].status in ("computed", "blank_missing"))
    ]
    if not auto:
        return report
    return report.without_cells(auto).computed(only_missing=True).filled()


def issue_items(records, table: str | None = None) -> list[dict]:
    """The issues as the browser reads them (:func:`govinfo_widgets.rules.issues_json`), optionally one table's."""
    return issues_json(records, table)
