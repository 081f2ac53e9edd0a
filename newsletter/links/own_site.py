"""Whether a site named after a person ("Haki Benita", "Julia Evans") is that person's own, so
its name on a page is its writer's, not a publisher's posing as an author."""

from __future__ import annotations

from newsletter.links.byline import body_authors
from newsletter.links.page import Page
from newsletter.links.values import norm_name


def names_its_writer(page: Page, site_name: str | None, clean_person) -> bool:
    """Whether the page types the site's name as a Person and says it again, in its author tag
    or in the byline it shows (read with no name barred). hakibenita.com does the first,
    jvns.ca the second (a rel=author link, no tag); a paper typing its own name as a Person,
    "Les Echos", "La Información", does neither."""
    own = norm_name(site_name or "")
    if not own or own not in map(norm_name, page.jsonld.typed_people()):
        return False
    if own in map(norm_name, page.first("author")):
        return True
    return own in map(norm_name, body_authors(page.tree, page.marks, frozenset(), whole=True, clean=clean_person))
