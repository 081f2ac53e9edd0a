"""Which pictures mail clients draw: a picture an inbox cannot draw is a box with a red cross
(or an empty frame 544 px wide) in front of the author's readers, so it is left out, or hidden
from the one client that cannot draw it. What each client draws is caniemail's record."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl


def https_image(url: str | None) -> str | None:
    """Images in mail must be absolute https, in a format mail draws; anything else is left out.
    Gmail and Outlook draw no SVG in an <img>: a site's SVG logo named as a talk's picture
    (be.ch's og:image) was an empty box 544 px wide. HEIC/HEIF and TIFF are drawn by neither
    Outlook (Windows, Outlook.com, Android) nor Thunderbird (caniemail), nor by the Chrome and
    Firefox webmail runs in; JPEG XL by neither browser."""
    if not url or not re.match(r"https://[^\s\"'<>]+$", url):
        return None
    return None if _UNDRAWN.search(url.split("?", 1)[0].split("#", 1)[0]) else url


_UNDRAWN = re.compile(r"\.(svgz?|hei[cf]|tiff?|jxl)$", re.IGNORECASE)


def drawn_by_word(url: str) -> bool:
    """Whether Outlook on Windows (Word's renderer) draws the picture: not a WebP or AVIF one,
    which it shows as a box with a red cross, and every other inbox draws (caniemail). An image
    CDN names the format in the query, the path keeping the original's ending: Contentful's and
    imgix's `photo.jpg?fm=webp` is a WebP all the same, as is Next.js's `?url=/cover.webp`."""
    path, _, query = url.split("#", 1)[0].partition("?")
    said = [path, *(value for _, value in parse_qsl(query))]
    return not any(re.search(r"(^|\.)(webp|avif)$", name, re.IGNORECASE) for name in said)
