"""A length of time as people write it, with its units: "65 min", "1 h 5 min", "1 Std. 05 Min.",
"1 sa 5 dk", "1時間4分", "1 घंटा 6 मिनट", "1 ساعت و 5 دقیقه" (an entry's `duration:`), and the
pattern the editors' schema checks it by.
A clock ("1:05:37"), ISO 8601 and seconds are `links.values.parse_duration`'s."""

from __future__ import annotations

import re

# "65 min", "1 h 5 min", "1h05m", "90 minutes", "1.5 hours", "45 s": a length as people write it
_UNITS = {"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "m": 60, "min": 60, "mins": 60}
_UNITS |= {"minute": 60, "minutes": 60, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1}
# and in German and Polish, as their editions write it ("1 Std. 05 Min.", "1 godz. 5 min"): an author
# copying that, or writing "58 Minuten", "1 godzina i 5 minut", was told it was no length of time
_UNITS |= {"std": 3600, "stunde": 3600, "stunden": 3600, "minuten": 60, "sek": 1, "sekunde": 1, "sekunden": 1} | {
    "godz": 3600, "godzina": 3600, "godziny": 3600, "godzin": 3600, "minuta": 60, "minuty": 60, "minut": 60,
    "sekunda": 1, "sekundy": 1, "sekund": 1,
}  # fmt: skip
# and in Turkish ("1 sa 5 dk", "45 dakika", "1 saat 5 dakika"), as a Turkish [wording] says a length
_UNITS |= {"sa": 3600, "saat": 3600, "dk": 60, "dak": 60, "dakika": 60, "sn": 1, "saniye": 1}
# and in Japanese, Chinese and Korean, as their editions write it ("1時間4分", "1 小时 4 分钟", "1시간 4분")
# (and Traditional Chinese, as Taiwan and Hong Kong write it: "1 小時 4 分鐘")
_WIDE_UNITS = {"時間": 3600, "分": 60, "秒": 1, "小时": 3600, "分钟": 60, "시간": 3600, "분": 60, "초": 1}
_WIDE_UNITS |= {"小時": 3600, "分鐘": 60}
_UNITS |= _WIDE_UNITS
# and in Hindi ("1 घंटा 6 मिनट", "42 मिनट"), as a Hindi [wording] says a length: words whose vowel
# signs are no letters to [a-z] or to \w, named whole as the wide units are (घण्टा: the older spelling)
_HINDI_UNITS = {"घंटा": 3600, "घंटे": 3600, "घण्टा": 3600, "घण्टे": 3600, "मिनट": 60, "सेकंड": 1, "सेकेंड": 1}
_UNITS |= _HINDI_UNITS
# and in Persian ("45 دقیقه", "1 ساعت و 5 دقیقه", its "و" the "and"), as a Persian [wording] says a
# length: Dariush's `duration: ۴۵ دقیقه` was "not a length of time" (new user 35), where its
# digits are what editors do not read (fields.duration says so, with the length to write)
_PERSIAN_UNITS = {"ساعت": 3600, "دقیقه": 60, "ثانیه": 1}
_UNITS |= _PERSIAN_UNITS
_WIDE_UNIT = "|".join(sorted(_WIDE_UNITS | _HINDI_UNITS | _PERSIAN_UNITS, key=len, reverse=True))
_SPOKEN_PART = re.compile(rf"\s*(\d+(?:\.\d+)?)\s*([a-z]+|{_WIDE_UNIT})\.?\s*(?:,|(?:and|und|i)\b|و(?=\s))?", re.I)


_ANY_CASE = "|".join(
    "".join(f"[{c}{c.upper()}]" if c.upper() != c else c for c in unit)  # 時間 has no case
    for unit in sorted(_UNITS, key=len, reverse=True)
)
# spoken_duration's lengths for the schema (JSON Schema's patterns have no flag for any case)
# Each part starts with its digits, and only its end takes the spaces before the next: with
# spaces on both sides of the join, a line like "1 h   1 h   1 h … x" took an editor's regex
# engine (and jsonschema's) exponential time to refuse: 2 s at 9 parts, five times that for each more.
_JOIN = r"(?:,|(?:[aA][nN]|[uU][nN])[dD]\b|[iI]\b|و(?=\s))"  # ",", "and", "und", Polish "i", Persian "و"
SPOKEN_PATTERN = rf"\d+\s*[hH]\s*[0-5]\d|(?:\d+(?:\.\d+)?\s*(?:{_ANY_CASE})\.?\s*(?:{_JOIN}\s*)?)+"


def spoken_duration(text: str) -> int | None:
    """Seconds from a length written with units ("65 min", "1 h 5 min", "1h05"), else None."""
    text, seconds, at = text.strip(), 0.0, 0
    if re.fullmatch(r"\d+\s*h\s*[0-5]\d", text, re.I):  # 1h05: an hour and five minutes (1h75 is no time)
        hours, minutes = re.split(r"\s*h\s*", text, flags=re.I)
        return int(hours) * 3600 + int(minutes) * 60 or None
    while at < len(text) and (part := _SPOKEN_PART.match(text, at)) and part[2].lower() in _UNITS:
        seconds += float(part[1]) * _UNITS[part[2].lower()]
        at = part.end()
    return round(seconds) if text and at == len(text) and 0 < seconds < 30 * 86400 else None
