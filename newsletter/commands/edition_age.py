"""Whether the edition `send` is asked for is an old one: two editions or more behind the log's
latest entry. `send 2025-11 --yes` for 2026-11, or 2023-04 from a four-year import, went to the
whole list without a word, and a send cannot be taken back.

Measured against the log, not the calendar: an author back from a year away sends the edition
of their latest entries, however long ago, and is not stopped. The edition before the newest is
not old either: a month's edition goes out in the first days of the next.
"""

from __future__ import annotations

import datetime as dt

from newsletter import config, read
from newsletter.delivery import late_entries
from newsletter.models import Period


def behind(settings: config.Settings, span: Period, today: dt.date | None = None) -> str | None:
    """Why `span` may not be the edition meant (it is old), or None. A year in review is
    never old: it is sent when its year is over."""
    if span.kind == "year":
        return None
    today = today or settings.today()
    dates = [saved.date for saved in read.scan_archive(settings.entries_dir)[0] if saved.date <= today]
    if not dates:
        return None
    latest = max(dates)  # (a date in the future, mistyped, is not where the author is)
    newest = late_entries.holding(latest, span.kind, settings.week_start)
    if span.start >= late_entries.preceding(newest, settings.week_start).start:
        return None
    days = (latest - span.end).days
    return (
        f"{span.key} is an old edition: your log's latest entry, of {latest:%Y-%m-%d}, is in {newest.key}, "
        f"{config.counted(days, 'day', 'days')} after {span.key} ended. Is {span.key} the edition you mean?"
    )
