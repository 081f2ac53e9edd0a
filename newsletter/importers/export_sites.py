"""The names a site puts after its pages' titles, learnt from one export's items.

An import's title is the page's `<title>`, and a site whose name its host does not spell (Al
Jazeera's "… | الجزيرة نت" at aljazeera.net, "… - Ars Technica" at arstechnica.com is spelt)
kept it in the entry's title and file name: `entry.page_title` knows a site only by its host.
The same last part after a separator on two or more different titles from one host in the same
export is that site's name, unless the link's path spells it (a GitHub repository's "· owner/repo",
a section's name), or fewer than most of the host's titles (with a separator or without) end so:
a site's name ends nearly all its pages' titles, where a channel's or a series' on a host of many
("Lecture 1 | MIT 6.006" at youtube.com, "Why Rust? - Part 1") ends a few. A title no other item
of its host ends so keeps all its words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsletter.importers.model import SavedItem
from newsletter.links import urls
from newsletter.links.values import SEPARATOR, norm_name


def shared_suffixes(items: Iterable[SavedItem]) -> dict[str, set[str]]:
    """Per host, the `norm_name` keys of a last title part ("| الجزيرة نت") that two or more of
    its items' different titles end with."""
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    below_host: set[tuple[str, str]] = set()  # a part the link's path spells: "· owner/repo" at GitHub
    # per host, its different titles, with a separator or without: a site's name ends nearly all
    # of them, where a recurring column's ("Mapas de X — España") ends a few of a blog's
    every: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if item.url and item.title:
            every[urls.host(item.url)].add(norm_name(item.title))
        parts = SEPARATOR.split(item.title or "")
        if len(parts) >= 2 and item.url and (key := norm_name(parts[-1])):
            # the rest of the title, not the whole: "A | Site" listed twice is one title
            titles[urls.host(item.url), key].add(norm_name("".join(parts[:-1])))
            if key in norm_name(urlsplit(item.url).path):
                below_host.add((urls.host(item.url), key))
    found: dict[str, set[str]] = defaultdict(set)
    for (host, key), heads in titles.items():
        if host and len(heads) >= 2 and 2 * len(heads) > len(every[host]) and (host, key) not in below_host:
            found[host].add(key)
    return dict(found)
