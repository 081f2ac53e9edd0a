"""The newsletter's language as every output names it: `<html lang>` of the email and the web
pages, `xml:lang` of the feeds, and the writing direction that follows from it.

A tag is BCP 47's: a language ("de"), then optional subtags ("pt-BR", "zh-Hant"). A name
("Deutsch") or a locale as systems spell it ("de_DE") was written into every page and feed as
given, where browsers, screen readers and feed validators take it for no language at all.
"""

from __future__ import annotations

import re
import unicodedata

# Languages written right to left, by primary subtag: what `dir` says on every page the tool
# writes (the email, the review, the index of editions on the web).
RIGHT_TO_LEFT = ("ar", "he", "fa", "ur", "yi", "ps", "dv", "sd", "ug", "ckb")
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def primary(language: str) -> str:
    """A tag's language alone, in small letters: "fr" for "fr-CA", "fr_CA" or "FR"."""
    return language.lower().replace("_", "-").split("-")[0]


def regional(table: dict, tag: str, language: str):
    """What `table` holds for `language` in the tag's region, keyed (language, region) in small
    letters ("pt-PT": ("pt", "pt"), Portugal's where "pt" is Brazil's); None for none."""
    regions = tag.lower().replace("_", "-").split("-")[1:]
    return next((table[language, region] for region in regions if (language, region) in table), None)


def canonical(tag: str) -> str:
    """A well-formed tag in the case BCP 47 writes it: "en" for "EN", "de-AT" for "de-at",
    "zh-Hant-TW" for "ZH-HANT-TW" (a region in capitals, a script capitalised, the rest small;
    after a one-letter subtag, "x-" or "u-", all small). The case means nothing to a reader of
    the tag, but `init --language EN` wrote language = "EN" and date_language = "EN" where init
    writes "en"."""
    parts, private = [], False
    for index, part in enumerate(tag.split("-")):
        private = private or len(part) == 1  # an extension's or a private use's subtags
        if index and not private and len(part) == 2:
            part = part.upper()
        elif index and not private and len(part) == 4 and part.isalpha():
            part = part.title()
        else:
            part = part.lower()
        parts.append(part)
    return "-".join(parts)


def text_direction(language: str) -> str:
    """`dir` for a page in `language` (a BCP 47 tag, "ar" or "he-IL"): "rtl" or "ltr"."""
    return "rtl" if primary(language) in RIGHT_TO_LEFT else "ltr"


def problem(language: str) -> str | None:
    """What is wrong with `language` as a language tag, and what to write instead; None if nothing."""
    if _TAG.fullmatch(language):
        return None
    fixed = language.replace("_", "-").split(".")[0]  # a locale: de_DE, or de_DE.UTF-8
    example = f'"{fixed}"' if _TAG.fullmatch(fixed) else '"de", "fr" or "pt-BR"'
    return (
        f"language = {language!r} is not a language tag, which the email, the web pages and the "
        f"feeds name their language by; write it like {example}."
    )


def title_language(
    title_is_fetched: bool, fetched: str | None, language: str, written_in: str | None = None
) -> str | None:
    """The language to mark on a title shown in an edition in `language`: the page's own language
    (`fetched`, from its <html lang> or Content-Language) when the title was fetched from it and
    that is another language, so a screen reader reads a Hebrew title in an English edition with
    a Hebrew voice. None when the title is the user's (the page's language says nothing about
    it), the page named none, or named it with something that is not a tag (pages write "en-US,
    fr" and worse: untrusted text). A title the author wrote is in the entry's own language,
    `written_in` (its `language:`), where that is another than the edition's."""
    if not title_is_fetched:
        fetched = written_in  # (the author's: the entry's own language, or none said)
    if not fetched or problem(fetched):
        return None
    same = fetched.split("-")[0].lower() == language.split("-")[0].lower()
    return None if same else fetched


def runs_against(text: str, language: str) -> bool:
    """Whether `text` has a letter written against the direction of `language`: a Hebrew name
    in an English edition, a Latin one in an Arabic edition. Such text is isolated (dir="auto")
    where it sits among other text, or the Unicode bidi algorithm moves the numbers and
    separators next to it: "דני כהן · 45 min" showed as "45 · ןהכ ינד min"."""
    against = ("L",) if text_direction(language) == "rtl" else ("R", "AL")
    if against != ("L",) and not may_hold_right_to_left(text):
        return False
    return any(unicodedata.bidirectional(char) in against for char in text)


# Every block of Unicode that holds a right-to-left character (Hebrew to Arabic Extended-A, their
# presentation forms, the historic scripts above U+FFFF), and the right-to-left mark: all that
# Unicode classes R or AL (checked against every code point), and some other characters with it.
_RIGHT_TO_LEFT_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def may_hold_right_to_left(text: str) -> bool:
    """False when `text` has no right-to-left letter, in one pass of the regex engine: what most
    English notes and titles get asked, which their curly quotes and dashes (U+2019, U+2014)
    made every one of their characters' classes looked up for. Text of ASCII alone (a name, a
    site, a duration, a note without curly quotes: half the texts a build asks) is known to be
    without one, as Python's str knows it is ASCII at no cost: the regex was 5 ns a character."""
    return not text.isascii() and _RIGHT_TO_LEFT_BLOCKS.search(text) is not None


def words_of_each(text: str) -> tuple[int, int]:
    """How many of `text`'s words (between spaces) are written right to left, and how many left
    to right, each by its first letter: a Hebrew sentence naming two CSS properties, "סרטון קצר על
    margin-inline-start ו-padding-inline-end.", has more Latin letters than Hebrew ones, and was
    laid out left to right by them; it has five Hebrew words to one English (ו-, "and", and ב-,
    "in", are Hebrew words written onto the next: "ב-CSS" is read as Hebrew)."""
    right = left = 0
    for word in text.split():
        for char in word:
            if not char.isalpha():
                continue  # a mark is no word: the right-to-left mark sites put after an English title
            found = unicodedata.bidirectional(char)
            if found in ("R", "AL"):
                right += 1
                break
            if found == "L":
                left += 1
                break
    return right, left


def title_direction(title: str) -> str:
    """`dir` for a title among other words: "auto" (its own direction, by its first letter), but
    for a title with letters of both directions the direction most of its words have (words_of_each). "auto" laid
    "Zotero 8 يدعم العربية" out left to right in an Arabic edition, to be read "supports Arabic
    Zotero 8"; "שלום עולם: C++ ב-2024!" stays right to left."""
    if not may_hold_right_to_left(title):
        return "auto"  # (one direction: as below, without looking up each letter's)
    right, left = words_of_each(title)
    if not right or not left or right == left:
        return "auto"
    return "rtl" if right > left else "ltr"


def isolated(text: str, language: str) -> str:
    """`text` in a Unicode isolate when it runs against the direction of `language`: plain text's
    dir, as title_direction gives it (first-strong U+2068, or right-to-left U+2067 / left-to-right
    U+2066 for a mixed title by most of its words), closed by U+2069. In an English text part,
    "שלום עולם [1]" showed as "[1] שלום עולם", the bracket and number joined to the Hebrew."""
    if not text or ADDRESS.fullmatch(text) or not runs_against(text, language):
        return text  # (an address is its own reference, and a mail app would link the U+2069 with it)
    return f"{_OPENING[title_direction(text)]}{text}\u2069"


_OPENING = {"auto": "\u2068", "rtl": "\u2067", "ltr": "\u2066"}
_ISOLATE_MARKS = re.compile("[\u2066-\u2069]")  # the three openings and the one end

# An address in text: what an entry is titled with when nothing was fetched (models.readable_url),
# and no words of a language when a paragraph's direction is counted (block_direction)
ADDRESS = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.I)


def isolated_per_line(text: str) -> str:
    """`text` with an isolate (`isolated`) cut by a line's end closed there and opened again,
    the same, on the next line: each line is a paragraph of its own to the bidi algorithm, so a
    long Hebrew title's last line took its [1] to its left again."""
    lines, still_open = [], []
    for line in text.split("\n"):
        words = "".join(still_open) + line.lstrip(" ")  # (after the indent: the isolate holds words only)
        for mark in _ISOLATE_MARKS.findall(words[len(still_open) :]):
            if mark == "\u2069":
                if still_open:
                    still_open.pop()
            else:
                still_open.append(mark)
        lines.append(line[: len(line) - len(line.lstrip(" "))] + words + "\u2069" * len(still_open))
    return "\n".join(lines)
