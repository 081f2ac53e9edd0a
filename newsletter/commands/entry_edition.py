"""The edition an entry file is in, so `check FILE` checks it: from an editor with no language
server for a Markdown file's front matter (Vim's `:!newsletter check %`), the file at hand is what
the author has, not its edition's key.

Noa (new user 62) writes her entries in Vim, where no schema reaches an entry's front matter, and
ran `newsletter check %` on the one she was writing: "Period 'entries/2026/12/….md' is not a
month like 2021-02". The entry's date names its edition (a week in a weekly log); an entry whose
date cannot be read is in its folder's month, whose check names what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsletter import config, fields
from newsletter.fields import Problem
from newsletter.formats import entry_text
from newsletter.formats.month_folders import folders_read
from newsletter.front_matter import parse_front_matter
from newsletter.models import Period, month_folder


def period_of(root: Path, argument: str | None) -> str | None:
    """The key of the edition the entry file `argument` is in, or None when it names no such file
    (a PERIOD as given, or nothing: the caller reads it as before)."""
    if not argument or not argument.lower().endswith(".md") or not Path(argument).is_file():
        return None
    path = Path(argument).resolve()
    settings = config.load(root)
    entries_dir = settings.entries_dir.resolve()
    day, folder = _date_written(path), _folder_month(entries_dir, path)
    if day is None:
        return folder
    if settings.cadence.lower() == "weekly":
        dated = Period.week_of(day, settings.week_start)
    else:
        dated = Period.parse(f"{day:%Y-%m}")
    # An entry filed far from its date (entries/2026/12/ dated 2025-01) is read by no build of
    # that date's edition, which lists its own and its neighbour months' folders alone: its
    # check said nothing of the file's own errors and passed. Its folder's edition reads it and
    # says what is wrong, its date among it.
    if folder is not None and month_folder(entries_dir, *map(int, folder.split("-"))) not in folders_read(
        entries_dir, dated
    ):
        return folder
    return dated.key


def _date_written(path: Path) -> dt.date | None:
    """The `date:` the entry's front matter gives, read even where another of its keys is wrong
    (a `type: talkk`: the check of its date's edition names that), by the entry reader's own rule
    (fields.parse_date); None where there is none it takes (its folder's check says why)."""
    try:
        meta, _ = parse_front_matter(entry_text.read(path))
        return fields.parse_date(meta.get("date")) if isinstance(meta, dict) else None
    except (Problem, OSError, UnicodeError, ValueError):
        return None


def _folder_month(entries_dir: Path, path: Path) -> str | None:
    """entries/YYYY/MM/name.md's month; None for a file elsewhere (then it is taken as a PERIOD,
    and refused as one, naming it)."""
    try:
        parts = path.relative_to(entries_dir).parts
    except ValueError:
        return None
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
        return f"{parts[0]}-{parts[1]}"
    return None
