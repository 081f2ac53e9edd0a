"""Raindrop.io's CSV export: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite`.

Columns are matched by header name. `tags` are comma-separated; `note` is the reader's own note
on the bookmark; `highlights` holds every highlight of the bookmark in one field, each starting
with a `Highlight:` line and optionally followed by a `Note:` line. Raindrop's API documents
the same fields: https://developer.raindrop.io/

Raindrop keeps a page's title as the page's HTML wrote it, entities and all ("Dark mode &amp;
design", "&quot;Quoted&quot;"), in the export as through the API: `title_of` decodes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsletter.importers.common import clean, entities_decoded, linked_rows, tag_list, unreadable, when
from newsletter.importers.model import Highlight, Parsed, SavedItem

NAME = "raindrop"
COLUMNS = {"id", "title", "url", "created"}  # with "excerpt" or "folder" or "highlights"


def parse(text: str | Iterable[str], name: str) -> Parsed:
    parsed = Parsed(NAME)
    for _, url, row in linked_rows(text, name, parsed.warnings):
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=clean(row.get("id")) or url,
                url=url,
                title=title_of(clean(row.get("title"))),
                saved_at=when(row.get("created")),
                date_written=unreadable(row.get("created")),
                tags=tag_list(row.get("tags")),
                note=clean(row.get("note"), lines=True) or None,
                excerpt=clean(row.get("excerpt"), lines=True) or None,
                highlights=highlights_from_field(row.get("highlights") or ""),
            )
        )
    return parsed


def title_of(title: str | None) -> str | None:
    """A Raindrop title with its HTML entities decoded: "Dark mode &amp; design" is "Dark mode &
    design" (see `entities_decoded`)."""
    return entities_decoded(title)


def highlights_from_field(text: str) -> list[Highlight]:
    """The `highlights` field: `Highlight: …` starts one, `Note: …` is the note on the last one.

    A field without those labels is one highlight per paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    if not re.search(r"^(Highlight|Note):", text, re.M):
        return [Highlight(text=clean(part, lines=True)) for part in re.split(r"\n\s*\n", text) if part.strip()]
    found: list[Highlight] = []
    field = None
    for line in text.split("\n"):
        label = re.match(r"(Highlight|Note):\s?(.*)$", line)
        if label and label[1] == "Highlight":
            found.append(Highlight(text=label[2]))
            field = "text"
        elif label and found:
            found[-1].note = label[2]
            field = "note"
        elif found and field:
            setattr(found[-1], field, (getattr(found[-1], field) or "") + "\n" + line)
    for highlight in found:
        highlight.text = clean(highlight.text, lines=True)
        highlight.note = clean(highlight.note, lines=True) or None
    return [highlight for highlight in found if highlight.text]
