"""Stage 5, publish: put the outputs where they belong. The only stage that writes files.

Every file is written atomically (a temporary file in the same folder, then a rename), so
a crash never leaves half a post; an unchanged file is not touched at all, which keeps
Hugo's and make's idea of what changed honest.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import heapq
import itertools
import marshal
import os
import stat
from pathlib import Path

from newsletter import config, read
from newsletter.config import Settings
from newsletter.delivery.as_sent import WentOut, sent_part
from newsletter.errors import NewsletterError
from newsletter.files import derived, read_whole, remove_files, what_to_do, write_atomic
from newsletter.formats import (
    built_days,
    bundle_images,
    code_frame,
    drafted_page,
    feed_updates,
    feeds,
    month_folders,
    moved_posts,
    output_digests,
    raw_html,
    readable_json,
    web,
    wording,
    written_json,
)
from newsletter.formats.editions_feed import editions_feed, item_language
from newsletter.formats.json_object import json_object
from newsletter.formats.site import WEB_DIR, content_dir, hugo_settings, site_base_url, web_edition_url
from newsletter.links import archived
from newsletter.models import Edition, Outputs, Period, month_folder
from newsletter.workspace import rendering_settings

POST_RECORD = "post.json"  # in dist/<PERIOD>/: which post the last build wrote, and its hash


# The build record: what an edition was built from, so `send` can tell it is current.


def edition_inputs(settings: config.Settings, period: Period) -> list[Path]:
    """Every file the edition of `period` is made from: the entry files its build reads (drafts
    too, and a neighbouring month's dated in the period: formats/month_folders.py), its editorial
    file, its months' _archive.toml, newsletter.toml and the workspace's templates."""
    # The files the build reads (not their parsed entries: hashing bytes is all that is needed), in
    # their listing's order, by name, which the sort below keeps (a set's: ~230 comparisons, fast 28)
    paths = dict.fromkeys(
        [*read.period_files(settings.entries_dir, period), *month_folders.misfiled_in(settings.entries_dir, period)]
    )
    editorial = read.editorial_file(settings.entries_dir, period)
    if editorial is not None:
        paths[editorial] = None
    paths[settings.root / config.SETTINGS_FILE] = None
    # The months' archive records: a link found dead changes where the post and email point.
    paths.update(
        (p, None)
        for year, month in period.months()
        if (p := month_folder(settings.entries_dir, year, month) / archived.FILENAME).is_file()
    )
    # Pictures beside the entries, which the post's bundle holds copies of.
    paths.update(
        (p, None)
        for y, m in period.months()
        for p in bundle_images.pictures_in(month_folder(settings.entries_dir, y, m))
    )
    templates = settings.root / "templates"
    if templates.is_dir():
        paths.update(
            (p, None)
            for p in templates.rglob("*")
            if p.is_file() and not any(part.startswith(".") or part.endswith("~") for part in p.parts[-1:])
        )
    return sorted(paths)


def input_hashes(paths: list[Path], root: Path) -> dict[str, str]:
    return hashes_of(read_inputs(paths), root)


def read_inputs(paths: list[Path]) -> dict[Path, bytes | None]:
    """Each file's bytes as they are now; None for one that cannot be read (gone since it was
    listed, or not readable: its reader says why, naming it)."""
    contents: dict[Path, bytes | None] = {}
    for path in paths:
        try:
            contents[path] = read_whole(path)  # (five system calls, not nine: every entry of `build --all`)
        except OSError:
            contents[path] = None
    return contents


def hashes_of(contents: dict[Path, bytes | None], root: Path) -> dict[str, str]:
    """What the build record keeps of its inputs: each file's sha256, keyed as messages show it;
    of the settings, what the outputs are made from (a delivery setting changed, `send` still
    takes the edition as current)."""
    settings = root / config.SETTINGS_FILE
    return {
        config.shown(path, root): (
            hashlib.sha256(rendering_settings(data) if path == settings else data).hexdigest()
            if data is not None
            else "unreadable"
        )
        for path, data in contents.items()
    }


def entries_fingerprint(paths: list[Path], root: Path) -> str:
    """sha256 over the sorted (path relative to root, content) of `paths`."""
    return fingerprint_of(input_hashes(paths, root))


def fingerprint_of(hashes: dict[str, str]) -> str:
    text = "".join(f"{name}\0{digest}\n" for name, digest in sorted(hashes.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot_inputs(settings: config.Settings, period: Period) -> dict[str, str]:
    """The hashes of every file the edition of `period` is made from, as they are now."""
    return input_hashes(edition_inputs(settings, period), settings.root)


def read_edition_inputs(settings: config.Settings, period: Period) -> dict[Path, bytes | None]:
    """The bytes of every file the edition of `period` is made from: a build hashes these for
    its record and parses its entries from the same bytes, so each file is read once."""
    return read_inputs(edition_inputs(settings, period))


def write_build_record(
    settings: config.Settings,
    edition: Edition,
    outputs: Outputs,
    *,
    drafts: bool = False,
    inputs: dict[str, str] | None = None,
    kept: dict[str, list] | None = None,
    emailed: bool = False,
    went: WentOut | None = None,
) -> Path:
    """dist/<PERIOD>/build.json: what the edition was built from, so `send` can tell it is current.

    Call it after the email files are written. An unchanged build keeps its `built_at`, so
    rebuilding without changes leaves the file untouched. `emailed` (Ledger.reached_list): the record
    keeps the items, words, subject and date the list got under "sent", for the editions feed (an
    entry written in since reaches the blog's only): the build's whose message went out (`went`,
    delivery/as_sent.py), else the record before the send's. `kept`:
    given, what `built_records` keeps of the record goes there, under its path, for `build
    --all`'s parent, which reads the records next (parsing every one the workers had just written was most of its end).
    """
    inputs = inputs if inputs is not None else snapshot_inputs(settings, edition.period)
    record = {
        "period": edition.period.key,
        "entries_fingerprint": fingerprint_of(inputs),
        "inputs": inputs,
        "outputs": {
            Outputs.files["eml"]: output_digests.sha256(outputs.eml),  # (taken with an edition made ahead)
            Outputs.files["html"]: output_digests.sha256(outputs.utf8("html")),
            Outputs.files["text"]: output_digests.sha256(outputs.utf8("text")),
        },
        "subject": edition.subject,
        "title": edition.title,
        "kind": edition.period.kind,
        "days": built_days.days_of(edition.period),  # kept by its later builds (formats/built_days.py)
        "post_slug": outputs.post_slug,
        "published": outputs.published.isoformat() if outputs.published else None,
        # which entry files it holds: `send` keeps them in the ledger, so an entry added after
        # the edition was emailed is named as reaching the blog only (delivery/late_entries.py)
        "entries": sorted(config.shown(entry.path, settings.root) for entry in edition.entries),
        "items": outputs.items,  # what the log's feeds show, so they never re-read the archive
        "words": outputs.words,
        "drafts": drafts,
        "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    path = settings.dist_dir / edition.period.key / Outputs.build_record
    try:  # (as this process wrote it, not parsed again: written_json)
        old = written_json.kept(path) or json_object(path.read_text(encoding="utf-8")) or {}  # (damaged: no time)
    except (FileNotFoundError, UnicodeDecodeError):
        old = {}
    if emailed and (sent := sent_part(record, old, went)) is not None:
        record["sent"] = sent
    if {k: v for k, v in old.items() if k != "built_at"} == {k: v for k, v in record.items() if k != "built_at"}:
        record["built_at"] = old.get("built_at", record["built_at"])
    items = {"items": written_json.encoded(record["items"])}  # (those of an edition made ahead, encoded then)
    write_atomic(path, (text := readable_json(record, sort_keys=True, encoded=items)).encode(), durable=False)
    written_json.keep(path, text)  # for the feeds, next, and the next build's `old`
    if kept is not None:
        kept[str(path)] = [[(status := os.stat(path)).st_size, status.st_mtime_ns], _summary_of(record)]
    return path


def post_path(settings: Settings, slug: str) -> Path:
    return content_dir(settings.site_dir, settings.language) / settings.site.section / slug / "index.md"


def edition_dir(settings: Settings, edition: Edition) -> Path:
    return settings.dist_dir / edition.period.key


def write_outputs(
    outputs: Outputs,
    edition: Edition,
    settings: Settings,
    records: list[dict] | None,
    nav: str | None = None,
    pictures: bool = True,
    emailed: bool = False,
    sent_html: str | None = None,
) -> tuple[list[Path], list[str]]:
    """Write the post bundle and the email files; returns every path, written or unchanged, and
    warnings (an earlier post of the edition left behind). `records`: every edition's build
    record before this build (`built_records`), to link the edition's web page to those before
    and after it; None when many build side by side (`--all`): then `nav`, the links `--all`
    planned for it before building any (reading every record for each edition made it
    quadratic), and its `write_log` at the end mends a plan that turned out wrong. `pictures`:
    whether the post shows the notes, so their pictures go into its bundle (not a review's).
    `emailed`: the list has it, so its web page, the email's "view in the browser" link, stays
    the message they got (an entry written in since reaches the blog post only; its links to the
    editions beside it are still mended by write_log): made from `sent_html`, the copy as sent's
    (as_sent.copy_html), where a send kept one, else the page there is kept."""
    folder = edition_dir(settings, edition)
    post = post_path(settings, outputs.post_slug)
    last = moved_posts.last_post(folder / POST_RECORD, settings)
    moved_posts.refuse_another_editions_post(post, edition, last)
    moved = moved_posts.moved_from(last, post, settings, edition.period)
    aliases = moved_posts.aliases_for(last, moved, post, outputs.post, settings)
    post_data = moved_posts.with_aliases(outputs.post, aliases, settings).encode("utf-8")
    files = {
        post: post_data,
        **(
            bundle_images.copies(
                bundle_images.with_words(
                    edition.entries,
                    read.editorial_file(settings.entries_dir, edition.period),
                    edition.intro,
                    edition.outro,
                ),
                post.parent,
                folder / bundle_images.RECORD,
                raw_html.renders_raw_html(hugo_settings(settings.site_dir)),  # (a note's <img>, if the blog shows it)
                settings.state_dir,
            )
            if pictures
            else {}
        ),
        folder / "newsletter.html": outputs.utf8("html"),
        folder / "newsletter.txt": outputs.utf8("text"),
        folder / "newsletter.eml": outputs.eml,
    }
    page = web_edition_path(settings, edition.period.key)  # (static/ is published as is: none with drafts)
    # (of the copy as sent, not kept from the build before the send: a resumed send may send a rebuild)
    if not any(entry.draft for entry in edition.entries) and (sent_html or not (emailed and page.is_file())):
        files[page] = web_page(outputs, edition, settings, records, nav, sent_html)
    for path, data in files.items():
        _write(path, data)
    warnings = [
        *moved_posts.retire_earlier_post(moved, post, settings, aliases),
        *drafted_page.taken_down(page, edition, settings, emailed),
    ]
    if records is not None:  # (`--all`: once at its end, `moved_posts.redirecting_over_posts`)
        warnings += moved_posts.redirected_here(post, last, outputs.post, settings)
    _write(folder / POST_RECORD, moved_posts.record_of(post, post_data, aliases, settings))
    return list(files), warnings


def web_page(
    outputs: Outputs,
    edition: Edition,
    settings: Settings,
    records: list[dict] | None,
    nav: str | None,
    html: str | None = None,
) -> bytes:
    """The edition's page on the web (write_outputs: `records`, `nav`), of its email's HTML, or
    of `html` (the message as it went out)."""
    key = edition.period.key
    if records is not None:
        others = [r for r in records if r["period"] != key]
        if outputs.published:  # among the editions on the web where its record is about to place it
            others.append(
                {
                    "period": key,
                    "subject": edition.subject,
                    "title": edition.title,
                    "published": outputs.published.isoformat(),
                }
            )
        nav = web.edition_navs(
            sorted(others, key=newest_first, reverse=True),
            {key},
            wording.Wording(settings.language, settings.wording),
            settings.name,
        ).get(key)
    return web.edition_page(
        outputs.html if html is None else html,
        settings.links.unsubscribe,
        web_edition_url(settings, key),
        nav or web.edition_nav(None, None, wording.Wording(settings.language, settings.wording)),
        web.feed_links(settings.name, f"{site_base_url(settings)}{FEEDS_DIR}/editions"),
    ).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data, durable=False)  # derived: rebuilt if a power cut loses it
    except OSError as error:
        raise NewsletterError(f"Cannot write {path} ({error.strerror or error}); {what_to_do(error)}")


# The log as a whole: feeds of its entries and editions, and every email edition on the web,
# all under the site's static/ folder so Hugo publishes them as they are, beside its own
# index.xml. Made from the editions' build records, never by reading the archive again.

FEEDS_DIR = "feeds"


def write_bundle_files(settings: Settings, slug: str, files: dict[str, bytes]) -> list[Path]:
    """Files beside a post's index.md (the review's charts): page resources Hugo publishes with it."""
    return _write_in(post_path(settings, slug).parent, files)


def write_web_files(settings: Settings, period: str, files: dict[str, bytes]) -> list[Path]:
    """Files beside an edition's web page (the review's PNG charts, which its email shows)."""
    return _write_in(web_edition_path(settings, period).parent, files)


def _write_in(folder: Path, files: dict[str, bytes]) -> list[Path]:
    for name, data in files.items():
        _write(folder / name, data)
    return [folder / name for name in files]


def web_edition_path(settings: Settings, period: str) -> Path:
    return settings.site_dir / "static" / WEB_DIR / period / "index.html"


RECORDS_CACHE = "records-4"  # in .newsletter/: each build record's summary, by its size and mtime
SUMMARY = ("period", "subject", "title", "published", "kind", "drafts")
_READ: dict[str, dict] = {}  # this process's summaries as it last read or wrote them, by cache file


def built_records(settings: Settings, known: dict[str, list] | None = None) -> list[dict]:
    """Every edition built without drafts, newest first, as summaries: the record's SUMMARY
    fields, its items' dates and its `path` (the log's feeds read the items there, for the few
    editions they show). The summaries are kept in .newsletter/, so a build in a log of hundreds of
    editions parses only the records that changed, not every one of them. `known`: summaries
    of records just written (write_build_record's `kept`), taken while the file is as written.

    A build asks twice (before writing its edition and after), and a script building month
    after month asks every time: each record is looked at (a stat) every time, so one changed
    by hand or by another process is noticed, but the cache file is read once a process and
    written only when a summary in it changed (loading, comparing and making a path for every
    edition, twice a build, grew one month's build with the log's length)."""
    import time

    cache = settings.state_dir / RECORDS_CACHE
    kept = _READ.get(str(cache))
    if kept is None:
        kept = _load_summaries(cache)
    now, current, records, changed = time.time(), {}, [], False
    for name in _record_paths(settings.dist_dir):
        try:
            status = os.stat(name)
        except OSError:
            continue
        seen = [status.st_size, status.st_mtime_ns]
        entry = kept.get(name)
        if known and name in known and known[name][0] == seen:  # (not if rebuilt since: `build --all` ends late)
            entry = known[name]
        # A record rewritten within a file system's timestamp tick (1 or 2 s on some disks) can
        # keep its size and mtime: one that recent is summarised by files/derived.py (again once
        # its tick is over), and kept with no size and time, so that a write later in that tick
        # is not trusted away by the next build, which reads it again (git's rule).
        elif not entry or entry[0] != seen or now - status.st_mtime < 2:
            entry = [seen, derived(name, status, _summary)]
        if now - status.st_mtime < 2:
            entry = [None, entry[1]]
        if entry is not kept.get(name):
            changed = changed or entry != kept.get(name)
        current[name] = entry
        summary = entry[1]
        if summary and not summary["drafts"] and summary["published"]:
            records.append({**summary, "path": name})
    if changed or len(current) != len(kept):
        try:
            write_atomic(cache, marshal.dumps(current), durable=False)
            remove_files(settings.state_dir, SUPERSEDED)
        except OSError:
            pass  # a read-only state folder: every build parses the records, as without a cache
    _READ[str(cache)] = current
    return sorted(records, key=newest_first, reverse=True)


# The names earlier versions gave RECORDS_CACHE: litter in .newsletter/ once this one is written
SUPERSEDED = ("records", "records-2", "records-3")


def _load_summaries(cache: Path) -> dict[str, list]:
    """The summaries kept in `cache`; none if it is not all summaries (a damaged disk, a hand
    edit: it is only a cache, and every record is read again). Only a file is read: a link to
    /dev/zero or a FIFO under its name would be read until memory ran out, or forever."""
    try:
        kept = marshal.loads(cache.read_bytes()) if stat.S_ISREG(os.stat(cache).st_mode) else {}
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return kept if isinstance(kept, dict) and all(map(_is_entry, kept.values())) else {}


def _is_entry(entry) -> bool:
    return type(entry) is list and len(entry) == 2 and (entry[1] is None or _is_summary(entry[1]))


def newest_first(record: dict) -> tuple[str, str]:
    return record["published"], record.get("period", "")


def _record_paths(dist: Path) -> list[str]:
    """dist/*/build.json, by os.scandir: pathlib's glob costs more than the stats it leads to,
    and a build lists every edition's folder."""
    try:
        with os.scandir(dist) as folders:
            return [os.path.join(f.path, Outputs.build_record) for f in folders if f.is_dir() and f.name[:1] != "."]
    except OSError:
        return []


def _summary(path: Path) -> dict | None:
    record = written_json.json_object_in(path)
    return None if record is None else _summary_of(record)


def _summary_of(record: dict) -> dict | None:
    summary = {key: record.get(key) for key in SUMMARY}
    # An emailed edition is on the web (its page, the index, the editions feed) as it went out:
    # a week sent before it was over is dated anew by an entry written in since, as its post is
    sent = record.get("sent") if isinstance(record.get("sent"), dict) else {}
    for key in ("subject", "published"):
        if isinstance(found := sent.get(key), str) and found and (key == "subject" or _moment(found)):
            summary[key] = found
    # newest first: the entries feed merges the editions' lists and reads only their heads
    items = record.get("items")
    dates = (str(item.get("date", "")) for item in (items if isinstance(items, list) else []) if isinstance(item, dict))
    summary["item_dates"] = "\n".join(sorted(dates, reverse=True))  # one string: quick to load, split when read
    return summary if _is_summary(summary) and _moment(summary["published"]) else None


def _moment(published: str | None) -> bool:
    """Whether a record's `published` is what the feeds read it as: a time with its zone (a
    record edited by hand to a date alone ended the feeds with a TypeError)."""
    try:
        return published is None or dt.datetime.fromisoformat(published).tzinfo is not None
    except ValueError:
        return False


def _is_item(item) -> bool:
    """A record's item as the feeds read it: a day, a title and HTML as text, links as text or none."""
    try:
        return (
            dt.date.fromisoformat(item["date"]) is not None
            and type(item["title"]) is str
            and type(item["html"]) is str
            and all(type(item.get(key)) in _TEXT for key in ("url", "link"))
            and all(type(item.get(key, [])) is list for key in ("authors", "tags"))
        )
    except (KeyError, TypeError, ValueError):
        return False


_FIELDS = {*SUMMARY, "item_dates"}
_TEXT = (str, type(None))


def _is_summary(summary) -> bool:
    """What `built_records` reads of a summary is there, as text (`drafts` only as true or not)."""
    return (
        type(summary) is dict
        and summary.keys() == _FIELDS
        and type(summary["item_dates"]) is str
        and all(type(summary[key]) in _TEXT for key in SUMMARY if key != "drafts")
    )


def _items_and_words(
    path: str, as_sent: bool = False, read=written_json.json_object_in
) -> tuple[list[dict], dict[str, str]]:
    """An edition's feed items and its intro and outro as sanitised HTML, from its build record
    at `path` (no words from a build made before they were recorded). `as_sent`: an emailed
    edition's as the list got them (write_build_record's "sent"), for the editions feed. `read`:
    what parses the record (write_log's reads each once, for both feeds)."""
    if (full := read(path)) is None:
        return [], {"intro": "", "outro": ""}
    if as_sent and isinstance(full.get("sent"), dict):
        full = full["sent"]
    items, words = full.get("items", []), full.get("words") or {}
    items = [item for item in items if _is_item(item)] if isinstance(items, list) else []
    words = words if isinstance(words, dict) else {}
    return items, {part: words[part] if isinstance(words.get(part), str) else "" for part in ("intro", "outro")}


def write_log(
    settings: Settings,
    around: set[str] | None = None,
    planned: dict[str, str] | None = None,
    known: dict[str, list] | None = None,
) -> list[Path]:
    """The feeds and the index of editions on the web, from every edition built so far, and the
    links between editions' pages: of every page, or with `around` (the edition just built, and
    its neighbours before: web.beside) only of theirs and their neighbours', the only ones its
    build can have changed (reading every page on every build made one month's build grow with
    the archive). `planned`: the links each page `build --all` wrote was given; a page that has
    the right ones is not read again, and one left out of the list gets none. `known`: the
    summaries of the records `build --all` just wrote (built_records)."""
    records = built_records(settings, known)
    base = site_base_url(settings)
    written = {}
    read = functools.cache(written_json.json_object_in)  # an edition in both feeds (most of the latest) read once
    full = functools.partial(_items_and_words, read=read)
    sent = functools.partial(_items_and_words, as_sent=True, read=read)  # (late entries are the blog's alone)
    for name, feed in feed_updates.stamped(  # each item edited since the feed was written: changed now
        {
            "entries": _entries_feed(settings, records, base, full),
            "editions": editions_feed(settings, records, base, sent),
        },
        settings.site_dir / "static" / FEEDS_DIR,
        settings.timezone,
    ):
        folder = settings.site_dir / "static" / FEEDS_DIR
        feed.feed_url = f"{base}{FEEDS_DIR}/{name}.xml"
        written[folder / f"{name}.xml"] = feeds.atom(feed)
        feed.feed_url = f"{base}{FEEDS_DIR}/{name}.json"
        written[folder / f"{name}.json"] = feeds.json_feed(feed)
    editions = web.index_editions(records, settings.name)
    feed = web.feed_links(settings.name, f"{base}{FEEDS_DIR}/editions")  # what a feed reader given the page finds
    index = web.index_page(settings.name, settings.language, editions, f"{base}{WEB_DIR}/", feed, settings.wording)
    written[settings.site_dir / "static" / WEB_DIR / "index.html"] = index.encode("utf-8")
    for path, data in written.items():
        _write(path, data)
    navs = {  # the links to the other editions, in the newsletter's language
        **dict.fromkeys(
            planned or {}, web.edition_nav(None, None, wording.Wording(settings.language, settings.wording))
        ),
        **web.edition_navs(records, around, wording.Wording(settings.language, settings.wording), settings.name),
    }
    for period, nav in navs.items():  # a new edition is the next of the one before
        if planned and planned.get(period) == nav:
            continue
        page = web_edition_path(settings, period)
        text = page.read_text("utf-8", "surrogateescape") if page.is_file() else ""
        if text and (linked := web.with_nav(text, nav)) != text:  # rewritten only if its links changed
            _write(page, linked.encode("utf-8", "surrogateescape"))
    return list(written)


def _entries_feed(settings: Settings, records: list[dict], base: str, full=_items_and_words) -> feeds.Feed:
    # Only the editions holding the latest `feed_entries` entries are read in full.
    editions = [r for r in records if r.get("kind") != "year"]  # a review repeats the editions' entries
    dates = (feeds.newest_dates(r["item_dates"]) for r in editions)
    newest = heapq.merge(  # latest day first, then the newer edition (records come newest first)
        *(zip(d, itertools.repeat(-n)) for n, d in enumerate(dates)), reverse=True
    )
    needed = sorted({-n for _, n in itertools.islice(newest, settings.site.feed_entries)})
    items, seen, files = [], set(), {}
    for record in (editions[n] for n in needed):
        for item in full(record["path"])[0]:
            # A week's entries are in its month's edition too, when both are built: one item each,
            # the newer edition's (records come newest first), as Atom wants ids unique.
            if (id_ := feeds.item_id(base, item, files)) in seen:  # (two entries of a link one day: two ids)
                continue
            seen.add(id_)
            day = dt.date.fromisoformat(item["date"])
            items.append(
                feeds.FeedItem(  # a book's, with no link, links the edition's page (not its tag: id)
                    id=id_,
                    url=item.get("link") or item.get("url") or f"{base}{WEB_DIR}/{record['period']}/",
                    title=item["title"],
                    html=code_frame.unframed(item["html"]),  # (the email's frame is the email's)
                    published=feeds.noon(day, settings.timezone),
                    authors=list(item.get("authors", [])),
                    tags=list(item.get("tags", [])),
                    title_language=item_language(item),
                    language=item_language(item, "language"),
                )
            )
    items.sort(key=lambda i: i.published, reverse=True)
    return feeds.Feed(
        feeds.entries_title(wording.Wording(settings.language, settings.wording), settings.name),
        base,
        "",
        settings.author,
        items[: settings.site.feed_entries],
        wording.Wording(settings.language, settings.wording)("feed_entries_description"),
        settings.language,
    )
