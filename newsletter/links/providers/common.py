"""What the adapters share: asking an API for JSON or a feed, and reading URLs.

API failures are raised as `FetchError(link, "<service>: <reason>")`, naming the user's link
(the build lists failures by entry), never the API URL with its query. `status(error)` tells an
adapter which HTTP status the service answered with, so it can say what that means.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsletter.errors import FetchError

if TYPE_CHECKING:  # only named here: same_work asks youtube and vimeo about links without fetching
    from newsletter.links.fetch import Fetcher

JSON = "application/json"
FEEDS = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"


async def get_json(fetcher: Fetcher, api_url: str, headers: dict[str, str] | None = None, accept: str = JSON):
    """The JSON an API answers. A FetchError from the request names `api_url`; callers re-raise."""
    page = await fetcher.get(api_url, head_only=False, accept=accept, headers=headers)
    try:
        return json.loads(page.body)  # JSON is UTF-8 (RFC 8259), whatever the header says
    except (ValueError, UnicodeDecodeError):
        raise FetchError(api_url, "the answer is not JSON") from None
    except RecursionError:  # "[[[[…" thousands deep: JSON the decoder cannot nest, out of the build
        raise FetchError(api_url, "the answer is JSON nested too deeply to read") from None


def parse_feed(body: bytes, **options):
    """An RSS or Atom document read by feedparser, which never raises (links/feed_parser.py);
    `options` are feedparser.parse's."""
    from newsletter.links import feed_parser  # only the arXiv and podcast adapters pay for feedparser

    return feed_parser.parse(body, **options)


def status(error: FetchError) -> int | None:
    """The HTTP status behind a FetchError, if the server answered at all."""
    return getattr(error, "status", None)


def failed(link: str, service: str, error: FetchError) -> FetchError:
    # The kind travels with it: a service's host not found, with no network, is the network's.
    return FetchError(link, f"{service}: {error.reason}", kind=error.kind)


def text_of(value) -> str | None:
    """A JSON value as clean one-line text (a service's field can be null, a number, a list)."""
    from newsletter.links.values import clean_text

    return clean_text(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def web_url(value) -> str | None:
    """An absolute http(s) URL from a service's answer, or None: never a javascript: link."""
    text = text_of(value)
    try:
        parts = urlsplit(text or "")
    except ValueError:
        return None
    return text if parts.scheme in ("http", "https") and parts.netloc and " " not in text else None
