"""The feeds as feed readers and validators read them: feedparser for the Atom feeds, the JSON
Feed 1.1 spec's own rules for the JSON ones (what the W3C Feed Validator and gofeed found)."""

import json

import feedparser
import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats.feeds import person_name


def build(root, *period):
    result = CliRunner().invoke(main, ["build", *(period or ["--all"]), "--offline", "--jobs", "1", "-w", str(root)])
    assert result.exit_code == 0, result.output


def feed(root, name):
    data = root.joinpath("site", "static", "feeds", name).read_bytes()
    return json.loads(data) if name.endswith(".json") else feedparser.parse(data)


def set_author(root, author):
    settings = root / "newsletter.toml"
    text = settings.read_text()
    assert 'author = "Eric Ma"' in text
    settings.write_text(text.replace('author = "Eric Ma"', f"author = {json.dumps(author)}", 1))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Eric Ma <eric@example.com>", "Eric Ma"),
        ('"Ma, Eric" <eric@example.com>', "Ma, Eric"),
        ("eric@example.com", ""),
        ("<eric@example.com>", ""),
        ("Eric Ma", "Eric Ma"),
        ("Café @ home", "Café @ home"),  # a name with an at sign is no address
        ("jane@example.org (Jane Doe)", "Jane Doe"),  # RSS's author
        ("Jane Doe (jane@example.org)", "Jane Doe"),  # a byline's
        ("Jane <jane@example.org> & Co <co@example.org>", "Jane & Co"),
    ],
)
def test_a_feed_names_a_person_without_their_address(text, name):
    assert person_name(text) == name


def test_an_author_written_as_the_from_is_named_without_the_address(example_workspace):
    set_author(example_workspace, "Eric Ma <eric@example.com>")
    build(example_workspace)
    for name in ("entries", "editions"):
        atom = feed(example_workspace, f"{name}.xml")
        assert not atom.bozo
        assert atom.feed.author_detail == {"name": "Eric Ma"}
        assert {e.author for e in atom.entries if "author" in e} >= {"Eric Ma"}
        json_feed = feed(example_workspace, f"{name}.json")
        assert json_feed["authors"] == [{"name": "Eric Ma"}]
        assert name == "entries" or all(i["authors"] == [{"name": "Eric Ma"}] for i in json_feed["items"])
        for suffix in ("xml", "json"):  # the feeds are public: no scraper finds the address there
            assert (
                b"eric@example.com"
                not in example_workspace.joinpath("site/static/feeds", f"{name}.{suffix}").read_bytes()
            )


def test_an_author_given_as_an_address_alone_leaves_the_newsletters_name(example_workspace):
    set_author(example_workspace, "eric@example.com")
    build(example_workspace, "2021-02")
    atom = feed(example_workspace, "editions.xml")
    assert atom.feed.author == "Data Science Programming Newsletter"
    assert all("author" not in e or e.author == "Data Science Programming Newsletter" for e in atom.entries)
    assert feed(example_workspace, "editions.json")["authors"] == [{"name": "Data Science Programming Newsletter"}]


def test_a_link_outside_ascii_is_written_as_the_uri_it_is(example_workspace):
    entry = example_workspace / "entries/2021/02/hebrew.md"
    entry.write_text(
        "---\ntype: talk\nurl: https://bücher.example/talk/שלום?q=مرحبا&x=1\ndate: 2021-02-12\n"
        'title: "שלום עולם"\n---\nNotes.\n'
    )
    build(example_workspace, "2021-02")
    uri = "https://xn--bcher-kva.example/talk/%D7%A9%D7%9C%D7%95%D7%9D?q=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7&x=1"
    atom = feed(example_workspace, "entries.xml")
    assert [e.link for e in atom.entries if e.title == "שלום עולם"] == [uri]
    assert [i["url"] for i in feed(example_workspace, "entries.json")["items"] if i["title"] == "שלום עולם"] == [uri]
    assert all(link.href.isascii() for e in atom.entries for link in e.links)


def test_a_book_without_a_link_links_the_edition_page_that_shows_it(example_workspace):
    entry = example_workspace / "entries/2021/02/a-book.md"
    entry.write_text(
        "---\ntype: book\ndate: 2021-02-12\ntitle: A Book With No Link\nauthors: [Ursula K. Le Guin]\n---\nRead.\n"
    )
    build(example_workspace, "2021-02")
    page = "https://ericmjl.github.io/newsletter/2021-02/"
    atom = feed(example_workspace, "entries.xml")
    book = next(e for e in atom.entries if e.title == "A Book With No Link")
    assert book.link == page and book.id.startswith("tag:")  # the id stays the title's
    items = feed(example_workspace, "entries.json")["items"]
    assert [i["url"] for i in items if i["title"] == "A Book With No Link"] == [page]
    shown = example_workspace / "site/static/newsletter/2021-02/index.html"
    assert "A Book With No Link" in shown.read_text()


def test_cp1252_punctuation_pasted_into_a_title_as_c1_controls_reads_as_that_punctuation(example_workspace):
    entry = example_workspace / "entries/2021/02/pasted.md"
    entry.write_text(  # the YAML escapes are the C1 controls cp1252's ’ and Š become read as Latin-1
        '---\ntype: article\nurl: https://example.com/pasted\ndate: 2021-02-12\ntitle: "Don\\x92t panic\\x7f"\n'
        'authors: ["\\x8Aime Ko\\x81"]\n---\nNotes.\n'
    )
    build(example_workspace, "2021-02")
    atom = feed(example_workspace, "entries.xml")
    pasted = next(e for e in atom.entries if e.link == "https://example.com/pasted")
    assert (pasted.title, pasted.author) == ("Don’t panic", "Šime Ko")
    for name in ("entries.xml", "entries.json", "editions.xml", "editions.json"):
        text = example_workspace.joinpath("site/static/feeds", name).read_text()
        assert not [c for c in text if "\x7f" <= c <= "\x9f"], name


def test_a_site_at_an_international_domain_tags_its_items_with_its_ascii_name(example_workspace):
    config = example_workspace / "site/hugo.toml"
    config.write_text(config.read_text().replace("https://ericmjl.github.io/", "https://bücher.example/"))
    build(example_workspace, "2021-02")
    ids = [e.id for e in feed(example_workspace, "entries.xml").entries]
    ids += [i["id"] for i in feed(example_workspace, "entries.json")["items"]]
    assert ids and all(i.startswith("tag:xn--bcher-kva.example,2021-02-") and i.isascii() for i in ids)
