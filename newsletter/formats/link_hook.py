"""Does the Hugo site render the post's Robust Links?

The post lists its links' archived copies in `robustlinks`; only the link render hook this
tool ships (site/layouts/_default/_markup/render-link.html) turns them into the
data-versionurl attributes readers' tools follow. A site made before the hook existed, or a
theme's own hook, publishes plain links, and nothing said so.
"""

from __future__ import annotations

from pathlib import Path

from newsletter.config import shown
from newsletter.formats.site import hugo_settings
from newsletter.models import Edition

# Where a new `init` puts the link render hook, and where every Hugo since 0.62 looks for one.
HOOK = "layouts/_default/_markup/render-link.html"


def missing_hook(edition: Edition, site_dir: Path, root: Path) -> str | None:
    """A warning when the edition has archived copies and the site has no hook that reads them."""
    if not any(entry.archive_url for entry in edition.entries):
        return None
    found = hugo_settings(site_dir)
    themes = [str(name) for name in _listed(found.get("theme") or [])]
    themes_dir = site_dir / str(found.get("themesdir") or "themes")
    imports = found.get("module", {}).get("imports") if isinstance(found.get("module"), dict) else None
    if imports or not all((themes_dir / name).is_dir() for name in themes):
        return None  # a Hugo module's layouts, fetched by Hugo: its hook cannot be seen from here
    hooks = _hooks([site_dir / "layouts"] + [themes_dir / name / "layouts" for name in themes])
    if any("robustlinks" in _text(hook) for hook in hooks):
        return None
    if hooks:  # a theme's own, say: it renders the links, and leaves the copies out
        return (
            f"{shown(hooks[0], root)}: the post lists its links' archived copies (robustlinks), but this "
            "link render hook does not read them, so they publish as plain links: make it read them as "
            "site/layouts/_default/_markup/render-link.html of a new `newsletter init` does (see the README)"
        )
    # (a folder of that name, a mistaken `mkdir -p`, would take the copy in: `cp` puts it inside)
    folder = ", in place of the folder of that name, which is no hook" if (site_dir / HOOK).is_dir() else ""
    return (
        f"{shown(site_dir / HOOK, root)}: the post lists its links' archived copies (robustlinks), "
        "but the site has no link render hook that reads them, so they publish as plain links: copy "
        f"site/layouts/_default/_markup/render-link.html of a new `newsletter init` there{folder} (see the README)"
    )


def _hooks(folders: list[Path]) -> list[Path]:
    """The link render hooks Hugo may use for the posts in these layouts folders (the site's own
    first, then its themes'): for every page or a section's (layouts/posts/…), in a language or
    output format of their own too (render-link.fr.html)."""
    named = "_markup/render-link*.html"
    found = (hook for folder in folders if folder.is_dir() for hook in sorted(folder.rglob(named)))
    return [hook for hook in found if hook.is_file()]  # a folder of that name is no hook (Hugo skips it too)


def _text(hook: Path) -> str:
    """The hook's template; "" when it cannot be read (Hugo will say so itself when it builds)."""
    try:
        return hook.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]
