"""What a Bilibili video page (bilibili.com/video/…) says of its video in its page's data, where
other pages have <meta> tags: its head names the title, the uploader and the day in itemprop
tags, but not how long the video is, which only `window.__INITIAL_STATE__` holds (videoData's
duration, in seconds, and each part's, of a video in several)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

MARK = "window.__INITIAL_STATE__="
_MOST = 16 << 20  # a video's state with its related videos and comments is a few hundred KB
_DECODER = json.JSONDecoder()


def video_tags(source: str, url: str) -> dict[str, str]:
    """The video's length, as the <meta> tag that would say it; {} without one."""
    state = _state(source)
    video = state.get("videoData") if state else None
    if not isinstance(video, dict):
        return {}
    seconds = video.get("duration")
    parts, shown = video.get("pages"), _part(url)
    # A link to one part of a video in parts (?p=3) is that part: its length, not the whole's
    if isinstance(parts, list) and len(parts) > 1 and shown and shown <= len(parts):
        part = parts[shown - 1]
        seconds = part.get("duration") if isinstance(part, dict) else None
    if isinstance(seconds, int) and not isinstance(seconds, bool) and seconds > 0:
        return {"video:duration": str(seconds)}
    return {}


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
