"""Commands for writing the log: init, new, capture, list, check, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsletter.cli.common import PERIOD, Day, command, progress_line, root_of, say, workspace_option


@command(short_help="Create a new workspace: settings, a sample entry, a Hugo site.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--name", default=None, show_default="My Reading Notes, in the --language given", help="The newsletter's name."
)
@click.option("--author", default="", help="Your name, for the sign-off.")
@click.option(
    "--editor",
    "editor_setups",
    multiple=True,
    type=click.Choice(["vscode", "obsidian"]),
    help="Set up an editor too: vscode (Front Matter CMS) or obsidian (templates). "
    "In an existing workspace, adds only that.",
)
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    help='Your time zone, e.g. "Europe/Berlin": the day each entry and post is dated in.',
)
@click.option(
    "--cadence",
    type=click.Choice(["monthly", "weekly"], case_sensitive=False),
    default="monthly",
    show_default=True,
    help="The edition build and send make without a PERIOD.",
)
@click.option(
    "--language",
    default=None,
    help='The language you write in, e.g. "fr", "de-AT", "pt-BR": the settings\' words, titles and site in it.',
)
def init(folder, name, author, editor_setups, timezone, cadence, language):
    """Create a new workspace in FOLDER: settings, a sample entry, a Hugo site, JSON Schemas.

    Example:

        newsletter init ~/reading --name "Data Science Programming" --author Eric

        newsletter init ~/lesen --language de-AT --timezone Europe/Vienna --cadence weekly

        newsletter init --editor vscode
    """
    from click.core import ParameterSource

    from newsletter.commands.init import init as make_workspace
    from newsletter.commands.init import next_steps, set_up_folder

    source = click.get_current_context().get_parameter_source
    # (not --language: in an existing workspace one not its own is refused, its own is used)
    given = [name for name in ("name", "author", "timezone", "cadence") if source(name) is ParameterSource.COMMANDLINE]
    folder = set_up_folder(folder, editor_setups)
    paths = make_workspace(
        folder, name, author or "Me", None, editor_setups, timezone=timezone, cadence=cadence.lower(), language=language
    )
    for path in paths:
        click.echo(path)
    zoned = timezone != "UTC"  # Kofi gave his; told to set it all the same
    said = next_steps(
        folder, paths, editor_setups, author_named=bool(author), language=language, zoned=zoned, given=given
    )
    say(said, fg="green")


@command(short_help="Write a new entry for a link and open it in your editor.")
@click.argument("type_", metavar="TYPE")
@click.argument("url", required=False, default="")
@click.option("--date", "day", type=Day(), default=None, help="When you read it (default: today).")
@click.option("--edit/--no-edit", default=None, help="Open the new file in $EDITOR (default: when run at a terminal).")
@click.option("--offline", is_flag=True, help="Do not fetch the link's metadata.")
@click.option("--force", is_flag=True, help="Write the entry even if the link already has one.")
@click.option("--quotes", is_flag=True, help="Draft the page's key passages under the notes (smart extra).")
@workspace_option
def new(type_, url, day, edit, offline, force, quotes, workspace):
    """Write a new entry for URL, prefilled from the link's metadata, and open it in $EDITOR.

    TYPE is one of talk, paper, tool, article, podcast, video, book, course, thread, mine; or
    auto, to type it from the link as import and capture do (`newsletter new URL` is the same).

    Example:

        newsletter new talk https://www.youtube.com/watch?v=z-WSrQDXkuM

        newsletter new https://arxiv.org/abs/1706.03762
    """
    from newsletter.commands.new import new_entry
    from newsletter.config import shown
    from newsletter.errors import NewsletterError

    path, warnings = new_entry(
        root_of(workspace), type_, url, day.date() if day else None, offline, force, quotes=quotes
    )
    for warning in warnings:
        say(f"warning: {warning}", fg="yellow")
    click.echo(shown(path))
    if edit is None:  # a script, a pipe or a cron job has no one to type: an editor would wait forever
        edit = sys.stdin.isatty() and sys.stdout.isatty()
    if edit:
        try:
            click.edit(filename=str(path))
        except click.ClickException as error:
            raise NewsletterError(
                f"Wrote {shown(path)}, but the editor did not start ({error.format_message()}); "
                "open the file yourself, or set $EDITOR (or use --no-edit)."
            )


@command(short_help="Capture links from the browser with a bookmarklet.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port on 127.0.0.1 (default: `port` in [capture], 8767).",
)
@click.option("--bookmarklet", "only_bookmarklet", is_flag=True, help="Print only the bookmarklet, and exit.")
@click.option("--offline", is_flag=True, help="Do not fetch the links' metadata (the build does, later).")
@workspace_option
def capture(port, only_bookmarklet, offline, workspace):
    """Run a local endpoint on 127.0.0.1 that turns a bookmarklet click into a draft entry.

    Bookmark the printed `javascript:` link; clicked on a page, it saves the page (and your
    selection, quoted) as a draft for this month, typed and prefilled from its link. The same
    page again adds the new selection to that draft. Only this workspace's token is accepted.

    Example:

        newsletter capture --bookmarklet      (once: copy it into a bookmark)
        newsletter capture                    (leave running while you read)
    """
    from newsletter.commands.capture import run

    run(root_of(workspace), port, offline, only_bookmarklet, say, click.echo)


@command(name="list", short_help="List the entries of an edition.")
@PERIOD
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Show draft entries too.")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON on stdout.")
@workspace_option
def list_(period, drafts, as_json, workspace):
    """List the entries of an edition as a table (default: the current edition).

    PERIOD is a month (2021-02) or a week (2020-W28). Files that do not read as
    entries are listed too, marked INVALID, with what is wrong.

    Example:

        newsletter list 2021-02
    """
    import shutil
    import sys

    from newsletter.commands.list import list_entries
    from newsletter.config import counted

    listing = list_entries(root_of(workspace), period, drafts)
    if as_json:
        click.echo(listing.as_json())
        return
    # Fit a terminal; piped into another program, keep every character.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    click.echo(listing.as_table(width))
    if listing.invalid:
        say(
            f"{counted(len(listing.invalid), 'file')} cannot be read as entries; "
            f"`newsletter check {listing.period.key}` says how to fix each.",
            fg="yellow",
        )
    if listing.copies:
        say(f"{counted(len(listing.copies), 'copy')} of an entry beside it left out, as the build leaves them out.")


@command(short_help="Check an edition before publishing: entries, links, size.")
@PERIOD
@click.option("--offline", is_flag=True, help="Skip the link checks: no network.")
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too (for CI).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on stdout.")
@click.option("--drafts", is_flag=True, help="Check entries marked `draft: true` too.")
@click.option("--all", "every", is_flag=True, help="List every edition's dead links and their archived copies.")
@workspace_option
def check(period, offline, strict, as_json, drafts, every, workspace):
    """Check the entries of PERIOD before publishing (default: the current edition), or
    of the edition an entry's file is in (from an editor: `newsletter check %` in Vim).

    Validates every entry, checks every link is alive (HEAD, then GET), and flags links
    shared in an earlier edition, tracking parameters, http:// links with a working
    https:// twin, dates in the future, missing notes, entries in the wrong month's
    folder, and an email over the size budget.

    Errors (exit 1): invalid entries, dead links (404, 410, unknown host, refused
    connection, redirect loop). Everything else is a warning (exit 0 unless --strict),
    including links that time out or answer 403/5xx: they may be fine for readers.

    Example:

        newsletter check 2021-02 --strict

        newsletter check --all

        newsletter check entries/2021/02/ml-ops-org.md
    """
    from newsletter.commands.check import check as run_check
    from newsletter.commands.entry_edition import period_of

    if every:  # the archive files only: no network
        from newsletter.commands.check import dead_json, dead_lines, dead_report

        found, summary = dead_report(root_of(workspace), period)
        if as_json:  # as the editions' findings: data on stdout, whatever else asks for it
            click.echo(dead_json(found))
        else:
            click.echo("".join(f"{line}\n" for line in dead_lines(found)), nl=False)
        return say(summary)
    period = period_of(root_of(workspace), period) or period  # an entry's file: its edition
    report = run_check(
        root_of(workspace), period, offline=offline, drafts=drafts, progress=progress_line("Checking links")
    )
    if as_json:
        click.echo(report.as_json())
    elif report.findings:
        click.echo(report.as_text())
    say(report.summary(), fg="red" if report.errors else "yellow" if report.warnings else "green")
    if report.failed(strict):
        raise SystemExit(1)


@command(short_help="Print the JSON Schema of an entry or of the settings, for editors.")
@click.argument("kind", type=click.Choice(["entry", "settings"]))
def schema(kind):
    """Print the JSON Schema (draft 2020-12) of an entry's front matter or of newsletter.toml.

    Made from the rules `build` applies, so your editor warns about what a build would refuse.

    Example:

        newsletter schema entry > schemas/entry.schema.json
    """
    from newsletter.commands.schema import schema_text

    click.echo(schema_text(kind), nl=False)
