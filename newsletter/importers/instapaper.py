"""Instapaper's CSV export (Settings → Export → CSV): `URL,Title,Selection,Folder,Timestamp,Tags`.

`Folder` is Unread, Archive, Starred or a folder the reader made (taken as a tag); `Timestamp`
is when the link was saved, in Unix seconds; `Selection` is the text the reader had selected
when they saved it, a passage worth quoting. `Tags`, in exports since 2024, is a JSON list in
one cell (`["coding"]`); older exports have no such column, and the oldest, `URL,Title,
Selection,Folder` (the form other tools still write for Instapaper), no `Timestamp` either: their
links are dated the day of the import. Columns are matched by header name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from newsletter.importers.common import clean, linked_rows, tag_list, title_not_link, unreadable, when
from newsletter.importers.model import Highlight, Parsed, SavedItem

NAME = "instapaper"
COLUMNS = {"url", "title", "selection", "folder"}
_FOLDERS = {"unread", "archive", "starred"}  # Instapaper's own: where a link is, not what it is about


def parse(text: str | Iterable[str], name: str) -> Parsed:
    parsed = Parsed(NAME)
    for line, url, row in linked_rows(text, name, parsed.warnings):
        folder = clean(row.get("folder"))
        tags = _tags(row.get("tags"), f"{name}:{line}", parsed.warnings)
        if folder and folder.lower() not in _FOLDERS:
            tags = tag_list([folder, *tags])
        selection = clean(row.get("selection"), lines=True)
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=url,
                url=url,
                title=title_not_link(row.get("title"), url),
                saved_at=when(row.get("timestamp")),
                date_written=unreadable(row.get("timestamp")),
                tags=tags,
                unread=folder.lower() == "unread",
                highlights=[Highlight(text=selection)] if selection else [],
            )
        )
    return parsed


def _tags(cell: str | None, where: str, warnings: list[str]) -> list[str]:
    """The `Tags` cell: a JSON list of names; a plain comma-separated cell is read too.

    "[[[[…" nested 100,000 deep is JSON the decoder cannot nest (RecursionError, a traceback
    out of `import`), and an object is JSON too, not names to split at its commas."""
    cell = (cell or "").strip()
    if not cell.startswith(("[", "{")):
        return tag_list(cell)
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, list):
        warnings.append(f"{where}: the Tags cell is not a JSON list ({cell[:60]!r}); its tags were left out")
        return []
    return tag_list(value)
