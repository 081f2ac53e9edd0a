"""The network half of the front door (`newsletter.links.Links`): what the web says about links.

Provider adapters, then the page itself, then follow-ups; liveness for `check`; raw downloads
for `import`. One HTTP client and one Fetcher per batch, made here and nowhere else. Imported
only when something is not in the cache, so a warm build never loads httpx or the HTML parser.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import time
from collections import Counter
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import sniffio

from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links import providers, readers, untrusted, urls, wechat
from newsletter.links.fetch import Fetcher, Page, StatusError, make_client
from newsletter.links.sent_home import sent_home
from newsletter.models import Metadata


async def fetch_metadata(fetcher: Fetcher, url: str, kind: str | None = None) -> Metadata:
    """One link's metadata: the provider's answer, gaps filled from the page itself, then
    refined by what needs the page first (a podcast's feed, which the page names). `kind`:
    what the entry says the link is ("podcast"), which the page may not say.

    Everything fetched is untrusted: it leaves here sanitised and clamped, in one place.
    """
    meta = await _gather(fetcher, url, kind)
    # What the entry says, whatever path the lookup took (a provider's answer alone, a page that
    # failed): a cached row of another kind is fetched again for such an entry (Links.metadata).
    if kind is not None and meta.kind != kind:
        meta = dataclasses.replace(meta, kind=kind)
    return untrusted.metadata(meta)


async def _gather(fetcher: Fetcher, url: str, kind: str | None = None) -> Metadata:
    provider = providers.find(url)
    if provider is not None:
        meta = await provider.fetch(fetcher, url)
        if not provider.needs_page(meta):
            return meta
    else:
        meta = Metadata()
    try:
        # The whole page, not only its head: bylines and dates are often only in the body
        # (on NAEB's 421 pages, head-only reading finds the authors of 68 %, the whole page 87 %)
        page = await fetcher.get(url, head_only=False)
    except FetchError:
        if meta.title is None:
            raise
        return meta  # the provider's answer stands: the page would only have added to it
    # Parsing is CPU work, and where a hostile page does its harm: in a worker process
    ready = time.monotonic()  # a page queued behind others too long gets a reader of its own
    meta = meta.merged_over(await fetcher.reading.read(page, url, fetcher.settings.timeout, ready))
    if meta.title is None and (stopped := meta.extras.get("blocked")) and urls.under(urls.host(url), (wechat.HOST,)):
        # WeChat's verification page stands in for the article a while: a failure, said and tried
        # again at the next build, not an empty page kept in the cache for weeks
        raise FetchError(
            url, f"WeChat showed its verification page ({stopped}) instead of the article; try again later"
        )
    if kind == "podcast" and meta.kind != kind:  # the author knows an episode the page does not call one
        meta = dataclasses.replace(meta, kind=kind)
    for step in providers.follow_ups(provider, url, meta):
        meta = await step.refine(fetcher, url, meta)
    return meta


@asynccontextmanager
async def session(settings: Fetch):
    """The one place an HTTP client and its Fetcher are made: limits, proxies, address checks."""
    # httpcore and anyio ask sniffio which event loop runs them for every lock, event and cancel
    # scope a request makes (~12), and sniffio looks up the current task each time to find out.
    # Told once, as anyio.run tells it, each answer is a context variable's read; the requests'
    # tasks, made inside, inherit it.
    told = sniffio.current_async_library_cvar.set("asyncio")
    try:
        async with make_client(settings) as client:
            fetcher = Fetcher(client, settings)
            try:
                yield fetcher
            finally:
                fetcher.reading.close()
    finally:
        sniffio.current_async_library_cvar.reset(told)


async def fetch_all(
    urls: list[str], settings: Fetch, progress, kinds: dict[str, str] | None = None
) -> tuple[dict[str, Metadata | FetchError], bool]:
    """Each URL's metadata or failure (in the order they finished), and whether the network
    was down (no host could be reached at all). `kinds`: what the entries say some links are."""
    kinds = kinds or {}
    results: dict[str, Metadata | FetchError] = {}
    readers.READERS.warm(min(1, len(urls)))  # its start overlaps the first requests (a second one starts if needed)
    async with session(settings) as fetcher:

        async def one(url: str) -> None:
            try:
                results[url] = await fetch_metadata(fetcher, url, kinds.get(url))
            except FetchError as error:
                results[url] = error
            except Exception as error:
                # An adapter's bug on an answer it did not foresee (a plugin's; or ours: GitHub's
                # "license" as a string was an AttributeError) fails its link, said, never the build
                reason = f"its answer could not be read ({type(error).__name__}): a bug to report"
                results[url] = FetchError(url, reason)
            if progress:
                progress(len(results), len(urls))

        await _in_turn([functools.partial(one, url) for url in _busiest_first(urls)])
    return results, fetcher.cut_off([r for r in results.values() if isinstance(r, FetchError)])


# Links started at once, before the event loop sends the requests of those started already. All
# of a month's links were started in one turn of the loop, each running up to its connection
# (~0.5 ms of a core): the first connection was made, and its request sent, only once the 200th
# link had asked for one, ~0.1 s later (bench/cold.py, 200 links at 0.2 s a request on two busy
# cores: the first request left 0.08-0.18 s after its link started, a connection took a median
# 55-96 ms on 127.0.0.1, an answer 0.23-0.26 s after its request). Eight at a time, the first
# request leaves 10-85 ms after its link starts, a connection takes 13-20 ms, an answer ~0.21 s
# (the same work, ~300 turns of the loop for the month either way; the main process's CPU was
# 2 % and 10 % higher in two sets of paired runs, the whole tree's 0.97-1.08x in three bench runs).
STARTED_AT_ONCE = 8


async def _in_turn(steps: list) -> None:
    """Run each of `steps` (coroutine functions) to the end, started STARTED_AT_ONCE at a time
    with a turn of the event loop between, so that their first requests leave as they come."""
    started: list[asyncio.Task] = []
    try:
        for number, step in enumerate(steps, 1):
            started.append(asyncio.ensure_future(step()))
            if number % STARTED_AT_ONCE == 0:
                await asyncio.sleep(0)
    except BaseException:  # cancelled while starting them: those started end with it
        for task in started:
            task.cancel()
        await asyncio.gather(*started, return_exceptions=True)
        raise
    await asyncio.gather(*started)


def _busiest_first(urls: list[str]) -> list[str]:
    """`urls`, those of the host with the most links first. A host's links past its per-host
    limit wait for its first answers, then their own round trip: the run's longest wait (on
    bench/cold.py, eleven of the forty hosts have seven to nine links, whose last answers end
    the run). Their first requests leaving first, the next ones leave as early as they can."""
    count = Counter(map(_host, urls))
    return sorted(urls, key=lambda url: -count[_host(url)])  # (stable: each host's in the order given)


def _host(url: str) -> str:
    """The host as the per-host limit counts it (`Fetcher._once`): the name itself, www. and all."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # (an invalid address fails when its link is asked for)
        return ""


# Liveness, for `check`

PROBE_TIMEOUT = 3.0  # seconds: a host that does not speak TLS often just stays silent
# Reasons that prove the server answered with content: the link is alive.
ALIVE = ("response larger than", "empty response", "not a web page")


async def alive(fetcher: Fetcher, url: str, *, probe: bool = False) -> str | None:
    """Where the link lands (its address after redirects) if it answers, or None when it
    answered with content that was not read (too large, not a web page); raises FetchError if
    it does not answer.

    HEAD first, which costs the server nothing; many servers mishandle HEAD (405, 403, 404),
    so any error status there is asked again with GET. A `probe` (is there an https:// twin?)
    gets one try with a short timeout. A link that HEAD finds sent home is asked again with GET,
    what a reader's browser asks: some servers send every HEAD to the home page.
    """
    try:
        landed = (await fetcher.head(url, timeout=PROBE_TIMEOUT if probe else None, attempts=1 if probe else None)).url
        if probe or not sent_home(url, landed):
            return landed
    except StatusError:
        if probe:
            raise
    try:
        return (await fetcher.get(url, head_only=True)).url
    except FetchError as error:
        if not error.reason.startswith(ALIVE):
            raise
        return None


async def check_all(
    urls: list[str], probes: list[str], settings: Fetch, progress
) -> tuple[dict[str, FetchError | None], bool, dict[str, str]]:
    """None (alive) or the failure of each URL and probe, whether the network was down, and
    where each live link that was redirected landed."""
    results: dict[str, FetchError | None] = {}
    landed: dict[str, str] = {}
    total = len(urls) + len(probes)
    async with session(settings) as fetcher:

        async def one(url: str, probe: bool = False) -> None:
            try:
                if (final := await alive(fetcher, url, probe=probe)) not in (None, url):
                    landed[url] = final
                results[url] = None
            except FetchError as error:
                results[url] = error
            if progress:
                progress(len(results), total)

        # as fetch_all starts them: a whole log's links started in one turn held every request back
        steps = [functools.partial(one, url) for url in _busiest_first(urls)]
        await _in_turn(steps + [functools.partial(one, probe, True) for probe in probes])
    return results, fetcher.cut_off([results[url] for url in urls if results[url] is not None]), landed


# Downloads, for `import`


async def download_all(
    urls: list[str], settings: Fetch, accept: str, named_by: str | None = None
) -> dict[str, Page | FetchError]:
    """Each URL's whole response (up to the size cap), or why not. A URL an OPML file on the web
    names (`named_by`) is not asked for on a private address, allow_private_addresses or not:
    the setting is for the author's own links to their network, not for a list of feeds that
    someone else's server hands out."""
    async with session(settings) as fetcher:

        async def one(url: str) -> Page | FetchError:
            try:
                if named_by and await fetcher.lookups.named_inward(named_by, url, settings.allow_private_addresses):
                    raise FetchError(url, f"refused: {named_by}, on the internet, names it on a private address")
                return await fetcher.get(url, head_only=False, accept=accept)
            except FetchError as error:
                return error

        return dict(zip(urls, await asyncio.gather(*(one(url) for url in urls)), strict=True))
