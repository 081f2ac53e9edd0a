"""A period typed with the Buddhist Era's year, as a Thai log's titles write it ('2569-12' for
December 2026): no entry is ever dated in one (fields.parse_date refuses such a day and names its
Common Era's), so its build said only "No entries", and told her to file them under entries/2569/.
Which period was meant, and what to type. And one typed in the Solar Hijri calendar, as a Persian
log's week titles date its days ('1405-09', Azar 1405): the Common Era's periods it spans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from newsletter import config
from newsletter.errors import NewsletterError
from newsletter.formats.language_tag import primary
from newsletter.formats.solar_hijri import IRAN_MONTHS, common_day, nowruz, solar_day
from newsletter.models import Period

# How many entries a period holds in an entries folder (read.entries_held): given by the caller,
# as reading entries is the pipeline's, above formats/
Held = Callable[[Path, Period], int]


def common_era_period(span: Period, week_start: str = "monday") -> Period | None:
    """`span` with its year read as the Buddhist Era's, where it is one past next year that Era
    counts (2569-12 -> 2026-12, 2569-W49 -> 2026-W49, 2569 -> 2026); else None."""
    from newsletter.links.date_values import common_era  # (here: a list with entries needs none of it)

    year = int(span.key[:4])
    if (meant := common_era(year)) == year:
        return None
    try:
        return Period.parse(f"{meant:04d}{span.key[4:]}", week_start)
    except NewsletterError:  # 2570-W53: 2027 has no week 53
        return None


def common_era_hint(settings: config.Settings, span: Period, command: str, held: Held) -> str:
    """What to type for `span` in the Common Era, with how many entries that period holds (`held`
    counts them); "" for a period of a year no era confuses, or of none in a log not in Thai."""
    meant = common_era_period(span, settings.week_start)
    if meant is None:
        return solar_hijri_hint(settings, span, command, held)
    count = held(settings.entries_dir, meant)
    # In a log not in Thai, 2520 is a typo (2025 backwards), not the Buddhist Era's 1977: where
    # neither period holds an entry, naming that Era said only nonsense (review 25)
    if not count and "th" not in {primary(settings.language), primary(settings.site.date_language)}:
        return ""
    said = f"{span.key[:4]} is the Buddhist Era's year {meant.key[:4]}, and entries are dated in the Common Era: "
    if not count:
        return said + f"{meant.key} has no entries either."
    return said + f"`newsletter {command} {meant.key}` for its {config.counted(count, 'entry', 'entries')}."


def solar_hijri_hint(settings: config.Settings, span: Period, command: str, held: Held) -> str:
    """What to type for a month or year of the Solar Hijri calendar typed as a period in a Persian
    log: Dariush's `build 1405-09` said only "No entries for 1405-09" and to file them in
    entries/1405/09/; "" for any other log, period or year."""
    year = int(span.key[:4])
    persian = "fa" in {primary(settings.language), primary(settings.site.date_language)}
    if not persian or span.kind == "week" or not 1300 <= year <= solar_day(dt.date.today()).year + 1:
        return ""
    if span.kind == "year":
        first, last, named = nowruz(year), nowruz(year + 1) - dt.timedelta(days=1), "year"
    else:
        month = int(span.key[5:7])
        first = common_day(year, month, 1)
        last = common_day(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        named = f"month {IRAN_MONTHS.split()[month - 1]} {year}"
    keys = dict.fromkeys(str(day.year) if span.kind == "year" else f"{day:%Y-%m}" for day in (first, last))
    counts = {key: held(settings.entries_dir, Period.parse(key)) for key in keys}
    # only a period that holds entries: `build 2026-04` (0 entries) was one more "No entries"
    typed = [f"`newsletter {command} {k}` ({config.counted(n, 'entry', 'entries')})" for k, n in counts.items() if n]
    said = f"{span.key} is the Solar Hijri {named}, {first} to {last}, and entries are dated and editions made in "
    if not typed:
        return said + f"the Common Era, where {' and '.join(keys)} hold none either."
    return said + f"the Common Era: {' and '.join(typed)}."
