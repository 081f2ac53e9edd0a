"""Stage 5, publish: put the outputs where they belong. The only stage that writes files.

Every file is written atomically (a temporary file in the same folder, then a rename), so
a crash never leaves half a post; an unchanged file is not touched at all, which keeps
Hugo's and make's idea of what changed honest.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path

from newsletter import config
from newsletter.config import Settings
from newsletter.errors import NewsletterError
from newsletter.models import Edition, Outputs

POST_RECORD = "post.json"  # in dist/<PERIOD>/: which post the last build wrote, and its hash


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that; True if written.

    The temporary file is created with mode 0666 and the kernel applies the user's umask, so
    outputs get the permissions any other file of theirs gets (mkstemp's 0600 would hide the
    post from a web server's user). Its name carries this process's id, so the next write of
    the same file can tell a leftover of a killed build from one still being written.
    """
    if path.parent.is_dir():
        _remove_leftovers(path)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def _remove_leftovers(path: Path) -> None:
    """Delete temporary files of `path` left by a process that no longer runs (a killed build)."""
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and _running(int(pid), leftover):
            continue  # another build writing the same file right now
        leftover.unlink(missing_ok=True)


def _running(pid: int, leftover: Path) -> bool:
    if os.name == "nt":  # os.kill would end the process there: go by age instead
        try:
            return time.time() - leftover.stat().st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, but not ours to signal (or the platform cannot tell): leave its file
    return True


def post_path(settings: Settings, slug: str) -> Path:
    return settings.site_dir / "content" / settings.site.section / slug / "index.md"


def edition_dir(settings: Settings, edition: Edition) -> Path:
    return settings.dist_dir / edition.period.key


def write_outputs(outputs: Outputs, edition: Edition, settings: Settings) -> tuple[list[Path], list[str]]:
    """Write the post bundle and the email files; returns every path, written or unchanged, and
    warnings (a post left behind under an earlier title)."""
    folder = edition_dir(settings, edition)
    post = post_path(settings, outputs.post_slug)
    _refuse_another_editions_post(post, edition)
    post_data = outputs.post.encode("utf-8")
    files = {
        post: post_data,
        folder / "newsletter.html": outputs.html.encode("utf-8"),
        folder / "newsletter.txt": outputs.text.encode("utf-8"),
        folder / "newsletter.eml": outputs.eml,
    }
    for path, data in files.items():
        _write(path, data)
    warnings = _retire_earlier_post(folder / POST_RECORD, post, settings)
    # Relative to the workspace, so the record survives moving it; absolute for a site kept elsewhere.
    where = post.relative_to(settings.root) if post.is_relative_to(settings.root) else post
    record = {"post": where.as_posix(), "sha256": hashlib.sha256(post_data).hexdigest()}
    _write(folder / POST_RECORD, (json.dumps(record, indent=2) + "\n").encode())
    return list(files), warnings


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as error:
        raise NewsletterError(f"Cannot write {path} ({error.strerror or error}); check that its folder "
                              "is a folder you can write to.")


def _retire_earlier_post(record_path: Path, post: Path, settings: Settings) -> list[str]:
    """The edition's post moved (its title, so its slug, changed): remove the one written before,
    so Hugo does not publish both, but only if nobody edited it since; and its folder only if
    nothing else (the author's images) is in it."""
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        earlier = settings.root / record["post"]
        digest = record["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no record (a first build, or one made before records existed)
    inside_site = earlier.resolve().is_relative_to(settings.site_dir.resolve())
    if earlier == post or not inside_site or not earlier.is_file():
        return []
    shown_earlier = config.shown(earlier, settings.root)
    try:
        unchanged = hashlib.sha256(earlier.read_bytes()).hexdigest() == digest
        if not unchanged:
            return [f"{shown_earlier} is this edition's post under its earlier title and was edited since it "
                    f"was written, so it was kept; delete it, or Hugo publishes both it and "
                    f"{config.shown(post, settings.root)}."]
        earlier.unlink()
    except OSError as error:
        return [f"Could not remove {shown_earlier}, this edition's post under its earlier title "
                f"({error.strerror or error}); delete it, or Hugo publishes both."]
    try:
        earlier.parent.rmdir()
    except OSError:
        return [f"Removed {shown_earlier} (the post under the edition's earlier title); its folder still "
                "holds other files, so it was kept."]
    return []


def _refuse_another_editions_post(post: Path, edition: Edition) -> None:
    """Two editions whose titles give one slug would overwrite each other's post: refuse.

    A post's date lies in its own edition's period (render.publication_date), so an existing
    post dated outside this period belongs to another edition.
    """
    try:
        match = re.search(r"^date\s*[=:]\s*\"?(\d{4}-\d{2}-\d{2})", post.read_text(encoding="utf-8"), re.M)
    except (OSError, UnicodeDecodeError):
        return
    if match and dt.date.fromisoformat(match[1]) not in edition.period:
        raise NewsletterError(
            f"{post} is the post of another edition (dated {match[1]}), and {edition.period.key}'s title "
            f"'{edition.title}' would replace it. Give the editions distinct titles: a `title:` in the "
            "period's _index.md, or {month}/{start} in the [site] title patterns.")
