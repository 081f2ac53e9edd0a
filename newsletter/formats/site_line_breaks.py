"""Whether the blog joins a Japanese or Chinese paragraph's lines as the email does, and counts its words.

The email joins the lines of a paragraph with nothing between two Chinese or Japanese characters
(formats/note_markdown.py). Goldmark keeps the newline unless the site turns on its CJK
extension's `eastAsianLineBreaks` (Hugo 0.112 and later), and Chrome shows that newline as a
space: a note written a sentence to a line read "ということ。 もう一度" on Yuki's Stack blog
(new user 22). `init` sets it for Japanese and Chinese; a blog of the author's own does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.formats import site
from newsletter.formats.language_tag import primary

if TYPE_CHECKING:
    from newsletter.config import Settings


def spaced_lines(settings: Settings) -> tuple[Path, str] | None:
    """Where and why the blog will show a space between a Japanese or Chinese note's lines."""
    if primary(settings.language) not in ("ja", "zh") or not site.settings_files(settings.site_dir):
        return None
    cjk = site.hugo_settings(settings.site_dir).get("markup", {}).get("goldmark", {}).get("extensions", {})
    cjk = cjk.get("cjk") if isinstance(cjk, dict) else None
    if isinstance(cjk, dict) and "eastasianlinebreaks" in cjk:  # set either way: the author's choice
        return None
    return site.hugo_config(settings.site_dir), (
        "Hugo shows a line break inside a paragraph as a space between two Japanese or Chinese "
        f'characters ("。 次"), where the email joins the lines ([newsletter] language "{settings.language}"); '
        "set enable = true and eastAsianLineBreaks = true under [markup.goldmark.extensions.cjk] there "
        "(Hugo 0.112 and later)"
    )


def uncounted_words(settings: Settings) -> tuple[Path, str] | None:
    """Where and why the blog counts a Japanese or Chinese post's words by its spaces: without
    hasCJKLanguage, Hugo's .WordCount and .ReadingTime (a theme's "1 min read") took a post of a
    thousand characters for the 18 words its spaces part (new user 51). `init` sets it."""
    if primary(settings.language) not in ("ja", "zh") or not site.settings_files(settings.site_dir):
        return None
    if "hascjklanguage" in site.hugo_settings(settings.site_dir):  # set either way: the author's choice
        return None
    return site.hugo_config(settings.site_dir), (
        "Hugo counts a post's words by its spaces, so a theme's word count and reading time take a "
        'Japanese or Chinese post for a few words ([newsletter] language "'
        f'{settings.language}"); set hasCJKLanguage = true there, before its first table'
    )
