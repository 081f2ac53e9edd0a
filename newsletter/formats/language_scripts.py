"""Whether a page's statement of its language fits its title: the script a language is written in.

A page says its language in <html lang>, og:locale or Content-Language, and the tool believed it:
a title fetched from a page saying lang="ar" over English words was marked lang="ar" in the email,
its web page and the feeds, where a screen reader read the English in an Arabic voice, and `new`
wrote `language: ar` into the entry, which laid the author's English notes out right to left with
Arabic quotation marks. Sites say it wrongly often enough (a theme's lang left at "en-US" on a
Russian blog, a newsroom's English section under its Arabic template), and a hostile page at will.
A statement is believed unless the title has letters and none of them is of a script the language
is written in (a language this table does not know: none of them of a script it does know).
"""

from __future__ import annotations

import unicodedata

from newsletter.formats.language_tag import primary

# The scripts a language is written in, by primary subtag, as Unicode names its letters' first word.
_CJK = ("CJK",)
_SCRIPTS = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "sd", "ug", "ckb"), ("ARABIC",)),
    **dict.fromkeys(("he", "yi"), ("HEBREW",)),
    **dict.fromkeys(("ru", "uk", "bg", "be", "mk", "kk", "ky", "mn", "tg"), ("CYRILLIC",)),
    "sr": ("CYRILLIC", "LATIN"),
    "el": ("GREEK",),
    "zh": _CJK,
    "ja": (*_CJK, "HIRAGANA", "KATAKANA"),
    "ko": ("HANGUL", *_CJK),
    **dict.fromkeys(("hi", "mr", "ne"), ("DEVANAGARI",)),
    "bn": ("BENGALI",),
    "ta": ("TAMIL",),
    "te": ("TELUGU",),
    "kn": ("KANNADA",),
    "ml": ("MALAYALAM",),
    "gu": ("GUJARATI",),
    "pa": ("GURMUKHI", "ARABIC"),
    "th": ("THAI",),
    "lo": ("LAO",),
    "km": ("KHMER",),
    "my": ("MYANMAR",),
    "si": ("SINHALA",),
    "ka": ("GEORGIAN",),
    "hy": ("ARMENIAN",),
    "am": ("ETHIOPIC",),
    "dv": ("THAANA",),
}
# (Latin is the rest's: a language this table does not know is most likely written in it)
_KNOWN = frozenset(script for scripts in _SCRIPTS.values() for script in scripts) - {"LATIN"}


def fitting(language: str | None, title: str | None) -> str | None:
    """`language`, a page's statement of it, unless its `title` has letters and none is of a
    script the language is written in; then None, the page's language unknown."""
    if not language or not title:
        return language
    scripts = {_script(char) for char in title if char.isalpha()}
    if not scripts:
        return language  # (digits and symbols: nothing says otherwise)
    written_in = _SCRIPTS.get(primary(language))
    if written_in is None:
        return language if scripts - _KNOWN else None
    return language if scripts.intersection(written_in) else None


def _script(letter: str) -> str:
    return unicodedata.name(letter, "").split(" ", 1)[0]
