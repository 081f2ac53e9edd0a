"""Pocket's CSV export: `title,url,time_added,tags,status` (tags joined by `|`, status unread/archive).

Pocket closed in July 2025; its last exports are a zip of `part_000000.csv`, `part_000001.csv`…
with an extra `cursor` column. Columns are matched by header name, so either shape reads.
Help page (archived): https://getpocket.com/export
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsletter.importers.common import (
    clean,
    decode,
    linked_rows,
    tag_list,
    title_not_link,
    unreadable,
    when,
    zip_members,
)
from newsletter.importers.model import Parsed, SavedItem

NAME = "pocket"
COLUMNS = {"title", "url", "time_added"}  # what a Pocket CSV header has, whatever else it has
PARTS = r"(^|/)part_\d+\.csv$"


def parse(text: str | Iterable[str], name: str) -> Parsed:
    """One CSV file of Pocket's export."""
    parsed = Parsed(NAME)
    _rows(text, name, parsed)
    return parsed


def parse_zip(path: Path) -> Parsed:
    """Pocket's zip export: every `part_*.csv` in it, in order."""
    parsed = Parsed(NAME)
    for member, data in zip_members(path, PARTS):
        _rows(decode(data, f"{path}:{member}"), f"{path}:{member}", parsed)
    return parsed


def _rows(text: str | Iterable[str], name: str, parsed: Parsed) -> None:
    for _, url, row in linked_rows(text, name, parsed.warnings):
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=url,
                url=url,
                title=title_not_link(row.get("title"), url),
                saved_at=when(row.get("time_added")),
                date_written=unreadable(row.get("time_added")),
                tags=tag_list(row.get("tags"), "|,"),
                unread=clean(row.get("status")).lower() == "unread",
            )
        )
