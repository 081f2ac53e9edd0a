"""The readers of a per-reader SMTP send: the file `[send] smtp_recipients` names, one address a
line, read and checked before anything is sent."""

from __future__ import annotations

import re
from email.utils import getaddresses
from pathlib import Path

from newsletter import mail_headers
from newsletter.config import counted
from newsletter.delivery.job import Job
from newsletter.errors import NewsletterError

_LINE_END = re.compile(r"\r\n|\r|\n")


def some(addresses: list[str], limit: int = 3) -> str:
    """The first few of `addresses`, and how many more, for a message."""
    shown = ", ".join(addresses[:limit])
    return shown + (f" and {len(addresses) - limit} more" if len(addresses) > limit else "")


def read_recipients(job: Job) -> list[tuple[str, str]] | None:
    """(To: header, envelope address) per recipient from the smtp_recipients file; None for "list"."""
    setting = job.settings.send.smtp_recipients.strip()
    if setting in ("", "list"):
        return None
    # "~/lists/readers.txt": a list of readers' addresses is kept out of the workspace's repository
    path = job.settings.root / Path(setting).expanduser()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NewsletterError(
            f"[send] smtp_recipients = {setting!r}, but {path} does not exist; write one "
            'address per line there, or set it to "list" to send to [email] to.'
        )
    except (OSError, UnicodeDecodeError) as error:
        raise NewsletterError(f"Could not read {path} ({error}); save it as UTF-8 text, one address per line.")
    recipients, seen, bad = [], set(), []
    # The lines an editor shows: splitlines() also parts them at a form feed, NEL or U+2028 (a
    # name pasted from a document), and every line after one was named by a number one past its own
    for number, line in enumerate(_LINE_END.split(text), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if mail_headers.line_break(line):  # one reader's To header cannot hold another line
            bad.append(f"line {number}: {line!r}")
            continue
        found = getaddresses([line])
        address = mail_headers.ascii_address(found[0][1]) if len(found) == 1 else ""  # as its To header has it
        # no encoded word either: RFC 2047 allows none in an address, and the email package
        # decodes one there, so '=?utf-8?q?x=0D=0A?=@example.org' raised ValueError mid-send
        if "@" not in address or " " in address or not address.isascii() or "=?" in address:
            bad.append(f"line {number}: {line!r}")
            continue
        if address.lower() not in seen:
            seen.add(address.lower())
            recipients.append((line, address))
    if bad:
        raise NewsletterError(
            f"{setting}: {counted(len(bad), 'line is', 'lines are')} not one email address each ({some(bad)}); "
            "fix them and run again."
        )
    if not recipients:
        raise NewsletterError(f"{setting} lists no addresses; put one per line.")
    return recipients
