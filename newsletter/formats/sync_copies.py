"""The copies a sync client or a second machine makes of an entry, told from the entry itself.

A log kept in Dropbox, OneDrive, iCloud Drive or Syncthing and written from several machines
gets, beside `talk.md`, the copy a client made when two machines changed it at once
(`talk (Ben's conflicted copy 2026-11-03).md`, `talk.sync-conflict-20261103-101010-ABCDEF.md`),
a duplicate (`talk (1).md`, `talk - Copy.md`) and, from a Mac, the same name spelled in
decomposed Unicode (`café.md` as NFD beside an NFC `café.md`). Each read as an entry of its own,
and the edition showed the talk four times. A copy is left out while the entry it copies is
beside it, and said once, with what to do: the author merges it, the file is never touched.
iCloud Drive, the other way round, may keep only a placeholder of an entry (`not_downloaded`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from newsletter.fields import Problem
from newsletter.formats import entry_text
from newsletter.models import LARGEST_ENTRY_FILE
from newsletter.workspace import regular_bytes

# A conflict copy: what the client writes when two machines changed the file. Left out whenever
# the entry it names is beside it, whatever it holds: the author chooses what to keep.
_CONFLICTS = (
    # Dropbox ("Ben's conflicted copy 2026-11-03", "Case Conflict"), Nextcloud ("conflicted copy 2026-11-03 101010")
    (re.compile(r"^(?P<stem>.+?) \([^()]*conflict[^()]*\)(?P<ext>\.md)$", re.I), "a conflicted copy"),
    # Syncthing
    (re.compile(r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]+)?(?P<ext>\.md)$"), "a conflict copy"),
)
# A duplicate: a name that an author may also choose, so a copy only while it holds the same link.
_DUPLICATES = (
    re.compile(r"^(?P<stem>.+?) \(\d{1,3}\)(?P<ext>\.md)$"),  # Dropbox, OneDrive, a browser: talk (1).md
    re.compile(r"^(?P<stem>.+?) - Copy(?: \(\d{1,3}\))?(?P<ext>\.md)$", re.I),  # Windows Explorer
)


_EDITORIAL = re.compile(r"_index\.md|_\d{4}-W\d{2}\.md")  # (read.editorial_file's names)
_CODE = "sync-copy"  # (a finding's code, as read.Finding names its kinds)
_NFD = "the decomposed Unicode a Mac writes (NFD)"


def copied(name: str, names: set[str]) -> tuple[str, str, bool] | None:
    """(the entry's name, what kind of copy, whether a conflict) when `name` is a sync client's
    copy of another file among `names` (the folder's), else None."""
    if name.isascii() and "(" not in name and " - " not in name and ".sync-conflict-" not in name:
        return None  # (most names, at a glance: the whole log's scan asks of every entry)
    for pattern, kind in _CONFLICTS:
        if (found := pattern.match(name)) and (original := found["stem"] + found["ext"]) in names:
            return original, kind, True
    for pattern in _DUPLICATES:
        if (found := pattern.match(name)) and (original := found["stem"] + found["ext"]) in names:
            return original, "a duplicate", False
    nfc = unicodedata.normalize("NFC", name)
    if nfc != name and nfc in names:  # the Mac's decomposed spelling of the same name
        return nfc, _NFD, False
    return None


def left_out(read: list[tuple], period, say: Callable[[Path, str, None, str], None]) -> list[tuple]:
    """`read`, (path, entry, warnings) of each entry read, less the copies of another entry beside
    them; `say(path, message, None, "sync-copy")` for each copy left out that is dated in `period`
    (a month's folder is read by each of its weeks: the copy is its own week's to say). An entry
    copies another when its name says so (`copied`) and, for a name an author might choose
    (`talk (1).md`), it holds the same link."""
    copies = _copies({path: entry for path, entry, _ in read})
    kept = []
    for path, entry, warnings in read:
        if path not in copies:
            kept.append((path, entry, warnings))
            continue
        original, kind = copies[path]
        if entry.date not in period:
            continue
        what = (
            "it holds the same text; delete it"
            if _same_text(path, original.path)
            else f"merge what it adds into {original.path.name}, then delete it"
        )
        if kind == _NFD:  # two names that look the same: say which one this is
            say(path, f"left out: two files are named {original.path.name}, this one in {kind}; {what}", None, _CODE)
        else:
            say(path, f"left out: {kind} of {original.path.name}, made by a sync client; {what}", None, _CODE)
    return kept


def whole_log(saved: list) -> list:
    """`saved` (read.Saved, the whole log's entries) less the copies of another entry beside
    them, as every period's read leaves them out: import gave new user 50's (Olu's) Kindle
    highlights of a reread book to "things-fall-apart (Olu's conflicted copy 2026-11-26).md",
    which sorts before its entry and which no build reads."""
    copies = _copies({each.path: each for each in saved})
    return [each for each in saved if each.path not in copies]


def _copies(by_path: dict) -> dict:
    """{path: (the entry it copies, what kind of copy)} of the copies among `by_path`'s entries
    (anything with a `url`): a name that says so (`copied`), and for a name an author might
    choose (`talk (1).md`), the same link."""
    names: dict[str, set[str]] = {}
    split = {path: os.path.split(path) for path in by_path}  # (pathlib's parts: half of a 10,000 entries' time)
    for folder, name in split.values():
        names.setdefault(folder, set()).add(name)
    copies = {}
    for path, entry in by_path.items():
        folder, name = split[path]
        found = copied(name, names[folder])
        original = by_path.get(path.parent / found[0]) if found else None
        if original is not None and (found[2] or original.url == entry.url):
            copies[path] = (original, found[1])
    return copies


def _same_text(one: Path, other: Path) -> bool:
    """Whether two files hold the same text, written on any machine: a copy saved on Windows has
    CRLF line endings and often a byte-order mark, or is Notepad's UTF-16 ("Unicode", which
    entries may be: entry_text), and says nothing new for them. Each read only if a regular file
    no larger than an entry may be: a copy of an editorial file is read here alone, and a FIFO so
    named ('_index (Ben's conflicted copy …).md') had build and check wait for a writer for ever."""
    texts = [regular_bytes(path, LARGEST_ENTRY_FILE) for path in (one, other)]
    try:
        return None not in texts and _text(texts[0]) == _text(texts[1])
    except Problem:
        return False


def _text(data: bytes) -> str:
    return entry_text.decoded(data).removeprefix("\ufeff").replace("\r\n", "\n")


def unread(folder: Path, name: str, listed: list[tuple[str, bool]]) -> tuple[Path, str, str] | None:
    """(the file, what to say, its code) of `name` in `folder`, which no build reads, when a sync
    client made it: iCloud's placeholder of an entry (`not_downloaded`), or a copy of an
    editorial file (`_index (Ben's conflicted copy 2026-11-03).md`), whose subject and intro
    no edition shows: an edit of them on another machine was lost unsaid. `listed`: the folder's
    (name, whether a file)."""
    if said := not_downloaded(folder, name):
        return folder / name[1:-7], said, "not-downloaded"
    found = copied(name, {each for each, is_file in listed if is_file}) if name.startswith("_") else None
    if found is None or not _EDITORIAL.fullmatch(found[0]) or (folder / name).is_dir():
        return None  # (a `_notes.md` of the author's own is no build's, nor its copies)
    what = (
        "it holds the same text; delete it"
        if _same_text(folder / name, folder / found[0])
        else f"merge what it adds into {found[0]}, then delete it"
    )
    return folder / name, f"left out: {found[1]} of {found[0]}, made by a sync client; {what}", _CODE


def not_downloaded(folder: Path, name: str) -> str | None:
    """What to say of `name` in `folder` when it is iCloud Drive's placeholder of an entry not
    downloaded to this machine (`.talk.md.icloud` where talk.md should be: a Mac with "Optimise
    Mac Storage" keeps only that), else None. No build could read the entry, and none said so."""
    if not (name.startswith(".") and name.endswith(".md.icloud")) or os.path.lexists(folder / name[1:-7]):
        return None
    return (
        f"in iCloud Drive but not downloaded to this machine (only its placeholder {name} is), so no build reads it; "
        "download it (Finder: Download Now), then run this again"
    )
