"""Reviewing audit findings: confirm or dismiss each one, with a note, in a JSON file that accumulates.

A finding is identified by its **fingerprint**: report id + rule + the cells it names + its scope
(never the message text, so rewording a message or re-running the audit keeps it). A decision also
records the **state** of those cells (their values and statuses) when it was taken: if a re-import
reads different numbers, the finding's decision no longer applies and its ``review`` says
``outdated`` with the old decision in the note. Re-importing the same files gives the same
fingerprints and states, so decisions survive.

The file is written atomically and merge-safe: every save re-reads the file under a lock and merges
by fingerprint, the latest decision winning, so two notebooks reviewing the same corpus do not
overwrite each other's work.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from .errors import GovinfoError

FORMAT = "govinfo-review"
VERSION = 1
#: Values of the ``review`` column.
REVIEW_STATUSES = ("open", "confirmed", "dismissed", "outdated")
REVIEW_LABELS = {
    "open": ("待审核", "open"),
    "confirmed": ("已确认为发布错误", "confirmed"),
    "dismissed": ("已排除", "dismissed"),
    "outdated": ("单元格已变，原审核结论失效", "outdated (cells changed)"),
}
DECISIONS = ("confirmed", "dismissed")


def _get(finding, key, default=None):
    if isinstance(finding, Mapping | pd.Series):
        return finding.get(key, default)
    return getattr(finding, key, default)


def _cells(finding) -> list[str]:
    cells = _get(finding, "cells", ())
    if cells is None or (isinstance(cells, float) and math.isnan(cells)):
        return []
    if isinstance(cells, str):
        return [cells]
    return sorted(str(c) for c in cells)


def _plain(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _digest(obj) -> str:
    blob = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def fingerprint(finding) -> str:
    """The stable id of a finding: report id + rule + cells + scope (not the message, not the run).

    Examples
    --------
    >>> a = {"report_id": "003", "rule": "T4-01", "cells": ["t4.review_total", "t4.review_upheld"], "scope": "review"}
    >>> fingerprint(a) == fingerprint({**a, "message": "reworded", "cells": a["cells"][::-1]})
    True
    """
    return _digest(
        [str(_get(finding, "report_id")), str(_get(finding, "rule")), _cells(finding), _plain(_get(finding, "scope"))]
    )


def cell_state(finding, report=None) -> str:
    """A digest of the finding's cells as read: value and status of each (from ``report`` when given,
    else the finding's ``expected`` and ``actual``)."""
    if report is not None:
        cells = report.cells
        return "c:" + _digest(
            [
                [a, _plain(cells[a].value) if a in cells else None, cells[a].status if a in cells else "absent"]
                for a in _cells(finding)
            ]
        )
    return "r:" + _digest([_plain(_get(finding, "expected")), _plain(_get(finding, "actual"))])


class Review:
    """Decisions on audit findings, kept in one JSON file.

    Parameters
    ----------
    path : str or Path
        The JSON file (created on the first decision).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from govinfo_widgets import load_examples
    >>> from govinfo_widgets.corpus import Corpus
    >>> corpus = Corpus(load_examples())
    >>> review = Review(pathlib.Path(tempfile.mkdtemp()) / "review.json")
    >>> issues = corpus.audit(review=review)
    >>> finding = issues[(issues["report_id"] == "003") & (issues["rule"] == "T4-01")].iloc[0]
    >>> review.confirm(finding, note="表四总计按原样发布为 0")["decision"]
    'confirmed'
    >>> again = corpus.audit(review=Review(review.path))
    >>> again.loc[again["fingerprint"] == finding["fingerprint"], "review"].item()
    'confirmed'
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._decisions = self._load()

    # ---- file --------------------------------------------------------------------------------
    def _load(self) -> dict[str, dict]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise GovinfoError(
                f"审核记录文件无法读取：{self.path}（{e}）", f"cannot read review file {self.path}: {e}"
            ) from e
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
            raise GovinfoError(
                f"不是本工具的审核记录文件（或版本不符）：{self.path}",
                f"not a govinfo review file (or unsupported version): {self.path}",
            )
        decisions = data.get("decisions", {})
        if not isinstance(decisions, dict):
            raise GovinfoError(f"审核记录文件格式错误：{self.path}", f"malformed review file: {self.path}")
        return {k: v for k, v in decisions.items() if isinstance(v, dict)}

    @contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - Windows: the merge still protects most cases
                pass
            yield
        finally:
            os.close(fd)

    def _save(self, changed: dict[str, dict]) -> None:
        """Re-read the file, merge (latest ``at`` wins per fingerprint), write atomically."""
        with self._locked():
            merged = self._load()
            for fp, entry in changed.items():
                old = merged.get(fp)
                if old is None or str(old.get("at", "")) <= entry["at"]:
                    merged[fp] = entry
            blob = {"format": FORMAT, "version": VERSION, "decisions": dict(sorted(merged.items()))}
            atomic_write(self.path, json.dumps(blob, ensure_ascii=False, indent=1) + "\n")
            self._decisions = merged

    def reload(self) -> Review:
        """Re-read the file (decisions taken elsewhere)."""
        self._decisions = self._load()
        return self

    # ---- decisions ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(1 for d in self._decisions.values() if d.get("decision") in DECISIONS)

    def get(self, finding) -> dict | None:
        """The decision on a finding (a row of the audit frame or its fingerprint), or None."""
        fp = finding if isinstance(finding, str) else _get(finding, "fingerprint") or fingerprint(finding)
        d = self._decisions.get(fp)
        return dict(d) if d and d.get("decision") in DECISIONS else None

    def _decide(self, finding, decision: str | None, note: str) -> dict:
        if isinstance(finding, pd.DataFrame):
            if len(finding) != 1:
                raise GovinfoError("一次只能审核一条问题", "review one finding (one row) at a time")
            finding = finding.iloc[0]
        for k in ("report_id", "rule"):
            if _get(finding, k) is None:
                raise GovinfoError(
                    f"审核对象缺少 {k}：请传入审核结果表中的一行",
                    f"the finding lacks {k}: pass a row of the audit frame",
                )
        now = datetime.now(UTC)
        entry = {
            "decision": decision,
            "note": str(note or ""),
            "date": now.date().isoformat(),
            "at": now.isoformat(timespec="microseconds"),
            "report_id": str(_get(finding, "report_id")),
            "rule": str(_get(finding, "rule")),
            "cells": _cells(finding),
            "scope": _plain(_get(finding, "scope")),
            "state": _get(finding, "state") or cell_state(finding),
            "message": str(_get(finding, "message") or ""),
        }
        self._save({fingerprint(finding): entry})
        return entry

    def confirm(self, finding, note: str = "") -> dict:
        """Record that the finding is a real error in the published report."""
        return self._decide(finding, "confirmed", note)

    def dismiss(self, finding, note: str = "") -> dict:
        """Record that the finding is not a published error (a reading problem, an explained exception)."""
        return self._decide(finding, "dismissed", note)

    def reopen(self, finding, note: str = "") -> dict:
        """Withdraw the decision (kept in the file as an open entry, so the withdrawal merges too)."""
        return self._decide(finding, None, note)

    # ---- applying to an audit ----------------------------------------------------------------
    def annotate(self, issues: pd.DataFrame, reports=None) -> pd.DataFrame:
        """The audit frame with ``fingerprint``, ``state``, ``review``, ``review_note`` and ``review_date``.

        ``reports`` maps report ids to Reports (a Corpus does): each finding's cell state is then
        taken from the cells themselves. A decision whose state differs is ``outdated``.
        """
        out = issues.copy()
        fps, states, status, notes, dates = [], [], [], [], []
        for row in out.to_dict("records"):
            fp = fingerprint(row)
            report = None
            if reports is not None:
                try:
                    report = reports[row["report_id"]]
                except (KeyError, TypeError, IndexError):
                    report = None
            st = cell_state(row, report)
            d = self._decisions.get(fp)
            if d and str(d.get("state", "")).startswith("r:"):  # decided on a bare row: compare like with like
                st_cmp = cell_state(row)
            else:
                st_cmp = st
            fps.append(fp)
            states.append(st)
            if not d or d.get("decision") not in DECISIONS:
                status.append("open")
                notes.append("")
                dates.append("")
            elif d.get("state") != st_cmp:
                zh_old, en_old = REVIEW_LABELS[d["decision"]]
                status.append("outdated")
                notes.append(
                    f"{d['date']} 的审核结论（{zh_old}：{d.get('note', '')}）因单元格数值已变而失效 / "
                    f"the decision of {d['date']} ({en_old}) no longer applies: the cells changed"
                )
                dates.append(d["date"])
            else:
                status.append(d["decision"])
                notes.append(d.get("note", ""))
                dates.append(d["date"])
        out["fingerprint"] = fps
        out["state"] = states
        out["review"] = pd.Categorical(status, categories=list(REVIEW_STATUSES))
        out["review_note"] = notes
        out["review_date"] = dates
        return out


def review_label(status: str, lang: str = "zh") -> str:
    """The Chinese (or English) label of a ``review`` value."""
    zh, en = REVIEW_LABELS.get(status, (status, status))
    return en if lang == "en" else zh
