"""Case-insensitive patterns that stay fast on long class lists and lines: `Caseless`.

`re.IGNORECASE` compares every character through Unicode's case tables, at every place and for
every alternative it tries: "comment|avatar|bio|..." searched in a Tailwind element's
150-character class list took 65 µs, and the byline and date rules search thousands of them a
page. ASCII text lower-cased needs no table: the same pattern without the flag finds the same
match at the same place in a seventh of that time, since an ASCII letter matches no other
letter but its own capital (the Kelvin sign, the long s and the dotted and dotless i are not
ASCII) and lowering moves no character. Text with anything else in it is searched as before.
"""

from __future__ import annotations

import re


class Caseless:
    """`re.compile(pattern, re.IGNORECASE)`, for a pattern written in lower case. A match in
    ASCII text is made on its lower-cased copy: its places are the text's, its groups lower case."""

    def __init__(self, pattern: str):
        # (escapes such as \S or \b are the pattern's own; any other capital would never match)
        if re.search(r"[A-Z]", re.sub(r"\\.", "", pattern)):
            raise ValueError(f"a Caseless pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self._folded = re.compile(pattern)
        self._unicode = re.compile(pattern, re.IGNORECASE)

    def _pick(self, text: str):
        return (self._folded, text.lower()) if text.isascii() else (self._unicode, text)

    def search(self, text: str, *bounds: int) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.search(text, *bounds)

    def match(self, text: str, *bounds: int) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.match(text, *bounds)

    def fullmatch(self, text: str, *bounds: int) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.fullmatch(text, *bounds)


# Besides the ASCII capitals, the only characters re.IGNORECASE matches to an ASCII letter: the
# dotted capital I and the dotless i (to i), the long s (to s) and the Kelvin sign (to k, which
# lower() gives). Turned into those letters, then lowered, any text keeps its length, and an ASCII
# word is found in it where re.IGNORECASE finds it (tests/test_caseless.py asks every code point).
_TO_ASCII = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))


class Words:
    """Whether a text holds any of some words of ASCII letters, in any case: what
    `re.compile("|".join(words), re.IGNORECASE).search` answers, for text in any script."""

    def __init__(self, *words: str):
        if not all(re.fullmatch(r"[a-z ]+", word) for word in words):
            raise ValueError(f"Words are lower-case ASCII letters and spaces: {words!r}")
        self._pattern = re.compile("|".join(words))

    def found_in(self, text: str) -> bool:
        return self._pattern.search(fold(text)) is not None


def fold(text: str) -> str:
    """`text` lower-cased, its other letters that match an ASCII letter regardless of case made that letter."""
    if text.isascii():
        return text.lower()
    # (three str.replace, not a str.translate table, which is looked up for every character: the
    # 38,000 characters of lines around an IGN wiki page's headline took 1.9 ms to fold, now 0.2)
    for char, letter in _TO_ASCII:
        text = text.replace(char, letter)
    return text.lower()
