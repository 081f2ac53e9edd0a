"""A name written all in capitals, as a reader expects to see it: "LILIAN ALEMAGNA" ->
"Lilian Alemagna".

Some papers set their bylines in capitals (Libération, Kinzig News): that is the page's type,
not the name's spelling, and an edition listing "LILIAN ALEMAGNA" beside "Jane Doe" shouts.
Only a name wholly in capitals changes; one with any small letter ("McDonald", "van der
Berg", "André Oliver KLEIN", a surname in capitals as French bylines write it) is the way its
owner or the site spelled it, and stays.
"""

from __future__ import annotations

import re

# Joined to the surname after them: lower-case inside a name ("Ludwig van Beethoven")
_PARTICLES = frozenset("van von der den de del della di da du le la des dos das ter ten zu y e".split())
_GENERATIONS = frozenset(("II", "III", "IV", "VI", "VII", "VIII"))
# "Mc" then the capital it is written with: "MCDONALD" -> "McDonald"
_MC = re.compile(r"\bMc(\w)")
# A broadcaster's short name, three capitals and no vowel, before its region: "MDR THÜRINGEN"
_STATION = re.compile(r"[B-DF-HJ-NP-TV-XZ]{3,}")
# One-letter parts after an apostrophe or a hyphen keep their capital: "O'NEIL", "JEAN-PAUL"
_PART = re.compile(r"[^\W\d_]+", re.UNICODE)


def tidy_caps(name: str) -> str:
    """`name` in title case when it is all capitals (and has two letters or more in a row),
    else `name` unchanged."""
    if not name.isupper() or not re.search(r"[^\W\d_]{2}", name):
        return name
    words = []
    for i, word in enumerate(name.split()):
        if word in _GENERATIONS:
            words.append(word)
        elif i and word.casefold() in _PARTICLES:
            words.append(word.casefold())
        else:
            titled = _PART.sub(lambda m: m.group()[0] + m.group()[1:].lower(), word)
            words.append(_MC.sub(lambda m: "Mc" + m.group(1).upper(), titled))
    return " ".join(words)


def is_station(name: str) -> bool:
    """A desk in capitals that opens with an acronym ("MDR THÜRINGEN", "NDR KULTUR"): no person.
    (Only the first word: Czech surnames go without vowels, "PETR VLK".)"""
    words = name.split()
    return len(words) > 1 and name.isupper() and bool(_STATION.fullmatch(words[0]))
