"""What a list key of front matter says of a value of the wrong shape: an example in the key's own
words ("expected a list like [Ada Lovelace…]" was said of tags and of an editorial file's
favourites too, naming neither), and, for a date, what the key takes: `by: 2021-02-03` was told
only "should be a list" (attack 32), where a reader of "by" may take it for "by when"."""

from __future__ import annotations

import datetime as dt

EXAMPLES = {
    "speakers": "[Ada Lovelace, Alan Turing]",
    "authors": "[Ada Lovelace, Alan Turing]",
    "tags": "[ml, python]",
    "by": "[Priya, Tom]",
    "sections": "[Talks, Papers]",
    "favourites": "[file-name, https://…]",
}

TAKES = {
    "speakers": "names: who spoke (one, or a list)",
    "authors": "names: who wrote it (one, or a list)",
    "by": "names: who wrote the entry's notes, in a log several people keep (one, or a list), not a date",
    "tags": "tags (one, or a list)",
    "sections": "section headings (a list)",
    "favourites": "entries: their file names or links (a list)",
}


def example(key: str) -> str:
    return EXAMPLES.get(key, "[first, second]")


def not_a_list(value, key: str) -> str:
    """Why `value` (no list, no text) is refused for the list key `key`, and what to write."""
    if isinstance(value, dt.date):  # (a datetime is a date too)
        takes = TAKES.get(key, "text, or a list of it")
        return f"`{key}: {value.isoformat()}` is a date; `{key}` takes {takes}, like `{key}: {example(key)}`"
    return f"`{key}` should be a list, like `{key}: {example(key)}`"
