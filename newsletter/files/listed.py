"""What a folder's listing says of one of its names, asked so that no name can fail the listing."""

from __future__ import annotations

import os


def is_file(item: os.DirEntry) -> bool:
    """Whether a listed name is a file (through a link), False for a link that loops: `is_file`
    raises on `x.md -> x.md` (a sync client recreating a Mac's alias, a link to a link to it),
    and the listing that asked, under an `except OSError` for a missing folder, read the whole
    month as empty (check: 'nothing to check') or ended `build --all` in a traceback."""
    try:
        return item.is_file()
    except OSError:
        return False


def markdown_folders(top: str | os.PathLike):
    """The folders under `top` holding `.md` names, none hidden nor under a hidden one: Syncthing's
    `.stversions/` keeps every earlier version of an entry, a trash `.Trash/` others, and each was
    read as an entry of the log (`new` named an old version as the entry holding its link)."""
    for folder, dirs, names in os.walk(top):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        if any(name.endswith(".md") for name in dirs + names):
            yield folder
