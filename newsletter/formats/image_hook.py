"""Does init's image render hook hide the theme's own?

A new `init` site has no theme, and Hugo 0.111, given no render-image.html, draws the page's
pictures with render-image.rss.xml (absolute addresses, meant for the feed): so init ships a
plain render-image.html beside it. Once the author adds a theme with an image hook of its own
(responsive sizes, lazy loading, figures), the site's file, found first, hid it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsletter import resources
from newsletter.config import shown
from newsletter.formats.site import hugo_settings

HOOK = "_default/_markup/render-image.html"  # under layouts/: where init puts it
# What an earlier init wrote there (sha256), taken out as init's own is: before its pictures
# loaded lazily with their size (new user 55's month of 150 entries, a long page)
EARLIER = {"91eca55265a389464d11614fa0715c7995948fefbdb0faa3aadcc9524b27ce20"}
# Where a theme's hook draws every page's pictures (Hugo 0.146 reads _markup/ at the top too)
THEIRS = (HOOK, "_markup/render-image.html")


def hiding_the_themes(site_dir: Path, root: Path) -> str | None:
    """What was done (or is to do) when the site's image hook hides its theme's: init's own,
    unchanged, is taken out (the theme's draws the pictures, on every Hugo: no page is left
    without an HTML hook); one of the author's, or of an older init, is named."""
    ours = site_dir / "layouts" / HOOK
    if not ours.is_file():
        return None
    hooks = (_read_by_hugo(theme, path) for theme in _themes(site_dir) for path in THEIRS)
    theirs = next((hook for hook in hooks if hook), None)
    if theirs is None:
        return None
    try:
        written = ours.read_bytes()
        shipped = (resources.site_layouts() / HOOK).read_bytes() == written
    except OSError:
        return None
    shipped = shipped or hashlib.sha256(written).hexdigest() in EARLIER
    if not shipped:
        return (
            f"{shown(ours, root)} hides the theme's own image hook ({shown(theirs, root)}): if you did not "
            "write it (an older `newsletter init` did), delete it, and the theme draws the pictures"
        )
    try:
        ours.unlink()
    except OSError as error:  # a folder it may not write to: said, as one of the author's is
        return (
            f"{shown(ours, root)} hides the theme's own image hook ({shown(theirs, root)}) and could not be "
            f"taken out ({error.strerror or error}): delete it, and the theme draws the pictures"
        )
    return (
        f"{shown(ours, root)}, which `newsletter init` wrote for a site without a theme, was taken out: it "
        f"hid the theme's own image hook ({shown(theirs, root)}), which now draws the pictures"
    )


def _themes(site_dir: Path) -> list[Path]:
    """The folders of the site's themes: each `theme`, and each Hugo module it imports
    ([[module.imports]], a theme's usual form now), where Hugo finds one without the network:
    vendored by `hugo mod vendor` into _vendor/, or in the themes folder under its module path.
    (One only in Hugo's module cache is not looked for: init's hook then stays, as it was.)"""
    found = hugo_settings(site_dir)
    themes = found.get("theme") if isinstance(found.get("theme"), list) else [found.get("theme")]
    module = found.get("module") if isinstance(found.get("module"), dict) else {}
    imports = module.get("imports") if isinstance(module.get("imports"), list) else []
    names = [str(name) for name in themes if name] + [
        str(entry["path"]) for entry in imports if isinstance(entry, dict) and entry.get("path")
    ]
    themes_dir = site_dir / str(found.get("themesdir") or "themes")
    return [where / name for name in names for where in (site_dir / "_vendor", themes_dir)]


def _read_by_hugo(theme: Path, path: str) -> Path | None:
    """The theme's hook at layouts/`path`, if Hugo reads it. Hugo follows a link that is the
    themes folder or a theme (one kept outside the site), and none inside a theme: a hook
    whose file, _markup or layouts folder is a link was taken for the theme's, init's removed,
    and Hugo drew the pictures with neither (0.111: the feed's hook, absolute addresses)."""
    hook = theme / "layouts" / path
    inside = [hook.relative_to(theme), *hook.relative_to(theme).parents][:-1]  # the file, each folder to it
    if not hook.is_file() or any((theme / part).is_symlink() for part in inside):
        return None
    return hook
