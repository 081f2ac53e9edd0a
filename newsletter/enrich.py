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
from newsletter.links import Links
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
    # Every link is looked up, even when the entry names its title and people: the email
    # also shows the site, duration, stars and thumbnail. What the user wrote still wins.
    # A book or a highlight-only entry has no link: it renders from what the user wrote.
    urls = [entry.url for entry in edition.entries if entry.url]
    with Links(settings.fetch, settings.state_dir, offline=offline, refresh=refresh) as links:
        looked = links.metadata(urls, progress)
    report = Report(looked.fetched, looked.cached, looked.failures, looked.no_network, looked.warnings)
    return _with_metadata(edition, looked.found), report


def _with_metadata(edition: Edition, found: dict[str, Metadata]) -> Edition:
    def fill(entry: Entry) -> Entry:
        return dataclasses.replace(entry, meta=found[entry.url]) if entry.url in found else entry

    sections = [Section(s.title, [fill(e) for e in s.entries]) for s in edition.sections]
    return dataclasses.replace(edition, sections=sections, mine=[fill(e) for e in edition.mine])
