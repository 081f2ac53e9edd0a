"""The Solar Hijri calendar, Iran's and Afghanistan's: the day of it a Common Era date is.

Its year begins at Nowruz, the day of the March equinox in Tehran (the equinox before noon
there, else the day after it); its first six months have 31 days, the next five 30, the last
29, or 30 in a leap year. Which years are leap is not a fixed cycle: the breaks below are the
years where the 33-year pattern shifts, as Borkowski's arithmetic gives them (K. M. Borkowski,
"The Persian calendar for 3000 years", Earth, Moon and Planets 74, 1996; the jalaali libraries
use the same table), right from year -61 to 3177 of the calendar. Nothing is read from the
system, so a build gives the same words on every machine.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

# The years (of the Solar Hijri calendar) where the leap years' 33-year pattern shifts
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178)


# The months as Iran names them, and as Afghanistan does, by the zodiac (CLDR's fa and fa_AF)
IRAN_MONTHS = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"
AFGHAN_MONTHS = "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت"
# A month's name as pages print it -> its number; with Arabic's ي and ك, which many Persian pages
# type for Persian's ی and ک (an Arabic keyboard's, or an old system's): "۱۲ دي ۱۴۰۵"
MONTHS = {name: n for names in (IRAN_MONTHS, AFGHAN_MONTHS) for n, name in enumerate(names.split(), 1)}
_PERSIAN_LETTERS = str.maketrans("يك", "یک")


def month_named(word: str) -> int | None:
    """The number of the Solar Hijri month `word` names, either letters; None for another word."""
    return MONTHS.get(word.translate(_PERSIAN_LETTERS))


class Day(NamedTuple):
    year: int
    month: int  # 1 Farvardin ... 12 Esfand
    day: int


def _div(a: int, b: int) -> int:
    """Division truncated toward zero, as Borkowski's arithmetic divides (Python's // floors)."""
    return int(a / b)


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def nowruz(year: int) -> dt.date:
    """The Common Era day of 1 Farvardin of Solar Hijri `year`."""
    leap_years, first, jump = -14, _BREAKS[0], 0
    for following in _BREAKS[1:]:
        jump = following - first
        if year < following:
            break
        leap_years += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        first = following
    into = year - first
    leap_years += _div(into, 33) * 8 + _div(_mod(into, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - into == 4:
        leap_years += 1
    common_year = year + 621
    gregorian_leap_years = _div(common_year, 4) - _div((_div(common_year, 100) + 1) * 3, 4) - 150
    return dt.date(common_year, 3, 20 + leap_years - gregorian_leap_years)


def solar_day(date: dt.date) -> Day:
    """The Solar Hijri day of `date`: 2026-12-03 is 12 Azar 1405."""
    year = date.year - 621
    start = nowruz(year)
    if date < start:
        year -= 1
        start = nowruz(year)
    into = (date - start).days
    if into < 186:  # the six months of 31 days
        return Day(year, into // 31 + 1, into % 31 + 1)
    into -= 186
    return Day(year, into // 30 + 7, into % 30 + 1)  # the five of 30 days, then Esfand's 29 or 30


def common_day(year: int, month: int, day: int) -> dt.date | None:
    """The Common Era day of a Solar Hijri date; None for a day its month does not have."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    date = nowruz(year) + dt.timedelta(days=(month - 1) * 31 - max(0, month - 7) + day - 1)
    return date if solar_day(date) == (year, month, day) else None  # (30 Esfand of a common year)


def written_day(year: str, month: str, day: str) -> dt.date | None:
    """The Common Era day of a Solar Hijri date as a page prints it, in any digits ("۱۲ آذر ۱۴۰۵":
    Dariush's Persian articles had no date); None where `month` names no month of it."""
    number = month_named(month)
    return common_day(int(year), number, int(day)) if number else None
