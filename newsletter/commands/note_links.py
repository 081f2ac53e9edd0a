"""The links a reader can follow in an entry's notes or an edition's intro, for `check`.

A dead link in the notes embarrasses as much as a dead entry link; the build only swaps the
entry's own link for an archived copy, so these are the author's to fix. Links are found by a
CommonMark parser with linkify, as Hugo's Goldmark makes them on the blog (inline, reference
and autolinks, and bare addresses), so a link inside code, or `[x](url)` shown as code, is not
one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote


def links_in(path: Path) -> list[tuple[str, int]]:
    """Each distinct http(s) link in the file's body (after its front matter), with the line of the
    file it is first on. An unreadable file has none: the build's own reading reports it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    start = _body_start(lines)  # as the build reads it: a link in the front matter is no note's
    body = "\n".join(lines[start:])
    found: dict[str, int] = {}
    for block in _parser().parse(body):
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            href = token.attrGet("href") if token.type == "link_open" else None
            if isinstance(href, str) and href.lower().startswith(("http://", "https://")) and href not in found:
                found[href] = start + _line_of(href, lines[start:], block.map) + 1
    return list(found.items())


# front_matter._split's delimiter: the build takes what is between the first two such lines
# (after blank ones) as front matter, so a link there (an `image:`) is no note's
_DELIMITER = re.compile(r"-{3,}\s*")


def _body_start(lines: list[str]) -> int:
    """The index of the first line after the front matter (0 when there is none)."""
    first = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or not _DELIMITER.fullmatch(lines[first].strip()):
        return 0
    return next((number + 1 for number in range(first + 1, len(lines)) if _DELIMITER.fullmatch(lines[number])), 0)


def _line_of(href: str, body: list[str], span: list[int] | None) -> int:
    """The body's line (0-based) within the paragraph's `span` that shows the link; the
    paragraph's first line when it is written differently (a reference defined further down,
    an address with escaped characters)."""
    first, end = span or (0, 0)
    # as typed: the parser gives "www.x.org" as "http://www.x.org", an accent or a space
    # percent-encoded, and each was said to be on the paragraph's first line
    typed = unquote(href).rstrip("/")
    forms = (href.rstrip("/"), typed, typed.split("://", 1)[-1])
    for number in range(first, end):
        if any(form in body[number] for form in forms):
            return number
    return first


@cache
def _parser():
    from markdown_it import MarkdownIt  # only when checking: ~40 ms to load

    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
