"""The spaces French sets as no-break ones (« Transformers », « facile » :, 400 000, 15 %), for
the notes (note_markdown's _FrenchSpaces) and the titles the author wrote (french_titles): here,
apart from Markdown, so that a build whose notes all come from the cache spaces its titles without
importing Python-Markdown (~40 ms)."""

from __future__ import annotations

import re

_FRENCH = [
    (re.compile(r"«[ \t\n]+"), "«\u202f"),
    (re.compile(r"[ \t\n]+»"), "\u202f»"),
    (re.compile(r"(?<=\S)[ \t\n]+(?=[;!?]+(?:\s|$|[»)\]]))"), "\u202f"),
    (re.compile(r"(?<=\S)[ \t\n]+(?=:(?:\s|$))"), "\xa0"),  # as the phrases' own colon
    (re.compile(r"(?<=\d)[ \t]+(?=[%‰€])"), "\u202f"),
    # a number's groups, "400 000" (not "en 2017 200 fois": a first group of four digits)
    (re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])"), lambda m: m[0].replace(" ", "\u202f")),
]


# A number and its % or ‰ with a space between, as Spanish, German and the Nordic languages set
# them too ("Lavapiés +40 % en cinco años"): on one line in every language, where the text part's
# wrap and a narrow screen put the sign alone at a line's start (new user 40); Arabic's own
# percent sign (٪, after its digits in Persian and Urdu too) and ‱ as well (review 29)
_NUMBER_AND_SIGN = [(re.compile(r"(?<=\d)[ \t]+(?=[%‰‱٪])"), "\xa0")]


def spaces_as_french(quotes: tuple[str, str] | None) -> bool:
    """Whether a language's quotes hold a no-break space (French's « »): then its typed spaces
    before « » ; : ! ? and in 400 000 are no-break ones too."""
    return bool(quotes) and quotes[0][-1:] in ("\u202f", "\xa0")


def spaced(text: str, after_word: bool = False, french: bool = True) -> str:
    """`text` with French's no-break spaces (not `french`: only a number's before its % or ‰);
    `after_word`: it follows a word (a link's tail), so a space at its start is one before
    punctuation."""
    if after_word:  # (the patterns want a character before the space; "\x01" is none of theirs)
        return spaced("\x01" + text, french=french)[1:]
    for pattern, space in _FRENCH if french else _NUMBER_AND_SIGN:
        text = pattern.sub(space, text)
    return text


def spaced_title(text: str) -> str:
    """A title or subject the author wrote, spaced as their notes are; what is between backticks
    is kept as typed, as code in a note is."""
    pieces = re.split(r"(`[^`]*`)", text)
    return "".join(piece if index % 2 else spaced(piece, after_word=index > 0) for index, piece in enumerate(pieces))
