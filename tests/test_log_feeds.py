"""The log as a whole: full-content feeds of entries and editions, and every edition on the web."""

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsletter.cli import main

RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def built(example_workspace):
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "--jobs", "1", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    return example_workspace


def static(root, *parts):
    return root.joinpath("site", "static", *parts)


def test_the_entries_feed_carries_the_notes_and_validates(built):
    atom = feedparser.parse(static(built, "feeds", "entries.xml").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    assert len(atom.entries) == 16  # every entry of the three example editions (fewer than 50)
    first = atom.entries[0]
    assert first.title == "Solving Problems Actionably"  # newest first
    assert first.link == "https://ericmjl.github.io/blog/2018/11/13/solving-problems-actionably/"
    assert "better to solve the right problem approximately" in first.content[0].value  # the author's notes
    assert first.author == "Eric Ma" and [t.term for t in first.tags] == ["data science", "modelling"]
    assert atom.feed.links[0].href == "https://ericmjl.github.io/feeds/entries.xml"


def test_the_json_feed_has_every_required_field(built):
    feed = json.loads(static(built, "feeds", "entries.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"] == "https://ericmjl.github.io/feeds/entries.json"
    for item in feed["items"]:
        assert item["id"] and (item.get("content_html") or item.get("content_text"))
        assert RFC3339.match(item["date_published"])
        assert item["url"].startswith("https://")
        assert "<script" not in item["content_html"]


def test_the_editions_feed_has_one_item_per_edition_with_its_content(built):
    atom = feedparser.parse(static(built, "feeds", "editions.xml").read_bytes())
    assert not atom.bozo
    assert [e.link for e in atom.entries] == [
        f"https://ericmjl.github.io/newsletter/{p}/" for p in ("2022-04", "2021-02", "2020-W28")
    ]
    february = atom.entries[1]
    assert february.title == "What I read in February 2021"  # (under the feed's name: next test)
    assert "The Illustrated Transformer" in february.content[0].value
    assert dt.datetime(*february.published_parsed[:6]) == dt.datetime(2021, 2, 28, 5)  # midnight New York


def test_the_editions_feed_and_pages_name_each_edition_without_the_newsletters_name(built):
    """The editions feed's items and each edition page's links to the one before and after read
    "Data Science Programming February 2021 Newsletter" under a feed (or on a page) of Data
    Science Programming: the name a feed reader shows above every item, said again in each. Named
    as the index names them since mend 21; the page's own <title>, which stands alone, keeps it."""
    atom = feedparser.parse(static(built, "feeds", "editions.xml").read_bytes())
    assert not atom.bozo and atom.feed.title == "Data Science Programming Newsletter"
    index = static(built, "newsletter", "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="[^"]+/">([^<]+)</a>', index)
    assert (
        [e.title for e in atom.entries]
        == listed
        == [
            "What I read in April 2022",
            "What I read in February 2021",
            "What I read this week: JAX, Ray and DevOps for data scientists",
        ]
    )
    json_feed = json.loads(static(built, "feeds", "editions.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in json_feed["items"]] == listed
    page = static(built, "newsletter", "2021-02", "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a rel="(?:prev|next)" href="[^"]+">([^<]+)</a>', page)
    assert links == [listed[2], listed[0]]
    assert "<title>Data Science Programming February 2021 Newsletter</title>" in page


def test_each_edition_in_the_editions_feed_has_its_intro_and_outro(built):
    """The feed promises each edition in full, and carried only its entries: the author's
    opening and closing words, what the email says around them, were left out."""
    atom = feedparser.parse(static(built, "feeds", "editions.xml").read_bytes())
    february = atom.entries[1].content[0].value
    assert february.startswith("<p>We’re back with another edition of the newsletter!")
    assert february.index("Let’s get started!") < february.index("Python packaging in 2021")
    assert february.endswith("<p>Stay safe, stay indoors, and keep hacking!</p>")


def test_the_year_in_review_is_an_item_with_something_to_read(built):
    """A review carries no entries (it repeats the editions'): without an intro of its own, its
    item in the editions feed was empty, a title leading nowhere in a feed reader."""
    result = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(built)])
    assert result.exit_code == 0, result.output
    atom = feedparser.parse(static(built, "feeds", "editions.xml").read_bytes())
    review = next(e for e in atom.entries if e.link == "https://ericmjl.github.io/newsletter/2021/")
    assert review.content[0].value == (
        '<p><a href="https://ericmjl.github.io/newsletter/2021/">The year in numbers, with its charts</a></p>'
    )
    feed = json.loads(static(built, "feeds", "editions.json").read_text())
    item = next(i for i in feed["items"] if i["url"] == "https://ericmjl.github.io/newsletter/2021/")
    assert "The year in numbers, with its charts" in item["content_html"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("config.toml", 'baseurl = "https://blog.example.org/"\ntitle = "Blog"\n'),  # an older site's file and key
        ("hugo.yaml", "baseURL: https://blog.example.org/\ntitle: Blog\n"),
        ("config.json", '{"baseURL": "https://blog.example.org/", "title": "Blog"}'),
    ],
)
def test_the_base_url_is_read_from_the_file_hugo_reads(example_workspace, name, text):
    """A site set up with config.toml (or hugo.yaml, …), not hugo.toml: every link to the site
    (feeds, the web editions, "View it in your browser") went to the placeholder example.com,
    and `check` said to set baseURL in a hugo.toml that Hugo would then read instead."""
    site = example_workspace / "site"
    (site / "hugo.toml").unlink()
    (site / name).write_text(text)
    run = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert run.exit_code == 0, run.output
    assert (
        "View it in your browser: https://blog.example.org/newsletter/2021-02/"
        in (example_workspace / "dist/2021-02/newsletter.txt").read_text()
    )
    atom = feedparser.parse(static(example_workspace, "feeds", "editions.xml").read_bytes())
    assert atom.entries[0].link == "https://blog.example.org/newsletter/2021-02/"
    (site / name).write_text(text.replace("blog.example.org", "news.example.org"))
    again = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "up to date" not in again.output  # a new address is a new edition
    assert "https://news.example.org/newsletter/" in static(example_workspace, "newsletter", "index.html").read_text()


def test_the_base_url_is_read_from_the_config_folder_as_hugo_merges_it(example_workspace):
    """A site whose settings are in config/_default/ (a production address in config/production/,
    which `hugo` builds with), no root hugo.toml: every link to the site went to the placeholder
    example.com, and a change there did not rebuild."""
    site = example_workspace / "site"
    settings = (site / "hugo.toml").read_text()
    (site / "hugo.toml").unlink()
    (site / "config/_default").mkdir(parents=True)
    (site / "config/_default/hugo.toml").write_text(settings.replace("ericmjl.github.io", "staging.example.org"))
    (site / "config/production").mkdir()
    (site / "config/production/hugo.toml").write_text('baseURL = "https://blog.example.org/"\n')
    run = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert run.exit_code == 0, run.output
    assert (
        "View it in your browser: https://blog.example.org/newsletter/2021-02/"
        in (example_workspace / "dist/2021-02/newsletter.txt").read_text()
    )
    (site / "config/production/hugo.toml").unlink()  # the folder's own file then says where
    again = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "up to date" not in again.output
    index = static(example_workspace, "newsletter", "index.html").read_text()
    assert "https://staging.example.org/newsletter/" in index


def test_drafts_and_unbuilt_editions_stay_out(example_workspace):
    root = example_workspace
    runner = CliRunner()
    assert runner.invoke(main, ["build", "2021-02", "--offline", "-w", str(root)]).exit_code == 0
    assert runner.invoke(main, ["build", "2022-04", "--offline", "--drafts", "-w", str(root)]).exit_code == 0
    feed = json.loads(static(root, "feeds", "editions.json").read_text())
    assert [item["url"] for item in feed["items"]] == ["https://ericmjl.github.io/newsletter/2021-02/"]
    entries = json.loads(static(root, "feeds", "entries.json").read_text())
    assert len(entries["items"]) == 8


def test_every_edition_is_on_the_web_without_the_unsubscribe_link(built):
    page = static(built, "newsletter", "2021-02", "index.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "The Illustrated Transformer" in page
    assert "tinyletter.com/ericmjl/unsubscribe" not in page
    assert "tinyletter.com/ericmjl/unsubscribe" in (built / "dist/2021-02/newsletter.html").read_text()
    index = static(built, "newsletter", "index.html").read_text()
    assert index.index('href="2022-04/"') < index.index('href="2021-02/"') < index.index('href="2020-W28/"')
    assert '<html lang="en" dir="ltr">' in index
    assert '<small><time datetime="2021-02-28">February 28, 2021</time></small>' in index


def test_the_index_of_editions_writes_its_days_in_the_newsletters_language(example_workspace):
    """A Japanese newsletter's index of editions listed each as 2021-02-28, where the year in
    review and the blog's theme write 2021年2月28日."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ja"', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    index = static(example_workspace, "newsletter", "index.html").read_text(encoding="utf-8")
    assert '<small><time datetime="2021-02-28">2021年2月28日</time></small>' in index


def nav_links(page):
    """The links at the end of an edition's page, by their rel (None: the index)."""
    from selectolax.lexbor import LexborHTMLParser

    nav = LexborHTMLParser(page.read_text()).css_first('nav[aria-label="Editions"]')
    return {a.attributes.get("rel"): a.attributes["href"] for a in nav.css("a")} if nav else {}


def test_every_edition_page_links_the_one_before_and_after_it_and_the_index(built):
    """An edition's page was a dead end: a reader who came from a feed or a search found no way
    to the edition before, the one after, or the index of them all."""
    order = ["2020-W28", "2021-02", "2022-04"]
    for n, period in enumerate(order):
        page = static(built, "newsletter", period, "index.html")
        expected = {None: "../"}
        if n:
            expected["prev"] = f"../{order[n - 1]}/"
        if n + 1 < len(order):
            expected["next"] = f"../{order[n + 1]}/"
        assert nav_links(page) == expected, period
        for href in expected.values():  # as Hugo publishes static/: folder/ is folder/index.html
            assert (page.parent / href / "index.html").resolve().is_file(), (period, href)


def test_build_all_writes_each_page_once_with_its_links(example_workspace, monkeypatch):
    """--all wrote each edition's page without links to the others, then, at its end, every
    page again with them. It works out the links before building, so each page is written once."""
    from newsletter import publish

    written, write = [], publish.write_atomic
    monkeypatch.setattr(
        publish, "write_atomic", lambda path, data, **kw: written.append(path) or write(path, data, **kw)
    )
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "--jobs", "1", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    pages = [path for path in written if path.parent.parent.name == "newsletter" and path.name == "index.html"]
    assert sorted(p.parent.name for p in pages) == ["2020-W28", "2021-02", "2022-04"]
    test_every_edition_page_links_the_one_before_and_after_it_and_the_index(example_workspace)


def test_build_all_mends_the_links_it_planned_for_an_edition_that_failed(example_workspace):
    """--all plans the links as if every edition will build: one that fails (here a first
    2022-04, never built before) is left out of its neighbours' links all the same."""
    (example_workspace / "entries/2022/04/broken.md").write_text("---\ntype: talk\n---\n")
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "--jobs", "2", "-w", str(example_workspace)])
    assert result.exit_code == 1 and "2022-04: 1 entry needs fixing" in result.stderr
    february = static(example_workspace, "newsletter", "2021-02", "index.html")
    assert nav_links(february) == {None: "../", "prev": "../2020-W28/"}


def test_each_web_page_has_its_content_in_a_main_landmark(built):
    """Screen readers list a page's landmarks and jump to its main content; the edition's page had
    none but its links to other editions, and the index none at all (axe: landmark-one-main)."""
    from selectolax.lexbor import LexborHTMLParser

    for period in ("2021-02", ""):
        page = LexborHTMLParser(static(built, "newsletter", period, "index.html").read_text())
        assert len(page.css("main")) == 1 and page.css_first("main h1"), period or "the index"
        assert {n.tag for n in page.css("body > *")} <= {"main", "nav"}, period or "the index"  # all in one


def test_a_feed_reader_given_a_web_page_finds_the_feed_of_editions(built):
    """Readers paste a page's address into a feed reader, which looks for <link rel="alternate">
    in it (RSS autodiscovery): neither the index nor an edition's page named the feeds, so the
    reader found none, though the build writes them."""
    from selectolax.lexbor import LexborHTMLParser

    for period in ("2021-02", ""):
        page = LexborHTMLParser(static(built, "newsletter", period, "index.html").read_text())
        found = {a.attributes["type"]: a.attributes["href"] for a in page.css('head link[rel="alternate"]')}
        assert found == {
            "application/atom+xml": "https://ericmjl.github.io/feeds/editions.xml",
            "application/feed+json": "https://ericmjl.github.io/feeds/editions.json",
        }, period or "the index"
        for href in found.values():
            assert static(built, *href.removeprefix("https://ericmjl.github.io/").split("/")).is_file()


def test_each_feeds_title_leads_to_the_page_of_what_it_carries(built):
    """A feed reader links the feed's title to its page (Atom's alternate link, JSON Feed's
    home_page_url): the editions feed's led to the blog's home page, where no edition is, not
    to the index of editions. The entries feed's stays the blog, whose posts hold the entries."""
    for name, page in (
        ("editions", "https://ericmjl.github.io/newsletter/"),
        ("entries", "https://ericmjl.github.io/"),
    ):
        atom = feedparser.parse(static(built, "feeds", f"{name}.xml").read_bytes())
        assert atom.feed.link == page, name
        assert json.loads(static(built, "feeds", f"{name}.json").read_text())["home_page_url"] == page, name
    assert static(built, "newsletter", "index.html").is_file()


def test_a_new_edition_is_the_next_of_the_page_before_it(example_workspace):
    runner, root = CliRunner(), example_workspace
    february = static(root, "newsletter", "2021-02", "index.html")
    assert runner.invoke(main, ["build", "2021-02", "--offline", "-w", str(root)]).exit_code == 0
    assert nav_links(february) == {None: "../"}
    assert runner.invoke(main, ["build", "2022-04", "--offline", "-w", str(root)]).exit_code == 0
    assert nav_links(february) == {None: "../", "next": "../2022-04/"}
    assert nav_links(static(root, "newsletter", "2022-04", "index.html")) == {None: "../", "prev": "../2021-02/"}
    before = february.stat().st_mtime_ns
    assert runner.invoke(main, ["build", "2022-04", "--offline", "--force", "-w", str(root)]).exit_code == 0
    assert february.stat().st_mtime_ns == before  # its links did not change: not written again


@pytest.mark.parametrize("language", ["ar", "he-IL"])
def test_the_index_of_editions_runs_right_to_left_in_arabic_or_hebrew(example_workspace, language):
    """The edition pages (the email's <html dir="rtl">) ran right to left; the index of them
    had no `dir`, so its list of Arabic or Hebrew subjects ran left to right, flush left."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', f'language = "{language}"'))
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    from selectolax.lexbor import LexborHTMLParser

    for page in (
        static(example_workspace, "newsletter", "2021-02", "index.html"),
        static(example_workspace, "newsletter", "index.html"),
    ):
        html = LexborHTMLParser(page.read_text()).css_first("html").attributes
        assert (html["lang"], html["dir"]) == (language, "rtl"), page


def test_the_feed_length_is_a_setting(example_workspace):
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("[site]\n", "[site]\nfeed_entries = 3\n", 1))
    root = example_workspace
    assert CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)]).exit_code == 0
    assert len(json.loads(static(root, "feeds", "entries.json").read_text())["items"]) == 3


def test_each_entrys_time_in_the_feeds_is_noon_of_its_day_where_the_author_is(example_workspace):
    """Olena, in Kyiv (new user 36): her October entries were all dated 12:00+02:00 in the feeds,
    the offset of the edition's last day, after the clocks went back on the 25th; October 14th's
    noon in Kyiv is 12:00+03:00, summer time, and the feeds put it an hour late."""
    root = example_workspace
    settings = root / "newsletter.toml"
    settings.write_text(re.sub(r'timezone = "[^"]*"', 'timezone = "Europe/Kyiv"', settings.read_text()))
    (root / "entries/2026/10").mkdir(parents=True)
    for day in ("14", "25", "28"):
        (root / f"entries/2026/10/{day}.md").write_text(
            f"---\ntype: article\nurl: https://z.example/{day}\ndate: 2026-10-{day}\ntitle: День {day}\n---\nNotes.\n",
            encoding="utf-8",
        )
    assert CliRunner().invoke(main, ["build", "2026-10", "--offline", "-w", str(root)]).exit_code == 0
    items = json.loads(static(root, "feeds", "entries.json").read_text())["items"]
    published = {item["title"]: item["date_published"] for item in items if item["title"].startswith("День")}
    # the clocks go back at 04:00 on October 25th: its noon is winter time
    assert published == {
        "День 28": "2026-10-28T12:00:00+02:00",
        "День 25": "2026-10-25T12:00:00+02:00",
        "День 14": "2026-10-14T12:00:00+03:00",
    }
    atom = static(root, "feeds", "entries.xml").read_text(encoding="utf-8")
    assert "<published>2026-10-14T12:00:00+03:00</published>" in atom


def test_hostile_titles_stay_text_in_the_feeds(example_workspace):
    entry = example_workspace / "entries/2021/02/hostile.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/x\ndate: 2021-02-12\n"
        'title: "</title><script>alert(1)</script> & <b>bold</b>"\n---\n'
        "Notes with <script>alert(2)</script> and [a link](javascript:alert(3)).\n"
    )
    assert CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)]).exit_code == 0
    atom = feedparser.parse(static(example_workspace, "feeds", "entries.xml").read_bytes())
    assert not atom.bozo
    hostile = next(e for e in atom.entries if e.link == "https://example.com/x")
    assert hostile.title == "</title><script>alert(1)</script> & <b>bold</b>"  # as text, escaped in the XML
    assert "<script" not in hostile.content[0].value and "javascript:" not in hostile.content[0].value


def test_the_feeds_keep_the_latest_entries_and_editions_of_a_long_log(built):
    """Feeds are the latest few, not the whole log: the entries feed holds the newest
    `feed_entries` entries across editions, the editions feed the newest `feed_editions`."""
    from newsletter import config, publish
    from newsletter.formats import web

    settings_file = built / "newsletter.toml"
    settings_file.write_text(
        settings_file.read_text().replace("[site]\n", "[site]\nfeed_entries = 5\nfeed_editions = 2\n", 1)
    )
    assert CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(built), "--force"]).exit_code == 0
    settings = config.load(built)
    records = publish.built_records(settings)
    everything = sorted(
        ((item["date"], item["title"]) for r in records for item in json.loads(Path(r["path"]).read_text())["items"]),
        reverse=True,
    )
    entries = json.loads(static(built, "feeds", "entries.json").read_text())["items"]
    assert [item["title"] for item in entries] == [title for _, title in everything[:5]]
    editions = json.loads(static(built, "feeds", "editions.json").read_text())["items"]
    assert [item["title"] for item in editions] == [
        title for _, title, _ in web.index_editions(records, settings.name)
    ][:2]
    assert len(records) == 3  # the index still lists every edition
    index = static(built, "newsletter", "index.html").read_text()
    assert all(f'href="{r["period"]}/"' in index or r["period"] in index for r in records)


def test_build_records_are_summarised_once_not_parsed_by_every_build(built, monkeypatch):
    import os
    import time

    from newsletter import config, publish

    settings = config.load(built)
    old = time.time() - 3600
    for record in built.glob("dist/*/build.json"):
        os.utime(record, (old, old))  # written a while ago: the cache may trust size and time
    first = publish.built_records(settings)
    parsed = []
    monkeypatch.setattr(publish, "_summary", lambda path: parsed.append(path) or None)
    publish._READ.clear()  # as in a new process
    assert publish.built_records(settings) == first and parsed == []  # from .newsletter/records
    (built / ".newsletter" / publish.RECORDS_CACHE).write_bytes(b"not a cache")
    monkeypatch.undo()
    publish._READ.clear()
    assert publish.built_records(settings) == first  # a broken cache is only read again


def test_a_build_reads_the_summaries_once_and_parses_no_record_for_one(built, monkeypatch):
    """One edition's build asks for every edition's summary twice (before writing its edition,
    and for the feeds after): in a log of hundreds of editions, loading the cache of summaries
    twice and parsing the record it had just written again made one month's build grow with
    the log. The cache is read once, and no record is parsed for its summary, the new one
    included (one changed by hand is: test_build_records_are_summarised_once_not_parsed_by_every_build);
    the feeds read another edition's record once, though it is in both."""
    import os
    import sys
    import time

    from newsletter import config, publish
    from newsletter.build import build

    old = time.time() - 3600
    for record in built.glob("dist/*/build.json"):
        os.utime(record, (old, old))  # written a while ago: the cache may trust size and time
    build(built, "2021-02", offline=True)  # the cache now knows every record as it is
    for record in built.glob("dist/*/build.json"):
        os.utime(record, (old, old))
    publish._READ.clear()  # as in a new process: nothing read yet
    cache, read, parsed, counting = str(built / ".newsletter" / publish.RECORDS_CACHE), [], [], [True]
    others = {str(path) for path in built.glob("dist/*/build.json") if "2021-02" not in str(path)}

    def count(event, args):
        # (open's own event, with its mode: a file opened through open_regular raises os.open's too)
        if counting and event == "open" and str(args[0]) in {cache, *others} and "r" in str(args[1] or ""):
            read.append(str(args[0]))

    sys.addaudithook(count)  # a hook cannot be removed: this one stops counting after the build
    entry = sorted((built / "entries" / "2021" / "02").glob("[!_]*.md"))[0]
    entry.write_text(entry.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")  # a new record
    summary = publish._summary
    monkeypatch.setattr(publish, "_summary", lambda path: parsed.append(path) or summary(path))
    build(built, "2021-02", offline=True)
    counting.clear()
    # loaded once; then read again only if the write of the new summary must compare its bytes
    # (write_atomic compares sizes first: a summary of another size is not read)
    assert 1 <= read.count(cache) <= 2 and parsed == []
    assert sorted(p for p in read if p != cache) == sorted(others)  # (the example's editions are all in both feeds)
    assert len(publish.built_records(config.load(built))) == 3


def test_a_record_rebuilt_since_its_summary_was_handed_over_is_read_as_it_is_now(built):
    """`build --all`'s parent writes the feeds at its end from the summaries its workers made
    of the records they wrote (`known`), minutes later in a long log: an edition built again
    meanwhile by another `build` (its subject changed) went into the feeds with its old
    subject, the summary taken on trust though the record's size and time were no longer
    those it was made from."""
    from newsletter import config, publish
    from newsletter.build import build

    handed = build(built, "2021-02", offline=True).record  # what a worker hands its parent
    editorial = built / "entries" / "2021" / "02" / "_index.md"
    editorial.write_text(
        editorial.read_text(encoding="utf-8").replace("February 2021 Newsletter", "Feb. 2021 issue"), encoding="utf-8"
    )
    assert CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(built)]).exit_code == 0
    publish.write_log(config.load(built), known=handed)  # the parent's end
    editions = json.loads(static(built, "feeds", "editions.json").read_text())["items"]
    assert "Data Science Programming Feb. 2021 issue" in [item["title"] for item in editions]


def test_a_record_rewritten_within_its_timestamp_tick_is_read_again_later(built):
    """A record written again within the file system's timestamp tick (4 ms here, 1 or 2 s on
    some disks and shares), to the same size, keeps its size and mtime: a summary taken in
    that tick, before the second write, went on being trusted by every later build, and the
    feeds and the index showed the edition as it was before, until it was built again."""
    import os
    import time

    from newsletter import config, publish

    settings = config.load(built)
    record = built / "dist" / "2021-02" / "build.json"
    written = time.time() - 1  # a second ago: still within the tick, for the look below
    os.utime(record, (written, written))
    publish._READ.clear()
    subjects = [r["subject"] for r in publish.built_records(settings)]
    assert "Data Science Programming February 2021 Newsletter" in subjects
    tick = record.stat().st_mtime_ns
    record.write_text(record.read_text(encoding="utf-8").replace("February 2021", "Februar 2021!"), encoding="utf-8")
    os.utime(record, ns=(tick, tick))  # the second write, in the same tick: size and mtime as before
    time.sleep(1.1)  # the tick long over
    publish._READ.clear()  # a later build
    subjects = [r["subject"] for r in publish.built_records(settings)]
    assert "Data Science Programming Februar 2021! Newsletter" in subjects


@pytest.mark.parametrize("damaged", [5, [], ["size and time"], ["size and time", "a summary"], ["size and time", {}]])
def test_a_cache_of_summaries_damaged_into_another_shape_is_read_again(built, damaged):
    """The summaries in .newsletter/ are only a cache: one that still loads, but not as
    summaries (a damaged disk, a hand edit, another tool's file under its name), ended the
    next build with a traceback; it is read again from the records, as a missing one is."""
    import marshal
    import os
    import time

    from newsletter import publish

    feed = static(built, "feeds", "editions.json").read_bytes()
    cache = built / ".newsletter" / publish.RECORDS_CACHE
    kept, record = marshal.loads(cache.read_bytes()), built / "dist" / "2021-02" / "build.json"
    os.utime(record, (time.time() - 60,) * 2)  # (a record the cache may trust by its size and time)
    seen = [record.stat().st_size, record.stat().st_mtime_ns]
    kept[str(record)] = [seen if part == "size and time" else part for part in damaged] if damaged != 5 else 5
    cache.write_bytes(marshal.dumps(kept))
    publish._READ.clear()  # a new process
    result = CliRunner().invoke(main, ["build", "2022-04", "--offline", "--force", "-w", str(built)])
    assert result.exit_code == 0, result.output
    assert static(built, "feeds", "editions.json").read_bytes() == feed


def test_the_first_build_since_an_upgrade_removes_the_summaries_earlier_versions_kept(built):
    """Marta's log, built for two years by a version that kept its summaries in .newsletter/records-3,
    kept that file beside this version's records-4 after the upgrade, for good (new user 33); and
    every earlier upgrade had left its own (records, records-2). The first build that finds no
    cache of its own removes the earlier ones; a later version's (records-5, a newer install on
    the same log) is not this build's to remove."""
    import marshal

    from newsletter import publish

    state = built / ".newsletter"
    (state / publish.RECORDS_CACHE).unlink()  # the log as the earlier versions left it
    earlier = {name: state / name for name in ("records", "records-2", "records-3")}
    for path in earlier.values():
        path.write_bytes(marshal.dumps({}))
    later = state / "records-5"
    later.write_bytes(marshal.dumps({}))
    publish._READ.clear()  # a new process
    result = CliRunner().invoke(main, ["build", "2022-04", "--offline", "--force", "-w", str(built)])
    assert result.exit_code == 0, result.output
    assert [name for name, path in earlier.items() if path.exists()] == []
    assert (state / publish.RECORDS_CACHE).is_file() and later.is_file()


def test_every_item_id_is_a_unique_valid_uri_that_stays_when_the_log_grows(built):
    """A feed reader keys items by id: a link read again in a later month (with new notes) must
    not share the first reading's id, or readers drop or overwrite it; a book without a link
    must not get an id with spaces and brackets (RFC 4287 wants an IRI); and an item's id must
    not change when later entries arrive, or readers show it again as new."""
    root = built

    def ids():
        atom = feedparser.parse(static(root, "feeds", "entries.xml").read_bytes())
        assert not atom.bozo, atom.get("bozo_exception")
        data = json.loads(static(root, "feeds", "entries.json").read_text())
        assert [e.id for e in atom.entries] == [item["id"] for item in data["items"]]
        return {e.title: e.id for e in atom.entries}

    before = ids()
    (root / "entries/2022/04/again.md").write_text(
        "---\ntype: article\nurl: https://jalammar.github.io/illustrated-transformer/\ndate: 2022-04-02\n"
        "title: The Illustrated Transformer, again\n---\nRead it again.\n"
    )
    (root / "entries/2022/04/a-book.md").write_text(
        '---\ntype: book\ndate: 2022-04-03\ntitle: "Thinking, Fast & Slow <2>"\n---\nA book.\n'
    )
    assert CliRunner().invoke(main, ["build", "2022-04", "--offline", "-w", str(root)]).exit_code == 0
    after = ids()
    assert len(set(after.values())) == len(after) == len(before) + 2
    assert {title: after[title] for title in before} == before
    for value in after.values():
        assert re.fullmatch(r"[a-z][a-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", value), value


def test_two_entries_of_one_link_on_one_day_are_two_items_of_the_entries_feed(built):
    """New user 43 wrote two notes on a book one morning, two files: his email showed both, and
    his feeds only the first, the second's item taken for the first's (one id, from the day and
    the link). The second's id ends with its file's name; the first keeps its id, and an entry
    in a week and its month is still one item."""
    root = built
    atom_ids = {e.title: e.id for e in feedparser.parse(static(root, "feeds", "entries.xml").read_bytes()).entries}
    (root / "entries/2021/02/illustrated-transformer-later.md").write_text(
        "---\ntype: article\nurl: https://jalammar.github.io/illustrated-transformer/\ndate: 2021-02-16\n"
        "title: Attention, later\n---\nSecond note.\n"
    )
    assert CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)]).exit_code == 0
    atom = feedparser.parse(static(root, "feeds", "entries.xml").read_bytes())
    data = json.loads(static(root, "feeds", "entries.json").read_text())
    assert not atom.bozo and len({e.id for e in atom.entries}) == len(atom.entries) == len(data["items"]) == 17
    later = next(e for e in atom.entries if e.title == "Attention, later")
    first = next(e for e in atom.entries if e.id == later.id.split("#")[0])
    assert later.id.endswith("#illustrated-transformer-later") and "Second note." in later.summary
    assert {e.title: e.id for e in atom.entries if e.title in atom_ids} == atom_ids and first.title in atom_ids


def test_an_entry_in_a_week_and_its_month_is_one_item_of_the_entries_feed(built):
    """A weekly writer's `newsletter build` (the current month by default) puts the week's
    entries in a second edition: the feed then held each twice, under the same id."""
    assert CliRunner().invoke(main, ["build", "2020-07", "--offline", "-w", str(built)]).exit_code == 0
    atom = feedparser.parse(static(built, "feeds", "entries.xml").read_bytes())
    data = json.loads(static(built, "feeds", "entries.json").read_text())
    assert len({e.id for e in atom.entries}) == len(atom.entries) == len(data["items"]) == 16


def test_each_web_page_names_its_canonical_address_and_describes_itself(built):
    """Search engines and link previews (Slack, Mastodon) read <link rel="canonical"> and
    <meta name="description">; the edition's page had neither (it is the email's HTML), and
    kept the email's "View in your browser" link, to the very page being read."""
    from selectolax.lexbor import LexborHTMLParser

    page = LexborHTMLParser(static(built, "newsletter", "2021-02", "index.html").read_text())
    assert re.search(rb"<meta[^>]*charset=", static(built, "newsletter", "2021-02", "index.html").read_bytes()[:1024])
    canonical = page.css('link[rel="canonical"]')
    assert [c.attributes["href"] for c in canonical] == ["https://ericmjl.github.io/newsletter/2021-02/"]
    description = page.css('meta[name="description"]')
    assert [d.attributes["content"] for d in description] == ["Packaging, MLOps and making fancy models"]
    assert "View in your browser" not in page.body.text()
    page.css_first('nav[aria-label="Editions"]').decompose()  # after the email's footer, the links to other editions
    footer = " ".join(page.body.text().split()[-12:])
    assert "subscribed" not in page.body.text() and "Unsubscribe" not in page.body.text()
    assert footer.endswith("ericmjl.github.io") and " · ericmjl" not in footer, footer
    assert not [a for a in page.css("a") if a.attributes.get("href") == canonical[0].attributes["href"]]
    index = LexborHTMLParser(static(built, "newsletter", "index.html").read_text())
    assert index.css_first('link[rel="canonical"]').attributes["href"] == "https://ericmjl.github.io/newsletter/"
    assert "Data Science Programming Newsletter" in index.css_first('meta[name="description"]').attributes["content"]


def test_an_edition_page_shared_shows_its_title_description_and_picture(example_workspace):
    """Facebook, LinkedIn, WhatsApp and Slack show a shared link by its Open Graph tags: new user
    56's readers, who follow him on the web, shared an edition's page and got a bare address.
    The page says its title, description, address and its first picture, each absolute."""
    from selectolax.lexbor import LexborHTMLParser

    (example_workspace / "entries/2021/02/a-talk.md").write_text(
        "---\ntype: talk\nurl: https://www.youtube.com/watch?v=abc\ndate: 2021-02-10\n"
        "title: A talk with a picture\nimage: https://i.ytimg.com/vi/abc/hq720.jpg\n---\nWatched it.\n"
    )
    for period in ("2021-02", "2022-04"):
        result = CliRunner().invoke(main, ["build", period, "--offline", "-w", str(example_workspace)])
        assert result.exit_code == 0, result.output

    def tags(period):
        page = LexborHTMLParser(static(example_workspace, "newsletter", period, "index.html").read_text())
        found = {m.attributes["property"]: m.attributes["content"] for m in page.css("head meta[property]")}
        return found | {m.attributes["name"]: m.attributes["content"] for m in page.css('head meta[name^="twitter:"]')}

    assert tags("2021-02") == {
        "og:type": "article",
        "og:url": "https://ericmjl.github.io/newsletter/2021-02/",
        "og:title": "Data Science Programming February 2021 Newsletter",
        "og:description": "Packaging, MLOps and making fancy models",
        "og:image": "https://i.ytimg.com/vi/abc/hq720.jpg",
        "twitter:card": "summary_large_image",
    }
    april = tags("2022-04")  # no picture: a small card, no og:image
    assert april["og:url"] == "https://ericmjl.github.io/newsletter/2022-04/" and april["og:title"]
    assert "og:image" not in april and april["twitter:card"] == "summary"


def test_the_feeds_say_their_language(built):
    """A reader picks hyphenation, a voice to read aloud and translation offers from the feed's
    language: Atom's xml:lang and JSON Feed 1.1's `language`, as the email's <html lang>."""
    import xml.etree.ElementTree as ET

    for name in ("entries", "editions"):
        root = ET.fromstring(static(built, "feeds", f"{name}.xml").read_bytes())
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert feedparser.parse(static(built, "feeds", f"{name}.xml").read_bytes()).feed.language == "en"
        assert json.loads(static(built, "feeds", f"{name}.json").read_text())["language"] == "en"


def test_a_notes_english_quote_runs_left_to_right_in_an_arabic_feed(example_workspace):
    """An Arabic log's note quoting an English sentence reached feed readers as the email had
    sent it before: laid out right to left, its question mark at the wrong end. The feeds carry
    the email's HTML of a note, so a paragraph wholly in the other direction has its own there too."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'))
    (example_workspace / "entries/2021/02/quoted.md").write_text(
        "---\ntype: article\nurl: https://example.org/q\ndate: 2021-02-20\ntitle: مقال\n---\n"
        "> Is the library quiet?\n\nسؤال جيد.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(static(example_workspace, "feeds", "entries.xml").read_bytes())
    [item] = [e for e in parsed.entries if e.title == "مقال"]
    assert parsed.bozo == 0 and parsed.feed.language == "ar"
    assert '<p dir="ltr" style="text-align: left;">Is the library quiet?</p>' in item.content[0].value
    assert "<p>سؤال جيد.</p>" in item.content[0].value
    [json_item] = [
        i
        for i in json.loads(static(example_workspace, "feeds", "entries.json").read_text())["items"]
        if i["title"] == "مقال"
    ]
    assert '<p dir="ltr"' in json_item["content_html"]


def test_control_characters_pasted_into_notes_build_into_well_formed_email_and_feeds(example_workspace):
    """A form feed from a PDF's page break, a backspace or a NUL pasted into the notes (or a
    YAML escape in a title) is invalid in XML: MJML refused the whole email ("not valid MJML",
    naming no file) and the Atom feed would not parse. They mean nothing on a page: left out."""
    entry = example_workspace / "entries/2021/02/pasted.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/pasted\ndate: 2021-02-12\n"
        'title: "Copied \\x01 title \\ufffe"\nspeakers: ["Ada \\x07 Lovelace"]\n---\n'
        "End of a page.\x0cNext page, a \x08backspace, a \x00 and \x1b[1m escape \ufffe.\n"
    )
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    outputs = [
        static(example_workspace, "feeds", "entries.xml"),
        static(example_workspace, "feeds", "entries.json"),
        example_workspace / "dist/2021-02/newsletter.html",
        example_workspace / "dist/2021-02/newsletter.txt",
        *example_workspace.glob("site/content/posts/*/index.md"),
    ]
    for path in outputs:
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", path.read_text()), path
    atom = feedparser.parse(static(example_workspace, "feeds", "entries.xml").read_bytes())
    assert not atom.bozo
    pasted = next(e for e in atom.entries if e.link == "https://example.com/pasted")
    assert pasted.title == "Copied title" and pasted.author == "Ada Lovelace"
    assert "End of a page.\nNext page, a backspace" in pasted.content[0].value


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("speakers", '["Ada\\vLovelace"]'),
        ("tags", '["data\\fscience", "ml\\x1cops"]'),
        ("authors", '"Ada\\x1eLovelace, Alan\\x1dTuring"'),
    ],
)
def test_line_separators_escaped_into_names_build_into_well_formed_email_and_feeds(example_workspace, key, value):
    """A vertical tab, a form feed or an information separator (U+001C-U+001E) escaped in a
    name or a tag (an export's, pasted) was kept, as white space: MJML refused the whole email
    ("The email template is not valid MJML", blaming the template) and the Atom feed's XML did
    not parse. A name is one line: any white space in it is one space."""
    entry = example_workspace / "entries/2021/02/pasted.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/pasted\ndate: 2021-02-12\ntitle: Pasted\n"
        f"{key}: {value}\n---\nA note.\n"
    )
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    atom = feedparser.parse(static(example_workspace, "feeds", "entries.xml").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    pasted = next(e for e in atom.entries if e.link == "https://example.com/pasted")
    if key == "tags":
        assert [t.term for t in pasted.tags] == ["data science", "ml ops"]
    else:
        assert [a.name for a in pasted.authors] == (
            ["Ada Lovelace"] if key == "speakers" else ["Ada Lovelace", "Alan Turing"]
        )


def test_line_separators_in_the_outro_build_into_a_well_formed_email(example_workspace):
    """The outro is Markdown like the intro and the notes: a form feed there is a line break,
    not a character MJML refuses the email for."""
    editorial = example_workspace / "entries/2021/02/_index.md"
    text = re.sub(r"outro: \|\n.*\n", lambda _: 'outro: "Until next month.\\vBye\\x1c now."\n', editorial.read_text())
    editorial.write_text(text)
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    html = (example_workspace / "dist/2021-02/newsletter.html").read_text()
    assert "Until next month." in html and not re.search("[\x0b\x0c\x1c-\x1e]", html)


def test_an_edition_that_moves_among_the_others_is_unlinked_from_its_old_neighbours(example_workspace, monkeypatch):
    """A month built while it ran is dated by its latest entry; built again once over, by its
    last day, it moves past the weeks built meanwhile. Only its new neighbours were relinked:
    the week it had been before still named it as the edition before that week."""
    import datetime as dt

    from newsletter import render

    runner, root = CliRunner(), example_workspace
    dated = render.publication_date
    monkeypatch.setattr(render, "publication_date", lambda *_: dt.datetime(2021, 2, 10, tzinfo=dt.UTC))
    assert runner.invoke(main, ["build", "2021-02", "--offline", "-w", str(root)]).exit_code == 0  # on Feb 10
    monkeypatch.setattr(render, "publication_date", dated)
    for period in ("2021-W06", "2021-W07", "2021-02"):
        result = runner.invoke(main, ["build", period, "--offline", "--force", "-w", str(root)])
        assert result.exit_code == 0, result.output
    order = ["2021-W06", "2021-W07", "2021-02"]
    for n, period in enumerate(order):
        expected = {None: "../"}
        if n:
            expected["prev"] = f"../{order[n - 1]}/"
        if n + 1 < len(order):
            expected["next"] = f"../{order[n + 1]}/"
        assert nav_links(static(root, "newsletter", period, "index.html")) == expected, period


def test_an_edition_page_drops_what_only_outlook_reads(built):
    """The page was the email's HTML as sent, with Outlook's `xmlns:v` on <html> and
    `mso-table-lspace` in ~90 style attributes: errors, each, to an HTML checker (the Nu
    validator), and nothing a browser uses. The email itself keeps them."""
    from selectolax.lexbor import LexborHTMLParser

    email = (built / "dist" / "2021-02" / "newsletter.html").read_text()
    assert "xmlns:v=" in email and "mso-table-lspace" in email
    page = LexborHTMLParser(static(built, "newsletter", "2021-02", "index.html").read_text())
    assert "xmlns:v" not in page.root.attributes and "xmlns:o" not in page.root.attributes
    styles = [node.attributes["style"] for node in page.css("[style]")]
    assert styles and not [style for style in styles if "mso-" in style]
    hidden = page.body.css_first("div")  # the preheader: still hidden from every browser
    assert "display:none" in hidden.attributes["style"].replace(" ", "")


def test_del_and_c1_controls_in_notes_leave_the_email_valid_html_and_clean_text(example_workspace):
    """DEL and the C1 controls (U+0080-U+009F: cp1252's curly quotes decoded as Latin-1, pasted)
    were kept in notes as valid XML, but the HTML standard makes them parse errors (the
    validator's "Forbidden code point"), shown as nothing or a box in both parts. A NEL, U+2028
    or U+2029, line separators Markdown does not know, was kept inside a line: now a line break
    of the Markdown, as a form feed is, so the words on either side stay apart."""
    entry = example_workspace / "entries/2021/02/pasted.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/pasted\ndate: 2021-02-12\ntitle: Pasted\n---\n"
        "It said \x93hello\x94 and\x7f left.\x85Next line\u2028and the next\u2029and a last.\n"
    )
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    html = (example_workspace / "dist/2021-02/newsletter.html").read_text(encoding="utf-8")
    text = (example_workspace / "dist/2021-02/newsletter.txt").read_text(encoding="utf-8")
    for output in (html, text):
        assert not re.search("[\x7f-\x9f\u2028\u2029]", output)
    assert "It said “hello” and left. Next line and the next and a last." in text


def test_cp1252_punctuation_pasted_as_c1_controls_reads_as_that_punctuation(example_workspace):
    """A note pasted with cp1252 decoded as Latin-1 ('We\x92re \x93back\x94 \x96 at last') was read
    without its C1 controls: 'Were back  at last' in the post and both parts of the email, the
    apostrophe's loss making other words ('were', 'its', 'cant'). Each is the cp1252 character
    it was meant as, in the post and the email alike; the entry file is not touched."""
    entry = example_workspace / "entries/2021/02/pasted.md"
    written = (
        "---\ntype: article\nurl: https://example.com/pasted\ndate: 2021-02-12\ntitle: Pasted\n---\n"
        "We\x92re \x93back\x94 \x96 it\x92s a \x80 5 week.\n"
    )
    entry.write_text(written)
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    text = (example_workspace / "dist/2021-02/newsletter.txt").read_text(encoding="utf-8")
    html = (example_workspace / "dist/2021-02/newsletter.html").read_text(encoding="utf-8")
    [post] = (example_workspace / "site/content").rglob("what-i-read-in-february-2021/index.md")
    meant = "We’re “back” – it’s a € 5 week."
    assert meant in text and meant in html and meant in post.read_text(encoding="utf-8")
    assert entry.read_text() == written


def test_the_pages_outlook_styles_are_cut_as_the_pattern_would_cut_them(built):
    """web.without_mso tries _MSO_STYLE only at the style attribute each "mso-" is in, and cuts
    every such attribute's declarations in one pass: the same text as the pattern's sub of the
    whole page with a callback for each (what it replaced), on the example's email and on
    random text made of the pieces the patterns turn on (quotes, `style=` cut short, "mso-" in
    capitals or after a hyphen, declarations without a ';', line breaks)."""
    import random

    from newsletter.formats import web

    style = re.compile(r'style="([^"]*?\bmso-[^"]*)"')  # (what it replaced, verbatim)
    declaration = re.compile(r"(?<![\w-])mso-[\w-]+\s*:[^;]*(?:;|$)", re.IGNORECASE)

    def by_the_pattern(page):
        return style.sub(lambda match: 'style="' + declaration.sub("", match[1]).strip() + '"', page)

    email = (built / "dist" / "2021-02" / "newsletter.html").read_text()
    assert email.count("mso-") > 50 and web.without_mso(email) == by_the_pattern(email)
    pieces = [
        'style="',
        "style=",
        "mso-",
        "MSO-",
        "xmso-",
        "-mso-",
        "mso-a:1",
        " mso-b : 2;",
        "c:3;",
        '"',
        ";",
        ":",
        " ",
        "\n",
        "a",
    ]
    rnd = random.Random(31)
    for _ in range(20_000):
        text = "<p " + "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16)))  # in a tag
        assert web.without_mso(text) == by_the_pattern(text), repr(text)


def test_cutting_outlook_styles_grows_linearly_with_a_notes_mso_text():
    """A note with `style="` and "mso-" many times after it that no match takes ("xmso-", no
    word boundary: pasted CSS, a minified class list) had the pattern tried at that `style="`
    again for each "mso-", each try reading all of them: 40 KB of such text took 11 s to make
    the edition's web page, where the pattern's own sub took 2 ms. Each quote is tried once."""
    import time

    from newsletter.formats import web

    def cost(n: int) -> float:
        page = '<html><body><p class="note">It said style="' + "xmso-" * n + '" and left.</p></body></html>'
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            assert web.without_mso(page) == page
            best = min(best, time.process_time() - start)
        return best

    small, big = cost(400), cost(6400)
    assert big < small * 16 * 4  # 16 times the text: well under 64 times the time (256 if quadratic)


def test_a_note_quoting_outlook_styles_reads_the_same_on_the_edition_page(example_workspace):
    """A note about email markup, `<td style="mso-padding-alt: 0; padding: 4px">` in a code span
    or style="mso-hide: all" in its prose, is text, which the serialised page keeps with its
    quotes: the edition's web page cut its Outlook styles there as in an attribute, and showed
    the reader `<td style="padding: 4px">` and style="" where the email and the post have what
    was written. Only the tags' style attributes lose them."""
    from selectolax.lexbor import LexborHTMLParser

    entry = example_workspace / "entries/2021/02/outlook.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/outlook\ndate: 2021-02-12\ntitle: Outlook tables\n---\n"
        'Pad cells with `<td style="mso-padding-alt: 0; padding: 4px">`; hide with style="mso-hide: all".\n'
    )
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    email = LexborHTMLParser((example_workspace / "dist/2021-02/newsletter.html").read_text(encoding="utf-8"))
    page = LexborHTMLParser(static(example_workspace, "newsletter", "2021-02", "index.html").read_text())
    code = '<td style="mso-padding-alt: 0; padding: 4px">'
    [said] = [node.text() for node in email.css("code") if "padding" in node.text()]
    assert said == code and [node.text() for node in page.css("code") if "padding" in node.text()] == [code]
    prose = next(node.text() for node in email.css("p, td") if "hide with" in node.text(deep=False))
    assert "mso-hide: all" in prose and prose in page.body.text(deep=True)
    assert not [node for node in page.css("[style]") if "mso-" in node.attributes["style"]]


def test_the_summaries_cache_of_an_earlier_version_goes_when_this_one_is_written(example_workspace):
    """records-4 took over from records-3 (and that from records-2 and records): each old one
    stayed in .newsletter/ for good, a copy of every edition's summary no build read again
    (mend 14). Only those names go, only files: nothing else in .newsletter/."""
    state = example_workspace / ".newsletter"
    state.mkdir()
    for old in ("records-3", "records-2"):
        (state / old).write_bytes(b"an earlier version's summaries")
    (state / "records").mkdir()  # (a folder under an old name: the author's, say)
    (state / "records-3.txt").write_text("not the tool's")
    result = CliRunner().invoke(main, ["build", "2022-04", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert (state / "records-4").is_file()
    assert not (state / "records-3").exists() and not (state / "records-2").exists()
    assert (state / "records").is_dir() and (state / "records-3.txt").read_text() == "not the tool's"


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_cache_of_summaries_that_is_not_a_file_is_not_read(built, kind):
    """The summaries' cache named as a link to /dev/zero (or another endless device) was read
    until memory ran out, and a FIFO under its name was waited on forever: only a file is a
    cache; the records are read again, and the build writes a cache of its own in its place."""
    import os

    from newsletter import publish

    feed = static(built, "feeds", "editions.json").read_bytes()
    cache = built / ".newsletter" / publish.RECORDS_CACHE
    cache.unlink()
    os.symlink("/dev/zero", cache) if kind == "device" else os.mkfifo(cache)
    publish._READ.clear()  # a new process
    result = CliRunner().invoke(main, ["build", "2022-04", "--offline", "--force", "-w", str(built)])
    assert result.exit_code == 0, result.output
    assert static(built, "feeds", "editions.json").read_bytes() == feed
    assert cache.is_file() and not cache.is_symlink()


@pytest.mark.parametrize(
    "record",
    [
        "[" * 100_000,
        '{"period": "2019-01", "published": "2019-01-31T09:00:00+00:00", "items": 5}',
        '{"period": "2019-01", "published": "2019-01-31", "items": []}',
        json.dumps(
            {
                "period": "2019-01",
                "published": "2019-01-31T09:00:00+00:00",
                "items": [
                    {"date": "2099-01-01", "title": "No HTML"},
                    {"date": "2099-01-01", "title": "A", "html": "<p>A</p>", "url": 5},
                    {"date": "someday", "title": "A", "html": "<p>A</p>", "url": None},
                    {"date": "2099-01-01", "title": "A", "html": "<p>A</p>", "url": None, "authors": 5},
                ],
            }
        ),
    ],
    ids=["nested deeper than Python reads", "items not a list", "a date alone", "items of other shapes"],
)
def test_a_build_record_made_into_another_shape_is_no_edition(built, record):
    """Another edition's build record made hostile (nested past Python's recursion limit, or
    an object whose items are not a list) ended every build of the log with a traceback
    (RecursionError, TypeError), and so did one published on a date with no time, or with an
    item missing its HTML or with a number for its link (TypeError, KeyError, AttributeError):
    the feeds read each record. Such a record is no edition, and such an item no item, as a
    record that is not JSON is none, and the feeds are as without them."""
    from newsletter import publish

    feed = static(built, "feeds", "entries.json").read_bytes()
    (built / "dist" / "2019-01").mkdir()
    (built / "dist" / "2019-01" / "build.json").write_text(record)
    publish._READ.clear()  # a new process
    result = CliRunner().invoke(main, ["build", "2022-04", "--offline", "--force", "-w", str(built)])
    assert result.exit_code == 0, result.output
    assert static(built, "feeds", "entries.json").read_bytes() == feed
    editions = json.loads(static(built, "feeds", "editions.json").read_text())  # (an edition with no item, or none)
    assert "No HTML" not in str(editions) and "<p>A</p>" not in str(editions)


def test_a_fetched_title_in_another_language_says_its_language_in_the_feeds(example_workspace):
    """An English log's entry titled by an Arabic page reached feed readers with the feed's
    language alone, read aloud with an English voice, where the email marks it lang="ar". Atom's
    title says the page's language (xml:lang); JSON Feed's item does where the title is all it
    has (its `language` is the whole item's, and notes are the author's); the editions feed's
    heading does. A title the author wrote says nothing: the page's language is not its."""
    from newsletter.config import load
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    entries = example_workspace / "entries" / "2021" / "02"
    for slug, notes in (("noted", "My own notes.\n"), ("bare", "")):
        (entries / f"{slug}.md").write_text(
            f"---\ntype: article\nurl: https://example.org/{slug}\ndate: 2021-02-20\n---\n{notes}", encoding="utf-8"
        )
    (entries / "mine.md").write_text(
        "---\ntype: article\nurl: https://example.org/mine\ndate: 2021-02-20\ntitle: كتبته\n---\nNotes.\n"
    )
    settings = load(example_workspace)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        for slug in ("noted", "bare", "mine"):
            cache.put(f"https://example.org/{slug}", Metadata(title=f"مقال {slug}", language="ar"))
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output

    atom = feedparser.parse(static(example_workspace, "feeds", "entries.xml").read_bytes())
    assert atom.bozo == 0, atom.get("bozo_exception")
    languages = {e.title: e.title_detail.language for e in atom.entries if "مقال" in e.title or e.title == "كتبته"}
    assert languages == {"مقال noted": "ar", "مقال bare": "ar", "كتبته": "en"}
    assert {e.content[0].language for e in atom.entries if e.title == "مقال noted"} == {"en"}  # the notes
    items = json.loads(static(example_workspace, "feeds", "entries.json").read_text())["items"]
    said = {i["title"]: i.get("language") for i in items if "مقال" in i["title"] or i["title"] == "كتبته"}
    assert said == {"مقال noted": None, "مقال bare": "ar", "كتبته": None}
    editions = static(example_workspace, "feeds", "editions.xml").read_bytes()
    assert feedparser.parse(editions).bozo == 0
    [edition] = [e for e in feedparser.parse(editions).entries if "مقال noted" in e.content[0].value]
    assert '<h2 lang="ar"><a href="https://example.org/noted">مقال noted</a></h2>' in edition.content[0].value
    assert '<h2><a href="https://example.org/mine">كتبته</a></h2>' in edition.content[0].value


def atom_by_elementtree(feed) -> bytes:
    """The Atom feed as feeds.atom wrote it with ElementTree until it wrote the same text itself."""
    import xml.etree.ElementTree as ET

    from newsletter.formats.feeds import ATOM, _names, _rfc3339, person_name, uri

    def text(parent, tag, value):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
        element.text = value
        return element

    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    if feed.language:
        root.set(lang, feed.language)
    text(root, "title", feed.title)
    text(root, "id", feed.feed_url)
    text(root, "updated", _rfc3339(feed.updated))
    if feed.description:
        text(root, "subtitle", feed.description)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=uri(feed.feed_url), type="application/atom+xml")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=uri(feed.home_url), type="text/html")
    text(ET.SubElement(root, f"{{{ATOM}}}author"), "name", person_name(feed.author) or feed.title)
    for item in feed.items:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        title = text(entry, "title", item.title)
        if item.title_language:
            title.set(lang, item.title_language)
        text(entry, "id", item.id)
        text(entry, "published", _rfc3339(item.published))
        text(entry, "updated", _rfc3339(item.modified))
        if item.url:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=uri(item.url))
        for name in _names(item.authors):
            text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", name)
        for tag in item.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
        text(entry, "content", item.html).set("type", "html")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def test_the_atom_feeds_are_written_as_elementtree_wrote_them():
    """feeds.atom writes the text itself, byte for byte as ElementTree did: feeds of random text
    holding whatever ElementTree escapes, and a lone surrogate, with and without each optional part."""
    import random

    from newsletter.formats.feeds import Feed, FeedItem, atom

    alphabet = ["a", "Z", " ", "&", "<", ">", '"', "'", "\r", "\n", "\t", "é", "ש", "😀", "\ud800", "&amp;", "]]>"]
    rng = random.Random(17)

    def words(empty: bool = True) -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0 if empty else 1, 12)))

    for _ in range(200):
        moment = dt.datetime(
            2021, 2, rng.randint(1, 28), 12, tzinfo=rng.choice([dt.UTC, dt.timezone(dt.timedelta(hours=5))])
        )
        items = [
            FeedItem(
                id=f"tag:example.com,2021-02-0{n}:{words()}",
                url=rng.choice([None, "", f"https://example.com/{words(False)}", "https://bücher.example/ä"]),
                title=words(),
                html=rng.choice(["", words(), "<p>Notes &amp; more</p>\n<p>two</p>"]),
                published=moment,
                authors=[
                    rng.choice(["Ada", "ada@example.com", "Ada <ada@example.com>", words()])
                    for _ in range(rng.randint(0, 2))
                ],
                tags=[words() for _ in range(rng.randint(0, 2))],
                title_language=rng.choice(["", "de", "he"]),
            )
            for n in range(rng.randint(0, 3))
        ]
        feed = Feed(
            words(),
            f"https://example.com/{words()}",
            rng.choice(["https://example.com/feed.xml", words()]),
            rng.choice(["", "Eric <e@example.com>", words()]),
            items,
            rng.choice(["", words()]),
            rng.choice(["", "en", "fr-CA"]),
        )
        assert atom(feed) == atom_by_elementtree(feed), feed


def json_feed_whole(feed) -> bytes:
    """The JSON feed as feeds.json_feed wrote it, whole, before it kept its items' text."""
    from newsletter.formats import readable_json
    from newsletter.formats.feeds import json_item, person_name, uri

    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": uri(feed.home_url),
        "feed_url": uri(feed.feed_url),
        "authors": [{"name": person_name(feed.author) or feed.title}],
        "items": [json_item(item) for item in feed.items],
    }
    if feed.description:
        data["description"] = feed.description
    if feed.language:
        data["language"] = feed.language
    return readable_json(data).encode("utf-8")


def test_a_feed_written_again_writes_only_its_changed_items(monkeypatch):
    """The waiting build at a terminal writes the feeds after every saved note: the items of the
    call before are kept, and only a changed one is written. A kept item never stands for one
    changed in anything its text shows: its note, its tags, its authors, or its time as written
    (12:00+01:00 is 11:00Z, the same moment, another text); each feed is still, byte for byte,
    what ElementTree and the json module write of it whole."""
    import dataclasses

    from newsletter.formats import feeds
    from newsletter.formats.feeds import Feed, FeedItem, atom, json_feed

    noon = dt.datetime(2021, 2, 3, 12, tzinfo=dt.UTC)
    items = [
        FeedItem(f"tag:example.com,2021-02-03:{n}", f"https://example.com/{n}", f"Talk {n}", f"<p>{n}</p>", noon)
        for n in range(4)
    ]
    written = []

    def counted(write):
        return lambda item: written.append(item) or write(item)

    for name in ("_atom_entry", "_json_text"):
        monkeypatch.setattr(feeds, name, counted(getattr(feeds, name)))

    def both(feed):
        feed.feed_url = "https://example.com/feeds/entries.xml"
        xml = atom(feed)
        assert xml == atom_by_elementtree(feed)
        feed.feed_url = "https://example.com/feeds/entries.json"
        assert json_feed(feed) == json_feed_whole(feed)
        return xml

    both(Feed("Log", "https://example.com/", "", "Ada", items))
    assert len(written) == 8  # each item, once in each feed
    written.clear()
    both(Feed("Log", "https://example.com/", "", "Ada", list(items)))
    assert written == []  # nothing changed: every item as kept
    changed = [
        dataclasses.replace(items[0], html="<p>0, edited</p>"),
        dataclasses.replace(items[1], tags=["jax"]),
        dataclasses.replace(items[2], published=noon.astimezone(dt.timezone(dt.timedelta(hours=1)))),
        dataclasses.replace(items[3], authors=["Grace"]),
    ]
    written.clear()
    xml = both(Feed("Log", "https://example.com/", "", "Ada", changed))
    assert written == changed * 2
    assert b"13:00:00+01:00" in xml and b"<term" not in xml and b'term="jax"' in xml
    written.clear()  # and an item changed since (its updated, feed_updates.py)
    edited = [dataclasses.replace(changed[0], updated=noon + dt.timedelta(days=3)), *changed[1:]]
    xml = both(Feed("Log", "https://example.com/", "", "Ada", edited))
    assert written == edited[:1] * 2 and b"<updated>2021-02-06T12:00:00Z</updated>" in xml


def test_a_build_parses_no_record_it_wrote_itself(built):
    """The waiting process at a terminal builds after every saved note: each build read back
    the record it had just written (for the feeds) and the one the build before had written
    (to keep its time, and for its summary, too recent to trust by size and time): three
    parses of 77 KB a build of a 50-entry month, of what it had in hand. None is read now; one
    changed by anyone since is read as it is (test_a_record_rewritten_within_its_timestamp_tick_is_read_again_later)."""
    import sys

    from newsletter.build import build

    record, opened, counting = str(built / "dist" / "2021-02" / "build.json"), [], [True]

    def count(event, args):
        if counting and event == "open" and str(args[0]) == record and "r" in str(args[1] or "r"):
            opened.append(args)

    build(built, "2021-02", offline=True)
    sys.addaudithook(count)  # a hook cannot be removed: this one stops counting after the build
    entry = sorted((built / "entries" / "2021" / "02").glob("[!_]*.md"))[0]
    entry.write_text(entry.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(built, "2021-02", offline=True)
    counting.clear()
    assert opened == []
    [item] = [
        i
        for i in json.loads(static(built, "feeds", "entries.json").read_text())["items"]
        if "One more" in i["content_html"]
    ]


def test_the_index_of_editions_lists_each_without_the_name_it_is_headed_by(example_workspace):
    """The index of editions is headed by the newsletter's name, and every line said it again:
    "Data Science Programming Newsletter: What I read in April 2022", each subject beginning with
    it. An edition is listed by its subject without the name it begins with (in the language's
    colon: French's "\u00a0:"), by its title where the subject says the name otherwise, or by a
    subject that does not say it."""
    from selectolax.lexbor import LexborHTMLParser

    april = example_workspace / "entries/2022/04/_index.md"
    april.write_text(re.sub(r"(?m)^subject: .*\n", "", april.read_text(encoding="utf-8")), encoding="utf-8")

    def listed():
        index = LexborHTMLParser(static(example_workspace, "newsletter", "index.html").read_text(encoding="utf-8"))
        return [" ".join(a.text().split()) for a in index.css("li > a")]

    result = CliRunner().invoke(main, ["build", "--all", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert listed() == [
        "What I read in April 2022",  # its subject: "Data Science Programming Newsletter: What I read…"
        "What I read in February 2021",  # its subject: "Data Science Programming February 2021 Newsletter"
        "What I read this week: JAX, Ray and DevOps for data scientists",
    ]
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2022-04", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert (
        (example_workspace / "dist/2022-04/newsletter.txt")
        .read_text(encoding="utf-8")
        .startswith("Data Science Programming Newsletter\u00a0: What I read in April 2022\n")
    )
    assert listed()[0] == "What I read in April 2022"


@pytest.mark.parametrize(
    ("subject", "listed"),
    [
        ("読書記録：2026年3月", "2026年3月"),  # a full-width colon, no space
        ("読書記録 – Week 12", "Week 12"),
        ("読書記録", "Title"),  # the name alone: its title
        ("読書記録 weekly", "Title"),  # the name, then no separator: its title
        ("Issue 12", "Issue 12"),  # no name: the author's words
    ],
)
def test_an_edition_is_listed_without_the_name_in_each_way_a_subject_says_it(subject, listed):
    from newsletter.formats.name_in_title import listed_as

    assert listed_as(subject, "Title", "読書記録") == listed


def test_an_edited_entry_changes_its_items_updated_alone_and_a_rebuild_keeps_it(built):
    """New user 56's readers follow him by feed: a note he corrected after its edition was built
    kept its item's <updated> (its published time), so no reader that goes by it showed the
    change. The edited entry's item, and its edition's, say when they changed (Atom's updated,
    JSON Feed's date_modified); no other item moves, and a build with nothing changed since,
    here or in a fresh clone of the site (no build records), writes the feeds byte for byte."""
    root = built
    names = ("entries.xml", "entries.json", "editions.xml", "editions.json")

    def feeds():
        return {name: static(root, "feeds", name).read_bytes() for name in names}

    def updated(name):
        atom = feedparser.parse(static(root, "feeds", name).read_bytes())
        assert not atom.bozo, atom.get("bozo_exception")
        return atom.feed.updated, {e.id: (e.published, e.updated) for e in atom.entries}

    first = feeds()
    before = {name: updated(name) for name in ("entries.xml", "editions.xml")}
    for items in (before["entries.xml"][1], before["editions.xml"][1]):
        assert all(published == changed for published, changed in items.values())
    entry = root / "entries/2022/04/advi-scalable-bayesian-inference.md"
    entry.write_text(entry.read_text() + "\nA correction, after the edition was built.\n")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert CliRunner().invoke(main, ["build", "2022-04", "--offline", "-w", str(root)]).exit_code == 0
    for name in ("entries", "editions"):
        feed_updated, items = updated(f"{name}.xml")
        moved = {id_ for id_, times in items.items() if times != before[f"{name}.xml"][1][id_]}
        assert len(moved) == 1, moved
        (id_,) = moved
        published, changed = items[id_]
        assert published == before[f"{name}.xml"][1][id_][0]  # (and its id is the same)
        assert dt.datetime.fromisoformat(changed) >= start > dt.datetime.fromisoformat(published)
        assert feed_updated == changed
        data = json.loads(static(root, "feeds", f"{name}.json").read_text())
        assert [(i["id"], i["date_modified"]) for i in data["items"] if "date_modified" in i] == [(id_, changed)]
    edited = feeds()
    assert CliRunner().invoke(main, ["build", "--all", "--force", "--offline", "-w", str(root)]).exit_code == 0
    assert feeds() == edited
    for record in root.glob("dist/*/build.json"):  # a fresh clone: the site's feeds, no records
        record.unlink()
    assert CliRunner().invoke(main, ["build", "--all", "--offline", "-w", str(root)]).exit_code == 0
    assert feeds() == edited != first


def test_the_editions_feed_keeps_older_editions_only_while_it_stays_small(tmp_path):
    """New user 55 (Hiro) logs 150 things a month: each edition's HTML is 270 KB, and the ten
    latest made an editions feed of 2.9 MB, over what feed readers fetch (goread refuses past
    2 MiB) and fetched again every hour. Older editions now stop at `feed_editions_kb` of HTML;
    the newest is in whatever it weighs, and small editions are all there, as before."""
    from newsletter.config import Settings
    from newsletter.formats.editions_feed import editions_feed

    def records(count):
        return [
            {"period": f"2026-{12 - n:02d}", "path": f"{n}", "published": f"2026-{12 - n:02d}-28T00:00:00+00:00"}
            for n in range(count)
        ]

    def weighing(kb):
        note = "<p>" + "x" * (kb * 1024 - 7) + "</p>"
        return lambda path: (
            [{"title": f"Entry {path}", "url": "https://example.com/", "html": note}],
            {"intro": "", "outro": ""},
        )

    settings = Settings(root=tmp_path, name="Hiro's Reading Log")
    periods = lambda feed: [item.url.rsplit("/", 2)[-2] for item in feed.items]  # noqa: E731
    assert periods(editions_feed(settings, records(10), "https://h.example/", weighing(270))) == [
        "2026-12",
        "2026-11",
        "2026-10",
    ]  # 810 KB; a fourth would be 1,080 KB, over the 1,024 KB default
    assert len(editions_feed(settings, records(10), "https://h.example/", weighing(20)).items) == 10
    assert periods(editions_feed(settings, records(3), "https://h.example/", weighing(2000))) == ["2026-12"]
    settings.site.feed_editions_kb = 5000
    assert len(editions_feed(settings, records(10), "https://h.example/", weighing(270)).items) == 10


def test_a_code_block_in_the_feeds_is_without_the_emails_layout_frame(example_workspace):
    """The feeds carried a note's code block in the email's frame, a layout table styled
    table-layout: fixed, which the W3C feed validator warns of at each one ("style attribute
    contains potentially dangerous content"): a feed reader lays out an item itself. The email
    keeps its frame (it keeps a long line from widening the email)."""
    import xml.etree.ElementTree as ET

    entry = example_workspace / "entries/2021/02/with-code.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/code\ndate: 2021-02-12\ntitle: Code\n---\n"
        "Try it:\n\n```python\nif ready:\n    go()\n```\n"
    )
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    code = '<pre dir="ltr"><code>if ready:\n    go()\n</code></pre>'
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("entries", "editions"):
        root = ET.parse(static(example_workspace, "feeds", f"{name}.xml")).getroot()
        contents = [e.findtext(f"{atom}content") for e in root.iter(f"{atom}entry")]
        items = json.loads(static(example_workspace, "feeds", f"{name}.json").read_text())["items"]
        for content in (*contents, *(item["content_html"] for item in items)):
            assert "table-layout" not in content and "<table" not in content, name
        assert sum(code in content for content in contents) == 1, name
        assert sum(code in item["content_html"] for item in items) == 1, name
    email = (example_workspace / "dist/2021-02/newsletter.html").read_text()
    assert "table-layout: fixed" in email and "if ready:\n    go()" in email


def test_a_code_block_the_feeds_carried_framed_is_no_change_to_its_item(example_workspace):
    """A feed an earlier version wrote carries the code in the email's frame: the same words,
    which are no edit of the author's, so its item does not say it changed (feed_updates)."""
    from newsletter.formats import code_frame

    entry = example_workspace / "entries/2021/02/with-code.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.com/code\ndate: 2021-02-12\ntitle: Code\n---\n"
        "```\nif ready:\n    go()\n```\n"
    )
    build = ["build", "2021-02", "--offline", "-w", str(example_workspace)]
    assert CliRunner().invoke(main, build).exit_code == 0
    for name in ("entries", "editions"):  # as an earlier version wrote them
        path = static(example_workspace, "feeds", f"{name}.json")
        feed = json.loads(path.read_text())
        for item in feed["items"]:
            framed = item["content_html"].replace(code_frame.FEEDS_PRE, code_frame.FRAME[0])
            item["content_html"] = framed.replace("</code></pre>", "</code>" + code_frame.FRAME[1])
        assert "table-layout" in json.dumps(feed)
        path.write_text(json.dumps(feed))
    assert CliRunner().invoke(main, build).exit_code == 0
    for name in ("entries", "editions"):
        feed = json.loads(static(example_workspace, "feeds", f"{name}.json").read_text())
        assert not [item["id"] for item in feed["items"] if "date_modified" in item], name
        assert "table-layout" not in json.dumps(feed)


def test_a_feed_edited_by_hand_gives_no_item_an_updated_that_is_no_rfc3339_time_or_before_it_was_published(
    example_workspace,
):
    """The feed as last written gives an unchanged item its `updated` (feed_updates): a JSON Feed in
    static/ edited by hand, or by someone else, gave the Atom feed an <updated> with seconds in its
    offset (no RFC 3339 time: the W3C validator refuses the feed) or before the item's <published>."""
    import xml.etree.ElementTree as ET

    build = ["build", "2021-02", "--offline", "-w", str(example_workspace)]
    assert CliRunner().invoke(main, build).exit_code == 0
    path = static(example_workspace, "feeds", "entries.json")
    feed = json.loads(path.read_text())
    assert len(feed["items"]) >= 2
    feed["items"][0]["date_modified"] = "2030-02-03T12:00:00+01:00:30"
    feed["items"][1]["date_modified"] = "2000-01-01T00:00:00Z"
    path.write_text(json.dumps(feed))
    assert CliRunner().invoke(main, build).exit_code == 0
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(static(example_workspace, "feeds", "entries.xml")).getroot().iter(f"{atom}entry")
    for entry in entries:
        published, updated = entry.findtext(f"{atom}published"), entry.findtext(f"{atom}updated")
        assert RFC3339.match(updated), updated
        assert dt.datetime.fromisoformat(updated) >= dt.datetime.fromisoformat(published)


def test_a_feed_edited_by_hand_gives_no_item_an_updated_after_now(example_workspace):
    """An unchanged item keeps the `updated` the feed as last written gives it: one edited by hand
    or pulled from another clone to say 9999-12-31 gave the Atom feed, and the feed itself, an
    <updated> of the year 9999, build after build, so a feed reader kept the item changed and
    first for ever (attack 35, in a copy of the example workspace). A time after tomorrow is
    no time the feed was written at."""
    build = ["build", "2021-02", "--offline", "-w", str(example_workspace)]
    assert CliRunner().invoke(main, build).exit_code == 0
    path = static(example_workspace, "feeds", "entries.json")
    feed = json.loads(path.read_text())
    feed["items"][0]["date_modified"] = "9999-12-31T23:59:59Z"
    path.write_text(json.dumps(feed))
    assert CliRunner().invoke(main, build).exit_code == 0
    for name in ("entries.xml", "entries.json"):
        assert "9999" not in static(example_workspace, "feeds", name).read_text(), name


def test_a_feed_whose_left_items_were_edited_by_hand_neither_ends_the_build_nor_is_written_back(example_workspace):
    """The JSON Feed in static/ keeps the changed items it left out ("_left", feed_updates): one
    edited by hand or pulled from another clone had whatever its "_left" held written back into
    the public feed, build after build, and a lone surrogate in it ("\\ud800", which JSON reads)
    ended the build in a UnicodeEncodeError's traceback (attack 34)."""
    build = ["build", "2021-02", "--offline", "-w", str(example_workspace)]
    assert CliRunner().invoke(main, build).exit_code == 0
    path = static(example_workspace, "feeds", "entries.json")
    feed = json.loads(path.read_text())
    when = "2021-01-01T00:00:00Z"
    feed["_left"] = {
        "\ud800": {"date_modified": when, "content": "0" * 64},
        "https://elsewhere.example/": {"date_modified": when, "content": "0" * 64, "note": "<script>x</script>"},
        "https://junk.example/": {"date_modified": "whenever", "content": "y" * 100_000},
    }
    feed["items"].append({"id": "https://gone.example/", "title": "\ud800", "date_modified": when})
    path.write_text(json.dumps(feed))
    result = CliRunner().invoke(main, build)
    assert result.exit_code == 0 and result.exception is None, result.output
    left = json.loads(path.read_text()).get("_left", {})
    assert list(left) == ["https://gone.example/"] and left["https://gone.example/"]["date_modified"] == when


def test_an_edition_back_in_the_editions_feed_keeps_its_updated_from_before_it_left(tmp_path):
    """An edition pushed out of the size-capped editions feed (a big one built after it) came
    back when that was rebuilt smaller with no `updated`: its item said its `published` again,
    as if the note corrected in it had never changed, while nothing had (review 35). The feed
    keeps the changed items it left out ("_left"), and one coming back as it was keeps its time."""
    from newsletter.formats import feed_updates, feeds

    def item(month: int, html: str) -> feeds.FeedItem:
        url = f"https://h.example/newsletter/2026-{month:02d}/"
        return feeds.FeedItem(id=url, url=url, title=f"2026-{month:02d}", html=html, published=published[month])

    published = {m: dt.datetime(2026, m, 28, 12, tzinfo=dt.UTC) for m in (10, 11)}

    def build(*items: feeds.FeedItem) -> dict[str, dt.datetime | None]:
        made = feeds.Feed("Hiro's Reading Log", "https://h.example/", "https://h.example/e.json", "Hiro", list(items))
        [(_, feed)] = feed_updates.stamped({"editions": made}, tmp_path, "UTC")
        (tmp_path / "editions.json").write_bytes(feeds.json_feed(feed))
        return {each.id: each.updated for each in feed.items}

    october = "https://h.example/newsletter/2026-10/"
    build(item(10, "<p>A note.</p>"))
    changed = build(item(10, "<p>A note, corrected.</p>"))[october]
    assert changed is not None and changed > published[10]
    assert build(item(11, "<p>" + "x" * 2_000_000 + "</p>")) == {"https://h.example/newsletter/2026-11/": None}
    back = build(item(11, "<p>Smaller.</p>"), item(10, "<p>A note, corrected.</p>"))
    assert back[october] == changed
    data = json.loads((tmp_path / "editions.json").read_text())
    assert [i.get("date_modified") for i in data["items"] if i["id"] == october] == [
        changed.isoformat().replace("+00:00", "Z")
    ]
    assert "_left" not in data  # (back in: nothing left out)
