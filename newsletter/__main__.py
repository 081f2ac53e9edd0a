"""`python -m newsletter`: the command line, as the `newsletter` script runs it (scripts/newsletter)."""

from newsletter.cli.ending import command

command()
