"""Who hosts a podcast's episodes, as its feed says: for `import`'s draft `speakers:`.

A show's `itunes:author` is often the show itself ("Data Chats", "NPR"), and feedparser keeps
one `podcast:person` of an item, without its role: a draft named the show as its speaker, and
as what the user wrote wins over what the build fetches, the post and the email showed the show
as the host even where the feed named the hosts. This reads the Podcasting 2.0 persons
(role="host", the namespace's default role) of every item in one pass, keyed by guid and link.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree

from newsletter.importers.html_text import plain
from newsletter.links.values import norm_name

PODCAST_NAMESPACE = "https://podcastindex.org/namespace/1.0"
_PERSON = f"{{{PODCAST_NAMESPACE}}}person"


def hosts_by_item(data: bytes) -> dict[str, list[str]]:
    """Each item's hosts (podcast:person role="host"), under its guid and its link; the
    channel's own hosts, which every item has unless it names its own, under ""."""
    if PODCAST_NAMESPACE.encode() not in data:
        return {}
    found: dict[str, list[str]] = {}
    try:
        # Expat refuses entity expansion attacks and never fetches external entities.
        for _, element in ElementTree.iterparse(io.BytesIO(data)):
            if element.tag == "item":
                hosts = _hosts(element)
                for key in (element.findtext("guid"), element.findtext("link")):
                    if hosts and key and key.strip():
                        found.setdefault(key.strip(), hosts)
                element.clear()  # a feed of years of episodes: each item dropped once read
            elif element.tag == "channel" and (hosts := _hosts(element)):
                found[""] = hosts
    except ElementTree.ParseError:  # not well-formed: feedparser's reading stands
        pass
    return found


def item_hosts(found: dict[str, list[str]], raw) -> list[str]:
    """The hosts of one of feedparser's items (`raw`) in what hosts_by_item found."""
    for key in (raw.get("id"), raw.get("link")):
        if isinstance(key, str) and key.strip() in found:
            return found[key.strip()]
    return found.get("", [])


def not_the_show(author: str, show: str) -> str:
    """The channel's author, unless it is the show's own name (no person hosts "Data Chats")."""
    return "" if show and norm_name(author) == norm_name(show) else author


def _hosts(element) -> list[str]:
    names = [
        plain(person.text or "")
        for person in element.findall(_PERSON)  # its own persons, not its items'
        if (person.get("role") or "host").strip().lower() == "host"
    ]
    return list(dict.fromkeys(name for name in names if name))
