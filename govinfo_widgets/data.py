"""The bundled real reports (``data/reports``), with their provenance."""

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
