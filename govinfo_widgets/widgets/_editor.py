"""ReportEditor: the drafting workflow, composed of small widgets (tables, text areas, issues, export)."""

from __future__ import annotations

import base64
import json
import traceback
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import ipywidgets as w

from .._atomic import atomic_write_text
from ..errors import GovinfoError
from ..escape import esc
from ..limits import LIMITS
from ..model import YEAR_RANGE, Cell, Report, clean_text
from ..rules import evaluate
from ..rules.plausibility import plausibility
from ..schema import C7, FORM_KEYS, get_form, normalise_label
from ._consolidate import ExcelPanel
from ._draft import Draft, DraftConflict, draft_path, is_file, load_draft, merge_edits, save_draft
from ._guard import ConnectionGuard, SafeUpload
from ._issues import IssuesPanel
from ._strings import GUIDE as _GUIDE
from ._strings import TEXT as _T
from ._table import TABLES, FormTable, apply_values, auto_totals

_SECTION_TABLE = {"s2_proactive": "t2", "s3_requests": "t3", "s4_review_litigation": "t4"}
_TEXT_SECTIONS = ("s1_overview", "s5_problems", "s6_other")
_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
    "json": "application/json",
}


def carry_over(report: Report, previous: Report) -> Report:
    """This year's report started from last year's: agency data carried, 二、上年结转 = last year's 四.

    Column by column, ``t3.carried_over.<col>`` takes last year's ``t3.carried_forward.<col>``
    (blank there: left as it is). Agency, kind, level and region come from last year.

    Examples
    --------
    >>> from govinfo_widgets import Report, load_example
    >>> r = carry_over(Report.new(year=2024), load_example("000"))
    >>> r.meta.agency, r.value("t3.carried_over.total")
    ('攀枝花市东区民政局', 0)
    """
    pm = previous.meta
    meta = {k: getattr(pm, k) for k in ("agency", "kind", "level", "region") if getattr(pm, k)}
    if report.meta.year is None and pm.year is not None:
        meta["year"] = pm.year + 1
    out = report.with_meta(**meta)
    src = f"上年报告「四、结转下年度继续办理」/ last year's carried forward ({previous.key})"
    cells = {}
    for col in C7:
        v = previous.value(f"t3.carried_forward.{col}")
        if v is not None and out.form.has_cell(f"t3.carried_over.{col}"):
            cells[f"t3.carried_over.{col}"] = Cell(v, "entered", source=src)
    return out.with_cells(cells)


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
        self._report = auto_totals((report or Report.new()).filled())
        self._previous = previous
        self._stash: dict = {}
        self._revision: int | None = None  # the draft revision this editor last read or wrote
        self._base: Report | None = None  # the report as of that revision (what a merge compares with)
        self._busy = True
        self.draft_path = (
            None
            if draft is False
            else Path(draft)
            if draft
            else draft_path(self._report.meta.agency, self._report.meta.year)
        )
        self.lang = lang
        self.findings: list[dict] = []
        self._build()
        self._busy = False
        self._changed(save=False)
        if self._report.meta.year is not None and self.year.value != self._report.meta.year:
            self.status.value = self._status(
                f"<b style='color:#b00020'>{esc(self._t('bad_year') + str(self._report.meta.year)[:20])}</b>"
            )

    # ---- constructors ------------------------------------------------------------------------
    @classmethod
    def resume(
        cls,
        agency: str,
        year: int,
        previous: Report | None = None,
        form: str | None = None,
        directory=None,
        lang: str = "zh",
    ) -> ReportEditor:
        """Reopen the draft of ``agency``/``year`` if there is one, else start a new report.

        A new report is started from ``previous`` (last year's) when it is given: see :func:`carry_over`.
        """
        path = draft_path(agency, year, directory)
        legacy = path.with_name(f"{(agency or 'report')[:80]}_{year or 'new'}.json")  # names before the hash
        if not path.exists() and legacy != path and "/" not in agency and is_file(legacy):
            try:
                if load_draft(legacy).report.meta.agency == agency:
                    path = legacy
            except GovinfoError:
                pass
        damaged = None
        if is_file(path):
            try:
                d = load_draft(path)
            except GovinfoError as e:  # kept aside, never overwritten; the editor opens all the same
                damaged = (e, path.with_name(f"{path.stem}.damaged-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}"))
                try:
                    path.replace(damaged[1])
                except OSError:
                    damaged = (e, None)
            else:
                return cls._restored(d, path, previous, lang)
        report = Report.new(agency=agency, year=year, form=form)
        if previous is not None:
            report = carry_over(report, previous)
        ed = cls(report, previous, draft=path if damaged is None or damaged[1] else False, lang=lang)
        # written only if still absent: another kernel opening the same new draft at the same moment (two tabs,
        # or Voila's preheated kernel running the notebook beside the page's) wins, and this one restores it,
        # instead of both writing and the first one's saves being refused as a conflict ever after
        ed._revision = 0
        try:
            ed.save()
        except DraftConflict as c:
            if c.theirs is not None:
                return cls._restored(c.theirs, path, previous, lang)
            ed._revision = None
            ed._autosave()
        except Exception:
            ed._revision = None
            ed._autosave()  # an unwritable folder: the editor opens all the same, with a visible warning
        if damaged is not None:
            e, aside = damaged
            note = ed._t("damaged").format(aside=aside or path) + f" {e}"
            ed.status.value = ed._status(f"<b class='gw-not-saved' style='color:#b00020'>{esc(note)}</b>")
        return ed

    @classmethod
    def _restored(cls, d: Draft, path: Path, previous: Report | None, lang: str) -> ReportEditor:
        """An editor on a draft read from ``path`` (nothing is written until the first change)."""
        ed = cls(d.report, d.previous if d.previous is not None else previous, draft=path, lang=lang)
        ed._stash = dict(d.stash or {})
        ed._revision, ed._base = d.revision, ed._report
        ed.status.value = ed._status(f"{ed._t('restored')} {esc(str(path))}")
        return ed

    # ---- public -------------------------------------------------------------------------------
    @property
    def report(self) -> Report:
        """The report as edited so far."""
        return self._report

    @property
    def previous(self) -> Report | None:
        return self._previous

    def set_report(self, report: Report, previous: Report | None | bool = False) -> None:
        """Replace the report being edited (and, if given, last year's)."""
        if previous is not False:
            self._previous = previous
        self._report = auto_totals(report.filled())
        self._refresh_inputs()
        self._changed()

    def start_from(self, previous: Report) -> None:
        """Start from last year's report: carry its agency data and 四 into 二 (see :func:`carry_over`)."""
        self._previous = previous
        report = carry_over(self._report, previous)
        if report.meta.form != self._report.meta.form:
            report = report.with_meta(form=self._report.meta.form)
        self._report = auto_totals(report)
        self._refresh_inputs()
        self._changed()

    def save(self) -> Path | None:
        """Write the draft now (it is also written after every change)."""
        if self.draft_path is None:
            return None
        d = save_draft(self.draft_path, self._report, self._previous, self._stash, expect=self._revision)
        self._revision, self._base = d.revision, self._report
        self.conflict_box.layout.display = "none"
        return self.draft_path

    def export(self, kind: str, path=None) -> Path:
        """Export to ``docx``, ``html``, ``md`` or ``json`` in ``exports/`` beside the draft (or to ``path``)."""
        from .. import export as ex  # the exporters load python-docx: only when asked

        if kind not in _MIME:
            raise GovinfoError(f"不支持的导出格式「{kind}」", f"unknown export format {kind!r}")
        base = self.draft_path or Path("drafts") / "report.json"
        path = Path(path) if path else base.parent / "exports" / f"{base.stem}.{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        r = self._report
        if kind == "docx":
            ex.to_docx(r, path)
        elif kind == "html":
            atomic_write_text(path, ex.to_html(r))
        elif kind == "md":
            atomic_write_text(path, ex.to_markdown(r))
        else:
            r.to_json(path)
        return path

    # ---- building ----------------------------------------------------------------------------
    def _t(self, key: str) -> str:
        zh, en = _T[key]
        return en if self.lang == "en" else zh

    def _status(self, text_html: str) -> str:
        return f'<div class="gw-status" style="font-size:12px;color:#555">{text_html}</div>'

    def _build(self) -> None:
        r = self._report
        lay = w.Layout(width="auto")
        self.title = w.HTML()
        self.lang_toggle = w.ToggleButtons(
            options=[("中文", "zh"), ("English", "en")], value=self.lang, style={"button_width": "70px"}
        )
        self.lang_toggle.observe(self._on_lang, "value")
        self.agency = w.Text(value=r.meta.agency, layout=w.Layout(width="28em"))
        year = r.meta.year if isinstance(r.meta.year, int) and YEAR_RANGE[0] <= r.meta.year <= YEAR_RANGE[1] else None
        self.year = w.BoundedIntText(
            value=year or datetime.now().year - 1, min=YEAR_RANGE[0], max=YEAR_RANGE[1], layout=w.Layout(width="7em")
        )
        self.form_version = w.Dropdown(options=[(get_form(k).name["zh"], k) for k in FORM_KEYS], value=r.meta.form)
        self.kind = w.Dropdown(
            options=[("—", None), ("人民政府", "government"), ("政府部门", "department")],
            value=r.meta.kind if r.meta.kind in ("government", "department") else None,
        )
        for wd in (self.agency, self.year, self.form_version, self.kind):
            wd.observe(self._on_meta, "value")
        self.upload = SafeUpload(
            accept=".json,.html,.htm,.txt,.md,.docx,.pdf",
            lang=self.lang,
            on_file=lambda name, content: self._on_upload({"new": [{"name": name, "content": content}]}),
        )
        self.upload_msg = w.HTML()
        self.tables = {}
        self.section_text = {}
        self.section_boxes = {}
        for key in TABLES:
            self.tables[key] = FormTable(r, key, self._previous, lang=self.lang, on_edit=self._on_table_edit)
        for key in _TEXT_SECTIONS:
            ta = w.Textarea(
                value=r.sections.get(key, ""), layout=w.Layout(width="100%", height="9em"), continuous_update=True
            )
            ta.observe(self._on_text, "value")
            ta.add_class("gw-section-" + key)
            self.section_text[key] = ta
        self.aspects = w.HTML()
        self.insert_aspects = w.Button()  # no icon: icons need Font Awesome, which a CDN would serve
        self.insert_aspects.on_click(self._on_insert_aspects)
        self.fee_inputs = {}
        self.prose = w.HTML()
        self.panel = IssuesPanel(on_focus=self._on_focus, lang=self.lang)
        self.export_buttons = {
            k: w.Button(description="⤓ " + k.upper(), layout=w.Layout(width="8em"))
            for k in ("docx", "html", "md", "json")
        }
        for k, b in self.export_buttons.items():
            b.on_click(lambda _b, k=k: self._on_export(k))
            b.add_class("gw-export-" + k)
        self.export_out = w.HTML()
        self.status = w.HTML()
        self.conflict_msg = w.HTML()
        self.conflict_buttons = {k: w.Button(layout=w.Layout(width="auto")) for k in ("merge", "reload", "overwrite")}
        for k, b in self.conflict_buttons.items():
            b.on_click(lambda _b, k=k: self.resolve_conflict(k))
            b.add_class("gw-conflict-" + k)
        self.conflict_box = w.VBox(
            [self.conflict_msg, *self.conflict_buttons.values()],
            layout=w.Layout(display="none", border="2px solid #b00020", padding="4px"),
        )
        self.conflict_box.add_class("gw-conflict")
        self.meta_labels = {k: w.HTML() for k in ("agency", "year", "form", "kind", "lang", "last_year", "export")}
        self._layout_children(lay)
        self._relabel()

    def _layout_children(self, lay) -> None:
        m = self.meta_labels
        meta = w.VBox(
            [
                w.HBox([m["agency"], self.agency, m["year"], self.year]),
                w.HBox([m["form"], self.form_version, m["kind"], self.kind, m["lang"], self.lang_toggle]),
                w.HBox([m["last_year"], self.upload, self.upload_msg]),
            ]
        )
        self.section_heads = {}
        sections = []
        self.fee_box = w.VBox()
        for s in self._report.form.sections:
            key = s["key"]
            head = w.HTML()
            self.section_heads[key] = head
            parts = [head]
            if key in _SECTION_TABLE:
                parts.append(self.tables[_SECTION_TABLE[key]])
            elif key == "s1_overview":
                parts += [w.HBox([self.aspects, self.insert_aspects]), self.section_text[key]]
            elif key == "s6_other":
                parts += [self.fee_box, self.section_text[key]]
            else:
                parts.append(self.section_text[key])
            box = w.VBox(parts)
            box.add_class("gw-section")
            self.section_boxes[key] = box
            sections.append(box)
        self._build_fees()
        self.prose_head, self.issues_head = w.HTML(), w.HTML()
        exports = w.VBox([m["export"], w.HBox(list(self.export_buttons.values())), self.export_out])
        self.excel = ExcelPanel(self)  # XLSX in and out, 汇总下级单位 (widgets/_consolidate.py)
        exports.children += (self.excel,)
        exports.layout.flex = "0 0 auto"  # the side column shrinks the findings list, not the buttons
        # The form on the left; the findings, the prose check and export beside it, kept in view while
        # scrolling (table.css: .gw-side is sticky). Where the two do not fit side by side (JupyterLab with
        # its file browser open, a laptop screen) the side column docks at the bottom of the window instead.
        main = w.VBox([meta, *sections], layout=w.Layout(flex="1 1 860px", min_width="0"))
        main.add_class("gw-main")
        parts = {
            "ihead": self.issues_head,
            "issues": self.panel,
            "phead": self.prose_head,
            "prose": self.prose,
            "export": exports,
            "status": self.status,
            "conflict": self.conflict_box,
        }
        for name, part in parts.items():
            part.add_class(f"gw-side-{name}")
        side = w.VBox(list(parts.values()), layout=w.Layout(flex="0 1 26em", min_width="18em"))
        side.add_class("gw-side")
        body = w.HBox([main, side], layout=w.Layout(align_items="flex-start", width="100%"))
        body.add_class("gw-editor-body")
        self.guard = ConnectionGuard(key=str(self.draft_path or ""), lang=self.lang)
        self.children = [self.title, self.guard, body]

    def _build_fees(self) -> None:
        form = self._report.form
        items = form.s6_items if form.key == "gov_2021" else []
        self.fee_inputs = {}
        rows = []
        for it in items:
            v = self._report.fees.get(it["key"])
            cls = w.IntText if it.get("type") == "int" else w.FloatText
            ok = (
                isinstance(v, int | float) and not isinstance(v, bool) and (cls is w.FloatText or float(v).is_integer())
            )
            if v is not None and not ok:  # a fee from a file that is not a number: shown as 0, said so
                self.status.value = self._status(
                    f"<b style='color:#b00020'>{esc(self._t('bad_fee') + str(v)[:40])}</b>"
                )
            box = cls(value=(int(v) if cls is w.IntText else v) if ok else 0, layout=w.Layout(width="10em"))
            box.observe(self._on_fee, "value")
            self.fee_inputs[it["key"]] = box
            rows.append(w.HBox([w.HTML(), box, w.HTML(esc(it["unit"]))]))
        self.fee_box.children = ([w.HTML()] if rows else []) + rows

    def _relabel(self) -> None:
        en = self.lang == "en"
        form = self._report.form
        self.title.value = f"<h3 style='margin:4px 0'>{esc(self._t('title'))}</h3>"
        for k, lab in self.meta_labels.items():
            lab.value = f"<b style='padding:0 6px'>{esc(self._t(k))}</b>"
        busy, self._busy = self._busy, True
        kind = self.kind.value
        self.kind.options = [
            (self._t("unknown"), None),
            (self._t("government"), "government"),
            (self._t("department"), "department"),
        ]
        self.kind.value = kind
        self._busy = busy
        self.upload.description = self._t("last_year")
        self.conflict_msg.value = f"<b style='color:#b00020'>{esc(self._t('conflict'))}</b>"
        for k, b in self.conflict_buttons.items():
            b.description = self._t(k)
        self.upload_msg.value = f"<small>{esc(self._t('last_year_help'))}</small>"
        self.insert_aspects.description = self._t("insert")
        self.insert_aspects.layout.width = "auto"
        for s in form.sections:
            title = s["title_en"] if en else f"{s['no']}、{s['title']}"
            g = _GUIDE[s["key"]][1 if en else 0]
            self.section_heads[
                s["key"]
            ].value = (
                f"<h4 style='margin:10px 0 2px'>{esc(title)}</h4><div style='font-size:12px;color:#555'>{esc(g)}</div>"
            )
        if self.fee_box.children:
            self.fee_box.children[0].value = f"<b>{esc(self._t('fees'))}</b>"
            for it, row in zip([i for i in form.s6_items], self.fee_box.children[1:]):
                row.children[
                    0
                ].value = (
                    f"<span style='display:inline-block;width:12em'>{esc(it['label_en'] if en else it['label'])}</span>"
                )
        self.prose_head.value = f"<h4 style='margin:10px 0 2px'>{esc(self._t('prose'))}</h4>"
        self.issues_head.value = f"<h4 style='margin:10px 0 2px'>{esc(self._t('issues'))}</h4>"
        self._show_aspects()

    # ---- events ------------------------------------------------------------------------------
    def _on_lang(self, change) -> None:
        self.lang = change["new"]
        for tw in self.tables.values():
            tw.lang = self.lang
        self.panel.lang = self.lang
        self.guard.lang = self.upload.lang = self.lang
        self._relabel()
        self._show_findings()

    def _on_meta(self, change) -> None:
        if self._busy:
            return
        if change["owner"] is self.form_version:
            self._switch_form(change["new"])
            return
        owner = change["owner"]  # only the field that changed: a clamped year is never written back unasked
        if owner is self.agency:
            self._report = self._report.with_meta(agency=clean_text(self.agency.value.strip()))
        elif owner is self.year:
            self._report = self._report.with_meta(year=int(self.year.value))
        else:
            self._report = self._report.with_meta(kind=self.kind.value)
        self._changed()

    def _switch_form(self, key: str) -> None:
        old = self._report
        new_form = get_form(key)
        keep = {a: c for a, c in old.cells.items() if new_form.has_cell(a)}
        moved = {
            a: [c.value, c.status, c.raw, c.source, c.note] for a, c in old.cells.items() if not new_form.has_cell(a)
        }
        self._stash.setdefault(old.meta.form, {}).update(moved)
        back = {}
        for a, v in self._stash.pop(key, {}).items():
            try:
                if new_form.has_cell(a):
                    back[a] = Cell(*v)
            except (TypeError, ValueError):  # a set-aside cell damaged in the draft file: left out
                continue
        self._report = replace(old, meta=replace(old.meta, form=key), cells={**keep, **back}).filled()
        self._report = auto_totals(self._report)
        self._refresh_inputs()
        self._changed()
        if moved:
            self.status.value = self._status(esc(self._t("form_moved").format(n=len(moved))))

    def _on_table_edit(self, tw: FormTable, values: dict, manual: list) -> None:
        merged = apply_values(self._report, values, manual)
        if merged is self._report:  # nothing changed: answer this edit number all the same
            tw.show_findings(self.findings)
            return
        new = self._report = auto_totals(merged)
        tw._report = new
        self._changed(edited=tw)

    def _on_text(self, change) -> None:
        if self._busy:
            return
        key = next(k for k, ta in self.section_text.items() if ta is change["owner"])
        text = clean_text(change["new"])
        self._report = self._report.with_sections(**{key: text})
        self._changed()
        if text != change["new"]:
            self.status.value = self._status(f"<span style='color:#b00020'>{esc(self._t('surrogate'))}</span>")

    def _on_fee(self, change) -> None:
        if self._busy:
            return
        key = next(k for k, b in self.fee_inputs.items() if b is change["owner"])
        self._report = self._report.with_fees(**{key: change["new"]})
        self._changed()

    def _on_insert_aspects(self, _b) -> None:
        ta = self.section_text["s1_overview"]
        have = normalise_label(ta.value)
        nums = "一二三四五"
        add = [
            f"（{nums[i]}）{a['label']}\n"
            for i, a in enumerate(self._report.form.s1_aspects)
            if not any(k in have for k in (a["label"], *a.get("variants", ())))
        ]
        if add:
            ta.value = (ta.value.rstrip() + "\n" if ta.value.strip() else "") + "\n".join(add)

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        name, size = f["name"], len(f["content"])
        if size > LIMITS.max_input_bytes:
            msg = self._t("too_big").format(n=size, max=LIMITS.max_input_bytes)
            self.upload_msg.value = f"<span style='color:#b00020'>{esc(msg)}</span>"
            return
        content = bytes(f["content"])
        try:
            prev = self._read_previous(name, content)
        except Exception as e:  # a bad upload is reported, the draft is untouched
            msg = str(e) if isinstance(e, GovinfoError) else f"无法读取「{name}」：{e} / cannot read {name}: {e}"
            self.upload_msg.value = f"<span style='color:#b00020'>{esc(msg)}</span>"
            return
        self.start_from(prev)
        self.upload_msg.value = f"<span style='color:#2e7d32'>✓ {esc(prev.meta.agency)} {esc(prev.meta.year)}</span>"
        missing = [t for t in ("t2", "t3", "t4") if not any(a.startswith(t + ".") for a in prev.cells)]
        if missing:
            names = "、".join("表" + "二三四"[int(t[1]) - 2] for t in missing)
            names_en = ", ".join(f"Table {t[1]}" for t in missing)
            self.upload_msg.value += (
                f" <span class='gw-upload-missing' style='color:#b00020'>"
                f"{esc(self._t('missing_tables').format(zh=names, en=names_en))}</span>"
            )

    @staticmethod
    def _read_previous(name: str, content: bytes) -> Report:
        text = content.decode("utf-8-sig", errors="strict") if name.lower().endswith(".json") else None
        if text is not None:
            data = json.loads(text)
            if data.get("format") == "govinfo-draft":
                return Report.from_dict(data["report"])
            return Report.from_dict(data)
        from ..io import read_report

        return read_report(content)

    def _on_focus(self, cells, table) -> None:
        for key, tw in self.tables.items():
            mine = [c for c in cells if c.startswith(key + ".")]
            if mine:
                tw.focus_cells(mine)
                return
        for key, ta in self.section_text.items():
            if table == "text" and key in (cells or [key]):
                ta.focus()  # ipywidgets >= 8

    def _on_export(self, kind: str) -> None:
        try:
            path = self.export(kind)
        except Exception as e:
            msg = str(e) if isinstance(e, GovinfoError) else f"导出失败：{e} / export failed: {e}"
            self.export_out.value = f"<span style='color:#b00020'>{esc(msg)}</span>"
            return
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        name = esc(path.name)
        self.export_out.value = (
            f"<span>{esc(self._t('exported'))} {esc(str(path))} · "
            f"<a class='gw-download gw-download-{esc(kind)}' download='{name}' href='data:{_MIME[kind]};base64,{data}'>"
            f"{esc(self._t('download'))} {name}</a></span>"
        )

    # ---- state -------------------------------------------------------------------------------
    def _refresh_inputs(self) -> None:
        r = self._report
        self._busy = True
        try:
            self.agency.value = r.meta.agency
            if isinstance(r.meta.year, int) and YEAR_RANGE[0] <= r.meta.year <= YEAR_RANGE[1]:
                self.year.value = r.meta.year
            self.form_version.value = r.meta.form
            self.kind.value = r.meta.kind if r.meta.kind in ("government", "department") else None
            for k, ta in self.section_text.items():
                ta.value = r.sections.get(k, "")
            self._build_fees()
            self._relabel()
        finally:
            self._busy = False
        for tw in self.tables.values():
            tw.set_report(r, self._previous)

    def _changed(self, save: bool = True, edited: FormTable | None = None) -> None:
        """After every change: check, show, then save the draft (a rule that throws is caught: nothing is lost).

        The findings go out before the draft is written (an fsync costs more than all the rules),
        so the browser's highlight is confirmed sooner; the save follows in the same step.
        """
        try:
            try:
                self.findings = evaluate(self._report, self._previous).records
                self.findings += plausibility(self._report, self._previous).records  # A-01…A-03, need history
            except Exception as e:  # a rule that throws: report it, keep the data
                self.findings = [
                    {
                        "rule": "ENGINE",
                        "severity": "error",
                        "status": "not_assessable",
                        "table": "all",
                        "cells": (),
                        "message": _T["check_failed"][0] + f"{type(e).__name__}: {e}",
                        "message_en": _T["check_failed"][1] + f"{type(e).__name__}: {e}",
                    }
                ]
                traceback.print_exc()
            self._show_findings()
        finally:
            if save:
                self._autosave()

    def _autosave(self) -> None:
        """Save the draft and say so; a failure or a conflict is shown, never raised (the data stays here)."""
        if self.draft_path is None:
            return
        try:
            self.save()
        except DraftConflict:
            self.conflict_box.layout.display = "flex"
            self.status.value = self._status(
                f"<b class='gw-not-saved' style='color:#b00020'>{esc(self._t('conflict'))}</b>"
            )
            return
        except OSError as e:
            key = "save_failed" if self._revision is not None else "not_saving"
            why = f"{e.strerror or e}: {e.filename or self.draft_path}"
            self.status.value = self._status(
                f"<b class='gw-not-saved' style='color:#b00020'>{esc(self._t(key) + why)}</b>"
            )
            return
        except Exception as e:  # anything else while writing (e.g. an unencodable character): shown, data kept
            self.status.value = self._status(
                f"<b class='gw-not-saved' style='color:#b00020'>{esc(self._t('save_failed') + f'{type(e).__name__}: {e}')}</b>"
            )
            traceback.print_exc()
            return
        note = f"{self._t('saved')} {datetime.now():%H:%M:%S} → {self.draft_path}"
        self.status.value = self._status(esc(note))

    def resolve_conflict(self, choice: str) -> None:
        """After a refused save: ``"merge"`` (this page's edits on top of the other version), ``"reload"``
        (take the other version) or ``"overwrite"`` (keep this page's version)."""
        theirs = load_draft(self.draft_path)
        mine, base = self._report, self._base or Report.new()
        self._revision = theirs.revision
        if choice == "overwrite":
            self._autosave()
            return
        if choice == "reload":
            self._stash = dict(theirs.stash or {})
            self._base = theirs.report
            self.set_report(theirs.report, theirs.previous if theirs.previous is not None else self._previous)
            return
        if choice != "merge":
            raise ValueError(f"unknown choice {choice!r}")
        self.set_report(merge_edits(theirs.report, base, mine))

    def _show_findings(self) -> None:
        for tw in self.tables.values():
            tw.show_findings(self.findings)
        self.panel.show(self.findings)
        tx = [r for r in self.findings if r["rule"].startswith("TX")]
        en = self.lang == "en"
        if tx:
            items = "".join(
                f"<li class='gw-tx gw-tx-{esc(r['status'])}'><b>{esc(r['rule'])}</b> "
                f"{esc((r.get('message_en') if en else r.get('message')) or '')}</li>"
                for r in tx
            )
            self.prose.value = f"<ul style='margin:2px 0;padding-left:1.4em;font-size:13px'>{items}</ul>"
        else:
            self.prose.value = f"<div style='color:#2e7d32;font-size:13px'>{esc(self._t('prose_ok'))}</div>"
        self._show_aspects()

    def _show_aspects(self) -> None:
        have = normalise_label(self._report.sections.get("s1_overview", ""))
        en = self.lang == "en"
        items = []
        for a in self._report.form.s1_aspects:
            ok = any(k in have for k in (a["label"], *a.get("variants", ())))
            items.append(
                f"<span style='margin-right:10px;color:{'#2e7d32' if ok else '#888'}'>"
                f"{'✓' if ok else '○'} {esc(a['label_en'] if en else a['label'])}</span>"
            )
        self.aspects.value = f"<div style='font-size:12px'>{esc(self._t('aspects'))}<br>{''.join(items)}</div>"
