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
# Articles, capitals inside a name ("Marine Le Pen", "Jean de La Fontaine") unless after
# another particle ("Oscar de la Hoya")
_ARTICLES = frozenset(("le", "la"))
# Written in capitals in any name: a DJ's or an MC's title, a degree after the name ("DJ
# Khaled", "Jane Doe MD"); other short words are title-cased ("St John", "Dr", "Jr")
_CAPS_WORDS = frozenset("DJ MC MD RN NP DDS DMD DVM MPH MSN BSN LPN LCSW CRNP".split())
# Scripts whose small letters the capitals do not tell: Greek capitals drop their accents
# ("ΕΛΎΤΗΣ" is written "ΕΛΥΤΗΣ", "Ελύτης" in small letters), and Turkish "I" is "ı" ("IŞIK",
# "Işık") while "İ" is "i": left in capitals rather than misspelled
_KEEP_CAPS = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]|(?=.*[İĞŞ]).*(?:I|\wİ)")
# A handle, spelled as its owner chose: "MKBHD_TECH", "GAMER42", "@NASA"
_HANDLE = re.compile(r"[\d_@]")
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
    if _KEEP_CAPS.search(name) or _HANDLE.search(name):
        return name
    words, parts = [], name.split()
    for i, word in enumerate(parts):
        if word in _GENERATIONS or word.strip(",.") in _CAPS_WORDS:
            words.append(word)
        elif 0 < i < len(parts) - 1 and _is_particle(word, parts[i - 1]):
            words.append(word.casefold())
        else:
            titled = _PART.sub(lambda m: m.group()[0] + m.group()[1:].lower(), word)
            words.append(_MC.sub(lambda m: "Mc" + m.group(1).upper(), titled))
    return " ".join(words)


def _is_particle(word: str, before: str) -> bool:
    """`word` is written small between a given name and a surname ("Vincent van Gogh"); one
    that ends the name is a surname ("Amy Le", "Lily Du")."""
    folded = word.casefold()
    return folded in _PARTICLES and (folded not in _ARTICLES or before.casefold() in _PARTICLES)


def is_station(name: str) -> bool:
    """A desk in capitals that opens with an acronym ("MDR THÜRINGEN", "NDR KULTUR"): no person.
    (Only the first word: Czech surnames go without vowels, "PETR VLK".)"""
    words = name.split()
    return len(words) > 1 and name.isupper() and bool(_STATION.fullmatch(words[0]))
