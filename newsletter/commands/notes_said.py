"""The notes `import` has said it left out, so that each is said once.

An item's own note (a Hypothesis page note) on a link the log holds from another source is not
added to that entry: import adds only highlights there, and says so, naming the entry to copy
the note into. Sam's sync of his Hypothesis account said the same note again at every pull, for
good, about a note he had chosen to leave out. What was said is kept in .newsletter/ (each note
by its source, its entry and its words: a note he edits since is said again). A note of an entry
deleted since is no longer kept when the file is next saved: the file grew with every note ever
said, and every import reads it whole.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from newsletter import config, files
from newsletter.workspace import open_regular

NOTES_FILE = "import-notes-said.json"  # in .newsletter/


class NotesSaid:
    def __init__(self, state_dir: Path, root: Path):
        self.path, self.root = state_dir / NOTES_FILE, root
        self.keys, self.changed = self._kept(), False

    def _kept(self) -> set[str]:
        """What the file holds: none yet, damaged or no file (a FIFO by its name held every
        import for ever, waiting for a writer), nothing, and each note is said again."""
        try:
            with open(self.path, "rb", opener=open_regular) as handle:
                kept = json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            kept = []
        return {key for key in kept if isinstance(key, str)} if isinstance(kept, list) else set()

    def first_time(self, source: str, entry: Path, note: str) -> bool:
        """Whether `source`'s `note` left out of `entry` is said now for the first time; it is
        remembered as said (by the entry's place in the workspace, the same on each machine)."""
        entry = entry.relative_to(self.root) if entry.is_relative_to(self.root) else entry
        words = hashlib.sha256(note.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        key = f"{source}\t{entry.as_posix()}\t{words}"
        if key in self.keys:
            return False
        self.keys.add(key)
        self.changed = True
        return True

    def _entry_kept(self, key: str) -> bool:
        """Whether the entry a note was said of is still there (a key of another shape is kept)."""
        parts = key.split("\t")
        return len(parts) != 3 or (self.root / parts[1]).is_file()

    def save(self, warnings: list[str], dry_run: bool = False) -> None:
        """Keep what was said (not of a dry run, which writes nothing); a warning when it cannot
        be kept: it is said again next time."""
        if dry_run or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # with what another import running beside this one kept since it began (each wrote
            # the notes it had said over the other's, and those were said again)
            said = {key for key in self.keys | self._kept() if self._entry_kept(key)}
            files.write_atomic(self.path, (json.dumps(sorted(said), indent=0) + "\n").encode("utf-8"))
        except OSError as error:
            warnings.append(
                f"{config.shown(self.path)}: cannot record the notes said above ({error.strerror or error}); "
                "the next import says them again"
            )
