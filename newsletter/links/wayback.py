"""Web archive copies of links, from a Wayback-compatible archive (the Internet Archive by default).

For each link: an existing capture close to the entry's date, from the availability API, else
from the Memento TimeMap; only where there is none, a Save Page Now 2 capture, whose job is
then polled. A link `check` has seen gone gets no new capture, which would keep what it leads
to now (an error page, its site's home page), but the archive's closest from before, however far.

Polite by construction: a bounded number of lookups and captures in flight, a 429
pauses every request for its Retry-After, and a run never waits minutes (a job still running
at the deadline is reported pending, and the next run picks it up by its id).

The keys (`Authorization: LOW key:secret`) come from the environment and go only into that
header: never into a message, the archive file or a cache.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import ipaddress
import os
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from newsletter.config import Archive
from newsletter.links import untrusted
from newsletter.links.fetch import USER_AGENT, innermost
from newsletter.links.responses import retry_after

STATUSES = ("found", "saved", "pending", "refused", "failed", "skipped")
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp")
_LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[A-Za-z-]+\s*=\s*(?:"[^"]*"|[^;,<]*))*)')
_PARAM = re.compile(r'([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^;,<\s]*))')


def _why(error: httpx.HTTPError, url: str) -> str:
    """Why a request never reached the archive, in the words `build` uses for a link: it said
    "(ConnectError)", the name of a Python class, for no network or an archive that is down."""
    cause = innermost(error)  # httpx wraps httpcore wraps the OSError that says it
    if isinstance(cause, socket.gaierror):
        return f"host {urlsplit(url).hostname} not found"
    if isinstance(cause, ConnectionRefusedError):
        return f"{urlsplit(url).netloc} refused the connection"
    return str(error) or str(cause) or type(cause).__name__


@dataclass
class Wanted:
    url: str
    day: dt.date  # the entry's date: a capture should be from around then
    pending_job: str = ""  # a capture job an earlier run left running
    gone_since: dt.date | None = None  # when `check` first saw the link gone: only a capture from before will do


@dataclass
class Outcome:
    url: str
    status: str  # one of STATUSES
    detail: str = ""  # one line: why, or what was found
    versionurl: str = ""
    versiondate: str = ""  # ISO 8601, UTC
    job: str = ""  # a capture job still running
    unreachable: bool = False  # failed because the archive could not be reached at all


class ArchiveError(Exception):
    def __init__(self, reason: str, *, unreachable: bool = False):
        super().__init__(reason)
        self.reason, self.unreachable = reason, unreachable  # no network, or the archive is down


def keys_from_env(settings: Archive) -> tuple[str, str] | None:
    """The Save Page Now keys, when both environment variables are set."""
    access, secret = os.environ.get(settings.access_key_env, ""), os.environ.get(settings.secret_key_env, "")
    return (access, secret) if access and secret else None


def skip_reason(url: str) -> str | None:
    """Why a link cannot go to a public archive: not a web link, or a private address."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"a {parts.scheme or 'relative'}: link, not on the web"
    try:
        private = not ipaddress.ip_address(host).is_global
    except ValueError:
        private = host == "localhost" or host.endswith(PRIVATE_SUFFIXES) or "." not in host
    return "a private address the public archive cannot reach" if private else None


def timestamp_date(stamp: str) -> dt.datetime | None:
    """A Wayback timestamp (YYYYMMDDhhmmss, maybe shorter) as a UTC datetime."""
    try:
        return dt.datetime.strptime(stamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def mementos(text: str) -> list[tuple[str, dt.datetime]]:
    """The mementos of a TimeMap in link format (RFC 7089): (URL, capture time)."""
    found = []
    for match in _LINK.finditer(text):
        params = {m[1].lower(): m[2] if m[2] is not None else m[3] for m in _PARAM.finditer(match[2])}
        if "memento" not in params.get("rel", "").split() or "datetime" not in params:
            continue
        try:
            when = email.utils.parsedate_to_datetime(params["datetime"])
        except (TypeError, ValueError, IndexError):
            continue
        found.append((match[1], when if when.tzinfo else when.replace(tzinfo=dt.UTC)))
    return found


def _one_line(text, limit: int = 160) -> str:
    """What the archive said, for a message: its escape sequences are no commands to the terminal."""
    text = re.sub(r"\s+", " ", untrusted.text(str(text or ""), None)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Wayback:
    """One run against the archive: its client, limits, shared pause and deadline."""

    backoff = 1.0  # seconds before the first retry after a 5xx; doubled each time

    def __init__(self, client: httpx.AsyncClient, settings: Archive, keys: tuple[str, str] | None, wait: float):
        self.client, self.settings = client, settings
        self.auth = {"Authorization": f"LOW {keys[0]}:{keys[1]}"} if keys else {}
        self.lookups = asyncio.Semaphore(max(1, settings.concurrency))
        self.captures = asyncio.Semaphore(max(1, settings.captures))
        loop = asyncio.get_running_loop()
        self.wait, self.deadline = wait, loop.time() + wait
        self.paused_until = 0.0  # a 429 pauses every request, not just the one that got it

    def left(self) -> float:
        return self.deadline - asyncio.get_running_loop().time()

    def in_time(self) -> None:
        """No new lookup or capture once the run's time is up: a slow archive never holds a build."""
        if self.left() <= 0:
            raise ArchiveError(f"not asked: this run's {self.wait:g} s were up; the next run asks")

    async def request(self, method: str, url: str, **options) -> httpx.Response:
        """One request, retried after a 429 or a 5xx for as long as the archive asks (within
        bounds); raises ArchiveError with a one-line reason."""
        loop = asyncio.get_running_loop()
        for attempt in range(3):
            if self.paused_until > loop.time():
                await asyncio.sleep(self.paused_until - loop.time())
            # httpx's timeout is for each read: an answer that trickles in (a byte a second, or
            # a popular page's TimeMap of millions of captures) never trips it, and held a
            # build's 20 s budget for as long as it came. It ends with the run's time, and one
            # request's timeout, as a request started just before it.
            try:
                response = await asyncio.wait_for(
                    self.client.request(method, url, **options), max(self.left(), 0) + self.settings.timeout
                )
            # Only a connection never made says the archive is out of reach (no network, or it is
            # down), after which `build --all` asks it no more: one slow answer, or a connection
            # dropped, is this link's, and the next link may well be answered.
            except httpx.ConnectTimeout:
                raise ArchiveError("cannot reach the archive (no connection in time)", unreachable=True) from None
            except httpx.TimeoutException:
                raise ArchiveError("the archive did not answer in time; the next run asks again") from None
            except TimeoutError:
                raise ArchiveError(
                    f"the archive's answer was still coming when this run's {self.wait:g} s were up; "
                    "the next run asks again"
                ) from None
            except httpx.ConnectError as error:
                raise ArchiveError(f"cannot reach the archive ({_why(error, url)})", unreachable=True) from None
            except httpx.HTTPError as error:
                why = _why(error, url)
                raise ArchiveError(f"no answer from the archive ({why}); the next run asks again") from None
            status = response.status_code
            if status != 429 and status < 500:
                return response
            wait = retry_after(response.headers.get("Retry-After", "")) if status == 429 else None
            wait = wait if wait is not None else self.backoff * 2**attempt
            if wait > self.settings.max_retry_after or attempt == 2:
                later = f" (it asks to wait {wait:.0f} s)" if status == 429 else ""
                raise ArchiveError(f"the archive is busy (HTTP {status}){later}; run `newsletter archive` later")
            if status == 429:
                self.paused_until = max(self.paused_until, loop.time() + wait)
            else:
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def closest(self, wanted: Wanted) -> Outcome | None:
        """An existing 2xx capture within `within_days` of the entry's date, if the archive has one."""
        async with self.lookups:
            self.in_time()
            found = await self._available(wanted)
            if found is None:
                found = await self._timemap(wanted)
        if found is None:
            return None
        url, when = found
        return Outcome(wanted.url, "found", f"a capture of {when:%Y-%m-%d}", url, iso(when))

    def _near(self, when: dt.datetime | None, wanted: Wanted, *, anywhere: bool = False) -> bool:
        """Whether a capture of `when` will do: close to the entry's date (or `anywhere`), and
        from before the link was seen gone."""
        if when is None or (wanted.gone_since and when.date() >= wanted.gone_since):
            return False
        return anywhere or abs((when.date() - wanted.day).days) <= self.settings.within_days

    async def before_gone(self, wanted: Wanted) -> Outcome:
        """The capture closest to the entry's date from before `check` saw the link gone."""
        async with self.lookups:
            self.in_time()
            found = await self._timemap(wanted, anywhere=True)
        if found is None:
            raise ArchiveError(
                f"gone since {wanted.gone_since} (`newsletter check`), and the archive has no capture of it "
                "from before; a capture now would keep only what the link leads to now"
            )
        url, when = found
        return Outcome(
            wanted.url, "found", f"a capture of {when:%Y-%m-%d}, the closest from before it was gone", url, iso(when)
        )

    async def _available(self, wanted: Wanted) -> tuple[str, dt.datetime] | None:
        try:
            response = await self.request(
                "GET", self.settings.availability_url, params={"url": wanted.url, "timestamp": f"{wanted.day:%Y%m%d}"}
            )
        except ArchiveError:
            return None  # the TimeMap may still know: the availability API is often behind
        closest = _object(_object(_object(_json(response)).get("archived_snapshots")).get("closest"))
        when = timestamp_date(str(closest.get("timestamp", "")))
        ok = closest.get("available") and str(closest.get("status", "200")).startswith("2")
        if not ok or not self._near(when, wanted) or not _web(closest.get("url")):
            return None
        return _https(closest["url"]), when

    async def _timemap(self, wanted: Wanted, *, anywhere: bool = False) -> tuple[str, dt.datetime] | None:
        response = await self.request("GET", self.settings.timemap_url + wanted.url)
        if response.status_code == 404:
            return None  # never captured
        if response.status_code >= 400:
            raise ArchiveError(f"the TimeMap answered HTTP {response.status_code}")
        target = dt.datetime.combine(wanted.day, dt.time(12), dt.UTC)
        near = [
            (abs(when - target), url, when)
            for url, when in mementos(response.text)
            if self._near(when, wanted, anywhere=anywhere) and _web(url)
        ]
        return (_https(min(near)[1]), min(near)[2]) if near else None

    async def save(self, url: str) -> str:
        """Submit `url` to Save Page Now 2; its job id. Raises ArchiveError('refused: …')."""
        headers = {"Accept": "application/json", **self.auth}
        response = await self.request("POST", self.settings.save_url, data={"url": url}, headers=headers)
        hint = (
            ""
            if self.auth
            else (
                f"; set {self.settings.access_key_env} and {self.settings.secret_key_env} "
                "to use Save Page Now with your archive.org keys"
            )
        )
        if response.status_code in (401, 403):
            raise ArchiveError(f"refused: the archive refused the capture (HTTP {response.status_code}){hint}")
        answer = _json(response)
        if answer is None and (job := re.search(r"spn2-[0-9a-f]{8,64}", response.text)):  # the public form's page
            return job[0]
        job = str(answer.get("job_id") or "") if isinstance(answer, dict) else ""
        if response.status_code >= 400 or not _JOB.fullmatch(job):
            said = (
                _one_line(answer.get("message") if isinstance(answer, dict) else "")
                or f"HTTP {response.status_code}, no capture job"
            )
            raise ArchiveError(f"refused: {said}{hint}")
        return job

    async def follow(self, wanted: Wanted, job: str, *, wait_first: bool = True) -> Outcome:
        """Poll a capture job until it ends or the run's deadline comes."""
        loop = asyncio.get_running_loop()
        while True:
            if wait_first:
                pause = min(self.settings.poll_seconds, self.left())
                if pause <= 0:
                    return Outcome(
                        wanted.url, "pending", "the capture is still running; the next run picks it up", job=job
                    )
                await asyncio.sleep(pause)
            wait_first = True
            response = await self.request(
                "GET",
                f"{self.settings.save_url.rstrip('/')}/status/{job}",
                headers={"Accept": "application/json", **self.auth},
            )
            answer = _json(response)
            if not isinstance(answer, dict):
                raise ArchiveError(f"the capture status was not JSON (HTTP {response.status_code})")
            status = answer.get("status")
            if status == "success" and (when := timestamp_date(str(answer.get("timestamp", "")))):
                original = answer.get("original_url")
                original = original if _web(original) else wanted.url
                version = _https(f"{self.settings.snapshot_url}{when:%Y%m%d%H%M%S}/{original}")
                return Outcome(wanted.url, "saved", f"captured {when:%Y-%m-%d %H:%M} UTC", version, iso(when))
            if status != "pending":
                said = _one_line(answer.get("message") or answer.get("status_ext") or status)
                raise ArchiveError(f"the capture failed: {said}")
            if loop.time() >= self.deadline:
                return Outcome(wanted.url, "pending", "the capture is still running; the next run picks it up", job=job)

    async def archive(self, wanted: Wanted) -> Outcome:
        """What this run does for one link: follow its pending job, find a capture, or make one."""
        reason = skip_reason(wanted.url)
        if reason:
            return Outcome(wanted.url, "skipped", reason)
        try:
            if _JOB.fullmatch(wanted.pending_job):  # (one _archive.toml was edited to hold is none)
                async with self.captures:
                    return await self.follow(wanted, wanted.pending_job, wait_first=False)
            found = await self.closest(wanted)
            if found is not None:
                return found
            if wanted.gone_since:  # (Save Page Now would capture the error page, or the home page)
                return await self.before_gone(wanted)
            async with self.captures:
                self.in_time()
                return await self.follow(wanted, await self.save(wanted.url))
        except ArchiveError as error:
            status = "refused" if error.reason.startswith("refused: ") else "failed"
            return Outcome(wanted.url, status, error.reason.removeprefix("refused: "), unreachable=error.unreachable)


def tally(outcomes: list[Outcome], *, problems_only: bool = False) -> str:
    """'3 found, 1 saved, 1 pending': how many links of each outcome (only the unfinished ones)."""
    shown = ("pending", "refused", "failed") if problems_only else STATUSES
    counts = {status: sum(o.status == status for o in outcomes) for status in shown}
    return ", ".join(f"{count} {status}" for status, count in counts.items() if count)


# A capture job's id, as Save Page Now gives one ("spn2-" and 40 hex digits): it goes into the
# address its status is asked at. One holding a control character ended `archive` and `build`
# in an httpx.InvalidURL traceback; "../../x" asked another of the archive's addresses.
_JOB = re.compile(r"[A-Za-z0-9_-]{1,200}")


def _json(response: httpx.Response):
    """The answer's JSON value, or None for an answer that is none. Nested past Python's
    recursion limit ("[[[[…") it is valid JSON that ended `archive`, and every `build` that
    archives, in a RecursionError traceback."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        return None


def _object(value) -> dict:
    """`value` if it is a JSON object, else an empty one: an archive answering a list or a text
    where the API has an object (`closest`: "2020…") knows nothing we can read. Its `.get`
    ended `archive` and `build` in an AttributeError traceback."""
    return value if isinstance(value, dict) else {}


def _web(url) -> bool:
    """Whether an archive's answer is an http(s) address to record as the copy. The copy becomes
    a link in the post and the email: javascript:, data: or text with spaces or quotes in it
    (an odd or hostile archive, a self-hosted one misconfigured) is not believed; nor one that
    fetched text could not hold (escape sequences `archive` printed to the terminal as they
    came, a bidi override, 100 KB of address), which the sanitiser of fetched text would change."""
    return (
        isinstance(url, str)
        # (an apostrophe is a legal part of a path, "Schrödinger's_cat": `_https` sends it as %27)
        and re.fullmatch(r"https?://[^\s/?#\"'<>]+[^\s\"<>]*", url, re.IGNORECASE) is not None
        and untrusted.text(url, None) == url
        and len(url) <= untrusted.MAX_URL
    )


def _https(url: str) -> str:
    """The Wayback answers with http:// addresses of its own captures; they work as https://.
    An apostrophe goes as %27, the same address to the archive, so that no copy holds a quote."""
    url = url.replace("'", "%27")
    return "https://" + url[len("http://") :] if url.startswith("http://web.archive.org/") else url


async def archive_all(
    wanted: list[Wanted], settings: Archive, keys: tuple[str, str] | None, wait: float, progress=None
) -> list[Outcome]:
    """Each link's outcome, in the order asked, within about `wait` seconds (and one request's timeout)."""
    timeout = httpx.Timeout(settings.timeout)
    limits = httpx.Limits(max_connections=settings.concurrency + settings.captures)
    async with httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT}, timeout=timeout, limits=limits, follow_redirects=True, trust_env=True
    ) as client:
        wayback = Wayback(client, settings, keys, wait)
        done = 0

        async def one(item: Wanted) -> Outcome:
            nonlocal done
            outcome = await wayback.archive(item)
            done += 1
            if progress:
                progress(done, len(wanted))
            return outcome

        return list(await asyncio.gather(*(one(item) for item in wanted)))
