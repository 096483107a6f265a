"""``govinfo import`` as a batch that never loses work (issue 12 items 3, 6, 11; issue 14 item 3)."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd

from govinfo_widgets.corpus import Corpus
from govinfo_widgets.io._import import import_files

from .test_corpus import CORPUS

RAW = CORPUS / "raw"


def _names_per_report(out) -> pd.Series:
    df = Corpus.open_dataset(out).frame()
    return df.groupby("name")["address"].apply(lambda a: a.duplicated().sum())


def test_names_are_unique_and_stable_even_when_flattened_paths_clash(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(RAW / "001.html", src / "sub" / "a.html")
    shutil.copy(RAW / "011.html", src / "sub__a.html")
    res = import_files(src, tmp_path / "out", jobs=1, progress=False)
    assert [r["ok"] for r in res] == [True, True]
    assert len({r["name"] for r in res}) == 2
    assert len(list((tmp_path / "out" / "reports").glob("*.json"))) == 2
    again = import_files(src, tmp_path / "out2", jobs=1, progress=False)
    assert [r["name"] for r in again] == [r["name"] for r in res]  # stable: from the relative path only


def test_rerun_skips_unchanged_redoes_changed_and_removes_vanished(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("001.html", "011.html", "005.md"):
        shutil.copy(RAW / name, src / name)
    first = import_files(src, out, jobs=1, progress=False)
    assert all(r["ok"] and not r["skipped"] for r in first)
    shutil.copy(RAW / "012.html", src / "011.html")  # changed content under the same name
    (src / "005.md").unlink()  # vanished
    second = import_files(src, out, jobs=1, progress=False, log=print)
    assert {r["file"]: r["skipped"] for r in second} == {"001.html": True, "011.html": False}
    assert "no longer exist" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "complete" and manifest["removed_inputs"] == ["005.md"]
    df = Corpus.open_dataset(out).frame()
    assert set(df["file"]) == {"001.html", "011.html"}
    new_sha = hashlib.sha256((src / "011.html").read_bytes()).hexdigest()
    assert set(df.loc[df["file"] == "011.html", "sha256"]) == {new_sha}  # only the new content's cells
    assert not _names_per_report(out).any()  # no cell twice
    assert sorted(p.stem for p in (out / "reports").glob("*.json")) == sorted(r["name"] for r in second)


def test_one_bad_file_never_aborts_the_batch(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(RAW / "001.html", src / "001.html")
    html = (RAW / "013.html").read_text("utf-8")
    big = "9" * 400
    (src / "huge.html").write_text(html.replace(">3<", f">{big}<", 1), "utf-8")  # a 400-digit cell
    (src / "empty.pdf").write_bytes(b"%PDF-1.4\n")
    res = {r["file"]: r for r in import_files(src, out, jobs=1, progress=False)}
    assert res["001.html"]["ok"] and not res["empty.pdf"]["ok"]
    assert "huge.html" in res  # read (the cell marked) or recorded as a failure, never lost
    failures = {f["file"] for f in json.loads((out / "failures.json").read_text("utf-8"))}
    assert failures == {f for f, r in res.items() if not r["ok"]}
    assert len(Corpus.open_dataset(out).wide()) == sum(r["ok"] for r in res.values())


def test_a_killed_run_leaves_no_half_file_and_a_rerun_completes_it(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    files = ["001.html", "011.html", "012.html", "013.html", "005.md", "000.txt", "004.pdf", "003.pdf"]
    for i in range(3):
        for name in files:
            shutil.copy(RAW / name, src / f"{i}_{name}")
    cmd = [
        sys.executable,
        "-m",
        "govinfo_widgets",
        "import",
        str(src),
        "-o",
        str(out),
        "-j",
        "1",
        "--chunk",
        "1",
        "--no-progress",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "reports").glob("*.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "incomplete"
    res = import_files(src, out, jobs=1, progress=False)
    assert len(res) == len(files) * 3
    assert [(r["file"], r["error"], r["en"]) for r in res if not r["ok"]] == []
    assert json.loads((out / "manifest.json").read_text("utf-8"))["status"] == "complete"
    assert not [p for p in out.rglob("*.tmp")]
    names = Corpus.open_dataset(out).wide()["report_id"]
    assert sorted(names) == sorted(r["name"] for r in res)  # every report once: no duplicate, none missing
    assert not _names_per_report(out).any()
