"""The editor's Excel panel: fill the draft from an .xlsx, download it as .xlsx, and 汇总下级单位 (consolidate)."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import ipywidgets as w

from ..consolidation import ConsolidationError, consolidate
from ..errors import GovinfoError
from ..model import Report

_T = {  # interface strings: (zh, en)
    "head": ("Excel 与汇总", "Excel and consolidation"),
    "import": ("从 XLSX 填表", "Fill from XLSX"),
    "import_help": (
        "上传本单位的 .xlsx（本工具导出的，或手工表格：标签列加七列数字），表格随即填入并检查。",
        "Upload a .xlsx (exported here, or a hand-made sheet: a label column and seven number columns).",
    ),
    "xlsx": ("XLSX", "XLSX"),
    "consolidate": ("汇总下级单位", "Consolidate sub-units"),
    "consolidate_help": (
        "选择多个下级单位的年报（xlsx、json、已发布网页等），逐一检查后逐格相加，填入本草稿。",
        "Pick several sub-units' reports (xlsx, json, published pages): each is checked, then summed into this draft.",
    ),
    "filled": ("已填入", "Filled from"),
    "summed": ("已汇总 {n} 个下级单位", "Summed {n} sub-units"),
    "refused": ("未通过检查、不予汇总：", "Refused (failing checks):"),
    "not_additive": ("以下单元格不可简单相加，已留空：", "Not additive, left blank:"),
    "download": ("下载", "Download"),
}
_ACCEPT = ".xlsx,.json,.html,.htm,.txt,.md,.docx,.pdf"
_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_upload(name: str, content: bytes) -> Report:
    """A Report from an uploaded file: report JSON (or a draft), else any input :func:`read_report` reads."""
    if name.lower().endswith(".json"):
        data = json.loads(content.decode("utf-8-sig"))
        if isinstance(data, dict) and data.get("format") == "govinfo-draft":
            return Report.from_dict(data["report"])
        return Report.from_dict(data)
    from ..io import read_report

    report = read_report(bytes(content))
    return report.with_meta(source={**report.meta.source, "file": name})


def _error(e: Exception, name: str = "") -> str:
    if isinstance(e, GovinfoError):
        return str(e)
    return f"无法读取「{name}」：{e} / cannot read {name}: {e}"


class ExcelPanel(w.VBox):
    """XLSX in and out and 汇总下级单位, composed into a :class:`ReportEditor` (it drives the editor's public API).

    Examples
    --------
    >>> from govinfo_widgets import load_example
    >>> from govinfo_widgets.export import to_xlsx
    >>> from govinfo_widgets.widgets import ReportEditor
    >>> ed = ReportEditor(load_example("000"), draft=False)
    >>> _ = ed.excel.fill_from("x.xlsx", to_xlsx(load_example("002")))
    >>> ed.report.meta.agency, ed.report.value("t3.new_received.total")
    ('淮安市人民政府', 3119)
    """

    def __init__(self, editor, **kwargs):
        super().__init__(**kwargs)
        self.add_class("gw-excel")
        self.editor = editor
        self.upload = w.FileUpload(accept=".xlsx", multiple=False)
        self.upload.add_class("gw-xlsx-upload")
        self.upload.observe(self._on_upload, "value")
        self.download = w.Button(icon="download", layout=w.Layout(width="8em"))
        self.download.add_class("gw-export-xlsx")
        self.download.on_click(lambda _b: self._on_download())
        self.subs = w.FileUpload(accept=_ACCEPT, multiple=True)
        self.subs.add_class("gw-consolidate-upload")
        self.subs.observe(self._on_subs, "value")
        self.out = w.HTML()
        self.out.add_class("gw-excel-out")
        # one row under the export buttons, never squeezed (the side column is a flex box of fixed height)
        row = w.HBox([self.download, self.upload, self.subs], layout=w.Layout(flex="0 0 auto", flex_flow="row wrap"))
        self.layout.flex = "0 0 auto"
        self.children = [row, self.out]
        editor.lang_toggle.observe(lambda _c: self._relabel(), "value")
        self._relabel()

    def _t(self, key: str) -> str:
        zh, en = _T[key]
        return en if self.editor.lang == "en" else zh

    def _relabel(self) -> None:
        self.upload.description = self._t("import")
        self.upload.tooltip = self._t("import_help")
        self.download.description = self._t("xlsx")
        self.download.tooltip = self._t("head")
        self.subs.description = self._t("consolidate")
        self.subs.tooltip = self._t("consolidate_help")
        self.upload.layout.width = self.subs.layout.width = "auto"

    # ---- actions (also callable from code) -------------------------------------------------------
    def fill_from(self, name: str, content: bytes) -> Report:
        """Fill the draft from one file; the draft's agency and year stay where the file does not say them."""
        report = read_upload(name, content)
        meta = self.editor.report.meta
        if not report.meta.agency:
            report = report.with_meta(agency=meta.agency)
        if report.meta.year is None:
            report = report.with_meta(year=meta.year)
        self.editor.set_report(report)
        return report

    def consolidate_files(self, files: list[tuple[str, bytes]]) -> Report:
        """Sum the sub-units' files into the draft (see :func:`govinfo_widgets.consolidate`)."""
        reports = [read_upload(n, c) for n, c in files]
        meta = self.editor.report.meta
        total = consolidate(reports, agency=meta.agency, year=meta.year, kind=meta.kind or "government")
        self.editor.set_report(total)
        return total

    def xlsx_path(self) -> Path:
        """Write the draft as .xlsx in ``exports/`` beside the draft; return the path."""
        from ..export import to_xlsx

        base = self.editor.draft_path or Path("drafts") / "report.json"
        path = base.parent / "exports" / f"{base.stem}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        return to_xlsx(self.editor.report, path, lang=self.editor.lang)

    # ---- events -----------------------------------------------------------------------------------
    def _show(self, text_html: str, ok: bool = True) -> None:
        color = "#2e7d32" if ok else "#b00020"
        self.out.value = f"<div style='font-size:13px;color:{color}'>{text_html}</div>"

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        try:
            r = self.fill_from(f["name"], bytes(f["content"]))
        except Exception as e:  # a bad upload is reported, the draft is untouched
            self._show(html.escape(_error(e, f["name"])), ok=False)
            return
        self._show(
            f"✓ {html.escape(self._t('filled'))} {html.escape(f['name'])} "
            f"({html.escape(r.meta.agency)} {r.meta.year or ''})"
        )

    def _on_subs(self, change) -> None:
        files = [(f["name"], bytes(f["content"])) for f in change["new"] or ()]
        if not files:
            return
        try:
            total = self.consolidate_files(files)
        except ConsolidationError as e:
            items = "".join(
                f"<li><b>{html.escape(str(x['agency']))} {x['year']}</b> "
                f"{html.escape('、'.join(x['rules']))}：{html.escape(' '.join(x['messages'][:2]))}</li>"
                for x in e.refused
            )
            self._show(f"{html.escape(str(e))}<ul style='margin:2px 0'>{items}</ul>", ok=False)
            return
        except Exception as e:
            self._show(html.escape(_error(e)), ok=False)
            return
        info = total.extras["consolidation"]
        names = "、".join(html.escape(str(x["agency"])) for x in info["from"])
        en = self.editor.lang == "en"
        stocks = [total.form.cell(a).describe("en" if en else "zh") for a in info["not_additive"]]
        note = (
            f"<br><small>{html.escape(self._t('not_additive'))} {html.escape('、'.join(stocks))}</small>"
            if stocks
            else ""
        )
        self._show(f"✓ {html.escape(self._t('summed').format(n=len(info['from'])))}：{names}{note}")

    def _on_download(self) -> None:
        try:
            path = self.xlsx_path()
        except Exception as e:
            self._show(html.escape(_error(e)), ok=False)
            return
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        name = html.escape(path.name, quote=True)
        self.out.value = (
            f"<a class='gw-download gw-download-xlsx' download='{name}' "
            f"href='data:{_XLSX_MIME};base64,{data}'>{html.escape(self._t('download'))} {name}</a>"
        )
