"""Resource limits for untrusted input, as data in one place (each with a zh/en name)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .errors import GovinfoError


@dataclass(frozen=True)
class Limits:
    """Ceilings every entry point (CLI, import worker, editor upload) enforces on one input file.

    Examples
    --------
    >>> from govinfo_widgets.limits import LIMITS
    >>> LIMITS.max_input_bytes // (1024 * 1024)
    64
    """

    max_input_bytes: int = 64 * 1024 * 1024  # a file as read from disk or upload
    max_decoded_bytes: int = 64 * 1024 * 1024  # one decompressed stream (PDF content stream, DOCX part)
    max_total_decoded_bytes: int = 256 * 1024 * 1024  # all decompressed streams of one file together
    max_pages: int = 80  # PDF pages
    max_chars: int = 3_000_000  # characters of text after decoding
    max_seconds: float = 10.0  # wall clock for reading one file, enforced inside parsing or by a killable worker
    max_memory_bytes: int = 1024 * 1024 * 1024  # address space of one parse worker
    max_page_objects: int = 50_000  # drawn path segments read on one PDF page


LIMITS = Limits()

_NAMES = {
    "max_input_bytes": ("文件大小", "file size"),
    "max_decoded_bytes": ("单个解压数据流大小", "size of one decompressed stream"),
    "max_total_decoded_bytes": ("解压数据总量", "total decompressed size"),
    "max_pages": ("页数", "number of pages"),
    "max_chars": ("文字字符数", "number of text characters"),
    "max_seconds": ("读取用时", "reading time"),
    "max_memory_bytes": ("读取内存", "reading memory"),
    "max_page_objects": ("单页图形对象数", "drawn objects on one page"),
}
assert set(_NAMES) == {f.name for f in fields(Limits)}


class LimitExceeded(GovinfoError):
    """An input exceeded one of :data:`LIMITS`; ``limit`` names the field, ``value`` what was seen (if known)."""

    def __init__(self, limit: str, value: float | int | None = None, *, limits: Limits = LIMITS):
        zh_name, en_name = _NAMES[limit]
        ceiling = getattr(limits, limit)
        seen_zh = f"（实际 {value}）" if value is not None else ""
        seen_en = f" (got {value})" if value is not None else ""
        self.limit = limit
        self.value = value
        super().__init__(
            f"输入超出限制：{zh_name}上限为 {ceiling}{seen_zh}，已停止读取，未作任何改动。",
            f"Input exceeds a limit: {en_name} is capped at {ceiling}{seen_en}; reading stopped, nothing was changed.",
        )
