"""Writing a file so that a crash never leaves half of it: every output and every record.
Its temporary is locked by this process until it is renamed (files/leftovers.py sweeps those of
killed builds), and in a process that builds again and again swapped into place."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from newsletter.files import leftovers
from newsletter.files.leftovers import hold_until_renamed, remove_leftovers


def what_to_do(error: OSError) -> str:
    """What the author can do about a file that could not be written: a full disk (or a cron
    job's file size limit) is no folder to make writable, which is what the build said of it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space on its disk, then run it again."
    if error.errno == errno.EFBIG:
        return "raise the file size limit (ulimit -f) or write to another disk, then run it again."
    return "check that its folder is a folder you can write to."


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
        remove_leftovers(path)
    else:  # (a mkdir of a folder that is there was a tenth of an edition's writes)
        path.parent.mkdir(parents=True, exist_ok=True)
    # (by its size first: a file of another size is not read, as a 10 GB one in a send's
    # began.eml was, whole, only to be replaced; one stat, where is_file and stat made two)
    if (status := _regular(path)) is not None and status.st_size == len(data) and path.read_bytes() == data:
        _remember(path, status, data)
        return False
    temporary = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = None
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        hold_until_renamed(fd)  # until it is renamed: no other build takes it for a killed one's (_being_written)
        _write_all(fd, data)
        if durable:
            os.fsync(fd)
        if leftovers.fcntl is None:  # (open until renamed where it is locked; Windows renames no file that is open)
            os.close(fd)
            fd = None
        if durable or not _exchanged(temporary, path):
            os.replace(temporary, path)
        if durable:
            synced_folder(path.parent)
    except BaseException:
        if fd is not None and leftovers.fcntl is None:
            os.close(fd)  # (Windows deletes no file that is open)
            fd = None
        temporary.unlink(missing_ok=True)
        raise
    finally:
        if fd is not None:
            os.close(fd)
    if _WRITTEN is not None:
        _remember(path, os.stat(path), data)
    return True


def synced_folder(folder: Path) -> None:
    """Waits for the disk to hold `folder`'s entries: a file fsynced and then renamed (or created)
    is on the disk, but its name in the folder is not until the folder is, a few seconds later on
    ext4. A power cut in between (a laptop's battery) brought back the ledger without the step a
    send had recorded before handing the edition over, and the next run sent it again (new user
    54). Where a folder cannot be opened for it (Windows), the rename is all there is."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # (a file system that cannot sync a folder: nothing more to do)
            os.fsync(fd)
    finally:
        os.close(fd)


def _regular(path: Path) -> os.stat_result | None:
    """The status of the regular file (or link to one) at `path`; None where there is none."""
    try:
        status = os.stat(path)
    except OSError as error:  # as Path.is_file: none there, nor a folder to hold it, a link that loops
        if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return None
        raise
    except ValueError:  # (a NUL in the name)
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _write_all(fd: int, data: bytes) -> None:
    """`data` written to `fd` by os.write itself: a buffered file object around it (os.fdopen)
    asked the kernel for its size, whether it is a terminal and where it stood, three system
    calls a write, seven writes an edition (strace of `build --all`)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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
