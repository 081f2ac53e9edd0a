"""A JSON object this process has just written, kept so that it does not read and parse it again.

A build writes its edition's record (dist/<PERIOD>/build.json, 77 KB for a 50-entry month), then
read it back for the feeds, and the next build read it again before writing its own: three reads
and parses of what the process had in hand, a millisecond of a changed note's build at a
terminal (the waiting process builds again and again). The record is kept as the file holds it,
by the file's identity and times (inode, size, mtime, ctime): a file written since, by anyone, in
place or renamed over it, is read as it is now. But a rewrite of the same size within a
timestamp's tick keeps all of them (files/derived.py), and a record is kept just as it is
written: it is read once more when the tick is over, then kept as read. Each read gets its own
copy, which the caller may change at will. Only a few files are kept.
"""

from __future__ import annotations

import json
import marshal
import os

from newsletter.files.derived import identity, racy
from newsletter.formats import json_object

_KEPT: dict[str, tuple[tuple[int, ...], str, bool]] = {}  # name -> (identity, text, kept within a tick of its times)
_MOST = 8


def keep(path, text: str) -> None:
    """`text`, the JSON `path` was just written with: kept as the file holds it, and parsed only
    when read (`kept`). A worker of `build --all` never reads its records back (the parent has
    their summaries), and turning each into what a parse gives, for marshal, was a third of
    writing it (~0.3 ms an edition); at a terminal, a record read twice costs as much as before."""
    name = os.fspath(path)
    _KEPT.pop(name, None)
    try:
        status = os.stat(name)
    except OSError:
        return
    _KEPT[name] = (identity(status), text, racy(status))
    while len(_KEPT) > _MOST:
        del _KEPT[next(iter(_KEPT))]  # the one kept longest ago


def kept(path) -> dict | None:
    """The object kept of `path`, if the file is still as it was written; else None. Each read
    parses the text anew, so it is the caller's own to change."""
    name = os.fspath(path)
    found = _KEPT.get(name)
    if found is None:
        return None
    try:
        status = os.stat(name)
    except OSError:
        return None
    if identity(status) != found[0]:
        return None
    if found[2] and not racy(status):  # kept within the tick: a same-sized rewrite then kept every time
        try:
            with open(name, encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError):
            _KEPT.pop(name, None)
            return None
        _KEPT[name] = (identity(status), text, False)  # (its times, asked before the read, are past the tick)
        found = _KEPT[name]
    return json_object.json_object(found[1])


def json_object_in(path, largest: int | None = None) -> dict | None:
    """json_object.json_object_in, from what was kept while the file is as it was written."""
    found = kept(path)
    return found if found is not None else json_object.json_object_in(path, largest)


# The feed items of the edition made ahead (commands/prepared.py), as the build record's JSON
# holds them, encoded when it was made: the build that publishes it encoded those 66 KB again
# (a 50-entry month; sorting every item's keys), half a millisecond of a changed note's build at
# a terminal. Taken only for items that are, type for type, what was encoded (their marshal:
# 1 and 1.0 and True are equal, and JSON writes them apart; in marshal's version 2, which does
# not mark the objects referred to twice, so the same value is the same bytes whoever holds it).
# The last edition made's only.
_AHEAD: tuple[bytes, str] | None = None
_MARSHAL = 2


def encode_ahead(value) -> None:
    """Encode `value` now, for `encoded` to give when asked for the same."""
    global _AHEAD
    try:
        _AHEAD = (marshal.dumps(value, _MARSHAL), json.dumps(value, sort_keys=True, ensure_ascii=False))
    except (ValueError, TypeError):  # (marshal has no datetime, JSON no set: encoded when asked)
        _AHEAD = None


def encoded(value) -> str:
    """`value` as JSON with its keys sorted, all text as it is: what was encoded ahead of it."""
    try:
        same = _AHEAD is not None and marshal.dumps(value, _MARSHAL) == _AHEAD[0]
    except ValueError:
        same = False
    return _AHEAD[1] if same else json.dumps(value, sort_keys=True, ensure_ascii=False)
