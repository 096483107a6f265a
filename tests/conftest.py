"""Shared fixtures: the bundled real reports, the corpus folder and one Chromium for every browser test.

The real corpus
---------------
Tests marked ``@pytest.mark.corpus`` read the real published reports (``CORPUS``). When the corpus is
absent they are skipped, and the run ends with one line saying what they need; with
``GOVINFO_REQUIRE_CORPUS=1`` (set by ``.ci/run``) each of them fails instead, naming the missing path, so
CI can never go green by skipping them. Everything else needs nothing outside the repository.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from govinfo_widgets import load_example

from .io import accuracy

ROOT = Path(__file__).resolve().parents[1]
#: The real published reports the readers are tested on: ``../shared/corpus`` beside the clone, or ``$GOVINFO_CORPUS``.
CORPUS = Path(os.environ.get("GOVINFO_CORPUS") or ROOT.parent / "shared" / "corpus").resolve()
#: The corpus is there when its manifest is.
HAVE_CORPUS = (CORPUS / "manifest.jsonl").is_file()
#: ``GOVINFO_REQUIRE_CORPUS=1``: a missing corpus fails the corpus tests instead of skipping them.
REQUIRE_CORPUS = os.environ.get("GOVINFO_REQUIRE_CORPUS", "").strip() not in ("", "0")
#: The reason every skipped corpus test carries (the terminal summary counts them by it).
CORPUS_SKIP = (
    f"needs the real corpus at {CORPUS}/manifest.jsonl (put it at ../shared/corpus beside the clone "
    "or set GOVINFO_CORPUS)"
)


#: The integration tests that take longest (a Binder environment built and run, browsers, servers, notebooks):
#: run first, so that under pytest-xdist the other tests fill the workers while they run, not after them.
SLOW_FIRST = (
    "tests/test_binder.py",
    "tests/test_notebooks.py",
    "tests/io/test_ocr.py",
    "tests/browser/",
    "tests/test_start.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item) -> int:
        return next((i for i, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)), len(SLOW_FIRST))

    items.sort(key=rank)  # a stable sort: the order within each part stays


def pytest_runtest_setup(item):
    if item.get_closest_marker("corpus") is None or HAVE_CORPUS:
        return
    if REQUIRE_CORPUS:
        pytest.fail(
            f"GOVINFO_REQUIRE_CORPUS=1 but the corpus is missing: {CORPUS}/manifest.jsonl not found "
            "(../shared/corpus beside the clone, or GOVINFO_CORPUS)",
            pytrace=False,
        )
    pytest.skip(CORPUS_SKIP)


def _reason(report) -> str:
    longrepr = report.longrepr
    return str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)


def pytest_runtest_logreport(report):
    accuracy.collect(report)  # here, not in tests/io: under xdist the controller loads only this conftest


def pytest_terminal_summary(terminalreporter):
    """The corpus accuracy table (when corpus reader tests ran); one line for every corpus test skipped; any
    other skip listed with its own reason."""
    lines = accuracy.table()
    if lines:
        terminalreporter.section("corpus accuracy (cells right / total)")
        for line in lines:
            terminalreporter.write_line(line)
    skipped = terminalreporter.stats.get("skipped", [])
    corpus = [r for r in skipped if CORPUS_SKIP in _reason(r)]
    others = [r for r in skipped if r not in corpus]
    if corpus:
        terminalreporter.write_line(
            f"{len(corpus)} corpus tests skipped: each {CORPUS_SKIP}; GOVINFO_REQUIRE_CORPUS=1 makes that a failure",
            yellow=True,
        )
    for r in others:
        terminalreporter.write_line(f"SKIPPED {r.nodeid}: {_reason(r)}", yellow=True)


def corpus_params(params: list, n_args: int) -> list:
    """``pytest.param`` cases read from the corpus, each marked ``corpus``; when the corpus is absent, one
    placeholder case (so the absence is reported as a skip or, if required, a failure; never nothing)."""
    if not params:
        return [pytest.param(*([None] * n_args), id="corpus-missing", marks=pytest.mark.corpus)]
    return [pytest.param(*p.values, id=p.id, marks=[*p.marks, pytest.mark.corpus]) for p in params]


@pytest.fixture(scope="session")
def binder_run(tmp_path_factory):
    """The Binder environment, built once, with every notebook executed in it (``tests/binder_env.py``). Tests
    that use it carry ``@pytest.mark.xdist_group("binder")``, so that one pytest-xdist worker builds it."""
    from . import binder_env

    return binder_env.build(tmp_path_factory.mktemp("binder"))


@pytest.fixture
def huaian():
    """淮安市人民政府 2024: a full, non-trivial 2021-form report that reconciles everywhere."""
    return load_example("002")


@pytest.fixture
def pingtan_2019():
    """平潭综合实验区 2019: a clean 2019-form report."""
    return load_example("009")


#: Debian's chromium, with the flags this closed network needs (DEVELOPERS.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process (Playwright's sync API allows one driver per thread)."""
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    assert exe, "Debian's chromium is needed: apt-get install chromium fonts-noto-cjk"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
