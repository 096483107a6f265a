"""`govinfo check` and the readers on inputs that cannot be read (issue 12 items 7 and 11): no tracebacks,
exit 0 clean / 1 the report has errors / 2 the input cannot be read, with a message saying which."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from govinfo_widgets import GovinfoError, load_example
from govinfo_widgets.cli import main
from govinfo_widgets.io import decode_text, read_report, sniff_kind

GOOD = load_example("000").to_dict()


def mutate(f):
    d = json.loads(json.dumps(GOOD))
    f(d)
    return json.dumps(d, ensure_ascii=False).encode()


MALFORMED = {
    "empty": b"",
    "truncated": json.dumps(GOOD).encode()[:300],
    "not_json": b"hello",
    "list": b"[1, 2, 3]",
    "string": b'"govinfo"',
    "null": b"null",
    "number": b"12",
    "empty_object": b"{}",
    "latin1": json.dumps(GOOD, ensure_ascii=False).encode("utf-8").replace(b"\xe6", b"\xff"),
    "utf16": json.dumps(GOOD, ensure_ascii=False).encode("utf-16"),
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "huge_int_text": b'{"format": "govinfo-report", "version": 1, "cells": {"a": ' + b"9" * 5000 + b"}}",
    "wrong_format": mutate(lambda d: d.update(format="x")),
    "wrong_version": mutate(lambda d: d.update(version="1")),
    "meta_list": mutate(lambda d: d.update(meta=[1])),
    "meta_missing_form": mutate(lambda d: d["meta"].update(form=None)),
    "meta_unknown_field": mutate(lambda d: d["meta"].update(colour="red")),
    "year_string": mutate(lambda d: d["meta"].update(year="2024")),
    "year_huge": mutate(lambda d: d["meta"].update(year=99999)),
    "agency_number": mutate(lambda d: d["meta"].update(agency=5)),
    "cells_list": mutate(lambda d: d.update(cells=[1])),
    "cell_string": mutate(lambda d: d["cells"].update({"t3.granted.natural_person": "x"})),
    "cell_dict": mutate(lambda d: d["cells"].update({"t3.granted.natural_person": {}})),
    "cell_unknown": mutate(lambda d: d["cells"].update({"t9.x": 1})),
    "provenance_list": mutate(lambda d: d.update(provenance=[1])),
    "provenance_status": mutate(lambda d: d["provenance"].update({"t3.granted.natural_person": {"status": 5}})),
    "sections_number": mutate(lambda d: d.update(sections=5)),
    "section_unknown": mutate(lambda d: d["sections"].update(s9_x="x")),
    "fees_string": mutate(lambda d: d["fees"].update(info_fee_collected="x")),
    "extras_list": mutate(lambda d: d.update(extras=[])),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_report_json_exits_2_without_a_traceback(name, tmp_path, capsys):
    p = tmp_path / f"{name}.json"
    p.write_bytes(MALFORMED[name])
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert "退出码 2" in err and "Traceback" not in err and str(p) in err


def test_exit_codes_say_which_in_a_subprocess(tmp_path):
    """The console command itself: 0 clean, 1 errors, 2 unreadable; stderr carries no traceback."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(MALFORMED["deep"])
    errs = load_example("003")
    errs.to_json(tmp_path / "errs.json")
    load_example("000").to_json(tmp_path / "clean.json")
    run = [sys.executable, "-m", "govinfo_widgets", "check"]
    codes = {}
    for name in ("clean", "errs", "bad"):
        cp = subprocess.run([*run, str(tmp_path / f"{name}.json")], capture_output=True, text=True, timeout=120)
        codes[name] = cp.returncode
        assert "Traceback" not in cp.stderr
    assert codes == {"clean": 0, "errs": 1, "bad": 2}


def test_utf8_bom_is_accepted(tmp_path, capsys):
    p = tmp_path / "notepad.json"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode())
    assert main(["check", str(p)]) == 0


def test_a_400_digit_cell_is_checked_not_a_traceback(tmp_path, capsys):
    p = tmp_path / "big.json"
    p.write_bytes(mutate(lambda d: d["cells"].update({"t3.granted.natural_person": 10**400})))
    code = main(["check", str(p), "--all"])
    out = capsys.readouterr().out
    assert code in (0, 1) and "Traceback" not in out  # read and checked: the cell is unreadable, not a number


@pytest.mark.parametrize("kind", ["directory", "fifo", "device", "missing"])
def test_check_and_read_report_refuse_what_is_not_a_regular_file(kind, tmp_path, capsys):
    if kind == "directory":
        p = tmp_path / "d.json"
        p.mkdir()
    elif kind == "fifo":
        p = tmp_path / "f.html"
        os.mkfifo(p)  # reading it would block for ever
    elif kind == "device":
        p = tmp_path / "zero.html"
        os.symlink("/dev/zero", p)  # reading it would never end
    else:
        p = tmp_path / "none.html"
    assert main(["check", str(p)]) == 2
    assert "退出码 2" in capsys.readouterr().err
    with pytest.raises((GovinfoError, FileNotFoundError)):
        read_report(p)
    with pytest.raises((GovinfoError, FileNotFoundError)):
        read_report(str(p))


TEXT = "某局2023年政府信息公开工作年度报告\n一、总体情况\n本机关依申请公开政府信息，行政复议与行政诉讼情况如下。"


@pytest.mark.parametrize("encoding", ["big5", "utf-16-le", "utf-16-be"])
def test_big5_and_bomless_utf16_are_detected(encoding):
    text = (
        TEXT if encoding != "big5" else "某局2023年政府資訊公開工作年度報告\n一、總體情況\n本機關依申請公開政府資訊。"
    )
    data = text.encode(encoding)
    assert decode_text(data) == text
    assert sniff_kind(data, "r.txt") == "txt"


T2_ONLY = (
    "<p>某局2023年政府信息公开工作年度报告</p><table><tr><td colspan='4'>第二十条第（一）项</td></tr>"
    "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    "<tr><td>规章</td><td>1</td><td>0</td><td>2</td></tr></table>"
)


@pytest.mark.parametrize("n", [130, 300])
def test_a_report_after_many_nested_layout_tables_is_read(n):
    page = "<html><body>" + "<table><tr><td>" * n + "菜单" + "</td></tr></table>" * n + T2_ONLY + "</body></html>"
    assert read_report(page).value("t2.art20_1.rules.in_force") == 2


def test_nesting_beyond_the_parser_is_a_clear_error_not_a_lost_report():
    n = 1000
    page = "<html><body>" + "<table><tr><td>" * n + "菜单" + "</td></tr></table>" * n + T2_ONLY + "</body></html>"
    with pytest.raises(GovinfoError) as e:
        read_report(page)
    assert "嵌套过深" in e.value.zh


def test_a_report_after_hundreds_of_layout_tables_is_read_and_the_rest_counted():
    page = "<html><body>" + "<table><tr><td>菜单</td></tr></table>" * 450 + T2_ONLY + "</body></html>"
    r = read_report(page)
    assert r.value("t2.art20_1.rules.in_force") == 2
    assert r.extras["tables_not_read"] == 451 - 200


def test_a_table_2_only_read_says_which_tables_are_missing(tmp_path, monkeypatch):
    from govinfo_widgets.widgets import ReportEditor

    r = read_report(T2_ONLY)
    assert r.extras["tables_missing"] == ["t3", "t4"]
    monkeypatch.setenv("GOVINFO_DRAFT_DIR", str(tmp_path))
    ed = ReportEditor.resume("某局", 2024)
    ed._on_upload({"new": [{"name": "last.html", "content": T2_ONLY.encode()}]})
    assert "gw-upload-missing" in ed.upload_msg.value and "表三、表四" in ed.upload_msg.value


def test_an_upload_over_the_limit_is_refused_with_a_message(tmp_path, monkeypatch):
    from govinfo_widgets import limits
    from govinfo_widgets.widgets import ReportEditor, _upload

    monkeypatch.setattr(_upload, "LIMITS", limits.Limits(max_input_bytes=1000))
    monkeypatch.setenv("GOVINFO_DRAFT_DIR", str(tmp_path))
    ed = ReportEditor.resume("某局", 2024)
    ed._on_upload({"new": [{"name": "big.html", "content": T2_ONLY.encode() * 10}]})
    assert "文件过大" in ed.upload_msg.value
