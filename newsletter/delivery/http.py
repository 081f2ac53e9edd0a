"""HTTP for the list services (Buttondown, listmonk): one client, bounded retries, one-line errors.

A request that fails with 429 is retried after `Retry-After` (bounded); a 5xx or a dropped
connection is retried only when repeating the request cannot do anything twice: GET, PUT,
PATCH, a POST carrying an idempotency key, or a connection that never opened. Every other
failure becomes a `NewsletterError` naming the service and what to do, with any secret
scrubbed from it, never a traceback.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import time
from urllib.parse import urlsplit

import httpx

from newsletter.delivery import redact
from newsletter.errors import NewsletterError
from newsletter.links import untrusted

MAX_WAIT = 60.0  # seconds: the longest Retry-After honoured before giving up
sleep = time.sleep  # replaced in tests


class ApiError(NewsletterError):
    """A request that failed for good; `status` is the HTTP status, None if there was no answer."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class Api:
    def __init__(
        self,
        service: str,
        base_url: str,
        *,
        url_setting: str,
        credentials_hint: str,
        secrets: list[str],
        timeout: float,
        retries: int,
        headers: dict | None = None,
        auth: tuple[str, str] | None = None,
    ):
        if not re.match(r"https?://[^/\s]+", base_url or ""):
            raise NewsletterError(
                f"[send] {url_setting} = {base_url!r} is not a web address; "
                f"set it to your {service} API's URL in newsletter.toml."
            )
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.url_setting = url_setting
        self.credentials_hint = credentials_hint
        self.secrets = [(s, auth[0] if auth else "") for s in secrets if s]  # (secret, its user)
        self.retries = retries
        try:
            self.client = httpx.Client(
                base_url=self.base_url + "/", headers=headers, auth=auth, timeout=timeout, follow_redirects=False
            )
        except (httpx.InvalidURL, ValueError) as error:
            raise NewsletterError(f"[send] {url_setting} = {base_url!r} is not a usable address ({error}).")

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def call(
        self, method: str, path: str, action: str, *, json=None, params=None, headers: dict | None = None
    ) -> dict | list | None:
        """The JSON answer of one request; `action` says what it does, for messages."""
        safe_to_repeat = method in ("GET", "PUT", "PATCH", "DELETE") or bool(
            headers and any(k.lower().endswith("idempotency-key") for k in headers)
        )
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.client.request(method, path, json=json, params=params, headers=headers)
            except httpx.RequestError as error:
                never_sent = isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
                if (safe_to_repeat or never_sent) and attempt <= self.retries:
                    sleep(backoff(attempt))
                    continue
                if never_sent:
                    raise self._error(
                        f"Could not reach {self.service} at {self.base_url} while {action} "
                        f"({type(error).__name__}: {error or 'no answer'}); check your network "
                        f"and [send] {self.url_setting}."
                    )
                # The request went out and no answer came back: it may have been carried out.
                raise self._error(
                    f"{self.service} at {self.base_url} did not answer while {action} "
                    f"({type(error).__name__}: {error or 'no answer'}), so it may have happened; "
                    "run the same command again: the send ledger makes running again safe."
                )
            code = response.status_code
            if code == 429 and attempt <= self.retries:
                wait = _retry_after(response, backoff(attempt))
                if wait > MAX_WAIT:
                    raise self._error(
                        f"{self.service} is rate-limiting requests (HTTP 429) and asks to "
                        f"wait {wait:.0f} s; run again later.",
                        429,
                    )
                sleep(wait)
                continue
            if code >= 500 and safe_to_repeat and attempt <= self.retries:
                sleep(backoff(attempt))
                continue
            if response.is_success:
                return self._json(response, action)
            raise self._error(self._failure(response, action, attempt), code)

    def _json(self, response: httpx.Response, action: str):
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise self._error(
                f"{self.service} answered {action} with something other than JSON; check "
                f"that [send] {self.url_setting} ({self.base_url}) is the API's address.",
                response.status_code,
            )

    def _failure(self, response: httpx.Response, action: str, attempts: int) -> str:
        code = response.status_code
        detail = _detail(response)
        said = f": {detail}" if detail else ""
        if code in (401, 403):
            return (
                f"{self.service} refused the credentials while {action} (HTTP {code}{said}); "
                f"check {self.credentials_hint}."
            )
        if code == 404:
            return (
                f"{self.service} has no such resource ({response.request.method} "
                f"{response.request.url.path}: HTTP 404{said}); check [send] {self.url_setting} "
                f"({self.base_url}) and that nothing was deleted on {self.service}."
            )
        if code == 429:
            return (
                f"{self.service} is still rate-limiting requests (HTTP 429) after {attempts} tries; "
                "wait a few minutes and run again."
            )
        if code >= 500:
            tries = f" {attempts} times" if attempts > 1 else ""
            return (
                f"{self.service} had a server error while {action} (HTTP {code}{tries}); try again "
                "later: the send ledger makes running again safe."
            )
        return f"{self.service} rejected {action} (HTTP {code}{said})."

    def _error(self, message: str, status: int | None = None) -> ApiError:
        return ApiError(redact.scrub(message, self.secrets), status)


_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def plain_id(value) -> int | str | None:
    """`value` if it can stand in a request's path as one segment (a positive number, or letters,
    digits, '-' and '_'), else None. A service's answer names the email or campaign that later
    requests address: an id such as '../subscribers' was put in the path as it came, so the
    test went to another resource, and 'about to send' could have been set on another email."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    return value if isinstance(value, str) and _PLAIN_ID.fullmatch(value) else None


def shown_status(value) -> str:
    """A status a service answered, as the terminal and the ledger may show it: a word such as
    'about_to_send' as it came, anything else in quotes, escaped and cut. Buttondown's answer to
    the send printed its status as it came, a new line and all: 'status sent' and then a line of
    the server's own under the tool's, 3,000 characters long."""
    if isinstance(value, str) and _STATUS.fullmatch(value):
        return value
    return f"{value!r:.40}" + ("…" if len(repr(value)) > 40 else "")


_STATUS = re.compile(r"[A-Za-z][A-Za-z_-]{0,39}")


def unencrypted(url: str, setting: str, credential: str) -> str | None:
    """What the dry run says of an http:// `url` on another machine: every request carries
    `credential` (an API key, a token) readable by anyone on the way, as SMTP's login with
    smtp_security = "none" is said to. One on this machine (http://localhost:9000, a listmonk
    of one's own, or one through an SSH tunnel) crosses no network."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() != "http" or not host or host == "localhost" or host.endswith(".localhost"):
        return None
    with contextlib.suppress(ValueError):  # (a name, not an address)
        if ipaddress.ip_address(host).is_loopback:
            return None
    return (
        f"[send] {setting} is http://, so {credential} would cross the network to {host} unencrypted "
        "with every request; use its https:// address"
    )


def backoff(attempt: int) -> float:
    return float(min(2 ** (attempt - 1), 30))


def _retry_after(response: httpx.Response, default: float) -> float:
    """Seconds to wait: Retry-After read as the fetcher and import read it, else `default`."""
    from newsletter.links.responses import retry_after  # here: only a 429 pays for the import

    wait = retry_after(response.headers.get("Retry-After", ""))
    return default if wait is None else wait


def _detail(response: httpx.Response) -> str:
    """What an error body says, in one short line: `detail`, `message`, or field errors."""
    try:
        body = response.json()
    except ValueError:
        if "html" in response.headers.get("content-type", ""):
            return ""
        return _one_line(response.text)
    if isinstance(body, dict):
        for key in ("detail", "message", "error"):
            if isinstance(body.get(key), str):
                return _one_line(body[key])
        parts = []
        for field, problems in body.items():
            if isinstance(problems, list):
                problems = "; ".join(str(p) for p in problems)
            parts.append(f"{field}: {problems}")
        return _one_line(", ".join(parts))
    if isinstance(body, list):
        return _one_line("; ".join(str(item) for item in body))
    return _one_line(str(body))


def _one_line(text: str, limit: int = 200) -> str:
    # what the service said, printed in a message: its escape sequences are no commands to the terminal
    text = " ".join(untrusted.text(text, None).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def addressable(step: dict, ledger, what: str) -> None:
    """Refuse a ledger's record of a draft or campaign made whose id cannot stand in a request's
    path: edited or damaged, its '../subscribers' went into the address as it was (the id a
    service answers was checked, not the one the ledger gave back), a missing one a KeyError."""
    if said := unaddressable(step, ledger, what):
        raise NewsletterError(f"{said} Nothing was sent.")


def unaddressable(step: dict, ledger, what: str) -> str | None:
    """What `addressable` refuses `step` for, or None: also said by a dry run, which is to say
    what `send --yes` will do."""
    if step.get("state") != "done" or plain_id(step.get("id")):
        return None
    return (
        f"{ledger} records the {what} as made, but with no id it can be addressed by "
        f"({step.get('id')!r:.60}); restore the ledger from a backup rather than editing it."
    )
