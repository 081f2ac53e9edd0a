"""The bodies of the edition's .eml, encoded for transport: each in UTF-8 with CRLF line ends,
in quoted-printable or base64, whichever is shorter. binascii's C encoders do the work; the
email package's own body encoders are pure Python, line by line, and were a fifth of a build.
"""

from __future__ import annotations

import binascii


def part(boundary: str, subtype: str, text: str | bytes) -> bytes:
    """One body of the multipart message, after its boundary: text/`subtype` in UTF-8, its
    lines ending in CRLF, in the shorter of its two encodings."""
    encoding, body = encoded(crlf_lines(text))
    head = (
        f'--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
    )
    return head.encode("ascii") + body


def crlf_lines(text: str | bytes) -> bytes:
    """UTF-8, every line ending in CRLF (as the email package's set_content gives a body): what
    joining the bytes' splitlines() gives (at CR, LF or CRLF), by replacing the line ends in C,
    not by making an object of each of the email's thousands of lines."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    data = data.replace(b"\n", b"\r\n")
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def encoded(data: bytes) -> tuple[str, bytes]:
    """A body's Content-Transfer-Encoding and the body in it: the shorter of quoted-printable and
    base64, as the email package's set_content chooses (from a body's first ten lines only).
    The HTML was always base64, a third larger than the mostly ASCII markup of an English
    edition is in quoted-printable, and a text part scored by filters as disguised (rspamd's
    MIME_BASE64_TEXT); the text was always quoted-printable, which writes each byte of Japanese
    or Arabic as three characters, so a Japanese edition's text part was twice its base64."""
    quoted = _quoted_printable(data)
    # (base64's length is known from the size alone: an English edition's 250 KB of HTML, which
    # goes quoted-printable, was encoded in base64 too only to be measured, at every build)
    return ("quoted-printable", quoted) if len(quoted) <= base64_length(len(data)) else ("base64", _base64(data))


def base64_length(size: int) -> int:
    """len(_base64(data)) for `size` bytes of data, unencoded: four characters for each three
    bytes or part of three, and a CRLF after each line of 76 and after the last."""
    characters = 4 * ((size + 2) // 3)
    return characters + 2 * ((characters + 75) // 76)


def _quoted_printable(data: bytes) -> bytes:
    """binascii's quoted-printable, with no line over RFC 2045's 76 characters: it lets a line
    that ends in an encoded space or tab (=20, =09) run two past, so such a line is broken once
    more, never inside an =XX escape. A line beginning "From " begins "=46rom " (RFC 2049's
    advice), the same text to a reader: a mailbox file (mbox, where Thunderbird's local folders,
    mutt and many servers' deliveries keep mail) begins each message with "From ", so it stores
    such a line as ">From ", and a paragraph "From the archives..." was read ">From the archives"
    (and no longer matched the DKIM signature)."""
    encoded = _mbox_safe(binascii.b2a_qp(data, istext=True))
    # every other line beginning "From " at once (a line ends in CRLF here; a note's "From the
    # archives..." sent every line of the edition through the loop below, a millisecond each)
    encoded = encoded.replace(b"\r\nFrom ", b"\r\n=46rom ")
    lines = encoded.split(b"\r\n")
    if max(map(len, lines)) <= 76:
        return encoded
    out = []
    for line in lines:
        while len(line) > 76:
            cut = 75
            while b"=" in line[cut - 2 : cut]:  # not between "=" and its two hex digits
                cut -= 1
            out.append(line[:cut] + b"=")
            line = _mbox_safe(line[cut:])
        out.append(line)
    return b"\r\n".join(out)


def _mbox_safe(line: bytes) -> bytes:
    return b"=46" + line[1:] if line.startswith(b"From ") else line


def _base64(data: bytes) -> bytes:
    """base64.encodebytes with CRLF: 76-character lines, cut from one C-encoded string
    (encodebytes encodes line by line in Python)."""
    encoded = binascii.b2a_base64(data, newline=False)
    lines = [encoded[start : start + 76] for start in range(0, len(encoded), 76)]
    return b"\r\n".join(lines) + b"\r\n" if lines else b""  # (a list and one join: not a copy of each line)
