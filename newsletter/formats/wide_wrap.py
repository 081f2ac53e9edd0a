"""Line breaking for text that holds Chinese, Japanese or Korean characters.

Such text has no space between its words, and each of its characters takes two cells of a
monospace font: wrapped at spaces and counted in code points, a Japanese paragraph stayed one
line of 200 cells in the email's text part. Here a line may break between two characters when
either is wide, as East Asian typesetting does, except before closing punctuation and small
kana ('。', '」', 'っ') or after an opening bracket ('「'), which must not start or end a line
(kinsoku); a run of other characters (a Latin word, a URL) is never cut, and neither is a
Korean word: Korean puts spaces between its words, and its lines break there.
"""

from __future__ import annotations

import re
import unicodedata

from newsletter.formats import columns

# Characters a line must not start with, and ones it must not end with (JIS X 4051, in short).
_NO_START = frozenset(
    "、。，．・：；？！）〕］｝〉》」』】〙〗〟’”ー々〻ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ".,;:!?)]}%'\"…"
)
_NO_END = frozenset("（〔［｛〈《「『【〘〖〝‘“([{")
KEEP = "\u2060"  # WORD JOINER: between two characters a line must not break at (text.unbroken)
_SPACES = re.compile(r"([ \t\n\r\f\v]*)([^ \t\n\r\f\v]+)")


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _east_asian(char: str) -> bool:
    """A wide letter, digit or mark of Chinese, Japanese or Korean; not an emoji, which is as wide
    (a symbol: 'So', or 'Sk' for a skin tone) but no place to break a line: wrapped as such,
    'great🎉' and '🚀🚀' were cut in two, and '👍🏽' and '👨‍👩‍👧' into pieces, even in English."""
    return is_wide(char) and unicodedata.category(char) not in ("So", "Sk")


def _breaks_around(char: str) -> bool:
    """A wide character a line may break before or after: not Hangul, whose words are spaced."""
    return _east_asian(char) and not (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


def has_wide(text: str) -> bool:
    """Whether `text` holds Chinese, Japanese or Korean (text with emoji alone is wrapped as before)."""
    # No assigned character below U+1100 is wide: only those from there on are looked up, found
    # by a pass in C (a text with a typographic quote or an emoji went character by character
    # through unicodedata, its ASCII letters too).
    return not text.isascii() and any(_east_asian(found[0]) for found in _FROM_U1100(text))


_FROM_U1100 = re.compile("[^\x00-\u10ff]").finditer  # (the range written up to U+10FFFF took 10 ms to compile)


def wrap_wide(text: str, width: int, prefix: str = "", indent: str = "") -> str:
    """`text` in lines of at most `width` cells (a segment too long to break excepted), the first
    led by `prefix`, the others by `indent`; whitespace between segments is one space."""
    lines, line, used, room = [], prefix, -1, width - columns.width(prefix)
    for separator, segment in _segments(text):
        size = columns.width(segment)
        gap = 1 if separator and used >= 0 else 0
        if used >= 0 and used + gap + size > room:
            lines.append(line)
            line, used, room = indent + segment, size, width - columns.width(indent)
        else:
            line, used = line + " " * gap + segment, max(used, 0) + gap + size
    lines.append(line)
    return "\n".join(lines).replace(KEEP, "")


def _segments(text: str):
    """(whether whitespace came before, the segment) for each piece no line may break inside."""
    for space, chunk in _SPACES.findall(text):
        start, separator = 0, bool(space)
        for index in range(1, len(chunk)):
            before, after = chunk[index - 1], chunk[index]
            if KEEP in (before, after):
                continue
            if (_breaks_around(before) or _breaks_around(after)) and after not in _NO_START and before not in _NO_END:
                yield separator, chunk[start:index]
                start, separator = index, False
        yield separator, chunk[start:]
