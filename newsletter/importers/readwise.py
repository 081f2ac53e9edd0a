"""Readwise's CSV export: one row per highlight, grouped here into one item per document.

Header: `Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,
Highlighted at,Document tags` (columns matched by name; a `URL` or `Source URL` column, where an
export has one, gives the document's link, and a `Category` column its kind, as the API's
`category` does). Rows of one document share title and author.
Export page: https://readwise.io/export
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsletter.importers.amazon_edition import without_edition
from newsletter.importers.common import clean, csv_rows, tag_list, web_link, when
from newsletter.importers.model import Highlight, Parsed, SavedItem
from newsletter.importers.names import people

NAME = "readwise"
COLUMNS = {"highlight", "book title"}
# Readwise's categories that say more than "article": a book's has no Amazon id when it came
# from Apple Books, Kobo, a PDF or a paper book's scanned page
CATEGORY_KINDS = {"books": "book", "book": "book", "podcasts": "podcast", "tweets": "thread"}
LOCATION_WORDS = {"page": "page", "location": "location", "time_offset": "at"}  # "order" says nothing


def parse(text: str | Iterable[str], name: str) -> Parsed:
    """Items in the order their first highlight appears; each item's date is its latest highlight."""
    parsed = Parsed(NAME)
    documents: dict[tuple[str, str], SavedItem] = {}
    for line, row in csv_rows(text, name, parsed.warnings):
        quote = clean(row.get("highlight"), lines=True)
        title, author = clean(row.get("book title")), clean(row.get("book author"))
        if not quote or not title:
            parsed.warnings.append(f"{name}:{line}: skipped a row without {'a highlight' if title else 'a title'}")
            continue
        item = documents.get((title, author))
        if item is None:
            asin = clean(row.get("amazon book id"))
            url = web_link(row.get("url") or row.get("source url") or row.get("book url"))
            item = documents[(title, author)] = SavedItem(
                source=NAME,
                source_id=asin or f"{title} | {author}",
                title=without_edition(title) if asin else title,  # a Kindle book: the store's "(Spanish Edition)"
                url=url,
                authors=authors(author, url),
                kind="book" if asin else CATEGORY_KINDS.get(clean(row.get("category")).lower()),
                tags=tag_list(row.get("document tags")),
            )
            parsed.items.append(item)
        moment = when(row.get("highlighted at"))
        if moment and (item.saved_at is None or moment > item.saved_at):
            item.saved_at = moment
        item.highlights.append(
            Highlight(
                text=quote,
                note=clean(row.get("note"), lines=True) or None,
                highlighted_at=moment,
                location=location(row.get("location type"), row.get("location")),
            )
        )
        for tag in tag_list(row.get("tags")):
            if tag not in item.tags:
                item.tags.append(tag)
    return parsed


def location(kind, value) -> str | None:
    """Where a highlight is, in words: "page 12", "location 1406" (the CSV's and the API's kinds)."""
    word, value = LOCATION_WORDS.get(clean(kind).lower()), clean(value)
    return f"{word} {value}" if word and value else None


def authors(author: str | None, url: str | None) -> list[str]:
    """The document's authors (`names.people`: Readwise writes several in one cell, "Liliana
    Bounegru, Jonathan Gray"), unless it is the site of its own link: for an article with no
    byline Readwise gives the domain ("nytimes.com"), which went into the entry as its author
    and onto the post as "**Author**: nytimes.com". The site shows as the site already."""
    if not author:
        return []
    host = (urlsplit(url).hostname or "") if url else ""
    named = re.sub(r"^(https?://)?(www\.)?", "", author.strip().lower()).rstrip("/")
    # a domain has a dot: an author "UK" or "Ai" is a name, though every .uk or .ai host ends in it
    return [] if host and "." in named and (host == named or host.endswith("." + named)) else people(author)
