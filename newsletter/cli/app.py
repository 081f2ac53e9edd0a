"""The click group: every command, listed in the order an author uses them."""

from __future__ import annotations

from pathlib import Path

import click

from newsletter import __version__
from newsletter.cli import editions, entries, smart, sources


class InOrderOfTheDay(click.Group):
    """Lists commands in the order an author uses them, not alphabetically."""

    day = (
        "init",
        "new",
        "capture",
        "list",
        "check",
        "archive",
        "build",
        "preview",
        "doctor",
        "send",
        "review",
        "import",
        "meta",
        "schema",
    )

    def list_commands(self, ctx):
        known = [name for name in self.day if name in self.commands]
        return known + [name for name in self.commands if name not in known]


@click.group(cls=InOrderOfTheDay, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsletter")
@click.option(
    "-w",
    "--workspace",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="The workspace folder, for every command (default: the one holding the current folder).",
)
def main(workspace):
    """Turn a reading log into a Hugo "What I read" post and an email newsletter.

    Keep one Markdown file per thing you read in entries/YYYY/MM/, then run
    `newsletter build` once a month (or week).
    """


for command in (
    entries.init,
    entries.new,
    entries.capture,
    entries.list_,
    entries.check,
    editions.archive,
    editions.build,
    editions.preview,
    editions.doctor,
    editions.send,
    editions.review,
    sources.import_,
    sources.meta,
    entries.schema,
    *smart.COMMANDS,
):
    main.add_command(command)
