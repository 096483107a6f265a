"""Drafts: every change of the editor saved atomically, restored on reopening."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .._atomic import atomic_write_text
from ..errors import GovinfoError
from ..model import Report

DRAFT_FORMAT = "govinfo-draft"
DRAFT_VERSION = 1


def draft_dir() -> Path:
    """Where drafts live: ``$GOVINFO_DRAFT_DIR``, else ``./drafts``."""
    return Path(os.environ.get("GOVINFO_DRAFT_DIR") or "drafts")


def draft_path(agency: str, year: int | None, directory: str | Path | None = None) -> Path:
    """The draft file of one agency's report for one year (a file-system-safe name)."""
    safe = re.sub(r"[\\/:*?\"<>|\s\x00-\x1f]+", "_", agency or "").strip("._") or "report"
    return Path(directory if directory is not None else draft_dir()) / f"{safe[:80]}_{year or 'new'}.json"


@dataclass(frozen=True)
class Draft:
    """A saved editor state: the report, last year's report it started from, and cells set aside."""

    report: Report
    previous: Report | None = None
    stash: dict | None = None
    saved_at: str | None = None

    def to_json(self) -> str:
        return json.dumps({
            "format": DRAFT_FORMAT, "version": DRAFT_VERSION, "saved_at": self.saved_at,
            "report": self.report.to_dict(),
            "previous": self.previous.to_dict() if self.previous is not None else None,
            "stash": self.stash or {},
        }, ensure_ascii=False, indent=1) + "\n"


def save_draft(path: str | Path, report: Report, previous: Report | None = None, stash: dict | None = None) -> Draft:
    """Write a draft atomically (temporary file, fsync, rename): a crash never leaves half a file."""
    d = Draft(report, previous, stash, datetime.now(UTC).isoformat(timespec="seconds"))
    atomic_write_text(Path(path), d.to_json())
    return d


def load_draft(path: str | Path) -> Draft:
    """Read a draft written by :func:`save_draft` (or a plain Report JSON file)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise GovinfoError(f"草稿文件 {path} 无法读取：{e}", f"draft file {path} cannot be read: {e}") from e
    if data.get("format") == "govinfo-report":
        return Draft(Report.from_dict(data))
    if data.get("format") != DRAFT_FORMAT or data.get("version") != DRAFT_VERSION:
        raise GovinfoError(f"{path} 不是 govinfo 草稿文件", f"{path} is not a govinfo draft file")
    prev = data.get("previous")
    return Draft(Report.from_dict(data["report"]), Report.from_dict(prev) if prev else None,
                 data.get("stash") or {}, data.get("saved_at"))
