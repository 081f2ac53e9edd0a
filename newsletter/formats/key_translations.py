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
