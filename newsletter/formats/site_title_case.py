"""Whether the blog shows the posts' tags and categories as written.

Hugo (since 0.123) titles every tag and category in English title case unless the site sets
`capitalizeListTitles = false`: a Spanish log's "no-ficción" read "No-Ficción" on the blog, and
its category "lo que leí" "Lo Que Leí". `init` sets it since 6d4c50e; a site an older `init`
made, or a blog of the author's own, does not, and nothing said so. An English site keeps
title case, English's own and what its readers have been shown, but for a tag that is an
acronym written in small letters: "llms" read "Llms" on the blog, "ml" "Ml".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.formats import site
from newsletter.formats.language_tag import primary

if TYPE_CHECKING:
    from newsletter.config import Settings


# A word of two to six small letters with no vowel: an acronym ("ml", "nlp", "css", "llms")
_ACRONYM = re.compile(r"[b-df-hj-np-tv-xz]{2,6}")


# Plurals of two-letter acronyms, where an s after two letters is mostly the acronym's own (css,
# dns, gps, rss, sms): readers write VMs and PRs, not VMS (an operating system) and PRS
_TWO_LETTERS_PLURAL = frozenset("vms prs dms pcs tvs djs mps".split())


def acronym(word: str) -> str | None:
    """How an acronym written in small letters is written ("nlp": "NLP", "llms": "LLMs"); None
    for a word that is none (one with a vowel, or a capital: the author's spelling). An s after
    three letters or more is a plural's (llms, nfts, sdks), after two the acronym's own (css, dns)
    but in the plurals readers know (vms: VMs, prs: PRs)."""
    if not _ACRONYM.fullmatch(word):
        return None
    plural = (len(word) >= 4 and word.endswith("s") and not word.endswith("ss")) or word in _TWO_LETTERS_PLURAL
    return word[:-1].upper() + "s" if plural else word.upper()


def title_cased(settings: Settings, tags: Iterable[str] = ()) -> tuple[Path, str] | None:
    """Where and why the blog will show a non-English log's tags in English title case, or an
    English log's acronym (of `tags`, the edition's) with one capital ("Llms")."""
    if not site.settings_files(settings.site_dir):
        return None
    hugo = site.hugo_settings(settings.site_dir)
    if "capitalizelisttitles" in hugo:  # set either way: the author's choice
        return None
    if str(hugo.get("titlecasestyle", "")).strip().lower() == "none":  # title case that changes nothing
        return None
    where = site.hugo_config(settings.site_dir)
    unset = site.setting(where, "capitalizeListTitles", "false")
    if primary(settings.language) == "en":
        if not (tag := next((tag for tag in tags if acronym(tag)), None)):
            return None
        return where, (
            f'Hugo (0.123 and later) shows the tag "{tag}" in English title case, "{tag[:1].upper() + tag[1:]}"; '
            f'write it "{acronym(tag)}" in the entries, or set {unset} there to show '
            "tags as written"
        )
    return where, (
        "Hugo (0.123 and later) shows the posts' tags and categories in English title case "
        f'("No-Ficción" for "no-ficción"), not as written in "{settings.language}" ([newsletter] language); '
        f"set {unset} there to show them as written"
    )
