"""One line of plain text that also reads as itself where a theme makes Markdown of it.

A post's `description` is printed as text by most themes (Go's templates escape it) and put
through `markdownify` by others (Terminal's list of posts). Escaping it for Markdown would show
its backslashes in the first; leaving it as it is let a fetched title such as
'![x](https://tracker.example/p.gif)' load a tracker's image on the home page. So what would
read as a tag, a link or an image in Markdown is left out, keeping its words, as the text reads
without them.
"""

from __future__ import annotations

import re

from newsletter.formats.raw_html import without_tags

# An inline link or image whose text holds no bracket (so the innermost goes first, and an image
# in a link is its words before the link is): `[text](dest "title")`, dest bare (one level of
# parentheses in it) or in <…>.
_INLINE_LINK = re.compile(
    r"!?\[([^\[\]]*)\]\(\s*(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)"
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\)"""
)


def without_markup(text: str) -> str:
    """`text` on one line, its tags, links and images left out and their words kept. Each
    removal can make another (a tag inside a link's address, brackets around a tag), so both go
    until nothing changes; each pass only removes characters, so that ends."""
    text = " ".join(text.split())
    while True:
        plain = " ".join(_INLINE_LINK.sub(r"\1", without_tags(text)).split())
        if plain == text:
            return plain
        text = plain
