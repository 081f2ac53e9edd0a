"""Provider adapters: sites with an API that knows more than their pages say.

Each adapter is one small module with `matches(url) -> bool`, `async fetch(fetcher, url)
-> Metadata` and `needs_page(meta) -> bool` (whether the page itself should still be read to
fill gaps). Adding a provider is adding a module and listing it here.
"""

from __future__ import annotations

ADAPTERS: list = []


def find(url: str):
    """The first adapter that knows this URL, or None."""
    for adapter in ADAPTERS:
        if adapter.matches(url):
            return adapter
    return None
