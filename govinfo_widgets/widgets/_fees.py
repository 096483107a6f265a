"""The editor's fee inputs (六、其他需要报告的事项: 信息处理费), built from the form's ``s6_items``."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..escape import esc
from ..model import Report
from ._ui import tr


def _number(v, integer: bool):
    """``v`` as the input shows it, and whether it was a number the input can hold."""
    ok = isinstance(v, int | float) and not isinstance(v, bool) and (not integer or float(v).is_integer())
    if not ok:
        return 0, v is None
    return (int(v) if integer else v), True


class FeeBox(w.VBox):
    """One number input per fee item of the report's form (none for a form without fee items), labelled by its description.

    ``on_fee(key, value)`` gets each user change. :meth:`show` returns the values that were not
    numbers (shown as 0) so that the editor can say so.
    """

    def __init__(self, on_fee: Callable[[str, object], None], **kwargs):
        super().__init__(**kwargs)
        self._on_fee = on_fee
        self.inputs: dict[str, w.ValueWidget] = {}
        self._items: list[dict] = []
        self._busy = False

    def show(self, report: Report, lang: str = "zh") -> list:
        """Rebuild the inputs for ``report``'s form and fees."""
        self._items = list(report.form.s6_items)
        self.inputs, rows, bad = {}, [], []
        self._busy = True
        try:
            for it in self._items:
                integer = it.get("type") == "int"
                v = report.fees.get(it["key"])
                value, ok = _number(v, integer)
                if not ok:  # a fee from a file that is not a number: shown as 0, said so
                    bad.append(v)
                box = (w.IntText if integer else w.FloatText)(
                    value=value, style={"description_width": "14em"}, layout=w.Layout(width="24em")
                )
                box.observe(self._changed, "value")
                self.inputs[it["key"]] = box
                rows.append(box)
        finally:
            self._busy = False
        self.children = ([w.HTML()] if rows else []) + rows
        self.relabel(lang)
        return bad

    def _changed(self, change) -> None:
        if self._busy:
            return
        key = next(k for k, b in self.inputs.items() if b is change["owner"])
        self._on_fee(key, change["new"])

    def relabel(self, lang: str) -> None:
        if not self.children:
            return
        self.children[0].value = f"<b>{esc(tr('fees', lang))}</b>"
        for it in self._items:  # the label and unit as the input's own description: one widget per fee
            label = it["label_en"] if lang == "en" else it["label"]
            self.inputs[it["key"]].description = f"{label}（{it['unit']}）"
