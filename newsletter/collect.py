"""Stage 2, collect: the entries of one period -> an `Edition`, grouped into sections."""

from __future__ import annotations

import dataclasses
import string

from newsletter.config import Settings
from newsletter.formats.dates_in_words import (
    date_words,
    day_words,
    elided,
    elided_days,
    first_day,
    month_name,
    numerals,
    year_number,
    year_of,
)
from newsletter.formats.name_in_title import says_name
from newsletter.formats.wording import Wording
from newsletter.models import Edition, Entry, Period, Section, counted_caseless, section_key
from newsletter.read import Editorial
from newsletter.stubs import ALL_PLACEHOLDERS, placeholder_of


def collect(entries: list[Entry], editorial: Editorial, period: Period, settings: Settings) -> Edition:
    entries = sorted(entries, key=lambda e: (e.date, e.path.name))
    mine = [e for e in entries if e.type == "mine"]
    # Sections in the order the editorial file lists them, then in order of first appearance; a
    # name that differs only in case is the same section ("İnceleme", "inceleme"), headed as the
    # editorial file or its first entry spells it: two headings alike but for one letter's case
    # followed each other in the email, in capitals in its text part.
    named = {section_key(name): name for name in reversed(editorial.sections)}
    grouped: dict[str, list[Entry]] = {}  # each entry's key made once, not again for every section
    for entry in entries:
        if entry.type != "mine":
            named.setdefault(key := section_key(entry.section_name), entry.section_name)
            grouped.setdefault(key, []).append(entry)
    order = dict.fromkeys([section_key(name) for name in editorial.sections] + list(named))
    sections = [Section(named[key], grouped.get(key, [])) for key in order]
    title, subject = titles(editorial, period, settings)
    return Edition(
        period=period,
        sections=[s for s in sections if s.entries],
        mine=mine,
        title=title,
        subject=subject,
        subtitle=editorial.subtitle,
        intro=editorial.intro,
        outro=editorial.outro,
        tags=editorial.tags or _common_tags(entries),
    )


def without_placeholders(edition: Edition) -> Edition:
    """The edition as readers get it: a note's placeholder line (the stub's "Your notes, in
    Markdown.", in any language) left out. Four years of imports, their drafts published before
    each was written up, said it word for word in every post, email and feed item. The build
    still warns of each, and `send` still refuses: they read the entries themselves."""

    def kept(entry: Entry) -> Entry:
        if placeholder_of(entry.notes) is None:  # (most notes: nothing to look at)
            return entry
        lines = [line for line in entry.notes.splitlines() if line.strip() not in ALL_PLACEHOLDERS]
        return dataclasses.replace(entry, notes="\n".join(lines).strip("\n"))

    sections = [Section(s.title, [kept(e) for e in s.entries]) for s in edition.sections]
    return dataclasses.replace(edition, sections=sections, mine=[kept(e) for e in edition.mine])


def titles(editorial: Editorial, period: Period, settings: Settings) -> tuple[str, str]:
    """The edition's title and its email's subject, from its editorial file's words alone: `build
    --all` works out every edition's before building any (the links between their web pages)."""
    title = editorial.title or default_title(period, settings)
    if editorial.subject:
        return title, editorial.subject
    # "Links I loved, week 49" names the newsletter already: "Links I loved: Links I loved, week 49"
    # ("Що я прочитала" and "Прочитане: грудень 2026" too, in other words: formats/name_in_title.py)
    if says_name(title, settings.name):
        return title, title
    # the language's colon: a French subject said "Mes lectures: Mon année…", not "Mes lectures : …"
    words = Wording(settings.language, settings.wording)
    return title, f"{settings.name}{words('colon')}{words.after_colon()}{title}"


def default_title(period: Period, settings: Settings) -> str:
    language = settings.site.date_language  # the month names' ([site] date_language)
    if period.kind == "year":
        year = numerals(year_number(period.start.year, language), language)  # (of the Common Era: its period's)
        return settings.site.yearly_title.format(year=year, period=period.key)
    if period.kind == "month":
        month = month_name(period.start, language)
        pattern = elided(settings.site.monthly_title, month, language)
        year = numerals(year_number(period.start.year, language), language)
        title = pattern.format(month=month, year=year, period=period.key)
        # a title begins with a capital: "{month} {year}: що я прочитала" said "грудень 2026: …",
        # the month's name as a sentence's middle writes it in Ukrainian, French, Polish…
        return title[:1].upper() + title[1:] if pattern.startswith("{month}") else title
    start, end = day_words(period.start, language), day_words(period.end, language)
    # "Links I loved, week 48": the number in the period's name, in the digits of the dates around it
    week = numerals(int(period.key.partition("W")[2]), language)
    pattern = elided_days(settings.site.weekly_title, period.start, period.end, language)
    # the year the language dates the days in (a Persian week of Nowruz begins in one Solar Hijri year)
    first_year, last_year = year_of(period.start, language), year_of(period.end, language)
    year = first_year if (year_first := _year_of_first_day(pattern)) else last_year
    if year_first and last_year != first_year:
        # "2026年12月28日至1月3日" read as a week back to January 2026: the last day is in the next year
        end = date_words(period.end, language)
    # {first}: the first day without its month where the last gives it ("de 23 a 29 de novembro"),
    # init's since Portuguese, Spanish, French and Italian titles said the month twice; {start},
    # whole, stays the day of the workspaces titled by it, and of their posts' addresses
    first = first_day(period.start, period.end, language)
    return pattern.format(start=start, end=end, first=first, week=week, year=year, period=period.key)


def _year_of_first_day(pattern: str) -> bool:
    """Whether a week's title writes its {year} as part of its first day's date: right before
    {start}, as Japanese, Chinese and Korean write a date year first ("{year}年{start}〜{end}").
    A week from December into January was titled "2027年12月28日〜1月3日", a day a year away;
    a year after the days ("28 December – 3 January 2027") is the last day's, as before."""
    fields = [(text, name) for text, name, _, _ in string.Formatter().parse(pattern)]
    return any(
        name == "start" and before == "year" and len(text.strip()) <= 2
        for (_, before), (text, name) in zip(fields, fields[1:], strict=False)
    )


def _common_tags(entries: list[Entry], limit: int = 8) -> list[str]:
    """The edition's tags: the entries' own, most used first, ties in order of appearance; tags
    alike but for case are one, as they are one page on the blog ('İstanbul' and 'istanbul')."""
    counts = counted_caseless(tag for entry in entries for tag in entry.tags)
    return sorted(counts, key=lambda t: -counts[t])[:limit]
