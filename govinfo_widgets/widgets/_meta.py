"""The editor's meta bar: agency, year, format version, agency type, interface language, last year's upload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as w

from ..model import YEAR_RANGE, Report
from ..schema import FORM_KEYS, get_form
from ._ui import tr
from ._upload import LastYearUpload

KINDS = ("government", "department")


def _valid_year(year) -> int | None:
    return year if isinstance(year, int) and YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


class MetaBar(w.VBox):
    """Inputs for the report's meta data. ``on_change(field, value)`` gets each user change
    (field: ``agency``, ``year``, ``form``, ``kind``); ``on_previous(report)`` gets last year's report."""

    def __init__(
        self,
        report: Report,
        on_change: Callable[[str, object], None],
        on_previous: Callable[[Report], None],
        lang: str = "zh",
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._on_change = on_change
        self._busy = False
        m = report.meta
        self.lang_toggle = w.ToggleButtons(
            options=[("中文", "zh"), ("English", "en")], value=lang, style={"button_width": "70px"}
        )
        self.agency = w.Text(value=m.agency, layout=w.Layout(width="34em"))
        self.year = w.BoundedIntText(
            value=_valid_year(m.year) or datetime.now().year - 1,
            min=YEAR_RANGE[0],
            max=YEAR_RANGE[1],
            layout=w.Layout(width="11em"),
        )
        self.form_version = w.Dropdown(options=[(get_form(k).name["zh"], k) for k in FORM_KEYS], value=m.form)
        self.kind = w.Dropdown(options=[("—", None), *zip(KINDS, KINDS)], value=m.kind if m.kind in KINDS else None)
        self._fields = {"agency": self.agency, "year": self.year, "form": self.form_version, "kind": self.kind}
        for wd in self._fields.values():
            wd.observe(self._changed, "value")
        self.last_year = LastYearUpload(on_previous, lang=lang)
        #: each input's label is its own description (fewer widgets: the page opens sooner)
        self.labelled = {**self._fields, "lang": self.lang_toggle}
        for wd in self.labelled.values():
            wd.style.description_width = "initial"
        self.children = [
            w.HBox([self.agency, self.year]),
            w.HBox([self.form_version, self.kind, self.lang_toggle]),
            self.last_year,
        ]
        self.relabel(lang)

    def _changed(self, change) -> None:
        if self._busy:
            return
        field = next(k for k, wd in self._fields.items() if wd is change["owner"])
        self._on_change(field, change["new"])

    def show(self, report: Report) -> None:
        """Show ``report``'s meta data (without calling ``on_change``)."""
        m = report.meta
        self._busy = True
        try:
            self.agency.value = m.agency
            if _valid_year(m.year) is not None:
                self.year.value = m.year
            self.form_version.value = m.form
            self.kind.value = m.kind if m.kind in KINDS else None
        finally:
            self._busy = False

    def relabel(self, lang: str) -> None:
        for k, wd in self.labelled.items():
            wd.description = tr(k, lang)
        self._busy, busy = True, self._busy
        try:
            kind = self.kind.value
            self.kind.options = [(tr("unknown", lang), None), *((tr(k, lang), k) for k in KINDS)]
            self.kind.value = kind
        finally:
            self._busy = busy
        self.last_year.relabel(lang)
