"""The entries a process parsed, by file, kept for its next read of the same text.

At a terminal the waiting process reads its period again at every save of a note (commands/
prepared.py), where one file changed, and parsed all fifty: each one's front matter looked up
in its store, checked and decoded, and every field through its rule, a tenth of making the
edition ahead. A file is parsed again unless both its text and what else its entry is read by
(`made_on`: fields.read_against) are what they were when it was kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# The last KEPT files parsed, oldest first: a period's fifty stay, and `build --all` over an
# archive of 20,000 entries keeps no more than these.
KEPT = 1000
_PARSED: dict[Path, tuple] = {}  # path -> (text, made_on, what parsing it made)


def kept_parse(path: Path, text: str, parse: Callable, made_on: tuple):
    """`parse(text)`, or what it made of the same `text` and `made_on` before (a parse that
    raised is not kept). The caller must not change what it is given: the next read gets it."""
    kept = _PARSED.get(path)
    if kept is not None and kept[0] == text and kept[1] == made_on:
        return kept[2]
    made = parse(text)
    _PARSED[path] = (text, made_on, made)
    if len(_PARSED) > KEPT:
        del _PARSED[next(iter(_PARSED))]
    return made
