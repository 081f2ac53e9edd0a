"""Which addresses a link may reach, and connecting to exactly the address that was vetted.

- Private and loopback addresses are refused unless `allow_private_addresses` is set;
  link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254,
  100.100.100.200) always: no reading log links to an instance's credentials.
- DNS rebinding: a name that resolves to a public address when vetted and to 127.0.0.1 a moment
  later must not reach 127.0.0.1. So the vetted addresses are pinned for the request, and the
  client's network backend connects to them instead of resolving the name a second time. The
  URL, the Host header and TLS (SNI, certificate checked against the name) stay as they were,
  and connections are still pooled per host name, so virtual hosts sharing an IP never share
  a connection.
- Through a proxy, the proxy resolves names and connects (our own DNS may not even work behind
  it): only literal IP addresses in URLs are checked then, and guarding the inner network is
  the proxy's job.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ipaddress
import re
import socket

import httpcore
import httpx

from newsletter.errors import FetchError
from newsletter.formats.inward_addresses import is_public_address, unwrapped
from newsletter.links.pools import PerOrigin
from newsletter.links.sockets import Sockets
from newsletter.links.streams import AsyncioBackend

REFUSED = (
    "refused: {host} resolves to a private address "
    "(set allow_private_addresses = true in [fetch] of newsletter.toml to allow)"
)
NEVER = "refused: {host} resolves to {address}, a link-local or cloud-metadata address, never fetched"
# A link on a public host that leads (a redirect, a meta refresh) to a private one: the setting
# would let it through, but that is not advice to give about someone else's page.
LEADS_INWARD = "refused: it leads to {host}, which resolves to a private address"
# Refused even when private addresses are allowed: where clouds serve instance credentials.
NEVER_NETWORKS = [
    ipaddress.ip_network(n) for n in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32")
]

# The addresses vetted for the request being sent: set by the Fetcher around one request,
# read by PinnedBackend when that request opens a connection (in the same task).
_PINNED: contextvars.ContextVar[tuple[str, list[str]] | None] = contextvars.ContextVar("pinned", default=None)


def is_never_allowed(address: str) -> bool:
    """Link-local and cloud-metadata addresses: refused whatever the settings say."""
    ip = unwrapped(address)
    return ip.is_link_local or any(ip in network for network in NEVER_NETWORKS if network.version == ip.version)


def literal_ip(host: str) -> str | None:
    """The IP address a host names literally, including legacy forms like 127.1 or 2130706433."""
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(host))
    if re.fullmatch(r"[0-9a-fx.]+", host, re.IGNORECASE):
        with contextlib.suppress(OSError):
            return socket.inet_ntoa(socket.inet_aton(host))
    return None


async def resolve(host: str) -> list[str]:
    """The addresses a host name resolves to, by the system's resolver (raises OSError)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def judge(original: str, host: str, addresses: list[str], allow_private: bool) -> None:
    """Raise a FetchError unless every address may be connected to: kind "refused" for one
    never connected to, "private" for one the settings do not allow (yet)."""
    for address in addresses:
        if is_never_allowed(address):
            raise FetchError(original, NEVER.format(host=host, address=address), kind="refused")
    if not allow_private and not all(is_public_address(address) for address in addresses):
        message = REFUSED if host == host_of(original) else LEADS_INWARD
        raise FetchError(original, message.format(host=host), kind="private")


def host_of(url: str) -> str | None:
    """The host a URL names, as its requests are vetted (ASCII, IDNA-encoded), or None."""
    try:
        return httpx.URL(url).raw_host.decode("ascii")
    except (httpx.InvalidURL, TypeError, UnicodeDecodeError):
        return None


@contextlib.contextmanager
def pinned(host: str, addresses: list[str]):
    """Connections opened inside this block for `host` go to `addresses`, and only there."""
    token = _PINNED.set((host, addresses))
    try:
        yield
    finally:
        _PINNED.reset(token)


def outside() -> bool:
    """Whether the host being asked (pinned) is on the public internet, or may be (a proxy's:
    no address known here). Its answer is what shows that the network works: Ines, offline,
    with one link to her own http.server on 127.0.0.1 (allow_private_addresses), had it answer
    and every other link, its host not found, called dead by `check` and recorded as gone."""
    pin = _PINNED.get()
    return not pin or not pin[1] or any(map(is_public_address, pin[1]))


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """The asyncio backend (`streams`), except that it connects to the pinned addresses of the host."""

    def __init__(self):
        self.inner = AsyncioBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        pin = _PINNED.get()
        if pin is None or pin[0] != host:  # a request that was not vetted: a bug, never a connection
            raise httpcore.ConnectError(f"{host} was not vetted before connecting")
        error: Exception = httpcore.ConnectError(f"{host}: no address")
        for address in pin[1]:  # as the resolver ordered them, like a browser without happy eyeballs
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        raise error

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport for direct connections, on a pool whose backend is PinnedBackend.

    httpx takes no network backend, so the pool is rebuilt with the same settings it would
    have had; tests/test_fetch.py's rebinding test fails if an httpx upgrade breaks this.
    """

    def __init__(self, *, verify, limits: httpx.Limits):
        super().__init__(verify=verify, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=verify,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(),
        )


MERGED_HEADER_SETS = 64  # more distinct sets than a build sends: merged each time, as httpx does


class PinnedClient(httpx.AsyncClient):
    """An httpx client whose direct connections go through PinnedTransport; proxies from the
    environment still get httpx's own transports (passing `transport=` would turn them off).
    Each origin gets pools of its own (`pools.PerOrigin`), direct or through a proxy."""

    def __init__(self, **settings):
        # One limit on the sockets of all pools, shared with the Fetcher, which admits its
        # requests through it: as many as the one pool would have held.
        self.sockets = Sockets((settings.get("limits") or httpx.Limits()).max_connections or 100)
        super().__init__(**settings)
        self._cookies = _Cookies(self._cookies)
        self._merged: dict[tuple, httpx.Headers] = {}  # (the client's headers, a request's) -> both

    def _merge_headers(self, headers=None):
        """The client's headers and a request's, merged once for each set a build sends (a page's,
        a feed's, an API's: a few), not for every request: httpx merges them anew each time, a
        third of building a request, on the event loop before the request can leave."""
        if not isinstance(headers, dict) or len(self._merged) >= MERGED_HEADER_SETS:
            return super()._merge_headers(headers)
        key = (tuple(self.headers.raw), tuple(headers.items()))
        merged = self._merged.get(key)
        if merged is None:
            merged = self._merged[key] = super()._merge_headers(headers)
        return httpx.Headers(merged)  # a copy: a request may change its own

    def _init_transport(self, *, verify=True, limits=None, **_) -> httpx.AsyncBaseTransport:
        limits = limits or httpx.Limits()
        return PerOrigin(lambda: PinnedTransport(verify=verify, limits=limits), self.sockets)

    def _init_proxy_transport(self, proxy, **settings) -> httpx.AsyncBaseTransport:
        def make() -> httpx.AsyncBaseTransport:
            transport = super(PinnedClient, self)._init_proxy_transport(proxy, **settings)
            # httpx takes no backend for its proxy pools either; their connections (to the
            # proxy) go through the asyncio backend too. (A SOCKS proxy's pool has no backend
            # to set, and keeps its own.)
            pool = getattr(transport, "_pool", None)
            if isinstance(pool, httpcore.AsyncHTTPProxy):
                pool._network_backend = AsyncioBackend()
            return transport

        return PerOrigin(make, self.sockets)


class _Cookies(httpx.Cookies):
    """The client's cookie jar, which reads a response's cookies only when it sets some: httpx
    hands every response to the standard library's cookie jar, which builds a request and a
    response of its own to find no Set-Cookie header, ~5 % of a cold enrichment's CPU."""

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers or "set-cookie2" in response.headers:
            super().extract_cookies(response)
