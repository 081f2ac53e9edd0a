"""arXiv papers: the arXiv API's Atom feed, read with feedparser.

    https://export.arxiv.org/api/query?id_list=1706.03762

- Links: arxiv.org (and www., export.) /abs/ID, /pdf/ID, /pdf/ID.pdf, /html/ID, versioned
  (2101.00001v2) and old-style ids (hep-th/9901001, math.GT/0309136v1). The version asked for
  is the one fetched (titles change between versions); `url` (the abs page) and
  extras["arxiv_id"] are without it.
- Gives: the title (whitespace collapsed), every author, the abstract (as the description,
  cut, and whole in extras["abstract"]), `published` = the first version's date (the feed's
  <published>; <updated> is the version's), arxiv:primary_category, arxiv:doi, the journal
  reference and the PDF link. No image: the page's is arXiv's logo.
- The page is never needed.

Failures: the API reports a bad id as a feed whose one entry is titled "Error": with HTTP 400
that is FetchError "arXiv: the API does not accept the id ..." (the fetcher keeps no error
bodies), with 200 "arXiv: <its message>". A well-formed id that does not exist gives no entry
(or, as the API sometimes does, an empty one): FetchError "no such paper". Anything else (a
5xx, a timeout) falls back to the abs page, which carries citation_* tags the extractor reads.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from newsletter.errors import FetchError
from newsletter.links import readers
from newsletter.links.fetch import Fetcher
from newsletter.links.providers.common import FEEDS, failed, parse_feed, status, text_of, web_url
from newsletter.links.untrusted import truncate
from newsletter.links.urls import arxiv_paper
from newsletter.models import Metadata

API = "https://export.arxiv.org/api/query"
ABS = "https://arxiv.org/abs/"  # the papers' pages
SITE = "arXiv"


def paper_id(url: str) -> tuple[str, str] | None:
    """(id without version, version or "") of an arXiv link, or None."""
    return arxiv_paper(url)


def matches(url: str) -> bool:
    return paper_id(url) is not None


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    arxiv_id, version = paper_id(url)
    abs_url = f"{ABS}{arxiv_id}"
    try:
        page = await fetcher.get(f"{API}?{urlencode({'id_list': arxiv_id + version})}", head_only=False, accept=FEEDS)
    except FetchError as error:
        if status(error) == 400:
            raise FetchError(url, f"arXiv: the API does not accept the id {arxiv_id}{version}") from None
        return await _from_abs_page(fetcher, url, abs_url + version, error)
    from newsletter.links.date_values import parse_date  # (here: see providers/__init__.py)
    from newsletter.links.values import clean_text

    feed = await asyncio.to_thread(parse_feed, page.body)  # parsing: off the event loop
    if feed.bozo and type(feed.bozo_exception).__name__ == "DeclaresEntities":
        raise FetchError(url, f"the feed at {page.url} declares XML entities, which no feed needs: not read")
    entry = feed.entries[0] if feed.entries else None
    if entry is None or not entry.get("title"):
        raise FetchError(url, f"arXiv: no such paper {arxiv_id}{version}")
    if "/api/errors" in entry.get("id", "") or entry.get("title") == "Error":
        raise FetchError(url, f"arXiv: {clean_text(entry.get('summary')) or 'the API reported an error'}")
    abstract = clean_text(entry.get("summary"))
    extras = {
        "arxiv_id": arxiv_id,
        "abstract": abstract,
        "primary_category": text_of((entry.get("arxiv_primary_category") or {}).get("term")),
        "doi": text_of(entry.get("arxiv_doi")),
        "journal": text_of(entry.get("arxiv_journal_ref")),
        "pdf_url": next(
            (web_url(link.get("href")) for link in entry.get("links", []) if link.get("title") == "pdf"), None
        ),
    }
    return Metadata(
        url=abs_url,
        title=clean_text(entry.get("title")),
        authors=[name for a in entry.get("authors", []) if (name := text_of(a.get("name")))],
        site_name=SITE,
        published=parse_date(entry.get("published")),
        description=truncate(abstract),
        kind="paper",
        extras={k: v for k, v in extras.items() if v},
    )


def needs_page(meta: Metadata) -> bool:
    return False


async def _from_abs_page(fetcher: Fetcher, url: str, abs_url: str, api_error: FetchError) -> Metadata:
    try:
        page = await fetcher.get(abs_url)
    except FetchError:
        raise failed(url, "arXiv API", api_error) from None
    if page.text is None:
        raise failed(url, "arXiv API", api_error)
    # Read as every other page is: in a worker process, held to its memory and time (a
    # redirect may have led anywhere), and without loading the extractor into this process
    async with fetcher.parsing:
        meta = await readers.READERS.read(page, url, fetcher.settings.timeout)
    meta.kind = meta.kind or "paper"
    return meta
