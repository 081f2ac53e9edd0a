"""What an entry of the log holds of an imported item already, and what `import` leaves out of it.

`import` adds to an entry in the log only the highlights it lacks, and only to an entry it made:
a note on the whole item (a Hypothesis page note) is never added, and an entry the author wrote
herself is never changed. What is left out is said, once (notes_said), with the entry to copy it
into. New user 44 (Hannah) wrote her entries in Obsidian and then imported her Hypothesis and
Raindrop highlights of the same pages: they were counted 'skipped … already in the log' and
dropped without a word, while the page note's message beside them said that import adds highlights.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsletter import config, stubs
from newsletter.commands.notes_said import NotesSaid
from newsletter.formats import hidden_characters
from newsletter.formats import post as markdown_safe
from newsletter.importers.entry import highlights_text
from newsletter.importers.model import Highlight, SavedItem


def said(
    path: Path, made_by_import: bool, text: str, item: SavedItem, notes: NotesSaid, ids_of_entry: dict
) -> list[str]:
    """Warnings for what of `item` the entry at `path` (its `text`) lacks and does not get: the
    item's note, unless its own source wrote the entry; its highlights, if the author wrote it."""
    warnings, held = [], squeezed(text)
    kept = "import adds nothing to an entry you wrote" if not made_by_import else None
    note = squeezed(item.note or "")
    if note and item.source not in ids_of_entry and note not in held and notes.first_time(item.source, path, note):
        why = kept or "import adds only highlights to an entry already in the log"
        warnings.append(f"{config.shown(path)}: {item.source}'s note on this link is not added ({why}); {_copy(note)}")
    missing = [h for h in item.highlights if not present(passage(h), held)] if kept else []
    words = " ".join(h.text or h.note or "" for h in missing)
    if missing and notes.first_time(item.source, path, squeezed(words)):
        many = len(missing) > 1
        some = f"{len(missing)} highlights on this link are" if many else "highlight on this link is"
        first = _copy(squeezed(missing[0].text or missing[0].note or ""), "them" if many else "it")
        more = f" (and {len(missing) - 1} more)" if many else ""
        warnings.append(f"{config.shown(path)}: {item.source}'s {some} not added ({kept}); {first}{more}")
    return warnings


def _copy(words: str, them: str = "it") -> str:
    """Its right-to-left marks and zero-width spaces shown as their escapes, as any text the tool
    did not write (formats/hidden_characters.py), and a long one cut."""
    shown = hidden_characters.shortened(hidden_characters.escaped(words), 80)
    return f'copy {them} in yourself if you want {them}: "{shown}"'


def passage(highlight: Highlight) -> Highlight:
    """What says a highlight is already in an entry: its passage, whatever location or note
    another source gave it (Kindle says "page 12" where Readwise says "location 1406"); a
    note on its own, all of it."""
    return Highlight(highlight.text) if highlight.text else highlight


def present(highlight: Highlight, held: str) -> bool:
    """Whether an entry's text (`squeezed`) holds the highlight: as import writes it, or as it
    wrote it before it wrote text as typed (with the post's escapes: `yes\\!`, `AT&amp;T`), or
    before it kept a passage's line breaks (each paragraph one line), or before it wrote "%%" as
    "%&#37;" (not an Obsidian comment)."""
    kinds = (stubs.typed, markdown_safe.escape, _typed_before_percents)
    ways = [(way, breaks) for way in kinds for breaks in (True, False)]
    return any(squeezed("\n".join(highlights_text([highlight], *way))) in held for way in ways)


def _typed_before_percents(text: str) -> str:
    return stubs.typed(text).replace("&#37;", "%")


def squeezed(text: str) -> str:
    """Text with every run of white space one space: a highlight reflowed by the author still matches."""
    return re.sub(r"\s+", " ", text).strip()
