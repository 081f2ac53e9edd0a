"""check's look at each link of an edition, on the network: dead (404, 410, no such host), sent
home, a parking page's, another site's, an https:// twin that works; each finding with what
becomes of it (its archived copy, once recorded) and what to do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urldefrag

from newsletter import config, read
from newsletter.commands import note_links
from newsletter.errors import aside
from newsletter.links import Links
from newsletter.links.archived import Record, observe
from newsletter.links.sent_home import parked, sent_away, sent_home
from newsletter.links.urls import https_twin
from newsletter.models import Entry, Period

# FetchError reasons (from fetch.py) that mean readers cannot reach the page at all.
DEAD = (
    "HTTP 404",
    "HTTP 410",
    "host ",
    "connection refused",
    "redirect loop",
    "too many redirects",
    "invalid URL",
    "unsupported URL scheme",
    "redirect to an invalid URL",
)


def in_notes(entries: list[Entry], entries_dir: Path, span: Period) -> dict[Path, list[note_links.NoteLink]]:
    """The links in each entry's notes (not its own `url` again) and in the edition's intro."""
    found = {
        entry.path: [link for link in note_links.links_in(entry.path) if link.url != entry.url] for entry in entries
    }
    if (editorial := read.editorial_file(entries_dir, span)) is not None:
        found[editorial] = note_links.links_in(editorial)
    return found


def look(
    entries: list[Entry], urls: list[str], settings: config.Settings, add, progress, today: dt.date, in_notes: dict
) -> None:
    """Fetch `urls` (the entries' own links and those `in_notes` found) and `add` a finding for
    each that is gone, unchecked, sent home or away, or has a working https:// twin. What it saw
    of the entries' own links is recorded in each month's _archive.toml (links/archived.observe),
    from which the build links the archived copy of one gone long enough."""
    # (an entry's own link only: a note's http:// link is the author's prose, quoted as written)
    twins = {entry.url: twin for entry in entries if entry.url and (twin := https_twin(entry.url))}
    with Links(settings.fetch, None) as links:
        results, no_network, landed = links.alive(urls, list(twins.values()), progress)
    if no_network:  # once, instead of calling every link dead; and nothing is recorded
        add(
            None,
            "warning",
            "no-network",
            # (not one on the author's own network that answered: it says nothing of the others)
            f"no network: {config.counted(sum(results.get(url) is not None for url in urls), 'link')} "
            "could not be checked; use --offline",
        )
        return
    # Links a site now sends home: such a link is gone as a 404 is (recorded, and once dead its
    # copy is linked: sites that answered 404 for a removed page often redirect it home later),
    # and such an https:// twin is no better (it is not offered)
    home = {
        url: landed[url]
        for url in [*urls, *twins.values()]
        if results.get(url) is None and sent_home(url, landed.get(url))
    }
    records = observe([e for e in entries if e.url], results, settings.entries_dir, today, home)
    for entry in entries:
        if not entry.url:
            continue
        error = results[entry.url]
        if error is not None:
            if error.reason.startswith(DEAD):
                record = records.get(entry.url)
                copy = _copy(record, settings, "fix the url or link an archived copy (`newsletter archive` finds one)")
                # With a copy recorded, the build links it: nothing for the author to fix, and an
                # old edition's check should not fail for links that died since it went out.
                severity = "warning" if record and record.versionurl else "error"
                add(entry.path, severity, "dead-link", f"dead link {aside(error.reason)}; {copy}")
            else:
                add(entry.path, "warning", "unchecked-link", f"could not check the link {aside(error.reason)}")
        elif entry.url in home:
            to = landed[entry.url]
            if parked(entry.url, to):  # the domain itself lapsed: no new address to link
                said, otherwise = "a parking page for the whole domain (not renewed): the page is gone", "link "
            else:
                said, otherwise = "the site's home page, not the page: it may be gone", "link its new address, or "
            copy = _copy(
                records.get(entry.url), settings, f"{otherwise}an archived copy (`newsletter archive` finds one)"
            )
            add(entry.path, "warning", "sent-home", f"the link now leads to {to}, {said}; {copy}")
        elif error is None and sent_away(entry.url, landed.get(entry.url)):
            add(
                entry.path,
                "warning",
                "another-site",
                f"the link now leads to another site, {landed[entry.url]}: if the domain changed hands, readers "
                "get its new owner's page, and the edition its title; link the page's new address, or an "
                "archived copy (`newsletter archive` finds one)",
            )
        if entry.url in twins and results[twins[entry.url]] is None and twins[entry.url] not in home:
            add(entry.path, "warning", "https", f"an http:// link, and {twins[entry.url]} works; use that")
    for path, links in in_notes.items():  # the build never swaps these for a copy: the author's to fix
        for url, line, written in links:
            if (error := results[url]) is None:
                continue
            if error.reason.startswith(DEAD):
                # (not its #fragment, which a browser keeps to itself: the archive never sees it)
                copies = f"https://web.archive.org/web/*/{urldefrag(url).url}"
                copy = f"fix or remove it, or link an archived copy ({copies} lists them)"
                add(path, "error", "dead-link", f"dead link {written} {aside(error.reason)}; {copy}", line)
            else:
                said = f"could not check the link {written} {aside(error.reason)}"
                add(path, "warning", "unchecked-link", said, line)


def _copy(record: Record | None, settings: config.Settings, otherwise: str) -> str:
    """What becomes of a gone link: its recorded copy replaces it (now, or once seen gone again)."""
    if not (record and record.versionurl):
        return otherwise
    if record.dead(settings.archive.dead_after_days):
        return f"its archived copy {record.versionurl} replaces it when the edition is rebuilt"
    return (  # recorded already: `archive` has nothing to add
        f"its archived copy {record.versionurl} replaces it once `newsletter check` sees it gone again, "
        f"{config.counted(settings.archive.dead_after_days, 'day', 'days')} after {record.gone_since}, "
        "and the edition is rebuilt"
    )
