"""Control characters in what a page says: dropped quietly, never taken for a wrong charset."""

import pytest

from newsletter.delivery.readiness import undecodable
from newsletter.links.decode import without_nul
from newsletter.links.extract import extract_metadata
from newsletter.models import Entry

PAGES = {
    "nul-byte": b"<html><head><title>Hello\x00 World</title></head></html>",
    "nul-reference": b"<html><head><title>Hello&#0; World&#x000;</title></head></html>",
    "nul-reference-unended": b"<html><head><title>Hello&#00 World</title></head></html>",
    "nul-in-attribute": b'<html><head><meta property="og:title" content="Hello\x00 World"></head></html>',
    "nul-in-latin-1": b'<html><head><meta charset="iso-8859-1"><title>Hello\x00 World</title></head></html>',
}


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_a_nul_in_a_title_is_dropped(page):
    for given in (page, page.decode("latin-1")):
        assert extract_metadata(given, "https://example.org/post").title == "Hello World"


def test_other_characters_and_references_stay():
    page = b"<title>Caf\xc3\xa9 &#10; &#01;&#x0A;&#100;&#x20;x</title>"
    assert extract_metadata(page, "https://example.org/post").title == "Café d x"
    assert without_nul(b"<p>a\x00b&#0;c&#x0&#039;</p>") == b"<p>abc&#039;</p>"


def test_a_title_that_held_a_nul_is_not_blamed_on_the_encoding(tmp_path):
    meta = extract_metadata(PAGES["nul-byte"], "https://example.org/post")
    entry = Entry(path=tmp_path / "e.md", type="article", url="https://example.org/post", date=None, meta=meta)
    assert undecodable([entry]) == []
