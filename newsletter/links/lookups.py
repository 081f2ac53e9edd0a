"""Each host name looked up once a session, its answer shared by every request to it.

A month's links ask a few dozen hosts for a few hundred pages, and each request looked its host
up again, before it waited for its host's slot: a query of the system's resolver in a thread of
the event loop's default pool (six threads on two cores), so 200 links on 40 hosts made 200
lookups, queued six at a time, where 40 answer the same (at 20 ms a lookup, the last request
left ~0.6 s later than it needed to). A request still connects only to an address vetted from
its host's answer (`addresses.pinned`), so no second lookup can send it elsewhere (DNS
rebinding). A lookup that failed is not kept: the next request to that host asks again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Lookups:
    def __init__(self, resolve: Callable[[str], Awaitable[list[str]]], timeout: float):
        self.resolve, self.timeout = resolve, timeout
        self.answers: dict[str, asyncio.Future] = {}  # by host: its lookup, done or under way

    async def addresses(self, host: str) -> list[str]:
        """The addresses `host` resolves to (raises OSError, or TimeoutError after `timeout`)."""
        lookup = self.answers.get(host)
        if lookup is None:
            lookup = asyncio.ensure_future(asyncio.wait_for(self.resolve(host), self.timeout))
            self.answers[host] = lookup
            lookup.add_done_callback(lambda done: self._forget_failed(host, done))
        # Shielded: a request cancelled while it waits does not cancel the others' lookup.
        return list(await asyncio.shield(lookup))

    def _forget_failed(self, host: str, lookup: asyncio.Future) -> None:
        if lookup.cancelled() or lookup.exception() is not None:  # (exception(): read, so never unretrieved)
            if self.answers.get(host) is lookup:
                del self.answers[host]
