"""Formats are told apart by content, never by name; anything else is a clear error."""

import csv
import zipfile

import pytest
from importer_samples import SAMPLES, omnivore_zip, pocket_zip

from newsletter.errors import NewsletterError
from newsletter.importers import FORMATS, common, detect, parse_file

EXPECTED = {
    "bookmarks.html": "bookmarks-html",
    "pocket.html": "bookmarks-html",
    "pocket.csv": "pocket",
    "instapaper.csv": "instapaper",
    "omnivore/metadata_0_to_3.json": "omnivore",
    "raindrop.csv": "raindrop",
    "pinboard.json": "pinboard",
    "readwise.csv": "readwise",
    "My Clippings.txt": "kindle",
    "goodreads_library_export.csv": "goodreads",
    "storygraph.csv": "storygraph",
    "zotero.json": "csl-json",
    "zotero.bib": "bibtex",
    "hypothesis.json": "hypothesis",
}


@pytest.mark.parametrize("name", EXPECTED)
def test_detected_by_content_even_when_renamed(tmp_path, name):
    renamed = tmp_path / "export.dat"
    renamed.write_bytes((SAMPLES / name).read_bytes())
    assert detect(SAMPLES / name) == EXPECTED[name]
    assert detect(renamed) == EXPECTED[name]


def test_a_csv_field_that_looks_like_bibtex_does_not_fool_detection(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text('Highlight,Book Title\n"Cite it as\n@article{x,\n  title = {y}}",A book\n')
    assert detect(path) == "readwise"


def test_zips_detected_by_their_members(tmp_path):
    assert detect(pocket_zip(tmp_path)) == "pocket"
    assert detect(omnivore_zip(tmp_path)) == "omnivore"


def test_every_format_has_a_sample():
    assert set(EXPECTED.values()) == set(FORMATS)


@pytest.mark.parametrize(
    "content, why",
    [
        (b"", "the file is empty"),
        (b"just some notes\nnothing else\n", "not an export this tool recognises"),
        (b"name,email\nAda,ada@example.com\n", "not an export this tool recognises"),
        (  # a reading list of one's own, with some of Goodreads' columns but not its shelves
            b"Book Id,Title,Author,Date Read\n1,Dune,Frank Herbert,2024/01/02\n",
            "not an export this tool recognises",
        ),
        (  # a StoryGraph-like list without its dates
            b"Title,Authors,Read Status,Star Rating\nPiranesi,Susanna Clarke,read,4.5\n",
            "not an export this tool recognises",
        ),
        (b'{"hello": "world"}', "JSON, but not of a shape this tool recognises"),
        (b'[{"foo": 1}]', "JSON, but not of a shape this tool recognises"),
        (
            b'<!DOCTYPE html><html><title>A saved page</title><a href="https://example.com">link</a>',
            "not an export this tool recognises",
        ),
    ],
)
def test_an_unknown_format_lists_the_known_ones(tmp_path, content, why):
    path = tmp_path / "bookmarks.html"  # the name promises a format; the content decides
    path.write_bytes(content)
    with pytest.raises(NewsletterError) as error:
        detect(path)
    message = error.value.message
    assert message.startswith(f"{path}: {why}; the formats import knows are:\n")
    for name, description in FORMATS.items():
        assert f"\n  {name}: {description}" in message


def test_a_zip_of_something_else(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/cat.jpg", b"\xff\xd8")
    with pytest.raises(NewsletterError, match="a zip file without Pocket's part_\\*.csv or Omnivore's"):
        parse_file(path)


def test_text_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "pocket.csv"
    path.write_bytes(b"title,url,time_added\n" + b"ok,https://example.com/a,1\n" * 5000 + b"Caf\xe9,https://x.org,1\n")


@pytest.mark.parametrize("name", ["pinboard.json", "pocket.csv"])  # read whole, and streamed
def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch, name):
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 100)
    path = tmp_path / name
    path.write_bytes((SAMPLES / name).read_bytes())
    with pytest.raises(NewsletterError, match="bytes is more than the 100 an export may have"):
        parse_file(path)


def test_a_bad_byte_deep_in_a_streamed_file_names_its_line(tmp_path):
    path = tmp_path / "pocket.csv"
    path.write_bytes(b"title,url,time_added\n" + b"ok,https://example.com/a,1\n" * 5000 + b"Caf\xe9,https://x.org,1\n")
    with pytest.raises(NewsletterError, match=r"pocket.csv:5002: not UTF-8 text \(byte 0xe9\)"):
        parse_file(path)


def test_invalid_json_of_a_known_shape_names_its_line(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('[{"href": "https://example.com", "time": "2020-01-01T00:00:00Z"},\n{"href": }]')
    with pytest.raises(NewsletterError, match=r"export.json:2: not valid JSON \(Expecting value\)"):
        parse_file(path)


def test_a_zip_member_over_the_cap_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(common, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "pocket.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part_000000.csv", "title,url,time_added\n" + "x,https://example.com,1\n" * 1000)
    with pytest.raises(NewsletterError, match="part_000000.csv is 24,021 bytes uncompressed, more than the 1,000"):
        parse_file(path)


def test_a_field_over_the_cap_skips_its_row_only(tmp_path, monkeypatch):
    monkeypatch.setattr(common, "MAX_FIELD_CHARS", 1000)
    old = csv.field_size_limit(1000)
    try:
        path = tmp_path / "pocket.csv"
        path.write_text(f"title,url,time_added\n{'x' * 2000},https://example.com/a,1\nok,https://example.com/b,2\n")
        parsed = parse_file(path)
    finally:
        csv.field_size_limit(old)
    assert [item.url for item in parsed.items] == ["https://example.com/b"]
    assert parsed.warnings == [f"{path}:2: skipped a row that cannot be read (field larger than field limit, 1000)"]


def test_a_big_bookmark_file_is_parsed_quickly(tmp_path):
    rows = "\n".join(
        f'<DT><A HREF="https://example.com/{n}" ADD_DATE="{1600000000 + n}" TAGS="t{n % 7}">Page {n}</A>'
        for n in range(20_000)
    )
    path = tmp_path / "big.html"
    path.write_text(f"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n{rows}\n</DL><p>\n")
    parsed = parse_file(path)
    assert len(parsed.items) == 20_000 and parsed.items[-1].title == "Page 19999"
