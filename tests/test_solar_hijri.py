"""The Solar Hijri calendar a Persian log dates its days in (formats/solar_hijri.py), checked
against the days Iran's calendar gives: Nowruz on either side of the equinox's noon, Esfand's
30th in a leap year, and days whose Solar Hijri date everyone knows."""

import datetime as dt

import pytest

from newsletter.formats.solar_hijri import nowruz, solar_day


@pytest.mark.parametrize(
    "year, day",
    [
        (1357, dt.date(1978, 3, 21)),
        (1399, dt.date(2020, 3, 20)),  # the equinox at 07:19 in Tehran: Nowruz that day
        (1400, dt.date(2021, 3, 21)),  # at 13:07, after noon: Nowruz the next day
        (1403, dt.date(2024, 3, 20)),
        (1404, dt.date(2025, 3, 21)),
        (1405, dt.date(2026, 3, 21)),
        (1408, dt.date(2029, 3, 20)),
    ],
)
def test_a_year_begins_at_nowruz(year, day):
    assert nowruz(year) == day
    assert solar_day(day) == (year, 1, 1)
    assert solar_day(day - dt.timedelta(days=1)).year == year - 1


@pytest.mark.parametrize(
    "date, said",
    [
        (dt.date(2026, 12, 3), (1405, 9, 12)),  # 12 Azar 1405, the day Dariush wrote his notes
        (dt.date(1979, 2, 11), (1357, 11, 22)),  # 22 Bahman 1357
        (dt.date(2025, 3, 20), (1403, 12, 30)),  # Esfand's 30th: 1403 is a leap year
        (dt.date(2024, 3, 19), (1402, 12, 29)),  # and 1402 is not
        (dt.date(2026, 9, 22), (1405, 6, 31)),  # the last of the six months of 31 days
        (dt.date(2026, 9, 23), (1405, 7, 1)),
        (dt.date(2020, 6, 21), (1399, 4, 1)),  # 1 Tir 1399
    ],
)
def test_a_day_is_its_solar_hijri_day(date, said):
    assert solar_day(date) == said


def test_every_day_follows_the_one_before():
    """Three centuries of days, each the day after the one before: no day skipped or said twice
    at a month's end, a year's, or a break in the leap years' pattern."""
    day, before = dt.date(1900, 1, 1), solar_day(dt.date(1900, 1, 1))
    while day < dt.date(2200, 1, 1):
        day += dt.timedelta(days=1)
        said = solar_day(day)
        same_month = said == (before.year, before.month, before.day + 1)
        next_month = said == (before.year, before.month + 1, 1) and before.day in (29, 30, 31)
        next_year = said == (before.year + 1, 1, 1) and before.month == 12
        assert same_month or next_month or next_year, (day, before, said)
        before = said


def test_a_solar_hijri_date_is_its_common_era_day():
    """What a page's date says (links/dates.py), back to the Common Era: every day of a century,
    and no day a month lacks (Esfand's 30th of a common year, a 31st after the sixth month)."""
    from newsletter.formats.solar_hijri import common_day

    day = dt.date(1990, 1, 1)
    while day < dt.date(2090, 1, 1):
        assert common_day(*solar_day(day)) == day
        day += dt.timedelta(days=1)
    assert common_day(1403, 12, 30) == dt.date(2025, 3, 20)
    assert common_day(1404, 12, 30) is None
    assert common_day(1405, 7, 31) is None
    assert common_day(1405, 13, 1) is None
