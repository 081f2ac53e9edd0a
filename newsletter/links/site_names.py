"""A site's name as a reader sees it beside the author: cleaned text, never an address, without
the tagline some sites add to it.

- Some pages fill `application-name` or og:site_name with their own URL
  ("https://www.kleinezeitung.at"), which the byline then showed as the site's name.
- Others add their slogan: "Yahoo News - Latest News & Headlines", "Hypixel - Minecraft Server
  and Maps", "whiskyverkostung.com - Man muss dem Leben immer um mindestens einen Whisky
  voraus sein (Humphrey Bogart)": the byline carried the whole of it after the author's name.
  Only the name shown loses it: the title's " - Site - Slogan" suffix is still recognised by
  the name in full.
- A few sites name a section or page first: "Opinion | The Washington Post", "Blog - Acme
  Widget Company". Their name is the part after the dash, as it is when that part names the
  host ("washingtonpost.com") and the part before it does not.
"""

from __future__ import annotations

import re

from newsletter.links import urls
from newsletter.links.values import clean_text, norm_name

# An address as mail apps find one in text and make it a link: a URL, a mailto:, "www." anything,
# a domain with a path ("casino.example/win"). A brand's "Booking.com" is none, nor is a site
# named by its bare host ("www.example.com", shown as "example.com").
_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://|\bmailto:|\bwww\.\w|\b[\w-]+\.[a-z]{2,}/", re.I)
_BARE_HOST = re.compile(r"www\.[\w.-]+", re.I)
# The name, a spaced dash or bar, then a phrase of three words or more: a tagline.
_TAGLINE = re.compile(r"(?P<name>\S.*?)\s+[-–—|]\s+(?P<tagline>\S+(?:\s+\S+){2,})")
_DANGLING = re.compile(r"\s+[-–—|]+$")  # "The Bottom Line UCSB -"; not the dashes of "C--"
# A section's or a page's name, which comes before the site's: "Opinion | The Washington Post"
_SECTIONS = frozenset(
    "home homepage start welcome blog blogs news latest opinion opinions ideas articles posts writing essays "
    "archive archives magazine podcast podcasts videos video stories features insights research resources "
    "startseite accueil inicio notizie nachrichten".split()
)
# Host labels that name no site: "news.yahoo.com" is Yahoo's
_GENERIC_LABELS = frozenset(("www", "m", "amp", "news", "blog", "blogs", "home", "online"))


def clean_site_name(value) -> str | None:
    """The name, or None for one holding an address (the next place a page names itself is read
    instead): mail apps make an address in text a link, a link of the page's choice beside the title."""
    name = clean_text(value)
    return None if not name or (_ADDRESS.search(name) and not _BARE_HOST.fullmatch(name)) else name


def shown_site_name(name: str | None, url: str = "") -> str | None:
    """The name without a tagline after it, nor a dash left with nothing after it."""
    name = _DANGLING.sub("", (name or "").strip())
    if tagline := _TAGLINE.fullmatch(name):
        first, rest = tagline["name"], tagline["tagline"]
        # a name in another script than the host's ("خبرآنلاین - ... | Khabaronline") could not match it
        in_hosts_letters = re.search("[A-Za-z]", first)
        if norm_name(first) in _SECTIONS or (
            in_hosts_letters and _names_host(rest, url) and not _names_host(first, url)
        ):
            return shown_site_name(rest, url)  # "Opinion | The Washington Post - Breaking News, ..."
        return first
    return name or None


def _names_host(part: str, url: str) -> bool:
    """Whether the words name the site's host: "The Washington Post", washingtonpost.com."""
    key = norm_name(part).removeprefix("the")
    labels = {norm_name(label).removeprefix("the") for label in urls.host(url).split(".")[:-1]} - _GENERIC_LABELS
    # the words start with the host's name, not merely mention it ("... data science on Medium")
    return len(key) >= 4 and any(len(label) >= 4 and key.startswith(label) for label in labels)
