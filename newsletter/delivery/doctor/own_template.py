"""Accessibility failures of an email made by the workspace's own copy of the template.

A workspace that copied `email.mjml.j2` before these checks existed (a heading per edition,
underlined links...) sends emails `send --yes` now refuses, with messages that point at the
edition, where the author finds nothing to change: this names the template they come from.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsletter.config import shown
from newsletter.delivery.doctor.checks import Check

TEMPLATE = "email.mjml.j2"  # the email's template, overridable by name in templates/


def blamed(checks: list[Check], templates_dir: Path, root: Path) -> list[Check]:
    """`checks` with each failure's message naming the workspace's own email template, if any."""
    own = templates_dir / TEMPLATE
    if not own.is_file():
        return checks
    note = (
        f" ({shown(own, root)} is your own copy of the email template, perhaps older than this check: "
        "the default template passes it; bring your copy up to date, or delete it to use the default)"
    )
    return [replace(check, message=check.message + note) if check.status == "fail" else check for check in checks]
