"""`newsletter index`: build or update the local index of the whole log (the smart extra)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from newsletter import smart
from newsletter.workspace import nearest

if TYPE_CHECKING:
    import sqlite3

T = TypeVar("T")

# Where a workspace keeps its entries and its state, as newsletter.config has them
# (tests/test_smart_index.py checks they agree). search and related start within a few times a
# bare interpreter's start, and importing config (its tables of settings, tomllib, the models)
# would cost them a fifth of that; they need none of its values.
ENTRIES, STATE = "entries", ".newsletter"


def workspace(start: Path | None) -> Path:
    """The workspace holding `start` (default: the current folder), as `config.find_root` finds it."""
    found = nearest(str(start or Path.cwd()))
    if found is not None:
        return Path(found)
    from newsletter.config import find_root

    return find_root(start or Path.cwd())  # none: its one message says what to do


def using_index(root: Path, what: str, use: Callable[[sqlite3.Connection], T], *, check: bool = False) -> T:
    """`use(index)`, the index made if missing and refreshed if files came or went.

    The index is only a cache of the entries: damaged anywhere (not just its header), it is
    remade and `use` runs once more.
    """
    smart.require(what)
    import sqlite3

    from newsletter.smart.index import open_index, path_of

    for attempt in (1, 2):
        try:
            db = open_index(root, root / STATE, root / ENTRIES, check=check)
            try:
                return use(db)
            finally:
                db.close()
        except sqlite3.DatabaseError:
            if attempt == 2:
                raise
            path_of(root / STATE).unlink(missing_ok=True)


def index(root: Path, progress: Callable[[int, int], None] | None = None):
    """Bring the index up to date (every file's stat is checked); returns what changed."""
    smart.require("index")
    from newsletter import config
    from newsletter.smart.index import connect, refresh

    settings = config.load(root)
    db, _ = connect(settings.state_dir)
    try:
        return refresh(db, root, settings.entries_dir, progress=progress)
    finally:
        db.close()
