"""Whether a site an older `init` made has the layouts the blog's RSS now relies on.

Since f45c8bb init's site writes a note's links and pictures absolute in Hugo's RSS, through the
RSS render hooks and partials/feed_address.html, and keeps the page's pictures as written with a
render-image.html (Hugo 0.111, given none, takes the RSS's image hook for the page too). A site
made before has none of them, and its RSS still shows a post's intro with addresses relative to
the feed (broken pictures, dead links); nothing told it. (term_pages.py tells of another older
layout the same way.) Only a site whose pages init's baseof.html draws is looked at: a theme, or
a baseof.html of the author's own (Tomás's blog, new user 60), draws with its own.
"""

from __future__ import annotations

from pathlib import Path

from newsletter import resources
from newsletter.formats.site import hugo_settings

# under layouts/: what the RSS relies on, in the order a reader copies them (the partial the hooks call first)
RELIED_ON = (
    "partials/feed_address.html",
    "_default/_markup/render-image.rss.xml",
    "_default/_markup/render-link.rss.xml",
    "_default/_markup/render-image.html",
)
INITS_PAGES = "_default/baseof.html"  # every init's site has drawn its pages itself since the first
INITS_MARK = 'class="site-title"'  # in the header of every baseof.html init has written, since the first


def missing(site_dir: Path) -> tuple[Path, str] | None:
    """(the site's layouts folder, what to do) when a site of init's lacks any of RELIED_ON."""
    layouts = site_dir / "layouts"
    found = hugo_settings(site_dir)
    module = found.get("module") if isinstance(found.get("module"), dict) else {}
    if found.get("theme") or module.get("imports") or INITS_MARK not in _text(layouts / INITS_PAGES):
        return None  # a theme's site, or one the author drew (a baseof.html of their own): none of init's expected
    # (Hugo 0.146 also reads a hook at layouts/_markup/: one of the author's there is theirs)
    lacking = [name for name in RELIED_ON if not _found(layouts, name)]
    if not lacking:
        return None
    shipped = resources.site_layouts()
    if not all((shipped / name).is_file() for name in lacking):  # (an installation without them: nothing to copy)
        return None
    them, files, names = (
        ("it", "that file", "that name") if len(lacking) == 1 else ("them", "those files", "one of those names")
    )
    return layouts, (
        f"lacks {', '.join(lacking)}, which a new `newsletter init` writes: without {them} the blog's RSS "
        "shows a post's pictures and links relative to the feed (broken pictures, dead links); run "
        f"`newsletter init` in an empty folder and copy {files} from its site/layouts/ into this one "
        f"(a file of yours by {names} is yours: keep it)"
    )


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    except OSError:  # unreadable: Hugo will say so itself
        return ""


def _found(layouts: Path, name: str) -> bool:
    return (layouts / name).is_file() or (
        name.startswith("_default/_markup/") and (layouts / name.removeprefix("_default/")).is_file()
    )
