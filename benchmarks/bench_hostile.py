"""Hostile inputs (issue 12): exit code, seconds and peak memory of ``govinfo check`` on DOCX bombs and malformed JSON.

Run ``python benchmarks/bench_hostile.py [SOURCE_TREE]``: each case runs in a fresh process under ``/usr/bin/time -v``
with ``PYTHONPATH=SOURCE_TREE`` (default: this checkout), so an older tree can be measured for "before".
Each run is capped at 150 s and 6 GB of address space (a runaway is reported as such, not waited for).
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def deflate_stream(chunk: bytes, repeat: int, head: bytes = b"", tail: bytes = b"") -> tuple[bytes, int, int]:
    """Raw deflate of head + chunk * repeat + tail, made without holding (or compressing) the inflated bytes.

    After a full flush a deflate stream starts afresh, so the compressed form of ``chunk`` is the same block
    every time: it is made once and repeated.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(repeat):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return start + block * repeat + end, crc, len(head) + len(chunk) * repeat + len(tail)


def blank_docx() -> bytes:
    """A real (empty) Word package, so that any reader gets as far as ``word/document.xml``."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def docx_with(comp: bytes, crc: int, claimed: int) -> bytes:
    """A blank Word package whose document.xml is the raw deflate ``comp``, its headers claiming ``claimed`` bytes.

    Built by hand (local headers, data, central directory) so that the sizes can say anything.
    """
    zf = zipfile.ZipFile(io.BytesIO(blank_docx()))
    parts, central, offset = [], [], 0
    for info in zf.infolist():
        name = info.filename.encode()
        if info.filename == "word/document.xml":
            body, c, csize, usize = comp, crc, len(comp), claimed
        else:
            raw = zf.read(info.filename)
            co = zlib.compressobj(9, zlib.DEFLATED, -15)
            body = co.compress(raw) + co.flush()
            c, csize, usize = zlib.crc32(raw), len(body), len(raw)
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, c, csize, usize, len(name), 0) + name
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, c, csize, usize, len(name), 0, 0, 0, 0, 0, offset
            )
            + name
        )
        parts.append(local + body)
        offset += len(local) + len(body)
    cd = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(cd), offset, 0)
    return b"".join(parts) + cd + end


def lying_docx(inflated_mb: int, claimed: int = 4096) -> bytes:
    """A .docx whose document.xml inflates to ``inflated_mb`` MB while its headers claim ``claimed`` bytes."""
    head = f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    comp, crc, _size = deflate_stream(b"A" * (1 << 20), inflated_mb, head, tail)
    return docx_with(comp, crc, claimed)


def big_xml_docx(xml_mb: int) -> bytes:
    """An honest .docx whose document.xml is ``xml_mb`` MB of real paragraphs (headers tell the truth)."""
    import random

    rnd = random.Random(1)
    para = "".join(
        f"<w:p><w:r><w:t>第{i}段 {rnd.randrange(10**9)} 政府信息公开 {rnd.randrange(10**6)}</w:t></w:r></w:p>"
        for i in range(2000)
    ).encode()
    repeat = max(1, xml_mb * (1 << 20) // len(para))
    head = f'<?xml version="1.0"?><w:document {W}><w:body>'.encode()
    comp, crc, size = deflate_stream(para, repeat, head, b"</w:body></w:document>")
    return docx_with(comp, crc, size)


def cases(tmp: Path) -> dict[str, Path]:
    out = {}

    def put(name, data):
        p = tmp / name
        p.write_bytes(data)
        out[name] = p

    put("lying_2g.docx", lying_docx(2200))
    put("xml_191mb.docx", big_xml_docx(191))
    put("xml_60mb.docx", big_xml_docx(60))
    good = json.loads((ROOT / "data" / "reports" / "000.json").read_text("utf-8"))
    good["cells"]["t3.granted.natural_person"] = 10**400
    put("cell_400_digits.json", json.dumps(good).encode())
    put("deep.json", b"[" * 100_000 + b"]" * 100_000)
    put(
        "year_string.json",
        (ROOT / "data" / "reports" / "000.json").read_bytes().replace(b'"year": 2023', b'"year": "x"'),
    )
    put("bom.json", b"\xef\xbb\xbf" + (ROOT / "data" / "reports" / "000.json").read_bytes())
    return out


def run(tree: Path, path: Path) -> tuple[int, float, float, str]:
    cmd = [
        "/usr/bin/time",
        "-v",
        "timeout",
        "150",
        "bash",
        "-c",
        f"ulimit -v {6 * 1024 * 1024}; exec {sys.executable} -m govinfo_widgets check {path}",
    ]
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}
    cp = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=path.parent)  # cwd: not this checkout
    rss = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", cp.stderr).group(1)) / 1024
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", cp.stderr).group(1)
    secs = sum(float(x) * 60**i for i, x in enumerate(reversed(wall.split(":"))))
    err = [
        ln for ln in cp.stderr.split("\tCommand being timed")[0].strip().splitlines() if not ln.startswith("Command ")
    ]
    tb = "traceback" if any("Traceback" in ln for ln in err) else ""
    return cp.returncode, secs, rss, tb or (err[-1][:90] if err else "")


def main() -> None:
    tree = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    with tempfile.TemporaryDirectory() as d:
        for name, path in cases(Path(d)).items():
            code, secs, rss, msg = run(tree, path)
            size = path.stat().st_size / 1024
            print(f"| {name} ({size:,.0f} KB) | {code} | {secs:.1f} s | {rss:,.0f} MB | {msg} |", flush=True)


if __name__ == "__main__":
    main()
