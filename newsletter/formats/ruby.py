"""Ruby (furigana) in a note, readable where it is not drawn above its text.

A reading written over its characters, `<ruby>特徴量<rt>とくちょうりょう</rt></ruby>`, is drawn
so by a browser, but the text part, the post on a site that leaves raw HTML out, and a mail
client without ruby (Outlook on Windows) show the words with the tags gone: "特徴量とくちょうりょう",
the reading run into the word as if it were more of the sentence. HTML's own fallback is `<rp>`,
the parentheses a client without ruby shows around the reading (and one with ruby hides); a
ruby the author wrote without them is given them, full-width beside Chinese or Japanese
characters as those languages write them (特徴量（とくちょうりょう）), else "(…)". A ruby with
`<rp>` of its own is left as written.
"""

from __future__ import annotations

import re
import unicodedata

# A ruby ends at its </ruby>, and is none if another <ruby> comes first; no tag runs on past a '<':
# each pattern here looks only as far as the next tag of its kind, so a note of 20,000 '<ruby>'
# left open is read in one pass (where `.*?` to a '</ruby>' scanned to the note's end from each:
# 13 s, every build, and twice that for 40 KB more, as heavy_notes counts no tags)
RUBY = r"<ruby\b[^<>]*>(?:[^<]|<(?!/?ruby\b))*?</ruby\s*>"
_RUBY = re.compile(RUBY, re.S | re.I)
# A reading: its <rt>, to its </rt>, or to where HTML ends it unclosed (the next <rt> or <rp>, or </ruby>)
_READING = re.compile(r"(<rt\b[^<>]*>)(.*?)(?:</rt\s*>|(?=<rt\b|<rp\b|</ruby))", re.S | re.I)
_TAG = re.compile(r"<[^<>]*>")


def with_parentheses(ruby: str) -> str:
    """One `<ruby>…</ruby>` element with `<rp>` parentheses around each reading, unless it has `<rp>`."""
    if re.search(r"<rp\b", ruby, re.I):
        return ruby
    wide = any(unicodedata.east_asian_width(char) in "WF" for char in _TAG.sub("", ruby))
    opening, closing = ("（", "）") if wide else ("(", ")")
    return _READING.sub(lambda m: f"<rp>{opening}</rp>{m[1]}{m[2]}</rt><rp>{closing}</rp>", ruby)


def flattened(ruby: str) -> str:
    """A ruby element's words as a reader without ruby sees them: "特徴量（とくちょうりょう）"."""
    return _TAG.sub("", with_parentheses(ruby))


def flattened_in(html: str) -> str:
    """`html` with each ruby element `flattened`, its other tags as they were."""
    return _RUBY.sub(lambda m: flattened(m[0]), html) if "<ruby" in html.lower() else html
