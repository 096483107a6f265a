"""The editor's six sections in the form's order: a heading and guide each, the narrative text areas, the
overview's five-aspects checklist (S-05), the fee inputs in 六, and the tables where the form puts them."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..escape import esc
from ..model import Report
from ..schema import aspects_covered
from ._fees import FeeBox
from ._strings import GUIDE
from ._ui import GREEN, tr

SECTION_TABLE = {"s2_proactive": "t2", "s3_requests": "t3", "s4_review_litigation": "t4"}
TEXT_SECTIONS = ("s1_overview", "s5_problems", "s6_other")
_NUMS = "一二三四五六七八九十"


def aspects_html(report: Report, lang: str) -> str:
    """The overview's checklist: each aspect of the form ticked when the overview names it (rule S-05)."""
    aspects = report.form.s1_aspects
    covered = aspects_covered(aspects, report.sections.get("s1_overview", ""))
    items = "".join(
        f"<span style='margin-right:10px;color:{GREEN if ok else '#888'}'>"
        f"{'✓' if ok else '○'} {esc(a['label_en'] if lang == 'en' else a['label'])}</span>"
        for a, ok in zip(aspects, covered, strict=True)
    )
    return f"<div style='font-size:12px'>{esc(tr('aspects', lang))}<br>{items}</div>"


def with_aspect_headings(text: str, aspects) -> str:
    """``text`` followed by a numbered heading for each aspect it does not name yet."""
    add = [
        f"（{_NUMS[i]}）{a['label']}\n"
        for i, (a, ok) in enumerate(zip(aspects, aspects_covered(aspects, text), strict=True))
        if not ok
    ]
    if not add:
        return text
    return (text.rstrip() + "\n" if text.strip() else "") + "\n".join(add)


class Sections(w.VBox):
    """The sections of ``report``'s form; ``tables`` (key → widget) are placed in 二、三、四.

    ``on_text(key, text)`` and ``on_fee(key, value)`` get each user change.
    """

    def __init__(
        self,
        report: Report,
        tables: dict,
        on_text: Callable[[str, str], None],
        on_fee: Callable[[str, object], None],
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._on_text = on_text
        self._busy = False
        self._report = report
        self.lang = "zh"
        self.text = {}
        for key in TEXT_SECTIONS:
            ta = w.Textarea(
                value=report.sections.get(key, ""), layout=w.Layout(width="100%", height="9em"), continuous_update=True
            )
            ta.observe(self._text_changed, "value")
            ta.add_class("gw-section-" + key)
            self.text[key] = ta
        self.aspects = w.HTML()
        self.insert_aspects = w.Button()  # no icon: icons need Font Awesome, which a CDN would serve
        self.insert_aspects.on_click(lambda _b: self.insert_headings())
        self.fees = FeeBox(on_fee)
        self.heads, self.boxes = {}, {}
        for s in report.form.sections:
            key = s["key"]
            self.heads[key] = head = w.HTML()
            parts = [head]
            if key in SECTION_TABLE:
                parts.append(tables[SECTION_TABLE[key]])
            elif key == "s1_overview":
                parts += [w.HBox([self.aspects, self.insert_aspects]), self.text[key]]
            elif key == "s6_other":
                parts += [self.fees, self.text[key]]
            else:
                parts.append(self.text[key])
            self.boxes[key] = box = w.VBox(parts)
            box.add_class("gw-section")
        self.children = list(self.boxes.values())

    def _text_changed(self, change) -> None:
        if not self._busy:
            key = next(k for k, ta in self.text.items() if ta is change["owner"])
            self._on_text(key, change["new"])

    def insert_headings(self) -> None:
        """Append the headings of the aspects the overview does not name yet (a change like typing them)."""
        ta = self.text["s1_overview"]
        ta.value = with_aspect_headings(ta.value, self._report.form.s1_aspects)

    def show(self, report: Report) -> list:
        """Show ``report``'s texts and fees; returns the fee values that were not numbers."""
        self._report = report
        self._busy = True
        try:
            for k, ta in self.text.items():
                ta.value = report.sections.get(k, "")
        finally:
            self._busy = False
        bad = self.fees.show(report, self.lang)
        self.relabel(self.lang)
        return bad

    def update(self, report: Report) -> None:
        """After a change made here or in a table: the checklist follows the overview."""
        self._report = report
        self.aspects.value = aspects_html(report, self.lang)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        en = lang == "en"
        self.insert_aspects.description = tr("insert", lang)
        self.insert_aspects.layout.width = "auto"
        for s in self._report.form.sections:
            if s["key"] not in self.heads:
                continue
            title = s["title_en"] if en else f"{s['no']}、{s['title']}"
            guide = GUIDE[s["key"]][1 if en else 0]
            self.heads[s["key"]].value = (
                f"<h4 style='margin:10px 0 2px'>{esc(title)}</h4>"
                f"<div style='font-size:12px;color:#555'>{esc(guide)}</div>"
            )
        self.fees.relabel(lang)
        self.aspects.value = aspects_html(self._report, lang)
