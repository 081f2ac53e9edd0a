"""Fetch one web page politely and defensively, for the enrich stage.

Every failure becomes a `FetchError(url, reason)` with a one-line, human reason: a link that
cannot be fetched degrades its entry, never the build. Defences, each for a real failure mode:
limits on concurrency (global and per host), timeouts plus a total deadline (slow-drip bodies),
a size cap counted after decompression (gzip bombs), redirects followed by hand so every hop is
checked (loops, private addresses: see `addresses`, which also makes the connection go to the
vetted address), and a few retries on 429/5xx/resets honouring Retry-After.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import re
import socket
import ssl
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass
from http import HTTPStatus

import httpx

from newsletter import __version__
from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links import addresses, primitives, trust
from newsletter.links.batches import Batches
from newsletter.links.decode import decode_html
from newsletter.links.frames import only_frame
from newsletter.links.lookups import Lookups
from newsletter.links.open_files import connections_allowed
from newsletter.links.responses import media_type, meta_refresh, read_body, refresh_part, retry_after, textual

# Honest: names the tool, its version and why it is asking, as robots-minded sites expect.
USER_AGENT = f"newsletter/{__version__} (link previews for a personal reading newsletter; httpx)"
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MAX_HOPS = 10  # redirects (HTTP or meta refresh) per URL


def make_client(settings: Fetch) -> httpx.AsyncClient:
    """The one client of a build; use it as `async with make_client(settings) as client:`."""
    # One CA bundle, shared by the direct transport and every proxy mount, each of which would
    # otherwise load its own; read by the first TLS connection, not before the first request.
    verify = trust.ssl_context()
    primitives.use_asyncio()  # httpcore's locks and events, without anyio's detours
    connections = connections_allowed(settings.concurrency)
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    # Direct connections go to the address that was vetted, never to a second DNS answer.
    return addresses.PinnedClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(settings.timeout),  # connect, read, write and pool alike
        limits=limits,
        follow_redirects=False,  # Fetcher follows them itself, to check every hop
        # httpx 0.28 reads HTTP(S)_PROXY, ALL_PROXY, NO_PROXY, SSL_CERT_FILE and SSL_CERT_DIR.
        trust_env=True,
        verify=verify,
    )


@dataclass
class Page:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # lower case, without parameters
    charset: str | None  # as the server declared it
    body: bytes
    truncated: bool = False  # the body was cut: at max_bytes, or given up on after its head or title came
    language: str | None = None  # its Content-Language header, as sent (untrusted: parse_language reads it)

    @property
    def textual(self) -> bool:
        return textual(self.content_type)

    @functools.cached_property
    def text(self) -> str | None:
        """The body decoded, for text types only; on first use, as most pages are decoded by
        the page reader (`worker`), off the event loop (a page without a charset can take
        charset-normalizer 20 ms)."""
        return decode_html(self.body, self.charset) if self.body and self.textual else None


class StatusError(FetchError):
    """The server answered with an error status. Provider adapters read `status` and `headers`
    to say why (a spent API quota, a private video); everyone else sees a FetchError."""

    def __init__(self, url: str, reason: str, status: int, headers: httpx.Headers):
        super().__init__(url, reason, kind="gone" if status in (404, 410) else "")
        self.status, self.headers = status, headers


class _Retry(Exception):
    """A transient failure: worth another attempt, after `wait` seconds if the server said so."""

    def __init__(self, reason: str, wait: float | None = None, kind: str = ""):
        super().__init__(reason)
        self.reason, self.wait, self.kind = reason, wait, kind


@dataclass
class _Trip:
    """One call of `get` or `head`: its options, and the deadline all its hops and retries share."""

    url: str  # as the caller gave it: errors name this one
    method: str
    attempts: int
    budget: float  # seconds for the whole trip
    head_only: bool = True
    accept: str = DEFAULT_ACCEPT
    headers: dict[str, str] | None = None
    deadline: float | None = None  # loop time; starts when the first request gets its slot

    def headers_for(self, url: str) -> dict[str, str]:
        """The caller's headers; credentials only while the hop stays on the original origin."""
        extra = self.headers
        if extra and _origin(url) != _origin(self.url):  # (most trips have none: no URL parsed twice)
            extra = _without_credentials(extra)
        return {**(extra or {}), "Accept": self.accept, "Accept-Encoding": "gzip, deflate"}


class Fetcher:
    attempts = 3
    backoff = 0.5  # seconds before the first retry, doubled after; tests make it tiny
    max_retry_after = 10.0  # a server asking for a longer pause is given up on

    def __init__(self, client: httpx.AsyncClient, settings: Fetch):
        self.client, self.settings = client, settings
        self.deadline = settings.timeout * 3  # whole-URL budget, so a slow drip cannot hang us
        # The connections all hosts' requests hold at once (make_client's limit), each host's
        # kept while its links wait for them: shared with the client's pools (links/sockets.py)
        self.sockets = client.sockets
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(settings.per_host))
        self.sleep = asyncio.sleep  # tests swap it to record waits instead of sleeping
        self.resolve = addresses.resolve  # tests swap it for a DNS server that changes its answer
        self.lookups = Lookups(lambda host: self.resolve(host), settings.timeout)  # one a host a session
        self.answered: dict[str, bool] = {}  # link -> answered from outside (of any status: the network works)
        # Pages parsed at once, each by a worker process of its own (links/readers.py): a 2 MB page
        # can take 50 MB and a third of a second to read, and a machine has few cores to spare
        self.parsing = asyncio.Semaphore(2)
        self.reading = Batches(self.parsing)  # a link's page, handed over with the others waiting
        self._proxies: dict[str, str] | None = None  # the environment's proxies, read on first use

    def cut_off(self, failures: list[FetchError]) -> bool:
        """Whether no host could be reached at all: there were failures, every one of them a host
        not found or a connection refused, and no server answered anything. Then the network
        is down (or DNS is), and the links are not at fault. What only a server of the author's
        own network answered (Kofi's http.server, a 404 of a page he moved) says nothing of it."""
        return (
            bool(theirs := [f for f in failures if self.answered.get(f.url, True)])
            and not any(self.answered.values())
            and all(f.kind == "unreachable" for f in theirs)
        )

    async def get(
        self, url: str, *, head_only: bool = True, accept: str = DEFAULT_ACCEPT, headers: dict[str, str] | None = None
    ) -> Page:
        """The page at `url`; with `head_only`, HTML is read up to `</head>` only.

        `headers` are sent with the request (an API's version, a token). Credentials in them
        go to the origin of `url` only: a redirect to another host gets the rest.
        """
        return await self._travel(_Trip(url, "GET", self.attempts, self.deadline, head_only, accept, headers))

    async def head(self, url: str, *, timeout: float | None = None, attempts: int | None = None) -> Page:
        """Whether `url` answers, asked with HEAD: a Page without a body, after redirects.

        Any error status raises StatusError at once (many servers mishandle HEAD, so callers
        fall back to `get`); `timeout` and `attempts` bound a quick probe.
        """
        return await self._travel(_Trip(url, "HEAD", attempts or self.attempts, timeout or self.deadline))

    async def _travel(self, trip: _Trip) -> Page:
        url, current, refreshed, visits = trip.url, trip.url, False, Counter()
        for _ in range(MAX_HOPS + 1):
            # Twice is allowed: some sites redirect to the same URL once, after setting a cookie.
            if visits[current] == 2:
                raise FetchError(url, "redirect loop")
            visits[current] += 1
            result = await self._with_retries(trip, current)
            if isinstance(result, str):
                current = result
                continue
            if (target := None if refreshed else _refresh_target(result)) is None:
                return result
            refreshed, current = True, _join(url, current, target)
        raise FetchError(url, "too many redirects")

    async def _with_retries(self, trip: _Trip, url: str) -> Page | str:
        # A small loop rather than `stamina`: Retry-After must be capped and checked against
        # this URL's deadline, stamina logs each retry as a WARNING (printed by an unconfigured
        # CLI), and tests need to see the waits without sleeping.
        attempt = 1
        while True:
            try:
                return await self._once(trip, url)
            except _Retry as retry:
                await self.sleep(self._wait(trip, retry, attempt))
            attempt += 1

    def _wait(self, trip: _Trip, retry: _Retry, attempt: int) -> float:
        """Seconds to wait before the next attempt, or a FetchError when it is time to give up."""
        if attempt >= trip.attempts:
            raise FetchError(trip.url, f"{retry.reason}, after {attempt} attempts", kind=retry.kind)
        wait = retry.wait
        if wait is None:  # exponential, with jitter so that parallel retries spread out
            wait = self.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2)
        elif wait > self.max_retry_after:
            raise FetchError(
                trip.url, f"{retry.reason}; the server asks to retry after {wait:.0f} s, longer than we wait"
            )
        if trip.deadline and asyncio.get_running_loop().time() + wait > trip.deadline:
            raise FetchError(trip.url, f"{retry.reason}; no time left to retry")
        return wait

    async def _once(self, trip: _Trip, url: str) -> Page | str:
        target = _parse(trip.url, url)
        vetted = await self._vet(trip.url, target)
        host = target.raw_host.decode("ascii")
        origin = (target.raw_scheme, target.raw_host, target.port)
        # Per host first, so requests queued for one busy host hold no connection; then one
        # (its origin's idle one, or a socket), before the deadline starts.
        async with self.sockets.turn(origin, self._hosts[host]):
            loop = asyncio.get_running_loop()
            trip.deadline = trip.deadline or loop.time() + trip.budget
            try:
                async with asyncio.timeout_at(trip.deadline):
                    with addresses.pinned(host, vetted):
                        return await self._request(trip, target)
            except TimeoutError:
                raise FetchError(trip.url, f"timed out after {trip.budget:g} s") from None

    async def _request(self, trip: _Trip, url: httpx.URL) -> Page | str:
        # We decompress ourselves (aiter_raw): httpx would inflate a whole network read at once,
        # and 64 KB of gzip can be 64 MB of zeros.
        original = trip.url
        request = self.client.build_request(trip.method, url, headers=trip.headers_for(str(url)))
        try:
            response = await self.client.send(request, stream=True)
            try:
                return await self._handle(trip, url, response)
            finally:
                await response.aclose()
        except httpx.HTTPError as error:
            raise self._failure(original, url, error) from None
        except httpx.InvalidURL:  # httpx makes the next request of every redirect, followed or not
            raise FetchError(original, "redirect to an address with no host (javascript:, data:, mailto:…)") from None

    async def _handle(self, trip: _Trip, url: httpx.URL, response: httpx.Response) -> Page | str:
        original, status = trip.url, response.status_code
        self.answered[original] = addresses.outside() or self.answered.get(original, False)  # (one's own: no proof)
        if 300 <= status < 400:
            if "location" not in response.headers:
                raise FetchError(original, f"{_status(status)} without a Location header")
            return _join(original, str(url), response.headers["location"])
        if status == 429 and response.headers.get("x-ratelimit-remaining") == "0":
            # A spent quota (GitHub and others): it refills at x-ratelimit-reset, not in a second.
            raise StatusError(original, _status(status), status, response.headers)
        if trip.method == "HEAD" and status >= 400:
            raise StatusError(original, _status(status), status, response.headers)
        if status == 429 or (status >= 500 and status != 501):
            raise _Retry(_status(status), retry_after(response.headers.get("retry-after", "")))
        if status >= 400:
            raise StatusError(original, _status(status), status, response.headers)
        content_type = media_type(response.headers.get("content-type", ""))
        if trip.method == "HEAD":
            return Page(str(url), status, content_type, response.charset_encoding, body=b"")
        body, truncated = await read_body(
            original, response, content_type, self.settings.max_bytes, trip.head_only, lambda: self._body_deadline(trip)
        )
        if not body:
            raise FetchError(original, "empty response")
        if not content_type and re.match(rb"\s*<(!doctype html|html)", body[:100], re.IGNORECASE):
            content_type = "text/html"  # no Content-Type header, but plainly a web page
        return Page(
            url=str(url),
            status=status,
            content_type=content_type,
            charset=response.charset_encoding,
            body=body,
            truncated=truncated,
            language=response.headers.get("content-language"),
        )

    def _body_deadline(self, trip: _Trip) -> float | None:
        """When a page's body is given up on, keeping its head: one timeout after the head came
        (a slow body must not hold the build much longer than head-only reading did), and a
        quarter of the trip's budget before its deadline, so the cut page is back in time."""
        if trip.deadline is None:
            return None
        return min(asyncio.get_running_loop().time() + self.settings.timeout, trip.deadline - trip.budget / 4)

    async def _vet(self, original: str, url: httpx.URL) -> list[str]:
        """The addresses this hop may connect to, checked before every hop (a public page can
        redirect inward); with a proxy, only a literal address can be checked."""
        host = url.raw_host.decode("ascii")
        literal = addresses.literal_ip(host)
        if literal is not None:
            found = [literal]
        elif self._proxied(url):
            return []  # the proxy resolves the name; our own DNS may not even work behind it
        else:
            found = await self.lookups.addresses_for(original, host)
        addresses.judge(
            original,
            host,
            found,
            await self.lookups.inward_allowed(original, host, self.settings.allow_private_addresses),
        )
        return found

    def _proxied(self, url: httpx.URL) -> bool:
        """Whether httpx will send this URL through a proxy (it reads the same environment)."""
        if not self.client.trust_env:
            return False
        if self._proxies is None:  # read once: the client read the environment once too
            self._proxies = urllib.request.getproxies()
        proxies = self._proxies
        if not (proxies.get(url.scheme) or proxies.get("all")):
            return False
        return not urllib.request.proxy_bypass_environment(url.raw_host.decode("ascii"), proxies)

    def _failure(self, original: str, url: httpx.URL, error: httpx.HTTPError) -> Exception:
        """A human reason for a transport error; the transient ones are retried."""
        cause = innermost(error)  # httpx wraps httpcore wraps anyio wraps the OSError that says it
        # Hide credentials in any URL the message quotes (proxy URLs often carry them).
        text = re.sub(r"//[^/@\s]+@", "//***@", str(error) or str(cause)) or type(cause).__name__
        if isinstance(error, httpx.TimeoutException):
            return FetchError(original, f"timed out after {self.settings.timeout:g} s")
        if isinstance(error, httpx.ProxyError):
            return FetchError(original, f"proxy error: {text}")
        if isinstance(cause, ssl.SSLCertVerificationError):
            return FetchError(original, trust.refused(cause))
        if isinstance(cause, socket.gaierror):
            return FetchError(original, f"host {url.host} not found", kind="unreachable")
        if isinstance(cause, ConnectionRefusedError):
            return _Retry("connection refused", kind="unreachable")
        if isinstance(cause, ConnectionResetError):
            return _Retry("connection reset")
        if isinstance(error, httpx.ConnectError):
            return _Retry(f"could not connect: {text}", kind="unreachable")
        if "without sending" in text:  # RemoteProtocolError: closed before any response
            return _Retry("connection closed by the server before it answered")
        if isinstance(error, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
            return _Retry(f"connection broken: {text}")
        return FetchError(original, text)


def innermost(error: BaseException) -> BaseException:
    for _ in range(10):  # bounded: exception chains can, in theory, loop
        inner = error.__cause__ or error.__context__
        if inner is None:
            break
        error = inner
    return error


def _origin(url: str) -> tuple | None:
    with contextlib.suppress(httpx.InvalidURL, TypeError):
        parsed = httpx.URL(url)
        return parsed.scheme, parsed.host, parsed.port
    return None


def _without_credentials(headers: dict[str, str] | None) -> dict[str, str] | None:
    if not headers:
        return headers
    return {
        name: value
        for name, value in headers.items()
        if name.lower() not in ("authorization", "cookie", "proxy-authorization")
    }


def _parse(original: str, url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
        parsed.host  # noqa: B018 (decodes an xn-- name, which idna may refuse: asked once, here)
    except (httpx.InvalidURL, TypeError, UnicodeError):  # (idna's errors are UnicodeErrors)
        raise FetchError(original, f"invalid URL {url!r}") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(original, "unsupported URL scheme")
    if not parsed.host:
        raise FetchError(original, f"invalid URL {url!r}: no host")
    if parsed.port is not None and not 0 < parsed.port < 65536:  # (httpx takes any number, the socket an OverflowError)
        raise FetchError(original, f"invalid URL {url!r}: no port {parsed.port}")
    return parsed


def _join(original: str, base: str, location: str) -> str:
    try:
        return str(httpx.URL(base).join(location.strip()))
    except httpx.InvalidURL:
        raise FetchError(original, f"redirect to an invalid URL {location[:100]!r}") from None


def _refresh_target(page: Page) -> str | None:
    """Where a page's meta refresh sends the reader, if it has one: only the part that may hold
    one is decoded (the page's own text when that part is the whole page). A page that is only
    a frame sends the reader to it as well."""
    part = refresh_part(page.content_type, page.body)
    text = None if part is None else page.text if part is page.body else decode_html(part, page.charset)
    return meta_refresh(text) or only_frame(page)


def _status(status: int) -> str:
    # The standard phrase, not the server's: fetched text is untrusted.
    with contextlib.suppress(ValueError):
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    return f"HTTP {status}"
