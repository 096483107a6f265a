"""The hand-read truth of the real corpus (``../shared/corpus/truth/NNN.cells.json``), shared by the reader tests."""

from __future__ import annotations

import json

from ..conftest import CORPUS

RAW = CORPUS / "raw"


def truth(entry: str) -> dict:
    """``{address: value}`` as read by hand; ``None`` = blank in the source."""
    return json.loads((CORPUS / "truth" / f"{entry}.cells.json").read_text("utf-8"))["cells"]


def same(got, want) -> bool:
    """Equal as numbers, or both blank."""
    if want is None or got is None:
        return got == want
    return abs(float(got) - float(want)) < 1e-9
