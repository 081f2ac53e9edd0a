"""Each export format parsed from a sample written in that format: fields, highlights, bad rows."""

import datetime as dt
import json
import time
import tracemalloc
import zipfile

import pytest
from importer_samples import SAMPLES, omnivore_zip, pocket_zip

from newsletter.importers import parse_file, readwise
from newsletter.importers.common import ExportError
from newsletter.importers.entry import item_type
from newsletter.importers.model import Highlight

UTC = dt.UTC


def by_url(parsed):
    return {item.url: item for item in parsed.items}


def test_netscape_bookmarks_keep_titles_tags_notes_and_unread():
    parsed = parse_file(SAMPLES / "bookmarks.html")
    assert parsed.format == "bookmarks-html"
    items = by_url(parsed)
    assert list(items) == [
        "https://example.org/caf%C3%A9?utm_source=rss",
        "https://www.youtube.com/watch?v=z-WSrQDXkuM",
        "https://github.com/google/jax",
    ]
    cafe = items["https://example.org/caf%C3%A9?utm_source=rss"]
    assert cafe.title == 'Café society: "why, how" & when — Ünïcode'
    assert cafe.tags == ["café", "essays"]
    assert cafe.saved_at == dt.datetime(2021, 2, 3, 9, 47, 58, tzinfo=UTC)
    assert cafe.note == "My note, with commas, & <b>markup</b>\nand a second line"
    assert items["https://www.youtube.com/watch?v=z-WSrQDXkuM"].unread
    assert not items["https://github.com/google/jax"].unread
    assert parsed.warnings == [
        f"{SAMPLES / 'bookmarks.html'}: skipped bookmark 3 ('A bookmarklet'): not a web link",
        f"{SAMPLES / 'bookmarks.html'}: skipped bookmark 4 ('Recent tags'): not a web link",
    ]


def test_pockets_html_export_marks_the_unread_list():
    items = parse_file(SAMPLES / "pocket.html").items
    assert [(i.title, i.unread, i.tags) for i in items] == [
        ("Still to read: “quotes”", True, ["later"]),
        ("Read, done", False, ["python", "ünï"]),
    ]


def test_pocket_csv_reads_quotes_commas_newlines_and_skips_bad_rows():
    parsed = parse_file(SAMPLES / "pocket.csv")
    assert parsed.format == "pocket"
    assert [(i.title, i.url, i.tags, i.unread) for i in parsed.items] == [
        (
            'Ein Artikel über „Zitate“, Kommas, und "Anführungszeichen"',
            "https://example.de/artikel",
            ["deutsch", "lesen"],
            False,
        ),
        ("A title over two lines", "https://example.com/two-lines", [], True),
        ("Last one", "https://example.com/last", ["python"], False),
        (None, "https://example.com/untitled", [], False),  # Pocket's title for a page it could not read
    ]
    assert parsed.items[0].saved_at == dt.datetime.fromtimestamp(1707000000, UTC)
    name = SAMPLES / "pocket.csv"
    assert parsed.warnings == [
        f"{name}:5: skipped a row without a web link ('ftp://example.com/file')",
        f"{name}:6: skipped a row that cannot be read (',' expected after '\"')",
    ]


def test_pocket_zip_of_parts_with_an_extra_column(tmp_path):
    parsed = parse_file(pocket_zip(tmp_path))
    assert parsed.format == "pocket"
    assert [(i.title, i.tags, i.unread) for i in parsed.items] == [
        ("Première partie", ["français"], False),
        ("Second part, with a comma", ["a", "b"], True),
    ]


def test_omnivore_zip_joins_items_to_their_highlights(tmp_path):
    parsed = parse_file(omnivore_zip(tmp_path))
    assert parsed.format == "omnivore"
    quoting, unopened, note = parsed.items
    assert quoting.title == 'The "art" of quoting, déjà vu'
    assert quoting.authors == ["Zoë Ångström"]
    assert quoting.tags == ["writing", "Newsletter"]
    assert quoting.saved_at == dt.datetime(2024, 10, 3, 8, 15, tzinfo=UTC)
    assert quoting.excerpt == "An excerpt the page wrote about itself."
    assert quoting.highlights == [
        Highlight(
            "Quoting is an act of “attention”, not <em>decoration</em>.", note="My own note: yes, and a second thought."
        ),
        Highlight("A second passage,\nwith a line break."),
    ]
    assert unopened.unread and not quoting.unread
    assert note.url is None and note.title == "A note without a link"
    assert parsed.warnings == [
        f"{tmp_path / 'omnivore-export.zip'}:metadata_0_to_3.json: skipped item 3: not a saved item (no id)"
    ]


def test_omnivore_metadata_json_alone():
    parsed = parse_file(SAMPLES / "omnivore" / "metadata_0_to_3.json")
    assert parsed.format == "omnivore"
    assert [i.source_id[-1] for i in parsed.items] == ["1", "2", "4"]
    assert all(not i.highlights for i in parsed.items)


def test_raindrop_titles_come_with_their_html_entities_decoded(tmp_path):
    """Raindrop keeps a title as the page's HTML wrote it: "Dark mode &amp; design" went into
    the draft, and the post and the email showed "&amp;" to readers. Only whole entities are
    read ("R&D&paragraph" stays), and what they decode to is cleaned like any text."""
    path = tmp_path / "raindrop-export.csv"
    path.write_text(
        "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
        '1,"Dark mode &amp; design &quot;now&quot; 🌙",,,https://a.example/1,Design,,2025-01-14T09:30:00.000Z,,,false\n'
        '2,"R&D&paragraph, It&#39;s&#27;",,,https://a.example/2,Unsorted,,2025-01-14T09:30:00.000Z,,,false\n',
        encoding="utf-8",
    )
    parsed = parse_file(path)
    assert [item.title for item in parsed.items] == ['Dark mode & design "now" 🌙', "R&D&paragraph, It's"]


def test_raindrop_csv_with_highlights_and_notes():
    parsed = parse_file(SAMPLES / "raindrop.csv")
    assert parsed.format == "raindrop"
    typography, plain = parsed.items
    assert typography.source_id == "812345001"
    assert typography.title == "Typography, “in practice”"
    assert typography.tags == ["typography", "design"]
    assert typography.note == "Read twice; the part on rhythm is best."
    assert typography.highlights == [
        Highlight("Line length is the distance between margins.", note="Remember: 45–90 characters."),
        Highlight('Ünïcode quotes "like these" matter.'),
    ]
    assert plain.highlights == []
    assert parsed.warnings == [f"{SAMPLES / 'raindrop.csv'}:5: skipped a row without a web link ('not-a-url')"]


def test_an_instapaper_csv_without_timestamps_is_still_instapapers(tmp_path):
    """Instapaper's older exports, and the files other tools write for it, have no Timestamp
    column: "URL,Title,Selection,Folder" was "not an export this tool recognises"."""
    path = tmp_path / "instapaper-export.csv"
    path.write_text(
        "URL,Title,Selection,Folder\n"
        'https://a.example/essay,An essay,"A line worth keeping.",Archive\n'
        "https://b.example/later,Later,,Unread\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    assert parsed.format == "instapaper" and parsed.warnings == []
    essay, later = parsed.items
    assert (essay.title, essay.saved_at, essay.unread, later.unread) == ("An essay", None, False, True)
    assert essay.highlights == [Highlight("A line worth keeping.")]


def test_instapaper_csv_with_its_folders_tags_and_selection():
    """Instapaper's export: the folder says unread or not (a folder of the reader's own is a tag),
    Tags is a JSON list in one cell, and the text selected when saving is a passage to quote."""
    parsed = parse_file(SAMPLES / "instapaper.csv")
    assert parsed.format == "instapaper"
    transformer, packaging, mlops, awesome, odd = parsed.items
    assert (transformer.title, transformer.tags, transformer.unread) == (
        "The Illustrated Transformer – Jay Alammar",
        ["transformers", "ml"],
        False,
    )
    assert transformer.saved_at == dt.datetime(2021, 2, 13, 12, tzinfo=UTC)
    assert transformer.highlights == [
        Highlight(
            "The Transformer outperforms the Google Neural Machine Translation model in specific tasks.\n"
            "The biggest benefit, however, comes from how The Transformer lends itself to parallelization."
        )
    ]
    assert packaging.title == 'Python packaging in 2021 - pain points, and "bright spots"' and not packaging.highlights
    assert mlops.unread and mlops.tags == []
    assert (awesome.title, awesome.tags) == (None, ["Work reading", "mlops"])  # the link as title is no title
    assert odd.tags == []
    name = SAMPLES / "instapaper.csv"
    assert parsed.warnings == [
        f"{name}:7: skipped a row without a web link ('instapaper-private://email/12345')",
        f"{name}:8: the Tags cell is not a JSON list ('[not json'); its tags were left out",
    ]


def test_goodreads_library_export_books_dated_when_read_with_the_review_as_the_readers_note():
    """Goodreads' export: one row per book; Date Read (else Date Added) dates it, the to-read and
    currently-reading shelves are books not read yet, the reader's shelves are tags, the review's
    HTML is paragraphs of text, and the book's page on Goodreads is its link."""
    parsed = parse_file(SAMPLES / "goodreads_library_export.csv")
    assert parsed.format == "goodreads" and parsed.warnings == []
    hitchhiker, feynman, omens, paramo, pride, norwegian = parsed.items
    assert (hitchhiker.title, hitchhiker.url, hitchhiker.authors, hitchhiker.kind) == (
        "The Hitchhiker's Guide to the Galaxy (Hitchhiker's Guide to the Galaxy, #1)",
        "https://www.goodreads.com/book/show/11",
        ["Douglas Adams"],
        "book",
    )
    assert hitchhiker.saved_at == dt.datetime(2024, 3, 15, tzinfo=UTC) and not hitchhiker.unread
    assert hitchhiker.tags == ["favorites", "sci-fi"]
    assert hitchhiker.note == (  # <br/> and entities read as HTML; Private Notes left out
        'Funnier the second time.\n\n"Time is an illusion. Lunchtime doubly so."\n\n'
        "Still the best opening chapter, & the towel bit."
    )
    assert feynman.title == '"Surely You\'re Joking, Mr. Feynman!": Adventures of a Curious Character'
    assert feynman.authors == ["Richard P. Feynman", "Ralph Leighton", "Edward Hutchings"]
    assert feynman.saved_at == dt.datetime(2024, 2, 20, tzinfo=UTC)  # no Date Read: when it was added
    assert feynman.note is None and feynman.tags == ["non-fiction"]
    assert omens.authors == ["Terry Pratchett", "Neil Gaiman"] and omens.tags == []
    assert [paramo.unread, pride.unread] == [True, True]
    assert (norwegian.title, norwegian.authors, norwegian.note) == (
        "ノルウェイの森 [Noruwei no Mori]",
        ["村上春樹"],
        "静かで、悲しい。",
    )


def test_a_goodreads_book_on_a_shelf_of_books_given_up_on_is_tagged_did_not_finish(tmp_path):
    """Goodreads has no status for a book given up on; new user 50 (Olu) shelved Atomic Habits
    on his own exclusive shelf "dnf", and it came in as a book read, tagged only "dnf", which the
    year in review counted among his books. Such a shelf tags it did-not-finish, as The
    StoryGraph's status does; a shelf's name about something else is only a tag."""
    path = tmp_path / "goodreads.csv"
    path.write_text(
        "Book Id,Title,Author,Additional Authors,Date Read,Date Added,Bookshelves,Exclusive Shelf,My Review\n"
        '40121378,Atomic Habits,James Clear,,,2026/10/15,"dnf, self-help",dnf,Gave up at chapter 6.\n'
        "9,Kintu,Jennifer Nansubuga Makumbi,,,2026/09/01,Abandoned,abandoned,\n"
        "10,Dust,Yvonne Adhiambo Owuor,,2026/08/30,2026/08/01,kenyan-lit,read,\n",
        encoding="utf-8",
    )
    habits, kintu, dust = parse_file(path).items
    assert habits.tags == ["dnf", "self-help", "did-not-finish"] and not habits.unread
    assert kintu.tags == ["Abandoned", "did-not-finish"]
    assert dust.tags == ["kenyan-lit"]


def test_a_link_in_a_goodreads_review_keeps_its_address(tmp_path):
    """New user 50 (Olu) linked his book club's notes in his Goodreads review, and the imported
    note said "see our notes." with the address gone. A web address follows the link's words in
    brackets (the email and the blog link it); one its words say already is not said twice, and
    what is no web address, or holds a character Markdown's escaping would split, is left out."""
    path = tmp_path / "goodreads.csv"
    review = (
        'See <a href="https://example.org/club/americanah">our notes</a>, '
        '<a href="https://example.org/x">https://example.org/x</a>, '
        '<a href="javascript:alert(1)">this</a>, <a href="/book/show/7">Dune</a> and '
        '<a href="https://example.org/?q=*x*">that</a>.<br/>'
    )
    path.write_text(
        "Book Id,Title,Author,Date Read,Exclusive Shelf,My Review\n"
        f'15796700,Americanah,Chimamanda Ngozi Adichie,2026/11/03,read,"{review.replace(chr(34), chr(34) * 2)}"\n',
        encoding="utf-8",
    )
    (americanah,) = parse_file(path).items
    assert (
        americanah.note
        == "See our notes (https://example.org/club/americanah), https://example.org/x, this, Dune and that."
    )


def test_goodreads_dates_a_spreadsheet_rewrote_are_left_out_with_a_warning(tmp_path):
    path = tmp_path / "goodreads.csv"
    path.write_text(
        "Book Id,Title,Author,Additional Authors,Date Read,Date Added,Bookshelves,Exclusive Shelf,My Review\n"
        "7,Dune,Frank Herbert,,03/15/2024,2024/01/02,,read,\n"
        ",,,,,,,read,\n"
        '8,A custom shelf,Ann Author,,,,did-not-finish,did-not-finish,"Plain text\non two lines"\n',
        encoding="utf-8",
    )
    parsed = parse_file(path)
    dune, custom = parsed.items
    assert dune.saved_at == dt.datetime(2024, 1, 2, tzinfo=UTC)
    assert (custom.saved_at, custom.unread, custom.tags) == (None, False, ["did-not-finish"])
    assert custom.note == "Plain text\non two lines"  # no tags: not read as HTML
    assert parsed.warnings == [
        f"{path}:2: `Date Read` is '03/15/2024', not a day written YYYY/MM/DD; left out",
        f"{path}:3: skipped a row without a title",
    ]


def test_storygraph_export_books_dated_by_their_last_reading_with_tags_and_moods():
    """The StoryGraph's export: Last Date Read, else the latest day in Dates Read, else Date
    Added dates a book; to-read, currently-reading and paused are not read yet; a book given up
    on is imported and says so; tags then moods are tags; the review's HTML is text."""
    parsed = parse_file(SAMPLES / "storygraph.csv")
    assert parsed.format == "storygraph" and parsed.warnings == []
    psalm, omens, cien, piranesi, mushroom, gravity, *unread = parsed.items
    assert (psalm.title, psalm.authors, psalm.url, psalm.kind, psalm.unread) == (
        "A Psalm for the Wild-Built",
        ["Becky Chambers"],
        None,  # no column links to the book
        "book",
        False,
    )
    assert psalm.saved_at == dt.datetime(2024, 1, 9, tzinfo=UTC)
    assert psalm.tags == ["cozy", "solarpunk", "hopeful", "reflective", "relaxing"]
    assert psalm.note == 'A monk and a robot walk into a forest.\n\nMade me want tea, "badly".'
    assert (psalm.source, psalm.source_id) == ("storygraph", "9781250236210")
    assert omens.title == "Good Omens: The Nice and Accurate Prophecies of Agnes Nutter, Witch"
    assert omens.authors == ["Terry Pratchett", "Neil Gaiman"] and omens.note is None
    assert cien.authors == ["Gabriel García Márquez"] and cien.saved_at == dt.datetime(2024, 5, 30, tzinfo=UTC)
    assert cien.note == "Mejor la segunda vez.\nMacondo sigue lloviendo."  # no tags: its lines kept
    assert piranesi.authors == ["Susanna Clarke"]  # the narrator is a contributor, not an author
    assert piranesi.saved_at == dt.datetime(2024, 6, 14, tzinfo=UTC)  # the end of its Dates Read
    assert mushroom.saved_at == dt.datetime(2024, 2, 10, tzinfo=UTC)  # no dates read: when it was added
    assert (gravity.unread, gravity.tags, gravity.note) == (
        False,
        ["did-not-finish"],
        "Two hundred pages in, I gave up.",
    )
    assert [(book.title, book.unread) for book in unread] == [
        ("Middlemarch", True),
        ("Der Zauberberg", True),
        ("The Power Broker: Robert Moses and the Fall of New York", True),
    ]


def test_storygraph_exports_of_2021_said_author_and_isbn(tmp_path):
    path = tmp_path / "storygraph.csv"
    path.write_text(
        "Title,Author,Contributors,ISBN,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,"
        "Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable Characters?,"
        "Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content Warning Description,"
        "Tags,Owned?\n"
        '"Bloom into You, Vol. 3","Nio Nakatani, Jenny McKeon","",,,read,2020/01/08,"","",1,"",,,,,,,5.0,,"",,"",No\n',
        encoding="utf-8",
    )
    (book,) = parse_file(path).items
    assert (book.title, book.authors) == ("Bloom into You, Vol. 3", ["Nio Nakatani", "Jenny McKeon"])
    assert book.saved_at == dt.datetime(2020, 1, 8, tzinfo=UTC)
    assert book.source_id == "Bloom into You, Vol. 3 | Nio Nakatani | Jenny McKeon"  # no ISBN: title and authors


def test_a_name_with_jr_after_a_comma_is_one_author_and_its_book_keeps_its_id(tmp_path):
    """Goodreads and The StoryGraph part authors with commas, and the cell was split at every one:
    "Martin Luther King, Jr." was two authors, "Martin Luther King" and "Jr.". A book without an id
    of its own is known by its title and authors, so that id is made as before: the entries an
    older version imported are the same books to a re-import (test_import_sync)."""
    goodreads = tmp_path / "goodreads_library_export.csv"
    goodreads.write_text(
        "Book Id,Title,Author,Author l-f,Additional Authors,Exclusive Shelf,Date Read,Date Added\n"
        '120,A Testament of Hope,"Martin Luther King, Jr.","King Jr., Martin Luther",'
        '"James M. Washington, Ann Lee, PhD",read,2024/03/20,2024/03/01\n'
        ',Strength to Love,"Martin Luther King, Jr.","King Jr., Martin Luther",,read,2024/03/15,2024/03/01\n',
        encoding="utf-8",
    )
    hope, strength = parse_file(goodreads).items
    assert hope.authors == ["Martin Luther King, Jr.", "James M. Washington", "Ann Lee, PhD"]
    assert strength.authors == ["Martin Luther King, Jr."]
    assert (hope.source_id, strength.source_id) == ("120", "Strength to Love | Martin Luther King | Jr.")
    storygraph = tmp_path / "storygraph.csv"
    storygraph.write_text(
        "Title,Authors,ISBN/UID,Read Status,Date Added,Last Date Read\n"
        'A Testament of Hope,"Martin Luther King, Jr., James M. Washington",,read,2024/03/01,2024/03/20\n',
        encoding="utf-8",
    )
    (book,) = parse_file(storygraph).items
    assert book.authors == ["Martin Luther King, Jr.", "James M. Washington"]
    assert book.source_id == "A Testament of Hope | Martin Luther King | Jr. | James M. Washington"


def test_pinboard_json():
    parsed = parse_file(SAMPLES / "pinboard.json")
    assert parsed.format == "pinboard"
    attention, later = parsed.items
    assert (attention.title, attention.tags, attention.unread) == (
        "Attention Is All You Need",
        ["ml", "transformers"],
        False,
    )
    assert attention.note == 'Dense, but "worth it", really.\nSecond line.'
    assert attention.saved_at == dt.datetime(2023, 6, 1, 12, tzinfo=UTC)
    assert later.unread and later.title == "Später lesen"
    assert len(parsed.warnings) == 2 and "bookmark 3" in parsed.warnings[0] and "bookmark 4" in parsed.warnings[1]


def test_pinboard_titles_and_notes_come_with_their_html_entities_decoded(tmp_path):
    """Pinboard's JSON export writes a bookmark's title and note with HTML entities: new user 40's
    eight years of bookmarks became drafts titled 'El &quot;futuro&quot; de clima' (file
    el-quot-futuro-quot-de-clima.md) with notes reading '&amp;laquo;cita&amp;raquo;' on the blog."""
    path = tmp_path / "pinboard_export.json"
    bookmark = {
        "href": "https://elpais.com/a",
        "description": "El &quot;futuro&quot; de Madrid &amp; isn&#39;t R&D&para",
        "extended": "&laquo;cita&raquo; del texto &mdash; Ana &amp; Pedro\n&lt;b&gt;ojo&lt;/b&gt;&#27;",
        "time": "2026-11-02T10:00:00Z",
        "tags": "madrid",
    }
    path.write_text(json.dumps([bookmark]), encoding="utf-8")
    (item,) = parse_file(path).items
    assert item.title == 'El "futuro" de Madrid & isn\'t R&D&para'
    assert item.note == "«cita» del texto — Ana & Pedro\n<b>ojo</b>"


def test_readwise_rows_grouped_into_one_item_per_document():
    parsed = parse_file(SAMPLES / "readwise.csv")
    assert parsed.format == "readwise"
    candide, paper = parsed.items
    assert (candide.title, candide.authors, candide.kind, candide.url) == ("Candide", ["Voltaire"], "book", None)
    assert candide.tags == ["classics", "philosophy", "gardens"]
    assert candide.saved_at == dt.datetime(2024, 2, 12, 8, tzinfo=UTC)  # the latest highlight: when it was read
    assert candide.highlights == [
        Highlight(
            "Il faut cultiver notre jardin, dit-il — « enfin ».",
            note='My note: "gardens", again',
            location="location 1406",
            highlighted_at=dt.datetime(2024, 2, 10, 21, 15, tzinfo=UTC),
        ),
        Highlight(
            "A second passage\non two lines.",
            location="location 1520",
            highlighted_at=dt.datetime(2024, 2, 12, 8, tzinfo=UTC),
        ),
    ]
    assert paper.kind is None and paper.highlights[0].location is None  # "order" locates nothing
    # Row 6 is Candide's, a note with no passage: Kofi's was said to lack "a highlight or a title"
    assert parsed.warnings == [f"{SAMPLES / 'readwise.csv'}:6: skipped a row without a highlight"]


@pytest.mark.parametrize(
    "author, url, kept",
    [
        ("nytimes.com", "https://www.nytimes.com/2024/02/10/arts/a-review.html", []),
        ("www.nytimes.com", "https://cooking.nytimes.com/recipes/1", []),
        ("NYTimes.com", "https://www.nytimes.com/x", []),
        ("Jane Doe", "https://www.nytimes.com/x", ["Jane Doe"]),
        ("nytimes.com", "https://example.org/quoting-the-times", ["nytimes.com"]),  # another site's name: kept
        ("times.com", "https://www.nytimes.com/x", ["times.com"]),  # a suffix of the host is no domain of it
        ("nytimes.com", None, ["nytimes.com"]),
        ("UK", "https://www.bbc.co.uk/news/x", ["UK"]),  # a name, not a domain: the host's last label is no site
        ("Ai", "https://openai.ai/x", ["Ai"]),
    ],
)
def test_a_readwise_author_that_is_the_links_own_site_is_none(author, url, kept):
    """Kofi's Readwise export named "nytimes.com" as the author of every Times article it had no
    byline for: the entry said `authors: [nytimes.com]` and the post "**Author**: nytimes.com",
    beside the site the post names already. The CSV and the API both drop it; the item keeps its
    id, so an earlier import of it is still found."""
    header = (
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,URL\n"
    )
    row = f"A passage,A review,{author},,,,,,,2024-02-10 21:15:00+00:00,{url or ''}\n"
    (item,) = readwise.parse(header + row, "export.csv").items
    assert item.authors == kept and item.source_id == f"A review | {author}"
    assert readwise.authors(author, url) == kept  # what the API's documents go through too


@pytest.mark.parametrize(
    "cell, named",
    [
        ("Liliana Bounegru, Jonathan Gray", ["Liliana Bounegru", "Jonathan Gray"]),
        ("Gene Kim, Jez Humble, and John Willis", ["Gene Kim", "Jez Humble", "John Willis"]),
        ("Andrew Hunt and David Thomas", ["Andrew Hunt", "David Thomas"]),
        ("Hunt, Andrew; Thomas, David", ["Andrew Hunt", "David Thomas"]),  # a Kindle file's, surname first
        ("Hunt, Andrew", ["Andrew Hunt"]),
        ("Austen, Jane", ["Jane Austen"]),
        ("Plato, Aristotle", ["Plato", "Aristotle"]),  # two writers known by one name: not 'Aristotle Plato'
        ("Homer, Winslow", ["Winslow Homer"]),  # one of them, and a given name: the painter
        ("Martin Luther King, Jr.", ["Martin Luther King, Jr."]),
        ("King, Martin Luther, Jr.", ["Martin Luther King, Jr."]),
        ("Ann Lee, PhD, Bob Ray", ["Ann Lee, PhD", "Bob Ray"]),
        ("夏目, 漱石", ["夏目漱石"]),
        ("S. Keshav", ["S. Keshav"]),
        ("Johnson & Johnson", ["Johnson & Johnson"]),  # a company: "&" between single words
        ("Dungeons and Daddies", ["Dungeons and Daddies"]),  # a podcast's author is its show
        ("Acme, Inc.", ["Acme, Inc."]),
        ("Ernst & Young, LLP", ["Ernst & Young, LLP"]),  # not the person 'LLP'
        ("Pearson, PLC", ["Pearson, PLC"]),  # not 'PLC Pearson', surname first
        ("Robert Bosch, GmbH", ["Robert Bosch, GmbH"]),
        ("Jane Doe, M.D., Bob Ray", ["Jane Doe, M.D.", "Bob Ray"]),
    ],
)
def test_a_readwise_documents_several_authors_are_several(cell, named):
    """A Readwise CSV's "Liliana Bounegru, Jonathan Gray" became one author: the entry said
    `authors: ["Liliana Bounegru, Jonathan Gray"]`, one person to the post and to the work's key.
    Each person is one author; a surname-first name and a "Jr." stay one."""
    header = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at\n"
    (item,) = readwise.parse(header + f'A passage,Data Journalism,"{cell}",,,,,,,2024-02-10\n', "export.csv").items
    assert item.authors == named and item.source_id == f"Data Journalism | {cell}"  # its id as before


def test_a_readwise_book_without_an_amazon_id_is_a_book_by_its_category():
    """A Readwise book read in Apple Books or scanned from paper has no Amazon id, and import typed
    it `article` though the export's Category said `books`: the category names its kind, as the
    API's does; an article stays an article."""
    header = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Location Type,Location,Highlighted at,Category\n"
    rows = "A passage,The Dispossessed,Ursula K. Le Guin,,,page,12,2024-02-10,books\n"
    rows += "A line,How to Read a Paper,S. Keshav,,,order,1,2024-02-10,articles\n"
    book, paper = readwise.parse(header + rows, "export.csv").items
    assert (item_type(book), item_type(paper)) == ("book", "article")


def test_a_readwise_row_without_a_title_says_so():
    header = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at\n"
    parsed = readwise.parse(header + "A passage,,Ann,,,,,,,2024-02-10 21:15:00+00:00\n", "export.csv")
    assert parsed.warnings == ["export.csv:2: skipped a row without a title"]


def test_kindle_clippings_per_book_with_notes_on_their_highlight():
    parsed = parse_file(SAMPLES / "My Clippings.txt")
    assert parsed.format == "kindle"
    pragmatic, livre = parsed.items
    assert (pragmatic.title, pragmatic.authors, pragmatic.kind) == (
        "The Pragmatic Programmer",
        ["Andrew Hunt", "David Thomas"],
        "book",
    )
    assert pragmatic.highlights == [
        Highlight(
            'Care about your craft, and "think" about your work — ça va.',
            note="My own note, with a comma.",
            location="page 12, location 1406-1410",
            highlighted_at=dt.datetime(2023, 3, 5, 22, 11, 12, tzinfo=UTC),
        )
    ]
    assert pragmatic.saved_at == dt.datetime(2023, 3, 5, 22, 12, tzinfo=UTC)
    assert livre.authors == [] and livre.highlights[0].text == "Première ligne\net deuxième ligne."
    assert parsed.warnings == [
        f"{SAMPLES / 'My Clippings.txt'}:22: skipped a clipping without a '- Your Highlight…' line"
    ]


def test_kindle_note_away_from_any_highlight_is_kept_on_its_own(tmp_path):
    path = tmp_path / "clippings.txt"
    path.write_text(
        "Book (Ann Author)\n- Your Note on Location 99 | Added on Monday, March 6, 2023 7:00:00 AM\n\n"
        "Just a thought.\n==========\n",
        encoding="utf-8",
    )
    (book,) = parse_file(path).items
    assert book.authors == ["Ann Author"]
    assert book.highlights == [
        Highlight(
            "", note="Just a thought.", location="location 99", highlighted_at=dt.datetime(2023, 3, 6, 7, tzinfo=UTC)
        )
    ]


def test_kindle_clippings_of_a_device_set_to_german_or_french(tmp_path):
    """A German Kindle writes "- Ihre Markierung auf Seite 12 | Position 180-182 | Hinzugefügt
    am ...": every clipping was a highlight (its note one more quote, its bookmark "an empty
    clipping"), dated the day of the import, its location ending "hinzugefügt am samstag, ..."."""
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "Der Process (Kafka, Franz)\n"
        "- Ihre Markierung auf Seite 12 | Position 180-182 | Hinzugefügt am Samstag, 14. November 2026 09:02:11\n\n"
        "Jemand musste Josef K. verleumdet haben.\n==========\n"
        "Der Process (Kafka, Franz)\n"
        "- Ihre Notiz auf Seite 12 | Position 182 | Hinzugefügt am Samstag, 14. November 2026 09:03:00\n\n"
        "Der berühmte erste Satz.\n==========\n"
        "Der Process (Kafka, Franz)\n"
        "- Ihr Lesezeichen bei Position 300 | Hinzugefügt am Sonntag, 15. November 2026 10:00:00\n\n\n==========\n"
        "Le Petit Prince (Antoine de Saint-Exupéry)\n"
        "- Votre surlignement sur la page 8 | emplacement 100-101 | Ajouté le dimanche 1 mars 2026 11:00:00\n\n"
        "On ne voit bien qu'avec le cœur.\n==========\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    process, prince = parsed.items
    assert process.authors == ["Franz Kafka"] and parsed.warnings == []
    assert process.highlights == [
        Highlight(
            "Jemand musste Josef K. verleumdet haben.",
            note="Der berühmte erste Satz.",
            location="seite 12, position 180-182",
            highlighted_at=dt.datetime(2026, 11, 14, 9, 2, 11, tzinfo=UTC),
        )
    ]
    assert process.saved_at == dt.datetime(2026, 11, 14, 9, 3, tzinfo=UTC)
    assert prince.highlights[0].location == "page 8, emplacement 100-101"
    assert prince.saved_at == dt.datetime(2026, 3, 1, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    "highlight, note, day",
    [
        (
            "- Tu subrayado en la página 5 | posición 70-71 | Añadido el sábado, 14 de noviembre de 2026 9:02:11",
            "- Tu nota en la posición 71 | Añadido el sábado, 14 de noviembre de 2026 9:03:00",
            dt.datetime(2026, 11, 14, 9, 3, tzinfo=UTC),
        ),
        (
            "- La tua evidenziazione a pagina 8 | posizione 110-111 | Aggiunto in data sabato 14 novembre 2026 9:02",
            "- La tua nota alla posizione 111 | Aggiunto in data sabato 14 novembre 2026 09:03:00",
            dt.datetime(2026, 11, 14, 9, 3, tzinfo=UTC),
        ),
    ],
)
def test_kindle_clippings_of_a_device_set_to_spanish_or_italian(tmp_path, highlight, note, day):
    # cdf021b's test read German and French only; these two languages were read the same way
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        f"Libro (Autor)\r\n{highlight}\r\n\r\nUn pasaje.\r\n==========\r\n"
        f"\ufeffLibro (Autor)\r\n{note}\r\n\r\nMi nota.\r\n==========\r\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    [book] = parsed.items
    assert parsed.warnings == [] and book.saved_at == day
    assert [(h.text, h.note) for h in book.highlights] == [("Un pasaje.", "Mi nota.")]


def test_kindle_clippings_of_a_device_set_to_japanese(tmp_path):
    """A Japanese Kindle names the kind after the place ("位置No. 15-16のハイライト") and dates it
    "作成日: 2026年10月14日水曜日": its notes were quotes of their own, its bookmarks empty
    clippings, every book dated the day of the import and located "(. 15-16のハイライト, 作成日: …)"."""
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "\ufeff吾輩は猫である (夏目 漱石)\r\n"
        "- 12ページ|位置No. 15-16のハイライト |作成日: 2026年10月14日水曜日 21:03:44\r\n\r\n"
        "吾輩は猫である。名前はまだ無い。\r\n==========\r\n"
        "吾輩は猫である (夏目 漱石)\r\n- 12ページ|位置No. 16のメモ |作成日: 2026年10月14日水曜日 21:04:00\r\n\r\n"
        "有名な書き出し。\r\n==========\r\n"
        "吾輩は猫である (夏目 漱石)\r\n"
        "- 位置No. 300のブックマーク |作成日: 2026年10月15日木曜日 8:00:00\r\n\r\n\r\n==========\r\n"
        "こころ (夏目 漱石)\r\n- 位置No. 40-41のハイライト |作成日: 2015年9月17日 木曜日 午後11:15:51\r\n\r\n"
        "私はその人を常に先生と呼んでいた。\r\n==========\r\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    assert parsed.format == "kindle" and parsed.warnings == []
    neko, kokoro = parsed.items
    assert (neko.title, neko.authors) == ("吾輩は猫である", ["夏目 漱石"])
    assert neko.highlights == [
        Highlight(
            "吾輩は猫である。名前はまだ無い。",
            note="有名な書き出し。",
            location="12ページ, 位置No. 15-16",
            highlighted_at=dt.datetime(2026, 10, 14, 21, 3, 44, tzinfo=UTC),
        )
    ]
    assert neko.saved_at == dt.datetime(2026, 10, 14, 21, 4, tzinfo=UTC)
    assert kokoro.highlights[0].location == "位置No. 40-41"
    assert kokoro.saved_at == dt.datetime(2015, 9, 17, 23, 15, 51, tzinfo=UTC)


@pytest.mark.parametrize(
    "name, text",
    [
        (
            "library.bib",
            "@article{k, title = {大規模言語モデルの評価}, author = {田中, 太郎 and Müller, Jürgen and 김, 민수 "
            "and {鈴木花子}}, urldate = {2026-11-04}}\n",
        ),
        (
            "library.json",
            '[{"id": "k", "type": "article-journal", "title": "大規模言語モデルの評価", "author": ['
            '{"family": "田中", "given": "太郎"}, {"family": "Müller", "given": "Jürgen"}, '
            '{"family": "김", "given": "민수"}, {"literal": "鈴木花子"}]}]',
        ),
        (
            "My Clippings.txt",
            "大規模言語モデルの評価 (田中, 太郎; Müller, Jürgen; 김, 민수; 鈴木花子)\n"
            "- Your Highlight on Location 1-2 | Added on Sunday, March 5, 2023 10:11:12 PM\n\nA passage.\n==========\n",
        ),
    ],
)
def test_chinese_japanese_and_korean_names_keep_their_family_name_first(tmp_path, name, text):
    """'田中, 太郎' was turned around like 'Müller, Jürgen' and published as '太郎 田中'; a name
    from these scripts is written family name first, without a space, as citation styles print it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [item] = parse_file(path).items
    assert item.authors == ["田中太郎", "Jürgen Müller", "김민수", "鈴木花子"]


def test_a_bibtex_name_without_a_comma_keeps_the_order_it_is_written_in(tmp_path):
    """BibTeX's 'First Last' form is the order a name is said in: '田中 太郎' (family name first,
    as Japanese writes it) was split as given name 田中, family name 太郎, and turned round into
    '太郎田中'; only a comma ('田中, 太郎') says which part is the family name."""
    path = tmp_path / "library.bib"
    path.write_text(
        "@article{k, title = {評価}, author = {田中 太郎 and 夏目, 漱石 and Jan van Eyck and 김 민수}}\n",
        encoding="utf-8",
    )
    [item] = parse_file(path).items
    assert item.authors == ["田中 太郎", "夏目漱石", "Jan van Eyck", "김 민수"]


def test_a_bibtex_preprint_named_by_its_arxiv_eprint_links_its_arxiv_page(tmp_path):
    """arXiv's own "Export BibTeX" and Google Scholar write a preprint with no url, only its
    eprint (new user 46's 'Mistral 7B'): import wrote a stub with no link, typed 'article', and
    the paper already in her log from arxiv.org was not found to be the same one."""
    path = tmp_path / "library.bib"
    path.write_text(
        "@misc{jiang2023mistral, title={Mistral 7{B}}, author={Albert Q. Jiang and Alexandre Sablayrolles},\n"
        "  year={2023}, eprint={2310.06825}, archivePrefix={arXiv}, primaryClass={cs.CL}}\n"
        "@online{old, title={Old}, eprinttype={arxiv}, eprint={hep-th/9901001v1}}\n"
        "@misc{other, title={Other}, eprint={12345}, archivePrefix={HAL}}\n",
        encoding="utf-8",
    )
    mistral, old, other = parse_file(path).items
    assert (mistral.url, item_type(mistral)) == ("https://arxiv.org/abs/2310.06825", "paper")
    assert old.url == "https://arxiv.org/abs/hep-th/9901001v1"
    assert other.url is None


def test_a_bibtex_note_or_journal_that_is_only_an_arxiv_reference_is_no_note(tmp_path):
    """Zotero's BibTeX export notes each arXiv preprint as 'arXiv:2310.06825 [cs]', and import
    wrote that as new user 46's own notes, which the email would have shown under the paper and
    check would not have asked her to replace; Google Scholar's 'journal = {arXiv preprint
    arXiv:2310.06825}' came with no link at all. Such a reference gives the link, and is no
    note or journal; a note of her own stays."""
    path = tmp_path / "library.bib"
    path.write_text(
        "@misc{zotero, title = {Mistral {7B}}, url = {http://arxiv.org/abs/2310.06825},\n"
        "  note = {arXiv:2310.06825 [cs]}}\n"
        "@article{scholar, title={Mistral 7B}, journal={arXiv preprint arXiv:2310.06825}, year={2023}}\n"
        "@inproceedings{own, title = {ViT}, url = {https://openreview.net/forum?id=YicbFdNTTy},\n"
        "  booktitle = {ICLR}, note = {Great read; compare with arXiv:2012.12877}}\n",
        encoding="utf-8",
    )
    zotero, scholar, own = parse_file(path).items
    assert (zotero.url, zotero.note) == ("http://arxiv.org/abs/2310.06825", None)
    assert (scholar.url, scholar.journal, scholar.note) == ("https://arxiv.org/abs/2310.06825", None, None)
    assert (own.note, own.journal) == ("Great read; compare with arXiv:2012.12877", "ICLR")


def test_a_zotero_csl_json_note_that_is_only_an_arxiv_reference_is_no_note(tmp_path):
    """Zotero's CSL-JSON notes an arXiv preprint as its BibTeX does ('arXiv:2310.06825 [cs]'):
    import wrote it as new user 46's notes. It is none, and links the preprint where the item
    has no URL; a note of her own stays."""
    path = tmp_path / "library.json"
    items = [
        {"id": "a", "type": "article", "title": "Mistral 7B", "URL": "http://arxiv.org/abs/2310.06825",
         "note": "arXiv:2310.06825 [cs]"},
        {"id": "b", "type": "article", "title": "Mistral 7B again", "note": "arXiv:2310.06825 [cs]"},
        {"id": "c", "type": "article", "title": "ViT", "URL": "https://openreview.net/forum?id=YicbFdNTTy",
         "note": "Compare with arXiv:2012.12877"},
    ]  # fmt: skip
    path.write_text(json.dumps(items), encoding="utf-8")
    linked, unlinked, own = parse_file(path).items
    assert (linked.url, linked.note) == ("http://arxiv.org/abs/2310.06825", None)
    assert (unlinked.url, unlinked.note) == ("https://arxiv.org/abs/2310.06825", None)
    assert own.note == "Compare with arXiv:2012.12877"


def test_a_bibtex_address_is_kept_as_written_not_decoded_as_latex(tmp_path):
    """Every field was decoded as LaTeX, addresses too: new user 46's lab paper at
    https://www.cs.toronto.edu/~hinton/... was imported with a space for its ~, Wikipedia's
    ...&oldid=1 lost its &, and a %20 cut the address there (% starts a LaTeX comment). A url,
    doi or eprint is kept as written (less an exporter's escaping backslash), and so is the
    address of `howpublished = {\\url{...}}`, which is read as the link where there is no url."""
    path = tmp_path / "library.bib"
    path.write_text(
        "@misc{a, title={Dropout}, url={https://www.cs.toronto.edu/~hinton/absps/JMLRdropout.pdf}}\n"
        "@misc{b, title={Wiki}, url={https://en.wikipedia.org/w/index.php?title=T_(x)&oldid=1}}\n"
        "@misc{c, title={Spaced}, url={https://example.org/a%20b/c\\_d#s}, doi={10.1000/a\\_b}}\n"
        "@misc{d, title={RNN}, howpublished={\\url{http://karpathy.github.io/2015/05/21/rnn-effectiveness/}}}\n"
        "@misc{e, title={Pub{\\'e}}, howpublished={Blog post}}\n",
        encoding="utf-8",
    )
    items = parse_file(path).items
    assert [item.url for item in items] == [
        "https://www.cs.toronto.edu/~hinton/absps/JMLRdropout.pdf",
        "https://en.wikipedia.org/w/index.php?title=T_(x)&oldid=1",
        "https://example.org/a%20b/c_d#s",
        "http://karpathy.github.io/2015/05/21/rnn-effectiveness/",
        None,
    ]
    assert (items[2].doi, items[4].title) == ("10.1000/a_b", "Pubé")


def test_a_bibtex_note_saying_when_it_was_read_dates_the_entry_and_is_no_note(tmp_path):
    """Wikipedia's "Cite this page" notes '[Online; accessed 3-December-2026]', and hand-kept
    libraries 'Accessed: 2026-11-30': import wrote that as the reader's notes and dated the
    entry today. It is the day the page was saved, where no urldate says it."""
    path = tmp_path / "library.bib"
    path.write_text(
        '@misc{w, title="Transformer", url="https://en.wikipedia.org/wiki/T",\n'
        '  note="[Online; accessed 3-December-2026]"}\n'
        "@misc{k, title={RNN}, url={http://karpathy.github.io/}, note={Accessed: 2026-11-30}}\n"
        "@misc{u, title={U}, url={https://example.org/u}, urldate={2026-11-01}, note={Last accessed 30 Nov 2026}}\n"
        "@misc{o, title={O}, url={https://example.org/o}, note={Accessed by the whole lab, twice}}\n",
        encoding="utf-8",
    )
    wiki, karpathy, dated, own = parse_file(path).items
    assert (wiki.saved_at, wiki.note) == (dt.datetime(2026, 12, 3, tzinfo=UTC), None)
    assert (karpathy.saved_at, karpathy.note) == (dt.datetime(2026, 11, 30, tzinfo=UTC), None)
    assert (dated.saved_at, dated.note) == (dt.datetime(2026, 11, 1, tzinfo=UTC), None)
    assert (own.saved_at, own.note) == (None, "Accessed by the whole lab, twice")


def test_bibtex_and_others_is_no_author(tmp_path):
    """'and others' is BibTeX's et al.: import wrote 'others' as a paper's fourth author (new
    user 46's AlphaFold, as Google Scholar exports it), and the email said 'John Jumper, Richard
    Evans, Alexander Pritzel, others'. With a link, the stub names no authors, so the paper's
    page names them all; without one, those listed are kept."""
    path = tmp_path / "library.bib"
    path.write_text(
        "@article{jumper, title={AlphaFold}, author={Jumper, John and Evans, Richard and others},\n"
        "  doi={10.1038/s41586-021-03819-2}}\n"
        "@article{nolink, title={Notes}, author={Doe, Jane and Others}}\n",
        encoding="utf-8",
    )
    linked, unlinked = parse_file(path).items
    assert (linked.url, linked.authors) == ("https://doi.org/10.1038/s41586-021-03819-2", [])
    assert unlinked.authors == ["Jane Doe"]


def test_zotero_csl_json_papers():
    parsed = parse_file(SAMPLES / "zotero.json")
    assert parsed.format == "csl-json"
    article, book, doi_only = parsed.items
    assert article.title == 'Schrödinger\'s "cat", revisited: a note'
    assert article.authors == ["Jürgen Müller", "The Example Consortium"]
    assert (article.doi, article.issued, article.kind) == ("10.1000/xyz.123", "2020-03-05", "paper")
    assert article.saved_at == dt.datetime(2024, 2, 14, tzinfo=UTC)  # accessed
    assert article.tags == ["physics", "quantum"]
    assert (book.kind, book.issued, book.url, book.saved_at) == ("book", "2008", None, None)
    assert doi_only.url == "https://doi.org/10.48550/arXiv.1706.03762" and doi_only.issued == "2017-06-12"
    assert parsed.warnings == [f"{SAMPLES / 'zotero.json'}: skipped item 3: no title"]


def test_bibtex_decodes_latex_and_skips_a_broken_entry():
    parsed = parse_file(SAMPLES / "zotero.bib")
    assert parsed.format == "bibtex"
    article, book = parsed.items
    assert article.source_id == "muller_schrodingers_2020"
    assert article.title == "Schrödinger's “cat”, revisited: a note, with DNA"
    assert article.authors == ["Jürgen Müller", "The Example Consortium", "Ada Lovelace"]
    assert (article.doi, article.issued, article.kind) == ("10.1000/xyz.123", "2020-03", "paper")
    assert article.saved_at == dt.datetime(2024, 2, 14, tzinfo=UTC)  # urldate
    assert article.note == "A note\nover two lines"
    assert (book.kind, book.authors, book.issued) == ("book", ["Donella H. Meadows"], "2008")
    name = SAMPLES / "zotero.bib"
    assert parsed.warnings == [
        f"{name}:17: skipped an entry that cannot be parsed "
        "(Unexpected block start: `@book`. Was still looking for field-value closing `}`)",
        f"{name}:28: skipped @no_title: no title",
    ]


def test_a_bibtex_field_is_cut_before_its_latex_is_decoded(tmp_path):
    """The LaTeX decoder takes time growing with the square of a field's length: a .bib file with
    a title of 1.6 million characters took a minute to import, one of 5 million more than five
    minutes. Each field is cut to 20,000 characters first (an abstract is a few thousand), and
    the entries after it import as before."""
    path = tmp_path / "hostile.bib"
    path.write_text(
        "@article{long, title = {Long}, abstract = {" + "w\\'e " * 20_000 + "}, url = {https://example.com/long}}\n"
        "@article{next, title = {Next}, url = {https://example.com/next}}\n",
        encoding="utf-8",
    )
    long, following = parse_file(path).items
    assert long.excerpt.startswith("wé wé ") and len(long.excerpt) <= 20_000
    assert (following.title, following.url) == ("Next", "https://example.com/next")


def test_a_bibtex_entry_whose_latex_cannot_be_decoded_is_skipped_with_why_not_a_traceback(tmp_path):
    """A title of braces nested 5,000 deep (the decoder's recursion ran out) raised
    AttributeError out of `import`: the decoder's failure is a block with no fields, which the
    address-keeping step read as an entry (attack 31)."""
    path = tmp_path / "hostile.bib"
    path.write_text(
        "@article{deep, title = " + "{" * 5000 + "a" + "}" * 5000 + ", url = {https://example.com/deep}}\n"
        "@article{next, title = {Next}, url = {https://example.com/next}}\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    assert [(item.title, item.url) for item in parsed.items] == [("Next", "https://example.com/next")]
    assert parsed.warnings == [
        f"{path}:1: skipped an entry that cannot be parsed "
        "(its LaTeX cannot be read: braces nested thousands deep, or a command cut short)"
    ]


def test_hypothesis_annotations_grouped_by_page():
    parsed = parse_file(SAMPLES / "hypothesis.json")
    assert parsed.format == "hypothesis"
    paper, post = parsed.items
    assert paper.title == "A paper, “annotated”"
    assert paper.note == "A page note on the whole paper."
    assert paper.tags == ["reading", "ünï"]
    assert paper.highlights == [
        Highlight(
            "The result, surprisingly, holds — everywhere.",
            note='My note: "exactly", yes.',
            location="page 3",
            highlighted_at=dt.datetime(2024, 5, 2, 10, tzinfo=UTC),
        )
    ]
    assert paper.saved_at == dt.datetime(2024, 5, 2, 10, tzinfo=UTC)
    assert post.highlights[0].text == "A line\nand another"
    assert parsed.warnings == [f"{SAMPLES / 'hypothesis.json'}: skipped annotation 3: no web address in `uri`"]


@pytest.mark.parametrize(
    "name", ["pocket.csv", "goodreads_library_export.csv", "storygraph.csv", "raindrop.csv", "readwise.csv"]
)
def test_windows_line_endings_and_a_bom_read_the_same(tmp_path, name):
    original = (SAMPLES / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode())
    assert [i.title for i in parse_file(path).items] == [i.title for i in parse_file(SAMPLES / name).items]


def test_reference_web_pages_and_misc_entries_are_typed_by_their_link(tmp_path):
    csl = tmp_path / "refs.json"
    csl.write_text(
        '[{"id": "a", "type": "webpage", "title": "A talk page", "URL": "https://vimeo.com/1"},'
        ' {"id": "b", "type": "report", "title": "A report"}]'
    )
    assert [item.kind for item in parse_file(csl).items] == [None, "paper"]
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{a, title={Preprint}, url={https://arxiv.org/abs/1706.03762}}\n"
        "@online{b, title={A post}, url={https://blog.example.com/x}}\n"
    )
    assert [item.kind for item in parse_file(bib).items] == [None, None]


def test_a_kindle_highlight_widened_on_the_device_is_kept_once_at_its_longest(tmp_path):
    clip = (
        "Book (Ann Author)\n- Your Highlight on Location {loc} | "
        "Added on Monday, March 6, 2023 7:0{m}:00 AM\n\n{text}\n"
    )
    path = tmp_path / "clippings.txt"
    path.write_text(
        "==========\n".join(
            [
                clip.format(loc="10-11", m=0, text="the middle"),
                clip.format(loc="9-12", m=1, text="before the middle and after"),
                clip.format(loc="30-31", m=2, text="elsewhere"),
            ]
        )
        + "==========\n",
        encoding="utf-8",
    )
    (book,) = parse_file(path).items
    assert [(h.text, h.location) for h in book.highlights] == [
        ("before the middle and after", "location 9-12"),
        ("elsewhere", "location 30-31"),
    ]


def test_hypothesis_annotations_exported_from_the_sidebar_are_read_like_the_apis(tmp_path):
    """The sidebar's "Export annotations" (the one export Hypothesis offers without a token)
    writes the API's annotations under `annotations`, with the exporting account and the
    date: it was taken for CSL-JSON and refused ("expected a list of CSL-JSON items")."""
    rows = json.loads((SAMPLES / "hypothesis.json").read_text(encoding="utf-8"))["rows"]
    export = {
        "export_date": "2026-12-01T20:00:00.000Z",
        "export_userid": "acct:reader@hypothes.is",
        "client_version": "1.1500.0",
        "annotations": rows,
    }
    path = tmp_path / "hypothesis-2026-12-01.json"
    path.write_text(json.dumps(export, indent=2), encoding="utf-8")
    parsed = parse_file(path)
    api = parse_file(SAMPLES / "hypothesis.json")
    assert parsed.format == "hypothesis"
    assert parsed.items == api.items and len(parsed.warnings) == len(api.warnings)


def test_hypothesis_annotations_kept_without_the_exports_header_are_still_hypothesis(tmp_path):
    """Sam kept only the sidebar export's annotations ({"annotations": […]}, the account and date
    left out): it was taken for CSL-JSON and refused ("expected a list of CSL-JSON items")."""
    rows = json.loads((SAMPLES / "hypothesis.json").read_text(encoding="utf-8"))["rows"]
    path = tmp_path / "annotations.json"
    path.write_text(json.dumps({"annotations": rows}, indent=2), encoding="utf-8")
    parsed = parse_file(path)
    assert parsed.format == "hypothesis" and parsed.items == parse_file(SAMPLES / "hypothesis.json").items


def test_hypothesis_annotations_of_an_odd_shape_are_read_as_far_as_they_go(tmp_path):
    """A hand-edited file or another tool's "Hypothesis" JSON (the API's data is untrusted too):
    a target, selector or document that is not an object raised AttributeError or TypeError."""
    path = tmp_path / "annotations.json"
    quote = {"type": "TextQuoteSelector", "exact": "Kept."}
    path.write_text(
        '{"rows": ['
        '{"uri": "https://a.example/1", "target": [5, {"selector": 5}], "document": 5},'
        '{"uri": "https://a.example/2", "target": [{"selector": ["text", null, ' + json.dumps(quote) + "]}],"
        ' "document": {"title": "Two"}}'
        "]}"
    )
    one, two = parse_file(path).items
    assert (one.url, one.title, one.highlights) == ("https://a.example/1", None, [])
    assert (two.title, [h.text for h in two.highlights]) == ("Two", ["Kept."])


@pytest.mark.parametrize(
    "head",
    [
        '{"rows": [{"uri": "https://a.example/x", "target": ',  # Hypothesis
        '[{"href": "https://a.example/x", "time": "2021-01-01T00:00:00Z", "extended": ',  # Pinboard
        '[{"id": "1", "type": "article", "title": "T", "note": ',  # CSL-JSON
        '[{"slug": "a", "savedAt": "2021-01-01", "labels": ',  # Omnivore
    ],
)
def test_json_nested_past_the_decoder_is_an_export_error_not_a_traceback(tmp_path, head):
    """Valid JSON a hundred thousand arrays deep raised RecursionError out of `import`."""
    path = tmp_path / "export.json"
    path.write_text(head + "[" * 100_000 + "]" * 100_000 + "}]" + ("}" if head.startswith("{") else ""))
    with pytest.raises(ExportError, match=r"export.json: JSON nested too deeply to be an export"):
        parse_file(path)


# The exports read line by line: a re-save (UTF-16, lone CR line ends) must read the same.
LINE_BY_LINE = [
    "pocket.csv",
    "instapaper.csv",
    "goodreads_library_export.csv",
    "storygraph.csv",
    "readwise.csv",
    "raindrop.csv",
    "My Clippings.txt",
]


@pytest.mark.parametrize("name", [*LINE_BY_LINE, "pinboard.json"])
def test_an_export_re_saved_as_utf16_reads_the_same(tmp_path, name):
    """Notepad's "Unicode" and Excel's "Unicode Text" are UTF-16 with a byte order mark: such a
    file was "not an export this tool recognises" (its head read as UTF-8 is NULs between letters)."""
    path = tmp_path / name
    path.write_bytes((SAMPLES / name).read_text(encoding="utf-8-sig").encode("utf-16"))  # with its BOM
    original, again = parse_file(SAMPLES / name), parse_file(path)
    assert again.items == original.items and again.format == original.format
    assert [w.replace(str(path), "X") for w in again.warnings] == [
        w.replace(str(SAMPLES / name), "X") for w in original.warnings
    ]


def test_a_zip_whose_files_together_are_too_large_is_refused_before_reading_them(tmp_path, monkeypatch):
    """Each member was checked against its cap, but Omnivore's highlights are all held at once:
    many files of 250 MB of one repeated byte (a few hundred KB deflated each) filled memory."""
    from newsletter.importers import common

    monkeypatch.setattr(common, "MAX_ZIP_BYTES", 50_000, raising=False)  # the real one is 512 MB
    path = tmp_path / "omnivore-export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("metadata_0_to_1.json", '[{"id": "1", "slug": "a", "url": "https://a.example/"}]')
        for n in range(3):
            archive.writestr(f"highlights/a{n}.md", "> " + "x" * 20_000)
    with pytest.raises(ExportError, match=r"its files come to 60,\d+ bytes uncompressed, more than the 50,000"):
        parse_file(path)


WRONG = [["a", "b"], 123, {"x": 1}, True, [None, 5, ["n"]]]  # where an export has text, or a list of it
PRINTED = ("['a', 'b']", "123", "{'x': 1}", "True", "None", "['n']")  # what str() made of them

# Each JSON format's record, its text fields all given `v`; (file name, text, field named in a warning)
WRONG_TYPED = {
    "pinboard": lambda v: (
        "pinboard.json",
        [{"href": "https://a.example/", "time": "2023-06-01T12:00:00Z", "description": v, "extended": v, "tags": v}],
        "bookmark 1 (https://a.example/): `description` is ",
    ),
    "omnivore": lambda v: (
        "metadata_0_to_1.json",
        [
            {"id": "1", "slug": "s", "savedAt": "2024-10-03", "url": "https://a.example/"}
            | {"title": v, "author": v, "labels": v, "description": v}
        ],
        "item 1 (https://a.example/): `title` is ",
    ),
    "csl-json": lambda v: (
        "zotero.json",
        [
            {"id": "1", "type": "article-journal", "title": v, "URL": "https://a.example/0"},
            {"id": "2", "type": v, "title": "T", "URL": "https://a.example/", "author": [{"family": v, "given": "G"}]}
            | {"DOI": v, "keyword": v, "note": v, "abstract": v, "issued": {"raw": v}},
        ],
        "item 1: `title` is ",
    ),
    "hypothesis": lambda v: (
        "hypothesis.json",
        {
            "rows": [
                {
                    "uri": "https://a.example/",
                    "created": "2024-05-02T10:00:00+00:00",
                    "text": v,
                    "tags": v,
                    "document": {"title": [v]},
                    "target": [{"selector": [{"type": "TextQuoteSelector", "exact": v}]}],
                }
            ]
        },
        "annotation 1 (https://a.example/): `document.title` is ",
    ),
}


@pytest.mark.parametrize("value", WRONG, ids=repr)
@pytest.mark.parametrize("form", list(WRONG_TYPED))
def test_a_field_of_the_wrong_type_is_left_out_with_a_warning_not_written_as_its_repr(tmp_path, form, value):
    """A number, list, object or true where an export has text became a title "['a', 'b']",
    "123", "{'x': 1}" or "True", authors and tags "None": `clean` made text of anything."""
    name, data, warned = WRONG_TYPED[form](value)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    parsed = parse_file(path)
    assert parsed.format == form
    for item in parsed.items:
        fields = [item.title, item.note, item.excerpt, item.source_id, item.doi, item.issued, *item.tags, *item.authors]
        fields += [part for h in item.highlights for part in (h.text, h.note, h.location)]
        assert not [f for f in fields if f and any(printed in f for printed in PRINTED)], item
    if form == "csl-json":  # a paper needs a title: skipped, as without one
        assert [item.title for item in parsed.items] == ["T"] and parsed.items[0].kind == "paper"
    else:
        [item] = parsed.items
        assert item.title is None  # as if it had none: the page's own is fetched at build
    if value == [None, 5, ["n"]] and form != "csl-json":
        assert any(w.endswith("holds null, not a tag; left out") for w in parsed.warnings), parsed.warnings
    expected = f"{path}: {warned}" + ("a number (123)" if value == 123 else "")
    assert any(w.startswith(expected) for w in parsed.warnings), parsed.warnings


def test_lists_of_text_are_read_where_a_format_allows_them(tmp_path):
    path = tmp_path / "zotero.json"
    record = {"id": 7, "type": "book", "title": "T", "author": ["Ann Author", {"literal": "A Team"}], "issued": 2008}
    path.write_text(json.dumps([record | {"keyword": ["one", "two"]}]))
    [item] = parse_file(path).items
    assert (item.source_id, item.authors, item.tags, item.issued) == (
        "7",
        ["Ann Author", "A Team"],
        ["one", "two"],
        "2008",
    )
    path = tmp_path / "pinboard.json"
    path.write_text(json.dumps([{"href": "https://a.example/", "time": "2021-01-01", "tags": ["x", "y"], "hash": 5}]))
    [item] = parse_file(path).items
    assert (item.tags, item.source_id, parse_file(path).warnings) == (
        ["x", "y"],
        "https://a.example/",
        [f"{path}: bookmark 1 (https://a.example/): `hash` is a number (5), not text; left out"],
    )


@pytest.mark.parametrize(
    "text",
    [
        '[{"href": "https://a.example/x", "description": "T", "time": ' + "9" * 5000 + "}]",  # Pinboard
        '[{"id": ' + "1" * 5000 + ', "type": "article", "title": "T"}]',  # CSL-JSON
    ],
)
def test_a_number_too_long_to_convert_is_an_export_error_not_a_traceback(tmp_path, text):
    """Python refuses to turn more than 4,300 digits into an int: json.loads raised a ValueError
    that is no JSONDecodeError, and it came out of `import` as a traceback."""
    path = tmp_path / "export.json"
    path.write_text(text)
    with pytest.raises(ExportError, match=r"export.json: JSON holds a number thousands of digits long"):
        parse_file(path)


def test_a_tag_cannot_climb_out_of_hugos_tags_folder(tmp_path):
    """Hugo writes a page for each tag at tags/<tag>/: an imported tag ".." replaced the blog's
    home page with a list of tagged posts, and "../../posts/x" wrote a page where it said."""
    path = tmp_path / "bookmarks.html"
    path.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://a.example/x" ADD_DATE="1600000000" '
        'TAGS="..,../../posts/x,a/./b, . ,..\\..\\w,ml/vision,v1.2,...">X</A>\n</DL>\n'
    )
    (item,) = parse_file(path).items
    assert item.tags == ["posts/x", "a/b", "w", "ml/vision", "v1.2"]


@pytest.mark.parametrize("name", LINE_BY_LINE)
def test_an_export_whose_lines_end_in_a_lone_cr_reads_the_same(tmp_path, name):
    """Excel for Mac's "CSV (Macintosh)" and old Mac editors end lines with a lone CR: such a
    file was "not an export this tool recognises" (its header or clippings were one line)."""
    path = tmp_path / name
    text = (SAMPLES / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    path.write_bytes(text.replace("\n", "\r").encode())
    original, again = parse_file(SAMPLES / name), parse_file(path)
    assert again.items == original.items and again.format == original.format
    assert [w.replace(str(path), "X") for w in again.warnings] == [
        w.replace(str(SAMPLES / name), "X") for w in original.warnings
    ]


def test_bidi_controls_and_c1_controls_are_dropped_as_feed_import_drops_them(tmp_path):
    """A right-to-left override in an imported title or note reordered the words after it in the
    post and the email, unseen (feed import and capture drop it); C1 controls went in too."""
    path = tmp_path / "readwise.csv"
    path.write_text(
        "Highlight,Book Title,Book Author,Note\n"
        '"see \u202egnp.exe\u202c now","Report\u2066 \u2069\x9b31m",Ann\x85Author,"mine\u202d\x80"\n',
        encoding="utf-8",
    )
    (item,) = parse_file(path).items
    assert (item.title, item.authors) == ("Report 31m", ["Ann Author"])
    assert (item.highlights[0].text, item.highlights[0].note) == ("see gnp.exe now", "mine")


def test_bookmarks_nested_deep_are_read_in_linear_time_or_cut_with_a_warning(tmp_path):
    """An HTML parser's time grows with the square of the nesting: a 5 MB export of 200,000
    folders inside each other took more than ten minutes to import. Folders are not kept, so
    they nest nothing now; other elements nested past any export's depth are cut, said so."""
    folders = tmp_path / "folders.html"
    folders.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
        + '<DL><p><DT><H3 ADD_DATE="1600000000">Folder</H3>\n' * 40_000
        + '<DT><A HREF="https://deep.example/" ADD_DATE="1600000000">Deep</A>\n<DD>Its note\n'
        + "</DL><p>\n" * 40_000
    )
    started = time.perf_counter()
    parsed = parse_file(folders)
    assert time.perf_counter() - started < 3  # quadratic, it took more than a minute here
    assert [(item.title, item.note) for item in parsed.items] == [("Deep", "Its note")] and not parsed.warnings
    divs = tmp_path / "divs.html"
    divs.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        '<DT><A HREF="https://first.example/" ADD_DATE="1600000000">First</A>\n'
        + "<div>" * 20_000
        + '<DT><A HREF="https://deep.example/" ADD_DATE="1600000000">Deep</A>\n</DL>\n'
    )
    parsed = parse_file(divs)
    assert [item.title for item in parsed.items] == ["First"]
    assert parsed.warnings == [
        f"{divs}: left out what follows bookmark 1: the file nests elements more than 256 deep there, "
        "as no browser's export does; re-export it"
    ]


def test_a_bibtex_month_of_digits_that_are_not_ascii_is_left_out_not_a_traceback(tmp_path):
    """ "²".isdigit() is true, and int("²") raised ValueError out of `import`."""
    path = tmp_path / "refs.bib"
    path.write_text("@article{k, title = {T}, year = 2020, month = {²}}\n@misc{m, title = {M}, year = 2021, month = 3}")
    assert [item.issued for item in parse_file(path).items] == ["2020", "2021-03"]


def test_a_kindle_location_too_long_to_be_a_number_is_no_location_not_a_traceback(tmp_path):
    """int() of more than 4,300 digits raised ValueError out of `import` (a note's location is
    read as a number, to find the highlight it belongs to)."""
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "Book (A)\n- Your Highlight on Location 5-6 | Added on Sunday, March 5, 2023 10:11:12 PM\n\nquote\n==========\n"
        f"Book (A)\n- Your Note on Location {'9' * 5000} | Added on Sunday, March 5, 2023 10:12:12 PM\n\nmine\n"
        "==========\nBook (A)\n- Your Note on Location 6 | Added on Sunday, March 5, 2023 10:13:12 PM\n\nmore\n"
    )
    (book,) = parse_file(path).items
    assert [(h.text, h.note) for h in book.highlights] == [("quote", "more"), ("", "mine")]


def test_a_shelves_cell_of_fifty_thousand_tags_is_read_in_linear_time(tmp_path):
    """Each tag was looked for in the list of those before it: a Goodreads Bookshelves cell of
    50,000 names (300 KB; a 4 MB cell holds 500,000) took 20 seconds, the 4 MB one hours."""
    path = tmp_path / "goodreads.csv"
    shelves = ",".join(f"shelf{n}" for n in range(50_000))
    path.write_text(f'Book Id,Title,Author,Exclusive Shelf,Bookshelves\n7,Dune,Frank Herbert,read,"{shelves},shelf1"\n')
    started = time.perf_counter()
    (book,) = parse_file(path).items
    assert time.perf_counter() - started < 3
    assert len(book.tags) == 50_000 and book.tags[:2] == ["shelf0", "shelf1"]


def test_an_instapaper_tags_cell_nested_too_deep_or_an_object_is_a_warning_not_a_traceback(tmp_path):
    """json.loads raised RecursionError on "[[[[…" 100,000 deep (under the field cap), out of
    `import` as a traceback; an object ({"a": 1}) was split at its commas into tags."""
    path = tmp_path / "instapaper.csv"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        f"https://a.example/1,Deep,,Archive,1710000000,{deep}\n"
        'https://a.example/2,Object,,Archive,1710000000,"{""a"": 1, ""b"": 2}"\n'
        'https://a.example/3,Fine,,Archive,1710000000,"[""ok""]"\n'
    )
    parsed = parse_file(path)
    assert [(item.title, item.tags) for item in parsed.items] == [("Deep", []), ("Object", []), ("Fine", ["ok"])]
    assert parsed.warnings == [
        f"{path}:2: the Tags cell is not a JSON list ('{deep[:60]}'); its tags were left out",
        f'{path}:3: the Tags cell is not a JSON list (\'{{"a": 1, "b": 2}}\'); its tags were left out',
    ]


def test_a_storygraph_export_is_read_line_by_line_as_goodreads_is(tmp_path):
    """The StoryGraph's export was decoded whole and then copied into the CSV reader: six times
    its size in memory (an 80 MB library took 500 MB, as much as a 250 MB one three times
    that), where Goodreads' was read a line at a time."""
    path = tmp_path / "storygraph.csv"
    review = "A long review. " * 400
    with open(path, "w", encoding="utf-8") as file:
        file.write("Title,Authors,ISBN/UID,Read Status,Date Added,Last Date Read,Review\n")
        for n in range(1_500):
            file.write(f"Book {n},Ann Author,{n},read,2024/03/01,2024/03/15,{review}\n")
    tracemalloc.start()
    try:
        parsed = parse_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(parsed.items) == 1_500 and parsed.items[0].note == review.strip()
    assert peak < 2 * path.stat().st_size  # the reviews kept, and little more


def test_kindle_clippings_of_a_device_set_to_brazilian_portuguese(tmp_path):
    """A Brazilian Kindle writes "- Seu destaque ou posição 3631-3632 | Adicionado: quinta-feira,
    12 de janeiro de 2017 17:34:14": each book was dated the day of the import, its note one
    more quote and its location "ou posição 3631-3632"."""
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "\ufeffO Alquimista (Coelho, Paulo)\r\n"
        "- Seu destaque ou posição 3631-3632 | Adicionado: quinta-feira, 12 de janeiro de 2017 17:34:14\r\n\r\n"
        "Quando você quer alguma coisa, todo o Universo conspira.\r\n==========\r\n"
        "O Alquimista (Coelho, Paulo)\r\n"
        "- Sua nota na posição 3632 | Adicionado: quinta-feira, 12 de janeiro de 2017 17:35:02\r\n\r\n"
        "A frase famosa.\r\n==========\r\n"
        "O Alquimista (Coelho, Paulo)\r\n"
        "- Seu marcador na página 80 | posição 1200 | Adicionado: sexta-feira, 13 de janeiro de 2017 08:00:00\r\n"
        "\r\n\r\n==========\r\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    [book] = parsed.items
    assert parsed.warnings == [] and book.authors == ["Paulo Coelho"]
    assert book.highlights == [
        Highlight(
            "Quando você quer alguma coisa, todo o Universo conspira.",
            note="A frase famosa.",
            location="posição 3631-3632",
            highlighted_at=dt.datetime(2017, 1, 12, 17, 34, 14, tzinfo=UTC),
        )
    ]
    assert book.saved_at == dt.datetime(2017, 1, 12, 17, 35, 2, tzinfo=UTC)


def test_kindle_clippings_whose_dates_cannot_be_read_are_said_to_be_dated_today(tmp_path):
    """A Dutch Kindle's "Toegevoegd op maandag 30 november 2026" is no language read here: every
    book was dated the day of the import, so a year of reading landed in this week's edition,
    and nothing said why."""
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "\ufeffDe avonden (Reve, Gerard)\r\n"
        "- Je markering op pagina 5 | locatie 70-71 | Toegevoegd op maandag 30 november 2026 08:01:02\r\n\r\n"
        "Het was nog donker.\r\n==========\r\n"
        "De avonden (Reve, Gerard)\r\n"
        "- Je markering op pagina 6 | locatie 80-81 | Toegevoegd op maandag 30 november 2026 08:05:00\r\n\r\n"
        "Nog een zin.\r\n==========\r\n",
        encoding="utf-8",
    )
    parsed = parse_file(path)
    [book] = parsed.items
    assert book.saved_at is None and len(book.highlights) == 2
    assert parsed.warnings == [
        f"{path}: could not read when 2 clippings were added (the device's language is not English, German, "
        "French, Spanish, Italian, Portuguese or Japanese?); a book none of whose clippings has a date is dated the "
        "day of the import"
    ]


def test_zoteros_rich_text_in_a_title_or_journal_is_its_words(tmp_path):
    """Zotero keeps a title's italics and subscripts as tags ('<i>Aedes aegypti</i>', 'CO<sub>2</sub>'),
    and its CSL-JSON export and web API give them as typed: Mariana's email showed the '<i>' of
    each species' name, escaped as a title is. Its tags go, their words stay; another '<' stays."""
    from newsletter.importers.services import _zotero_item

    path = tmp_path / "zotero.json"
    title = 'Dengue vectors: <i>Aedes aegypti</i> and CO<sub>2</sub> in <span class="nocase">iPhone</span> data'
    journal = '<i>PLoS</i> <span style="font-variant:small-caps;">Neglected</span> Tropical Diseases'
    items = [
        {
            "id": "A",
            "type": "article-journal",
            "URL": "https://doi.org/10.1/a",
            "title": title,
            "container-title": journal,
        },
        {"id": "B", "type": "article-journal", "URL": "https://x.example/b", "title": "When p < 0.05 <b></b>"},
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    dengue, p_value = parse_file(path).items
    assert dengue.title == "Dengue vectors: Aedes aegypti and CO2 in iPhone data"
    assert dengue.journal == "PLoS Neglected Tropical Diseases"
    assert p_value.title == "When p < 0.05"
    item = _zotero_item({"key": "K", "itemType": "journalArticle", "title": "Biting rates of <i>Aedes</i>"}, [])
    assert item.title == "Biting rates of Aedes"
