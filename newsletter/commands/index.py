"""`newsletter index`: build or update the local index of the whole log (the smart extra)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from newsletter import config, smart


def ready(root: Path, what: str, *, check: bool = False,
          progress: Callable[[int, int], None] | None = None) -> tuple[sqlite3.Connection, config.Settings]:
    """The index for a command that needs it: made if missing, refreshed if files came or went."""
    smart.require(what)
    from newsletter.smart.index import open_index

    # Where the entries and the state live depends on the root alone: no need to read (and
    # validate) the settings, which would cost search and related a good part of their time.
    settings = config.Settings(root=root, name="")
    return open_index(root, settings.state_dir, settings.entries_dir, check=check, progress=progress), settings


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
