"""Whether a page plays audio: what makes an untyped page that names a feed a podcast episode.

A show on its own site ("Data Chats", og:type website, no schema) plays each episode in an
<audio> player or, more often, in its podcast host's embedded player (an <iframe>), and names
the show's feed, where the episode's duration and hosts are (providers/podcast.py reads it).
"""

from __future__ import annotations

import re

from newsletter.links import urls
from newsletter.links.page import Page

# Podcast hosts whose embedded player (an <iframe>) a show's own site plays its episodes in
_PLAYER_HOSTS = (
    "simplecast.com",
    "transistor.fm",
    "buzzsprout.com",
    "libsyn.com",
    "captivate.fm",
    "podbean.com",
    "megaphone.fm",
    "fireside.fm",
    "anchor.fm",
    "podigee.io",
    "omny.fm",
    "acast.com",
    "spreaker.com",
    "audioboom.com",
    "embed.podcasts.apple.com",
)


def plays_audio(page: Page) -> bool:
    """An og:audio tag, an <audio> player, or a podcast host's player in an <iframe> (asked
    only of an untyped page that names a feed)."""
    if page.first("og:audio", "og:audio:url", "og:audio:secure_url"):
        return True
    return any(map(_is_player, page.frames)) or (page.tree is not None and bool(page.tree.tags("audio")))


def _is_player(src: str) -> bool:
    src = src.strip()
    where = urls.host(src)
    if where == "open.spotify.com":
        return urls.path_parts(src)[:2] in (["embed", "episode"], ["embed-podcast", "episode"])
    return urls.under(where, _PLAYER_HOSTS)


# An episode's number in its title: "Episode 47: …", "Ep. 12 -"
EPISODE = re.compile(r"\b(?:episode|ep\.?)\s*#?\s*(\d{1,5})\b", re.I)


def numbered_episode(page: Page) -> bool:
    """Whether a page typed an article is a show's episode all the same: a show's own WordPress
    site types every page og:type article, and Chidi's (new user 39) "Episode 47: …", playing
    it and naming the show's feed, was captured as an article, its length in the feed never read.
    It plays audio, names a feed and numbers itself an episode (a long read's "listen" player
    with a feed does not make it one). A newsroom's story or a review, as its schema types it,
    is none, numbered or not: "Season 2, Episode 3 recap" or "Star Wars Episode 9 review", with a
    listen-to-this player and the site's feed, was made a podcast, shown as one."""
    if any(name.endswith("NewsArticle") or name == "Review" for name in page.jsonld.types + page.micro.types):
        return False
    return bool(page.feed and EPISODE.search(page.title or "") and plays_audio(page))
