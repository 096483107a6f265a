"""The editor's browser-side safety: a banner when the kernel or server is gone (typed input kept for
re-sending), and an upload button that refuses files too large for the page's connection, with a message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets as t

from ..limits import LIMITS

_HERE = Path(__file__).parent
#: Largest upload the page sends: Jupyter's websocket refuses messages over 10 MiB (a bigger file would be
#: dropped without a word), and never more than the readers take.
MAX_UPLOAD_BYTES = min(9 * 1024 * 1024, LIMITS.max_input_bytes)


class ConnectionGuard(anywidget.AnyWidget):
    """Pings the kernel every ``interval_ms``; with no answer for ``timeout_ms`` the page shows a banner.

    From then on what is typed into the editor's cells and text sections is kept in the browser
    (``localStorage``, under ``key``, the draft's path) and offered for re-sending when the page is
    opened again.

    Examples
    --------
    >>> g = ConnectionGuard(key="drafts/某局_2024.json")
    >>> g.timeout_ms > g.interval_ms
    True
    """

    _esm = _HERE / "guard.js"

    key = t.Unicode("").tag(sync=True)
    lang = t.Unicode("zh").tag(sync=True)
    interval_ms = t.Int(2000).tag(sync=True)
    timeout_ms = t.Int(7000).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._on_ping)

    def _on_ping(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and isinstance(content.get("ping"), int):
            self.send({"pong": content["ping"]})


class SafeUpload(anywidget.AnyWidget):
    """A file button whose size check happens in the browser: over ``max_bytes`` nothing is sent and the page
    says why (``ipywidgets.FileUpload`` sends first, and a file over Jupyter's 10 MiB message limit is lost
    without a word). A file that passes is handed to ``on_file(name, content)``.

    Examples
    --------
    >>> got = []
    >>> u = SafeUpload(on_file=lambda name, content: got.append((name, len(content))))
    >>> u._on_msg(u, {"upload": "上年.json", "size": 2}, [b"{}"])
    >>> got
    [('上年.json', 2)]
    """

    _esm = _HERE / "upload.js"

    description = t.Unicode("").tag(sync=True)
    accept = t.Unicode("").tag(sync=True)
    lang = t.Unicode("zh").tag(sync=True)
    max_bytes = t.Int(MAX_UPLOAD_BYTES).tag(sync=True)

    def __init__(self, on_file: Callable[[str, bytes], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self._on_file = on_file
        self.on_msg(self._on_msg)

    def _on_msg(self, _widget, content, buffers) -> None:
        if not (isinstance(content, dict) and isinstance(content.get("upload"), str) and buffers):
            return
        if self._on_file is not None:
            self._on_file(content["upload"], bytes(buffers[0]))
