"""The preheader cut to the length an inbox previews (the text shown under the subject).

Jinja's `truncate` cut it at the last space and added "...": the " · " between two titles was
left dangling ("…แบบมีโครงสร้าง ·..." in a Thai edition, "…הנתונים ·..." in a Hebrew one), and
a title in a language written without spaces (Chinese, Japanese, Thai) lost the words after its
last space, or, with none, was cut at any code point, a vowel mark parted from its letter.
Here the cut falls at a word where the language spaces its words, else between two characters
as a reader sees them (grapheme clusters, UAX #29's rules that matter for titles), never after
a separator, and is marked with "…".
"""

from __future__ import annotations

import unicodedata

LENGTH = 140  # characters, as the template cut it before (inboxes show some 100 to 200)

# Scripts written without spaces between words: their characters' Unicode names begin so.
_UNSPACED = ("CJK ", "IDEOGRAPHIC ", "HIRAGANA", "KATAKANA", "THAI ", "LAO ", "KHMER ", "MYANMAR ", "TIBETAN ")
# What parts two titles, or a title from its site, or opens what the cut would leave empty: a
# preview ending in one of these reads as if something were missing after it.
_SEPARATORS = frozenset(" \u00a0\u3000·•|/\\-–—―:;,、，：；・")
_OPENING = ("Ps", "Pi")  # ( [ « “ „
# Characters that a cluster holds after its letter (grapheme Extend beyond the M* categories):
# joiners, variation selectors, emoji skin tones and tags, Thai and Lao sara am (spacing marks),
# and Hangul's vowel and final jamo after an initial one (a syllable spelled out).
_EXTEND = frozenset("\u200c\u200d\u0e33\u0eb3")
_EXTEND_RANGES = ((0xFE00, 0xFE0F), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F), (0xE0100, 0xE01EF), (0x1160, 0x11FF))
# Thai and Lao vowels written before the consonant they follow in speech: a cluster of their own
# to Unicode, but a preview ending on one ends on half a syllable.
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
_REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)  # two make a flag


def cut(text: str, length: int = LENGTH) -> str:
    """`text` in at most `length` characters, "…" included when it is cut."""
    if len(text) <= length:
        return text
    end = _cluster_start(text, length - 1)
    kept = _trimmed(text[:end])
    if not _unspaced_before(text, end):
        space = text.rfind(" ", 0, end + 1)  # (not a no-break space: French's before its colon)
        if space > 0 and _trimmed(text[:space]):  # else a word longer than the line: cut in it
            kept = _trimmed(text[:space])
    return kept + "…"


def _trimmed(text: str) -> str:
    """`text` without the separators, spaces and opening brackets it ends with."""
    end = len(text)
    while end and (text[end - 1] in _SEPARATORS or unicodedata.category(text[end - 1]) in _OPENING):
        end -= 1
    return text[:end]


def _unspaced_before(text: str, end: int) -> bool:
    """Whether the last letter before `end` is of a script written without spaces."""
    for char in reversed(text[:end]):
        if unicodedata.category(char)[0] == "L":
            return unicodedata.name(char, "").startswith(_UNSPACED)
    return False


def _cluster_start(text: str, index: int) -> int:
    """The last place at or before `index` where a cluster of `text` begins."""
    while index > 0 and _joined(text, index):
        index -= 1
    return index


def _joined(text: str, index: int) -> bool:
    """Whether `text[index]` belongs to the cluster of the character before it."""
    before, char = text[index - 1], text[index]
    code = ord(char)
    if unicodedata.category(char)[0] == "M" or char in _EXTEND:
        return True
    if any(low <= code <= high for low, high in _EXTEND_RANGES):
        return True
    if before == "\u200d" or before in _LEADING_VOWELS:  # an emoji joined to the one before; a vowel
        return True
    if unicodedata.combining(before) == 9 and unicodedata.category(char)[0] == "L":  # a virama's conjunct
        return True
    if _regional(char) and _regional(before):  # a flag is a pair, counted from the first indicator
        run = index
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        return (index - run) % 2 == 1
    return False


def _regional(char: str) -> bool:
    return _REGIONAL_INDICATORS[0] <= ord(char) <= _REGIONAL_INDICATORS[1]
