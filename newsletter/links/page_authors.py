"""Who wrote a page: its head's author sources in order (JSON-LD, a paper's Highwire citation
tags, Dublin Core, microdata, the single author tags), weighed against the byline its reader
sees, a share card's "Written by" row as a last resort. People, never publishers: the site's
own names (`keys`, the title's " | Site" suffix and the host's labels) are no one's.
"""

from __future__ import annotations

import re

from newsletter.links.byline import body_authors, lead_in_byline
from newsletter.links.headline import story_heading
from newsletter.links.own_site import names_its_writer
from newsletter.links.page import Page
from newsletter.links.people import is_handle, person_cleaner
from newsletter.links.values import clean_text, dedupe, flip_name, norm_name, split_names

_COPYRIGHT_WORDS = re.compile(r"copyright|\(c\)|©|\b\d{4}\b|all rights reserved|[-–.,]", re.I)


def _publisher_named(names: list[str], page: Page) -> bool:
    """Whether `names` is the copyright holder the page names ("Copyright (c) Condé Nast
    2022"): a publisher filling one author tag while another names the writer. (Alone, it
    may be a blogger's own name on their own site: only a disagreement asks.)"""
    holders = {norm_name(_COPYRIGHT_WORDS.sub(" ", v)) for v in page.first("copyright")}
    return len(names) == 1 and norm_name(names[0]) in holders


_SINGLE_AUTHOR_TAGS = ("author", "article:author", "parsely-author", "sailthru.author", "byl", "cxenseparse:author")


# The labels of a share card's "Written by" row, in the languages Yoast SEO is translated to
_WRITTEN_BY = frozenset(
    ("written by", "verfasst von", "geschrieben von", "écrit par", "escrito por", "scritto da", "geschreven door")
)


def _written_by(page: Page, clean_person, keys: set[str]) -> list[str]:
    """The writer Yoast SEO (WordPress's most used SEO plugin) and LinkedIn's articles put in the
    share card's rows, `twitter:label1` "Written by" and `twitter:data1` "Ellyn Shook" (or one tag,
    `twitter:misc:Written by`), where the author tag is missing or an e-mail address and the byline
    is in no markup the body's readers know. It is the account that posted: a last resort, and only
    a name the page shows its readers (a sponsored post names none; its row names the editor who
    posted it). A one-word value is a login name ("Nachrichten", "admin"), no one's."""
    rows = [page.first(f"twitter:data{n}") for n in (1, 2) if _says_written_by(page.first(f"twitter:label{n}"))]
    rows += [page.first(f"twitter:misc:{label}") for label in _WRITTEN_BY]
    names = [name for row in rows for value in row[:1] for name in split_names(clean_text(value) or "")]
    names = [n for n in dedupe(filter(None, (clean_person(n, keys) for n in names))) if len(n.split()) >= 2]
    if not names or page.tree is None or page.tree.body is None:
        return []
    shown = " ".join(page.tree.body.text(separator=" ").split())
    return names if all(name in shown for name in names) else []


def _says_written_by(labels: list[str]) -> bool:
    """Whether the first of `labels` says "Written by", in one of its languages."""
    return bool(labels) and " ".join(labels[0].split()).casefold() in _WRITTEN_BY


def pick_authors(page: Page, site_name: str | None, keys: set[str], home: bool) -> list[str]:
    """People, never publishers: the first head source naming a person, as is when a second
    head source names the same people; else the body's visible byline when one list
    contains the other (co-authors the head left out, or editors and photographers it
    added), or when the head names no one. A bare login name is the last resort."""
    sources = [
        page.jsonld.authors(),
        [flip_name(n) for n in page.first("citation_author")],
        # Google Scholar's older tag, every author in one: PubMed's "John Jumper;Richard Evans",
        # IOP's and ACM's "Lankes, Stefan; Pickartz, Simon" (split before each is turned round)
        [flip_name(n) for v in page.first("citation_authors") for n in split_names(clean_text(v) or "")],
        [flip_name(n) for n in page.first("dc.creator", "dcterms.creator")],
        page.micro.authors(),
        # each tag's values together: an RFC's or a docs site's page gives each of its authors
        # a <meta name="author"> of their own, and a tag alone was a source, the first one winning
        *[values for key in _SINGLE_AUTHOR_TAGS if (values := page.first(key))],
    ]
    citations = sources[1:3]  # a paper's Highwire tags: every author, and only them
    head, handles, agreed = [], [], False
    clean_person = person_cleaner()
    # A host that spells a person's name under a site named otherwise ("Anisse Astier" at
    # anisse.astier.eu, "Simon Sarris" at simonsarris.substack.com) is that person's own
    # site, not a publisher posing as an author: only the site's name disqualifies them.
    people_keys = {norm_name(site_name)} if site_name else keys
    # A personal site named after its writer ("Haki Benita", the blog of Haki Benita): the name is theirs
    if names_its_writer(page, site_name, clean_person):
        people_keys = set()
    for source in sources:
        texts = filter(None, map(clean_text, source))  # entities first: "O&#039;Neil" holds a ";"
        names = [n for text in texts for n in split_names(text)]
        cleaned = dedupe(filter(None, (clean_person(n, people_keys if " " in n else keys) for n in names)))
        handles += [n for n in cleaned if is_handle(n)]
        cleaned = [n for n in cleaned if not is_handle(n)]
        if cleaned and head:
            agreed = _folded(cleaned) == _folded(head)
            # a JSON-LD naming a paper's first authors where its citation tags name all (Semantic Scholar)
            fuller = any(source is tags for tags in citations) and _folded(head) < _folded(cleaned)
            if not agreed and (fuller or _publisher_named(head, page)):
                head = cleaned  # Condé Nast's <meta name=author>, its writer's in article:author
            break
        if cleaned:
            head = cleaned
    if agreed:
        return head  # two head sources name the same people: no need to read the byline
    # a site's front page lists other pages' bylines under their teasers, none its own
    body = [] if home else body_authors(page.tree, page.marks, people_keys, whole=not head, clean=clean_person)
    if not head and not body and page.marks and not home:
        headline = story_heading(page.marks, page.title) or page.marks[0]
        body = lead_in_byline(headline, people_keys, clean_person)
    heads, bodies = {n.casefold() for n in head}, {n.casefold() for n in body}
    # (but a paper's citation_author tags list every author, and only them: a page showing
    # fewer shows the first few, "Havell Markus, Jun Zhao et al.")
    if head and body and (heads < bodies or bodies < heads and not _cites_every_author(page)):
        return body  # the byline a reader sees decides: co-authors added, or editors left out
    return head or body or _written_by(page, clean_person, people_keys) or dedupe(handles)[:1]


def _folded(names: list[str]) -> set[str]:
    return {n.casefold() for n in names}


def _cites_every_author(page: Page) -> bool:
    return bool(page.meta.get("citation_author") or page.meta.get("citation_authors"))
