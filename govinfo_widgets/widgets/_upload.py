"""Starting from last year's report: the upload row of the editor, reading the file, carrying 四 into 二."""

from __future__ import annotations

import json
from collections.abc import Callable

import ipywidgets as w

from ..escape import esc
from ..limits import LIMITS
from ..model import Cell, Report
from ..schema import C7
from ._guard import SafeUpload
from ._ui import GREEN, RED, error_message, tr

ACCEPT = ".json,.html,.htm,.txt,.md,.docx,.pdf"


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


def read_previous(name: str, content: bytes) -> Report:
    """Last year's report from an uploaded file: a draft or Report JSON, else any format :func:`read_report` reads."""
    if name.lower().endswith(".json"):
        data = json.loads(content.decode("utf-8-sig", errors="strict"))
        if isinstance(data, dict) and data.get("format") == "govinfo-draft":
            return Report.from_dict(data["report"])
        return Report.from_dict(data)
    from ..io import read_report  # the readers load PDF/DOCX libraries: only when a file comes

    return read_report(content)


class LastYearUpload(w.HBox):
    """「从上年报告开始」: one upload button and its message; a file read is handed to ``on_report``."""

    def __init__(self, on_report: Callable[[Report], None], lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self._on_report = on_report
        self.lang = lang
        self.upload = SafeUpload(accept=ACCEPT, lang=lang, on_file=self.receive)
        self.msg = w.HTML()
        self.children = [self.upload, self.msg]
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        self.lang = self.upload.lang = lang
        self.upload.description = tr("last_year", lang)
        self.msg.value = f"<small>{esc(tr('last_year_help', lang))}</small>"

    def _say(self, text: str, color: str = RED) -> None:
        self.msg.value = f"<span style='color:{color}'>{esc(text)}</span>"

    def receive(self, name: str, content) -> None:
        """Read one uploaded file (bounded by ``LIMITS.max_input_bytes``); a bad file is reported, nothing changes."""
        size = len(content)
        if size > LIMITS.max_input_bytes:
            self._say(tr("too_big", self.lang).format(n=size, max=LIMITS.max_input_bytes))
            return
        try:
            prev = read_previous(name, bytes(content))
        except Exception as e:  # a bad upload is reported, the draft is untouched
            self._say(error_message(e, "read_failed", name=name))
            return
        self._on_report(prev)
        self._say(f"✓ {prev.meta.agency} {prev.meta.year}", GREEN)
        missing = [t for t in ("t2", "t3", "t4") if not any(a.startswith(t + ".") for a in prev.cells)]
        if missing:
            names = "、".join("表" + "二三四"[int(t[1]) - 2] for t in missing)
            names_en = ", ".join(f"Table {t[1]}" for t in missing)
            note = tr("missing_tables", self.lang).format(zh=names, en=names_en)
            self.msg.value += f" <span class='gw-upload-missing' style='color:{RED}'>{esc(note)}</span>"
