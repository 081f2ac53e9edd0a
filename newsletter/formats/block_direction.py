"""A note's paragraph written wholly against the edition's direction, laid out in its own.

An Arabic edition's note quoting an English sentence, "> The library is the last quiet place in
the city. Is it?", was laid out right to left with the rest: flush right, and its last
punctuation at the wrong end ("?the city. Is it"). Such a paragraph (a `<p>`, a heading, a list
item without a list inside) is given its own `dir` and alignment; one that mixes both
directions ("Zotero 8 يدعم العربية") keeps the edition's, which a browser's `dir="auto"` would
have turned by its first word.
"""

from __future__ import annotations

import html
import re
import unicodedata

from newsletter.formats.language_tag import text_direction

# nh3 writes these blocks without attributes; a block holding another block is left alone
_BLOCK = re.compile(r"<(p|h4|li)>((?:(?!<(?:p|h4|li|ul|ol|blockquote|table)\b).)*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")
_LETTERS = {"ltr": {"L"}, "rtl": {"R", "AL"}}


def own_direction(sanitised: str, language: str) -> str:
    """`sanitised` (a note as the email's HTML) with each block written wholly in the other
    direction than `language`'s given that direction."""
    edition = text_direction(language)
    other = "ltr" if edition == "rtl" else "rtl"
    if edition == "ltr" and max(sanitised, default="a") < "\u0590":
        return sanitised  # no right-to-left letter comes before Hebrew's: most English notes

    def one(block: re.Match) -> str:
        found = {unicodedata.bidirectional(char) for char in html.unescape(_TAG.sub("", block[2]))}
        if found & _LETTERS[other] and not found & _LETTERS[edition]:
            align = "left" if other == "ltr" else "right"
            return f'<{block[1]} dir="{other}" style="text-align: {align};">{block[2]}</{block[1]}>'
        return block[0]

    return _BLOCK.sub(one, sanitised)
