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
