"""A page's picture, as the email shows it over a talk's, a video's or a course's entry.

Some pages name a stand-in as their og:image when a post has none: WordPress.com's
"s0.wp.com/i/blank.jpg" (a blank square), a plugin's "wordbooker_blank.jpg", a paper's
"social-placeholder.jpg", a portal's "social_default_logo.png". Shown 544 px wide under the
title, it is an empty box or the site's logo; the next image the page names is read instead.
The stand-in word is what the file is ("social-placeholder", "1x1_transparent"), not a word
that describes a real picture's subject ("transparent-solar-cells", "blank-verse").

Others put what is not one address where an address goes: a whole srcset list in an `<img
src>` ("a-300.jpg 300w, a-600.jpg 600w"), whose first address is the picture; a caption in
JSON-LD's image ("Due to Coronavirus Covid-19 airline fleet parked"); template code left in
the tag (Salon: ".../675/<?= https://media.salon.com/....jpg ?>"). Those are no address.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WORDS = re.compile(r"[a-z]+")
# One address and its width or density, then the next: "a-300.jpg 300w, a-600.jpg 600w"
_SRCSET = re.compile(r"(\S+)\s+\d+(?:\.\d+)?[wx]\s*(?:,|$)")
_SPACE = re.compile(r"\s")
# What an address with a space in it still looks like: it starts as a URL or a path, or names
# an image file ("/img/IMG 1234.jpg", "IMG 1234.jpg")
_SPACED_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//|\.{0,2}/|.*\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)", re.I)
_STAND_INS = {"blank", "placeholder", "spacer", "transparent"}
# A folder or file that says there is no picture: WordPress's tagDiv themes give a post without
# one ".../images/no-thumb/td_meta_replacement.png", others "noimage.png", "no_image_available.jpg"
_NO_PICTURE = re.compile(r"/no[-_]?(?:thumb(?:nail)?|image|img|photo|picture|pic)s?(?=[-_./]|$)")
_DEFAULTS = {"logo", "image", "img", "thumbnail", "thumb", "share", "social", "og"}  # after "default"
# Words a stand-in's name may end with after what it is: "placeholder-image", "blank_og_1200x630"
_TRAILING = _DEFAULTS | {"x", "fb", "facebook", "twitter", "large", "small", "wide", "square", "white", "gray", "grey"}


def is_stand_in(url: str) -> bool:
    """Whether the image's file name says it stands in for a picture the page does not have."""
    try:
        path = urlsplit(url).path if isinstance(url, str) else ""
    except ValueError:  # "http://[::1": not an address at all, which absolute() leaves out
        return False
    if _NO_PICTURE.search(path.lower()):
        return True
    words = _WORDS.findall(path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
    named = [word for word in words if word not in _TRAILING]
    # the file is what its name's last word says: "wordbooker_blank", not "blank-verse-poets"
    return bool(named and named[-1] in _STAND_INS) or ("default" in words and bool(_DEFAULTS.intersection(words)))


def image_address(value):
    """`value`'s address: the first of a srcset list; None for a caption or template code."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if "<" in text or ">" in text:
        return None  # a URL holds no angle brackets: "<?= ... ?>" is a template's, not run
    if _SPACE.search(text):
        if srcset := _SRCSET.match(text):
            return srcset.group(1)
        if not _SPACED_ADDRESS.match(text):
            return None  # words, not a path: a caption or a credit ("Photo by J. Smith", "dpa/AP")
    return text


def declared_pixel(*sizes: str) -> bool:
    """Whether a page's declared og:image:width or og:image:height says its og:image is a pixel
    or a spacer (under 50 px: Facebook and X show no picture under 200 and 144), not a picture:
    a tracker counting who opens the email, shown 544 px wide as a blown-up dot. A size of 0 or
    junk says nothing (a CMS that does not know writes 0)."""
    # (ASCII digits: isdigit() is true of '²', which int() refuses, and a page declaring a width
    # of '1200²' was not read at all)
    return any(size.strip().isascii() and size.strip().isdigit() and 0 < int(size) < 50 for size in sizes)
