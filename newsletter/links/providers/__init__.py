"""Provider adapters: sites with an API that knows more than their pages say.

Each adapter is one small module. Most answer *before* the page, by URL:

    matches(url) -> bool                        does this adapter know the link?
    async fetch(fetcher, url) -> Metadata       ask the service (raise FetchError for a definite no)
    needs_page(meta) -> bool                    should the page itself still fill the gaps?
    async refine(fetcher, url, meta) -> Metadata   optional: called with the merged metadata
                                                after the page was read (YouTube: the page's
                                                "author" is the channel)

Some can only answer *after* the page, from what it says (a podcast episode's page names its
feed). They are listed in FOLLOW_UPS and have:

    wants(url, meta) -> bool                    given the page's metadata
    async refine(fetcher, url, meta) -> Metadata

Adding a provider is adding a module and listing it below. Each module's docstring says what
it gives and how its failures degrade (usually: to the page's own metadata).
"""

from __future__ import annotations

from newsletter.links.providers import arxiv, doi, github, pdf, podcast, twitter, vimeo, youtube

# Order matters where links overlap: arXiv's PDFs go to the arXiv API, not to the PDF reader.
ADAPTERS: list = [youtube, vimeo, arxiv, github, doi, twitter, pdf]
FOLLOW_UPS: list = [podcast]


def find(url: str):
    """The first adapter that knows this URL, or None."""
    for adapter in ADAPTERS:
        if adapter.matches(url):
            return adapter
    return None


def follow_ups(provider, url: str, meta) -> list:
    """What refines the metadata once the page was read: the link's own adapter, if it has a
    `refine` hook, then every follow-up that wants this page."""
    steps = [provider] if hasattr(provider, "refine") else []
    return steps + [step for step in FOLLOW_UPS if step is not provider and step.wants(url, meta)]
