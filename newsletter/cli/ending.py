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

import os
import sys


def command() -> None:
    """The `newsletter` script and `python -m newsletter`: the command line, then the end."""
    from newsletter.cli.launch import run

    try:
        run()
    except SystemExit as done:
        end(done.code)
        raise
    end(0)


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
