"""Parsed notes kept between builds in .newsletter/, so an unchanged note is not parsed again.

Python-Markdown is most of a warm build's time, and rebuilding an archive (after a template
change) would parse every note of every edition. A note's parse depends only on its text and
the parser, so it is stored under a hash of both, as JSON (the tree as nested lists): nothing
here is executable, and a damaged file only means parsing again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown

from newsletter import __version__

FILENAME = "notes.sqlite3"
# Anything that changes how a note parses changes every key.
_SALT = f"{__version__}\0{markdown.__version__}\0".encode()


class NotesCache:
    def __init__(self, folder: Path):
        self.db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / FILENAME, timeout=10, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a cache: no fsync per note
            self.db.execute("CREATE TABLE IF NOT EXISTS notes (key TEXT PRIMARY KEY, parsed TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.db = None  # a read-only or damaged state folder: parse every time, as without a cache

    def get(self, source: str):
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT parsed FROM notes WHERE key = ?", (_key(source),)).fetchone()
            return _loads(row[0]) if row else None
        except (sqlite3.Error, ValueError, TypeError, IndexError):
            return None

    def put(self, source: str, parsed) -> None:
        if self.db is None:
            return
        try:
            self.db.execute("INSERT OR REPLACE INTO notes VALUES (?, ?)", (_key(source), _dumps(parsed)))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def _key(source: str) -> str:
    return hashlib.sha256(_SALT + source.encode("utf-8")).hexdigest()


def _dumps(parsed) -> str:
    return json.dumps([parsed.html, _tree(parsed.tree), list(parsed.stash)], ensure_ascii=False)


def _loads(text: str):
    from newsletter.formats.text import Parsed

    html, tree, stash = json.loads(text)
    return Parsed(html, _element(tree), tuple(stash))


def _tree(element: ET.Element) -> list:
    return [element.tag, element.attrib, element.text, element.tail, [_tree(child) for child in element]]


def _element(data: list) -> ET.Element:
    tag, attrib, text, tail, children = data
    element = ET.Element(tag, attrib)
    element.text, element.tail = text, tail
    element.extend(_element(child) for child in children)
    return element
