"""httpcore's locks, events and cancellation shields on asyncio's own, not anyio's.

httpcore makes each of them through anyio when the loop is asyncio's, and anyio's cost the
cold enrichment twice. Its first lock or event imports anyio's asyncio backend (~40 ms of a
core, importtime, before the month's first request can leave). And each anyio lock taken
goes once round the event loop (a shielded sleep(0)), each wait for a connection makes a
cancel scope, each event looks its backend up again: a few of each a request, while the
loop is busy with a month's answers. The build is asyncio only (streams.py is its network
backend), so httpcore gets asyncio's primitives: the same waits, without the detours.

A shield is kept as nothing: anyio's does not hold off asyncio's own cancellation (the
Fetcher's timeouts, ^C), the only kind that reaches these requests, so httpcore's clean-up
runs exactly as far as it did. (tests/test_fetch.py checks that httpcore still names these
primitives, and that a request cut off by its timeout leaves its pool in order.)
"""

from __future__ import annotations

import asyncio

import httpcore


class Lock:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()

    async def __aenter__(self) -> Lock:
        await self.lock.acquire()
        return self

    async def __aexit__(self, *_) -> None:
        self.lock.release()


class Event:
    def __init__(self) -> None:
        self.event = asyncio.Event()

    def set(self) -> None:
        self.event.set()

    async def wait(self, timeout: float | None = None) -> None:
        try:
            async with asyncio.timeout(timeout):
                await self.event.wait()
        except TimeoutError:
            raise httpcore.PoolTimeout("timed out waiting for a connection") from None


class Shield:
    def __enter__(self) -> Shield:
        return self

    def __exit__(self, *_) -> None:
        return None


def use_asyncio() -> None:
    """httpcore's HTTP/1.1 connections, pools and proxies, on these (once a process)."""
    try:
        from httpcore._async import connection, connection_pool, http11, http_proxy
    except ImportError:  # private modules, moved in some later httpcore: its own primitives serve
        return
    for module in (connection, http11, http_proxy):
        module.AsyncLock = Lock
    connection_pool.AsyncEvent = Event
    connection_pool.AsyncShieldCancellation = http11.AsyncShieldCancellation = Shield
