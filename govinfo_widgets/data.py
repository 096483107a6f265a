"""The bundled real reports (``data/reports``), with their provenance.

Files that are not real published reports (parser fixtures such as 测试市) live apart, in
``data/fixtures``: :func:`load_examples` never returns them, so they never appear as an agency.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .model import Report

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding ``reports/``: ``$GOVINFO_DATA``, the repository's ``data/``, or the copy in the wheel."""
    env = os.environ.get("GOVINFO_DATA")
    candidates = [Path(env)] if env else []
    candidates += [_HERE.parent / "data", _HERE / "_data"]
    for c in candidates:
        if (c / "reports").is_dir():
            return c
    raise FileNotFoundError("bundled data not found; set GOVINFO_DATA to the repository's data/ folder")


def example_ids() -> list[str]:
    return sorted(p.stem for p in (data_dir() / "reports").glob("*.json"))


@lru_cache(maxsize=64)
def load_example(report_id: str) -> Report:
    """A bundled real report by corpus id, e.g. ``"000"`` (the seed) or ``"003"`` (洪泽区 2023).

    Examples
    --------
    >>> r = load_example("000")
    >>> r.meta.agency, r.meta.year
    ('攀枝花市东区民政局', 2023)
    """
    return Report.from_json(data_dir() / "reports" / f"{report_id}.json")


def load_examples(completeness: tuple[str, ...] = ("full", "full-but-lossy")) -> list[Report]:
    """Every bundled report whose completeness is in ``completeness``."""
    out = []
    for i in example_ids():
        r = load_example(i)
        if r.meta.source.get("completeness") in completeness:
            out.append(r)
    return out


def fixture_ids() -> list[str]:
    """Ids of the bundled fixtures (``data/fixtures``): test data that is not a real published report."""
    return sorted(p.stem for p in (data_dir() / "fixtures").glob("*.json"))


def load_fixture(fixture_id: str) -> Report:
    """A bundled fixture by id, e.g. ``"017"`` (测试市 2025, a parser fixture, possibly synthetic).

    Examples
    --------
    >>> load_fixture("017").meta.agency
    '测试市'
    >>> "017" in example_ids()
    False
    """
    return Report.from_json(data_dir() / "fixtures" / f"{fixture_id}.json")
