"""The one line a build says of the drafts it left out (`draft: true`, no --drafts): an author
who forgot to clear one saw her entry missing from the edition, and nothing said why.

One short line, no colour, a few names: a screen reader (cli/spoken.py) reads it once. Said by
the build (commands/build.py), by an up-to-date build from its stamp (commands/uptodate.py, read
before click is imported: the standard library only) and once for all editions by `--all`."""

from __future__ import annotations

SHOWN = 3  # names; the rest are counted


def line(names: list[str], editions: int = 1) -> list[str]:
    """The line for the drafts of these file `names` (none: no line), in `editions` editions."""
    if not names:
        return []
    # (here, not above: uptodate reads this before click, and the formats package imports re and
    # json, which the launcher's up-to-date answer is without: test_up_to_date)
    from newsletter.formats import hidden_characters

    # A name as a message shows it (shown_paths.printable): a file a sync or a script named with an
    # escape sequence set the terminal's title, a newline split the one line in two.
    names = [hidden_characters.escaped(name) for name in names]
    count = "1 draft" if len(names) == 1 else f"{len(names)} drafts"
    where = f" of {editions} editions" if editions > 1 else ""
    listed = ", ".join(names[:SHOWN]) + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")
    them = "it" if len(names) == 1 else "them"
    return [f"Left out {count}{where} (draft: true): {listed}. --drafts includes {them}."]
