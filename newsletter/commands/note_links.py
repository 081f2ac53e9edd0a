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
from typing import NamedTuple
from urllib.parse import unquote


class NoteLink(NamedTuple):
    url: str  # as the parser gives it, and a browser asks for it: "https://xn--bcher-kva.de/stra%C3%9Fe"
    line: int  # of the file, from 1
    written: str  # as the author wrote it, to name it by: "https://bücher.de/straße"


def links_in(path: Path) -> list[NoteLink]:
    """Each distinct http(s) link in the file's body (after its front matter), with the line of the
    file it is first on. An unreadable file has none: the build's own reading reports it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    start = _body_start(lines)  # as the build reads it: a link in the front matter is no note's
    body = "\n".join(lines[start:])
    found: dict[str, NoteLink] = {}
    for block in _parser().parse(body):
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            href = token.attrGet("href") if token.type == "link_open" else None
            if isinstance(href, str) and href.lower().startswith(("http://", "https://")) and href not in found:
                number, written = _written(href, lines[start:], block.map)
                found[href] = NoteLink(href, start + number + 1, written)
    return list(found.values())


# front_matter._split's delimiter: the build takes what is between the first two such lines
# (after blank ones) as front matter, so a link there (an `image:`) is no note's
_DELIMITER = re.compile(r"-{3,}\s*")


def _body_start(lines: list[str]) -> int:
    """The index of the first line after the front matter (0 when there is none)."""
    first = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or not _DELIMITER.fullmatch(lines[first].strip()):
        return 0
    return next((number + 1 for number in range(first + 1, len(lines)) if _DELIMITER.fullmatch(lines[number])), 0)


def _written(href: str, body: list[str], span: list[int] | None) -> tuple[int, str]:
    """The body's line (0-based) within the paragraph's `span` that shows the link, and the link
    as written there; else (a reference defined further down) the paragraph's first line and the
    link as a reader reads it. `check` printed the parser's form, 'K%C3%A4se', of a 'Käse' the
    author wrote, and said each one written otherwise to be on its paragraph's first line."""
    first, end = span or (0, 0)
    read = _parser().normalizeLinkText(href)  # the host and the letters decoded: bücher.de/straße
    forms = list(dict.fromkeys([href, read, unquote(href)]))  # (unquote: "a b" for "a%20b")
    forms += [form.split("://", 1)[-1] for form in forms]  # the parser gives "www.x.org" as "http://www.x.org"
    for number in range(first, end):
        for form in forms:
            for typed in (form, form.rstrip("/")):
                if typed in body[number]:
                    return number, typed if typed.isprintable() else href
    return first, read if read.isprintable() else href  # (printable: no escape sequence, no bidi override)


@cache
def _parser():
    from markdown_it import MarkdownIt  # only when checking: ~40 ms to load

    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
