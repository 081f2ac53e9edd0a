"""The titles an author wrote, spaced as their notes are where the language sets no-break spaces
(French: « Mon mois » : lectures, « Pourquoi ? »). The notes were, since new user 20, and the
subject, the edition's title and the entries' titles beside them were not: on a 375 px screen
the email's heading put its closing » or ? alone at a line's start, under notes that never did.

Only what the author wrote: a title fetched from the page, or brought by an import, is the
page's own, and an entry without one shows its address. The post keeps what was typed (Hugo
reads it, and its address is made from the title), as it keeps the notes.
"""

from __future__ import annotations

import dataclasses

from newsletter.formats.french_spacing import spaced_title, spaces_as_french
from newsletter.models import Edition, Entry, Section


def spaced(edition: Edition, quotes: tuple[str, str] | None) -> Edition:
    """`edition` with its subject, title, subtitle and its entries' own titles spaced, where
    `quotes` (the language's) hold a no-break space; else `edition` itself."""
    if not spaces_as_french(quotes):
        return edition

    def entry(item: Entry) -> Entry:
        if not item.title or item.imported:
            return item
        return dataclasses.replace(item, title=spaced_title(item.title))

    return dataclasses.replace(
        edition,
        title=spaced_title(edition.title),
        subject=spaced_title(edition.subject),
        subtitle=spaced_title(edition.subtitle),
        sections=[Section(section.title, [entry(e) for e in section.entries]) for section in edition.sections],
        mine=[entry(e) for e in edition.mine],
    )
