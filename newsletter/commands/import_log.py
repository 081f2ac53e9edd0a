"""The entries already in the log, as `import` sees them: by the `imported:` keys an import
wrote, by normalised link, by work (a book's title and author in any source), and whether an
item is a new reading of a book the log has. Read from the entries themselves, so a renamed,
moved or edited entry is still known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import read
from newsletter.importers import SavedItem
from newsletter.importers.entry import imported_id, marked_works, same_name, work_key, work_keys
from newsletter.links.same_work import work_of
from newsletter.links.urls import normalise_url


@dataclass
class Known:
    """One entry in the log, as the sync sees it: where it is, whether `import` made it."""

    path: Path
    made_by_import: bool
    ids: dict[str, str] = field(default_factory=dict)  # source -> id, from its `imported:` keys
    this_run: bool = False  # written by this import: an item the export lists again is no news of the log


class Log:
    """The entries already in the log, as the sync sees them: by their `imported:` (source, id),
    and by normalised link, an index made only when an item is not known by its id (a second
    import of 20,000 bookmarks normalises no link at all)."""

    def __init__(self, saved: list[read.Saved]):
        self.by_id: dict[tuple[str, str], Known] = {}
        self._entries = [
            (entry, Known(entry.path, bool(entry.imported), {m["source"]: m.get("id", "") for m in entry.imported}))
            for entry in saved
        ]
        self._by_url: dict[str, Known] | None = None
        self._by_page: dict[str, Known] = {}
        self._added: list[tuple[str, Known]] = []  # links of entries written before the index was made
        self.by_work: dict[str, Known] = {}  # entries without a link, by work_key
        self._latest: dict[tuple, tuple[int, int]] | None = None  # (_latest_months)
        # the latest entry of an id or a work first: a book read again (read_again) has an entry
        # per reading, and the Kindle's highlights of new user 50's reread of 2026 went into the
        # entry of his reading of 2019, in an edition sent long ago
        for entry, known in sorted(self._entries, key=lambda pair: pair[0].date, reverse=True):
            for mark in entry.imported:
                self.by_id.setdefault((mark["source"], mark.get("id", "")), known)
                for work in marked_works(mark):  # "work" as written, and as a book by "Spanish Edition" is named now
                    self.by_work.setdefault(work, known)
            if entry.url is None and (work := work_key(entry.title, entry.people)):
                self.by_work.setdefault(work, known)  # written by hand, or imported before `work` was kept

    def same_work(self, key: dict[str, str], ids_here: set[tuple[str, str]], item: SavedItem) -> Known | None:
        """The entry of the book `key` names by its `work`, unless that entry came from the same
        source under another id of the source's own that this very export holds too: two rows
        of one Goodreads library are two books, however alike ("The Lord of the Rings: The Two
        Towers" and "…: The Fellowship of the Ring" are one work without their subtitles).
        An id gone from the export is the same book under a new one (Goodreads' Book Id changes
        with the edition), and an id made of the title (" | ": Kindle's, StoryGraph's without an
        ISBN) changes with the title: neither is a sign of another book. Not found by its own
        key, the book may be one whose author another source names in the other order
        (`work_keys`): the entry found so is it if its first author is the item's."""
        known = self.by_work.get(key["work"]) or next(
            (
                self.by_work[work]
                for work in work_keys(item.title, item.authors)[1:]
                if work in self.by_work and _first_author_is(self.by_work[work].path, item.authors[0])
            ),
            None,
        )
        other = known.ids.get(key["source"]) if known else None
        if other not in (None, key["id"]) and " | " not in other + key["id"] and (key["source"], other) in ids_here:
            return None
        return known

    def read_again(self, known: Known, item: SavedItem, day: dt.date) -> bool:
        """Whether `item`, a book its source says was read more than once, was read again in a
        month after every entry of the log that is it: `known`, and any other of its source's id
        or of its work (that reading imported from another source already)."""
        if known.this_run:
            return False
        source_id, work = imported_id(item), work_key(item.title, item.authors)
        keys = [("path", known.path), ("id", source_id), *([("work", work)] if work is not None else [])]
        months = self._latest_months()
        latest = max((months[key] for key in keys if key in months), default=None)
        return latest is not None and (day.year, day.month) > latest

    def _latest_months(self) -> dict[tuple, tuple[int, int]]:
        """The latest month of the log's entries by each thing that makes one the same book: its
        file, each of its `imported:` (source, id) and works, and a work of its own title and
        authors (one without a link). Made once: each book read again looked at every entry,
        and a Goodreads export of 2,000 rereads took 4.8 s over a log of them, 1,000 1.2 s."""
        if self._latest is None:
            self._latest = {}
            for entry, known in self._entries:
                keys = {("path", known.path)}
                for mark in entry.imported:
                    if isinstance(mark["source"], str) and isinstance(mark.get("id", ""), str):  # (as imported_id's)
                        keys.add(("id", (mark["source"], mark.get("id", ""))))
                    keys.update(("work", work) for work in marked_works(mark))
                if entry.url is None and (work := work_key(entry.title, entry.people)) is not None:
                    keys.add(("work", work))
                month = (entry.date.year, entry.date.month)
                for key in keys:
                    self._latest[key] = max(self._latest.get(key, month), month)
        return self._latest

    def by_url(self, url: str) -> Known | None:
        """The entry of the page `url` (normalised) names, found by its normalised link or the
        links its `imported:` keys name: that very link first, else the same work (links.same_work,
        as build's and check's repeats: Pocket saved a post as https://jvns.ca/blog/dns/ and a
        bookmark as .../dns, a talk as youtu.be/ID and the bookmarks as watch?v=ID&t=42s, one work
        import made two entries of; each entry keeps its link as written).
        A log may hold two entries of one page, made before a trailing slash was no matter: a
        highlight goes to the one of its own link, not to whichever was read first."""
        if self._by_url is None:
            self._by_url, self._by_page = {}, {}
            for entry, known in self._entries:
                for mark in entry.imported:
                    if mark.get("url"):
                        self._index(mark["url"], known)
                if entry.url:
                    self._index(normalise_url(entry.url), known)
            for link, known in self._added:
                self._index(link, known)
        return self._by_url.get(url) or self._by_page.get(work_of(url))

    def _index(self, url: str, known: Known) -> None:
        self._by_url.setdefault(url, known)
        self._by_page.setdefault(work_of(url), known)

    def add(self, key: dict[str, str], known: Known) -> None:
        self.by_id[(key["source"], key["id"])] = known
        if "work" in key:
            self.by_work.setdefault(key["work"], known)
        if "url" not in key:
            return
        if self._by_url is None:
            self._added.append((key["url"], known))
        else:
            self._index(key["url"], known)


def _first_author_is(path: Path, name: str) -> bool:
    """Whether the entry at `path` (a file of the log; one this dry run would write is not yet)
    names `name` first, in any order of its words."""
    try:
        entry, _ = read.read_entry(path)
    except (read.Problem, OSError):
        return False
    return bool(entry.people) and same_name(entry.people[0], name)
