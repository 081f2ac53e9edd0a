"""YouTube videos: the oEmbed API for title and channel, the page for date and duration.

    https://www.youtube.com/oembed?url=https://www.youtube.com/watch?v=ID&format=json

- Links: youtube.com/watch?v=, m.youtube.com, music.youtube.com, youtu.be/ID, /shorts/ID,
  /live/ID, /embed/ID, youtube-nocookie.com/embed/ID. `url` becomes the watch URL.
- oEmbed's `author_name` is the *channel* (a conference, a company), not the speaker: it goes to
  extras["channel"], and `authors` stays empty. The page does not name a speaker either (its
  "author" is the channel again), so who spoke is for the entry's `speakers` to say.
- The thumbnail is i.ytimg.com/vi/ID/hqdefault.jpg, which exists for every video
  (maxresdefault does not).
- The page is still read, for the upload date, duration, description and language. A consent
  wall ("Before you continue to YouTube") gives no title, and the oEmbed title wins anyway.

Failures: oEmbed 400/404 means the video does not exist (removed, or a wrong link): FetchError
"video unavailable", without reading the page. 401/403 means private *or* not embeddable: the
page decides, and if it has no title either, FetchError "video unavailable (private?)". Any
other failure (5xx, timeout, junk) falls back to the page alone.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from newsletter.errors import FetchError
from newsletter.links.providers.common import get_json, status, text_of
from newsletter.links.urls import host, path_parts
from newsletter.models import Metadata

if TYPE_CHECKING:  # only named here: same_work asks youtube and vimeo about links without fetching
    from newsletter.links.fetch import Fetcher

API = "https://www.youtube.com/oembed"
SITE = "YouTube"
_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}
_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_PRIVATE = "_oembed_refused"  # a marker between fetch and refine; never leaves this module


def video_id(url: str) -> str | None:
    where, parts = host(url), path_parts(url)
    candidate = None
    if where == "youtu.be" and parts:
        candidate = parts[0]
    elif where in _HOSTS:
        if parts == ["watch"]:
            try:
                candidate = parse_qs(urlsplit(url).query).get("v", [""])[0]
            except ValueError:
                return None
        elif len(parts) >= 2 and parts[0] in ("shorts", "live", "embed", "v", "e"):
            candidate = parts[1]
    return candidate if candidate and _ID.fullmatch(candidate) else None


def matches(url: str) -> bool:
    return video_id(url) is not None


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    video = video_id(url)
    watch = f"https://www.youtube.com/watch?v={video}"
    meta = Metadata(url=watch, site_name=SITE, kind="video", image=f"https://i.ytimg.com/vi/{video}/hqdefault.jpg")
    try:
        data = await get_json(fetcher, f"{API}?{urlencode({'url': watch, 'format': 'json'})}")
    except FetchError as error:
        if status(error) in (400, 404):
            raise FetchError(url, "video unavailable: removed, or the link is wrong") from None
        if status(error) in (401, 403):
            meta.extras[_PRIVATE] = True
        return meta  # the page alone
    if not isinstance(data, dict):
        return meta
    channel = text_of(data.get("author_name"))
    return dataclasses.replace(meta, title=text_of(data.get("title")), extras={"channel": channel} if channel else {})


def needs_page(meta: Metadata) -> bool:
    return True  # for the upload date and duration, which oEmbed does not give


async def refine(fetcher: Fetcher, url: str, meta: Metadata) -> Metadata:
    """After the page: its "author" is the channel, never the speaker."""
    extras = dict(meta.extras)
    refused = extras.pop(_PRIVATE, False)
    if meta.title is None and refused:
        raise FetchError(url, "video unavailable: private, or its owner does not allow embedding")
    if meta.title is not None:
        extras.pop("blocked", None)  # a consent wall stood before the page, not before oEmbed
    if meta.authors and "channel" not in extras:
        extras["channel"] = meta.authors[0]
    return dataclasses.replace(meta, authors=[], extras=extras)
