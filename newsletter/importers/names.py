"""People named in an export's author cell, each name in the order its own language writes it
(links/name_order.py: '田中, 太郎' is 田中太郎, never '太郎 田中').
"""

from __future__ import annotations

import re

from newsletter.links.name_order import full_name

# What follows a name after a comma and is part of it: "Martin Luther King, Jr.", "Ann Lee, PhD",
# "Jane Doe, M.D.", and a company's form: "Acme, Inc.", "Ernst & Young, LLP", "Pearson, PLC"
_SUFFIX = re.compile(
    r"(?:jr|sr|ii|iii|iv|phd|ph\.d|md|m\.d|esq|mba|inc|ltd|llc|llp|lp|plc|corp|co|gmbh|ag|s\.a|n\.v)\.?", re.I
)
_AND = re.compile(r"\s+(?:and|&)\s+")

# Writers known by one name, as catalogs and bylines write them: "Plato, Aristotle" is two of
# them, where "Austen, Jane" is one person surname first. Only two such names make two people:
# "Homer, Winslow" is the painter, "Seneca, Lucius Annaeus" a catalog's Seneca.
_ONE_NAME = frozenset(
    """plato aristotle socrates homer hesiod sappho pindar aesop aeschylus sophocles euripides
    aristophanes herodotus thucydides xenophon plutarch epictetus epicurus heraclitus parmenides
    democritus diogenes pythagoras euclid archimedes ptolemy galen hippocrates plotinus porphyry
    seneca cicero virgil vergil ovid horace lucretius catullus juvenal martial tacitus livy
    suetonius sallust boethius augustine confucius mencius laozi zhuangzi xunzi mozi hanfeizi
    rumi hafez hafiz saadi ferdowsi attar khayyam kabir avicenna averroes maimonides alhazen
    voltaire molière moliere stendhal novalis petrarch colette saki hergé herge moebius banksy
    kalidasa valmiki vyasa""".split()
)


def people(cell: str) -> list[str]:
    """The people one author cell names, as Readwise writes several: "Liliana Bounegru, Jonathan
    Gray" (a page's byline), "Gene Kim, Jez Humble, and John Willis" (a store's), "Hunt, Andrew;
    Thomas, David" (a Kindle file's, surname first, one person between semicolons). A comma
    between one word and the rest ("Hunt, Andrew") is a surname's, turned as Kindle's import turns
    it, unless both are writers known by one name ("Plato, Aristotle": two people); "Jr.", "PhD"
    or "Inc." after a comma stays with its name. "and" or "&" parts people only between names of
    two words or more: "Johnson & Johnson" and a show's "Dungeons and Daddies" are one."""
    found: list[str] = []
    for group in cell.split(";"):
        named = listed(group)
        if len(named) == 2 and " " not in named[0] and not _two_known_alone(*named):
            # "Hunt, Andrew", "King, Martin Luther, Jr.": one person
            given, comma, suffix = named[1].partition(", ")
            named = [full_name(given, named[0]) + comma + suffix]
        for name in named:
            sides = _AND.split(name)
            found += sides if all(len(side.split()) >= 2 for side in sides) else [name]
    return list(dict.fromkeys(found))


def listed(cell: str) -> list[str]:
    """The names of a cell that parts people with commas, each written given name first (Goodreads'
    and The StoryGraph's): "Jr.", "PhD" or "Inc." after a comma stays with its name ("Martin Luther
    King, Jr." is one person), and an Oxford comma's "and" goes ("…, and John Willis")."""
    named: list[str] = []
    for part in (re.sub(r"^(?:and|&)\s+", "", part.strip()) for part in cell.split(",")):
        if named and _SUFFIX.fullmatch(part):
            named[-1] += ", " + part
        elif part:
            named.append(part)
    return named


def _two_known_alone(first: str, second: str) -> bool:
    """Whether "first, second" is two writers known by one name each ("Plato, Aristotle")."""
    return all(part.casefold() in _ONE_NAME for part in (first, second))
