"""`newsletter import FILE` (an export) and `import --from SERVICE`: a sync, not a copy.

An item already in the log is known by its `imported:` key (source and id) or its normalised
link, read from the entries themselves (`read.scan_archive`), so renaming, moving or editing an
entry changes nothing, and deleting `.newsletter/` forgets nothing. A known item is skipped; if
`import` made its entry and the item has highlights the entry lacks, they are appended at its
end, below everything already there. The same link in two sources is one entry, with both sets
of highlights; so is the same book (title and first author's surname), with a link or without.
New items become draft entries (importers/entry.entry_parts, checked with the reader's rules before
they are written; stubs.Names: never over a file). Nothing is fetched: metadata comes at build
time.

Readwise pulls are incremental: the time of the last pull is kept in `.newsletter/` (losing it
costs one full pull, never a duplicate).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from newsletter import config, fields, files, read, stubs
from newsletter.commands import left_out
from newsletter.commands.import_log import Known, Log
from newsletter.commands.notes_said import NotesSaid
from newsletter.delivery import late_entries
from newsletter.errors import NewsletterError
from newsletter.formats import entry_text
from newsletter.formats.json_object import json_object_in
from newsletter.importers import Parsed, SavedItem, highlights_text, imported_key, parse_file, shared_suffixes
from newsletter.importers.entry import (
    drop_credentials,
    entry_parts,
    ids_of_two_links,
    import_day,
    imported_id,
    named,
    page_title,
    render,
)
from newsletter.importers.places import places_in_language
from newsletter.models import Entry

STATE_FILE = "imports.json"  # in .newsletter/: when each service was last pulled
REASONS = {
    "existing": "already in the log",
    "repeated": "repeated in the export (one entry each)",
    "unread": "unread (--include-unread imports them)",
    "old": "older than --since",
    "invalid": "not a valid entry",
}


@dataclass
class SyncResult:
    source: str  # the file or service, as given
    format: str
    items: int = 0
    written: list[Path] = field(default_factory=list)
    appended: dict[Path, int] = field(default_factory=dict)  # entry -> highlights added
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    limited: int | None = None
    dry_run: bool = False

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        count = config.counted(len(self.written), "entry", "entries")
        parts = [f"{verb} {count} from {self.source} ({self.format}, {config.counted(self.items, 'item')})"]
        if self.appended:
            parts.append(
                f"{'would add' if self.dry_run else 'added'} "
                f"{config.counted(sum(self.appended.values()), 'highlight')} to "
                f"{config.counted(len(self.appended), 'entry', 'entries')} made earlier"
            )
        skipped = [f"{n} {REASONS[reason]}" for reason, n in self.skipped.items() if n]
        if skipped:
            parts.append("skipped " + ", ".join(skipped))
        if self.limited is not None:
            parts.append(f"stopped at --limit {self.limited}")
        return "; ".join(parts) + "."


def import_file(root: Path, path: Path, **options) -> SyncResult:
    """Sync an export file (format detected by its content) into the log."""
    return sync(root, parse_file(Path(path)), str(path), **options)


def import_service(
    root: Path,
    name: str,
    *,
    since: dt.date | None = None,
    dry_run: bool = False,
    environ: dict[str, str] | None = None,
    **options,
) -> SyncResult:
    """Sync what a service's API holds into the log (Readwise: what changed since the last pull)."""
    from newsletter.importers.services import SERVICES, pull  # here: httpx only for a service

    settings = config.load(root)
    state_path = settings.state_dir / STATE_FILE
    state, unread = _state(state_path)
    started = dt.datetime.now(dt.UTC)
    after = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    if name == "readwise" and after is None and state.get("readwise"):
        after = dt.datetime.fromisoformat(state["readwise"])
    parsed = pull(name, settings.imports, after, environ)
    result = sync(
        root, parsed, SERVICES[name].about if name in SERVICES else name, since=since, dry_run=dry_run, **options
    )
    result.warnings += [unread] if unread else []
    if not dry_run and result.limited is None and since is None:  # a partial pull is no baseline
        state[name] = started.isoformat()
        try:  # (a read-only .newsletter/ ended the pull in an OSError traceback, its entries written)
            files.write_atomic(state_path, (json.dumps(state, indent=2) + "\n").encode("utf-8"))
        except OSError as error:
            result.warnings.append(
                f"{config.shown(state_path)}: cannot record this pull ({error.strerror or error}); the next "
                f"`import --from {name}` asks for everything again and skips what is in the log"
            )
    return result


def sync(
    root: Path,
    parsed: Parsed,
    source: str,
    *,
    kind: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
    include_unread: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
    show: Callable[[str], None] = print,
) -> SyncResult:
    """Write what is new in `parsed`; `show` gets what a dry run would write."""
    settings = config.load(root)
    today = today or settings.today()  # where the author reads, not the machine's clock
    zone = ZoneInfo(settings.timezone)
    kind = _checked_kind(kind)
    if limit is not None and limit < 1:
        raise NewsletterError("--limit must be 1 or more.")
    result = SyncResult(source, parsed.format, items=len(parsed.items), warnings=list(parsed.warnings), dry_run=dry_run)
    log = Log(saved := read.scan_archive(settings.entries_dir)[0])
    names = stubs.Names(settings.entries_dir)
    placeholder = stubs.placeholder_in(settings.language)  # room for the author's words, in the log's language
    pending: dict[Path, str] = {}  # dry run: entries it would write, so a second item can find them
    notes = NotesSaid(settings.state_dir, root)  # a note left out is said once, not at every sync
    ids_here, shared = {imported_id(item) for item in parsed.items}, ids_of_two_links(parsed.items)
    sites = shared_suffixes(parsed.items)  # the names after many of one host's titles: "… | الجزيرة نت"
    for item in parsed.items:
        places_in_language(item, settings.language)
        if item.unread and not include_unread:  # older than --since said so: not one for --include-unread to bring
            result.skipped["old" if since and import_day(item, today, zone, source)[0] < since else "unread"] += 1
            continue
        if item.url and "@" in item.url:
            drop_credentials(item, source, result.warnings)
        item.title = page_title(item.title, item.url, sites)
        day, doubt = import_day(item, today, zone, source)  # saved at 9 pm in Toronto is that day, not UTC's next
        if doubt:
            result.warnings.append(doubt)
        if since and day < since:
            result.skipped["old"] += 1
            continue
        known = None if imported_id(item) in shared else log.by_id.get(imported_id(item))  # the cheap question first
        key = imported_key(item) if known is None else None
        if key is not None and "url" in key:
            known = log.by_url(key["url"])
        if known is None and key is not None and "work" in key:  # a book: the same title and author, in any source
            known = log.same_work(key, ids_here, item)
        if known is not None and item.reread and log.read_again(known, item, day):
            # new user 50 read Things Fall Apart again, in 2026, and its entry of 2019 was all import
            # said of it ("already in the log"): a new reading is an entry of its own, in its month
            known, key = None, imported_key(item)
        if known is not None:  # or listed twice in the export (Pocket keeps a link saved again): this_run
            _left_out(known, item, result, pending, notes)
            _add_highlights(known, item, result, pending, show, "repeated" if known.this_run else "existing")
            continue
        if limit is not None and len(result.written) == limit:
            result.limited = limit
            break
        path = names.path_for(day, item.title, item.url or "")
        meta, body = entry_parts(item, day, kind, key, placeholder)
        try:
            # The reader's own rules on the very values written; no YAML parse of each file, since
            # tests/test_importers_entry.py proves `render`'s text reads back as these values.
            read.entry_from(path, meta, body)
        except read.Problem as problem:
            result.skipped["invalid"] += 1
            result.warnings.append(f"{source}: skipped {named(item)}: {problem}")
            continue
        text = render(meta, body)
        if dry_run:
            pending[path] = text
            show(f"--- would write {config.shown(path, root)}\n{text}")
        else:
            path = names.write(path, text)
        result.written.append(path)
        log.add(key, Known(path, made_by_import=True, ids={key["source"]: key["id"]}, this_run=True))
    notes.save(result.warnings, dry_run)
    # Kofi's import added a highlight to a talk of a week emailed days before, without a word
    late_entries.say_grown_after_send(result, {entry.path: entry.date for entry in saved}, settings)
    return result


def _add_highlights(
    known: Known,
    item: SavedItem,
    result: SyncResult,
    pending: dict[Path, str],
    show: Callable[[str], None],
    skipped: str = "existing",
) -> None:
    """Append the item's highlights the entry lacks, at its end; only to an entry import made.
    `skipped`: what an item with nothing to add counts as (REASONS)."""
    if not known.made_by_import or not item.highlights:
        result.skipped[skipped] += 1
        return
    try:  # (as an entry is read: Notepad's UTF-16 too, new user 52's, whose highlights were skipped unsaid)
        data = b"" if known.path in pending else known.path.read_bytes()
        text = pending.get(known.path) or entry_text.decoded(data)
    except (OSError, fields.Problem):
        result.skipped[skipped] += 1
        return
    held = left_out.squeezed(text)
    new = [h for h in item.highlights if not left_out.present(left_out.passage(h), held)]
    if not new:
        result.skipped[skipped] += 1
        return
    addition = ("" if text.endswith("\n") else "\n") + "\n" + "\n".join(highlights_text(new)).rstrip("\n") + "\n"
    if known.path in pending:
        pending[known.path] = text + addition
    if result.dry_run:
        show(f"--- would append to {config.shown(known.path)}\n{addition.lstrip()}")
    elif known.path not in pending:
        try:
            with open(known.path, "a", encoding=entry_text.encoding_of(data)) as handle:  # nothing above changes
                handle.write(addition)
        except OSError as error:  # made read-only since (by its author, say): an OSError traceback ended the import
            result.warnings.append(
                f"{config.shown(known.path)}: cannot add {config.counted(len(new), 'new highlight')} at its end "
                f"({error.strerror or error}); make it writable and import again to add them"
            )
            result.skipped[skipped] += 1
            return
    result.appended[known.path] = result.appended.get(known.path, 0) + len(new)


def _left_out(known: Known, item: SavedItem, result: SyncResult, pending: dict, notes: NotesSaid) -> None:
    """Say what of the item the known entry does not get (left_out.said): not of an item this
    import wrote, listed again in its export."""
    if known.this_run or not (item.note or (item.highlights and not known.made_by_import)):
        return
    try:
        text = pending.get(known.path) or entry_text.decoded(known.path.read_bytes())
    except (OSError, fields.Problem):
        return
    result.warnings += left_out.said(known.path, known.made_by_import, text, item, notes, known.ids)


def _checked_kind(kind: str | None) -> str | None:
    if kind is None:
        return None
    kind = kind.lower()
    if kind not in Entry.types:
        raise NewsletterError(
            f"Unknown type '{kind}'{fields.did_you_mean(kind, Entry.types)}; use one of {', '.join(Entry.types)}."
        )
    return kind


def _state(path: Path) -> tuple[dict, str | None]:
    """When each service was last pulled, and what to say of the file if it cannot be read: {}
    then (ask for everything, skip what is in the log). '[' 100,000 deep there, or a time that
    is none, ended `import --from` in a traceback (attack 31)."""
    state = json_object_in(path)
    try:
        if state is not None and state.get("readwise") is not None:
            dt.datetime.fromisoformat(state["readwise"])
    except (TypeError, ValueError):
        state = None
    if state is None and path.exists():
        return {}, (
            f"{config.shown(path)}: cannot read when each service was last pulled (a damaged file), so this pull "
            "asked for everything and skipped what is in the log; a full pull writes it anew"
        )
    return state or {}, None


FEED_START = re.compile(r"\s*(<\?xml|<rss|<feed|<opml|<rdf:RDF)", re.I)


def _no_section(section: str | None, source: str) -> None:
    """--section is a feed's: an export or a service was imported without it, and said nothing."""
    if section is not None:
        raise NewsletterError(
            f"--section applies to feeds, not to {source}: its items go under their type's heading. "
            "Import without --section, then set `section:` in the entries you want grouped."
        )


def run(
    root: Path,
    source: str | None,
    service: str | None,
    *,
    kind: str | None,
    since: dt.date | None,
    limit: int | None,
    section: str | None,
    dry_run: bool,
    include_unread: bool,
    offline: bool,
    echo: Callable[[str], None],
    say: Callable[..., None],
) -> None:
    """`newsletter import`: a feed URL or file, an export file (by content), or --from SERVICE."""
    from newsletter.importers.common import ExportError, read_head
    from newsletter.importers.detect import detect

    if bool(source) == bool(service):
        from newsletter.importers.services import SERVICES

        raise NewsletterError(
            f"Give a feed URL or an export file, or --from SERVICE (one of {', '.join(SERVICES)}), not both."
        )
    options = dict(kind=kind, since=since, limit=limit, dry_run=dry_run)
    if service:
        _no_section(section, f"--from {service}")
        if offline:
            raise NewsletterError(
                f"--from {service} reads {service}'s API, which needs the network; "
                "drop --offline, or import an export file instead."
            )
        _report(import_service(root, service, include_unread=include_unread, show=echo, **options), say)
        return
    path = Path(source)
    if not re.match(r"https?://", source, re.I) and path.is_file():  # else the feed reader says why not
        try:
            detect(path)
        except ExportError as error:
            if not FEED_START.match(read_head(path, 4096)):
                raise NewsletterError(
                    f"{error.message}\n  rss/atom/opml: an RSS or Atom feed, or an OPML list of feeds (or a feed's URL)"
                )
        else:
            _no_section(section, str(path))
            _report(import_file(root, path, include_unread=include_unread, show=echo, **options), say)
            return
    if offline and re.match(r"https?://", source, re.I):
        raise NewsletterError("a feed URL is read from the web; drop --offline, or import a saved copy of the feed.")
    from newsletter.commands.imports import import_feed  # here: feedparser only for a feed

    results = import_feed(
        root, source, section=section, show=echo, on_write=lambda written: echo(config.shown(written, root)), **options
    )
    for result in results:
        for warning in result.warnings + ([result.error] if result.error else []):
            say(f"warning: {warning}", fg="yellow")
        if not result.error:
            say(result.summary())
    failed = [r for r in results if r.error]
    if failed:
        raise NewsletterError(
            f"{len(failed)} of {len(results)} feeds in {source} could not be imported (listed above)."
        )


def _report(result: SyncResult, say: Callable[..., None]) -> None:
    for warning in result.warnings:
        say(f"warning: {warning}", fg="yellow")
    say(result.summary())
