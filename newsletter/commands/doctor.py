"""`newsletter doctor`: is the built edition, and the way it is sent, ready for the inbox?

The checks themselves live in `newsletter.delivery.doctor`; `send` runs the same ones before
it sends (`preflight`), so what the doctor fails, `send --yes` refuses.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path

from newsletter import config, read
from newsletter.commands import shared_log
from newsletter.commands.built_current import check_built
from newsletter.delivery import doctor, readiness, service, signing
from newsletter.delivery.doctor import received as received_checks
from newsletter.delivery.job import Built, load_built
from newsletter.errors import NewsletterError
from newsletter.models import Period

# A DNS server to ask instead of the system's, for one run (the setting is [send] dns_server).
DNS_SERVER_ENV = "NEWSLETTER_DNS_SERVER"


def diagnose(
    root: Path,
    period: str | None = None,
    *,
    via: str | None = None,
    offline: bool = False,
    nameserver: str | None = None,
    env: Mapping[str, str] | None = None,
) -> doctor.Report:
    """Every check of the built edition of `period` going out via `via` (default: [send] via)."""
    settings = config.load(root)
    span = settings.period(period)
    via = (via or settings.send.via).strip().lower()
    service(via)  # an unknown name is an error, as in `send`
    built = load_built(settings, span.key)
    env = os.environ if env is None else env
    checks = preflight(settings, span, built, via, env, offline=offline, nameserver=nameserver)
    # The lines below are of the files as built: after an edit of the settings or entries, their
    # fails are the old build's ("no From address" once `from` is set), and the fix is a build.
    if stale := check_built(settings, span, built):
        checks.insert(0, doctor.Check("message", "build", "fail", stale))
    return doctor.Report(f"{span.key} via {via}", checks)


def preflight(
    settings: config.Settings,
    span: Period,
    built: Built,
    via: str,
    env: Mapping[str, str],
    *,
    offline: bool = False,
    nameserver: str | None = None,
) -> list[doctor.Check]:
    """The doctor's checks of a built edition, as `send` runs them before sending."""
    entries = read.scan_period(settings.entries_dir, span, drafts=bool((built.record or {}).get("drafts"))).entries
    key, unreadable = None, []
    try:
        key = signing.load_key(settings, env) if via == "smtp" else None
    except NewsletterError as error:  # said as a fail line, so the other checks still run
        unreadable = [doctor.Check("settings", "dkim-key", "fail", error.message)]
    if in_git := shared_log.state_in_git(settings.root):  # a clone's SQLite files and ledger, pulled by another
        unreadable.append(doctor.Check("settings", "state-in-git", "warn", in_git[1]))
    nameserver = nameserver or settings.send.dns_server or os.environ.get(DNS_SERVER_ENV) or None
    return unreadable + doctor.run(
        settings,
        via,
        built.eml,
        built.html,
        readiness.entry_concerns(entries, shown=_words(built) if span.kind == "year" else None),
        key=key,
        offline=offline,
        nameserver=nameserver,
        base=settings.root,
    )


def _words(built: Built) -> str:
    """What a year in review shows, whose templates (the workspace's own, or the default's titles
    and counts) decide whether an entry's notes are in it: its text, and its HTML's words."""
    return built.text + "\n" + html.unescape(built.html)


def received(path: Path, start: Path, period: str | None = None) -> doctor.Report:
    """The checks of a received test message saved at `path`, against the built edition of the
    workspace holding `start`, if there is one."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NewsletterError(f"--received {path}: cannot read it ({error.strerror or error}).")
    built_eml = None
    try:
        root = config.find_root(start)
    except NewsletterError:  # outside a workspace: nothing to compare with
        root = None
    if root is not None:
        settings = config.load(root)
        span = settings.period(period)
        eml = settings.dist_dir / span.key / "newsletter.eml"
        built_eml = eml.read_bytes() if eml.is_file() else None
    return doctor.Report(f"{config.shown(path)} as received", received_checks.checks(raw, built_eml))
