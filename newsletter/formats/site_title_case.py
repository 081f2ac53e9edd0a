"""Whether the blog shows the posts' tags and categories as written.

Hugo (since 0.123) titles every tag and category in English title case unless the site sets
`capitalizeListTitles = false`: a Spanish log's "no-ficción" read "No-Ficción" on the blog, and
its category "lo que leí" "Lo Que Leí". `init` sets it since 6d4c50e; a site an older `init`
made, or a blog of the author's own, does not, and nothing said so. An English site is left
alone: title case is English's own, and what its readers have been shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.formats import site
from newsletter.formats.language_tag import primary

if TYPE_CHECKING:
    from newsletter.config import Settings


def title_cased(settings: Settings) -> tuple[Path, str] | None:
    """Where and why the blog will show a non-English log's tags in English title case."""
    if primary(settings.language) == "en" or not site.settings_files(settings.site_dir):
        return None
    if "capitalizelisttitles" in site.hugo_settings(settings.site_dir):  # set either way: the author's choice
        return None
    return site.hugo_config(settings.site_dir), (
        "Hugo (0.123 and later) shows the posts' tags and categories in English title case "
        f'("No-Ficción" for "no-ficción"), not as written in "{settings.language}" ([newsletter] language); '
        "set capitalizeListTitles = false there to show them as written"
    )
