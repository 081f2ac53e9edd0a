"""The front matter's keys and types as an author writing in another language may name them.

Keys and types are English (`authors:`, `type: talk`); an author writing in Portuguese wrote
`autores:` and `type: palestra`, and the first was ignored with no word of what it should be,
as `did_you_mean` knows only typing slips. The words are those of the languages the templates
speak with Latin letters, compared without accents or case ("duração", "Duracao").
"""

from __future__ import annotations

import unicodedata

_WORDS = {
    # keys
    "type": "tipo typ",
    "date": "fecha datum",
    "title": "titulo titre titel titolo",
    "authors": "autores autor auteurs auteur autoren autori autore",
    "speakers": "palestrantes palestrante oradores orador ponentes ponente intervenants intervenant sprecher relatori",
    "tags": "etiquetas etiqueta etiquettes schlagworte schlagwörter etichette marcadores",
    "section": "secao seccion rubrique abschnitt rubrik sezione",
    "duration": "duracao duracion duree dauer durata",
    "draft": "rascunho borrador brouillon entwurf bozza",
    "language": "idioma lingua langue sprache",
    "episode": "episodio folge",
    "image": "imagem imagen bild immagine",
    # types
    "talk": "palestra charla conferencia vortrag conference conferenza",
    "article": "artigo articulo artikel articolo",
    "book": "livro libro livre buch",
    "course": "curso cours kurs corso",
    "thread": "fio hilo fil",
    "tool": "ferramenta herramienta outil werkzeug strumento",
}


def _folded(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ENGLISH = {_folded(word): english for english, words in _WORDS.items() for word in words.split()}


# Words of the list that English writes the same way, unaccented: French's "conférence" folded
# is English's "conference", which the author wrote in English already
_ENGLISH_TOO = frozenset(("conference",))


def in_english(word: str, choices) -> str:
    """A hint naming the one of `choices` that `word` is in another language, or ""."""
    english = _ENGLISH.get(_folded(str(word)))
    if english not in set(map(str, choices)):
        return ""
    if str(word).casefold() in _ENGLISH_TOO:  # ("type: conference" was told types are written in English)
        return f" (did you mean '{english}'?)"
    return f" (did you mean '{english}'? they are written in English)"


# English words a slip away from a choice that are words of their own, with what they are and
# the choice that fits them: "type: toot", a Mastodon post, was asked "did you mean 'tool'?"
_OWN_WORDS = {"toot": ("tool", "a Mastodon post", "thread")}


def hint(word, close: str | None, choices) -> str:
    """The hint for `word`, one of `choices` or none: `close`, the choice it is a slip for (fields.did_you_mean)
    unless it is a word of its own; else the choice it is in another language."""
    if close is None:
        return in_english(word, choices)
    found = _OWN_WORDS.get(str(word).casefold())
    if found is None or found[0] != close:
        return f" (did you mean '{close}'?)"
    _, meaning, fits = found
    fitting = f": a post, or a thread of them, is a '{fits}'" if fits in set(map(str, choices)) else ""
    return f" ({meaning} is no '{close}'{fitting})"
