"""`newsletter send`: hand the built edition (dist/<PERIOD>/) to SMTP, Buttondown or listmonk.

The built files are the source of truth: nothing is rendered here. Before a real send the
edition is checked against the entries it was built from (`build.json`, written by
`newsletter build`), and the ledger (`newsletter.delivery.ledger`) records every remote step before
it is taken, so a second run, or a run after a crash, never sends the edition twice.
The delivery modules (`delivery_smtp`, `delivery_buttondown`, `delivery_listmonk`) each
offer the same three functions: `describe(job)`, `test(job, address)`, `send(job)`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr
from pathlib import Path

from newsletter import config, read
from newsletter.commands import edition_age, sent_copy, shared_log
from newsletter.commands.built_current import check_built
from newsletter.commands.doctor import preflight
from newsletter.delivery import host_lookup, late_entries, list_address, redact, service
from newsletter.delivery.job import Job, load_built
from newsletter.delivery.ledger import SENT_COPY, Ledger, when
from newsletter.errors import NewsletterError, NothingToDo
from newsletter.links import untrusted
from newsletter.mail_headers import address_problem, line_break
from newsletter.models import Outputs, Period


@dataclass
class SendResult:
    lines: list[str] = field(default_factory=list)  # what was (or would be) sent: stdout
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    # the dry run's last word: what to do next, where `--yes` as things stand would be refused
    next_step: str = "Run again with --yes to send."


def send(
    root: Path,
    period: str | None = None,
    *,
    via: str | None = None,
    test: str | None = None,
    yes: bool = False,
    force: bool = False,
    resend_uncertain: bool = False,
    uncertain_received: bool = False,
    env: Mapping[str, str] | None = None,
    progress=None,
) -> SendResult:
    """Send (or, without `yes`, describe) the built edition. `test=""` means the test address.
    Two overrides, for two different doubts: `force` sends although doctor checks failed;
    `resend_uncertain` sends again where an interrupted run may already have sent, and
    `uncertain_received` records it as sent there (the author checked), sending nothing again."""
    settings = config.load(root)
    span = settings.period(period)
    via = (via or settings.send.via).strip().lower()
    delivery = service(via)
    address = _test_address(test, settings)
    env = os.environ if env is None else env
    result = SendResult()
    # Everything that decides whether to send is read with the lock held: the ledger (a run
    # that just finished sending), and the built files (a build that just finished writing).
    with Ledger(settings.state_dir / "ledger", span.key) as ledger:
        try:
            built = load_built(settings, span.key)
        except NewsletterError as error:
            if period is None and (waiting := _built_unsent_before(settings, span.key)):
                # On the 1st, `send --yes` meant last month's edition, and was told to build this one.
                error.message += (
                    f" (Without a PERIOD, send takes the current edition, {span.key}; {waiting} is built and "
                    f"not sent yet: `newsletter send {waiting}`.)"
                )
            raise
        job = Job(
            settings,
            built,
            ledger,
            env,
            force=force,
            progress=progress,
            resend_uncertain=resend_uncertain,
            uncertain_received=uncertain_received,
        )
        problem = check_built(settings, span, built)
        try:
            if address and (refused := list_address.why_no_test_to(address, built.to, settings, via)):
                raise NewsletterError(refused)
            if address or yes:  # first: its answer tells whether the network is there
                host_lookup.stop_if_offline(settings.send, via)
            # The doctor's checks (readiness's refusals among them): a test warns, the list refuses.
            failed = [c for c in preflight(settings, span, built, via, env) if c.status == "fail"]
            if address:
                if problem:
                    result.warnings.append(f"{problem} (The test shows the edition as built.)")
                result.warnings += [f"{c.message} (the real send will refuse it)" for c in failed]
                result.lines.append(delivery.test(job, address))
                return result
            already = ledger.sent()
            if already:
                sent_on = when(already[1].get("done_at"), settings.timezone)
                sent = f"{span.key} was already sent via {already[0]} on {sent_on}"
                late = added_after_sending(settings, span, ledger.data, already[1])
                if yes:
                    # a second cron run, a CI retry: nothing to do, which exit status 3 tells from a failure
                    raise NothingToDo("\n".join([f"{sent}; nothing sent.", *late]))
                result.lines.append(f"{sent}; there is nothing left to send.")  # a dry run: no error
                result.warnings += late
                return result
            # A service that finds its send of the edition without the ledger (listmonk) is asked instead.
            remote = getattr(delivery, "finds_sends_remotely", False)
            if not remote and (lost := _sent_without_record(settings, span.key, ledger)):
                if yes:
                    raise NewsletterError(lost + "; nothing sent.")
                result.warnings.append(lost + " (--yes will refuse)")
            result.warnings += [] if remote else shared_log.no_sends_here(settings, span.key)
            elsewhere = _unfinished_elsewhere(ledger, span.key, via, settings.timezone)
            if elsewhere and not resend_uncertain:
                if yes:
                    raise NewsletterError(elsewhere + " (--resend-uncertain sends it anyway)")
                result.warnings.append(elsewhere + " (--yes will refuse; --resend-uncertain sends it anyway)")
            elif elsewhere:
                result.warnings.append(elsewhere + f"; --resend-uncertain: sending it via {via} anyway")
            if uncertain_received and not ledger.unfinished():
                # (given for another edition: it sent this one, never begun, to the whole list)
                unmeant = _nothing_uncertain(span.key)
                if yes:
                    raise NewsletterError(unmeant)
                result.warnings.append(unmeant.replace("nothing recorded or sent", "`--yes` will refuse"))
            if problem:
                raise NewsletterError(problem)
            # a wrong PERIOD: once sent, sent to all. Not asked of a send begun and unfinished: part
            # of the list has it, and --force, the way past, also sends the rest another build
            old = None if ledger.unfinished() else edition_age.behind(settings, span)
            # A test of this very build says the author means it, without --force, which would also
            # send past failed doctor checks (review 11).
            meant = old and any(test.get("content") == built.digest for test in _tests(ledger))
            if old:
                if yes and not force and not meant:
                    raise NewsletterError(
                        f"{old} Nothing sent; if it is, send yourself a test of it (`--test`), then --yes sends it."
                    )
                does = "sending it all the same" if yes else "`--yes` will send it all the same"
                said = "you sent yourself a test of this build: " + does if meant else f"--force: {does}"
                said = said + "." if force or meant else "`--yes` will refuse until you send yourself a test of it."
                result.warnings.append(f"{old} {said}")
                if not (yes or force or meant):
                    result.next_step = "Send yourself a test of it (--test), then run again with --yes."
            if failed and not force and not yes:  # the dry run: what would go, and why it will not yet
                result.warnings.append(
                    f"{built.folder} is not ready for the list: `--yes` will refuse to send it "
                    "(`newsletter doctor` says more; --force sends anyway):\n  "
                    + "\n  ".join(c.message for c in failed)
                )
                result.next_step = (
                    "Fix what the warning above names, then run again with --yes (--force sends it as it is)."
                )
            elif failed and not force:
                raise NewsletterError(
                    f"{built.folder} is not ready for the list; nothing sent "
                    "(`newsletter doctor` says more; --force sends anyway):\n  "
                    + "\n  ".join(c.message for c in failed)
                )
            elif failed:
                sends = "sending" if yes else "`--yes` will send"  # the dry run sends nothing
                result.warnings.append(
                    f"--force: {sends} although {len(failed)} doctor check{'s' if len(failed) > 1 else ''} failed:\n  "
                    + "\n  ".join(c.message for c in failed)
                )
            elif force and not old and not getattr(delivery, "needs_force", lambda job: False)(job):
                # it once meant resending too: say what it does, and what does that now
                result.warnings.append(
                    "--force changes nothing: no doctor check failed (to send again where an "
                    "interrupted run may have sent already, use --resend-uncertain)."
                )
            result.warnings += _late_in_the_one_before(settings, span)
            if not yes:
                result.dry_run = True
                # Added to, not replacing, the warnings so far: the dry run of `--force` must
                # say which failed checks the real send would go past.
                result.lines, planned = plan(job, via, delivery)
                result.warnings += planned
                return result
            # what this send holds, for a later build to compare; a send resumed with the message
            # it began with (SMTP's per-reader send) holds what it held, recorded by its first run
            if (held := _held(built.record or {})) and not getattr(delivery, "resumes_as_begun", lambda _: False)(job):
                ledger.record_entries(*held)
            try:
                result.lines.append(delivery.send(job))
            except KeyboardInterrupt:  # a service that says nothing of its own: what the ledger knows
                raise NewsletterError(
                    f"Interrupted while sending {span.key} via {via}, so it may have gone out. Run the same "
                    "command again: it finds out what went out before it sends, and sends nobody it twice."
                ) from None
            if (
                held
                and (done := ledger.sent())
                and not sent_copy.gone_before(done[1])
                and done[1].get("mode") != "each"
            ):
                # this run sent its build to the whole list (Buttondown or listmonk found it unsent,
                # SMTP's one message to the list): an entry only it held reached every reader
                with contextlib.suppress(NewsletterError):  # unwritten: at worst it names an entry all have
                    ledger.record_entries(*held, to_all=True)
            if done := ledger.sent():  # what went out, kept from the rebuilds that rewrite dist/ after it
                sent_copy.keep(settings, built, ledger, done, result)
        except NewsletterError as error:  # one place where every delivery's message is cleaned
            error.message = _shown(error.message, settings, env)
            raise
    result.lines = [_shown(line, settings, env) for line in result.lines]
    return result


def _shown(text: str, settings: config.Settings, env) -> str:
    """A delivery's message as the terminal shows it: no credential, and no control character
    of what the service answered (a status of '\x1b]0;…' printed in 'is already … on Buttondown'
    was an escape sequence the terminal took for a command)."""
    return untrusted.text(redact.scrub(text, _secrets(settings, env)), None)


def _held(record: dict) -> tuple[list[str], list[str]] | None:
    """The entry files of a build record (None from a version that kept none), and their links,
    the feeds' items: a file renamed after the send still holds a link that went out."""
    entries, items = record.get("entries"), record.get("items")
    if not isinstance(entries, list):
        return None
    items = items if isinstance(items, list) else []
    return entries, [i["url"] for i in items if isinstance(i, dict) and isinstance(i.get("url"), str)]


def added_after_sending(settings: config.Settings, span: Period, data: dict, step: dict) -> list[str]:
    """What to do with each entry of the sent edition `span` that its email did not hold."""
    entries = read.scan_period(settings.entries_dir, span).entries
    shown = {config.shown(entry.path, settings.root): entry.url for entry in entries}
    return late_entries.said(span, data, step, shown, settings)


def _late_in_the_one_before(settings: config.Settings, span: Period) -> list[str]:
    """Entries added to the edition before `span` after it was emailed, as `added_after_sending`
    names them. Written up days later (last Friday's talk, on Monday), such an entry is built
    into no edition `build` makes without a PERIOD, and the send of this one is the last to
    carry it: dated into it, it reaches the list."""
    if span.kind == "year":
        return []
    try:
        # with the days it holds (settings.period): Marco's first week, July 1 to 5, named June 29
        # and 30, emailed in June's edition, as added to it after it went out (formats/built_days.py)
        before = settings.period(late_entries.preceding(span, settings.week_start).key)
    except NewsletterError:  # before the first year a period may name
        return []
    ledger = Ledger.read_only(settings.state_dir / "ledger", before.key)
    sent = ledger.sent() if ledger is not None else None
    return added_after_sending(settings, before, ledger.data, sent[1]) if sent else []


def _built_unsent_before(settings: config.Settings, period: str) -> str | None:
    """The latest edition of `period`'s kind (month or week) before it that is built and that no
    ledger records as sent, for a reminder; read without the ledger's lock, for words only."""
    shape = re.sub(r"\d", r"\\d", period)  # 2026-12 -> \d\d\d\d-\d\d; 2026-W49 keeps its W
    built = sorted(
        folder.name
        for folder in (settings.dist_dir.iterdir() if settings.dist_dir.is_dir() else ())
        if re.fullmatch(shape, folder.name) and folder.name < period and (folder / Outputs.files["eml"]).is_file()
    )
    waiting = [key for key in built if not Ledger.peek(settings.state_dir / "ledger", key)]
    return waiting[-1] if waiting else None


def _sent_without_record(settings: config.Settings, period: str, ledger: Ledger) -> str | None:
    """Why not to send: the copy kept as sent is there, and the ledger knows of no send. A user
    who cleared .newsletter/ (the metadata cache is in it) had the edition sent a second time to
    every reader of a recipients file, SMTP keeping no record of its own, and Buttondown one of its
    own for a day (the idempotency key its email is found by)."""
    copy = settings.dist_dir / period / SENT_COPY
    if ledger.sent() or ledger.unfinished() or not copy.is_file():
        return None
    stamp = dt.datetime.fromtimestamp(copy.stat().st_mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        # (the file's time: a send's, or a `git pull`'s that brought it from the clone that sent it)
        f"{config.shown(copy, settings.root)} is {period} as it went out (the file dates from "
        f"{when(stamp, settings.timezone)}), but the send ledger ({config.shown(ledger.path, settings.root)}) "
        "has no record of that send: was it sent from another clone of this log, or .newsletter/ deleted? "
        "The ledger is what keeps an edition from going out twice. Restore it from a backup; or, if you are "
        f"sure no reader has {period}, delete {config.shown(copy, settings.root)} and run again"
    )


def _unfinished_elsewhere(ledger: Ledger, period: str, via: str, zone: str) -> str | None:
    """Why not to send via `via`: a send by another service began and did not finish, so part
    of the list may have the edition; the other service's subscribers would get it twice."""
    begun = ledger.unfinished()
    if not begun or begun[0] == via:
        return None
    other, record = begun
    return (
        f"{period} began going out via {other} on {when(record.get('intent_at'), zone)} and did not "
        f"finish, so some readers may have it; finish with `newsletter send {period} --via {other} --yes`"
    )


def _nothing_uncertain(period: str) -> str:
    """Why `--uncertain-received` is refused: no send of `period` began and did not finish, so
    there is nobody to record. It is no way to send an edition: given for another (the one an
    interrupted run left unsure, on a train, before the month turned), it sent this one to the
    whole list."""
    return (
        f"--uncertain-received records readers an interrupted send may have reached as having it, and no "
        f"send of {period} began and did not finish: nothing recorded or sent. Name the edition that run "
        f"was sending (`newsletter send PERIOD --uncertain-received --yes`), or leave the option out to "
        f"send {period}."
    )


def _secrets(settings: config.Settings, env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(secret, its user) of every credential the settings name, to hide from any message."""
    s = settings.send
    return [
        (env.get(s.smtp_password_env, ""), env.get(s.smtp_username_env, "")),
        (env.get(s.buttondown_api_key_env, ""), ""),
        (env.get(s.listmonk_password_env, ""), env.get(s.listmonk_username_env, "")),
        (env.get(s.dkim_private_key_env, ""), ""),
    ]


def plan(job: Job, via: str, delivery) -> tuple[list[str], list[str]]:
    """What `send --yes` would do, for the dry run."""
    built = job.built
    lines, warnings = delivery.describe(job)
    sizes = (
        f"message {config.kb(len(built.eml))} (HTML {config.kb(len(built.html.encode()))}, "
        f"text {config.kb(len(built.text.encode()))})"
    )
    tests = _tests(job.ledger)
    last_test = (
        f"last sent to {tests[-1]['to']} via {tests[-1]['via']} on {when(tests[-1]['at'], job.settings.timezone)}"
        if tests
        else f"none yet; try `newsletter send {built.period} --via {via} --test`"
    )
    # A typo fixed after the test, and rebuilt: the test seen is no longer what readers get.
    if tests and tests[-1].get("content") not in (None, built.digest):
        last_test += f", of an earlier build; `newsletter send {built.period} --via {via} --test` shows this one"
    built_at = when((built.record or {}).get("built_at"), job.settings.timezone)
    return [
        f"Would send {built.period} via {via}:",
        f"  Subject: {built.subject}",
        f"  From:    {built.sender}",
        *lines,
        f"  Size:    {sizes}",
        f"  Built:   {built_at}, from the current entries",
        f"  Tests:   {last_test}",
        *_still_running(job.settings, built.period),
    ], warnings


def _tests(ledger: Ledger) -> list[dict]:
    """The test sends recorded in an edition's ledger, oldest first."""
    return [h for h in ledger.data["history"] if h.get("event") == "test"]


def _still_running(settings: config.Settings, period: str) -> list[str]:
    """The dry run's word on an edition sent before its last day. Not a warning: an author who
    sends the week every Friday does so on purpose, and a yellow line each week taught them to
    skip warnings; an entry they do add later is named by every build after the send."""
    span, today = Period.parse(period, settings.week_start), settings.today()
    if today >= span.end:
        return []
    if span.kind == "year":  # (its entries are the months' editions': moved a year, a date would be false)
        return [
            f"  Runs to: {span.end}; an entry you add to {period} after this send reaches the review's blog "
            f"post only (reviewed again), never the list: keep dating what you read as you read it, and its "
            f"month's edition ({late_entries.holding(today, 'month', settings.week_start).key} for now) emails it"
        ]
    after = late_entries.following(span, settings.week_start)
    return [
        f"  Runs to: {span.end}; an entry you add to {period} after this send reaches its blog post only, "
        f"so date what you read after today ({today}) into {after.key}"
    ]


def _test_address(test: str | None, settings: config.Settings) -> str | None:
    if test is None:
        return None
    address = test.strip() or settings.send.test_address.strip()
    if not address:
        raise NewsletterError(
            "--test needs an address: `--test you@example.com`, or set test_address in [send] of newsletter.toml."
        )
    # One address on one line: the test's To header is spliced into the built message, where
    # a line break began a header of its own (`--test $'me@x\r\nBcc: …'`), and a second
    # address showed in To without the message going to it. No encoded word in the address
    # (RFC 2047 allows none there): the email package decoded one, raising ValueError.
    if line_break(address) or len(getaddresses([address])) > 1 or "=?" in parseaddr(address)[1]:
        raise NewsletterError(f"--test {address!r}: give one address, on one line.")
    if "@" not in parseaddr(address)[1]:
        if re.fullmatch(r"\d{4}-(\d{1,2}|[Ww]\d{1,2})", address):  # `send --test 2021-02`
            raise NewsletterError(
                f"--test took {address} for the address; put the period first: `newsletter send {address} --test`."
            )
        raise NewsletterError(f"--test {address}: not an email address.")
    # as test_address is checked: such an address was handed to the server's connection,
    # refused there by our own check and reported as '<server> refused the test to zoë@…'
    if wrong := address_problem(address):
        raise NewsletterError(f"--test {wrong}")
    return address
