"""What the book trackers' CSV exports share (Goodreads, The StoryGraph): days written
`2024/03/15`, a review that may be HTML (`<br/>`, `<i>`), and a row's one warning for a day it
cannot read. Each format's own module says which columns mean what.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from newsletter.importers.common import clean, csv_rows
from newsletter.importers.html_text import paragraphs
from newsletter.importers.model import AS_WRITTEN
from newsletter.importers.names import listed

# The tag of a book its reader gave up on: The StoryGraph's own status, and what the year in
# review (review/stats.py) leaves out of the books read
GIVEN_UP = "did-not-finish"
DAY = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})")  # 2024/03/15 as both write it; 2024-03-15 too
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def titled_rows(text: str | Iterable[str], name: str, warnings: list[str]) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(where, title, row) of each CSV row (`csv_rows`) with a title, `where` naming its file and
    line for the row's warnings; a row without a title is a warning itself."""
    for line, row in csv_rows(text, name, warnings):
        where = f"{name}:{line}"
        title = clean(row.get("title"))
        if not title:
            warnings.append(f"{where}: skipped a row without a title")
            continue
        yield where, title, row


def day(value, column: str, where: str, warnings: list[str]) -> dt.datetime | None:
    """The day in a date cell (midnight UTC, so the entry's month is the one written), or None
    when the cell is empty; a cell that is no such day (`03/15/2024`, as a spreadsheet re-saves
    it) is None too, with a warning naming the row and the column."""
    text = clean(value)
    if not text:
        return None
    match = DAY.fullmatch(text)
    if match:
        try:
            return dt.datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=AS_WRITTEN)
        except ValueError:
            pass
    warnings.append(f"{where}: `{column}` is {text[:40]!r}, not a day written YYYY/MM/DD; left out")
    return None


def latest_day(value) -> dt.datetime | None:
    """The latest day named anywhere in a cell: "2019/03/01-2019/03/20, 2024/05/02-2024/05/30"."""
    days = []
    for match in DAY.finditer(clean(value)):
        try:
            days.append(dt.datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=AS_WRITTEN))
        except ValueError:
            continue
    return max(days, default=None)


def read_count(value) -> int:
    """How many times the reader read the book, as `Read Count` says (0 where it says nothing)."""
    text = clean(value)
    return int(text) if text.isdigit() and len(text) < 6 else 0


def names(*cells) -> list[str]:
    """People named in cells of comma-separated names, in order, each once; "Martin Luther King,
    Jr." is one of them (importers/names.py)."""
    found = (clean(name) for cell in cells for name in listed(clean(cell)))
    return [name for name in dict.fromkeys(found) if name]


def id_names(*cells) -> list[str]:
    """The names a book without an id of its own is known by, with its title: the cells split at
    every comma, as `names` split them when such ids were first made ("Martin Luther King" and
    "Jr."). Made of the names as they are now, the id of every such book by a "Jr." changed,
    and a re-import of an old export would have been new books to the import log."""
    found = (clean(name) for cell in cells for name in (cell or "").split(","))
    return [name for name in dict.fromkeys(found) if name]


def review(value) -> str | None:
    """The reader's review as paragraphs of plain text: Goodreads writes HTML (`<br/>` between
    lines, `<i>`, `<a href>`), which would show as typed; text without tags keeps its lines. A
    link keeps its address after its words, which the email and the blog link."""
    text = clean(value, lines=True)
    if _TAG.search(text):
        text = "\n\n".join(paragraphs(text, links=True))
    return clean(text, lines=True) or None
