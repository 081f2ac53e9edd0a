"""Stage 5, publish: put the outputs where they belong. The only stage that writes files.

Every file is written atomically (a temporary file in the same folder, then a rename), so
a crash never leaves half a post; an unchanged file is not touched at all, which keeps
Hugo's and make's idea of what changed honest.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from newsletter.config import Settings
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
    files = {
        post_path(settings, outputs.post_slug): outputs.post.encode("utf-8"),
        folder / "newsletter.html": outputs.html.encode("utf-8"),
        folder / "newsletter.txt": outputs.text.encode("utf-8"),
        folder / "newsletter.eml": outputs.eml,
    }
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
