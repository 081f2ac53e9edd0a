"""Podcast episodes: the show's RSS feed, found on the episode's own page.

A second step, after the page: only the page says where the feed is
(`<link rel="alternate" type="application/rss+xml">`, which the extractor keeps in
extras["feed"]). So this adapter has no `matches`; `wants(url, meta)` picks pages that link a
feed and look like an episode (kind "podcast", or a known podcast host), and `refine` reads
the feed with feedparser.

- The episode is the feed item whose link is the page's URL (scheme, "www.", trailing slash,
  query and fragment ignored), else whose title is the page's title, else whose
  itunes:episode is the page's episode number.
- From the feed: itunes:duration ("1:05:12", "65:12" or "3912") as `duration`,
  itunes:episode as extras["episode"], the pubDate as `published`, the hosts (podcast:person
  role="host", else the item's or the show's itunes:author when it is a person's name) as
  `authors`, and the show's title as `site_name` where the page gave none. The page's title and
  description stay: the feed's often carry "#359:" prefixes and show notes.

Failures: none of its own. The page already gave what it could; a feed that cannot be fetched or
parsed, or that does not list the episode (old episodes drop off feeds), leaves it as it was.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
import weakref
from urllib.parse import urlsplit

from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher
from newsletter.links.providers.common import FEEDS, parse_feed, text_of
from newsletter.links.urls import host, under
from newsletter.models import Metadata

HOSTS = (
    "talkpython.fm",
    "pythonbytes.fm",
    "overcast.fm",
    "transistor.fm",
    "simplecast.com",
    "libsyn.com",
    "buzzsprout.com",
    "anchor.fm",
    "podbean.com",
    "castbox.fm",
    "changelog.com",
    "pca.st",
    "podcasters.spotify.com",
    "fireside.fm",
    "captivate.fm",
    "podigee.io",
    "megaphone.fm",
)
PODCAST_NAMESPACE = "https://podcastindex.org/namespace/1.0"


def wants(url: str, meta: Metadata) -> bool:
    if not isinstance(meta.extras.get("feed"), str):
        return False
    return meta.kind == "podcast" or under(host(url), HOSTS)


# Each session's feeds, fetched and parsed once: a month of one show's episodes all name the same
# feed, often megabytes, which was fetched and parsed again for every episode.
_FEEDS: weakref.WeakKeyDictionary[Fetcher, dict[str, asyncio.Future]] = weakref.WeakKeyDictionary()


async def refine(fetcher: Fetcher, url: str, meta: Metadata) -> Metadata:
    shared = _FEEDS.setdefault(fetcher, {})
    address = meta.extras["feed"]
    if await fetcher.lookups.named_inward(url, address, fetcher.settings.allow_private_addresses):
        return meta  # a public page's feed on the author's network: never asked for
    if address not in shared:
        shared[address] = asyncio.ensure_future(_read_feed(fetcher, address))
    read = await asyncio.shield(shared[address])  # one episode's ^C does not stop the others' feed
    if read is None:
        return meta
    body, feed = read
    from newsletter.links.date_values import parse_date  # (here: see providers/__init__.py)
    from newsletter.links.values import clean_text, episode_number, norm_name, parse_duration, strip_site_affix

    item = _episode(feed.entries, [url, meta.url], meta.title, meta.extras.get("episode"))
    if item is None:
        return meta
    show = feed.get("feed", {})
    hosts = _hosts(body, item) or _people(item.get("author")) or _people(show.get("author"))
    found = Metadata(
        title=clean_text(item.get("title")),
        authors=hosts,
        site_name=clean_text(show.get("title")),
        published=parse_date(item.get("published")),
        kind="podcast",
        duration=parse_duration(item.get("itunes_duration")),
    )
    episode = episode_number(item.get("itunes_episode"))
    # The feed knows the episode's facts; the page keeps its own (cleaner) title and description,
    # but not the show's name after it: Overcast's "612: The Windows Is Upstairs — Accidental
    # Tech Podcast", cut by no og:site_name at extraction (the page gives none), showed the show
    # twice, in the title and as the site under it.
    title = meta.title and found.site_name and strip_site_affix(meta.title, {norm_name(found.site_name)})
    merged = dataclasses.replace(
        meta.merged_over(found),
        title=title or meta.title or found.title,
        authors=hosts or meta.authors,
        published=found.published or meta.published,
        duration=found.duration or meta.duration,
        kind="podcast",
    )
    if episode:
        merged.extras["episode"] = episode
    return merged


async def _read_feed(fetcher: Fetcher, address: str):
    """The feed's bytes and feedparser's reading of them, or None if it cannot be fetched."""
    try:
        page = await fetcher.get(address, head_only=False, accept=FEEDS)
    except FetchError:
        return None
    # Megabytes, maybe: off the event loop. The show notes are never read here, so feedparser
    # does not clean their markup, which took it ~3 s of CPU a megabyte (the titles, people,
    # numbers and dates read are plain text, cleaned by values.clean_text and `untrusted`).
    options = {"sanitize_html": False, "resolve_relative_uris": False}
    parsed = await asyncio.to_thread(parse_feed, page.body, **options)
    if parsed.bozo and type(parsed.bozo_exception).__name__ == "DeclaresEntities":
        # (a hostile feed: this link fails, saying why, and the build goes on)
        raise FetchError(address, f"the feed at {address} declares XML entities, which no feed needs: not read")
    return page.body, parsed


def _key(url) -> str | None:
    """A URL as a comparison key: no scheme, "www.", query, fragment or trailing slash."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/") if parts.hostname else None


def _episode(items, urls, title, number):
    from newsletter.links.values import norm_name  # (here: see providers/__init__.py)

    keys = {k for k in map(_key, urls) if k}
    for item in items:
        if _key(item.get("link")) in keys or _key(item.get("id")) in keys:
            return item
    wanted = norm_name(title or "")
    for item in items:
        name = norm_name(item.get("title") or "")
        # "#359: Lifecycle of an ML project" in the feed, "Lifecycle of an ML project" on the page
        if wanted and (name == wanted or (len(wanted) > 15 and name.endswith(wanted))):
            return item
    if number:
        return next((item for item in items if text_of(item.get("itunes_episode")) == str(number)), None)
    return None


def _people(value) -> list[str]:
    from newsletter.links.values import clean_author  # (here: see providers/__init__.py)

    if not isinstance(value, str):
        return []
    names = [clean_author(re.sub(r"\s*\(@?\w+\)$", "", part)) for part in _hosts_apart(value)]
    return [name for name in names if name and len(name.split()) >= 2]  # one word is a show, not a person


# Two hosts in one itunes:author: "Sofía Ramírez, Daniel Ortega" or "Sofía Ramírez y Daniel
# Ortega" became one speaker of that whole name in Mariana's Spanish show (English "and", "&",
# Spanish "y", French "et", German "und"... as a show writes them). Parted only where every side
# is a name of two words or more: "Smith, John" and "Dungeons and Daddies" stay as they were.
_BETWEEN_HOSTS = re.compile(r"\s*[,;]\s*(?:(?:and|y|e|et|und|en|och|og)\s+|&\s*)?|\s+(?:and|&|y|e|et|und|en|och|og)\s+")


def _hosts_apart(value: str) -> list[str]:
    sides = [side for side in _BETWEEN_HOSTS.split(value.strip()) if side]
    return sides if len(sides) > 1 and all(len(side.split()) >= 2 for side in sides) else [value]


def _hosts(body: bytes, item) -> list[str]:
    """podcast:person role="host" of the item (feedparser keeps only one person, and no roles)."""
    if PODCAST_NAMESPACE.encode() not in body:
        return []
    import xml.etree.ElementTree as ElementTree

    from newsletter.links.values import clean_author, dedupe  # (here: see providers/__init__.py)

    keys = {item.get("link"), item.get("id")} - {None, ""}
    hosts = []
    try:
        # Expat refuses entity expansion attacks and never fetches external entities.
        for _, element in ElementTree.iterparse(io.BytesIO(body)):
            if element.tag != "item":
                continue
            link, guid = element.findtext("link"), element.findtext("guid")
            if {(link or "").strip(), (guid or "").strip()} & keys:
                for person in element.iter(f"{{{PODCAST_NAMESPACE}}}person"):
                    if (person.get("role") or "host").lower() == "host" and (name := clean_author(person.text)):
                        hosts.append(name)
                break
            element.clear()
    except ElementTree.ParseError:  # a feed cut at max_bytes, or not well-formed
        pass
    return dedupe(hosts)
