"""The temporaries of `write_atomic` (files/atomic.py) a killed build left: each write deletes
those of its own file whose writer is gone, and a build after a killed one sweeps the folders it
writes (`announce_writer`); never a temporary a running build holds, in any PID namespace."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import stat
import sys
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # (Windows: a temporary's writer told by its process id, or by age, alone)
    fcntl = None


def remove_leftovers(path: Path) -> None:
    """Delete temporary files of `path` left by a process that no longer runs (a killed build):
    `write_atomic`'s `.NAME.PID.8-HEX.tmp` and nothing else (an author's `.index.md.draft.tmp`
    beside a post was deleted as one: review 24), found in one listing of the folder (pathlib's
    glob made a pattern and paths for each of a build's seven writes). Only a regular file is
    one: an author's folder named as one stopped every write of `path` with IsADirectoryError."""
    start = f".{path.name}."
    try:
        with os.scandir(path.parent) as listing:
            names = [
                item.name
                for item in listing
                if item.name.startswith(start) and item.name.endswith(".tmp") and item.is_file(follow_symlinks=False)
            ]
    except OSError:
        return
    for name in names:
        if not (pid := _OURS.fullmatch(name, len(start))):
            continue
        leftover = path.parent / name
        if _running(int(pid[1]), leftover) or _being_written(leftover):
            continue  # another build writing the same file right now
        leftover.unlink(missing_ok=True)


_OURS = re.compile(r"(\d+)\.[0-9a-f]{8}\.tmp")  # what follows `.NAME.` in a temporary of `write_atomic`'s


# A temporary is locked by the process writing it until it is renamed: a build in a container
# sharing the workspace (a PID namespace of its own) cannot see this machine's builds' process
# ids, and took the editions feed every build writes, half way to its rename, for a killed
# build's and deleted it; the build writing it failed (review 22). A lock is seen from any.
def hold_until_renamed(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):  # (a file system without locks: by process id alone)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _being_written(temporary: Path) -> bool:
    """Whether a process holds `temporary` locked: one writing it, in whatever PID namespace."""
    return _held(temporary) is True


def _held(path: Path) -> bool | None:
    """Whether a process holds `path` locked (a temporary being written, a running build's mark);
    None where that cannot be told (no locks here, or none on its file system)."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    # A shared lock, asked on a file opened to read, conflicts with the writer's exclusive one as
    # an exclusive one would. On NFS, Linux makes flock a byte-range lock of fcntl, whose
    # exclusive kind needs the file open for writing: an exclusive probe failed there (EBADF) and
    # said "not being written" of every temporary, a running build's too (review 23; man 2 flock,
    # NOTES). Opening it to write instead is no probe's business: a leftover may be read-only.
    # (fcntl's locks are a process's: on NFS a process's probe of its own file would succeed, and
    # closing it would drop its lock; a build tells its own temporaries by its process id first,
    # and its own marks by their names.)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)
    return False


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


_MINE: set[str] = set()  # the marks this process (or the one it was forked from) made


def announce_writer(marks: Path, *folders: Path) -> None:
    """Say, once in this process, that it writes into `folders` (a file in `marks` named by its
    id, locked for its life and removed as it exits); and if a process that said so is gone
    without removing its mark (a killed build), delete the temporaries of `write_atomic` left in
    `folders` by it. A build killed between writing a temporary and renaming it left
    `.index.html.PID.x.tmp` in the site's static/ folder, which Hugo publishes as it is, until the
    same file was next written: for an edition not built again, for good. Only after a kill, as
    walking the site on every build would cost more than the build's writes."""
    try:  # (looked at on every build: a long-lived one, the waiting build process, sweeps too)
        marks.mkdir(parents=True, exist_ok=True)
        found = [name for name in os.listdir(marks) if _MARK.fullmatch(name)]
        told = {name: _gone(marks / name) for name in found}
        gone = [name for name in found if told[name] is not None]
        if gone:
            # A process id a running build's mark names is swept by no gone mark's leave: in a
            # container, a killed build's 2 is the next one's too (its temporary is locked only
            # once it is open, a moment after it is made)
            running = {int(name.split(".")[0]) for name in found if told[name] is None}
            pids: dict[int, bool] = {}
            for name in gone:  # (an id two marks left: by its lock if either was told so)
                pid = int(name.split(".")[0])
                pids[pid] = pids.get(pid, False) or bool(told[name])
            for folder in folders:
                _sweep(folder, {pid: by_lock for pid, by_lock in pids.items() if pid not in running})
        for name in gone:
            (marks / name).unlink(missing_ok=True)
        if (key := (os.getpid(), os.fspath(marks))) not in _ANNOUNCED:
            mark = _make_mark(marks)
            _ANNOUNCED.add(key)
            atexit.register(mark.unlink, missing_ok=True)
            if (processes := sys.modules.get("multiprocessing")) and processes.parent_process():
                # a worker of `build --all` ends in os._exit, past atexit: its mark was left, and
                # the next build swept the whole site as if a build had been killed
                processes.util.Finalize(None, mark.unlink, kwargs={"missing_ok": True}, exitpriority=0)
    except OSError:
        return  # (a read-only state folder: no worse than before)


# A build killed in a container (a PID namespace of its own) left its mark for good: its process
# id, 1 or 2, runs on the machine and in every container, and a mark of another namespace could
# not be told gone by its id (review 22, builds killed under `unshare --pid`). A mark is locked
# by its process for the process's life, and says so: one not locked is gone, in any namespace.
# It is made under another name and locked before it takes a mark's, so no build finds it
# unlocked while its process runs. Where there are no locks (Windows, a file system without
# them), a mark says only its namespace, and is told gone by its process id, as before.
_LOCKED = "\nlocked by its process for its life\n"  # (an older version never takes it for gone)
_HELD_MARKS: list[int] = []  # the open files of this process's marks: their locks, held till it exits


def _make_mark(marks: Path) -> Path:
    name = f"{os.getpid()}.{os.urandom(4).hex()}"
    mark = marks / name
    _MINE.add(name)
    if fcntl is None:
        mark.write_text(_PID_NAMESPACE)
        return mark
    making = marks / f".{name}.making"  # (not a mark's name: no build reads it)
    fd = os.open(making, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        locked = True
    except OSError:
        locked = False  # (a file system without locks: told by its process id)
    os.write(fd, (_PID_NAMESPACE + _LOCKED if locked else _PID_NAMESPACE).encode())
    os.rename(making, mark)
    if locked:
        _HELD_MARKS.append(fd)
    else:
        os.close(fd)
    return mark


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid")  # 'pid:[4026531836]'
    except OSError:
        return ""  # (no /proc: another system)


# A build in a container sharing the workspace has process ids of its own PID namespace: one it
# cannot see is no sign that the process is gone. Its mark says the namespace it was made in.
_PID_NAMESPACE = _pid_namespace()


def _gone(mark: Path) -> bool | None:
    """How the process that made `mark` is known to be gone: True by its mark's lock, left (its
    id may be another running process's, in another namespace); False by its id, one of this
    PID namespace (or of an older version, which wrote none) that no longer runs. None: not
    gone, or not to be told (another namespace's mark, unlocked)."""
    if mark.name in _MINE:
        return None
    try:
        said = mark.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if said.endswith(_LOCKED) and (held := _held(mark)) is not None:
        return None if held else True
    if _running(int(mark.name.split(".")[0]), mark):
        return None
    return False if said.removesuffix(_LOCKED) in ("", _PID_NAMESPACE) else None


def _sweep(folder: Path, pids: dict[int, bool]) -> None:
    """Delete, in `folder` and every folder in it, the temporaries of the processes `pids` (those
    whose marks were left: killed builds), unless one is being written: for a process told gone
    by its id (False), not if that id runs; one told gone by its mark's lock (True) may be another
    namespace's, whose id runs here. Only theirs: a process id this build cannot see may be a
    running build's in another container (review 21)."""
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]  # (.git)
        for name in names:
            found = _TEMPORARY.fullmatch(name)
            if not found or (pid := int(found[1])) not in pids:
                continue
            leftover = Path(parent, name)
            if (pids[pid] or not _running(pid, leftover)) and not _being_written(leftover):
                leftover.unlink(missing_ok=True)


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
