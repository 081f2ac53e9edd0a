"""The edition before the current one, named when a build of the current one finds no entries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from newsletter import config, read
from newsletter.errors import NoEntries
from newsletter.models import Period


@contextmanager
def named_if_empty(settings: config.Settings, span: Period) -> Iterator[None]:
    """A build of `span` that finds no entries says so; when `span` is the current edition (the
    one a build without a PERIOD takes, however the launcher passes it on), it also names the
    edition before, if that one has entries."""
    try:
        yield
    except NoEntries as error:
        error.message += word_on(settings, span)
        raise


def word_on(settings: config.Settings, span: Period) -> str:
    """A cron job at 00:00 on Monday (or the 1st) means the week (or month) just ended, and a build
    without a PERIOD takes the one just begun. Nothing for another period, or when the edition
    before has no entries either."""
    if span.key != settings.period(None).key:
        return ""
    before = settings.period("last")
    count = len(read.scan_period(settings.entries_dir, before).entries)
    if not count:
        return ""
    return (
        f" ({span.key} is the current edition, begun {span.start}; the one before, {before.key}, has "
        f"{config.counted(count, 'entry')}: `newsletter build last`.)"
    )
