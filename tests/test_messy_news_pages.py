"""What news pages from many countries put in their metadata that a reader must not see.

Each page here is cut down from a real outlet's markup (fundus and NAEB corpora): the
tags and their order as the site writes them, only the story shortened.
"""

from __future__ import annotations

from newsletter.links.extract import extract_metadata

URL = "https://www.zeitung.example/inhalt.rueckbau-kuehltuerme-gesprengt.html"


def test_jsonld_description_escaped_twice_reads_as_words():
    # A CMS that escapes its text as HTML, then again as it writes the JSON-LD into the page
    page = """<!DOCTYPE html><html lang="de"><head>
<meta name="description" content="Die Sprengung der K&uuml;hlt&uuml;rme markiert das Ende einer &Auml;ra.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"K&amp;uuml;hlt&amp;uuml;rme von AKW Gundremmingen gesprengt",
"description":"Die Sprengung der K&amp;uuml;hlt&amp;uuml;rme markiert das Ende einer &amp;Auml;ra &ndash; \
und macht Platz."}</script>
</head><body><h1>Kühltürme von AKW Gundremmingen gesprengt</h1></body></html>"""
    meta = extract_metadata(page, URL)
    assert meta.description == "Die Sprengung der Kühltürme markiert das Ende einer Ära – und macht Platz."
    assert meta.title == "Kühltürme von AKW Gundremmingen gesprengt"
