"""The delivery contract: what every service is handed (a `Job`: the built edition, the settings,
the ledger, the environment) and what each offers in return.

A delivery service is a module (or object) with three functions, registered under the
entry-point group `newsletter.deliveries` (see `newsletter.delivery`):

    describe(job) -> (lines, warnings)   what `send --yes` would do, for the dry run
    test(job, address) -> str            send one copy to the author, marked [Test] where the service lets us
    send(job) -> str                     send to the list, once (the ledger records each step)

The built files in dist/<PERIOD>/ are the source of truth: nothing is rendered here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path

from newsletter import config
from newsletter.delivery.ledger import Ledger
from newsletter.errors import NewsletterError
from newsletter.formats.json_object import json_object
from newsletter.models import Outputs, Period

# The mark on a test copy's subject. Not "[TEST]": a filter reads a subject's Latin letters only
# (SpamAssassin's SUBJ_ALL_CAPS), and of a Japanese or Arabic subject that left "TEST", all
# capitals, which scored the author's copy as no real send of it is scored.
TEST_MARK = "[Test] "
# What earlier versions marked it with, which a copy still in an inbox has (doctor --received)
OLD_TEST_MARK = "[TEST] "


@dataclass
class Built:
    """The edition as `newsletter build` wrote it to dist/<PERIOD>/."""

    period: str
    folder: str  # "dist/2021-02", for messages
    eml: bytes
    html: str
    text: str
    subject: str
    sender: str
    to: str
    message_id: str
    record: dict | None  # build.json, or None for an edition built before build records existed
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of each file as it is now

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.eml).hexdigest()


@dataclass
class Job:
    """What a delivery module needs: settings, the edition, the ledger, the environment."""

    settings: config.Settings
    built: Built
    ledger: Ledger
    env: Mapping[str, str]
    force: bool = False  # `send --force`: sent although doctor checks failed (already decided by `send`)
    progress: Callable[[int, int], None] | None = None
    # `send --resend-uncertain`: send again where an interrupted run may have sent already
    # (a recipient, or the list, whose step began and did not finish); without it, skipped.
    resend_uncertain: bool = False
    # `send --uncertain-received`: the author checked that they did get it; recorded as sent
    # there, so the send can finish without sending it to them a second time.
    uncertain_received: bool = False


def load_built(settings: config.Settings, period: str) -> Built:
    folder = settings.dist_dir / period
    shown = config.shown(folder, settings.root)
    try:
        data = {kind: (folder / name).read_bytes() for kind, name in Outputs.files.items()}
        eml, html, text = data["eml"], data["html"].decode("utf-8"), data["text"].decode("utf-8")
    except FileNotFoundError as error:
        raise NewsletterError(
            f"{shown}/{Path(error.filename).name} does not exist; run `{Period.maker(period)}` first."
        )
    except UnicodeDecodeError:
        raise NewsletterError(
            f"{shown} holds a file that is not UTF-8 text, so it was changed after it "
            f"was built; run `{Period.maker(period)}` again."
        )
    headers = BytesHeaderParser(policy=default_policy).parsebytes(eml)
    try:  # (damaged, or edited into a list: None, and send's check says rebuild)
        record = json_object((folder / Outputs.build_record).read_text(encoding="utf-8"))
    except (FileNotFoundError, UnicodeDecodeError):
        record = None
    # A value that fits on one line but not beside its name is folded whole onto the next line
    # ("Subject:\r\n Anna's Reading Notes: ..."), and unfolds with that line's space in front.
    value = {name: str(headers.get(name) or "").strip() for name in ("Subject", "From", "To", "Message-ID")}
    sender = value["From"]  # an edition without a From address: readiness refuses it
    return Built(
        period,
        shown,
        eml,
        html,
        text,
        value["Subject"],
        sender,
        value["To"],
        value["Message-ID"],
        record,
        {name: hashlib.sha256(data[kind]).hexdigest() for kind, name in Outputs.files.items()},
    )


def credential(env: Mapping[str, str], name: str, what: str) -> str:
    """A secret from the environment; the message names the variable, never a value."""
    value = env.get(name, "")
    if not value:
        raise NewsletterError(
            f"Set the environment variable {name} to your {what}; credentials come "
            "from the environment, never from newsletter.toml."
        )
    return value


def idempotency_key(built: Built) -> str:
    """The same for every run that sends this edition: period + Message-ID."""
    digest = hashlib.sha256(f"{built.period}\0{built.message_id}".encode()).hexdigest()[:24]
    return f"newsletter-{built.period}-{digest}"
