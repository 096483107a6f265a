"""One escaping helper for every string that reaches HTML (widgets, exports, messages).

Anything that comes from a file or a person (agency names, years read from a JSON, cell text,
error messages that quote the input) goes through :func:`esc` before it is put into markup.
"""

from __future__ import annotations

import html

__all__ = ["esc"]


def esc(value: object) -> str:
    """``value`` as text that is safe inside HTML element content and quoted attributes.

    ``None`` is the empty string; anything else is ``str()``-ed first, so a year that turned out
    to be a string (or an object) can never smuggle markup in.

    Examples
    --------
    >>> esc("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> esc(2024), esc(None), esc("a'b\\"c")
    ('2024', '', 'a&#x27;b&quot;c')
    """
    return "" if value is None else html.escape(str(value), quote=True)
