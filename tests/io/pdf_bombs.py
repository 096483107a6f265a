"""Small hostile PDFs made on the spot: decompression bombs, operator floods, an encrypted file."""

from __future__ import annotations

import zlib


def _flate(content: bytes, repeat: int = 1) -> bytes:
    z = zlib.compressobj(9)
    return b"".join(z.compress(content) for _ in range(repeat)) + z.flush()


def _pdf(content: bytes, *, repeat: int = 1, filter_flate: bool = True, encrypt: bool = False) -> bytes:
    """A one-page PDF whose page content stream is ``content`` × ``repeat`` (Flate-compressed unless told not to)."""
    stream = _flate(content, repeat) if filter_flate else content * repeat
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if filter_flate else b"")
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:  # RC4 40-bit, a user password that is not empty: nobody can open it without the password
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"/Size %d /Root 1 0 R" % (len(objs) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objs), b"ab" * 16, b"ab" * 16)
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_flood(mb: float = 5) -> bytes:
    """~10 KB that inflates to ``mb`` MB of text-showing operators (the issue's 114 s / 7.3 GB file)."""
    op = b"BT /F1 9 Tf 72 720 Td (0123456789) Tj ET\n"
    return _pdf(op, repeat=int(mb * 1024 * 1024 / len(op)))


def line_flood(mb: float = 5) -> bytes:
    """A small file that inflates to ``mb`` MB of line-drawing operators (the issue's 119 s / 4.7 GB file)."""
    op = b"72 72 m 500 700 l S\n"
    return _pdf(op, repeat=int(mb * 1024 * 1024 / len(op)))


def deflate_bomb(mb: int = 200) -> bytes:
    """~200 KB whose one stream inflates to ``mb`` MB of spaces (beyond the decoded-stream limit)."""
    return _pdf(b" " * (1024 * 1024), repeat=mb)


def encrypted() -> bytes:
    """A PDF with a standard security handler and a user password."""
    return _pdf(b"BT /F1 12 Tf 72 720 Td (secret) Tj ET\n", encrypt=True)
