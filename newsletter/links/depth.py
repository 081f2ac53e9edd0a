"""Bounding a page's nesting before it is parsed, so extraction stays linear in the page's size.

An HTML5 parser looks through its stack of open elements for many start tags (is a `<p>` in
scope? where does this `<li>` end?), so a page nesting 16,000 `<div>`s or `<li>`s costs it time
quadratic in the depth: seconds, for a 100 KB page. Real pages nest a few dozen levels; browsers
stop building deeper than about 512. `shallow` cuts the text at the first tag that would open
level MAX_DEPTH, in one forward scan; the metadata a page has is in its head and its first
levels, which are kept.
"""

from __future__ import annotations

import re

MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)|<!--")
# Elements that never hold others, or whose end tag is implied by their next sibling: they
# do not deepen the tree however many of them are left open.
_FLAT = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "param",
    "keygen",
    "p",
    "li",
    "dt",
    "dd",
    "option",
    "optgroup",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "colgroup",
    "caption",
    "rb",
    "rt",
    "rp",
    "rtc",
    "html",
    "head",
    "body",
}
# Elements whose content is text up to their end tag, not markup.
_RAW = {
    name: re.compile(rf"</{name}\b", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext")
}


def shallow(text: str | bytes, max_depth: int = MAX_DEPTH) -> str | bytes:
    """`text`, cut before the tag that would nest elements `max_depth` deep. UTF-8 bytes (what
    the parser reads fastest) come back as they are when they cannot nest that deep."""
    if isinstance(text, bytes):
        if text.count(b"<", 0, 1_000_000) < max_depth and len(text) <= 1_000_000:
            return text
        text = text.decode("utf-8", "replace")
    if text.count("<", 0, 1_000_000) < max_depth and len(text) <= 1_000_000:
        return text  # too few tags to nest that deep: nothing to scan
    depth, position = 0, 0
    while (match := _TAG.search(text, position)) is not None:
        position = match.end()
        if match[0] == "<!--":
            end = text.find("-->", position)
            if end < 0:
                break
            position = end + 3
            continue
        closing, name = match[1], match[2].lower()
        if name in _RAW and not closing:
            end = _RAW[name].search(text, position)
            if end is None:
                break
            position = end.end()
        elif name in _FLAT:
            continue
        elif closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth >= max_depth:
                return text[: match.start()]
    return text
