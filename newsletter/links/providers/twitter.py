"""X (Twitter) posts: the publish.twitter.com oEmbed API.

    https://publish.twitter.com/oembed?url=https://twitter.com/USER/status/ID

- Links: twitter.com, x.com, mobile.twitter.com (and www.) /USER/status/ID, with anything after.
- Gives: `author_name` (the person, so the author), the post's text from the `<p>` of the
  blockquote in `html` (plain text: tags dropped, entities decoded, never markup) as the
  description and, cut on a word, as the title; the date from the blockquote's last link;
  extras["handle"] from author_url. kind "post", site_name "X (Twitter)".
- The page is never read: x.com serves a JavaScript application with no metadata.

Failures: 404 -> FetchError "post not found (deleted, or the link is wrong)"; 403 -> "post not
available (a protected or suspended account)"; anything else -> FetchError with the reason.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher
from newsletter.links.providers.common import failed, get_json, status, text_of, web_url
from newsletter.links.untrusted import truncate
from newsletter.links.urls import host, path_parts
from newsletter.models import Metadata

API = "https://publish.twitter.com/oembed"
SITE = "X (Twitter)"
_HOSTS = {"twitter.com", "x.com", "mobile.twitter.com", "mobile.x.com"}
TITLE_LENGTH = 120


def post(url: str) -> tuple[str, str] | None:
    """(user, status id) of a post link, or None."""
    parts = path_parts(url)
    if host(url) not in _HOSTS or len(parts) < 3 or parts[1] not in ("status", "statuses"):
        return None
    user, number = parts[0], parts[2]
    return (user, number) if number.isdigit() and re.fullmatch(r"\w{1,50}", user) else None


def matches(url: str) -> bool:
    return post(url) is not None


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    user, number = post(url)
    link = f"https://twitter.com/{user}/status/{number}"
    try:
        data = await get_json(fetcher, f"{API}?{urlencode({'url': link, 'dnt': 'true'})}")
    except FetchError as error:
        if status(error) == 404:
            raise FetchError(url, "post not found (deleted, or the link is wrong)") from None
        if status(error) == 403:
            raise FetchError(url, "post not available (a protected or suspended account)") from None
        raise failed(url, "X oEmbed", error) from None
    if not isinstance(data, dict):
        raise FetchError(url, "X oEmbed: an answer that is not a post")
    from newsletter.links.date_values import parse_date  # (here: see providers/__init__.py)
    from newsletter.links.values import clean_handle

    text, date = _post_text(data.get("html"))
    author = text_of(data.get("author_name"))
    handle = clean_handle((web_url(data.get("author_url")) or "").rstrip("/").rpartition("/")[2])
    return Metadata(
        url=web_url(data.get("url")) or link,
        title=truncate(text, TITLE_LENGTH),
        authors=[author] if author else [],
        site_name=SITE,
        published=parse_date(date),
        description=text,
        kind="post",
        extras={"handle": handle} if handle else {},
    )


def needs_page(meta: Metadata) -> bool:
    return False


def _post_text(markup) -> tuple[str | None, str | None]:
    """The post's text and the date as the embed shows it, from the oEmbed blockquote."""
    if not isinstance(markup, str):
        return None, None
    from selectolax.lexbor import LexborHTMLParser  # here: the page parser is a worker's, not this process's

    from newsletter.links.depth import bounded
    from newsletter.links.values import clean_text  # (here: see providers/__init__.py)

    tree = LexborHTMLParser(bounded(re.sub(r"<br\s*/?>", "\n", markup, flags=re.I)))  # the embed is fetched too
    paragraph = tree.css_first("blockquote p")
    links = tree.css("blockquote > a")
    text = clean_text(paragraph.text()) if paragraph is not None else None
    return text, links[-1].text() if links else None
