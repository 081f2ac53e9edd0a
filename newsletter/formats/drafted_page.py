"""The edition's web page while a build with drafts stands in its place.

A build with --drafts writes the edition's post as a Hugo draft (off the blog) and no web page,
and its record takes the edition out of the feeds and the web archive's list (publish's
built_records). The page a build without drafts had put up stayed on the web: an edition the
blog no longer showed, reached from no page or feed of the site. It is taken down, and said; the
next build without drafts puts it back with the rest. An emailed edition's page is the message
the list got (the email's "view in the browser" link): it stays (publish.write_outputs).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from newsletter.config import Settings, shown
from newsletter.models import Edition


def taken_down(page: Path, edition: Edition, settings: Settings, emailed: bool) -> list[str]:
    """What to say of `page`, the edition's web page, taken down (its folder too, if nothing else
    is in it) where `edition` holds drafts and the list was not `emailed` it."""
    if emailed or not any(entry.draft for entry in edition.entries):
        return []
    try:
        page.unlink()
    except FileNotFoundError:
        return []
    except OSError as error:
        return [f"Could not take down {shown(page, settings.root)} ({error.strerror or error}); delete it."]
    with contextlib.suppress(OSError):  # (a folder holding anything else is kept)
        page.parent.rmdir()
    return [
        f"{shown(page.parent, settings.root)}/, the web page of this edition's build without drafts, is "
        "taken down: this build's post is a Hugo draft, and the feeds and the web archive leave the edition out, "
        "until a build without --drafts puts them back"
    ]
