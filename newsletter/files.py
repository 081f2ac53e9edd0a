"""Writing a file so that a crash never leaves half of it: every output and every record; and
the connections to the SQLite caches, which `build --all` keeps open from one edition to the next."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Write `data` to `path` unless it already holds exactly that; True if written.

    The file is renamed into place whole, so a killed process never leaves half of it.
    `durable` also waits for the disk (fsync) before the rename, so that not even a power cut
    can: what records a send, what the author keeps. Files a build derives from the entries
    need not wait (an edition writes seven; the waits were a tenth of `build --all`): after a
    power cut, a lost one no longer matches its build record, so the next build rewrites it
    and `send` refuses the edition until then.

    The temporary file is created with mode 0666 and the kernel applies the user's umask, so
    outputs get the permissions any other file of theirs gets (mkstemp's 0600 would hide the
    post from a web server's user). Its name carries this process's id, so the next write of
    the same file can tell a leftover of a killed build from one still being written.
    """
    if path.parent.is_dir():
        _remove_leftovers(path)
    else:  # (a mkdir of a folder that is there was a tenth of an edition's writes)
        path.parent.mkdir(parents=True, exist_ok=True)
    # (by its size first: a file of another size is not read, as a 10 GB one in a send's
    # began.eml was, whole, only to be replaced)
    if path.is_file() and (status := path.stat()).st_size == len(data) and path.read_bytes() == data:
        _remember(path, status, data)
        return False
    temporary = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if durable or not _exchanged(temporary, path):
            os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if _WRITTEN is not None:
        _remember(path, os.stat(path), data)
    return True


# Renaming a file over another makes ext4 (auto_da_alloc) write the new file's data out before
# the rename returns: 0.2-0.4 ms a file here, 4 ms when the disk was busy, for a build's twelve
# outputs most of the time the waiting process took to build a changed note. Swapping the two
# (renameat2's RENAME_EXCHANGE) and deleting the old is as atomic for every reader, and leaves
# the writing to the kernel, as any write without fsync does (a derived file, `durable=False`,
# lost to a power cut is rebuilt). Only where ctypes is loaded anyway (`keep_between_builds`):
# importing it costs a one-off command more than it saves.
_EXCHANGE = None  # renameat2, in a process that keeps between builds on Linux
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # linux/fcntl.h, linux/fs.h


def _exchanged(temporary: Path, path: Path) -> bool:
    """`temporary` swapped into the place of the regular file (or symbolic link) `path`, and the
    old one deleted; False, having done nothing, when it cannot be (no such file there: a rename
    is quick; a file system that cannot swap), and `os.replace` is to be used."""
    if _EXCHANGE is None:
        return False
    try:
        if not (stat.S_ISREG(mode := os.lstat(path).st_mode) or stat.S_ISLNK(mode)):
            return False  # (a folder: os.replace says so, as it would have)
    except OSError:
        return False
    if _EXCHANGE(_AT_FDCWD, os.fsencode(temporary), _AT_FDCWD, os.fsencode(path), _RENAME_EXCHANGE) != 0:
        return False
    os.unlink(temporary)  # (now the old file)
    return True


def use_exchange() -> None:
    """From now on, for the life of this process, swap a derived file into place (`_exchanged`)."""
    global _EXCHANGE
    if not sys.platform.startswith("linux") or _EXCHANGE is not None:
        return
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    _EXCHANGE = function


# What a build wrote, by path, while it asks (`remembering_writes`): its stamp's digests of the
# outputs come from the bytes it had, where reading back every file just written (a megabyte
# over eleven files) was a fifth of the build a terminal waits for after a note is saved.
_WRITTEN: dict[str, tuple[int, int, bytes]] | None = None


def _remember(path: Path, status: os.stat_result, data: bytes) -> None:
    if _WRITTEN is not None:
        _WRITTEN[os.fspath(path)] = (status.st_size, status.st_mtime_ns, data)


@contextlib.contextmanager
def remembering_writes() -> Iterator[dict[str, tuple[int, int, bytes]]]:
    """Within the block, what every `write_atomic` wrote or found there already: path ->
    (size, mtime_ns, bytes) of the file as it left it. Forgotten at the block's end."""
    global _WRITTEN
    outer, _WRITTEN = _WRITTEN, {}
    try:
        yield _WRITTEN
    finally:
        _WRITTEN = outer


def _remove_leftovers(path: Path) -> None:
    """Delete temporary files of `path` left by a process that no longer runs (a killed build):
    `.NAME.*.tmp`, found in one listing of the folder (pathlib's glob made a pattern and paths
    for each of a build's seven writes)."""
    start = f".{path.name}."
    try:
        with os.scandir(path.parent) as listing:
            names = [item.name for item in listing if item.name.startswith(start) and item.name.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        if len(name) < len(start) + len(".tmp"):
            continue  # `.NAME.tmp`: the pattern's `.` on both sides of its `*` are not there
        leftover = path.parent / name
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and _running(int(pid), leftover):
            continue  # another build writing the same file right now
        leftover.unlink(missing_ok=True)


def remove_files(folder: Path, names) -> None:
    """Delete the files `names` in `folder` (a superseded cache), where they are regular files:
    a folder or a link an author made under one of those names is not the tool's to remove."""
    for name in names:
        path = folder / name
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
        except OSError:
            continue  # not there (most times), or not ours to delete


# A temporary of `write_atomic`'s naming: .NAME.PID.8-HEX.tmp
_TEMPORARY = re.compile(r"\..+\.(\d+)\.[0-9a-f]{8}\.tmp")
_MARK = re.compile(r"\d+\.[0-9a-f]{8}")  # PID.8-HEX: no other file there is ever taken for one, nor deleted
_ANNOUNCED: set[tuple[int, str]] = set()  # (this process, a marks folder) already announced there


def announce_writer(marks: Path, *folders: Path) -> None:
    """Say, once in this process, that it writes into `folders` (a file in `marks` named by its
    id, removed as it exits); and if a process that said so is gone without removing its mark (a
    killed build), delete the temporaries of `write_atomic` left in `folders` by any process no
    longer running. A build killed between writing a temporary and renaming it left
    `.index.html.PID.x.tmp` in the site's static/ folder, which Hugo publishes as it is, until the
    same file was next written: for an edition not built again, for good. Only after a kill, as
    walking the site on every build would cost more than the build's writes."""
    try:  # (looked at on every build: a long-lived one, the waiting build process, sweeps too)
        marks.mkdir(parents=True, exist_ok=True)
        gone = [name for name in os.listdir(marks) if _MARK.fullmatch(name) and _gone(marks / name)]
        for folder in folders if gone else ():
            _sweep(folder, {int(name.split(".")[0]) for name in gone})
        for name in gone:
            (marks / name).unlink(missing_ok=True)
        if (key := (os.getpid(), os.fspath(marks))) not in _ANNOUNCED:
            mark = marks / f"{os.getpid()}.{os.urandom(4).hex()}"
            mark.write_text(_PID_NAMESPACE)
            _ANNOUNCED.add(key)
            atexit.register(mark.unlink, missing_ok=True)
            if (processes := sys.modules.get("multiprocessing")) and processes.parent_process():
                # a worker of `build --all` ends in os._exit, past atexit: its mark was left, and
                # the next build swept the whole site as if a build had been killed
                processes.util.Finalize(None, mark.unlink, kwargs={"missing_ok": True}, exitpriority=0)
    except OSError:
        return  # (a read-only state folder: no worse than before)


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")  # 'pid:[4026531836]'
    except OSError:
        return ""  # (no /proc: another system)


# A build in a container sharing the workspace has process ids of its own PID namespace: one it
# cannot see is no sign that the process is gone. Its mark says the namespace it was made in.
_PID_NAMESPACE = _pid_namespace()


def _gone(mark: Path) -> bool:
    """Whether the process that made `mark` is gone: one of this PID namespace (or of an older
    version, which wrote none) that no longer runs. Another namespace's cannot be told."""
    if _running(int(mark.name.split(".")[0]), mark):
        return False  # (most marks: read only when its process is not seen)
    try:
        return mark.read_text(encoding="utf-8", errors="replace") in ("", _PID_NAMESPACE)
    except OSError:
        return False


def _sweep(folder: Path, pids: set[int]) -> None:
    """Delete, in `folder` and every folder in it, the temporaries of the processes `pids` (those
    whose marks were left: killed builds), if they no longer run. Only theirs: a process id this
    build cannot see may be a running build's in another container (review 21)."""
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]  # (.git)
        for name in names:
            found = _TEMPORARY.fullmatch(name)
            if found and int(found[1]) in pids and not _running(int(found[1]), Path(parent, name)):
                Path(parent, name).unlink(missing_ok=True)


def _running(pid: int, leftover: Path) -> bool:
    if os.name == "nt":  # os.kill would end the process there: go by age instead
        try:
            return time.time() - leftover.stat().st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, but not ours to signal (or the platform cannot tell): leave its file
    return True


# The SQLite connections of the workspace's caches (front matter, notes, link metadata), kept
# open across the builds of one process when it asks (`kept_dbs`): `build --all` builds edition
# after edition in each worker, and each build opened and set up every cache anew, then closed
# it, a tenth of an edition's time. Elsewhere `close_db` closes, as `sqlite3` does. A kept
# connection is handed out again only for the same file and the same options, and holds no
# transaction while it waits: each cache still runs its own checks on it when it opens (its
# salt, its schema), so a kept one behaves as a new one would; and only while its file is the
# one at its path: one deleted, or moved aside by another worker as broken, is left for a new one.

_KEPT: dict[tuple, tuple[sqlite3.Connection, tuple]] | None = None  # None: every close closes
_KEYS: dict[int, tuple] = {}  # a connection made here while keeping: what it was opened as


def open_db(path: Path | str, **options) -> sqlite3.Connection:
    """`sqlite3.connect(path, **options)`, or one given back to `close_db` for them."""
    key = (os.fspath(path), tuple(sorted(options.items())))
    if _KEPT is not None and (kept := _KEPT.pop(key, None)) is not None:
        if kept[1] and _identity(key[0]) == kept[1]:
            return kept[0]
        _KEYS.pop(id(kept[0]), None)
        kept[0].close()
    db = sqlite3.connect(path, **options)
    if _KEPT is not None and key[0] != ":memory:":
        _KEYS[id(db)] = key
    else:  # (an id once another connection's, closed without `close_db`)
        _KEYS.pop(id(db), None)
    return db


def close_db(db: sqlite3.Connection) -> None:
    """Close `db`, or keep it for the next `open_db` of its file while this process keeps them."""
    key = _KEYS.get(id(db))
    if _KEPT is None or key is None or key in _KEPT:
        _KEYS.pop(id(db), None)
        db.close()
        return
    try:
        if db.in_transaction:  # (a commit that failed: closing would have rolled it back)
            db.rollback()
    except sqlite3.Error:
        _KEYS.pop(id(db), None)
        db.close()
        return
    _KEPT[key] = (db, _identity(key[0]))


def _identity(path: str) -> tuple:
    """The file at `path` (device, inode), or () when there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return ()
    return (status.st_dev, status.st_ino)


def keep_dbs() -> None:
    """From now on, for the life of this process (a worker of `build --all`), keep connections."""
    global _KEPT
    if _KEPT is None:
        _KEPT = {}


@contextlib.contextmanager
def kept_dbs() -> Iterator[None]:
    """Connections kept while in the block, and all closed at its end."""
    global _KEPT
    if _KEPT is not None:  # already keeping (a worker): nothing to undo
        yield
        return
    _KEPT = {}
    try:
        yield
    finally:
        kept_now, _KEPT = _KEPT, None
        for db, _ in kept_now.values():
            _KEYS.pop(id(db), None)
            db.close()


def keep_between_builds() -> None:
    """For the life of this process, what a build frees and what it opens kept for the next: in
    a worker of `build --all`, and in the waiting process of a build at a terminal
    (cli/build_server.py). Each build handed to that one gave the memory it freed back to the
    kernel and asked for it again (about 1,400 page faults a build, each page zeroed anew), and
    opened and closed the three SQLite caches, whose last close checkpoints the journal into the
    database and deletes it: together about a sixth of its CPU a build. A kept connection is
    handed out again only for the same file and holds no transaction between builds (`open_db`),
    so what another process wrote meanwhile is read as a new connection reads it. And its
    outputs are swapped into place (`use_exchange`), not renamed over the old."""
    keep_freed_memory()
    keep_dbs()
    use_exchange()


# What a worker of `build --all` frees, kept for its next edition. glibc's malloc gives a freed
# block of over 128 KB (the email's HTML and MJML, the .eml, the web page: each edition makes
# a few of 100-300 KB) back to the kernel at once, and the top of its heap whenever more than
# twice that is free; the next edition asks for as much again, and every page of it is faulted
# in and zeroed anew: ~1,200 page faults an edition, about a sixth of the workers' system time.
# A worker builds edition after edition and then exits, so it keeps what it freed; its peak is
# unchanged (what one edition needs). The values are glibc's own ceilings for these two (the
# mmap threshold's when it raises it itself); elsewhere (macOS, Windows, musl) nothing is done.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
_KEEP_BLOCKS_UP_TO, _TRIM_ABOVE = 32 * 1024 * 1024, 64 * 1024 * 1024


def keep_freed_memory() -> None:
    """From now on, for the life of this process (a worker of `build --all`), keep freed memory."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # (here: only a worker of `build --all` asks)

    try:
        libc = ctypes.CDLL(None)
        # glibc's (another C library's mallopt numbers its options otherwise)
        mallopt = libc.mallopt if hasattr(libc, "gnu_get_libc_version") else None
    except (OSError, AttributeError):
        return
    if mallopt is None:
        return
    mallopt(_M_MMAP_THRESHOLD, _KEEP_BLOCKS_UP_TO)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_ABOVE)
