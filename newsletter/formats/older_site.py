"""What a site an older `init` made lacks of the pages a new one's draws (beside the RSS's
layouts, feed_layouts.py): the links to the log's feeds, the Open Graph tags and the footer's
link to every edition in baseof.html, the 404 page, and the words they say in the blog's
language. New user 56's starter site got them; a site made before kept its own files, as it
should (they are the author's), and nothing told its owner. check names what is missing and
where to take it from, and writes nothing. Only a site whose pages init's baseof.html draws is
looked at: a theme's, or a baseof of the author's own, says what it says.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from newsletter import resources
from newsletter.formats.feed_layouts import INITS_MARK, INITS_PAGES
from newsletter.formats.site import WEB_DIR, hugo_settings

# what a new init's baseof.html says (its text), and what a page without it does not do
IN_BASEOF = (
    (
        "feeds/entries.xml",
        "the links to the log's feeds (a feed reader given a page of the blog finds only Hugo's RSS)",
    ),
    ("og:title", "the Open Graph tags (a page shared shows as a bare address)"),
    (f'"{WEB_DIR}/" | relURL', "the footer's link to every edition (no page of the blog links the editions)"),
)
HOW = "run `newsletter init` in an empty folder and copy"


def findings(site_dir: Path) -> list[tuple[Path, str]]:
    """(file or folder, what to do) for each of init's newer pages a site of init's lacks."""
    layouts = site_dir / "layouts"
    found = hugo_settings(site_dir)
    module = found.get("module") if isinstance(found.get("module"), dict) else {}
    if found.get("theme") or module.get("imports") or INITS_MARK not in _text(layouts / INITS_PAGES):
        return []
    said = []
    baseof = _text(layouts / INITS_PAGES)
    if lacking := [what for text, what in IN_BASEOF if text not in baseof]:
        said.append(
            (
                layouts / INITS_PAGES,
                f"lacks {'; '.join(lacking)}, which a new `newsletter init`'s baseof.html has; {HOW} those lines "
                "from its site/layouts/_default/baseof.html into this one (the file is yours: nothing overwrites it)",
            )
        )
    if not any((layouts / name).is_file() for name in ("404.html", "_default/404.html")):
        titled = '"404"' in _text(layouts / "partials/list_title.html")  # (Hugo's title: "404 Page not found")
        title = (
            ""
            if titled
            else " (and partials/list_title.html, which titles it in the blog's language, if yours is init's)"
        )
        said.append(
            (
                layouts,
                "has no 404.html, which a new `newsletter init` writes: the host serves its own bare page for an "
                f"old or mistyped address, with no way back to the posts or the editions; {HOW} 404.html from its "
                f"site/layouts/ into this folder{title}",
            )
        )
    if words := _words_lacking(site_dir, found):
        said.append(words)
    return said


def _words_lacking(site_dir: Path, found: dict) -> tuple[Path, str] | None:
    """The blog's language's words file, where it lacks words init's file of that name has (a key
    missing reads English): the lines to add, in the site's language."""
    if "languages" in found:  # several languages, each with its own words: not the starter's one
        return None
    language = str(found.get("defaultcontentlanguage") or "en").lower().replace("_", "-")
    for tag in dict.fromkeys((language, language.split("-")[0])):
        path, shipped = site_dir / "i18n" / f"{tag}.toml", resources.site_words() / f"{tag}.toml"
        if not path.is_file():
            continue
        if tag == "en" or not shipped.is_file():  # (English: the words a missing key reads; a file of the author's)
            return None
        try:
            have, new = tomllib.loads(_text(path)), tomllib.loads(_text(shipped))
        except tomllib.TOMLDecodeError:  # Hugo says where
            return None
        if lacking := [key for key, words in new.items() if key not in have and isinstance(words, str)]:
            lines = ", ".join(f"{key} = {_toml_string(new[key])}" for key in lacking)
            return path, (
                f"lacks {', '.join(lacking)}, which a new `newsletter init`'s {tag}.toml has, so the blog "
                f"says them in English; add these lines to it: {lines}"
            )
        return None
    return None


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    except OSError:  # unreadable: Hugo will say so itself
        return ""
