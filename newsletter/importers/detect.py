"""Which export a file is, by its content (never its name), and the one way to parse any of them.

Zips are told apart by their members (Pocket's `part_*.csv`, Omnivore's `metadata_*.json`);
text by its start: a Netscape bookmark file, a CSV header (matched by column names), JSON by its
shape, BibTeX by an `@type{` block, Kindle clippings by their `==========` separators.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from newsletter.importers import (
    bibtex,
    bookmarks_html,
    hypothesis,
    kindle,
    omnivore,
    pinboard,
    pocket,
    raindrop,
    readwise,
    zotero_csl,
)
from newsletter.importers.common import ExportError, decode, read_capped, zip_names
from newsletter.importers.model import Parsed

FORMATS = {  # name -> what it is, for messages and --help
    bookmarks_html.NAME: "Netscape bookmark HTML (browsers, Pinboard, Raindrop.io, Pocket)",
    pocket.NAME: "Pocket CSV export, or its zip of part_*.csv",
    omnivore.NAME: "Omnivore export zip (metadata_*.json, highlights/*.md), or its JSON alone",
    raindrop.NAME: "Raindrop.io CSV export",
    pinboard.NAME: "Pinboard JSON export",
    readwise.NAME: "Readwise CSV export",
    kindle.NAME: "Kindle 'My Clippings.txt'",
    zotero_csl.NAME: "CSL-JSON (Zotero and other reference managers)",
    bibtex.NAME: "BibTeX (Zotero, JabRef, Better BibTeX)",
    hypothesis.NAME: "Hypothesis annotations JSON (the API's search result)",
}
_TEXT_PARSERS: dict[str, Callable[[str, str], Parsed]] = {
    bookmarks_html.NAME: bookmarks_html.parse, pocket.NAME: pocket.parse, omnivore.NAME: omnivore.parse,
    raindrop.NAME: raindrop.parse, pinboard.NAME: pinboard.parse, readwise.NAME: readwise.parse,
    kindle.NAME: kindle.parse, zotero_csl.NAME: zotero_csl.parse, bibtex.NAME: bibtex.parse,
    hypothesis.NAME: hypothesis.parse,
}
HEAD_CHARS = 65_536


def detect(path: Path) -> str:
    """The format name of an export file; ExportError listing the known formats if it is none."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        return _zip_format(path)
    return _text_format(decode(read_capped(path), str(path)), str(path))


def parse_file(path: Path) -> Parsed:
    """Detect an export's format and parse it: its items, and a warning for each skipped row."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        form = _zip_format(path)
        return pocket.parse_zip(path) if form == pocket.NAME else omnivore.parse_zip(path)
    text = decode(read_capped(path), str(path))
    return _TEXT_PARSERS[_text_format(text, str(path))](text, str(path))


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


def _text_format(text: str, name: str) -> str:
    head = text[:HEAD_CHARS].lstrip()
    lowered = head[:4096].lower()
    if not head:
        raise _unknown(name, "the file is empty")
    if lowered.startswith("<!doctype netscape-bookmark-file") or (
            lowered.startswith(("<!doctype html", "<html", "<meta", "<title", "<dl", "<ul", "<h1"))
            and re.search(r"<a\s[^>]*href=", head, re.I)):
        return bookmarks_html.NAME
    if head[0] in "[{":
        return _json_format(text, name)
    if re.search(r"^\s*@[A-Za-z]+\s*[{(]", head, re.M):
        return bibtex.NAME
    if kindle.SEPARATOR in head and re.search(r"^- .*\|", head, re.M):
        return kindle.NAME
    try:
        header = {column.strip().lower() for column in next(csv.reader(io.StringIO(head)))}
    except (csv.Error, StopIteration):
        header = set()
    if readwise.COLUMNS <= header:
        return readwise.NAME
    if raindrop.COLUMNS <= header and header & {"excerpt", "folder", "highlights"}:
        return raindrop.NAME
    if pocket.COLUMNS <= header:
        return pocket.NAME
    raise _unknown(name, "not an export this tool recognises")


def _json_format(text: str, name: str) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _unknown(name, f"JSON that cannot be read (line {error.lineno}: {error.msg})")
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        return hypothesis.NAME
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    first = next((item for item in data if isinstance(item, dict)), None) if isinstance(data, list) else None
    if first is None:
        raise _unknown(name, "JSON, but not a list of saved items")
    if "href" in first and ("time" in first or "toread" in first):
        return pinboard.NAME
    if "slug" in first and ("savedAt" in first or "readingProgress" in first):
        return omnivore.NAME
    if "uri" in first and "target" in first:
        return hypothesis.NAME
    if "type" in first and ("title" in first or "author" in first) and "id" in first:
        return zotero_csl.NAME
    raise _unknown(name, "JSON, but of no shape this tool recognises")

