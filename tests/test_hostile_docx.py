"""DOCX bombs (issue 12 item 5): a lying size header and a huge document.xml are refused in bounded memory and time.

Each bomb is made here (a few MB) and read in a fresh process, so that its peak memory is its own.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from benchmarks.bench_hostile import big_xml_docx, lying_docx
from govinfo_widgets.io import read_report
from govinfo_widgets.io.docx import DocxReadError
from govinfo_widgets.limits import LimitExceeded

READ = textwrap.dedent(
    """
    import sys, time
    from govinfo_widgets.errors import GovinfoError
    from govinfo_widgets.io import read_report
    t0 = time.monotonic()
    try:
        read_report(open(sys.argv[1], "rb").read(), kind="docx")
        outcome = "read"
    except GovinfoError as e:
        outcome = type(e).__name__
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (a big pytest worker)
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print(outcome, time.monotonic() - t0, hwm // 1024)
    """
)


def read_in_a_fresh_process(path) -> tuple[str, float, int]:
    cp = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True, timeout=300)
    assert cp.returncode == 0, cp.stderr[-2000:]
    outcome, secs, mb = cp.stdout.split()
    return outcome, float(secs), int(mb)


@pytest.mark.parametrize(
    ("make", "refused_as"),
    [(lambda: lying_docx(800), "DocxReadError"), (lambda: big_xml_docx(100), "LimitExceeded")],
    ids=["lying-header-800MB", "document-xml-100MB"],
)
def test_docx_bombs_are_refused_in_bounded_memory_and_time(make, refused_as, tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(make())
    assert path.stat().st_size < 20 * 1024 * 1024
    outcome, secs, mb = read_in_a_fresh_process(path)
    assert outcome == refused_as
    assert mb < 600, f"peak memory {mb} MB"  # main: 800 MB inflated for the lie, ~2 GB for the 100 MB document
    assert secs < 10, f"{secs:.1f} s"


def test_a_lying_header_gives_a_clear_error_in_process():
    t0 = time.monotonic()
    with pytest.raises((DocxReadError, LimitExceeded)) as e:
        read_report(lying_docx(100), kind="docx")
    assert e.value.zh and e.value.en and time.monotonic() - t0 < 10
