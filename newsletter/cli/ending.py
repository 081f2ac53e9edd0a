"""How the `newsletter` command ends: at once, when its work is done.

Python's own ending tears down every module and object one by one before the process exits,
work the operating system does at once when the process ends: after a build, whose pipeline
and libraries are loaded, that was tens of milliseconds of a core that the author waited for
after the files were written. The command flushes its output and runs the exit handlers (the
page readers are told to stop: links/readers.py) as Python would, then exits. It ends the
ordinary way instead when Python would still wait for something (a thread that is not a daemon)
or say something (an exit code that is a message, an output that cannot be written, the report
of a profiler the command runs under).
"""

from __future__ import annotations

import errno
import os
import sys

# What writing the command's output fails with on a full or failing disk (`newsletter build >
# log` on a full /home, `> /dev/full`): said in a line, as an error in a file the command writes is
CANNOT_WRITE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
# What to do about each: space freed is no help for a file too large for its disk (FAT32's 4 GB,
# `ulimit -f`) or for a disk that fails.
ADVICE = {
    0: "Free some space and run it again.",
    errno.EFBIG: "Write it to another disk, or raise the file size limit (ulimit -f), and run it again.",
    errno.EIO: "The disk (or network share) it is on is failing: check it, then run it again.",
}


def command() -> None:
    """The `newsletter` script and `python -m newsletter`: the command line, then the end."""
    from newsletter.cli.launch import run

    # A stream closed before the command started (`newsletter list >&-`, a daemon's) is None to
    # Python: --help and list ended in an AttributeError traceback. What would be said there
    # goes nowhere, as click.echo drops it, and the command does its work.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 (held open to the end, as stdout is)
    try:
        said_if_unwritable(run)
    except SystemExit as done:
        end(done.code)
        raise
    end(0)


def said_if_unwritable(work) -> None:
    """Run `work`; output it could not write (a full disk) is said in a line (`cannot_write`),
    any other OSError raised. The command's own run, and a build cli/build_server.py does for it."""
    try:
        work()
    except OSError as error:
        if error.errno not in CANNOT_WRITE:
            raise
        cannot_write(error)


def cannot_write(error: OSError) -> None:
    """Exit 1 with a line on stderr (if it can still be written) for output that could not be
    written: no traceback, and nothing left for Python's ending to fail to flush again."""
    # (a file's own error, one the command did not word itself, names the file)
    where = f"{error.filename}:" if error.filename else "could not write the command's output:"
    if error.errno == errno.EIO and not error.filename:  # a read fails so too: a template on a failing disk
        where = "could not read or write a file, or the command's output:"
    _silence(sys.stdout)
    try:
        print(f"Error: {where} {error.strerror}. {ADVICE.get(error.errno, ADVICE[0])}", file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr on the same full disk
        _silence(sys.stderr)
    raise SystemExit(1) from None


def _silence(stream) -> None:
    """What is left in `stream`'s buffer goes nowhere (its file descriptor onto /dev/null)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (AttributeError, ValueError, OSError):
        pass


def end(code) -> None:
    """Exit now with `code` (None is 0), if nothing is left that Python's ending would do
    differently; else return, for the ordinary ending."""
    code = 0 if code is None else code
    if not isinstance(code, int) or _still_working():
        return
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # (CPython's, as its ending calls them)
    if run_handlers is None:
        return
    if not _flushed():  # a closed pipe (`newsletter list | head`): Python says so
        return
    run_handlers()  # (each once: Python's ending, if it comes to it, does not run them again)
    # Flushed again, as Python flushes them after the exit handlers: what a handler printed (a
    # plugin's, a library's) would be lost in a buffer (stdout to a pipe or a file, a line not
    # ended on stderr).
    if _flushed():
        os._exit(code)


def _flushed() -> bool:
    """Whether stdout and stderr were flushed (if not, Python's ending tries again and says why)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            return False
    return True


def _still_working() -> bool:
    """Whether a thread Python's ending would wait for is still running, or a profiler or tracer
    is watching the command, whose report comes once the command returns (`python -m cProfile -m
    newsletter build`: the README's figures are cProfile's; `-m trace`, a debugger's)."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    threading = sys.modules.get("threading")  # (not imported: no thread was ever started)
    if threading is None:
        return False
    main = threading.main_thread()
    return any(thread is not main and not thread.daemon and thread.is_alive() for thread in threading.enumerate())
