"""BibTeX, as Zotero, JabRef and Better BibTeX export it: papers with authors, DOI or URL.

Parsed with bibtexparser 2 (https://bibtexparser.readthedocs.io/), which decodes LaTeX (`{\\"u}`
→ ü), splits `and`-joined authors and reports each block it cannot parse with its line, so one
broken entry is a warning and the others import. The entry's date is when it was added or
accessed: `urldate`, else `dateadded`/`timestamp`/`added-at` (Better BibTeX, JabRef, BibSonomy);
`date`, or `year` and `month`, is kept as the publication date (`issued`).

A preprint's link is its arXiv page when the entry names none but its `eprint` there
(`archivePrefix = {arXiv}`, biblatex's `eprinttype = {arxiv}`) or only its reference in its
note or journal, which are then neither (importers/preprints.py).
`and others` closes a list of authors that goes on (BibTeX's "et al."): it is no one, and the
stub names no authors then, so the link's page names them all (with no link to read, those
listed are kept).
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares, model
from bibtexparser.middlewares.names import SplitNameParts, parse_single_name_into_parts

from newsletter.errors import aside
from newsletter.importers.common import clean, tag_list, web_link, when
from newsletter.importers.model import Parsed, SavedItem
from newsletter.importers.preprints import arxiv_page, not_a_reference
from newsletter.links.name_order import full_name

NAME = "bibtex"
ADDED = ("urldate", "dateadded", "date-added", "timestamp", "added-at")
KINDS = {  # entry types that are not papers (every other type is one); None: the link decides
    "book": "book",
    "inbook": "book",
    "online": None,
    "webpage": None,
    "misc": None,
    "software": "tool",
    "video": "video",
    "audio": "podcast",
}
MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}


def parse(text: str, name: str) -> Parsed:
    parsed = Parsed(NAME)
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures become our warnings
    library = bibtexparser.parse_string(
        text, append_middleware=[_Clipped(), _Decoded(), middlewares.SeparateCoAuthors(), _PeopleNames()]
    )
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        error = getattr(block, "error", None)
        reason = clean(getattr(error, "abort_reason", None) or getattr(error, "message", None) or error)
        if isinstance(block, model.MiddlewareErrorBlock):  # (_Decoded's: a message of bibtexparser's insides)
            reason = "its LaTeX cannot be read: braces nested thousands deep, or a command cut short"
        parsed.warnings.append(
            f"{name}:{line}: skipped an entry that cannot be parsed {aside(reason[:160] or 'bad syntax')}"
        )
    for entry in library.entries:
        fields = {key.lower(): value for key, value in entry.fields_dict.items()}
        value = {key: field.value for key, field in fields.items()}.get
        title = clean(value("title"))
        if not title:
            parsed.warnings.append(f"{name}:{(entry.start_line or 0) + 1}: skipped @{entry.key}: no title")
            continue
        doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", clean(value("doi"))) or None
        # a web page's address is often given as `howpublished = {\url{...}}` (natbib's styles
        # print no url field), the \url decoded away by then
        url = web_link(value("url")) or web_link(value("howpublished")) or _arxiv_page(value)
        url = url or (f"https://doi.org/{doi}" if doi else None)
        accessed = _ACCESSED.fullmatch(clean(value("note")))
        added = next((when(clean(value(key))) for key in ADDED if value(key)), None)
        read_on = _day_read(accessed[1]) if accessed else None  # (words that name no day are a note)
        added = added or read_on
        authors = value("author") or value("editor") or []
        authors = authors if isinstance(authors, list) else [authors]
        if any(clean(author).casefold() == "others" for author in authors):
            authors = [] if url else [a for a in authors if clean(a).casefold() != "others"]
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=entry.key,
                title=title,
                url=url,
                saved_at=added,
                authors=[clean(author) for author in authors],
                tags=tag_list(value("keywords"), ",;"),
                kind=KINDS.get(entry.entry_type.lower(), "paper"),
                doi=doi,
                issued=_issued(value),
                journal=not_a_reference(clean(value("journal") or value("booktitle"))),
                note=None if read_on else not_a_reference(clean(value("note"), lines=True)),
                excerpt=clean(value("abstract"), lines=True) or None,
            )
        )
    return parsed


MAX_FIELD = 20_000  # characters of a field decoded: a long abstract is a few thousand


class _Clipped(middlewares.BlockMiddleware):
    """Each field (and @string) cut to MAX_FIELD characters before its LaTeX is decoded: the
    decoder's time grows with the square of a field's length, and a .bib file holding a title of
    1.6 million characters took a minute to import, one of 5 million more than five."""

    def __init__(self):
        super().__init__(allow_inplace_modification=True)  # no copy of the long value first

    def transform_entry(self, entry, library):
        for field in entry.fields:
            if isinstance(field.value, str) and len(field.value) > MAX_FIELD:
                field.value = field.value[:MAX_FIELD]
        return entry

    def transform_string(self, string, library):
        if isinstance(string.value, str) and len(string.value) > MAX_FIELD:
            string.value = string.value[:MAX_FIELD]
        return string


_VERBATIM = ("url", "doi", "eprint")  # addresses and ids: their ~ & % _ are theirs, not LaTeX's
_ESCAPED = re.compile(r"\\([_%&#$])")  # an exporter's escaped \_ or \% in an address
_URL_COMMAND = re.compile(r"\s*\\url\{([^{}]*)\}\s*")


class _Decoded(middlewares.LatexDecodingMiddleware):
    """LaTeX decoded in every field but an address or an id, and `\\url{...}`'s address kept as
    written: decoded, the ~ of a university's https://www.cs.toronto.edu/~hinton/ became a
    space, Wikipedia's ...?title=X&oldid=1 lost its &, and a %20 cut the address there (%
    starts a comment in LaTeX)."""

    def transform_entry(self, entry, library):
        kept = {}
        for field in entry.fields:
            if not isinstance(field.value, str):
                continue
            if field.key.lower() in _VERBATIM:
                kept[field.key] = _ESCAPED.sub(r"\1", field.value.strip())
            elif found := _URL_COMMAND.fullmatch(field.value):  # howpublished = {\url{...}}
                kept[field.key] = _ESCAPED.sub(r"\1", found[1].strip())
        entry = super().transform_entry(entry, library)
        if isinstance(entry, model.MiddlewareErrorBlock):  # LaTeX it could not decode: skipped, with why
            return entry
        for field in entry.fields:
            field.value = kept.get(field.key, field.value)
        return entry


class _PeopleNames(SplitNameParts):
    """Each name as its people write it. 'Müller, Jürgen' says which part is the family name and
    becomes 'Jürgen Müller' (田中, 太郎 becomes 田中太郎: importers/names.py); a name without a comma
    is already in the order it is said ('Jan van Eyck', '田中 太郎'), and is kept so: split as
    'First Last', a Japanese name written family first was turned round into '太郎田中'."""

    def _transform_field_value(self, names: list[str]) -> list[str]:
        return [_written(name) for name in names]


def _written(name: str) -> str:
    parts = parse_single_name_into_parts(name)  # InvalidNameError: the entry is skipped, with why
    bare = name
    while bare != (bare := _BRACED.sub("", bare)):  # braces hold commas of a name ({Barnes, Inc.})
        pass
    if "," not in bare:
        return " ".join(parts.first + parts.von + parts.last + parts.jr)
    return " ".join([full_name(" ".join(parts.first), " ".join(parts.von + parts.last)), *parts.jr])


_BRACED = re.compile(r"\{[^{}]*\}")


def _arxiv_page(value) -> str | None:
    """The arXiv page of a preprint named by its `eprint` there, or by a note or journal that is only its reference."""
    arxiv = clean(value("archiveprefix") or value("eprinttype")).casefold() == "arxiv"
    return arxiv_page(clean(value("eprint")) if arxiv else "", clean(value("note")), clean(value("journal")))


# A note saying only when the page was read, as Wikipedia's "Cite this page" writes it ("[Online;
# accessed 3-December-2026]") and hand-kept libraries do ("Accessed: 2026-11-30"): the day it
# was saved, where no urldate says it, and no one's note
_ACCESSED = re.compile(
    r"\[?\s*(?:online\s*[;,.]?\s*)?(?:last\s+)?(?:accessed|retrieved|visited|viewed)(?:\s+on)?\s*:?\s*"
    r"([^\]]{4,40}?)\s*\]?\s*\.?",
    re.I,
)


def _day_read(text: str):
    """The day a note names in words or digits ("3-December-2026", "30 Nov 2026"), or None."""
    from newsletter.links.date_values import parse_date

    day = parse_date(text) or parse_date(text.replace("-", " "))
    return when(day) if day else None


def _issued(value) -> str | None:
    if value("date"):
        return clean(value("date"))
    year = clean(value("year"))
    if not re.fullmatch(r"\d{4}", year):
        return year or None
    month = clean(value("month")).lower()
    # ASCII digits only: "²".isdigit() is true, and int("²") raised ValueError out of `import`
    number = MONTHS.get(month[:3]) or (
        int(month) if re.fullmatch(r"[0-9]{1,2}", month) and 1 <= int(month) <= 12 else None
    )
    return f"{year}-{number:02d}" if number else year
