"""CSL-JSON, as Zotero (and Mendeley, Zotero's Better BibTeX, citeproc tools) export it: papers.

A list of items: `id`, `type` (article-journal, paper-conference, book, webpage…), `title`,
`author` (`{family, given}` or `{literal}`), `DOI`, `container-title`, `URL`, `issued` and `accessed` as
`{"date-parts": [[2020, 3, 5]]}` (or `{"raw": "…"}`), `keyword`, `note`, `abstract`.
The entry's date is `accessed` (CSL-JSON carries no date added); `issued` is kept as the
publication date. Schema: https://github.com/citation-style-language/schema (csl-data.json)
"""

from __future__ import annotations

import datetime as dt
import re

from newsletter.importers.common import ExportError, Record, clean, json_data, text_of, web_link, when
from newsletter.importers.model import Parsed, SavedItem
from newsletter.importers.preprints import arxiv_page, not_a_reference
from newsletter.links.name_order import full_name

NAME = "csl-json"
KINDS = {  # CSL types that are not papers (every other type is one); None: the link decides
    "book": "book",
    "webpage": None,
    "post-weblog": None,
    "post": None,
    "article-newspaper": None,
    "article-magazine": None,
    "motion_picture": "video",
    "broadcast": "video",
    "song": "podcast",
    "software": "tool",
    "interview": "podcast",
}


# Zotero's titles hold its rich text as these tags (italic species names, "<i>Aedes aegypti</i>";
# sub- and superscripts, "CO<sub>2</sub>"), which its exports and API give as typed: the email
# showed "<i>" where it escapes what a title holds. They go, their words stay. (citeproc-js's set:
# https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)
_RICH_TEXT = re.compile(r'</?(?:i|b|sc|sup|sub)>|<span (?:class="nocase"|style="font-variant: ?small-caps;?")>|</span>')


def plain(text: str | None) -> str | None:
    """A title or journal of Zotero's without its rich text's tags."""
    return " ".join(_RICH_TEXT.sub("", text).split()) or None if text else text


def parse(text: str, name: str) -> Parsed:
    data = json_data(text, name)
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise ExportError(f"{name}: expected a list of CSL-JSON items")
    parsed = Parsed(NAME)
    for number, raw in enumerate(data, start=1):
        fields = Record(raw if isinstance(raw, dict) else {}, f"{name}: item {number}", parsed.warnings)
        title = plain(fields.text("title"))
        if not title:
            parsed.warnings.append(f"{name}: skipped item {number}: no title")
            continue
        doi = (fields.text("DOI") or "").removeprefix("https://doi.org/") or None
        note = fields.text("note", lines=True)
        url = web_link(raw.get("URL")) or arxiv_page("", note or "") or (f"https://doi.org/{doi}" if doi else None)
        kind = KINDS.get(fields.text("type") or "", "paper")
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=fields.text("id", number=True) or doi or url or title,
                title=title,
                url=url,
                saved_at=_moment(raw.get("accessed")),
                authors=[who for person in _people(raw) if (who := _person(person, fields))],
                tags=fields.tags("keyword", ",;"),
                kind=kind,
                doi=doi,
                issued=_day(raw.get("issued"), fields),
                # the journal a researcher cites a paper by (Mariana's export named it; her email did not)
                journal=plain(fields.text("container-title")) if kind == "paper" else None,
                note=not_a_reference(note),  # (Zotero's "arXiv:2310.06825 [cs]" is no one's note)
                excerpt=fields.text("abstract", lines=True),
            )
        )
    return parsed


def _people(raw: dict) -> list:
    people = raw.get("author") or raw.get("editor") or []
    return people if isinstance(people, list) else []


def _person(person, fields: Record) -> str | None:
    """A name from a CSL name: {literal}, {given, family}, or (not CSL, but plain) a string."""
    if not isinstance(person, dict):
        return fields.text("author", value=person)
    if person.get("literal"):
        return fields.text("author", value=person["literal"])
    given, family = (fields.text("author", value=person.get(part)) or "" for part in ("given", "family"))
    return clean(full_name(given, family)) or None


def _day(value, fields: Record | None = None) -> str | None:
    """A CSL date as ISO text, as precise as it is: '2020', '2020-03', '2020-03-05'."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}" if 0 < value < 10_000 else None  # a year alone, not CSL's shape but plain
    if not isinstance(value, dict):
        return fields.text("issued", value=value) if fields else text_of(value)
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(part) for part in parts[0][:3]]
        except (TypeError, ValueError):
            return None
        return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    raw = value.get("raw") or value.get("literal")
    return fields.text("issued", value=raw) if fields else text_of(raw)


def _moment(value) -> dt.datetime | None:
    """A CSL date as a moment, when it names a day (a month alone says too little)."""
    day = _day(value)
    return when(day) if day and len(day) >= 10 else None
