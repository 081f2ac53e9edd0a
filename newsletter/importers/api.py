"""The one HTTP client of `import --from SERVICE`: JSON pages, a token, bounded retries, one-line errors.

Every service (services.py) asks it for pages the same way, so pagination, a 429's
`Retry-After`, an expired token and a dropped network read the same for all five. The token
goes in a header and nowhere else: messages name the environment variable, never its value.
"""

from __future__ import annotations

import time

import httpx

from newsletter import __version__
from newsletter.config import counted
from newsletter.errors import NewsletterError
from newsletter.formats.json_object import json_object
from newsletter.importers.common import what
from newsletter.links.responses import declared_length, retry_after

MAX_WAIT = 120.0  # seconds: the longest Retry-After honoured before giving up
# What a pull's answers may hold together, decompressed: every page is kept until the pull
# ends, so this bounds its memory whatever answers, as the cap on an export file does
# (importers/common.py MAX_FILE_BYTES, the same size).
MAX_PULL_BYTES = 256_000_000
sleep = time.sleep  # one name, so a test server's Retry-After: 0 costs nothing


def user_agent() -> str:
    """Who asks, as a service's logs show it: the tool and its version, and the project's page
    where the package's metadata names one (pyproject's [project.urls]). It named a placeholder,
    "+https://github.com/", which told a service that wanted to know who called it nothing true;
    with no page named, none is made up."""
    from importlib import metadata

    try:
        about = metadata.metadata("newsletter")
    except metadata.PackageNotFoundError:  # (run from a source tree not installed)
        return f"newsletter/{__version__} (import)"
    pages = [named.rpartition(",")[2].strip() for named in about.get_all("Project-URL") or []]
    page = next((page for page in [*pages, about.get("Home-page") or ""] if page.startswith("https://")), None)
    return f"newsletter/{__version__} (import{f'; +{page}' if page else ''})"


class ServiceError(NewsletterError):
    """A service that could not be read: the message says which, why, and what to do."""


class Client:
    """JSON over HTTPS for one service, with its token in `headers`.

    `token_env` is the environment variable the token came from: messages say to renew it
    there. Redirects are not followed: a token is never sent to another host.
    """

    def __init__(
        self,
        service: str,
        base_url: str,
        headers: dict[str, str],
        *,
        token_env: str,
        timeout: float = 30.0,
        retries: int = 3,
    ):
        self.service, self.token_env, self.retries = service, token_env, retries
        self.received = 0  # bytes of answers read, for MAX_PULL_BYTES
        self.base_url = base_url.rstrip("/")
        self.client = httpx.Client(
            headers={"User-Agent": user_agent(), "Accept": "application/json", **headers},
            timeout=timeout,
            follow_redirects=False,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def get(self, path_or_url: str, params: dict | None = None) -> httpx.Response:
        """One GET (a path under the base URL, or a full `next` URL the service gave), retried
        after 429 (for as long as Retry-After says, within MAX_WAIT), 5xx and dropped connections."""
        if not isinstance(path_or_url, str):  # a `next` in an answer is untrusted: 5, ["x"]...
            raise ServiceError(
                f"{self.service}: the next page is named by {what(path_or_url)}, not an address; "
                "stopped, nothing was imported."
            )
        url = path_or_url if path_or_url.startswith(("http://", "https://")) else self.base_url + path_or_url
        url = self._at_home(url)
        for attempt in range(self.retries + 1):
            try:
                response = self._fetch(url, params)
            except httpx.TransportError as error:
                if attempt < self.retries:
                    sleep(min(2**attempt, 10))
                    continue
                raise ServiceError(
                    f"{self.service}: could not reach {_host(url)} ({_reason(error)}); "
                    "check the network (or the service's URL setting) and run again."
                )
            if response.status_code == 429 or response.status_code >= 500:
                wait = _retry_after(response.headers.get("Retry-After"), attempt)
                if attempt < self.retries and wait <= MAX_WAIT:
                    sleep(wait)
                    continue
                if response.status_code == 429:
                    raise ServiceError(
                        f"{self.service}: still rate-limited (HTTP 429) after {attempt + 1} "
                        "tries; wait a few minutes and run again: nothing was imported this time."
                    )
                # the service's own trouble: "check the URL setting" sent people after the wrong thing
                asked = f" (it asked to wait {wait:.0f} s)" if wait > MAX_WAIT else ""
                raise ServiceError(
                    f"{self.service}: {_host(url)} failed with HTTP {response.status_code} after "
                    f"{counted(attempt + 1, 'try')}{asked}, a fault on the service's side; run again "
                    "later: nothing was imported this time."
                )
            if response.status_code in (401, 403):
                raise ServiceError(
                    f"{self.service}: the token was refused (HTTP {response.status_code}); it may "
                    f"have expired or been revoked: make a new one and put it in ${self.token_env}."
                )
            if response.status_code >= 300:
                raise ServiceError(
                    f"{self.service}: {_host(url)} answered HTTP {response.status_code} for "
                    f"{httpx.URL(url).path}; check the service's URL setting in newsletter.toml."
                )
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    def _at_home(self, url: str) -> str:
        """`url` if it is where the base URL is (scheme, host and port): the token goes nowhere
        else. A `next` link over plain http to the host of an https base URL (what a service
        behind a proxy that does not say it spoke https writes) is asked for over https, as the
        base URL is: the token went out unencrypted."""
        try:
            target, base = httpx.URL(url), httpx.URL(self.base_url)
        except httpx.InvalidURL:
            raise ServiceError(f"{self.service}: the next page's address is not one ({url[:100]!r}); stopped.")
        if target.host != base.host:
            raise ServiceError(
                f"{self.service}: the next page is on another host ({target.host}); "
                "stopped rather than send the token there."
            )
        if (target.scheme, target.port) == (base.scheme, base.port):
            return url
        if (target.scheme, target.port, base.scheme) == ("http", None, "https"):
            return str(target.copy_with(scheme="https", port=base.port))
        raise ServiceError(
            f"{self.service}: the next page is at {_origin(target)}, not at {_origin(base)}; "
            "stopped rather than send the token there."
        )

    def _fetch(self, url: str, params: dict | None) -> httpx.Response:
        """One GET; a page's body read as it comes, and refused once the pull's answers come to
        more than MAX_PULL_BYTES (a 300 MB answer took 1 GB of memory, and one of gigabytes all
        there was). An error's body is never read."""
        with self.client.stream("GET", url, params=params) as response:
            if response.status_code >= 300:
                return response
            room = MAX_PULL_BYTES - self.received
            if declared_length(response.headers) > room:
                raise self._too_large()
            body = bytearray()
            for piece in response.iter_bytes():  # decompressed
                body += piece
                if len(body) > room:
                    raise self._too_large()
        self.received += len(body)
        # the body is decompressed already: the new response must not inflate it again
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(response.status_code, headers=headers, content=bytes(body), request=response.request)

    def _too_large(self) -> ServiceError:
        return ServiceError(
            f"{self.service}: its answers came to more than {MAX_PULL_BYTES / 1e6:g} MB, more than "
            "one import reads; stopped, nothing was imported. Check the service's URL setting in "
            "newsletter.toml; if it is right, import the service's export file instead, in parts."
        )

    def json(self, path_or_url: str, params: dict | None = None) -> dict:
        """The answer's JSON object (every API here answers one; anything else is an error)."""
        response = self.get(path_or_url, params)
        answer = json_object(response.content)
        if answer is None:
            raise ServiceError(
                f"{self.service}: {_host(str(response.url))} answered something that is not "
                f"its API's JSON for {response.url.path}; check the service's URL setting."
            )
        return answer


def _retry_after(value: str | None, attempt: int) -> float:
    """Seconds to wait: Retry-After as the fetcher reads it (seconds or an HTTP date), else a short backoff."""
    wait = retry_after(value or "")
    return wait if wait is not None else float(min(2**attempt, 10))


def _origin(url: httpx.URL) -> str:
    """scheme://host[:port], as a message shows it: never a user name or password the URL holds."""
    return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except httpx.InvalidURL:
        return url


def _reason(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    return type(error).__name__.replace("Error", " error").strip().lower()
