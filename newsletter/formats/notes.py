"""The note parser: the author's Markdown parsed once for both parts of the email, and kept
between builds in .newsletter/, so an unchanged note is not parsed again.

`render` owns one `NoteParser` per build and hands it to the HTML and text filters; nothing
here is global, so two builds in one process (preview, tests) never share a store.

Python-Markdown is most of a warm build's time, and rebuilding an archive (after a template
change) would parse every note of every edition. A note's parse depends only on its text and
the parser, so it is stored under a hash of both, as JSON (the tree as nested lists): nothing
here is executable, and a damaged file only means parsing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from newsletter import __version__
from newsletter.files import close_db, open_db
from newsletter.formats.code_stamp import stamp
from newsletter.formats.kept_parse import Parsed, dumps, loads
from newsletter.formats.own_key import own_key, sealed, unsealed, unsealed_bytes
from newsletter.formats.shortcode_tags import hugo_comments_shown, shortcodes_left_out

FILENAME = "notes.sqlite3"
KEEP_DAYS = 120  # a row no build read for this long goes (NotesCache._drop_unused)
_TABLES = ("notes", "made")
IMAGES = ("[image: {alt}]", "[image]")  # a note's image in words, with its alt text and without


# Anything that changes how a note parses changes every key: the versions, and the extensions
# with their settings. Read without importing Markdown, which a build whose notes are all kept
# never needs: note_markdown.py, where the extensions and their settings are, and the files
# where Markdown and pymdownx state their versions (their extensions' defaults change with them).
def _salt() -> bytes:
    parts = [
        b"hugo-comments-1",  # what a note is parsed as (hugo_comments_shown, shortcode_tags.py)
        b"lists-8",  # and its lists (four_space_lists)
        b"breaks-2",  # and its backslash breaks (_BackslashBreak: a pattern, not a setting, changed)
        b"sealed-1",  # each row signed by this user's key (own_key.sealed): unsigned ones go
        __version__.encode(),
    ]
    # and how a note's text part is cut into lines (line_fill.py): what is kept is its lines; and
    # the no-break spaces note_markdown takes from french_spacing.py (a number and its %, review 29)
    ours = ((__package__, "note_markdown.py"), (__package__, "line_fill.py"), (__package__, "french_spacing.py"))
    ours += ((__package__, "ruby.py"),)  # and the parentheses a note's ruby is given
    ours += ((__package__, "heavy_notes.py"),)  # and which notes are read as plain text instead
    for package, name in (*ours, ("markdown", "__meta__.py"), ("pymdownx", "__meta__.py")):
        parts.append(stamp(package, name))
    return b"\0".join(parts)


_SALT = _salt()


class NoteParser:
    """Markdown -> `Parsed`, each text once per parser, and (given a state folder) once across
    builds. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        state_dir: Path | None = None,
        quotes: tuple[str, str] | None = None,
        images: tuple[str, str] | None = None,
        emoji: bool = False,
        shortcodes: bool = False,
    ):
        """`quotes` and `images`: the language's words where not English's (Wording.quotes, .images);
        `emoji`: `:rocket:` is 🚀, as on a blog whose Hugo settings enable emoji; `shortcodes`: the
        notes' shortcodes run on the blog ([site] shortcodes), so the email leaves them out."""
        self.quotes, self.images, self.emoji, self.shortcodes = quotes, images or IMAGES, emoji, shortcodes
        # another language's notes parse and read otherwise: kept apart (English's keys as they were)
        variant = f"quotes:{quotes}\0images:{images}\0" if quotes or images else ""
        variant += ("emoji\0" if emoji else "") + ("shortcodes\0" if shortcodes else "")
        self.store = NotesCache(state_dir, variant) if state_dir is not None else None
        self.parsed: dict[str, Parsed] = {}
        self.made: dict[tuple[str, str], str] = {}
        self._md = None  # note_markdown.kept_parser(): building one costs more than using it
        self.state_dir = state_dir
        self._others: dict[tuple[str, str] | None, NoteParser] = {}

    def quoted_as(self, quotes: tuple[str, str] | None) -> NoteParser:
        """The parser of notes whose straight quotes become `quotes` (an entry in another language
        than the log's, `language: en` in an Arabic log: “…” and not «…», and no French spaces in
        a German one): this one when they are its own, else one alike but for them, made once
        and closed with this one. Its parses are kept apart, as another language's are."""
        if quotes == self.quotes:
            return self
        if quotes not in self._others:
            images = None if self.images == IMAGES else self.images
            self._others[quotes] = NoteParser(self.state_dir, quotes, images, self.emoji, self.shortcodes)
        return self._others[quotes]

    def parse(self, source: str) -> Parsed:
        source = source or ""
        if source not in self.parsed:
            self.parsed[source] = self._stored(source)
        return self.parsed[source]

    def made_from(self, kind: str, source: str, make) -> str:
        """`make(parse(source))`, a text made from a note's parse (the email's sanitised HTML),
        once per parser and, given a state folder, once across builds. `kind` names the making
        (and the versions it depends on): change it whenever `make` would give other text."""
        source = source or ""
        kept = self.kept(kind, source)
        if kept is None:
            kept = make(self.parse(source))
            self.keep(kind, source, kept)
        return kept

    def kept(self, kind: str, source: str) -> str | None:
        """What `keep` was given for this kind and note, in this build or an earlier one."""
        if (kind, source) not in self.made:
            kept = self.store.get_made(kind, source) if self.store is not None else None
            if kept is None:
                return None
            self.made[kind, source] = kept
        return self.made[kind, source]

    def prefetch(self, kinds: list[str], sources: list[str]) -> None:
        """What earlier builds kept of these notes for these kinds, read in one query: `kept`
        then finds them here. A build asks for every note of its edition, once per part (an
        archive's rebuild: twenty thousand queries, one at a time)."""
        if self.store is not None:
            wanted = [(kind, source) for kind in kinds for source in dict.fromkeys(s or "" for s in sources)]
            self.made.update(self.store.get_made_many([pair for pair in wanted if pair not in self.made]))

    def keep(self, kind: str, source: str, value: str) -> None:
        self.made[kind, source] = value
        if self.store is not None:
            self.store.put_made(kind, source, value)

    def _stored(self, source: str) -> Parsed:
        if not source.strip():  # Python-Markdown returns early, without running the tree processors
            return Parsed("", ET.Element("div"), ())
        if self.store is not None and (kept := self.store.get(source)) is not None:
            return kept
        parsed = self._parse(source)
        if self.store is not None:
            self.store.put(source, parsed)
        return parsed

    def _parse(self, source: str) -> Parsed:
        # (imported here: a note to parse is their one use, and a build whose notes are all kept has none)
        from newsletter.formats import heavy_notes, note_markdown
        from newsletter.formats.list_indent import four_space_lists

        if heavy_notes.heavy(source):  # minutes of Markdown's time, or a RecursionError (read warns)
            return heavy_notes.plain(source)
        if self._md is None:
            self._md = note_markdown.kept_parser(self.quotes, self.emoji)
        source = shortcodes_left_out(source) if self.shortcodes else source
        try:
            html = self._md.reset().convert(four_space_lists(hugo_comments_shown(source)))
        except RecursionError:  # nesting no rule of heavy_notes foresaw: the note still shows
            return heavy_notes.plain(source)
        return Parsed(html, self._md.text_tree, tuple(str(block) for block in self._md.htmlStash.rawHtmlBlocks))

    def close(self) -> None:
        for other in self._others.values():
            other.close()
        self._others.clear()
        if self.store is not None:
            self.store.close()
        if self._md is not None:  # (then note_markdown is loaded)
            from newsletter.formats import note_markdown

            md, self._md = self._md, None
            note_markdown.give_back(md, self.quotes, self.emoji)

    def __enter__(self) -> NoteParser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class NotesCache:
    def __init__(self, folder: Path, variant: str = ""):
        self.db: sqlite3.Connection | None = None
        self.variant = variant  # before every key: what the notes were parsed with besides the salt
        # Until a write fails: the file locked for longer than the timeout (a database browser's
        # open transaction) made each of a build's writes wait its 10 s, a build of minutes.
        self.writing = True
        try:
            folder.mkdir(parents=True, exist_ok=True)
            new = not (folder / FILENAME).exists()
            self.db = open_db(folder / FILENAME, timeout=10, isolation_level=None)
            if new:  # first, and only then: on an existing file it costs a write at every open and close
                self.db.execute("PRAGMA auto_vacuum=INCREMENTAL")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a cache: no fsync per note
            self.db.execute("CREATE TABLE IF NOT EXISTS notes (key TEXT PRIMARY KEY, parsed TEXT NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS made (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self._with_days_used()
            if own_key() is None:  # nowhere to keep a key, so no row can be trusted: parsed each time
                raise OSError("no key")
        except (OSError, sqlite3.Error):
            self.db = None  # a read-only or damaged state folder: parse every time, as without a cache
            return
        self._drop_other_salts()
        self._drop_unused()

    def _with_days_used(self) -> None:
        """Each row's `used`: the day (since 1970) a build last read or wrote it (`_drop_unused`).
        A file from before it gets the column with today as every row's day, in one statement:
        added as 0 and set to today after, a `build --all` worker opening the file in between
        saw the column and swept every row as unread since 1970."""
        for table in _TABLES:
            if not any(row[1] == "used" for row in self.db.execute(f"PRAGMA table_info({table})")):
                with contextlib.suppress(sqlite3.OperationalError):  # another process added it first
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN used INTEGER NOT NULL DEFAULT {_today():d}")

    def _drop_unused(self) -> None:
        """Rows no build has read for KEEP_DAYS go, once a day: a note deleted, or each version
        of one edited twenty times (each with its parse, HTML, text and post), was kept for
        ever, the file growing with every edit of every month. What a build reads is marked
        used that day, so an edition built within KEEP_DAYS keeps all it needs; one older is
        parsed again by its next build (a few ms a note), as a first build is."""
        today = _today()
        try:
            if self.db.execute("SELECT value FROM meta WHERE name = 'swept'").fetchone() == (today,):
                return
            for table in _TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE used < ?", (today - KEEP_DAYS,))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('swept', ?)", (today,))
            self.db.executescript("PRAGMA incremental_vacuum")  # (the pages freed go back to the disk)
        except sqlite3.Error:
            self.writing = False  # busy or damaged: the rows are only space, swept another day

    def _used(self, table: str, keys: list[str]) -> None:
        """Mark `keys` read today; a row is written at most once a day for it (a warm build's
        reads stay reads, but for its first build of the day). Only a mark: on a full disk or a
        read-only state folder the rows are still read, where failing it made each a miss."""
        today = _today()
        if not self.writing:
            return
        try:
            for start in range(0, len(keys), 500):  # SQLite's limit on parameters is 999 or more
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = (
                    f"UPDATE {table} SET used = ? WHERE (used < ? OR typeof(used) != 'integer') AND key IN ({marks})"
                )
                self.db.execute(query, (today, today, *chunk))
        except sqlite3.Error:
            self.writing = False

    def _drop_other_salts(self) -> None:
        """Every key carries the salt, so what was kept under another one (an older version of
        the tool or of Markdown, other extension settings) can never be read again: empty the
        store then, instead of letting each upgrade add a full copy of the log's notes."""
        try:
            if self.db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone() == (_SALT,):
                return
            self.db.execute("BEGIN IMMEDIATE")  # one process empties it; the others then see the salt
            try:
                if self.db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone() != (_SALT,):
                    self.db.execute("DELETE FROM notes")
                    self.db.execute("DELETE FROM made")
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (_SALT,))
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.db.execute("ROLLBACK")
                raise
            if self.db.execute("PRAGMA auto_vacuum").fetchone() == (0,):  # a file from before this rule
                self.db.executescript("PRAGMA auto_vacuum=INCREMENTAL; VACUUM")  # quick: it is empty now
            self.db.executescript("PRAGMA incremental_vacuum")  # run to the end (execute frees one page)
        except sqlite3.Error:
            self.writing = False  # busy or damaged: keys are salted, so stale rows are only wasted space

    def get(self, source: str):
        if self.db is None:
            return None
        try:
            key = _key(self.variant + source)
            row = self.db.execute("SELECT parsed, used FROM notes WHERE key = ?", (key,)).fetchone()
            if row and _stale(row[1]):
                self._used("notes", [key])
            return loads(unsealed(key, row[0])) if row else None
        # (RecursionError: a damaged row of arrays nested past Python's limit, parsed again instead)
        except (sqlite3.Error, ValueError, TypeError, IndexError, AttributeError, RecursionError):
            return None

    def put(self, source: str, parsed) -> None:
        if self.db is None or not self.writing:
            return
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO notes (key, parsed, used) VALUES (?, ?, ?)",
                ((key := _key(self.variant + source)), sealed(key, dumps(parsed)), _today()),
            )
        except sqlite3.Error:
            self.writing = False  # (locked past the timeout, full, damaged: parsed again next time)

    def get_made(self, kind: str, source: str) -> str | None:
        if self.db is None:
            return None
        try:
            key = _key(f"{self.variant}{kind}\0{source}")
            row = self.db.execute("SELECT value, used FROM made WHERE key = ?", (key,)).fetchone()
            if row and _stale(row[1]):
                self._used("made", [key])
            return unsealed(key, row[0]) if row else None
        except sqlite3.Error:
            return None

    def get_made_many(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """`get_made` of each (kind, source), in a few queries; what is not kept is left out."""
        if self.db is None or not pairs:
            return {}
        keys = _made_keys(self.variant, pairs)
        found, wanted, stale, today, own = {}, list(keys), [], _today(), own_key()
        try:
            for start in range(0, len(wanted), 500):  # SQLite's limit on parameters is 999 or more
                chunk = wanted[start : start + 500]
                query = f"SELECT key, CAST(value AS BLOB), used FROM made WHERE key IN ({','.join('?' * len(chunk))})"
                for key, value, used in self.db.execute(query, chunk):
                    if (value := unsealed_bytes(own, key, value)) is not None:  # (checked as stored)
                        found[keys[key]] = value
                    if _stale(used, today):
                        stale.append(key)
            self._used("made", stale)
        except sqlite3.Error:
            return {}
        return found

    def put_made(self, kind: str, source: str, value: str) -> None:
        if self.db is None or not self.writing:
            return
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO made (key, value, used) VALUES (?, ?, ?)",
                ((key := _key(f"{self.variant}{kind}\0{source}")), sealed(key, value), _today()),
            )
        except sqlite3.Error:
            self.writing = False  # (locked past the timeout, full, damaged: parsed again next time)

    def close(self) -> None:
        if self.db is not None:
            close_db(self.db)


def _today() -> int:
    """The day, as a number (days since 1970, UTC): what a row's `used` is counted in."""
    return int(time.time() // 86400)


def _stale(used, today: int | None = None) -> bool:
    """Whether a row's `used` is to be marked today: before it, or not a day at all (a file another
    program wrote, or damaged: text or NULL there ended the build with a TypeError)."""
    return not isinstance(used, int) or used < (today if today is not None else _today())


def _key(source: str) -> str:
    return hashlib.sha256(_SALT + source.encode("utf-8")).hexdigest()


def _made_keys(variant: str, pairs: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """`_key(f"{variant}{kind}\0{source}")` of each (kind, source) pair: each note encoded once for
    its kinds (a build asks for four of each), and each kind's start (the salt) hashed once;
    sha256 takes its input in parts as it does whole, so each key is the same."""
    starts: dict = {}  # kind -> sha256 of the salt and the kind
    encoded: dict[str, bytes] = {}
    keys = {}
    for kind, source in pairs:
        if (start := starts.get(kind)) is None:
            start = starts[kind] = hashlib.sha256(_SALT + f"{variant}{kind}\0".encode())
        if (text := encoded.get(source)) is None:
            text = encoded[source] = source.encode("utf-8")
        digest = start.copy()
        digest.update(text)
        keys[digest.hexdigest()] = (kind, source)
    return keys
