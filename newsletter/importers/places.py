"""Where a highlight is, in the log's language: "página 12", not "page 12", in a Spanish log.

Readwise's and Hypothesis' exports give a place as a kind and a number, which the importers
write in English ("page 12", "location 1406"), as does a Kindle set to English; a Spanish,
German… log showed "(location 1406)" under a quote in an email otherwise in its language. The
words are the ones a Kindle set to that language writes, so a log's Kindle and Readwise quotes
say the same. Arabic's are the words an Arabic reader's Kindle app writes ("صفحة 12", "الموقع
1406"): an Arabic log read "(page 12)" under its Arabic quotes. A language not here, and any other
part ("at 1:02:03"), stays as written.
"""

from __future__ import annotations

import re

from newsletter.importers.model import SavedItem

_WORDS = {  # language: (page, location)
    "de": ("Seite", "Position"),
    "fr": ("page", "emplacement"),
    "es": ("página", "posición"),
    "it": ("pagina", "posizione"),
    "pt": ("página", "posição"),
    "ar": ("صفحة", "الموقع"),
}
_PART = re.compile(r"(page|location)(\s+\d.*)", re.I | re.S)


def in_language(location: str | None, language: str) -> str | None:
    """`location` ("page 45, location 690-692") with its English words in `language`'s."""
    words = _WORDS.get(language.lower().replace("_", "-").split("-")[0])
    if not location or words is None:
        return location
    parts = []
    for part in location.split(", "):
        match = _PART.fullmatch(part)
        parts.append(words[match[1].lower() == "location"] + match[2] if match else part)
    return ", ".join(parts)


def places_in_language(item: SavedItem, language: str) -> None:
    """A quote's place in the log's language ("posición 1406"). Only a quote's: a note on its
    own is known again by its place too (`left_out.passage`), and one written before in
    English would be added a second time."""
    for highlight in item.highlights:
        if highlight.text:
            highlight.location = in_language(highlight.location, language)
