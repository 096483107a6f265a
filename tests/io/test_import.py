"""``govinfo import`` as a batch that never loses work (issue 12 items 3, 6, 11; issue 14 item 3)."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import subprocess
import sys
import time

import pandas as pd

from govinfo_widgets.corpus import Corpus
from govinfo_widgets.io._import import import_files

from . import batch_inputs


def _names_per_report(out) -> pd.Series:
    df = Corpus.open_dataset(out).frame()
    return df.groupby("name")["address"].apply(lambda a: a.duplicated().sum())


def test_names_are_unique_and_stable_even_when_flattened_paths_clash(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    batch_inputs.write(src / "sub" / "a.html", "001")
    batch_inputs.write(src / "sub__a.html", "011")
    res = import_files(src, tmp_path / "out", jobs=1, progress=False)
    assert [r["ok"] for r in res] == [True, True]
    assert len({r["name"] for r in res}) == 2
    assert len(list((tmp_path / "out" / "reports").glob("*.json"))) == 2
    again = import_files(src, tmp_path / "out2", jobs=1, progress=False)
    assert [r["name"] for r in again] == [r["name"] for r in res]  # stable: from the relative path only


def test_rerun_skips_unchanged_redoes_changed_and_removes_vanished(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    batch_inputs.folder(src, ["001.html", "011.html", "005.md"])
    first = import_files(src, out, jobs=1, progress=False)
    assert all(r["ok"] and not r["skipped"] for r in first)
    batch_inputs.write(src / "011.html", "012")  # changed content under the same name
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
    batch_inputs.folder(src, ["001.html"])
    html = batch_inputs.write(tmp_path / "013.html", "013").read_text("utf-8")
    big = "9" * 400
    huge = re.sub(r">\d+<", f">{big}<", html, count=1)  # a 400-digit cell
    assert huge != html
    (src / "huge.html").write_text(huge, "utf-8")
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
    files = batch_inputs.folder(src, copies=4)
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
    assert len(res) == len(files)
    assert [(r["file"], r["error"], r["en"]) for r in res if not r["ok"]] == []
    assert json.loads((out / "manifest.json").read_text("utf-8"))["status"] == "complete"
    assert not [p for p in out.rglob("*.tmp")]
    names = Corpus.open_dataset(out).wide()["report_id"]
    assert sorted(names) == sorted(r["name"] for r in res)  # every report once: no duplicate, none missing
    assert not _names_per_report(out).any()


def test_a_report_that_cannot_be_tabulated_fails_alone(tmp_path):
    """A report whose cells cannot go into the parts (here an agency that is not text, which the JSON boundary
    would refuse) is recorded as a failure; the other reports of its year are written."""
    import pyarrow.parquet as pq

    from govinfo_widgets import load_examples
    from govinfo_widgets.io._import import _write_parts

    good, other = load_examples()[:2]
    bad = other.with_meta(year=good.meta.year, id="bad")
    object.__setattr__(bad.meta, "agency", 12345)
    items = [
        ({"file": f"{n}.txt", "sha256": "0" * 64, "name": n}, r)
        for n, r in (("good", good.with_meta(id="good")), ("bad", bad))
    ]
    records = [{"name": it["name"], "ok": True} for it, _ in items]
    parts = _write_parts(items, tmp_path, "t", records)
    assert [r["ok"] for r in records] == [True, False] and records[1]["error"] == "ArrowTypeError"
    wide = pq.read_table(tmp_path / parts[good.meta.year][1])
    assert wide.column("report_id").to_pylist() == ["good"]
