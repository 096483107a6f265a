"""Build a Word report from hand-read truth cells, with the official merged-cell layout (spec §3.1, §4.1, §5).

Test helper, independent of ``govinfo_widgets.export``: the labels come from the form definition, the
numbers from ``truth/NNN.cells.json``, blanks stay blank.
"""

from __future__ import annotations

import io

import docx

from govinfo_widgets.schema import C7, get_form

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def _text(cells: dict, addr: str, unit: str | None = None) -> str:
    v = cells.get(addr)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and unit is None:
        v = int(v)
    s = str(v)
    return f"{s}元" if unit == "from_cell" else s


def _merge(table, r1, c1, r2, c2, text):
    cell = table.cell(r1, c1)
    if (r1, c1) != (r2, c2):
        cell = cell.merge(table.cell(r2, c2))
    cell.text = text
    return cell


def _table2(doc, form, cells):
    blocks = form.table("t2")["blocks"]
    width = 1 + max(len(b["columns"]) for b in blocks)
    n_rows = sum(2 + len(b["rows"]) for b in blocks)
    t = doc.add_table(rows=n_rows, cols=width)
    r = 0
    for b in blocks:
        _merge(t, r, 0, r, width - 1, b["title"])
        r += 1
        cols = b["columns"]
        spans = _spans(len(cols), width - 1)
        t.cell(r, 0).text = "信息内容"
        for (a, z), c in zip(spans, cols):
            _merge(t, r, 1 + a, r, 1 + z, c["label"])
        r += 1
        for row in b["rows"]:
            t.cell(r, 0).text = row["label"]
            for (a, z), c in zip(spans, cols):
                addr = f"t2.{b['key']}.{row['key']}.{c['key']}"
                _merge(
                    t, r, 1 + a, r, 1 + z, _text(cells, addr, c.get("unit") if c.get("unit") == "from_cell" else None)
                )
            r += 1


def _spans(n: int, width: int) -> list[tuple[int, int]]:
    """Split ``width`` grid columns among ``n`` value columns; the last one takes what is left."""
    out = [(i, i) for i in range(n - 1)]
    out.append((n - 1, width - 1))
    return out


def _table3(doc, form, cells):
    collapsed = form.collapsed_groups(cells)
    rows = form.t3_data_rows(collapsed)
    t = doc.add_table(rows=3 + len(rows), cols=10)
    _merge(t, 0, 0, 2, 2, form.table("t3")["header_note"])
    _merge(t, 0, 3, 0, 9, "申请人情况")
    _merge(t, 1, 3, 2, 3, "自然人")
    _merge(t, 1, 4, 1, 8, "法人或其他组织")
    _merge(t, 1, 9, 2, 9, "总计")
    for j, c in enumerate(form.t3_columns[1:6], 4):
        t.cell(2, j).text = c["label"]
    first = {}
    last = {}
    for i, r in enumerate(rows, 3):
        for anc in (r.parent, form.t3_row[r.parent].parent if r.parent else None):
            if anc:
                first.setdefault(anc, i)
                last[anc] = i
    for i, r in enumerate(rows, 3):
        if r.parent is None:
            _merge(t, i, 0, i, 2, r.label)
        elif r.parent == "outcomes":
            _merge(t, i, 1, i, 2, r.label)
        else:
            t.cell(i, 2).text = r.label
        for j, c in enumerate(C7, 3):
            t.cell(i, j).text = _text(cells, f"t3.{r.key}.{c}")
    _merge(t, first["outcomes"], 0, last["outcomes"], 0, form.t3_row["outcomes"].label)
    for g in ("denied", "unable", "not_processed", "other"):
        if g in first and g not in collapsed:
            _merge(t, first[g], 1, last[g], 1, form.t3_row[g].label)


def _table4(doc, form, cells):
    t4 = form.table("t4")
    t = doc.add_table(rows=4, cols=15)
    _merge(t, 0, 0, 0, 4, "行政复议")
    _merge(t, 0, 5, 0, 14, "行政诉讼")
    cols = t4["columns"]
    for j, c in enumerate(cols):
        _merge(t, 1, j, 2, j, c["label"])
    _merge(t, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(t, 1, 10, 1, 14, "复议后起诉")
    for k in range(2):
        for j, c in enumerate(cols):
            t.cell(2, 5 + 5 * k + j).text = c["label"]
    addrs = [f"t4.{g['key']}_{c['key']}" for g in t4["groups"] for c in cols]
    for j, a in enumerate(addrs):
        t.cell(3, j).text = _text(cells, a)


def build_docx(truth: dict, agency: str | None = None) -> bytes:
    """A .docx of the report described by ``truth`` (a ``truth/NNN.cells.json`` mapping)."""
    form = get_form(truth["form"])
    cells = truth["cells"]
    doc = docx.Document()
    doc.add_paragraph(f"{agency or '某机关'}{truth['year']}年政府信息公开工作年度报告")
    doc.add_paragraph("本报告依据《中华人民共和国政府信息公开条例》编制。")
    for i, h in enumerate(SECTION_HEADINGS):
        doc.add_paragraph(h)
        if i == 1:
            _table2(doc, form, cells)
        elif i == 2:
            _table3(doc, form, cells)
        elif i == 3:
            _table4(doc, form, cells)
        else:
            doc.add_paragraph("本部分内容从略。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
