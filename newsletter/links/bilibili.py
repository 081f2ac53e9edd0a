"""What a Bilibili video page (bilibili.com/video/…) says of its video in its page's data, where
other pages have <meta> tags: its head names the title, the uploader and the day in itemprop
tags, but not how long the video is, which only `window.__INITIAL_STATE__` holds (videoData's
duration, in seconds, and each part's, of a video in several), nor the time zone of its day
("2026-11-27 08:20:00" is China's clock; videoData's pubdate is the moment, in Unix time)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

from newsletter.links.wechat import CHINA

MARK = "window.__INITIAL_STATE__="
_MOST = 16 << 20  # a video's state with its related videos and comments is a few hundred KB
_DECODER = json.JSONDecoder()


def video_tags(source: str, url: str) -> dict[str, str]:
    """The video's length and the moment it went up, as the <meta> tags that would say them,
    and that it is a video; {} for a page whose state holds none."""
    state = _state(source)
    video = state.get("videoData") if state else None
    if not isinstance(video, dict):
        return {}
    # A video: its uploader (itemprop author) is the channel that published it, never the
    # speaker of the talk it shows, whether or not the head has og:type
    tags = {"og:type": "video"}
    owner = video.get("owner")
    if isinstance(owner, dict) and isinstance(owner.get("name"), str) and owner["name"].strip():
        tags["author"] = owner["name"]  # (the uploader, where the head names none: a channel too)
    published = video.get("pubdate")
    if isinstance(published, int) and not isinstance(published, bool) and 0 < published < 2**32:
        # the head's day has no zone ("2026-11-27 08:20:00", China's clock): the moment, told there
        tags["article:published_time"] = dt.datetime.fromtimestamp(published, CHINA).isoformat()
    seconds = video.get("duration")
    parts, shown = video.get("pages"), _part(url)
    # A link to one part of a video in parts (?p=3) is that part: its length, not the whole's
    if isinstance(parts, list) and len(parts) > 1 and shown and shown <= len(parts):
        part = parts[shown - 1]
        seconds = part.get("duration") if isinstance(part, dict) else None
    if isinstance(seconds, int) and not isinstance(seconds, bool) and seconds > 0:
        tags["video:duration"] = str(seconds)
    return tags


def _part(url: str) -> int | None:
    """The part a link names (?p=3), if any."""
    try:
        number = parse_qs(urlsplit(url).query).get("p", [""])[0]
    except ValueError:
        return None
    # (ASCII digits: isdigit() is true of '²', which int() refuses: a link's ?p=%C2%B2 was no page read)
    return int(number) if number.isascii() and number.isdigit() and 0 < int(number) < 10_000 else None


def _state(source: str) -> dict | None:
    """The object assigned to window.__INITIAL_STATE__ (a script statement: the object, then
    `;(function(){…}())`), read as JSON up to its end. The first such statement, not the first
    words saying it: a video about reading Bilibili's pages says them in its description (its
    <meta name="description">, its text), before the script, and its length was not read."""
    at = source.find(MARK)
    for _ in range(16):  # (a page saying it more often than that is read no further)
        if at < 0:
            return None
        start = at + len(MARK)
        end = source.find("</script", start)
        state = None
        if source.startswith("{", start):  # (the object: words saying the name are not read as one)
            try:
                state, _ = _DECODER.raw_decode(source[start : end if 0 <= end - start <= _MOST else start + _MOST])
            except (ValueError, RecursionError):
                pass
        if isinstance(state, dict):
            return state
        at = source.find(MARK, start)
    return None
