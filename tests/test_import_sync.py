"""`newsletter import FILE`: exports recognised by content, and importing as a sync, not a copy."""

import contextlib
import datetime as dt
import errno
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from importer_samples import SAMPLES

from newsletter.cli import main
from newsletter.commands.notes_said import NotesSaid
from newsletter.read import parse_entry, read_entry

READWISE = """\
Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags,URL
"First, ""quoted"" passage",Essay on Quotes,Ann Author,,my note,yellow,,,,2024-02-10 21:15:00+00:00,,https://essays.example/quotes?utm_source=x
"Second passage",Essay on Quotes,Ann Author,,,yellow,,,,2024-02-11 21:15:00+00:00,,https://essays.example/quotes?utm_source=x
"""
READWISE_MORE = (
    READWISE
    + """\
"Third passage, new",Essay on Quotes,Ann Author,,,yellow,,,,2024-02-12 21:15:00+00:00,,https://essays.example/quotes?utm_source=x
"""
)
RAINDROP = """\
id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite
9001,Essay on Quotes,,,https://essays.example/quotes,Unsorted,,2024-02-09,,"Highlight:From Raindrop, a passage",false
9002,Another page,,,https://other.example/page,Unsorted,"a, b",2024-02-09T10:30:00.000Z,,,false
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n')
    monkeypatch.chdir(root)
    return root


def run(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)], catch_exceptions=False)


def export(root: Path, name: str, text: str) -> Path:
    path = root.parent / name
    path.write_text(text, encoding="utf-8")
    return path


def entries(root: Path) -> list[Path]:
    return sorted((root / "entries").rglob("*.md"))


def test_section_is_refused_for_an_export_rather_than_dropped(workspace):
    """--section is written only for feeds; an export imported with it wrote entries without
    the section and said nothing."""
    result = run(SAMPLES / "pocket.csv", "--section", "Saved")
    assert result.exit_code == 1 and not entries(workspace)
    assert f"--section applies to feeds, not to {SAMPLES / 'pocket.csv'}" in result.stderr


@pytest.mark.parametrize(
    ("sample", "form"),
    [
        ("bookmarks.html", "bookmarks-html"),
        ("pocket.csv", "pocket"),
        ("raindrop.csv", "raindrop"),
        ("pinboard.json", "pinboard"),
        ("readwise.csv", "readwise"),
        ("My Clippings.txt", "kindle"),
        ("goodreads_library_export.csv", "goodreads"),
        ("storygraph.csv", "storygraph"),
        ("zotero.json", "csl-json"),
        ("zotero.bib", "bibtex"),
        ("hypothesis.json", "hypothesis"),
    ],
)
def test_every_sample_export_imports_by_content_and_reads_back(workspace, sample, form):
    renamed = shutil.copy(SAMPLES / sample, workspace.parent / "export.dat")  # the name says nothing
    result = run(renamed)
    assert result.exit_code == 0, result.output
    assert f"({form}, " in result.stderr
    assert entries(workspace)
    for path in entries(workspace):
        read_entry(path)  # raises if not a valid entry
    again = run(renamed)
    assert again.exit_code == 0 and "Imported 0 entries" in again.stderr


def test_books_read_in_goodreads_become_book_entries_in_the_month_they_were_finished(workspace):
    result = run(SAMPLES / "goodreads_library_export.csv")
    assert result.exit_code == 0, result.output
    assert "Imported 4 entries" in result.stderr and "skipped 2 unread" in result.stderr
    assert [p.relative_to(workspace).as_posix() for p in entries(workspace)] == [
        "entries/2024/02/surely-you-re-joking-mr-feynman-adventures-of-a-curious.md",  # no Date Read: added
        "entries/2024/03/the-hitchhiker-s-guide-to-the-galaxy-hitchhiker-s-guide-to.md",
        "entries/2024/04/good-omens-the-nice-and-accurate-prophecies-of-agnes-nutter.md",
        "entries/2024/05/ノルウェイの森-noruwei-no-mori.md",
    ]
    hitchhiker = entries(workspace)[1]
    assert hitchhiker.read_text(encoding="utf-8") == (
        "---\n"
        "type: book\n"
        'url: "https://www.goodreads.com/book/show/11"\n'
        "date: 2024-03-15\n"
        "title: \"The Hitchhiker's Guide to the Galaxy (Hitchhiker's Guide to the Galaxy, #1)\"\n"
        'authors: ["Douglas Adams"]\n'
        'tags: ["favorites", "sci-fi"]\n'
        "draft: true\n"
        'imported: {source: "goodreads", id: "11", url: "https://www.goodreads.com/book/show/11", '
        'work: "the hitchhiker s guide to the galaxy / adams"}\n'
        "---\n\n"
        "Funnier the second time.\n\n"  # the review: no placeholder line saying "write yours" above it
        '"Time is an illusion. Lunchtime doubly so."\n\n'
        "Still the best opening chapter, & the towel bit.\n"
    )
    omens, _ = read_entry(entries(workspace)[2])
    assert (omens.type, omens.speakers, omens.date) == ("book", ["Terry Pratchett", "Neil Gaiman"], dt.date(2024, 4, 2))
    again = run(SAMPLES / "goodreads_library_export.csv", "--include-unread")
    assert "Imported 2 entries" in again.stderr and "4 already in the log" in again.stderr
    assert len(entries(workspace)) == 6


def test_books_read_in_the_storygraph_become_book_entries_without_a_link(workspace):
    result = run(SAMPLES / "storygraph.csv")
    assert result.exit_code == 0, result.output
    assert "Imported 6 entries" in result.stderr and "skipped 3 unread" in result.stderr
    assert [p.relative_to(workspace).as_posix() for p in entries(workspace)] == [
        "entries/2024/01/a-psalm-for-the-wild-built.md",
        "entries/2024/01/gravity-s-rainbow.md",  # given up on, in the month it was added
        "entries/2024/02/the-mushroom-at-the-end-of-the-world.md",
        "entries/2024/04/good-omens-the-nice-and-accurate-prophecies-of-agnes-nutter.md",
        "entries/2024/05/cien-anos-de-soledad.md",  # read again in May 2024, first in 2019
        "entries/2024/06/piranesi.md",
    ]
    assert entries(workspace)[0].read_text(encoding="utf-8") == (
        "---\n"
        "type: book\n"
        "date: 2024-01-09\n"
        'title: "A Psalm for the Wild-Built"\n'
        'authors: ["Becky Chambers"]\n'
        'tags: ["cozy", "solarpunk", "hopeful", "reflective", "relaxing"]\n'
        "draft: true\n"
        'imported: {source: "storygraph", id: "9781250236210", work: "a psalm for the wild built / chambers"}\n'
        "---\n\n"
        "A monk and a robot walk into a forest.\n\n"
        'Made me want tea, "badly".\n'
    )
    cien, _ = read_entry(entries(workspace)[4])
    assert (cien.type, cien.url, cien.title, cien.speakers) == (
        "book",
        None,
        "Cien años de soledad",
        ["Gabriel García Márquez"],
    )
    assert "Imported 0 entries" in run(SAMPLES / "storygraph.csv").stderr


def test_an_import_into_a_french_log_leaves_room_for_notes_in_french(workspace):
    """Imported drafts said "Your notes, in Markdown." above a French author's highlights."""
    (workspace / "newsletter.toml").write_text('[newsletter]\nname = "Test"\nlanguage = "fr"\n')
    (workspace / "readwise.csv").write_text(READWISE, encoding="utf-8")
    assert run("readwise.csv").exit_code == 0
    [entry] = (workspace / "entries").rglob("*.md")
    notes = read_entry(entry)[0].notes
    assert notes.startswith("Vos notes, en Markdown.\n") and "First, " in notes
    checked = CliRunner().invoke(main, ["check", "2024-02", "--offline", "--drafts"])
    assert "the notes still hold the line 'Vos notes, en Markdown.' above your own words" in checked.output  # its note


def test_a_quotes_place_is_said_in_the_logs_language_and_a_second_import_adds_nothing(workspace):
    """A Spanish librarian's Readwise quotes read "(location 1406)" and "(page 12)" in an email
    otherwise in Spanish, under the Kindle's own "(posición 1043-1045)"."""
    (workspace / "newsletter.toml").write_text('[newsletter]\nname = "Test"\nlanguage = "es"\n')
    readwise = export(
        workspace,
        "readwise.csv",
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,"
        "Document tags\n"
        "Inventamos los libros para no olvidar.,El infinito en un junco,Irene Vallejo,B07PXRTQ5K,Mía,yellow,,"
        "location,1406,2026-07-10 21:15:00+00:00,\n"
        "El silencio también es una forma de lectura.,Sobre la lectura,Marcel Proust,,,blue,,page,12,"
        "2026-09-03 08:30:00+00:00,\n",
    )
    assert run(readwise).exit_code == 0
    junco, proust = (read_entry(path)[0].notes for path in entries(workspace))
    assert "> Inventamos los libros para no olvidar.\n> (posición 1406)\n\nMía" in junco
    assert "> El silencio también es una forma de lectura.\n> (página 12)" in proust
    assert "Imported 0 entries" in run(readwise).stderr
    assert [read_entry(path)[0].notes for path in entries(workspace)] == [junco, proust]


def test_an_arabic_logs_quotes_say_their_place_in_arabic(workspace):
    """Layla (new user 23), writing in Arabic, imported her Readwise highlights and read "(page 12)"
    and "(location 1406)" under Arabic quotes in an Arabic email: only five languages had the words."""
    (workspace / "newsletter.toml").write_text('[newsletter]\nname = "Test"\nlanguage = "ar"\n')
    readwise = export(
        workspace,
        "readwise.csv",
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,"
        "Document tags\n"
        "الخبر الجيد يجيب عن ستة أسئلة.,فن الخبر الصحفي,محمود أدهم,,,yellow,,page,48,2026-11-15 08:30:00+00:00,\n"
        "Data journalism is social science done on deadline.,The Data Journalism Handbook,Liliana Bounegru,,,"
        "blue,,location,1406,2026-10-22 21:10:00+00:00,\n",
    )
    assert run(readwise).exit_code == 0
    notes = "\n".join(read_entry(path)[0].notes for path in entries(workspace))
    assert "> الخبر الجيد يجيب عن ستة أسئلة.\n> (صفحة 48)" in notes
    assert "> Data journalism is social science done on deadline.\n> (الموقع 1406)" in notes
    assert "Imported 0 entries" in run(readwise).stderr


def test_an_unknown_file_names_the_known_formats(workspace):
    result = run(export(workspace, "notes.txt", "just some words\n"))
    assert result.exit_code == 1
    assert "not an export this tool recognises" in result.stderr
    assert "Readwise CSV export" in result.stderr and "rss/atom/opml" in result.stderr
    assert "Traceback" not in result.output


def test_a_renamed_moved_and_edited_entry_is_still_known(workspace):
    source = export(workspace, "rw.csv", READWISE)
    assert run(source).exit_code == 0
    [path] = entries(workspace)
    moved = workspace / "entries" / "elsewhere" / "my-own-name.md"
    moved.parent.mkdir()
    text = path.read_text().replace("Your notes, in Markdown.", "I liked it.").replace('"Essay on Quotes"', '"Mine"')
    moved.write_text(text)
    path.unlink()
    result = run(source)
    assert "Imported 0 entries" in result.stderr and entries(workspace) == [moved]
    assert moved.read_text() == text


def test_new_highlights_are_appended_below_everything_already_there(workspace):
    assert run(export(workspace, "rw.csv", READWISE)).exit_code == 0
    [path] = entries(workspace)
    before = path.read_text().replace("Your notes, in Markdown.", "My own words.")
    path.write_text(before)
    result = run(export(workspace, "rw2.csv", READWISE_MORE))
    assert "added 1 highlight to 1 entry made earlier" in result.stderr
    after = path.read_text()
    assert after.startswith(before) and after[len(before) :] == "\n> Third passage, new\n"
    assert "added" not in run(export(workspace, "rw3.csv", READWISE_MORE)).stderr  # nothing new the third time


def test_highlights_added_to_an_entry_of_an_edition_already_emailed_are_said_to_miss_the_list(workspace):
    """Kofi's import added a highlight to a talk of a week emailed days before, without a word:
    the blog post changed, the inbox never would. The entry is named with its edition and when
    that went out; an entry of an edition not yet sent gets no such line."""
    from newsletter.delivery.ledger import Ledger

    assert run(export(workspace, "rw.csv", READWISE)).exit_code == 0
    [path] = entries(workspace)
    assert "emailed" not in run(export(workspace, "rw2.csv", READWISE_MORE)).stderr
    with Ledger(workspace / ".newsletter" / "ledger", "2024-02") as ledger:
        ledger.intend("smtp.send", mode="list")
        ledger.done("smtp.send")
    more = READWISE_MORE + (
        '"Fourth passage",Essay on Quotes,Ann Author,,,yellow,,,,2024-02-13 21:15:00+00:00,,'
        "https://essays.example/quotes?utm_source=x\n"
    )
    result = run(export(workspace, "rw3.csv", more))
    assert result.exit_code == 0
    assert re.search(
        rf"warning: {re.escape(str(path.relative_to(workspace)))}: 1 highlight added to an entry of 2024-02, "
        r"emailed on .+: they reach its blog post only, never the list\n",
        result.stderr,
    ), result.stderr


def test_an_entry_that_cannot_be_appended_to_is_named_and_left_as_it_is(workspace, monkeypatch):
    """An entry import made, since made read-only (by its author, or on a read-only mount), ended
    the next import with an OSError traceback when it had new highlights for it."""
    assert run(export(workspace, "rw.csv", READWISE)).exit_code == 0
    [path] = entries(workspace)
    before = path.read_bytes()
    opened = open

    def read_only(file, mode="r", *args, **kwargs):  # what the system says of a read-only file
        if Path(file) == path and "a" in mode:
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return opened(file, mode, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr("builtins.open", read_only)
        result = run(export(workspace, "rw2.csv", READWISE_MORE))
    assert result.exit_code == 0
    assert (
        f"warning: {path.relative_to(workspace)}: cannot add 1 new highlight at its end (Read-only file system); "
        "make it writable and import again to add them\n" in result.stderr
    )
    assert path.read_bytes() == before
    assert "added 1 highlight to 1 entry made earlier" in run(export(workspace, "rw3.csv", READWISE_MORE)).stderr


def test_the_same_link_in_two_sources_is_one_entry_with_both_sets_of_highlights(workspace):
    assert run(export(workspace, "rw.csv", READWISE)).exit_code == 0
    result = run(export(workspace, "raindrop.csv", RAINDROP))
    assert "Imported 1 entry" in result.stderr and "added 1 highlight" in result.stderr
    essay = [p for p in entries(workspace) if "essay" in p.name]
    assert len(essay) == 1
    body = essay[0].read_text()
    assert '> First, "quoted" passage' in body and body.rstrip().endswith("> From Raindrop, a passage")
    assert 'url: "https://essays.example/quotes"' in body  # trackers off


KINDLE_BOOK = """\
Thinking in Systems: A Primer (Meadows, Donella H.)
- Your Highlight on page 11 | Location 150-152 | Added on Sunday, March 5, 2023 10:11:12 PM

A system is more than the sum of its parts.
==========
"""
READWISE_BOOK = """\
Highlight,Book Title,Book Author,Amazon Book ID,Note,Location Type,Location,Highlighted at
"A system is more than   the sum of its parts.",Thinking in Systems,Donella H. Meadows,B005VSRF,,location,150,2023-03-06
"Stocks change by flows, from Readwise.",Thinking in Systems,Donella H. Meadows,B005VSRF,Mine,location,300,2023-03-07
"""
OMNIVORE_NOTE = """\
[{"id": "n-1", "slug": "thinking-in-systems", "title": "THINKING IN SYSTEMS", "author": "Meadows, Donella",
  "savedAt": "2023-03-08T10:00:00.000Z", "state": "ARCHIVED", "labels": []}]
"""


def test_the_same_book_without_a_link_in_two_sources_is_one_entry_with_both_sets_of_highlights(workspace):
    assert run(export(workspace, "My Clippings.txt", KINDLE_BOOK)).exit_code == 0
    [book] = entries(workspace)
    assert 'work: "thinking in systems / meadows"' in book.read_text()
    result = run(export(workspace, "readwise.csv", READWISE_BOOK))
    assert "Imported 0 entries" in result.stderr and "added 1 highlight to 1 entry made earlier" in result.stderr
    assert entries(workspace) == [book]
    text = book.read_text()
    assert text.count("A system is more than") == 1  # the same passage, at another location: once
    assert text.rstrip().endswith("> Stocks change by flows, from Readwise.\n> (location 300)\n\nMine")
    again = run(export(workspace, "readwise2.csv", READWISE_BOOK))
    assert "Imported 0 entries" in again.stderr and "added" not in again.stderr
    # An Omnivore item with the same title and author, however cased and ordered: the same work.
    assert "Imported 0 entries" in run(export(workspace, "omnivore.json", OMNIVORE_NOTE)).stderr


def test_the_same_book_from_goodreads_and_the_storygraph_is_one_entry_whichever_came_first(workspace, tmp_path):
    """Goodreads links each book to its page, The StoryGraph links none: a book read in both
    was two entries, since the one was known by its link and the other by title and author."""
    assert "Imported 4 entries" in run(SAMPLES / "goodreads_library_export.csv").stderr
    result = run(SAMPLES / "storygraph.csv")
    assert "Imported 5 entries" in result.stderr and "1 already in the log" in result.stderr
    omens = [p for p in entries(workspace) if p.name.startswith("good-omens")]
    assert [p.name for p in omens] == ["good-omens-the-nice-and-accurate-prophecies-of-agnes-nutter.md"]
    assert 'source: "goodreads"' in omens[0].read_text(encoding="utf-8")
    # the other way round, in a workspace of its own
    other = tmp_path / "other"
    other.mkdir()
    (other / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n')
    both = [
        run(SAMPLES / name, "--workspace", other).stderr for name in ("storygraph.csv", "goodreads_library_export.csv")
    ]
    assert "Imported 6 entries" in both[0] and "Imported 3 entries" in both[1] and "1 already in the log" in both[1]
    assert len(entries(other)) == 9


GOODREADS_FAMILY_NAME_FIRST = (  # its columns as Goodreads names them, the others left out
    "Book Id,Title,Author,Author l-f,Additional Authors,ISBN13,Date Read,Date Added,Exclusive Shelf\n"
    '20518872,"The Three-Body Problem (Remembrance of Earth\'s Past, #1)",Liu Cixin,"Cixin, Liu",Ken Liu,'
    '"=""9780765377067""",2026/11/20,2026/10/30,read\n'
)
STORYGRAPH_GIVEN_NAME_FIRST = (
    "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read\n"
    "The Three-Body Problem,Cixin Liu,Ken Liu (Translator),9780765377067,paperback,read,"
    "2026/10/30,2026/11/20,2026/10/30-2026/11/20\n"
)


@pytest.mark.parametrize("first", ["goodreads", "storygraph"])
def test_a_book_whose_author_one_source_names_family_name_first_is_one_entry(workspace, first):
    """New user 50 (Olu) imported his Goodreads library, where The Three-Body Problem is by
    "Liu Cixin", then his StoryGraph export, where it is by "Cixin Liu": two entries of one book,
    in the same month's email."""
    exports = {
        "goodreads": export(workspace, "goodreads_library_export.csv", GOODREADS_FAMILY_NAME_FIRST),
        "storygraph": export(workspace, "storygraph.csv", STORYGRAPH_GIVEN_NAME_FIRST),
    }
    second = "storygraph" if first == "goodreads" else "goodreads"
    assert "Imported 1 entry" in run(exports[first]).stderr
    result = run(exports[second])
    assert "Imported 0 entries" in result.stderr and "1 already in the log" in result.stderr
    assert len(entries(workspace)) == 1


def test_one_title_by_two_authors_sharing_a_name_is_two_books(workspace):
    """Read in the other order, "Thomas Hardy" has the surname "Thomas", Dylan Thomas's: their
    books of one title are two books, as the authors' names have other words."""
    goodreads = GOODREADS_FAMILY_NAME_FIRST.splitlines()[0] + "\n1,Poems,Dylan Thomas,,,,2026/11/02,,read\n"
    storygraph = STORYGRAPH_GIVEN_NAME_FIRST.splitlines()[0] + "\nPoems,Thomas Hardy,,,paper,read,,2026/11/20,\n"
    assert "Imported 1 entry" in run(export(workspace, "goodreads_library_export.csv", goodreads)).stderr
    assert "Imported 1 entry" in run(export(workspace, "storygraph.csv", storygraph)).stderr
    assert len(entries(workspace)) == 2


def test_a_book_read_again_is_an_entry_of_its_own_in_the_month_of_that_reading(workspace):
    """New user 50 (Olu) read Things Fall Apart in 2019, imported then, and again in November
    2026: his new export's Date Read, Read Count 2 and new review were 'already in the log', and
    November's edition had no word of the book. A new reading is an entry of its own; importing
    again, or The StoryGraph's record of the same reading, adds nothing more."""
    header = "Book Id,Title,Author,Date Read,Date Added,Exclusive Shelf,My Review,Read Count\n"
    first = header + "37781,Things Fall Apart,Chinua Achebe,2019/03/20,2019/03/02,read,First read.,1\n"
    again = header + "37781,Things Fall Apart,Chinua Achebe,2026/11/25,2019/03/02,read,At forty.,2\n"
    storygraph = (
        STORYGRAPH_GIVEN_NAME_FIRST.splitlines()[0] + ",Read Count\nThings Fall Apart,Chinua Achebe,,9780385474542,"
        'paper,read,2019/03/02,2026/11/25,"2019/03/02-2019/03/20, 2026/11/10-2026/11/25",2\n'
    )
    assert "Imported 1 entry" in run(export(workspace, "goodreads_library_export.csv", first)).stderr
    assert "Imported 1 entry" in run(export(workspace, "goodreads_library_export.csv", again)).stderr
    assert [p.relative_to(workspace / "entries").parent.as_posix() for p in entries(workspace)] == [
        "2019/03",
        "2026/11",
    ]
    assert entries(workspace)[1].read_text().endswith("\nAt forty.\n")
    assert "Imported 0 entries" in run(export(workspace, "goodreads_library_export.csv", again)).stderr
    assert "Imported 0 entries" in run(export(workspace, "storygraph.csv", storygraph)).stderr
    assert len(entries(workspace)) == 2
    # the Kindle's highlights of the new reading go into its entry, not into the one of 2019
    clippings = (
        "Things Fall Apart (Achebe, Chinua)\n- Your Highlight on page 3 | Location 40-41 | Added on Monday, "
        "November 16, 2026 9:00:00 PM\n\nOkonkwo was well known throughout the nine villages.\n==========\n"
    )
    assert "added 1 highlight" in run(export(workspace, "My Clippings.txt", clippings)).stderr
    assert ["nine villages" in p.read_text() for p in entries(workspace)] == [False, True]
    # read once: a Date Read later than its entry's is that reading, not another
    once = first.replace("2019/03/20", "2019/04/02")
    assert "Imported 0 entries" in run(export(workspace, "goodreads_library_export.csv", once)).stderr


def test_highlights_go_into_the_entry_not_a_sync_clients_copy_of_it(workspace):
    """New user 50 (Olu) keeps his log in a synced folder too: a conflict copy of his reread's
    entry, which every build leaves out, sorts before it ('(' before '.'), and his Kindle's
    highlights were added to the copy, where no edition would show them."""
    header = "Book Id,Title,Author,Date Read,Date Added,Exclusive Shelf,My Review,Read Count\n"
    again = header + "37781,Things Fall Apart,Chinua Achebe,2026/11/25,2019/03/02,read,At forty.,2\n"
    assert "Imported 1 entry" in run(export(workspace, "goodreads_library_export.csv", again)).stderr
    [entry] = entries(workspace)
    copy = entry.with_name(f"{entry.stem} (Olu's conflicted copy 2026-11-26).md")
    copy.write_bytes(entry.read_bytes())
    clippings = (
        "Things Fall Apart (Achebe, Chinua)\n- Your Highlight on page 3 | Location 40-41 | Added on Monday, "
        "November 16, 2026 9:00:00 PM\n\nOkonkwo was well known throughout the nine villages.\n==========\n"
    )
    assert "added 1 highlight" in run(export(workspace, "My Clippings.txt", clippings)).stderr
    assert "nine villages" in entry.read_text() and "nine villages" not in copy.read_text()


def test_highlights_are_added_to_an_entry_notepad_saved_as_utf16(workspace):
    """An entry import made, then saved by Notepad on Windows as "Unicode" (UTF-16, which entries
    may be: new user 52's): its new Kindle highlights were skipped without a word, the file read
    as UTF-8 only. They are added in its own encoding, and the entry still reads."""
    header = "Book Id,Title,Author,Date Read,Date Added,Exclusive Shelf,My Review,Read Count\n"
    row = header + "37781,Things Fall Apart,Chinua Achebe,2026/11/25,2019/03/02,read,At forty.,1\n"
    assert "Imported 1 entry" in run(export(workspace, "goodreads_library_export.csv", row)).stderr
    [entry] = entries(workspace)
    entry.write_bytes(entry.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    clippings = (
        "Things Fall Apart (Achebe, Chinua)\n- Your Highlight on page 3 | Location 40-41 | Added on Monday, "
        "November 16, 2026 9:00:00 PM\n\nOkonkwo was well known throughout the nine villages.\n==========\n"
    )
    assert "added 1 highlight" in run(export(workspace, "My Clippings.txt", clippings)).stderr
    text = entry.read_bytes().decode("utf-16")
    assert text.startswith("---\r\n") and text.endswith(
        "\n> Okonkwo was well known throughout the nine villages.\n> (page 3, location 40-41)\n"
    )
    assert "nine villages" in parse_entry(entry, text)[0].notes


def test_kindle_highlights_of_a_book_imported_from_goodreads_go_into_its_entry(workspace):
    assert run(SAMPLES / "goodreads_library_export.csv").exit_code == 0
    clippings = export(
        workspace,
        "My Clippings.txt",
        "Good Omens (Pratchett, Terry; Gaiman, Neil)\n"
        "- Your Highlight on page 12 | Location 180-181 | Added on Monday, April 1, 2024 9:00:00 PM\n\n"
        "It was a nice day.\n==========\n",
    )
    result = run(clippings)
    assert "Imported 0 entries" in result.stderr and "added 1 highlight to 1 entry made earlier" in result.stderr
    [omens] = [p for p in entries(workspace) if p.name.startswith("good-omens")]
    assert omens.read_text(encoding="utf-8").endswith("> It was a nice day.\n> (page 12, location 180-181)\n")


def test_a_kindle_books_title_loses_the_edition_amazon_adds_and_an_entry_made_with_it_is_kept(workspace):
    """A Spanish book bought on amazon.com came as "La sombra del viento (Spanish Edition)", and
    the email to Spanish readers said so, in English. An entry an earlier import made under
    that title is still the book: importing again adds nothing."""
    clipping = (
        "\ufeffLa sombra del viento (Spanish Edition) (Ruiz Zafón, Carlos)\r\n"
        "- Tu subrayado en la posición 1043-1045 | Añadido el domingo, 11 de enero de 2026 22:14:03\r\n\r\n"
        "Los libros son espejos.\r\n==========\r\n"
    )
    clippings = export(workspace, "My Clippings.txt", clipping)
    assert run(clippings).exit_code == 0
    [path] = entries(workspace)
    assert read_entry(path)[0].title == "La sombra del viento"
    assert path.name == "la-sombra-del-viento.md"
    path.unlink()
    earlier = workspace / "entries/2026/01/la-sombra-del-viento-spanish-edition.md"
    earlier.write_text(
        '---\ntype: book\ndate: 2026-01-11\ntitle: "La sombra del viento (Spanish Edition)"\n'
        'authors: ["Carlos Ruiz Zafón"]\n'
        'imported: {source: "kindle", id: "La sombra del viento (Spanish Edition) | Carlos Ruiz Zafón", '
        'work: "la sombra del viento / zafon"}\n---\nMi nota.\n\n> Los libros son espejos.\n> (posición 1043-1045)\n',
        encoding="utf-8",
    )
    before = earlier.read_text(encoding="utf-8")
    assert "Imported 0 entries" in run(clippings).stderr
    assert entries(workspace) == [earlier] and earlier.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "book, title",
    [
        (
            "Hundraåringen som klev ut genom fönstret (Swedish Edition) (Jonasson, Jonas)",
            "Hundraåringen som klev ut genom fönstret",
        ),
        ("Sofies verden (Norwegian Edition) (Gaarder, Jostein)", "Sofies verden"),
        ("Kongens fald (Danish Edition) (Jensen, Johannes V.)", "Kongens fald"),
        ("三体 (Chinese Edition) (刘慈欣)", "三体"),
        ("채식주의자 (Korean Edition) (한강)", "채식주의자"),
        ("Design Patterns (Second Edition) (Gamma, Erich)", "Design Patterns (Second Edition)"),
        ("Dune (Collector's Edition) (Herbert, Frank)", "Dune (Collector's Edition)"),
    ],
)
def test_a_kindle_books_title_loses_the_edition_amazon_adds_in_every_language_the_newsletter_writes(
    workspace, book, title
):
    """A Swedish newsletter's book bought on amazon.com kept "(Swedish Edition)", in English,
    as did a Norwegian, Danish, Chinese or Korean one: the editions left out were named for
    other languages. An edition that is the book's own ("Second Edition") stays."""
    clipping = (
        f"\ufeff{book}\r\n"
        "- Your Highlight on page 5 | Location 70-71 | Added on Sunday, 11 January 2026 22:14:03\r\n\r\n"
        "A passage.\r\n==========\r\n"
    )
    assert run(export(workspace, "My Clippings.txt", clipping)).exit_code == 0
    [path] = entries(workspace)
    assert read_entry(path)[0].title == title


def test_a_readwise_kindle_books_title_loses_the_edition_and_an_entry_made_with_it_is_kept(workspace):
    """Readwise's export keeps a Kindle book's title as the store wrote it, "La sombra del
    viento (Spanish Edition)", and the Spanish email said so, in English. An entry an earlier
    import made under that title is still the book (its Amazon id): importing again adds nothing."""
    rows = (
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at\n"
        '"Los libros son espejos.",La sombra del viento (Spanish Edition),Carlos Ruiz Zafón,B00SOMBRA1,,yellow,,'
        "location,1043,2026-01-11 22:14:03+00:00\n"
    )
    csv = export(workspace, "readwise.csv", rows)
    assert run(csv).exit_code == 0
    [path] = entries(workspace)
    assert read_entry(path)[0].title == "La sombra del viento"
    path.unlink()
    earlier = workspace / "entries/2026/01/la-sombra-del-viento-spanish-edition.md"
    earlier.write_text(
        '---\ntype: book\ndate: 2026-01-11\ntitle: "La sombra del viento (Spanish Edition)"\n'
        'authors: ["Carlos Ruiz Zafón"]\nimported: {source: "readwise", id: "B00SOMBRA1", '
        'work: "la sombra del viento / zafon"}\n---\nMi nota.\n\n> Los libros son espejos.\n> (location 1043)\n',
        encoding="utf-8",
    )
    before = earlier.read_text(encoding="utf-8")
    assert "Imported 0 entries" in run(csv).stderr
    assert entries(workspace) == [earlier] and earlier.read_text(encoding="utf-8") == before


# A book's clipping as a Kindle set to English and one set to Spanish write it: BOM, CRLF
KINDLE_FORMS = {
    "en": "- Your Highlight on Location {where} | Added on Sunday, January 11, 2026 10:14:03 PM\r\n",
    "es": "- Tu subrayado en la posición {where} | Añadido el domingo, 11 de enero de 2026 22:14:03\r\n",
}


def clippings_of(form: str, *clippings: tuple[str, str, str]) -> str:
    """My Clippings.txt holding (title line, location, passage) clippings, in the device's language `form`."""
    return "\ufeff" + "".join(
        f"{book}\r\n{KINDLE_FORMS[form].format(where=where)}\r\n{passage}\r\n==========\r\n"
        for book, where, passage in clippings
    )


@pytest.mark.parametrize("form", ["en", "es"])
@pytest.mark.parametrize(
    "book, title, authors",
    [
        ("La sombra del viento (Spanish Edition)", "La sombra del viento", []),
        ("La sombra del viento (Spanish Edition) (Ruiz Zafón, Carlos)", "La sombra del viento", ["Carlos Ruiz Zafón"]),
        ("The Martian (A Novel) (Weir, Andy)", "The Martian (A Novel)", ["Andy Weir"]),
        # as before: a book's own "(A Novel)" at the end of a line without an author reads as one
        ("Sapiens (A Novel)", "Sapiens", ["A Novel"]),
    ],
)
def test_a_kindle_book_without_an_author_but_with_amazons_edition_has_no_author(workspace, form, book, title, authors):
    """A Spanish book without an author in its title line, "La sombra del viento (Spanish
    Edition)", was imported by "Spanish Edition": the edition Amazon adds was read as the author."""
    clippings = export(
        workspace, "My Clippings.txt", clippings_of(form, (book, "1043-1045", "Los libros son espejos."))
    )
    assert run(clippings).exit_code == 0
    [path] = entries(workspace)
    entry = read_entry(path)[0]
    assert (entry.title, entry.people) == (title, authors)


@pytest.mark.parametrize("form", ["en", "es"])
@pytest.mark.parametrize("old_title", ["La sombra del viento", "La sombra del viento (Spanish Edition)"])
def test_an_entry_an_earlier_import_made_by_spanish_edition_is_still_the_book(workspace, form, old_title):
    """An earlier import wrote the book "La sombra del viento (Spanish Edition)" by "Spanish
    Edition"; the book has no author now, and it is still that entry's: importing again writes
    no second entry and changes nothing, and a new highlight is added at the entry's end."""
    earlier = workspace / "entries/2026/01/la-sombra-del-viento.md"
    earlier.parent.mkdir(parents=True)
    earlier.write_text(
        f'---\ntype: book\ndate: 2026-01-11\ntitle: "{old_title}"\nauthors: ["Spanish Edition"]\ntags: []\n'
        'draft: true\nimported: {source: "kindle", id: "La sombra del viento | Spanish Edition", '
        'work: "la sombra del viento / edition"}\n---\n\nMi nota.\n\n'
        "> Los libros son espejos.\n> (location 1043-1045)\n",
        encoding="utf-8",
    )
    before = earlier.read_text(encoding="utf-8")
    book = "La sombra del viento (Spanish Edition)"
    first = (book, "1043-1045", "Los libros son espejos.")
    result = run(export(workspace, "My Clippings.txt", clippings_of(form, first)))
    assert "Imported 0 entries" in result.stderr and "skipped 1 already in the log" in result.stderr
    assert entries(workspace) == [earlier] and earlier.read_text(encoding="utf-8") == before
    later = (book, "2010-2012", "Nunca dejes de leer.")
    result = run(export(workspace, "My Clippings.txt", clippings_of(form, first, later)))
    assert "Imported 0 entries" in result.stderr and "added 1 highlight to 1 entry made earlier" in result.stderr
    assert entries(workspace) == [earlier]
    text = earlier.read_text(encoding="utf-8")
    assert text.startswith(before) and "> Nunca dejes de leer.\n" in text[len(before) :]


@pytest.mark.parametrize(
    "edit",
    [
        'title: "The Shadow of the Wind"\nauthors: ["Spanish Edition"]\n',
        'url: "https://www.goodreads.com/book/show/1232.The_Shadow_of_the_Wind"\ntitle: "La sombra del viento"\n'
        'authors: ["Spanish Edition"]\n',
    ],
    ids=["title edited", "link added"],
)
def test_an_entry_by_spanish_edition_its_author_edited_since_is_still_the_book(workspace, edit):
    """An entry an earlier import made of the book by "Spanish Edition", whose title its author
    translated or to which they gave a link, is known by its `imported:` mark alone; that mark
    named the book by "Spanish Edition", and importing again wrote the book a second entry."""
    earlier = workspace / "entries/2026/01/la-sombra-del-viento.md"
    earlier.parent.mkdir(parents=True)
    earlier.write_text(
        f"---\ntype: book\ndate: 2026-01-11\n{edit}tags: []\ndraft: true\n"
        'imported: {source: "kindle", id: "La sombra del viento | Spanish Edition", '
        'work: "la sombra del viento / edition"}\n---\n\nMi nota.\n\n'
        "> Los libros son espejos.\n> (location 1043-1045)\n",
        encoding="utf-8",
    )
    before = earlier.read_text(encoding="utf-8")
    first = ("La sombra del viento (Spanish Edition)", "1043-1045", "Los libros son espejos.")
    result = run(export(workspace, "My Clippings.txt", clippings_of("es", first)))
    assert "Imported 0 entries" in result.stderr
    assert entries(workspace) == [earlier] and earlier.read_text(encoding="utf-8") == before


def test_kindle_highlights_are_written_as_typed_first_and_appended_alike(workspace):
    """Kindle's `Yes!` went into the entry as `Yes\\!` and `AT&T` past a `&copy;` as `&amp;`
    (the post's escapes, for values it prints): the entry is the author's, escaped only where
    Markdown would read markup, the same way for highlights added later; an entry written the
    old way is not given its highlights again."""
    first = "Yes! AT&T, 1 > 0 and *really* model_search."
    clip = (
        "Thinking in Systems: A Primer (Meadows, Donella H.)\n"
        "- Your Highlight on page {page} | Location 150-152 | Added on Sunday, March 5, 2023 10:11:12 PM\n\n"
        "{text}\n==========\n"
    )
    assert run(export(workspace, "My Clippings.txt", clip.format(page=11, text=first))).exit_code == 0
    [book] = entries(workspace)
    written = "> Yes! AT&T, 1 > 0 and \\*really\\* model_search.\n> (page 11, location 150-152)\n"
    assert book.read_text(encoding="utf-8").endswith(written)
    both = clip.format(page=11, text=first) + clip.format(page=12, text="Again & again!")
    assert "added 1 highlight" in run(export(workspace, "My Clippings.txt", both)).stderr
    assert book.read_text(encoding="utf-8").endswith(written + "\n> Again & again!\n> (page 12, location 150-152)\n")
    # As the entry was written before: the post's escapes. Nothing is appended again.
    old = {"Yes! AT&T, 1 > 0": "Yes\\! AT&T, 1 &gt; 0", "again!": "again\\!"}
    book.write_text(re.sub("|".join(old), lambda m: old[m[0]], book.read_text(encoding="utf-8")))
    assert "1 &gt; 0" in book.read_text(encoding="utf-8")
    assert "added" not in run(export(workspace, "My Clippings.txt", both)).stderr


def test_a_book_without_a_link_is_matched_even_after_its_title_was_edited(workspace):
    assert run(export(workspace, "My Clippings.txt", KINDLE_BOOK)).exit_code == 0
    [book] = entries(workspace)
    book.write_text(book.read_text().replace('"Thinking in Systems: A Primer"', '"My favourite book"'))
    assert "Imported 0 entries" in run(export(workspace, "readwise.csv", READWISE_BOOK)).stderr


def test_a_hand_written_book_is_not_imported_again_nor_touched(workspace):
    mine = workspace / "entries" / "2023" / "03" / "systems.md"
    mine.parent.mkdir(parents=True)
    text = '---\ntype: book\ndate: 2023-03-01\ntitle: "Thinking in systems"\nauthors: [Donella Meadows]\n---\nMine.\n'
    mine.write_text(text)
    result = run(export(workspace, "readwise.csv", READWISE_BOOK))
    assert "Imported 0 entries" in result.stderr and "1 already in the log" in result.stderr
    assert mine.read_text() == text and entries(workspace) == [mine]


def test_different_books_by_one_author_or_of_one_title_stay_apart(workspace):
    other = READWISE_BOOK.replace("Thinking in Systems", "Leverage Points").replace("B005VSRF", "B000000001")
    namesake = READWISE_BOOK.replace("Donella H. Meadows", "Someone Else").replace("B005VSRF", "B000000002")
    for name, text in [("a.csv", READWISE_BOOK), ("b.csv", other), ("c.csv", namesake)]:
        assert "Imported 1 entry" in run(export(workspace, name, text)).stderr
    assert len(entries(workspace)) == 3


def test_a_hand_written_entry_for_the_same_link_is_never_touched(workspace):
    mine = workspace / "entries" / "2024" / "02" / "mine.md"
    mine.parent.mkdir(parents=True)
    text = "---\ntype: article\nurl: https://essays.example/quotes\ndate: 2024-02-01\n---\nMy words.\n"
    mine.write_text(text)
    result = run(export(workspace, "rw.csv", READWISE))
    assert "Imported 0 entries" in result.stderr and "1 already in the log" in result.stderr
    assert mine.read_text() == text and entries(workspace) == [mine]


def test_an_unread_item_older_than_since_is_counted_old_not_unread(workspace):
    """Lucía (new user 40) imported November from eight years of Pinboard with --since
    2026-11-01: 'skipped 576 unread (--include-unread imports them), 2383 older than --since',
    but --include-unread then brought 9: the unread count held every unread bookmark of the
    eight years. An unread item older than --since is counted with the old ones."""
    bookmarks = [
        {"href": f"https://a.example/{n}", "description": f"Item {n}", "time": time, "toread": toread}
        for n, (time, toread) in enumerate(
            [("2019-03-01T10:00:00Z", "yes"), ("2019-03-02T10:00:00Z", "no"), ("2026-11-02T10:00:00Z", "yes")]
        )
    ]
    path = export(workspace, "pinboard_export.json", json.dumps(bookmarks))
    result = run(path, "--since", "2026-11-01", "--dry-run")
    assert "skipped 2 older than --since, 1 unread (--include-unread imports them)." in result.stderr
    result = run(path, "--since", "2026-11-01", "--include-unread")
    assert "Imported 1 entry" in result.stderr and "2 older than --since" in result.stderr


def test_dry_run_prints_what_would_be_written_and_writes_nothing(workspace):
    assert run(export(workspace, "rw.csv", READWISE)).exit_code == 0
    [path] = entries(workspace)
    before = path.read_text()
    result = run(export(workspace, "raindrop.csv", RAINDROP), "--dry-run")
    assert "--- would write entries/2024/02/another-page.md\n---\ntype: article\n" in result.stdout
    assert "--- would append to " in result.stdout and "> From Raindrop, a passage" in result.stdout
    assert "Would import 1 entry" in result.stderr
    assert entries(workspace) == [path] and path.read_text() == before


def test_since_limit_type_and_unread(workspace):
    bookmarks = SAMPLES / "bookmarks.html"  # read on 2021-02-03 (two), unread from 2020-07-06 (one)
    result = run(bookmarks, "--since", "2020-08-01", "--include-unread")
    assert "1 older than --since" in result.stderr and len(entries(workspace)) == 2
    shutil.rmtree(workspace / "entries")
    result = run(bookmarks, "--limit", "1", "--type", "tool")
    assert "stopped at --limit 1" in result.stderr
    [path] = entries(workspace)
    assert read_entry(path)[0].type == "tool"
    shutil.rmtree(workspace / "entries")
    assert "1 unread" in run(bookmarks).stderr and len(entries(workspace)) == 2
    assert run(bookmarks, "--include-unread").exit_code == 0
    assert len(entries(workspace)) == 3


def test_offline_is_accepted_for_a_file_and_refused_for_a_service(workspace):
    assert run(SAMPLES / "pinboard.json", "--offline").exit_code == 0
    result = run("--from", "readwise", "--offline")
    assert result.exit_code == 1 and "needs the network" in result.stderr


def test_the_zips_pocket_and_omnivore_ship_import_too(workspace, tmp_path):
    from importer_samples import omnivore_zip, pocket_zip

    for made, form in ((pocket_zip(tmp_path), "pocket"), (omnivore_zip(tmp_path), "omnivore")):
        result = run(made, "--include-unread")
        assert result.exit_code == 0 and f"({form}, " in result.stderr, result.output
    for path in entries(workspace):
        read_entry(path)
    assert any("> " in path.read_text() for path in entries(workspace))  # Omnivore's highlights as quotes


def test_a_feed_file_still_imports_and_offline_refuses_only_a_feed_url(workspace):
    feed = Path(__file__).parent / "feeds" / "talkpython.xml"
    result = run(feed, "--offline", "--limit", "1")
    assert result.exit_code == 0 and "Imported 1 entry" in result.stderr, result.output
    result = run("https://example.org/feed.xml", "--offline")
    assert result.exit_code == 1 and "a feed URL is read from the web" in result.stderr


def test_importing_a_file_loads_neither_the_api_client_nor_the_feed_parser(workspace):
    bookmarks = export(workspace, "b.html", (SAMPLES / "bookmarks.html").read_text(encoding="utf-8"))
    code = (
        "import sys; from click.testing import CliRunner; from newsletter.cli import main; "
        f"result = CliRunner().invoke(main, ['import', {str(bookmarks)!r}]); "
        "print(result.exit_code, sorted({'httpx', 'feedparser'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace).stdout
    assert out == "0 []\n"


def test_an_item_dated_in_a_year_no_edition_covers_is_dated_today(workspace):
    """Go's zero time, 0001-01-01T00:00:00Z, is some exports' "no date": the entry was dated
    0001-01-01 (or, at 9999-12-31, skipped) and so was part of no edition."""
    today = dt.datetime.now(dt.UTC).date()  # the workspace's timezone (UTC by default)
    path = export(
        workspace,
        "pinboard.json",
        '[{"href": "https://z.example/a", "description": "Zero", "time": "0001-01-01T00:00:00Z"},'
        ' {"href": "https://z.example/b", "description": "Far", "time": "9999-12-31T10:00:00Z"}]',
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    assert [p.relative_to(workspace).as_posix() for p in entries(workspace)] == [
        f"entries/{today:%Y/%m}/far.md",
        f"entries/{today:%Y/%m}/zero.md",
    ]
    assert result.stderr.startswith(
        f"warning: {path}: 'Zero' is dated 0001-01-01, in a year no edition covers; dated it today ({today})\n"
        f"warning: {path}: 'Far' is dated 9999-12-31, in a year no edition covers; dated it today ({today})\n"
    )


def test_an_items_date_that_cannot_be_read_is_named_as_the_export_wrote_it(workspace):
    """A Raindrop.io bookmark created '0000-01-01T00:00:00.000Z' was dated today and import said
    nothing: the item kept no date to name, only none. It says so, as feed import does, naming the
    item and its date as written; an empty date, and ADD_DATE="0", an exporter's "no date", are
    dated today without a word, as before."""
    today = dt.datetime.now(dt.UTC).date()
    raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
    raindrop += "1,Zero year,,,https://r.example/a,Unsorted,,0000-01-01T00:00:00.000Z,,,false\n"
    raindrop += "2,No date,,,https://r.example/b,Unsorted,,,,,false\n"
    result = run(path := export(workspace, "raindrop.csv", raindrop))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"warning: {path}: 'Zero year' has the date '0000-01-01T00:00:00.000Z', which is not a date; "
        f"dated it today ({today})\n"
    )
    assert result.stderr.count("warning:") == 1  # not of 'No date'
    bookmarks = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://b.example/x" ADD_DATE="yesterday">Odd</A>\n'
        '<DT><A HREF="https://b.example/y" ADD_DATE="0">Zero</A>\n</DL>\n',
    )
    result = run(bookmarks)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"warning: {bookmarks}: 'Odd' has the date 'yesterday', which is not a date; dated it today ({today})\n"
    )
    assert result.stderr.count("warning:") == 1
    assert len(entries(workspace)) == 4 and all(f"/{today:%Y/%m}/" in p.as_posix() for p in entries(workspace))


def test_an_item_dated_in_the_future_is_dated_today(workspace):
    """As feed import does: a bookmark whose ADD_DATE is in milliseconds times a thousand, or an
    export from a device whose clock was wrong, was filed under entries/5138/11/, in an edition
    nobody would build for three thousand years, and import said nothing."""
    today = dt.datetime.now(dt.UTC).date()  # the workspace's timezone (UTC by default)
    soon = today + dt.timedelta(days=2)  # tomorrow in UTC may be today where the tests run
    added = dt.datetime.combine(soon, dt.time(12), dt.UTC).timestamp()
    path = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://z.example/a" ADD_DATE="99999999999999">Far</A>\n'
        f'<DT><A HREF="https://z.example/b" ADD_DATE="{added:.0f}">Soon</A>\n</DL>\n',
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    assert [p.relative_to(workspace).as_posix() for p in entries(workspace)] == [
        f"entries/{today:%Y/%m}/far.md",
        f"entries/{today:%Y/%m}/soon.md",
    ]
    assert result.stderr.startswith(
        f"warning: {path}: 'Far' is dated 5138-11-16, in the future; dated it today ({today})\n"
        f"warning: {path}: 'Soon' is dated {soon}, in the future; dated it today ({today})\n"
    )
    assert read_entry(entries(workspace)[0])[0].date == today


def test_a_links_user_name_and_password_are_dropped_and_a_second_import_knows_it(workspace):
    """A bookmark saved behind a login keeps them in its link: the post and the email published
    them, and `imported:` kept them in the entry."""
    path = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://ann:s3cret@private.example/page" ADD_DATE="1600000000">Private</A>\n'
        '<DT><A HREF="https://medium.com/@ann/post" ADD_DATE="1600000000">Handle</A>\n</DL>\n',
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"warning: {path}: 'Private': dropped the user name and password from its link "
        "(https://private.example/page); the post and the email would show them\n"
        f"Imported 2 entries from {path} (bookmarks-html, 2 items).\n"
    )
    written = {p.name: p.read_text() for p in entries(workspace)}
    assert 'url: "https://private.example/page"\n' in written["private.md"]
    assert "s3cret" not in written["private.md"] and "ann:" not in written["private.md"]
    assert 'url: "https://medium.com/@ann/post"\n' in written["handle.md"]
    again = run(path)
    assert "Imported 0 entries" in again.stderr and "skipped 2 already in the log" in again.stderr


def test_a_bookmark_dated_zero_is_dated_today(workspace):
    """ADD_DATE="0" (and 1970-01-01T00:00:00Z) is an exporter's "no date": such a bookmark was
    filed under entries/1970/01/, in an edition no one builds, and import said nothing."""
    today = dt.datetime.now(dt.UTC).date()  # the workspace's timezone (UTC by default)
    path = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://z.example/a" ADD_DATE="0">Zero</A>\n'
        '<DT><A HREF="https://z.example/b" ADD_DATE="1">One second</A>\n</DL>\n',
    )
    raindrop = export(
        workspace,
        "raindrop.csv",
        "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
        "7,Epoch,,,https://z.example/c,Unsorted,,1970-01-01T00:00:00.000Z,,,false\n",
    )
    assert run(path).exit_code == 0 and run(raindrop).exit_code == 0
    assert [p.relative_to(workspace).as_posix() for p in entries(workspace)] == [
        "entries/1970/01/one-second.md",
        f"entries/{today:%Y/%m}/epoch.md",
        f"entries/{today:%Y/%m}/zero.md",
    ]


def test_a_link_urlsplit_refuses_is_skipped_not_a_traceback(workspace):
    """ "https://examp[le.com/" (an unclosed IPv6 bracket) passed as a web link, and telling its
    type raised ValueError out of `import`: one bad bookmark stopped the whole import."""
    path = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://examp[le.com/x" ADD_DATE="1600000000">Bad</A>\n'
        '<DT><A HREF="https://ok.example/" ADD_DATE="1600000000">Ok</A>\n</DL>\n',
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"warning: {path}: skipped bookmark 1 ('Bad'): not a web link\n"
        f"Imported 1 entry from {path} (bookmarks-html, 1 item).\n"
    )


def test_an_undated_saved_item_is_dated_today_in_the_workspaces_timezone(workspace, zone_on_another_day):
    """Today was the machine's: a server in UTC dated an evening's import in New York tomorrow."""
    from zoneinfo import ZoneInfo

    (workspace / "newsletter.toml").write_text(f'[newsletter]\nname = "Test"\ntimezone = "{zone_on_another_day}"\n')
    undated = '[{"href": "https://z.example/a", "description": "Undated", "time": "0001-01-01T00:00:00Z"}]'
    path = export(workspace, "pinboard.json", undated)  # Go's zero time: some exports' "no date"
    result = run(path)
    day = dt.datetime.now(ZoneInfo(zone_on_another_day)).date()
    assert result.exit_code == 0, result.output
    assert [p.relative_to(workspace).as_posix() for p in entries(workspace)] == [f"entries/{day:%Y/%m}/undated.md"]


def test_storygraph_isbns_a_spreadsheet_rewrote_as_9_78e_12_do_not_make_two_books_one(workspace):
    """Excel re-saves 9781635575637 as 9.78164E+12, the same for many books: the id of the
    first hid the others, skipped as 'already in the log'. Such an id is none: title and
    authors name the book, and the clean export later is still the same book (its work)."""
    header = "Title,Authors,ISBN/UID,Read Status,Date Added,Last Date Read\n"
    spreadsheet = export(
        workspace,
        "storygraph.csv",
        header + "Piranesi,Susanna Clarke,9.78164E+12,read,2024/03/01,2024/03/15\n"
        "The Overstory,Richard Powers,9.78164E+12,read,2024/03/01,2024/03/20\n",
    )
    result = run(spreadsheet)
    assert "Imported 2 entries" in result.stderr and "already" not in result.stderr
    clean = export(
        workspace,
        "storygraph2.csv",
        header + "Piranesi,Susanna Clarke,9781635575637,read,2024/03/01,2024/03/15\n"
        "The Overstory,Richard Powers,9780393356687,read,2024/03/01,2024/03/20\n",
    )
    assert "Imported 0 entries" in run(clean).stderr and len(entries(workspace)) == 2


def test_a_storygraph_book_by_a_jr_imported_before_is_not_imported_again(workspace):
    """Its authors were split at every comma ("Martin Luther King", "Jr."), and a book without an
    ISBN is known by its title and authors: re-importing the export the entry was made from, read
    right now, must find it, not write the book again."""
    old = workspace / "entries" / "2024" / "03" / "a-testament-of-hope.md"
    old.parent.mkdir(parents=True)
    written = (  # as the import before this fix wrote it
        "---\n"
        "type: book\n"
        "date: 2024-03-20\n"
        'title: "A Testament of Hope"\n'
        'authors: ["Martin Luther King", "Jr.", "James M. Washington"]\n'
        "tags: []\n"
        "draft: true\n"
        'imported: {source: "storygraph", id: "A Testament of Hope | Martin Luther King | Jr. | James M. Washington", '
        'work: "a testament of hope / king"}\n'
        "---\n\n"
        "Your notes, in Markdown.\n"
    )
    old.write_text(written, encoding="utf-8")
    export_file = export(
        workspace,
        "storygraph.csv",
        "Title,Authors,ISBN/UID,Read Status,Date Added,Last Date Read\n"
        'A Testament of Hope,"Martin Luther King, Jr., James M. Washington",,read,2024/03/01,2024/03/20\n'
        'Strength to Love,"Martin Luther King, Jr.",,read,2024/03/01,2024/03/15\n',
    )
    result = run(export_file)
    assert "Imported 1 entry" in result.stderr and "skipped 1 already in the log" in result.stderr, result.stderr
    assert old.read_text(encoding="utf-8") == written and len(entries(workspace)) == 2
    new, _ = read_entry(workspace / "entries" / "2024" / "03" / "strength-to-love.md")
    assert new.speakers == ["Martin Luther King, Jr."]
    assert "Imported 0 entries" in run(export_file).stderr and len(entries(workspace)) == 2


def test_two_books_goodreads_tells_apart_are_two_entries_however_alike_their_titles(workspace):
    """Two rows of one Goodreads library are two books (two ids, two pages), but both volumes
    are `the lord of the rings / tolkien` without their subtitles, and the second was skipped
    as 'already in the log'; 5,000 books titled alike imported as one."""
    header = "Book Id,Title,Author,Exclusive Shelf,Date Read\n"
    library = export(
        workspace,
        "goodreads.csv",
        header + '101,"The Lord of the Rings: The Fellowship of the Ring",J.R.R. Tolkien,read,2024/03/01\n'
        '102,"The Lord of the Rings: The Two Towers",J.R.R. Tolkien,read,2024/03/20\n',
    )
    assert "Imported 2 entries" in run(library).stderr and len(entries(workspace)) == 2
    again = run(library)
    assert "Imported 0 entries" in again.stderr and "2 already in the log" in again.stderr
    # the same book from another source is still the one entry
    clippings = (
        "The Lord of the Rings (Tolkien, J.R.R.)\n"
        "- Your Highlight on page 1 | Added on Monday, April 1, 2024 9:00:00 PM\n\n"
        "Not all those who wander are lost.\n==========\n"
    )
    assert "Imported 0 entries" in run(export(workspace, "My Clippings.txt", clippings)).stderr


def test_a_book_whose_edition_was_switched_on_goodreads_is_still_its_one_entry(workspace):
    """Goodreads keeps one edition of a book on its shelves, and switching edition changes its
    Book Id: a later export under the new id is the same book (its old id is gone), not another
    one of the same title as two rows of one export are."""
    header = "Book Id,Title,Author,Exclusive Shelf,Date Read\n"
    first = export(workspace, "goodreads.csv", header + "101,Dune,Frank Herbert,read,2024/03/01\n")
    assert "Imported 1 entry" in run(first).stderr
    switched = export(
        workspace, "goodreads2.csv", header + '555,"Dune (Deluxe Edition)",Frank Herbert,read,2024/03/01\n'
    )
    result = run(switched)
    assert "Imported 0 entries" in result.stderr and "1 already in the log" in result.stderr


def test_a_saved_moment_is_dated_on_the_day_where_the_author_reads(workspace):
    """Pocket's time_added is Unix seconds: a page saved on Sunday at 9:30 pm in Toronto was dated
    Monday (UTC's day), in the next week's edition, and on November 30th in December's. A time
    the export wrote without a zone (a Kindle's "Added on", a Zotero access day) is already the
    reader's own clock, and keeps its day."""
    (workspace / "newsletter.toml").write_text('[newsletter]\nname = "Test"\ntimezone = "America/Toronto"\n')
    sunday_evening = int(dt.datetime(2024, 11, 25, 2, 30, tzinfo=dt.UTC).timestamp())  # 21:30 on the 24th
    pocket = export(
        workspace,
        "ril_export.html",
        "<!DOCTYPE html>\n<html>\n\t<!--So long and thanks for all the fish-->\n\t<head>\n"
        '\t\t<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
        "\t\t<title>Pocket Export</title>\n\t</head>\n\t<body>\n\t\t<h1>Read Archive</h1>\n\t\t<ul>\n"
        f'\t\t\t<li><a href="https://a.example/dns" time_added="{sunday_evening}" tags="">DNS</a></li>\n'
        "\t\t</ul>\n\t</body>\n</html>\n",
    )
    clippings = export(
        workspace,
        "My Clippings.txt",
        "\ufeffThinking in Systems (Meadows, Donella H.)\r\n"
        "- Your Highlight on page 12 | Location 170-172 | Added on Monday, November 25, 2024 12:30:02 AM\r\n"
        "\r\nA system is more than the sum of its parts.\r\n==========\r\n",
    )
    bibtex = export(workspace, "zotero.bib", "@article{k, title = {Go To}, urldate = {2024-11-26}, year = {1974}}\n")
    for path in (pocket, clippings, bibtex):
        assert run(path).exit_code == 0
    dates = {entry.title: entry.date for entry, _ in map(read_entry, entries(workspace))}
    assert dates == {
        "DNS": dt.date(2024, 11, 24),
        "Thinking in Systems": dt.date(2024, 11, 25),
        "Go To": dt.date(2024, 11, 26),
    }


def test_the_same_page_with_and_without_a_trailing_slash_is_one_entry(workspace):
    """Pocket kept a post as https://jvns.ca/blog/dns/ and Instapaper and the browser's bookmarks
    as .../dns: three sources of one page made two entries of it, for the same edition."""
    pocket = export(
        workspace,
        "ril_export.html",
        "<!DOCTYPE html>\n<html>\n\t<head>\n\t\t<title>Pocket Export</title>\n\t</head>\n\t<body>\n"
        "\t\t<h1>Read Archive</h1>\n\t\t<ul>\n"
        '\t\t\t<li><a href="https://jvns.ca/blog/dns/?utm_source=pocket_saves" time_added="1700000000" '
        'tags="">Some DNS things</a></li>\n\t\t</ul>\n\t</body>\n</html>\n',
    )
    instapaper = export(
        workspace,
        "instapaper-export.csv",
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        'https://jvns.ca/blog/dns,Some DNS things,"TTLs lie.",Archive,1700000100,[]\n',
    )
    bookmarks = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
        '    <DT><A HREF="https://jvns.ca/blog/dns" ADD_DATE="1700000200">Some DNS things</A>\n</DL><p>\n',
    )
    for path in (pocket, instapaper, bookmarks):
        assert run(path).exit_code == 0
    [entry] = entries(workspace)
    text = entry.read_text()
    assert 'url: "https://jvns.ca/blog/dns/"' in text and "> TTLs lie." in text


def test_one_video_shared_under_two_of_its_links_is_one_entry(workspace):
    """Pocket kept a talk as youtu.be/ID (the share button's link), the browser's bookmarks as
    youtube.com/watch?v=ID&t=42s: import made two entries of one video, which build and check
    then warned about as a repeat (links/same_work.py knows a video's forms)."""
    pocket = export(
        workspace,
        "ril_export.html",
        "<!DOCTYPE html>\n<html>\n\t<head>\n\t\t<title>Pocket Export</title>\n\t</head>\n\t<body>\n"
        "\t\t<h1>Read Archive</h1>\n\t\t<ul>\n"
        '\t\t\t<li><a href="https://youtu.be/z-WSrQDXkuM?si=Bq3x" time_added="1700000000" '
        'tags="">JAX talk</a></li>\n\t\t</ul>\n\t</body>\n</html>\n',
    )
    bookmarks = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
        '    <DT><A HREF="https://www.youtube.com/watch?v=z-WSrQDXkuM&amp;t=42s" ADD_DATE="1700000200">JAX talk</A>\n'
        "</DL><p>\n",
    )
    for path in (pocket, bookmarks):
        assert run(path).exit_code == 0
    [entry] = entries(workspace)
    assert "youtu.be/z-WSrQDXkuM" in entry.read_text()


def test_a_highlight_goes_to_the_entry_of_its_own_link_when_the_log_has_two_of_one_page(workspace):
    """A log imported before a trailing slash was no matter holds two entries of one page. Each
    import of Hypothesis annotations on .../dns/ then added its highlight to whichever of the two
    was read first: to the other one, again on every run, since that one's link is not its own."""
    day = workspace / "entries/2024/05"
    day.mkdir(parents=True)
    for name, url, source in (
        ("a-dns.md", "https://jvns.ca/blog/dns", "instapaper"),
        ("b-dns.md", "https://jvns.ca/blog/dns/", "pocket"),
    ):
        (day / name).write_text(
            f'---\ntype: article\nurl: "{url}"\ndate: 2024-05-02\ntitle: "DNS"\ndraft: true\n'
            f'imported: {{source: "{source}", id: "{url}", url: "{url}"}}\n---\n\nYour notes, in Markdown.\n'
        )
    annotation = {
        "id": "h1",
        "created": "2024-05-02T18:00:00.000000+00:00",
        "uri": "https://jvns.ca/blog/dns/",
        "text": "",
        "tags": [],
        "target": [
            {"source": "https://jvns.ca/blog/dns/", "selector": [{"type": "TextQuoteSelector", "exact": "TTLs lie."}]}
        ],
        "document": {"title": ["DNS"]},
    }
    hypothesis = export(workspace, "hypothesis.json", json.dumps({"total": 1, "rows": [annotation]}))
    for _ in range(2):
        assert run(hypothesis).exit_code == 0
    assert [(p.name, p.read_text().count("> TTLs lie.")) for p in entries(workspace)] == [
        ("a-dns.md", 0),
        ("b-dns.md", 1),
    ]


def test_a_page_note_on_a_link_the_log_has_from_another_source_is_said_not_dropped(workspace):
    """Sam saved Dan Luu's post to Raindrop, then annotated it in Hypothesis: a highlight with a
    note, and a page note of his own on the whole post. Import added the highlight to the
    Raindrop entry and dropped the page note without a word. It is named with the entry to copy
    it into; once copied, or from the source that wrote the entry, it is not said again."""
    url = "https://danluu.com/simple-architectures/"
    raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
    raindrop += f"7,In defense of simple architectures,Read on the train.,,{url},,,2026-07-15T20:15:12.000Z,,,false\n"
    page_note = "The whole post argues for boring tech. I agree for our scale."
    quote = {"type": "TextQuoteSelector", "exact": "Wave is a $1.7B company with 70 engineers."}
    title = {"title": ["In defense of simple architectures"]}
    annotations = [
        {"id": "h1", "created": "2026-09-10T21:05:00+00:00", "uri": url, "text": "Cf. our k8s estate.",
         "target": [{"source": url, "selector": [quote]}], "document": title},
        {"id": "h2", "created": "2026-09-12T21:05:00+00:00", "uri": url, "text": page_note,
         "target": [{"source": url}], "document": title},
    ]  # fmt: skip
    sidebar = {"export_date": "2026-12-02T22:10:00.000Z", "export_userid": "acct:sam@hypothes.is"}
    sidebar["client_version"] = "1.1530.0"
    hypothesis = export(workspace, "hypothesis.json", json.dumps({**sidebar, "annotations": annotations}))
    assert run(export(workspace, "raindrop.csv", raindrop)).exit_code == 0
    [path] = entries(workspace)
    shown = path.relative_to(workspace)

    first = run(hypothesis)

    assert first.exit_code == 0, first.output
    assert (
        f"warning: {shown}: hypothesis's note on this link is not added (import adds only highlights to an entry "
        f'already in the log); copy it in yourself if you want it: "{page_note}"\n'
    ) in first.stderr
    assert "> Wave is a $1.7B company" in path.read_text() and page_note not in path.read_text()
    assert "note on this link" not in run(export(workspace, "raindrop.csv", raindrop)).stderr  # its own note
    path.write_text(path.read_text() + f"\n{page_note}\n")
    assert "note on this link" not in run(hypothesis).stderr


def test_highlights_on_an_entry_the_author_wrote_are_said_not_dropped(workspace):
    """Hannah (new user 44) wrote her entries in Obsidian, then imported her Hypothesis and
    Raindrop highlights of the same pages: 'skipped 2 already in the log', and not a word of the
    highlights, which import never adds to an entry she wrote (nor her Raindrop note, which was
    said, but as if import added highlights there). Each is said once, with the entry to copy it
    into; her file is left as she wrote it, and a highlight she copied in is not said."""
    url = "https://udell.example/annotating"
    mine = workspace / "entries/2026/10/Annotating the Web.md"
    mine.parent.mkdir(parents=True)
    written = f"---\ntype: article\nurl: {url}\ndate: 2026-10-21\n---\nUdell über gemeinsames Annotieren.\n"
    mine.write_text(written, encoding="utf-8")
    raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
    raindrop += f'7,Annotating,Für Dezember?,,{url},,,2026-10-20T20:15:12.000Z,,"Highlight: Links rot.\n\n'
    raindrop += 'Highlight: Archive what matters.",false\n'
    quote = {"type": "TextQuoteSelector", "exact": "Man liest, um zu denken."}
    note = {"id": "h1", "created": "2026-10-20T19:10:05+00:00", "uri": url, "text": "Genau.", "tags": []}
    note |= {"target": [{"source": url, "selector": [quote]}], "document": {"title": ["Annotating"]}}
    hypothesis = export(workspace, "hypothesis.json", json.dumps({"annotations": [note]}))
    shown = mine.relative_to(workspace)

    first, again = run(hypothesis), run(hypothesis)
    left = run(export(workspace, "raindrop.csv", raindrop))

    assert (
        f"warning: {shown}: hypothesis's highlight on this link is not added (import adds nothing to an entry "
        'you wrote); copy it in yourself if you want it: "Man liest, um zu denken."\n'
    ) in first.stderr
    assert "warning" not in again.stderr  # said once
    assert (
        f"warning: {shown}: raindrop's note on this link is not added (import adds nothing to an entry you wrote); "
        'copy it in yourself if you want it: "Für Dezember?"\n'
    ) in left.stderr
    assert (
        f"warning: {shown}: raindrop's 2 highlights on this link are not added (import adds nothing to an entry "
        'you wrote); copy them in yourself if you want them: "Links rot." (and 1 more)\n'
    ) in left.stderr
    assert mine.read_text(encoding="utf-8") == written and entries(workspace) == [mine]
    mine.write_text(written + "\n> Links rot.\n\n> Archive what matters.\n", encoding="utf-8")
    raindrop = raindrop.replace("Links rot.", "Links rot. ")  # another line of the export's, the same passages
    assert "highlights on this link" not in run(export(workspace, "raindrop.csv", raindrop)).stderr


def test_a_page_note_left_out_is_said_once_not_at_every_sync(workspace):
    """Sam's sync of his Hypothesis annotations said the same page note on his Raindrop entry at
    every import, for good, though he had chosen to leave it out: it is said once. A note he
    edits since is news, and said again; a dry run remembers nothing."""
    url = "https://danluu.com/simple-architectures/"
    raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
    raindrop += f"7,In defense of simple architectures,,,{url},,,2026-07-15T20:15:12.000Z,,,false\n"
    title = {"title": ["In defense of simple architectures"]}

    def annotated(note):
        page = {"id": "h2", "created": "2026-09-12T21:05:00+00:00", "uri": url, "text": note}
        page |= {"target": [{"source": url}], "document": title}
        return export(workspace, "hypothesis.json", json.dumps({"annotations": [page]}))

    assert run(export(workspace, "raindrop.csv", raindrop)).exit_code == 0
    hypothesis = annotated("Boring tech wins at our scale.")
    assert "note on this link" in run(hypothesis, "--dry-run").stderr
    said = [run(hypothesis).stderr.count("note on this link") for _ in range(3)]
    assert said == [1, 0, 0]
    assert run(annotated("Boring tech wins at our scale, mostly.")).stderr.count("note on this link") == 1


def test_a_page_note_left_out_is_quoted_with_its_hidden_characters_escaped(workspace):
    """A Hebrew page note with right-to-left marks and a zero-width space was quoted in the
    warning as it was: the marks turned the terminal's line round, the space hid between
    letters. They are written as their escapes, as everywhere the tool shows text it did not
    write, and a long note is cut after a whole escape, never inside one."""
    url = "https://danluu.com/simple-architectures/"
    raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
    raindrop += f"7,In defense of simple architectures,,,{url},,,2026-07-15T20:15:12.000Z,,,false\n"
    assert run(export(workspace, "raindrop.csv", raindrop)).exit_code == 0
    said = []
    for note in ("\u200fטכנולוגיה משעממת\u200f wins\u200b here", "x" * 76 + "\u200f" + "y" * 20):
        page = {"id": "h2", "created": "2026-09-12T21:05:00+00:00", "uri": url, "text": note}
        page |= {"target": [{"source": url}], "document": {"title": ["In defense of simple architectures"]}}
        result = run(export(workspace, "hypothesis.json", json.dumps({"annotations": [page]})))
        assert result.exit_code == 0, result.output
        [line] = [line for line in result.stderr.splitlines() if "note on this link" in line]
        said.append(line.partition("if you want it: ")[2])
    assert said == ['"\\u200fטכנולוגיה משעממת\\u200f wins\\u200b here"', '"' + "x" * 76 + '…"']


def test_notes_said_by_two_imports_at_once_are_each_kept(workspace):
    """Two imports running side by side (a cron's sync of Hypothesis, the author's of Raindrop)
    each wrote the notes it had said over what the other had kept, so the other's were said
    again at the next import: each keeps what the file holds besides its own."""
    first, second = NotesSaid(workspace / ".newsletter", workspace), NotesSaid(workspace / ".newsletter", workspace)
    entry = workspace / "entries/2026/09/simple.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("---\ntype: article\nurl: https://example.com/simple\ndate: 2026-09-02\n---\n")
    assert first.first_time("hypothesis", entry, "Boring tech wins.")
    assert second.first_time("readwise", entry, "Boring tech wins.")
    first.save([]), second.save([])
    again = NotesSaid(workspace / ".newsletter", workspace)
    assert not again.first_time("hypothesis", entry, "Boring tech wins.")
    assert not again.first_time("readwise", entry, "Boring tech wins.")


def test_the_notes_said_of_an_entry_deleted_since_are_not_kept(workspace):
    """.newsletter/import-notes-said.json kept every note ever said, of entries long deleted, and
    every import reads it whole: when it is saved, those of an entry no longer there are dropped."""
    folder = workspace / "entries/2026/09"
    folder.mkdir(parents=True)
    kept, deleted, new = (folder / f"{name}.md" for name in ("kept", "deleted", "new"))
    for entry in (kept, deleted, new):
        entry.write_text(f"---\ntype: article\nurl: https://example.com/{entry.stem}\ndate: 2026-09-02\n---\n")
    said = NotesSaid(workspace / ".newsletter", workspace)
    assert said.first_time("hypothesis", kept, "A note.") and said.first_time("hypothesis", deleted, "A note.")
    said.save([])
    deleted.unlink()
    said = NotesSaid(workspace / ".newsletter", workspace)
    assert said.first_time("readwise", new, "Another note.")
    said.save([])
    held = json.loads((workspace / ".newsletter" / "import-notes-said.json").read_text())
    assert [line.split("\t")[1] for line in held] == ["entries/2026/09/kept.md", "entries/2026/09/new.md"]
    assert not NotesSaid(workspace / ".newsletter", workspace).first_time("hypothesis", kept, "A note.")


def test_a_fifo_in_place_of_the_notes_said_is_no_hang(workspace):
    """Every import reads which notes it has said (.newsletter/import-notes-said.json): a FIFO by
    its name held every import for ever, waiting for a writer. It is no record: each is said."""
    fifo = workspace / ".newsletter" / "import-notes-said.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    results = []
    worker = threading.Thread(target=lambda: results.append(NotesSaid(fifo.parent, workspace)), daemon=True)
    worker.start()
    worker.join(30)
    waited = worker.is_alive()
    while worker.is_alive():  # (a writer, opened and closed, ends its wait: a failure, not a hung suite)
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(0.1)
    assert not waited, "the import waited on a FIFO"
    assert results[0].first_time("hypothesis", workspace / "entries/x.md", "A note.")


def test_a_saved_pages_title_comes_without_its_sites_name(workspace):
    """A bookmark's title is the page's <title>, "Strange Loop 2026 keynote - YouTube": written
    into the draft, it won over the fetched title and put "- YouTube" in the edition. The site's
    name goes where the cut-off part is the link's host; a subtitle stays."""
    bookmarks = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
        '<DT><A HREF="https://www.youtube.com/watch?v=abc" ADD_DATE="1">Strange Loop 2026 keynote - YouTube</A>\n'
        '<DT><A HREF="https://danluu.com/slow-software/" ADD_DATE="1">Why is software slow? &#8211; Dan Luu</A>\n'
        '<DT><A HREF="https://docs.python.org/3/whatsnew/3.13.html" ADD_DATE="1">Python 3.13 - What is new</A>\n'
        "</DL><p>\n",
    )
    assert run(bookmarks).exit_code == 0
    titles = {entry.title for entry, _ in map(read_entry, entries(workspace))}
    assert titles == {"Strange Loop 2026 keynote", "Why is software slow?", "Python 3.13 - What is new"}
    names = sorted(p.name for p in entries(workspace))
    assert names == ["python-3-13-what-is-new.md", "strange-loop-2026-keynote.md", "why-is-software-slow.md"]


def test_a_saved_pages_title_comes_without_the_name_a_company_gives_its_blog(workspace):
    """A bookmark of 'How Uber Built Its Data Platform | Uber Blog' kept '| Uber Blog' in the draft,
    where a build cuts it (the page's og:site_name): import only knew names its host spells, and
    uber.com spells 'Uber', not 'Uber Blog'. The host's name and what a site is called after it
    (Blog, Engineering, News…) go too; a subtitle, and another site's name, stay."""
    bookmarks = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
        '<DT><A HREF="https://www.uber.com/en-US/blog/data-platform/" ADD_DATE="1">'
        "How Uber Built Its Data Platform | Uber Blog</A>\n"
        '<DT><A HREF="https://eng.uber.com/schemaless/" ADD_DATE="1">Designing Schemaless | Uber Engineering</A>\n'
        '<DT><A HREF="https://blog.cloudflare.com/quic/" ADD_DATE="1">The Road to QUIC - The Cloudflare Blog</A>\n'
        '<DT><A HREF="https://www.uber.com/en-US/blog/h3/" ADD_DATE="1">H3 | Part two</A>\n'
        '<DT><A HREF="https://www.uber.com/en-US/blog/lyft/" ADD_DATE="1">Kafka at scale | Lyft Engineering</A>\n'
        "</DL><p>\n",
    )
    assert run(bookmarks).exit_code == 0
    titles = {entry.title for entry, _ in map(read_entry, entries(workspace))}
    assert titles == {
        "How Uber Built Its Data Platform",
        "Designing Schemaless",
        "The Road to QUIC",
        "H3 | Part two",
        "Kafka at scale | Lyft Engineering",
    }
    from newsletter.links.extract import extract_metadata  # what a build makes of the page: the same

    page = (
        '<title>How Uber Built Its Data Platform | Uber Blog</title><meta property="og:site_name" content="Uber Blog">'
    )
    assert extract_metadata(page, "https://www.uber.com/en-US/blog/data-platform/").title in titles


def test_an_arxiv_tabs_title_comes_without_the_papers_id(workspace):
    """Sam's Raindrop export kept arXiv's tab titles, "[2305.14314] QLoRA: …": the draft's title
    (which wins over the paper's at build) and its file name began with the id, and the edition
    and the year in review cited it so. The link's own paper's id goes, any version, abstract or
    PDF; another bracket, or another paper's id, stays."""
    saved = [
        ("[2305.14314] QLoRA: Efficient Finetuning of Quantized LLMs", "https://arxiv.org/abs/2305.14314"),
        ("[hep-th/9901001v2] Old-style ids too", "https://arxiv.org/pdf/hep-th/9901001v2"),
        ("[1706.03762] Cited from another page", "https://example.org/notes"),
        ("[2404.19756] Not this paper's id", "https://arxiv.org/abs/2405.00001"),
        ("[WIP] A bracket of the author's", "https://arxiv.org/abs/2405.00002"),
    ]
    rows = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
    for n, (title, url) in enumerate(saved):
        rows += f"{n},{title},,,{url},,,2026-05-1{n}T20:15:12.000Z,,,false\n"
    assert run(export(workspace, "raindrop.csv", rows)).exit_code == 0
    written = {read_entry(path)[0].title: path.name for path in entries(workspace)}
    assert set(written) == {
        "QLoRA: Efficient Finetuning of Quantized LLMs",
        "Old-style ids too",
        "[1706.03762] Cited from another page",
        "[2404.19756] Not this paper's id",
        "[WIP] A bracket of the author's",
    }
    assert written["QLoRA: Efficient Finetuning of Quantized LLMs"] == "qlora-efficient-finetuning-of-quantized-llms.md"


def test_a_sites_name_its_host_does_not_spell_goes_when_the_exports_titles_of_that_host_share_it(workspace):
    """Layla's Instapaper titles from aljazeera.net ended in "| الجزيرة نت", Al Jazeera's name in
    Arabic, which its host does not spell: it stayed in the entries' titles and file names. The
    same last part on two or more different titles of one host in the export is the site's name
    and goes; one title's own ending, one shared by titles of different hosts, or one the links'
    path spells (a GitHub repository's), stays."""
    rows = "URL,Title,Selection,Folder,Timestamp\n"
    rows += "https://www.aljazeera.net/news/2024/1/1/a,غزة تحت الحصار | الجزيرة نت,,Archive,1704100000\n"
    rows += "https://www.aljazeera.net/ebusiness/2024/1/2/b,أسعار النفط اليوم | الجزيرة نت,,Archive,1704200000\n"
    rows += "https://www.aljazeera.net/politics/2024/1/3/c,الانتخابات - الجولة الثانية,,Archive,1704300000\n"
    rows += "https://a.example.org/1,Rust at work | Part one,,Archive,1704300000\n"
    rows += "https://b.example.net/2,Go at work | Part one,,Archive,1704300000\n"
    rows += "https://github.com/ann/kiln/issues/1,Crash on start · Issue #1 · ann/kiln,,Archive,1704300000\n"
    rows += "https://github.com/ann/kiln/issues/2,Slow build · Issue #2 · ann/kiln,,Archive,1704300000\n"
    assert run(export(workspace, "instapaper-export.csv", rows)).exit_code == 0
    titles = {entry.title for entry, _ in map(read_entry, entries(workspace))}
    assert titles == {
        "غزة تحت الحصار",
        "أسعار النفط اليوم",
        "الانتخابات - الجولة الثانية",
        "Rust at work | Part one",
        "Go at work | Part one",
        "Crash on start · Issue #1 · ann/kiln",  # the repository its path names: no site's name
        "Slow build · Issue #2 · ann/kiln",
    }
    assert not any("الجزيرة" in p.name for p in entries(workspace))


def test_a_series_name_on_a_few_of_a_hosts_titles_is_not_taken_for_the_sites(workspace):
    """Two MIT lectures saved from YouTube, "Lecture 1: Algorithms | MIT 6.006", lost the course's
    name as if it were YouTube's (ad7338d): the same last part on two titles of one host. On a
    host of many channels, or a blog's series, such a part ends a few of its titles; a site's
    name ends most of them, as Al Jazeera's does (the test above)."""
    rows = "URL,Title,Selection,Folder,Timestamp\n"
    rows += "https://www.youtube.com/watch?v=1,Lecture 1: Algorithms | MIT 6.006,,Archive,1704100000\n"
    rows += "https://www.youtube.com/watch?v=2,Lecture 2: Data Structures | MIT 6.006,,Archive,1704200000\n"
    rows += "https://www.youtube.com/watch?v=3,Rich Hickey - Simple Made Easy,,Archive,1704300000\n"
    rows += "https://www.youtube.com/watch?v=4,Simon Peyton Jones - How to write a great paper,,Archive,1704300000\n"
    assert run(export(workspace, "instapaper-export.csv", rows)).exit_code == 0
    titles = {entry.title for entry, _ in map(read_entry, entries(workspace))}
    assert {"Lecture 1: Algorithms | MIT 6.006", "Lecture 2: Data Structures | MIT 6.006"} <= titles, titles


def test_a_columns_name_on_a_few_of_a_blogs_titles_is_not_taken_for_the_sites(workspace):
    """Lucía (new user 40) imported eight years of Pinboard bookmarks: her blog.example.org
    drafts 'Mapas de ciencia — España' were titled 'Mapas de ciencia', as if España were the
    site's name. It ended 31 of the host's 235 titles, but most of the few with a separator:
    a site's name ends most of all its titles, with a separator or without."""
    rows = "URL,Title,Selection,Folder,Timestamp\n"
    rows += "https://blog.example.org/1,Mapas de ciencia — España,,Archive,1704100000\n"
    rows += "https://blog.example.org/2,Mapas de clima — España,,Archive,1704200000\n"
    rows += "https://blog.example.org/3,How I think about datos — notes,,Archive,1704300000\n"
    rows += "https://blog.example.org/4,Lo que aprendí sobre Madrid,,Archive,1704300000\n"
    rows += "https://blog.example.org/5,Python: una guía práctica,,Archive,1704300000\n"
    assert run(export(workspace, "instapaper-export.csv", rows)).exit_code == 0
    titles = {entry.title for entry, _ in map(read_entry, entries(workspace))}
    assert {"Mapas de ciencia — España", "Mapas de clima — España"} <= titles, titles


def test_a_link_saved_twice_in_one_export_is_not_said_to_be_in_the_log_already(workspace):
    """Priya's first Pocket import into an empty log said '4 already in the log': the links she had
    saved twice, counted as known from the entry the same run had just written for the first."""
    pocket = "title,url,time_added,cursor,tags,status\n"
    pocket += "Iceberg,https://example.org/iceberg,1650000000,,data,archive\n"
    pocket += "Arrow,https://example.org/arrow,1650100000,,,archive\n"
    pocket += "Iceberg again,https://example.org/iceberg?utm_source=pocket_mylist,1660000000,,data,archive\n"
    path = export(workspace, "part_000000.csv", pocket)
    first = run(path)
    assert first.stderr.strip().endswith(
        f"Imported 2 entries from {path} (pocket, 3 items); skipped 1 repeated in the export (one entry each)."
    )
    assert len(entries(workspace)) == 2
    again = run(path)
    assert "Imported 0 entries" in again.stderr and "skipped 3 already in the log." in again.stderr


def test_a_title_or_tag_of_characters_drawn_as_nothing_is_none(workspace):
    """A bookmark titled with zero-width spaces alone, or a right-to-left mark (which an import
    keeps, for Thai's and Hebrew's sake), was written as the draft's title, which wins over the
    page's at build: a heading with no words. It is no title (the build fetches the page's)."""
    path = export(
        workspace,
        "bookmarks.html",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://z.example/zw" ADD_DATE="1600000000" TAGS="\u200f,rust">\u200b\u200b</A>\n'
        '<DT><A HREF="https://z.example/rlm" ADD_DATE="1600000000">\u200f</A>\n'
        '<DT><A HREF="https://z.example/thai" ADD_DATE="1600000000">\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b'
        "\u0e04\u0e23\u0e31\u0e1a</A>\n</DL>\n",
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    read = {entry.url: entry for entry, _ in map(read_entry, entries(workspace))}
    assert (read["https://z.example/zw"].title, read["https://z.example/rlm"].title) == (None, None)
    assert read["https://z.example/zw"].tags == ["rust"]
    assert read["https://z.example/thai"].title == "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a"


def test_a_library_of_books_read_again_looks_at_each_entry_once(workspace, monkeypatch):
    """(attack 32) Whether a book was read again looked at every entry of the log for each book
    whose Read Count is over 1: 1,000 of them took 1.2 s, 2,000 4.8 s (bench, not here). What
    it counts is how often an entry's works are read, once an entry rather than once a pair."""
    from newsletter.commands import import_log

    header = "Book Id,Title,Author,Date Read,Date Added,Exclusive Shelf,My Review,Read Count\n"
    books = 200
    first = header + "".join(f"{n},Book {n},Author {n},2021/03/20,2021/03/02,read,,1\n" for n in range(1, books + 1))
    again = first.replace("2021/03/20", "2026/11/25").replace(",1\n", ",2\n")
    assert f"Imported {books} entries" in run(export(workspace, "goodreads_library_export.csv", first)).stderr
    calls = []
    counted = import_log.marked_works
    monkeypatch.setattr(import_log, "marked_works", lambda mark: calls.append(1) or counted(mark))
    assert f"Imported {books} entries" in run(export(workspace, "goodreads_library_export.csv", again)).stderr
    assert len(entries(workspace)) == 2 * books  # (each a reading of its own, as before)
    assert len(calls) <= 3 * books


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pocket.csv", "title,url,time_added,tags,status\n{url},{url},1600000000,,archive\n"),
        (
            "bookmarks.html",
            "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
            '<DT><A HREF="{url}" ADD_DATE="1600000000">{url}</A>\n</DL>\n',
        ),
        (
            "raindrop.csv",
            "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
            "1,{url},,,{url},Unsorted,,2020-09-13T12:26:40.000Z,,,false\n",
        ),
        ("pinboard.json", '[{{"href": "{url}", "description": "{url}", "time": "2020-09-13T12:26:40Z"}}]'),
    ],
    ids=["pocket", "bookmarks-html", "raindrop", "pinboard"],
)
def test_a_page_saved_under_its_own_address_is_imported_without_a_title_from_every_export(workspace, name, text):
    """A browser, Raindrop and Pinboard name a page they could not read by its address, as Pocket
    does; Pocket's import left the title to the build, but theirs wrote `title: "https://…"` (and
    a file named https-…), which then won over the page's own title in every edition."""
    url = "https://blog.example.org/post"
    result = run(export(workspace, name, text.format(url=url)))
    assert result.exit_code == 0, result.output
    [path] = entries(workspace)
    assert path.relative_to(workspace).as_posix() == "entries/2020/09/blog-example-org-post.md"
    entry = read_entry(path)[0]
    assert entry.title is None and entry.url == url
