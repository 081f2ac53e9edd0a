"""A paper's facts as a researcher cites it: its first authors "et al.", where it appeared
(the journal or conference, else its arXiv number), its year and its DOI.

Mariana, a public-health researcher, read her edition's papers as "Lucía García-Ramírez,
Tomás Hernández, Katrin Müller, Chidi Okonkwo, Ana María Santos Peña, Jon Wakefield · arXiv.org",
with every author and no year, and a PubMed Central article as "… · PubMed Central (PMC)": the
archive that hosts it, not The Lancet Regional Health – Americas that published it; the DOI
the page and her Zotero export gave was shown nowhere. What the entry says (its `doi`, its
`issued`) wins over what the page or an API said, as everywhere.
"""

from __future__ import annotations

import re

from newsletter.models import Entry

# Vancouver (ICMJE) lists up to six authors and then three "et al."; an email's line under a
# title has room for fewer, so more than four are the first three "et al.".
SHOWN_AUTHORS = 3
MOST_LISTED = 4
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
# How a DOI is often written where the bare one is meant: as a reference list prints it
# ("doi:10.1/x"), or as the link Crossref asks DOIs be shown as ("https://doi.org/10.1/x")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.IGNORECASE)


def authors(people: list[str], et_al: str) -> str:
    """The authors as a citation names them: all of four or fewer, else the first three et al."""
    if len(people) <= MOST_LISTED:
        return ", ".join(people)
    return f"{', '.join(people[:SHOWN_AUTHORS])} {et_al}"


def venue(entry: Entry) -> str | None:
    """Where the paper appeared: its journal or conference, else its arXiv number."""
    if entry.journal and entry.journal.strip():  # the entry's own, as `import` writes it from Zotero
        return entry.journal.strip()
    extras = entry.meta.extras
    for key in ("journal", "conference"):
        if isinstance(name := extras.get(key), str) and name.strip():
            return name.strip()
    # (NASA ADS's abstract pages write their citation_arxiv_id "arXiv:1108.0669", prefix and all)
    if isinstance(arxiv := extras.get("arxiv_id"), str) and (number := _ARXIV_PREFIX.sub("", arxiv.strip())):
        return f"arXiv:{number}"
    return None


def year(entry: Entry) -> str | None:
    """The year it was published: the entry's `issued`, else the date the page or API gave."""
    for said in (entry.issued, entry.meta.published):
        if said and (found := _YEAR.search(str(said))):
            return found[1]
    return None


def doi(entry: Entry) -> str | None:
    """ "doi:10.1056/…", the form a reference list prints; None without one. An entry's `doi:`
    copied with its prefix or as a link showed "doi:doi:10.1/x", "doi:https://doi.org/10.1/x"."""
    said = entry.doi or entry.meta.extras.get("doi")
    bare = _DOI_PREFIX.sub("", said.strip(), count=1).strip() if isinstance(said, str) else ""
    return f"doi:{bare}" if bare else None
