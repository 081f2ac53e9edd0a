"""Where a workspace is: the name of its settings file and the nearest folder holding one.

The standard library only, and paths as strings: the launcher (an up-to-date `build`), `search`
and `related` find their workspace before anything heavier than the interpreter is imported;
`config.find_root` adds the message for when there is none.
"""

from __future__ import annotations

import os

SETTINGS_FILE = "newsletter.toml"


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
