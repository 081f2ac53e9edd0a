"""Whether the blog keeps the posts' tags and categories.

A post gives `tags` and `categories` in its front matter, Hugo's two default taxonomies. A site
that lists taxonomies of its own (`taxonomies: {tema: temas}`) has only those: Hugo drops the
rest without a word, so Lucía's posts (new user 40) showed no tags and her site made no tag
page, while `check`, `build` and `hugo --panicOnWarning` said nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.formats import site

if TYPE_CHECKING:
    from newsletter.config import Settings

# The front matter key each of the post's terms is under, and the singular Hugo pairs it with
_POSTS_TERMS = {"tags": "tag", "categories": "category"}


def dropped_terms(settings: Settings, tags: bool = True) -> tuple[Path, str] | None:
    """Where and why the blog will drop the posts' tags or categories (`tags`: the edition has
    some; the category is always written): the site's `taxonomies` leave them out."""
    if not site.settings_files(settings.site_dir):
        return None
    taxonomies = site.hugo_settings(settings.site_dir).get("taxonomies")
    if not isinstance(taxonomies, dict):  # unset: Hugo's own, tags and categories
        return None
    kept = {str(plural).lower() for plural in taxonomies.values()}
    lacking = [name for name in _POSTS_TERMS if name not in kept and (tags or name != "tags")]
    if not lacking:
        return None
    own = ", ".join(sorted(map(str, taxonomies.values()))) or "none"
    where = site.source_of(settings.site_dir, "taxonomies")  # each pair written as that file writes it
    # (the plural quoted: `tag = tags` is no TOML, `"tag": tags` no JSON)
    add = " and ".join(f"`{site.setting(where, _POSTS_TERMS[name], json.dumps(name))}`" for name in lacking)
    return where, (
        f"the site's taxonomies ({own}) leave out {' and '.join(lacking)}, which the posts give: Hugo drops "
        f"them, and the posts show none; add {add} to its taxonomies"
    )
