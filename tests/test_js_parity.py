"""table.js's pure functions under Node give what Python gives on the same inputs (issue 13 item 5).

Parsing a typed cell (io.parse_cell), filling the totals (rules.compute_totals), evaluating the compiled
checks (rules.evaluate) and filling message templates (rules.render) — on every bundled report, on
variants of them with a changed, "not applicable", unreadable or blank cell, and on edge strings.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from govinfo_widgets import load_example
from govinfo_widgets.data import example_ids
from govinfo_widgets.io import parse_cell, parse_rules
from govinfo_widgets.model import Cell, Report
from govinfo_widgets.rules import evaluate, messages
from govinfo_widgets.rules._render import fmt as _fmt
from govinfo_widgets.schema import CellDef, get_form
from govinfo_widgets.widgets import projection
from govinfo_widgets.widgets._table import apply_values, auto_totals

TABLE_JS = Path(__file__).resolve().parents[1] / "govinfo_widgets" / "widgets" / "table.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node.js (installed on the project's machines)")

DRIVER = """
import * as T from "./table.mjs";
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const jobs = JSON.parse(input);
  const out = jobs.map((j) => {
    if (j.kind === "parse") return j.items.map(([text, type]) => T.parseCell(text, type, j.rules));
    if (j.kind === "fmt") return j.items.map((x) => T.fmt(x === null ? NaN : x));
    if (j.kind === "fill") return j.items.map(([t, p]) => T.fill(t, p));
    if (j.kind === "typed") return j.items.map(([text, type]) => T.typed(text, type, j.rules));
    const f = j.form;
    const type = (a) => f.types[a] || null;
    const num = (a, v) => (a.startsWith("prev:") ? NaN : T.cellNumber(v === undefined ? vals[a] : v, type(a), f.parse));
    let vals = T.autofill(j.values, Object.entries(f.parts), new Set(j.manual), num);
    const issues = T.evaluateChecks(f.checks, (a) => num(a)).map((x) => T.checkIssue(x, f.messages));
    return { totals: Object.fromEntries(f.computed.map((a) => [a, vals[a]])), issues };
  });
  process.stdout.write(JSON.stringify(out));
});
"""

EDGE = [
    "",
    " ",
    "\u3000",
    "0",
    "7",
    "007",
    "-",
    "—",
    "--",
    "——",
    "/",
    "／",
    "无",
    "不适用",
    "N/A",
    "n / a",
    "7件",
    "12 件",
    "3人次",
    "1,234",
    "1,2345",
    "12,345,6",
    "1,234件",
    "1，234",
    "12,34",
    "1,2345",
    "1,234.5",
    "１２",
    "1 2",
    "1 2 3",
    "1\u00a02",
    "\ufeff5",
    "5\u200b",
    "+3",
    "-3",
    "+1036",
    "-0",
    "1.0",
    "1.5",
    "0.25",
    ".5",
    "5.",
    "1e3",
    "abc",
    "12a",
    "l2",
    "十二",
    "251000元",
    "25.1万元",
    "3元",
    "100000000000000",
    "9" * 15,
    "\x1c7\x1f",
    "7\x85",
]
# every kind of cell the two forms have: dtype, sign, unit, computed
TYPES = [
    {"dtype": "int", "signed": False, "unit": "件", "computed": False},
    {"dtype": "int", "signed": False, "unit": "件", "computed": True},
    {"dtype": "int", "signed": True, "unit": "件", "computed": False},
    {"dtype": "decimal", "signed": False, "unit": "万元", "computed": False},
    {"dtype": "decimal", "signed": False, "unit": "from_cell", "computed": False},
]


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    d = tmp_path_factory.mktemp("js")
    shutil.copy(TABLE_JS, d / "table.mjs")
    (d / "driver.mjs").write_text(DRIVER, "utf-8")

    def run(jobs: list) -> list:
        p = subprocess.run(
            [NODE, str(d / "driver.mjs")], input=json.dumps(jobs), capture_output=True, text=True, timeout=120, cwd=d
        )
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)

    return run


def _cell_types() -> list[dict]:
    seen = []
    for key in ("gov_2021", "gov_2019"):
        f = get_form(key)
        for a in f.all_addresses:
            cd = f.cell(a)
            t = {"dtype": cd.dtype, "signed": cd.signed, "unit": cd.unit, "computed": cd.computed}
            if t not in seen:
                seen.append(t)
    return seen


def _same(py, js) -> bool:
    if py is None or js is None:
        return py is js
    return math.isclose(py, js, rel_tol=0, abs_tol=1e-9) and type(py) in (int, float)


def test_every_cell_type_of_the_forms_is_exercised():
    assert all(t in TYPES for t in _cell_types())


def test_parse_matches_the_importers_cell_parser(node):
    texts = list(EDGE)
    for i in example_ids():  # every text a bundled report was read from
        texts += sorted({c.raw for c in load_example(i).cells.values() if c.raw})
    items = [(t, ty) for t in dict.fromkeys(texts) for ty in TYPES]
    rules = parse_rules()
    got = node([{"kind": "parse", "rules": rules, "items": items}])[0]
    assert len(got) == len(items) > 200
    for (text, ty), js in zip(items, got):
        py = parse_cell(text, CellDef("t3.x.y", "t3", None, "x", "y", "", "", "", "", **ty))
        assert js["status"] == py.status, (text, ty, js, py)
        assert _same(py.value, js["value"]), (text, ty, js, py)


def test_numbers_past_2_53_are_unreadable_alike(node):
    edge = ["9007199254740992", "9007199254740993", "-9007199254740993", "1" * 16, "1" * 40, "9007199254740993.0"]
    edge += ["9,007,199,254,740,993", "-9,007,199,254,740,992"]
    items = [(t, ty) for t in edge for ty in TYPES]
    got = node([{"kind": "parse", "rules": parse_rules(), "items": items}])[0]
    for (text, ty), js in zip(items, got):
        py = parse_cell(text, CellDef("t3.x.y", "t3", None, "x", "y", "", "", "", "", **ty))
        assert (js["status"], js["value"]) == (py.status, py.value), (text, ty)  # never a rounded number
    assert got[0]["value"] == 9007199254740992 and got[len(TYPES)]["status"] == "unreadable"


def test_typed_text_is_kept_as_the_kernel_keeps_it(node):
    """The editor's policy on top of the parser (a repair is not applied to typed text), alike on both sides."""
    form = get_form("gov_2021")
    cells = ["t3.granted.natural_person", "t3.granted.total", "t2.art20_8.admin_fees.fee_amount_wan_yuan"]
    items, want = [], []
    for a in cells:
        cd = form.cell(a)
        ty = {"dtype": cd.dtype, "signed": cd.signed, "unit": cd.unit, "computed": cd.computed}
        for text in EDGE:
            if not text.strip():
                continue  # a blank travels as null, not as text
            c = apply_values(Report.new("某局", 2022), {a: text}, [a] if cd.computed else []).cells[a]
            items.append((text, ty))
            want.append((c.status if c.status != "entered" else "parsed", c.value))
    rules = projection(Report.new("某局", 2022), "t3")["form"]["parse"]
    got = node([{"kind": "typed", "rules": rules, "items": items}])[0]
    assert [(g["status"], g["value"]) for g in got] == want
    assert ("unreadable", None) in want and ("not_applicable", None) in want


def test_fmt_and_templates_match_python(node):
    xs = [0, 1, -1, 7, 12.5, -0.25, 1 / 3, 2.0, 1e-7, 123456.789, 0.00004, None, float("nan")]
    cat = messages()
    params = {
        "where": "「自然人」列",
        "lhs": "7",
        "rhs": "5",
        "diff": "2",
        "cell": "x",
        "value": "-",
        "n": 3,
        "expected": "e",
        "detail": "d",
    }
    fills = []
    for t in cat.values():
        for lang in ("zh", "en"):
            if isinstance(t, dict) and lang in t and "{{" not in t[lang]:
                fills.append((t[lang], {**params, "title": t.get("title", ""), "title_en": t.get("title_en", "")}))
    got_fmt, got_fill = node(
        [{"kind": "fmt", "items": [None if x is None or x != x else x for x in xs]}, {"kind": "fill", "items": fills}]
    )
    assert got_fmt == [_fmt(x) for x in xs]
    assert len(fills) > 40
    for (t, p), js in zip(fills, got_fill):
        assert js == t.format(**{**{k: "" for k in _placeholders(t)}, **p}), t


def _placeholders(t: str) -> set[str]:
    import string

    return {f for _, f, _, _ in string.Formatter().parse(t) if f}


def _variants(report, table: str, rng: random.Random):
    """The report itself, and copies with one cell of ``table`` changed as a user might change it."""
    yield report
    form = report.form
    layout = [a for a in report.layout if a.startswith(table + ".")]
    leaves = [a for a in layout if not form.cell(a).computed]
    totals = [a for a in layout if form.cell(a).computed]
    for text in ("3", "-", "abc", "", "7件", "1,200", "1 2"):
        a = rng.choice(leaves)
        yield report.with_cells({a: parse_cell(text, form.cell(a), source="editor")})
    if totals:  # a total typed by hand, wrong by one
        a = rng.choice(totals)
        v = report.number(a)
        yield report.with_cells({a: Cell((0 if v != v else int(v)) + 1, "entered", source="editor")})


def test_totals_and_checks_match_the_kernel(node):
    rng = random.Random(13)
    cases, jobs = [], []
    for i in example_ids():
        base = load_example(i)
        for table in ("t2", "t3", "t4"):
            for r in _variants(base, table, rng):
                p = projection(r, table)
                cases.append((r, table, p))
                jobs.append({"kind": "table", "form": p["form"], "values": p["values"], "manual": p["manual"]})
    got = node(jobs)
    failures_seen = 0
    for (r, table, p), js in zip(cases, got):
        # what the editor kernel does with the same edit: read the values, fill the totals left to it
        kernel = auto_totals(apply_values(r, p["values"], p["manual"]))
        for a in p["form"]["computed"]:
            if a in p["manual"]:
                continue
            assert _same(kernel.value(a), js["totals"][a]), (r.meta.agency, a, kernel.value(a), js["totals"][a])
        linear = {c["rule"] for c in p["form"]["checks"]}
        py = [
            x for x in evaluate(kernel).records if x["rule"] in linear and x["status"] == "fail" and x["table"] == table
        ]
        assert sorted((x["rule"], x["scope"]) for x in py) == sorted((x["rule"], x["scope"]) for x in js["issues"])
        left = list(js["issues"])
        for x in py:  # the kernel may add the cell it suspects; the rest is the same text
            j = next((j for j in left if _same_message(x, j)), None)
            assert j is not None, (x, left)
            left.remove(j)
            assert j["message_en"] != j["message"]  # a real English message, not the Chinese text
            failures_seen += 1
    assert len(cases) > 300 and failures_seen > 20


def _same_message(py: dict, js: dict) -> bool:
    if (py["rule"], py["scope"]) != (js["rule"], js["scope"]):
        return False
    zh, en = py["message"], py["message_en"]
    return (zh == js["message"] or zh.startswith(js["message"] + "最可能出错的是")) and (
        en == js["message_en"] or en.startswith(js["message_en"] + " Most likely wrong")
    )


def test_random_cell_texts_parse_alike(node):
    """Random texts over the characters typed or pasted into cells (ASCII, full-width and other Unicode digits,
    separators, signs, units, spaces, Chinese numerals): the browser and the kernel give the same status and
    value for each."""
    import random

    rnd = random.Random(20261203)
    alphabet = (
        list("0123456789") * 4
        + list("０１２３４５６７８９٣٤۵߂१३")
        + list(",，.．-－+ 　\t%万元件个十百")
        + ["", "—", "－"]
    )
    texts = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 9))) for _ in range(3000)}
    items = [(t, ty) for t in sorted(texts) for ty in TYPES]
    got = node([{"kind": "parse", "rules": parse_rules(), "items": items}])[0]
    differ = []
    for (text, ty), js in zip(items, got):
        py = parse_cell(text, CellDef("t3.x.y", "t3", None, "x", "y", "", "", "", "", **ty))
        if js["status"] != py.status or not _same(py.value, js["value"]):
            differ.append(f"{text!r} {ty['dtype']}/{ty['unit']}: kernel {py.status} {py.value!r}, browser {js}")
    assert not differ, f"{len(differ)} of {len(items)} differ:\n" + "\n".join(differ[:20])
