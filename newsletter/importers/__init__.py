"""Bringing in what people saved elsewhere: one module per source format, all producing `SavedItem`s.

    from newsletter.importers import parse_file, entry_text, entry_date
    parsed = parse_file(path)            # format detected by content; Parsed(format, items, warnings)
    text = entry_text(item, entry_date(item, today))

Formats: see `detect.FORMATS`. Parsers are pure (bytes or text in, items out) and fetch nothing;
what becomes of an item (skipped as already imported, written, appended to) is the import
command's business.
"""

from newsletter.importers.detect import FORMATS, detect, parse_file
from newsletter.importers.entry import entry_date, entry_text, highlights_text, imported_key, item_type
from newsletter.importers.export_sites import shared_suffixes
from newsletter.importers.kinds import infer_type
from newsletter.importers.model import Highlight, Parsed, SavedItem

__all__ = [
    "FORMATS",
    "Highlight",
    "Parsed",
    "SavedItem",
    "detect",
    "entry_date",
    "entry_text",
    "highlights_text",
    "imported_key",
    "infer_type",
    "item_type",
    "parse_file",
    "shared_suffixes",
]
