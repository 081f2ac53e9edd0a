"""Which editions `build --all` builds: every one there is in the log, listed from its folders
(reading as few files as it can), and whether a month it was unsure of holds only drafts."""

from __future__ import annotations

import os
from pathlib import Path

from newsletter import config, read
from newsletter import files as listed_files
from newsletter.errors import NewsletterError
from newsletter.formats import month_folders
from newsletter.formats.plain_front_matter import date_of
from newsletter.front_matter import FrontMatterStore
from newsletter.models import Period


def all_periods(
    settings: config.Settings, *, drafts: bool = False, unsure: dict[str, list[Path]] | None = None
) -> list[str]:
    """Every edition there is: each one built before (a month or week folder in dist/: rebuilt,
    so that none goes stale), each week with an editorial file (`_2020-W28.md`), and for the
    entries none of those weeks publishes, their month, or with `cadence = "weekly"` their
    week. A month told week by week is not also a monthly edition unless it was built as one:
    Hugo would publish its entries twice. `unsure`: given, a month whose entries may all be
    drafts is listed without reading its files, and put there with its folders, for its build
    to find out (`only_drafts`): `build --all` read every file of the archive before building
    any, while the other cores idled."""
    weeks = {p.name for p in settings.dist_dir.glob("[0-9]*-W[0-9]*") if p.is_dir()}
    weeks |= {p.stem[1:] for p in settings.entries_dir.glob("[0-9]*/[0-9]*/_[0-9]*-[Ww][0-9]*.md")}
    weeks = {_key(week, settings) for week in weeks}
    months = {_key(p.name, settings) for p in settings.dist_dir.glob("[0-9][0-9][0-9][0-9]-[0-9]*") if p.is_dir()}
    weekly = settings.cadence.lower() == "weekly"
    more_weeks: set[str] = set()
    # Read with the store of front matter, as the months' builds read them: an entry parsed here
    # without it was kept so (files/kept_reads.py), its build took that parse, and its front
    # matter never reached the store: a log with a week's own words, or weekly, had every such
    # entry's YAML parsed again at each `build --all`, before any edition was built.
    with FrontMatterStore(settings.state_dir) as store:
        for folder in sorted(settings.entries_dir.glob("[0-9]*/[0-9]*")):
            markdown = _markdown_names(folder) if folder.is_dir() else []
            if not any(read.is_entry_name(name) for name, _ in markdown):
                continue
            try:
                month = Period.parse(f"{folder.parent.name}-{folder.name}", settings.week_start)
            except NewsletterError:
                continue  # not a month folder (entries/2020/notes)
            if month.key in months:
                if unsure and month.key in unsure:  # entries/2021/2 beside 2021/02: left out only if both may be drafts
                    unsure[month.key].append(folder)
                continue  # built before: its own build reads (and reports) its files
            if not weekly and not weeks and (unsure is not None or not _has_drafts(folder, _file_names(markdown))):
                # no weekly editions and no drafts: every month with an entry file is an edition,
                # and its own build reads (and reports) its files; no need to parse them twice
                months.add(month.key)
                if unsure is not None:
                    unsure[month.key] = [folder]
                continue
            reading = read.scan_period(settings.entries_dir, month, drafts=drafts, store=store)
            left = {Period.week_of(e.date, settings.week_start).key for e in reading.entries} - weeks
            if weekly and left:
                more_weeks |= left  # (a file they cannot read is reported by their builds, which read it)
            elif left or reading.problems:  # a file it cannot read keeps the month, so its build reports it
                months.add(month.key)
    if not weekly and not weeks:
        months |= _held_next_door(settings, months)
    return sorted(months) + sorted(weeks | more_weeks)


def _held_next_door(settings: config.Settings, months: set[str]) -> set[str]:
    """The months with no folder of their own whose entries are filed under the month before or
    after, which their builds read (formats/month_folders.py): only the listed months' neighbours
    not listed themselves are looked at (two in an archive without gaps)."""
    held = set()
    for key in sorted(months):
        try:
            month = Period.parse(key, settings.week_start)
        except NewsletterError:
            continue  # its build says what is wrong with the name
        for year, number in month_folders.neighbour_months(month):
            neighbour = Period.parse(f"{year:04d}-{number:02d}", settings.week_start)
            if neighbour.key not in months and month_folders.misfiled_in(settings.entries_dir, neighbour):
                held.add(neighbour.key)
    return held


def _markdown_names(folder: Path) -> list[tuple[str, bool]]:
    """(name, is a file) of each `*.md` in `folder`, as `folder.glob("*.md")` finds them (a
    folder so named too), from one listing: `build --all` lists every month of the archive
    before building any, and pathlib's glob and a stat per file were most of that."""
    try:
        with os.scandir(folder) as listing:
            return [(item.name, listed_files.listed_file(item)) for item in listing if item.name.endswith(".md")]
    except PermissionError:  # glob's answer for a folder it may not list: nothing in it
        return []


def only_drafts(folders: list[Path], month: Period | None = None) -> bool:
    """Whether a month `all_periods` listed unsure (in `folders`), whose build found no entry and
    no file it could not read, is one it would have left out had it read them: each file may be a
    draft, or, `month` given, is dated in the month before or after it, whose build reads it from
    here and says where to move it (formats/month_folders.py). One dated further off keeps the
    month: its own build is the only one to say so."""
    if month is None:
        return all(_has_drafts(folder, _file_names(_markdown_names(folder))) for folder in folders)
    next_door = [Period.parse(f"{year:04d}-{number:02d}") for year, number in month_folders.neighbour_months(month)]
    for folder in folders:
        for name in _file_names(_markdown_names(folder)):
            with open(os.path.join(folder, name), "rb", buffering=0) as handle:
                text = handle.readall()
            day = date_of(text.decode("utf-8", "replace"))
            if b"draft" not in text and not any(day is not None and day in other for other in next_door):
                return False
    return True


def _file_names(markdown: list[tuple[str, bool]]) -> list[str]:
    return [name for name, is_file in markdown if is_file]


def _has_drafts(folder: Path, names: list[str]) -> bool:
    """Whether any of these entry files in `folder` may be a draft (a word search, not a parse:
    cheap; unbuffered, as each file is read whole once)."""
    for name in names:
        with open(os.path.join(folder, name), "rb", buffering=0) as handle:
            if b"draft" in handle.readall():
                return True
    return False


def _key(period: str, settings: config.Settings) -> str:
    """A period's canonical key ('2020-w28' -> '2020-W28'), or the text itself for its build to refuse."""
    try:
        return Period.parse(period, settings.week_start).key
    except NewsletterError:
        return period
