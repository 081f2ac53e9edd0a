"""A page that is only a frame: its reader sees the page it frames, so that page is read instead.

A Naver blog post's address answers a few KB of scripts around one `<iframe id="mainFrame">`
filling the window, and the post's title, byline, date and text are all in the page it frames
(blog.naver.com/PostView…); an old site's `<frameset>` is the same. The fetcher follows such a
frame as it follows a meta refresh. A page that shows anything beside its frame (an article with
an embedded video), two frames (which is the page?), a hidden frame beside a page its scripts
draw, or another site's player alone (a YouTube embed) is a page of its own.
"""

from __future__ import annotations

import html
import re

import httpx

from newsletter.links.responses import HTML_TYPES

SHELL_MAX = 32 * 1024  # bytes: a shell is small (Naver's, ~6 KB); larger pages are not read for one
_FRAME = re.compile(r"<i?frame\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# A frame no one sees (an analytics or a login frame beside a page its scripts draw) is no page
_HIDDEN = re.compile(
    r"""\shidden\b|display\s*:\s*none|visibility\s*:\s*hidden|(?:width|height)\s*=\s*["']?[01]\b""", re.I
)
_NOT_SHOWN = re.compile(r"<(script|style|noscript|head|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def only_frame(page) -> str | None:
    """The address of the one frame `page` (a fetched Page) shows, of its own site, and nothing
    beside it; else None. Only a small HTML page naming a frame is decoded to find out."""
    if page.content_type not in HTML_TYPES or len(page.body) > SHELL_MAX or b"frame" not in page.body.lower():
        return None
    target = frame_target(page.text)
    return target if target and _same_site(page.url, target) else None


def frame_target(text: str | None) -> str | None:
    """The address of the one visible frame `text` (HTML) shows and nothing beside it, else None."""
    shown = _NOT_SHOWN.sub("", text or "")
    frames = _FRAME.findall(shown)
    if len(frames) != 1 or _HIDDEN.search(frames[0]) or html.unescape(_TAG.sub("", shown)).strip():
        return None
    src = _SRC.search(frames[0])
    target = html.unescape(next((part for part in src.groups() if part), "")).strip() if src else ""
    return target if target and not target.lower().startswith(("javascript:", "about:", "data:")) else None


def _same_site(url: str, target: str) -> bool:
    """Whether the frame `target` (relative to `url`) is on `url`'s own site: blog.naver.com's
    PostView is; a YouTube embed on a blog is not."""
    try:
        here, there = httpx.URL(url).host, httpx.URL(url).join(target).host
    except httpx.InvalidURL:
        return False
    here, there = here.removeprefix("www."), there.removeprefix("www.")
    return here == there or here.endswith(f".{there}") or there.endswith(f".{here}")
