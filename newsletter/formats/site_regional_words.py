"""Whether a Hugo site in Portuguese keeps a Brazilian site's words beside its own.

init writes site/i18n/pt-br.toml, a copy of pt.toml's words (Brazil's), into a Brazilian site
alone: beside pt.toml, Debian's Hugo 0.111 takes it for pt.toml in a site in "pt" (the Unicode
locale data's "pt" is Brazil's Portuguese) and loses pt's words. A log begun as pt-BR whose site
was set to "pt" later (or a theme's words that have only pt) kept the copy, and the blog failed
to build on that Hugo with "error calling i18n", nothing saying which file to remove.
"""

from __future__ import annotations

from pathlib import Path

from newsletter.formats.site import hugo_settings, settings_files


def brazils_words_in_portuguese(site_dir: Path) -> tuple[Path, str] | None:
    """Where and why Hugo 0.111 will lose the words of a site in "pt"."""
    words = site_dir / "i18n"
    if not settings_files(site_dir) or not (words / "pt.toml").is_file() or not (words / "pt-br.toml").is_file():
        return None
    if str(hugo_settings(site_dir).get("defaultcontentlanguage") or "en").lower() != "pt":
        return None
    return words / "pt-br.toml", (
        'the blog is in "pt" (defaultContentLanguage), and Hugo 0.111 (Debian\'s) takes this file, a Brazilian '
        "site's words, for pt.toml and loses pt's: the blog fails to build there (error calling i18n); delete it, "
        'or set defaultContentLanguage = "pt-br" for a Brazilian blog'
    )
