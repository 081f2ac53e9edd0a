"""The index of the whole log: `.newsletter/smart.sqlite`, kept up to date incrementally.

One row per entry file (its stat, digests of its bytes and of what is embedded, its vector
and a 256-bit sign signature), an FTS5 table of its words for BM25, and its nearest neighbours
computed here, at index time, so that `related` and the build never need the model to list them.

`refresh` opens only files whose size or times changed, parses only those whose bytes changed,
re-embeds only those whose text changed, and recomputes neighbours only where they can have
changed. A missing, corrupt or older-format index is rebuilt from scratch.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from newsletter.smart import cjk, quick
from newsletter.smart.model import NAME
from newsletter.smart.words import plain_letters

FORMAT = f"10 {NAME}"  # bump to rebuild every index (8: CJK text as character pairs; 9: NFKC; 10: ctime)
NEIGHBOURS = 10
EMBEDDED = 2000  # characters of an entry embedded: title and tags first, then the start of the notes

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entry (id INTEGER PRIMARY KEY, path TEXT UNIQUE, mtime INTEGER, ctime INTEGER, size INTEGER,
                    digest TEXT,       -- of the file's bytes: unchanged, the file is not parsed
                    text_digest TEXT,  -- of what is embedded: unchanged, the entry is not re-embedded
                    title TEXT, date TEXT, type TEXT, url TEXT, tags TEXT, section TEXT, vec BLOB, sig BLOB);
CREATE VIRTUAL TABLE words USING fts5(title, people, tags, notes, tokenize = 'porter unicode61');
CREATE TABLE neighbour (id INTEGER, other INTEGER, score REAL, PRIMARY KEY (id, other)) WITHOUT ROWID;
CREATE INDEX neighbour_other ON neighbour (other);  -- the rows a changed entry is in
CREATE TABLE packed (ids BLOB, sigs BLOB);  -- every signature in one row: one read for a query's scan
"""


class Stats:
    """What a refresh did (a plain class: search imports this module, and dataclasses costs it)."""

    def __init__(self):
        self.entries = 0
        self.read = 0  # files whose stat changed
        self.embedded = 0  # of those, files whose text changed
        self.removed = 0
        self.unreadable = 0
        self.rebuilt = False

    def __repr__(self) -> str:
        return f"Stats({vars(self)})"


def path_of(state_dir: Path) -> Path:
    return state_dir / "smart.sqlite"


def connect(state_dir: Path) -> tuple[sqlite3.Connection, bool]:
    """The index database, and whether it had to be made anew (missing, corrupt, old format)."""
    path = path_of(state_dir)
    if path.exists():
        try:
            db = _open(path)
            if db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,):
                return db, False
            db.close()
        except sqlite3.DatabaseError:
            pass
        for stale in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal")):
            stale.unlink(missing_ok=True)
    state_dir.mkdir(parents=True, exist_ok=True)
    db = _open(path)
    db.executescript(SCHEMA)
    quick.tokenizer_tables(db)
    db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
    db.commit()
    return db, True


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    # pages read through a memory map, not a read() each: a search's first (cold) queries over
    # the FTS lists and the packed signatures take about a third less time
    db.execute("PRAGMA mmap_size = 1073741824")
    return db


def fingerprint(entries_dir: Path) -> str:
    """A cheap sign that files were added, removed or renamed: the mtimes of entries/, its years
    and their months (a file's creation, deletion or rename changes its folder's), no file stat."""
    parts, folders = [], [os.fspath(entries_dir)]
    for depth in range(3):
        found = []
        for folder in folders:
            try:
                parts.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
                if depth < 2:
                    with os.scandir(folder) as listing:
                        found += sorted(item.path for item in listing if item.is_dir())
            except OSError:
                continue
        folders = found
    return "\n".join(parts)


def is_fresh(db: sqlite3.Connection, entries_dir: Path) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    return row is not None and row[0] == fingerprint(entries_dir)


def open_index(
    root: Path,
    state_dir: Path,
    entries_dir: Path,
    *,
    check: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> sqlite3.Connection:
    """The index, refreshed first if files were added, removed or renamed since (or always, `check`)."""
    db, new = connect(state_dir)
    if new or check or not is_fresh(db, entries_dir):
        refresh(db, root, entries_dir, progress=progress)
    return db


def document(entry) -> tuple[str, str, str, str]:
    """What is embedded and searched of an entry: title, people, tags (and section), notes."""
    from newsletter.stubs import ALL_PLACEHOLDERS

    # the stub's "Your notes, in Markdown." is no one's words: every entry not yet written up
    # matched a search for "notes", and its words named sections
    notes = entry.notes
    for said in ALL_PLACEHOLDERS:  # (Portugal's too: it was searched in a pt-PT log)
        notes = notes.replace(said, " ")
    notes = re.sub(r"\]\([^)]*\)|https?://\S+|[#*_`>\[\]]", " ", notes)
    tags = " ".join([*entry.tags, entry.section or ""]).strip()
    return entry.title or "", " ".join(entry.speakers), tags, quick.clean(notes)


def listing(root: Path, entries_dir: Path) -> dict[str, os.stat_result]:
    """Every entry file under `entries_dir` (any depth), by its path from `root`, with its stat.

    The files `read.entry_files` lists (`*.md` files not named `_...` or hidden), in no hidden
    folder, found with one scandir per folder and plain strings: this runs on every refresh over
    the whole log, and pathlib's glob, sorting and `relative_to` on ten thousand paths cost more
    than all the rest.
    """
    found: dict[str, os.stat_result] = {}
    prefix = entries_dir.relative_to(root).as_posix()
    folders = [(os.fspath(entries_dir), "" if prefix == "." else prefix + "/")]
    while folders:
        folder, name = folders.pop()
        try:
            with os.scandir(folder) as items:
                for item in items:
                    try:
                        if item.is_dir(follow_symlinks=False):
                            if not item.name.startswith("."):  # .trash/, .obsidian/: no build reads them
                                folders.append((item.path, f"{name}{item.name}/"))
                        elif item.name.endswith(".md") and not item.name.startswith(("_", ".")) and item.is_file():
                            found[name + item.name] = item.stat()
                    except OSError:  # vanished or unreadable since the listing: not an entry now
                        continue
        except OSError:
            continue
    return _without_copies(root, found)


def _without_copies(root: Path, found: dict[str, os.stat_result]) -> dict[str, os.stat_result]:
    """`found` less a sync client's copy of an entry beside it, which the builds leave out too
    (smart/copies.py): new user 52's (Ben's) search listed his talk once for each copy."""
    from newsletter.smart.copies import left_out

    names: dict[str, set[str]] = {}
    for key in found:
        folder, _, name = key.rpartition("/")
        names.setdefault(folder, set()).add(name)
    kept = {}
    for key, stat in found.items():
        folder, _, name = key.rpartition("/")
        if not left_out(f"{root}/{folder}", name, names[folder]):
            kept[key] = stat
    return kept


def refresh(
    db: sqlite3.Connection, root: Path, entries_dir: Path, *, progress: Callable[[int, int], None] | None = None
) -> Stats:
    """Bring the index up to date with the files under `entries_dir`, in one transaction.

    A file whose size and times are unchanged is not opened (the change time too: a sync client,
    `cp -p` or rsync puts another machine's file in place with the size and mtime it had, new
    user 52's entry its new words under a 1980 mtime, and they were never indexed; nothing sets
    a change time back); one whose bytes are unchanged
    (touched, checked out again) is not parsed; one whose embedded text is unchanged (only its
    date, link or type changed) is not re-embedded.
    """
    import hashlib

    stats = Stats()
    known = {
        path: (id_, (mtime, ctime, size), digest, text)
        for id_, path, mtime, ctime, size, digest, text in db.execute(
            "SELECT id, path, mtime, ctime, size, digest, text_digest FROM entry"
        )
    }
    stats.rebuilt = not known
    folders = fingerprint(entries_dir)  # before listing: a file added meanwhile shows next time
    found = listing(root, entries_dir)
    changed, touched, edited = [], [], []
    for name in sorted(found):
        stat, old = found[name], known.get(name)
        if old and old[1] == (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size):
            continue
        stats.read += 1
        try:
            digest = hashlib.sha1((root / name).read_bytes()).hexdigest()
        except OSError:
            stats.unreadable += 1
            continue
        if old and old[2] == digest:
            touched.append((stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, old[0]))
            continue
        from newsletter import read

        try:
            entry, _ = read.read_entry(root / name)
        except read.Problem:
            stats.unreadable += 1
            continue
        doc = document(entry)
        text = hashlib.sha1("\x00".join(doc).encode()).hexdigest()
        if old and old[3] == text:
            edited.append((stat, digest, entry, old[0]))
        else:
            changed.append((name, stat, entry, doc, (digest, text), old[0] if old else None))
    gone = [known[name][0] for name in known.keys() - found.keys()]
    stats.removed, stats.embedded = len(gone), len(changed)
    db.executemany("UPDATE entry SET mtime = ?, ctime = ?, size = ? WHERE id = ?", touched)
    for stat, digest, entry, id_ in edited:
        db.execute(
            "UPDATE entry SET mtime = ?, ctime = ?, size = ?, digest = ?, title = ?, date = ?, type = ?, url = ? "
            "WHERE id = ?",
            (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, digest, *_described(entry)[:4], id_),
        )
    db.executemany("DELETE FROM entry WHERE id = ?", [(id_,) for id_ in gone])
    db.executemany("DELETE FROM words WHERE rowid = ?", [(id_,) for id_ in gone])
    ids = _store(db, changed, progress) if changed else []
    if ids or gone:
        from newsletter.smart.neighbours import update

        update(db, set(ids), set(gone), NEIGHBOURS)
        _pack(db)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (folders,))
    db.commit()
    stats.entries = db.execute("SELECT count(*) FROM entry").fetchone()[0]
    return stats


def _described(entry) -> tuple:
    """An entry's columns other than its text: title, date, type, url, tags, section."""
    import json

    return (
        entry.title or "",
        entry.date.isoformat(),
        entry.type,
        entry.url,
        json.dumps(entry.tags),
        entry.section or "",
    )


def _pack(db: sqlite3.Connection) -> None:
    from array import array

    rows = db.execute("SELECT id, sig FROM entry ORDER BY id").fetchall()
    db.execute("DELETE FROM packed")
    db.execute(
        "INSERT INTO packed VALUES (?, ?)",
        (array("q", [id_ for id_, _ in rows]).tobytes(), b"".join(sig for _, sig in rows)),
    )


def _store(db: sqlite3.Connection, changed: list, progress) -> list[int]:
    import numpy as np

    from newsletter.smart.model import model

    texts = [" ".join(part for part in (doc[0], doc[2], doc[3]) if part)[:EMBEDDED] for _, _, _, doc, _, _ in changed]
    vectors = np.zeros((len(texts), 256), dtype=np.float32)
    step = 512
    for start in range(0, len(texts), step):
        vectors[start : start + step] = model().embed(texts[start : start + step])
        if progress:
            progress(min(start + step, len(texts)), len(texts))
    signatures = np.packbits(vectors > 0, axis=1)
    ids = []
    for (name, stat, entry, doc, digests, old_id), vec, sig in zip(changed, vectors, signatures, strict=True):
        row = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, *digests, *_described(entry))
        row += (vec.astype("<f2").tobytes(), sig.tobytes())
        if old_id is None:
            old_id = db.execute(
                "INSERT INTO entry (mtime, ctime, size, digest, text_digest, title, date, type, url, tags, section, "
                "vec, sig, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*row, name),
            ).lastrowid
        else:
            db.execute(
                "UPDATE entry SET mtime = ?, ctime = ?, size = ?, digest = ?, text_digest = ?, title = ?, date = ?, "
                "type = ?, "
                "url = ?, tags = ?, section = ?, vec = ?, sig = ? WHERE id = ?",
                (*row, old_id),
            )
            db.execute("DELETE FROM words WHERE rowid = ?", (old_id,))
        searched = (cjk.spaced(plain_letters(part)) for part in doc)  # 機械学習 -> 機械 械学 学習
        db.execute("INSERT INTO words (rowid, title, people, tags, notes) VALUES (?, ?, ?, ?, ?)", (old_id, *searched))
        ids.append(old_id)
    return ids
