"""A file git left mid-merge: its conflict markers, found before its text is read as anything.

Two authors sharing one log in one repository meet a `git pull` that conflicts in an entry, a
month's `_index.md` or its `_archive.toml`. git leaves both sides in the file between
`<<<<<<<` and `>>>>>>>`. In front matter that read as "not valid YAML, check quotes and
colons", a wrong lead; in the notes it read as Markdown, both sides and the markers going out in
the email and the post ("=======" under a line is a Markdown heading) with `check` silent. A
line beginning `<<<<<<<` with a `>>>>>>>` line after it is git's, not an author's: Markdown
has no use for seven angle brackets at a line's start.
"""

from __future__ import annotations

import re

from newsletter.fields import Problem

_START = re.compile(r"^<<<<<<<(?:[ \t][^\r\n]*)?\r?$", re.M)
_END = re.compile(r"^>>>>>>>(?:[ \t][^\r\n]*)?\r?$", re.M)


def conflict_lines(text: str) -> tuple[int, int] | None:
    """The lines (1-based) of the first conflict's `<<<<<<<` and `>>>>>>>`, or None."""
    start = _START.search(text)
    end = start and _END.search(text, start.end())
    if not end:
        return None
    return text.count("\n", 0, start.start()) + 1, text.count("\n", 0, end.start()) + 1


def advice(first: int, last: int, keep_both: bool = False) -> str:
    """What to tell the author of a file with a conflict between lines `first` and `last`."""
    keep = "keep both sides' records (each link once)" if keep_both else "keep what you want of each side"
    return (
        f"an unresolved git merge conflict (lines {first}-{last}, from `<<<<<<<` to `>>>>>>>`); "
        f"{keep}, delete the marker lines (<<<<<<<, =======, >>>>>>>), then `git add` the file"
    )


def unconflicted(text: str) -> str:
    """`text`, unless it holds a conflict: then a Problem on its first marker's line."""
    if conflict := conflict_lines(text):
        raise Problem(advice(*conflict), conflict[0])
    return text
