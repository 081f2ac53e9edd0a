"""The email's links as URIs: ASCII, as a mail client, a link scanner (Outlook's Safe Links,
Gmail's redirector) and the text part's linkifier read them.

A Cyrillic Wikipedia path or a host like `bücher.example` was written into the email's `href` as
typed, an IRI: some clients cut the link at its first letter outside ASCII, or open a wrongly
encoded address; the feeds wrote the same link as its URI already (feeds.uri). The host is
written in IDNA (punycode), the rest percent-encoded as UTF-8, as a browser sends it; an escape
already there is left as it is. The words a reader sees are the link's text, unchanged.
"""

from __future__ import annotations

import html
import re

from newsletter.mail_headers import ascii_uri


def as_uri(link: str) -> str:
    """`link` as a URI; as it is when its host has no ASCII form (IDNA refuses '☕.example')."""
    try:
        return ascii_uri(link)
    except ValueError:
        return link


# An href holding a character outside ASCII. Its literal start lets the engine look for 'href="'
# with a fast search, where `\shref` had it try each of the email's 170 KB (a twentieth of an
# edition's rendering), and the ASCII ones, nearly all, end the match without a callback.
_HREF = re.compile('href="([^"\x80-\U0010ffff]*[\x80-\U0010ffff][^"]*)"')


def ascii_hrefs(page: str) -> str:
    """`page` (HTML) with each href that is not ASCII written as its URI."""
    if page.isascii():  # (a scan in C)
        return page
    return _HREF.sub(_ascii_href, page)


def _ascii_href(match: re.Match) -> str:
    at = match.start()
    if at == 0 or not match.string[at - 1].isspace():  # an attribute named href, not data-href
        return match[0]
    return f'href="{attribute_uri(match[1])}"'


def attribute_uri(value: str) -> str:
    """An HTML attribute's `value` (an href, a src: its entities as written) as its URI, ready to
    go back between double quotes."""
    return html.escape(as_uri(html.unescape(value)), quote=False).replace(chr(34), "&quot;")
