"""A person's name from its family and given parts, in the order their own language writes it.

Pages and exports hold names split ('Müller, Jürgen' in a citation_author or DC.creator; CSL's,
Crossref's and schema.org's given and family), and turning them around to 'Jürgen Müller' is right
for most names, but Chinese, Japanese and Korean names put the family name first, without a
space: '田中, 太郎' is 田中太郎, as citation styles print it, never '太郎 田中'.
"""

from __future__ import annotations

import unicodedata

# Scripts whose names are written family name first (the Unicode names of their characters)
_FAMILY_FIRST = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL")


def full_name(given: str, family: str) -> str:
    """'Jürgen Müller' from ('Jürgen', 'Müller'); '田中太郎' from ('太郎', '田中')."""
    given, family = given.strip(), family.strip()
    if given and family and family_first(family):
        return family + given
    return " ".join(part for part in (given, family) if part)


def family_first(text: str) -> bool:
    """Whether a name in these letters is written family name first (CJK scripts)."""
    return not text.isascii() and any(unicodedata.name(char, "").startswith(_FAMILY_FIRST) for char in text)
