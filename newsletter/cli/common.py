"""What every command of the command line shares: the workspace option, messages, progress.

Messages go to stderr; data (tables, paths, JSON) to stdout.
"""

from __future__ import annotations

from pathlib import Path

import click

from newsletter.cli import spoken

PERIOD = click.argument("period", required=False, metavar="[PERIOD]")


class Day(click.DateTime):
    """A YYYY-MM-DD option (as a datetime at midnight), refused in the words `check` uses for an
    entry's date: click said "'2021-02-30' does not match the format '%Y-%m-%d'", which it does."""

    name = "date"

    def __init__(self):
        super().__init__(["%Y-%m-%d"])

    def get_metavar(self, *args, **kwargs) -> str:
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        import datetime as dt
        import re

        if isinstance(value, dt.datetime):
            return value
        if not re.fullmatch(r"\d{4}-\d\d?-\d\d?", value):
            from newsletter.commands.new import day_example  # (30.01.2021: that very day)

            self.fail(f"'{value}' is not a date; write it as YYYY-MM-DD, like {day_example(value)}", param, ctx)
        try:
            return dt.datetime(*map(int, value.split("-")))
        except ValueError as error:  # month 13, or the day of a month it does not have
            self.fail(f"{value} is no day of the calendar ({error}); check the date (YYYY-MM-DD)", param, ctx)


def workspace_option(command):
    return click.option(
        "-w",
        "--workspace",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        help="The workspace folder (default: the one holding the current folder).",
    )(command)


class Command(click.Command):
    """Every command: a problem the user can fix (NewsletterError, which is not a click
    exception so that the launcher can raise it without click) is printed as click prints its
    own, `Error: …`, and exits with its exit status (1; 3 for nothing to do)."""

    def invoke(self, ctx):
        from newsletter.errors import NewsletterError

        try:
            return super().invoke(ctx)
        except NewsletterError as error:
            ended = click.ClickException(error.format_message())
            ended.exit_code = error.exit_code  # 3, nothing to do, is told from a failure by a script
            raise ended from None


def command(*args, **kwargs):
    """click.command, making a `Command`."""
    return click.command(*args, cls=Command, **kwargs)


def root_of(workspace: Path | None) -> Path:
    """The workspace: `-w` after the command, else `-w` before it, else the current folder's."""
    from newsletter.config import find_root

    return find_root(workspace_of(workspace) or Path.cwd())


def workspace_of(workspace: Path | None) -> Path | None:
    """`-w` after the command, else `-w` before it (`newsletter -w DIR list`)."""
    context = click.get_current_context(silent=True)
    return workspace or (context.find_root().params.get("workspace") if context else None)


def say(message: str = "", **style) -> None:
    """A message to stderr: a warning, an error, a hint, a summary beside the data."""
    _said(message, err=True, **style)


def tell(message: str = "", **style) -> None:
    """What a command did, when doing it is the command's whole result (`send`'s "Sent 2021-02 to
    600 readers"): to stdout, where a script or a log of the run looks for it; stderr is for
    what went wrong or needs doing."""
    _said(message, err=False, **style)


def _said(message: str, err: bool, **style) -> None:
    # secho without a style would still send an ANSI reset to the terminal; NO_COLOR
    # (no-color.org), set by those whose screen reader or eyes do better without, means none
    if style and spoken.coloured():
        click.secho(message, err=err, **style)
    else:
        click.echo(message, err=err)


def progress_line(label: str):
    """A progress line on a terminal, erased when done, redrawn at each tenth of the way
    (cli/spoken.py); silent when stderr is a pipe or a file."""
    import sys

    if not sys.stderr.isatty():
        return None
    return spoken.progress(label, lambda text: click.echo(text, err=True, nl=False))
