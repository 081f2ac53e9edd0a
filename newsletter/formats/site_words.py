"""Whether the starter site init made says its own words in the blog's language.

init's site says "Categories", "Tags", "Read more…" and "Built with Hugo." through Hugo's i18n
files, one per language it knows (site/i18n/de.toml…); a key missing reads English. Tomasz's
Polish blog (defaultContentLanguage = "pl", a language init has no words in) showed every page's
own words in English, and nothing told him that a site/i18n/pl.toml would say them. Only a site
of init's is looked at: a theme says its own words from its own i18n files.
"""

from __future__ import annotations

from pathlib import Path

from newsletter.formats.feed_layouts import INITS_PAGES
from newsletter.formats.site import hugo_settings, settings_files

ENGLISH = "en.toml"  # every init's site has its words in English, the ones a missing key reads
# the files Hugo reads a language's words from: an author's pl.yaml or pl.json says them as pl.toml
# does, and check told an author with one to write pl.toml (review 20, a real hugo build)
_FORMATS = (".toml", ".yaml", ".yml", ".json")


def english_words(site_dir: Path) -> tuple[Path, str] | None:
    """(the file to write, what to do) when a site of init's in another language than English has
    no words of its own for Hugo to pick (its language's file, or its primary language's)."""
    words = site_dir / "i18n"
    if not settings_files(site_dir) or not (words / ENGLISH).is_file():
        return None
    found = hugo_settings(site_dir)
    module = found.get("module") if isinstance(found.get("module"), dict) else {}
    if found.get("theme") or module.get("imports") or not (site_dir / "layouts" / INITS_PAGES).is_file():
        return None  # a theme's site, or one the author drew: its words are its own
    if "languages" in found:  # several languages, each with its own words: not the starter's one
        return None
    language = str(found.get("defaultcontentlanguage") or "en").lower().replace("_", "-")
    primary = language.split("-")[0]
    if primary == "en" or any((words / f"{tag}{form}").is_file() for tag in (language, primary) for form in _FORMATS):
        return None
    return words / f"{language}.toml", (
        f'the blog is in "{language}" (defaultContentLanguage), and its own words ("Categories", "Tags", '
        f'"Read more…", "Built with Hugo.") have no file in it, so every page says them in English; copy '
        f"{ENGLISH} in that folder to {language}.toml and write its words in your language"
    )
