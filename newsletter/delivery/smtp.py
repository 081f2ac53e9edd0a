"""Delivery by SMTP (stdlib smtplib): the built .eml, to the list address or to each recipient.

`[send] smtp_recipients = "list"` sends one message to the list address ([email] to), which
the list server fans out. A file name instead (one address per line) sends one message per
recipient, To: that recipient, over one connection that is reopened if the server drops it;
each recipient's progress goes to the ledger's journal, so a killed run resumes where it
stopped without sending anyone the edition twice.
"""

from __future__ import annotations

import contextlib
from email.utils import make_msgid, parseaddr

from newsletter import mail_headers
from newsletter.config import counted
from newsletter.config import shown as shown_path
from newsletter.delivery import signing
from newsletter.delivery import smtp_stops as stops
from newsletter.delivery.job import TEST_MARK, Job
from newsletter.delivery.ledger import UNSURE, digest, when
from newsletter.delivery.outgoing import outgoing
from newsletter.delivery.smtp_connection import Connection, MaybeSent, NotSent
from newsletter.delivery.smtp_recipients import read_recipients, some
from newsletter.errors import NewsletterError

SEND = "smtp.send"


def describe(job: Job) -> tuple[list[str], list[str]]:
    s = job.settings.send
    warnings = []
    recipients = read_recipients(job)
    if recipients is None:
        to = f"  To:      {job.built.to or '(no To: set [email] to)'} (one message to the list address)"
        step = job.ledger.step(SEND) or {}
        if other := _begun_other_way(job, "list"):
            warnings.append(other + " (--yes will refuse)")
        elif step.get("state") == "intent":  # what _send_to_list refuses, said before --yes
            does = (
                "--resend-uncertain sends it again"
                if job.resend_uncertain
                else "--uncertain-received records it as sent, and sends nothing"
                if job.uncertain_received
                else "--yes will refuse; check the list's archive, and if it did not arrive, "
                "--resend-uncertain sends it again (if it did, --uncertain-received records so)"
            )
            warnings.append(
                f"An earlier run began sending {job.built.period} to {step.get('to') or 'the list'} on "
                f"{when(step.get('intent_at'), job.settings.timezone)} and did not finish, "
                f"so it may have gone out: {does}."
            )
    else:
        states = job.ledger.journal().states()
        sent = sum(1 for _, address in recipients if states.get(address.lower(), {}).get("state") == "done")
        already = f"; {sent} already sent by an earlier run" if sent else ""
        to = f"  To:      {len(recipients)} recipients from {s.smtp_recipients}, one message each{already}"
        if lost := _began_lost(job, states):
            warnings.append(lost + (" --force sends the rest this build." if job.force else " (--yes will refuse)"))
        elif (began := _began_with(job, states)) is not None and began != job.built.eml:
            reached = _reached(states)
            warnings.append(
                f"An earlier run began sending {job.built.period} and reached {reached} of its readers before "
                f"{job.built.period} was rebuilt: the rest get the message it began with, not this build, so that "
                "every reader has the same edition (what the rebuild changed reaches the blog post only)."
            )
        warnings += _unsure_warning(job, [a for _, a in recipients if states.get(a.lower(), {}).get("state") in UNSURE])
        if other := _begun_other_way(job, "each"):
            warnings.append(other + ("" if job.resend_uncertain else " (--yes will refuse)"))
    user = job.env.get(s.smtp_username_env)
    login = f"login as ${s.smtp_username_env}" if user else f"no login (${s.smtp_username_env} is not set)"
    if user and not job.env.get(s.smtp_password_env):
        warnings.append(f"{s.smtp_username_env} is set but {s.smtp_password_env} is not.")
    if user and s.smtp_security == "none":
        warnings.append('smtp_security is "none": the login would cross the network unencrypted.')
    security = {"starttls": "STARTTLS", "tls": "TLS", "none": "no encryption"}.get(s.smtp_security, s.smtp_security)
    return [to, f"  Server:  {s.smtp_host}:{s.smtp_port}, {security}, {login}"], warnings


def _begun_other_way(job: Job, mode: str) -> str | None:
    """Why not to send `mode` ("list" or "each"): a send the other way began and did not finish.
    smtp_recipients changed between the two runs, and neither way knew of the other: a list
    message that may have gone out was followed by one message to every reader, and readers
    sent theirs one by one were sent the list's."""
    step = job.ledger.step(SEND) or {}
    if step.get("state") != "intent" or step.get("mode") in (None, mode):
        return None
    period, began = job.built.period, when(step.get("intent_at"), job.settings.timezone)
    if mode == "list":  # the readers that run reached have it for certain: never the list's too
        return (
            f"An earlier run began sending {period} one message per recipient ({step.get('file')}) on {began} "
            "and did not finish; sent to the list address, it would reach again the readers that run did: "
            f'set smtp_recipients = "{step.get("file")}" in [send] again to finish that send'
        )
    return (
        f"An earlier run began sending {period} to the list address {step.get('to')} on {began} and did not "
        "finish, so the list may have it, and one message per recipient would send it to them again: check "
        "the list's archive; if it did not arrive, --resend-uncertain sends it one message per recipient"
    )


def _unsure_warning(job: Job, unsure: list[str]) -> list[str]:
    """What the real send does with recipients an earlier run may have reached: said before
    --yes, naming the one option that resends to them (--force, for failed doctor checks, does not)."""
    if not unsure:
        return []
    does = (
        "--resend-uncertain sends it to them again"
        if job.resend_uncertain
        else "--uncertain-received records that they have it, and sends them nothing"
        if job.uncertain_received
        else "they are skipped; --resend-uncertain would send it to them again (or, if they did get it, "
        "--uncertain-received record so)"
    )
    return [f"An earlier run stopped while sending to {some(unsure)}, who may have the edition already: {does}."]


def test(job: Job, address: str) -> str:
    """The edition to `address` only, marked [Test], with its own Message-ID (so the inbox
    does not later take the real one for a duplicate of the test)."""
    built = job.built
    domain = parseaddr(built.sender)[1].rpartition("@")[2] or None
    key = signing.load_key(job.settings, job.env)
    recipient = mail_headers.ascii_address(parseaddr(address)[1])  # as its To header has it
    message = outgoing(
        built.eml,
        {"To": address, "Subject": TEST_MARK + built.subject, "Message-ID": make_msgid("test", domain=domain)},
        recipient,
        key,
        zone=job.settings.timezone,
    )
    with Connection(job) as smtp:
        job.ledger.intend("smtp.test", to=address)
        try:
            smtp.deliver(envelope_sender(job), recipient, message)
        except NotSent as refused:
            raise NewsletterError(f"{smtp.where} refused the test to {address} ({refused}).")
        except MaybeSent as lost:
            raise NewsletterError(
                f"{smtp.lost(f'the test to {address}', lost)}; it may have arrived. Check, then run again if not."
            )
        job.ledger.done("smtp.test")
        job.ledger.note("test", via="smtp", to=address, content=job.built.digest)
    return f"Sent a test of {built.period} to {address} via {smtp.where}."


def send(job: Job) -> str:
    recipients = read_recipients(job)
    if recipients is None:
        return _send_to_list(job)
    return _send_each(job, recipients)


def _send_to_list(job: Job) -> str:
    built, ledger = job.built, job.ledger
    address = parseaddr(built.to)[1]
    if not address:
        raise NewsletterError(
            f"{built.folder}/newsletter.eml has no To: address; set `to` in [email] "
            f"of newsletter.toml (the list's address) and rebuild."
        )
    message = outgoing(built.eml, {}, None, signing.load_key(job.settings, job.env), zone=job.settings.timezone)
    if other := _begun_other_way(job, "list"):
        raise NewsletterError(other + "; nothing sent.")
    step = ledger.step(SEND)
    if step and step.get("state") == "intent" and job.uncertain_received:  # the author saw it arrive
        ledger.note("received", step=SEND, after=step.get("intent_at"))
        ledger.done(SEND, checked=True)
        return f"Recorded {built.period} as sent to {address}, as you checked; sent nothing again."
    if step and step.get("state") == "intent":
        if not job.resend_uncertain:
            raise NewsletterError(
                f"An earlier run began sending {built.period} to {address} on "
                f"{when(step.get('intent_at'), job.settings.timezone)} "
                "and did not finish: the message may have gone out. Check the list's archive; if it did "
                "not arrive, run again with --resend-uncertain, and if it did, with --uncertain-received."
            )
        ledger.note("forced", step=SEND, after=step.get("intent_at"))
    with Connection(job) as smtp:
        # (content: which message went, for what a build keeps as sent: delivery/as_sent.py)
        ledger.intend(SEND, mode="list", to=address, message_id=built.message_id, content=built.digest)
        try:
            smtp.deliver(envelope_sender(job), address, message)
        except NotSent as refused:
            ledger.failed(SEND, reason=str(refused))  # nothing went out: a rerun may try again
            raise NewsletterError(f"{smtp.where} refused the edition for {address} ({refused}); nothing was sent.")
        except NewsletterError as error:  # lost before the server had the message: not sent either
            ledger.failed(SEND, reason="connection")
            error.message += " Nothing was sent; run the same command again."
            raise
        except MaybeSent as lost:
            raise NewsletterError(
                f"{smtp.lost('the edition', lost)}; it may have gone out. Check the list's archive; if it did "
                "not arrive, run again with --resend-uncertain."
            )
        ledger.done(SEND, via_host=smtp.where)
    return f"Sent {built.period} to {address} via {smtp.where}."


def _send_each(job: Job, recipients: list[tuple[str, str]]) -> str:
    built, ledger = job.built, job.ledger
    if other := _begun_other_way(job, "each"):
        if not job.resend_uncertain:
            raise NewsletterError(other + "; nothing sent.")
        ledger.note("forced", step=SEND, after=(ledger.step(SEND) or {}).get("intent_at"))
    journal = ledger.journal()
    states = {address: record.get("state") for address, record in journal.states().items()}
    # Once a reader has (or may have) the edition, every other reader gets that same message, and
    # it is the copy kept as sent: a rebuild since is no part of what the list got.
    eml = _began_with(job, journal.states())
    if (first_lost := _began_lost(job, journal.states())) and not job.force:
        raise NewsletterError(first_lost + " Nothing sent: put the file back, or --force sends the rest this build.")
    content = ledger.keep_message(built.eml) if eml is None else (ledger.step(SEND) or {}).get("content")
    if checked := _received_as_checked(job, recipients, states, journal):
        ledger.note("received", step=SEND, recipients=len(checked))
    # `intent` left by a killed run is as uncertain as `unknown`: resent only with --resend-uncertain.
    skip = {"done", "refused"} | (set() if job.resend_uncertain else UNSURE)
    todo = [(shown, address) for shown, address in recipients if states.get(address.lower()) not in skip]
    if job.resend_uncertain and any(states.get(a.lower()) in UNSURE for _, a in recipients):
        ledger.note("forced", step=SEND, recipients=sum(states.get(a.lower()) in UNSURE for _, a in recipients))
    sender = envelope_sender(job)
    key = signing.load_key(job.settings, job.env)
    done_before = len(recipients) - len(todo)
    sent_before = stops.sent_to(recipients, states)
    smtp = Connection(job)
    try:
        with smtp if todo else contextlib.nullcontext():
            # Once connected and logged in: a refused login sends nobody anything, and a begun
            # send makes `--via` another service refuse (part of the list may have it).
            file = job.settings.send.smtp_recipients
            ledger.intend(SEND, mode="each", recipients=len(recipients), file=file, content=content)
            unanswered = 0  # messages in a row the server took without answering
            for number, (shown, address) in enumerate(todo, start=1):
                message = outgoing(eml or built.eml, {"To": shown}, address, key, zone=job.settings.timezone)
                journal.record(address, "intent")
                try:
                    smtp.deliver(sender, address, message)
                except NotSent as refused:
                    state = "refused" if refused.permanent else "failed"
                    journal.record(address, state, code=refused.code, reason=refused.text)
                    states[address.lower()] = state
                    if refused.code == 421:  # the server is closing the channel: asking on would hammer it
                        count = stops.sent_to(recipients, states)
                        raise NewsletterError(
                            f"{smtp.where} takes no more mail for now ({refused}). Stopped after {count} of "
                            f"{len(recipients)} recipients; {stops.again(job, ' later')} to continue with the rest."
                            + stops.unsure_so_far(recipients, states)
                        )
                except MaybeSent as lost:
                    journal.record(address, "unknown")
                    states[address.lower()] = "unknown"
                    unanswered += 1
                    if lost.endless:  # a broken server, which the next message would meet too
                        raise stops.endless(smtp, address, recipients, states, lost)
                    if unanswered == stops.UNANSWERED_STOP:  # a server slower than the timeout at every message
                        raise stops.unanswered(job, smtp.where, recipients, states, lost)
                except NewsletterError as error:  # the server went away for good
                    journal.record(address, "failed", reason="connection")
                    count = stops.sent_to(recipients, states)
                    raise NewsletterError(
                        f"{error} Stopped after {count} of {len(recipients)} recipients; "
                        f"{stops.again(job)} to continue with the rest." + stops.unsure_so_far(recipients, states)
                    )
                else:
                    journal.record(address, "done")
                    states[address.lower()] = "done"
                if states[address.lower()] != "unknown":
                    unanswered = 0
                if job.progress:
                    job.progress(done_before + number, len(recipients))
    except NewsletterError:
        _unless_reached(job)
        raise
    except KeyboardInterrupt:
        # ^C (or a terminal closed) mid-list: "Aborted!" alone left the author of 2,000 readers
        # not knowing whether it went to none, some or all; the journal knows.
        _forget_unless_reached(job)
        raise stops.interrupted(job, recipients, journal.states()) from None
    finally:
        journal.close()
    rebuilt = eml is not None and eml != built.eml
    said = _summary(job, recipients, states, smtp.where, sent_before) + (
        " Each got the message the earlier run began with: this build, changed since, went to nobody."
        if rebuilt
        else f" The first readers had an earlier build of {built.period}: this one, changed since, went to the rest."
        if first_lost
        else ""
    )
    if checked:
        said = f"Recorded {some(checked)} as having {built.period}, as you checked; sent nothing to them again. {said}"
    if ledger.sent() is None:
        # Readers left who may have it, or who were refused for now, or nobody reached: a run
        # that said so and exited 0 told a cron job (and `&&`) that the edition had gone out
        # (new user 54, a connection dropped on a train). Exit 1, the message saying what to do.
        raise NewsletterError(said)
    return said


def _received_as_checked(job: Job, recipients, states: dict[str, str], journal) -> list[str]:
    """The readers an interrupted run may have reached, recorded as sent with --uncertain-received:
    the author checked that they got it. Without a way to say so, such a send never finished (its
    copy as sent never kept, every run after it exiting 1), and --resend-uncertain was the only
    way on: a second copy to readers who had the first (new user 54)."""
    if not job.uncertain_received:
        return []
    checked = [address for _, address in recipients if states.get(address.lower()) in UNSURE]
    for address in checked:
        journal.record(address, "done", checked=True)
        states[address.lower()] = "done"
    return checked


def resumes_as_begun(job: Job) -> bool:
    """Whether this run sends the rest of a per-reader send the message it began with, which its
    first run recorded the entries of: not this build's, whatever was added or taken out since."""
    return _began_with(job, job.ledger.journal().states()) is not None


def needs_force(job: Job) -> bool:
    """Whether --force does something here besides a failed doctor check: sends the rest of a
    per-reader send this build, the message its first readers got being lost."""
    return _began_lost(job, job.ledger.journal().states()) is not None


def _began_lost(job: Job, states: dict[str, dict]) -> str | None:
    """Why the rest of a per-reader send cannot get the message its first readers got, if they
    cannot: its file is gone or holds another, and the build is not that message either. Sending
    the rebuild then would make two editions of one, and keep the second as what all got."""
    reached = _reached(states)
    content, ledger = (job.ledger.step(SEND) or {}).get("content"), job.ledger
    if not reached or not content or ledger.message(content) is not None or digest(job.built.eml) == content:
        return None  # a send from before began.eml was kept has no content: nothing to hold it to
    began = job.ledger.began_path()
    return (
        f"{reached} readers have (or may have) the message an earlier run began sending {job.built.period} with, "
        f"and {shown_path(began, job.settings.root)} is not that message any more "
        f"({'it is missing' if not began.exists() else 'it was changed or replaced'}), while {job.built.period} "
        "was rebuilt since, so the rest would get another edition than they did."
    )


def _began_with(job: Job, states: dict[str, dict]) -> bytes | None:
    """The message a per-reader send began with, once some reader has or may have it (None
    before: the send begins again, from this build)."""
    if not _reached(states):
        return None
    return job.ledger.message((job.ledger.step(SEND) or {}).get("content"))


def _summary(job: Job, recipients, states: dict[str, str], where: str, sent_before: int) -> str:
    """What this run did, and where the list stands. A run that continued an earlier one said
    "Sent P to 1998 of 2000" though it had sent to none or two: run twice, that read as the
    edition sent again to 1998 readers."""
    period, total = job.built.period, len(recipients)

    def having(*wanted):
        return [a for _, a in recipients if states.get(a.lower()) in wanted]

    sent, refused, failed, unsure = having("done"), having("refused"), having("failed"), having("intent", "unknown")
    if sent and not failed and not unsure:  # every reader refused for good is no edition sent
        job.ledger.done(SEND, mode="each", recipients=total, delivered=len(sent), refused=len(refused))
    else:
        _unless_reached(job)
    now = len(sent) - sent_before
    if not sent_before and not now:  # every one refused, or only uncertain ones (they may have it)
        message = f"Sent {period} to none of {total} recipients{' for certain' if unsure else ''}."
    elif not sent_before:
        message = f"Sent {period} to {len(sent)} of {total} recipients via {where}."
    elif now:
        more = counted(now, "more recipient", "more recipients")
        message = f"Sent {period} to {more} via {where} ({len(sent)} of {total} in all)."
    else:
        message = f"Sent nothing new: {period} had already gone to {len(sent)} of {total} recipients."
    if refused:
        message += f" Refused for good: {some(refused)}."
    if failed:
        message += f" Refused for now: {some(failed)}; {stops.again(job)} to retry them."
    if unsure:
        message += (
            f" Not resent, as they may have received it already: {some(unsure)}; check, then run "
            "again with --resend-uncertain to resend to them (or, if they did get it, with "
            "--uncertain-received to record so)."
        )
    return message


def _unless_reached(job: Job) -> None:
    """A per-reader send that no reader may have (each message refused, or the server gone
    before the first): recorded as not begun. Left begun, it refused the list address as if
    readers had theirs, and every other service as if part of the list had the edition."""
    begun = (job.ledger.step(SEND) or {}).get("state") == "intent"  # not before the login
    if begun and not _reached_any(job):
        job.ledger.failed(SEND, mode="each", reason="no recipient took it")
    _forget_unless_reached(job)


def _forget_unless_reached(job: Job) -> None:
    """The message a send began with, removed when no reader has or may have it (each refused,
    the login refused, the server gone or ^C before the first): the next run begins again from
    its build, as `_began_with` has it, so the file was only a copy of the edition left in
    .newsletter/ledger/ until then."""
    if not _reached_any(job):
        job.ledger.forget_message()


def _reached_any(job: Job) -> bool:
    """Whether a reader has or may have the edition, by the journal's states, not the run's: a
    reader whose message was being handed over when it stopped, or whose "done" the journal
    could not keep (a full disk, after the server took it), is recorded there only, by its intent."""
    return _reached(job.ledger.journal().states()) > 0


def _reached(states: dict[str, dict]) -> int:
    """How many readers of a journal's `states` (address: its last record) have or may have the edition."""
    return sum(1 for record in states.values() if record.get("state") in UNSURE | {"done"})


def envelope_sender(job: Job) -> str:
    return parseaddr(job.built.sender)[1]
