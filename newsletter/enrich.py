"""Stage 3, enrich: fill in each entry's link metadata. The only stage that uses the network.

A provider adapter answers first where one knows the site (YouTube, arXiv, GitHub...), then
the page itself is read. Results are cached by normalised URL, so a second build makes no
requests. A failure degrades one entry (it renders from what the user wrote), never the build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from newsletter.config import Settings
from newsletter.errors import FetchError
from newsletter.links.cache import MetadataCache
from newsletter.models import Edition, Entry, Metadata, Section


@dataclasses.dataclass
class Report:
    fetched: int = 0
    cached: int = 0
    failures: list[FetchError] = dataclasses.field(default_factory=list)  # each failed URL once
    no_network: bool = False  # no host could be reached: the failures say nothing about the links
    warnings: list[str] = dataclasses.field(default_factory=list)  # the cache's, said once


def enrich(edition: Edition, settings: Settings, *, offline: bool = False, refresh: bool = False,
           progress: Callable[[int, int], None] | None = None) -> tuple[Edition, Report]:
    report = Report()
    # Every link is looked up, even when the entry names its title and people: the email
    # also shows the site, duration, stars and thumbnail. What the user wrote still wins.
    wanted = edition.entries
    found: dict[str, Metadata] = {}
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        missing, failed = [], {}
        for entry in wanted:
            cached = None if refresh else cache.get(entry.url)
            if cached is not None:
                found[entry.url] = cached
                report.cached += 1
            elif offline:
                continue
            elif (failure := None if refresh else cache.failure(entry.url)) is not None:
                failed[entry.url] = failure  # failed a moment ago: not asked again so soon
            elif entry.url not in missing:
                missing.append(entry.url)
        if missing:
            import asyncio  # with the network half, only loaded when something is missing

            from newsletter.links import lookup as links

            results, report.no_network = asyncio.run(links.fetch_all(missing, settings, progress))
            for url in missing:
                result = results[url]
                if isinstance(result, FetchError):
                    failed[url] = result
                    if not report.no_network:  # one offline build must not block the links for an hour
                        cache.put_failure(result)
                else:
                    cache.put(url, result)
                    found[url] = result
                    report.fetched += 1
        # in entry order, so the list reads like the edition
        report.failures = [failed[url] for url in dict.fromkeys(e.url for e in wanted) if url in failed]
        report.warnings = list(cache.warnings)
    return _with_metadata(edition, found), report


def _with_metadata(edition: Edition, found: dict[str, Metadata]) -> Edition:
    def fill(entry: Entry) -> Entry:
        return dataclasses.replace(entry, meta=found[entry.url]) if entry.url in found else entry

    sections = [Section(s.title, [fill(e) for e in s.entries]) for s in edition.sections]
    return dataclasses.replace(edition, sections=sections, mine=[fill(e) for e in edition.mine])
