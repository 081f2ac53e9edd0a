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
        except sqlite3.DatabaseError as error:
            if attempt == 2:
                raise unwritable(path_of(root / STATE), error) from None
            try:
                path_of(root / STATE).unlink(missing_ok=True)
            except OSError:  # a read-only .newsletter/ ("attempt to write a readonly database"): an OSError traceback
                raise unwritable(path_of(root / STATE), error) from None


def index(root: Path, progress: Callable[[int, int], None] | None = None):
    """Bring the index up to date (every file's stat is checked); returns what changed."""
    smart.require("index")
    import sqlite3

    from newsletter import config
    from newsletter.smart.index import connect, path_of, refresh

    settings = config.load(root)
    try:
        db, _ = connect(settings.state_dir)
        try:
            return refresh(db, root, settings.entries_dir, progress=progress)
        finally:
            db.close()
    except sqlite3.OperationalError as error:  # a full disk, a read-only folder: not a damaged index
        raise unwritable(path_of(settings.state_dir), error) from None


def unwritable(path: Path, error: Exception):
    """The index could not be written (a full disk, a read-only .newsletter/): a message, where
    sqlite3's OperationalError came out of `index`, `search` and `related` as a traceback."""
    from newsletter.config import shown
    from newsletter.errors import NewsletterError

    return NewsletterError(
        f"Could not write the index {shown(path, path.parent.parent)} ({error}); check that the disk "
        "has space and .newsletter/ can be written, then run again."
    )
