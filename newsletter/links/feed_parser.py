"""The one way to give feedparser a feed: as a file object, and never letting it raise.

Given bytes or a str, feedparser first tries them as a *file name* (and a str as a URL to
fetch), which a hostile server could exploit: it always gets a file object here. It means to
report a broken feed by setting `bozo` and return what it could read, but raises on some input
(feedparser#591, #599, open upstream): a numeric character reference to no character
(UnicodeEncodeError, ValueError, OverflowError), an entity holding a backslash (re.error). So
a feed it raises on is read again with its references mended, and failing that, the answer is
an empty one with `bozo` set, as feedparser would give: import, `meta` and a build's podcast
and arXiv lookups all took the traceback.

A feed that declares XML entities is not read at all: no RSS or Atom feed needs them, and
nested ones ("billion laughs") expand a few hundred bytes into gigabytes. expat >= 2.4 stops
that, but then feedparser reads the feed again with its loose parser (0.7 s for a 1 KB feed,
the item kept with its references unexpanded); an older expat would expand it whole. So the
answer is an empty one with `bozo` set and DeclaresEntities as its reason.
"""

from __future__ import annotations

import io
import re

import feedparser

# an entity declaration, in the encodings a feed's bytes may be in (UTF-8 and the ASCII
# supersets, UTF-16 either way): only a DTD's internal subset can hold one
_DECLARATIONS = tuple("<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))


class DeclaresEntities(ValueError):
    """A feed whose DTD declares XML entities, which no feed needs."""

    def __str__(self) -> str:
        return "it declares XML entities (<!ENTITY>), which no feed needs and which can expand without end"


def declares_entities(body: bytes) -> bool:
    """Does an XML document declare entities? (Read before any parser is given it.)"""
    return any(declaration in body for declaration in _DECLARATIONS)


_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def parse(body: bytes, **options) -> feedparser.FeedParserDict:
    """feedparser's reading of `body` (`options` are feedparser.parse's); never raises."""
    if declares_entities(body):
        return feedparser.FeedParserDict(
            feed=feedparser.FeedParserDict(), entries=[], bozo=1, bozo_exception=DeclaresEntities()
        )
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
