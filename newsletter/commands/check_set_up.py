"""What `check` says of the workspace's set-up rather than of its entries: the Hugo site the posts
go into (its language, where its theme lists posts, its title case and line breaks, an older
init's layouts), the JSON Schemas an editor checks entries and settings by, and whether git keeps
the workspace's own state out of the repository."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsletter.commands import shared_log
from newsletter.config import Settings
from newsletter.editors import schemas
from newsletter.formats import (
    feed_layouts,
    older_site,
    site,
    site_line_breaks,
    site_regional_words,
    site_taxonomies,
    site_title_case,
    site_words,
    term_pages,
)
from newsletter.models import Entry


def findings(settings: Settings, entries: list[Entry]) -> Iterator[tuple[Path, str, str]]:
    """(file, code, message) for each warning, in the order `check` has always said them."""
    if mismatch := site.language_mismatch(settings):  # the blog's <html lang>, from the Hugo site
        yield mismatch[0], "site-language", mismatch[1]
    if unlisted := site.section_unlisted(settings):  # the post where the theme does not list posts
        yield unlisted[0], "site-section", unlisted[1]
    if cased := site_title_case.title_cased(settings, (t for e in entries for t in e.tags)):  # "No-Ficción", "Llms"
        yield cased[0], "site-title-case", cased[1]
    if dropped := site_taxonomies.dropped_terms(settings, any(e.tags for e in entries)):  # taxonomies of its own
        yield dropped[0], "site-taxonomies", dropped[1]
    if spaced := site_line_breaks.spaced_lines(settings):  # "ということ。 もう一度" on the blog
        yield spaced[0], "site-line-breaks", spaced[1]
    if uncounted := site_line_breaks.uncounted_words(settings):  # a Japanese post of 1,000 characters: "1 min read"
        yield uncounted[0], "site-cjk-words", uncounted[1]
    if empty := term_pages.empty_term_pages(settings.site_dir):  # an older init's layout: tag pages without posts
        yield empty[0], "site-term-pages", empty[1]
    if lacking := feed_layouts.missing(settings.site_dir):  # an older init's site: the RSS's addresses relative
        yield lacking[0], "site-layouts-missing", lacking[1]
    for path, message in older_site.findings(settings.site_dir):  # an older init's pages: no feeds, 404, OG
        yield path, "site-older-init", message
    if brazils := site_regional_words.brazils_words_in_portuguese(
        settings.site_dir
    ):  # init's pt-br.toml in a "pt" site
        yield brazils[0], "site-words", brazils[1]
    if english := site_words.english_words(settings.site_dir):  # a Polish blog saying "Categories", "Tags"
        yield english[0], "site-words-english", english[1]
    for path, message in schemas.stale(settings.root):  # an older init's schema: the editor flags what the build reads
        yield path, "schema-stale", message
    if in_git := shared_log.state_in_git(settings.root):  # .newsletter/'s SQLite files committed, or about to be
        yield in_git[0], "state-in-git", in_git[1]
