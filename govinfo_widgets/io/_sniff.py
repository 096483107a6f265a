"""What an input is (``sniff_kind``) and how its bytes decode to text (``decode_text``): the readers' front door."""

from __future__ import annotations

from pathlib import Path

#: File name suffixes and the kind each names (a name is the last hint: the content is sniffed first).
EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
}


def sniff_kind(data: bytes, name: str | None = None) -> str:
    """Guess what ``data`` is: ``html``, ``md``, ``docx``, ``pdf`` or ``txt`` (content first, then the name).

    Examples
    --------
    >>> sniff_kind(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_kind("<html><body><table></table></body></html>".encode())
    'html'
    """
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-" or head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")) or head[8:12] == b"WEBP":
        return "image"
    if head.startswith(b"PK\x03\x04"):
        from .xlsx import is_xlsx

        return "xlsx" if is_xlsx(data) else "docx"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data[:8192]):  # UTF-16: sniff what it says
        data = decode_text(data[:8192]).encode("utf-8")
        head = data[:4096]
    if b"<" in head:  # (every mark of a page below begins with "<": a text without one is spared eight searches)
        low = head.lower()
        if any(t in low for t in (b"<html", b"<!doctype html", b"<table", b"<body", b"<p>", b"<p ", b"<div", b"<meta")):
            return "html"
    # a pipe table needs "|" (byte 0x7C in every ASCII-compatible encoding; UTF-16 was re-encoded above)
    if b"|" in data[:200_000]:
        text = _decode_guess(data[:200_000])
        lines = [ln for ln in map(str.strip, text.splitlines()) if ln]
        pipes = sum(1 for ln in lines if ln[0] == "|" and ln.count("|") >= 3)
        if pipes >= 5 and pipes >= len(lines) // 20:
            return "md"
    ext = EXTENSIONS.get(Path(name).suffix.lower()) if name else None
    return ext or "txt"


# Characters frequent in annual reports, simplified and traditional: the right decoding has many of them,
# Big5 read as GB18030 (or the reverse) gives rare characters instead.
_COMMON = set(
    "的一是在不了有和人中大为上个国以要时来用们到作地于出分对成会可发年动同工能下过产面方后多定行法所"
    "得经进等部度家理起现实加量都体制机当点从业本性应开合还因由其然前外天政四日事平全表间与关各重新内数正"
    "明原或但第向条没结解问意建月公无系情最立代已通并提直题程展果料象员位入常文总次件长求资边流路级少图统"
    "知较将组见计别决区强放被干做必先则任取据处给即保治北造百规领导增收证改清再采转更单切打教务具每目至达"
    "报完类名确信节话整元今集需段办府市县局省委申请公开政府信息复议诉讼行政机关年度工作主动依法答复处理"
    "資訊開關數這會從與於個們來對發動過說產種後經進學實現時國機當點業應還為區條處辦單書記縣務請總覆議復"
    "訴訟決錄類統計報權責規劃範圍網營費政府資訊公開年度報告申請"
)


def _score(text: str) -> float:
    cjk = sum(1 for ch in text if ch in _COMMON)
    bad = sum(1 for ch in text if ch in "\x00\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return (cjk - 5 * bad) / max(1, len(text))


def _utf16_without_bom(data: bytes) -> bool:
    """NUL bytes in text: UTF-16 (GB18030, Big5 and UTF-8 text never hold NULs), if it decodes cleanly."""
    if data.count(b"\x00") < max(2, len(data) // 50):
        return False
    return any(_try(data, enc) is not None for enc in ("utf-16-le", "utf-16-be"))


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        # a sample cut inside a character: drop the last 3 bytes and try again
        try:
            return data[:-3].decode(enc) if len(data) > 64 else None
        except UnicodeDecodeError:
            return None


def _decode_guess(data: bytes) -> str:
    """UTF-8 (with or without BOM), else BOM-less UTF-16, else GB18030 or Big5, whichever reads as Chinese."""
    text = _try(data, "utf-8-sig") if not _utf16_without_bom(data[:8192]) else None
    if text is not None and "\x00" not in text:
        return text
    candidates = [t for t in (_try(data, e) for e in ("utf-16-le", "utf-16-be", "gb18030", "big5")) if t]
    if _utf16_without_bom(data[:8192]):
        candidates = [t for t in candidates if "\x00" not in t] or candidates
    if candidates:
        return max(candidates, key=lambda t: _score(t[:20000]))
    return data.decode("gb18030", errors="replace")


def decode_text(data: bytes) -> str:
    """Bytes of a text file → str: UTF-8, UTF-16 with or without BOM, GB18030 (covers GBK/GB2312) or Big5.

    Examples
    --------
    >>> text = "政府信息公开工作年度报告\\n一、总体情况"
    >>> all(decode_text(text.encode(e)) == text for e in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"))
    True
    >>> decode_text("政府資訊公開工作年度報告，依申請公開".encode("big5"))
    '政府資訊公開工作年度報告，依申請公開'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return _decode_guess(data)
