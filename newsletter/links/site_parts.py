"""What every page of a site shows around its story: its header, footer, menus and sidebars.

A date there is the site's, not the story's: today's date in a town hall's top bar, a list of
other news beside the story, "© 2024 ... Last updated 01.01.2024" under it. An article's own
<header> and <footer> ("Updated ..." under the post) are the article's.
"""

from __future__ import annotations

# (ids, one per page, name the site's parts: "#footer", "#site-header"; a class may be a post's
# own, TYPO3's news item keeps its date in a "div.footer" of its "div.article")
_SHARED = "header, footer, nav, aside, [id*=header i], [id*=footer i]"


def shared_lines(tree) -> set[str]:
    """The lines of the site's header, footer, menus and sidebars, as `dates.body_lines` has them."""
    body = tree.body if tree is not None else None
    out = set()
    for node in body.css(_SHARED) if body is not None else ():
        if not _in_story(node) and node.css_first("h1") is None:  # (a <header> around the headline is the story's)
            out.update(" ".join(line.split()) for line in node.text(deep=True, separator="\n", strip=True).split("\n"))
    return out - {""}


def menu_lines(tree) -> set[str]:
    """The lines of the page's menus and sidebars (outside its story), wherever they are."""
    body = tree.body if tree is not None else None
    out = set()
    for node in body.css("nav, aside") if body is not None else ():
        if not _in_story(node):
            out.update(" ".join(line.split()) for line in node.text(deep=True, separator="\n", strip=True).split("\n"))
    return out - {""}


def _in_story(node) -> bool:
    while (node := node.parent) is not None:
        if node.tag in ("article", "main") or node.attributes.get("role") == "main":
            return True
    return False
