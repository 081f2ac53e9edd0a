"""Commands for what comes from elsewhere: import, meta."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.common import Day, command, root_of, say, workspace_of, workspace_option


@command(name="import", short_help="Draft entries from an export, a service, a feed or OPML.")
@click.argument("source", metavar="[FILE_OR_FEED_URL]", required=False)
@click.option(
    "--from",
    "service",
    metavar="SERVICE",
    default=None,
    help="Pull from a service's API: readwise, raindrop, hypothesis, linkding or zotero.",
)
@click.option("--type", "type_", default=None, metavar="TYPE", help="The entries' type (default: guessed per item).")
@click.option(
    "--since", type=Day(), default=None, help="Only items saved, read or published on or after this date (YYYY-MM-DD)."
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Write at most N entries (per feed).")
@click.option("--section", default=None, help="Feeds: the section heading the entries go under.")
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@click.option("--include-unread", is_flag=True, help="Also items saved but marked unread.")
@click.option("--offline", is_flag=True, help="Accepted: importing a file never fetches anything.")
@workspace_option
def import_(source, service, type_, since, limit, section, dry_run, include_unread, offline, workspace):
    """Write draft entries for what is new in an export file, a service, a feed or an OPML file.

    FILE is recognised by its content: browser/Pinboard/Raindrop/Pocket bookmark HTML, Pocket
    CSV or zip, Instapaper CSV, Omnivore zip or JSON, Raindrop.io CSV, Pinboard JSON, Readwise
    CSV, Kindle's My Clippings.txt, Goodreads or The StoryGraph library CSV, CSL-JSON, BibTeX,
    Hypothesis JSON, or an RSS/Atom feed or OPML file.
    --from pulls from an API with a token from the environment. Highlights become quotes; books
    read become book entries in the month they were finished.
    It is a sync: items already in the log are skipped (new highlights are added at the end of
    entries import made). Nothing is fetched: metadata comes at build time.

    Example:

        newsletter import ~/Downloads/pocket.zip --since 2024-01-01

        newsletter import ~/Downloads/goodreads_library_export.csv

        READWISE_TOKEN=… newsletter import --from readwise --dry-run

        newsletter import https://talkpython.fm/episodes/rss --since 2022-04-01
    """
    from newsletter.commands.imports_sync import run

    run(
        root_of(workspace),
        source,
        service,
        kind=type_,
        since=since and since.date(),
        limit=limit,
        section=section,
        dry_run=dry_run,
        include_unread=include_unread,
        offline=offline,
        echo=click.echo,
        say=say,
    )


@command(short_help="Show the metadata of one link as JSON.")
@click.argument("url", required=False)
@click.option(
    "--url", "page_url", default=None, metavar="URL", help="With --html: the address the page was saved from."
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read this saved page instead of fetching (no network).",
)
@click.option("--refresh", is_flag=True, help="Fetch again, ignoring the cache.")
@workspace_option
def meta(url, page_url, html_file, refresh, workspace):
    """Print the metadata of one link as JSON: what an entry for it would show.

    Fetches URL the way `build` does (provider APIs, then the page; from the workspace's
    cache unless --refresh), or reads a saved page with --html FILE --url URL, so you can
    see why an entry got its title. Outside a workspace, default settings and no cache.

    Example:

        newsletter meta https://www.youtube.com/watch?v=z-WSrQDXkuM

        newsletter meta --html saved.html --url https://example.com/post
    """
    import dataclasses
    import json

    from newsletter.commands.meta import link_metadata
    from newsletter.errors import NewsletterError

    if url and page_url and url != page_url:
        raise NewsletterError(f"Two different URLs given ({url} and --url {page_url}); give one.")
    found = link_metadata(url or page_url, html_file, workspace_of(workspace), refresh)
    click.echo(json.dumps(dataclasses.asdict(found), indent=2, ensure_ascii=False))
