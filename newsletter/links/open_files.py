"""How many connections a run may hold open at once: as many as asked, if the process may open
that many files.

Each connection in flight is a socket, and a socket is a file. Linux gives a process 1,024 files
to begin with, macOS 256: a month's 256 connections would leave none for the metadata cache, the
page readers' pipes or the outputs, and the next open would fail with "Too many open files". A
process may raise its own soft limit up to the hard one, which is what this does; where it may
not, fewer connections are held at once instead.
"""

from __future__ import annotations

import functools

SPARE = 64  # files the rest of a run holds beside its connections (cache, readers, outputs)


@functools.cache
def connections_allowed(wanted: int) -> int:
    """`wanted`, or as many below it as leave SPARE files free, after raising the soft limit."""
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = wanted + SPARE
    if soft != resource.RLIM_INFINITY and soft < need:
        raised = need if hard == resource.RLIM_INFINITY else min(need, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass  # not allowed here: hold fewer connections instead
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - SPARE))
