"""Feeds of the log: Atom (RFC 4287) and JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

Pure functions from a `Feed` to bytes. Atom is written as ElementTree writes it, escaping every
text and attribute, so an item's content (already sanitised HTML, as in the email) travels as
escaped text of `<content type="html">`; JSON Feed carries it as `content_html`. Dates are
RFC 3339 in both.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from newsletter import mail_headers
from newsletter.formats import json_lines

ATOM = "http://www.w3.org/2005/Atom"
_TAG_SAFE = ":/?=&;,+!$'()*@"  # what RFC 4151 allows in a tag's specific part, besides letters and digits


def entries_title(words: Callable[..., str], name: str) -> str:
    """The entries feed's title: the newsletter's name and "what I read" (`words`' phrase), unless
    the name says that already ("Mes lectures : mes lectures" in a French reader's list of feeds)."""
    own = words("feed_entries_title", name="").strip(" \u00a0:：")
    return name if own and own.casefold() in name.casefold() else words("feed_entries_title", name=name)


@dataclass
class FeedItem:
    id: str  # stable: a URL or a tag: URI
    url: str | None
    title: str
    html: str  # sanitised HTML content
    published: dt.datetime
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    title_language: str = ""  # a BCP 47 tag, where the title is a fetched page's in another language
    language: str = ""  # the entry's own, where it is written in another than the feed's (`language: en`)
    updated: dt.datetime | None = None  # when its content last changed, where after `published` (feed_updates.py)

    @property
    def modified(self) -> dt.datetime:
        return self.updated or self.published


@dataclass
class Feed:
    title: str
    home_url: str  # the web page it is the feed of: the editions' index, the entries' blog
    feed_url: str  # where this feed is published
    author: str
    items: list[FeedItem]
    description: str = ""
    language: str = ""  # a BCP 47 tag, as the email's <html lang>
    # items out of it that had changed (feed_updates.py): id -> their date_modified and content,
    # kept in the JSON Feed (an extension, "_left") so an item that comes back keeps its updated
    left: dict[str, dict] = field(default_factory=dict)

    @property
    def updated(self) -> dt.datetime:
        return max((item.modified for item in self.items), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


def noon(day: dt.date, timezone: str) -> dt.datetime:
    """An entry's time in the feeds, which know its day only: noon of it where the author is,
    with that day's offset. (The edition's, its last day's, put Olena's October entries in Kyiv
    an hour late: the clocks go back on the 25th, and October 14th is summer time there.)"""
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(timezone))


def tag_uri(site_url: str, day: str, name: str) -> str:
    """An item's id as an RFC 4151 tag URI: the site's host, the day it was read, its link (or,
    with none, its title), percent-encoded. Not the link alone: a link read again in a later
    edition is a new item, which readers key by id and would drop or merge with the first; not
    a title as typed: an id must be an IRI, with no spaces or brackets. It depends on the item
    only, so it stays the same as the log grows."""
    # RFC 4151's authority is a DNS name: a site at bücher.example tags as xn--bcher-kva.example,
    # where its U-label made every id "not a valid TAG" to the W3C validator
    host = mail_headers.ascii_domain(urlsplit(site_url).hostname or "example.com")
    return f"tag:{host},{day}:{quote(name, safe=_TAG_SAFE)}"


def item_id(site_url: str, item: dict, files: dict[str, str]) -> str:
    """An entry's id in the entries feed, `tag_uri` of its day and link, or of its title. Two
    entries of one link and one day were one item, the second's notes in no feed: new user 43
    wrote two notes on a book one morning, which his email showed and his feeds left out. The
    id of an entry of another file than the first one seen of that link and day (`files`, kept
    across the calls of one feed) ends with its file's name; the same entry in a week and its
    month, one file, is one id, and an id given before stays as it was."""
    id_ = tag_uri(site_url, item["date"], item.get("url") or item["title"])
    file = item.get("file")
    if isinstance(file, str) and files.setdefault(id_, file) != file:
        return f"{id_}#{quote(file.removesuffix('.md'), safe=_TAG_SAFE)}"
    return id_


# `author` may be written as the From is, "Eric Ma <eric@example.com>" (the email is sent from it
# when [email] from is empty), and a byline fetched from a page or an imported feed may hold an
# address too ("jane@example.org (Jane Doe)", as RSS writes one). A feed names the person alone:
# the W3C validator warns of an address in a name, gofeed read a JSON name holding one as an
# address with no name (so readers built on it showed no author), and the feeds put the address
# on the public web for any scraper.
_ADDRESS = r"[^<>()\s@]+@[^<>()\s@]+\.[^<>()\s@]+"
_BARE_ADDRESS = re.compile(rf"\s*<?{_ADDRESS}>?\s*")
_RSS_AUTHOR = re.compile(rf"\s*{_ADDRESS}\s*\((.*)\)\s*")
_ADDRESS_IN_NAME = re.compile(rf"\s*(<{_ADDRESS}>|\({_ADDRESS}\))")  # a byline's "Jane Doe (jane@example.org)" too


def person_name(text: str) -> str:
    """The name of "Name <address>" (or of '"Ma, Eric" <address>', "Name (address)", RSS's "address (Name)"),
    "" for an address alone, anything else as it is."""
    if _BARE_ADDRESS.fullmatch(text):
        return ""
    if match := _RSS_AUTHOR.fullmatch(text):
        return match[1].strip()
    if "@" in text:
        text = _ADDRESS_IN_NAME.sub("", text).strip()
        return text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text
    return text


def uri(link: str) -> str:
    """A link as a feed's link carries it: a URI, ASCII. `https://example.org/talk/שלום` was written
    as typed, an IRI, which the W3C validator calls invalid in an href, gofeed gave back half
    encoded and older readers do not open; its percent-encoded form is the same address (RFC 3987
    3.1), as the blog's page writes it. A host IDNA cannot write in ASCII stays as it is."""
    try:
        return mail_headers.ascii_uri(link)
    except ValueError:
        return link


def _names(people: list[str]) -> list[str]:
    return [name for name in map(person_name, people) if name]


def atom(feed: Feed) -> bytes:
    """The feed as Atom, written as ElementTree wrote it (a tree indented by `ET.indent`, then
    `ET.tostring` in UTF-8), byte for byte: building that tree and serialising it element by
    element was 3 ms of each build, for the two feeds of a 50-entry log. Every text and attribute
    is escaped as ElementTree escapes it; tests/test_log_feeds.py compares the two."""
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM}"']
    if feed.language:
        out.append(f' xml:lang="{_attribute(feed.language)}"')
    out.append(">")
    _leaf(out, 1, "title", feed.title)
    _leaf(out, 1, "id", feed.feed_url)  # as it always was: a reader keys the feed by it
    _leaf(out, 1, "updated", _rfc3339(feed.updated))
    if feed.description:
        _leaf(out, 1, "subtitle", feed.description)
    _leaf(out, 1, "link", None, rel="self", href=uri(feed.feed_url), type="application/atom+xml")
    _leaf(out, 1, "link", None, rel="alternate", href=uri(feed.home_url), type="text/html")
    _author(out, 1, person_name(feed.author) or feed.title)
    out += _items_as_text("atom", feed, _atom_entry)
    out.append("\n</feed>\n")
    # (ElementTree's writer in UTF-8 writes what UTF-8 cannot, a lone surrogate, as a reference)
    return "".join(out).encode("utf-8", "xmlcharrefreplace")


def _atom_entry(item: FeedItem) -> str:
    out = [f'\n  <entry xml:lang="{_attribute(item.language)}">' if item.language else "\n  <entry>"]
    # the title in its language where it is a fetched page's (the entry, in the entry's or the feed's)
    _leaf(out, 2, "title", item.title, **({"xml:lang": item.title_language} if item.title_language else {}))
    _leaf(out, 2, "id", item.id)
    _leaf(out, 2, "published", _rfc3339(item.published))
    _leaf(out, 2, "updated", _rfc3339(item.modified))
    if item.url:
        _leaf(out, 2, "link", None, rel="alternate", href=uri(item.url))
    for name in _names(item.authors):
        _author(out, 2, name)
    for tag in item.tags:
        _leaf(out, 2, "category", None, term=tag)
    _leaf(out, 2, "content", item.html, type="html")
    out.append("\n  </entry>")
    return "".join(out)


# Each feed's items as its last call wrote them, by all that an item's text is made of (its time
# as written: 12:00+01:00 and 11:00Z are one moment, two texts). A process that builds again
# (the waiting build at a terminal, a worker of `build --all`) writes the items of the call
# before, but the one whose note changed: writing each item's text was half of the feeds'
# time, a millisecond and a half of a changed note's build. Only the last call's items are
# kept, for a few feeds: an item not in it is written anew.
_KEPT: dict[tuple[str, str], dict[tuple, str]] = {}
_FEEDS_KEPT = 8


def _items_as_text(kind: str, feed: Feed, write: Callable[[FeedItem], str]) -> list[str]:
    """Each of the feed's items as `write` writes it: kept from the feed's last call, or written."""
    before, now = _KEPT.pop((kind, feed.feed_url), {}), {}
    texts = []
    for item in feed.items:
        try:
            key = (item.id, item.url, item.title, item.html, _rfc3339(item.published), item.title_language)
            key += (item.language, tuple(item.authors), tuple(item.tags), item.updated and _rfc3339(item.updated))
            text = now.get(key) or before.get(key)
        except TypeError:  # (an author or tag no text: written, and failing, as it would be)
            key, text = None, None
        if text is None:
            text = write(item)
        if key is not None:
            now[key] = text
        texts.append(text)
    _KEPT[(kind, feed.feed_url)] = now
    while len(_KEPT) > _FEEDS_KEPT:
        del _KEPT[next(iter(_KEPT))]  # the feed written longest ago
    return texts


def _leaf(out: list[str], level: int, tag: str, text: str | None, **attributes: str) -> None:
    """An element of no children on its own line, at `level`: `<tag a="v">text</tag>`, or
    `<tag a="v" />` with no text, as ElementTree writes either."""
    out.append("\n" + "  " * level + "<" + tag)
    for name, value in attributes.items():
        out.append(f' {name}="{_attribute(value)}"')
    out.append(f">{_text(text)}</{tag}>" if text else " />")


def _author(out: list[str], level: int, name: str) -> None:
    out.append("\n" + "  " * level + "<author>")
    _leaf(out, level + 1, "name", name)
    out.append("\n" + "  " * level + "</author>")


def _text(text: str) -> str:
    """Text as ElementTree escapes it (its `_escape_cdata`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """An attribute's value as ElementTree escapes it (its `_escape_attrib`): line ends and tabs
    as references, which a parser would otherwise read as spaces."""
    value = _text(value).replace('"', "&quot;")
    return value.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def json_feed(feed: Feed) -> bytes:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": uri(feed.home_url),
        "feed_url": uri(feed.feed_url),
        "authors": [{"name": person_name(feed.author) or feed.title}],
        "items": None,  # (each item's text, below)
    }
    if feed.description:
        data["description"] = feed.description
    if feed.language:
        data["language"] = feed.language
    if feed.left:
        data["_left"] = dict(sorted(feed.left.items()))
    encoded = {key: json.dumps(value, ensure_ascii=False) for key, value in data.items()}  # as readable_json
    encoded["items"] = "[" + ", ".join(_items_as_text("json", feed, _json_text)) + "]"  # as json.dumps, a list
    return json_lines(encoded).encode("utf-8")


def _json_text(item: FeedItem) -> str:
    return json.dumps(json_item(item), ensure_ascii=False)


def json_item(item: FeedItem) -> dict:
    """The item as JSON Feed's `items` hold it (what feed_updates compares with the last one written)."""
    data = {"id": item.id, "title": item.title, "content_html": item.html, "date_published": _rfc3339(item.published)}
    if item.updated:
        data["date_modified"] = _rfc3339(item.updated)
    if item.url:
        data["url"] = uri(item.url)
    if names := _names(item.authors):
        data["authors"] = [{"name": name} for name in names]
    if item.tags:
        data["tags"] = item.tags
    # JSON Feed's `language` is the whole item's, and the notes are the author's (the feed's
    # language, or the entry's own): only an item of a title alone is said to be in the title's
    if item.language:
        data["language"] = item.language
    elif item.title_language and not item.html.strip():
        data["language"] = item.title_language
    return data


def _rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def newest_dates(item_dates: str):
    """An edition's items' dates, newest first, as its build record's summary keeps them in one
    string: split past the first only when the entries feed's merge gets that far (most
    editions never are, and splitting every one of them made one month's build grow with the
    log's length)."""
    if not item_dates:
        return
    first, more, rest = item_dates.partition("\n")
    yield first
    if more:
        yield from rest.split("\n")
