"""Capitals and small letters as the newsletter's language writes them: the text part's headings
("KİTAPLAR"), the year in review's kinds of entries ("5 inceleme").

Python's `str.upper()` is Unicode's mapping for no language in particular, where "i" is "I". In
Turkish and Azerbaijani "i" and "ı" are two letters, and their capitals two: "İ" and "I"
(Unicode's SpecialCasing.txt, the rules it gives those two languages). A Turkish heading
"Okuduğunuz için teşekkürler" in capitals read "OKUDUĞUNUZ IÇIN", the dotless letter of another word.
"""

from __future__ import annotations

from newsletter.formats.language_tag import primary

DOTTED_I = ("tr", "az")  # the languages whose i keeps its dot in capitals


class InEnglish(str):
    """A phrase said in English where the newsletter's language has no words for it (wording.py):
    its capitals are English's, "THE YEAR IN NUMBERS" in a Turkish review, not "İN"."""

    language = "en"


class InLanguage(str):
    """Words of another language than the newsletter's, which take that language's capitals: a
    section its English entries (`language: en`) name "Machine Learning" in a Turkish log."""

    def __new__(cls, text: str, language: str):
        said = super().__new__(cls, text)
        said.language = language
        return said


def upper(text: str, language: str) -> str:
    """`text` in capitals, as `language` writes them (Jinja's `upper`, in the language)."""
    if primary(getattr(text, "language", language)) in DOTTED_I:
        text = text.replace("i", "İ")  # (a Markup stays one: replace and upper return its type)
    return text.upper()


def lower(text: str, language: str) -> str:
    """`text` in small letters, as `language` writes them: in Turkish and Azerbaijani İ is i and I
    is ı, where Python's "İ".lower() is an i and a combining dot, an i of two dots in most fonts."""
    if primary(getattr(text, "language", language)) in DOTTED_I:
        text = text.replace("İ", "i").replace("I", "ı")
    return text.lower()
