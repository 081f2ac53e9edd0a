"""Caseless finds what re.IGNORECASE finds, at the same places, in ASCII text and in any other."""

from __future__ import annotations

import itertools
import re

import pytest

from newsletter.links.caseless import Caseless, Words, fold
from newsletter.links.dates import MODIFIED

# The kinds of pattern the byline and date rules use: alternations of words, a lookahead, word
# boundaries, non-ASCII words among ASCII ones
PATTERNS = [
    r"comment|avatar|bio|about|image|photo|caption|credit|related|more-|recommend|share|social",
    r"date|publish|posted|timestamp|meta(?![-_]?(?:nav|menu|slider))|byline",
    MODIFIED.pattern,
    r"\b(?:registriert|joined|member since)\b(?: (?:am|on))?\s*:?\s*(?=[^\n]{0,12}\d)",
    r"[a-z]+-bio(?:\s|$)|[^a-z]ski",
    # the walls' titles: whole-title matches with optional parts and a site after a separator
    r"(before you continue( to .+)?|just a moment|(sign|log) ?-?in( to .+)?|(error )?(403|404)( [a-z ]+)?)"
    r"[.…!\s]*(\s[|\-–—·•:]\s.*)?",
]

TEXTS = [
    "",
    "entry-author vcard",
    "Post-Meta entry-META",
    "flex items-center gap-4 px-4 py-2 text-sm hover:bg-gray-100 dark:text-gray-200 AUTHOR-BIO",
    "c-byline__meta--Nav metaslider Meta-Menu post-meta",
    "Updated: 3 May 2021",
    "Zuletzt Geändert am 3. Mai 2021",
    "LETZTE ÄNDERUNG: 03.05.2021",
    "Mis à jour le 4 mai",
    "MODIFIÉ le 4 mai",
    "Stand: 12.03.2021",
    "instand: 12.03.2021",
    "Joined Sep 18, 2008",
    "MEMBER SINCE: 2008",
    "Just a moment...",
    "ERROR 404 Not Found – Example Site",
    "Sign-In To Continue | Example",
    "Before You Continue to YouTube",
    # letters whose case partners are not ASCII: the Kelvin sign, the long s, the dotless and
    # the dotted capital i, which IGNORECASE matches to k, s and i
    "\u212aomment image",
    "po\u017fted",
    "b\u0131o",
    "\u0130mage",
    "SOC\u0130AL",
    "ta\u212a ski OSKI",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_same_match_as_ignorecase(pattern):
    caseless, ignorecase = Caseless(pattern), re.compile(pattern, re.IGNORECASE)
    for text, start in itertools.product(TEXTS, (0, 3)):
        for method in ("search", "match", "fullmatch"):
            got = getattr(caseless, method)(text, start)
            want = getattr(ignorecase, method)(text, start)
            assert (got and got.span()) == (want and want.span()), (method, text, start)


def test_a_capital_in_the_pattern_is_refused():
    """A capital letter would never match the lower-cased text: written so, it is a mistake."""
    with pytest.raises(ValueError, match="lower case"):
        Caseless(r"Updated|modified")
    Caseless(r"\bstand:\s+\S+\W\d")  # escapes are no capitals


def test_words_match_every_character_as_ignorecase_does():
    """Folded to ASCII, every character of every script stays one character, and is an ASCII
    letter (or the space) exactly where re.IGNORECASE matches it to that letter: Words' answer
    is re.IGNORECASE's for any text."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = fold(every)
    assert len(folded) == len(every)
    for letter in "abcdefghijklmnopqrstuvwxyz ":
        ignorecase = [m.start() for m in re.finditer(letter, every, re.IGNORECASE)]
        assert [m.start() for m in re.finditer(letter, folded)] == ignorecase, letter


@pytest.mark.parametrize("text", TEXTS + ["Registriert: 12.03.2009", "Mitglied seit 2009", "REG\u0130STR\u0130ERT am"])
def test_words_answer_as_ignorecase(text):
    names = ("registriert", "mitglied seit", "member since", "joined", "comment", "bio", "image")
    assert Words(*names).found_in(text) == bool(re.search("|".join(names), text, re.IGNORECASE))


def test_words_are_lower_case_ascii():
    with pytest.raises(ValueError, match="lower-case ASCII"):
        Words("joined", "Mitglied")
    with pytest.raises(ValueError, match="lower-case ASCII"):
        Words("geändert")
