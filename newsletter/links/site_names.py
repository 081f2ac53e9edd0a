"""A site's name as a reader sees it beside the author: cleaned text, never an address, without
the tagline some sites add to it.

- Some pages fill `application-name` or og:site_name with their own URL
  ("https://www.kleinezeitung.at"), which the byline then showed as the site's name.
- Others add their slogan: "Yahoo News - Latest News & Headlines", "Hypixel - Minecraft Server
  and Maps", "whiskyverkostung.com - Man muss dem Leben immer um mindestens einen Whisky
  voraus sein (Humphrey Bogart)": the byline carried the whole of it after the author's name.
  Only the name shown loses it: the title's " - Site - Slogan" suffix is still recognised by
  the name in full.
"""

from __future__ import annotations

import re

from newsletter.links.values import clean_text

_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
# The name, a spaced dash or bar, then a phrase of three words or more: a tagline.
_TAGLINE = re.compile(r"(?P<name>\S.*?)\s+[-–—|]\s+(?P<tagline>\S+(?:\s+\S+){2,})")


def clean_site_name(value) -> str | None:
    """The name, or None for an address (the next place a page names itself is read instead)."""
    name = clean_text(value)
    return None if not name or _ADDRESS.match(name) else name


def shown_site_name(name: str | None) -> str | None:
    """The name without a tagline after it, nor a dash left with nothing after it."""
    name = (name or "").rstrip(" -–—|")  # "The Bottom Line UCSB -"
    if tagline := _TAGLINE.fullmatch(name):
        return tagline["name"]
    return name or None
