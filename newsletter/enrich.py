"""Stage 3, enrich: fill in each entry's link metadata. The only stage that uses the network.

A provider adapter answers first where one knows the site (YouTube, arXiv, GitHub...), then
the page itself is read. Results are cached by normalised URL, so a second build makes no
requests. A failure degrades one entry (it renders from what the user wrote), never the build.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable

from newsletter import providers
from newsletter.cache import MetadataCache
from newsletter.config import Settings
from newsletter.errors import FetchError
from newsletter.extract import extract_metadata
from newsletter.fetch import Fetcher, Page, make_client
from newsletter.models import Edition, Entry, Metadata, Section
from newsletter.providers import pdf


@dataclasses.dataclass
class Report:
    fetched: int = 0
    cached: int = 0
    failures: list[FetchError] = dataclasses.field(default_factory=list)


def enrich(edition: Edition, settings: Settings, *, offline: bool = False, refresh: bool = False,
           progress: Callable[[int, int], None] | None = None) -> tuple[Edition, Report]:
    report = Report()
    # Every link is looked up, even when the entry names its title and people: the email
    # also shows the site, duration, stars and thumbnail. What the user wrote still wins.
    wanted = edition.entries
    found: dict[str, Metadata] = {}
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        missing = []
        for entry in wanted:
            cached = None if refresh else cache.get(entry.url)
            if cached is not None:
                found[entry.url] = cached
                report.cached += 1
            elif not offline:
                missing.append(entry.url)
        if missing:
            results = asyncio.run(_fetch_all(sorted(set(missing), key=missing.index), settings, progress))
            for url in missing:  # in entry order, so the warnings read like the edition
                result = results[url]
                if isinstance(result, FetchError):
                    report.failures.append(result)
                else:
                    cache.put(url, result)
                    found[url] = result
                    report.fetched += 1
    return _with_metadata(edition, found), report


async def fetch_metadata(fetcher: Fetcher, url: str) -> Metadata:
    """One link's metadata: the provider's answer, gaps filled from the page itself, then
    refined by what needs the page first (a podcast's feed, which the page names)."""
    provider = providers.find(url)
    if provider is not None:
        meta = await provider.fetch(fetcher, url)
        if not provider.needs_page(meta):
            return meta
    else:
        meta = Metadata()
    try:
        page = await fetcher.get(url)
    except FetchError:
        if meta.title is None:
            raise
        return meta  # the provider's answer stands: the page would only have added to it
    meta = meta.merged_over(page_metadata(page, url))
    for step in providers.follow_ups(provider, url, meta):
        meta = await step.refine(fetcher, url, meta)
    return meta


def page_metadata(page: Page, url: str) -> Metadata:
    """What a fetched page says about itself: HTML is extracted, a PDF read as one."""
    if pdf.is_pdf(page.content_type, page.body):  # a PDF behind a link that did not look like one
        return pdf.from_pdf(page.body, page.url)
    if page.text is None:
        raise FetchError(url, f"not a web page ({page.content_type or 'unknown type'})")
    return extract_metadata(page.text, page.url)


async def _fetch_all(urls: list[str], settings: Settings, progress) -> dict[str, Metadata | FetchError]:
    results: dict[str, Metadata | FetchError] = {}
    async with make_client(settings.fetch) as client:
        fetcher = Fetcher(client, settings.fetch)

        async def one(url: str) -> None:
            try:
                results[url] = await fetch_metadata(fetcher, url)
            except FetchError as error:
                results[url] = error
            if progress:
                progress(len(results), len(urls))

        await asyncio.gather(*(one(url) for url in urls))
    return results


def _with_metadata(edition: Edition, found: dict[str, Metadata]) -> Edition:
    def fill(entry: Entry) -> Entry:
        return dataclasses.replace(entry, meta=found[entry.url]) if entry.url in found else entry

    sections = [Section(s.title, [fill(e) for e in s.entries]) for s in edition.sections]
    return dataclasses.replace(edition, sections=sections, mine=[fill(e) for e in edition.mine])
