"""The links a reader can follow in an entry's notes or an edition's intro, for `check`.

A dead link in the notes embarrasses as much as a dead entry link; the build only swaps the
entry's own link for an archived copy, so these are the author's to fix. Links are found by a
CommonMark parser with linkify, as Hugo's Goldmark makes them on the blog (inline, reference
and autolinks, and bare addresses), so a link inside code, or `[x](url)` shown as code, is not
one.
"""

from __future__ import annotations

import bisect
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
        paragraph = _Paragraph(lines[start:], block.map)
        for token in block.children:
            paragraph.passed(token)
            href = token.attrGet("href") if token.type == "link_open" else None
            if isinstance(href, str) and href.lower().startswith(("http://", "https://")) and href not in found:
                number, written = paragraph.line_of(href)
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


class _Paragraph:
    """Where in a paragraph each of its links is, read in the order the parser gives them.

    Each link was looked for in every line of its paragraph from the first: a note of 8,000
    links, one a line, took 13 s to check before a request went out, and 100,000 half an hour;
    as many on one 10 MB line the same. The line a link starts on is counted from the line
    breaks before it; its address is looked for from there, after the one before it, and
    only so far: past that (a reference defined further down) the link is on that line."""

    _LOOK = 4096  # characters: a link's text and address, past the line it starts on

    def __init__(self, body: list[str], span: list[int] | None):
        self.first, end = span or (0, 0)
        self.text = "\n".join(body[self.first : end])
        self.starts = [0]  # where each of the paragraph's lines starts in self.text
        for line in body[self.first : end - 1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.breaks = 0  # line breaks passed: the line the next link starts on
        self.after = 0  # where the last link found ends

    def passed(self, token) -> None:
        if token.type in ("softbreak", "hardbreak"):
            self.breaks += 1
        elif token.type == "html_inline":
            self.breaks += token.content.count("\n")

    def line_of(self, href: str) -> tuple[int, str]:
        """The body's line (0-based) that shows the link, and the link as written there: the
        parser gives "www.x.org" as "http://www.x.org", and an accent or a space percent-encoded,
        which `check` printed ('K%C3%A4se' for the 'Käse' the author wrote). Else (a reference
        defined further down) the line it starts on, and the link as a reader reads it."""
        line = min(self.breaks, len(self.starts) - 1)
        begin = max(self.after, self.starts[line])
        read = _parser().normalizeLinkText(href)  # the host and the letters decoded: bücher.de/straße
        forms = list(dict.fromkeys([href, read, unquote(href)]))  # (unquote: "a b" for "a%20b")
        forms += [form.split("://", 1)[-1] for form in forms]
        for typed in (each for form in forms for each in dict.fromkeys([form, form.rstrip("/")]) if each):
            at = self.text.find(typed, begin, begin + self._LOOK + len(typed))
            if at >= 0:
                self.after = at + len(typed)
                line = bisect.bisect_right(self.starts, at) - 1
                return self.first + line, typed if typed.isprintable() else href
        # (printable: no escape sequence, no bidi override)
        return self.first + line, read if read.isprintable() else href


@cache
def _parser():
    from markdown_it import MarkdownIt  # only when checking: ~40 ms to load

    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
