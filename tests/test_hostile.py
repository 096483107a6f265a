"""Hostile files and clumsy days (issue 12): the model, drafts and editor under input nobody meant to give them."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govinfo_widgets import GovinfoError, Report, load_example
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.errors import ReportFormatError
from govinfo_widgets.escape import esc
from govinfo_widgets.model import STATUSES, Cell
from govinfo_widgets.widgets import ReportEditor, draft_path, load_draft, save_draft
from govinfo_widgets.widgets._draft import DraftConflict

PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVINFO_DRAFT_DIR", str(tmp_path))
    return tmp_path


def report_dict(**meta) -> dict:
    d = load_example("000").to_dict()
    d["meta"].update(meta)
    return d


# ---- item 1: the trust boundary ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "value", "named"),
    [
        ("year", PAYLOAD, "meta.year"),
        ("year", 99999, "meta.year"),
        ("year", True, "meta.year"),
        ("agency", 12, "meta.agency"),
        ("form", "gov_1999", "meta.form"),
        ("source", [1, 2], "meta.source"),
        ("evil", 1, "meta"),
    ],
)
def test_from_dict_rejects_wrong_meta_types_with_a_clear_error(where, value, named):
    with pytest.raises(ReportFormatError) as e:
        Report.from_dict(report_dict(**{where: value}))
    assert named in str(e.value) and "年报 JSON 内容有误" in str(e.value)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["cells"].update({"t3.granted.natural_person": "12"}),
        lambda d: d["cells"].update({"t3.granted.natural_person": [1]}),
        lambda d: d["cells"].update({"t9.nowhere": 1}),
        lambda d: d["provenance"].update({"t3.granted.natural_person": {"status": "hacked"}}),
        lambda d: d["provenance"].update({"t3.granted.natural_person": {"raw": {"a": 1}}}),
        lambda d: d["sections"].update({"s1_overview": 5}),
        lambda d: d["sections"].update({"s9": "x"}),
        lambda d: d.update({"fees": {"total": "a lot"}}),
        lambda d: d.update({"cells": [1, 2]}),
        lambda d: d.update({"extras": "x"}),
    ],
)
def test_from_dict_rejects_wrong_types_in_cells_sections_and_fees(change):
    d = report_dict()
    change(d)
    with pytest.raises(ReportFormatError):
        Report.from_dict(d)


_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["parsed", "blank_zero", "unreadable", "hacked", "中文" + chr(0xD800)]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


_VALUE = st.one_of(st.none(), st.integers(-(2**60), 2**60), st.floats(), _ANY)
_STATUS = st.one_of(st.sampled_from(STATUSES), st.sampled_from(STATUSES), _ANY)
_TEXT = st.one_of(st.none(), st.text(max_size=4), st.sampled_from(["中文" + chr(0xD800), chr(0xDFFF) + "a"]), _ANY)


@settings(max_examples=400, deadline=None)
@example(value=3, status="parsed", raw="中文" + chr(0xD800), source="x", note="注" + chr(0xDFFF), info_is_dict=True)
@example(value=True, status="parsed", raw=None, source=None, note=None, info_is_dict=True)
@given(value=_VALUE, status=_STATUS, raw=_TEXT, source=_TEXT, note=_TEXT, info_is_dict=st.booleans())
def test_a_cell_crosses_the_trust_boundary_only_with_the_models_types(value, status, raw, source, note, info_is_dict):
    """Every value a JSON (or a caller) can give a cell: accepted exactly when the value is a number or null (not a
    boolean), the status a known one and the texts text or null; then kept, surrogates replaced in the texts."""
    d = report_dict()
    a = "t3.granted.natural_person"
    d["cells"][a] = value
    info = {"status": status, "raw": raw, "source": source, "note": note}
    d["provenance"][a] = info if info_is_dict else [info]
    ok = (
        info_is_dict
        and (value is None or (isinstance(value, int | float) and not isinstance(value, bool)))
        and isinstance(status, str)
        and status in STATUSES
        and all(t is None or isinstance(t, str) for t in (raw, source, note))
    )
    if not ok:
        with pytest.raises(ReportFormatError):
            Report.from_dict(d)
        return
    c = Report.from_dict(d).cells[a]

    def clean(t):
        return t if t is None else "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in t)

    expected = Cell(value, status, clean(raw), clean(source), clean(note))
    assert c == expected


def test_escape_helper_and_the_editor_never_put_file_text_into_html_raw(drafts):
    assert "<" not in esc(PAYLOAD) and '"' not in esc(PAYLOAD)
    prev = load_example("000").with_meta(agency=PAYLOAD)
    ed = ReportEditor.resume("某局", 2024)
    ed._on_upload({"new": [{"name": "last.json", "content": prev.to_json().encode()}]})
    assert "<img" not in ed.upload_msg.value and "&lt;img" in ed.upload_msg.value
    # the year of the attack is refused at load, with the reason on the page, and nothing is carried over
    d = report_dict(year=PAYLOAD)
    before = ed.report
    ed._on_upload({"new": [{"name": "last.json", "content": json.dumps(d).encode()}]})
    assert "<img" not in ed.upload_msg.value and "meta.year" in ed.upload_msg.value
    assert ed.report == before


# ---- item 3 (model part): a 400-digit cell --------------------------------------------------------
def test_a_400_digit_cell_is_unreadable_not_an_overflow(tmp_path):
    d = report_dict()
    d["cells"]["t3.granted.natural_person"] = 10**400
    d["provenance"].pop("t3.granted.natural_person", None)
    r = Report.from_json(json.dumps(d))
    c = r.cells["t3.granted.natural_person"]
    assert c.status == "unreadable" and c.value is None and math.isnan(c.number)
    assert c.raw.startswith("1000") and "过大" in c.note
    assert math.isnan(Cell(float("inf")).number) and Cell(2**53 + 1).status == "unreadable"
    assert Cell(2**53).value == 2**53  # the largest exactly held integer is kept
    # the corpus (Parquet) is built and read back with the cell unreadable
    path = Corpus([r]).to_parquet(tmp_path / "cells.parquet")
    back = Corpus.read_parquet(path)
    assert back.reports[0].cells["t3.granted.natural_person"].status == "unreadable"


# ---- item 4: two tabs on one draft ----------------------------------------------------------------
def test_a_save_over_a_newer_revision_is_refused_with_a_merge_choice(drafts):
    a = ReportEditor.resume("某局", 2024)
    b = ReportEditor.resume("某局", 2024)
    a.set_report(a.report.with_values({"t3.granted.natural_person": 5}))
    b.set_report(b.report.with_values({"t3.new_received.natural_person": 7}))  # b's save must be refused
    on_disk = load_draft(a.draft_path)
    assert on_disk.report.value("t3.granted.natural_person") == 5
    assert on_disk.report.value("t3.new_received.natural_person") in (None, 0)
    assert b.conflict_box.layout.display == "flex" and "另一个窗口" in b.status.value
    assert "已自动保存" not in b.status.value
    b.resolve_conflict("merge")
    merged = load_draft(a.draft_path).report
    assert merged.value("t3.granted.natural_person") == 5 and merged.value("t3.new_received.natural_person") == 7
    assert b.conflict_box.layout.display == "none"
    # now a is behind: its next save is refused, and "reload" takes the merged version
    a.set_report(a.report.with_values({"t3.granted.other_org": 1}))
    assert a.conflict_box.layout.display == "flex"
    a.resolve_conflict("reload")
    assert a.report.value("t3.new_received.natural_person") == 7
    with pytest.raises(DraftConflict):
        save_draft(a.draft_path, a.report, expect=0)


def test_two_kernels_opening_one_new_draft_at_once_do_not_lock_each_other_out(drafts, monkeypatch):
    """Voila's preheated kernel runs the notebook while the page's kernel does: both find no draft.

    The second to write must restore the first one's draft, not write over it (which made every later
    save of the first kernel a refused conflict: the official's typing was never saved).
    """
    from govinfo_widgets.widgets import _autosave

    a = ReportEditor.resume("某局", 2024)  # found no draft, wrote revision 1
    monkeypatch.setattr(_autosave, "is_file", lambda p: False)  # b looked before a's write landed
    b = ReportEditor.resume("某局", 2024)
    monkeypatch.undo()
    assert load_draft(a.draft_path).revision == 1  # b wrote nothing
    assert b.conflict_box.layout.display == "none"
    a.set_report(a.report.with_values({"t3.new_received.natural_person": 21}))
    assert a.conflict_box.layout.display == "none"
    assert load_draft(a.draft_path).report.value("t3.new_received.natural_person") == 21


# ---- item 9: an unwritable drafts folder ------------------------------------------------------------
def test_unwritable_drafts_folder_still_opens_the_editor_with_a_warning(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # a folder that cannot be created even by root
    ed = ReportEditor.resume("某局", 2024, directory=blocker / "drafts")
    assert isinstance(ed, ReportEditor)
    assert "gw-not-saved" in ed.status.value and "未保存" in ed.status.value
    ed.set_report(ed.report.with_values({"t3.granted.natural_person": 3}))  # editing goes on, in memory
    assert ed.report.value("t3.granted.natural_person") == 3


# ---- item 11: the smaller ones -------------------------------------------------------------------
def test_lone_surrogate_in_a_section_is_replaced_and_the_section_still_saves(drafts):
    ed = ReportEditor.resume("某局", 2024)
    ed.section_text["s5_problems"].value = "问题" + chr(0xD800) + "改进"
    assert "已自动保存" not in ed.status.value or "�" in ed.status.value
    saved = load_draft(ed.draft_path).report.sections["s5_problems"]
    assert saved == "问题\ufffd改进"
    ed.section_text["s5_problems"].value = "问题与改进"
    assert load_draft(ed.draft_path).report.sections["s5_problems"] == "问题与改进"


def test_an_out_of_range_year_is_not_clamped_and_written_back(drafts):
    r = Report.new(agency="某局", year=99999)
    ed = ReportEditor(r, draft=drafts / "x.json")
    assert "99999" in ed.status.value
    ed.agency.value = "某局二"
    assert ed.report.meta.year == 99999  # changing the agency did not write the clamped year back


def test_a_string_fee_does_not_stop_the_editor_building(drafts):
    r = Report.new(agency="某局", year=2024).with_fees(info_fee_collected="三百元")
    ed = ReportEditor(r, draft=False)
    assert ed.fee_inputs and "三百元" in ed.status.value


def test_draft_names_never_collide_and_stay_short(tmp_path):
    a, b = draft_path("某市/某局", 2024, tmp_path), draft_path("某市_某局", 2024, tmp_path)
    assert a != b
    long = "某" * 80 + "局"
    p = draft_path(long, 2024, tmp_path)
    assert len(p.name.encode()) < 200
    ed = ReportEditor.resume(long, 2024, directory=tmp_path)
    assert ed.draft_path.exists() and load_draft(ed.draft_path).report.meta.agency == long
    # two agencies whose names differ only after the cut still get two files
    assert draft_path(long + "甲", 2024, tmp_path) != draft_path(long + "乙", 2024, tmp_path)


def test_draft_of_the_old_naming_is_still_found(tmp_path):
    """Drafts saved before names got a hash (``某 局_2024.json`` for an agency with a space) are reopened."""
    old = tmp_path / "某 局_2024.json"
    save_draft(old, Report.new(agency="某 局", year=2024).with_values({"t3.granted.natural_person": 4}))
    ed = ReportEditor.resume("某 局", 2024, directory=tmp_path)
    assert ed.draft_path == old and ed.report.value("t3.granted.natural_person") == 4


def test_damaged_draft_json_is_a_clear_error(tmp_path):
    p = tmp_path / "d.json"
    for text in ("[1,2]", '{"format": "govinfo-draft", "version": 1, "report": 5}', "[" * 100000):
        p.write_text(text)
        with pytest.raises(GovinfoError):
            load_draft(p)


def test_to_docx_takes_an_agency_name_over_255_characters(tmp_path):
    import docx

    from govinfo_widgets.export import to_docx

    name = "某" * 300 + "局"
    path = to_docx(load_example("000").with_meta(agency=name), tmp_path / "long.docx")
    text = "".join(p.text for p in docx.Document(str(path)).paragraphs[:3])
    assert name in text  # the whole name is on the page; only the file's properties are cut


def test_a_damaged_draft_is_kept_aside_and_the_editor_still_opens(tmp_path):
    path = draft_path("某局", 2024, tmp_path)
    path.write_text('{"format": "govinfo-draft", "version": 1, "report": {"meta": {"year": "<b>"}}}')
    ed = ReportEditor.resume("某局", 2024, directory=tmp_path)
    aside = list(tmp_path.glob("*.damaged-*.json"))
    assert len(aside) == 1 and "<b>" in aside[0].read_text()  # the file as it was, not lost
    assert "原草稿文件无法读取" in ed.status.value and "<b>" not in ed.status.value
    assert load_draft(path).report.meta.agency == "某局"  # a fresh draft in its place


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.integers(min_value=-(2**60), max_value=2**60),
        st.sampled_from([2**53, 2**53 + 1, -(2**53), -(2**53) - 1, True, False, 10**400]),
        st.floats(allow_nan=True, allow_infinity=True),
    ),
    st.sampled_from(["parsed", "repaired", "unreadable", "blank_zero", "made_up", ""]),
    st.one_of(st.none(), st.text(max_size=5)),
)
def test_the_readers_fast_cell_is_the_checked_cell(value, status, raw):
    """read_cell (the readers' fast constructor) makes exactly the Cell the checked constructor makes: a number past
    2**53 or not finite is unreadable with the reason, a bool stays a bool, an unknown status is refused."""
    from govinfo_widgets._cell import read_cell

    try:
        want = Cell(value, status, raw, "src", None)
    except ValueError as e:
        with pytest.raises(ValueError, match="unknown cell status"):
            read_cell(value, status, raw, "src", None)
        assert "unknown cell status" in str(e)
        return
    got = read_cell(value, status, raw, "src", None)
    assert type(got) is Cell and got == want and type(got.value) is type(want.value)
    if value is not None and value.__class__ is int and abs(value) > 2**53:
        assert got.value is None and got.status == "unreadable" and "过大" in got.note
