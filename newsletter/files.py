"""Writing a file so that a crash never leaves half of it: every output and every record."""

from __future__ import annotations

import os
import time
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
    if path.is_file() and path.read_bytes() == data:
        return False
    temporary = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


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
