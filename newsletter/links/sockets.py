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
link waiting for its host's slot or its answer (`turn`). Otherwise it waits for one of those,
and no deadline of its own runs meanwhile.

Each pool's connections are counted up as a request is let out for a new one, and counted as
they are (a walk over every pool) only when the count says the limit is reached: a connection
closes only inside its pool, unseen, so the count can be too high, never too low (and a pool
is counted no lower than its requests: one may be between connections, `_recount`). An
origin's idle connections are its count less its requests in its pool (each holds one,
HTTP/1.1) and those let out to an idle one: when the count is too high, such a request's pool
opens one where an idle one was counted, which the count already held, so it stays no lower
than the truth. (An idle connection says it is available until the request it is given is
sent on it, so asking the connections would count one twice.) tests/test_sockets.py counts,
at the server, the connections open as each is accepted.
"""

from __future__ import annotations

import asyncio
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
    entered: bool = False  # handed to its pool, or given back


# The grant of the request being sent: set by `admit`, read by the transport when the request
# reaches it (in the same task), as addresses.pinned does.
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

    def turn(self, key: Key, host: asyncio.Semaphore) -> _Turn:
        """`async with` it around one request of `key`: its host's slot, then a connection."""
        return _Turn(self, key, host)

    def want(self, key: Key) -> None:
        """A link of `key` waits for its host's turn: its origin's idle connections stay open
        for it until `unwant`, after its answer."""
        self.wanted[key] += 1

    def unwant(self, key: Key) -> None:
        self._less(self.wanted, key)
        if key not in self.wanted and self.waiting:
            self._wake()  # its idle connections may now be closed for an origin that needs one

    async def admit(self, key: Key) -> Grant:
        """A connection for one request of `key`, waited for (before the request's deadline
        starts); `done` once the request is over, or the transport admits it (`granted`)."""
        woken = False
        while True:
            grant = self._grant(key)
            if grant is None and (victim := self._victim(key[1])) is not None:
                grant = Grant(key, new=True)
                self.promised += 1  # before the close: the socket freed is this request's
                try:
                    await self._close(*victim)
                except BaseException:
                    self.done(grant)
                    raise
            if grant is not None:
                if woken and grant.new and self.waiting:  # an origin let go may have more idle ones
                    self._wake()
                _GRANT.set(grant)
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

    def granted(self, key: Key) -> Grant | None:
        """The grant `admit` gave the request being sent, if it is for `key` and unused."""
        grant = _GRANT.get()
        return grant if grant is not None and grant.key == key and not grant.entered else None

    def done(self, grant: Grant) -> None:
        """Gives the grant back if its request never reached its pool (it failed before)."""
        if not grant.entered:
            grant.entered = True
            if grant.new:
                self.promised -= 1
            else:
                self._less(self.reuses, grant.key)
            if self.waiting:
                self._wake(grant.key)

    def enter(self, grant: Grant, make: Callable[[], httpx.AsyncBaseTransport]) -> httpx.AsyncBaseTransport:
        """The pool the granted request goes into now (made on first use), its connection counted."""
        key = grant.key
        pool = self.pools.pop(key, None) or make()
        self.pools[key] = pool
        grant.entered = True
        self.busy[key] += 1
        if grant.new:
            self.promised -= 1
            self.counts[key] += 1  # its pool opens one (or, had one come free meanwhile, it counts twice)
            self.total += 1
        else:
            self._less(self.reuses, key)
        return pool

    def released(self, key: Key) -> None:
        """A request of `key` is over (its response closed, or it failed): its connection is idle
        or closed."""
        self._less(self.busy, key)
        if self.waiting:
            self._wake(key)

    async def aclose(self) -> None:
        self.counts.clear()
        self.total = 0
        while self.pools:
            await self.pools.popitem()[1].aclose()

    def _grant(self, key: Key) -> Grant | None:
        for looked in (False, True):
            if looked:
                self._recount()
            if self.counts[key] > self.busy[key] + self.reuses[key]:
                self.reuses[key] += 1
                return Grant(key, new=False)
            if self.total + self.promised < self.most:
                self.promised += 1
                return Grant(key, new=True)
        return None

    def _recount(self) -> None:
        """Every pool's connections, as they are: some may have closed since they were counted."""
        counts = Counter()
        for key, pool in self.pools.items():
            # A request in a pool may be between connections: httpcore gives two requests the
            # same idle one (it says it is available until one is sent on it), and the one that
            # finds it taken looks again, and opens one if none is idle. It opens one only when
            # every connection is taken by another request, so a pool holds no more than its
            # requests, or than it holds now.
            if live := max(sum(not c.is_closed() for c in _connections(pool)), self.busy[key]):
                counts[key] = live
        self.counts, self.total = counts, counts.total()

    def _victim(self, host: bytes) -> tuple[Key, object] | None:
        """An idle connection of the origin least recently used of those no link waits for, or
        of another origin of `host`, the host of the request that wants one: its links wait
        for the host's slot, which that request holds (an https page after its http address,
        another port). Kept for them, it was kept from it, and at a limit of one, http://a/1,
        https://a/2, http://a/3 waited for each other for ever."""
        found = kept = None  # (one no link waits for is closed before one kept for its host's links)
        empty = []
        for key, pool in self.pools.items():
            if key in self.reuses or key in self.busy or (key in self.wanted and (kept or key[1] != host)):
                continue
            live = [c for c in _connections(pool) if not c.is_closed() and c not in self.closing]
            if not live:
                empty.append(key)
            elif (idle := next((c for c in live if c.is_idle()), None)) is None:
                pass
            elif key in self.wanted:
                kept = key, idle
            else:
                found = key, idle
                break
        # Pools that hold nothing are let go here, when the limit is reached, and not as each
        # empties, which an origin whose server closes every connection (HTTP/1.0) would make
        # and make again on each request. (A `check --all` asks thousands of origins.)
        for key in empty:
            del self.pools[key]
        return found or kept

    async def _close(self, key: Key, connection) -> None:
        self.closing.add(connection)
        self.counts[key] -= 1
        self.total -= 1
        try:
            await connection.aclose()  # (the socket gone when it returns: streams.py)
        finally:
            self.closing.discard(connection)

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


class _Turn:
    """One request's turn: from the moment it queues for its host's slot until it is answered,
    its origin's idle connections are kept for it (`want`)."""

    __slots__ = ("sockets", "key", "host", "grant")

    def __init__(self, sockets: Sockets, key: Key, host: asyncio.Semaphore):
        self.sockets, self.key, self.host = sockets, key, host

    async def __aenter__(self) -> None:
        self.sockets.want(self.key)
        try:
            await self.host.acquire()
            try:
                self.grant = await self.sockets.admit(self.key)
            except BaseException:
                self.host.release()
                raise
        except BaseException:
            self.sockets.unwant(self.key)
            raise

    async def __aexit__(self, *_) -> None:
        try:
            self.sockets.done(self.grant)
            self.host.release()
        finally:
            self.sockets.unwant(self.key)


def _connections(transport: httpx.AsyncBaseTransport) -> list:
    """A transport's connections (httpx's keep their httpcore pool in `_pool`)."""
    pool = getattr(transport, "_pool", None)
    return pool.connections if pool is not None else []
