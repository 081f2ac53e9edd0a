"""An entry file read as text: UTF-8, or UTF-16 where a byte-order mark says so; no larger than an
entry may be, and holding no git conflict (merge_conflicts.py).

An entry written on Windows comes in what its editor saved: Notepad's "Unicode" is UTF-16 with a
byte-order mark, which says its encoding for certain, so it is read (the file untouched). Bytes
without one are UTF-8 or refused: another encoding would be a guess, and a wrong guess changes
letters in a published post unseen; the refusal names the letter that gave it away."""

from __future__ import annotations

import codecs
from pathlib import Path

from newsletter.fields import Problem
from newsletter.formats import merge_conflicts
from newsletter.models import LARGEST_ENTRY_FILE, oversized

_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read(path: Path, data: bytes | None = None) -> str:
    """The text of the entry file at `path` (its bytes `data`, when read already); raises Problem
    saying what to do when it cannot be read, is too large, is no text or holds a conflict."""
    try:
        size = len(data) if data is not None else path.stat().st_size
        data = path.read_bytes() if data is None and size <= LARGEST_ENTRY_FILE else data
    except OSError as error:
        raise Problem(f"cannot read it ({error.strerror or error}); check it is a file you can read")
    if (too_large := oversized(size, data)) is not None:
        raise Problem(too_large)
    # git's conflict markers, found before YAML or Markdown reads them
    return merge_conflicts.unconflicted(decoded(data))


def decoded(data: bytes) -> str:
    """`data` as text; raises Problem naming the line and what to do when it is neither."""
    encoding = "utf-16" if data.startswith(_UTF16) else "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise Problem("cut short UTF-16 text (an odd number of bytes); save the file again, as UTF-8") from None
        line = data[: error.start].count(b"\n") + 1
        raise Problem(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}{_as_windows(data, error.start)}); "
            "re-save the file as UTF-8 in your editor",
            line,
        ) from None


def encoding_of(data: bytes) -> str:
    """The codec that writes more of the file `data` begins it, as it is written: text added at
    the end of a UTF-16 file in UTF-8 would make it unreadable from there on."""
    return {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}.get(data[:2], "utf-8")


def _as_windows(data: bytes, at: int) -> str:
    """What the byte is in Windows-1252, what Notepad and Word on Windows save as "ANSI", when the
    file reads as that: ', which is 'é' in Windows-1252'."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return f", which is '{data[at : at + 1].decode('cp1252')}' in Windows-1252 (\"ANSI\")"
