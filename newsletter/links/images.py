"""A page's picture, as the email shows it over a talk's, a video's or a course's entry.

Some pages name a stand-in as their og:image when a post has none: WordPress.com's
"s0.wp.com/i/blank.jpg" (a blank square), a plugin's "wordbooker_blank.jpg", a paper's
"social-placeholder.jpg", a portal's "social_default_logo.png". Shown 544 px wide under the
title, it is an empty box or the site's logo; the next image the page names is read instead.
The stand-in word is what the file is ("social-placeholder", "1x1_transparent"), not a word
that describes a real picture's subject ("transparent-solar-cells", "blank-verse").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WORDS = re.compile(r"[a-z]+")
_STAND_INS = {"blank", "placeholder", "spacer", "transparent"}
_DEFAULTS = {"logo", "image", "img", "thumbnail", "thumb", "share", "social", "og"}  # after "default"
# Words a stand-in's name may end with after what it is: "placeholder-image", "blank_og_1200x630"
_TRAILING = _DEFAULTS | {"x", "fb", "facebook", "twitter", "large", "small", "wide", "square", "white", "gray", "grey"}


def is_stand_in(url: str) -> bool:
    """Whether the image's file name says it stands in for a picture the page does not have."""
    try:
        path = urlsplit(url).path if isinstance(url, str) else ""
    except ValueError:  # "http://[::1": not an address at all, which absolute() leaves out
        return False
    words = _WORDS.findall(path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
    named = [word for word in words if word not in _TRAILING]
    # the file is what its name's last word says: "wordbooker_blank", not "blank-verse-poets"
    return bool(named and named[-1] in _STAND_INS) or ("default" in words and bool(_DEFAULTS.intersection(words)))
