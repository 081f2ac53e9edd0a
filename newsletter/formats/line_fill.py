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
    # marks counted, ended some 15 columns short of the width (an emoji counts as before)
    cells = len if text.isascii() else _unmarked
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


# French sets its guillemets and its high punctuation apart with a space: a line must never
# start with "»." or "?", nor end with "«". Those spaces are glued (a private-use character
# that neither wrapper breaks at) and given back once the lines are cut.
_FRENCH_MARK = re.compile(r"[«‹] | [»›!?:;]").search
_FRENCH_SPACE = re.compile(r"(?<=[«‹]) | (?=[»›!?:;][»›!?:;.,…)\]]*(?: |$))").sub

# Any whitespace but the plain space (a tab, a no-break space) sends text to textwrap: it splits
# on ASCII whitespace but drops any chunk that str.strip() empties, Unicode spaces included.
_OTHER_SPACE = re.compile(r"[^\S ]").search
