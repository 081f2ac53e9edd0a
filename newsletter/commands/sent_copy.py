"""What `send` keeps of the message that went out, once a send is done: the copy as sent
(dist/<PERIOD>/sent.eml), which the rebuilds that rewrite dist/ after it leave alone and which a
clone that pulls it refuses to send again, and the edition's web page made of it."""

from __future__ import annotations

from pathlib import Path

from newsletter import config, files
from newsletter.commands import shared_log
from newsletter.delivery.job import Built
from newsletter.delivery.ledger import SENT_COPY, Ledger
from newsletter.delivery.ledger import digest as message_digest
from newsletter.errors import NewsletterError
from newsletter.formats import edition_keys
from newsletter.models import Period


def keep(settings: config.Settings, built: Built, ledger: Ledger, done: tuple[str, dict], result) -> None:
    """Keeps what the done send `done` sent as its copy, saying so in `result` (a SendResult)."""
    copy = settings.dist_dir / built.period / SENT_COPY
    if (unknown := _not_this_build(done, built, copy)) is not None:
        result.warnings += unknown
        return
    # the message a per-reader send began with, which each reader got, else this build
    went = ledger.message(done[1].get("content")) or built.eml
    if _written(copy, went, settings, result):
        ledger.forget_message()  # kept as sent: no run resumes a send that is done
        result.lines += shared_log.commit_the_copy(settings.root, config.shown(copy, settings.root), built.period)
        result.warnings += _on_the_web(settings, built.period, built.record or {}, went)


def _written(copy: Path, eml: bytes, settings: config.Settings, result) -> bool:
    """Whether the copy as sent was written."""
    try:
        files.write_atomic(copy, eml)
    except OSError as error:  # a full disk: it went out all the same, and a traceback said otherwise
        result.warnings.append(
            f"it went out, but its copy as sent could not be kept in {config.shown(copy, settings.root)} "
            f"({error.strerror or error}); the ledger records the send, so no run sends it again."
        )
        return False
    return True


def _on_the_web(settings: config.Settings, period: str, record: dict, went: bytes) -> list[str]:
    """The edition's web page and editions-feed item made of the message that went out, when its
    build kept them as another: built while a send was begun, it kept them as the message that
    send began with (delivery/as_sent.py), and this run sent the rebuild (Buttondown or listmonk
    found it unsent); readers opening "view in the browser" now saw an edition none of them got.
    Built again, offline, from the entries this send checked; a warning if it cannot be."""
    sent = record.get("sent")
    if not isinstance(sent, dict) or sent.get("eml") == message_digest(went):
        return []  # (its page and item are this message's: nothing else was shown)
    from newsletter import build as pipeline

    stale = [
        f"{period}'s web page and its item in the editions feed still show the build before this send: "
        f"run `{Period.maker(period)}` to show the message that went out"
    ]
    if edition_keys.is_year(period):  # a year's page is its review's, which `build` refuses
        return stale
    try:
        pipeline.build(settings.root, period, offline=True, settings=settings)
    except (NewsletterError, OSError):  # (an entry edited meanwhile, say: the build says why)
        return stale
    return []


def _not_this_build(done: tuple[str, dict], built: Built, copy: Path) -> list[str] | None:
    """Why `built` is not to be kept as the copy as sent (the warnings to give, if any), or None
    if it is what went out. Buttondown or listmonk finding the edition sent already (a run killed
    after asking, or a send from its dashboard), or an SMTP list message the author checked
    arrived, says nothing of what went: a copy kept as sent is kept as it is, and this build is
    kept only if it is what a run asked to send (its `content`); rebuilt since, with a talk
    written up after, it was kept as what the list got."""
    via, step = done
    if not gone_before(step) or (not copy.exists() and step.get("content") == built.digest):
        return None
    if copy.exists():
        return []
    if step.get("checked"):  # SMTP's list message, which the author saw arrive (--uncertain-received)
        return [
            f"{built.period} was rebuilt since the run that sent it to the list, so this build is not what "
            f"the list got and is not kept as the copy as sent in {built.folder}/{SENT_COPY}: the list's "
            "archive has the message as it went out."
        ]
    where = f"email {step.get('id')} on Buttondown" if via == "buttondown" else f"campaign {step.get('id')} on {via}"
    return [
        f"{built.period} had gone out before this run (found sent on {via}), and this build is not one "
        f"a run asked to send, so it is not kept as the copy as sent in {built.folder}/{SENT_COPY}: "
        f"{where} is the message as it went out."
    ]


def gone_before(step: dict) -> bool:
    """Whether a done send went out before this run, which sent nothing: found sent on Buttondown
    or listmonk, or SMTP's list message recorded with --uncertain-received. The latter was taken
    for this run's: after a rebuild, an entry written up since was recorded as emailed to all (never
    named as late), and the rebuild kept as the copy as sent and put on the web, an edition
    nobody got. What went is the build its step names (`content`)."""
    return step.get("found") == "remote" or bool(step.get("checked"))
