"""Provider adapters: sites with an API that knows more than their pages say.

Each adapter is one small module. Most answer *before* the page, by URL:

    matches(url) -> bool                        does this adapter know the link?
    async fetch(fetcher, url) -> Metadata       ask the service (raise FetchError for a definite no)
    needs_page(meta) -> bool                    should the page itself still fill the gaps?
    async refine(fetcher, url, meta) -> Metadata   optional: called with the merged metadata
                                                after the page was read (YouTube: the page's
                                                "author" is the channel)

Some can only answer *after* the page, from what it says (a podcast episode's page names its
feed). They have:

    wants(url, meta) -> bool                    given the page's metadata
    async refine(fetcher, url, meta) -> Metadata

Providers are plugins (`newsletter.plugins`): the built-ins are listed under the entry-point
group `newsletter.providers` in pyproject.toml, exactly as a third-party package lists its own.
Where links overlap, a lower `priority` (default 50) is asked first: arXiv's PDFs go to the
arXiv API, not to the PDF reader (priority 90). Each module's docstring says what it gives and
how its failures degrade (usually: to the page's own metadata).

The registry loads every adapter to ask `matches` before a cold build's first request can
leave, so an adapter imports what reads an answer (`values`, `depth`, xml) where it reads one:
those imports, ~30 ms of a core at module level, are made while the requests are in flight,
or never, when no link is one of theirs.
"""

from __future__ import annotations

import functools

from newsletter import plugins

DEFAULT_PRIORITY = 50  # a provider's `priority`: lower asks first where links overlap


# Both lists are made once, as the registry is read once (`plugins.registered`): `find` runs for
# each link of a cold month on the event loop, before its request can leave, and sorting the
# adapters again each time was a fifth of it.
@functools.cache
def adapters() -> list:
    """Every provider that answers by URL, in the order they are asked."""
    found = [p for p in plugins.registered(plugins.PROVIDERS).values() if hasattr(p, "matches")]
    return sorted(found, key=lambda p: getattr(p, "priority", DEFAULT_PRIORITY))


@functools.cache
def later_steps() -> list:
    """Every provider that answers only after the page was read (`wants`, `refine`)."""
    return [p for p in plugins.registered(plugins.PROVIDERS).values() if hasattr(p, "wants")]


def find(url: str):
    """The first adapter that knows this URL, or None."""
    for adapter in adapters():
        if adapter.matches(url):
            return adapter
    return None


def follow_ups(provider, url: str, meta) -> list:
    """What refines the metadata once the page was read: the link's own adapter, if it has a
    `refine` hook, then every follow-up that wants this page."""
    steps = [provider] if hasattr(provider, "refine") else []
    return steps + [step for step in later_steps() if step is not provider and step.wants(url, meta)]
