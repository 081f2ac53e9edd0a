"""Which pictures mail clients draw: a picture an inbox cannot draw is a box with a red cross
(or an empty frame 544 px wide) in front of the author's readers, so it is left out, or hidden
from the one client that cannot draw it. What each client draws is caniemail's record."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from newsletter.formats import inward_addresses, link_uris, web_address


def https_image(url: str | None) -> str | None:
    """Images in mail must be absolute https, in a format mail draws; anything else is left out.
    Gmail and Outlook draw no SVG in an <img>: a site's SVG logo named as a talk's picture
    (be.ch's og:image) was an empty box 544 px wide. HEIC/HEIF and TIFF are drawn by neither
    Outlook (Windows, Outlook.com, Android) nor Thunderbird (caniemail), nor by the Chrome and
    Firefox webmail runs in; JPEG XL by neither browser. Nor one each reader's app would ask
    for inside the reader's own network (a page's og:image at https://192.168.1.1/…). Written as
    its URI, as the email's links are (link_uris): a host or path outside ASCII went into the src
    as typed, which some clients do not load, and a space in it left the picture out. Nor one
    holding a character no address holds, which hides or reorders what is around it (an author's
    `image:` pasted with a right-to-left override, which went into the src as it was): looked
    for before the URI would percent-encode it into another address."""
    # (a quote or a bracket: markup, no picture's name)
    if url and (web_address.HIDDEN.search(url) or _MARKUP.search(url)):
        return None
    url = link_uris.as_uri(url) if url else url
    if not url or not re.match(r"https://[^\s\"'<>]+$", url) or inward_addresses.points_inward(url):
        return None
    if _UNDRAWN.search(url.split("?", 1)[0].split("#", 1)[0]):
        return None
    # Braces and bars percent-encoded, as a browser asks for them: a list service renders the email as
    # a template (Buttondown Django's, Liquid, Mailchimp's *|EMAIL|*), and a page's og:image of
    # https://x.example/p.png?u={{subscriber.email}} went into the src as it was, each reader's copy
    # asking that page's server for a picture with the reader's address in it (attack 36)
    return url.translate(_TEMPLATE_SIGNS)


_TEMPLATE_SIGNS = str.maketrans({"{": "%7B", "}": "%7D", "|": "%7C"})
_MARKUP = re.compile("[\"'<>]")  # what a page's og:image breaking out of its attribute holds
_UNDRAWN = re.compile(r"\.(svgz?|hei[cf]|tiff?|jxl)$", re.IGNORECASE)


def drawn_by_word(url: str) -> bool:
    """Whether Outlook on Windows (Word's renderer) draws the picture: not a WebP or AVIF one,
    which it shows as a box with a red cross, and every other inbox draws (caniemail). An image
    CDN names the format in the query, the path keeping the original's ending: Contentful's and
    imgix's `photo.jpg?fm=webp` is a WebP all the same, as is Next.js's `?url=/cover.webp`."""
    path, _, query = url.split("#", 1)[0].partition("?")
    said = [path, *(value for _, value in parse_qsl(query))]
    return not any(re.search(r"(^|\.)(webp|avif)$", name, re.IGNORECASE) for name in said)


def as_laid_out(html: str) -> str:
    """mrml's pictures, made right for inboxes. Its height="auto" is no HTML (an attribute's
    height is a number; validators flag it): the CSS height:auto stays, and Outlook on Windows
    sizes the picture by its width attribute and its own proportions. A linked picture with
    alt="" (a thumbnail under its title, linked to the same place) is hidden from screen
    readers with its link: read out, it was an empty link, its address spelled out."""
    html = _AUTO_HEIGHT.sub(r"\1", html)
    html = _SOURCE.sub(_as_uri, html)  # (a template's own picture, a chart on an IDN site: not through https_image)
    return _DECORATIVE_LINK.sub(r'\1 aria-hidden="true" tabindex="-1"\2', html)


def _as_uri(match: re.Match) -> str:
    if match[2].isascii() and " " not in match[2]:
        return match[0]
    return f'{match[1]}{link_uris.attribute_uri(match[2])}"'


_SOURCE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)"')
_AUTO_HEIGHT = re.compile(r'(<img\b[^>]*?) height="auto"')
_DECORATIVE_LINK = re.compile(r'(<a href="[^"]*"(?: target="_blank")?)(><img alt="" )')
