"""Drafts: every change of the editor saved atomically, restored on reopening."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .._atomic import atomic_write_text
from ..errors import GovinfoError
from ..model import Cell, Report
from ..schema import get_form

DRAFT_FORMAT = "govinfo-draft"
DRAFT_VERSION = 1


def draft_dir() -> Path:
    """Where drafts live: ``$GOVINFO_DRAFT_DIR``, else ``./drafts``."""
    return Path(os.environ.get("GOVINFO_DRAFT_DIR") or "drafts")


#: Longest name part of a draft file, in UTF-8 bytes (file systems allow 255, the temporary file adds ~20).
_MAX_NAME_BYTES = 150


def draft_path(agency: str, year: int | None, directory: str | Path | None = None) -> Path:
    """The draft file of one agency's report for one year (a file-system-safe name).

    A name that had to be changed to be safe (``/``, spaces, a very long name) gets a short hash of the
    real name, so ``某市/某局`` and ``某市_某局`` never share one draft file.

    Examples
    --------
    >>> draft_path("某市_某局", 2024, "d").name
    '某市_某局_2024.json'
    >>> draft_path("某市/某局", 2024, "d").name != draft_path("某市_某局", 2024, "d").name
    True
    """
    agency = agency or ""
    safe = re.sub(r"[\\/:*?\"<>|\s\x00-\x1f]+", "_", agency).strip("._") or "report"
    cut = safe.encode("utf-8", "surrogatepass")[:_MAX_NAME_BYTES].decode("utf-8", "ignore")
    if cut != agency:
        digest = hashlib.sha1(agency.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = f"{cut}_{digest}"
    return Path(directory if directory is not None else draft_dir()) / f"{cut}_{year or 'new'}.json"


class DraftConflict(GovinfoError):
    """The draft on disk was saved by another tab or kernel after this one last read or wrote it."""

    def __init__(self, path: Path, theirs: Draft | None):
        self.path = path
        self.theirs = theirs
        when = theirs.saved_at if theirs is not None else "?"
        super().__init__(
            f"草稿 {path.name} 已被另一个窗口或内核修改（{when}），为免覆盖，本页的修改暂未保存。",
            f"the draft {path.name} was changed by another tab or kernel ({when}); this page's changes are not saved yet.",
        )


@dataclass(frozen=True)
class Draft:
    """A saved editor state: the report, last year's report it started from, and cells set aside."""

    report: Report
    previous: Report | None = None
    stash: dict | None = None
    saved_at: str | None = None
    revision: int = 0  # +1 on every save: a save over a newer revision is refused (see DraftConflict)

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "format": DRAFT_FORMAT,
                    "version": DRAFT_VERSION,
                    "saved_at": self.saved_at,
                    "revision": self.revision,
                    "report": self.report.to_dict(),
                    "previous": self.previous.to_dict() if self.previous is not None else None,
                    "stash": self.stash or {},
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )


def save_draft(
    path: str | Path,
    report: Report,
    previous: Report | None = None,
    stash: dict | None = None,
    expect: int | None = None,
) -> Draft:
    """Write a draft atomically (temporary file, fsync, rename): a crash never leaves half a file.

    ``expect`` is the revision this writer last read or wrote: when the file on disk has another one
    (another tab or kernel saved since), nothing is written and :class:`DraftConflict` is raised.
    """
    path = Path(path)
    on_disk = None
    if path.exists():
        try:
            on_disk = load_draft(path)
        except GovinfoError:
            on_disk = None  # a damaged draft is replaced (the atomic write never leaves one of ours damaged)
    if expect is not None and on_disk is not None and on_disk.revision != expect:
        raise DraftConflict(path, on_disk)
    revision = max(expect or 0, on_disk.revision if on_disk is not None else 0) + 1
    d = Draft(report, previous, stash, datetime.now(UTC).isoformat(timespec="seconds"), revision)
    atomic_write_text(path, d.to_json())
    return d


def load_draft(path: str | Path) -> Draft:
    """Read a draft written by :func:`save_draft` (or a plain Report JSON file)."""
    path = Path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError) as e:
        raise GovinfoError(f"草稿文件 {path} 无法读取：{e}", f"draft file {path} cannot be read: {e}") from e
    if not isinstance(data, dict):
        raise GovinfoError(f"{path} 不是 govinfo 草稿文件", f"{path} is not a govinfo draft file")
    if data.get("format") == "govinfo-report":
        return Draft(Report.from_dict(data))
    if data.get("format") != DRAFT_FORMAT or data.get("version") != DRAFT_VERSION:
        raise GovinfoError(f"{path} 不是 govinfo 草稿文件", f"{path} is not a govinfo draft file")
    prev = data.get("previous")
    stash = data.get("stash") or {}
    revision = data.get("revision") or 0
    if not isinstance(stash, dict) or isinstance(revision, bool) or not isinstance(revision, int):
        raise GovinfoError(f"草稿文件 {path} 内容有误", f"draft file {path} is malformed")
    return Draft(
        Report.from_dict(data.get("report")),
        Report.from_dict(prev) if prev else None,
        stash,
        data.get("saved_at"),
        revision,
    )


def merge_edits(theirs: Report, base: Report, mine: Report) -> Report:
    """``theirs`` with every cell, section, fee and meta field that ``mine`` changed since ``base`` applied on top.

    Examples
    --------
    >>> base = Report.new(agency="某局", year=2024)
    >>> theirs = base.with_values({"t3.granted.natural_person": 5})
    >>> mine = base.with_values({"t3.new_received.natural_person": 7})
    >>> m = merge_edits(theirs, base, mine)
    >>> m.value("t3.granted.natural_person"), m.value("t3.new_received.natural_person")
    (5, 7)
    """
    if mine.meta.form != theirs.meta.form:
        return mine
    cells = {a: c for a, c in mine.cells.items() if base.cells.get(a) != c and theirs.form.has_cell(a)}
    sections = {k: v for k, v in mine.sections.items() if base.sections.get(k) != v}
    fees = {k: v for k, v in mine.fees.items() if base.fees.get(k) != v}
    meta = {
        k: getattr(mine.meta, k) for k in ("agency", "year", "kind") if getattr(mine.meta, k) != getattr(base.meta, k)
    }
    return theirs.with_cells(cells).with_sections(**sections).with_fees(**fees).with_meta(**meta)


def is_file(path: Path) -> bool:
    """``path`` is a regular file (an unreadable folder or an over-long name is just "no")."""
    try:
        return path.is_file()
    except OSError:
        return False


def switch_form(report: Report, key: str, stash: dict) -> tuple[Report, int]:
    """``report`` in format ``key``: cells the format lacks are set aside in ``stash`` (per format, as lists),
    cells set aside earlier for ``key`` come back. Returns the report and how many cells were set aside.

    Examples
    --------
    >>> r = Report.new(year=2024).with_values({"t4.review_total": 1})
    >>> stash = {}
    >>> r19, n = switch_form(r, "gov_2019", stash)
    >>> back, _ = switch_form(r19, "gov_2021", stash)
    >>> back.value("t4.review_total") == r.value("t4.review_total")
    True
    """
    new_form = get_form(key)
    keep = {a: c for a, c in report.cells.items() if new_form.has_cell(a)}
    moved = {
        a: [c.value, c.status, c.raw, c.source, c.note] for a, c in report.cells.items() if not new_form.has_cell(a)
    }
    stash.setdefault(report.meta.form, {}).update(moved)
    back = {}
    for a, v in stash.pop(key, {}).items():
        try:
            if new_form.has_cell(a):
                back[a] = Cell(*v)
        except (TypeError, ValueError):  # a set-aside cell damaged in the draft file: left out
            continue
    return replace(report, meta=replace(report.meta, form=key), cells={**keep, **back}).filled(), len(moved)
