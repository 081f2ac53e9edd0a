"""Accessibility failures of an email made by the workspace's own copy of the template.

A workspace that copied `email.mjml.j2` before these checks existed (a heading per edition,
underlined links...) sends emails `send --yes` now refuses, with messages that point at the
edition, where the author finds nothing to change: this names the template they come from.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsletter.config import shown
from newsletter.delivery.doctor import accessibility
from newsletter.delivery.doctor.checks import Check
from newsletter.resources import default_templates

TEMPLATE = "email.mjml.j2"  # the email's template, overridable by name in templates/
# The checks of what only the template writes: the entries' notes bring images and links too (a
# note's "[here](…)" fails link-text), and those failures are the entry's to fix, whatever the
# template; headings in notes are moved below the template's, and notes carry no colours.
TEMPLATE_ONLY = {"lang-dir", "wrapper", "layout-tables", "headings", "contrast", "contrast-dark", "link-style"}


def blamed(checks: list[Check], templates_dir: Path, root: Path) -> list[Check]:
    """`checks` with each failure's message naming the workspace's own email template, if any."""
    own = templates_dir / TEMPLATE
    if not _edited(own):
        return checks
    note = (
        f" ({shown(own, root)} is your own copy of the email template, perhaps older than this check: "
        "the default template passes it; bring your copy up to date, or delete it to use the default)"
    )
    return [replace(check, message=check.message + note) if _blamed(check) else check for check in checks]


def failures(html: str, templates_dir: Path) -> tuple[Path, list[Check]] | None:
    """The workspace's own email template, and the checks its email fails of what only a template
    writes (and images' alt, which notes never bring: a note's picture is a link in the email), for
    `check`; None without an edited copy of the template (the default passes them)."""
    own = templates_dir / TEMPLATE
    if not _edited(own):
        return None
    failed = [c for c in accessibility.checks(html) if c.status == "fail" and c.name in {*TEMPLATE_ONLY, "alt"}]
    return own, failed


# what `check` adds to such a failure, whose file it names already: the way out for a copy made
# before this check existed (which the author never edited to break it)
CHECK_NOTE = " (the default template passes this check; bring your copy up to date, or delete it to use the default)"


def _blamed(check: Check) -> bool:
    return check.status == "fail" and check.name in TEMPLATE_ONLY


def _edited(own: Path) -> bool:
    """Whether `own` is a copy of the email template that differs from the default: an unedited
    copy, or the default itself (this repository's example workspace), is not the author's doing."""
    if not own.is_file():
        return False
    default = default_templates() / TEMPLATE
    try:
        return own.read_bytes() != default.read_bytes()
    except OSError:  # unreadable: the build that made the email said so already
        return False
