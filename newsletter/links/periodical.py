"""The journal a paper appeared in, as its page's JSON-LD says: the Periodical its isPartOf
names, through its issue and volume (PublicationIssue -> PublicationVolume -> Periodical), as
publishers write it where no citation_journal_title does. A journal's page for new user 59's
paper named its journal only so, and her email cited the paper by none.
"""

from __future__ import annotations

from newsletter.links.schema import Schema


def journal(ld: Schema) -> str | None:
    """The name of the Periodical the page's main entity is part of, or None."""
    node = ld.main
    for _ in range(3):  # an issue, its volume, their journal: no deeper
        parts = [value for value in ld.values(node, "isPartOf") if isinstance(value, dict)]
        if not parts:
            return None
        node = parts[0]
        types = node.get("@type")
        # ("Periodical", "schema:Periodical" and "https://schema.org/Periodical" alike)
        if any(
            isinstance(t, str) and t.replace(":", "/").rsplit("/", 1)[-1] == "Periodical"
            for t in (types if isinstance(types, list) else [types])
        ):
            return ld.text(node, "name")
    return None
