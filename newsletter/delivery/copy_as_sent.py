"""An edition's copy as sent (dist/<PERIOD>/sent.eml), read at most once a build however many
parts of it ask, and bounded by one size.

A build of an emailed edition asked for the copy's bytes, its HTML and its text one after the
other (delivery/pulled_copy.py, as_sent.copy_html, late_entries.copy_text), and each opened and
read the file again: three or four reads of it a build. And each had its own cap on what a copy
may weigh, 256 MB for the page and 4 MB for the text, so a 5 MB file was the edition's web page
and yet told nothing of its links, and neither said a word of it.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from newsletter.delivery.ledger import SENT_COPY
from newsletter.workspace import open_regular

# An email of ours is a few hundred KB at most (Gmail clips a message past ~100 KB, and the size
# budget warns long before; pictures are linked, not attached): a file past this is none of ours
# (a mailbox exported over it, a backup's), and reading it took every build of its edition as long
LARGEST = 4 * 1024 * 1024


class CopyAsSent:
    """The copy as sent kept in `folder` (an edition's dist/<PERIOD>/), read when first asked."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / SENT_COPY

    @functools.cached_property
    def _read(self) -> tuple[bytes | None, bool]:
        try:  # (a regular file only: a FIFO by its name waited for a writer, a link to /dev/zero for ever)
            with open(self.path, "rb", opener=open_regular) as handle:
                if os.fstat(handle.fileno()).st_size > LARGEST:
                    return None, True
                data = handle.read(LARGEST + 1)
        except OSError:
            return None, False
        return (None, True) if len(data) > LARGEST else (data, False)

    @property
    def data(self) -> bytes | None:
        """Its bytes; None for no copy there, or none of ours (too large: `too_large`)."""
        return self._read[0]

    @property
    def too_large(self) -> bool:
        return self._read[1]

    def warning(self, shown: str) -> str | None:
        """What a build says of a copy too large to be one (`shown`: its path as messages show it)."""
        if not self.too_large:
            return None
        return (
            f"{shown} is larger than any copy as sent ({LARGEST // 2**20} MB; an email of ours is a few hundred "
            "KB), so it is not read as the message that went out: the edition's web page is not made from it, "
            "nor are late entries told by it. Restore the copy its send kept (from git, or a backup)"
        )
