"""Entries added to an edition after it was emailed: they reach its blog post, never the list
(nor its web page, which stays the message as sent: publish.write_outputs).

A weekly author sent the week on Wednesday and wrote up Friday's talk dated that Friday: the
build put it in the week's post, `send` said the week was sent, and nothing said the talk
would never reach a reader's inbox. The ledger keeps which entry files the edition was made
of when it went out (recorded with the send's intent, `Ledger.record_entries`); an entry of
the edition now that is not among them is named, with what to do.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
from urllib.parse import unquote

from newsletter.delivery import as_sent
from newsletter.delivery.copy_as_sent import CopyAsSent
from newsletter.delivery.ledger import Ledger, when
from newsletter.models import Period


def added_after(data: dict, entries: dict[str, str | None], copy: CopyAsSent | None = None) -> list[str]:
    """The entries (`entries`: each as messages show it -> its link) that the edition's email did
    not hold. A ledger written before the sent entries were recorded tells by the message as sent
    (`copy`, dist/<PERIOD>/sent.eml), else names none: a file's time cannot tell (a ledger
    restored or copied, a clock set wrong, named every entry as added).
    A file whose link went out is no newcomer: renamed, or moved to its month's folder as a
    build asks, it was named, and dating it into the next edition emailed it twice."""
    kept, links = data.get("entries"), data.get("links")
    if not isinstance(kept, list):
        return _not_in_copy(entries, copy) if copy else []
    went = {link for link in links if isinstance(link, str)} if isinstance(links, list) else set()  # (hand-edited)
    return sorted(name for name, link in entries.items() if name not in kept and link not in went)


def _not_in_copy(entries: dict[str, str | None], copy: CopyAsSent) -> list[str]:
    """The entries whose link the message as sent does not hold (an entry without one cannot
    tell, nor can an edition sent with no copy kept: Buttondown's, listmonk's). Priya's months
    sent before her upgrade had ledgers without their entries, and an entry written into one
    since was named by no build: the copy, kept by every SMTP send, has each link that went out
    (a dead one's archived copy holds it too)."""
    if (shown := copy_text(copy)) is None:
        return []
    return sorted(name for name, link in entries.items() if link and not as_sent.holds(shown, unquote(link)))


def copy_text(copy: CopyAsSent) -> str | None:
    """The text of the copy as sent's parts, its links readable (unescaped, unquoted); None for
    no copy of ours (too big, another edition's, cut short, unreadable), which tells nothing."""
    # (too big is no copy of ours: read in part, it named every link past the cut)
    if (data := copy.data) is None:
        return None
    if as_sent.of_another_edition(data, copy.folder.name):  # (another week's: it named them all)
        return None
    if as_sent.too_many_parts(data):
        return None
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        if any(as_sent.cut_short(part) for part in message.walk()):  # (its links past the cut were named)
            return None
        shown = " ".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")
    except (LookupError, ValueError):
        return None
    return unquote(html.unescape(shown))


def following(period: Period, week_start: str) -> Period:
    """The edition after `period`: where an entry written too late for this one's email goes."""
    return holding(period.end + dt.timedelta(days=1), period.kind, week_start)


def preceding(period: Period, week_start: str) -> Period:
    """The edition before `period` (a month's or a week's): the one whose late entries its send
    is the last chance to carry."""
    return holding(period.start - dt.timedelta(days=1), period.kind, week_start)


def holding(day: dt.date, kind: str, week_start: str) -> Period:
    """The edition of `kind` ("month" or "week") that `day` falls in."""
    if kind == "week":
        return Period.week_of(day, week_start)
    return Period.parse(f"{day:%Y-%m}", week_start)


def sent_holding(day: dt.date, settings) -> tuple[Period, str] | None:
    """The edition holding `day` that was emailed already (its month's, else its week's), and
    when, as messages show it; None if neither was."""
    for kind in ("month", "week"):
        period = holding(day, kind, settings.week_start)
        if sent := Ledger.peek(settings.state_dir / "ledger", period.key):
            return period, when(sent[1].get("done_at"), settings.timezone)
    return None


def unsent_after(period: Period, settings) -> Period:
    """The first edition after `period` that no ledger records as sent: Kofi, told to date a
    late entry into the next week, had sent that week too, where it would have reached no inbox
    either. (Ledgers are finite, so the walk ends.)"""
    after = following(period, settings.week_start)
    while Ledger.peek(settings.state_dir / "ledger", after.key):
        after = following(after, settings.week_start)
    return after


def advice(period: Period, name: str, sent_on: str, week_start: str, after: Period | None = None) -> str:
    """What to say of `name`, an entry added after the edition went out (`sent_on`: when, as
    messages show it): that the list will never get it, and how to get it there (`after`: the
    first edition not sent yet, when that is not the next one)."""
    # A year in review: dating a 2021 reading into 2022 would put a false date in the log; its
    # month's edition, if sent, names it with the way to the list
    if period.kind == "year":
        return (
            f"{name}: added to {period.key} after its review was emailed on {sent_on}, so it will reach "
            "the review's blog post only, never the list"
        )
    nearest = following(period, week_start)
    after = after or nearest
    which = "next edition" if after == nearest else "next edition not yet sent"
    return (
        f"{name}: added to {period.key} after it was emailed on {sent_on}, so it will reach the blog post "
        f"only, never the list; to email it, change its `date:` to one in the {which}, {after.key} "
        f"({after.start} to {after.end}), {_move(name, after)}and build both editions"
    )


def _move(name: str, after: Period) -> str:
    """Where the entry goes once redated: a month's build reads its own folder only, so Ines,
    who redated a November talk into December and left it in entries/2026/11/, was told
    December had no entries. Nothing to say for a week in the folder the entry is in."""
    folders = dict.fromkeys(f"entries/{day:%Y/%m}/" for day in (after.start, after.end))
    if any(name.startswith(folder) for folder in folders):
        return ""
    return f"move it to {' or '.join(folders)} (its new date's month) "


def said(
    period: Period, data: dict, step: dict, entries: dict[str, str | None], settings, copy: CopyAsSent | None = None
) -> list[str]:
    """One line per entry of the sent edition `period` (`entries`: as shown -> its link) that its email
    did not hold, saying what to do (`data`: the edition's ledger; `step`: its completed send;
    `settings`: the workspace's, for its timezone and week; `copy`: its copy as sent, where the
    caller has it already)."""
    sent_on = when(step.get("done_at"), settings.timezone)
    # (a year in review's email shows its favourites and counts, not every entry's link: its copy
    # cannot tell which went out, and named most of the year as added after the send)
    copy = (copy or CopyAsSent(settings.dist_dir / period.key)) if period.kind != "year" else None
    late = added_after(data, entries, copy)
    after = unsent_after(period, settings) if late and period.kind != "year" else None
    return [advice(period, name, sent_on, settings.week_start, after) for name in late]


def say_grown_after_send(result, dates: dict, settings) -> None:
    """Warn, in an import's `result`, of each entry it added highlights to (`result.appended`;
    `dates`: each entry's date, by path) whose edition was emailed already: only its blog post
    shows them."""
    from newsletter.config import counted, shown

    if result.dry_run:
        return
    for path, count in result.appended.items():
        if (day := dates.get(path)) and (sent := sent_holding(day, settings)):
            result.warnings.append(
                f"{shown(path)}: {counted(count, 'highlight')} added to an entry of {sent[0].key}, "
                f"emailed on {sent[1]}: they reach its blog post only, never the list"
            )
