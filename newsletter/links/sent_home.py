"""Whether a live link now leads to a site's home page instead of its page: how many sites answer
for a page they removed, and a domain that changed hands (a "soft 404": the link answers, and
readers find no page). `check` warns of it.

A redirect home is not always a page lost. A link that was a home page already under another
name (`/index.html`, `/home`, a language's `/en/`) lands where it always did; a short link
(t.co, bit.ly) to another site's home page was made to go there; and an address with a
fragment (`/#/docs/page`) is a page of a single-page site, routed in the browser.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsletter.links.urls import host

# A path that names a home page: its index file, "home", or a language's root ("en", "pt-br").
_HOME_BY_ANOTHER_NAME = re.compile(r"(?:index|default|home)(?:\.\w+)?|[a-z]{2}(?:[-_][a-z]{2})?", re.IGNORECASE)


def sent_home(url: str, landed: str | None) -> bool:
    """Whether `url`, a link to a page, was redirected to `landed`, a site's home page."""
    if landed is None:
        return False
    page, home = urlsplit(url), urlsplit(landed)
    if home.path not in ("", "/") or home.query or home.fragment:
        return False
    segments = [part for part in page.path.split("/") if part]
    if not segments or (len(segments) == 1 and _HOME_BY_ANOTHER_NAME.fullmatch(segments[0])):
        return False  # the link is a home page itself
    # A short link (one short code, to another site): its target is where it was made to lead.
    return not (len(segments) == 1 and host(url) != host(landed))  # (www.example.com is example.com)
