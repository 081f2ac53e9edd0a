"""A persistent cache of link metadata: `.newsletter/cache.sqlite3`, keyed by normalised URL.

- SQLite in WAL mode, one transaction per write: a build killed mid-write leaves the last
  committed state, never a torn file. `synchronous=NORMAL` may lose the last few writes on a power
  cut (not on a crash), which a cache can afford.
- Failures are remembered too, briefly: an hour, a week for a 404 or 410 (`--refresh` overrides).
  Without that, a link behind a proxy that never answers costs every build its whole timeout.
  The caller decides what not to remember (failures while the network was down).
- A file that is not a cache we can read (garbage, another schema, a newer version) is moved aside
  to `cache.sqlite3.broken` and a fresh one started; `warnings` says so in one line. A cache
  that cannot be written at all (read-only folder, disk full) degrades to memory, with a warning.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from newsletter.errors import FetchError
from newsletter.files import close_db, open_db
from newsletter.formats.json_object import json_object
from newsletter.links import untrusted
from newsletter.links.cached_titles import FILENAME
from newsletter.links.urls import normalise_url
from newsletter.models import Metadata

SCHEMA_VERSION = 1  # bump when the table changes; old files are then moved aside
DAY = 86_400
FAILURE_TTL = 3_600  # seconds a failed fetch is remembered
GONE_TTL = 7 * DAY  # ... when the server said 404 Not Found or 410 Gone

# What SQLite says when the file itself is bad, as opposed to busy or locked.
_BROKEN = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class MetadataCache:
    """`get` and `put` Metadata by URL; use as a context manager, or call `close()`."""

    def __init__(self, folder: Path | str, max_age_days: float = 30, *, clock=time.time):
        self.path = Path(folder) / FILENAME
        self.max_age = max_age_days * DAY
        self.clock = clock  # tests move time forward
        self.warnings: list[str] = []
        self._db = self._open()

    def get(self, url: str) -> Metadata | None:
        """The cached metadata, or None when missing or older than the age limit."""
        return self.get_many([url]).get(url)

    def get_many(self, urls: list[str]) -> dict[str, Metadata]:
        """Each URL's cached metadata, when there and not older than the age limit, in a few
        queries (an edition's links: one query, not fifty)."""
        keys = {url: normalise_url(url) for url in urls}
        rows: dict[str, tuple[str, float]] = {}
        wanted = list(dict.fromkeys(keys.values()))
        try:
            for start in range(0, len(wanted), 500):  # SQLite's limit on parameters is 999 or more
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT url, data, fetched_at FROM metadata WHERE url IN ({marks})"
                rows.update((key, (data, fetched)) for key, data, fetched in self._db.execute(query, chunk))
        except sqlite3.DatabaseError as error:
            self._trouble(error, "read")
            return {}
        now, found = self.clock(), {}
        for url, key in keys.items():
            if (
                key in rows
                and within(now, rows[key][1], self.max_age)
                and (meta := _metadata(rows[key][0])) is not None
            ):
                found[url] = meta  # one object per URL: callers may change it
        return found

    def put(self, url: str, meta: Metadata) -> None:
        self.put_all({url: meta}, [])

    def put_all(self, found: dict[str, Metadata], failures: list[FetchError]) -> None:
        """Many answers in one transaction: a cold build's hundreds of links, one commit."""
        now, statements = self.clock(), []
        for url, meta in found.items():
            data = json.dumps(meta.as_dict(), ensure_ascii=False, default=str)
            statements.append(
                (
                    "INSERT OR REPLACE INTO metadata (url, data, fetched_at) VALUES (?, ?, ?)",
                    (normalise_url(url), data, now),
                )
            )
            statements.append(("DELETE FROM failures WHERE url = ?", (normalise_url(url),)))
        for error in failures:
            statements.append(
                (
                    "INSERT OR REPLACE INTO failures (url, reason, kind, failed_at) VALUES (?, ?, ?, ?)",
                    (normalise_url(error.url), error.reason, error.kind, now),
                )
            )
        if statements:
            self._write(*statements)

    def failure(self, url: str) -> FetchError | None:
        """The failure of a recent fetch of `url`, as it was then, or None."""
        try:
            row = self._db.execute(
                "SELECT reason, kind, failed_at FROM failures WHERE url = ?", (normalise_url(url),)
            ).fetchone()
        except sqlite3.DatabaseError as error:
            self._trouble(error, "read")
            return None
        if row is None or not within(self.clock(), row[2], GONE_TTL if row[1] == "gone" else FAILURE_TTL):
            return None
        return FetchError(url, f"{row[0]}, in an earlier build; --refresh tries again", row[1])

    def _write(self, *statements: tuple[str, tuple]) -> None:
        for _ in range(2):  # once more on a fresh file if this one turns out to be broken
            try:
                with self._db:  # one transaction
                    for statement, values in statements:
                        self._db.execute(statement, values)
                return
            except sqlite3.DatabaseError as error:
                if not self._trouble(error, "write"):
                    return

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM metadata").fetchone()[0]

    def close(self) -> None:
        close_db(self._db)

    def __enter__(self) -> MetadataCache:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # Opening and recovering

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                return self._connect(self.path)
            except sqlite3.DatabaseError as error:
                if not _broken(error):
                    raise
                self._move_aside(str(error))
                return self._connect(self.path)
        except (sqlite3.DatabaseError, OSError) as error:
            self._warn(f"metadata cache {self.path} unusable ({error}); nothing is kept this run")
            return self._connect(":memory:")

    def _connect(self, path: Path | str) -> sqlite3.Connection:
        db = open_db(path, timeout=10)  # waits up to 10 s for another build's write
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                # A new file, or one another process (build --all's other worker) is making: looked
                # at again under the write lock, and made in the same transaction (Python begins
                # none for a CREATE). The version read, then the tables read outside one found the
                # table another process had made since with the version it read before it, 0, took
                # the file for another program's, moved it aside and said the cache was unreadable
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    version = db.execute("PRAGMA user_version").fetchone()[0]
                    if version == 0 and not db.execute("SELECT 1 FROM sqlite_master").fetchone():
                        db.execute(
                            "CREATE TABLE IF NOT EXISTS metadata "
                            "(url TEXT PRIMARY KEY, data TEXT NOT NULL, fetched_at REAL NOT NULL)"
                        )
                        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                        version = SCHEMA_VERSION
            if version != SCHEMA_VERSION:
                raise _WrongSchema(f"schema version {version}, expected {SCHEMA_VERSION}")
            try:
                db.execute("SELECT url, data, fetched_at FROM metadata LIMIT 1").fetchall()
            except sqlite3.OperationalError as error:  # right version number, wrong table
                raise _WrongSchema(str(error)) from None
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'failures'").fetchone():
                with db:  # added after version 1 shipped: a table more, nothing else changed
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, reason TEXT NOT NULL, "
                        "kind TEXT NOT NULL, failed_at REAL NOT NULL)"
                    )
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _trouble(self, error: sqlite3.DatabaseError, doing: str) -> bool:
        """Deal with an error met while in use; True when a fresh file is ready to retry on."""
        if not _broken(error):  # busy, locked, disk full: skip this one, keep the file
            self._warn(f"metadata cache: could not {doing} ({error})")
            return False
        self._db.close()
        try:
            self._move_aside(str(error))
        except OSError as move_error:
            self._warn(f"metadata cache {self.path} unusable ({move_error}); nothing is kept this run")
            self._db = self._connect(":memory:")
        else:
            self._db = self._open()
        return True

    def _move_aside(self, reason: str) -> None:
        aside = self.path.with_name(self.path.name + ".broken")
        for suffix in ("", "-wal", "-shm"):  # a stale -wal must never be replayed into another file
            source, target = (path.with_name(path.name + suffix) for path in (self.path, aside))
            if source.exists():
                os.replace(source, target)
            else:
                target.unlink(missing_ok=True)
        self._warn(
            f"metadata cache {self.path} was unreadable ({reason}); moved it to {aside.name} and started a new one"
        )

    def _warn(self, message: str) -> None:
        if message not in self.warnings:  # a full disk fails every write the same way: say it once
            self.warnings.append(message)


class _WrongSchema(sqlite3.DatabaseError):
    sqlite_errorcode = sqlite3.SQLITE_NOTADB  # as good as not a database, for us


def _broken(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _BROKEN  # the primary code, without extended bits


def _metadata(data: str) -> Metadata | None:
    """Metadata from its JSON, sanitised again: a cache written by an older version may hold
    what we now refuse."""
    values = json_object(data)  # (None for a damaged or foreign row)
    return None if values is None else untrusted.metadata_from(values, data)


def within(now: float, then, age: float) -> bool:
    """Whether a row stamped `then` is at most `age` seconds old: not if its stamp is no number
    (a row another program wrote, where `now - then` was a TypeError ending the build)."""
    return isinstance(then, int | float) and now - then <= age
