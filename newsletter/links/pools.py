"""One connection pool per origin, so that asking for a connection costs the same for the
200th link as for the first.

httpcore's pool is one list of connections and one queue of requests: every request that
arrives or finishes walks the whole queue against the whole list (`_assign_requests_to_connections`),
on the event loop. With a month's links in flight (up to 256 requests, a connection each)
that is quadratic: ~0.1 s of a cold 200-link enrichment, ~0.07 s with a pool per origin
(and 3.8 of 5 s when 200 requests queue in one pool unthrottled). The requests of one origin
only ever share that origin's connections anyway (HTTP/1.1, forward proxies alike), so a pool
per origin makes the same connections.

The one pool also held at most `max_connections`, closing an idle one to make room; separate
pools do not see each other, so their sum is held to the limit by `sockets.Sockets`, which all
of a client's pools share, direct and proxied: a build over 500 hosts held 500 sockets before
it, and past the open-file limit (256 by default on macOS) new connections failed.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from newsletter.links.sockets import Sockets


class PerOrigin(httpx.AsyncBaseTransport):
    """A transport that hands each request to its origin's own transport, made on first use."""

    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport], sockets: Sockets):
        self.make, self.sockets = make, sockets
        self.pools = sockets.pools  # every origin's, this transport's among them

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        sockets = self.sockets
        # The Fetcher admits its requests before their deadline starts (Sockets.admit); a
        # request sent on the client directly is admitted here.
        grant = sockets.granted(key) or await sockets.admit(key)
        pool = sockets.enter(grant, self.make)
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            sockets.released(key)
            raise
        response.stream = _Counted(response.stream, lambda: sockets.released(key))
        return response

    async def aclose(self) -> None:
        await self.sockets.aclose()


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
