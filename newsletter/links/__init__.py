"""Everything about one link, behind one front door: `Links`.

    with Links(settings.fetch, settings.state_dir) as links:
        looked = links.metadata(urls)          # cache -> provider -> page -> follow-ups

`enrich`, `new`, `meta`, `check` and `import` all go through it, so the cache, the remembered
failures, the "no network" rule and the one HTTP client are the same everywhere. Inside:
`web.py` (the network half, loaded only when something is not cached), `fetch.py` (one polite,
defensive request), `cache.py`, `urls.py`, the pure extractor (`extract.py` and its parts) and
`providers/` (a registry that plugins join).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.errors import FetchError
from newsletter.models import Metadata

if TYPE_CHECKING:  # a page reader (`worker`) imports this package too, and needs neither
    from newsletter.config import Archive, Fetch
    from newsletter.links.cache import MetadataCache

# httpx, once imported, imports its own command-line client: click and Pygments, then rich, whose
# absence it catches. We never run it; marked absent here, before anything of ours imports httpx,
# it costs nothing, where it was ~25 ms of a cold build's start, before the first request could
# leave (`httpx.main()` would say to install httpx[cli]).
sys.modules.setdefault("httpx._main", None)


@dataclass
class Looked:
    """What a lookup of many links found: metadata, failures (in the order asked), and how."""

    found: dict[str, Metadata] = field(default_factory=dict)
    failures: list[FetchError] = field(default_factory=list)
    fetched: int = 0
    cached: int = 0
    no_network: bool = False  # no host could be reached: the failures say nothing about the links
    warnings: list[str] = field(default_factory=list)  # the cache's, said once


class Links:
    """The one front door to link metadata. Use as a context manager (it holds the cache open).

    `state_dir` None: no cache at all (outside a workspace). `offline`: the cache only.
    `refresh`: ask the web again, ignoring cached answers and remembered failures.
    """

    def __init__(self, settings: Fetch, state_dir: Path | None, *, offline: bool = False, refresh: bool = False):
        self.settings, self.state_dir = settings, state_dir
        self.offline, self.refresh = offline, refresh
        self.cache: MetadataCache | None = None

    def __enter__(self) -> Links:
        if self.state_dir is not None:
            from newsletter.links.cache import MetadataCache

            self.cache = MetadataCache(self.state_dir, self.settings.max_age_days).__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.cache is not None:
            self.cache.__exit__(*exc)

    def metadata(
        self, urls: list[str], progress: Callable[[int, int], None] | None = None, kinds: dict[str, str] | None = None
    ) -> Looked:
        """Each link's metadata: from the cache, else from the web (then cached). A link that
        failed a moment ago is not asked again so soon; with no network at all, nothing is
        remembered, so one offline build does not block the links for the next hour. `kinds`:
        what the entries say some links are ({url: "podcast"}: an episode's feed is read)."""
        looked, missing, failed = Looked(), [], {}
        unique = list(dict.fromkeys(urls))
        kept = {} if self.refresh or self.cache is None else self.cache.get_many(unique)
        kinds = kinds or {}
        for url in unique:
            cached = kept.get(url)
            # An entry retyped podcast after its link was cached (the author saw no duration)
            # gets its show's feed read now, not once the cached row has aged out.
            if cached is not None and (self.offline or kinds.get(url) in (None, cached.kind)):
                looked.found[url] = cached
                looked.cached += 1
            elif self.offline:
                continue
            elif (failure := self._remembered_failure(url)) is not None:
                failed[url] = failure
            else:
                missing.append(url)
        if missing:
            from newsletter.links import readers

            # The page reader starts now, beside the network half's imports (~0.1 s), not after
            # them. One: a page takes it a few ms, and a second worker's start (~0.2 s of a core,
            # which the event loop needed) is only made for a page kept waiting (readers.PATIENCE)
            readers.READERS.warm(1)
            from newsletter.links import web

            # One request a page: links to it that only its cache key tells are the same (#part-2,
            # ?utm_source=…) were each fetched, three requests to one host for one article
            from newsletter.links.lookups import NotLookedUp
            from newsletter.links.urls import normalise_url

            pages: dict[str, str] = {}  # cache key -> the link asked for it (a typed podcast's first)
            for url in sorted(missing, key=lambda url: url not in kinds):
                pages.setdefault(normalise_url(url), url)
            asked = [url for url in missing if pages[normalise_url(url)] == url]
            results, looked.no_network = _run(web.fetch_all(asked, self.settings, progress, kinds))
            answers = {}
            for url in missing:
                result = results[pages[normalise_url(url)]]
                if isinstance(result, FetchError):
                    failed[url] = result if result.url == url else FetchError(url, result.reason, result.kind)
                else:
                    answers[url] = looked.found[url] = result
                    looked.fetched += 1
            if self.cache is not None:  # with no network at all, no failure is remembered
                # (nor a link whose host was not looked up: it was never asked; attack 34)
                unasked = {url for url in missing if isinstance(results[pages[normalise_url(url)]], NotLookedUp)}
                remembered = (
                    [] if looked.no_network else [failed[u] for u in missing if u in failed and u not in unasked]
                )
                self.cache.put_all(answers, remembered)
        looked.failures = [failed[url] for url in dict.fromkeys(urls) if url in failed]
        looked.warnings = list(self.cache.warnings) if self.cache is not None else []
        return looked

    def one(self, url: str) -> Metadata:
        """One link's metadata; raises FetchError when it cannot be had."""
        looked = self.metadata([url])
        if url in looked.found:
            return looked.found[url]
        raise looked.failures[0] if looked.failures else FetchError(url, "not in the cache (offline)")

    def alive(
        self, urls: list[str], probes: list[str] = (), progress: Callable[[int, int], None] | None = None
    ) -> tuple[dict[str, FetchError | None], bool, dict[str, str]]:
        """None (the link answers) or why not, for each URL and probe; whether the network was
        down; and where each live link that was redirected landed. Always asks the web: `check`
        is about now."""
        from newsletter.links import web

        return _run(web.check_all(list(urls), list(probes), self.settings, progress))

    def download(self, urls: list[str], *, accept: str, max_bytes: int, named_by: str | None = None) -> dict:
        """Each URL's whole response (`fetch.Page`) or FetchError, up to `max_bytes`: feeds
        (`named_by`: the address of the OPML file naming them, if it has one)."""
        from newsletter.links import web

        settings = replace(self.settings, max_bytes=max_bytes)
        return _run(web.download_all(list(urls), settings, accept, named_by))

    def archive(
        self, wanted: list, settings: Archive, *, wait: float, progress: Callable[[int, int], None] | None = None
    ) -> list:
        """Each link's web archive copy (`wayback.Outcome`, in the order asked): an existing
        capture near its date, else a new one, within about `wait` seconds. Always asks the
        archive; never offline."""
        from newsletter.links import wayback

        keys = wayback.keys_from_env(settings)
        return _run(wayback.archive_all(wanted, settings, keys, wait, progress))

    def _remembered_failure(self, url: str) -> FetchError | None:
        failure = None if self.refresh or self.cache is None else self.cache.failure(url)
        if failure is not None and failure.kind == "private" and self.settings.allow_private_addresses:
            return None  # refused by a setting the user has since changed, as its message asked
        return failure


def _run(coroutine):
    """Run the network half's coroutine; asyncio is imported here, as a warm build never needs it."""
    import asyncio

    return asyncio.run(coroutine)
