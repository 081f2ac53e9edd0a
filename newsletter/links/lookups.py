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
import time
from collections.abc import Awaitable, Callable

from newsletter.errors import FetchError
from newsletter.links import addresses as vetting


class Silent(TimeoutError):
    """Not looked up: the DNS has answered no lookup this session, and one waited for it in vain."""


class NotLookedUp(FetchError):
    """A link's failure that says nothing of it: its host was not looked up (Silent). Not
    remembered: where a server answered all the same, the build kept it an hour as the link's
    failure, so each build after it degraded the entry without asking, the DNS long back."""


class Lookups:
    def __init__(self, resolve: Callable[[str], Awaitable[list[str]]], timeout: float):
        self.resolve, self.timeout = resolve, timeout
        self.answers: dict[str, asyncio.Future] = {}  # by host: its lookup, done or under way
        # With the DNS taking queries and answering none (a train's hotspot, its network gone: new
        # user 54), each lookup waited `timeout` (glibc's two tries of 5 s), and a link's provider's
        # host, then its page's, one after the other: `meta` of a GitHub link took 20 s, a build
        # of 8 links 20 s. Once a lookup has waited half its time for nothing, while none has had
        # an answer (not even "no such host"), the network is taken to be gone: the lookups not
        # under way yet fail at once. One answer, and the DNS is there: each waits its own time.
        self.answered = False
        self.silent: str | None = None

    async def addresses(self, host: str) -> list[str]:
        """The addresses `host` resolves to (raises OSError, or TimeoutError after `timeout`;
        Silent at once where the DNS answered nothing)."""
        lookup = self.answers.get(host)
        if lookup is None:
            if self.silent and not self.answered:
                raise Silent(f"host {host} not looked up: {self.silent}")
            lookup = asyncio.ensure_future(asyncio.wait_for(self.resolve(host), self.timeout))
            self.answers[host] = lookup
            began = time.monotonic()
            lookup.add_done_callback(lambda done: self._settled(host, done, time.monotonic() - began))
        # Shielded: a request cancelled while it waits does not cancel the others' lookup.
        return list(await asyncio.shield(lookup))

    async def addresses_for(self, original: str, host: str) -> list[str]:
        """`host`'s addresses, to be vetted for the link `original`; a FetchError saying why
        there are none."""
        for again in (True, False):
            try:
                found = await self.addresses(host)
            except Silent as silent:
                raise NotLookedUp(original, str(silent), kind="unreachable") from None
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

    def _settled(self, host: str, lookup: asyncio.Future, waited: float) -> None:
        """A failed lookup is forgotten (asked again by the next request); an answer, or a wait
        for none, is what tells whether the DNS is there at all."""
        failure = None if lookup.cancelled() else lookup.exception()  # (read, so never unretrieved)
        if lookup.cancelled() or failure is not None:
            if self.answers.get(host) is lookup:
                del self.answers[host]
        unanswered = isinstance(failure, TimeoutError) or getattr(failure, "errno", None) == socket.EAI_AGAIN
        if failure is None and not lookup.cancelled() or isinstance(failure, socket.gaierror) and not unanswered:
            self.answered = True  # addresses, or no such host: an answer
        elif unanswered and waited >= self.timeout / 2 and not self.answered:
            self.silent = f"the DNS has answered no lookup, the one for {host} waited in vain: no network?"
