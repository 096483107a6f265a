"""Small helpers the editor's widgets share: the interface string in one language, status and error HTML."""

from __future__ import annotations

from ..errors import GovinfoError
from ..escape import esc
from ._strings import TEXT

RED = "#b00020"
GREEN = "#2e7d32"


def tr(key: str, lang: str) -> str:
    """The interface string ``key`` (widgets/_strings.py) in ``lang`` (``"zh"`` or ``"en"``).

    Examples
    --------
    >>> tr("agency", "en")
    'Agency'
    """
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def status_html(inner_html: str) -> str:
    """The status line's HTML around already-escaped ``inner_html``."""
    return f'<div class="gw-status" style="font-size:12px;color:#555">{inner_html}</div>'


def alert_html(text: str, cls: str = "") -> str:
    """``text`` (escaped here) in bold red, with an optional CSS class (e.g. ``gw-not-saved``)."""
    c = f" class='{esc(cls)}'" if cls else ""
    return f"<b{c} style='color:{RED}'>{esc(text)}</b>"


def error_message(e: Exception, key: str, **params) -> str:
    """A GovinfoError's own (zh / en) text, else the catalogue's ``key`` (filled with ``params``) and ``e``:
    ``zh：e / en: e`` (an unexpected error is shown in both languages, as GovinfoError is)."""
    if isinstance(e, GovinfoError):
        return str(e)
    zh, en = (t.format(**params) for t in TEXT[key])
    return f"{zh}：{e} / {en}: {e}"
