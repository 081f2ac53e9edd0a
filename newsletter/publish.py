"""Stage 5, publish: put the outputs where they belong. The only stage that writes files.

Every file is written atomically (a temporary file in the same folder, then a rename), so
a crash never leaves half a post; an unchanged file is not touched at all, which keeps
Hugo's and make's idea of what changed honest.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from newsletter.config import Settings
from newsletter.errors import NewsletterError
from newsletter.models import Edition, Outputs


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def post_path(settings: Settings, slug: str) -> Path:
    return settings.site_dir / "content" / settings.site.section / slug / "index.md"


def edition_dir(settings: Settings, edition: Edition) -> Path:
    return settings.dist_dir / edition.period.key


def write_outputs(outputs: Outputs, edition: Edition, settings: Settings) -> list[Path]:
    """Write the post bundle and the email files; returns every path, written or unchanged."""
    folder = edition_dir(settings, edition)
    post = post_path(settings, outputs.post_slug)
    _refuse_another_editions_post(post, edition)
    files = {
        post: outputs.post.encode("utf-8"),
        folder / "newsletter.html": outputs.html.encode("utf-8"),
        folder / "newsletter.txt": outputs.text.encode("utf-8"),
        folder / "newsletter.eml": outputs.eml,
    }
    for path, data in files.items():
        try:
            write_atomic(path, data)
        except OSError as error:
            raise NewsletterError(f"Cannot write {path} ({error.strerror or error}); check that its folder "
                                  "is a folder you can write to.")
    return list(files)


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
