"""Goodreads' library export (My Books → Import and export → Export Library): one row per book.

Header: `Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,
Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,
Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,
Owned Copies` (older exports add `Recommended For`… `BCID`; columns are matched by name).

Dates are `2024/03/15`; ISBNs are written `="0441013597"` so spreadsheets keep their zeros (unused
here). `Exclusive Shelf` is read, currently-reading, to-read or a shelf of the reader's own; the
last two built-in ones are books not read yet (`--include-unread`). Goodreads has no status for a
book given up on: readers shelve it on one of their own ("dnf", "abandoned"), which tags it
did-not-finish, as The StoryGraph's status does. A book is dated by `Date
Read` (its latest reading; a `Read Count` over 1 says it was read before), else `Date Added`.
`My Review` is HTML; `Private Notes` stay private.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsletter.importers.common import clean, tag_list
from newsletter.importers.model import Parsed, SavedItem
from newsletter.importers.shelves import GIVEN_UP, day, id_names, names, read_count, review, titled_rows

NAME = "goodreads"
COLUMNS = {"book id", "title", "author", "exclusive shelf"}
BOOK_PAGE = "https://www.goodreads.com/book/show/{}"
UNREAD = {"to-read", "currently-reading"}
_OWN_SHELVES = {"read", "to-read", "currently-reading"}  # where a book is, not what it is about
# readers' own shelves of books given up on: new user 50's "dnf" book came in as a book read
_GIVEN_UP_SHELVES = {"dnf", "did-not-finish", "abandoned", "gave-up", "given-up", "unfinished", "not-finished"}


def parse(text: str | Iterable[str], name: str) -> Parsed:
    parsed = Parsed(NAME)
    for where, title, row in titled_rows(text, name, parsed.warnings):
        book_id = clean(row.get("book id"))
        authors = names(row.get("author"), row.get("additional authors"))
        shelf = clean(row.get("exclusive shelf")).lower()
        read_on = day(row.get("date read"), "Date Read", where, parsed.warnings)
        tags = [tag for tag in tag_list(row.get("bookshelves")) if tag.lower() not in _OWN_SHELVES]
        if {shelf, *(tag.lower() for tag in tags)} & _GIVEN_UP_SHELVES:
            tags = tag_list([*tags, GIVEN_UP])
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=book_id or " | ".join([title, *id_names(row.get("author"), row.get("additional authors"))]),
                title=title,
                url=BOOK_PAGE.format(book_id) if re.fullmatch(r"\d{1,20}", book_id) else None,
                saved_at=read_on or day(row.get("date added"), "Date Added", where, parsed.warnings),
                tags=tags,
                unread=shelf in UNREAD,
                authors=authors,
                kind="book",
                note=review(row.get("my review")),
                reread=bool(read_on) and read_count(row.get("read count")) > 1,
            )
        )
    return parsed
