"""Does the Hugo site render the post's Robust Links?

The post lists its links' archived copies in `robustlinks`; only the link render hook this
tool ships (site/layouts/_default/_markup/render-link.html) turns them into the
data-versionurl attributes readers' tools follow. A site made before the hook existed, or a
theme's own hook, publishes plain links, and nothing said so.
"""

from __future__ import annotations

from pathlib import Path

from newsletter.config import shown
from newsletter.models import Edition

# Where Hugo looks for the link render hook in a site's own layouts (0.146 moved it up a level).
HOOKS = ("layouts/_default/_markup/render-link.html", "layouts/_markup/render-link.html")


def missing_hook(edition: Edition, site_dir: Path, root: Path) -> str | None:
    """A warning when the edition has archived copies and the site has no hook that reads them."""
    if not any(entry.archive_url for entry in edition.entries):
        return None
    for hook in HOOKS:
        path = site_dir / hook
        if path.is_file() and "robustlinks" in path.read_text(encoding="utf-8", errors="replace"):
            return None
    return (
        f"{shown(site_dir / HOOKS[0], root)}: the post lists its links' archived copies (robustlinks), "
        "but the site has no link render hook that reads them, so they publish as plain links: copy "
        "site/layouts/_default/_markup/render-link.html of a new `newsletter init` there (see the README)"
    )
