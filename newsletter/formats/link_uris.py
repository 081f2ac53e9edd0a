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


_HREF = re.compile(r'(\shref=")([^"]*)"')


def ascii_hrefs(page: str) -> str:
    """`page` (HTML) with each href that is not ASCII written as its URI."""
    if page.isascii():  # (most editions: a scan in C, not a regex's callback for each link)
        return page
    return _HREF.sub(_ascii_href, page)


def _ascii_href(match: re.Match) -> str:
    if match[2].isascii():
        return match[0]
    link = as_uri(html.unescape(match[2]))
    return f'{match[1]}{html.escape(link, quote=False).replace(chr(34), "&quot;")}"'
