"""A log kept in git and cloned by its authors (two people, each in a clone, pushing and pulling):
what `init`'s .gitignore keeps out of the repository, and what `send` tells the clone it sent from.

The send ledger (.newsletter/) is each machine's own: a clone knows only its own sends. New user
53 (Priya and Tom) found Tom's `send --yes` on his clone sending November to the whole list again
after Priya had sent it from hers. The copy as sent (dist/PERIOD/sent.eml), which `send` already
refuses to send over when no ledger records it, is what a clone can be told by: committed, and
pulled, it stops the other clone's send.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from newsletter import config
from newsletter.config import counted
from newsletter.delivery.ledger import SENT_COPY, Ledger

# dist/'s folders are the build's, but for each edition's copy as sent (git cannot take a file
# back out of an ignored folder, hence the folders themselves kept, their files left out). Every
# `hugo` run leaves an empty .hugo_build.lock in the site, which Hugo's docs say to keep out of git
# (unanchored: the site is site/ or, in the author's own blog, the workspace itself).
GITIGNORE = f"""\
# What a build writes and this machine's own state (the cache, the send ledger) stay out of git;
# an edition's copy as sent, dist/PERIOD/{SENT_COPY}, goes in: a clone that has it refuses to send
# that edition again.
/dist/*
!/dist/*/
/dist/*/*
!/dist/*/{SENT_COPY}
.newsletter/
site/public/
site/resources/
.hugo_build.lock
"""


_EDITION = re.compile(r"\d{4}(?:-\d{2}|-W\d{2})?")  # a month's, a week's or a year in review's folder


def in_git(root: Path) -> bool:
    """Whether the workspace is in a git repository (its own folder or one above it)."""
    return any((folder / ".git").exists() for folder in (root, *root.parents))


def commit_the_copy(root: Path, copy: str, period: str) -> list[str]:
    """What to tell the author once an edition went out, in a repository others may clone."""
    if not in_git(root):
        return []
    # `-f` only where git ignores it (an older .gitignore of init's, all of dist/): init's own lets
    # it through, and a hint to force it there sent a new user looking for what was wrong (new user 62)
    ignored = (checked := _git(root, "check-ignore", "-q", copy)) is None or checked.returncode == 0
    add = f"`git add -f {copy}`, as your .gitignore leaves dist/ out" if ignored else f"`git add {copy}`"
    return [
        f"Commit {copy} and push it ({add}): a clone "
        f"of this log that has it refuses to send {period} again (each clone's ledger knows only its own sends)."
    ]


def no_sends_here(settings: config.Settings, period: str) -> list[str]:
    """What to tell a clone whose ledger records no send at all, before it sends by SMTP or
    Buttondown (listmonk finds its own sends by the campaign's name): it cannot know of one made
    from another clone but by a copy as sent pulled from there, and copies of other editions
    pulled from there say who sends the log."""
    folder = settings.state_dir / "ledger"
    if not in_git(settings.root) or any(Ledger.peek(folder, each.stem) for each in folder.glob("*.json")):
        return []
    # (editions' folders only: a folder of any name, pulled, was printed as named, an escape
    # sequence in it driving the terminal, and a 'notes' or a copy's folder no edition)
    copies = settings.dist_dir.glob(f"*/{SENT_COPY}")
    pulled = sorted(name for copy in copies if _EDITION.fullmatch(name := copy.parent.name))
    said = (
        f"this clone has sent nothing (its ledger, {config.shown(folder, settings.root)}, records no send): "
        f"if {period} went out from another clone, it is known here only by its dist/{period}/{SENT_COPY}, "
        "committed there and pulled here (`git pull` first)"
    )
    if pulled:
        said += f"; {', '.join(pulled)} went out with no record here (pulled from another clone?): "
        said += f"is {period} sent there?"
    return [said]


def state_in_git(root: Path) -> tuple[Path, str] | None:
    """(the file to act on, what to say) when the workspace's own state, .newsletter/, is in its git
    repository or not kept out of it: a workspace made before init wrote a .gitignore (new user
    53's, two authors in one repository), or one whose repository had a .gitignore of its own.
    `git add -A` committed the link cache's and the indexes' SQLite files, their -wal and -shm
    too, taken mid-write and apart from each other, and the send ledger, which knows only this
    clone's sends: the other clone pulled a damaged or an older database, and nothing said so.
    None outside git, or where git cannot be run (it is then no one's to commit with)."""
    if not in_git(root):
        return None
    tracked = _git(root, "ls-files", "-z", "--", _STATE)
    if tracked is None:
        return None
    if committed := sorted(name.partition(f"{_STATE}/")[2] for name in tracked.stdout.split("\0") if name):
        # (the databases' files first: cache.sqlite3-wal, then cache.sqlite3, then the rest)
        shown = ", ".join(
            sorted(committed, key=lambda name: (not name.endswith(("-wal", "-shm")), "sqlite" not in name))[:4]
        )
        more = ", …" if len(committed) > 4 else ""
        return root / _STATE, (
            f"{_STATE}/ is committed to git ({counted(len(committed), 'file')}: {shown}{more}): it is this clone's "
            "own state, SQLite databases that git takes mid-write and apart from their -wal and -shm files (a "
            "clone pulling them reads a damaged or an older one), and a send ledger that knows only this clone's "
            f"sends; take it out, keeping the files: `git rm -r --cached {_STATE}`, add `{_STATE}/` to .gitignore, "
            "and commit"
        )
    ignored = _git(root, "check-ignore", "-q", "--no-index", f"{_STATE}/")
    if ignored is None or ignored.returncode != 1:  # (0: ignored; 128: git could not tell)
        return None
    return root / ".gitignore", (
        f"{_STATE}/ is not kept out of git: `git add -A` would commit this clone's own state (SQLite "
        "databases with their -wal and -shm files, taken mid-write, and the send ledger of this clone's sends) "
        f"for the other clone to pull; add a line `{_STATE}/` to .gitignore"
    )


_STATE = ".newsletter"  # (config.Settings.state_dir, by its name from the workspace)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):  # no git here, or one that hangs
        return None
