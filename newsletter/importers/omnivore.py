"""Omnivore's export: a zip of `metadata_<from>_to_<to>.json` with highlights in `highlights/<slug>.md`.

Each metadata file is a JSON list of saved items: id, slug, title, description, author, url,
state (SUCCEEDED, ARCHIVED, DELETED…), readingProgress, labels, savedAt, updatedAt, publishedAt.
A highlights file holds one block per highlight, as Omnivore's exporter wrote them: `> quote`,
then optionally a line of `#label`s and the reader's note, blocks separated by blank lines.
The metadata JSON alone is read too (then without highlights). Omnivore closed in November 2024.
The exporter's source is in https://github.com/omnivore-app/omnivore (its export handler).
"""

from __future__ import annotations

import re
from pathlib import Path

from newsletter.importers.common import (
    ExportError,
    Record,
    clean,
    decode,
    json_data,
    unreadable,
    web_link,
    when,
    zip_members,
)
from newsletter.importers.model import Highlight, Parsed, SavedItem

NAME = "omnivore"
METADATA = r"(^|/)metadata_\d+_to_\d+\.json$"
HIGHLIGHTS = r"(^|/)highlights/[^/]+\.md$"


def parse(text: str, name: str) -> Parsed:
    """The metadata JSON alone: items without highlights."""
    parsed = Parsed(NAME)
    _items(text, name, {}, parsed)
    return parsed


def parse_zip(path: Path) -> Parsed:
    """The whole export: metadata files, each item with the highlights of its slug."""
    highlights = {
        re.sub(r"^.*/|\.md$", "", member): decode(data, f"{path}:{member}")
        for member, data in zip_members(path, HIGHLIGHTS)
    }
    parsed = Parsed(NAME)
    for member, data in zip_members(path, METADATA):
        _items(decode(data, f"{path}:{member}"), f"{path}:{member}", highlights, parsed)
    return parsed


def highlights_from_markdown(text: str) -> list[Highlight]:
    """The highlights of one `highlights/<slug>.md`: each quote, with the note written after it."""
    found: list[Highlight] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        block = block.strip()
        if not block:
            continue
        if block.startswith(">"):
            quote = "\n".join(re.sub(r"^>\s?", "", line) for line in block.split("\n"))
            found.append(Highlight(text=clean(quote, lines=True)))
        elif found and re.fullmatch(r"(#\S+\s*)+", block):
            continue  # the highlight's labels
        elif found:
            note = found[-1].note
            found[-1].note = f"{note}\n\n{block}" if note else clean(block, lines=True)
    return [highlight for highlight in found if highlight.text]


def _items(text: str, name: str, highlights: dict[str, str], parsed: Parsed) -> None:
    data = json_data(text, name)
    if not isinstance(data, list):
        raise ExportError(f"{name}: expected a list of saved items, as Omnivore's export writes")
    for number, raw in enumerate(data, start=1):
        if not isinstance(raw, dict):
            parsed.warnings.append(f"{name}: skipped item {number}: not a saved item (no id)")
            continue
        state = str(raw.get("state", "")).upper()
        if state == "DELETED":
            continue
        url = web_link(raw.get("url"))
        fields = Record(raw, f"{name}: item {number}" + (f" ({url})" if url else ""), parsed.warnings)
        slug, source_id = fields.text("slug") or "", fields.text("id", number=True)
        if not (source_id or slug):
            parsed.warnings.append(f"{name}: skipped item {number}: not a saved item (no id)")
            continue
        marks = highlights_from_markdown(highlights[slug]) if slug in highlights else []
        progress = raw.get("readingProgress")
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=source_id or slug,
                url=url,
                title=fields.text("title"),
                saved_at=when(raw.get("savedAt")),
                date_written=unreadable(raw.get("savedAt")),
                tags=fields.tags("labels"),
                authors=[author] if (author := fields.text("author")) else [],
                unread=progress in (0, "0") and not marks and state != "ARCHIVED",
                excerpt=fields.text("description", lines=True),
                highlights=marks,
            )
        )
