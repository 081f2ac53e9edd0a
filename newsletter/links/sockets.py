"""The sockets a run holds open, every origin's pool together: at most `most`, a host's kept
while its links wait for them, another's closed only for a host that needs one.

The limit used to be two: the Fetcher let `most` requests out at once, and the pools, past
`most` connections, closed those of an origin with no request in flight. But a host whose next
links were queued for a slot had none in flight just then, so its idle connections were the
ones closed, and opened again a moment later: 1,200 links on 60 hosts at 256 made 1,134
connections where 360 do, each a TCP (and TLS) handshake more for the host and for us. Not
closing a host's connections while its links wait, with the two limits apart, went over the
limit instead (360 sockets at 256), and that limit is what keeps a run under the process's
open-file limit (`open_files`).

So there is one limit, here, and a request is let out only with a connection for it
(`admit`): an idle one of its own origin, or a new socket while fewer than `most` are open, or
one closed for it: an idle connection of the origin least recently used among those with no
link waiting (`wanting`). Otherwise it waits for one of those, and no deadline of its own
runs meanwhile. The pools' connections are counted as they are when a request of their origin
ends (`released`) and counted up when a request is let out for a new one: between two looks
the count can only be too high, never too low.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import httpx

Key = tuple[bytes, bytes, int | None]  # an origin: scheme, host, port


@dataclass(eq=False)
class Grant:
    """A request's admission: to an idle connection of its origin, or to a new socket."""

    key: Key
    new: bool
    entered: bool = False  # handed to its pool: the connection is the pool's to count now


# The grant of the request being sent: set by `slot` around one request, read by the
# transport when that request reaches it (in the same task), as addresses.pinned does.
_GRANT: contextvars.ContextVar[Grant | None] = contextvars.ContextVar("grant", default=None)


class Sockets:
    def __init__(self, most: int):
        self.most = most
        self.pools: dict[Key, httpx.AsyncBaseTransport] = {}  # each origin's, least recently used first
        self.counts: Counter[Key] = Counter()  # connections of each pool, as last counted (or more)
        self.total = 0  # their sum
        self.promised = 0  # new sockets granted to requests not yet in their pool
        self.reuses: Counter[Key] = Counter()  # idle connections granted to requests not yet in their pool
        self.busy: Counter[Key] = Counter()  # requests in each pool, until their response is closed
        self.wanted: Counter[Key] = Counter()  # links waiting for a connection or holding one
        self.waiting: list[tuple[Key, asyncio.Future]] = []  # requests waiting for a connection, in turn
        self.closing: set = set()  # connections being closed for another origin

    @contextlib.contextmanager
    def wanting(self, key: Key):
        """While a link of `key` waits for its host's turn and its answer: its origin's idle
        connections stay open for it."""
        self.wanted[key] += 1
        try:
            yield
        finally:
            self.wanted[key] -= 1
            if not self.wanted[key]:
                del self.wanted[key]
                self._wake()  # its idle connections may now be closed for an origin that needs one

    @contextlib.asynccontextmanager
    async def slot(self, key: Key):
        """A connection for one request of `key`, admitted before its deadline starts."""
        grant = await self.admit(key)
        token = _GRANT.set(grant)
        try:
            yield
        finally:
            _GRANT.reset(token)
            if not grant.entered:  # it failed before it reached its pool
                self._give_back(grant)

    def granted(self, key: Key) -> Grant | None:
        """The grant `slot` gave the request being sent, if it is for `key` and unused."""
        grant = _GRANT.get()
        return grant if grant is not None and grant.key == key and not grant.entered else None

    async def admit(self, key: Key) -> Grant:
        woken = False
        while True:
            grant = self._grant(key)
            if grant is None and (victim := self._victim()) is not None:
                grant = Grant(key, new=True)
                self.promised += 1  # before the close: the socket freed is this request's
                try:
                    await self._close(*victim)
                except BaseException:
                    self._give_back(grant)
                    raise
            if grant is not None:
                if woken and grant.new:  # an origin let go may have had more idle connections
                    self._wake()
                return grant
            entry = (key, asyncio.get_running_loop().create_future())
            self.waiting.append(entry)
            try:
                await entry[1]
            except BaseException:
                if entry[1].done() and not entry[1].cancelled():  # woken, then cancelled: pass it on
                    self._wake(key)
                raise
            finally:
                self.waiting.remove(entry)
            woken = True

    def enter(self, grant: Grant, make: Callable[[], httpx.AsyncBaseTransport]) -> httpx.AsyncBaseTransport:
        """The pool the granted request goes into now (made on first use), its connection counted."""
        key = grant.key
        pool = self.pools.pop(key, None) or make()
        self.pools[key] = pool
        grant.entered = True
        self.busy[key] += 1
        if grant.new:
            self.promised -= 1
            self.counts[key] += 1  # its pool opens one (or, had one come free, reuses it: counted again below)
            self.total += 1
        else:
            self._less(self.reuses, key)
        return pool

    def released(self, key: Key) -> None:
        """A request of `key` is over (its response closed, or it failed): its connection is idle
        or closed, and the pool is counted again."""
        self._less(self.busy, key)
        self._recount(key)
        self._wake(key)

    async def aclose(self) -> None:
        self.counts.clear()
        self.total = 0
        while self.pools:
            await self.pools.popitem()[1].aclose()

    def _grant(self, key: Key) -> Grant | None:
        # Each request in a pool has a connection of its own, or one being opened for it; the
        # rest are idle. (An idle connection says so until the request it is given is sent on
        # it, so asking each whether it is available would count one twice.)
        if key in self.pools and self._live(key) > self.busy[key] + self.reuses[key]:
            self.reuses[key] += 1
            return Grant(key, new=False)
        if self.total + self.promised < self.most:
            self.promised += 1
            return Grant(key, new=True)
        return None

    def _give_back(self, grant: Grant) -> None:
        if grant.new:
            self.promised -= 1
        else:
            self._less(self.reuses, grant.key)
        self._wake(grant.key)

    def _victim(self) -> tuple[Key, object] | None:
        """An idle connection of the origin least recently used of those no link waits for."""
        found, empty = None, []
        for key, pool in self.pools.items():
            if key in self.wanted or key in self.reuses or key in self.busy:
                continue
            live = [c for c in _connections(pool) if not c.is_closed() and c not in self.closing]
            if not live:
                empty.append(key)
            elif found is None and (idle := next((c for c in live if c.is_idle()), None)) is not None:
                found = key, idle
                break
        # Pools that hold nothing are let go here, where all are walked (a `check --all` asks
        # thousands of origins), and not as each empties, which an origin whose server closes
        # every connection (HTTP/1.0) would make, and make again, on each request.
        for key in empty:
            del self.pools[key]
        return found

    async def _close(self, key: Key, connection) -> None:
        self.closing.add(connection)
        self.counts[key] -= 1
        self.total -= 1
        try:
            await connection.aclose()
        finally:
            self.closing.discard(connection)
            self._recount(key)

    def _live(self, key: Key) -> int:
        pool = self.pools.get(key)
        return sum(not c.is_closed() for c in _connections(pool)) if pool is not None else 0

    def _recount(self, key: Key) -> None:
        now = self._live(key)
        self.total += now - self.counts[key]
        self.counts[key] = now
        if not now:
            del self.counts[key]

    def _wake(self, key: Key | None = None) -> None:
        """Let the first request waiting for `key`, else the first waiting, look again."""
        first = None
        for waiting, future in self.waiting:
            if future.done():
                continue
            if waiting == key:
                first = future
                break
            if first is None:
                first = future
        if first is not None:
            first.set_result(None)

    @staticmethod
    def _less(counter: Counter, key: Key) -> None:
        counter[key] -= 1
        if not counter[key]:
            del counter[key]


def _connections(transport: httpx.AsyncBaseTransport) -> list:
    """A transport's connections (httpx's keep their httpcore pool in `_pool`)."""
    pool = getattr(transport, "_pool", None)
    return pool.connections if pool is not None else []
