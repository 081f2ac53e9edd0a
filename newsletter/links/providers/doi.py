"""DOIs: Crossref's metadata for the work.

    https://api.crossref.org/works/{doi}  ->  {"status": "ok", "message-type": "work", "message": {...}}

- Links: doi.org/10.x/y and dx.doi.org (http or https), and publisher links that carry the DOI
  in their path or query: /doi/10.x/y, /doi/abs|full|pdf|epdf/10.x/y (ACM, Wiley, Taylor &
  Francis, SAGE...) and ?doi=10.x/y or ?id=10.x/y (PLOS).
- Gives: message.title[0] (with its subtitle), authors from given + family (or an
  organisation's name), message["container-title"][0] as extras["journal"], the publisher,
  `published` from "published" (Crossref's earliest of print and online), else "issued",
  as precise as its date-parts (2015, 2015-01 or 2015-01-02); the JATS abstract as plain text;
  `url` https://doi.org/DOI; kind "book" for book types, "dataset", else "paper".
- Titles and abstracts may hold markup (<i>, MathML, <jats:p>): it becomes plain text.
- The page is read only when Crossref has no title: the landing pages of publishers are
  slow, heavy and often bot-walled, and Crossref already says it all.
- No "mailto" for Crossref's polite pool: there is no setting for an address yet.
- After any paper's page that names its DOI (citation_doi, dc.identifier) but not its authors
  or where it appeared (ScienceDirect's), Crossref fills those gaps (`wants`, `refine`); what
  the page says wins.

Failures: 404 means the DOI is not Crossref's (DataCite DOIs, of Zenodo or figshare, are
not) or does not exist: the page decides (doi.org redirects to it). Any other failure falls
back to the page too.
"""

from __future__ import annotations

import dataclasses
import html
import re
from urllib.parse import quote

from newsletter.errors import FetchError
from newsletter.links.dois import find_doi
from newsletter.links.fetch import Fetcher
from newsletter.links.name_order import full_name
from newsletter.links.providers.common import get_json, text_of
from newsletter.links.untrusted import truncate
from newsletter.models import Metadata

API = "https://api.crossref.org/works"
_BOOKS = {"book", "monograph", "edited-book", "reference-book", "book-set", "book-series"}
_TAG = re.compile(r"<[^>]{0,500}>")
_BLOCK = re.compile(r"</?(?:jats:)?(?:p|sec|title|list|list-item|br|div)\b[^>]{0,500}>")


def matches(url: str) -> bool:
    return find_doi(url) is not None


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    doi = find_doi(url)
    return await _crossref(fetcher, doi) or Metadata(extras={"doi": doi})  # else the page alone


def wants(url: str, meta: Metadata) -> bool:
    """A paper's page naming its DOI but not who wrote it or where it appeared, which Crossref
    says: ScienceDirect's head names neither (its byline and journal are drawn by a script)."""
    venue = meta.extras.get("journal") or meta.extras.get("conference")
    return meta.kind == "paper" and isinstance(meta.extras.get("doi"), str) and not (meta.authors and venue)


async def refine(fetcher: Fetcher, url: str, meta: Metadata) -> Metadata:
    """The page's metadata, its gaps filled from Crossref's (the page's own values win)."""
    if find_doi(url) is not None:  # a DOI's own link: Crossref was asked first (fetch)
        return meta
    found = await _crossref(fetcher, meta.extras["doi"])
    return dataclasses.replace(meta.merged_over(found), url=meta.url or url) if found else meta


async def _crossref(fetcher: Fetcher, doi: str) -> Metadata | None:
    """Crossref's metadata of the work, or None where it has none (or cannot be reached)."""
    if any(part in (".", "..") for part in doi.split("/")):
        # no DOI anyone registers: '10.1000/../../journals/x' (a link's, or a page's citation_doi)
        # asked Crossref's /journals/x, a journal's record, read as the paper's (its title)
        return None
    try:
        answer = await get_json(fetcher, f"{API}/{quote(doi, safe='/')}")
    except FetchError:
        return None
    work = answer.get("message") if isinstance(answer, dict) and answer.get("status") == "ok" else None
    if not isinstance(work, dict):
        return None
    title = _plain(_first(work.get("title")))
    subtitle = _plain(_first(work.get("subtitle")))
    if title and subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}"
    abstract = _abstract(work.get("abstract"))
    kind = text_of(work.get("type"))  # a list there was a TypeError (unhashable) that ended the build
    extras = {
        "doi": text_of(work.get("DOI")) or doi,
        "journal": _plain(_first(work.get("container-title"))) if kind not in _BOOKS else None,
        "publisher": text_of(work.get("publisher")),
        "abstract": abstract,
    }
    return Metadata(
        url=f"https://doi.org/{extras['doi']}",
        title=title,
        authors=_authors(work.get("author")),
        published=_date(work.get("published")) or _date(work.get("issued")),
        description=truncate(abstract),
        kind="book" if kind in _BOOKS else "dataset" if kind == "dataset" else "paper",
        language=text_of(work.get("language")),
        extras={k: v for k, v in extras.items() if v},
    )


def needs_page(meta: Metadata) -> bool:
    return meta.title is None


def _first(values):
    return values[0] if isinstance(values, list) and values else values if isinstance(values, str) else None


def _plain(markup) -> str | None:
    """Text of a Crossref string that may hold tags (<i>, <sub>, MathML) and entities."""
    if not isinstance(markup, str):
        return None
    text = _BLOCK.sub(" ", markup)  # paragraphs and headings part words; <i>, <sub> do not
    from newsletter.links.values import clean_text  # (here: see providers/__init__.py)

    return clean_text(html.unescape(_TAG.sub("", text)))


def _abstract(jats) -> str | None:
    if not isinstance(jats, str):
        return None
    # The heading ("Abstract") is a title, not the abstract's first word.
    jats = re.sub(r"<jats:title[^>]*>.*?</jats:title>", " ", jats, flags=re.S)
    return _plain(jats)


def _authors(people) -> list[str]:
    names = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        name = full_name(text_of(person.get("given")) or "", text_of(person.get("family")) or "")
        name = name or text_of(person.get("name"))
        if name:
            names.append(name)
    return names


def _date(value) -> str | None:
    """ISO date from Crossref's {"date-parts": [[2015, 1, 2]]}, as precise as it is given."""
    try:
        parts = [int(p) for p in value["date-parts"][0] if p is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not parts or not 1000 <= parts[0] <= 9999:
        return None
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])])
