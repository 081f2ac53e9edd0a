"""The entry point: answers what needs no click at once, hands the rest to the click group.

An author runs `build` dozens of times while writing an edition and `--help` whenever in doubt;
importing click and the pipeline costs several times the interpreter's own start. So two
answers come straight from files: `--help` from help.txt (click's own output, kept in step by
tests/test_cli.py), and a `build` whose edition is up to date from its stamp
(newsletter/commands/uptodate.py). Anything unusual, down to an option this parser does not
know, goes to click, which gives the same answers the slow way.
"""

from __future__ import annotations

import os
import sys

HELP = os.path.join(os.path.dirname(__file__), "help.txt")
SETTINGS_FILE = "newsletter.toml"  # config.SETTINGS_FILE, without importing config
HELP_WIDTH = 80  # click wraps help to min(terminal, 80) columns; help.txt is that text


def run() -> None:
    arguments = sys.argv[1:]
    if arguments in (["--help"], ["-h"]) and _wide_enough() and _named_newsletter():
        try:
            with open(HELP, encoding="utf-8") as handle:
                sys.stdout.write(handle.read())
            return
        except OSError:
            pass
    if _up_to_date(arguments):
        return
    from newsletter.cli.app import main

    main()


def _named_newsletter() -> bool:
    """Whether click names the program `newsletter`, as help.txt does: not when run as
    `python -m newsletter`, nor as a renamed copy or link of the script (click's _detect_program_name)."""
    return not getattr(sys.modules["__main__"], "__package__", None) and os.path.basename(sys.argv[0]) == "newsletter"


def _wide_enough() -> bool:
    """Whether click would wrap the help at 80 columns here (shutil.get_terminal_size's rules)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = HELP_WIDTH
    return columns >= HELP_WIDTH


def _up_to_date(arguments: list[str]) -> bool:
    """`build [PERIOD] [--offline] [-w DIR]` of an edition that is up to date: said, and True."""
    parsed = _build_arguments(arguments)
    if parsed is None:
        return False
    workspace, period, offline = parsed
    if workspace is not None and not _folder_option_takes(workspace):
        return False
    root = _find_root(workspace or os.getcwd())
    if root is None:
        return False
    from newsletter.commands import uptodate

    stamp = uptodate.check(root, period, offline=offline)
    if stamp is None:
        return False
    # yellow when the last build warned, as click.secho would on a terminal
    colour = sys.stderr.isatty() and (stamp["warnings"] or stamp["failures"])
    for line in uptodate.report(stamp, period):
        print(f"\x1b[33m{line}\x1b[0m" if colour else line, file=sys.stderr)
    return True


def _build_arguments(arguments: list[str]) -> tuple[str | None, str, bool] | None:
    """(workspace, period, offline) of a plain build command line, or None for anything else."""
    workspace, period, offline, seen_build = None, None, False, False
    words = iter(arguments)
    for word in words:
        if word in ("-w", "--workspace"):
            workspace = next(words, None)
            if workspace is None:
                return None
        elif word.startswith("--workspace="):
            workspace = word.partition("=")[2]
        elif word == "build" and not seen_build:
            seen_build = True
        elif word == "--offline" and seen_build:
            offline = True
        elif seen_build and period is None and _canonical_period(word):
            period = word
        else:
            return None
    if not seen_build:
        return None
    if period is None:
        import time

        period = time.strftime("%Y-%m")  # Period.parse's default: this month, local time
    return workspace, period, offline


def _folder_option_takes(path: str) -> bool:
    """Whether click's -w (click.Path(file_okay=False): readable, need not exist) takes `path`."""
    if not os.path.exists(path):
        return True
    return not os.path.isfile(path) and os.access(path, os.R_OK)


def _canonical_period(word: str) -> bool:
    """'2021-02' or '2020-W28' exactly as the stamps name them; other spellings go to click."""
    digits = word.isascii()  # str.isdigit() is true of '²' too, which int() does not read
    if digits and len(word) == 7 and word[4] == "-" and word[:4].isdigit() and word[5:].isdigit():
        return 1 <= int(word[5:]) <= 12
    return digits and len(word) == 8 and word[4:6] == "-W" and word[:4].isdigit() and word[6:].isdigit()


def _find_root(start: str) -> str | None:
    """config.find_root, without its error (click's path says it)."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, SETTINGS_FILE)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
