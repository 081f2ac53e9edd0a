"""`newsletter meta`: one link's metadata, as the build would see it."""

from __future__ import annotations

from pathlib import Path

from newsletter import config
from newsletter.errors import FetchError, NewsletterError
from newsletter.models import Metadata


def link_metadata(url: str | None, html_file: Path | None, workspace: Path | None, refresh: bool) -> Metadata:
    """`newsletter meta`: one link's metadata, from a saved page (no network) or from the web.

    From the web, inside a workspace: its [fetch] settings and its cache (unless `refresh`),
    and the answer is cached. Outside one: default settings, and no cache is written.
    """
    if html_file is not None:
        if not url:
            raise NewsletterError(
                "--html needs --url, the address the page was saved from (its relative links resolve against it)."
            )
        from newsletter.links.extract import extract_metadata

        try:
            html = html_file.read_bytes()
        except OSError as error:
            raise NewsletterError(f"Cannot read {html_file}: {error.strerror or error}.")
        from newsletter.links import untrusted

        return untrusted.metadata(extract_metadata(html, url))  # a saved page is as untrusted as a fetched one
    if not url:
        raise NewsletterError("Give a URL, or --html FILE --url URL for a saved page.")
    if not url.startswith(("http://", "https://")):
        raise NewsletterError(f"'{url}' is not a web address; give the full link, like https://example.com/page")
    try:
        root = config.find_root(workspace or Path.cwd())
    except NewsletterError:
        if workspace is not None:
            raise
        root = None  # outside any workspace: default settings, and nothing written
    settings = config.load(root) if root else None
    from newsletter.links import Links

    fetch, state_dir = (settings.fetch, settings.state_dir) if settings else (config.Fetch(), None)
    try:
        with Links(fetch, state_dir, refresh=refresh) as links:
            return links.one(url)
    except FetchError as error:
        raise NewsletterError(f"Could not fetch {url}: {error.reason}")
