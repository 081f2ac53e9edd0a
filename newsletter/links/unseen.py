"""Characters a reader does not see in a page's text, left out of it before it is a value.

Pure and small, shared by the cleaners of values.py: whatever a title, a name or a site's name
holds of these shows as nothing, or as a box, in the post, the email and a terminal.
"""

from __future__ import annotations

import re

# Control and zero-width characters, and soft hyphens: a German headline's hyphenation hints
# ("Paläs\xadti\xadnenser"), which a plain-text email or a search would show or trip over
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\xad\u200b\u2060\ufeff]")
# The zero-width non-joiner and joiner are letters' business: the joiner makes one emoji of
# several ("\U0001f469\u200d\U0001f4bb", a technologist; the rainbow flag), the non-joiner keeps
# Persian letters apart within a word ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"), and
# both shape Indic scripts. One between two such characters stays; beside a space, an ASCII
# letter or the value's edge, it joins nothing a reader sees.
_JOINERS = re.compile(r"[\u200c\u200d]+")


def without(value: str) -> str:
    """`value` without the characters above, the joiners that join something kept."""
    value = _INVISIBLE.sub("", value)
    if "\u200c" in value or "\u200d" in value:
        value = _JOINERS.sub(_joiner, value)
    return value


def _joiner(found: re.Match) -> str:
    text, start, end = found.string, found.start(), found.end()
    before, after = text[start - 1 : start], text[end : end + 1]
    joins = all(char > "\x7f" and not char.isspace() for char in (before, after))  # ("" is no character)
    return found.group()[-1] if joins else ""
