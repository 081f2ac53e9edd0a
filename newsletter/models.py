"""The typed data that flows through the pipeline: Entry -> Edition -> Outputs.

Models are plain dataclasses with their rules stated as class attributes, so the
reader (`read.py`) and the templates agree on one vocabulary.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsletter.errors import NewsletterError
from newsletter.formats import edition_keys

_ESCAPED_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")  # scheme, user:password@, host:port
# Letters and marks that show as nothing (Unicode's default-ignorable ones among them): Hangul
# fillers, the grapheme joiner, variation selectors, Khmer's inherent vowels
_INVISIBLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}
_INVISIBLE |= {*range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
MARKS_IN_A_ROW = 4  # combining marks on one letter: more is a pile of strokes, not a script


def readable_url(url: str) -> str:
    """`url` as a reader would want to see it where it stands for a title: its escaped
    letters shown (/wiki/%D0%9C%D0%B0... is /wiki/Ма...), as a browser's address bar shows
    them. Only letters, marks and digits outside ASCII are unescaped: an escaped space, slash,
    control or bidi override stays escaped, so what is shown still reads as the same address
    and cannot be made to look like another (the link itself is never changed). Nor are they in
    the host and user parts ("https://bank.com%E3%83%8Elogin@evil.example" would read as
    bank.com/login, ノ being a letter), nor when they show as nothing, nor past a few marks."""
    if "%" not in url:
        return url
    authority = _AUTHORITY.match(url)
    cut = authority.end() if authority else 0
    return url[:cut] + _ESCAPED_RUN.sub(_unescape_letters, url[cut:])


def _unescape_letters(run: re.Match) -> str:
    raw = bytes.fromhex(run[0].replace("%", ""))
    shown, at, marks = [], 0, 0
    while at < len(raw):
        lead = raw[at]
        size = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        try:
            char = raw[at : at + size].decode("utf-8")
        except UnicodeDecodeError:
            char, size = "", 1  # not UTF-8 here: this byte stays escaped
        kind = unicodedata.category(char)[0] if size > 1 else ""
        marks = marks + 1 if kind == "M" else 0
        if kind and kind in "LMN" and ord(char) not in _INVISIBLE and marks <= MARKS_IN_A_ROW:
            shown.append(char)
        else:
            shown.append("".join(f"%{byte:02X}" for byte in raw[at : at + size]))
        at += size
    return "".join(shown)


@dataclass
class Metadata:
    """What the web says about one link. Every field is optional: pages lie and fail."""

    url: str | None = None  # canonical, absolute
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    published: str | None = None  # ISO 8601 date or datetime of first publication
    description: str | None = None
    image: str | None = None  # absolute URL
    kind: str | None = None  # video, paper, repo, podcast, article, book, ...
    duration: int | None = None  # seconds
    language: str | None = None
    extras: dict = field(default_factory=dict)  # provider-specific: stars, arxiv_id, doi...

    def as_dict(self) -> dict:
        """The fields by name, for JSON (a page reader's answer, the cache's rows). Not a copy:
        the values are JSON's own types, and dataclasses.asdict's deep copy of each took most of
        the JSON's time (the bench's 200 rows: 7.5 -> 3.1 ms), in the readers and at the stage's end."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def merged_over(self, other: Metadata) -> Metadata:
        """This metadata, with gaps filled from `other` (self wins on conflicts)."""
        values = {}
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if name == "extras":
                values[name] = {**theirs, **mine}
            else:
                values[name] = mine if mine not in (None, "", []) else theirs
        return Metadata(**values)


# The most an entry's text may hold: a note of 46 MB (a log pasted in, a file saved over the entry)
# held its build for hours, parsing it, where the longest real note (a podcast's transcript) is
# 70 KB and the email's budget 90 KB. A picture pasted in as a data: URL is not counted: its
# base64 is read in linear time (5 MB of it, a 5 s build), and the blog shows it. Its file may
# hold LARGEST_ENTRY_FILE, read whole before the pictures are told from the text.
LARGEST_ENTRY = 1 << 20
LARGEST_ENTRY_FILE = 32 << 20
# A picture's data pasted into a note (what an editor writes when one is pasted in)
_PICTURE_DATA = re.compile(rb"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]+")


def oversized(size: int, data: bytes | None) -> str | None:
    """What is wrong with an entry's file of `size` bytes holding `data` (None: not read, being
    too large to), if it is more than an entry may hold."""
    if size > LARGEST_ENTRY_FILE or data is None:
        return (
            f"{size / 2**20:.1f} MB, more than the {LARGEST_ENTRY_FILE >> 20} MB an entry's file may hold; "
            "keep the rest in a file of your own and link to it from the entry"
        )
    if size > LARGEST_ENTRY and (text := len(_PICTURE_DATA.sub(b"", data))) > LARGEST_ENTRY:
        return (
            f"{text / 2**20:.1f} MB, more than the 1 MB an entry may hold; "
            "keep the rest in a file of your own and link to it from the entry"
        )
    return None


@dataclass
class Entry:
    """One thing read, watched, listened to or used: one Markdown file."""

    types = ("talk", "paper", "tool", "article", "podcast", "video", "book", "course", "thread", "mine")
    required = ("type", "url", "date")
    optional = (
        "title",
        "speakers",
        "authors",
        "section",
        "tags",
        "draft",
        "image",
        "episode",
        "duration",
        "doi",
        "issued",
        "journal",
        "imported",
        "language",
        "by",
    )
    # How a type is labelled in a post heading ("## [Talk] [Title](url)") and which
    # word introduces its people. Articles carry no label, as in the example post.
    labels = {
        "talk": "Talk",
        "paper": "Paper",
        "tool": "Tool",
        "article": None,
        "podcast": "Podcast",
        "video": "Video",
        "book": "Book",
        "course": "Course",
        "thread": "Thread",
        "mine": None,
    }
    people_words = {"talk": "Speaker", "podcast": "Speaker", "video": "Speaker"}  # and their key is speakers
    # A type whose people no one role names (a course's: who made it, who teaches it, a school)
    # has a word that takes no plural; the rest are their Author(s).
    people_headings = {"course": "By"}
    # Keys worth offering for a type beyond the common ones (editor set-ups, stubs); the
    # reader accepts every key on every type.
    type_fields = {"podcast": ("episode", "duration"), "talk": ("duration",), "video": ("duration",)}
    # Default section headings when an entry names none, in edition order.
    section_names = {
        "talk": "Talks",
        "paper": "Papers",
        "tool": "Tools",
        "article": "Articles",
        "podcast": "Podcasts",
        "video": "Videos",
        "book": "Books",
        "course": "Courses",
        "thread": "Threads",
        "mine": "From my collection",
    }

    path: Path
    type: str
    url: str | None  # None only for a book or a highlight-only entry (see read.parse_entry)
    date: dt.date
    notes: str = ""  # the Markdown body, the user's own words
    title: str | None = None
    speakers: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    image: str | None = None
    episode: int | None = None  # a podcast episode's number
    duration: int | None = None  # seconds, for talks, videos and podcasts
    doi: str | None = None
    issued: str | None = None  # a paper's publication date, as the source gave it: "2017", "2017-06"
    journal: str | None = None  # where a paper appeared (its journal or conference), as the source gave it
    imported: list[dict] = field(default_factory=list)  # where `import` found it: {source, id, url}
    language: str | None = None  # the entry's own, a BCP 47 tag, when not the log's (its notes' lang)
    by: list[str] = field(default_factory=list)  # who wrote the notes, in a log two or more keep
    meta: Metadata = field(default_factory=Metadata)  # filled in by enrich
    # From the month's _archive.toml (enrich.with_archive), for the post's Robust Links and the email:
    archive_url: str | None = None  # a web archive copy of `url`
    archive_date: str | None = None  # when it was captured, ISO 8601 in UTC
    dead: bool = False  # `check` saw the link gone (404, 410, no such host) twice, days apart
    show_archive: bool = False  # the email links the copy: [archive] email = "all", or "dead" and dead
    previously: tuple[str, str] | None = None  # (title, link) of a close earlier entry: [smart] previously

    @property
    def link_url(self) -> str:
        """Where the post links: the archived copy once the link is dead, else the link itself."""
        return self.archive_url if self.dead and self.archive_url else self.url

    # What the templates show: the user's words first, then what was fetched.
    @property
    def display_title(self) -> str:
        return self.title or self.meta.title or readable_url(self.url or "")

    @property
    def people(self) -> list[str]:
        return self.speakers or self.meta.authors

    @property
    def people_word(self) -> str:
        if self.type in self.people_headings:
            return self.people_headings[self.type]
        word = self.people_words.get(self.type, "Author")
        return word + "s" if len(self.people) > 1 else word

    @property
    def label(self) -> str | None:
        return self.labels.get(self.type)

    @property
    def section_name(self) -> str:
        return self.section or self.section_names[self.type]

    @property
    def display_image(self) -> str | None:
        return self.image or self.meta.image


def caseless(name: str) -> str:
    """A section's or a tag's name as they are told apart, case aside: 'İnceleme' is 'inceleme',
    'Review' 'review' ("İ".casefold() is an i and a combining dot, U+0307, by Unicode's mapping of no
    language in particular: dropped, as the small i has its dot already; Turkish's ı stays a letter)."""
    return name.casefold().replace("i\u0307", "i")


def section_key(name: str) -> str:
    """What tells sections apart: their names `caseless`, and Turkish's and Azerbaijani's dotless ı
    as the i it is in no case: 'Işık' (light, its I ı's capital) was 'işık' to Unicode's
    casefold, of no language, and 'ışık' another section, 'IŞIK' twice in a Turkish text part,
    where 'AI' and 'ai' must stay one section (review 23). (Two names only an ı tells apart,
    'kır' and 'kir', are one heading: far less often both an edition's than a name in two cases.)"""
    return caseless(name).replace("ı", "i")


def counted_caseless(names) -> Counter:
    """How often each name comes, names alike but for case counted as one (Hugo's tags are: one
    page for 'İstanbul' and 'istanbul'), under its most used spelling (ties: the first); in order
    of first appearance."""
    spellings: dict[str, Counter] = {}
    for name in names:
        spellings.setdefault(caseless(name), Counter())[name] += 1
    return Counter({alike.most_common(1)[0][0]: alike.total() for alike in spellings.values()})


def month_folder(entries_dir: Path, year: int, month: int) -> Path:
    """entries/YYYY/MM, where a month's entries are filed: the year in four digits, as builds
    look for it (strftime's %Y writes year 2 as "2")."""
    return entries_dir / f"{year:04d}" / f"{month:02d}"


@dataclass(frozen=True)
class Period:
    """A month ("2021-02") or a week ("2020-W28"), as the days it covers (both ends included)."""

    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    help = "a month like 2021-02 or a week like 2020-W28 (or a year like 2021, for its review)"
    # What a command's PERIOD also takes (config.Settings.period): review 31 found it unsaid here.
    help_last = help + ", or 'last' for the edition before the current one"
    # Python's dates end at years 1 and 9999; a week at either edge would spill past them.
    first_year, last_year = 2, 9998

    key: str
    kind: str  # "month" | "week" | "year" (the year in review)
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def parse(
        cls, text: str | None, week_start: str = "monday", today: dt.date | None = None, forms: str = help
    ) -> Period:
        """'2021-02' -> that month; '2020-W28' -> ISO week 28, shifted to start on `week_start`.

        A Sunday-first week keeps the ISO week's number but starts the day before its Monday,
        so 2020-W28 is Sunday July 5 to Saturday July 11. Without `text`, this month. `forms`: what
        a message says a period may be (`help_last` for a command's PERIOD, which takes `last`).
        """
        today = today or dt.date.today()
        text = (text or f"{today:%Y-%m}").strip()
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                raise NewsletterError(f"Period '{text}': there is no month {month}; give {forms}.")
            cls._check_year(text, year, forms)
            last = calendar.monthrange(year, month)[1]
            return cls(f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1), dt.date(year, month, last))
        if match := re.fullmatch(r"(\d{4})-?[Ww](\d{1,2})", text):
            year, week = int(match[1]), int(match[2])
            cls._check_year(text, year, forms)
            try:
                monday = dt.date.fromisocalendar(year, week, 1)
            except ValueError:
                raise NewsletterError(f"Period '{text}': {year} has no week {week}; give {forms}.")
            start = monday - dt.timedelta(days=cls._days_before_monday(week_start))
            return cls(f"{year:04d}-W{week:02d}", "week", start, start + dt.timedelta(days=6))
        if match := re.fullmatch(r"(\d{4})", text):
            year = int(match[1])
            cls._check_year(text, year, forms)
            return cls(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
        raise NewsletterError(f"Period '{text}' is not {forms}.")

    @classmethod
    def week_of(cls, day: dt.date, week_start: str = "monday") -> Period:
        """The week holding `day`."""
        start = day - dt.timedelta(days=(day.weekday() - cls.weekdays.index(week_start.lower())) % 7)
        # A week is named by the ISO week of the Monday it holds: parse's inverse.
        return cls.parse(cls.week_key(start + dt.timedelta(days=cls._days_before_monday(week_start))), week_start)

    @staticmethod
    def week_key(day: dt.date) -> str:
        """The name of the ISO week holding `day` (year 999's "0999-W18", as parse reads it)."""
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"

    @classmethod
    def covers_year(cls, year: int) -> bool:
        """Whether an edition can be of `year`: an entry dated outside is part of none."""
        return cls.first_year <= year <= cls.last_year

    @classmethod
    def _check_year(cls, text: str, year: int, forms: str) -> None:
        if not cls.covers_year(year):
            raise NewsletterError(
                f"Period '{text}': the year must be between {cls.first_year:04d} and {cls.last_year}; give {forms}."
            )

    @classmethod
    def _days_before_monday(cls, week_start: str) -> int:
        """How many days a week starting on `week_start` begins before its Monday (Sunday: 1)."""
        return (7 - cls.weekdays.index(week_start.lower())) % 7

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @staticmethod
    def maker(key: str) -> str:
        """The command that writes the edition of `key`: a year's is its review, which `build` refuses."""
        return f"newsletter {'review' if edition_keys.is_year(key) else 'build'} {key}"

    def months(self) -> list[tuple[int, int]]:
        """(year, month) pairs the period touches: which entry folders to read."""
        months, (year, month) = [], (self.start.year, self.start.month)
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


@dataclass
class Section:
    title: str
    entries: list[Entry]


@dataclass
class Edition:
    """The entries of one period, grouped, with that period's editorial text."""

    period: Period
    sections: list[Section]
    mine: list[Entry]  # the author's own work: "From my collection"
    title: str  # the blog post's title
    subject: str  # the email's subject
    subtitle: str = ""
    intro: str = ""  # Markdown
    outro: str = ""  # Markdown
    tags: list[str] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [e for s in self.sections for e in s.entries] + self.mine

    @property
    def section_count(self) -> int:
        """Its sections as `build` reports them: the author's own work counts as one."""
        return len(self.sections) + bool(self.mine)

    @property
    def named_titles(self) -> list[str]:
        """Its entries' titles on a line that names the edition (the inbox's preview of the email,
        the post's summary): an entry with no title but its address (a page that could not be
        fetched, or gave none) said "https://blog.example.net/removed-post/" there between two
        headlines, so it is left out, unless no entry has a title."""
        named = [e.display_title for e in self.entries if e.title or e.meta.title]
        return named or [e.display_title for e in self.entries]


@dataclass
class Outputs:
    """Everything render produces for one edition; publish decides where it goes."""

    # The email edition's files in dist/<PERIOD>/, the record of their inputs, the message its send kept as sent
    files = {"eml": "newsletter.eml", "html": "newsletter.html", "text": "newsletter.txt"}
    build_record, sent_copy = "build.json", "sent.eml"

    post: str  # the Hugo page bundle's index.md
    post_slug: str
    html: str
    text: str
    eml: bytes
    warnings: list[str] = field(default_factory=list)
    published: dt.datetime | None = None  # the post's date
    # The entries as the log's feeds show them: title, url, sanitised notes HTML, authors...
    items: list[dict] = field(default_factory=list)
    # The edition's own words around them, as the email's sanitised HTML: the editions feed
    # carries each edition in full, and an edition is its intro and outro too.
    words: dict[str, str] = field(default_factory=dict)
    _utf8: dict[str, tuple[str, bytes]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def utf8(self, part: str) -> bytes:
        """The `html` or `text` as UTF-8, encoded once however many read it: the .eml, the size
        check, the files and the build record's hashes each encoded the ~250 KB of HTML again
        (a fifteenth of an edition in `build --all`). Encoded anew if the part was replaced."""
        text = getattr(self, part)
        kept = self._utf8.get(part)
        if kept is None or kept[0] is not text:
            kept = self._utf8[part] = (text, text.encode("utf-8"))
        return kept[1]
