"""The editor's export bar: DOCX / HTML / Markdown / JSON written beside the draft, with a download link."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from .._atomic import atomic_write_text
from ..errors import GovinfoError
from ..escape import esc
from ..model import Report
from ._ui import RED, error_message, tr

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
    "json": "application/json",
}


def export_report(report: Report, kind: str, path: Path) -> Path:
    """Write ``report`` as ``kind`` (a key of :data:`MIME`) to ``path`` (atomically)."""
    from .. import export as ex  # the exporters load python-docx: only when asked

    if kind not in MIME:
        raise GovinfoError(f"不支持的导出格式「{kind}」", f"unknown export format {kind!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "docx":
        ex.to_docx(report, path)
    elif kind == "html":
        atomic_write_text(path, ex.to_html(report))
    elif kind == "md":
        atomic_write_text(path, ex.to_markdown(report))
    else:
        report.to_json(path)
    return path


def download_html(path: Path, kind: str, lang: str) -> str:
    """「已导出 … · 下载」 with the file inline as a data: link (the kernel's files are not served)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    name = esc(path.name)
    return (
        f"<span>{esc(tr('exported', lang))} {esc(str(path))} · "
        f"<a class='gw-download gw-download-{esc(kind)}' download='{name}' href='data:{MIME[kind]};base64,{data}'>"
        f"{esc(tr('download', lang))} {name}</a></span>"
    )


class ExportBar(w.VBox):
    """A heading, one button per format and the last export's message; ``export(kind)`` writes the file."""

    def __init__(self, export: Callable[[str], Path], lang: str = "zh", **kwargs):
        super().__init__(**kwargs)
        self._export = export
        self.lang = lang
        self.head = w.HTML()
        self.buttons = {k: w.Button(description="⤓ " + k.upper(), layout=w.Layout(width="8em")) for k in MIME}
        for k, b in self.buttons.items():
            b.on_click(lambda _b, k=k: self.run(k))
            b.add_class("gw-export-" + k)
        self.out = w.HTML()
        self.children = [self.head, w.HBox(list(self.buttons.values())), self.out]
        self.layout.flex = "0 0 auto"  # the side column shrinks the findings list, not the buttons
        self.relabel(lang)

    def run(self, kind: str) -> None:
        try:
            path = self._export(kind)
        except Exception as e:
            self.out.value = f"<span style='color:{RED}'>{esc(error_message(e, 'export_failed'))}</span>"
            return
        self.out.value = download_html(path, kind, self.lang)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        self.head.value = f"<b style='padding:0 6px'>{esc(tr('export', lang))}</b>"
