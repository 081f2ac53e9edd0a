"""The email as it went out, read back from dist/<PERIOD>/sent.eml to be the edition's web page.

The copy is a file in dist/, which a user may delete, edit, or replace with another edition's,
and which an older version of the tool wrote. Its HTML is published as it is, so it is used only
when it is what this tool sends: that edition's message (its Message-ID), an HTML document of an
email's size, with nothing active in it, as DESIGN's email rules 1 and 2 say (no script, frame,
form, embed or SVG, no `on*` attribute, no javascript: or data: address, no stylesheet or
picture loaded from elsewhere). Anything else and the page is the build's, as before there were
copies, and the build says which file was passed over and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# An email is at most ~100 KB of HTML (Gmail clips it there): a copy a hundred times that is
# no email this tool sent, and is not read into memory to find that out.
MAX_BYTES = 10 * 1024 * 1024

# What runs, loads, or submits: none is in an email this tool makes.
_ACTIVE_TAGS = (
    "script, noscript, iframe, frame, frameset, object, embed, applet, form, input, button, select, "
    "textarea, base, link, svg, math, template, portal, video, audio, picture, source, track, canvas, dialog"
)
# Every attribute a browser follows or loads as an address.
_URL_ATTRIBUTES = frozenset(
    "href src action formaction background poster cite longdesc usemap xlink:href srcset data codebase ping "
    "srcdoc".split()
)
# A browser reads "java\tscript:" and " JAVASCRIPT:" as javascript:.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")
_ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
# In CSS: what loads from elsewhere or runs (IE's expression()); only https pictures load.
_ACTIVE_CSS = re.compile(r"@import|expression\s*\(|url\(\s*['\"]?\s*(?!https://)", re.IGNORECASE)


@dataclass(frozen=True)
class SentCopy:
    html: str | None  # the HTML part as it went out, to make the page from; None: the build's
    refused: str | None = None  # why a copy that is there was passed over, for the build to say


def read(copy: Path, period: str) -> SentCopy:
    """The email of edition `period` as it went out, from `copy` (dist/<PERIOD>/sent.eml)."""
    try:
        if copy.stat().st_size > MAX_BYTES:
            return SentCopy(None, f"{copy.stat().st_size // 1024 // 1024} MB, no email's size")
        eml = copy.read_bytes()
    except FileNotFoundError:
        return SentCopy(None)  # not sent, or the copy was deleted: the build's page, said by nothing
    except OSError as error:
        return SentCopy(None, f"it cannot be read ({error.strerror or error})")
    return _checked(eml, period)


def passed_over(kept: SentCopy, copy: Path, root: Path) -> list[str]:
    """The build's line on a copy as sent that is there and was not used, if it was not."""
    if kept.refused is None:
        return []
    from newsletter.config import shown

    return [
        f"{shown(copy, root)}: not used for the edition's web page: {kept.refused}; the page is this "
        "build's email, which may hold entries written since it was sent (put back the copy as sent to use it)"
    ]


def _checked(eml: bytes, period: str) -> SentCopy:
    from email import message_from_bytes, policy

    try:
        message = message_from_bytes(eml, policy=policy.default)
        if not str(message.get("Message-ID", "")).strip().startswith(f"<{period}."):
            return SentCopy(None, f"it is not the message of {period} (its Message-ID)")
        part = message.get_body(("html",))
        html = part.get_content() if part is not None else None
    except (LookupError, ValueError, TypeError):  # an unknown charset, a broken encoding or header
        html = None
    if not isinstance(html, str) or not html.lstrip().lower().startswith("<!doctype html"):
        return SentCopy(None, "it holds no HTML document")
    # Lines end in CRLF in a message, in LF in the built files, and a body ends in a line end
    # (formats/email.py's _crlf_lines): undone, the page is the one the build gave, byte for byte
    html = html.replace("\r\n", "\n").removesuffix("\n")
    if active := _active(html):
        return SentCopy(None, f"it has {active}, which no email this tool sends has")
    return SentCopy(html)


def _active(html: str) -> str | None:
    """The first thing in `html` that would run or load on the page, named as a person reads it."""
    from selectolax.lexbor import LexborHTMLParser  # (as web.edition_page: only for a sent edition)

    tree = LexborHTMLParser(html)
    if (node := tree.css_first(_ACTIVE_TAGS)) is not None:
        return f"a <{node.tag}>"
    for meta in tree.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").strip().lower() not in ("content-type", "x-ua-compatible"):
            return f'a <meta http-equiv="{meta.attributes.get("http-equiv")}">'
    for style in tree.css("style"):
        if found := _ACTIVE_CSS.search(style.text()):
            return f"{found[0].strip()!r} in a <style>"
    for node in tree.root.traverse() if tree.root is not None else ():
        for name, value in (node.attributes or {}).items():
            name = name.lower()
            if name.startswith("on"):
                return f"an {name} attribute"
            if name in _URL_ATTRIBUTES and _IGNORED_IN_SCHEME.sub("", value or "").lower().startswith(_ACTIVE_SCHEMES):
                return f"a {_IGNORED_IN_SCHEME.sub('', value).split(':')[0].lower()}: address"
            if name == "style" and (found := _ACTIVE_CSS.search(value or "")):
                return f"{found[0].strip()!r} in a style attribute"
    return None
