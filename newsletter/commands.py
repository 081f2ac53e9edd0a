"""The core of the smaller commands (`new`, `list`), kept out of cli.py so it stays thin."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import sys
from pathlib import Path

from newsletter import collect, config, read, workspace
from newsletter.errors import FetchError, NewsletterError
from newsletter.models import Entry, Metadata


def new_entry(root: Path, kind: str, url: str, day: dt.date, offline: bool) -> tuple[Path, str | None]:
    """Write a new entry file; returns its path and a warning if the link could not be read."""
    settings = config.load(root)
    kind = kind.lower()
    if kind not in Entry.types:
        hint = read.did_you_mean(kind, Entry.types)
        raise NewsletterError(f"Unknown type '{kind}'{hint}; use one of {', '.join(Entry.types)}.")
    if url and not re.fullmatch(r"https?://\S+", url):
        raise NewsletterError(f"'{url}' is not a web address; give the full link, like https://example.com/page")
    meta, warning = Metadata(), None
    if url and not offline:
        try:
            meta = lookup(settings, url)
        except FetchError as error:
            warning = f"could not read {error.url} ({error.reason}); fill in the title yourself"
    path = workspace.new_entry_path(settings.entries_dir, day, meta.title, url)
    workspace.write_new(path, workspace.entry_text(kind, url, day, meta))
    return path, warning


def lookup(settings: config.Settings, url: str) -> Metadata:
    """One link's metadata, from the cache or the web (and then cached)."""
    from newsletter.cache import MetadataCache
    from newsletter.fetch import Fetcher, make_client
    from newsletter.links import fetch_metadata

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


def entries_table(root: Path, period_text: str | None, drafts: bool) -> str:
    settings = config.load(root)
    period = collect.parse_period(period_text, settings.week_start)
    entries, _, _ = read.read_period(settings.entries_dir, period, drafts=drafts)
    entries.sort(key=lambda e: (e.date, e.path.name))
    if not entries:
        return f"No entries for {period.key} ({period.start} to {period.end})."
    rows = [("DATE", "TYPE", "TITLE", "BY", "FILE")]
    for entry in entries:
        title = entry.title or entry.url
        rows.append((entry.date.isoformat(), entry.type + (" (draft)" if entry.draft else ""), title,
                     ", ".join(entry.speakers), config.shown(entry.path, root)))
    # Fit a terminal; piped into another program, keep every character.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    return _table(rows, width)



def _table(rows: list[tuple[str, ...]], width: int) -> str:
    """Left-aligned columns; the title and people columns shrink (with …) to fit the terminal."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    flexible = [2, 3]
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths[i] for i in flexible) > 12:
        widest = max(flexible, key=lambda i: widths[i])
        widths[widest] -= 1

    def cell(text: str, size: int) -> str:
        return text if len(text) <= size else text[: size - 1] + "…"

    lines = ["  ".join(cell(text, widths[i]).ljust(widths[i]) for i, text in enumerate(row)).rstrip()
             for row in rows]
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
        from newsletter.extract import extract_metadata

        try:
            html = html_file.read_bytes()
        except OSError as error:
            raise NewsletterError(f"Cannot read {html_file}: {error.strerror or error}.")
        from newsletter import untrusted

        return untrusted.metadata(extract_metadata(html, url))  # a saved page is as untrusted as a fetched one
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
        from newsletter.cache import MetadataCache

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
    from newsletter.fetch import Fetcher, make_client
    from newsletter.links import fetch_metadata

    async def fetch() -> Metadata:
        async with make_client(settings) as client:
            return await fetch_metadata(Fetcher(client, settings), url)

    return asyncio.run(fetch())
