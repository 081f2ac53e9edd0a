"""The `newsletter` command. Each command parses options, calls one core function, prints.

The core is imported inside each command so that `newsletter --help` starts instantly.
Messages go to stderr; data (tables, paths, JSON) to stdout.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from newsletter import __version__

PERIOD = click.argument("period", required=False, metavar="[PERIOD]")


def workspace_option(command):
    return click.option(
        "-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="The workspace folder (default: the one holding the current folder).",
    )(command)


def _root(workspace: Path | None) -> Path:
    """The workspace: `-w` after the command, else `-w` before it, else the current folder's."""
    from newsletter.config import find_root

    return find_root(_workspace(workspace) or Path.cwd())


def _workspace(workspace: Path | None) -> Path | None:
    """`-w` after the command, else `-w` before it (`newsletter -w DIR list`)."""
    context = click.get_current_context(silent=True)
    return workspace or (context.find_root().params.get("workspace") if context else None)


def _say(message: str = "", **style) -> None:
    # secho without a style would still send an ANSI reset to the terminal
    if style:
        click.secho(message, err=True, **style)
    else:
        click.echo(message, err=True)


class InOrderOfTheDay(click.Group):
    """Lists commands in the order an author uses them, not alphabetically."""

    day = ("init", "new", "list", "check", "build", "preview", "send", "import", "meta")

    def list_commands(self, ctx):
        known = [name for name in self.day if name in self.commands]
        return known + [name for name in self.commands if name not in known]


@click.group(cls=InOrderOfTheDay, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsletter")
@click.option("-w", "--workspace", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The workspace folder, for every command (default: the one holding the current folder).")
def main(workspace):
    """Turn a reading log into a Hugo "What I read" post and an email newsletter.

    Keep one Markdown file per thing you read in entries/YYYY/MM/, then run
    `newsletter build` once a month (or week).
    """


@main.command(short_help="Create a new workspace: settings, a sample entry, a Hugo site.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default="My Reading Notes", show_default=True, help="The newsletter's name.")
@click.option("--author", default="", help="Your name, for the sign-off.")
def init(folder, name, author):
    """Create a new workspace in FOLDER: settings, a sample entry and a Hugo site.

    Example:

        newsletter init ~/reading --name "Data Science Programming" --author Eric
    """
    from newsletter.commands.init import init as make_workspace
    from newsletter.commands.init import next_steps

    paths = make_workspace(folder, name, author or "Me", dt.date.today())
    for path in paths:
        click.echo(path)
    _say(next_steps(folder), fg="green")


@main.command(short_help="Write a new entry for a link and open it in your editor.")
@click.argument("type_", metavar="TYPE")
@click.argument("url", required=False, default="")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="When you read it (default: today).")
@click.option("--edit/--no-edit", default=True, show_default=True, help="Open the new file in $EDITOR.")
@click.option("--offline", is_flag=True, help="Do not fetch the link's metadata.")
@click.option("--force", is_flag=True, help="Write the entry even if the link already has one.")
@workspace_option
def new(type_, url, day, edit, offline, force, workspace):
    """Write a new entry for URL, prefilled from the link's metadata, and open it in $EDITOR.

    TYPE is one of talk, paper, tool, article, podcast, video, book, course, thread, mine.

    Example:

        newsletter new talk https://www.youtube.com/watch?v=z-WSrQDXkuM
    """
    from newsletter.commands.new import new_entry
    from newsletter.config import shown
    from newsletter.errors import NewsletterError

    path, warning = new_entry(_root(workspace), type_, url, (day or dt.datetime.now()).date(), offline, force)
    if warning:
        _say(f"warning: {warning}", fg="yellow")
    click.echo(shown(path))
    if edit:
        try:
            click.edit(filename=str(path))
        except click.ClickException as error:
            raise NewsletterError(f"Wrote {shown(path)}, but the editor did not start ({error.format_message()}); "
                                  "open the file yourself, or set $EDITOR (or use --no-edit).")


@main.command(name="list", short_help="List the entries of an edition.")
@PERIOD
@click.option("--drafts/--no-drafts", default=True, show_default=True, help="Show draft entries too.")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON on stdout.")
@workspace_option
def list_(period, drafts, as_json, workspace):
    """List the entries of an edition as a table (default: this month).

    PERIOD is a month (2021-02) or a week (2020-W28). Files that do not read as
    entries are listed too, marked INVALID, with what is wrong.

    Example:

        newsletter list 2021-02
    """
    import shutil
    import sys

    from newsletter.commands.list import list_entries
    from newsletter.config import counted

    listing = list_entries(_root(workspace), period, drafts)
    if as_json:
        click.echo(listing.as_json())
        return
    # Fit a terminal; piped into another program, keep every character.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 10_000
    click.echo(listing.as_table(width))
    if listing.invalid:
        _say(f"{counted(len(listing.invalid), 'file')} cannot be read as entries; "
             f"`newsletter check {listing.period.key}` says how to fix each.", fg="yellow")


@main.command(short_help="Build the Hugo post and the email edition.")
@PERIOD
@click.option("--offline", is_flag=True, help="Use only cached metadata and what the entries say.")
@click.option("--refresh", is_flag=True, help="Refetch every link's metadata, ignoring the cache.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any link could not be fetched (for CI).")
@click.option("--drafts", is_flag=True, help="Include entries marked `draft: true`.")
@click.option("--all", "every", is_flag=True, help="Rebuild every edition, side by side (after a template change).")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Processes for --all (default: one per core).")
@click.option("--json", "as_json", is_flag=True,
              help="Print what was written, the warnings and the failed links as JSON on stdout.")
@workspace_option
def build(period, offline, refresh, strict, drafts, every, jobs, as_json, workspace):
    """Build the Hugo post and the email edition of PERIOD (default: this month).

    PERIOD is a month (2021-02) or a week (2020-W28). Writes
    site/content/posts/<slug>/index.md and dist/<PERIOD>/newsletter.{html,txt,eml}.
    With --all, every month that has entries (and every week built before).

    Example:

        newsletter build 2021-02 --offline
    """
    from newsletter.commands.build import as_json as summaries_json
    from newsletter.commands.build import build_all, build_one
    from newsletter.errors import NewsletterError

    root = _root(workspace)
    if every and period:
        raise click.UsageError("Give a PERIOD or --all, not both.")
    if every:
        summaries = build_all(root, offline=offline, refresh=refresh, drafts=drafts, jobs=jobs)
    else:
        summaries = [build_one(root, period, offline=offline, refresh=refresh, drafts=drafts,
                               progress=_progress("Fetching link metadata"))]
    failures = sum(len(s.failures) for s in summaries)
    if as_json:
        click.echo(summaries_json(summaries))
    else:
        for summary in summaries:
            _report(summary)
    errors = [s for s in summaries if s.error]
    if errors:
        raise NewsletterError(f"{len(errors)} of {len(summaries)} editions were not built (see above).")
    if failures and strict:
        raise NewsletterError("--strict: some links could not be fetched (listed above).")


def _report(summary) -> None:
    """One edition's build, as `build` prints it: problems to stderr, written paths to stdout."""
    from newsletter.config import counted, shown

    if summary.error:
        _say(f"{summary.period}: {summary.error}", fg="red")
        return
    for warning in summary.warnings:
        _say(f"warning: {warning}", fg="yellow")
    _say(f"Built {summary.period}: {counted(summary.entries, 'entry')} in {counted(summary.sections, 'section')}.")
    for path in summary.paths:
        click.echo(shown(path))
    if summary.no_network:  # once, instead of calling every link dead
        _say(f"no network: {counted(len(summary.failures), 'link')} could not be checked; use --offline",
             fg="yellow")
    elif summary.failures:
        _say(f"{counted(len(summary.failures), 'link')} could not be fetched; those entries use what they say:",
             fg="yellow")
        for url, reason in summary.failures:
            _say(f"  {url}: {reason}", fg="yellow")


@main.command(short_help="Preview the email, its text and the post in the browser.")
@PERIOD
@click.option("--port", default=8765, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True, help="Open the browser.")
@click.option("--offline", is_flag=True, help="Use only cached metadata and what the entries say.")
@workspace_option
def preview(period, port, open_browser, offline, workspace):
    """Preview the email, its plain text and the blog post of PERIOD in the browser.

    Serves them on 127.0.0.1 and rebuilds whenever an entry, a template or the settings
    change; the page reloads itself. Nothing is written or sent.

    Example:

        newsletter preview 2021-02
    """
    from newsletter.commands.preview import run

    run(_root(workspace), period, port, open_browser, offline, _say)


@main.command(short_help="Send the email edition: a test first, then the list.")
@PERIOD
@click.option("--via", default=None, metavar="SERVICE",
              help="How to deliver: smtp, buttondown, listmonk or a plugin's (default: `via` in [send]).")
@click.option("--test", "test", is_flag=False, flag_value="", default=None, metavar="[ADDRESS]",
              help="Send only to ADDRESS (default: test_address in [send]), marked [TEST]; needs no --yes.")
@click.option("--yes", is_flag=True, help="Really send to the list. Without it, show what would be sent.")
@click.option("--force", is_flag=True,
              help="Resend where an interrupted run may already have sent (check that first).")
@workspace_option
def send(period, via, test, yes, force, workspace):
    """Send the built email edition of PERIOD (default: this month): a test first, then the list.

    Sends the files `newsletter build` wrote to dist/PERIOD/. Without --yes it only
    shows what would be sent and to whom. The real send checks that the edition was
    built from the current entries, and a ledger in .newsletter/ makes sure a second
    run, or a run after a crash, never sends it twice. Credentials come from the
    environment variables named in [send] (SMTP_PASSWORD, BUTTONDOWN_API_KEY, ...).

    Example: a test to yourself, then the real send.

        newsletter send 2021-02 --via buttondown --test me@example.com

        newsletter send 2021-02 --via buttondown --yes
    """

    from newsletter.commands.send import send as run_send

    progress = _progress("Sending")
    result = run_send(_root(workspace), period, via=via, test=test, yes=yes,
                      force=force, progress=progress)
    for warning in result.warnings:
        _say(f"warning: {warning}", fg="yellow")
    if result.dry_run:
        for line in result.lines:
            click.echo(line)
        _say("Nothing sent. Run again with --yes to send.")
    else:
        for line in result.lines:
            _say(line, fg="green")



def _progress(label: str):
    """A progress line on a terminal, erased when done; silent when stderr is a pipe or a file."""
    import sys

    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        line = "\r\x1b[K" if done == total else f"\r{label}: {done}/{total}"
        click.echo(line, err=True, nl=False)

    return show


@main.command(short_help="Check an edition before publishing: entries, links, size.")
@PERIOD
@click.option("--offline", is_flag=True, help="Skip the link checks: no network.")
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too (for CI).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON on stdout.")
@click.option("--drafts", is_flag=True, help="Check entries marked `draft: true` too.")
@workspace_option
def check(period, offline, strict, as_json, drafts, workspace):
    """Check the entries of PERIOD before publishing (default: this month).

    Validates every entry, checks every link is alive (HEAD, then GET), and flags links
    shared in an earlier edition, tracking parameters, http:// links with a working
    https:// twin, dates in the future, missing notes, entries in the wrong month's
    folder, and an email over the size budget.

    Errors (exit 1): invalid entries, dead links (404, 410, unknown host, refused
    connection, redirect loop). Everything else is a warning (exit 0 unless --strict),
    including links that time out or answer 403/5xx: they may be fine for readers.

    Example:

        newsletter check 2021-02 --strict
    """
    from newsletter.commands.check import check as run_check

    report = run_check(_root(workspace), period, offline=offline, drafts=drafts,
                       progress=_progress("Checking links"))
    if as_json:
        click.echo(report.as_json())
    elif report.findings:
        click.echo(report.as_text())
    _say(report.summary(), fg="red" if report.errors else "yellow" if report.warnings else "green")
    if report.failed(strict):
        raise SystemExit(1)


@main.command(name="import", short_help="Draft entries from an export, a service, a feed or OPML.")
@click.argument("source", metavar="[FILE_OR_FEED_URL]", required=False)
@click.option("--from", "service", metavar="SERVICE", default=None,
              help="Pull from a service's API: readwise, raindrop, hypothesis, linkding or zotero.")
@click.option("--type", "type_", default=None, metavar="TYPE", help="The entries' type (default: guessed per item).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only items saved, read or published on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Write at most N entries (per feed).")
@click.option("--section", default=None, help="Feeds: the section heading the entries go under.")
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@click.option("--include-unread", is_flag=True, help="Also items saved but marked unread.")
@click.option("--offline", is_flag=True, help="Accepted: importing a file never fetches anything.")
@workspace_option
def import_(source, service, type_, since, limit, section, dry_run, include_unread, offline, workspace):
    """Write draft entries for what is new in an export file, a service, a feed or an OPML file.

    FILE is recognised by its content: browser/Pinboard/Raindrop/Pocket bookmark HTML, Pocket
    CSV or zip, Omnivore zip or JSON, Raindrop.io CSV, Pinboard JSON, Readwise CSV, Kindle's
    My Clippings.txt, CSL-JSON, BibTeX, Hypothesis JSON, or an RSS/Atom feed or OPML file.
    --from pulls from an API with a token from the environment. Highlights become quotes.
    It is a sync: items already in the log are skipped (new highlights are added at the end of
    entries import made). Nothing is fetched: metadata comes at build time.

    Example:

        newsletter import ~/Downloads/pocket.zip --since 2024-01-01

        READWISE_TOKEN=… newsletter import --from readwise --dry-run

        newsletter import https://talkpython.fm/episodes/rss --since 2022-04-01
    """
    from newsletter.commands.imports_sync import run

    run(_root(workspace), source, service, kind=type_, since=since and since.date(), limit=limit,
        section=section, dry_run=dry_run, include_unread=include_unread, offline=offline,
        echo=click.echo, say=_say)


@main.command(short_help="Show the metadata of one link as JSON.")
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
    found = link_metadata(url or page_url, html_file, _workspace(workspace), refresh)
    click.echo(json.dumps(dataclasses.asdict(found), indent=2, ensure_ascii=False))
