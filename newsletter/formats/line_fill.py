"""Prose cut into lines of the plain-text part: at its spaces, never inside a word or at a
hyphen (text.wrap's lines, before they are isolated per line)."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from newsletter.formats.wide_wrap import has_wide, wrap_wide


def fill(text: str, width: int, prefix: str, indent: str) -> str:
    indent = indent or prefix
    if _FRENCH_MARK(text):
        glued = _FRENCH_SPACE("\ue000", text)
        if glued != text:  # else a space the mark check saw but the gluing does not (" :=")
            return fill(glued, width, prefix, indent).replace("\ue000", " ")
    if has_wide(text):  # Chinese, Japanese, Korean: breaks between characters, two cells each
        return wrap_wide(text, width, prefix, indent)
    if not text or "  " in text or text[0] == " " or text[-1] == " " or _OTHER_SPACE(text):
        return textwrap.fill(
            text,
            width=width,
            initial_indent=prefix,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines, line, room = [], prefix, width - len(prefix)
    used = -1  # columns on the line so far, minus the space before the first word
    # a word's characters but its marks, which take no column: Thai lines, their vowel and tone
    # marks counted, ended some 15 columns short of the width (an emoji counts as before). Text
    # in letters that are never marks (a curly quote, a facts line's '·') is measured by len.
    cells = len if text.isascii() or _NEVER_MARKS(text) else _unmarked
    for word in text.split(" "):
        size = cells(word)
        if used >= 0 and used + 1 + size > room:
            lines.append(line)
            line, room, used = indent + word, width - len(indent), size
        elif used < 0:
            line, used = line + word, size
        else:
            line, used = f"{line} {word}", used + 1 + size
    lines.append(line)
    return "\n".join(lines)


def _unmarked(word: str) -> int:
    return len(word) - sum(unicodedata.category(char) in ("Mn", "Me") for char in word)


# Blocks that hold no mark (Mn, Me) in this Python's Unicode, so that a text of them alone is
# measured in C: _unmarked looks up each character's category in Python, on nearly every line
# of the text part (the facts' '·', a ’ or an é is enough; issue #17). Other letters (Thai,
# Hindi, an emoji's variation selector) still take _unmarked. tests/test_plaintext.py checks
# every code point here against unicodedata: a Unicode that makes one of them a mark fails it.
NEVER_MARKS = (
    ("\x00", "\u02ff"),  # Latin, IPA, spacing modifier letters
    ("\u0370", "\u0482"),  # Greek, Cyrillic
    ("\u048a", "\u0590"),  # Cyrillic (after its combining signs), Armenian
    ("\u05d0", "\u05ff"),  # Hebrew letters (not its points)
    ("\u0600", "\u060f"),  # Arabic: signs, its comma; letters and digits without their harakat
    ("\u061b", "\u064a"),
    ("\u0660", "\u066f"),
    ("\u0671", "\u06d5"),  # Persian's and Urdu's letters too
    ("\u06ee", "\u06ff"),
    ("\u1e00", "\u1fff"),  # Latin extended additional (Vietnamese), Greek extended
    ("\u2000", "\u20cf"),  # punctuation (dashes, quotes, spaces), super- and subscripts, currency
    ("\u2100", "\u2cee"),  # letterlike symbols, arrows, maths, shapes, dingbats, Latin extended-C
    ("\ue000", "\uf8ff"),  # private use: the glued spaces of fill and text.wrap
    ("\U0001f000", "\U0001faff"),  # emoji and pictographs (a skin tone is a symbol, Sk)
)
_NEVER_MARKS = re.compile("[" + "".join(f"{low}-{high}" for low, high in NEVER_MARKS) + "]*").fullmatch


# French sets its guillemets and its high punctuation apart with a space: a line must never
# start with "»." or "?", nor end with "«". Those spaces are glued (a private-use character
# that neither wrapper breaks at) and given back once the lines are cut.
_FRENCH_MARK = re.compile(r"[«‹] | [»›!?:;]").search
_FRENCH_SPACE = re.compile(r"(?<=[«‹]) | (?=[»›!?:;][»›!?:;.,…)\]]*(?: |$))").sub

# Any whitespace but the plain space (a tab, a no-break space) sends text to textwrap: it splits
# on ASCII whitespace but drops any chunk that str.strip() empties, Unicode spaces included.
_OTHER_SPACE = re.compile(r"[^\S ]").search
