"""A query word's singular and plural where SQLite's stemmer keeps them apart.

The index's words go through FTS5's `porter` tokenizer, an English stemmer: it joins "modelo"
and "modelos" (a final s), but not Portuguese "lição" and "lições", "rede neural" and "redes
neurais", "flor" and "flores", "homem" and "homens", nor French "journal" and "journaux":
new user 43's `search 'rede neural'` found only his English "neural networks" entries. A query
word of a log in such a language is also looked for in its other number, spelled as FTS5 folds
it (no accents); the index is unchanged. A form that is no word matches nothing.
"""

from __future__ import annotations

import unicodedata

# (ending, ending of the other number), on the word without its accents
_PORTUGUESE = (
    ("oes", "ao"), ("aes", "ao"), ("aos", "ao"), ("ao", "oes"), ("ao", "aes"), ("ao", "aos"),
    ("ais", "al"), ("eis", "el"), ("eis", "il"), ("ois", "ol"), ("uis", "ul"), ("is", "il"),
    ("al", "ais"), ("el", "eis"), ("ol", "ois"), ("ul", "uis"), ("il", "is"), ("il", "eis"),
    ("ns", "m"), ("m", "ns"), ("res", "r"), ("zes", "z"), ("ses", "s"), ("r", "res"), ("z", "zes"),
)  # fmt: skip
_SPANISH = (("ces", "z"), ("z", "ces"), ("res", "r"), ("r", "res"), ("les", "l"), ("l", "les"))
_FRENCH = (("aux", "al"), ("aux", "ail"), ("al", "aux"), ("ail", "aux"), ("eaux", "eau"), ("eau", "eaux"))
_RULES = {"pt": _PORTUGUESE, "es": _SPANISH, "fr": _FRENCH}


def folded(text: str) -> str:
    """`text` without its accents ("Zoë Müller" -> "Zoe Muller", "lições" -> "licoes"), as FTS5's
    unicode61 matches it."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def other_forms(word: str, language: str | None) -> list[str]:
    """The other number's spellings of `word` (lower-case) in `language` (a BCP 47 tag; none in
    a language without rules): "licao" and "licoes" for "lição", "neural" for "neurais". A word
    keeps three letters before its ending ("mães" is no "m" + "aes"; "uses" no "u" + "ses")."""
    rules = _RULES.get((language or "").lower().replace("_", "-").split("-")[0], ())
    plain = folded(word)
    found = {plain[: -len(end)] + other for end, other in rules if plain.endswith(end) and len(plain) > len(end) + 2}
    return sorted(found - {plain, word})
