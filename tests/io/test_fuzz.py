"""Robustness: mutated corpus inputs give a Report or a documented GovinfoError, never anything else, within 5 s."""

from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo_widgets.errors import GovinfoError
from govinfo_widgets.io import read_report
from govinfo_widgets.model import Report

from ..conftest import CORPUS

RAW = CORPUS / "raw"
LIMIT_S = 5.0
TEXT_FILES = sorted(p.name for p in RAW.glob("*") if p.suffix in (".txt", ".html", ".md")) if RAW.is_dir() else []
PDF_FILES = sorted(p.name for p in RAW.glob("*.pdf")) if RAW.is_dir() else []
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@pytest.mark.corpus
def test_corpus_present():
    assert TEXT_FILES and PDF_FILES, f"corpus not found at {RAW}"


def check(data) -> Report | GovinfoError:
    """Read ``data``; only a Report or a GovinfoError may come out, within the time limit."""
    t0 = time.perf_counter()
    try:
        out: Report | GovinfoError = read_report(data)
        assert isinstance(out, Report)
        for c in out.cells.values():  # never a silent 0 for a cell that could not be read
            assert not (c.status == "unreadable" and c.value is not None)
    except GovinfoError as e:
        assert " / " in str(e)  # Chinese, then English
        out = e
    elapsed = time.perf_counter() - t0
    assert elapsed < LIMIT_S, f"took {elapsed:.1f} s"
    return out


# ---------------------------------------------------------------------------
# mutations of text-like inputs (txt, html, md)
# ---------------------------------------------------------------------------
def _truncate(text: str, rnd: random.Random) -> str:
    return text[: rnd.randrange(len(text) + 1)]


def _drop_lines(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    keep = [ln for ln in lines if rnd.random() > 0.2]
    return "\n".join(keep)


def _shuffle_columns(text: str, rnd: random.Random) -> str:
    out = []
    for ln in text.split("\n"):
        sep = "\t" if "\t" in ln else ("|" if ln.count("|") > 2 else None)
        if sep:
            cells = ln.split(sep)
            rnd.shuffle(cells)
            ln = sep.join(cells)
        else:
            parts = re.split(r"(\s{2,})", ln)
            words = parts[::2]
            rnd.shuffle(words)
            parts[::2] = words
            ln = "".join(parts)
        out.append(ln)
    return "\n".join(out)


def _garbage(text: str, rnd: random.Random) -> str:
    junk = [
        "\x00",
        "\ufffd",
        "<td>",
        "</table>",
        "<table><tr><td>",
        "&#0;",
        "&nbsp;" * 50,
        "９９９",
        "1" * 80,
        "—",
        "（七）总计",
        "第二十条第（一）项",
        "\f",
        "\t\t\t",
        "|||",
        "<!--",
        "]]>",
        "\u202e",
        "𠀀",
    ]
    s = list(text)
    for _ in range(rnd.randrange(1, 30)):
        s.insert(rnd.randrange(len(s) + 1), rnd.choice(junk))
    return "".join(s)


def _nested(text: str, rnd: random.Random) -> str:
    if "<table" in text:
        # a whole copy of a table inside a cell of another
        tables = re.findall(r"<table.*?</table>", text, flags=re.S | re.I)
        if tables:
            inner = rnd.choice(tables)
            return re.sub(r"(<td[^>]*>)", lambda m: m.group(1) + inner, text, count=rnd.randrange(1, 4), flags=re.I)
    mid = rnd.randrange(len(text) + 1)
    return text[:mid] + text + text[mid:]


MUTATIONS = {
    "truncate": _truncate,
    "drop_lines": _drop_lines,
    "shuffle_columns": _shuffle_columns,
    "garbage": _garbage,
    "nested": _nested,
}
ENCODINGS = ["utf-8", "gb18030", "utf-16", "big5", "latin-1", "utf-8-sig", "cp1252"]


@pytest.mark.corpus
@FUZZ
@given(name=st.sampled_from(TEXT_FILES or ["-"]), how=st.sampled_from(sorted(MUTATIONS)), seed=st.integers(0, 2**32))
def test_mutated_text_inputs(name, how, seed):
    text = (RAW / name).read_text("utf-8")
    check(MUTATIONS[how](text, random.Random(seed)))


@pytest.mark.corpus
@FUZZ
@given(name=st.sampled_from(TEXT_FILES or ["-"]), enc=st.sampled_from(ENCODINGS), seed=st.integers(0, 2**32))
def test_wrong_encodings(name, enc, seed):
    text = (RAW / name).read_text("utf-8")
    data = text.encode(enc, errors="replace")
    if seed % 3 == 0:  # mojibake: bytes read in the wrong encoding, then saved again
        data = data.decode("latin-1").encode("utf-8")
    check(data)


@pytest.mark.corpus
@FUZZ
@given(
    name=st.sampled_from(TEXT_FILES or ["-"]),
    a=st.sampled_from(sorted(MUTATIONS)),
    b=st.sampled_from(sorted(MUTATIONS)),
    seed=st.integers(0, 2**32),
)
def test_stacked_mutations(name, a, b, seed):
    rnd = random.Random(seed)
    text = (RAW / name).read_text("utf-8")
    check(MUTATIONS[b](MUTATIONS[a](text, rnd), rnd))


@pytest.mark.corpus
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(PDF_FILES or ["-"]), seed=st.integers(0, 2**32))
def test_mutated_pdf_bytes(name, seed):
    rnd = random.Random(seed)
    data = bytearray((RAW / name).read_bytes())
    how = seed % 3
    if how == 0:
        data = data[: rnd.randrange(len(data))]
    elif how == 1:
        for _ in range(rnd.randrange(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    else:
        pos = rnd.randrange(len(data))
        data[pos:pos] = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 500)))
    check(bytes(data))


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["002.txt", "011.txt", "001.html"])
def test_ten_megabyte_inputs(name):
    text = (RAW / name).read_text("utf-8")
    big = (text * (10_000_000 // len(text.encode()) + 1)).encode()
    assert len(big) >= 10_000_000
    check(big)


def test_arbitrary_bytes_and_empty():
    for data in (
        b"",
        b"   ",
        bytes(range(256)) * 40,
        b"\xff\xfe" + "表三".encode("utf-16-le"),
        "无关的一段话。".encode(),
    ):
        out = check(data)
        assert isinstance(out, GovinfoError)
