"""One key per work a link can name, for finding a link shared twice.

`urls.work_key` knows the forms of any page (trailing slash, trackers, case) and of an arXiv
paper; a video has more forms than that: youtu.be/ID, youtube.com/watch?v=ID&t=120s,
/shorts/ID, /embed/ID, and vimeo.com/ID, player.vimeo.com/video/ID, /channels/NAME/ID. Their
providers know each form, so the key of a video is the page their fetch names it by.
"""

from __future__ import annotations

from newsletter.links.providers import vimeo, youtube
from newsletter.links.urls import work_key


def work_of(url: str) -> str:
    """The key two links to the same work share: the video's page, else `urls.work_key`."""
    if video := youtube.video_id(url):
        return f"https://www.youtube.com/watch?v={video}"
    if found := vimeo.video(url):
        number, secret = found
        return f"https://vimeo.com/{number}" + (f"/{secret}" if secret else "")
    return work_key(url)
