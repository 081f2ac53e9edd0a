"""The author's Markdown as the post carries it (`post.authors_markdown`), kept in the notes
cache with the email's HTML and text of each note: `build --all` rebuilt every note's Markdown
for the post on each run (its headings moved down by a CommonMark parse, its links and
shortcodes made harmless), ~2.6 ms of each edition, the same text every time.

What is kept is keyed by the text, its options and the code that makes it: the files of
`post.py`, `raw_html.py` and `closing_quotes.py` and markdown-it's `__init__` (where its version is), so a change to
any of them makes the next build write every note again, with nothing to remember to change by
hand.
"""

from __future__ import annotations

import functools
import hashlib

from markupsafe import Markup

from newsletter import __version__
from newsletter.formats import post
from newsletter.formats.code_stamp import stamp
from newsletter.formats.notes import NoteParser


@functools.cache
def _code() -> str:
    # markdown-it's __init__ states its version: read, not imported (~40 ms of every build, where
    # only a note with footnotes or link references that was not kept is parsed by it)
    made = hashlib.sha256(__version__.encode())
    for package, name in (
        ("markdown_it", "__init__.py"),
        (__package__, "post.py"),
        (__package__, "raw_html.py"),
        (__package__, "closing_quotes.py"),
    ):
        made.update(b"\0" + stamp(package, name))
    return made.hexdigest()[:16]


def made_kind(headings: int, *, shortcodes: bool, raw_html: bool) -> str:
    """What a note's Markdown for the post is kept under (NoteParser.prefetch), with `own` labels."""
    return f"post-markdown\0{_code()}\0{headings}\0{shortcodes}\0{raw_html}"


def authors_markdown(
    source, headings: int = 2, *, notes: NoteParser, shortcodes: bool, raw_html: bool, own: bool = True
) -> Markup:
    """`post.authors_markdown(source, headings, shortcodes=..., own=True, raw_html=...)`, once
    across builds. A template of the author's may still ask for `own=false`, as the filter
    took before it was kept: that one is made each time."""
    if not isinstance(source, str) or not own:  # (what is no text fails there, as it did)
        return post.authors_markdown(source, headings, shortcodes=shortcodes, own=own, raw_html=raw_html)
    kind = made_kind(headings, shortcodes=shortcodes, raw_html=raw_html)
    kept = notes.kept(kind, source)
    if kept is None:
        kept = str(post.authors_markdown(source, headings, shortcodes=shortcodes, own=True, raw_html=raw_html))
        notes.keep(kind, source, kept)
    return Markup(kept)
