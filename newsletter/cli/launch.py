"""The entry point: answers what needs no click at once, hands the rest to the click group.

An author runs `build` dozens of times while writing an edition, `search` and `related` while
writing notes, and `--help` whenever in doubt; importing click and the pipeline costs several
times the interpreter's own start. So these are answered here: `--help` from help.txt (click's
own output, kept in step by tests/test_up_to_date.py), a plain `build` (an edition that is up to
date from its stamp, newsletter/commands/uptodate.py; any other by calling the command and
printing its report as the click command does), and `search`/`related` by calling their
commands directly. Anything unusual, down to an option this parser does not know, goes to
click, which gives the same answers the slow way.
"""

from __future__ import annotations

import os
import sys

HELP = os.path.join(os.path.dirname(__file__), "help.txt")
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
    if _plain_build(arguments) or _smart_query(arguments):
        return
    from newsletter.cli.app import main

    main()


def _named_newsletter() -> bool:
    """Whether click names the program `newsletter`, as help.txt does: not when run as
    `python -m newsletter`, nor as a renamed copy or link of the script (click's _detect_program_name)."""
    return not getattr(sys.modules["__main__"], "__package__", None) and os.path.basename(sys.argv[0]) == "newsletter"


def _wide_enough() -> bool:
    """Whether click would wrap the help at 80 columns here."""
    return _columns() >= HELP_WIDTH


def _columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = HELP_WIDTH
    # a terminal whose size no one set says 0x0 (`script`, CI, an editor's shell): shutil takes 80 then
    return columns if columns > 0 else HELP_WIDTH


def _smart_query(arguments: list[str]) -> bool:
    """`search WORDS…` or `related TARGET` (with -n/--limit, --json, -w): answered as
    cli/smart.py answers them, printed the same, without click."""
    parsed = _smart_arguments(arguments)
    if parsed is None:
        return False
    name, workspace, words, limit, as_json = parsed
    if workspace is not None and not _folder_option_takes(workspace):
        return False
    from pathlib import Path

    from newsletter.commands import search as queries
    from newsletter.commands.index import workspace as root_near

    def answer() -> None:
        root = root_near(Path(workspace) if workspace is not None else None)
        if name == "search":
            what, hits = None, queries.search(root, " ".join(words), limit)
        else:
            what, hits = queries.related(root, words[0], limit)
        if as_json:
            _echo(queries.as_json(hits))
            return
        if what is not None:
            _say(f"Related to {what}:")
        width = _columns() if sys.stdout.isatty() else 10_000  # cli/smart.py's width(), without shutil
        if hits:
            _echo(queries.as_table(hits, width))
        elif name == "search":
            _say("Nothing matches.")
        else:
            _echo("Nothing in the log is related to it.")

    _as_click_ends(answer)
    return True


def _smart_arguments(arguments: list[str]) -> tuple[str, str | None, list[str], int, bool] | None:
    """(command, workspace, words, limit, as_json) of a plain search/related line, else None."""
    name, workspace, words, limit, as_json = None, None, [], 10, False
    items = iter(arguments)
    for word in items:
        given = _workspace_option(word, items, workspace)
        if given is _CLICKS:
            return None
        if given is not None:
            workspace = given
        elif name is None:
            if word not in ("search", "related"):
                return None
            name = word
        elif word in ("-n", "--limit") or word.startswith("--limit="):
            value = word.partition("=")[2] if "=" in word else next(items, "")
            if not (value.isascii() and value.isdigit() and int(value) >= 1):
                return None  # click says what is wrong with it
            limit = int(value)
        elif word == "--json":
            as_json = True
        elif word.startswith("-"):
            return None  # --help, --, -n5, an unknown option: click's
        else:
            words.append(word)
    if name is None or not words or (name == "related" and len(words) != 1):
        return None
    return name, workspace, words, limit, as_json


def _plain_build(arguments: list[str]) -> bool:
    """`build [PERIOD] [--offline] [-w DIR]`: said to be up to date from its stamp, else built
    and reported as the click command reports it (commands/build.py's `report`), and True."""
    parsed = _build_arguments(arguments)
    if parsed is None:
        return False
    workspace, period, offline = parsed
    if workspace is not None and not _folder_option_takes(workspace):
        return False
    from newsletter.commands import uptodate

    root = uptodate.nearest(workspace or os.getcwd())
    if root is None:
        return False
    if period is None:  # the current edition: a month or a week, as the settings say
        period = uptodate.current(root)
        if period is None:  # not known without reading them: the build does, checking its stamp
            _build(root, None, offline)
            return True
    stamp = uptodate.check(root, period, offline=offline)
    if stamp is None:
        _build(root, period, offline)
        return True
    # yellow when the last build warned, as click.secho would on a terminal
    colour = "yellow" if stamp["warnings"] or stamp["failures"] else None
    try:
        for line in uptodate.report(stamp, period):
            _say(line, fg=colour)
    except BrokenPipeError:
        _reader_gone()
    return True


def _build(root: str, period: str | None, offline: bool) -> None:
    """The edition built by the loaded process a build at a terminal leaves (cli/resident.py),
    or here, leaving one for the next build."""
    from newsletter.cli import resident

    code = resident.build(root, period, offline)
    if code is not None:
        raise SystemExit(code)
    try:
        build_here(root, period, offline)
    finally:
        resident.leave_one(root, period, offline)


def build_here(root: str, period: str | None, offline: bool) -> None:
    """The edition built, as cli/editions.py's `build` builds one: its messages, its exit.
    Without a period, the current one, whose stamp the build checks first."""
    from pathlib import Path

    def build() -> None:
        # in here: ^C while the pipeline loads (most of a short build) is click's "Aborted!" too
        from newsletter.commands.build import build_one, report

        # force: the stamp of a period given was checked just now; the build still records a new one
        summary = build_one(Path(root), period, offline=offline, force=period is not None, progress=_progress())
        report(summary, _say, _echo)

    _as_click_ends(build)


def _as_click_ends(command) -> None:
    """Run `command` and end as a click command ends: a NewsletterError is `Error: …` and its
    exit status, ^C is "Aborted!" and 1, a reader gone is 1 and silence."""
    from newsletter.errors import NewsletterError

    try:
        command()
    except NewsletterError as error:
        print(f"Error: {error.format_message()}", file=sys.stderr)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        print("\nAborted!", file=sys.stderr)  # click's words for ^C
        raise SystemExit(1) from None
    except BrokenPipeError:
        _reader_gone()


def _reader_gone():
    """click's answer to a closed pipe (`build | head -0`): exit 1, saying nothing, and leaving
    the interpreter nothing to fail to flush at exit ("Exception ignored", status 120)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (AttributeError, ValueError, OSError):
            pass
    raise SystemExit(1) from None


_COLOURS = {"red": 31, "yellow": 33}  # the colours `report` asks for, as click.style writes them


def _say(message: str = "", fg: str | None = None) -> None:
    """cli/common.py's `say`: to stderr, coloured only on a terminal (as click.secho) and not
    under NO_COLOR."""
    from newsletter.cli import spoken

    if fg and sys.stderr.isatty() and spoken.coloured():
        message = f"\x1b[{_COLOURS[fg]}m{message}\x1b[0m"
    print(message, file=sys.stderr, flush=True)


def _echo(message: str) -> None:
    """click.echo: to stdout, flushed line by line, so that in one pipe with stderr
    (`build 2>&1 | less`) the lines keep the order they were said in."""
    print(message, flush=True)


def _progress():
    """cli/common.py's `progress_line` for the metadata fetch: on a terminal only."""
    if not sys.stderr.isatty():
        return None
    from newsletter.cli import spoken

    def write(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()

    return spoken.progress("Fetching link metadata", write)


def _build_arguments(arguments: list[str]) -> tuple[str | None, str | None, bool] | None:
    """(workspace, period or None, offline) of a plain build command line, or None for anything else."""
    workspace, period, offline, seen_build = None, None, False, False
    words = iter(arguments)
    for word in words:
        given = _workspace_option(word, words, workspace)
        if given is _CLICKS:
            return None
        if given is not None:
            workspace = given
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
    return workspace, period, offline


_CLICKS = object()  # a line only click can judge


def _workspace_option(word: str, rest, workspace: str | None):
    """The folder `word` names if it is -w/--workspace (its value taken from `rest`); None if it
    is another word; _CLICKS for a second -w (click checks each: the group's and the command's,
    only the last would be checked here) or one without a value."""
    if word in ("-w", "--workspace"):
        given = next(rest, None)
    elif word.startswith("--workspace="):
        given = word.partition("=")[2]
    else:
        return None
    return _CLICKS if given is None or workspace is not None else given


def _folder_option_takes(path: str) -> bool:
    """Whether click's -w (click.Path(exists=True, file_okay=False): a readable folder) takes `path`."""
    return os.path.isdir(path) and os.access(path, os.R_OK)


def _canonical_period(word: str) -> bool:
    """'2021-02' or '2020-W28' exactly as the stamps name them; other spellings go to click."""
    digits = word.isascii()  # str.isdigit() is true of '²' too, which int() does not read
    if digits and len(word) == 7 and word[4] == "-" and word[:4].isdigit() and word[5:].isdigit():
        return 1 <= int(word[5:]) <= 12
    return digits and len(word) == 8 and word[4:6] == "-W" and word[:4].isdigit() and word[6:].isdigit()
