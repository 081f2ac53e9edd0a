"""A year of the log in numbers: pure functions of its (enriched) entries, no I/O.

Counts by type and by month, the sites and people read most, tags, the hours of talks and
podcasts (from durations; an entry without one is counted as unknown, never as zero), the
books of the year, the longest notes, and the author's picked favourites.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from newsletter.formats import columns
from newsletter.formats.language_tag import isolated
from newsletter.formats.wording import Wording
from newsletter.links.urls import host
from newsletter.models import Entry, caseless, counted_caseless
from newsletter.stubs import placeholder_of

LISTENING = ("talk", "podcast", "video", "course")  # what has a length in hours
# The tag of a book its reader gave up on, as `import` writes it (The StoryGraph's "did-not-finish"
# status, a Goodreads shelf of the reader's own such as "dnf"): such a book is no book read
GIVEN_UP = "did-not-finish"


@dataclass
class YearStats:
    year: int
    entries: list[Entry]
    by_type: list[tuple[str, int]]  # most first
    by_month: list[dict[str, int]]  # each month from first_month to December: type -> count
    sites: list[tuple[str, int]]
    people: list[tuple[str, int]]
    tags: list[tuple[str, int]]
    hours: float  # of the talks, podcasts, videos and courses with a known length
    timed: int  # how many of them had a length
    untimed: int  # ... and how many did not
    books: list[Entry]
    longest_notes: list[Entry]
    unfinished: list[Entry] = field(default_factory=list)  # books given up on (GIVEN_UP), not among `books`
    favourites: list[Entry] = field(default_factory=list)
    words: Wording = field(default_factory=Wording)  # the newsletter's language: its counts, months, headings
    first_month: int = 1  # the log's first, in the year it began: the months before it are no part of it

    @property
    def things(self) -> int:
        """How many things were read: the entries, a book logged twice once (as `by_type` counts)."""
        return sum(count for _, count in self.by_type)

    @property
    def type_counts(self) -> list[tuple[int, str]]:
        """`by_type` as a reader reads it: (3, "articles"), (1, "paper"), (1, "from my collection")."""
        return [(count, self.words.kinds(kind, count)) for kind, count in self.by_type]

    @property
    def type_rows(self) -> list[tuple[str, int]]:
        """`by_type` as a table's rows, named as the post names them: ("articles", 3)."""
        return [(name, count) for count, name in self.type_counts]

    @property
    def month_totals(self) -> list[int]:
        return [sum(month.values()) for month in self.by_month]

    @property
    def month_names(self) -> list[str]:
        return self.words.months()[self.first_month - 1 :]

    @property
    def month_rows(self) -> list[tuple[str, int]]:
        return list(zip(self.month_names, self.month_totals, strict=True))

    @property
    def tables(self) -> list[tuple[str, list[tuple[str, int]], str]]:
        """What the charts draw, as (heading, rows, what a row is): the post and the email show
        them as tables when there are no charts (the review extra is not installed)."""
        say, year = self.words, self.year
        made = [(say("per_month", year=year), self.month_rows, say("column_month"))]
        if self.sites:
            made.append((say("top_sites", year=year), self.sites, say("column_site")))
        if self.tags:
            made.append((say("top_tags", year=year), self.tags, say("column_tag")))
        return made


def year_stats(
    year: int,
    entries: list[Entry],
    favourites: list[str] = (),
    top: int = 10,
    words: Wording | None = None,
    first_month: int = 1,
) -> YearStats:
    """`first_month`: where the months begin, the log's first month in the year it began (a log
    begun in October listed nine empty months before it, in the charts, tables and their text)."""
    entries = sorted(entries, key=lambda e: (e.date, e.path.name))
    first_month = min([first_month, *(e.date.month for e in entries)])  # (none of the year before it)
    # a book logged twice (a chapter, then the end) is counted once, where its list has it: by its
    # latest entry; the review counted "6 livros" above a list of five (new user 43's reread)
    books, unfinished = books_read(entries), books_given_up(entries)
    listed = {id(book) for book in books}
    counted = [e for e in entries if e.type != "book" or id(e) in listed]
    by_month = [Counter() for _ in range(first_month, 13)]
    for entry in counted:
        by_month[entry.date.month - first_month][entry.type] += 1
    timed = [e for e in entries if e.type in LISTENING and (e.duration or e.meta.duration)]
    untimed = [e for e in entries if e.type in LISTENING and not (e.duration or e.meta.duration)]
    return YearStats(
        year=year,
        entries=entries,
        by_type=Counter(e.type for e in counted).most_common(),
        by_month=[dict(month) for month in by_month],
        # The sites, people and tags of the things read, as the counts and the books' list have them:
        # a book read twice made its author "read most" (2), where the list gave one book of hers
        sites=sites_read(counted, top),
        # read more than once: one paper's ten co-authors, each read once, are not "read most"
        people=[
            (p, n)
            for p, n in Counter(p for e in counted if e.type != "mine" for p in e.people).most_common(top)
            if n > 1
        ],
        tags=counted_caseless(t for e in counted for t in e.tags).most_common(top),  # as Hugo's pages count them
        hours=round(sum((e.duration or e.meta.duration) for e in timed) / 3600, 1),
        timed=len(timed),
        untimed=len(untimed),
        books=books,
        unfinished=unfinished,
        longest_notes=longest_notes(entries),
        favourites=sorted(
            (e for e in entries if any(names(wanted, e) for wanted in favourites)),
            key=lambda e: min(i for i, wanted in enumerate(favourites) if names(wanted, e)),
        ),  # in the order the author picked them, not the year's
        words=words or Wording(),
        first_month=first_month,
    )


def unmatched_favourites(favourites: list[str], entries: list[Entry]) -> list[tuple[str, str]]:
    """(favourite, hint) for each favourite that names no entry of the year, the hint naming a
    close one if any: the review would leave them out without a word."""
    from newsletter.fields import did_you_mean

    stems = sorted({e.path.stem for e in entries})
    return [
        (wanted, did_you_mean(wanted, stems)) for wanted in favourites if not any(names(wanted, e) for e in entries)
    ]


def names(wanted: str, entry: Entry) -> bool:
    """Whether a favourite names `entry`: by its link, its file's name (with .md or without), or
    its path as `list`, `check` and `sections` print it (entries/2026/01/piranesi.md), copied
    from there by Sam, whose review then left the book out as "no entry of 2026"."""
    if wanted in (entry.url, entry.path.name, entry.path.stem):
        return True
    parts = PurePosixPath(wanted).parts
    return "://" not in wanted and len(parts) > 1 and entry.path.parts[-len(parts) :] == parts


def books_read(entries: list[Entry]) -> list[Entry]:
    """The year's books, each once, by its latest entry, where it came last: new user 43 logged
    "Python Fluente" twice in 2026 (a chapter, then the end), and the review's list of books gave
    it twice. A book is its link, or without one its title and authors. An entry of a book given
    up on (tagged GIVEN_UP) is no reading of it: new user 50's review counted "8 books" with the
    one he abandoned at chapter 6 among them."""
    return list(_latest_books(e for e in entries if not given_up(e)).values())


def books_given_up(entries: list[Entry]) -> list[Entry]:
    """The year's books given up on and not read to the end in another entry of the year."""
    finished = _latest_books(e for e in entries if not given_up(e))
    return [e for key, e in _latest_books(e for e in entries if given_up(e)).items() if key not in finished]


def given_up(entry: Entry) -> bool:
    return entry.type == "book" and any(caseless(tag) == GIVEN_UP for tag in entry.tags)


def _latest_books(entries) -> dict[tuple, Entry]:
    latest: dict[tuple, Entry] = {}
    for entry in entries:  # in the order they were read
        if entry.type == "book":
            key = (
                (entry.url.rstrip("/"),) if entry.url else (caseless(entry.display_title), *map(caseless, entry.people))
            )
            latest.pop(key, None)
            latest[key] = entry
    return latest


def sites_read(entries: list[Entry], top: int) -> list[tuple[str, int]]:
    """The sites read most, each by its own name (og:site_name), else its host. A link whose
    page gave no name (fetched offline, or failed) takes the one name other pages of its host
    gave: the year's table listed "GitHub" and "github.com" both. A host whose pages give
    several names (medium.com's publications) keeps them apart, and its unnamed links its host.
    A book is read in the book, not on the page it links (its Goodreads, Open Library or shop
    page): new user 50's year of books had "Sites I read most: goodreads.com 2, Knopf 1,
    Bookshop.org 1" and a chart of them, for sites he read nothing on."""
    read = [e for e in entries if e.type not in ("mine", "book")]
    named: dict[str, set[str]] = {}
    for entry in read:
        if entry.meta.site_name and entry.url:
            named.setdefault(host(entry.url), set()).add(entry.meta.site_name)

    def site(entry: Entry) -> str:
        where = host(entry.url) if entry.url else ""
        only = named.get(where, set())
        return entry.meta.site_name or (next(iter(only)) if len(only) == 1 else where)

    return Counter(name for name in map(site, read) if name).most_common(top)


# Kana and ideographs: Japanese and Chinese are written without spaces between words
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def longest_notes(entries: list[Entry], top: int = 5) -> list[Entry]:
    """The entries the author wrote most about, by their own words: not the passages they quoted
    (an import's highlights, `> …`) nor the placeholder an unwritten stub holds. Counted whole, a
    Raindrop bookmark with three highlights and "Your notes, in Markdown." outranked a note of
    sixty words, and an entry with no word of the author's was among those "written most about"."""
    counted = [(words_in(own_words(e.notes)), e) for e in entries]
    return [e for words, e in sorted(counted, key=lambda pair: -pair[0]) if words][:top]


def own_words(notes: str) -> str:
    """The notes without quoted lines and without the stub's placeholder."""
    mine = "\n".join(line for line in notes.splitlines() if not line.lstrip().startswith(">"))
    return mine.replace(said, "") if (said := placeholder_of(mine)) else mine


def words_in(notes: str) -> int:
    """How many words a note has: a word per two kana or ideographs, as `quotes` counts them, since
    a Japanese paragraph of 200 characters, split at spaces, was three words, and "Your notes, in
    Markdown." outranked every Japanese note among those written most about."""
    return sum(1 if not (unspaced := len(_UNSPACED.findall(word))) else (unspaced + 1) // 2 for word in notes.split())


LABEL_CELLS = 32  # the most of a label a table shows, as charts.py's bars do


def text_table(rows: list[tuple[str, int]], heading: tuple[str, str], language: str = "") -> str:
    """A plain-text table of (label, number), for the email's text part and the alt texts;
    labels are padded in the cells a reader's monospace font gives them ('言語設計' takes 8).
    A label written against `language`'s direction is isolated, as the text part's titles are:
    a Hebrew site's name in an English table took its count to its left, the columns swapped.
    A label is cut at LABEL_CELLS, as the charts cut theirs: a page naming its site in 200
    characters padded every row of the table to 210 columns."""
    rows = [(columns.clip(label, LABEL_CELLS), number) for label, number in rows]
    if language:
        rows = [(isolated(label, language), number) for label, number in rows]
    size = max([columns.width(heading[0])] + [columns.width(label) for label, _ in rows])
    # the count's heading measured in cells too: '件数' takes 4, and its counts, lined up to 2, ended under its middle
    digits = max([columns.width(heading[1])] + [len(str(number)) for _, number in rows])
    lines = [f"{columns.pad(heading[0], size)}  {' ' * (digits - columns.width(heading[1]))}{heading[1]}"]
    lines += [f"{columns.pad(label, size)}  {number:>{digits}}" for label, number in rows]
    return "\n".join(lines)
