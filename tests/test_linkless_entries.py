"""Entries without a link (a Kindle book, a Readwise document): read, rendered unlinked, never fetched."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.build import build
from newsletter.cli import main
from newsletter.read import Problem, parse_entry, scan_archive

BOOK = """\
---
type: book
date: 2021-02-20
title: "Thinking in Systems"
authors: ["Donella H. Meadows"]
---
A primer on stocks and flows.

> Everything we think we know about the world is a model.
> (location 320)
"""
HIGHLIGHTS_ONLY = """\
---
type: article
date: 2021-02-21
title: "A note kept in Omnivore"
imported: {source: "omnivore", id: "abc-123"}
---
Worth a re-read.
"""


def test_a_book_and_an_imported_item_may_go_without_a_url(tmp_path):
    book, warnings = parse_entry(tmp_path / "b.md", BOOK)
    assert book.url is None and warnings == []
    note, warnings = parse_entry(tmp_path / "n.md", HIGHLIGHTS_ONLY)
    assert note.url is None and warnings == []
    assert note.imported == [{"source": "omnivore", "id": "abc-123"}]


def test_an_article_without_a_url_or_an_import_is_still_an_error(tmp_path):
    text = HIGHLIGHTS_ONLY.replace('imported: {source: "omnivore", id: "abc-123"}\n', "")
    with pytest.raises(Problem, match="missing `url`"):
        parse_entry(tmp_path / "x.md", text)


def test_a_linkless_entry_needs_a_title(tmp_path):
    with pytest.raises(Problem, match="needs a `title:`"):
        parse_entry(tmp_path / "x.md", BOOK.replace('title: "Thinking in Systems"\n', ""))


def test_doi_issued_and_imported_are_known_keys(tmp_path):
    text = BOOK.replace(
        "---\nA primer",
        'doi: "10.1/x"\nissued: "2008"\n'
        'imported: [{source: "kindle", id: "T"}, {source: "readwise", id: "B01", url: "https://e.org/"}]'
        "\n---\nA primer",
    )
    entry, warnings = parse_entry(tmp_path / "b.md", text)
    assert warnings == [] and entry.doi == "10.1/x" and entry.issued == "2008"
    assert [mark["source"] for mark in entry.imported] == ["kindle", "readwise"]


def test_a_broken_imported_key_names_its_line(tmp_path):
    with pytest.raises(Problem, match="`imported:` is written by `newsletter import`") as caught:
        parse_entry(tmp_path / "n.md", HIGHLIGHTS_ONLY.replace('{source: "omnivore", id: "abc-123"}', "yes"))
    assert caught.value.line == 5


def test_scan_archive_exposes_imported_keys_for_sync(tmp_path):
    folder = tmp_path / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    (folder / "book.md").write_text(BOOK)
    (folder / "note.md").write_text(HIGHLIGHTS_ONLY)
    (folder / "linked.md").write_text(
        HIGHLIGHTS_ONLY.replace("type: article\n", "type: article\nurl: https://e.org/a\n")
    )
    saved, findings = scan_archive(tmp_path / "entries")
    assert findings == []
    found = {item.path.name: (item.url, item.imported) for item in saved}
    assert found == {
        "book.md": (None, ()),
        "note.md": (None, ({"source": "omnivore", "id": "abc-123"},)),
        "linked.md": ("https://e.org/a", ({"source": "omnivore", "id": "abc-123"},)),
    }


def test_the_outputs_show_a_linkless_title_unlinked_and_nothing_is_fetched(example_workspace):
    (example_workspace / "entries" / "2021" / "02" / "thinking-in-systems.md").write_text(BOOK)
    result = build(example_workspace, "2021-02", offline=True)
    post, text, html = result.outputs.post, result.outputs.text, result.outputs.html
    assert "\n## [Book] Thinking in Systems\n" in post
    assert "BOOKS\n=====\n\nThinking in Systems\n" in text  # (its heading says it is a book)
    # (its words in their own direction, as every title: a Hebrew one in an English edition)
    assert '<span dir="auto">Thinking in Systems</span></h3>' in html and 'href="None"' not in html
    assert all(failure.url for failure in result.failures)  # no failure for a missing link


def test_check_skips_link_checks_for_a_linkless_entry(example_workspace):
    (example_workspace / "entries" / "2021" / "02" / "thinking-in-systems.md").write_text(BOOK)
    result = CliRunner().invoke(main, ["-w", str(example_workspace), "check", "2021-02", "--offline"])
    assert "thinking-in-systems.md" not in result.output, result.output


@pytest.mark.parametrize(
    "lines",
    [
        'url: https://e.org/a?b=1&c=2\nimported: {source: "x", id: "y \\"q\\" \\u00e9 \\\\ z", url: "https://e.org/a"}',
        'url: "https://e.org/a"\nimported: {source: "x", id: "1"}',
        'url: https://e.org/a\nimported: {source: x, id: "1"}',  # a hand-written form: YAML decides
        'url: https://e.org/a\nimported:\n  source: "x"\n  id: "2"',
        "url: 'https://e.org/a'\ndraft: false",
    ],
)
def test_the_archive_scan_reads_front_matter_as_the_entry_reader_does(tmp_path, lines):
    path = tmp_path / "entries" / "2021" / "02" / "e.md"
    path.parent.mkdir(parents=True)
    path.write_text(f"---\ntype: article\n{lines}\ndate: 2021-02-03\ntitle: T\n---\nNotes.\n")
    [saved], findings = scan_archive(tmp_path / "entries")
    entry, _ = parse_entry(path, path.read_text())
    assert findings == []
    assert (saved.url, saved.date, saved.draft, list(saved.imported)) == (
        entry.url,
        entry.date,
        entry.draft,
        entry.imported,
    )


def test_every_command_that_scans_the_archive_takes_a_linkless_entry(example_workspace):
    """new, import (a feed) and check compare links across the archive; a book has none."""
    (example_workspace / "entries" / "2021" / "02" / "thinking-in-systems.md").write_text(BOOK)
    feed = Path(__file__).parent / "feeds" / "talkpython.xml"
    for args in (
        ["new", "article", "https://example.org/new-post", "--offline", "--no-edit"],
        ["import", str(feed)],
        ["check", "2021-03", "--offline"],
    ):
        result = CliRunner().invoke(main, ["-w", str(example_workspace), *args])
        assert result.exit_code == 0 and "Traceback" not in result.output, (args, result.output)
