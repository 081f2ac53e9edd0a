"""`newsletter import`: entry stubs from a feed (RSS 0.9x/1.0/2.0, Atom) or an OPML file of feeds.

Each new item becomes a draft entry: type, url, date, title, speakers, and the item's summary
as a quoted starting note, for the author to edit. Never overwrites a file, and skips every
item whose link (normalised) already has an entry anywhere in entries/, so running it again
writes nothing new.

Feed text is untrusted. Titles and names are plain text (tags stripped, script and style
content dropped, control characters removed) written as JSON-quoted YAML strings; the summary
is Markdown-escaped, so no raw HTML or Hugo shortcode gets into a post; every stub is parsed
back with the entry reader before it is written.

Dates: an item's published (else updated) date. An item with no date is dated today; one whose
date cannot be parsed, or lies in the future, is dated today with a warning: the date says when
you read it, and today is the honest guess. Items listed twice (same GUID or link) are imported
once. feedparser reads the whole document at once (5,000 items: about 2 s and 25 MB of heap);
entries are written as items are read, and `--limit` stops early.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser

from newsletter import config, read, stubs
from newsletter.errors import FetchError, NewsletterError
from newsletter.formats import post as markdown_safe
from newsletter.links import untrusted
from newsletter.links.decode import decode_html
from newsletter.links.urls import normalise_url, without_trackers
from newsletter.links.values import parse_duration
from newsletter.models import Entry

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.5")
FEED_MAX_BYTES = 64_000_000  # podcast feeds with years of show notes run to several MB
SUMMARY_MAX = 1000  # characters of the item's summary kept as the starting note
AUDIO = (".mp3", ".m4a", ".aac", ".ogg", ".opus", ".wav", ".flac")
REASONS = {  # why an item was skipped: (one, many)
    "existing": ("already has an entry", "already have entries"),
    "duplicate": ("listed twice in the feed", "listed twice in the feed"),
    "old": ("older than --since", "older than --since"),
    "no-link": ("without a web link", "without a web link"),
    "invalid": ("not a valid entry", "not valid entries"),
}


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


@dataclass
class FeedResult:
    feed: str  # as given: URL or file path
    items: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    limited: int | None = None  # the --limit that stopped the import
    error: str | None = None  # this feed could not be read (OPML: the others still are)

    def summary(self) -> str:
        if not self.items:
            return f"Nothing to import: {self.feed} has no items."
        if not self.written and self.skipped["existing"] == self.items:
            if self.items == 1:
                return f"Nothing new: the one item of {self.feed} already has an entry."
            return f"Nothing new: all {self.items} items of {self.feed} already have entries."
        details = []
        reasons = [(REASONS[reason][n != 1], n) for reason, n in self.skipped.items() if n]
        total = sum(n for _, n in reasons)
        if len(reasons) == 1:  # "3 skipped: already have entries"
            details.append(f"{total} skipped: {reasons[0][0]}")
        elif reasons:  # "5 skipped: 3 already have entries, 2 older than --since"
            details.append(f"{total} skipped: " + ", ".join(f"{n} {phrase}" for phrase, n in reasons))
        if self.limited is not None:
            details.append(f"stopped at --limit {self.limited}")
        count = f"{len(self.written)} entr{'y' if len(self.written) == 1 else 'ies'}"
        return f"Imported {count} from {self.feed}" + (f" ({'; '.join(details)})" if details else "") + "."


def import_feed(root: Path, source: str, *, kind: str | None = None, since: dt.date | None = None,
                limit: int | None = None, section: str | None = None, today: dt.date | None = None,
                on_write: Callable[[Path], None] | None = None) -> list[FeedResult]:
    """Import a feed URL, a feed file or an OPML file of feeds; one result per feed.

    A single feed that cannot be read raises NewsletterError; in an OPML file, it is one
    failed result and the other feeds are still imported.
    """
    settings = config.load(root)
    today = today or dt.date.today()
    if kind is not None:
        kind = kind.lower()
        if kind not in Entry.types:
            raise NewsletterError(f"Unknown type '{kind}'{read.did_you_mean(kind, Entry.types)}; "
                                  f"use one of {', '.join(Entry.types)}.")
    if limit is not None and limit < 1:
        raise NewsletterError("--limit must be 1 or more.")
    loaded = _load([source], settings)[source]
    if isinstance(loaded, str):
        raise NewsletterError(loaded)
    known = {normalise_url(saved.url) for saved in read.scan_archive(settings.entries_dir)[0]}
    options = dict(kind=kind, since=since, limit=limit, section=section, today=today, on_write=on_write)
    data = loaded[0]
    if not _is_opml(data):
        return [_import_one(settings, source, *loaded, known, **options)]
    remote = _is_url(source)
    folder = None if remote else Path(source).resolve().parent
    feeds = {feed: str(folder / feed) if folder and not _is_url(feed) else feed
             for feed in opml_feeds(data, source)}
    # A file on the web names feeds on the web: never a path on this machine (/etc/passwd...).
    everything = _load([location for location in feeds.values() if not remote or _is_url(location)], settings)
    for location in feeds.values():
        everything.setdefault(location, f"{location}: not an http(s) feed; an OPML file from the web may "
                                        "only name feeds on the web, so it was not read")
    results = []
    for feed, location in feeds.items():
        loaded = everything[location]
        try:
            if isinstance(loaded, str):
                raise NewsletterError(loaded)
            results.append(_import_one(settings, feed, *loaded, known, **options))
        except NewsletterError as error:
            results.append(FeedResult(feed, error=error.message))
    return results


def _import_one(settings: config.Settings, feed: str, data: bytes, base: str | None, charset: str | None,
                known: set[str], *, kind, since, limit, section, today, on_write) -> FeedResult:
    parsed = parse_feed(data, feed, base, charset)
    result = FeedResult(feed, items=len(parsed.entries))
    if parsed.bozo:
        result.warnings.append(f"{feed}: not a well-formed feed ({_bozo_reason(parsed.bozo_exception)}); "
                               f"imported what could be read")
    channel_author = _plain(parsed.feed.get("author", ""))
    base = base or parsed.feed.get("link")  # relative item links: against the feed's URL, or its site
    seen_guids, seen_links = set(), set()
    for raw in parsed.entries:
        # The cheap questions first: in a feed of 5,000 items, most are skipped.
        guid, url = raw.get("id") or None, item_link(raw, base)
        if guid and guid in seen_guids:
            result.skipped["duplicate"] += 1
            continue
        seen_guids.add(guid)
        if not url:
            result.skipped["no-link"] += 1
            continue
        key = normalise_url(url)
        if key in seen_links:
            result.skipped["duplicate"] += 1
            continue
        seen_links.add(key)
        if key in known:
            result.skipped["existing"] += 1
            continue
        if since and (published := _published(raw)[1]) and published < since:
            result.skipped["old"] += 1
            continue
        if limit is not None and len(result.written) == limit:
            result.limited = limit
            break
        item = read_item(raw, channel_author, base)
        day = _entry_day(item, today, feed, result.warnings)
        path = stubs.path_for(settings.entries_dir, day, item.title, item.url)
        text = stub_text(item, kind or item.kind, day, section)
        try:
            read.parse_entry(path, text)  # what we write must read back as a valid entry
        except read.Problem as problem:
            result.skipped["invalid"] += 1
            result.warnings.append(f"{feed}: skipped {item.url}: {problem}")
            continue
        stubs.write(path, text)
        known.add(key)
        result.written.append(path)
        if on_write:
            on_write(path)
    return result


# Reading feeds

def parse_feed(data: bytes, feed: str, base: str | None = None, charset: str | None = None
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
    # A file object, never bytes: feedparser would try a bytes body as a path or URL to open.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False,
                              response_headers=headers)
    if parsed.entries or (parsed.get("version") and not parsed.bozo):
        return parsed
    if re.match(rb"\s*(<!--.*?-->\s*)*<(!doctype html|html)\b", data[:4096].lstrip(b"\xef\xbb\xbf"), re.I | re.S):
        why = "it is a web page"
    else:
        why = _bozo_reason(parsed.bozo_exception) if parsed.bozo else "no items in it"
    hint = _named_feed(data, base)
    hint = f"; the page names its feed: {hint}" if hint else ""
    raise NewsletterError(f"{feed}: not a valid RSS or Atom feed ({why}); check the URL points to the "
                          f"feed itself{hint}")


def item_link(raw, base: str | None = None) -> str | None:
    """The item's web page (for a podcast, the episode's page, not the audio), trackers removed."""
    video_id = raw.get("yt_videoid")
    link = str(raw.get("link") or "").strip()
    if link and base and not _web_link(link):
        link = urljoin(base, link)
    url = _web_link(link) or (f"https://www.youtube.com/watch?v={video_id}" if video_id else None)
    audio = _audio(raw)
    url = url or _web_link(raw.get("id")) or (_web_link(audio.get("href")) if audio else None)
    return url and without_trackers(url)


def read_item(raw, channel_author: str = "", base: str | None = None) -> Item:
    enclosures = raw.get("enclosures") or []
    audio, video_id, url = _audio(raw), raw.get("yt_videoid"), item_link(raw, base)
    host = (urlsplit(url).hostname or "").lower() if url else ""
    if audio:
        kind = "podcast"
    elif video_id or host.endswith(("youtube.com", "youtu.be")) or any(
            str(e.get("type", "")).startswith("video/") for e in enclosures):
        kind = "video"
    elif host == "arxiv.org" or host.endswith(".arxiv.org"):
        kind = "paper"
    else:
        kind = "article"
    names = [_plain(a.get("name", "")) for a in raw.get("authors") or [] if isinstance(a, dict)]
    names = names or [_plain(raw.get("author", ""))]
    if not any(names) and audio and channel_author:
        names = [channel_author]  # a podcast's host, named on the channel
    authors = list(dict.fromkeys(n for n in names if n))[:10]
    summary = raw.get("summary") or next((c.get("value") for c in raw.get("content") or []), "")
    raw_date, day = _published(raw)
    return Item(
        url=url,
        title=_plain(raw.get("itunes_title") or raw.get("title") or "") or None,
        day=day,
        raw_date=raw_date,
        authors=authors,
        summary=_paragraphs(str(summary or ""), SUMMARY_MAX),
        kind=kind,
        guid=raw.get("id") or None,
        episode=int(raw["itunes_episode"]) if str(raw.get("itunes_episode", "")).strip().isdigit() else None,
        duration=parse_duration(raw.get("itunes_duration")),
    )


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


def stub_text(item: Item, kind: str, day: dt.date, section: str | None) -> str:
    """The item as a draft entry, its summary quoted as the starting note."""
    extra = {"section": _clean(section)} if section else {}
    if item.episode is not None:
        extra["episode"] = item.episode
    if item.duration:
        extra["duration"] = clock(item.duration)
    notes = "\n>\n".join("> " + markdown_safe.escape(p) for p in item.summary) if item.summary else ""
    return stubs.stub(kind, item.url, day, title=item.title, people=item.authors, extra=extra, draft=True,
                      notes=notes)


# Loading

Loaded = tuple[bytes, str | None, str | None]  # the body, the URL it came from, its HTTP charset


def _load(sources: list[str], settings: config.Settings) -> dict[str, Loaded | str]:
    """Each source's bytes (URLs fetched concurrently), or a message saying why not."""
    loaded: dict[str, Loaded | str] = {}
    urls = [s for s in sources if _is_url(s)]
    cap = max(settings.fetch.max_bytes, FEED_MAX_BYTES)  # the same for a file as for a download
    for source in sources:
        if source not in urls:
            try:
                with open(source, "rb") as file:
                    data = file.read(cap + 1)  # never more, whatever the file (or /dev/zero) holds
            except OSError as error:
                loaded[source] = (f"{source}: cannot read it ({error.strerror or error}); give a feed URL "
                                  "(https://…) or a feed or OPML file")
                continue
            loaded[source] = (f"{source}: larger than {cap // 1_000_000} MB; not read" if len(data) > cap
                              else (data, None, None))
    if urls:
        loaded.update(_fetch(urls, settings, cap))
    return loaded


def _fetch(urls: list[str], settings: config.Settings, cap: int) -> dict[str, Loaded | str]:
    from newsletter.links import Links

    with Links(settings.fetch, None) as links:
        pages = links.download(urls, accept=FEED_ACCEPT, max_bytes=cap)
    loaded: dict[str, Loaded | str] = {}
    for url, page in pages.items():
        if isinstance(page, FetchError):
            loaded[url] = f"{url}: could not fetch it ({page.reason})"
        elif page.truncated:
            loaded[url] = f"{url}: larger than {cap // 1_000_000} MB; not read"
        else:
            loaded[url] = (page.body, page.url, page.charset)
    return loaded


def _is_url(text: str) -> bool:
    return re.match(r"https?://", text, re.I) is not None


def _is_opml(data: bytes) -> bool:
    return re.search(rb"<opml[\s>]", data[:2048], re.I) is not None


# Text

class _PlainText(HTMLParser):
    """HTML to plain-text paragraphs: HTML tags stripped, script/style content dropped.

    Only HTML's own tags are markup: "List<T> in C#" in a title keeps its <T>.
    """

    SKIP = set("script style template noscript iframe object embed svg math head title select textarea".split())
    BLOCK = set("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer pre hr "
                "dd dt dl figure figcaption main nav aside details summary".split())
    INLINE = set("a abbr b bdi bdo big cite code data del dfn em font i img ins kbd mark q s samp small span "
                 "strike strong sub sup time tt u var wbr body html center caption td th thead tbody tfoot "
                 "video audio source picture meta link input button form label".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")
        elif tag not in self.INLINE:
            self.handle_data(self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n\n")
        elif tag not in self.INLINE | self.SKIP:
            self.handle_data(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")
        elif tag not in self.INLINE:
            self.handle_data(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _paragraphs(html: str, limit: int | None = None) -> list[str]:
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    paragraphs, size = [], 0
    for block in re.split(r"\n\s*\n", "".join(parser.parts)):
        text = _clean(block)
        if not text:
            continue
        if limit is not None and size + len(text) > limit:
            cut = text[: max(0, limit - size)].rsplit(" ", 1)[0]
            if cut:
                paragraphs.append(cut + " …")
            break
        paragraphs.append(text)
        size += len(text)
    return paragraphs


def _plain(html: str) -> str:
    """One line of plain text from a title or name that may hold HTML."""
    return " ".join(_paragraphs(str(html)))


def _clean(text: str) -> str:
    # str.split() also splits at U+2028, U+0085...: YAML and Markdown see those as line breaks.
    # Then control characters, bidi controls, lone surrogates and non-characters go: YAML refuses them.
    return untrusted.text(" ".join(text.split()), None)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _web_link(value) -> str | None:
    text = str(value or "").strip()
    return text if re.match(r"https?://[^\s/]+", text, re.I) and not re.search(r"\s", text) else None


def _audio(raw) -> dict | None:
    return next((e for e in raw.get("enclosures") or [] if str(e.get("type", "")).startswith("audio/")
                 or urlsplit(str(e.get("href", ""))).path.lower().endswith(AUDIO)), None)


def _published(raw) -> tuple[str | None, dt.date | None]:
    """The item's date as written, and as a date when feedparser could read it."""
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
    written = dict.get(raw, "published") or dict.get(raw, "updated")
    parsed: time.struct_time | None = dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")
    try:
        return written, dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
    except (ValueError, AttributeError):
        return written, None


def _entry_day(item: Item, today: dt.date, feed: str, warnings: list[str]) -> dt.date:
    name = item.title or item.url
    if item.day is None:
        if item.raw_date:
            warnings.append(f"{feed}: '{name}' has the date '{_clean(item.raw_date)[:40]}', which is not a date; "
                            f"dated it today ({today})")
        return today
    if item.day > today:
        warnings.append(f"{feed}: '{name}' is dated {item.day}, in the future; dated it today ({today})")
        return today
    return item.day


def _bozo_reason(error: BaseException | None) -> str:
    if error is None:
        return "unknown problem"
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):
        return f"line {error.getLineNumber()}: {error.getMessage()}"
    return str(error).strip() or type(error).__name__


def _named_feed(data: bytes, base: str | None) -> str | None:
    """The feed a web page links to (<link rel="alternate" type="application/rss+xml">), if any."""
    from selectolax.lexbor import LexborHTMLParser

    for link in LexborHTMLParser(decode_html(data[:500_000])).css('link[rel~="alternate"][href]'):
        if re.match(r"application/(rss|atom)\+xml", (link.attributes.get("type") or "").strip(), re.I):
            href = (link.attributes.get("href") or "").strip()
            return _web_link(urljoin(base, href) if base else href)
    return None
