"""Whether the blog's tag and category pages list their posts under a current Hugo.

An older `init` drew the list of all tags (/tags/) with layouts/_default/taxonomy.html, the
name Hugo 0.111 reads for it. Hugo 0.146 and later read that name for each tag's own page
(/tags/jax/) too, over term.html, and drew it as a list of tags, which a tag's page has none
of: every tag and category page said "None yet." and listed no post. A new `init` names the
layout terms.html, which both read for the list alone; a site made before was not told.
"""

from __future__ import annotations

from pathlib import Path

OLD_NAME = Path("layouts/_default/taxonomy.html")


def empty_term_pages(site_dir: Path) -> tuple[Path, str] | None:
    """Where and why a current Hugo will draw the blog's tag and category pages without posts."""
    layout = site_dir / OLD_NAME
    try:
        text = layout.read_text(encoding="utf-8", errors="replace") if layout.is_file() else ""
    except OSError:  # unreadable: Hugo will say so itself
        return None
    if ".Data.Terms" not in text:  # none, or a layout of the author's own that draws a tag's page
        return None
    return layout, (
        "Hugo 0.146 and later draw each tag's and category's own page with this list of all tags, "
        'so they say "None yet." and list no posts; rename it terms.html, as a new `newsletter init` '
        "names it (Hugo 0.111 reads either name)"
    )


def hugo_terms(tags: list[str]) -> list[str]:
    """`tags` as the post's front matter gives them to Hugo, which writes each tag's page at
    /tags/<tag>/ and follows a '..' in it: '../..' put a tag's list over the blog's home page,
    '../posts/SLUG' over a post (and Hugo 0.111 refused the site: "missing taxonomy: tags").
    Such steps ('.' and '..' between slashes) are left out; 'CI/CD' keeps its /tags/ci/cd/."""
    terms = []
    for tag in tags:
        kept = "/".join(part for part in tag.split("/") if part.strip() not in ("", ".", ".."))
        if kept and kept not in terms:
            terms.append(kept)
    return terms
