"""`newsletter import`: draft entries from a feed (RSS 0.9x/1.0/2.0, Atom) or an OPML file of feeds.

Each new item becomes a draft entry: type, url, date, title, speakers, and the item's summary
as a quoted starting note, for the author to edit. Never overwrites a file, and skips every
item whose link (normalised) already has an entry anywhere in entries/, so running it again
writes nothing new. Every stub is parsed back with the entry reader before it is written.

Dates: an item's published (else updated) date. An item with no date is dated today; one whose
date cannot be parsed, or lies in the future, is dated today with a warning: the date says when
you read it, and today is the honest guess. Items listed twice (same GUID or link) are imported
once; entries are written as items are read, and `--limit` stops early.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from zoneinfo import ZoneInfo

from newsletter import config, fields, read, stubs
from newsletter.errors import FetchError, NewsletterError, aside
from newsletter.importers.feeds import (
    FEED_ACCEPT,
    FEED_MAX_BYTES,
    Item,
    bozo_reason,
    clock,
    is_opml,
    item_link,
    opml_feeds,
    parse_feed,
    people,
    published_of,
    read_item,
)
from newsletter.importers.html_text import clean, plain
from newsletter.importers.podcast_hosts import hosts_by_item, item_hosts, not_the_show
from newsletter.links.urls import without_credentials, work_key
from newsletter.models import Entry, Period
from newsletter.workspace import open_regular

FEEDS_AT_ONCE = 8  # an OPML file's feeds read (fetched concurrently) and held at a time
REASONS = {  # why an item was skipped: (one, many)
    "existing": ("already has an entry", "already have entries"),
    "duplicate": ("listed twice in the feed", "listed twice in the feed"),
    "old": ("older than --since", "older than --since"),
    "no-link": ("without a web link", "without a web link"),
    "invalid": ("not a valid entry", "not valid entries"),
}


@dataclass
class FeedResult:
    feed: str  # as given: URL or file path
    items: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    limited: int | None = None  # the --limit that stopped the import
    error: str | None = None  # this feed could not be read (OPML: the others still are)
    dry_run: bool = False  # nothing was written: the summary says what would have been

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
        verb = "Would import" if self.dry_run else "Imported"
        return f"{verb} {count} from {self.feed}" + (f" ({'; '.join(details)})" if details else "") + "."


def import_feed(
    root: Path,
    source: str,
    *,
    kind: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
    section: str | None = None,
    today: dt.date | None = None,
    on_write: Callable[[Path], None] | None = None,
    dry_run: bool = False,
    show: Callable[[str], None] = print,
) -> list[FeedResult]:
    """Import a feed URL, a feed file or an OPML file of feeds; one result per feed.

    A single feed that cannot be read raises NewsletterError; in an OPML file, it is one
    failed result and the other feeds are still imported.
    """
    settings = config.load(root)
    today = today or settings.today()  # where the author reads, not the machine's clock
    if kind is not None:
        kind = kind.lower()
        if kind not in Entry.types:
            raise NewsletterError(
                f"Unknown type '{kind}'{fields.did_you_mean(kind, Entry.types)}; use one of {', '.join(Entry.types)}."
            )
    if limit is not None and limit < 1:
        raise NewsletterError("--limit must be 1 or more.")
    loaded = _load([source], settings)[source]
    if isinstance(loaded, str):
        raise NewsletterError(loaded)
    known = {work_key(saved.url) for saved in read.scan_archive(settings.entries_dir)[0] if saved.url}
    options = dict(
        kind=kind, since=since, limit=limit, section=section, today=today, on_write=on_write, dry_run=dry_run, show=show
    )
    # Each month's folder listed once, and the names handed out remembered (for every feed of an
    # OPML file, a dry run's too): asked of the disk item by item, 20,000 items of one title in a
    # month ("Untitled") tried every name before theirs, the square of the count in all
    options["names"] = stubs.Names(settings.entries_dir)
    data = loaded[0]
    if not is_opml(data):
        return [_import_one(settings, source, *loaded, known, **options)]
    remote = _is_url(source)
    folder = None if remote else Path(source).resolve().parent
    # A local OPML file names its feeds by URL, by path or by file: URL (relative to it).
    feeds = {
        feed: str(folder / _file_path(feed)) if folder and not _is_url(feed) else feed
        for feed in opml_feeds(data, source)
    }
    results = []
    named = list(feeds.items())
    # A few at a time: every feed read was held until the last was imported, so an OPML file
    # naming one 10 MB feed forty ways ("../x/f.xml", "../x/../x/f.xml"...) took 470 MB, and
    # a thousand feeds of the 64 MB each may have, from the web too, all there was.
    for start in range(0, len(named), FEEDS_AT_ONCE):
        batch = named[start : start + FEEDS_AT_ONCE]
        # A file on the web names feeds on the web: never a path on this machine (/etc/passwd...).
        everything = _load([where for _, where in batch if not remote or _is_url(where)], settings, source)
        for feed, location in batch:
            loaded = everything.get(location) or (
                f"{location}: not an http(s) feed; an OPML file from the web may "
                "only name feeds on the web, so it was not read"
            )
            try:
                if isinstance(loaded, str):
                    raise NewsletterError(loaded)
                results.append(_import_one(settings, feed, *loaded, known, **options))
            except NewsletterError as error:
                results.append(FeedResult(feed, error=error.message))
    return results


def _import_one(
    settings: config.Settings,
    feed: str,
    data: bytes,
    base: str | None,
    charset: str | None,
    known: set[str],
    *,
    kind,
    since,
    limit,
    section,
    today,
    on_write,
    dry_run=False,
    show=print,
    names: stubs.Names,
) -> FeedResult:
    parsed = parse_feed(data, feed, base, charset)
    result = FeedResult(feed, items=len(parsed.entries), dry_run=dry_run)
    if parsed.bozo:
        result.warnings.append(
            f"{feed}: not a well-formed feed {aside(bozo_reason(parsed.bozo_exception))}; imported what could be read"
        )
    show_name = plain(parsed.feed.get("title", ""))
    channel_author = not_the_show(plain(", ".join(people(parsed.feed.get("author", "")))), show_name)
    hosts = hosts_by_item(data)  # podcast:person role="host", which feedparser does not keep
    base = base or parsed.feed.get("link")  # relative item links: against the feed's URL, or its site
    seen_guids, seen_links = set(), set()
    zone = ZoneInfo(settings.timezone)  # an item's day is its day where the author reads
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
        if "@" in url and (bare := without_credentials(url)) != url:  # the post would publish them
            result.warnings.append(f"{feed}: dropped the user name and password from the link {bare}")
            url = bare
        key = work_key(url)
        if key in seen_links:
            result.skipped["duplicate"] += 1
            continue
        seen_links.add(key)
        if key in known:
            result.skipped["existing"] += 1
            continue
        if since and (published := published_of(raw, zone)[1]) and published < since:
            result.skipped["old"] += 1
            continue
        if limit is not None and len(result.written) == limit:
            result.limited = limit
            break
        item = read_item(raw, channel_author, base, zone, link=url)
        item.url = url  # (without the user name and password a link may have had)
        if item.kind == "podcast" and (named := item_hosts(hosts, raw)):
            item.authors = named
        day = _entry_day(item, today, feed, result.warnings)
        path = names.path_for(day, item.title, item.url)
        text = stub_text(item, kind or item.kind, day, section, stubs.placeholder_in(settings.language))
        try:
            read.parse_entry(path, text)  # what we write must read back as a valid entry
        except read.Problem as problem:
            result.skipped["invalid"] += 1
            result.warnings.append(f"{feed}: skipped {item.url}: {problem}")
            continue
        if dry_run:  # what would be written, nothing more
            show(f"--- would write {config.shown(path, settings.root)}\n{text}")
        else:
            path = names.write(path, text)  # (the next free name, if one was made meanwhile)
        known.add(key)
        result.written.append(path)
        if on_write and not dry_run:
            on_write(path)
    return result


def stub_text(item: Item, kind: str, day: dt.date, section: str | None, placeholder: str = stubs.PLACEHOLDER) -> str:
    """The item as a draft entry, its summary quoted as the starting note, then `placeholder`,
    the line left for the author's words in the log's language."""
    extra = {"section": clean(section)} if section else {}
    if item.episode is not None:
        extra["episode"] = item.episode
    if item.duration:
        extra["duration"] = clock(item.duration)
    notes = "\n>\n".join("> " + stubs.typed(" ".join(p.split())) for p in item.summary) if item.summary else ""
    return stubs.stub(
        kind,
        item.url,
        day,
        title=item.title,
        people=item.authors,
        extra=extra,
        draft=True,
        notes=notes,
        placeholder=placeholder,
    )


Loaded = tuple[bytes, str | None, str | None]  # the body, the URL it came from, its HTTP charset


def _load(sources: list[str], settings: config.Settings, named_by: str | None = None) -> dict[str, Loaded | str]:
    """Each source's bytes (URLs fetched concurrently), or a message saying why not; `named_by`:
    the OPML file that names them."""
    loaded: dict[str, Loaded | str] = {}
    urls = [s for s in sources if _is_url(s)]
    cap = max(settings.fetch.max_bytes, FEED_MAX_BYTES)  # the same for a file as for a download
    # A feed an OPML file names on this machine must be a file: one naming a FIFO or /dev/tty
    # waited for a writer, or a key press, for ever. The one feed given is read as it is, so
    # `newsletter import <(curl …)` still reads its pipe.
    opener = open_regular if named_by else None
    for source in sources:
        if source not in urls:
            try:
                with open(_file_path(source), "rb", opener=opener) as file:
                    data = file.read(cap + 1)  # never more, whatever the file (or /dev/zero) holds
            except OSError as error:
                if named_by and isinstance(error, IsADirectoryError):  # open_regular's refusal
                    loaded[source] = f"{source}: not a file (a folder, a device or a pipe); name a feed file or URL"
                    continue
                loaded[source] = (
                    f"{source}: cannot read it ({error.strerror or error}); give a feed URL "
                    "(https://…) or a feed or OPML file"
                )
                continue
            loaded[source] = (
                f"{source}: larger than {cap // 1_000_000} MB; not read" if len(data) > cap else (data, None, None)
            )
    if urls:
        loaded.update(_fetch(urls, settings, cap, named_by))
    return loaded


def _fetch(urls: list[str], settings: config.Settings, cap: int, named_by: str | None) -> dict[str, Loaded | str]:
    from newsletter.links import Links

    with Links(settings.fetch, None) as links:
        pages = links.download(urls, accept=FEED_ACCEPT, max_bytes=cap, named_by=named_by)
    loaded: dict[str, Loaded | str] = {}
    for url, page in pages.items():
        if isinstance(page, FetchError):
            loaded[url] = f"{url}: could not fetch it {aside(page.reason)}"
        elif page.truncated and len(page.body) >= cap:  # else a web page cut after its head: it may name its feed
            loaded[url] = f"{url}: larger than {cap // 1_000_000} MB; not read"
        else:
            loaded[url] = (page.body, page.url, page.charset)
    return loaded


def _is_url(text: str) -> bool:
    return re.match(r"https?://", text, re.I) is not None


def _file_path(text: str) -> str:
    """The path a file: URL on this machine names (file:///tmp/feed.xml, as OPML files name
    local feeds), else the text as given."""
    if not re.match(r"file:", text, re.I):
        return text
    parts = urlsplit(text)
    if parts.netloc.lower() not in ("", "localhost"):
        return text  # a file on another machine: not read, and the message names it as given
    return url2pathname(parts.path)


def _entry_day(item: Item, today: dt.date, feed: str, warnings: list[str]) -> dt.date:
    name = item.title or item.url
    if item.day is None:
        if item.raw_date:
            warnings.append(
                f"{feed}: '{name}' has the date '{clean(item.raw_date)[:40]}', which is not a date; "
                f"dated it today ({today})"
            )
        return today
    if item.day > today:
        warnings.append(f"{feed}: '{name}' is dated {item.day}, in the future; dated it today ({today})")
        return today
    if not Period.covers_year(item.day.year):
        warnings.append(f"{feed}: '{name}' is dated {item.day}, in a year no edition covers; dated it today ({today})")
        return today
    return item.day
