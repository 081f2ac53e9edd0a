"""The digests of an edition's email, text and message, taken when it is made ahead.

A build hashes what it writes twice: sha256 for the build record (publish.write_build_record),
blake2b for the stamp (commands/uptodate.py). At a terminal the waiting process makes the
edition when a note is saved (commands/prepared.py), and the build typed next writes it: the
~500 KB of those three hashed then, in both, were a millisecond of that build. They are taken
with the make, and kept by the bytes object itself, the very one the build writes and records
(bytes never change; the object is held, so its id stands for no other). Only the last made
edition's are kept; any other bytes are hashed as they come.

The standard library only (the launcher reads uptodate before click), and hashlib, which loads
OpenSSL, only when a sha256 is asked for.
"""

from __future__ import annotations

try:  # hashlib's own blake2b, without hashlib's import of OpenSSL (as uptodate takes it)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b as _blake2b

_KEPT: dict[int, tuple[bytes, str, str]] = {}  # id -> (the bytes, sha256, blake2b)


def ahead(*parts: bytes) -> None:
    """Take the digests of `parts` now, for the build that writes them (instead of any before)."""
    import hashlib

    _KEPT.clear()
    for data in parts:
        _KEPT[id(data)] = (data, hashlib.sha256(data).hexdigest(), _blake2b(data).hexdigest())


def sha256(data: bytes) -> str:
    kept = _KEPT.get(id(data))
    if kept is not None and kept[0] is data:
        return kept[1]
    import hashlib

    return hashlib.sha256(data).hexdigest()


def blake2b(data: bytes) -> str:
    kept = _KEPT.get(id(data))
    if kept is not None and kept[0] is data:
        return kept[2]
    return _blake2b(data).hexdigest()
