"""``govinfo parse`` and ``govinfo import`` on real corpus files."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from govinfo_widgets.cli import main
from govinfo_widgets.corpus import Corpus
from govinfo_widgets.io import UnsupportedInputError, read_report
from govinfo_widgets.io.cli import import_dir
from govinfo_widgets.model import Report

from .docx_builder import build_docx
from .test_corpus import CORPUS

RAW = CORPUS / "raw"
SEED = RAW / "000.txt"


@pytest.mark.corpus
def test_parse_the_seed_prints_its_2023_figures_and_label_variants(capsys):
    assert main(["parse", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "攀枝花市东区民政局" in out and "2023" in out and "gov_2021" in out
    for raw in ("规范性文件", "社会组织", "其他法律法规禁止公开", "半年收费金额（单位：万元）", "本年新制发件数"):
        assert raw in out, raw
    assert "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0" in out


@pytest.mark.corpus
def test_parse_json_is_the_report_json_with_flat_cells(capsys):
    assert main(["parse", str(RAW / "012.html"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "govinfo-report" and data["meta"]["year"] == 2022
    truth = json.loads((CORPUS / "truth" / "012.cells.json").read_text("utf-8"))["cells"]
    assert data["cells"] == truth
    assert data["provenance"]["t3.new_received.total"]["source"].startswith("html table")
    assert Report.from_dict(data).value("t2.art20_1.normative_docs.in_force") == 698


@pytest.mark.corpus
def test_parse_in_english_and_a_bad_file(capsys, tmp_path):
    assert main(["parse", str(RAW / "001.html"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Agency: 上海市人民政府办公厅" in out and "Table 4" in out
    bad = tmp_path / "notes.txt"
    bad.write_text("会议纪要\n今天开会。", "utf-8")
    assert main(["parse", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "govinfo:" in err and "/" in err  # Chinese, then English


@pytest.mark.corpus
def test_check_accepts_a_published_file_and_runs_the_prose_rules(capsys):
    code = main(["check", str(RAW / "001.html"), "--all"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "[TX-06]" in out and "258" in out  # the prose's 予以公开及部分公开258件 against 275 in the table


@pytest.mark.corpus
def test_import_a_folder_with_bad_files_in_it(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in ("001.html", "011.html", "005.md"):
        shutil.copy(RAW / name, src / name)
    shutil.copy(SEED, src / "sub" / "000.txt")
    shutil.copy(RAW / "016.html", src / "016.html")  # pre-2019
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (src / "readme.txt").write_text("这不是年报。", "utf-8")
    out = tmp_path / "out"
    code = main(["import", str(src), "-o", str(out), "-j", "2"])
    printed = capsys.readouterr().out
    assert code == 1  # some files failed, the others were imported
    assert "成功导入 4 个" in printed
    for name in ("016.html", "broken.docx", "readme.txt"):
        assert name in printed
    failures = json.loads((out / "failures.json").read_text("utf-8"))
    assert {f["error"] for f in failures} == {"LegacyFormatError", "DocxReadError", "NotAReportError"}
    assert pd.read_parquet(out / "failures.parquet")["file"].tolist() == sorted(f["file"] for f in failures)
    names = sorted(p.stem.rsplit("-", 1)[0] for p in (out / "reports").iterdir())
    assert names == ["001.html", "005.md", "011.html", "sub__000.txt"]
    df = Corpus.open_dataset(out).frame()  # the partitioned dataset cells/year=…/
    assert {n.rsplit("-", 1)[0] for n in df["report_id"]} == {"001.html", "005.md", "011.html", "sub__000.txt"}
    assert len(df) == 198 + 200 + 200 + 200
    assert set(df["file"]) == {"001.html", "005.md", "011.html", "sub/000.txt"} and df["sha256"].str.len().eq(64).all()
    assert json.loads((out / "manifest.json").read_text("utf-8"))["status"] == "complete"


@pytest.mark.corpus
def test_import_in_one_process_gives_the_same_reports(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RAW / "013.html", src)
    truth = json.loads((CORPUS / "truth" / "013.cells.json").read_text("utf-8"))
    (src / "013.docx").write_bytes(build_docx(truth, "平潭综合实验区"))
    res = import_dir(src, tmp_path / "out", jobs=1, progress=False)
    assert [r["ok"] for r in res] == [True, True]
    a, b = (Report.from_json(tmp_path / "out" / "reports" / f"{r['name']}.json") for r in res)
    assert {k: c.value for k, c in a.cells.items()} == {k: c.value for k, c in b.cells.items()}


def test_files_that_are_not_text_get_a_reason():
    for data, words in (
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "OCR"),
    ):
        with pytest.raises(UnsupportedInputError) as e:
            read_report(data)
        assert words in e.value.zh
