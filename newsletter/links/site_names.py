"""A site's name as a reader sees it beside the author: cleaned text, never an address.

Some pages fill `application-name` or og:site_name with their own URL
("https://www.kleinezeitung.at"), which the byline then showed as the site's name.
"""

from __future__ import annotations

import re

from newsletter.links.values import clean_text

_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)


def clean_site_name(value) -> str | None:
    """The name, or None for an address (the next place a page names itself is read instead)."""
    name = clean_text(value)
    return None if not name or _ADDRESS.match(name) else name
