"""ReportEditor: the drafting workflow. It owns the one Report; its parts are small widgets, each in its own
module: the meta bar (_meta), the sections with fees and tables (_sections, _fees, _table), the findings
(_findings), the export bar (_export_bar, _consolidate) and the draft with its conflict box (_autosave)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ..escape import esc
from ..model import Report, clean_text
from ._autosave import ConflictBox, DraftKeeper, find_draft
from ._consolidate import ExcelPanel
from ._draft import Draft, DraftConflict, draft_path, merge_edits, switch_form
from ._export_bar import ExportBar, export_report
from ._findings import FindingsView, check
from ._guard import ConnectionGuard
from ._meta import MetaBar
from ._sections import Sections
from ._table import TABLES, FormTable, apply_values, auto_totals
from ._ui import alert_html, status_html, tr
from ._upload import carry_over

__all__ = ["ReportEditor", "carry_over"]


class _EditorTable(FormTable):
    """A table inside the editor: it holds values and issues; its report is always the editor's."""

    def __init__(self, editor: ReportEditor, table: str):
        self._editor = editor
        super().__init__(editor.report, table, editor.previous, lang=editor.lang, on_edit=editor._on_table_edit)

    @property
    def report(self) -> Report:
        return self._editor.report

    @report.setter
    def report(self, report: Report) -> None:
        self._editor.set_report(report)


class ReportEditor(w.VBox):
    """The whole drafting workflow: meta, the six sections, the three tables, live checks, autosave, export.

    Parameters
    ----------
    report : Report, optional
        The report to edit (default: an empty one).
    previous : Report, optional
        Last year's report: the cross-year checks (X-01, X-02) read it.
    draft : path, optional
        The draft file that every change is saved to (atomically). ``None``: the default path
        from :func:`draft_path`; ``False``: no autosave.
    lang : str
        ``"zh"`` (default) or ``"en"``.

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> ed = ReportEditor(load_example("000"), draft=False)
    >>> ed.tables["t3"].values["t3.new_received.total"]
    0
    """

    def __init__(
        self, report: Report | None = None, previous: Report | None = None, draft=None, lang: str = "zh", **kwargs
    ):
        super().__init__(**kwargs)
        self.add_class("gw-editor")
        r = self._report = auto_totals((report or Report.new()).filled())
        self._previous = previous
        self.lang = lang
        self.findings: list[dict] = []
        path = None if draft is False else Path(draft) if draft else draft_path(r.meta.agency, r.meta.year)
        self.keeper = DraftKeeper(path)
        self._build()
        self._changed(save=False)
        if r.meta.year is not None and self.year.value != r.meta.year:
            self._say(alert_html(tr("bad_year", lang) + str(r.meta.year)[:20]))

    # ---- constructors ------------------------------------------------------------------------
    @classmethod
    def resume(
        cls, agency: str, year: int, previous: Report | None = None, form: str | None = None, directory=None, lang="zh"
    ) -> ReportEditor:
        """Reopen the draft of ``agency``/``year`` if there is one, else start a new report.

        A new report is started from ``previous`` (last year's) when it is given: see :func:`carry_over`.
        """
        path, d, damaged = find_draft(agency, year, directory)
        if d is not None:
            return cls._restored(d, path, previous, lang)
        report = Report.new(agency=agency, year=year, form=form)
        if previous is not None:
            report = carry_over(report, previous)
        ed = cls(report, previous, draft=path if damaged is None or damaged[1] else False, lang=lang)
        # written only if still absent: another kernel opening the same new draft at the same moment (two tabs,
        # or Voila's preheated kernel running the notebook beside the page's) wins, and this one restores it,
        # instead of both writing and the first one's saves being refused as a conflict ever after
        ed.keeper.revision = 0
        try:
            ed.save()
        except DraftConflict as c:
            if c.theirs is not None:
                return cls._restored(c.theirs, path, previous, lang)
            ed.keeper.revision = None
            ed._autosave()
        except Exception:
            ed.keeper.revision = None
            ed._autosave()  # an unwritable folder: the editor opens all the same, with a visible warning
        if damaged is not None:
            e, aside = damaged
            ed._say(alert_html(tr("damaged", lang).format(aside=aside or path) + f" {e}", "gw-not-saved"))
        return ed

    @classmethod
    def _restored(cls, d: Draft, path: Path, previous: Report | None, lang: str) -> ReportEditor:
        """An editor on a draft read from ``path`` (nothing is written until the first change)."""
        ed = cls(d.report, d.previous if d.previous is not None else previous, draft=path, lang=lang)
        ed.keeper.restored(d, ed.report)
        ed._say(f"{tr('restored', lang)} {esc(str(path))}")
        return ed

    # ---- public -------------------------------------------------------------------------------
    @property
    def report(self) -> Report:
        """The report as edited so far (every table and view shows this one)."""
        return self._report

    @property
    def previous(self) -> Report | None:
        return self._previous

    @property
    def draft_path(self) -> Path | None:
        return self.keeper.path

    @property
    def fee_inputs(self) -> dict:
        return self.sections.fees.inputs

    def set_report(self, report: Report, previous: Report | None | bool = False) -> None:
        """Replace the report being edited (and, if given, last year's)."""
        if previous is not False:
            self._previous = previous
        self._report = auto_totals(report.filled())
        self._refresh_inputs()
        self._changed()

    def start_from(self, previous: Report) -> None:
        """Start from last year's report: carry its agency data and 四 into 二 (see :func:`carry_over`)."""
        report = carry_over(self._report, previous)
        if report.meta.form != self._report.meta.form:
            report = report.with_meta(form=self._report.meta.form)
        self.set_report(report, previous)

    def save(self) -> Path | None:
        """Write the draft now (it is also written after every change)."""
        path = self.keeper.save(self._report, self._previous)
        self.conflict_box.show(False)
        return path

    def export(self, kind: str, path=None) -> Path:
        """Export to ``docx``, ``html``, ``md`` or ``json`` in ``exports/`` beside the draft (or to ``path``)."""
        base = self.draft_path or Path("drafts") / "report.json"
        return export_report(
            self._report, kind, Path(path) if path else base.parent / "exports" / f"{base.stem}.{kind}"
        )

    def resolve_conflict(self, choice: str) -> None:
        """After a refused save: ``"merge"`` (this page's edits on top of the other version), ``"reload"``
        (take the other version) or ``"overwrite"`` (keep this page's version)."""
        if choice not in ("merge", "reload", "overwrite"):
            raise ValueError(f"unknown choice {choice!r}")
        theirs = self.keeper.theirs()
        if choice == "overwrite":
            self._autosave()
        elif choice == "reload":
            self.keeper.stash, self.keeper.base = dict(theirs.stash or {}), theirs.report
            self.set_report(theirs.report, theirs.previous if theirs.previous is not None else self._previous)
        else:
            self.set_report(merge_edits(theirs.report, self.keeper.base or Report.new(), self._report))

    # ---- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        lang = self.lang
        self.title = w.HTML()
        self.meta = MetaBar(self._report, self._on_meta, self.start_from, lang=lang)
        m = self.meta
        self.lang_toggle, self.agency, self.year, self.form_version, self.kind = (
            m.lang_toggle,
            m.agency,
            m.year,
            m.form_version,
            m.kind,
        )
        self.upload, self.upload_msg = m.last_year.upload, m.last_year.msg
        self.lang_toggle.observe(self._on_lang, "value")
        self.tables = {key: _EditorTable(self, key) for key in TABLES}
        self.sections = Sections(self._report, self.tables, self._on_text, self._on_fee)
        self.section_text, self.section_heads, self.section_boxes = (
            self.sections.text,
            self.sections.heads,
            self.sections.boxes,
        )
        self.view = FindingsView(self._on_focus, lang)
        self.panel, self.prose = self.view.panel, self.view.prose
        self.export_bar = ExportBar(self.export, lang)
        self.export_buttons, self.export_out = self.export_bar.buttons, self.export_bar.out
        self.excel = ExcelPanel(self)  # XLSX in and out, 汇总下级单位 (widgets/_consolidate.py)
        self.export_bar.children += (self.excel,)
        self.status = w.HTML()
        self.conflict_box = ConflictBox(self.resolve_conflict, lang)
        # The form on the left; the findings, the prose check and export beside it, kept in view while
        # scrolling (table.css: .gw-side is sticky). Where the two do not fit side by side (JupyterLab with
        # its file browser open, a laptop screen) the side column docks at the bottom of the window instead.
        main = w.VBox([m, self.sections], layout=w.Layout(flex="1 1 860px", min_width="0"))
        main.add_class("gw-main")
        parts = {**self.view.parts, "export": self.export_bar, "status": self.status, "conflict": self.conflict_box}
        for name, part in parts.items():
            part.add_class(f"gw-side-{name}")
        side = w.VBox(list(parts.values()), layout=w.Layout(flex="0 1 26em", min_width="18em"))
        side.add_class("gw-side")
        body = w.HBox([main, side], layout=w.Layout(align_items="flex-start", width="100%"))
        body.add_class("gw-editor-body")
        self.guard = ConnectionGuard(key=str(self.draft_path or ""), lang=lang)
        self.children = [self.title, self.guard, body]
        self._show_fee_warning(self.sections.show(self._report))
        self._relabel()

    def _relabel(self) -> None:
        self.title.value = f"<h3 style='margin:4px 0'>{esc(tr('title', self.lang))}</h3>"
        for part in (self.meta, self.sections, self.view, self.export_bar, self.conflict_box):
            part.relabel(self.lang)

    def _say(self, inner_html: str) -> None:
        self.status.value = status_html(inner_html)

    def _show_fee_warning(self, bad: list) -> None:
        if bad:
            self._say(alert_html(tr("bad_fee", self.lang) + str(bad[0])[:40]))

    # ---- events ------------------------------------------------------------------------------
    def _on_lang(self, change) -> None:
        self.lang = change["new"]
        for tw in self.tables.values():
            tw.lang = self.lang
        self.guard.lang = self.lang
        self._relabel()
        self._show_findings()

    def _on_meta(self, field: str, value) -> None:
        if field == "form":
            self._switch_form(value)
            return
        if field == "agency":  # only the field that changed: a clamped year is never written back unasked
            self._report = self._report.with_meta(agency=clean_text(value.strip()))
        elif field == "year":
            self._report = self._report.with_meta(year=int(value))
        else:
            self._report = self._report.with_meta(kind=value)
        self._changed()

    def _switch_form(self, key: str) -> None:
        report, moved = switch_form(self._report, key, self.keeper.stash)
        self._report = auto_totals(report)
        self._refresh_inputs()
        self._changed()
        if moved:
            self._say(esc(tr("form_moved", self.lang).format(n=moved)))

    def _on_table_edit(self, tw: FormTable, values: dict, manual: list) -> None:
        merged = apply_values(self._report, values, manual)
        if merged is self._report:  # nothing changed: answer this edit number all the same
            tw.show_findings(self.findings)
            return
        self._report = auto_totals(merged)
        self._changed()

    def _on_text(self, key: str, text: str) -> None:
        clean = clean_text(text)
        self._report = self._report.with_sections(**{key: clean})
        self._changed()
        if clean != text:
            self._say(f"<span style='color:#b00020'>{esc(tr('surrogate', self.lang))}</span>")

    def _on_fee(self, key: str, value) -> None:
        self._report = self._report.with_fees(**{key: value})
        self._changed()

    def _on_upload(self, change) -> None:
        """An upload of last year's report (``{"new": [{"name", "content"}]}``, as from a FileUpload)."""
        if change["new"]:
            f = change["new"][0]
            self.meta.last_year.receive(f["name"], f["content"])

    def _on_focus(self, cells, table) -> None:
        for key, tw in self.tables.items():
            mine = [c for c in cells if c.startswith(key + ".")]
            if mine:
                tw.focus_cells(mine)
                return
        for key, ta in self.section_text.items():
            if table == "text" and key in (cells or [key]):
                ta.focus()  # ipywidgets >= 8

    # ---- state -------------------------------------------------------------------------------
    def _refresh_inputs(self) -> None:
        r = self._report
        self.meta.show(r)
        self._show_fee_warning(self.sections.show(r))
        for tw in self.tables.values():
            tw.set_report(r, self._previous)

    def _changed(self, save: bool = True) -> None:
        """After every change: check, show, then save the draft (a rule that throws is caught: nothing is lost).

        The findings go out before the draft is written (an fsync costs more than all the rules),
        so the browser's highlight is confirmed sooner; the save follows in the same step.
        """
        try:
            self.findings = check(self._report, self._previous)
            self._show_findings()
        finally:
            if save:
                self._autosave()

    def _autosave(self) -> None:
        """Save the draft and say so; a failure or a conflict is shown, never raised (the data stays here)."""
        outcome, note = self.keeper.autosave(self._report, self._previous, self.lang)
        if outcome == "off":
            return
        self.conflict_box.show(outcome == "conflict")
        self._say(note)

    def _show_findings(self) -> None:
        for tw in self.tables.values():
            tw.show_findings(self.findings)
        self.view.show(self.findings)
        self.sections.update(self._report)
