"""Whether an edition's title already says the newsletter's name, so that its default subject is
the title alone: "{name}: {title}" said it twice ("Links I loved: Links I loved, week 28").

Said again in other words counts too: Olena's Ukrainian log, named "Що я прочитала" with months
titled "Прочитане: {month} {year}", had every subject read "Що я прочитала: Прочитане: грудень
2026"; a Swedish one named as init's category, "det jag har läst", "… : Det jag läste i …"."""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD = re.compile(r"\w+")


def says_name(title: str, name: str) -> bool:
    """Whether `title` holds `name`, whole (any case, as a word: "Data" is not "Database digest"'s),
    or each of its words of four letters or more in another form of the same word."""
    folded, name = title.casefold(), name.casefold().strip()
    if not name:
        return False
    start = folded.find(name)
    while start != -1:
        end = start + len(name)
        if _word_edge(folded, start - 1, start) and _word_edge(folded, end - 1, end):
            return True
        start = folded.find(name, start + 1)
    words = [word for word in _WORD.findall(name) if len(word) >= 4 and not word.isdigit()]
    in_title = _WORD.findall(folded)
    return bool(words) and all(any(_same_word(word, other) for other in in_title) for word in words)


# What a subject puts between the name it begins with and the edition's own words: a colon in
# each language's form ("Mes lectures\u00a0: …", "読書記録：…"), a dash, a bar, a comma.
_AFTER_NAME = ":：|–—-·,"


@functools.lru_cache(maxsize=4096)  # (every edition, at every build: the index and its links name each)
def listed_as(subject: str, title: str, name: str) -> str:
    """An edition as a list headed by the newsletter's `name` shows it (the web archive's index):
    its subject without the name it begins with ("Links I loved: Week 49", "Mes lectures : Mars"),
    its `title` where the subject says the name otherwise ("Data Science Programming February
    2021 Newsletter"), else the subject, which is the author's own words."""
    start = name.strip()
    if start and subject[: len(start)].casefold() == start.casefold():
        rest = subject[len(start) :].lstrip()  # (a letter next: "Data" began "Database digest")
        if rest[:1] and rest[0] in _AFTER_NAME and (edition := rest.lstrip(_AFTER_NAME).strip()):
            return edition
    return title or subject if says_name(subject, name) else subject


def _word_edge(text: str, before: int, after: int) -> bool:
    """Whether a word may end between text[before] and text[after]: not between two letters of a
    script written with spaces (in Japanese, Chinese or Thai, "に読んだもの" holds "読んだもの")."""
    if before < 0 or after >= len(text):
        return True
    return not (_spaced_letter(text[before]) and _spaced_letter(text[after]))


def _spaced_letter(character: str) -> bool:
    if not character.isalnum():
        return False
    name = unicodedata.name(character, "")
    return not name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"))


def _same_word(one: str, other: str) -> bool:
    """Two forms of one word, near enough: all but at most their last two letters the same, four
    at least ("прочитала", "прочитане"; "läst", "läste"), and a word that is the other's start with
    one letter more at most: "Links" is not "Linksys", "Data" not "Database"."""
    shorter, longer = sorted((one, other), key=len)
    common = len(shorter)
    for index, letter in enumerate(shorter):
        if longer[index] != letter:
            common = index
            break
    if common < 4 or len(shorter) - common > 2 or len(longer) - common > 2:
        return False
    return common < len(shorter) or len(longer) - common <= 1
