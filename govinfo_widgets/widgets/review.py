"""A small widget to review audit findings: pick one, write a note, confirm or dismiss it."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from ..review import Review, review_label

_TEXT = {
    "finding": ("问题", "Finding"),
    "note": ("审核意见", "Note"),
    "confirm": ("确认为发布错误", "Confirm"),
    "dismiss": ("排除", "Dismiss"),
    "reopen": ("撤销审核", "Reopen"),
    "saved": ("已保存到", "saved to"),
    "none": ("没有需要审核的问题。", "Nothing to review."),
    "shown": ("显示", "Show"),
    "all": ("全部", "all"),
}
_SEV = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}


class ReviewWidget(w.VBox):
    """Confirm or dismiss the findings of an audit, one at a time, with a note (saved at once).

    Parameters
    ----------
    issues : DataFrame
        ``Corpus.audit(review=review)`` (annotated with ``fingerprint`` and ``review``); a plain audit
        frame is annotated here. Only failures are listed (``statuses``).
    review : Review or path
    lang : ``"zh"`` (default) or ``"en"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from govinfo_widgets import load_examples
    >>> from govinfo_widgets.corpus import Corpus
    >>> review = Review(pathlib.Path(tempfile.mkdtemp()) / "review.json")
    >>> rw = ReviewWidget(Corpus(load_examples()).audit(review=review), review)
    >>> rw.note.value = "已核对原文"
    >>> rw.confirm_button.click()
    >>> rw.frame.loc[rw.findings.value, "review"]
    'confirmed'
    """

    def __init__(self, issues: pd.DataFrame, review: Review | str, *, lang: str = "zh", statuses=("fail",)):
        self.lang = lang
        self.review = review if isinstance(review, Review) else Review(review)
        if "fingerprint" not in issues.columns:
            issues = self.review.annotate(issues)
        frame = issues[issues["status"].isin(statuses)].copy()
        frame["review"] = frame["review"].astype(str)
        self.frame = frame.reset_index(drop=True)
        t = self._t
        self.findings = w.Select(
            options=self._options(),
            rows=min(10, max(3, len(self.frame))),
            description=t("finding"),
            layout=w.Layout(width="100%"),
        )
        self.detail = w.HTML()
        self.note = w.Textarea(description=t("note"), layout=w.Layout(width="100%", height="4em"))
        self.confirm_button = w.Button(description=t("confirm"), button_style="danger", icon="check")
        self.dismiss_button = w.Button(description=t("dismiss"), button_style="", icon="times")
        self.reopen_button = w.Button(description=t("reopen"), icon="undo")
        self.status = w.HTML()
        self.confirm_button.on_click(lambda _: self._decide("confirmed"))
        self.dismiss_button.on_click(lambda _: self._decide("dismissed"))
        self.reopen_button.on_click(lambda _: self._decide("open"))
        self.findings.observe(self._show, names="value")
        for b in (self.confirm_button, self.dismiss_button, self.reopen_button):
            b.disabled = self.frame.empty
        buttons = w.HBox([self.confirm_button, self.dismiss_button, self.reopen_button])
        super().__init__([self.findings, self.detail, self.note, buttons, self.status])
        self.add_class("gw-review")
        if self.frame.empty:
            self.status.value = f"<i>{html.escape(t('none'))}</i>"
        self._show()

    def _t(self, key: str) -> str:
        zh, en = _TEXT[key]
        return en if self.lang == "en" else zh

    def _label(self, r) -> str:
        sev = _SEV.get(r["severity"], (r["severity"],) * 2)[self.lang == "en"]
        msg = str(r["message_en" if self.lang == "en" else "message"])
        who = f"{r.get('agency', '')} {'' if pd.isna(r.get('year')) else r.get('year')}".strip() or str(r["report_id"])
        return f"[{review_label(r['review'], self.lang)}] {r['rule']} {sev} · {who} · {msg[:60]}"

    def _options(self):
        return [(self._label(r), i) for i, r in self.frame.iterrows()]

    def _show(self, change=None) -> None:
        i = self.findings.value
        if i is None:
            self.detail.value = ""
            return
        r = self.frame.loc[i]
        msg = r["message_en" if self.lang == "en" else "message"]
        cells = ", ".join(r["cells"])
        extra = f"<br><small>{html.escape(str(r['review_note']))}</small>" if r.get("review_note") else ""
        self.detail.value = (
            f"<div class='gw-review-detail'><b>{html.escape(str(r['rule']))}</b> "
            f"{html.escape(str(msg))}<br><small>{html.escape(cells)}</small>"
            f"<br><b>{html.escape(review_label(r['review'], self.lang))}</b>{extra}</div>"
        )
        self.note.value = str(r.get("review_note") or "") if r["review"] in ("confirmed", "dismissed") else ""

    def _decide(self, decision: str) -> None:
        i = self.findings.value
        if i is None:
            return
        row = self.frame.loc[i]
        note = self.note.value
        if decision == "confirmed":
            entry = self.review.confirm(row, note=note)
        elif decision == "dismissed":
            entry = self.review.dismiss(row, note=note)
        else:
            entry = self.review.reopen(row, note=note)
        self.frame.loc[i, "review"] = decision
        self.frame.loc[i, "review_note"] = note
        self.frame.loc[i, "review_date"] = entry["date"]
        self.findings.unobserve(self._show, names="value")
        self.findings.options = self._options()
        self.findings.value = i
        self.findings.observe(self._show, names="value")
        self._show()
        self.status.value = (
            f"<span class='gw-review-saved'>{html.escape(review_label(decision, self.lang))} · "
            f"{html.escape(self._t('saved'))} {html.escape(str(self.review.path))}</span>"
        )
