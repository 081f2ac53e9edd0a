"""What a per-reader SMTP send that stopped short says: how far it went, who may have the
edition (a reader whose message the server was taking when the connection went), and what the
next run does. Every such stop is an error (exit status 1): the list has not all had it yet."""

from __future__ import annotations

from newsletter.delivery.job import Job
from newsletter.delivery.ledger import UNSURE
from newsletter.delivery.smtp_connection import Connection, MaybeSent
from newsletter.delivery.smtp_recipients import some
from newsletter.errors import NewsletterError

UNANSWERED_STOP = 3  # messages in a row that may have gone, unanswered: the run stops rather than guess on


def again(job: Job, when: str = "") -> str:
    """ "run the same command again", the way on after a stop, without the option for readers left
    unsure where this run was given one: the run given --resend-uncertain for a reader checked by
    hand left another unsure and said to run the same command again, which sent that one the
    edition a second time (--uncertain-received: recorded them as having it), unchecked (review 35)."""
    flag = "--resend-uncertain" if job.resend_uncertain else "--uncertain-received" if job.uncertain_received else ""
    return f"run the same command again{when}" + (f", without {flag}," if flag else "")


def sent_to(recipients, states: dict[str, str]) -> int:
    """How many of `recipients` the server took the edition from, by their `states` (address: state)."""
    return sum(states.get(address.lower()) == "done" for _, address in recipients)


def unsure_so_far(recipients, states: dict[str, str]) -> str:
    """Who this run left unsure before it stopped, for its last word: a connection that dropped
    while the server took reader 11, and then could not be made again, ended "Stopped after 10 of
    20 recipients; run the same command again", reader 11 named nowhere (new user 54, a train)."""
    unsure = [a for _, a in recipients if states.get(a.lower()) in UNSURE]
    if not unsure:
        return ""
    return (
        f" {some(unsure)} may have it already (the connection dropped while the server took it): skipped "
        "unless, once you have checked, you run again with --resend-uncertain (or, if they did get it, "
        "--uncertain-received)."
    )


def unanswered(job: Job, where: str, recipients, states: dict[str, str], lost: MaybeSent) -> NewsletterError:
    """A server that takes each message and answers after the timeout (a slow spam scan) made
    every reader "may have it": the run went on for hours, one timeout a reader, and left the
    whole list uncertain, though the server had delivered every one."""
    unsure = [a for _, a in recipients if states.get(a.lower()) in UNSURE]
    sent = sent_to(recipients, states)
    # The last three of the list unanswered: "stopped after" and "continue with the rest" sent
    # the author to a run that had no one left to send to, and said "Sent P to 0 of 3".
    left = any(states.get(a.lower()) not in UNSURE | {"done", "refused"} for _, a in recipients)
    where_now = f"so stopped after {sent}" if left else f"the last of the list; it went to {sent}"
    then = f"then {again(job)} to continue with the rest" if left else "before the next edition"
    return NewsletterError(
        f"{where} took {UNANSWERED_STOP} messages in a row without answering ({lost or 'no answer'}), "
        f"{where_now} of {len(recipients)} recipients. {some(unsure)} may have it: skipped unless, "
        f"once you have checked, you run again with --resend-uncertain. If the server is slow to accept mail, "
        f"raise timeout in [send] (now {job.settings.send.timeout:g} s), {then}."
    )


def endless(smtp: Connection, address: str, recipients, states: dict[str, str], lost) -> NewsletterError:
    """A server whose answer to a message did not end: the run stops there, as it would again."""
    sent = sent_to(recipients, states)
    return NewsletterError(
        f"{smtp.lost(f'the message to {address}', lost)}. Stopped after {sent} of {len(recipients)} recipients; "
        f"{address} may have it: skipped unless, once you have checked, you run again with --resend-uncertain. "
        "Check that smtp_host and smtp_port in [send] name its mail submission service, or tell its administrator."
    )


def interrupted(job: Job, recipients, states: dict[str, dict]) -> NewsletterError:
    """Where a send stopped by ^C stands, and what the next run will do."""
    period, total = job.built.period, len(recipients)
    state = {a: states.get(a.lower(), {}).get("state") for _, a in recipients}
    sent = sum(s == "done" for s in state.values())
    unsure = [a for a, s in state.items() if s in UNSURE]
    left = sum(s not in UNSURE | {"done", "refused"} for s in state.values())
    message = f"Interrupted: {period} went to {sent} of {total} recipients."
    if unsure:
        message += (
            f" {some(unsure)} may have it already (the server was taking it): skipped unless, once you "
            "have checked, you run again with --resend-uncertain."
        )
    if not left:  # stopped at the last one: "again to send it to the other 0" sent the author to a run with no one
        return NewsletterError(message + " Nobody else is left to send it to.")
    return NewsletterError(
        message + f" Run `newsletter send {period} --yes` again to send it to the other {left}; nobody gets it twice."
    )
