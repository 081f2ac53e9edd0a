"""Which month folders a period's build lists: its own months', and the month just before and
just after them, where an entry dated in the period is most often filed by mistake (written on 1
November about 31 October, or copied from last month's file and its date changed). The period's
build reads such an entry from there; one filed further off, its folder's own build tells where
to move. Two folders more, not the archive: a build of one month costs the same in a decade's log."""

from __future__ import annotations

import os
import time
from pathlib import Path

from newsletter import files as listed_files
from newsletter.files.derived import identity
from newsletter.files.whole import read_whole
from newsletter.formats.plain_front_matter import date_of, plain_date
from newsletter.models import Period, month_folder


def neighbour_months(period: Period) -> list[tuple[int, int]]:
    """(year, month) of the month before the period's first and of the month after its last, in
    the years an edition can be of."""
    (year, month), (last_year, last_month) = period.months()[0], period.months()[-1]
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    after = (last_year + 1, 1) if last_month == 12 else (last_year, last_month + 1)
    return [each for each in (before, after) if Period.covers_year(each[0])]


def neighbour_folders(entries_dir: Path, period: Period) -> list[Path]:
    """entries/YYYY/MM of the month before the period's first and of the month after its last."""
    return [month_folder(entries_dir, *each) for each in neighbour_months(period)]


def folders_read(entries_dir: Path, period: Period) -> list[Path]:
    """Every month folder a build of the period lists, its neighbours' included, in order."""
    own = [month_folder(entries_dir, year, month) for year, month in period.months()]
    return sorted({*own, *neighbour_folders(entries_dir, period)})


def neighbour_files(entries_dir: Path, period: Period) -> list[Path]:
    """The entry files (x.md, not _index.md nor a hidden .x.md) of the period's neighbour folders:
    the up-to-date check's inputs, so that one re-dated into the period is seen."""
    return [Path(item.path) for item in _neighbour_entries(entries_dir, period)]


def misfiled_in(
    entries_dir: Path, period: Period, contents: dict[Path, bytes | None] | None = None, store=None
) -> list[Path]:
    """The period's entries in its neighbour folders: the files there dated in it. Most are
    their own month's, told by a plain `date:` line without YAML, and each file's date is kept
    while the file stands as it was (a build asks three times; `build --all` of each month).
    `contents`: files' bytes read already; `store`: a front_matter.FrontMatterStore. A file that
    cannot be read is its own month's build's to report."""
    contents = contents or {}
    dated = []
    for item in _neighbour_entries(entries_dir, period):
        try:
            status = item.stat()
            kept = _DATES.get(item.path)  # (by its path as text: a Path made and hashed for each was most of it)
            if kept is not None and kept[0] == identity(status):
                day = kept[1]
            else:
                day = _dated(item.path, contents.get(Path(item.path)), store)
                if time.time_ns() - status.st_mtime_ns > _SETTLED:  # (not edited again within its mtime's tick)
                    _DATES[item.path] = (identity(status), day)
        except (OSError, UnicodeDecodeError):
            continue
        if day is not None and day in period:
            dated.append(Path(item.path))
    return dated


def _dated(path: str, data: bytes | None, store) -> object:
    """The date of the entry file at `path` (`data`: its bytes, read already): from its first
    4 KB when its front matter ends there with one plain `date:` line, else from the whole file.
    A neighbour's files are read only for their dates, 100 an edition: each read whole, buffered,
    was a few percent of `build --all`."""
    if data is None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            data = b""
            while len(data) < _HEAD_BYTES and (more := os.read(fd, _HEAD_BYTES - len(data))):
                data += more
        finally:
            os.close(fd)
        if len(data) == _HEAD_BYTES:  # (else that was all of it)
            if (day := plain_date(data.decode("utf-8", "replace"), cut=True)) is not None:
                return day
            data = read_whole(path)
    return date_of(data.decode("utf-8"), store)


_HEAD_BYTES = 4096
# path -> (the file's identity, its date or None): its inode and ctime too, as files/derived.py tells
# a file, for a sync client's copy put in its place with its size and old mtime (new user 52's)
_DATES: dict[str, tuple[tuple[int, ...], object]] = {}
_SETTLED = 2 * 10**9  # ns: an mtime this old is no longer the one a next write within its tick keeps


def _neighbour_entries(entries_dir: Path, period: Period) -> list[os.DirEntry]:
    found = []
    for folder in neighbour_folders(entries_dir, period):
        try:
            with os.scandir(folder) as listing:
                found += sorted((item for item in listing if _entry_file(item)), key=lambda item: item.name)
        except OSError:  # no such folder: nothing in it
            continue
    return found


def _entry_file(item: os.DirEntry) -> bool:
    # (as read.entry_files takes them: a misnamed or odd file is its own month's build's to report)
    return item.name.endswith(".md") and not item.name.startswith(("_", ".")) and listed_files.listed_file(item)
