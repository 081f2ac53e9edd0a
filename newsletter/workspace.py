"""Where a workspace is, and what of it is read before the settings are loaded: the name of its
settings file and the nearest folder holding one (`nearest`), the TOML reader for the author's own
files (`toml_values`), what of the settings the outputs are made from (`rendering_settings`), a
file read only if it is a regular one (`regular_bytes`), and what config.load says of settings
written out of place (`misplaced_settings`, `unknown_settings`: written here when config.py was
at its 300 statements).

The standard library only, and paths as strings: the launcher (an up-to-date `build`), `search`
and `related` find their workspace before anything heavier than the interpreter is imported;
`config.find_root` adds the message for when there is none.
"""

from __future__ import annotations

import os
import stat

SETTINGS_FILE = "newsletter.toml"
# The tables of the settings that no output is made from: how an edition is sent, where
# `capture` listens, where `import --from` reads. A change there leaves a built edition current.
DELIVERY_TABLES = ("send", "capture", "imports")


# A build asks for it twice, for its record and for its stamp. A dict, not functools.lru_cache:
# importing functools (and collections with it) was a fifth of the launcher's own time on a
# build handed to the waiting process (cli/resident.py).
_RENDERING: dict[bytes, bytes] = {}


def rendering_settings(data: bytes) -> bytes:
    """What of the settings file's bytes the outputs are made from, for the records that tell
    whether an edition is current: its values but DELIVERY_TABLES (not its comments or layout);
    a file that does not parse, whole (its build fails and says why)."""
    if (known := _RENDERING.get(data)) is None:
        if len(_RENDERING) >= 4:  # (the settings of a few workspaces: `build --all`, tests)
            _RENDERING.clear()
        known = _RENDERING[data] = _rendering(data)
    return known


def toml_values(text: str) -> dict:
    """tomllib.loads, for the author's own TOML files: a dotted key of a thousand parts or more
    (`a.a.a.… = 1`, tables that deep) is refused first, as RecursionError, what a file nested
    past Python's limit raises: tomllib takes time quadratic in its parts (100,000: minutes)."""
    import re
    import tomllib

    if re.search(r"^[ \t]*(?:[\w-]+[ \t]*\.[ \t]*){1000}", text, re.M):
        raise RecursionError("a key of a thousand dotted parts")
    return tomllib.loads(text)


def _rendering(data: bytes) -> bytes:
    import tomllib  # here: only when the file's size or time changed since the build

    try:
        values = toml_values(data.decode("utf-8-sig"))  # as config.load reads it
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):  # (nested past Python's limit)
        return data
    return repr({name: value for name, value in values.items() if name not in DELIVERY_TABLES}).encode()


def nearest(start: str) -> str | None:
    """The folder holding `start`, or `start` itself, that has a settings file; None if none does."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, SETTINGS_FILE)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def as_written(value) -> str:
    """A TOML value in a message as the author wrote it: `true`, 2026-01-01, a list, not
    Python's True or datetime.date(2026, 1, 1)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a table"
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def misplaced_settings(path, raw: dict, keys: dict[str, list[str]]) -> str | None:
    """What is wrong with the file's tables (`keys`: what each one takes), or None: a key written
    above [newsletter] was "unknown table(s) name", a table's typo ([lniks]) named no table, a
    table's name given a value (`links = "..."`) was an AttributeError traceback, and a table
    written inside [newsletter] ([newsletter.links]) was left out without a word."""
    import difflib

    inside = raw.get("newsletter") if isinstance(raw.get("newsletter"), dict) else {}
    if nested := next((name for name in inside if name in keys), None):
        return f"{path}: [newsletter] holds {nested}, a table of its own; write [{nested}] and its settings under it."
    for name, value in raw.items():
        if name in keys and not isinstance(value, dict):
            return f"{path}: {name} is a table: write [{name}] and its settings under it (not `{name} = ...`)."
        if name not in keys and isinstance(value, dict):
            close = difflib.get_close_matches(name, keys, n=1, cutoff=0.6)
            hint = f"did you mean [{close[0]}]?" if close else f"the tables are {', '.join(f'[{t}]' for t in keys)}."
            return f"{path}: there is no table [{name}]; {hint}"
        if name not in keys:
            home = " or ".join(f"[{table}]" for table, taken in keys.items() if name in taken)
            where = (
                f"move it under {home}" if home else "no table takes it (settings go under [newsletter] and the rest)"
            )
            return f"{path}: {name} is written above every table; {where}."
    return None


def unknown_settings(path, table: str, unknown: list[str], keys: dict[str, list[str]]) -> str:
    """What is wrong with keys [table] does not take (`keys`: what each table takes), each
    with where it goes or what it may be a typo of: a key written in the wrong table (`from`
    in [newsletter]) was only "unknown", and [newsletter]'s list of keys named the tables."""
    import difflib

    said = []
    for key in unknown:
        home = [f"[{other}]" for other, taken in keys.items() if other != table and key in taken]
        close = difflib.get_close_matches(key, keys[table], n=1, cutoff=0.6)
        # else a typo of another table's key (`subscirbe` in [newsletter]: [links]' subscribe)
        near = [(other, k) for other, taken in keys.items() for k in difflib.get_close_matches(key, taken, 1, 0.8)]
        said.append(
            f"{key} (it goes in {' or '.join(home)})"
            if home
            else f"{key} (did you mean '{close[0]}'?)"
            if close
            else f"{key} (did you mean '{near[0][1]}' in [{near[0][0]}]?)"
            if near
            else key
        )
    plural = "s" if len(said) > 1 else ""
    return f"{path}: [{table}] has no setting{plural} {', '.join(said)}; it takes {', '.join(keys[table])}."


def regular_bytes(path, largest: int | None = None) -> bytes | None:
    """The bytes of `path` if it is a regular file (of at most `largest` bytes), else None: a FIFO
    in the place of a file the tool keeps was waited on for ever, and a link to /dev/zero read
    until memory ran out."""
    try:
        with open(path, "rb", opener=open_regular) as handle:
            data = handle.read(-1 if largest is None else largest + 1)
    except OSError:
        return None
    return data if largest is None or len(data) <= largest else None


def open_regular(path, flags: int) -> int:
    """`os.open` of a regular file, never waiting on a FIFO: OSError for any other kind."""
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise IsADirectoryError(path)  # (or a FIFO, a device)
    return fd


def relative(path, root) -> str:
    """`path` relative to `root`, as os.path.relpath says it. A path under an absolute root, both
    as pathlib writes them (nothing to normalise), has the root cut off: relpath made both
    absolute and compared them part by part, a quarter of a millisecond for the hundred paths of
    a stamp (commands/uptodate.py) after every saved note."""
    path, root = os.fspath(path), os.fspath(root)
    rest = path[len(root) + 1 :]
    if path[: len(root) + 1] == root + os.sep and os.path.isabs(root) and os.path.normpath(root) == root:
        if rest and os.path.normpath(rest) == rest and not rest.startswith(".." + os.sep) and rest != "..":
            return rest
    return os.path.relpath(path, root)
