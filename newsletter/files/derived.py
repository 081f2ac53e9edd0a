"""What a process made of a file, kept while the file is as it was then: read, parsed or
summarised again only once it changed. A file is told by its identity and times (device, inode,
size, mtime, ctime): one written since, by anyone, in place or renamed over it, is another.
"""

from __future__ import annotations

import os
from collections.abc import Callable


def derived(name: str, status: os.stat_result, make: Callable[[str], object]):
    """`make(name)`, made again unless this process made it of the file as it is now (`status`):
    a script rebuilding every edition in one process parsed each build record written in the
    last two seconds again at each ask for the records' summaries (publish.built_records, 39 an
    edition of 200), and read every post's front matter for aliases at each edition's first
    build (moved_posts.redirected_here): most of its growth with the log's length."""
    made, now = _DERIVED.get((name, make)), identity(status)
    if made is None or made[0] != now:
        _DERIVED[name, make] = made = (now, make(name))
    return made[1]


_DERIVED: dict[tuple, tuple[tuple[int, ...], object]] = {}  # (path, make) -> (the file's identity, what was made)


def identity(status: os.stat_result) -> tuple[int, ...]:
    # (ctime too: a write in place that keeps the size and sets the mtime back still moves it)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns
