"""`govinfo check`: readable table, --json, --lang, exit status."""

import json
import subprocess
import sys

from govinfo_widgets.cli import main
from govinfo_widgets.data import data_dir

REPORTS = data_dir() / "reports"


def test_check_names_t4_01_and_its_cells(capsys):
    code = main(["check", str(REPORTS / "003.json")])
    out = capsys.readouterr().out
    assert code == 1
    assert "[T4-01]" in out and "t4.review_total" in out and "淮安市洪泽区人民政府" in out
    assert "共 2 个错误" in out


def test_check_json_lists_rule_severity_cells(capsys):
    assert main(["check", str(REPORTS / "003.json"), "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)
    t4 = [i for i in issues if i["rule"] == "T4-01"]
    assert {i["severity"] for i in t4} == {"error"}
    assert any("t4.suit_after_review_total" in i["cells"] for i in t4)


def test_check_clean_report_exits_zero_in_english(capsys):
    assert main(["check", str(REPORTS / "000.json"), "--lang", "en"]) == 0
    assert "No issues found." in capsys.readouterr().out


def test_check_with_previous_year(capsys, tmp_path):
    from govinfo_widgets import load_example

    prev = load_example("011").with_values({"t3.carried_forward.total": 9})
    prev.to_json(tmp_path / "prev.json")
    assert main(["check", str(REPORTS / "012.json"), "--previous", str(tmp_path / "prev.json")]) == 0
    assert "[X-01]" in capsys.readouterr().out


def test_bad_file_is_a_clear_error(tmp_path, capsys):
    p = tmp_path / "x.json"
    p.write_text("{broken", encoding="utf-8")
    assert main(["check", str(p)]) == 2
    assert "年报 JSON 无法解析" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "missing.json")]) == 2


def test_console_script_entry_point():
    r = subprocess.run(
        [sys.executable, "-m", "govinfo_widgets", "check", str(REPORTS / "010.json")], capture_output=True, text=True
    )
    assert r.returncode == 1 and "[T3-02]" in r.stdout
