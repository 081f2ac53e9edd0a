"""A terminal's progress line and colours as a screen reader (Orca) reads them out: every redraw
of the line is read again, so it is redrawn at each tenth of the way, not at each step; and no
colour where NO_COLOR (no-color.org) is set. Without click: the launcher's build (cli/launch.py)
draws its lines itself, as cli/common.py does through click."""

from __future__ import annotations

import os
from collections.abc import Callable


def coloured() -> bool:
    """Whether colour is wanted: not under a non-empty NO_COLOR (an empty one is as none)."""
    return not os.environ.get("NO_COLOR")


def progress(label: str, write: Callable[[str], None]) -> Callable[[int, int], None]:
    """`show(done, total)`, writing "label: done/total" over the line at each tenth of `total`
    (a short one at each step), and erasing it when done."""
    tenths = [-1]  # the last tenth shown

    def show(done: int, total: int) -> None:
        if done == total:
            write("\r\x1b[K")
        elif (tenth := done * 10 // total) != tenths[0]:
            tenths[0] = tenth
            write(f"\r{label}: {done}/{total}")

    return show
