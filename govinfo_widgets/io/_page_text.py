"""A page's bytes → its text: the encoding read (a BOM, valid UTF-8, the page's ``<meta charset>``, GB18030) and the
inline style attributes dropped before decoding (nothing reads CSS; Word-exported pages are mostly styles); and the
tidying of the text read from a page (:func:`tidy_lines`)."""

from __future__ import annotations

import re

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_html(data: bytes) -> str:
    """Decode a page: a BOM, else valid UTF-8, else its ``<meta charset>`` (GBK/GB2312 read as GB18030), else GB18030.

    Valid UTF-8 wins over the declared charset: pages served as UTF-8 often keep an old
    ``charset=gb2312`` meta, while real GBK text is almost never valid UTF-8.
    """
    return _decode(data)[0]


#: Encodings in which the bytes of space, form feed, quotes, ``<``, ``=`` and ``>`` are always those characters (never
#: part of a multi-byte character): inline styles may be dropped from such a page's bytes before it is decoded.
_ASCII_SAFE = frozenset({"utf-8-sig", "gb18030"})


def _decode(data: bytes) -> tuple[str, str]:
    """:func:`decode_html`, and the encoding it read."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:8192])
    encs = []
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        encs.append("gb18030" if enc in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "gb18030") else enc)
    encs.append("gb18030")
    for enc in encs:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


#: A quoted inline style attribute inside a tag (a ``>`` follows within 512 bytes, before any ``<``): nothing reads
#: CSS, and Word-exported pages are up to three quarters style attributes, so they are replaced by whitespace before
#: parsing (parsing takes about half as long on such pages). It is matched in the page's bytes, before decoding
#: (decoding, too, then reads a quarter as much), and its value as any run of non-quotes (a character class of one
#: excluded byte is matched twice as fast as of three): a value holding ``<`` or ``>`` is caught by counting them
#: before and after. The look-ahead is bounded to keep the search linear (unbounded, a page of 30,000 ``style="a"``
#: in one run of text took 10 s; 300,000 take 0.8 s at 512 bytes, 2.5 s at 1,536). A page where any ``style="`` is
#: not such an attribute (a value with ``<`` or ``>`` in it, a quote left open: the parser's recovery would differ,
#: or an attribute too far from its tag's end) is parsed as it is. Prose holding `` style="…"`` with a literal ``>``
#: after it in the same run of text is matched too (the pattern cannot tell that from a tag): the parser then finds
#: the gap left for it in the page's text, and the page is parsed again as it is (see ``html.parse_html``).
_STYLE_ATTR = re.compile(rb' style="[^"]*"(?=[^<>]{0,512}>)')


def _occurrences(data: bytes, byte: bytes) -> int:
    """``data.count(byte)``, faster where the byte is sparse: counting one byte walks the bytes one by one, while
    ``replace`` jumps between them with ``memchr`` (``<`` in a 336 KB Word page: 47 µs against 111; as fast where
    tags are dense)."""
    return len(data) - len(data.replace(byte, b""))


#: What a style is replaced by: a form feed, whitespace inside a tag as a space is, and rare enough to mark where the
#: styles were (a page that holds one already keeps its styles).
STYLE_GAP = b"\x0c"
#: A style dropped from inside another quoted value (``title="<span style="x">…"``: markup a page failed to escape):
#: the value's closing quote went with it (in single quotes, when the style's value held one), and the rest of the
#: page would be read as that value. Found after the replacement: a gap after a value's opening quote with no quote
#: between (each value is read once: ~140 µs for the two patterns on a 336 KB Word page).
_GAP_IN_VALUE = (re.compile(rb'=[ \t\n\r]*"[^"]*\x0c'), re.compile(rb"=[ \t\n\r]*'[^']*\x0c"))


def without_styles(data: bytes) -> bytes:
    """``data`` with every inline style attribute replaced by whitespace, when each is one; else ``data`` itself.

    Each is one when every `` style="`` was matched, no ``<`` or ``>`` went with the styles and none was inside
    another attribute's value."""
    if STYLE_GAP in data:
        return data
    stripped, n = _STYLE_ATTR.subn(STYLE_GAP, data)
    if (
        n
        and n == data.count(b' style="')
        and all(_occurrences(stripped, c) == _occurrences(data, c) for c in (b"<", b">"))
        and not any(p.search(stripped) for p in _GAP_IN_VALUE)
    ):
        return stripped
    return data


def _page_text(data: bytes, styles: bool = False) -> tuple[str, bytes | None]:
    """The text of a page's bytes, inline styles dropped (:func:`decode_html` of :func:`without_styles`), and, when it
    was read as UTF-8, the bytes it was decoded from (without a BOM).

    The styles are dropped from the bytes only where the encoding read is UTF-8 or GB18030, in which the bytes the
    pattern reads are always those characters; a page in any other encoding is decoded as it is. (So a page whose
    only bytes that are not UTF-8 sit inside style attributes is read as UTF-8: the text it shows is.)
    """
    stripped = data if styles else without_styles(data)
    text, enc = _decode(stripped)
    if stripped is not data and enc not in _ASCII_SAFE:
        return decode_html(data), None
    if enc != "utf-8-sig":
        return text, None
    return text, (stripped[3:] if stripped.startswith(b"\xef\xbb\xbf") else stripped)


def decode_page(data: bytes) -> str:
    """The text of a page's bytes, inline styles dropped (see :func:`_page_text`)."""
    return _page_text(data)[0]


#: An XML declaration opening a page (libxml2's HTML parser would read it as text).
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def page_source(data: bytes, styles: bool = False) -> str | bytes:
    """What the HTML parser is given for a page's bytes: :func:`decode_page`'s text, or, for a page read as UTF-8,
    the same text as the UTF-8 bytes it was decoded from (libxml2 reads UTF-8 as it is; given the text, it converts
    it back to UTF-8 first: ~6 % of the parse on a Word page). Either way without an opening XML declaration.
    Decoding stays: it is what tells UTF-8 from GB18030. ``styles=True``: the inline styles kept (the page as it
    is, for a page whose dropped styles turn out to have been text)."""
    text, utf8 = _page_text(data, styles)
    if utf8 is None or XML_DECLARATION.match(text):
        return XML_DECLARATION.sub("", text)
    return utf8


def tidy_lines(text: str) -> str:
    """``text`` with each run of spaces, tabs and U+3000 (U+00A0 too) as one space, each line stripped, carriage
    returns dropped and at most one blank line in a row.

    Done with ``str`` methods rather than patterns: on Chinese text a pattern reads ~8 ns a character, several times
    what these do (the 5 KB narrative of a corpus page: ~20 µs rather than ~105).

    Examples
    --------
    >>> tidy_lines("  一、总体情况\\u3000 \\r\\n\\n\\n\\n正文\\t 一段  ")
    '一、总体情况\\n\\n正文 一段'
    """
    text = text.replace("\u00a0", " ").replace("\r", "").replace("\t", " ").replace("\u3000", " ")
    if "  " in text:  # runs of spaces as one (a space next to a line break goes with the strip below)
        text = " ".join(filter(None, text.split(" ")))
    kept: list[str] = []
    blank = False
    for ln in text.split("\n"):
        ln = ln.strip()
        if ln:
            kept.append(ln)
            blank = False
        elif not blank:
            kept.append(ln)
            blank = True
    return "\n".join(kept).strip()


__all__ = ["STYLE_GAP", "XML_DECLARATION", "decode_html", "decode_page", "page_source", "tidy_lines", "without_styles"]
