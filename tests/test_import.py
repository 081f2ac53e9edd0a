"""`newsletter import` against real feed files and a local HTTP server, with exact output."""

import datetime as dt
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from werkzeug import Response

from newsletter.cli import main
from newsletter.importers.feeds import read_item
from newsletter.links.values import parse_duration
from newsletter.read import parse_entry

from helpers import past

FEEDS = Path(__file__).resolve().parent / "feeds"
TODAY = dt.datetime.now(ZoneInfo("America/New_York")).date()  # the example workspace's today


@pytest.fixture
def server(threaded_server):
    threaded_server.clear()
    for name in ("talkpython.xml", "youtube.xml"):
        threaded_server.expect_request(f"/{name}").respond_with_data(
            (FEEDS / name).read_bytes(), content_type="application/rss+xml"
        )
    threaded_server.expect_request("/gone.xml").respond_with_data("", status=404)
    yield threaded_server
    threaded_server.clear()


@pytest.fixture
def workspace(example_workspace, monkeypatch):
    """The example workspace, allowed to fetch from 127.0.0.1, with the test feeds in feeds/."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    )
    shutil.copytree(FEEDS, example_workspace / "feeds")
    monkeypatch.chdir(example_workspace)
    return example_workspace


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_podcast_feed_gives_drafts_and_a_second_run_writes_nothing(server, workspace):
    url = server.url_for("/talkpython.xml")
    first = run("import", url)
    assert first.exit_code == 0, first.output
    assert first.stdout == (
        "entries/2022/04/removing-python-s-gil-again.md\n"
        "entries/2022/03/understanding-python-s-data-model-dunder-methods.md\n"
    )
    # Episode 359 is already in the example workspace (entries/2022/04/talkpython-359.md).
    assert first.stderr == f"Imported 2 entries from {url} (1 skipped: already has an entry).\n"
    assert (workspace / "entries/2022/04/removing-python-s-gil-again.md").read_text() == (
        "---\n"
        "type: podcast\n"
        "url: https://talkpython.fm/episodes/show/360/removing-pythons-gil-again\n"
        "date: 2022-04-10\n"
        'title: "Removing Python\'s GIL (Again)"\n'
        'speakers: ["Michael Kennedy"]\n'
        "episode: 360\n"
        "duration: 1:05:37\n"
        "tags: []\n"
        "draft: true\n"
        "---\n"
        "\n"
        "> Python's GIL has been the subject of many attempts at removal. Sam Gross joins us to talk about nogil.\n"
        ">\n"
        "> Links from the show\n"
        "\n"
        "Your notes, in Markdown.\n"
    )
    second = run("import", url)
    assert second.exit_code == 0
    assert second.stdout == ""
    assert second.stderr == f"Nothing new: all 3 items of {url} already have entries.\n"
    listed = run("list", "2022-04").stdout
    assert "podcast (draft)  Removing Python's GIL (Again)" in listed
    entry, warnings = parse_entry(
        workspace / "x.md", (workspace / "entries/2022/04/removing-python-s-gil-again.md").read_text()
    )
    assert (entry.episode, entry.duration, warnings) == (360, 3937, [])


def test_a_podcast_draft_names_the_feeds_hosts_never_the_show(workspace):
    """A show whose itunes:author is its own name ("Data Chats") got drafts with `speakers:
    ["Data Chats"]`, though the feed named the host with podcast:person; as what the user
    writes wins, the post and the email then showed the show as the host."""
    (workspace / "show.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
        'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Data Chats</title>'
        "<link>https://datachats.example.org/</link><itunes:author>Data Chats</itunes:author>"
        "<item><title>Why dashboards lie</title><link>https://datachats.example.org/102/</link>"
        '<guid isPermaLink="false">dc-102</guid><pubDate>Mon, 09 Nov 2020 08:00:00 +0000</pubDate>'
        '<podcast:person role="host">Ann Host</podcast:person><podcast:person role="guest">Bo Guest</podcast:person>'
        "<podcast:person>Cy Cohost</podcast:person>"
        '<enclosure url="https://cdn.example.org/102.mp3" length="1" type="audio/mpeg"/></item>'
        "<item><title>Pilot</title><link>https://datachats.example.org/100/</link>"
        "<pubDate>Mon, 02 Nov 2020 08:00:00 +0000</pubDate>"
        '<enclosure url="https://cdn.example.org/100.mp3" length="1" type="audio/mpeg"/></item>'
        "</channel></rss>"
    )
    result = run("import", "show.xml")
    assert result.exit_code == 0, result.output
    written = {path: (workspace / path).read_text() for path in result.stdout.split()}
    assert [line for text in written.values() for line in text.splitlines() if "speakers" in line] == [
        'speakers: ["Ann Host", "Cy Cohost"]'
    ]
    assert not any("Data Chats" in text for text in written.values())


def test_a_podcast_draft_has_the_title_without_its_number_and_each_host_apart():
    """An episode titled "#7: Rust in the kernel" with itunes:episode 7 gave a draft whose title
    kept the number its `episode: 7` shows again ("Podcast: #7: Rust in the kernel · Episode 7"
    in the email), and a channel author "Bob Caster and Cy Mic" one speaker of that name."""
    import feedparser

    feed = (
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        "<title>Code Radio</title><itunes:author>Bob Caster and Cy Mic</itunes:author>"
        "<item><title>#7: Rust in the kernel, two years on</title><itunes:episode>7</itunes:episode>"
        '<link>https://coderadio.example.org/7/</link><enclosure url="https://cdn.example.org/7.mp3"/>'
        "</item><item><title>Episode 08 - Type checkers compared</title><itunes:episode>8</itunes:episode>"
        '<link>https://coderadio.example.org/8/</link><enclosure url="https://cdn.example.org/8.mp3"/>'
        "</item><item><title>2024: the year in Rust</title><itunes:episode>9</itunes:episode>"
        '<link>https://coderadio.example.org/9/</link><enclosure url="https://cdn.example.org/9.mp3"/>'
        "</item><item><title>#1010: not this one</title><itunes:episode>101</itunes:episode>"
        '<link>https://coderadio.example.org/10/</link><enclosure url="https://cdn.example.org/10.mp3"/>'
        "</item></channel></rss>"
    )
    parsed = feedparser.parse(feed)
    items = [read_item(raw, parsed.feed["author"]) for raw in parsed.entries]
    assert [item.title for item in items] == [
        "Rust in the kernel, two years on",
        "Type checkers compared",
        "2024: the year in Rust",
        "#1010: not this one",
    ]
    assert items[0].authors == ["Bob Caster", "Cy Mic"]


def test_podcast_items_carry_episode_and_duration():
    import feedparser

    items = [read_item(raw) for raw in feedparser.parse((FEEDS / "talkpython.xml").read_bytes()).entries]
    assert [(i.episode, i.duration, i.kind) for i in items] == [
        (360, 3937, "podcast"),
        (359, 3937, "podcast"),
        (358, 3492, "podcast"),
    ]
    assert parse_duration("1:05:37") == parse_duration("65:37") == parse_duration("3937") == 3937
    assert parse_duration("an hour") is None


def test_titles_lose_html_but_keep_text_that_only_looks_like_a_tag():
    import feedparser

    feed = (
        '<rss version="2.0"><channel><item><title>List&lt;T&gt; in C# &amp;lt;3 &lt;b&gt;now&lt;/b&gt;'
        "&lt;script&gt;x()&lt;/script&gt;</title><link>https://x.org/a?utm_medium=rss&amp;id=2</link>"
        "</item></channel></rss>"
    )
    item = read_item(feedparser.parse(feed).entries[0])
    assert (item.title, item.url, item.kind) == ("List<T> in C# <3 now", "https://x.org/a?id=2", "article")


def test_relative_links_resolve_against_the_site(workspace):
    (workspace / "relative.xml").write_text(
        '<rss version="2.0"><channel><title>Blog</title><link>https://blog.example.org/en/</link><item>'
        "<title>Hello</title><link>posts/hello</link><pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate>"
        "</item></channel></rss>"
    )
    result = run("import", "relative.xml")
    assert "url: https://blog.example.org/en/posts/hello\n" in (workspace / result.stdout.strip()).read_text()


def test_a_youtube_channel_feed_gives_videos(workspace):
    result = run("import", "feeds/youtube.xml")
    assert result.stdout == "entries/2020/07/dask-parallel-computing-in-python-scipy-2020-matthew-rocklin.md\n"
    assert result.stderr == "Imported 1 entry from feeds/youtube.xml (1 skipped: already has an entry).\n"
    text = (workspace / result.stdout.strip()).read_text()
    assert text == (
        "---\n"
        "type: video\n"
        "url: https://www.youtube.com/watch?v=0bVp7gS8oZA\n"
        "date: 2020-07-09\n"
        'title: "Dask: Parallel Computing in Python | SciPy 2020 | Matthew Rocklin"\n'
        'speakers: ["Enthought"]\n'
        "tags: []\n"
        "draft: true\n"
        "---\n"
        "\n"
        "> Dask scales Python code from a laptop to a cluster. Slides: https://example.com/dask-slides\n"
        "\n"
        "Your notes, in Markdown.\n"
    )


def test_an_arxiv_listing_gives_papers_since_a_date_in_a_section(workspace):
    result = run("import", "feeds/arxiv.xml", "--since", "2018-01-01", "--section", "Vision")
    assert result.stdout == "entries/2020/10/an-image-is-worth-16x16-words-transformers-for-image.md\n"
    assert result.stderr == "Imported 1 entry from feeds/arxiv.xml (1 skipped: older than --since).\n"
    entry, warnings = parse_entry(workspace / result.stdout.strip(), (workspace / result.stdout.strip()).read_text())
    assert warnings == []
    assert (entry.type, entry.url, entry.date, entry.section, entry.draft) == (
        "paper",
        "http://arxiv.org/abs/2010.11929v2",
        dt.date(2020, 10, 22),
        "Vision",
        True,
    )
    assert entry.title == "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
    assert entry.speakers == ["Alexey Dosovitskiy", "Lucas Beyer"]
    assert entry.notes.startswith("> While the Transformer architecture has become the de-facto standard")


def test_a_type_can_be_given_and_is_checked(workspace):
    assert run("import", "feeds/arxiv.xml", "--type", "artcle").stderr == (
        "Error: Unknown type 'artcle' (did you mean 'article'?); use one of talk, paper, tool, article, "
        "podcast, video, book, course, thread, mine.\n"
    )
    result = run("import", "feeds/arxiv.xml", "--type", "article", "--limit", "1")
    assert result.stderr == "Imported 1 entry from feeds/arxiv.xml (stopped at --limit 1).\n"
    assert (workspace / result.stdout.strip()).read_text().startswith("---\ntype: article\n")
    again = run("import", "feeds/arxiv.xml", "--since", "2099-01-01")
    assert (again.stdout, again.stderr) == (
        "",
        "Imported 0 entries from feeds/arxiv.xml (2 skipped: 1 already has an entry, 1 older than --since).\n",
    )
    third = run("import", "feeds/arxiv.xml", "--limit", "1")
    assert third.stderr == "Imported 1 entry from feeds/arxiv.xml (1 skipped: already has an entry).\n"
    fourth = run("import", "feeds/arxiv.xml")
    assert (fourth.stdout, fourth.stderr) == ("", "Nothing new: all 2 items of feeds/arxiv.xml already have entries.\n")


def test_a_hostile_feed_cannot_break_out_of_plain_text(workspace):
    result = run("import", "feeds/hostile.xml")
    assert result.exit_code == 0
    assert result.stdout == (
        f"entries/{TODAY:%Y/%m}/safe-title-with-quotes-and-a.md\n"
        f"entries/{TODAY:%Y/%m}/from-the-future.md\n"
        "entries/2021/02/line-breaks-yaml-evil-true.md\n"
    )
    assert result.stderr == (
        "warning: feeds/hostile.xml: 'Safe title: with \"quotes\" \\ and a ---' has the date 'sometime last "
        f"week', which is not a date; dated it today ({TODAY})\n"
        f"warning: feeds/hostile.xml: 'From the future' is dated 2998-12-31, in the future; dated it today "
        f"({TODAY})\n"
        "Imported 3 entries from feeds/hostile.xml (3 skipped: 2 listed twice in the feed, "
        "1 without a web link).\n"
    )
    first = workspace / result.stdout.splitlines()[0]
    entry, warnings = parse_entry(first, first.read_text())
    assert warnings == []
    assert entry.title == 'Safe title: with "quotes" \\ and a ---'
    assert entry.url == "https://blog.example.org/safe-title"  # tracking parameters left behind
    assert entry.speakers == ["Mallory"]
    assert entry.notes == (
        "> Read this.\n"
        ">\n"
        "> &#123;{< shortcode >}} and \\[a link\\](javascript:alert(1)) &lt;b>\n"
        "\n"
        "Your notes, in Markdown."
    )
    last = workspace / result.stdout.splitlines()[2]
    entry, _ = parse_entry(last, last.read_text())
    assert entry.title == "Line breaks…YAML --- evil: true"
    assert last.read_text().count("\n---\n") == 1  # the closing line of the front matter, no other


def test_a_huge_feed_is_read_and_limit_stops_early(threaded_server, workspace):
    items = "".join(
        f"<item><title>Post {n}</title><link>https://huge.example.org/{n}</link><guid>g{n}</guid>"
        f"<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate><description>&lt;p&gt;Summary {n}&lt;/p&gt;"
        "</description></item>\n"
        for n in range(5000)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>{items}</channel></rss>'
    threaded_server.clear()
    threaded_server.expect_request("/huge.xml").respond_with_data(feed, content_type="application/rss+xml")
    url = threaded_server.url_for("/huge.xml")
    result = run("import", url, "--limit", "3")
    assert result.stdout == "".join(f"entries/2021/02/post-{n}.md\n" for n in range(3))
    assert result.stderr == f"Imported 3 entries from {url} (stopped at --limit 3).\n"


def test_a_partly_broken_feed_imports_what_it_can(workspace):
    result = run("import", "feeds/broken.xml")
    assert result.exit_code == 0
    assert result.stdout == "entries/2021/02/first-post.md\nentries/2021/02/second-post.md\n"
    assert result.stderr == (
        "warning: feeds/broken.xml: not a well-formed feed (line 12: mismatched tag); imported what could be read\n"
        "Imported 2 entries from feeds/broken.xml.\n"
    )


def test_a_feed_without_items_is_a_clear_error(workspace):
    result = run("import", "feeds/garbage.xml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: feeds/garbage.xml: not a valid RSS or Atom feed (line 4: mismatched tag); "
        "check the URL points to the feed itself\n"
    )


@pytest.mark.parametrize("cut", [False, True], ids=["whole", "cut-after-its-head"])
def test_a_web_page_instead_of_its_feed_names_the_feed(server, workspace, cut):
    """Also when its body breaks off after `</head>`: it comes back cut (fetch.Page.truncated),
    as one past the size cap does, and was reported 'larger than 64 MB; not read'."""
    from werkzeug import Response

    head = (
        '<!DOCTYPE html><html><head><title>Blog</title><link rel="alternate" type="application/rss+xml" '
        'href="/feed.xml"></head><body><p>Posts'
    )

    def page():
        yield head
        if cut:
            raise ConnectionResetError  # werkzeug drops the connection mid-body
        yield "</p></body></html>"

    server.expect_request("/blog").respond_with_handler(lambda _: Response(page(), content_type="text/html"))
    url = server.url_for("/blog")
    result = run("import", url)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {url}: not a valid RSS or Atom feed (it is a web page); check the URL "
        f"points to the feed itself; the page names its feed: {server.url_for('/feed.xml')}\n"
    )


def test_a_feed_that_cannot_be_fetched_is_named(server, workspace):
    url = server.url_for("/gone.xml")
    result = run("import", url)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {url}: could not fetch it (HTTP 404 Not Found)\n"
    assert run("import", "feeds/missing.xml").stderr == (
        "Error: feeds/missing.xml: cannot read it (No such file or directory); give a feed URL (https://…) "
        "or a feed or OPML file\n"
    )


def test_an_opml_file_imports_every_feed(server, workspace):
    opml = workspace / "subscriptions.opml"
    opml.write_text((FEEDS / "subscriptions.opml").read_text().replace("{server}", server.url_for("").rstrip("/")))
    result = run("import", "subscriptions.opml")
    talkpython, youtube, gone = (server.url_for(f"/{name}.xml") for name in ("talkpython", "youtube", "gone"))
    assert result.exit_code == 1
    assert result.stdout == (
        "entries/2022/04/removing-python-s-gil-again.md\n"
        "entries/2022/03/understanding-python-s-data-model-dunder-methods.md\n"
        "entries/2020/07/dask-parallel-computing-in-python-scipy-2020-matthew-rocklin.md\n"
    )
    assert result.stderr == (
        f"Imported 2 entries from {talkpython} (1 skipped: already has an entry).\n"
        f"Imported 1 entry from {youtube} (1 skipped: already has an entry).\n"
        f"warning: {gone}: could not fetch it (HTTP 404 Not Found)\n"
        "Error: 1 of 3 feeds in subscriptions.opml could not be imported (listed above).\n"
    )


def test_an_opml_files_file_urls_are_the_files_they_name(workspace):
    """OPML names a feed on this machine by file: URL; it was read as a path beside the OPML
    file ("/tmp/imports/file:/tmp/imports/feed.xml"), so none was imported and the error named
    a file that never was."""
    youtube, missing = workspace / "feeds" / "youtube.xml", workspace / "feeds" / "missing.xml"
    (workspace / "local.opml").write_text(
        f'<opml version="2.0"><body><outline xmlUrl="{youtube.as_uri()}"/>'
        f'<outline xmlUrl="{missing.as_uri()}"/></body></opml>'
    )
    result = run("import", "local.opml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Imported 1 entry from {youtube.as_uri()} (1 skipped: already has an entry).\n"
        f"warning: {missing}: cannot read it (No such file or directory); give a feed URL (https://…) "
        "or a feed or OPML file\n"
        "Error: 1 of 2 feeds in local.opml could not be imported (listed above).\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_an_opml_file_naming_a_pipe_is_not_waited_on(workspace):
    """A feed a local OPML file names must be a file: a downloaded list of blogs naming a FIFO
    (or /dev/tty, a key press) was opened and read, and import waited for a writer for ever."""
    youtube, pipe = workspace / "feeds" / "youtube.xml", workspace / "feeds" / "pipe.xml"
    os.mkfifo(pipe)
    (workspace / "blogs.opml").write_text(
        f'<opml version="2.0"><body><outline xmlUrl="{pipe}"/><outline xmlUrl="{youtube.as_uri()}"/></body></opml>'
    )
    result = past([pipe], lambda: run("import", "blogs.opml"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"warning: {pipe}: not a file (a folder, a device or a pipe); name a feed file or URL\n"
        f"Imported 1 entry from {youtube.as_uri()} (1 skipped: already has an entry).\n"
        "Error: 1 of 2 feeds in blogs.opml could not be imported (listed above).\n"
    )


def test_an_opml_file_declaring_entities_is_refused(workspace):
    (workspace / "laughs.opml").write_text(
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.org/feed"/></body></opml>'
    )
    result = run("import", "laughs.opml")
    assert result.exit_code == 1
    assert result.stderr == "Error: laughs.opml: declares XML entities, which an OPML file never needs; refused.\n"


def test_a_feed_body_naming_a_local_file_is_not_opened(tmp_path):
    from newsletter.errors import NewsletterError
    from newsletter.importers.feeds import parse_feed

    secret = tmp_path / "secret.xml"
    secret.write_text(
        '<rss version="2.0"><channel><item><title>SECRET</title><link>https://x.example/a</link></item></channel></rss>'
    )
    # A hostile server answering with a path: feedparser given bytes would open that file.
    with pytest.raises(NewsletterError):
        parse_feed(str(secret).encode(), "https://feed.example/rss")


def test_an_opml_file_from_the_web_may_name_only_web_feeds(server, workspace):
    secret = workspace / "feeds" / "secret.xml"
    secret.write_text(
        '<rss version="2.0"><channel><item><title>SECRET</title>'
        "<link>https://x.example/secret</link></item></channel></rss>"
    )
    talkpython = server.url_for("/talkpython.xml")
    server.expect_request("/list.opml").respond_with_data(
        '<opml version="2.0"><body>'
        f'<outline xmlUrl="{secret}"/><outline xmlUrl="feeds/secret.xml"/><outline xmlUrl="file://{secret}"/>'
        f'<outline xmlUrl="{talkpython}"/></body></opml>',
        content_type="text/x-opml",
    )
    result = run("import", server.url_for("/list.opml"))
    assert result.exit_code == 1
    assert "SECRET" not in result.output
    assert not [p for p in (workspace / "entries").rglob("*.md") if "secret" in p.read_text(encoding="utf-8")]
    for location in (str(secret), "feeds/secret.xml", f"file://{secret}"):
        assert f"warning: {location}: not an http(s) feed; an OPML file from the web" in result.stderr
    assert f"Imported 2 entries from {talkpython}" in result.stderr  # the web feed still is
    assert [request.path for request, _ in server.log] == ["/list.opml", "/talkpython.xml"]


def test_a_local_feed_file_gets_the_same_size_cap_as_a_fetched_one(workspace):
    big = workspace / "big.xml"
    with big.open("wb") as file:
        file.write(b'<rss version="2.0"><channel><title>Big</title>')
        file.truncate(70_000_000)  # sparse: 70 MB on paper, nothing on disk
    result = run("import", "big.xml")
    assert result.exit_code == 1
    assert result.stderr == "Error: big.xml: larger than 64 MB; not read\n"


def test_a_feed_item_dated_in_a_year_no_edition_covers_is_dated_today(workspace):
    """An entry dated 0001-01-01 is part of no edition: such an item was written as one, unsaid."""
    (workspace / "feeds/zero.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Z</title>'
        '<entry><title>Zero time</title><link href="https://z.example/zero"/><id>z1</id>'
        "<updated>0001-01-01T00:00:00Z</updated></entry></feed>\n"
    )
    result = run("import", "feeds/zero.xml")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"entries/{TODAY:%Y/%m}/zero-time.md\n"
    assert result.stderr == (
        "warning: feeds/zero.xml: 'Zero time' is dated 0001-01-01, in a year no edition covers; "
        f"dated it today ({TODAY})\n"
        "Imported 1 entry from feeds/zero.xml.\n"
    )


def test_a_feed_items_day_is_its_day_where_the_author_reads_not_in_utc(workspace):
    """An evening course, 18:30 at -08:00 on January 31st, was dated February 1st (feedparser's
    time is in UTC) and filed in February's edition; the workspace reads in New York."""
    (workspace / "feeds/evening.xml").write_text(
        '<rss version="2.0"><channel><title>Courses</title>'
        "<item><title>Evening course</title><link>https://courses.example/evening</link>"
        "<pubDate>Sun, 31 Jan 2021 18:30:00 -0800</pubDate></item>"
        "</channel></rss>"
    )
    (workspace / "feeds/late.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>L</title>'
        '<entry><title>Late course</title><link href="https://courses.example/late"/><id>l1</id>'
        "<updated>2021-02-01T03:30:00Z</updated></entry></feed>"
    )
    assert run("import", "feeds/evening.xml").stdout == "entries/2021/01/evening-course.md\n"
    assert run("import", "feeds/late.xml").stdout == "entries/2021/01/late-course.md\n"  # 22:30 in New York
    assert "date: 2021-01-31\n" in (workspace / "entries/2021/01/late-course.md").read_text()


def test_a_feed_items_user_name_and_password_are_dropped_from_its_link(workspace):
    """The post and the email published them; a link like https://bank.example@evil.example/
    also reads as another host than the one it goes to."""
    (workspace / "feeds/creds.xml").write_text(
        '<rss version="2.0"><channel><title>C</title><item><title>Private</title>'
        "<link>https://ann:s3cret@private.example/page</link><pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate>"
        "</item></channel></rss>"
    )
    result = run("import", "feeds/creds.xml")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: feeds/creds.xml: dropped the user name and password from the link https://private.example/page\n"
        "Imported 1 entry from feeds/creds.xml.\n"
    )
    text = (workspace / result.stdout.strip()).read_text()
    assert "url: https://private.example/page\n" in text and "s3cret" not in text


def test_a_feed_server_asking_to_retry_after_digits_that_are_not_ascii_is_retried(server, workspace):
    """ "²".isdigit() is true, and float("²") raised ValueError out of `import` (and out of any
    fetch: a build's enrichment too)."""
    answers = iter([Response("busy", status=503, headers={"Retry-After": "²"})])
    feed = (FEEDS / "youtube.xml").read_bytes()
    server.expect_request("/busy.xml").respond_with_handler(
        lambda request: next(answers, None) or Response(feed, content_type="application/rss+xml")
    )
    result = run("import", server.url_for("/busy.xml"))
    assert result.exit_code == 0, result.output
    assert "Imported 1 entry" in result.stderr


@pytest.mark.parametrize("episode", ["²", "9" * 5000, "12"])
def test_an_episode_number_int_cannot_read_is_left_out_not_a_traceback(episode):
    """ "²".isdigit() is true, and int() of it, or of more than 4,300 digits, raised ValueError out of `import`."""
    import feedparser

    feed = (
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><item>'
        f"<title>Ep</title><link>https://x.example/ep</link><itunes:episode>{episode}</itunes:episode>"
        "</item></channel></rss>"
    )
    assert read_item(feedparser.parse(feed).entries[0]).episode == (12 if episode == "12" else None)


def test_a_feed_link_or_site_urlsplit_refuses_is_no_link_not_a_traceback(workspace):
    """An unclosed IPv6 bracket ("https://examp[le.com/") in an item's link, or in the feed's own
    link that relative item links resolve against, raised ValueError out of `import`."""
    (workspace / "feeds/brackets.xml").write_text(
        '<rss version="2.0"><channel><title>C</title><link>https://si[te.example/</link>'
        "<item><title>Bad</title><link>https://examp[le.com/x</link></item>"
        "<item><title>Relative</title><link>posts/x</link></item>"
        "<item><title>Ok</title><link>https://ok.example/post</link></item></channel></rss>"
    )
    result = run("import", "feeds/brackets.xml")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Imported 1 entry from feeds/brackets.xml (2 skipped: without a web link).\n"


def test_character_references_to_no_character_are_read_not_a_traceback(workspace):
    """feedparser raised UnicodeEncodeError, ValueError or OverflowError out of `import` on a
    numeric character reference that names no character (feedparser#591): an emoji written as
    its two UTF-16 halves, as some feeds do, a lone half, or a number past U+10FFFF."""
    (workspace / "feeds/refs.xml").write_text(
        '<rss version="2.0"><channel><title>C</title><item><title>Smile &#55357;&#56832; &#xD800;'
        " &#x110000; &#xFFFFFFFF; &#65;</title><link>https://ok.example/a</link></item></channel></rss>"
    )
    result = run("import", "feeds/refs.xml")
    assert result.exit_code == 0, result.output
    assert 'title: "Smile 😀 \ufffd \ufffd \ufffd A"\n' in (workspace / result.stdout.strip()).read_text()


def test_a_feed_the_feed_parser_fails_on_is_a_clear_message(workspace):
    """feedparser raised re.error out of `import` on an entity whose value holds a backslash (feedparser#599)."""
    (workspace / "feeds/doctype.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY path "C:\\data">\n]>\n'
        '<rss version="2.0"><channel><title>&path;</title>'
        "<item><title>x</title><link>https://a.example/</link></item></channel></rss>"
    )
    result = CliRunner().invoke(main, ["import", "feeds/doctype.xml"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert result.stderr.startswith("Error: feeds/doctype.xml: not a valid RSS or Atom feed ("), result.output


def test_markup_that_never_completes_is_text_read_in_linear_time():
    """CPython's HTMLParser read to the end again for each '<' it could not complete: a summary
    of "<a<a<a…" (200 KB) took four minutes to import, and "<![<![" raised AssertionError."""
    import time

    from newsletter.importers.html_text import paragraphs, plain

    started = time.perf_counter()
    assert paragraphs("<a" * 40_000 + " end", 20) == ["<a<a<a<a<a<a<a<a<a<a …"]
    assert plain("</" * 20_000 + "x") == "</" * 20_000 + "x"
    assert time.perf_counter() - started < 3  # quadratic, it took more than 10 s here
    assert paragraphs("a <![<![<![ b") == ["a <![<![<![ b"]
    assert paragraphs("<p>List<T> in C#, <!-- unfinished") == ["List<T> in C#, <!-- unfinished"]
    assert paragraphs("<p>one</p><!-- a comment --><p>two <b>bold</b></p>") == ["one", "two bold"]


def test_a_dry_run_says_what_it_would_import_and_writes_nothing(workspace):
    """A feed's dry run ended "Imported 1 entry from …", though it wrote nothing (an export's says "Would import")."""
    before = sorted((workspace / "entries").rglob("*.md"))
    result = run("import", "feeds/youtube.xml", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- would write entries/2020/07/dask-parallel-computing-in-python-scipy-2020-")
    assert result.stderr == "Would import 1 entry from feeds/youtube.xml (1 skipped: already has an entry).\n"
    assert sorted((workspace / "entries").rglob("*.md")) == before


def test_an_opml_files_feeds_are_read_a_few_at_a_time(server, workspace):
    """Every feed an OPML file names was read (or fetched) before the first was imported, and
    held until the last was: one 10 MB feed named forty ways ("feeds/../feeds/x.xml"...) took
    470 MB, and a thousand feeds of up to 64 MB each, from the web too, all the memory there was."""
    written_before = {}

    def feed(number):
        def answer(request):
            written_before[number] = len(list((workspace / "entries").rglob("feed-*-item.md")))
            item = f"<item><title>Feed {number} item</title><link>https://f.example/{number}</link></item>"
            return Response(
                f'<rss version="2.0"><channel><title>F</title>{item}</channel></rss>', mimetype="application/rss+xml"
            )

        return answer

    for number in range(12):
        server.expect_request(f"/f{number}.xml").respond_with_handler(feed(number))
    outlines = "".join(f'<outline xmlUrl="{server.url_for(f"/f{number}.xml")}"/>' for number in range(12))
    (workspace / "many.opml").write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    result = run("import", "many.opml")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 12
    assert written_before[11] >= 8  # the first few were imported, and let go, before the last was fetched


def test_an_undated_item_is_dated_today_in_the_workspaces_timezone(workspace, zone_on_another_day):
    """It was today by the machine's clock: on a server in UTC, an evening's import in New York
    was dated the next day, at a month's end in the next month's edition."""
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('"America/New_York"', f'"{zone_on_another_day}"'))
    (workspace / "feeds/undated.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>U</title>'
        "<item><title>No date</title><link>https://u.example/1</link></item></channel></rss>\n"
    )
    result = run("import", "feeds/undated.xml")
    day = dt.datetime.now(ZoneInfo(zone_on_another_day)).date()
    assert result.exit_code == 0 and result.stdout == f"entries/{day:%Y/%m}/no-date.md\n", result.output
    assert f"\ndate: {day}\n" in (workspace / result.stdout.strip()).read_text()


def test_a_feeds_huge_title_and_names_are_clamped_as_fetched_ones_are(workspace):
    """A 1 MB title (or author) in a feed became a 1 MB line of the draft, and of the post, the
    email and the feeds once published; fetched titles are cut at 300 characters, names at 100."""
    feed = workspace / "feeds/huge.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item>'
        f"<title>Huge {'title words ' * 100_000}</title><author>{'Ann ' * 100_000}</author>"
        "<link>https://blog.example.org/huge</link><pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate>"
        "</item></channel></rss>"
    )
    result = run("import", "feeds/huge.xml")
    assert result.exit_code == 0, result.output
    path = workspace / result.stdout.strip()
    entry, _ = parse_entry(path, path.read_text())
    assert entry.title.startswith("Huge title words") and len(entry.title) <= 300
    assert entry.speakers and all(len(name) <= 100 for name in entry.speakers)
    assert len(path.read_text()) < 2_000


def test_a_feed_items_link_keeps_no_bidi_control(workspace):
    """A right-to-left override in an item's link went into the entry's url, and from there as
    it was into the email's text part and `list`: 'https://files.example/\u202egpj.exe' reads
    'https://files.example/exe.jpg' there. Feed import drops it from titles, and the other
    importers from links, as this one now does."""
    (workspace / "feeds" / "bidi.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Holiday photo</title><link>https://files.example/\u202egpj.exe\u202c</link>"
        "<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    result = run("import", "feeds/bidi.xml")
    assert result.exit_code == 0, result.output
    entry, _ = parse_entry(workspace / result.stdout.strip(), (workspace / result.stdout.strip()).read_text())
    assert entry.url == "https://files.example/gpj.exe"


def test_an_item_titled_with_characters_that_show_as_nothing_gets_no_title(workspace):
    """An item titled with marks of direction and a braille blank was written so into the
    entry, where the author's title wins over the page's: the post's heading was a link with
    no visible words. The entry now has no title, and the build takes the page's."""
    (workspace / "feeds" / "blank.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>\u200e\u200f\u2800</title><link>https://blank.example/post</link>"
        "<author>\u3164\u200e</author>"
        "<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    result = run("import", "feeds/blank.xml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "entries/2021/02/blank-example-post.md\n"
    entry, _ = parse_entry(workspace / result.stdout.strip(), (workspace / result.stdout.strip()).read_text())
    assert (entry.title, entry.speakers) == (None, [])


def test_an_rss_author_on_a_long_top_level_domain_keeps_its_name(workspace):
    """RSS writes an author as an address and a name; feedparser splits them with an address
    pattern whose last part has at most four letters, so 'jane@studio.design (Jane Doe)' became
    the author 'gn (Jane Doe' in the entry (published so), and an address alone the name 'gn'."""
    items = "".join(
        f"<item><title>Post {n}</title><link>https://blog.example/{n}</link><author>{author}</author>"
        "<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate></item>"
        for n, author in enumerate(
            [
                "jane@studio.design (Jane Doe)",
                "Jim Roe &lt;jim@acme.agency&gt;",
                "solo@news.online",
                "ed@nytimes.com (Ed)",
            ]
        )
    )
    (workspace / "feeds" / "authors.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    result = run("import", "feeds/authors.xml")
    assert result.exit_code == 0, result.output
    people = []
    for name in result.stdout.split():
        entry, _ = parse_entry(workspace / name, (workspace / name).read_text())
        people.append((entry.title, entry.speakers))
    assert sorted(people) == [("Post 0", ["Jane Doe"]), ("Post 1", ["Jim Roe"]), ("Post 2", []), ("Post 3", ["Ed"])]


def test_an_rss_author_whose_name_is_quoted_keeps_the_name_without_its_quotes(workspace):
    """A name with a dot or a comma is quoted in 'Name <address>' (Python's formataddr writes
    '"Jane Q. Doe" <jane@…>'): the quotes went into the entry, and the post printed them."""
    (workspace / "feeds" / "quoted.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Post</title><link>https://blog.example/post</link>"
        '<author>"Doe, Jane Q." &lt;jane@blog.example&gt;</author>'
        "<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    result = run("import", "feeds/quoted.xml")
    assert result.exit_code == 0, result.output
    entry, _ = parse_entry(workspace / result.stdout.strip(), (workspace / result.stdout.strip()).read_text())
    assert entry.speakers == ["Doe, Jane Q."]


def test_an_rss_author_naming_several_people_publishes_no_address(workspace):
    """An <author> of two ('ann@blog.example (Ann Lee), bob@blog.example (Bob Roe)') was read as
    one author, the first name to the last, so 'Ann Lee), bob@blog.example (Bob Roe' went into
    the entry and the post, an address among the names; each is now a name of its own."""
    items = "".join(
        f"<item><title>Post {n}</title><link>https://blog.example/{n}</link><author>{author}</author>"
        "<pubDate>Mon, 01 Feb 2021 10:00:00 GMT</pubDate></item>"
        for n, author in enumerate(
            [
                "ann@blog.example (Ann Lee), bob@blog.example (Bob Roe)",
                "Ann Lee &lt;ann@blog.example&gt;, Bob Roe &lt;bob@blog.example&gt;",
                "ann@blog.example (Lee, Ann)",
            ]
        )
    )
    (workspace / "feeds" / "several.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    result = run("import", "feeds/several.xml")
    assert result.exit_code == 0, result.output
    people = []
    for name in result.stdout.split():
        entry, _ = parse_entry(workspace / name, (workspace / name).read_text())
        people.append((entry.title, entry.speakers))
    assert sorted(people) == [
        ("Post 0", ["Ann Lee", "Bob Roe"]),
        ("Post 1", ["Ann Lee", "Bob Roe"]),
        ("Post 2", ["Lee, Ann"]),
    ]


def test_a_feed_imported_into_a_spanish_log_leaves_room_for_notes_in_spanish(workspace):
    """A Spanish librarian's podcast drafts said "Your notes, in Markdown." while the books
    imported beside them from Goodreads said "Tus notas, en Markdown.": feeds wrote the stub's
    English line whatever the log's language."""
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "es"', 1))
    (workspace / "feeds/podcast.xml").write_text(
        '<rss version="2.0"><channel><title>Un libro, una hora</title>'
        "<item><title>Nada, de Carmen Laforet</title><link>https://podcasts.example/nada</link>"
        "<pubDate>Tue, 12 May 2020 06:00:00 +0200</pubDate><description>Andrea llega a Barcelona.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    assert run("import", "feeds/podcast.xml").exit_code == 0
    path = workspace / "entries/2020/05/nada-de-carmen-laforet.md"
    notes = parse_entry(path, path.read_text(encoding="utf-8"))[0].notes
    assert notes.startswith("> Andrea llega a Barcelona.\n") and notes.endswith("\nTus notas, en Markdown.")


def untitled_feed(path: Path, items: int) -> None:
    """A feed of `items` notes, each titled "Untitled", all in November 2026."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Notes</title>'
        "<link>https://notes.example.com/</link>\n"
        + "".join(
            f"<item><title>Untitled</title><link>https://notes.example.com/n/{n}</link>"
            f"<pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate></item>\n"
            for n in range(items)
        )
        + "</channel></rss>\n",
        encoding="utf-8",
    )


def test_a_dry_run_names_each_item_of_one_title_apart(workspace):
    """A dry run of three items titled "Untitled" said each would be written to untitled.md: the
    free name was asked of the disk, where a dry run writes nothing. Names handed out count."""
    untitled_feed(workspace / "notes.xml", 3)
    result = run("import", "notes.xml", "--dry-run")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stdout.splitlines() if line.startswith("--- would write ")]
    assert said == [
        "--- would write entries/2026/11/untitled.md",
        "--- would write entries/2026/11/untitled-2.md",
        "--- would write entries/2026/11/untitled-3.md",
    ]


def test_items_of_one_title_are_named_without_trying_every_name_before_theirs(workspace, monkeypatch):
    """Each item titled "Untitled" asked the disk whether untitled.md, untitled-2.md, ... were
    taken, up to its own: the square of the count in all (3,000 such items: 84 s, 4.5 million
    questions). The month's folder is listed once, and a name's next number remembered."""
    untitled_feed(workspace / "notes.xml", 300)
    asked = []
    exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda self, **kw: asked.append(self) or exists(self, **kw))
    result = run("import", "notes.xml")
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (workspace / "entries/2026/11").glob("untitled*.md"))
    assert names == sorted(["untitled.md", *(f"untitled-{n}.md" for n in range(2, 301))])
    assert len([path for path in asked if path.name.startswith("untitled")]) < 300


def test_each_items_link_is_read_once(workspace, monkeypatch):
    """An import read each item's link to skip what it has, then read_item read it again, a
    twentieth of a 100,000-item feed's import: the link found first is the one used."""
    from newsletter.importers import feeds

    untitled_feed(workspace / "notes.xml", 20)
    read = []
    link = feeds.item_link

    def counted(raw, base):
        read.append(raw.get("link"))
        return link(raw, base)

    monkeypatch.setattr(feeds, "item_link", counted)
    monkeypatch.setattr("newsletter.commands.imports.item_link", counted)
    result = run("import", "notes.xml")
    assert result.exit_code == 0, result.output
    assert len(read) == 20 and len(set(read)) == 20


def test_a_warning_about_an_item_quotes_a_line_of_its_title_not_all_of_it(workspace):
    """An export's title of 100,000 characters (and a date as long) was printed whole in each
    warning about its item, a screenful of one line a warning (attack 36, a bookmarks file)."""
    long = "A title that goes on " * 5_000
    links = [
        ("https://example.org/undated", long * 2),  # its date cannot be read either
        ("javascript:alert(1)", long),
        ("https://ann:secret@example.org/kept", long),
    ]
    (workspace / "bookmarks.html").write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        + "".join(f'<DT><A HREF="{href}" ADD_DATE="{long[:60_000]}">{title}</A>\n' for href, title in links)
        + "</DL><p>\n",
        encoding="utf-8",
    )
    result = run("import", "bookmarks.html", "--include-unread", "--dry-run")
    assert result.exit_code == 0, result.output
    said = result.stderr.splitlines()
    for warning in ("which is not a date", "skipped bookmark", "dropped the user name and password"):
        assert any(warning in line for line in said), result.stderr[:2000]
    assert max(len(line) for line in said) < 400
    assert "A title that goes on A title" in result.stderr  # the item is still named by its words
