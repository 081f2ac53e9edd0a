"""Where a workspace is: the name of its settings file and the nearest folder holding one.

The standard library only, and paths as strings: the launcher (an up-to-date `build`), `search`
and `related` find their workspace before anything heavier than the interpreter is imported;
`config.find_root` adds the message for when there is none.
"""

from __future__ import annotations

import functools
import os

SETTINGS_FILE = "newsletter.toml"
# The tables of the settings that no output is made from: how an edition is sent, where
# `capture` listens, where `import --from` reads. A change there leaves a built edition current.
DELIVERY_TABLES = ("send", "capture", "imports")


@functools.lru_cache(maxsize=4)  # a build asks for it twice, for its record and for its stamp
def rendering_settings(data: bytes) -> bytes:
    """What of the settings file's bytes the outputs are made from, for the records that tell
    whether an edition is current: its values but DELIVERY_TABLES (not its comments or layout);
    a file that does not parse, whole (its build fails and says why)."""
    import tomllib  # here: only when the file's size or time changed since the build

    try:
        values = tomllib.loads(data.decode("utf-8-sig"))  # as config.load reads it
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
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
