"""Months and days as an edition's title says them, in the language `[site] date_language` names.

The titles are settings with {month}, {start} and {end} in them, and a German newsletter's
"Was ich diese Woche las ({start} – {end})" said "October 5 – October 11". English stays the
default: a title is the post's address, which must not change under an existing blog. Nothing
here reads the system's locale, so a build gives the same title on every machine.
"""

from __future__ import annotations

import datetime as dt
import re

from newsletter.formats.solar_hijri import AFGHAN_MONTHS, IRAN_MONTHS, solar_day
from newsletter.formats.wording import language_of

_MONTHS: dict[str, str | tuple[str, ...]] = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "ja": " ".join(f"{n}月" for n in range(1, 13)),
    "zh": " ".join(f"{n}月" for n in range(1, 13)),
    "ko": " ".join(f"{n}월" for n in range(1, 13)),
    # Polish: a month alone is named in the nominative ("Lektury: grudzień 2026"); a day of it in
    # the genitive, _OF_A_DAY's ("3 grudnia 2026")
    "pl": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
    # Ukrainian, as Polish: a month alone in the nominative ("Прочитане: грудень 2026"), a day of
    # it in the genitive, _OF_A_DAY's ("3 грудня 2026")
    "uk": "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень",
    # Austrian German: January is "Jänner" in Austria's standard language (and its newspapers)
    "de-at": "Jänner Februar März April Mai Juni Juli August September Oktober November Dezember",
    # Brazil's Portuguese: Portugal's months, but its first of the month is an ordinal ("1º de
    # março", _FIRST), where Portugal writes "1 de março"
    "pt-br": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    # Hebrew: a day of a month is "in" it, its ב written onto the name ("3 בדצמבר 2026", _DAY)
    "he": "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר",
    # Thai: a day of a month is written "3 ธันวาคม", the default below
    "th": "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม",
    # Turkish: a day and its year follow the month's name as in most languages ("3 Aralık 2026")
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    # Hindi: CLDR's names, a day of a month written as most languages do ("3 दिसंबर 2026")
    "hi": "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्तूबर नवंबर दिसंबर",
    # Arabic: the names Egypt and the Gulf write (CLDR's "ar"); Jordan, Palestine, Syria, Lebanon
    # and Iraq name the months as their newspapers do, the Syriac way (CLDR's ar-JO...): an Amman
    # log's November is "تشرين الثاني" (names of two words: a tuple)
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    # Persian: the Common Era's months as Iran names them (CLDR's), for a month's edition, which is
    # one of them ("دسامبر ۲۰۲۶"); its days are the Solar Hijri calendar's (_SOLAR_MONTHS), and
    # Afghanistan's Dari names both its own way
    "fa": "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
    "fa-af": "جنوری فبروری مارچ اپریل می جون جولای اگست سپتمبر اکتوبر نومبر دسمبر",
    **dict.fromkeys(
        ("ar-jo", "ar-ps", "ar-sy", "ar-lb", "ar-iq"),
        ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول")
        + ("تشرين الأول", "تشرين الثاني", "كانون الأول"),
    ),
}
# The month of a day, where a language names it otherwise than the month alone: Polish says
# "3 grudnia", of December, where December alone is "grudzień"; Ukrainian "3 грудня", "грудень"
_OF_A_DAY = {
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
}
# A day of a month, as each language writes it ("5. Oktober", "5 de octubre", "10月5日")
_DAY = {
    "en": "{month} {day}",
    "de": "{day}. {month}",
    "de-at": "{day}. {month}",
    "es": "{day} de {month}",
    "pt": "{day} de {month}",
    "pt-br": "{day} de {month}",
    "da": "{day}. {month}",
    "nb": "{day}. {month}",
    "ja": "{month}{day}日",
    "zh": "{month}{day}日",
    "ko": "{month} {day}일",
    "he": "{day} ב{month}",
}
# A whole date, as each language writes one in a sentence ("3 de marzo de 2026", "3. März 2026")
_DATE = {
    "en": "{month} {day}, {year}",
    "de": "{day}. {month} {year}",
    "de-at": "{day}. {month} {year}",
    "es": "{day} de {month} de {year}",
    "pt": "{day} de {month} de {year}",
    "pt-br": "{day} de {month} de {year}",
    "da": "{day}. {month} {year}",
    "nb": "{day}. {month} {year}",
    "ja": "{year}年{month}{day}日",
    "zh": "{year}年{month}{day}日",
    "ko": "{year}년 {month} {day}일",
    "he": "{day} ב{month} {year}",
}
LANGUAGES = tuple(_MONTHS)
# The years a language counts in, where its dates are not of the Common Era: Thailand writes the
# Buddhist Era, "5 ธันวาคม 2569" (CLDR's first calendar there), and Ploy's week titled "(29
# พฤศจิกายน - 5 ธันวาคม 2026)" mixed the two; BCP 47's calendar extension keeps Common Era years
# for an author who wants them ("th-u-ca-gregory")
_ERA_YEARS = {"th": 543}
# The Solar Hijri calendar's months, where a language dates its days by it: Iran and Afghanistan
# do (CLDR's first calendar for "fa"), and Dariush's week titled "(November 28 تا December 4 2026)"
# read to him as another country's dates, its parentheses turned round by the Latin words in a
# right-to-left title; "fa-u-ca-gregory" keeps the Common Era's days, as "th-u-ca-gregory" does.
# Afghanistan names the months by the zodiac (CLDR's fa_AF).
_SOLAR_MONTHS = {"fa": IRAN_MONTHS, "fa-af": AFGHAN_MONTHS}
# The digits a language writes its dates in, where they are not 0-9: Persian's (CLDR's "arabext")
_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹", "fa-af": "۰۱۲۳۴۵۶۷۸۹"}
# The first of the month where a language writes it as an ordinal: "1er octobre", "1º de março"
_FIRST = {"fr": "1er", "pt-br": "1º"}
# English puts the month first only in North America and the places that write as the US does;
# India, Britain, Australia, Ireland, Singapore... write "2 June 2025" (CLDR's long dates)
_MONTH_FIRST_ENGLISH = {"us", "ca", "ph", "pr", "vi", "gu", "as", "mp", "um", "mh"}


def _solar(language: str) -> str | None:
    """The Solar Hijri month names `language` dates its days with; None for the Common Era's."""
    if "-u-ca-gregory" in language.lower().replace("_", "-"):
        return None
    return _SOLAR_MONTHS.get(month_language(language) or "")


class Numeral(int):
    """A number written in other digits than 0-9 where a title says it: '{week}' is '۴۹', and a
    title's own format applies as to any number ('{week:02d}': '۰۷')."""

    def __new__(cls, number: int, digits: str):
        made = super().__new__(cls, number)
        made.digits = str.maketrans("0123456789", digits)
        return made

    def __format__(self, spec: str) -> str:
        return int.__format__(int(self), spec).translate(self.digits)

    def __str__(self) -> str:
        return format(self, "")


def numerals(number: int, language: str = "en") -> int:
    """`number` as `language` writes it in a date: in Persian digits in Persian (۴۹), else as it is."""
    digits = _DIGITS.get(month_language(language) or "")
    return Numeral(number, digits) if digits else number


def year_of(date: dt.date, language: str = "en") -> int:
    """The year `language` dates `date` in, in its digits: '۱۴۰۵' for 2026-12-03 in Persian (the
    Solar Hijri year, which begins at Nowruz), 2569 in Thai."""
    if _solar(language):
        return numerals(solar_day(date).year, language)
    return numerals(year_number(date.year, language), language)


def month_language(tag: str) -> str | None:
    """The month names a language tag writes: its own (de-AT's "Jänner"), else its language's
    ("fr-CA", what a Québec author writes, is French; it was refused); None for one not here.
    A calendar asked for ("fa-AF-u-ca-gregory") leaves the names the region's."""
    tag = tag.lower().replace("_", "-").partition("-u-")[0]
    return tag if tag in _MONTHS else (tag.split("-")[0] if tag.split("-")[0] in _MONTHS else None)


def year_number(year: int, language: str = "en") -> int:
    """The number `language` (a `date_language`) writes year `year` of the Common Era as: 2569
    for 2026 in Thai, the year itself elsewhere."""
    if "-u-ca-gregory" in language.lower().replace("_", "-"):
        return year
    return year + _ERA_YEARS.get(month_language(language) or "", 0)


def month_name(date: dt.date, language: str = "en") -> str:
    names = _MONTHS[month_language(language) or language]
    return (names.split() if isinstance(names, str) else names)[date.month - 1]


def _of_a_day(date: dt.date, language: str) -> str:
    """The month of `date` as a day of it names it: 'grudnia' in Polish, the month's name elsewhere."""
    said = _OF_A_DAY.get(month_language(language) or language)
    return said.split()[date.month - 1] if said else month_name(date, language)


def day_words(date: dt.date, language: str = "en") -> str:
    """'October 5', '5. Oktober', '1er octobre', '1º de março' (pt-BR), '10月5日', '5 października',
    '۱۲ آذر' (Persian: the Solar Hijri day)."""
    if months := _solar(language):
        day = solar_day(date)
        return f"{numerals(day.day, language)} {months.split()[day.month - 1]}"
    language = month_language(language) or language
    day = _day(date, language)
    return _DAY.get(language, "{day} {month}").format(day=day, month=_of_a_day(date, language))


def date_words(date: dt.date, language: str = "en") -> str:
    """'March 3, 2026', '3 de marzo de 2026', '1er mars 2026', '1º de março de 2026' (pt-BR),
    '2026年3月3日': a day readers read in their language where the year in review listed it as
    2026-03-03; in a language whose month names are not here, 2026-03-03 still, which every
    reader reads: Tomasz's Polish index of editions dated each 'November 30, 2026', the one
    English line on the page."""
    # the language the review's words are in: "no" is Bokmål to them, as to most Norwegians
    parts = language.lower().replace("_", "-").split("-")
    if not month_language(language) and language_of(language) == "en" and parts[0] != "en":
        return date.isoformat()
    if _solar(language):
        return f"{day_words(date, language)} {year_of(date, language)}"  # '۱۲ آذر ۱۴۰۵'
    year = numerals(year_number(date.year, language), language)
    language = month_language(language) or month_language(language_of(language)) or "en"
    day = _day(date, language)
    month = _of_a_day(date, language)
    if language == "en" and len(parts) > 1 and len(parts[1]) == 2 and parts[1] not in _MONTH_FIRST_ENGLISH:
        language = "en-day-first"  # "2 June 2025", the fallback below
    return _DATE.get(language, "{day} {month} {year}").format(day=day, month=month, year=year)


def _day(date: dt.date, language: str) -> str:
    """The day's number as `language` (month_language's) writes it: the first an ordinal in French
    and in Brazil."""
    if date.day == 1 and language in _FIRST:
        return _FIRST[language]
    return str(numerals(date.day, language))


# French drops the e of "de" before a vowel: "Mes lectures de {month} {year}" said "de avril",
# "de août" and "de octobre" in three titles a year, and in the posts' addresses.
_DE_MONTH = re.compile(r"\b([Dd])e \{month\}")


# Italian adds a d to "a" before a month that opens with an a: init's "Cosa ho letto a {month}
# {year}" said "a aprile" and "a agosto", where Italian writes "ad aprile", "ad agosto" (and,
# as the Crusca advises, "a ottobre").
_A_MONTH = re.compile(r"\b([Aa]) \{month\}")


def elided(pattern: str, month: str, language: str = "en") -> str:
    """A title pattern with its "de {month}" written "d’{month}" where French elides it, and its
    "a {month}" written "ad {month}" where Italian adds a d."""
    # (by the tag's language, as the month names are chosen: "fr_CA" and "fr-CA" are French)
    spoken = (month_language(language) or "").split("-")[0]
    if spoken == "it" and month[:1].lower() == "a":
        return _A_MONTH.sub("\\1d {month}", pattern)
    if spoken != "fr" or month[:1].lower() not in "aeiouyàâéèêîôû":
        return pattern
    return _DE_MONTH.sub("\\1’{month}", pattern)


def first_day(start: dt.date, end: dt.date, language: str = "en") -> str:
    """A week's {first}: its first day as a range writes it before the last, without its month
    when both are in one ("de 23 a 29 de novembro", "del 23 al 29 de noviembre", "du 1er au 7
    décembre"), whole when they are not ("de 30 de novembro a 6 de dezembro"): months of the
    calendar the language dates days in ("۷ تا ۱۳ آذر")."""
    if _solar(language):
        first, last = solar_day(start), solar_day(end)
        same = (first.year, first.month) == (last.year, last.month)
        return str(numerals(first.day, language)) if same else day_words(start, language)
    if (start.year, start.month) != (end.year, end.month):
        return day_words(start, language)
    spoken = month_language(language) or language
    if start.day == 1 and spoken in _FIRST:  # "du 1er au 7", "de 1º a 7"
        return _FIRST[spoken]
    # the day as the language writes it, its month's words left out: German's, Danish's and
    # Norwegian's ordinal dot ("23.–29. November", not "23–29."), Japanese's 日, Korean's 일
    after = _DAY.get(spoken, "{day}").partition("{day}")[2].split(" ")[0].partition("{")[0]
    return f"{numerals(start.day, language)}{after}"


# Italian elides "dal" and "al" before a day said with a vowel, uno, otto and undici ("dall’8 al
# 14 dicembre", "dal 25 novembre all’1 dicembre"); only in a pattern with {first}, init's since
# it has one: a workspace's own "dal {start}" titled its posts, whose addresses stay.
_AL_DAY = re.compile(r"\b([Dd]?[Aa])l \{(first|end)\}")


def elided_days(pattern: str, start: dt.date, end: dt.date, language: str = "en") -> str:
    """A week's title pattern with "dal {first}" and "al {end}" elided where Italian elides them."""
    if "{first}" not in pattern or (month_language(language) or "").split("-")[0] != "it":
        return pattern

    def elide(found: re.Match) -> str:
        day = (end if found[2] == "end" else start).day
        return f"{found[1]}ll’{{{found[2]}}}" if day in (1, 8, 11) else found[0]

    return _AL_DAY.sub(elide, pattern)
