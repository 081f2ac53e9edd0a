"""Reading feeds (RSS 0.9x/1.0/2.0, Atom) and OPML files of feeds: items as plain text.

Pure functions of the bytes (no network, nothing written); `newsletter import`
(commands/imports.py) turns the items into draft entries. Feed text is untrusted: titles and
names become plain text (tags stripped, script and style content dropped, control characters
removed), summaries plain paragraphs that the stub Markdown-escapes. feedparser reads the
whole document at once (5,000 items: about 2 s and 25 MB of heap).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser

from newsletter.errors import FetchError, NewsletterError, aside
from newsletter.formats import web_address
from newsletter.importers.html_text import paragraphs, plain
from newsletter.links import feed_parser, untrusted
from newsletter.links.urls import without_trackers
from newsletter.links.values import parse_duration, split_names

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
FEED_MAX_BYTES = 64_000_000  # podcast feeds with years of show notes run to several MB
SUMMARY_MAX = 1000  # characters of the item's summary kept as the starting note
AUDIO = (".mp3", ".m4a", ".aac", ".ogg", ".opus", ".wav", ".flac")


@dataclass
class Item:
    """What one feed item says, as plain text."""

    url: str | None
    title: str | None
    day: dt.date | None
    raw_date: str | None  # as the feed wrote it, for warnings
    authors: list[str]
    summary: list[str]  # plain-text paragraphs
    kind: str
    guid: str | None
    episode: int | None = None  # itunes:episode
    duration: int | None = None  # itunes:duration, in seconds


# Reading feeds


def parse_feed(
    data: bytes, feed: str, base: str | None = None, charset: str | None = None
) -> feedparser.FeedParserDict:
    """feedparser's reading of the bytes; NewsletterError when no item could be read.

    `base` is the URL the feed came from (for the hint when it is a web page), `charset` the
    one its server declared, which wins over the XML declaration's.
    """
    if not data.strip():
        raise NewsletterError(f"{feed}: empty; check the URL points to the feed itself.")
    # Summaries become plain text here, so feedparser's HTML sanitiser and URI rewriting (the
    # slowest part of its parse) are switched off; item links are resolved in item_link, as
    # giving feedparser the base URL costs a urljoin per element (a third of the parse).
    headers = {"content-type": f"application/xml; charset={charset}"} if charset else None
    parsed = feed_parser.parse(data, sanitize_html=False, resolve_relative_uris=False, response_headers=headers)
    if parsed.entries or (parsed.get("version") and not parsed.bozo):
        return parsed
    if re.match(rb"\s*(<!--.*?-->\s*)*<(!doctype html|html)\b", data[:4096].lstrip(b"\xef\xbb\xbf"), re.I | re.S):
        why = "it is a web page"
    else:
        why = bozo_reason(parsed.bozo_exception) if parsed.bozo else "no items in it"
    hint = _named_feed(data, base)
    hint = f"; the page names its feed: {hint}" if hint else ""
    raise NewsletterError(
        f"{feed}: not a valid RSS or Atom feed {aside(why)}; check the URL points to the feed itself{hint}"
    )


def item_link(raw, base: str | None = None) -> str | None:
    """The item's web page (for a podcast, the episode's page, not the audio), trackers removed."""
    video_id = raw.get("yt_videoid")
    link = str(raw.get("link") or "").strip()
    if link and base and not _web_link(link):
        try:
            link = urljoin(base, link)
        except ValueError:  # a base (the feed's own <link>) that is no address
            link = ""
    url = _web_link(link) or (f"https://www.youtube.com/watch?v={video_id}" if video_id else None)
    audio = _audio(raw)
    url = url or _web_link(raw.get("id")) or (_web_link(audio.get("href")) if audio else None)
    return url and without_trackers(url)


def read_item(
    raw, channel_author: str = "", base: str | None = None, zone: dt.tzinfo = dt.UTC, link: str | None = None
) -> Item:
    """`link`: the item's `item_link`, when the caller has it already (an import asks it first, of
    every item, to skip those it has: asked again, it was a twentieth of a feed's import)."""
    enclosures = raw.get("enclosures") or []
    audio, video_id, url = _audio(raw), raw.get("yt_videoid"), link or item_link(raw, base)
    host = (urlsplit(url).hostname or "").lower() if url else ""
    if audio:
        kind = "podcast"
    elif (
        video_id
        or host.endswith(("youtube.com", "youtu.be"))
        or any(str(e.get("type", "")).startswith("video/") for e in enclosures)
    ):
        kind = "video"
    elif host == "arxiv.org" or host.endswith(".arxiv.org"):
        kind = "paper"
    else:
        kind = "article"
    details = [a for a in raw.get("authors") or [] if isinstance(a, dict)]
    if "@" in str(raw.get("author") or "") and len(details) <= 1:  # RSS's "address (Name)"
        names = [plain(name) for name in people(raw.get("author"))] or [""]
    else:
        names = [plain(a.get("name", "")) for a in details] or [plain(raw.get("author", ""))]
    if not any(names) and audio and channel_author:
        names = [channel_author]  # a podcast's host, named on the channel
    if audio:  # "Bob Caster and Cy Mic", a show's two hosts in one itunes:author
        names = [part for name in names for part in split_names(name)]
    # Cut as fetched text is (links/untrusted.py): a 1 MB title was a 1 MB line of the draft.
    authors = list(dict.fromkeys(untrusted.truncate(n, untrusted.MAX_AUTHOR) for n in names if n))[:10]
    summary = raw.get("summary") or next((c.get("value") for c in raw.get("content") or []), "")
    raw_date, day = published_of(raw, zone)
    episode = _episode(raw.get("itunes_episode"))
    title = plain(raw.get("itunes_title") or raw.get("title") or "")
    return Item(
        url=url,
        title=untrusted.truncate(without_episode_number(title, episode), untrusted.LIMITS["title"]) or None,
        day=day,
        raw_date=raw_date,
        authors=authors,
        summary=paragraphs(str(summary or ""), SUMMARY_MAX),
        kind=kind,
        guid=raw.get("id") or None,
        episode=episode,
        duration=parse_duration(raw.get("itunes_duration")),
    )


# RSS writes an author as an address and a name. feedparser splits them with an address pattern
# whose last part has two to four letters, so under .design, .agency or .online the name was cut:
# 'jane@studio.design (Jane Doe)' gave 'gn (Jane Doe', and an address alone the name 'gn'.
_ADDRESS = r"[^\s@()<>]+@[^\s@()<>]+"
_NAMED = (
    re.compile(rf"(?:mailto:)?{_ADDRESS}\s*\((.*)\)"),
    re.compile(rf"(.*?)\s*[(<]\s*(?:mailto:)?{_ADDRESS}\s*[)>]"),
)


def people(author) -> list[str]:
    """The names in an author that holds several ('a@x.org (Ann), b@x.org (Bob)', 'Ann <a@x.org>,
    Bob <b@x.org>'): read whole, the first one's address went into the name published."""
    text = " ".join(str(author or "").split())
    pieces = re.split(r"(?<=[)>])\s*[,;]\s*", text) if text.count("@") > 1 else [text]
    return [name for name in map(person, pieces) if name]


def person(author) -> str:
    """The name in an author as RSS writes one ('jane@x.design (Jane Doe)', 'Jane Doe <jane@…>'),
    '' for an address alone (it is no name to publish), else the text as it is."""
    text = " ".join(str(author or "").split())
    if "@" not in text:
        return text
    for pattern in _NAMED:
        if named := pattern.fullmatch(text):
            name = named[1].strip()
            # a name with a dot or a comma is quoted ('"Jane Q. Doe" <jane@…>', as formataddr writes it)
            quoted = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', name)
            return re.sub(r"\\(.)", r"\1", quoted[1]).strip() if quoted else name
    return "" if re.fullmatch(rf"(?:mailto:)?{_ADDRESS}", text) else text


def without_episode_number(title: str, episode: int | str | None) -> str:
    """ "#101: Cleaning data" -> "Cleaning data" when 101 is the item's itunes:episode (or, for
    `new`, the episode number its page gives): the email's line under the title shows it already
    ("Podcast: #101: Cleaning data · Episode 101")."""
    episode = _episode(episode)
    if episode is None:
        return title
    # One pattern for every item, the number compared after: made with the episode in it, it was
    # a pattern compiled for each item (re's cache holds 512), a quarter of a 100,000-item import
    prefix = _NUMBERED.match(title)
    number = prefix and (prefix[1].lstrip("0") or "0")  # (as text: int() of 5,000 digits raises)
    return title[prefix.end() :] if number == str(episode) else title


_NUMBERED = re.compile(r"\s*(?:#|ep(?:isode)?\.?\s*)?([0-9]+)\s*[:.|–—-]\s+(?=\S)", re.I)


def _episode(value) -> int | None:
    """itunes:episode as a number: ASCII digits, a few of them. "²".isdigit() is true and int("²")
    raised ValueError out of `import`, as did int() of more than 4,300 digits."""
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def opml_feeds(data: bytes, name: str) -> list[str]:
    """The feed URLs (xmlUrl) of every outline in an OPML file, in order, once each.

    An OPML file has no use for a DTD; one declaring entities is refused outright rather than
    trusting the parser's limits (expat >= 2.4 also caps entity amplification, "billion
    laughs", and never fetches external entities).
    """
    if re.search(rb"<!ENTITY", data, re.I):
        raise NewsletterError(f"{name}: declares XML entities, which an OPML file never needs; refused.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise NewsletterError(f"{name}: not a valid OPML file ({error}).")
    feeds = [(o.get("xmlUrl") or o.get("xmlurl") or "").strip() for o in root.iter("outline")]
    feeds = list(dict.fromkeys(f for f in feeds if f))
    if not feeds:
        raise NewsletterError(f"{name}: an OPML file without any feed (no outline has an xmlUrl).")
    return feeds


def clock(seconds: int) -> str:
    """1:05:37 or 5:37: how feeds and players write a length, and what `duration:` reads."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def is_opml(data: bytes) -> bool:
    return re.search(rb"<opml[\s>]", data[:2048], re.I) is not None


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _web_link(value) -> str | None:
    # Cleaned as titles are: a right-to-left override in a link showed its address reversed
    # after it in the email's text part and `list` ('…/\u202egpj.exe' reads '…/exe.jpg').
    # (and without what no address holds, its scheme in small letters, as the reader takes a link)
    text = web_address.mended(untrusted.text(str(value or ""), None))
    if not re.match(r"https?://[^\s/]+", text) or re.search(r"\s", text):
        return None
    try:
        urlsplit(text)  # "https://examp[le.com/": an unclosed IPv6 bracket raised ValueError out of `import`
    except ValueError:
        return None
    return text


def _audio(raw) -> dict | None:
    return next(
        (
            e
            for e in raw.get("enclosures") or []
            if str(e.get("type", "")).startswith("audio/")
            or urlsplit(str(e.get("href", ""))).path.lower().endswith(AUDIO)
        ),
        None,
    )


# An RFC 822 date's year written in four digits under 100 ("01 Jan 0000"; ISO 8601's are read right)
_YEAR_UNDER_100 = re.compile(r"(?<=\s)00\d\d(?=\s|$)")


def published_of(raw, zone: dt.tzinfo = dt.UTC) -> tuple[str | None, dt.date | None]:
    """The item's date as written, and as a day in `zone` (where the author reads) when it
    could be read. feedparser's parsed time is in UTC: an item of 18:30 at -08:00 was of the
    next day, in the next month's edition on the 31st; a time without an offset is its own day."""
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
    written = dict.get(raw, "published") or dict.get(raw, "updated")
    if _YEAR_UNDER_100.search(str(written or "")):
        # Both RFC 822 readers take a year under 100 for this century's or the last: "Mon, 01 Jan
        # 0000" was dated 1 January 2000, and the item filed in entries/2000/01 without a word.
        return written, None
    if (moment := _moment(written)) is not None:
        return written, moment.astimezone(zone).date() if moment.tzinfo else moment.date()
    parsed: time.struct_time | None = dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")
    try:
        return written, dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (ValueError, AttributeError):
        return written, None


def _moment(written) -> dt.datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom) date and time as written, with its offset; else None
    (feedparser reads many more forms, in UTC)."""
    from email.utils import parsedate_to_datetime

    text = str(written or "").strip()
    for read in (parsedate_to_datetime, dt.datetime.fromisoformat):
        try:
            moment = read(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        if isinstance(moment, dt.datetime) and dt.MINYEAR < moment.year < dt.MAXYEAR:
            return moment
    return None


def bozo_reason(error: BaseException | None) -> str:
    if error is None:
        return "unknown problem"
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):
        return f"line {error.getLineNumber()}: {error.getMessage()}"
    return str(error).strip() or type(error).__name__


def _named_feed(data: bytes, base: str | None) -> str | None:
    """The feed a web page links to (<link rel="alternate" type="application/rss+xml">), if any:
    read in a page reader's process, as any fetched page is (links/readers.py)."""
    from newsletter.links import readers

    try:
        answer = readers.READERS.call("feed", data[:500_000], readers.SECONDS, base or "the page", base=base)
    except FetchError:
        return None  # only a hint: the message stands without it
    return _web_link(answer.get("feed"))
