"""Whether an edition is up to date: its last build's inputs and outputs, checked in milliseconds.

A build writes `.newsletter/builds/<PERIOD>` (a stamp): every file the edition was made
from with its size, mtime, change time and hash (taken *before* the slow stages, so an entry edited while
links were fetched makes the stamp stale), the folders whose listing decides which files those
are, the metadata cache rows its links used and when the first of them expires, and the hash of
every file it wrote. A later `build` of the same period is up to date when all of that still
holds: a file whose size or times changed is hashed again (a `touch` changes nothing), and the
outputs are always hashed, so a hand-edited or deleted output is rebuilt. The change time is
there because a sync client (Dropbox, Syncthing), `cp -p`, rsync or tar replaces a file with one
of the same size and gives it back the mtime it had on the other machine: an entry's new words
kept the old one's size and 1980 mtime, and the build said 'up to date' without them. No program
sets the change time back: a write, a rename over the file or a touch moves it.

This module is read before click is imported (newsletter.cli.launch): the standard library
only, and nothing of the pipeline unless a build is being *recorded* (`snapshot`, `record`).
"""

from __future__ import annotations

import marshal
import os
import time

from newsletter.workspace import (
    SETTINGS_FILE,
    nearest,  # noqa: F401  (the launcher finds the workspace with it: cli imports commands)
    open_regular,
    regular_bytes,  # (a FIFO for a stamp or output: no wait)
    relative,
    rendering_settings,
)

try:  # hashlib's own blake2b, without hashlib's import of OpenSSL (a third of a bare start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

STAMPS = os.path.join(".newsletter", "builds")
# Which period a `build` without one meant (the settings' cadence, today): no period is named so.
CURRENT = os.path.join(STAMPS, "current")
VERSION = 1  # of the stamp's shape; a stamp of another version is simply stale
# Stamps are marshal, not JSON: the json module imports `re`, which alone costs more than
# checking every input. They are a cache: one that does not load is stale, never an error.


def check(root: str, period: str, *, offline: bool = False, now: float | None = None) -> dict | None:
    """The stamp of `period` if its build is up to date, else None. Never raises on bad state."""
    try:
        stamp = marshal.loads(regular_bytes(os.path.join(root, STAMPS, period)))
        return stamp if _fresh(root, stamp, offline, time.time() if now is None else now) else None
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError, IndexError):
        return None


def current(root: str) -> str | None:
    """The period a `build` without one means, as the last such build recorded it (`remember`),
    while that still holds: the same settings, and today (in their timezone) still in that period.
    None when it may not: the settings say (their cadence, week_start and timezone), and reading
    them takes more than the standard library."""
    try:
        known = marshal.loads(regular_bytes(os.path.join(root, CURRENT)))
        if known["version"] != VERSION or not known["from"] <= time.time() < known["until"]:
            return None
        return known["period"] if same_file(os.path.join(root, SETTINGS_FILE), known["settings"], True) else None
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
        return None


def _fresh(root: str, stamp: dict, offline: bool, now: float) -> bool:
    from newsletter import __version__

    if stamp["version"] != VERSION or stamp["newsletter"] != __version__:
        return False  # another version
    if any(stat_of(path) != seen for path, seen in stamp["libraries"].items()):
        return False  # a library that shapes the outputs was upgraded
    if now >= stamp["valid_until"]:  # the date moved on (an edition still in progress is dated by it)
        return False
    if not offline and (not stamp["complete"] or now >= stamp["expires"]):
        return False  # a link would be fetched: uncached, or its metadata or failure expired
    for folder, names in stamp["listings"].items():
        if sorted(input_names(os.path.join(root, folder))) != names:
            return False  # an entry or template added, removed or renamed
    for path, seen in stamp["inputs"].items():
        if not same_file(os.path.join(root, path), seen, path == SETTINGS_FILE):
            return False
    if not _same_cache(root, stamp["cache"]):
        return False
    # (after the inputs: a stat of every module, when a note was saved, told nothing they did not)
    if stamp["code"] != code():
        return False  # (an editable install) its code edited since
    return all(file_digest(os.path.join(root, path)) == digest for path, digest in stamp["outputs"].items())


_bytes = regular_bytes  # an input's or output's bytes


def same_file(path: str, seen: list | None, settings: bool = False) -> bool:
    """Whether `path` still holds what it held: [size, [mtime_ns, ctime_ns], blake2b], or None for absent.
    For the `settings` file, what the outputs are made from (a delivery setting changed, the
    same: workspace.rendering_settings), compared only when its bytes changed: reading the
    TOML on every up-to-date check cost a third of the check."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return seen is None
    if seen is None:
        return False
    if [status.st_size, [status.st_mtime_ns, status.st_ctime_ns]] == seen[:2]:
        return True
    data = _bytes(path)
    if data is None or blake2b(data).hexdigest() == seen[2]:
        return data is not None
    return settings and len(seen) > 3 and blake2b(rendering_settings(data)).hexdigest() == seen[3]


def _same_cache(root: str, cache: dict) -> bool:
    """The cache rows the links used, unchanged: the files' sizes and mtimes when nothing wrote to
    the cache since; else (another edition's build did) the rows themselves."""
    if all(stat_of(os.path.join(root, path)) == seen for path, seen in cache["files"].items()):
        return True
    rows = cache["rows"]  # None: the cache could not be read when recorded, so nothing matches it
    return rows is not None and rows_digest(os.path.join(root, cache["path"]), cache["keys"]) == rows


def rows_digest(database: str, keys: list[str]) -> str | None:
    rows = cache_rows(database, keys)
    return None if rows is None else digest_of(rows, keys)


# What of a link the stamp keeps: its cached metadata and its recorded failure, when they were had.
_CACHE_ROWS = (("metadata", "data, fetched_at"), ("failures", "reason, kind, failed_at"))


def cache_rows(database: str, keys: list[str]) -> dict[tuple[str, str], tuple] | None:
    """Each link's rows in the metadata cache, by (table, key); None if the cache cannot be
    read. In a query a table (per 500 links), not two a link: a stamp's were 150 queries on two
    connections, 1.2 ms of each build."""
    import sqlite3

    try:  # (a FIFO in its place: opening it to read waits for a writer, for ever)
        os.close(open_regular(database, os.O_RDONLY))
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
    except (sqlite3.Error, OSError):
        return None
    try:
        rows = {}
        for table, columns in _CACHE_ROWS:
            for start in range(0, len(keys), 500):  # SQLite's limit on parameters is 999 or more
                chunk = keys[start : start + 500]
                query = f"SELECT url, {columns} FROM {table} WHERE url IN ({','.join('?' * len(chunk))})"  # noqa: S608
                rows.update(((table, row[0]), row[1:]) for row in db.execute(query, chunk))
        return rows
    except sqlite3.Error:
        return None
    finally:
        db.close()


def digest_of(rows: dict[tuple[str, str], tuple], keys: list[str]) -> str:
    digest = blake2b()
    for key in keys:
        for table, _ in _CACHE_ROWS:
            digest.update(marshal.dumps((key, table, rows.get((table, key)))))
    return digest.hexdigest()


# The libraries whose versions shape the outputs' bytes (the templates, Markdown and its
# extensions, the post's CommonMark, MJML, CSS inlining, sanitising, YAML): an upgrade rewrites
# each one's __init__ (one stat each to check).
LIBRARIES = (
    *("jinja2", "markdown", "pymdownx", "markdown_it", "mrml", "css_inline", "nh3", "yaml", "frontmatter"),
    "selectolax",
)


_ORIGINS: dict[str, str] = {}  # each library's __init__, where this process found it


def _libraries() -> dict[str, list[int] | None]:
    """Each library's __init__ file with its size and mtime (recorded when the build has loaded
    them). Where each is installed is looked up once a process: a library the waiting process
    at a terminal has not imported (the notes' Markdown, YAML: their results are cached) was
    searched for on sys.path at every build, a third of a millisecond; the stat still tells an
    upgrade, which rewrites the file where it is."""
    import importlib.util

    for name in [name for name in LIBRARIES if name not in _ORIGINS]:  # (one not installed: again next time)
        if (spec := importlib.util.find_spec(name)) is not None and spec.origin:
            _ORIGINS[name] = spec.origin
    return {_ORIGINS[name]: stat_of(_ORIGINS[name]) for name in LIBRARIES if name in _ORIGINS}


def code() -> list[int]:
    """The newsletter package's own modules, as [count, newest mtime]: an upgrade, or an edit of
    an editable install, makes every stamp stale (a stat per module: about a millisecond). A
    stamp's is told before its outputs are made (commands/build.py): code edited while they
    were makes it stale, not current."""
    count, newest = 0, 0
    folders = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    while folders:
        with os.scandir(folders.pop()) as found:
            for item in found:
                if item.is_dir(follow_symlinks=False) and not item.name.startswith((".", "__")):
                    folders.append(item.path)
                elif item.name.endswith((".py", ".j2")):
                    count, newest = count + 1, max(newest, item.stat().st_mtime_ns)
    return [count, newest]


def input_names(folder: str) -> list[str]:
    """The names in `folder` that can be inputs (not an editor's swap or backup file), its
    subfolders' too (a folder named like an entry fails the build); the whole tree of a
    templates folder, whose subfolders templates may include from."""
    names = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if _input_like(name)]
        here = os.path.relpath(parent, folder)
        names += [os.path.normpath(os.path.join(here, name)) for name in files + folders if _input_like(name)]
        if os.path.basename(folder) != "templates":
            folders.clear()
    return names


def _input_like(name: str) -> bool:
    # Hidden names are no input: the build leaves a hidden `.x.md` out too (read.is_entry_name).
    return not name.startswith(".") and (name.endswith(".md") or not name.endswith(("~", ".swp", ".tmp", "#")))


def file_digest(path: str) -> str | None:
    data = _bytes(path)
    return blake2b(data).hexdigest() if data is not None else None


def output_digest(path: str, written: dict[str, tuple[int, int, bytes]]) -> str | None:
    """The digest of an output the build wrote, from the bytes it wrote when the file still has
    the size and mtime it left it with; else (written by none of this build, or changed since)
    from the file as it is now."""
    size_time_data = written.get(path)
    if size_time_data is not None and stat_of(path) == [*size_time_data[:2]]:
        from newsletter.formats import output_digests  # (an edition made ahead's were taken then)

        return output_digests.blake2b(size_time_data[2])
    return file_digest(path)


def report(stamp: dict, period: str) -> list[str]:
    """What `build` says of an up-to-date edition: that, and what its last build warned of, counted
    (not repeated: some of it, like a cache moved aside, happened once)."""
    line = f"{period} is up to date: nothing it is made of changed since its last build (--force rebuilds)."
    problems = [
        _count(len(stamp["warnings"]), "warning"),
        _count(len(stamp["failures"]), "link") + " that could not be fetched" if stamp["failures"] else "",
    ]
    if said := " and ".join(p for p in problems if p):
        line = f"{line[:-1]}; its last build had {said}: --force shows them again."
    from newsletter.commands import drafts_left_out  # (still left out: each is a file as it was)

    return [line, *drafts_left_out.line(stamp.get("drafts", []))]


def _count(number: int, noun: str) -> str:
    return "" if not number else f"1 {noun}" if number == 1 else f"{number} {noun}s"


# Recording: called by the build command, with the pipeline loaded.


def snapshot(settings, span, records: bool = True) -> dict:
    """The edition's inputs as they are now, before the build reads them: taken first, so that a
    file changed during the build makes the stamp stale rather than current. Not `records`: the
    other editions' build records left out, for `build --all` to take once for every edition at
    its end, as it leaves them (commands/all_stamps.py; each edition's of all, 20,000 files)."""
    from newsletter import publish, resources
    from newsletter.formats import month_folders, site

    root = settings.root
    paths = set(publish.edition_inputs(settings, span))
    # Every file of the neighbouring months too: one edited may be dated into this one now.
    paths.update(month_folders.neighbour_files(settings.entries_dir, span))
    # The Hugo site's settings: its baseURL is in the email's links, its [permalinks] in the
    # links to earlier posts ([smart] previously).
    # The root file may appear later, so every name Hugo would read is listed.
    paths.update(settings.site_dir / name for name in site.HUGO_CONFIGS)
    paths.update(site.settings_files(settings.site_dir))
    paths.add(settings.state_dir / "ledger" / f"{span.key}.json")  # "already sent" is said
    if settings.smart.previously:
        paths.add(settings.state_dir / "smart.sqlite")
    # The feeds and the web index (and [smart] previously's links) are made from every
    # edition's build record: another edition built, rebuilt or removed changes them.
    dist = settings.dist_dir
    editions = sorted({*input_names(str(dist)), span.key}) if records else [span.key]  # its own, once built
    paths.update(dist / name / "build.json" for name in editions if name != span.key and (dist / name).is_dir())
    defaults = resources.default_templates()
    listings = {"entries": settings.entries_dir, "templates": root / "templates"}
    listings.update({_relative(folder, root): folder for folder in site.config_folders(settings.site_dir)})
    for folder in month_folders.folders_read(settings.entries_dir, span):  # (a neighbour's may hold one of its entries)
        listings[_relative(folder, root)] = folder
    listed = {name: sorted(input_names(str(folder))) for name, folder in listings.items()}
    listed[_relative(dist, root)] = editions
    # An edition of a period not over yet is dated by today (render.publication_date): valid
    # until the next midnight there, the day the build starts. A finished one has no end.
    import datetime as dt
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.timezone)
    today = dt.datetime.now(zone).date()
    valid_until = 1e300
    if span.end >= today:
        valid_until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=zone).timestamp()
    last = _last_inputs(str(root), span.key)
    return {
        "valid_until": valid_until,
        "inputs": {
            (name := _relative(p, root)): seen(p, p == root / SETTINGS_FILE, last.get(name)) for p in sorted(paths)
        },
        "defaults": {
            p.name: seen(p, last=last.get(os.path.join(str(defaults), p.name)))
            for p in sorted(defaults.iterdir())
            if p.is_file()
        },
        "default_templates": str(defaults),
        "listings": listed,
    }


def remember(settings, span) -> None:
    """Record that a `build` without a period means `span` today, for `current` (best effort)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.timezone)  # where the author's today is (Settings.today), not the machine's
    known = {
        "version": VERSION,
        # The moments between which today is in `span`, there: `current` compares only numbers.
        "from": dt.datetime.combine(span.start, dt.time(0), zone).timestamp(),
        "until": dt.datetime.combine(span.end + dt.timedelta(days=1), dt.time(0), zone).timestamp(),
        "settings": seen(settings.root / SETTINGS_FILE, True),
        "period": span.key,
    }
    from newsletter.files import write_atomic

    try:
        write_atomic(settings.root / CURRENT, marshal.dumps(known), durable=False)  # (unless unchanged)
    except OSError:
        pass


def record(settings, span, result, before: dict, *, offline: bool, written: dict | None = None, write=True) -> dict:
    """Write the stamp of a build just published (best effort: without it, the next build is
    simply a full one). `written`: what the build wrote (files.remembering_writes), whose
    outputs are hashed from those bytes, not read back, while each file is as it was left.
    Not `write`: only made, for `build --all` to finish and write once every edition is built
    (commands/all_stamps.py)."""
    from newsletter import __version__
    from newsletter.links.cache import DAY, FAILURE_TTL, FILENAME, GONE_TTL
    from newsletter.links.urls import normalise_url
    from newsletter.publish import POST_RECORD

    root = settings.root
    cache_path = settings.state_dir / FILENAME
    keys = sorted({normalise_url(entry.url) for entry in result.edition.entries if entry.url})
    rows = cache_rows(str(cache_path), keys)
    expires, complete = _expiry(rows, keys, settings.fetch.max_age_days * DAY, FAILURE_TTL, GONE_TTL)
    if settings.archive.on_build and not offline:  # it asks the web archive again for a link without a copy
        from newsletter.links.archived import ArchiveFile, path_for
        from newsletter.links.wayback import skip_reason

        files = {}
        # a link the archive never takes (a private address, not on the web) is never asked for
        for entry in (e for e in result.edition.entries if e.url and not skip_reason(e.url)):
            path = path_for(settings.entries_dir, entry.date)
            copy = files.setdefault(path, ArchiveFile(path)).get(entry.url)
            complete = complete and bool(copy and copy.versionurl and not copy.pending_job)
    inputs = dict(before["inputs"])
    inputs.update({os.path.join(before["default_templates"], n): s for n, s in before["defaults"].items()})
    folder = settings.dist_dir / span.key
    outputs = [*result.paths, *result.log_paths, folder / "build.json", folder / POST_RECORD]
    stamp = {
        "version": VERSION,
        "newsletter": __version__,
        "code": before["code"] if "code" in before else code(),
        "libraries": _libraries(),
        "period": span.key,
        "entries": len(result.edition.entries),
        "sections": result.edition.section_count,
        "valid_until": before["valid_until"],
        "expires": expires,
        "complete": complete,
        "offline": offline,
        "listings": before["listings"],
        "inputs": inputs,
        "cache": {
            "path": _relative(cache_path, root),
            "keys": keys,
            "rows": None if rows is None else digest_of(rows, keys),
            "files": {_relative(p, root): stat_of(p) for p in (cache_path, cache_path.with_name(FILENAME + "-wal"))},
        },
        "outputs": {_relative(p, root): output_digest(str(p), written or {}) for p in outputs},
        "warnings": [str(warning) for warning in result.warnings],  # (words: marshal keeps no size figures)
        "failures": [[f.url, f.reason] for f in result.failures],
        "drafts": [path.name for path in result.drafts],
    }
    if not write:
        return stamp
    from newsletter.files import write_atomic

    try:
        write_atomic(root / STAMPS / span.key, marshal.dumps(stamp), durable=False)
    except OSError:
        pass
    return stamp


def _expiry(rows, keys: list[str], max_age: float, failure_ttl: float, gone_ttl: float) -> tuple[float, bool]:
    """When the first of the links' cached answers expires, and whether every link has one
    (`rows`: cache_rows', None for a cache that could not be read)."""
    if rows is None:
        return 0.0, False
    expires, complete = 1e300, True
    for key in keys:
        row, failed = rows.get(("metadata", key)), rows.get(("failures", key))
        ends = []  # (a time that is no number, in a damaged or foreign row, is no answer: the cache passes it by)
        if row and isinstance(row[1], int | float):
            ends.append(row[1] + max_age)
        if failed and isinstance(failed[2], int | float):
            ends.append(failed[2] + (gone_ttl if failed[1] == "gone" else failure_ttl))
        if not ends:
            complete = False
        else:
            expires = min(expires, max(ends))
    return expires, complete


def stat_of(path) -> list | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def _last_inputs(root: str, period: str) -> dict:
    """What the last stamp of `period` saw of each input, by its name there (the defaults' by
    their full path): {} when there is none, or it does not load (a cache, never an error)."""
    try:
        stamp = marshal.loads(regular_bytes(os.path.join(root, STAMPS, period)))
        inputs = stamp["inputs"] if stamp["version"] == VERSION else {}
        return inputs if isinstance(inputs, dict) else {}
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
        return {}


def seen(path, settings: bool = False, last=None) -> list | None:
    """[size, [mtime_ns, ctime_ns] or -1 if recent, blake2b] of `path` (for the settings, and the digest of
    what of them the outputs are made from); None if there is none. `last`: what the last stamp
    saw of it, whose digest stands for a file of the same size and mtime, as `_same` takes it: a
    build after one note changed read and hashed every input, seventy files, to find one new."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    # A file changed this recently may change again within its file system's timestamp tick
    # (a second; FAT's two), keeping its mtime and size: its bytes are compared instead.
    recent = time.time_ns() - status.st_mtime_ns < 2 * 10**9
    if not recent and _stands(last, [status.st_size, [status.st_mtime_ns, status.st_ctime_ns]], 4 if settings else 3):
        return last
    data = _bytes(str(path))
    digest = blake2b(data).hexdigest() if data is not None else None
    seen = [status.st_size, -1 if recent else [status.st_mtime_ns, status.st_ctime_ns], digest]
    if settings and data is not None:  # and what of it the outputs are made from
        seen.append(blake2b(rendering_settings(data)).hexdigest())
    return seen


def _stands(last, now: list[int], length: int) -> bool:
    """Whether `last`, as a stamp holds it, saw the file as it is `now` ([size, [mtime_ns, ctime_ns]]),
    with its digests as text (a damaged or foreign stamp's value is none)."""
    return (
        type(last) is list
        and len(last) == length
        and last[:2] == now
        and all(type(digest) is str for digest in last[2:])
    )


_relative = relative
