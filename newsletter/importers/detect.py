"""Which export a file is, by its content (never its name), and the one way to parse any of them.

Zips are told apart by their members (Pocket's `part_*.csv`, Omnivore's `metadata_*.json`);
text by its first 64 KB: a Netscape bookmark file, a CSV header (matched by column names), JSON
by the keys of its first item, BibTeX by an `@type{` block, Kindle clippings by their
`==========` separators. CSV and Kindle files are then parsed line by line as they are read;
HTML, JSON and BibTeX whole (each under the size cap in common.py).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from newsletter.importers import (
    bibtex,
    bookmarks_html,
    goodreads,
    hypothesis,
    instapaper,
    kindle,
    omnivore,
    pinboard,
    pocket,
    raindrop,
    readwise,
    storygraph,
    zotero_csl,
)
from newsletter.importers.common import ExportError, decode, is_utf16, read_capped, read_head, text_lines, zip_names
from newsletter.importers.model import Parsed

FORMATS = {  # name -> what it is, for messages and --help
    bookmarks_html.NAME: "Netscape bookmark HTML (browsers, Pinboard, Raindrop.io, Pocket)",
    pocket.NAME: "Pocket CSV export, or its zip of part_*.csv",
    instapaper.NAME: "Instapaper CSV export",
    omnivore.NAME: "Omnivore export zip (metadata_*.json, highlights/*.md), or its JSON alone",
    raindrop.NAME: "Raindrop.io CSV export",
    pinboard.NAME: "Pinboard JSON export",
    readwise.NAME: "Readwise CSV export",
    kindle.NAME: "Kindle 'My Clippings.txt'",
    goodreads.NAME: "Goodreads library export CSV",
    storygraph.NAME: "The StoryGraph's library export CSV",
    zotero_csl.NAME: "CSL-JSON (Zotero and other reference managers)",
    bibtex.NAME: "BibTeX (Zotero, JabRef, Better BibTeX)",
    hypothesis.NAME: "Hypothesis annotations JSON (the API's search result, or the sidebar's export)",
}
_TEXT_PARSERS: dict[str, Callable[..., Parsed]] = {
    bookmarks_html.NAME: bookmarks_html.parse,
    pocket.NAME: pocket.parse,
    instapaper.NAME: instapaper.parse,
    omnivore.NAME: omnivore.parse,
    raindrop.NAME: raindrop.parse,
    pinboard.NAME: pinboard.parse,
    readwise.NAME: readwise.parse,
    kindle.NAME: kindle.parse,
    goodreads.NAME: goodreads.parse,
    storygraph.NAME: storygraph.parse,
    zotero_csl.NAME: zotero_csl.parse,
    bibtex.NAME: bibtex.parse,
    hypothesis.NAME: hypothesis.parse,
}
STREAMED = {
    pocket.NAME,
    instapaper.NAME,
    raindrop.NAME,
    readwise.NAME,
    kindle.NAME,
    goodreads.NAME,
    storygraph.NAME,
}  # parsed line by line
HEAD_BYTES = 65_536


def detect(path: Path) -> str:
    """The format name of an export file; ExportError listing the known formats if it is none."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        return _zip_format(path)
    return _text_format(read_head(path, HEAD_BYTES), str(path))


def parse_file(path: Path) -> Parsed:
    """Detect an export's format and parse it: its items, and a warning for each skipped row."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        form = _zip_format(path)
        return pocket.parse_zip(path) if form == pocket.NAME else omnivore.parse_zip(path)
    form = _text_format(read_head(path, HEAD_BYTES), str(path))
    streamed = form in STREAMED and not is_utf16(path)  # lines are split on bytes, which UTF-16 is not
    text = text_lines(path) if streamed else decode(read_capped(path), str(path))
    return _TEXT_PARSERS[form](text, str(path))


def _unknown(name: str, why: str) -> ExportError:
    known = "\n  ".join(f"{key}: {value}" for key, value in FORMATS.items())
    return ExportError(f"{name}: {why}; the formats import knows are:\n  {known}")


def _zip_format(path: Path) -> str:
    names = zip_names(path)
    if any(re.search(omnivore.METADATA, name) for name in names):
        return omnivore.NAME
    if any(re.search(pocket.PARTS, name) for name in names):
        return pocket.NAME
    raise _unknown(str(path), "a zip file without Pocket's part_*.csv or Omnivore's metadata_*.json")


def _text_format(head: str, name: str) -> str:
    head = head.lstrip().replace("\r\n", "\n").replace("\r", "\n")  # a lone CR ends a line too (old Macs)
    lowered = head[:4096].lower()
    if not head:
        raise _unknown(name, "the file is empty")
    if lowered.startswith("<!doctype netscape-bookmark-file") or (  # or Pocket's, which says html
        lowered.startswith(("<!doctype html", "<html", "<meta", "<title", "<dl", "<ul", "<h1"))
        and re.search(r"<a\s[^>]*\b(add_date|time_added)=", head, re.I)
    ):
        return bookmarks_html.NAME
    if head[0] in "[{":
        return _json_format(head, name)
    try:
        header = {column.strip().lower() for column in next(csv.reader(io.StringIO(head)))}
    except (csv.Error, StopIteration):
        header = set()
    if goodreads.COLUMNS <= header:
        return goodreads.NAME
    if storygraph.COLUMNS <= header:
        return storygraph.NAME
    if readwise.COLUMNS <= header:
        return readwise.NAME
    if raindrop.COLUMNS <= header and header & {"excerpt", "folder", "highlights"}:
        return raindrop.NAME
    if pocket.COLUMNS <= header:
        return pocket.NAME
    if instapaper.COLUMNS <= header:
        return instapaper.NAME
    # after the CSV header: a highlight in a CSV field may hold any line, "@article{" included
    if re.search(r"^\s*@[A-Za-z]+\s*[{(]", head, re.M):
        return bibtex.NAME
    if kindle.SEPARATOR in head and re.search(r"^- .*\|", head, re.M):
        return kindle.NAME
    raise _unknown(name, "not an export this tool recognises")


def _json_format(head: str, name: str) -> str:
    """A JSON export by the keys near its start (its first item's), without parsing all of it."""

    def has(*keys: str) -> bool:
        return all(re.search(rf'"{key}"\s*:', head) for key in keys)

    if has("rows") and (has("uri") or has("target")) or head.startswith("[") and has("uri", "target"):
        return hypothesis.NAME
    # the sidebar's "Export annotations" file, or its annotations kept without its header
    if has("annotations") and (has("export_userid") or has("uri", "target")):
        return hypothesis.NAME
    if has("href") and (has("toread") or has("time")):
        return pinboard.NAME
    if has("slug") and (has("savedAt") or has("readingProgress")):
        return omnivore.NAME
    if has("id", "type") and (has("title") or has("author") or has("DOI")):
        return zotero_csl.NAME
    raise _unknown(name, "JSON, but not of a shape this tool recognises")
