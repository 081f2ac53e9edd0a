"""One connection pool per origin, so that asking for a connection costs the same for the
200th link as for the first.

httpcore's pool is one list of connections and one queue of requests: every request that
arrives or finishes walks the whole queue against the whole list (`_assign_requests_to_connections`),
on the event loop. With a month's links in flight (up to 256 requests, a connection each)
that is quadratic: ~0.1 s of a cold 200-link enrichment, ~0.07 s with a pool per origin
(and 3.8 of 5 s when 200 requests queue in one pool unthrottled). The requests of one origin
only ever share that origin's connections anyway (HTTP/1.1, forward proxies alike), so a pool
per origin makes the same connections; the Fetcher's global and per-host limits still bound
them all.

The one pool also closed an idle connection to make room when it held `max_connections`;
separate pools do not see each other, so each origin's idle connection would stay open until
the client closes: a build over 500 hosts held 500 sockets, and past the open-file limit (256
by default on macOS) new connections failed. So here too: when the pools hold `most`
connections, the least recently used pools with no request in flight are closed first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx

_Key = tuple[bytes, bytes, int | None]


class PerOrigin(httpx.AsyncBaseTransport):
    """A transport that hands each request to its origin's own transport, made on first use."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport], most: int = 100):
        self.make, self.most = make, most
        self.pools: dict[_Key, httpx.AsyncBaseTransport] = {}  # least recently used first
        self.busy: Counter[_Key] = Counter()  # requests in flight, until their response is closed
        # The most requests each pool has had in flight at once, and their sum: a pool opens a
        # connection only for a request that finds all of its others busy, so it holds no more
        # than its peak, and below `most` the sum spares _make_room a walk over every pool.
        self.peaks: Counter[_Key] = Counter()
        self.bound = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self.pools.pop(key, None) or self.make()
        self.pools[key] = pool
        self.busy[key] += 1
        if self.busy[key] > self.peaks[key]:
            self.peaks[key] += 1
            self.bound += 1
        try:
            await self._make_room()
            response = await pool.handle_async_request(request)
        except BaseException:
            self._done(key)
            raise
        response.stream = _Counted(response.stream, lambda: self._done(key))
        return response

    def _done(self, key: _Key) -> None:
        self.busy[key] -= 1
        if not self.busy[key]:
            del self.busy[key]

    async def _make_room(self) -> None:
        """Close idle pools, least recently used first, while all hold `most` connections or more."""
        while self.bound >= self.most and sum(map(_connections, self.pools.values())) >= self.most:
            idle = next((key for key in self.pools if key not in self.busy), None)
            if idle is None:
                return
            self.bound -= self.peaks.pop(idle, 0)
            await self.pools.pop(idle).aclose()

    async def aclose(self) -> None:
        self.peaks.clear()
        self.bound = 0
        while self.pools:
            await self.pools.popitem()[1].aclose()


def _connections(transport: httpx.AsyncBaseTransport) -> int:
    """How many connections a transport holds open (httpx's keep their httpcore pool in `_pool`)."""
    pool = getattr(transport, "_pool", None)
    return len(getattr(pool, "connections", ())) if pool is not None else 1


class _Counted(httpx.AsyncByteStream):
    """A response's stream that says when it is closed: its request is no longer in flight."""

    def __init__(self, stream: httpx.AsyncByteStream, closed: Callable[[], None]):
        self.stream, self.closed = stream, closed

    async def __aiter__(self):
        async for chunk in self.stream:
            yield chunk

    async def aclose(self) -> None:
        if self.closed is not None:
            done, self.closed = self.closed, None
            try:
                await self.stream.aclose()
            finally:
                done()
