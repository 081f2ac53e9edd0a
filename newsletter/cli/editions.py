"""Commands for editions: archive, build, preview, doctor, send, review."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli.common import PERIOD, command, progress_line, root_of, say, tell, workspace_of, workspace_option


@command(short_help="Build the Hugo post and the email edition.")
@PERIOD
@click.option("--offline", is_flag=True, help="Use only cached metadata and what the entries say.")
@click.option("--refresh", is_flag=True, help="Refetch every link's metadata, ignoring the cache.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any link could not be fetched (for CI).")
@click.option("--drafts", is_flag=True, help="Include entries marked `draft: true`.")
@click.option("--force", is_flag=True, help="Build even when nothing changed since the last build.")
@click.option("--all", "every", is_flag=True, help="Rebuild every edition, side by side (after a template change).")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Processes for --all (default: one per core).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print what was written, the warnings, the failed links and the drafts left out as JSON on stdout.",
)
@workspace_option
def build(period, offline, refresh, strict, drafts, force, every, jobs, as_json, workspace):
    """Build the Hugo post and the email edition of PERIOD (default: the current edition).

    PERIOD is a month (2021-02) or a week (2020-W28); without one, this month, or this
    week with `cadence = "weekly"` in [newsletter]; `last` is the one before that (what a
    cron job run as a week or month ends means). Writes
    site/content/posts/<slug>/index.md, dist/<PERIOD>/newsletter.{html,txt,eml}, the
    edition's web page site/static/newsletter/<PERIOD>/index.html and the log's feeds in
    site/static/feeds/.
    With --all, every edition built before, month or week (so none goes stale), every
    week with an editorial file, and the entries none of those weeks holds, by month (by
    week with cadence = "weekly"); then every year in review written before.
    An edition whose entries, settings, templates and cached metadata did not change since
    its last build is not built again: `build` says it is up to date.

    Example:

        newsletter build 2021-02 --offline
    """
    from newsletter.commands.build import Summary, build_all, build_one, report
    from newsletter.commands.build import as_json as summaries_json
    from newsletter.errors import NewsletterError

    root = root_of(workspace)
    if every and period:
        raise click.UsageError("Give a PERIOD or --all, not both.")
    if every:
        from newsletter.commands.review import review_again, reviews_built

        summaries = build_all(root, offline=offline, refresh=refresh, drafts=drafts, jobs=jobs)
        for year in reviews_built(root):  # each year in review written before, after the editions it counts
            done = review_again(root, year, offline=offline)
            summaries.append(
                Summary(
                    year, done.entries, done.sections, done.paths, done.warnings, error=done.error, alike=done.alike
                )
            )
    else:
        try:
            summaries = [
                build_one(
                    root,
                    period,
                    offline=offline,
                    refresh=refresh,
                    drafts=drafts,
                    force=force,
                    progress=progress_line("Fetching link metadata"),
                )
            ]
        except NewsletterError as error:
            if as_json:  # a script reads stdout: it gets the edition, with why it was not built
                click.echo(summaries_json([Summary(_period_meant(root, period), error=error.format_message())]))
            raise
    failures = sum(len(s.failures) for s in summaries)
    if as_json:
        click.echo(summaries_json(summaries))
    else:
        said: set[str] = set()  # a warning about the site or a template is the same for each edition
        for summary in summaries:
            report(summary, say, click.echo, said, hold_alike=every)
        if every:
            from newsletter.commands import said_once

            said_once.report(summaries, say)
    errors = [s for s in summaries if s.error]
    if errors:
        raise NewsletterError(f"{len(errors)} of {len(summaries)} editions were not built (see above).")
    if failures and strict:
        raise NewsletterError("--strict: some links could not be fetched (listed above).")


def _period_meant(root: Path, period: str | None) -> str:
    """The edition a build that failed was of, for `--json`: a script that gave no PERIOD, or
    `last`, read "" or "last" there, and could not tell which week had no entries."""
    from newsletter import config
    from newsletter.errors import NewsletterError

    try:
        return config.load(root).period(period).key
    except NewsletterError:  # settings or a PERIOD that cannot be read: the error says which
        return period or ""


@command(short_help="Preview the email, its text and the post in the browser.")
@PERIOD
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
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

    run(root_of(workspace), period, port, open_browser, offline, say)


@command(short_help="Send the email edition: a test first, then the list.")
@PERIOD
@click.option(
    "--via",
    default=None,
    metavar="SERVICE",
    help="How to deliver: smtp, buttondown, listmonk or a plugin's (default: `via` in [send]).",
)
@click.option(
    "--test",
    "test",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[ADDRESS]",
    help="Send only to ADDRESS (default: test_address in [send]), marked [Test]; needs no --yes.",
)
@click.option("--yes", is_flag=True, help="Really send to the list. Without it, show what would be sent.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent, and send nothing (as without --yes).")
@click.option(
    "--force",
    is_flag=True,
    help="Send although `newsletter doctor` checks fail (they are named), or an old edition (two or more behind "
    "the log's latest entry); or, when a resumed send has lost the message it began with, send the rest this build.",
)
@click.option(
    "--resend-uncertain",
    is_flag=True,
    help="Send again where an interrupted run may already have sent (check that it did not first).",
)
@click.option(
    "--uncertain-received",
    is_flag=True,
    help="Record where an interrupted run may already have sent as sent, sending nothing there again "
    "(check that it did first): the send can then finish.",
)
@click.option("--json", "as_json", is_flag=True, help="Print where the send stands as JSON (for scripts, cron).")
@workspace_option
def send(period, via, test, yes, dry_run, force, resend_uncertain, uncertain_received, as_json, workspace):
    """Send the built email edition of PERIOD (default: the current edition): a test first, then the list.

    Sends the files `newsletter build` wrote to dist/PERIOD/ (`last`: the edition before
    the current one, as for build). Without --yes it only
    shows what would be sent and to whom. The real send checks that the edition was
    built from the current entries, and a ledger in .newsletter/ makes sure a second
    run, or a run after a crash, never sends it twice: where a run was interrupted mid-send,
    the recipients (or the list) it may have reached are skipped until you have checked
    and say --resend-uncertain (or --uncertain-received, where they did get it).
    --force is for failed `newsletter doctor` checks and old editions.
    Credentials come from the environment variables named in [send] (SMTP_PASSWORD,
    BUTTONDOWN_API_KEY, ...).

    --json prints where the send stands (sent, readers sent, uncertain ones) for a script;
    the exit status is 0 when it went to every reader, 3 when it had gone already, 1 on a failure
    or when readers are left who may have it or were refused for now.

    Example: a test to yourself, then the real send, by SMTP (init's `via`).

        newsletter send 2021-02 --via smtp --test me@example.com

        newsletter send 2021-02 --via smtp --yes

    Or through Buttondown (BUTTONDOWN_API_KEY set):

        newsletter send 2021-02 --via buttondown --test me@example.com
    """

    from newsletter.commands import send_report
    from newsletter.commands.send import send as run_send
    from newsletter.errors import NewsletterError

    # (`import --dry-run` made authors try it here too: it said "No such option")
    if dry_run and (yes or test is not None):
        raise click.UsageError("--dry-run sends nothing: leave out --yes and --test to see what would be sent.")
    if resend_uncertain and uncertain_received:
        raise click.UsageError(
            "--resend-uncertain sends to the readers an interrupted run may have reached, --uncertain-received "
            "records that they have it: give the one that is true."
        )
    progress = progress_line("Sending")
    root = root_of(workspace)
    try:
        result = run_send(
            root,
            period,
            via=via,
            test=test,
            yes=yes,
            force=force,
            resend_uncertain=resend_uncertain,
            uncertain_received=uncertain_received,
            progress=progress,
        )
    except NewsletterError as error:
        if as_json:  # stdout: where the send stands, the error among it; stderr and the exit status as ever
            click.echo(send_report.as_json(root, period, error=error))
        raise
    if as_json:
        click.echo(send_report.as_json(root, period, result))
        for warning in result.warnings:
            say(f"warning: {warning}", fg="yellow")
        return
    for warning in result.warnings:
        say(f"warning: {warning}", fg="yellow")
    if result.dry_run:
        for line in result.lines:
            click.echo(line)
        say(f"Nothing sent. {result.next_step}")
    else:
        for line in result.lines:  # what was sent, as the dry run's what would be: stdout
            tell(line, fg="green")


@command(short_help="Write the year in review: a post with charts and an email.")
@click.argument("year")
@click.option("--offline", is_flag=True, help="Use only cached metadata and what the entries say.")
@workspace_option
def review(year, offline, workspace):
    """Write the year in review of YEAR: a Hugo post with charts and an email edition.

    Counts the year's entries by type, month, site, person and tag, adds up the hours of
    talks and podcasts, lists the books and your favourites (`favourites:` in
    entries/YEAR/_review.md, which also takes subject, intro and outro), and draws the
    charts (SVG in the post, PNG in the email). Send it with `newsletter send YEAR`.

    Example:

        newsletter review 2021 --offline
    """
    from newsletter.commands.review import review as run_review
    from newsletter.config import counted, shown

    reviewed = run_review(root_of(workspace), year, offline=offline, progress=progress_line("Fetching link metadata"))
    for warning in reviewed.warnings:
        say(f"warning: {warning}", fg="yellow")
    say(f"Reviewed {reviewed.period}: {counted(reviewed.entries, 'entry')}.")
    for path in reviewed.paths:
        click.echo(shown(path))


@command(short_help="Check deliverability: headers, DNS, DKIM, accessibility.")
@PERIOD
@click.option("--via", default=None, metavar="SERVICE", help="Sending via this service (default: `via` in [send]).")
@click.option("--offline", is_flag=True, help="Skip the DNS lookups.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON on stdout.")
@click.option(
    "--received",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Check a received test message instead: its raw source, saved from your mail client.",
)
@workspace_option
def doctor(period, via, offline, as_json, received, workspace):
    """Check that the built edition of PERIOD will reach inboxes and that everyone can read it.

    One line per check (PASS, WARN, FAIL, or SKIP: not checked, and why) with what to do:
    the headers, the From domain's SPF, DKIM key and DMARC (DNS, 5 s at most), the message,
    the HTML's accessibility. Exits 1 on a fail; `send --yes` refuses the same. --received FILE
    reads a test message as your inbox got it (SPF/DKIM/DMARC, signed headers, rewrites).

    Example:

        newsletter doctor 2021-02

        newsletter doctor 2021-02 --received test-message.eml
    """
    from newsletter.commands.doctor import diagnose
    from newsletter.commands.doctor import received as received_report

    if received:
        report = received_report(received, workspace_of(workspace) or Path.cwd(), period)
    else:
        report = diagnose(root_of(workspace), period, via=via, offline=offline)
    click.echo(report.as_json() if as_json else report.as_text())
    say(report.summary(), fg="red" if report.failed() else "yellow" if report.warned() else "green")
    if report.failed():
        raise SystemExit(1)


@command(short_help="Archive the links of an edition on the web archive (Robust Links).")
@PERIOD
@click.option("--offline", is_flag=True, help="Do nothing: archiving needs the network.")
@workspace_option
def archive(period, offline, workspace):
    """Make sure every link of PERIOD has a web archive copy (default: the current edition).

    Copies go in entries/YYYY/MM/_archive.toml (commit it); one line per link says what
    was done: found, saved, pending, refused, failed or skipped.

    Example:

        newsletter archive 2021-02
    """
    from newsletter.commands.archive import archive as run_archive

    if offline:
        return say("--offline: nothing archived (archiving needs the network).", fg="yellow")
    run = run_archive(root_of(workspace), period, progress=progress_line("Archiving links"))
    click.echo("".join(f"{line}\n" for line in run.lines()), nl=False)
    say("\n".join(run.messages()), fg="yellow" if run.failed() else "green")
    if run.unreachable():
        say(
            f"The web archive could not be reached for any link (no network?); nothing was archived. "
            f"Run `newsletter archive {run.period.key}` again once online.",
            fg="red",
        )
        raise SystemExit(1)
