"""Whether a file of the whole log is a sync client's copy of an entry beside it, told as the
builds tell it (formats/sync_copies.py), for every reading of the log here: the index (search,
related) and the tag counts (check) each told it their own way, and disagreed with the build.

A conflict copy is one whatever it holds; a duplicate (`talk (1).md`, a Mac's NFD twin of
`café.md`) while it holds the entry's link, which is read as the build reads it: a `url:` line
compared as written made a copy whose link was quoted, or commented, an entry of its own.
"""

from __future__ import annotations

from pathlib import Path


def left_out(folder: str | Path, name: str, names: set[str]) -> bool:
    """Whether `name` in `folder` (whose file names are `names`) is a copy the builds leave out.
    Only a name that says it is a copy is read: a few files of the log's thousands (and a Path
    made only for those: the index asks of every file on every refresh)."""
    from newsletter.formats.sync_copies import copied

    copy = copied(name, names)
    return bool(copy) and (copy[2] or _same_link(Path(folder, name), Path(folder, copy[0])))


def _same_link(one: Path, other: Path) -> bool:
    from newsletter import read

    try:
        return read.read_entry(one)[0].url == read.read_entry(other)[0].url
    except (read.Problem, OSError):  # (one that does not read is no entry's copy, as a build reads it)
        return False
