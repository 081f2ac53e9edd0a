"""One imported item as entry Markdown: front matter, a line for the author, then the highlights.

    ---
    type: paper
    url: "https://arxiv.org/abs/1706.03762"
    date: 2024-03-05
    title: "Attention Is All You Need"
    authors: ["Ashish Vaswani", "Noam Shazeer"]
    tags: ["ml"]
    draft: true
    doi: "10.48550/arXiv.1706.03762"
    issued: "2017-06"
    journal: "Advances in Neural Information Processing Systems"
    imported: {source: "csl-json", id: "vaswani2017", url: "https://arxiv.org/abs/1706.03762"}
    ---
    Your notes, in Markdown.

    > The highlighted passage…
    > (page 3)

    The reader's note on it.

The link is written without trackers (utm_*, fbclid…), as feed import writes it. `imported`
names the item in its source (source, id, normalised URL) so a later import knows it
even after the author renamed, moved or edited the entry. Every string is JSON-quoted (JSON
strings are valid YAML); highlights and notes are Markdown-escaped, one paragraph at a time,
so no raw HTML, heading or shortcode gets in from an export.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from newsletter.importers.amazon_edition import is_edition
from newsletter.importers.kinds import infer_type
from newsletter.importers.model import AS_WRITTEN, Highlight, SavedItem
from newsletter.links import untrusted, urls
from newsletter.links.urls import normalise_url, without_credentials, without_trackers
from newsletter.links.values import host_keys, norm_name, strip_site_affix
from newsletter.models import Entry, Period
from newsletter.stubs import PLACEHOLDER, paragraphs, quoted, typed

_SURROGATE = re.compile("[\ud800-\udfff]")


def entry_date(item: SavedItem, today: dt.date, zone: dt.tzinfo | None = None) -> dt.date:
    """The day the item was saved or read (in `zone`, else as the export gave it), else today.

    A moment the export wrote without a zone (AS_WRITTEN) keeps its day: it is already the
    reader's, and a Kindle's 9 pm turned to Toronto's time would not be."""
    moment = item.saved_at
    if moment is None:
        return today
    if zone and moment.tzinfo is not AS_WRITTEN:
        try:
            moment = moment.astimezone(zone)
        except OverflowError:  # Go's zero time, 0001-01-01, west of UTC: some exports' "no date"
            pass  # its year is none an edition covers, which the import says, dating it today
    return moment.date()


# How much of an item's title (or link, or date as written) a warning about it quotes: a line's worth
NAMED = 80


def named(item: SavedItem) -> str:
    """The item as a warning names it, in quotes: its title or link, cut to a line. An export's
    title of 100,000 characters was printed whole in every warning about its item."""
    return f"'{untrusted.truncate(item.title or item.url, NAMED)}'"


def import_day(item: SavedItem, today: dt.date, zone: dt.tzinfo, source: str) -> tuple[dt.date, str | None]:
    """The day `import` dates the item's entry, and the warning when that is not its own: today,
    for a date that cannot be read (the export's words named: "0000-01-01T00:00:00.000Z", which
    was dated today without a word), one in a year no edition covers (Go's zero time, 0001-01-01,
    some exports' "no date") or one in the future (a clock set wrong, milliseconds read as
    seconds: year 5138), as feed import does."""
    day, name = entry_date(item, today, zone), named(item)
    if item.saved_at is None and item.date_written:
        written = untrusted.truncate(item.date_written, NAMED)
        return today, f"{source}: {name} has the date '{written}', which is not a date; dated it today ({today})"
    if not Period.covers_year(day.year):
        return today, f"{source}: {name} is dated {day}, in a year no edition covers; dated it today ({today})"
    if day > today:
        return today, f"{source}: {name} is dated {day}, in the future; dated it today ({today})"
    return day, None


# What a company calls the site it writes on, after its own name: "Uber Blog" at uber.com, "Uber
# Engineering" at eng.uber.com, "The Cloudflare Blog" at blog.cloudflare.com
_SITE_WORDS = ("blog", "engineering", "engineeringblog", "techblog", "news", "newsroom", "research", "developers")


def _named_site_keys(host: str) -> set[str]:
    """host_keys(), and the names a site takes after its host's name ("Uber Blog", "Uber
    Engineering"): for a title whose site name no page has told yet (an imported tab's), where
    the page's og:site_name cuts it at build."""
    labels = [label for label in host.lower().split(".")[:-1] if len(label) >= 3 and label != "www"]
    named = {norm_name(label) + word for label in labels for word in _SITE_WORDS}
    return host_keys(host) | named | {"the" + name for name in named}  # "The Cloudflare Blog"


def page_title(title: str | None, url: str | None, sites: dict[str, set[str]] | None = None) -> str | None:
    """A saved page's title without the site's name its `<title>` carried ("Strange Loop keynote -
    YouTube", "Why is software slow? – Dan Luu"): a title import writes wins over the one the
    build fetches, so the name went into the edition. Cut only where the cut-off part is the
    link's host (`strip_site_affix`, as for fetched titles), or the host's name and what it calls
    its site ("… | Uber Blog" at uber.com, which build cut by the page's og:site_name and import
    left), or a name `sites` says the host goes by (export_sites.shared_suffixes), never a
    subtitle. A title that is the link itself is none: browsers, Raindrop and Pinboard name a
    page they could not read by its address, as Pocket and Instapaper do, and written into the
    entry it would win over the page's own title for good."""
    if not title or not url:
        return title
    if "://" in title and normalise_url(title) == normalise_url(url):
        return None
    title = _without_arxiv_id(title, url)
    host = urls.host(url)
    return strip_site_affix(title, _named_site_keys(host) | (sites or {}).get(host, set())) or title


# arXiv's tab: "[2305.14314] QLoRA: …", "[hep-th/9901001v2] …", the paper's id before its title
_ARXIV_TAB = re.compile(r"\[([^\]\s]+?)(?:v\d+)?\]\s+(?=\S)")


def _without_arxiv_id(title: str, url: str) -> str:
    """A saved arXiv page's title without the id its tab shows first: a title import writes wins
    over the paper's, so Sam's edition and year in review cited "[2305.14314] QLoRA: Efficient
    Finetuning…" and its file was named 2305-14314-qlora-…. Only the link's own paper's id goes."""
    paper = urls.arxiv_paper(url)
    tab = _ARXIV_TAB.match(title) if paper else None
    return title[tab.end() :] if tab and tab[1] == paper[0] else title


def item_type(item: SavedItem) -> str:
    """The entry type for an item: the kind its source gave it, else its link (see kinds.infer_type)."""
    return infer_type(item.url, [item.kind], item.title, tags=item.tags)


def imported_key(item: SavedItem) -> dict[str, str]:
    """What `imported:` holds: the item's name in its source, and its normalised link, or for
    an item without one (a Kindle book, a Readwise document, an Omnivore note), its `work_key`.
    A book keeps its `work_key` beside its link: Goodreads links every book to its own page,
    and the same book from The StoryGraph or a Kindle has no link to be known by."""
    source, source_id = imported_id(item)
    key = {"source": source, "id": source_id}
    if item.url:
        key["url"] = _text(normalise_url(item.url))
    if (not item.url or item.kind == "book") and (work := work_key(item.title, item.authors)):
        key["work"] = work
    return key


def work_key(title: str | None, authors: list[str] | tuple[str, ...] = ()) -> str | None:
    """What names a work without a link across sources: its title without subtitle, brackets,
    case or accents, and its first author's surname, however the source wrote the name.

    "The Pragmatic Programmer: From Journeyman to Master (2nd ed.)" by "Hunt, Andrew; Thomas,
    David" in one source and "The pragmatic programmer" by "Andrew Hunt and David Thomas" in
    another: both `the pragmatic programmer / hunt`. None without a title to go by.
    """
    # "[^()]": an opening bracket never closed fails at the next, not at the end of the title,
    # as each of 200,000 did (quadratic: half a minute for one 1 MB title)
    works = work_keys(title, authors)
    return works[0] if works else None


def work_keys(title: str | None, authors: list[str] | tuple[str, ...] = ()) -> list[str]:
    """`work_key`, then the keys the same book has where a source writes its first author's name
    in the other order: Goodreads names the author of The Three-Body Problem "Liu Cixin", family
    name first as in Chinese, and The StoryGraph "Cixin Liu", so new user 50's book read in both
    was two entries (`… / cixin` and `… / liu`). Any other word of the name (not an initial) may
    be the surname there; an entry found so is the book only if its first author's name has the
    very words of this one's (`same_name`): "Poems" by Thomas Hardy is not by Dylan Thomas.
    Empty without a title to go by."""
    words = _words(re.split(r":|\s[-–—]\s", re.sub(r"\([^()]*\)|\[[^][]*\]", " ", title or ""))[0])
    if not words:
        return []
    # "Spanish Edition", the author an earlier Kindle import gave a book without one, is nobody:
    # its entry is the same book as the one import makes of it now
    authors = [name for name in authors if not is_edition(name)]
    first = re.split(r";|&|\band\b|\bund\b|\bet\b", authors[0])[0] if authors else ""
    head, comma, _ = first.partition(",")
    names = _words(head).split()
    # "Hunt, Andrew" is surname first; "Andrew Hunt, David Thomas" lists people
    surname = (names[0] if comma and len(names) == 1 else names[-1]) if names else ""
    if not surname:
        return [words]
    others = [name for name in dict.fromkeys(_words(first).split()) if name != surname and len(name) > 1]
    return [f"{words} / {name}" for name in (surname, *others)]


def same_name(one: str, other: str) -> bool:
    """Whether two names are one person's, whatever their order or case: "Liu Cixin", "Cixin
    Liu" and "Cixin, Liu"."""
    return sorted(_words(one).split()) == sorted(_words(other).split()) != []


def marked_works(mark: dict[str, str]) -> list[str]:
    """The works an entry's `imported:` mark names: its `work`, and for a book an earlier import
    made by Amazon's edition ("La sombra del viento | Spanish Edition", Kindle's id of title and
    authors), the work without it, as `work_key` names that book now: the mark is all that is
    left to know it by once its author retitled the entry or gave it a link."""
    works = [mark["work"]] if mark.get("work") else []
    title, *authors = mark.get("id", "").split(" | ")
    if any(is_edition(name) for name in authors) and (work := work_key(title, authors)):
        works.append(work)
    return works


def _words(text: str) -> str:
    """Words without case or accents (any script: a Russian title keeps its letters), one space apart.
    Invisible format characters (a soft hyphen, a zero-width space or joiner) are no word breaks."""
    plain = "".join(
        c
        for c in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    ).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))


def imported_id(item: SavedItem) -> tuple[str, str]:
    """(source, id) as `imported:` keeps them, and as a later import looks the item up."""
    return _text(item.source), _text(item.source_id)


def ids_of_two_links(items: list[SavedItem]) -> set[tuple[str, str]]:
    """The (source, id)s an export gives to more than one page: a Raindrop.io CSV listing two
    bookmarks under one id had the second taken for "repeated in the export", and never written.
    Only links whose id comes again are normalised (a Pocket export's ids are its links)."""
    from collections import Counter

    from newsletter.links.same_work import work_of

    counted = Counter(imported_id(item) for item in items)
    pages: dict[tuple[str, str], set[str]] = {}
    for item in items:
        if item.url and counted[imported_id(item)] > 1:
            pages.setdefault(imported_id(item), set()).add(work_of(normalise_url(item.url)))
    return {found for found, seen in pages.items() if len(seen) > 1}


def entry_text(item: SavedItem, day: dt.date, kind: str | None = None) -> str:
    """The whole entry file for one item, dated `day`, typed `kind` (else inferred)."""
    return render(*entry_parts(item, day, kind))


def entry_parts(
    item: SavedItem,
    day: dt.date,
    kind: str | None = None,
    key: dict[str, str] | None = None,
    placeholder: str = PLACEHOLDER,
) -> tuple[dict, str]:
    """The entry as (front matter, body): the front matter as YAML will read it back from
    `render`, so the reader's rules can check it (`read.entry_from`) without parsing the text.
    `key` is `imported_key(item)`, if the caller has it already; `placeholder`, the line left
    for the author's words, in the log's language (stubs.placeholder_in)."""
    kind = kind or item_type(item)
    meta: dict = {"type": kind}
    if item.url:
        meta["url"] = _text(without_trackers(item.url))
    meta["date"] = day
    # An export is as untrusted as a page: its title, names and tags are cut as fetched ones are
    # (links/untrusted.py), so a 1 MB title is not a 1 MB line of the draft, the post and the email.
    # A value of characters drawn as nothing alone (a bookmark titled with zero-width spaces or a
    # right-to-left mark, which `clean` keeps for Thai's and Hebrew's sake) is none: it won over
    # the page's title at build, a heading with no words (as `new`'s stubs leave it out).
    if item.title and untrusted.shows(item.title):
        meta["title"] = _text(untrusted.truncate(item.title, untrusted.LIMITS["title"]))
    if authors := [name for name in item.authors if untrusted.shows(name)]:
        meta["speakers" if kind in Entry.people_words else "authors"] = [
            _text(untrusted.truncate(name, untrusted.MAX_AUTHOR)) for name in authors[: untrusted.MAX_AUTHORS]
        ]
    tags = [tag for tag in item.tags if untrusted.shows(tag)]
    meta["tags"] = [_text(untrusted.truncate(tag, untrusted.MAX_AUTHOR)) for tag in tags[: untrusted.MAX_ITEMS]]
    meta["draft"] = True
    if item.doi:
        meta["doi"] = _text(item.doi)
    if item.issued:
        meta["issued"] = _text(item.issued)
    if item.journal:
        meta["journal"] = _text(untrusted.truncate(item.journal, untrusted.LIMITS["title"]))
    meta["imported"] = key or imported_key(item)
    # The line left for the author's words, unless the item brings some (a Goodreads review):
    # above it, it said "write yours" of an entry that held them
    lines = [paragraphs(item.note), ""] if item.note else [placeholder, ""]
    lines += highlights_text(item.highlights)
    return meta, _text("\n".join(lines))


def render(meta: dict, body: str) -> str:
    """Front matter and body as the file `import` writes: `type` bare (one of Entry.types), every
    string JSON-quoted, dates as YYYY-MM-DD, `imported` as a flow mapping on one line."""
    lines = ["---"]
    for key, value in meta.items():
        if key == "type":
            lines.append(f"type: {value}")
        elif isinstance(value, dict):
            lines.append(f"{key}: {{" + ", ".join(f"{k}: {quoted(v)}" for k, v in value.items()) + "}")
        elif isinstance(value, list):
            lines.append(f"{key}: {_list(value)}")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        else:
            lines.append(f"{key}: {quoted(value)}")
    lines += ["---", "", body]
    return "\n".join(lines).rstrip("\n") + "\n"


def highlights_text(
    highlights: list[Highlight], escape: Callable[[str], str] = typed, breaks: bool = True
) -> list[str]:
    """Lines for highlights: each a blockquote (location last), the reader's note after it.

    Also what a later import appends to an entry it made, when the source has new highlights.
    `escape`: plain text as Markdown (typed; the post's escape wrote entries before). `breaks`:
    a passage's line breaks kept (not: each paragraph one line, as entries were written before).
    """
    lines: list[str] = []
    for highlight in highlights:
        if highlight.text:
            passage = paragraphs(highlight.text, escape, breaks)
            quote = [f"> {line}" if line else ">" for line in passage.split("\n")]
            if highlight.location:
                quote.append(f"> ({escape(' '.join(highlight.location.split()))})")
            lines += quote + [""]
        elif highlight.location and highlight.note:  # a note on its own, as Kindle keeps them
            lines += [f"*{escape(' '.join(highlight.location.split()))}:*", ""]
        if highlight.note:
            lines += [paragraphs(highlight.note, escape), ""]
    return lines


def _text(text: str) -> str:
    """Text that can be written as UTF-8: a lone surrogate (JSON exports may hold one) is U+FFFD."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(quoted(value) for value in values) + "]"


def drop_credentials(item: SavedItem, source: str, warnings: list[str]) -> None:
    """A link with a user name and password (a bookmark saved behind a login) loses them: the
    post and the email published them, and `imported:` kept them in the entry."""
    bare = without_credentials(item.url)
    if bare == item.url:
        return
    if item.source_id == item.url:
        item.source_id = bare
    item.url = bare  # before it is named: a title-less item is named by its link, never the password
    warnings.append(
        f"{source}: {named(item)}: dropped the user name and password from its link "
        f"({bare}); the post and the email would show them"
    )
