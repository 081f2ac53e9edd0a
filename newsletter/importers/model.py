"""What every importer produces: `SavedItem`s with their `Highlight`s, plus the warnings of one file.

The parsers (one module per source format) are pure: bytes or text in, a `Parsed` out. What
becomes of an item (an entry, a skip, highlights appended to an entry made earlier) is decided
by the import command, not here. Named `SavedItem`, not `Saved`, because `read.Saved` already
names an entry seen by an archive scan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The zone of a moment an export wrote without one: the reader's own clock (a Kindle's "Added on",
# a Goodreads day, a Zotero access date), whose day is the day as written. A moment with a zone
# (Unix seconds, ISO 8601 with Z) is an instant, whose day is the day in the author's timezone.
AS_WRITTEN = dt.timezone(dt.timedelta(0), "as written")


@dataclass
class Highlight:
    """One passage the reader marked, with their own note on it and where it is."""

    text: str
    note: str | None = None
    location: str | None = None  # "page 12", "location 1406-1410", as the source says it
    highlighted_at: dt.datetime | None = None


@dataclass
class SavedItem:
    """One thing saved or read in one source: a bookmark, a document with highlights, a paper.

    `source` and `source_id` name it in its source (for sync); `url` is as the export wrote it
    (None for a Kindle book or a note-only document); `saved_at` is when it was saved or read,
    which decides the entry's month.
    """

    source: str  # a format name from FORMATS: "pocket", "kindle", ...
    source_id: str  # stable within the source: its own id, else the URL, else title + author
    title: str | None = None
    url: str | None = None
    saved_at: dt.datetime | None = None
    date_written: str | None = None  # the date as the export wrote it, where it could not be read
    tags: list[str] = field(default_factory=list)
    unread: bool = False
    authors: list[str] = field(default_factory=list)
    kind: str | None = None  # a hint for infer_type: "paper", "book", "video", ...
    note: str | None = None  # the reader's own words on the whole item (a bookmark's description)
    excerpt: str | None = None  # what the page or paper says of itself (an abstract); not the reader's
    doi: str | None = None
    issued: str | None = None  # a paper's publication date, as far as known: "2020", "2020-03-05"
    journal: str | None = None  # where a paper appeared: its journal or the conference's proceedings
    highlights: list[Highlight] = field(default_factory=list)
    reread: bool = False  # a book its source says was read more than once: `saved_at` is the latest reading


@dataclass
class Parsed:
    """One file's items, and a warning for every row or item that was skipped or doubtful."""

    format: str
    items: list[SavedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
