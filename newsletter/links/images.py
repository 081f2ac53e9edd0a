"""A page's picture, as the email shows it over a talk's, a video's or a course's entry.

Some pages name a stand-in as their og:image when a post has none: WordPress.com's
"s0.wp.com/i/blank.jpg" (a blank square), a plugin's "wordbooker_blank.jpg", a paper's
"social-placeholder.jpg", a portal's "social_default_logo.png". Shown 544 px wide under the
title, it is an empty box or the site's logo; the next image the page names is read instead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WORDS = re.compile(r"[a-z]+")
_STAND_INS = {"blank", "placeholder", "spacer", "transparent"}
_DEFAULTS = {"logo", "image", "img", "thumbnail", "thumb", "share", "social", "og"}  # after "default"


def is_stand_in(url: str) -> bool:
    """Whether the image's file name says it stands in for a picture the page does not have."""
    try:
        path = urlsplit(url).path if isinstance(url, str) else ""
    except ValueError:  # "http://[::1": not an address at all, which absolute() leaves out
        return False
    words = set(_WORDS.findall(path.rsplit("/", 1)[-1].lower()))
    return bool(words & _STAND_INS) or ("default" in words and bool(words & _DEFAULTS))
