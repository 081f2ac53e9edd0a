"""An entry written in another language than the log's (`language: en` in Layla's Arabic log),
read in its own voice and quoted in its own way.

Its notes were given `dir` from their script (block_direction) but no `lang`, so a screen reader
read the English in an Arabic voice, and their straight quotes became the log's («is variational
inference good enough?»). Such an entry's notes are parsed with its language's quotes (and so its
spacing: French's no-break spaces only in French), and marked with its tag wherever they are shown
as HTML: a wrapper in the email, its web page and the feeds (`lang`, and `dir` where its direction is
not the edition's), and Goldmark's block attributes in the post (post_direction).
"""

from __future__ import annotations

from markupsafe import escape

from newsletter.formats.font_stack import font_stack
from newsletter.formats.language_tag import primary, text_direction
from newsletter.formats.notes import NoteParser
from newsletter.formats.wording import Wording


def other(written_in: str | None, language: str) -> str | None:
    """The entry's language when it is another than the edition's `language` ("en" in an "ar"
    log; not "en-GB" in an "en" one, which reads and quotes alike); else None."""
    if not written_in or primary(written_in) == primary(language):
        return None
    return written_in


def parser_for(notes: NoteParser, written_in: str | None, language: str) -> NoteParser:
    """The parser of an entry's notes: the build's, or, for an entry in another language, one
    turning straight quotes into that language's (English's “ ” in an Arabic or French log)."""
    tag = other(written_in, language)
    return notes if tag is None else notes.quoted_as(Wording(tag).quotes())


def wrapped(html: str, written_in: str | None, language: str) -> str:
    """A note's HTML in a block saying its language, and its direction when that is not the
    edition's (aligned to its own start: the email's column is aligned to the edition's)."""
    tag = other(written_in, language)
    if tag is None or not html:
        return html
    direction = text_direction(tag)
    fonts = _own_fonts(tag, language)
    if direction == text_direction(language):
        style = f' style="{fonts}"' if fonts else ""
        return f'<div lang="{escape(tag)}"{style}>{html}</div>'
    align = "left" if direction == "ltr" else "right"
    style = f"text-align: {align};" + (f" {fonts}" if fonts else "")
    return f'<div lang="{escape(tag)}" dir="{direction}" style="{style}">{html}</div>'


def _own_fonts(tag: str, language: str) -> str:
    """The font-family of an entry whose language has fonts of its own that the edition's stack
    does not name first (formats/font_stack.py), else "": new user 51's (Yuki) Chinese entry in her
    Japanese edition was drawn in Hiragino Sans and Meiryo, the Chinese forms of 词 or 变 that
    Japanese fonts lack in a Chinese font beside them; a Japanese entry in an English log in the
    Latin fonts alone, its characters in whatever the client's fallback chose. An English entry
    keeps the edition's stack, which begins with the same Latin fonts."""
    fonts = font_stack(tag)
    if fonts == font_stack(language) or fonts == font_stack("en"):
        return ""
    return f"font-family: {escape(fonts)};"
