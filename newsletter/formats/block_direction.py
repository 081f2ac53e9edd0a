"""A note's paragraph written wholly against the edition's direction, laid out in its own.

An Arabic edition's note quoting an English sentence, "> The library is the last quiet place in
the city. Is it?", was laid out right to left with the rest: flush right, and its last
punctuation at the wrong end ("?the city. Is it"). Such a paragraph (a `<p>`, a heading, a list
item without a list inside, holding its paragraphs or not) is given its own `dir` and alignment. One that mixes both
directions takes that of most of its words: "Zotero 8 يدعم العربية" keeps an Arabic edition's,
which a browser's `dir="auto"` would have turned by its first word, and "The Arabic word مكتبة
means library." is laid out left to right in it.
"""

from __future__ import annotations

import html
import re

from newsletter.formats.language_tag import ADDRESS, may_hold_right_to_left, text_direction, words_of_each

# nh3 writes these blocks without attributes; a block holding another block is left alone
_BLOCK = re.compile(r"<(p|h[4-6]|li)>((?:(?!<(?:p|h[4-6]|li|ul|ol|blockquote|table)\b).)*?)</\1>", re.S)
# A loose list's item holds its words in paragraphs: given a direction they were, and not the item,
# so an English item's bullet stayed at the right of an Arabic edition, outside its text's column
_LOOSE_ITEM = re.compile(r"<(li)>(\s*<p[ >](?:(?!<(?:li|ul|ol|blockquote|table|h[4-6])\b).)*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")
# Not words of a language, and often longer than the sentence around them: code, and an address
# (ADDRESS: "اقرأ هنا: https://…/library-quiet-place" is Arabic; counted, its address made it English)
_CODE = re.compile(r"<code(?: [^>]*)?>.*?</code>", re.S)  # (dir="ltr" on code in a sentence)


def own(words: str, written: str, edition: str) -> bool:
    """Whether a block of `words` (its text less code), `written` as it is (with code), is to be
    laid out in the other direction than the `edition`'s ("ltr" or "rtl"): most of its words are
    (language_tag.words_of_each), not counting an address; with no word but in code or an
    address, most of those."""
    right, left = words_of_each(ADDRESS.sub("", words))
    if not right and not left:  # only code or an address: laid out as it is written
        right, left = words_of_each(written)
    return (left > right) if edition == "rtl" else (right > left)


def own_direction(sanitised: str, language: str) -> str:
    """`sanitised` (a note as the email's HTML) with each block written mostly in the other
    direction than `language`'s given that direction."""
    edition = text_direction(language)
    other = "ltr" if edition == "rtl" else "rtl"
    if edition == "ltr" and not may_hold_right_to_left(sanitised):
        return sanitised  # most English notes

    def one(block: re.Match) -> str:
        words = html.unescape(_TAG.sub("", _CODE.sub("", block[2])))
        if own(words, html.unescape(_TAG.sub("", block[2])), edition):
            align = "left" if other == "ltr" else "right"
            # an item's bullet goes to its own start, outside the column where the list's padding
            # (22 px, the email's) is on the other side: it gets that room on its own side
            room = f" margin-{align}: 22px;" if block[1] == "li" else ""
            return f'<{block[1]} dir="{other}" style="text-align: {align};{room}">{block[2]}</{block[1]}>'
        return block[0]

    return _LOOSE_ITEM.sub(one, _BLOCK.sub(one, sanitised))
