"""One header grid, built once in Python, drawn alike by the editor's table widget and every exporter.

For both forms, every table, both languages and both （六） layouts (three sub-rows, or one row), the
grid the widget is sent is the exporters' grid; the widget's own rendering of it (table.js under Node),
the HTML table, the XLSX sheet's merged cells and the DOCX table's merged cells all give the same
positions, spans and labels. Issue 13: the 2019 Table 2 used to differ (widget: label over 2 columns,
values [1,1,1]; export: label 1, values [1,2,1]).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govinfo_widgets import Report
from govinfo_widgets.export import to_docx, to_html, to_xlsx
from govinfo_widgets.export._layout import table_grids
from govinfo_widgets.export._xlsx import SHEETS
from govinfo_widgets.schema import Grid, GridCell, get_form, table_grid
from govinfo_widgets.widgets import projection

TABLE_JS = Path(__file__).resolve().parents[1] / "govinfo_widgets" / "widgets" / "table.js"
NODE = shutil.which("node")
FORMS = {"gov_2021": 2022, "gov_2019": 2020}


def _report(form: str, collapsed: frozenset) -> Report:
    """A report of ``form`` in the given （六） layout, every cell a distinct number."""
    r = Report.new("某局", FORMS[form])
    assert r.meta.form == form
    addrs = get_form(form).layout_addresses(collapsed)
    r = r.with_values({a: i + 1 for i, a in enumerate(addrs)})
    assert r.collapsed == collapsed
    return r


def _cases():
    for form in FORMS:  # the （六） layouts of a form: its sub-rows, or each collapsible group as one row
        layouts = [frozenset()] + [frozenset({r.key}) for r in get_form(form).t3_rows if r.collapsible]
        for collapsed in layouts:
            for lang in ("zh", "en"):
                yield form, collapsed, lang


CASES = list(_cases())
IDS = [f"{f}-{'one-row' if c else 'three-rows'}-{lang}" for f, c, lang in CASES]


def _shape(rows) -> dict:
    """(row, col) → (colspan, rowspan, label text or None for a value cell), as a browser lays it out."""
    g = Grid("x", 0, tuple(tuple(GridCell(**c) for c in row) for row in rows))
    out = {}
    for r, c, cell in g.positions():
        out[(r, c)] = (cell.colspan, cell.rowspan, None if cell.kind == "value" else cell.text)
    return out


def _expected(grid: Grid) -> dict:
    return {(r, c): (x.colspan, x.rowspan, None if x.kind == "value" else x.text) for r, c, x in grid.positions()}


@pytest.mark.parametrize(("form", "collapsed", "lang"), CASES, ids=IDS)
def test_the_widget_is_sent_the_exporters_grid(form, collapsed, lang):
    report = _report(form, collapsed)
    exported = table_grids(report, lang)
    for table in ("t2", "t3", "t4"):
        sent = projection(report, table)["form"]["grid"][lang]
        assert (
            sent == exported[table].layout().to_dict() == table_grid(get_form(form), table, collapsed, lang).to_dict()
        )
        values = [c for row in sent["rows"] for c in row if c["kind"] == "value"]
        assert [c["address"] for c in values] == list(get_form(form).table_addresses(table, collapsed))


def test_2019_table_2_label_one_column_values_spread():
    g = table_grid(get_form("gov_2019"), "t2")
    first_block_row = g.rows[2]  # title, header, then 规章
    assert [c.colspan for c in first_block_row] == [1, 1, 2, 1]
    assert g.n_cols == 5


@pytest.mark.skipif(NODE is None, reason="needs Node.js (installed on the project's machines)")
def test_the_widget_draws_the_grid_it_is_sent(tmp_path):
    shutil.copy(TABLE_JS, tmp_path / "table.mjs")
    (tmp_path / "driver.mjs").write_text(
        'import { gridRows } from "./table.mjs";\n'
        'let s = ""; process.stdin.on("data", (d) => (s += d));\n'
        'process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(s).map(gridRows))));\n',
        "utf-8",
    )
    grids, expected = [], []
    for form, collapsed, lang in CASES:
        for table in ("t2", "t3", "t4"):
            g = table_grid(get_form(form), table, collapsed, lang)
            grids.append(g.to_dict())
            expected.append(g)
    p = subprocess.run([NODE, "driver.mjs"], input=json.dumps(grids), capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    drawn = json.loads(p.stdout)
    for g, rows in zip(expected, drawn):
        cells = [
            [
                {"text": c["text"], "kind": c["kind"], "colspan": c["colspan"], "rowspan": c["rowspan"]}
                | {"address": c["addr"]}
                for c in row["cells"]
            ]
            for row in rows
        ]
        assert _shape(cells) == _expected(g)
        assert [c["address"] for row in cells for c in row if c["kind"] == "value"] == [
            x.address for row in g.rows for x in row if x.kind == "value"
        ]
        if g.key == "t3":  # the header rows go to <thead>; each data row is keyed by its own row
            n_head = sum(1 for row in rows if row["head"])
            assert n_head == len(g.rows) - sum(1 for row in g.rows if any(c.kind == "value" for c in row))
            keys = [row["key"] for row in rows if not row["head"]]
            assert keys == [row[-1].address.split(".")[1] for row in g.rows if row[-1].kind == "value"]


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            kind = "value" if tag == "td" else "head"
            self._cell = {
                "text": "",
                "kind": kind,
                "colspan": int(a.get("colspan", 1)),
                "rowspan": int(a.get("rowspan", 1)),
            }
            self.tables[-1][-1].append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


@pytest.mark.parametrize(("form", "collapsed", "lang"), CASES, ids=IDS)
def test_every_exporter_draws_the_same_grid(form, collapsed, lang):
    report = _report(form, collapsed)
    want = {t: _expected(g.layout()) for t, g in table_grids(report, lang).items()}
    # HTML: the three tables in order
    parser = _Tables()
    parser.feed(to_html(report, lang=lang))
    assert len(parser.tables) == 3
    for t, rows in zip(("t2", "t3", "t4"), parser.tables):
        got = _shape([[{**c, "text": c["text"] if c["kind"] != "value" else ""} for c in row] for row in rows])
        assert _strip(got) == _strip(want[t]), t
    # XLSX: each table's sheet, from row 4, its merged ranges and labels
    from openpyxl import load_workbook

    buf = io.BytesIO(to_xlsx(report, lang=lang))
    wb = load_workbook(buf)
    sheets = [wb[SHEETS[t][1 if lang == "en" else 0]] for t in ("t2", "t3", "t4")]
    for t, ws in zip(("t2", "t3", "t4"), sheets):
        assert _strip(_xlsx_shape(ws, want[t])) == _strip(want[t]), t
    # DOCX: the three tables, merged cells (gridSpan, vMerge) and texts
    from docx import Document

    doc = Document(io.BytesIO(to_docx(report, lang=lang)))
    assert len(doc.tables) == 3
    for t, tbl in zip(("t2", "t3", "t4"), doc.tables):
        assert _strip(_docx_values_only(_docx_shape(tbl), want[t])) == _strip(want[t]), t


def _strip(shape: dict) -> dict:
    """Label texts and spans; a value cell only by its span (its text is the report's number)."""
    return {k: (cs, rs, None if text is None else text.strip()) for k, (cs, rs, text) in shape.items()}


def _xlsx_shape(ws, want: dict) -> dict:
    top = 4
    spans = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row >= top:
            spans[(rng.min_row - top, rng.min_col - 1)] = (rng.max_col - rng.min_col + 1, rng.max_row - rng.min_row + 1)
    covered = set()
    for (r, c), (cs, rs) in spans.items():
        covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)} - {(r, c)}
    n_rows = max(r for r, _ in want) + max(rs for (r, _), (_, rs, _) in want.items() if r == max(r for r, _ in want))
    out = {}
    for r in range(n_rows):
        for c in range(ws.max_column):
            if (r, c) in covered:
                continue
            v = ws.cell(top + r, 1 + c).value
            cs, rs = spans.get((r, c), (1, 1))
            label = want.get((r, c), (0, 0, ""))[2]
            out[(r, c)] = (cs, rs, None if label is None else ("" if v is None else str(v)))
    return out


def _docx_shape(tbl) -> dict:
    from docx.oxml.ns import qn

    starts, col_of = {}, {}
    for r, tr in enumerate(tbl._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span = (
                int(pr.find(qn("w:gridSpan")).get(qn("w:val")))
                if pr is not None and pr.find(qn("w:gridSpan")) is not None
                else 1
            )
            vm = pr.find(qn("w:vMerge")) if pr is not None else None
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if vm is not None and vm.get(qn("w:val")) != "restart":
                start = col_of[c]
                starts[start] = (starts[start][0], starts[start][1] + 1, starts[start][2])
            else:
                starts[(r, c)] = (span, 1, text)
                col_of[c] = (r, c)
            c += span
    return starts


def _docx_values_only(shape: dict, want: dict) -> dict:
    return {k: (cs, rs, None if want.get(k, (0, 0, ""))[2] is None else t) for k, (cs, rs, t) in shape.items()}
