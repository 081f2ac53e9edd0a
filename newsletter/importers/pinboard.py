"""Pinboard's JSON export: a list of `{href, description, extended, time, tags, toread, shared, hash}`.

`description` is the title, `extended` the reader's note, `tags` space-separated, `toread` "yes"
or "no". Pinboard writes the title and the note with HTML entities ("Caf&eacute; &amp; bar",
"isn&#39;t"), as its API's XML does: `entities_decoded` reads them as the characters they are.
Format (the API's posts/all, which the export mirrors): https://pinboard.in/api/
"""

from __future__ import annotations

from newsletter.importers.common import (
    ExportError,
    Record,
    entities_decoded,
    json_data,
    truthy,
    unreadable,
    web_link,
    when,
)
from newsletter.importers.model import Parsed, SavedItem

NAME = "pinboard"


def parse(text: str, name: str) -> Parsed:
    data = json_data(text, name)
    if not isinstance(data, list):
        raise ExportError(f"{name}: expected a list of bookmarks, as Pinboard's JSON export writes")
    parsed = Parsed(NAME)
    for number, raw in enumerate(data, start=1):
        url = web_link(raw.get("href")) if isinstance(raw, dict) else None
        if url is None:
            parsed.warnings.append(f"{name}: skipped bookmark {number}: no web link in `href`")
            continue
        fields = Record(raw, f"{name}: bookmark {number} ({url})", parsed.warnings)
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=fields.text("hash") or url,
                url=url,
                title=entities_decoded(fields.text("description")),
                saved_at=when(raw.get("time")),
                date_written=unreadable(raw.get("time")),
                tags=fields.tags("tags", " "),
                unread=truthy(raw.get("toread")),
                note=entities_decoded(fields.text("extended", lines=True), lines=True),
            )
        )
    return parsed
