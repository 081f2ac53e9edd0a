"""What a process that builds edition after edition (a worker of `build --all`, the waiting
process of a build at a terminal) keeps from one build to the next: the SQLite connections of
the workspace's caches and the memory it freed; and its outputs swapped into place."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from newsletter.files.atomic import use_exchange

# The SQLite connections of the workspace's caches (front matter, notes, link metadata), kept
# open across the builds of one process when it asks (`kept_dbs`): `build --all` builds edition
# after edition in each worker, and each build opened and set up every cache anew, then closed
# it, a tenth of an edition's time. Elsewhere `close_db` closes, as `sqlite3` does. A kept
# connection is handed out again only for the same file and the same options, and holds no
# transaction while it waits: each cache still runs its own checks on it when it opens (its
# salt, its schema), so a kept one behaves as a new one would; and only while its file is the
# one at its path: one deleted, or moved aside by another worker as broken, is left for a new one.

_KEPT: dict[tuple, tuple[sqlite3.Connection, tuple]] | None = None  # None: every close closes
_KEYS: dict[int, tuple] = {}  # a connection made here while keeping: what it was opened as


def open_db(path: Path | str, **options) -> sqlite3.Connection:
    """`sqlite3.connect(path, **options)`, or one given back to `close_db` for them."""
    key = (os.fspath(path), tuple(sorted(options.items())))
    if _KEPT is not None and (kept := _KEPT.pop(key, None)) is not None:
        if kept[1] and _identity(key[0]) == kept[1]:
            return kept[0]
        _KEYS.pop(id(kept[0]), None)
        kept[0].close()
    db = sqlite3.connect(path, **options)
    if _KEPT is not None and key[0] != ":memory:":
        _KEYS[id(db)] = key
    else:  # (an id once another connection's, closed without `close_db`)
        _KEYS.pop(id(db), None)
    return db


def close_db(db: sqlite3.Connection) -> None:
    """Close `db`, or keep it for the next `open_db` of its file while this process keeps them."""
    key = _KEYS.get(id(db))
    if _KEPT is None or key is None or key in _KEPT:
        _KEYS.pop(id(db), None)
        db.close()
        return
    try:
        if db.in_transaction:  # (a commit that failed: closing would have rolled it back)
            db.rollback()
    except sqlite3.Error:
        _KEYS.pop(id(db), None)
        db.close()
        return
    _KEPT[key] = (db, _identity(key[0]))


def _identity(path: str) -> tuple:
    """The file at `path` (device, inode), or () when there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return ()
    return (status.st_dev, status.st_ino)


def keep_dbs() -> None:
    """From now on, for the life of this process (a worker of `build --all`), keep connections."""
    global _KEPT
    if _KEPT is None:
        _KEPT = {}


@contextlib.contextmanager
def kept_dbs() -> Iterator[None]:
    """Connections kept while in the block, and all closed at its end."""
    global _KEPT
    if _KEPT is not None:  # already keeping (a worker): nothing to undo
        yield
        return
    _KEPT = {}
    try:
        yield
    finally:
        kept_now, _KEPT = _KEPT, None
        for db, _ in kept_now.values():
            _KEYS.pop(id(db), None)
            db.close()


def keep_between_builds() -> None:
    """For the life of this process, what a build frees and what it opens kept for the next: in
    a worker of `build --all`, and in the waiting process of a build at a terminal
    (cli/build_server.py). Each build handed to that one gave the memory it freed back to the
    kernel and asked for it again (about 1,400 page faults a build, each page zeroed anew), and
    opened and closed the three SQLite caches, whose last close checkpoints the journal into the
    database and deletes it: together about a sixth of its CPU a build. A kept connection is
    handed out again only for the same file and holds no transaction between builds (`open_db`),
    so what another process wrote meanwhile is read as a new connection reads it. And its
    outputs are swapped into place (`use_exchange`), not renamed over the old."""
    keep_freed_memory()
    keep_dbs()
    use_exchange()


# What a worker of `build --all` frees, kept for its next edition. glibc's malloc gives a freed
# block of over 128 KB (the email's HTML and MJML, the .eml, the web page: each edition makes
# a few of 100-300 KB) back to the kernel at once, and the top of its heap whenever more than
# twice that is free; the next edition asks for as much again, and every page of it is faulted
# in and zeroed anew: ~1,200 page faults an edition, about a sixth of the workers' system time.
# A worker builds edition after edition and then exits, so it keeps what it freed; its peak is
# unchanged (what one edition needs). The values are glibc's own ceilings for these two (the
# mmap threshold's when it raises it itself); elsewhere (macOS, Windows, musl) nothing is done.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
_KEEP_BLOCKS_UP_TO, _TRIM_ABOVE = 32 * 1024 * 1024, 64 * 1024 * 1024


def keep_freed_memory() -> None:
    """From now on, for the life of this process (a worker of `build --all`), keep freed memory."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # (here: only a worker of `build --all` asks)

    try:
        libc = ctypes.CDLL(None)
        # glibc's (another C library's mallopt numbers its options otherwise)
        mallopt = libc.mallopt if hasattr(libc, "gnu_get_libc_version") else None
    except (OSError, AttributeError):
        return
    if mallopt is None:
        return
    mallopt(_M_MMAP_THRESHOLD, _KEEP_BLOCKS_UP_TO)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_ABOVE)
