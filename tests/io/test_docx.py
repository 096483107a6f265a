"""The Word reader: merged cells, narrative, and archives that must be refused."""

from __future__ import annotations

import io
import json
import time
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_widgets import load_example
from govinfo_widgets.errors import GovinfoError
from govinfo_widgets.io import docx as docx_reader
from govinfo_widgets.io import read_report
from govinfo_widgets.io.docx import DocxReadError

from ..layouts import truth_of
from .docx_builder import build_docx
from .test_corpus import compare


def _truth(i):
    """A bundled report's figures in the shape of the corpus truth (they are the hand-read truth)."""
    return truth_of(load_example(i))


def test_built_documents_really_use_merged_cells():
    data = build_docx(_truth("002"), "淮安市人民政府")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    r = read_report(data)
    assert r.meta.agency == "淮安市人民政府" and r.meta.year == 2024
    assert r.meta.source["kind"] == "docx"
    assert r.cells["t3.denied_third_party.total"].source.startswith("docx table 2 / row ")
    assert set(r.sections) >= {"s1_overview", "s5_problems", "s6_other"}


def test_a_2019_report_with_unit_in_the_procurement_cell():
    truth = _truth("009")
    r = read_report(build_docx(truth))
    assert compare(r, truth["cells"]) == []
    assert r.value("t2.art20_9.central_procurement.procurement_amount") == 75394432.52


def test_a_hand_made_document_with_variants_and_blanks():
    d = docx.Document()
    d.add_paragraph("某区民政局2023年政府信息公开工作年度报告")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第(一)项"
    for j, h in enumerate(["信息内容", "本年新制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, j).text = h
    for j, v in enumerate(["规范性文件", "3", "", "1，024"]):
        t.cell(2, j).text = v
    buf = io.BytesIO()
    d.save(buf)
    r = read_report(buf.getvalue())
    assert r.value("t2.art20_1.normative_docs.issued") == 3
    assert r.cells["t2.art20_1.normative_docs.repealed"].status == "blank_zero"
    assert r.value("t2.art20_1.normative_docs.in_force") == 1024


def test_zip_bombs_and_broken_archives_are_refused(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<a>" + " " * (3 * 1024 * 1024) + "</a>")
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED", 1024 * 1024)
    with pytest.raises(DocxReadError) as e:
        read_report(buf.getvalue(), kind="docx")
    assert "压缩炸弹" in e.value.zh and "zip bomb" in e.value.en
    with pytest.raises(DocxReadError):
        read_report(b"PK\x03\x04garbage", kind="docx")
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(DocxReadError) as e:
        read_report(empty.getvalue())
    assert "document.xml" in e.value.zh


def test_external_entities_in_the_document_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", "utf-8")
    data = build_docx(_truth("000"), "攀枝花市东区民政局")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = body.decode("utf-8")
                decl, rest = text.split("?>", 1)
                text = (
                    decl
                    + f'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                    + rest.replace("本部分内容从略。", "&xxe;", 1)
                )
                body = text.encode("utf-8")
            z.writestr(item, body)
    try:
        r = read_report(out.getvalue())
    except DocxReadError:
        return  # refusing the document is also safe
    assert "TOPSECRET" not in json.dumps(r.to_dict(), ensure_ascii=False)


_SEED_DOCX = None


def _seed_docx() -> bytes:
    global _SEED_DOCX
    if _SEED_DOCX is None:
        _SEED_DOCX = build_docx(_truth("011"), "平潭综合实验区")
    return _SEED_DOCX


def _rezip(data: bytes, name: str, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            body = src.read(item.filename)
            z.writestr(item, change(body) if item.filename == name else body)
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_documents_give_a_report_or_a_clear_error(data):
    """Truncated archives, flipped bytes, cut or garbled document.xml: a Report or a GovinfoError, fast."""
    base = _seed_docx()
    how = data.draw(st.sampled_from(["truncate", "flip", "cut_xml", "garble_xml", "drop_rows"]))
    if how == "truncate":
        blob = base[: data.draw(st.integers(0, len(base) - 1))]
    elif how == "flip":
        b = bytearray(base)
        for i in data.draw(st.lists(st.integers(0, len(b) - 1), min_size=1, max_size=20)):
            b[i] ^= 0xFF
        blob = bytes(b)
    elif how == "cut_xml":
        n = data.draw(st.integers(0, 50_000))
        blob = _rezip(base, "word/document.xml", lambda x: x[:n])
    elif how == "garble_xml":
        junk = data.draw(st.binary(min_size=1, max_size=200))
        at = data.draw(st.integers(0, 40_000))
        blob = _rezip(base, "word/document.xml", lambda x: x[:at] + junk + x[at:])
    else:
        blob = _rezip(base, "word/document.xml", lambda x: x.replace(b"<w:tr>", b"", data.draw(st.integers(1, 30))))
    t0 = time.perf_counter()
    try:
        r = read_report(blob, kind="docx")
        assert all(not (c.status == "unreadable" and c.value is not None) for c in r.cells.values())
    except GovinfoError as e:
        assert e.zh and e.en
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0" encoding="UTF-8"?><a>text</a>',
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    ],
)
def test_document_xml_that_is_not_a_word_body_is_refused_clearly(xml):
    """Found by the fuzz test above: junk that still parses as XML (python-docx recovers) but not as a body."""
    with pytest.raises(DocxReadError) as e:
        read_report(_rezip(_seed_docx(), "word/document.xml", lambda _: xml), kind="docx")
    assert "word/document.xml" in e.value.zh


def test_content_controls_and_nested_tables():
    """Tables wrapped in a content control (w:sdt) are read; a table nested in a cell stays out of its text."""
    d = docx.Document()
    d.add_paragraph("某局2024年政府信息公开工作年度报告")
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "第二十条第（五）项"
    t.cell(1, 0).text, t.cell(1, 1).text = "信息内容", "本年处理决定数量"
    t.cell(2, 0).text, t.cell(2, 1).text = "行政许可", "8"
    t.cell(2, 0).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套"
    tbl = t._tbl
    sdt = docx.oxml.parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtContent/></w:sdt>'
    )
    tbl.addprevious(sdt)
    sdt[0].append(tbl)
    buf = io.BytesIO()
    d.save(buf)
    r = read_report(buf.getvalue())
    assert r.value("t2.art20_5.licensing.decisions") == 8
    assert r.extras["labels_seen"]["t2.art20_5.licensing"] == "行政许可"
