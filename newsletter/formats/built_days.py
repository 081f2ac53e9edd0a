"""The days an edition holds, as the editions built already left them: one day, one edition.

A log whose cadence or week's first day changed has editions that share days: Marco wrote monthly
until June and weekly from July, and his first week, 2026-W27, was Monday June 29 to Sunday July 5,
whose two June days June's edition had already emailed; in October he moved `week_start` to Sunday,
and the next build of 2026-W41, sent as Monday October 5 to Sunday October 11, would have been
Sunday October 4 to Saturday October 10 (new user 57). So:

- an edition keeps the days it was built with (its build record's `days`), but for those of an
  edition emailed while it was not (W27 built on July 2, June sent on July 3);
- one built for the first time leaves out, at either end, the days an edition built before it holds:
  W27 is July 1 to 5, and the first Sunday week, W42, Monday October 12 to Saturday October 17. A
  month holds its days against a week (and a week against a month) only once emailed: one built,
  not sent, is the author's to build again either way, and a week inside a month stays whole;
- a record from before `days` was recorded holds its period's days, a week's by the week_start that
  holds every entry it published (Monday's, for a week built before the move to Sunday), and of two
  such records the one that begins first keeps the days they share.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from newsletter.errors import NewsletterError
from newsletter.files.derived import derived
from newsletter.formats.written_json import json_object_in  # (a record this process wrote: not read again)
from newsletter.models import Outputs, Period

_DAY = dt.timedelta(days=1)
# A ledger holds a record of each step of an edition's sends (a few KB): one past this was not
# written by the tool, and read as no ledger, as a folder by its name is (delivery/ledger.py's)
_LARGEST_LEDGER = 4 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Held:
    start: dt.date
    end: dt.date
    recorded: bool  # its record says its days; else they are its period's as parsed now
    kind: str
    sent: bool  # emailed (its copy as sent kept, or its record says so)


def as_built(span: Period, dist_dir: Path, week_start: str, ledgers: Path | None = None) -> Period:
    """`span` with the days it holds: those it was built with, or, never built with a record of
    them, its own without those of the editions built before it beside it. `ledgers`: the send
    ledgers' folder, where an edition Buttondown had sent before the run that found it keeps its
    send (no copy as sent is kept of it)."""
    if span.kind not in ("month", "week"):
        return span  # (a year's review counts its months or weeks, whatever they hold)
    built = {key: held for key in _keys_beside(span) if (held := _held(key, dist_dir, week_start, ledgers))}
    own = built.pop(span.key, None)
    kept = own is not None and own.recorded
    days = (own.start, own.end) if own is not None else (span.start, span.end)
    start, end = days
    holders = []
    for key, other in sorted(built.items(), key=lambda item: item[1].start):
        if other.end < start or other.start > end:
            continue
        if kept and not (other.sent and not own.sent):
            continue  # its days as built, but not those of an edition emailed since, while it was not
        if other.kind != span.kind and not other.sent:
            continue  # a month built, not sent, then told week by week (or back): the author's to choose
        if own is not None and not kept and not other.recorded and other.start >= own.start:
            continue  # both built before days were recorded: the one that begins first keeps them
        if other.start <= start or other.end >= end:
            holders.append(key)
        if other.start <= start:
            start = other.end + _DAY
        elif other.end >= end:
            end = other.start - _DAY
    if start > end:  # August told week by week, and the weeks emailed: building it would email them again
        raise NewsletterError(
            f"{span.key} ({days[0]} to {days[1]}) has no day of its own: {_listed(holders)}, built before it, "
            "hold them, and an entry goes in one edition only; its entries are in those. Build an edition of "
            "days after them."
        )
    return dataclasses.replace(span, start=start, end=end)


def _listed(keys: list[str]) -> str:
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} and {keys[-1]}"


def left_out(span: Period, dist_dir: Path, week_start: str) -> str:
    """What a build of `span` says of the days it leaves to editions built before it, once: when
    they are fewer than its last build's (or, built first, its period's); "" when it holds those."""
    whole = Period.parse(span.key, week_start)
    held = _held(span.key, dist_dir, week_start)
    before = (held.start, held.end) if held is not None else (whole.start, whole.end)
    if (span.start, span.end) == before:
        return ""
    days = [before[0] + dt.timedelta(days=n) for n in range((before[1] - before[0]).days + 1)]
    others = [
        key
        for key in sorted(_keys_beside(whole) - {span.key})
        if (other := _held(key, dist_dir, week_start))
        and any(other.start <= day <= other.end and day not in span for day in days)
    ]
    return (
        f"{span.key} holds {span.start} to {span.end}, not {before[0]} to {before[1]}: "
        f"{' and '.join(others) or 'an edition built before it'} holds the other days, and an entry goes in "
        "one edition only; the entries dated on them stay there (`newsletter list` shows what each holds)"
    )


def days_of(span: Period) -> list[str]:
    """What a build record keeps of its edition's days ([first, last], ISO)."""
    return [span.start.isoformat(), span.end.isoformat()]


def _send_begun(ledger: Path) -> bool:
    """Whether the ledger (delivery/ledger.py) records a real send done or begun: some of the list
    may have the edition. Read as a note, without its lock, as Ledger.peek reads it."""
    steps = (json_object_in(ledger, _LARGEST_LEDGER) or {}).get("steps")
    return isinstance(steps, dict) and any(
        name.endswith(".send") and isinstance(step, dict) and step.get("state") in ("done", "intent")
        for name, step in steps.items()
    )


def _keys_beside(span: Period) -> set[str]:
    """The months and weeks whose days may overlap `span`'s, whatever day their weeks began on:
    only their records are read, not every edition's (`build PERIOD` up to date takes milliseconds)."""
    days = [span.start + dt.timedelta(days=n) for n in range(-7, (span.end - span.start).days + 8)]
    # (each day's Monday week named by its ISO week, as Period.week_of names it: 45 Periods made
    # and parsed for a month were 0.24 ms of every build)
    weeks = {Period.week_key(day) for day in days}
    return weeks | {f"{day.year:04d}-{day.month:02d}" for day in days} | {span.key}


def _held(key: str, dist_dir: Path, week_start: str, ledgers: Path | None = None) -> Held | None:
    name = os.path.join(dist_dir, key, Outputs.build_record)
    try:
        summary = derived(name, os.stat(name), _summary)
    except OSError:
        return None
    if summary is None:
        return None
    days, kind, sent, dated = summary
    sent = sent or (dist_dir / key / Outputs.sent_copy).is_file()
    sent = sent or ledgers is not None and _send_begun(ledgers / f"{key}.json")
    try:
        first, last = (dt.date.fromisoformat(day) for day in days)
        if first <= last and _could_hold(key, first) and _could_hold(key, last):
            return Held(first, last, True, kind, sent)
    except (TypeError, ValueError):
        pass  # built before days were recorded (or the record damaged): its period's, as below
    try:
        period = Period.parse(key, week_start)
    except NewsletterError:
        return None
    if period.kind == "week":  # built by a version before week_start changed: the week its entries date
        weeks = (period, *(Period.parse(key, weekday) for weekday in Period.weekdays))
        period = next((week for week in weeks if all(str(week.start) <= day <= str(week.end) for day in dated)), period)
    return Held(period.start, period.end, False, period.kind, sent)


def _could_hold(key: str, day: dt.date) -> bool:
    """Whether an edition named `key` could have been built holding `day`: a month its own days, a
    week those of its ISO week begun on any weekday (the Monday's six before to its Sunday). An
    edition's days are only ever its period's less some (as_built), so a record claiming others
    was written by hand or by another tool: a May record holding 0001-01-01 to 9999-12-31 refused
    every later build of the year as having "no day of its own" (attack 35), or ended it in an
    OverflowError a day past 9999-12-31."""
    if "-W" not in key:
        return key == f"{day.year:04d}-{day.month:02d}"
    return key in (Period.week_key(day), Period.week_key(day + 6 * _DAY))


def _summary(name: str) -> tuple | None:
    """What `_held` reads of a build record: its days, kind, whether it says it was sent, and its
    items' dates. Made once a process while the file stays as it is (files/derived.py): every
    build looks at a dozen records beside its edition, and parsing its own 77 KB record each time
    was ~0.2 ms of each, several times a build."""
    record = json_object_in(name)
    if record is None:
        return None
    items = record.get("items")
    items = items if isinstance(items, list) else ()  # (a number there was a TypeError, a traceback)
    dated = tuple(str(item.get("date")) for item in items if isinstance(item, dict))
    # (emailed: what the list got, an object, as publish.write_build_record keeps it; a record
    # saying `"sent": false` by hand or another tool is no send, where its mere key was one)
    return record.get("days"), record.get("kind", ""), isinstance(record.get("sent"), dict), dated
