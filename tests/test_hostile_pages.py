"""Hostile 12: pages that lie, met through whole commands as the author runs them, against a real
local server, looking at what reaches the readers: the email, its web page, the editions' feed."""

import re
from datetime import date

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats.inward_addresses import points_inward

from helpers import link_workspace, url_of

VIDEO_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="video.other"><meta property="og:image" content="{image}"></head>
<body><h1>{title}</h1></body></html>"""

INWARD = {
    "router": "https://192.168.1.1/cgi-bin/reboot.jpg",
    "loopback": "https://127.0.0.1:8443/admin/poster.jpg",
    "metadata": "https://169.254.169.254/latest/meta-data/thumb.jpg",
    "number": "https://2130706433/thumb.jpg",  # 127.0.0.1, as every browser reads it
    "printer": "https://printer.local/scan.jpg",
    "bare-name": "https://intranet/logo.png",
    "credentials": "https://ann:secret@photos.example.net/thumb.jpg",
}


def test_a_pages_picture_inside_the_readers_own_network_is_never_in_the_email(server, tmp_path):
    """A talk page's og:image at https://192.168.1.1/cgi-bin/reboot.jpg went into the email as
    the talk's picture: every reader whose mail app fetches pictures itself (Apple Mail,
    Thunderbird, Outlook) sent that request to their own router on opening the edition, and to
    the loopback, the cloud's metadata address or the office printer for the others. The email,
    its web page and the editions' feed (which shows no talk's picture) hold no such address;
    a picture on the web still shows."""
    pages = {**INWARD, "public": "https://cdn.example.org/talks/poster.jpg"}
    for name, image in pages.items():
        server.expect_request(f"/{name}").respond_with_data(
            VIDEO_PAGE.format(title=f"Talk {name}", image=image), content_type="text/html"
        )
    root = link_workspace(tmp_path / "ws", [url_of(server, f"/{name}") for name in pages], timeout=5)
    for entry in (root / "entries" / "2021" / "02").glob("*.md"):
        entry.write_text(entry.read_text(encoding="utf-8").replace("type: article", "type: talk"), encoding="utf-8")

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    page = (root / "site" / "static" / "newsletter" / "2021-02" / "index.html").read_text(encoding="utf-8")
    feed = (root / "site" / "static" / "feeds" / "editions.xml").read_text(encoding="utf-8")
    for output in (email, page):
        assert all(f"Talk {name}" in output for name in pages)
        assert output.count("<img") == 1 and 'src="https://cdn.example.org/talks/poster.jpg"' in output
    for image in INWARD.values():
        host = image.split("/")[2].rpartition("@")[2]
        assert not any(host in output for output in (email, page, feed)), host


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1:8080/x.jpg",
        "https://[::1]/x.png",
        "https://[::ffff:10.0.0.1]/x.png",  # an IPv4 address wrapped in IPv6
        "https://0x7f.1/x.jpg",  # hex and two parts: 127.0.0.1
        "https://0177.0.0.1/x.jpg",  # octal
        "https://0/x.jpg",  # 0.0.0.0, which reaches the reader's own machine
        "https://%31%32%37.0.0.1/x.jpg",  # a browser decodes the host's escapes
        "https://１２７．０．０．１/x.jpg",  # and its full-width digits and dots
        "https:///192.168.0.1/x.jpg",  # and skips a third slash
        "https://\\192.168.0.1/x.jpg",  # or a backslash
        "https://100.64.0.1/x.jpg",  # carrier-grade NAT: a provider's inside
        "https://router.home.arpa/x.jpg",
        "https://build.internal./x.jpg",
        "https://nas.lan/x.jpg",
        "https://localhost/x.jpg",
        "https://1.2.3.999/x.jpg",  # ends in a number but is no address: no browser loads it
    ],
)
def test_an_address_a_reader_would_reach_inside_their_own_network_points_inward(url):
    assert points_inward(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://i.ytimg.com/vi/z-WSrQDXkuM/maxresdefault.jpg",
        "https://cdn.example.org:8443/a.jpg",
        "https://8.8.8.8/x.jpg",
        "https://[2606:4700:4700::1111]/x.jpg",
        "https://example.com./x.jpg",
        "https://example.local.com/x.jpg",  # .local only at the end
        "https://1password.com/logo.png",  # a name starting with a number
        "https://cdn.example.org/people/ann@2x.jpg",  # an @ in the path is no user name
        "https://www.bücher.de/cover.jpg",
    ],
)
def test_an_address_on_the_web_does_not_point_inward(url):
    assert not points_inward(url)


def test_a_content_type_holding_a_terminal_control_is_not_printed_to_the_author(server, tmp_path):
    """A server answering `Content-Type: image/\\x9b31m…` had its type printed as the reason in the
    build's list of links it could not read, U+009B and all: the 8-bit CSI of the terminal, which
    turned the author's terminal red (or worse: any control sequence). A type that is no type is
    read as none, as a browser reads it: the picture is 'not a web page (unknown type)', and a
    web page sent under such a type still gives its title."""
    server.expect_request("/picture").respond_with_data(
        b"\x89PNG\r\n\x1a\n" + bytes(64), headers={"Content-Type": "image/\x9b31mred\x9b0m"}
    )
    server.expect_request("/page").respond_with_data(
        b"<!DOCTYPE html><html><head><title>A page typed wrong</title></head></html>",
        headers={"Content-Type": "text/html\x9b2J"},
    )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/picture"), url_of(server, "/page")], timeout=5)

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert f"{url_of(server, '/picture')}: not a web page (unknown type)" in result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr + result.stdout)
    assert "A page typed wrong" in (root / "dist" / "2021-02" / "newsletter.txt").read_text(encoding="utf-8")


INTRANET_PAGE = "<!DOCTYPE html><html><head><title>Payroll 2021: salaries by name</title></head></html>"


def test_a_public_page_cannot_lead_into_the_authors_network_when_private_addresses_are_allowed(
    server, tmp_path, monkeypatch
):
    """With allow_private_addresses on (for the author's own links to their network, or, as the
    README says, to try the tool on local servers), a public page answering 302 to a private
    address was followed: the request made inside the author's network, and the title of what
    answered there (the intranet's payroll page) published in the post and the email. The link
    as written is on the public internet, so no hop of it goes inward; the author's own link to
    the intranet still reads. (Which addresses count as public is the one thing the test sets:
    127.0.0.1 written plainly does, the same address written IPv4-in-IPv6 does not.)"""
    from newsletter.links import addresses

    public = addresses.is_public_address
    monkeypatch.setattr(addresses, "is_public_address", lambda address: address == "127.0.0.1" or public(address))
    names = {"news.test": ["127.0.0.1"], "intranet.test": ["::ffff:127.0.0.1"]}

    async def dns(host):
        return names[host]

    monkeypatch.setattr(addresses, "resolve", dns)
    server.expect_request("/story").respond_with_data(
        "", status=302, headers={"Location": f"http://intranet.test:{server.port}/payroll"}
    )
    server.expect_request("/payroll").respond_with_data(INTRANET_PAGE, content_type="text/html")
    story = f"http://news.test:{server.port}/story"
    own = f"http://intranet.test:{server.port}/payroll?own"
    root = link_workspace(tmp_path / "ws", [story, own], timeout=5)

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert f"{story}: refused: it leads to intranet.test, which resolves to a private address" in result.stderr
    assert [request.query_string for request, _ in server.log if request.path == "/payroll"] == [b"own"]
    post = next((root / "site" / "content" / "posts").glob("*/index.md")).read_text(encoding="utf-8")
    assert f"## [{story}]({story})" in post  # the bare link: no title could be read
    assert f"## [Payroll 2021: salaries by name]({own})" in post


def test_a_public_podcast_page_cannot_name_a_feed_inside_the_authors_network(server, tmp_path, monkeypatch):
    """The same through a podcast's page: its feed, named in a <link rel="alternate">, was read
    as a link of its own, so with allow_private_addresses on, a public page naming its feed at
    a private address had the build ask for it there. Its feed is not asked for; the page's own
    facts stay."""
    from newsletter.links import addresses

    public = addresses.is_public_address
    monkeypatch.setattr(addresses, "is_public_address", lambda address: address == "127.0.0.1" or public(address))
    names = {"show.test": ["127.0.0.1"], "intranet.test": ["::ffff:127.0.0.1"]}

    async def dns(host):
        return names[host]

    monkeypatch.setattr(addresses, "resolve", dns)
    server.expect_request("/episodes/101/").respond_with_data(
        '<!doctype html><html lang="en"><head><title>#101: Cleaning messy survey data | Data Chats</title>'
        '<meta property="og:type" content="website"><meta property="og:site_name" content="Data Chats">'
        '<link rel="alternate" type="application/rss+xml" title="Data Chats" '
        f'href="http://intranet.test:{server.port}/router/reboot"></head>'
        '<body><h1>Cleaning messy survey data</h1><audio controls src="/a/101.mp3"></audio></body></html>',
        content_type="text/html",
    )
    server.expect_request("/router/reboot").respond_with_data("<rss/>", content_type="application/rss+xml")
    root = link_workspace(tmp_path / "ws", [f"http://show.test:{server.port}/episodes/101/"], timeout=5)

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert [request.path for request, _ in server.log] == ["/episodes/101/"], result.stderr
    assert "Cleaning messy survey data" in (root / "dist" / "2021-02" / "newsletter.txt").read_text(encoding="utf-8")


def test_an_opml_file_on_the_web_cannot_name_feeds_inside_the_authors_network(server, tmp_path, monkeypatch):
    """And through `import URL` of an OPML file on the web: each feed it names was fetched as a
    link of its own, so with allow_private_addresses on, a list of feeds on a public server
    naming one at a private address had the import ask for it there, and write its items into
    the author's log. That feed is refused, named; the list's other feeds are imported."""
    from newsletter.links import addresses

    public = addresses.is_public_address
    monkeypatch.setattr(addresses, "is_public_address", lambda address: address == "127.0.0.1" or public(address))
    names = {"feeds.test": ["127.0.0.1"], "intranet.test": ["::ffff:127.0.0.1"]}

    async def dns(host):
        return names[host]

    monkeypatch.setattr(addresses, "resolve", dns)
    inward = f"http://intranet.test:{server.port}/wiki/recent.xml"
    fine = f"http://feeds.test:{server.port}/blog.xml"
    server.expect_request("/list.opml").respond_with_data(
        f'<opml version="2.0"><body><outline xmlUrl="{inward}"/><outline xmlUrl="{fine}"/></body></opml>',
        content_type="text/x-opml",
    )
    rss = '<rss version="2.0"><channel><item><title>{}</title><link>https://x.example/{}</link></item></channel></rss>'
    server.expect_request("/wiki/recent.xml").respond_with_data(
        rss.format("Layoffs plan", "a"), content_type="text/xml"
    )
    server.expect_request("/blog.xml").respond_with_data(rss.format("A post", "b"), content_type="text/xml")
    root = link_workspace(tmp_path / "ws", [], timeout=5)

    result = CliRunner().invoke(main, ["import", f"http://feeds.test:{server.port}/list.opml", "-w", str(root)])

    assert f"{inward}: could not fetch it (refused: http://feeds.test:{server.port}/list.opml" in result.stderr, (
        result.stderr
    )
    assert "Imported 1 entry from " + fine in result.stderr, result.stderr
    assert [request.path for request, _ in server.log] == ["/list.opml", "/blog.xml"]
    written = "".join(path.read_text(encoding="utf-8") for path in (root / "entries").rglob("*.md"))
    assert "A post" in written and "Layoffs" not in written


def test_a_title_the_page_holds_garbled_is_named_with_the_title_it_was(server, tmp_path):
    """A page whose site stored UTF-8 as Windows-1252 (a WordPress moved between servers) holds
    "CafÃ© crÃ¨me: why we donâ€™t ship on Fridays" in every byte, whatever charset it declares:
    read right, it went into the email and the post as it is, with no word to the author, where
    a wrong charset's U+FFFD is named. It is named too, with the title it was, to write in the
    entry; a title in Latin letters as written is not, nor one the author wrote."""
    garbled = "Caf\u00c3\u00a9 cr\u00c3\u00a8me: why we don\u00e2\u20ac\u2122t ship on Fridays"
    pages = {"/moved": garbled, "/french": "\u00c7a va\u202f? \u00c0 bient\u00f4t, \u00c5ngstr\u00f6m"}
    for path, title in pages.items():
        server.expect_request(path).respond_with_data(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head></html>".encode(),
            content_type="text/html; charset=utf-8",
        )
    root = link_workspace(tmp_path / "ws", [url_of(server, path) for path in pages], timeout=5)

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "garbled" in line]
    entry = root / "entries" / "2021" / "02" / "entry-1.md"
    assert said == [
        f"warning: {entry}: the page's title {garbled!r} is garbled on the page itself (its site stored UTF-8 "
        'as Windows-1252); add `title: "Café crème: why we don’t ship on Fridays"` to the front matter'
    ]
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("---\n", '---\ntitle: "Café crème: why we don’t ship"\n', 1),
        encoding="utf-8",
    )
    again = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root), "--offline"], catch_exceptions=False)
    assert "garbled" not in again.stderr
    assert "Café crème: why we don’t ship" in (root / "dist" / "2021-02" / "newsletter.txt").read_text(encoding="utf-8")


def test_a_feed_items_year_zero_is_not_read_as_the_year_2000(tmp_path):
    """A feed dating an item "Mon, 01 Jan 0000" (a CMS's empty date) had it imported into
    entries/2000/01 without a word: both date readers take a year under 100 for this century's
    or the last. It is said to be no date and dated today, as any date that cannot be read is."""
    root = link_workspace(tmp_path / "ws", [], timeout=5)
    item = "<item><title>{}</title><link>https://example.org/{}</link><pubDate>{}</pubDate></item>"
    (root / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>A blog</title>'
        + item.format("Empty date", "a", "Mon, 01 Jan 0000 00:00:00 GMT")
        + item.format("Year 99", "b", "Thu, 01 Jan 0099 00:00:00 +0000")
        + item.format("A real one", "c", "Mon, 01 Feb 2021 00:00:00 -0000")
        + "</channel></rss>",
        encoding="utf-8",
    )

    result = CliRunner().invoke(main, ["import", str(root / "feed.xml"), "-w", str(root)], catch_exceptions=False)

    assert "'Empty date' has the date 'Mon, 01 Jan 0000 00:00:00 GMT', which is not a date" in result.stderr
    assert "'Year 99' has the date 'Thu, 01 Jan 0099 00:00:00 +0000', which is not a date" in result.stderr
    assert sorted(path.parent.parent.name for path in (root / "entries").rglob("*.md")) == [
        "2021",
        *([str(date.today().year)] * 2),
    ]


# Stack's head (layouts/_partials/head/head.html and data/description.html), in short: the
# description goes into the tag through Go's %q, whose \" ends an HTML attribute.
STACK_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset='utf-8'>
{{- $description := replaceRE "\\n" " " .Description | plainify -}}
<meta name='description' {{ printf "content=%q" $description | safeHTMLAttr }}>
<title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
"""


def test_a_title_with_straight_quotes_does_not_break_out_of_stacks_description(server, tmp_path, hugo):
    """A page titled `Why "a > b" is fast` put its words into the post's `description`, which
    Stack writes into <meta name='description'> through Go's %q: its \\" ends the attribute in
    HTML, and the > after it the tag, so every visitor of the post saw `b\\" is fast · …">` above
    its header. The description's straight quotes are curled, “a > b”, which no quoting touches."""
    from selectolax.lexbor import LexborHTMLParser

    from hugo_versions import hugo_build

    server.expect_request("/fast").respond_with_data(
        '<!DOCTYPE html><html><head><title>Why "a &gt; b" is fast</title></head></html>', content_type="text/html"
    )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/fast")], timeout=5)
    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    site = root / "site"
    (site / "layouts/_default/single.html").write_text(STACK_HEAD, encoding="utf-8")
    hugo_build(hugo, site)

    [page] = (site / "public" / "posts").glob("*/index.html")
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    assert tree.css_first("meta[name=description]").attributes["content"] == "Why “a > b” is fast"
    assert tree.body.text().strip().startswith("Why")  # the post, and nothing of the head above it


RAINDROP_HEADER = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"


def test_two_bookmarks_an_export_lists_under_one_id_are_two_entries(tmp_path):
    """A Raindrop.io CSV listing two bookmarks under one id (an export edited, or merged from two
    accounts) had the second taken for "repeated in the export (one entry each)", its link never
    written into the log. Each link gets its entry, and the next import knows both; a link listed
    twice under its id is still one entry."""
    root = link_workspace(tmp_path / "ws", [], timeout=5)
    row = "{id},{title},,,{url},Unsorted,,2025-01-{day}T09:30:00.000Z,,,false\n"
    export = root / "raindrop.csv"
    export.write_text(
        RAINDROP_HEADER
        + row.format(id=100, title="First", url="https://example.org/first", day=14)
        + row.format(id=100, title="Second", url="https://example.org/second", day=15)
        + row.format(id=101, title="Third", url="https://example.org/third", day=16)
        + row.format(id=101, title="Third again", url="https://example.org/third/", day=17),
        encoding="utf-8",
    )
    runner = CliRunner()

    result = runner.invoke(main, ["import", str(export), "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "Imported 3 entries" in result.stderr and "skipped 1 repeated in the export" in result.stderr
    written = sorted(path.name for path in (root / "entries" / "2025" / "01").glob("*.md"))
    assert written == ["first.md", "second.md", "third.md"]
    again = runner.invoke(main, ["import", str(export), "-w", str(root)], catch_exceptions=False)
    assert "Imported 0 entries" in again.stderr and "skipped 4 already in the log" in again.stderr


@pytest.mark.parametrize(
    "title, written",
    [
        ("THE CAF\u00c9\u2019S MENU", None),  # É’ as such a run: U+0252, 'CAFɒS'
        ("L'\u00c9T\u00c9\u2014LE RETOUR", None),  # É— : U+0257
        ("CAF\u00c9\u2026 ET APR\u00c8S", None),  # É… : U+0245
        ("Caf\u00c3\u00a9 au lait", "Café au lait"),  # one run, led as UTF-8 read as Windows-1252 leads
        ("don\u00e2\u20ac\u2122t", "don’t"),
        ("\u00c5\u00bdilina", "Žilina"),
        ("\u00d0\u0178\u00d1\u20ac\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a", "Привет"),  # runs of any lead
    ],
)
def test_a_capital_before_a_sign_is_no_title_garbled(title, written):
    """'THE CAFÉ’S MENU', right on its page, was named as garbled there, with `title: "THE CAFɒS
    MENU"` to write into the entry: a capital of Latin-1 before ’, — or … is the shape of UTF-8
    read as Windows-1252 too. One such run alone is taken for that only when its lead is one that
    text is made of (Ã, Â, Ä, Å, â)."""
    from newsletter.formats import decoded_twice

    assert decoded_twice.repaired(title) == written


def test_a_pages_picture_carries_no_list_services_template_code_into_the_email(server, tmp_path):
    """A talk page's og:image of https://…/poster.jpg?for={{subscriber.email}} went into the email's
    src as it was: Buttondown renders the email as a Django template (listmonk's own code is made
    literal when sent, Liquid and Mailchimp's *|EMAIL|* tags are the same trap), so each reader's
    copy would have asked the page's server for a picture named with the reader's address (attack
    36). Braces and bars are percent-encoded, as a browser asks for them; the picture still shows."""
    image = "https://cdn.example.org/poster.jpg?for={{subscriber.email}}&list=*|EMAIL|*"
    server.expect_request("/talk").respond_with_data(
        VIDEO_PAGE.format(title="A talk", image=image.replace("&", "&amp;")), content_type="text/html"
    )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/talk")], timeout=5)
    [entry] = (root / "entries" / "2021" / "02").glob("*.md")
    entry.write_text(entry.read_text(encoding="utf-8").replace("type: article", "type: talk"), encoding="utf-8")

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    page = (root / "site" / "static" / "newsletter" / "2021-02" / "index.html").read_text(encoding="utf-8")
    for output in (email, page):
        assert re.findall(r'<img[^>]* src="([^"]*)"', output) == [
            "https://cdn.example.org/poster.jpg?for=%7B%7Bsubscriber.email%7D%7D&amp;list=*%7CEMAIL%7C*"
        ]
        assert "{{" not in output and "|EMAIL|" not in output


def test_a_pages_picture_on_a_private_address_is_left_out_of_the_email_with_a_word(server, tmp_path):
    """A talk page's og:image at https://10.0.0.5/… (a CMS that names its own intranet host) was
    left out of the email without a word (new user 60): every reader's mail app would ask its own
    network for it. The build says so once, naming the entry and the address; a public picture,
    or the author's own `image:`, is said nothing of."""
    inward = "https://10.0.0.5/uploads/poster.jpg"
    for path, image in (("/inward", inward), ("/public", "https://cdn.example.org/poster.jpg")):
        server.expect_request(path).respond_with_data(
            VIDEO_PAGE.format(title=f"Talk {path}", image=image), content_type="text/html"
        )
    urls = [url_of(server, "/inward"), url_of(server, "/public"), url_of(server, "/inward") + "?again"]
    root = link_workspace(tmp_path / "ws", urls, timeout=5)
    folder = root / "entries" / "2021" / "02"
    for entry in folder.glob("*.md"):
        talk = entry.read_text(encoding="utf-8").replace("type: article", "type: talk")
        if entry.name == "entry-3.md":  # the author's own picture wins over the page's
            talk = talk.replace("type: talk", "type: talk\nimage: https://cdn.example.org/mine.jpg")
        entry.write_text(talk, encoding="utf-8")

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "private address" in line]
    assert len(said) == 1 and said[0].startswith("warning: ") and f"{folder / 'entry-1.md'}: " in said[0], said
    assert f"the page's picture {inward} is on a private address" in said[0] and "`image: https://…`" in said[0]
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    assert re.findall(r'<img[^>]* src="([^"]*)"', email) == [
        "https://cdn.example.org/poster.jpg",
        "https://cdn.example.org/mine.jpg",
    ]
