"""The titles and people the metadata cache holds for some links, read without the cache's machinery.

An entry may leave its title and its people to the page: its edition shows what its build
fetched, and `search`, `related` and `list` showed the bare link and no one. They name them as
the edition did, from the cache, read-only; `search` answers before anything heavy is imported, so this module reads
the rows itself (sqlite3, json and the URL's key only: the cache's own module, with its writing
and moving aside, is as long again as a whole search). Each value goes through the one
sanitiser all the same, as the cache's reads do: a row an older version wrote may hold what
is now refused (a lone surrogate no terminal takes, a 1 MB title).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from newsletter.formats import hidden_characters
from newsletter.formats.json_object import json_object
from newsletter.links import untrusted
from newsletter.links.urls import normalise_url

FILENAME = "cache.sqlite3"  # in the workspace's .newsletter/ (links/cache.py writes it)
TITLE = untrusted.LIMITS["title"]  # the longest title a build shows


def titles(state_dir: Path, urls: Iterable[str]) -> dict[str, str]:
    """Each link's cached title, for those the cache holds one of (as fetched, whatever its age)."""
    found = {}
    for url, data in _records(state_dir, urls).items():
        title = data.get("title")
        if not isinstance(title, str) or not untrusted.shows(title := untrusted.text(title, TITLE)):
            continue  # (a title that shows nothing: its link stands in for it, as in the edition)
        if shown := _terminal(title):
            found[url] = shown
    return found


def people(state_dir: Path, urls: Iterable[str]) -> dict[str, list[str]]:
    """Each link's cached authors, for those the cache names any of: the people an edition shows
    for an entry that names none itself."""
    found = {}
    for url, data in _records(state_dir, urls).items():
        names = data.get("authors")
        if not isinstance(names, list):
            continue
        names = [
            _terminal(untrusted.text(n, untrusted.MAX_AUTHOR))
            for n in names[: untrusted.MAX_AUTHORS]
            if isinstance(n, str)
        ]
        if names := [name for name in names if name]:
            found[url] = names
    return found


def _records(state_dir: Path, urls: Iterable[str]) -> dict[str, dict]:
    """Each link's cached metadata as stored, for those the cache holds."""
    keys = {url: normalise_url(url) for url in urls if url}
    path = state_dir / FILENAME
    if not keys or not path.is_file():
        return {}
    wanted, rows = list(dict.fromkeys(keys.values())), {}
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            for start in range(0, len(wanted), 500):  # SQLite's limit on parameters is 999 or more
                chunk = wanted[start : start + 500]
                query = f"SELECT url, data FROM metadata WHERE url IN ({','.join('?' * len(chunk))})"  # noqa: S608
                rows.update(db.execute(query, chunk).fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return {}  # no cache, a damaged one or one of another shape: the links as they are
    found = {}
    for url, key in keys.items():
        if (data := json_object(rows.get(key))) is not None:  # (None for a damaged row: the link as it is)
            found[url] = data
    return found


def _terminal(text: str) -> str:
    """`text` as one line a terminal shows as it is: what hides or reorders text a space
    (formats/hidden_characters.py), spaces one."""
    return " ".join(hidden_characters.substituted(text, " ").split())
