"""Vimeo videos: the oEmbed API, which gives nearly everything.

    https://vimeo.com/api/oembed.json?url=https://vimeo.com/ID

- Links: vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID,
  vimeo.com/groups/NAME/videos/ID, vimeo.com/showcase/N/video/ID, player.vimeo.com/video/ID.
- oEmbed gives title, `author_name` (the uploader: a conference's or a company's account as
  often as the speaker, so, as YouTube's channel, it goes to extras["channel"] and `authors`
  stays empty: who spoke is for the entry's `speakers` to say), `duration` in seconds,
  `upload_date` ("2019-12-11 14:03:09", local time without an offset), description and
  `thumbnail_url` (asked for at 640 px wide, not oEmbed's 295). The page is read only when one
  of title, duration or date is missing; its "author" is the uploader again, the channel.

Failures: oEmbed 404 means private, removed or a wrong link: FetchError "video unavailable"
(a private video's page is a login form). A video embeddable only on some domains answers
with just `video_id` and `domain_status_code`, and like a 403, a 5xx or a timeout, that falls
back to the page.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from newsletter.errors import FetchError
from newsletter.links.providers.common import get_json, status, text_of, web_url
from newsletter.links.untrusted import truncate
from newsletter.links.urls import host, path_parts
from newsletter.models import Metadata

if TYPE_CHECKING:  # only named here: same_work asks youtube and vimeo about links without fetching
    from newsletter.links.fetch import Fetcher

API = "https://vimeo.com/api/oembed.json"
# oEmbed's thumbnail is Vimeo's smallest, 295x166, which the email stretches to 544 px (1088 on
# a phone's screen): a blur. Vimeo's CDN draws a thumbnail at the size its name ends with
# (_640: 640 px wide, its own height), so the name asks for the width YouTube's is.
_THUMBNAIL_SIZE = re.compile(r"^(https://i\.vimeocdn\.com/video/[^?#]+?)_\d+(?:x\d+)?(\.[a-z]+)?$")
THUMBNAIL_WIDTH = 640
SITE = "Vimeo"
_HASH = re.compile(r"[0-9a-f]{6,}")


def video(url: str) -> tuple[str, str | None] | None:
    """(video id, unlisted hash) of a Vimeo video link, or None."""
    where, parts = host(url), path_parts(url)
    if where == "player.vimeo.com":
        if len(parts) >= 2 and parts[0] == "video" and parts[1].isdigit():
            try:
                secret = parse_qs(urlsplit(url).query).get("h", [None])[0]
            except ValueError:
                secret = None
            return parts[1], secret
        return None
    if where != "vimeo.com" or not parts:
        return None
    if parts[0].isdigit():
        return parts[0], parts[1] if len(parts) > 1 and _HASH.fullmatch(parts[1]) else None
    shapes = {"channels": 2, "groups": 3, "showcase": 3, "album": 3}  # where the id sits
    index = shapes.get(parts[0])
    if index is not None and len(parts) > index and parts[index].isdigit():
        return parts[index], None
    return None


def matches(url: str) -> bool:
    return video(url) is not None


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    number, secret = video(url)
    page = f"https://vimeo.com/{number}" + (f"/{secret}" if secret else "")
    meta = Metadata(url=page, site_name=SITE, kind="video")
    try:
        data = await get_json(fetcher, f"{API}?{urlencode({'url': page})}")
    except FetchError as error:
        if status(error) == 404:
            raise FetchError(url, "video unavailable: private, removed, or the link is wrong") from None
        return meta  # the page alone
    if not isinstance(data, dict):
        return meta
    uploader = text_of(data.get("author_name"))
    meta.title = text_of(data.get("title"))
    if uploader:  # PyData's account uploaded the talk, not its speaker: "Speaker: PyData" was wrong
        meta.extras["channel"] = uploader
    from newsletter.links.date_values import parse_date  # (here: see providers/__init__.py)
    from newsletter.links.values import parse_duration

    meta.published = parse_date(data.get("upload_date"))
    meta.description = truncate(text_of(data.get("description")))
    meta.image = _larger(web_url(data.get("thumbnail_url")))
    meta.duration = parse_duration(data.get("duration"))
    if uploader_url := web_url(data.get("author_url")):
        meta.extras["uploader_url"] = uploader_url
    return meta


def _larger(thumbnail: str | None) -> str | None:
    """A Vimeo thumbnail's URL at THUMBNAIL_WIDTH; any other URL as it is."""
    if thumbnail and (found := _THUMBNAIL_SIZE.match(thumbnail)):
        return f"{found.group(1)}_{THUMBNAIL_WIDTH}{found.group(2) or ''}"
    return thumbnail


def needs_page(meta: Metadata) -> bool:
    return None in (meta.title, meta.duration, meta.published)


async def refine(fetcher: Fetcher, url: str, meta: Metadata) -> Metadata:
    """After the page, when it was read: its "author" is the uploader again, the channel."""
    extras = dict(meta.extras)
    if meta.authors and "channel" not in extras:
        extras["channel"] = meta.authors[0]
    return dataclasses.replace(meta, authors=[], extras=extras)
