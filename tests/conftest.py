"""Shared fixtures: the bundled real reports, the corpus folder and one Chromium for every browser test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from govinfo_widgets import load_example

ROOT = Path(__file__).resolve().parents[1]
#: The real published reports the readers are tested on: ``../shared/corpus`` beside the clone, or ``$GOVINFO_CORPUS``.
#: Without it the corpus tests fail with a message naming this path (they do not skip).
CORPUS = Path(os.environ.get("GOVINFO_CORPUS") or ROOT.parent / "shared" / "corpus").resolve()


@pytest.fixture
def huaian():
    """淮安市人民政府 2024: a full, non-trivial 2021-form report that reconciles everywhere."""
    return load_example("002")


@pytest.fixture
def pingtan_2019():
    """平潭综合实验区 2019: a clean 2019-form report."""
    return load_example("009")


#: Debian's chromium, with the flags this closed network needs (DEVELOPERS.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Playwright's sync API allows one driver per thread)."""
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    assert exe, "Debian's chromium is needed: apt-get install chromium fonts-noto-cjk"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
