"""The one way to give feedparser a feed: as a file object, and never letting it raise.

Given bytes or a str, feedparser first tries them as a *file name* (and a str as a URL to
fetch), which a hostile server could exploit: it always gets a file object here. It means to
report a broken feed by setting `bozo` and return what it could read, but raises on some input
(feedparser#591, #599, open upstream): a numeric character reference to no character
(UnicodeEncodeError, ValueError, OverflowError), an entity holding a backslash (re.error). So
a feed it raises on is read again with its references mended, and failing that, the answer is
an empty one with `bozo` set, as feedparser would give: import, `meta` and a build's podcast
and arXiv lookups all took the traceback.
"""

from __future__ import annotations

import io
import re

import feedparser

_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def parse(body: bytes, **options) -> feedparser.FeedParserDict:
    """feedparser's reading of `body` (`options` are feedparser.parse's); never raises."""
    try:
        return feedparser.parse(io.BytesIO(body), **options)
    except Exception:  # mostly references to no character: an emoji written as its UTF-16 halves
        pass
    try:
        return feedparser.parse(io.BytesIO(valid_references(body)), **options)
    except Exception as error:
        return feedparser.FeedParserDict(feed=feedparser.FeedParserDict(), entries=[], bozo=1, bozo_exception=error)


def valid_references(data: bytes) -> bytes:
    """`data` with every numeric character reference naming a character. Two that are the UTF-16
    halves of one character (&#55357;&#56832;, as some feeds write an emoji) become that
    character; any other surrogate, or a number past U+10FFFF, becomes U+FFFD."""
    out, at, matches = [], 0, list(_REFERENCE.finditer(data))
    index = 0
    while index < len(matches):
        match = matches[index]
        code = _code(match)
        after = matches[index + 1] if index + 1 < len(matches) else None
        low = _code(after) if after and after.start() == match.end() else None
        if 0xD800 <= code <= 0xDBFF and low is not None and 0xDC00 <= low <= 0xDFFF:
            out += [data[at : match.start()], b"&#%d;" % (0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))]
            at, index = after.end(), index + 2
            continue
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            out += [data[at : match.start()], b"&#xFFFD;"]
            at = match.end()
        index += 1
    return b"".join(out) + data[at:]


def _code(match: re.Match) -> int:
    return int(match[1], 16) if match[1] else int(match[2])
