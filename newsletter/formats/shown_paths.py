"""A path or a name as the tool's messages show it to the author, in a terminal or a page."""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path

from newsletter.formats import hidden_characters


def shown(path: Path, base: Path | None = None) -> str:
    """A path as messages show it: relative to `base` (default: the current folder) when under it;
    a control or bidi character in it written as its escape (`printable`)."""
    named = _shown(path, base)
    return named if named.isprintable() else printable(named)


def printable(text: str) -> str:
    """`text` with each character that hides or reorders text written as its Python escape (\\n,
    \\x1b, \\u202e, \\u200b): a file name a sync or a collaborator made with an escape sequence in
    it set the terminal's title or cleared its screen when a warning named it, a newline split the
    warning in two, a right-to-left override showed it reversed, a zero-width space made two
    names look the same (formats/hidden_characters.py)."""
    return hidden_characters.escaped(text)


def _shown(path: Path, base: Path | None) -> str:
    base = _resolved(base or Path.cwd())
    # The path as named first (a symlink shows as itself, even a dangling one), compared as a string:
    # `build --all` shows and keys tens of thousands of paths, and pathlib's relative_to made each twice.
    named = os.fspath(path)
    if not os.path.isabs(named):
        named = os.path.join(os.getcwd(), named)
    folder = os.fspath(base)
    if named == folder:
        return "."
    if named.startswith(folder.rstrip(os.sep) + os.sep):
        return named[len(folder.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    # Then resolved (only if needed: resolving stats every part of the path); and through
    # pathlib, which also knows that Windows paths ignore case.
    for candidate in (path.absolute, path.resolve):
        try:
            return candidate().relative_to(base).as_posix()
        except (ValueError, RuntimeError, OSError):
            # (RuntimeError: Python 3.11's resolve() of a symlink loop, an entry linked to itself
            # through another, named by a build of a workspace outside the current folder)
            continue
    return str(path)


@functools.lru_cache(maxsize=32)
def _resolved(folder: Path) -> Path:
    """`folder.resolve()`, once per folder: resolving stats every part of the path, and a build
    shows (and keys its record by) dozens of paths under the same root."""
    return folder.resolve()


def not_a_file(path: Path) -> str:
    """What stands at `path`, named like a file and none, said for a message with what to do: a
    FIFO was called 'a folder named like an entry', a link to /dev/zero 'a link to /dev/zero,
    which does not exist'."""
    link = f"a link to {printable(os.readlink(path))}" if os.path.islink(path) else ""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:  # (to nothing, or to itself: a loop is no missing target to restore)
        if error.errno == errno.ELOOP:
            return f"{link}, which leads back to itself (a loop): no build reads it; remove the link"
        return f"{link}, which does not exist; restore its target or remove the link"
    if stat.S_ISDIR(mode):
        return (
            f"{link}, a folder; remove the link (entries are .md files)"
            if link
            else ("a folder named like an entry; rename it (entries are .md files)")
        )
    kind = "a FIFO (a named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{link + ', ' if link else ''}{kind}, not a file: no build reads it; remove it (entries are .md files)"
