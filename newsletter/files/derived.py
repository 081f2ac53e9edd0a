"""What a process made of a file, kept while the file is as it was then: read, parsed or
summarised again only once it changed. A file is told by its identity and times (device, inode,
size, mtime, ctime): one written since, by anyone, in place or renamed over it, is another.

Except within a timestamp's tick: a file system stamps a write with a clock of a few ms (Linux
before 6.13), or of 2 s (FAT's mtime and ctime), so a rewrite of the same size just after the
file was read keeps every one of them. What was made that close to the file's last change is
made once more when the tick is over (git's rule for a racily clean file, as the build records'
summaries in .newsletter/ keep it): it was handed out for a later text for that long, not for as
long as the process lives (a preview, a script rebuilding every edition).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def derived(name: str, status: os.stat_result, make: Callable[[str], object]):
    """`make(name)`, made again unless this process made it of the file as it is now (`status`):
    a script rebuilding every edition in one process parsed each build record written in the
    last two seconds again at each ask for the records' summaries (publish.built_records, 39 an
    edition of 200), and read every post's front matter for aliases at each edition's first
    build (moved_posts.redirected_here): most of its growth with the log's length."""
    key, now = (name, make), identity(status)
    made = _DERIVED.get(key)
    if made is None or made[0] != now or (made[2] and not racy(status)):
        within = racy(status)  # (asked before it reads the file: a read within the tick is racy)
        made = _DERIVED[key] = (now, make(name), within)
    return made[1]


# (path, make) -> (the file's identity, what was made, whether the file had changed within a tick of it)
_DERIVED: dict[tuple, tuple[tuple[int, ...], object, bool]] = {}
_TICK_NS = 2_000_000_000  # the coarsest a workspace's disk may stamp a change (FAT's 2 s), as built_records'


def racy(status: os.stat_result) -> bool:
    """Whether a write of the same size could still come with the same times (a clock set back too)."""
    return time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) < _TICK_NS


def identity(status: os.stat_result) -> tuple[int, ...]:
    # (ctime too: a write in place that keeps the size and sets the mtime back still moves it)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns
