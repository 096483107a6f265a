"""Errors raised by govinfo_widgets, each with a Chinese and an English message."""

from __future__ import annotations


class GovinfoError(Exception):
    """Base class. ``str(e)`` is Chinese first, then English."""

    zh = "错误"
    en = "error"

    def __init__(self, zh: str | None = None, en: str | None = None):
        self.zh = zh or self.zh
        self.en = en or self.en
        super().__init__(f"{self.zh} / {self.en}")


class LegacyFormatError(GovinfoError):
    """The report uses a pre-2019 table layout, which cannot be mapped onto the national keys."""

    def __init__(self, year: int | None = None, detail: str = ""):
        when = f"（{year}年度）" if year else ""
        super().__init__(
            f"这是2019年以前的旧版年报格式{when}，其统计表与国家格式（2019试行版、2021版）不对应，无法导入。{detail}",
            f"This is a pre-2019 legacy report{f' (year {year})' if year else ''}; its tables do not "
            f"correspond to the national formats (2019 trial, 2021) and cannot be imported. {detail}".strip(),
        )


class ReportFormatError(GovinfoError):
    """A Report JSON file that is malformed or of an unknown version."""
