"""Tables for a terminal, measured in the cells a terminal gives each character: two for a
Chinese or Japanese character or an emoji, none for a combining accent or a joiner, one for
the rest. Counted in code points, a column holding such titles pushed the next ones aside."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_cells(c) for c in text)


def _cells(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def pad(text: str, size: int) -> str:
    """`text` followed by spaces up to `size` cells."""
    return text + " " * max(0, size - width(text))


def clip(text: str, size: int, *, keep_end: bool = False) -> str:
    """`text` in at most `size` cells, cut with "…" (at its start when `keep_end`)."""
    if width(text) <= size:
        return text
    kept, used = [], 0
    for char in reversed(text) if keep_end else text:
        if used + _cells(char) > size - 1:
            break
        kept.append(char)
        used += _cells(char)
    return "…" + "".join(reversed(kept)) if keep_end else "".join(kept) + "…"
