"""Stage 3, enrich: fill in each entry's link metadata. The only stage that uses the network.

A provider adapter answers first where one knows the site (YouTube, arXiv, GitHub...), then
the page itself is read. Results are cached by normalised URL, so a second build makes no
requests. A failure degrades one entry (it renders from what the user wrote), never the build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.config import Settings
from newsletter.errors import FetchError, NewsletterError
from newsletter.formats.json_object import json_object_in
from newsletter.links import Links
from newsletter.links.archived import ArchiveFile, path_for
from newsletter.links.urls import normalise_url
from newsletter.links.values import norm_name, strip_site_affix
from newsletter.models import Edition, Entry, Metadata, Section

if TYPE_CHECKING:
    from newsletter.links.wayback import Outcome


@dataclasses.dataclass
class Report:
    fetched: int = 0
    cached: int = 0
    failures: list[FetchError] = dataclasses.field(default_factory=list)  # each failed URL once
    no_network: bool = False  # no host could be reached: the failures say nothing about the links
    warnings: list[str] = dataclasses.field(default_factory=list)  # the cache's, said once


def enrich(
    edition: Edition,
    settings: Settings,
    *,
    offline: bool = False,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Edition, Report]:
    # Every link is looked up, even when the entry names its title and people: the email
    # also shows the site, duration, stars and thumbnail. What the user wrote still wins.
    # A book or a highlight-only entry has no link: it renders from what the user wrote.
    urls = [entry.url for entry in edition.entries if entry.url]
    with Links(settings.fetch, settings.state_dir, offline=offline, refresh=refresh) as links:
        podcasts = {entry.url: "podcast" for entry in edition.entries if entry.url and entry.type == "podcast"}
        looked = links.metadata(urls, progress, podcasts)
    report = Report(looked.fetched, looked.cached, looked.failures, looked.no_network, looked.warnings)
    edition = _with_metadata(edition, looked.found)
    report.warnings += _pictures_inward(edition.entries)
    return edition, report


# The types whose page's picture the email shows (templates/email.mjml.j2's show_image)
_PICTURED = frozenset({"talk", "video", "course", "book"})


def _pictures_inward(entries: list[Entry]) -> list[str]:
    """The entries whose page names a picture on a private address (https://10.0.0.5/…, a .local
    host, 169.254.169.254): the email leaves it out, as every reader's mail app would ask its own
    network for it (formats/inward_addresses.py), and said nothing, so the author never knew why
    the talk had no picture. Said for each such entry, with the address; an `image:` of the
    author's own wins over the page's (and readiness.unshown_pictures speaks of that one)."""
    from newsletter.config import shown
    from newsletter.formats import hidden_characters
    from newsletter.formats.inward_addresses import points_inward

    return [
        f"{shown(entry.path)}: the page's picture "
        f"{hidden_characters.shortened(hidden_characters.escaped(picture), 100)} is on a private address, which "
        "no reader's mail app should be sent to: the email shows no picture; give one from the public web "
        "with `image: https://…`, or leave it so"
        for entry in entries
        if entry.type in _PICTURED
        and not entry.image
        and (picture := entry.meta.image)
        and re.match(r"https?://", picture, re.IGNORECASE)
        and points_inward(picture)
    ]


def _with_metadata(edition: Edition, found: dict[str, Metadata]) -> Edition:
    def fill(entry: Entry) -> Entry:
        if entry.url not in found:
            return entry
        meta = found[entry.url]
        return _changed(entry, meta=meta, title=_saved_title(entry, meta))

    return _each_entry(edition, fill)


def _each_entry(edition: Edition, fill: Callable[[Entry], Entry]) -> Edition:
    """`edition` with each entry, in its section or among the author's own, as `fill` makes it."""
    sections = [Section(s.title, [fill(e) for e in s.entries]) for s in edition.sections]
    return dataclasses.replace(edition, sections=sections, mine=[fill(e) for e in edition.mine])


def _changed(entry: Entry, **changes) -> Entry:
    """`dataclasses.replace(entry, **changes)`, without its walk of Entry's two dozen fields and
    their defaults through __init__ (3.4 us an entry where this takes 1.3, for each link of each
    edition): Entry has no __post_init__ and no field outside __init__, so a copy of its
    attributes with `changes` over them is what replace makes (tests hold Entry to that)."""
    made = object.__new__(Entry)
    made.__dict__.update(entry.__dict__, **changes)
    return made


def _saved_title(entry: Entry, meta: Metadata) -> str | None:
    """An imported entry's title is the saved page's tab: "Taming p99 | Acme Streaming
    Engineering" at engineering.acme-stream.com, whose site name import could not tell from the
    host. The page's own site name tells it here; the file keeps what import wrote, and a title
    the author wrote (no `imported:`) is theirs."""
    if not (entry.imported and entry.title and meta.site_name):
        return entry.title
    return strip_site_affix(entry.title, {norm_name(meta.site_name)}) or entry.title


# Web archive copies: `newsletter archive`, and `build` when [archive] on_build is set


@dataclasses.dataclass
class Archived:
    outcomes: list[Outcome] = dataclasses.field(default_factory=list)  # one per distinct link
    written: list[Path] = dataclasses.field(default_factory=list)  # the _archive.toml files changed


def archive(
    entries: list[Entry],
    settings: Settings,
    *,
    in_build: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Archived:
    """Make sure each entry's link has a web archive copy from around its date, and record it
    in its month's `_archive.toml`. Links recorded before are not asked again, except to
    follow a capture that was still running. Inside a build, for [archive] build_wait_seconds
    at most; else wait_seconds."""
    # Here, not at the top: the web archive's client brings httpx, which a warm build never needs.
    from newsletter.links.wayback import Outcome, Wanted

    files: dict[Path, ArchiveFile] = {}
    wanted: dict[str, Wanted] = {}
    homes: dict[str, list[ArchiveFile]] = {}  # a link's files: each month it was read in
    done: list[Outcome] = []
    for entry in sorted((e for e in entries if e.url), key=lambda e: e.date):  # a book may have no link
        path = path_for(settings.entries_dir, entry.date)
        file = files[path] if path in files else files.setdefault(path, ArchiveFile(path))
        key = normalise_url(entry.url)
        homes.setdefault(key, []).append(file)
        record = file.get(entry.url)
        if key in wanted or any(o.url == entry.url for o in done):
            continue
        if record and record.versionurl and not record.pending_job:
            done.append(
                Outcome(
                    entry.url,
                    "found",
                    f"a capture of {record.versiondate[:10]}, recorded already",
                    record.versionurl,
                    record.versiondate,
                )
            )
            continue
        wanted[key] = Wanted(entry.url, entry.date, record.pending_job if record else "", record and record.gone_since)
    with Links(settings.fetch, None) as links:
        wait = settings.archive.build_wait_seconds if in_build else settings.archive.wait_seconds
        outcomes = links.archive(list(wanted.values()), settings.archive, wait=wait, progress=progress)
    for outcome in outcomes:
        for file in homes[normalise_url(outcome.url)]:
            if outcome.versionurl:
                record = file.record(outcome.url)
                record.versionurl, record.versiondate, record.pending_job = (
                    outcome.versionurl,
                    outcome.versiondate,
                    "",
                )
            elif outcome.status == "pending":
                file.record(outcome.url).pending_job = outcome.job
            elif (record := file.get(outcome.url)) is not None:
                record.pending_job = ""  # that job is over; the next run asks afresh
    written = [file.path for file in files.values() if file.save()]
    return Archived(done + outcomes, written)


def to_archive(entries: list[Entry], settings: Settings) -> bool:
    """Whether `archive` would ask the web archive about any of `entries`' links: one without a
    copy recorded in its month's `_archive.toml`, or whose capture was still running. A link the
    archive never takes (a private address) is not asked."""
    from newsletter.links.wayback import skip_reason  # (httpx with it: only a build that archives)

    files: dict[Path, ArchiveFile] = {}
    for entry in (e for e in entries if e.url and not skip_reason(e.url)):
        path = path_for(settings.entries_dir, entry.date)
        record = (files[path] if path in files else files.setdefault(path, ArchiveFile(path))).get(entry.url)
        if not (record and record.versionurl and not record.pending_job):
            return True
    return False


def out_of_reach(outcomes: list[Outcome]) -> bool:
    """Whether the archive answered for none of the links asked, and some were: no network, or
    the archive is down. Then nothing was archived, and whoever asks next will be told the same."""
    asked = [o for o in outcomes if o.status != "skipped"]
    return bool(asked) and all(o.unreachable for o in asked)


def with_archive(edition: Edition, settings: Settings) -> Edition:
    """Each entry with its recorded archive copy and whether `check` found it dead, from the
    `_archive.toml` of its month (no network: a build never probes a link)."""
    files: dict[tuple[int, int], ArchiveFile] = {}  # by month: making each entry's path was most of this
    after, show = settings.archive.dead_after_days, settings.archive.email

    def fill(entry: Entry) -> Entry:
        if not entry.url:  # a book or a highlight without a link: nothing to archive
            return entry
        month = entry.date.year, entry.date.month
        if month not in files:
            files[month] = ArchiveFile(path_for(settings.entries_dir, entry.date))
        record = files[month].get(entry.url)
        if record is None or not (record.versionurl or record.gone_since):
            return entry
        dead = record.dead(after)
        copy = record.versionurl or None
        return dataclasses.replace(
            entry,
            archive_url=copy,
            archive_date=record.versiondate or None,
            dead=dead,
            show_archive=bool(copy) and (show == "all" or (show == "dead" and dead)),
        )

    return _each_entry(edition, fill)


def with_previously(edition: Edition, settings: Settings) -> Edition:
    """Each entry with its closest earlier entry in the log, if close enough, from the neighbours
    `newsletter index` stored in .newsletter/ (no model is loaded, nothing is computed here: an
    entry the index does not know has none). The link is the earlier entry's post when its
    month's (or week's) edition was built, else its own link. An entry of this edition is
    never named: the reader has it a few lines up, and its post is the page being read."""
    from newsletter.formats.permalinks import Post, post_url
    from newsletter.formats.site import hugo_settings
    from newsletter.smart.search import previously

    hugo = hugo_settings(settings.site_dir)  # read once: its [permalinks] place every post
    this_edition = (edition.period.start.isoformat(), edition.period.end.isoformat())

    def earliest_close(entry: Entry) -> tuple[Entry, str] | None:
        """The earlier entry to name under `entry`, and where its line links."""
        try:
            name = entry.path.relative_to(settings.root).as_posix()
        except ValueError:
            return None
        for hit in previously(settings.state_dir, name, settings.smart.previously_threshold):
            if this_edition[0] <= hit.date <= this_edition[1]:
                continue  # (a month's edition holds the entries of its weeks' too)
            if earlier := _published(settings.root / hit.path):
                return earlier, _post_of(settings, hit.date) or hit.url
        return None

    def _published(path) -> Entry | None:
        """An earlier entry, if it went out: a draft (an import not yet written up) was in no
        edition, and its month's post, which the line would link, never mentions it."""
        from newsletter import read

        try:
            earlier = read.read_entry(path)[0]
        except (read.Problem, OSError, UnicodeDecodeError):
            return None  # gone or broken since it was indexed: nothing to point a reader to
        return None if earlier.draft else earlier

    def _post_of(settings: Settings, day: str) -> str | None:
        """The post of the edition that showed an entry of `day`: its month's, else its week's
        (a weekly log builds no months: its entries linked their pages, never its posts)."""
        for key in [day[:7], *_weeks_of(settings, day)]:
            if post := _post_in(settings.dist_dir / key / "build.json"):
                return post_url(settings, post, hugo)
        return None

    def _post_in(record: Path) -> Post | None:
        """The post an edition's build record names: its slug, title and date are what Hugo
        makes its address of (a site's [permalinks] may use any of them)."""
        built = json_object_in(record) or {}
        try:
            date = dt.datetime.fromisoformat(built["published"])
        except (KeyError, TypeError, ValueError):  # (damaged: no date, or one that is none)
            return None
        slug = built.get("post_slug")
        return Post(settings.site.section, slug, str(built.get("title") or ""), date) if slug else None

    def _weeks_of(settings: Settings, day: str) -> list[str]:
        from newsletter.models import Period

        year = int(day[:4])  # a week may start in the year before or end in the year after
        patterns = (f"{year - 1}-W5*", f"{year}-W*", f"{year + 1}-W01")
        found = []
        for key in sorted({p.name for pattern in patterns for p in settings.dist_dir.glob(pattern)}):
            try:
                span = Period.parse(key, settings.week_start)
            except NewsletterError:
                continue
            if span.start.isoformat() <= day <= span.end.isoformat():
                found.append(key)
        return found

    chosen = {entry.path: found for entry in edition.entries if (found := earliest_close(entry))}
    # An earlier entry that left its title to the page is named as its edition named it, by the
    # title its build fetched (cached; nothing is fetched here), not by its bare link.
    untitled = [earlier.url for earlier, _ in chosen.values() if not earlier.title and earlier.url]
    cached = {}
    if untitled:
        with Links(settings.fetch, settings.state_dir, offline=True) as links:
            cached = links.metadata(untitled).found

    def fill(entry: Entry) -> Entry:
        if entry.path not in chosen:
            return entry
        earlier, link = chosen[entry.path]
        meta = cached.get(earlier.url) if earlier.url else None
        shown = dataclasses.replace(earlier, meta=meta) if meta else earlier
        return dataclasses.replace(entry, previously=(shown.display_title, link))

    return _each_entry(edition, fill)
