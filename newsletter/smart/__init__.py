"""Local intelligence over the whole log, offline: search, related entries, sections, quotes.

Everything here runs on the author's machine with a small embedding model that ships inside
a registry package (wordllama's 256-dimension `l2_supercat` token table and its tokenizer,
16 MB) and SQLite FTS5 for words. Nothing is downloaded, no hosted model is called.

    model.py      the shipped weights and tokenizer, loaded directly (numpy, for batches)
    tokens.py     the shipped tokenizer in pure Python (the library's ids, a quarter of its load)
    cjk.py        Japanese, Chinese and Korean: character pairs for the index, hashed for vectors
    quick.py      one short text embedded in pure Python (queries: no numpy import)
    index.py      the index under .newsletter/smart.sqlite: incremental, rebuilt if corrupt
    neighbours.py each entry's nearest entries, computed at index time, updated incrementally
    search.py     search and related over the index; `previously` for the build
    quotes.py     key passages of a long text, extractively
    sections.py   section proposals for a period, and writing `section:` lines
    tags.py       near-duplicate tags
    words.py      words that say nothing of a topic (left out of scores, names and queries)
    word_forms.py a query word's other number, where the index's English stemmer misses it
    copies.py     which files the builds leave out as a sync client's copy, told as they tell it

It is an optional extra (`pip install 'newsletter[smart]'`); `require()` says how to get it.
"""

from __future__ import annotations

from importlib.util import find_spec

from newsletter.errors import NewsletterError

INSTALL = "pip install 'newsletter[smart]'"


def available() -> bool:
    """Whether the extra is installed (without importing any of it)."""
    try:
        return all(find_spec(name) is not None for name in ("numpy", "wordllama"))
    except (ImportError, ValueError):  # a package hidden or half-removed counts as missing
        return False


def require(what: str) -> None:
    """Raise a one-line error saying how to install the extra when it is missing."""
    if not available():
        raise NewsletterError(f"`newsletter {what}` needs the local model, an optional extra: {INSTALL}")
