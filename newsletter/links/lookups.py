"""Each host name looked up once a session, its answer shared by every request to it.

A month's links ask a few dozen hosts for a few hundred pages, and each request looked its host
up again, before it waited for its host's slot: a query of the system's resolver in a thread of
the event loop's default pool (six threads on two cores), so 200 links on 40 hosts made 200
lookups, queued six at a time, where 40 answer the same (at 20 ms a lookup, the last request
left ~0.6 s later than it needed to). A request still connects only to an address vetted from
its host's answer (`addresses.pinned`), so no second lookup can send it elsewhere (DNS
rebinding). A lookup that failed is not kept: the next request to that host asks again, and the
requests that waited for one that failed for a moment (EAI_AGAIN) ask again once. Why a
host has no address is said here too: not found, a resolver too slow, a name no resolver takes.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

from newsletter.errors import FetchError
from newsletter.links import addresses as vetting


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

    async def addresses_for(self, original: str, host: str) -> list[str]:
        """`host`'s addresses, to be vetted for the link `original`; a FetchError saying why
        there are none."""
        for again in (True, False):
            try:
                found = await self.addresses(host)
            except TimeoutError:  # a slow resolver, not a missing host: the link may well be fine
                reason = f"looking up host {host} took more than {self.timeout:g} s"
                raise FetchError(original, reason, kind="unreachable") from None
            except OSError as error:
                # A resolver's passing failure is shared by every link of the host that waited
                # for it (each had its own lookup before): asked once more, in one lookup again.
                if again and getattr(error, "errno", None) == socket.EAI_AGAIN:
                    continue
                found = []
            except UnicodeError:  # the resolver's IDNA codec: a label empty or over 63 characters
                reason = f"invalid host name {host[:100]!r}: a part between dots is empty or over 63 characters"
                raise FetchError(original, reason) from None
            break
        if not found:
            raise FetchError(original, f"host {host} not found", kind="unreachable")
        return found

    async def inward_allowed(self, original: str, host: str, allowed: bool) -> bool:
        """Whether this hop of the link `original`, to `host`, may reach a private address: only
        where allow_private_addresses says so (`allowed`), and only while the link as written is
        on the author's own network. The setting is for the author's links to it; with it on, a
        public page that redirected to http://192.168.1.1/… or to a service on the author's own
        127.0.0.1 was followed: the request made, and what answered read, and published as the
        entry's title."""
        first = vetting.host_of(original)
        if not allowed or first in (None, host):
            return allowed
        try:
            found = [literal] if (literal := vetting.literal_ip(first)) else await self.addresses(first)
        except (OSError, TimeoutError, UnicodeError):  # (behind a proxy our own DNS may not work)
            return True  # unknown: the setting's word stands, and the proxy guards its network
        return not all(map(vetting.is_public_address, found))

    async def named_inward(self, link: str, named: str, allowed: bool) -> bool:
        """Whether `named`, an address the page of `link` gives for more (its podcast's feed),
        is on a private address where `link` as written is not: fetched as a link of its own,
        it would pass with allow_private_addresses, as a redirect into the network does not."""
        host = vetting.host_of(named)
        if not allowed or host is None or await self.inward_allowed(link, host, allowed):
            return False
        try:
            found = [literal] if (literal := vetting.literal_ip(host)) else await self.addresses(host)
        except (OSError, TimeoutError, UnicodeError):
            return False  # (its fetch says why, as for any feed that cannot be read)
        return not all(map(vetting.is_public_address, found))

    def _forget_failed(self, host: str, lookup: asyncio.Future) -> None:
        if lookup.cancelled() or lookup.exception() is not None:  # (exception(): read, so never unretrieved)
            if self.answers.get(host) is lookup:
                del self.answers[host]
