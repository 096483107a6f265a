"""The editor's draft: autosave after every change, refused saves over another tab's version, and the
conflict box that lets the user merge, reload or overwrite."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import ipywidgets as w

from ..errors import GovinfoError
from ..escape import esc
from ..model import Report
from ._draft import Draft, DraftConflict, draft_path, is_file, load_draft, save_draft
from ._ui import RED, alert_html, tr

CHOICES = ("merge", "reload", "overwrite")


def find_draft(agency: str, year, directory=None) -> tuple[Path, Draft | None, tuple | None]:
    """The draft file of ``agency``/``year``, the draft read from it (``None``: none yet) and, when the file
    could not be read, ``(error, where it was moved aside or None)``: a damaged draft is never overwritten."""
    path = draft_path(agency, year, directory)
    legacy = path.with_name(f"{(agency or 'report')[:80]}_{year or 'new'}.json")  # names before the hash
    if not path.exists() and legacy != path and "/" not in agency and is_file(legacy):
        try:
            if load_draft(legacy).report.meta.agency == agency:
                path = legacy
        except GovinfoError:
            pass
    if not is_file(path):
        return path, None, None
    try:
        return path, load_draft(path), None
    except GovinfoError as e:  # kept aside, never overwritten; the editor opens all the same
        aside = path.with_name(f"{path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        try:
            path.replace(aside)
        except OSError:
            aside = None
        return path, None, (e, aside)


class DraftKeeper:
    """The draft file of one editor and what a save must know: the revision last read or written, the
    report as of that revision (what a merge compares with) and cells set aside by a format switch."""

    def __init__(self, path: Path | None):
        self.path = path
        self.revision: int | None = None
        self.base: Report | None = None
        self.stash: dict = {}

    def restored(self, d: Draft, report: Report) -> None:
        """This editor now stands on the draft ``d`` just read, shown as ``report`` (filled, totals computed)."""
        self.stash = dict(d.stash or {})
        self.revision, self.base = d.revision, report

    def save(self, report: Report, previous: Report | None) -> Path | None:
        """Write the draft (raises :class:`DraftConflict` when another writer saved since)."""
        if self.path is None:
            return None
        d = save_draft(self.path, report, previous, self.stash, expect=self.revision)
        self.revision, self.base = d.revision, report
        return self.path

    def autosave(self, report: Report, previous: Report | None, lang: str) -> tuple[str, str]:
        """Save and say how it went: ``(outcome, status html)``, outcome ``saved``, ``conflict``, ``failed``
        or ``off`` (no draft file). Never raises: the data stays in the editor."""
        if self.path is None:
            return "off", ""
        try:
            self.save(report, previous)
        except DraftConflict:
            return "conflict", alert_html(tr("conflict", lang), "gw-not-saved")
        except OSError as e:
            key = "save_failed" if self.revision is not None else "not_saving"
            why = f"{e.strerror or e}: {e.filename or self.path}"
            return "failed", alert_html(tr(key, lang) + why, "gw-not-saved")
        except Exception as e:  # anything else while writing (e.g. an unencodable character): shown, data kept
            traceback.print_exc()
            return "failed", alert_html(tr("save_failed", lang) + f"{type(e).__name__}: {e}", "gw-not-saved")
        return "saved", esc(f"{tr('saved', lang)} {datetime.now():%H:%M:%S} → {self.path}")

    def theirs(self) -> Draft:
        """The draft on disk, which the next save will stand on."""
        d = load_draft(self.path)
        self.revision = d.revision
        return d


class ConflictBox(w.VBox):
    """Shown after a refused save: the message and three buttons (built when first shown, to open faster)."""

    def __init__(self, on_choice: Callable[[str], None], lang: str = "zh", **kwargs):
        super().__init__(layout=w.Layout(display="none", border=f"2px solid {RED}", padding="4px"), **kwargs)
        self.add_class("gw-conflict")
        self._on_choice = on_choice
        self.lang = lang
        self.buttons: dict[str, w.Button] = {}

    def show(self, visible: bool) -> None:
        if visible and not self.buttons:
            self.buttons = {k: w.Button(layout=w.Layout(width="auto")) for k in CHOICES}
            for k, b in self.buttons.items():
                b.on_click(lambda _b, k=k: self._on_choice(k))
                b.add_class("gw-conflict-" + k)
            self.children = [w.HTML(), *self.buttons.values()]
            self.relabel(self.lang)
        self.layout.display = "flex" if visible else "none"

    def relabel(self, lang: str) -> None:
        self.lang = lang
        if self.buttons:
            self.children[0].value = alert_html(tr("conflict", lang))
            for k, b in self.buttons.items():
                b.description = tr(k, lang)
