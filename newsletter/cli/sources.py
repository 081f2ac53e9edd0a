"""Commands for what comes from elsewhere: import, meta."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.common import root_of, say, workspace_of, workspace_option


@click.command(name="import", short_help="Write draft entries from a feed or an OPML file of feeds.")
@click.argument("source", metavar="FEED_URL_OR_FILE")
@click.option("--type", "type_", default=None, metavar="TYPE",
              help="The entries' type (default: guessed per item: podcast, video, paper or article).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only items published on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Write at most N entries per feed.")
@click.option("--section", default=None, help="The section heading the entries go under.")
@workspace_option
def import_(source, type_, since, limit, section, workspace):
    """Write draft entries for the new items of an RSS/Atom feed, or of every feed in an OPML file.

    Each stub holds the item's type, link, date, title, authors and its summary as a quoted
    note to edit, with `draft: true`. Items whose link already has an entry are skipped, so
    running it again writes nothing new. An undated item is dated today; one with an
    unreadable or future date too, with a warning.

    Example:

        newsletter import https://talkpython.fm/episodes/rss --since 2022-04-01
    """
    from newsletter.commands.imports import import_feed
    from newsletter.config import shown
    from newsletter.errors import NewsletterError

    results = import_feed(root_of(workspace), source, kind=type_, since=since and since.date(), limit=limit,
                          section=section, on_write=lambda path: click.echo(shown(path)))
    for result in results:
        for warning in result.warnings:
            say(f"warning: {warning}", fg="yellow")
        if result.error:
            say(f"warning: {result.error}", fg="yellow")
        else:
            say(result.summary())
    failed = [r for r in results if r.error]
    if failed:
        raise NewsletterError(f"{len(failed)} of {len(results)} feeds in {source} could not be imported "
                              "(listed above).")


@click.command(short_help="Show the metadata of one link as JSON.")
@click.argument("url", required=False)
@click.option("--url", "page_url", default=None, metavar="URL",
              help="With --html: the address the page was saved from.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Read this saved page instead of fetching (no network).")
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
