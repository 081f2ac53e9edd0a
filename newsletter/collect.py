"""Stage 2, collect: the entries of one period -> an `Edition`, grouped into sections."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from newsletter.config import WEEKDAYS, Settings
from newsletter.errors import NewsletterError
from newsletter.models import Edition, Entry, Period, Section
from newsletter.read import Editorial

PERIOD_HELP = "a month like 2021-02 or a week like 2020-W28"


def parse_period(text: str | None, week_start: str = "monday", today: dt.date | None = None) -> Period:
    """'2021-02' -> that month; '2020-W28' -> ISO week 28, shifted to start on `week_start`.

    A Sunday-first week keeps the ISO week's number but starts the day before its Monday,
    so 2020-W28 is Sunday July 5 to Saturday July 11.
    """
    today = today or dt.date.today()
    text = (text or f"{today:%Y-%m}").strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise NewsletterError(f"Period '{text}': there is no month {month}; give {PERIOD_HELP}.")
        _check_year(text, year)
        last = calendar.monthrange(year, month)[1]
        return Period(f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1), dt.date(year, month, last))
    if match := re.fullmatch(r"(\d{4})-?[Ww](\d{1,2})", text):
        year, week = int(match[1]), int(match[2])
        _check_year(text, year)
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise NewsletterError(f"Period '{text}': {year} has no week {week}; give {PERIOD_HELP}.")
        start = monday - dt.timedelta(days=_days_before_monday(week_start))
        return Period(f"{year:04d}-W{week:02d}", "week", start, start + dt.timedelta(days=6))
    raise NewsletterError(f"Period '{text}' is not {PERIOD_HELP}.")


# Python's dates end at years 1 and 9999; a week at either edge would spill past them.
FIRST_YEAR, LAST_YEAR = 2, 9998


def _check_year(text: str, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NewsletterError(f"Period '{text}': the year must be between {FIRST_YEAR:04d} and {LAST_YEAR}; "
                              f"give {PERIOD_HELP}.")


def week_of(day: dt.date, week_start: str = "monday") -> Period:
    """The week holding `day`, for `newsletter new` and friends."""
    start = day - dt.timedelta(days=(day.weekday() - WEEKDAYS.index(week_start.lower())) % 7)
    # A week is named by the ISO week of the Monday it holds: parse_period's inverse.
    year, week, _ = (start + dt.timedelta(days=_days_before_monday(week_start))).isocalendar()
    return parse_period(f"{year}-W{week:02d}", week_start)


def _days_before_monday(week_start: str) -> int:
    """How many days a week starting on `week_start` begins before its Monday (Sunday: 1)."""
    return (7 - WEEKDAYS.index(week_start.lower())) % 7


def collect(entries: list[Entry], editorial: Editorial, period: Period, settings: Settings) -> Edition:
    entries = sorted(entries, key=lambda e: (e.date, e.path.name))
    mine = [e for e in entries if e.type == "mine"]
    # Sections in the order the editorial file lists them, then in order of first appearance.
    order = list(editorial.sections)
    for entry in entries:
        if entry.type != "mine" and entry.section_name not in order:
            order.append(entry.section_name)
    sections = [Section(name, [e for e in entries if e.type != "mine" and e.section_name == name])
                for name in order]
    title = editorial.title or default_title(period, settings)
    return Edition(
        period=period,
        sections=[s for s in sections if s.entries],
        mine=mine,
        title=title,
        subject=editorial.subject or f"{settings.name}: {title}",
        subtitle=editorial.subtitle,
        intro=editorial.intro,
        outro=editorial.outro,
        tags=editorial.tags or _common_tags(entries),
    )


def default_title(period: Period, settings: Settings) -> str:
    def day(d: dt.date) -> str:
        return f"{d:%B} {d.day}"

    if period.kind == "month":
        return settings.site.monthly_title.format(
            month=f"{period.start:%B}", year=period.start.year, period=period.key)
    return settings.site.weekly_title.format(
        start=day(period.start), end=day(period.end), year=period.end.year, period=period.key)


def _common_tags(entries: list[Entry], limit: int = 8) -> list[str]:
    """The edition's tags: the entries' own, most used first, ties in order of appearance."""
    counts: dict[str, int] = {}
    for entry in entries:
        for tag in entry.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda t: -counts[t])[:limit]
