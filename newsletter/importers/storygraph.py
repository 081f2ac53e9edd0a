"""The StoryGraph's export (Manage Account → Export StoryGraph Library): one row per book.

Header: `Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates
Read,Read Count,Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable
Characters?,Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content
Warning Description,Tags,Owned?` (exports of 2021 said `Author` and `ISBN`; columns are matched
by name). Names, moods and tags are comma-separated in one cell; dates are `2024/03/15`, and
`Dates Read` holds a span per reading (`2024/03/01-2024/03/15, 2025/01/02-2025/01/20`).

`Read Status` is read, currently-reading, to-read, paused or did-not-finish: the middle three are
books not read yet (`--include-unread`); a book given up on is imported, tagged did-not-finish.
A book is dated by `Last Date Read`, else the latest day in `Dates Read`, else `Date Added`. No
column links to the book, so entries go without `url:`. Contributors (translators, narrators)
are not authors and are left out, as are ratings and the other questions' answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsletter.importers.common import clean, tag_list
from newsletter.importers.model import Parsed, SavedItem
from newsletter.importers.shelves import (
    DAY,
    GIVEN_UP,
    day,
    id_names,
    latest_day,
    names,
    read_count,
    review,
    titled_rows,
)

NAME = "storygraph"
COLUMNS = {"title", "read status", "date added", "last date read"}
UNREAD = {"to-read", "currently-reading", "paused"}
_ROUNDED = re.compile(r"\d(\.\d*)?e\+?\d+", re.I)  # 9.78164E+12: an ISBN a spreadsheet re-saved as a number


def parse(text: str | Iterable[str], name: str) -> Parsed:
    parsed = Parsed(NAME)
    for where, title, row in titled_rows(text, name, parsed.warnings):
        cell = row.get("authors", row.get("author"))
        authors = names(cell)
        status = clean(row.get("read status")).lower()
        tags = tag_list([*tag_list(row.get("tags")), *tag_list(row.get("moods"))])
        if status == GIVEN_UP:
            tags = tag_list([*tags, GIVEN_UP])
        finished = (
            day(row.get("last date read"), "Last Date Read", where, parsed.warnings)
            or latest_day(row.get("dates read"))
            or day(row.get("date added"), "Date Added", where, parsed.warnings)
        )
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=_uid(row.get("isbn/uid", row.get("isbn"))) or " | ".join([title, *id_names(cell)]),
                title=title,
                saved_at=finished,
                tags=tags,
                unread=status in UNREAD,
                authors=authors,
                kind="book",
                note=review(row.get("review")),
                reread=status == "read"
                and (read_count(row.get("read count")) > 1 or len(DAY.findall(clean(row.get("dates read")))) > 2),
            )
        )
    return parsed


def _uid(value) -> str:
    """The book's ISBN/UID, or "" for one a spreadsheet rounded (9.78164E+12): many books share
    that, and as an id the first of them hid the others."""
    uid = clean(value)
    return "" if _ROUNDED.fullmatch(uid) else uid
