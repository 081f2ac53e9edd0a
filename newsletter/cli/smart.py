"""The commands of the local model (the smart extra): index, search, related, sections, quotes.

Options only, like the other command modules; each calls one core function in commands/ and
prints. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from newsletter.cli.common import command, progress_line, root_of, workspace_of, workspace_option


def width() -> int:
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000


@command(short_help="Build or update the local index of the whole log.")
@workspace_option
def index(workspace):
    """Build or update the index of every entry under .newsletter/ (only changed entries are re-read).

    search, related and the build's neighbours use it; they update it themselves when files
    were added, removed or renamed, and this checks every file. Needs: pip install 'newsletter[smart]'

    Example:

        newsletter index
    """
    from newsletter.commands.index import index as update

    stats = update(root_of(workspace), progress_line("Indexing"))
    how = "built" if stats.rebuilt else "updated"
    click.echo(  # what it did, its one result: stdout, as send's (stderr is for what went wrong)
        f"Index {how}: {stats.entries} entries, {stats.embedded} embedded, {stats.removed} removed"
        + (f", {stats.unreadable} unreadable (see `newsletter check`)" if stats.unreadable else "")
        + "."
    )


@command(short_help="Find entries across the whole log, by words and by meaning.")
@click.argument("query", nargs=-1, required=True)
@click.option("-n", "--limit", type=click.IntRange(1), default=10, show_default=True, help="How many to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON on stdout.")
@workspace_option
def search(query, limit, as_json, workspace):
    """Find entries across the whole log that match QUERY by words (BM25) or by meaning (local model).

    Prints title, date, type and why each matched. Needs: pip install 'newsletter[smart]'

    Example:

        newsletter search bayesian inference at scale
    """
    from newsletter.commands.index import workspace as root_near
    from newsletter.commands.search import as_json as json_of
    from newsletter.commands.search import as_table
    from newsletter.commands.search import search as find

    hits = find(root_near(workspace_of(workspace)), " ".join(query), limit)
    if as_json:
        click.echo(json_of(hits))
    elif hits:
        click.echo(as_table(hits, width()))
    else:
        click.echo("Nothing matches.", err=True)


@command(short_help="List past entries related to an entry, a link or some text.")
@click.argument("target", metavar="ENTRY_FILE|URL|TEXT")
@click.option("-n", "--limit", type=click.IntRange(1), default=10, show_default=True, help="How many to show.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON on stdout.")
@workspace_option
def related(target, limit, as_json, workspace):
    """List the entries most related to ENTRY_FILE|URL|TEXT: an entry, an entry's link, or any text.

    Needs: pip install 'newsletter[smart]'

    Example:

        newsletter related entries/2020/07/jax.md
    """
    from newsletter.commands.index import workspace as root_near
    from newsletter.commands.search import as_json as json_of
    from newsletter.commands.search import as_table
    from newsletter.commands.search import related as near

    what, hits = near(root_near(workspace_of(workspace)), target, limit)
    if as_json:
        click.echo(json_of(hits))
        return
    click.echo(f"Related to {what}:", err=True)
    click.echo(as_table(hits, width()) if hits else "Nothing in the log is related to it.")


@command(short_help="Propose sections for an edition, named in its entries' words.")
@click.argument("period", required=False, metavar="[PERIOD]")
@click.option("--write", is_flag=True, help="Set `section:` in each entry (that line only).")
@click.option("--count", type=click.IntRange(1), default=None, help="How many sections (default: by size).")
@click.option("--drafts", is_flag=True, help="Include entries marked `draft: true`, as `build --drafts` does.")
@workspace_option
def sections(period, write, count, drafts, workspace):
    """Propose how to group PERIOD's entries into sections, with names, for review.

    With --write, set `section:` in each entry's front matter; nothing else in it changes.
    Needs: pip install 'newsletter[smart]'

    Example:

        newsletter sections 2021-02 --write
    """
    from newsletter.commands.sections import as_text
    from newsletter.commands.sections import sections as propose
    from newsletter.config import counted

    root = root_of(workspace)
    period, proposals, written = propose(root, period, write=write, size=count, drafts=drafts)
    click.echo(as_text(proposals, root, Path.cwd()))
    if write:
        click.echo(f"Set the section of {counted(len(written), 'entry', 'entries')}.", err=True)
    else:
        click.echo(f"Review them, then `newsletter sections {period.key} --write` to set them.", err=True)


@command(short_help="Draft the key passages of a long text or page as quotes.")
@click.argument("source", metavar="FILE|URL")
@click.option("-n", "--count", type=click.IntRange(1), default=10, show_default=True, help="How many quotes.")
@workspace_option
def quotes(source, count, workspace):
    """Draft the key passages of FILE|URL (a transcript, an article, a thread, a PDF) as Markdown quotes.

    Extractive and offline: every quote is the text's own words, with its line and how far
    through the text it is. Needs: pip install 'newsletter[smart]'

    Example:

        newsletter quotes episode-359-transcript.txt
    """
    from newsletter.commands.quotes import quotes_markdown

    click.echo(quotes_markdown(workspace_of(workspace) or Path.cwd(), source, count))


COMMANDS = (index, search, related, sections, quotes)
