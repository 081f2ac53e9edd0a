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

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)  # a Markdown code fence's line, opening or closing
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
    """`text`, unless it holds a conflict: then a Problem on its first marker's line. One inside
    a fenced code block is refused too (git's markers in a fence look the same: git writes them
    wherever the lines differ), but the message says how a quoted example passes (attack 32: a
    note on resolving conflicts, quoting git's markers in a fence, was told to resolve one)."""
    if conflict := conflict_lines(text):
        said = advice(*conflict)
        if fence := _fence_around(text, _START.search(text).start()):
            said += (
                f"; if it is an example quoted in the code block that line {fence} opens, not a conflict, indent "
                "its marker lines by a space (the code shows them so), or, in text outside code, escape them "
                "(`&lt;<<<<<<`), and it is read"
            )
        raise Problem(said, conflict[0])
    return text


def _fence_around(text: str, offset: int) -> int | None:
    """The line (1-based) of the fence opening the code block `offset` is in, or None."""
    opened = None  # (its line, its character and length: only a like fence as long closes it)
    for fence in _FENCE.finditer(text, 0, offset):
        mark = fence[1]
        if opened is None:
            opened = (text.count("\n", 0, fence.start()) + 1, mark[0], len(mark))
        elif (
            mark[0] == opened[1]
            and len(mark) >= opened[2]
            and not text[fence.end() : text.find("\n", fence.end())].strip()
        ):
            opened = None
    return opened[0] if opened else None
