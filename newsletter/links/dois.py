"""The DOI a link names, from its address alone: pure functions of a URL, no network, so that
finding a paper shared twice (same_work) loads no HTTP client.

- `find_doi`: a DOI's own link (doi.org/10.…, dx.doi.org), a page under /doi/ (ACM, Wiley,
  Taylor & Francis, ACS, Science, PNAS, SAGE…), a ?doi= or ?id= query. Crossref is asked for
  these (providers/doi.py).
- `paper_doi`: those, and the publishers whose paper pages name the DOI in their own way:
  Springer's /article/10.1007/…, Nature's /articles/s41586-… (its DOIs are 10.1038/ and the
  article's name) and Cold Spring Harbor's preprint servers, bioRxiv's and medRxiv's
  /content/10.1101/…v2, whose versions and views (.full, .full.pdf) are one work.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from newsletter.links.urls import host

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_IN_PATH = re.compile(r"/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|book|chapter)/)?(10\.\d{4,9}/.+)")
_PRINT = r"(?:v\d+)?(?:\.full(?:\.pdf|-text)?|\.abstract)?/?"  # a preprint's version and view
_PAGES = {
    "link.springer.com": re.compile(
        r"/(?:article|chapter|referenceworkentry|content/pdf)/(10\.\d{4,9}/[^?#]+?)(?:\.pdf)?/?"
    ),
    "nature.com": re.compile(r"/articles/([a-z0-9][a-z0-9.\-]*?)(?:\.pdf)?/?", re.I),
    "biorxiv.org": re.compile(rf"/content/(10\.1101/[0-9.]+?){_PRINT}"),
    "medrxiv.org": re.compile(rf"/content/(10\.1101/[0-9.]+?){_PRINT}"),
}


def find_doi(url: str) -> str | None:
    """The DOI a link names, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = unquote(parts.path)
    candidate = None
    if host(url) in ("doi.org", "dx.doi.org"):
        candidate = path.lstrip("/")
    elif m := _IN_PATH.search(path):
        candidate = m.group(1)
    else:
        query = parse_qs(parts.query)
        candidate = next((v[0] for k in ("doi", "id") if (v := query.get(k)) and v[0].startswith("10.")), None)
    candidate = (candidate or "").strip().rstrip("/")
    return candidate if _DOI.fullmatch(candidate) else None


def paper_doi(url: str) -> str | None:
    """The DOI of the paper a link's address names, its publisher's page's too, or None."""
    pattern = _PAGES.get(host(url))
    try:
        found = pattern.fullmatch(unquote(urlsplit(url).path)) if pattern else None
    except ValueError:
        return None
    if found:
        return found[1] if found[1].startswith("10.") else f"10.1038/{found[1]}"
    return find_doi(url)
