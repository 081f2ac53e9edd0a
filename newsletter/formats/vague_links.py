"""Link words that say nothing of where a link goes: "here", "click here", "ici", a bare "[1]".

A screen reader's list of the links on a page (Orca's, VoiceOver's rotor) reads each link's words
alone, out of their sentence: "here, here, read more" tells its user nothing. doctor holds the
built email to these words, in the language of the text around each link (a French entry's <div
lang="fr"> in an English edition), and check names the entry whose note says one.
"""

from __future__ import annotations

import re

from newsletter.formats.language_tag import primary
from newsletter.formats.notes import NoteParser
from newsletter.models import Entry

_WORDS = "click|tap|here|this|link|more|read|go|now|on|the|to|please"
# The same in the language of the text around the link: a French note's "[ici](…)", "cliquez
# ici" or "en savoir plus" passed, where "here" failed; so did an Arabic note's "اضغط هنا"
# (click here), "من هنا" (from here) or "اقرأ المزيد" (read more)
_WORDS_IN = {
    "fr": "cliquez|cliquer|clique|appuyez|ici|là|ce|cet|cette|lien|plus|lire|la|le|suite|en|savoir|voir|sur",
    "ar": "اضغط|إضغط|اضغطي|انقر|إنقر|انقري|هنا|من|هذا|هذه|على|الرابط|رابط|المزيد|للمزيد|اقرأ|إقرأ|اقرئي|تابع|التفاصيل",
}
# a footnote-style link, "[1](…)", "[12]" or "(2)": a list of links says only the number; a bare
# one of three digits or more may well name its work, a book's "1984", a film's "2046"
_NUMBERED = re.compile(r"^(?:\[\d+\]|\(\d+\)|\d{1,2})$")


def _pattern(words: str) -> re.Pattern:
    return re.compile(rf"^({words})(\s+({words}))*[.!:…]*$", re.I)


_PATTERNS = {language: _pattern(f"{_WORDS}|{words}") for language, words in _WORDS_IN.items()}
_ENGLISH = _pattern(_WORDS)


def is_vague(text: str, language: str, href: str = "") -> bool:
    """Whether a link reading `text`, in `language` (a tag), to `href` says nothing of where it
    goes; English's words are vague in every language. A number is, unless it leads within the
    page: a footnote's mark, "A claim[^1]", is "1" by every convention, its note below."""
    if _NUMBERED.match(text):
        return not href.startswith("#")
    return bool(_PATTERNS.get(primary(language), _ENGLISH).match(text))


def in_notes(entries: list[Entry], language: str) -> list[tuple[Entry, str]]:
    """(entry, what to say) for the first link in each entry's note whose words are vague, judged
    in the entry's language (else the log's, `language`); the note parsed as the build parses it."""
    found = []
    parser = NoteParser()  # no state folder: these notes are parsed here only
    for entry in entries:
        if "](" not in entry.notes and "<a" not in entry.notes and "][" not in entry.notes:
            continue  # a note without a link is not parsed at all
        for link in parser.parse(entry.notes).tree.iter("a"):
            text = " ".join("".join(link.itertext()).split())
            if text and is_vague(text, entry.language or language, link.get("href") or ""):
                found.append(
                    (
                        entry,
                        f'the link "{text}" ({link.get("href") or "?"}) says nothing of where it goes to '
                        "screen reader users, who hear a list of links' words alone; link the words that "
                        "name it: [the slides of the talk](…)",
                    )
                )
                break
    return found
