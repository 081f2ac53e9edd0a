"""Dates as pages write them (ISO 8601, RFC 2822, "January 29, 2021", 2021年1月29日, 29.01.2021,
a Buddhist Era year) -> ISO 8601, or None: a single metadata value's cleaner, as those of values.py."""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar

from newsletter.links.values import clean_text

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_ISO = re.compile(
    r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?|(\d{2})(\d{2}))?"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{1,2}[:.]?\d{2}|UTC|GMT)?)?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_MDY = re.compile(_WEEKDAY + r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b.*", re.I)
_DMY = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})\b.*", re.I)
# C's asctime, which some CMSs print into article:published_time: "Tue May 24 05:55:00 2016"
_ASCTIME = re.compile(_WEEKDAY + r"([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})", re.I)
# 2021年1月29日; Korean writes 년 월 일 where Japanese and Chinese write 年 月 日, or "2021. 1. 29.",
# each part followed by a dot (and a space, but for the last)
_CJK = re.compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일].*|(\d{4})\.\s(\d{1,2})\.\s(\d{1,2})\.(?!\d).*"
)
_NUMERIC_DMY = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")
_RFC2822 = re.compile(
    r"(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|[a-z]{1,5})?", re.I
)


# Thai pages date themselves in the Buddhist Era, 543 years ahead ("2569-12-05" in a JSON-LD
# datePublished, "25/12/2569"): no other calendar in use counts years from 2443 to next year's
# 543 on, so such a year is read as that Era's wherever it stands, and Ploy's Thai article had no date
BUDDHIST_ERA = 543
# ... on a page with Thai in it (extract.py says which, page by page): a page in English or any
# other language counts such years in the Common Era, and Halo's wiki dated a battle of 2552 on
# a 'Date' line, which was read as the page's own of 2009 (review 23); as was an 'SKU 2567-10-15'
buddhist_era_read: ContextVar[bool] = ContextVar("buddhist_era_read", default=True)
# Thai letters, marks and digits, as a str or UTF-8 holds them (a page may reach the parser as either)
_THAI = re.compile("[\u0e01-\u0e5b]")
_THAI_UTF8 = re.compile(rb"\xe0\xb8[\x81-\xbf]|\xe0\xb9[\x80-\x9b]")


def may_count_buddhist_era(page: str | bytes) -> bool:
    """Whether a page's source has Thai in it, so that its years may be the Buddhist Era's: in its
    first 200,000 characters or bytes, where a Thai page's title and headline are (a whole page's
    search took 20 ms of a 2 MB page's text, not yet read and the same for every page)."""
    return bool((_THAI_UTF8 if isinstance(page, (bytes, bytearray)) else _THAI).search(page, 0, 200_000))


def common_era(year: int) -> int:
    """`year` of the Common Era: a year of the Buddhist Era from 1900's (2443) to next year's as
    the Common Era's, where the text read may count them (buddhist_era_read); any other as it is."""
    next_year = dt.date.today().year + 1
    if year > next_year and 1900 <= year - BUDDHIST_ERA <= next_year and buddhist_era_read.get():
        return year - BUDDHIST_ERA
    return year


def yaml_timestamp(loader, node) -> dt.date:
    """A date or time in front matter, as PyYAML's SafeLoader makes it (fields.yaml_typed), but a
    time zone's offset that is none said in words: past a day (+25:00), Python's words were "offset
    must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not
    datetime.timedelta(days=1, seconds=3600)", and one of 99 minutes (+05:99) was taken as +06:39
    without a word. A ValueError, which the reader reports on the key's line (impossible_dates)."""
    from yaml.constructor import SafeConstructor

    found = loader.timestamp_regexp.match(node.value)
    if found and found["tz_sign"] and (int(found["tz_hour"]) > 23 or int(found["tz_minute"] or 0) > 59):
        written = node.value[found.start("tz_sign") :]
        raise ValueError(
            f"no time zone is {written} from UTC; write its offset as +HH:MM or -HH:MM, at most 23:59, "
            f"like {node.value[: found.start('tz')].rstrip()}+01:00, or leave out the time"
        )
    return SafeConstructor.construct_yaml_timestamp(loader, node)


def _valid(year: int, month: int = 1, day: int = 1) -> dt.date | None:
    """A real calendar date in a plausible range, or None (1900 .. next year, or those years of the
    Buddhist Era)."""
    year = common_era(year)
    if not 1900 <= year <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_iso(m: re.Match) -> str | None:
    year, month, day, cmonth, cday, hh, mm, ss, tz = m.groups()
    month, day = month or cmonth, day or cday
    valid = _valid(int(year), int(month or 1), int(day or 1))
    if not valid:
        return None
    year = valid.year  # of the Common Era
    # Numbers are written back in ASCII digits: \d takes any script's, and a page's "٢٠١٩-٠٣-٠٥"
    # or "𝟐𝟎𝟏𝟗-03-05" was kept as "٢٠١٩-03-05", a date no ISO reader (nor a string compare) takes.
    if not month:
        return f"{int(year):04d}"  # partial dates stay partial: inventing "-01-01" would be a lie
    if not day:
        return f"{int(year):04d}-{int(month):02d}"
    date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if hh is None:
        return date
    if int(hh) > 23 or int(mm) > 59 or int(ss or 0) > 59:
        return date
    stamp = f"{date}T{int(hh):02d}:{int(mm):02d}:{int(ss or 0):02d}"
    if tz in ("Z", "UTC", "GMT"):
        return stamp + "+00:00"
    if tz:  # "+0100", "+01:00", and India's "+5.30" as some CMSs write it
        sign, hours, minutes = tz[0], int(tz[1:-2].rstrip(":.")), int(tz[-2:])
        # (no zone is 24 hours or more from UTC: "-24:00" was kept, which datetime refuses)
        return f"{stamp}{sign}{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else date
    return stamp


def parse_date(value) -> str | None:
    """Normalise a date as pages write it to ISO 8601, or None if it is not one.

    Returns "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS[+HH:MM]" when a time is given, or a
    partial "YYYY-MM" / "YYYY" when that is all the page knows.
    """
    text = clean_text(value)
    if not text or len(text) > 60:
        return None
    m = _ISO.fullmatch(text)
    if m:
        return _from_iso(m)
    if _RFC2822.fullmatch(text):
        import email.utils  # here: most pages date themselves in ISO 8601, and page readers start faster

        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed and (day := _valid(parsed.year, parsed.month, parsed.day)):
            # (in the Common Era's year: a Thai page's "Fri, 05 Dec 2569 09:00:00 +0700" was
            # published in 2569, where its other forms said 2026)
            return parsed.replace(year=day.year).isoformat(timespec="seconds")
    m = _MDY.fullmatch(text) or _DMY.fullmatch(text)
    if m:  # "January 29, 2021", "Sun, Apr 3, 2022", "29 Jan 2021": the date part only
        a, b, year = m.groups()
        month_name, day = (a, b) if m.re is _MDY else (b, a)
        month = _MONTHS.get(month_name.lower())
        date = month and _valid(int(year), month, int(day))
        return date.isoformat() if date else None
    m = _ASCTIME.fullmatch(text)
    if m:  # no zone given: the time stays as written, as for an ISO stamp without one
        month_name, day, hh, mm, ss, year = m.groups()
        month = _MONTHS.get(month_name.lower())
        date = month and _valid(int(year), month, int(day))
        return f"{date.isoformat()}T{int(hh):02d}:{mm}:{ss}" if date and int(hh) < 24 else None
    m = _CJK.fullmatch(text)
    if m:  # 2021年1月29日, 2021년 1월 29일, 2021. 1. 29.
        date = _valid(*map(int, filter(None, m.groups())))
        return date.isoformat() if date else None
    m = _NUMERIC_DMY.fullmatch(text)
    if m:  # 29.01.2021 or 29/01/2021; a US-or-EU ambiguous 01/02/2021 is refused
        d, sep, mo, year = m.groups()
        d, mo = int(d), int(mo)
        if sep == "/" and d <= 12 and mo <= 12 and d != mo:
            return None
        if sep == "/" and mo > 12:
            d, mo = mo, d
        date = _valid(int(year), mo, d)
        return date.isoformat() if date else None
    return None
