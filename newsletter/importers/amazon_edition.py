"""A book's title without the "(Spanish Edition)" Amazon adds to it in a store of another language.

"La sombra del viento (Spanish Edition)" from amazon.com, "(English Edition)" from amazon.de:
the Kindle writes the store's title, and Readwise keeps it for the books it syncs from one, so a
Spanish email said "(Spanish Edition)", in English. Every language the newsletter writes in is
here; an edition that is the book's own ("Second Edition", "Collector's Edition") stays.
"""

from __future__ import annotations

import re

_LABEL = (
    r"(?:Spanish|English|German|French|Italian|Portuguese|Japanese|Dutch|Swedish|Danish|Norwegian"
    r"|Chinese|Korean|Catalan|Galician|Basque|Kindle) Edition"
)
_EDITION = re.compile(rf"\s*\({_LABEL}\)$", re.I)
_NAME = re.compile(rf"\s*{_LABEL}\s*", re.I)


def without_edition(title: str) -> str:
    return _EDITION.sub("", title) or title


def is_edition(name: str) -> bool:
    """Whether a name is Amazon's edition, not a person: a Kindle book without an author in its
    title line ("La sombra del viento (Spanish Edition)") was imported by "Spanish Edition"."""
    return bool(_NAME.fullmatch(name))
