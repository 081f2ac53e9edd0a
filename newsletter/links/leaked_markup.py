"""Markup a page left inside a description, as text: "<p>Prime Minister Ishiba…</p>".

Some CMSs fill og:description and JSON-LD's description from the article's teaser as they
store it, HTML and all; the email escapes it, so a reader would see "<p>" before the words.
Only the tags a teaser is written with are taken out, and only when the text shows it is
markup (it opens with one, or closes one): a description *about* "the <p> element" is words.
"""

from __future__ import annotations

import re

_TAGS = r"p|br|div|span|strong|em|b|i|u|a|small|sup|sub|h[1-6]|ul|ol|li|blockquote|figure|figcaption"
_TAG = re.compile(rf"<(/?)({_TAGS})(?:\s[^<>]*)?/?>", re.I)
_CLOSING = re.compile(rf"</(?:{_TAGS})>", re.I)
_BLOCKS = frozenset("p br div h1 h2 h3 h4 h5 h6 ul ol li blockquote figure figcaption".split())


def _gap(tag: re.Match) -> str:
    """A block's edge is a space between words ("<p>One</p><p>Two</p>"); an inline tag none."""
    return " " if tag.group(2).lower() in _BLOCKS else ""


def without_markup(text: str | None) -> str | None:
    """`text` with a teaser's tags taken out, if it holds them; otherwise `text` itself."""
    if not text or "<" not in text or not (_TAG.match(text) or _CLOSING.search(text)):
        return text
    return " ".join(_TAG.sub(_gap, text).split())
