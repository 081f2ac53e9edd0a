"""Reading a JSON object from what may be damaged, edited or foreign: a build record, a cache
row, a ledger line, a service's answer.

Valid JSON can still end a command in a traceback: "[[[[…" nested past Python's recursion limit
is a RecursionError, a number of more than 4,300 digits a ValueError that is no JSONDecodeError,
and a list where an object was written an AttributeError at the first `.get`. Each reader caught
these one by one, and each new one was found missing somewhere else.
"""

from __future__ import annotations

import json

from newsletter.workspace import open_regular

_PLAIN = json.JSONDecoder()


def json_object(text, decoder: json.JSONDecoder = _PLAIN) -> dict | None:
    """The JSON object `text` (str, or bytes as json.loads reads them) holds; None for anything
    else: not text, not JSON, JSON Python cannot read, or a value that is no object. `decoder`:
    one with an object_hook (a hook's TypeError or ValueError is a damaged value too)."""
    try:
        if isinstance(text, bytes | bytearray):
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        value = decoder.decode(text)
    except (ValueError, TypeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def json_object_in(path, largest: int | None = None) -> dict | None:
    """The JSON object of the file at `path`, read as UTF-8; None also where it cannot be read
    (none there, a folder by its name, not UTF-8). Only a regular file is read: a FIFO by the name
    of a send ledger or a build record held every build that looked at it (the editions beside a
    build's, since one day is one edition's, are read for their days), and `send`, for ever.
    `largest`: the most characters a file of its kind can hold; one longer is none, unparsed (a
    239 MB ledger beside an edition took every build of it 19 s and 3.2 GB, attack 35)."""
    try:
        with open(path, encoding="utf-8", opener=open_regular) as file:
            text = file.read() if largest is None else file.read(largest + 1)
    except (OSError, UnicodeDecodeError):
        return None
    return json_object(text) if largest is None or len(text) <= largest else None
