"""An arXiv preprint as reference managers name it: by its eprint id (arXiv's own "Export
BibTeX", `eprint = {2310.06825}`), or by a reference in a field meant for words, Zotero's note
("arXiv:2310.06825 [cs]", its Extra field, in BibTeX and CSL-JSON alike) and Google Scholar's
journal ("arXiv preprint arXiv:2310.06825"). Such a reference is the link, not a note or a
journal: imported as the reader's notes, it was shown as theirs under the paper."""

from __future__ import annotations

import re

_PAPER_ID = r"((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?)"
_ARXIV_ID = re.compile(rf"(?:arxiv:)?{_PAPER_ID}", re.I)
_REFERENCE = re.compile(rf"(?:arxiv preprint\s+)?arxiv:\s*{_PAPER_ID}(?:\s*\[[\w.-]+\])?", re.I)


def not_a_reference(text: str | None) -> str | None:
    """The text, unless it is empty or only an arXiv reference (the link says that)."""
    return None if not text or _REFERENCE.fullmatch(text) else text


def arxiv_page(eprint: str = "", *fields: str) -> str | None:
    """The abstract page of the preprint an `eprint` id (given only where the entry says it is
    arXiv's) or the first field that is only its reference names, or None."""
    found = _ARXIV_ID.fullmatch(eprint) if eprint else None
    for text in fields:
        found = found or _REFERENCE.fullmatch(text)
    return f"https://arxiv.org/abs/{found[1]}" if found else None
