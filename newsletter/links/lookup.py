"""How one link's metadata is found on the web: provider adapters, then the page itself.

The network half of the enrich stage, imported only when some link is not in the cache, so a
warm build never loads the HTTP client or the HTML parser.
"""

from __future__ import annotations

import asyncio

from newsletter.config import Settings
from newsletter.errors import FetchError
from newsletter.links import providers, untrusted
from newsletter.links.extract import extract_metadata
from newsletter.links.fetch import Fetcher, Page, make_client
from newsletter.links.providers import pdf
from newsletter.models import Metadata


async def fetch_metadata(fetcher: Fetcher, url: str) -> Metadata:
    """One link's metadata: the provider's answer, gaps filled from the page itself, then
    refined by what needs the page first (a podcast's feed, which the page names).

    Everything fetched is untrusted: it leaves here sanitised and clamped, in one place.
    """
    return untrusted.metadata(await _gather(fetcher, url))


async def _gather(fetcher: Fetcher, url: str) -> Metadata:
    provider = providers.find(url)
    if provider is not None:
        meta = await provider.fetch(fetcher, url)
        if not provider.needs_page(meta):
            return meta
    else:
        meta = Metadata()
    try:
        page = await fetcher.get(url)
    except FetchError:
        if meta.title is None:
            raise
        return meta  # the provider's answer stands: the page would only have added to it
    # Parsing is CPU work: in a thread, so the other links' fetches go on meanwhile.
    meta = meta.merged_over(await asyncio.to_thread(page_metadata, page, url))
    for step in providers.follow_ups(provider, url, meta):
        meta = await step.refine(fetcher, url, meta)
    return meta


def page_metadata(page: Page, url: str) -> Metadata:
    """What a fetched page says about itself: HTML is extracted, a PDF read as one."""
    if pdf.is_pdf(page.content_type, page.body):  # a PDF behind a link that did not look like one
        return pdf.from_pdf(page.body, page.url)
    if page.text is None:
        raise FetchError(url, f"not a web page ({page.content_type or 'unknown type'})")
    return extract_metadata(page.text, page.url)


async def fetch_all(urls: list[str], settings: Settings, progress) -> tuple[dict[str, Metadata | FetchError], bool]:
    """Each URL's metadata or failure (in the order they finished), and whether the network
    was down (no host could be reached at all)."""
    results: dict[str, Metadata | FetchError] = {}
    async with make_client(settings.fetch) as client:
        fetcher = Fetcher(client, settings.fetch)

        async def one(url: str) -> None:
            try:
                results[url] = await fetch_metadata(fetcher, url)
            except FetchError as error:
                results[url] = error
            if progress:
                progress(len(results), len(urls))

        await asyncio.gather(*(one(url) for url in urls))
    return results, fetcher.cut_off([r for r in results.values() if isinstance(r, FetchError)])
