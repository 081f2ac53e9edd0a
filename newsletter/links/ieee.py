"""What an IEEE Xplore document page (ieeexplore.ieee.org/document/…) says of its paper in its
page's data, where other publishers' pages have Highwire <meta> tags: its head names the title
(og:title) and no one who wrote it nor where it appeared. The authors, the conference or journal
and the DOI are in the object the page is rendered from, `xplGlobal.document.metadata={…};`
(Zotero's IEEE translator reads the same)."""

from __future__ import annotations

import json

MARK = "xplGlobal.document.metadata="
_MOST = 4 << 20  # a paper's metadata, with its abstract and its authors' affiliations, is tens of KB
_DECODER = json.JSONDecoder()


def document_tags(source: str, url: str) -> dict[str, str]:
    """The paper's authors, venue and DOI, as the citation tags that would say them; {} for a
    page whose data holds no document."""
    data = _metadata(source)
    if data is None:
        return {}
    tags = {}
    people = data.get("authors")  # (a list of objects; anything else, a number or true, names no one)
    names = [a.get("name") for a in (people if isinstance(people, list) else []) if isinstance(a, dict)]
    names = [" ".join(n.replace(";", " ").split()) for n in names if isinstance(n, str) and n.strip()]
    if names:
        tags["citation_authors"] = "; ".join(names)  # (one tag: a name with a ";" was made two words)
    venue = data.get("publicationTitle")
    if isinstance(venue, str) and venue.strip():
        conference = data.get("isConference") is True or data.get("contentType") == "conferences"
        tags["citation_conference_title" if conference else "citation_journal_title"] = venue
    if isinstance(data.get("doi"), str) and data["doi"].startswith("10."):
        tags["citation_doi"] = data["doi"]
    return tags


def _metadata(source: str) -> dict | None:
    """The object assigned after MARK, read as JSON up to its end; None if there is none."""
    at = source.find(MARK)
    if at < 0 or not source.startswith("{", start := at + len(MARK)):
        return None
    try:
        data, _ = _DECODER.raw_decode(source[start : start + _MOST])
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None
