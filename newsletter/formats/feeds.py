"""Feeds of the log: Atom (RFC 4287) and JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

Pure functions from a `Feed` to bytes. Atom is written with ElementTree, which escapes every
text and attribute, so an item's content (already sanitised HTML, as in the email) travels as
escaped text of `<content type="html">`; JSON Feed carries it as `content_html`. Dates are
RFC 3339 in both.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from newsletter import mail_headers
from newsletter.formats import readable_json

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
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


@dataclass
class Feed:
    title: str
    home_url: str  # the site
    feed_url: str  # where this feed is published
    author: str
    items: list[FeedItem]
    description: str = ""
    language: str = ""  # a BCP 47 tag, as the email's <html lang>

    @property
    def updated(self) -> dt.datetime:
        return max((item.published for item in self.items), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


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
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    if feed.language:
        root.set(XML_LANG, feed.language)
    _text(root, "title", feed.title)
    _text(root, "id", feed.feed_url)  # as it always was: a reader keys the feed by it
    _text(root, "updated", _rfc3339(feed.updated))
    if feed.description:
        _text(root, "subtitle", feed.description)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=uri(feed.feed_url), type="application/atom+xml")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=uri(feed.home_url), type="text/html")
    _text(ET.SubElement(root, f"{{{ATOM}}}author"), "name", person_name(feed.author) or feed.title)
    for item in feed.items:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        title = _text(entry, "title", item.title)
        if item.title_language:  # the title only: the notes are the author's, in the feed's language
            title.set(XML_LANG, item.title_language)
        _text(entry, "id", item.id)
        _text(entry, "published", _rfc3339(item.published))
        _text(entry, "updated", _rfc3339(item.published))
        if item.url:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=uri(item.url))
        for name in _names(item.authors):
            _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", name)
        for tag in item.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
        content = _text(entry, "content", item.html)
        content.set("type", "html")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def json_feed(feed: Feed) -> bytes:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": uri(feed.home_url),
        "feed_url": uri(feed.feed_url),
        "authors": [{"name": person_name(feed.author) or feed.title}],
        "items": [_json_item(item) for item in feed.items],
    }
    if feed.description:
        data["description"] = feed.description
    if feed.language:
        data["language"] = feed.language
    return readable_json(data).encode("utf-8")


def _json_item(item: FeedItem) -> dict:
    data = {"id": item.id, "title": item.title, "content_html": item.html, "date_published": _rfc3339(item.published)}
    if item.url:
        data["url"] = uri(item.url)
    if names := _names(item.authors):
        data["authors"] = [{"name": name} for name in names]
    if item.tags:
        data["tags"] = item.tags
    # JSON Feed's `language` is the whole item's, and the notes are the author's (the feed's
    # language): only an item of a title alone is said to be in the title's
    if item.title_language and not item.html.strip():
        data["language"] = item.title_language
    return data


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _rfc3339(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
