"""The core of the smaller commands (`new`, `list`, `meta`), kept out of cli.py so it stays thin."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newsletter import collect, config, read
from newsletter.commands import init as workspace
from newsletter.errors import FetchError, NewsletterError
from newsletter.models import Entry, Metadata, Period


def new_entry(root: Path, kind: str, url: str, day: dt.date, offline: bool,
              force: bool = False) -> tuple[Path, str | None]:
    """Write a new entry file; returns its path and a warning if the link could not be read.

    A link that already has an entry is refused (`force` writes a second one anyway).
    """
    settings = config.load(root)
    kind = kind.lower()
    if kind not in Entry.types:
        hint = read.did_you_mean(kind, Entry.types)
        raise NewsletterError(f"Unknown type '{kind}'{hint}; use one of {', '.join(Entry.types)}.")
    if url and not re.fullmatch(r"https?://\S+", url):
        raise NewsletterError(f"'{url}' is not a web address; give the full link, like https://example.com/page")
    if url and not force:
        _refuse_known(settings, url)
    meta, warning = Metadata(), None
    if url and not offline:
        try:
            meta = lookup(settings, url)
        except FetchError as error:
            warning = f"could not read {error.url} ({error.reason}); fill in the title yourself"
    path = workspace.new_entry_path(settings.entries_dir, day, meta.title, url)
    workspace.write_new(path, workspace.entry_text(kind, url, day, meta))
    return path, warning


def _refuse_known(settings: config.Settings, url: str) -> None:
    from newsletter.links.cache import normalise_url

    key = normalise_url(url)
    for saved in read.scan_archive(settings.entries_dir)[0]:
        if normalise_url(saved.url) == key:
            raise NewsletterError(f"{config.shown(saved.path, settings.root)} already has this link (dated "
                                  f"{saved.date}); edit that entry, or add --force to write a second one.")


def lookup(settings: config.Settings, url: str) -> Metadata:
    """One link's metadata, from the cache or the web (and then cached)."""
    from newsletter.links.cache import MetadataCache
    from newsletter.links.fetch import Fetcher, make_client
    from newsletter.links.lookup import fetch_metadata

    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cached = cache.get(url)
        if cached is not None:
            return cached

        async def fetch() -> Metadata:
            async with make_client(settings.fetch) as client:
                return await fetch_metadata(Fetcher(client, settings.fetch), url)

        meta = asyncio.run(fetch())
        cache.put(url, meta)
        return meta


@dataclass
class Listing:
    """One period's entries for `list`: the valid ones, and the files that do not read."""

    period: Period
    entries: list[Entry]
    invalid: list[read.Finding]
    root: Path

    def as_json(self) -> str:
        return json.dumps({
            "period": self.period.key, "start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
            "entries": [{"date": e.date.isoformat(), "type": e.type, "title": e.title, "url": e.url,
                         "by": e.speakers, "draft": e.draft, "file": config.shown(e.path, self.root)}
                        for e in self.entries],
            "invalid": [{"file": config.shown(f.path, self.root), "line": f.line, "problem": f.message}
                        for f in self.invalid],
        }, indent=2, ensure_ascii=False)

    def as_table(self, width: int) -> str:
        if not self.entries and not self.invalid:
            return f"No entries for {self.period.key} ({self.period.start} to {self.period.end})."
        rows = [("DATE", "TYPE", "TITLE", "BY", "FILE")]
        for entry in self.entries:
            rows.append((entry.date.isoformat(), entry.type + (" (draft)" if entry.draft else ""),
                         entry.title or entry.url, ", ".join(entry.speakers), config.shown(entry.path, self.root)))
        for finding in self.invalid:
            where = config.shown(finding.path, self.root) + (f":{finding.line}" if finding.line else "")
            rows.append(("?", "INVALID", finding.message, "", where))
        return fit_table(rows, width)


def list_entries(root: Path, period_text: str | None, drafts: bool) -> Listing:
    settings = config.load(root)
    period = collect.parse_period(period_text, settings.week_start)
    reading = read.scan_period(settings.entries_dir, period, drafts=drafts)
    entries = sorted(reading.entries, key=lambda e: (e.date, e.path.name))
    invalid = reading.problems + [w for w in reading.warnings if w.code == "not-a-file"]
    return Listing(period, entries, invalid, root)


# Columns that give way when the table is wider than the terminal, in order, and how narrow
# each may get: the file path first (its end, the file name, stays), then people, then titles.
_SHRINK = ((4, 16), (3, 12), (2, 24))


def fit_table(rows: list[tuple[str, ...]], width: int) -> str:
    """Left-aligned columns, narrowed (with …) to fit `width`."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for column, narrowest in _SHRINK:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        if excess > 0:
            widths[column] = max(narrowest, widths[column] - excess)

    def cell(text: str, column: int) -> str:
        size = widths[column]
        if len(text) <= size:
            return text
        return "…" + text[len(text) - size + 1:] if column == 4 else text[: size - 1] + "…"

    lines = ["  ".join(cell(text, i).ljust(widths[i]) for i, text in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)


def link_metadata(url: str | None, html_file: Path | None, workspace: Path | None,
                  refresh: bool) -> Metadata:
    """`newsletter meta`: one link's metadata, from a saved page (no network) or from the web.

    From the web, inside a workspace: its [fetch] settings and its cache (unless `refresh`),
    and the answer is cached. Outside one: default settings, and no cache is written.
    """
    if html_file is not None:
        if not url:
            raise NewsletterError("--html needs --url, the address the page was saved from "
                                  "(its relative links resolve against it).")
        from newsletter.links.extract import extract_metadata

        try:
            html = html_file.read_bytes()
        except OSError as error:
            raise NewsletterError(f"Cannot read {html_file}: {error.strerror or error}.")
        return extract_metadata(html, url)
    if not url:
        raise NewsletterError("Give a URL, or --html FILE --url URL for a saved page.")
    if not url.startswith(("http://", "https://")):
        raise NewsletterError(f"'{url}' is not a web address; give the full link, like https://example.com/page")
    try:
        root = config.find_root(workspace or Path.cwd())
    except NewsletterError:
        if workspace is not None:
            raise
        root = None  # outside any workspace: default settings, and nothing written
    settings = config.load(root) if root else None
    try:
        if settings is None:
            return _fetch_one(config.Fetch(), url)
        from newsletter.links.cache import MetadataCache

        with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
            cached = None if refresh else cache.get(url)
            if cached is not None:
                return cached
            meta = _fetch_one(settings.fetch, url)
            cache.put(url, meta)
            return meta
    except FetchError as error:
        raise NewsletterError(f"Could not fetch {url}: {error.reason}")


def _fetch_one(settings: config.Fetch, url: str) -> Metadata:
    from newsletter.links.fetch import Fetcher, make_client
    from newsletter.links.lookup import fetch_metadata

    async def fetch() -> Metadata:
        async with make_client(settings) as client:
            return await fetch_metadata(Fetcher(client, settings), url)

    return asyncio.run(fetch())
