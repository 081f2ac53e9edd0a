"""`newsletter index`: build or update the local index of the whole log (the smart extra)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from newsletter import config, smart

T = TypeVar("T")


def using_index(root: Path, what: str, use: Callable[[sqlite3.Connection], T], *, check: bool = False) -> T:
    """`use(index)`, the index made if missing and refreshed if files came or went.

    The index is only a cache of the entries: damaged anywhere (not just its header), it is
    remade and `use` runs once more.
    """
    smart.require(what)
    from newsletter.smart.index import open_index, path_of

    # Where the entries and the state live depends on the root alone: no need to read (and
    # validate) the settings, which would cost search and related a good part of their time.
    settings = config.Settings(root=root, name="")
    for attempt in (1, 2):
        try:
            db = open_index(root, settings.state_dir, settings.entries_dir, check=check)
            try:
                return use(db)
            finally:
                db.close()
        except sqlite3.DatabaseError:
            if attempt == 2:
                raise
            path_of(settings.state_dir).unlink(missing_ok=True)


def index(root: Path, progress: Callable[[int, int], None] | None = None):
    """Bring the index up to date (every file's stat is checked); returns what changed."""
    smart.require("index")
    from newsletter.smart.index import connect, refresh

    settings = config.load(root)
    db, _ = connect(settings.state_dir)
    try:
        return refresh(db, root, settings.entries_dir, progress=progress)
    finally:
        db.close()
