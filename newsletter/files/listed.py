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


def folder_names(top: str | os.PathLike) -> list[str]:
    """The names of the folders in `top`, hidden ones left out, from one listing (none when it
    cannot be listed): a build looks through every edition's folder of the site, and pathlib's
    `glob("*/index.md")` made a path and a stat of each, twice a build, ~2 ms at 200 editions."""
    try:
        with os.scandir(top) as listing:
            return [item.name for item in listing if item.name[:1] != "." and _is_dir(item)]
    except OSError:
        return []


def _is_dir(item: os.DirEntry) -> bool:
    try:
        return item.is_dir()
    except OSError:  # (a link that loops, as in is_file)
        return False
