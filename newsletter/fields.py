"""What each front matter key of an entry accepts: its parser and the JSON Schema of that same
rule, side by side, so an editor warns about exactly what a build refuses.

`read.py` parses every key through `FIELDS`; `schemas.py` publishes their `schema`s
(`newsletter schema entry`). A parser and its schema change together, in this file, and
tests/test_schemas.py feeds the same good and bad entries to both. Two things only the parser
sees: an impossible day (2025-02-30) and a length of time beyond 30 days written as text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import reprlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from newsletter import mail_headers
from newsletter.formats import dotted_dates, hidden_characters, key_translations, list_keys, note_obsidian
from newsletter.formats.language_tag import canonical
from newsletter.formats.spoken_lengths import SPOKEN_PATTERN, spoken_duration
from newsletter.formats.web_address import WEB_ADDRESS, refusal
from newsletter.models import Entry, Period


class Problem(Exception):
    """One thing wrong with one file, phrased as what to do about it; `also`, the other things
    wrong with it, so that one run names them all (`each`), not one a run."""

    def __init__(self, message: str, line: int | None = None, also: tuple[Problem, ...] = ()):
        self.line, self.also = line, also
        super().__init__(message)

    @classmethod
    def of(cls, problems: list[Problem], warnings: list = ()) -> Problem:
        """Several problems of one file as one, in the order of their lines; `warnings`, what else
        a reader of the file tells of it (an unknown key), carried to be told beside them."""
        first, *rest = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
        made = cls(str(first), first.line, tuple(rest))
        made.warnings = list(warnings)
        return made

    def each(self) -> list[Problem]:
        return [self, *self.also]


@dataclass(frozen=True)
class Field:
    parse: Callable  # (value, key, line) -> the value, or raises Problem
    schema: dict  # what `parse` accepts, as JSON Schema (values as an editor's YAML 1.2 sees them)
    description: str = ""


# A YAML date, or a date and time (the reader keeps the day). Months, days, hours, minutes and
# offsets in their ranges, so the schema refuses a 13th month as the reader does; only the
# calendar (February 30) is left to the reader.
_MINUTE = r"[0-5]\d"
_HOUR = r"(?:[01]\d|2[0-3])"
DATE = (
    rf"\d{{4}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[Tt ](?:\d|{_HOUR}):{_MINUTE}"
    rf"(?::{_MINUTE}(?:\.\d+)?)?(?:[ ]?(?:Z|[+-]{_HOUR}(?::?{_MINUTE})?))?)?"
)
# The years an edition can cover (Python's dates end at years 1 and 9999): an entry dated outside
# them would silently be part of none, so its date is refused with the rest of the entry's rules.
_NO_EDITION_YEARS = [*range(Period.first_year), *range(Period.last_year + 1, 10_000)]
ENTRY_DATE = "(?!" + "|".join(f"{year:04d}-" for year in _NO_EDITION_YEARS) + ")" + DATE
_ANY_SPACE = r"\s*"


def one_line_pattern() -> str:
    """Text without a line break of any kind, as a JSON Schema pattern."""
    return "^[^" + "".join(f"\\u{ord(c):04x}" for c in mail_headers.LINE_BREAKS) + "]*$"


def any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def brief(value) -> str:
    """A value as a message quotes it: one line, at most 60 characters, control characters
    escaped. A whole value went into the message: an escape sequence in it drove the terminal
    the message was printed on, a pasted page made a 100 KB message, and YAML aliases nesting a
    list nine deep (a few lines of front matter) one of gigabytes."""
    text = value if isinstance(value, str) else _SHORT.repr(value)
    text = " ".join(hidden_characters.escaped(text, keep="\t\n\x0b\x0c\r").split())  # (YAML's breaks: a space)
    return hidden_characters.shortened(text, _SHOWN)  # (cut after a whole escape: never "\\u200…")


_SHOWN = 60
_SHORT = reprlib.Repr()  # nested values shown a few levels and items deep, never whole
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 3, _SHOWN, _SHOWN


def _text(value) -> str:
    """A scalar as text; "" for a list or mapping, whose text may be gigabytes (YAML aliases)."""
    return "" if isinstance(value, (list, dict)) else str(value)


# Hugo's names for a page's fields, which an editorial file, named like Hugo's `_index.md`,
# invites a blogger to write: what each is here.
HUGO_EDITORIAL_KEYS = {
    "description": " (the post's description is `subtitle`)",
    "summary": " (the summary is the intro: the file's body)",
    "date": " (an edition is dated by its period: its month, week or year)",
}


def editorial_hint(key, known) -> str:
    """A hint for an editorial file's unknown `key`: the known key it is a typo of, or what the
    Hugo field it names is called here."""
    return did_you_mean(key, known) or HUGO_EDITORIAL_KEYS.get(str(key).lower(), "")


def did_you_mean(word: str, choices) -> str:
    """A hint naming the choice `word` is a typo of: a letter wrong, missing, extra or two
    swapped (one such slip in 4 letters). difflib's likeness took `rating` for `duration`."""
    word = str(word)  # as text: YAML reads a key like `2021:`, `~:` or `2021-02-14:` as a number, null or date
    allowed = max(1, len(word) // 4)
    slips = {choice: _slips(word.lower(), choice.lower(), allowed) for choice in map(str, choices)}
    best = min(slips, key=slips.__getitem__, default=None)  # of equals, the first
    # (else `autores:`, `type: palestra`: the word in the author's language; `toot`, a word of its own)
    return key_translations.hint(word, best if best is not None and slips[best] <= allowed else None, choices)


def _slips(word: str, other: str, most: int) -> int:
    """Typing slips from `word` to `other` (optimal string alignment distance), or most + 1 when
    more than `most`."""
    if abs(len(word) - len(other)) > most:
        return most + 1
    before, row = None, list(range(len(other) + 1))
    for i, letter in enumerate(word, 1):
        current = [i]
        for j, theirs in enumerate(other, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (letter != theirs))
            if before is not None and j > 1 and letter == other[j - 2] and word[i - 2] == theirs:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return min(row[-1], most + 1)


def entry_type(value, key: str, line: int | None) -> str:
    kind = _text(value).strip().lower()
    if kind not in Entry.types:
        raise Problem(
            f"unknown type '{brief(value)}'{did_you_mean(kind, Entry.types)}; use one of {', '.join(Entry.types)}", line
        )
    return kind


def web_address(value, key: str, line: int | None) -> str:
    url = _text(value).strip()
    if wrong := refusal(url):
        raise Problem(f"url '{brief(value)}' {wrong}", line)
    return url


def parse_date(value, key: str = "date", line: int | None = None) -> dt.date:
    day = _date(value)
    if day is None:
        raise Problem(
            f"date '{brief(value)}' is not a date; write it as YYYY-MM-DD, "
            f"like {dotted_dates.iso_example(_text(value))}",  # 03.12.2026: that very day, 2026-12-03
            line,
        )
    if not Period.covers_year(day.year):
        raise Problem(
            f"date '{day.isoformat()}' is outside the years an edition can cover "
            f"({Period.first_year:04d} to {Period.last_year}): no edition would ever include it; "
            "write the day you read it, like 2021-02-14",
            line,
        )
    if day.year > dt.date.today().year + 1:
        from newsletter.links.date_values import common_era  # here: a date ahead of next year is rare

        # A Thai author writes the Buddhist Era's year, as her titles (date_language th) now show
        # it: 2569-12-03 was taken as a day 543 years on, filed in no edition she builds, and
        # check told her to move it to entries/2569/12/
        if (year := common_era(day.year)) != day.year:
            try:
                meant = f"write {day.replace(year=year).isoformat()}"
            except ValueError:  # 2568-02-29: 2025 had no 29 February
                meant = f"{year} had no {day:%d %B}; write the day you read it"
            raise Problem(
                f"date '{day.isoformat()}' is {day.year - year} years ahead: its year is the Buddhist Era's, "
                f"and entries are dated in the Common Era; {meant}",
                line,
            )
    return day


def wrong_folder(date: dt.date, folder: tuple[int, int]) -> str:
    """What to tell of an entry dated `date` but filed under another month's `folder` (year,
    month): to move it; but where its date, read as the Solar Hijri calendar's, is a day of that
    very month, what it means. Dariush's `date: 1405-09-12`, 12 Azar as he dates a day, in
    entries/2026/12/, was told to move to entries/1405/09/, a folder no edition reads."""
    from newsletter.formats.solar_hijri import common_day  # here: a misfiled entry is rare

    said = f"dated {date} but filed under {folder[0]:04d}/{folder[1]:02d}; "
    meant = common_day(date.year, date.month, date.day) if date.year < 1900 else None
    if meant is not None and (meant.year, meant.month) == folder:
        return said + f"as a day of the Solar Hijri calendar it is {meant}; dates are the Common Era's: write {meant}"
    move = f"move it to entries/{date.year:04d}/{date:%m}/"
    if abs((date.year * 12 + date.month) - (folder[0] * 12 + folder[1])) == 1:
        # a month's neighbour: read by the build of the edition it is dated in (formats/month_folders.py)
        return said + f"the edition of {date} takes it from there; {move}, where its date files it"
    return said + move + " so its own month's build finds it"


def read_against() -> tuple:
    """What else than its text an entry's date is read against (parse_date): today, for a date
    past next year, and whether such a year may be the Buddhist Era's (date_values.common_era).
    An entry kept from an earlier read (files/kept_reads.py) stands only while these are the same."""
    from newsletter.links.date_values import buddhist_era_read

    return dt.date.today(), buddhist_era_read.get()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).strip()
    try:
        if re.fullmatch(DATE, text):
            return dt.datetime.fromisoformat(text.replace(" Z", "Z")).date()
    except ValueError:
        pass
    return None


def duration(value, key: str, line: int | None) -> int | None:
    if value is None or value == "":
        return None
    from newsletter.links.values import clock_past_59, parse_duration  # here: most entries have no duration

    # Digits 0-9 only, as the schema's patterns read them in editors: Python's `\d` and float()
    # also take other scripts' digits ("١٠ min" read as ten minutes, which editors flagged).
    other_digits = isinstance(value, str) and any(c.isdecimal() and not c.isascii() for c in value)
    seconds = parse_duration(value) if not isinstance(value, (bool, list, dict)) and not other_digits else None
    if seconds is None and isinstance(value, str) and not other_digits:
        seconds = spoken_duration(value)
    if seconds is None and other_digits and (ascii_digits := _ascii_digits(value)) != value:
        if parse_duration(ascii_digits) or spoken_duration(ascii_digits):  # a Japanese IME's full-width "１時間４分"
            raise Problem(
                f"duration '{brief(value)}' is written with digits other than 0-9, which editors do not read "
                f"as a length; write it as {ascii_digits}",
                line,
            )
    if seconds is None:
        digits = re.sub(r"\D", "", _text(value))
        if digits and not digits.strip("0"):  # 0:00:00, PT0S: a length, and no length to show
            raise Problem(
                f"duration '{brief(value)}' is zero; write how long it runs, like 1:05:37, or leave it out", line
            )
        raise Problem(
            f"duration '{brief(value)}' is not a length of time{clock_past_59(_text(value))}; "
            "write it as 1:05:37, 65 min or 1 h 5 min",
            line,
        )
    return seconds


def _ascii_digits(text: str) -> str:
    """`text` with every script's decimal digits as 0-9 ("１時間４分" -> "1時間4分")."""
    return "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in text)


def linkless(meta: dict, imported: list[dict]) -> bool:
    """Whether an entry may go without a url: a book, or an imported item its source gave no
    link (a Kindle book, a Readwise document, an Omnivore note): its highlights are the entry."""
    return str(meta.get("type", "")).strip().lower() == "book" or bool(imported)


def seconds_meant_as_minutes(written, seconds: int | None) -> str | None:
    """What to tell an author whose duration is a number alone under ten minutes: seconds, as
    the schema says, though `duration: 65` for a 65-minute talk showed readers "1 min"."""
    alone = isinstance(written, (int, float)) and not isinstance(written, bool)
    if not seconds or seconds >= 600 or not (alone or re.fullmatch(r"\s*\d+(\.\d+)?\s*", str(written))):
        return None
    said = f"duration {brief(written)} reads as {seconds} seconds"
    return f"{said}; if you meant minutes, write `duration: {brief(written)} min`"


def episode(value, key: str, line: int | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not re.fullmatch(r"\s*[0-9]+\s*", _text(value)):
        raise Problem(f"episode '{brief(value)}' is not a number; write it like `episode: 359`", line)
    return int(value)


# What entries are read without (config.CONTROL_CHARACTERS says why); in notes, DEL and the C1
# controls too (U+0080-U+009F: cp1252 punctuation decoded as Latin-1, pasted): valid XML, but the
# HTML standard's parse errors, invisible or a box in both parts of the email. And in notes the line
# separators Markdown does not know (NEL, U+2028 and U+2029 too) become line breaks.
_NOTE_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|([\x0b\x0c\x1c-\x1e\x85\u2028\u2029])"
)
_ANY_NOTE_CONTROL = re.compile(  # one class: 4x quicker
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]"
).search


# In a value too, DEL goes and a C1 control is the cp1252 punctuation it was ("Don\x92t" from a
# title pasted as Latin-1 is "Don’t"): kept, it was a box or nothing in the email and the blog,
# and in the feeds the W3C validator's "title contains bad characters" and "Invalid HTML". NEL
# (U+0085) is left for one_line, which calls it the line break it is.
# (config.CONTROL_CHARACTERS, written out with DEL and C1: a class built by cutting its pattern
# broke with any change to how that one is written)
_VALUE_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def visible(words: str, vault_links: bool = True) -> str:
    """One value without control characters ("a U+0001 b" is "a b", not "a  b"), with an Obsidian
    vault's links as their words (note_obsidian.property_words) unless `vault_links` is false, and
    closing at its end what it leaves laid out right to left (or left to right)
    (hidden_characters.bidi_closed)."""
    words = hidden_characters.bidi_closed(words)
    if not _VALUE_CONTROL.search(words := note_obsidian.property_words(words) if vault_links else words):
        return words
    return re.sub(r"(?<= ) +", "", _VALUE_CONTROL.sub(lambda c: _CP1252.get(c[0], ""), words))


def visible_notes(body: str) -> str:
    """Notes without control characters; a form feed (a pasted page break) or another line
    separator Markdown does not know is a line break, so the words on either side stay apart.
    A C1 control is what cp1252 punctuation becomes decoded as Latin-1, so it is that punctuation:
    dropped, "We\x92re" read "Were" and "it\x92s" "its", words of other meaning."""
    return _NOTE_CONTROL.sub(_note_control, body) if _ANY_NOTE_CONTROL(body) else body


def _note_control(match: re.Match) -> str:
    if match[1]:
        return "\n"
    return _CP1252.get(match[0], "")


# U+0080-U+009F as the cp1252 characters of those bytes (five bytes have none, nor has DEL);
# NEL (U+0085, cp1252's ellipsis) stays a line break, as Unicode has it
_CP1252 = {
    chr(byte): bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte != 0x85 and byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


_BLANK_LINES = re.compile(r"\A(?:[ \t]*(?:\r\n|\r|\n))+")


def trimmed(markdown: str) -> str:
    """Markdown without the blank lines around it. Its first line keeps its indent: that is
    Markdown too (an indented code block; a list's items, which unindented once would nest)."""
    return _BLANK_LINES.sub("", markdown).rstrip()


def body_text(body: str) -> str:
    """Notes or an intro as the edition shows them: visible, without Obsidian's own syntax (a
    vault's links, embeds, callout markers and comments, which no reader could follow), and trimmed."""
    return trimmed(note_obsidian.readable(visible_notes(body)))


def text(value, key: str = "this key", line: int | None = None, vault_links: bool = True) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise Problem(
            f"`{key}` should be text, not a {'list' if isinstance(value, list) else 'mapping'}; "
            "quote it if it contains a colon or brackets",
            line,
        )
    return visible(str(value), vault_links).strip() or None


def one_line(value, key: str, line: int | None, vault_links: bool = True) -> str | None:
    """Text that must stay on one line (a title, a subject): a line break is the file's problem,
    named here, rather than a ValueError from the email package later."""
    words = text(value, key, line, vault_links)
    found = words and mail_headers.line_break(words)
    if found:
        raise Problem(f"`{key}` has a line break ({found}) in it; write the {key} on one line", line)
    return words


# What a bare word in front matter is read as besides text. YAML 1.1 also reads yes/no/on/off
# as booleans, 3.10 as the float 3.1 and 010 or 1:30 as numbers, so `speakers: [No]` showed as
# "False", `section: on` as "TRUE" and `title: 3.10` as "3.1": text keys keep what was typed,
# as editors' YAML 1.2 (and the published schema) read it. Dates and null are YAML's still.
_BOOLEAN = r"^(?:true|True|TRUE|false|False|FALSE)$"
_INTEGER = r"^[-+]?(?:0|[1-9][0-9]*)$"  # no leading zero: YAML's constructor reads 010 as octal 8


@functools.cache
def yaml_typed(base):
    """`base` with only YAML 1.2's core booleans and plain decimal integers as implicit types, and
    its timestamps made by links/date_values.yaml_timestamp."""
    resolvers = {
        first: [(tag, pattern) for tag, pattern in found if tag.rsplit(":", 1)[-1] not in ("bool", "int", "float")]
        for first, found in base.yaml_implicit_resolvers.items()
    }
    for tag, pattern, firsts in (("bool", _BOOLEAN, "tTfF"), ("int", _INTEGER, "-+0123456789")):
        for first in firsts:
            resolvers.setdefault(first, []).append((f"tag:yaml.org,2002:{tag}", re.compile(pattern)))
    from newsletter.links.date_values import yaml_timestamp  # (an offset past a day said in words)

    timestamps = {"yaml_constructors": {**base.yaml_constructors, "tag:yaml.org,2002:timestamp": yaml_timestamp}}
    return type(
        f"FrontMatter{base.__name__}",
        (base,),
        {"yaml_implicit_resolvers": resolvers, **timestamps, "construct_yaml_timestamp": yaml_timestamp},
    )


# A BCP 47 tag as the settings' `language` takes it (formats/language_tag.py): "en", "pt-BR"
LANGUAGE_TAG = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"


def language(value, key: str, line: int | None) -> str | None:
    """An entry's own language, when not the log's (an English entry in an Arabic log): its notes
    are marked with it (`lang`), so a screen reader reads them in its voice, and quoted in it."""
    tag = text(value, key, line)  # (a list or mapping: said so)
    if not tag:
        return None
    if not re.fullmatch(LANGUAGE_TAG, tag):
        fixed = tag.replace("_", "-").split(".")[0]  # a locale: en_US, or en_US.UTF-8
        example = f"`{key}: {fixed}`" if re.fullmatch(LANGUAGE_TAG, fixed) else f"`{key}: en`, `{key}: pt-BR`"
        raise Problem(f"`{key}: {brief(value)}` is not a language tag; write it like {example}", line)
    return canonical(tag)


def flag(value, key: str, line: int | None) -> bool:
    """Only a real YAML boolean: a quoted "false" would otherwise count as true."""
    if isinstance(value, bool):
        return value
    raise Problem(f"`{key}: {brief(value)}` should be true or false, without quotes", line)


def names(value, key: str = "names", line: int | None = None) -> list[str]:
    """A list from a YAML list or a comma-separated string (people write both). A name is one
    line: any run of white space in it is one space (a vertical tab, a form feed or U+001C-U+001E
    escaped into one is invalid in XML, and MJML refused the whole email for it)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [name for part in value.split(",") if (name := " ".join(visible(part).split()))]  # (each closed)
    # a date item is text to an editor's YAML 1.2 and to the schema: `tags: [2021-02-14]` is a tag
    if isinstance(value, list) and all(isinstance(v, (str, int, float, dt.date)) for v in value):
        return [name for v in value if (name := " ".join(visible(str(v)).split()))]
    example = list_keys.example(key)  # (in the key's own words)
    if isinstance(value, list):  # a list it is: the item is the mistake (`[Ada, ~]`, `[Ada, [x]]`)
        odd = next(v for v in value if not isinstance(v, (str, int, float, dt.date)))
        what = "an empty item" if odd is None else f"an item that is not text ({brief(odd)})"
        raise Problem(f"`{key}` has {what}; write each as text, like `{key}: {example}`", line)
    raise Problem(list_keys.not_a_list(value, key), line)


SCALAR = ["string", "number", "boolean", "null"]
NAMES = {"anyOf": [{"type": ["string", "null"]}, {"type": "array", "items": {"type": ["string", "number", "boolean"]}}]}
ONE_LINE = {"type": SCALAR, "pattern": one_line_pattern()}
PEOPLE = "people: authors (papers, articles, books) or speakers (talks, videos, podcasts); synonyms"

IMPORTED_KEYS = ("source", "id", "url", "work")  # work: importers/entry.work_key, for an item without a link


def imported(value, key: str = "imported", line: int | None = None) -> list[dict]:
    """`imported:` as a list of {source, id, url} mappings (one per source the item came from)."""
    if value in (None, ""):
        return []
    found = []
    for one in value if isinstance(value, list) else [value]:
        if (
            not isinstance(one, dict)
            or not one.get("source")
            or any(k not in IMPORTED_KEYS or isinstance(v, (list, dict)) for k, v in one.items())
        ):
            raise Problem(
                "`imported:` is written by `newsletter import` as {source: …, id: …, url: …} (or work: …); "
                "restore it or delete the line (a later import may then add the item again)",
                line,
            )
        found.append({k: str(one[k]) for k in IMPORTED_KEYS if one.get(k) not in (None, "")})
    return found


_IMPORTED = {
    "type": "object",
    "required": ["source"],
    "additionalProperties": False,
    # as `imported` reads them: a source that is something (not empty, 0 or false), the rest as text
    "properties": {k: {} for k in IMPORTED_KEYS} | {"source": {"not": {"enum": [None, "", 0, False, [], {}]}}},
}

FIELDS = {
    "type": Field(
        entry_type,
        {
            "anyOf": [
                {"enum": list(Entry.types)},
                {"type": "string", "pattern": f"^{_ANY_SPACE}(?:{'|'.join(map(any_case, Entry.types))}){_ANY_SPACE}$"},
            ]
        },
        "what it is; decides the label and the default section",
    ),
    "url": Field(
        web_address,
        {
            "anyOf": [  # empty is no link, which a book or an imported item may go without (schemas.py)
                {"type": "null"},
                {"const": ""},
                {"type": "string", "pattern": f"^{_ANY_SPACE}(?:{WEB_ADDRESS}){_ANY_SPACE}$"},
            ]
        },
        "the link, in full: https://…",
    ),
    "date": Field(
        parse_date,
        {"type": "string", "pattern": f"^{_ANY_SPACE}{ENTRY_DATE}{_ANY_SPACE}$"},
        "when you read it, YYYY-MM-DD; decides the edition",
    ),
    "title": Field(  # the thing's name as typed, never a vault's link: "Using [[nodiscard]] in C++"
        functools.partial(one_line, vault_links=False), ONE_LINE, "optional: the page's own title is fetched if missing"
    ),
    "speakers": Field(names, NAMES, PEOPLE),
    "authors": Field(names, NAMES, PEOPLE),
    "section": Field(one_line, ONE_LINE, "optional heading in the edition; default: by type"),
    "tags": Field(names, NAMES, "tags, as a list or comma-separated"),
    "by": Field(names, NAMES, "who wrote the notes, in a log several people keep: [Tom]; signed under them"),
    "draft": Field(flag, {"type": "boolean"}, "true: left out of builds until you remove it"),
    "image": Field(text, {"type": SCALAR}, "an image URL, instead of the page's own"),
    "language": Field(
        language,
        {"anyOf": [{"type": "null"}, {"const": ""}, {"type": "string", "pattern": rf"^\s*{LANGUAGE_TAG}\s*$"}]},
        "optional: the entry's language when not the log's, as a tag: en, de, pt-BR",
    ),
    "episode": Field(
        episode,
        {
            "anyOf": [
                {"type": "null"},
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": r"^(?:\s*[0-9]+\s*)?$"},
            ]
        },
        "a podcast episode's number",
    ),
    "duration": Field(
        duration,
        {
            "anyOf": [
                {"type": "null"},
                {"const": ""},
                {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 30 * 86400},
                {
                    "type": "string",
                    # some digit not 0: no length at all ("0:00", "PT0S", "P") is refused as by the reader
                    "pattern": r"^(?=[^1-9]*[1-9])\s*(?:[Pp](?:\d+[Ww])?(?:\d+[Dd])?(?:[Tt](?:\d+(?:\.\d+)?[Hh])?"
                    r"(?:\d+(?:\.\d+)?[Mm])?(?:\d+(?:\.\d+)?[Ss])?)?|\d+(?:\.\d+)?|"
                    r"(?:\d+:[0-5]?\d|\d{1,3}):[0-5]\d|"  # a clock's minutes after hours, and seconds, to 59
                    + SPOKEN_PATTERN
                    + r")\s*$",
                },
            ]
        },
        "a length of time: 1:05:37, 65 min, 1 h 5 min or PT1H5M37S (a number alone is seconds)",
    ),
    "doi": Field(one_line, ONE_LINE, "a paper's DOI (written by `import` from reference managers)"),
    "issued": Field(one_line, ONE_LINE, "when the work was published (from reference managers)"),
    "journal": Field(one_line, ONE_LINE, "where a paper appeared: its journal or conference (from reference managers)"),
    "imported": Field(
        imported,
        {"anyOf": [{"type": "null"}, {"const": ""}, _IMPORTED, {"type": "array", "items": _IMPORTED}]},
        "where `import` found the item, so a later import knows it",
    ),
}
