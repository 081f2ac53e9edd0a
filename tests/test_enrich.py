"""One link's whole lookup, `fetch_metadata`: provider, then the page, then follow-ups.

The sites' own hosts (www.youtube.com, github.com) are reached through the local server acting
as an HTTP proxy, so links keep their real shape and the adapters match them.
"""

import asyncio
import functools
import io
import shutil
from pathlib import Path

import pytest

from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher, make_client
from newsletter.links.providers import doi, github, podcast, vimeo, youtube
from newsletter.links.web import fetch_all, fetch_metadata

REPO = Path(__file__).resolve().parent.parent

PAGES = Path(__file__).parent / "pages"
RESPONSES = Path(__file__).parent / "provider_responses"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def proxy(httpserver, monkeypatch):
    """The local server as the HTTP proxy for every http:// URL."""
    monkeypatch.setenv("http_proxy", httpserver.url_for("/").rstrip("/"))
    return httpserver


def lookup(url, **settings):
    config = Fetch(**{"timeout": 2.0, "allow_private_addresses": True, **settings})

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.backoff = 0.001
            return await fetch_metadata(fetcher, url)

    return asyncio.run(go())


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


# YouTube: oEmbed first, then the page


@pytest.fixture
def youtube_oembed(proxy, monkeypatch):
    monkeypatch.setattr(youtube, "API", "http://www.youtube.com/oembed")

    def respond(status=200, body=None):
        body = (RESPONSES / "youtube-oembed.json").read_text() if body is None else body
        proxy.expect_request("/oembed").respond_with_data(body, status=status, content_type="application/json")

    return respond


def test_youtube_title_from_oembed_date_and_duration_from_the_page(proxy, youtube_oembed):
    youtube_oembed()
    proxy.expect_request("/watch").respond_with_data(page("youtube-watch.html"), content_type="text/html")
    meta = lookup("http://www.youtube.com/watch?v=z-WSrQDXkuM")
    assert meta.title == "JAX: Accelerated Machine Learning Research | SciPy 2020 | VanderPlas"
    assert (meta.published, meta.duration, meta.language) == ("2020-07-06T09:44:07-07:00", 1865, "en")
    assert meta.authors == []  # the page's "author" is the channel too
    assert meta.extras["channel"] == "Enthought"
    assert meta.image == "https://i.ytimg.com/vi/z-WSrQDXkuM/hqdefault.jpg"
    assert meta.url == "https://www.youtube.com/watch?v=z-WSrQDXkuM"


def test_a_consent_wall_never_overrides_the_oembed_title(proxy, youtube_oembed):
    youtube_oembed()
    proxy.expect_request("/watch").respond_with_data(page("youtube-consent.html"), content_type="text/html")
    meta = lookup("http://www.youtube.com/watch?v=z-WSrQDXkuM")
    assert meta.title == "JAX: Accelerated Machine Learning Research | SciPy 2020 | VanderPlas"
    assert "blocked" not in meta.extras
    assert "continue" not in (meta.description or "")


def test_a_private_video_is_unavailable(proxy, youtube_oembed):
    youtube_oembed(status=401, body="Unauthorized")
    proxy.expect_request("/watch").respond_with_data(page("youtube-consent.html"), content_type="text/html")
    with pytest.raises(FetchError) as info:
        lookup("http://www.youtube.com/watch?v=XIu8ZF7RSkw")
    assert info.value.reason == "video unavailable: private, or its owner does not allow embedding"


def test_a_video_that_cannot_be_embedded_is_read_from_its_page(proxy, youtube_oembed):
    youtube_oembed(status=401, body="Unauthorized")
    proxy.expect_request("/watch").respond_with_data(page("youtube-watch.html"), content_type="text/html")
    meta = lookup("http://www.youtube.com/watch?v=z-WSrQDXkuM")
    assert meta.title == "JAX: Accelerated Machine Learning Research | SciPy 2020 | VanderPlas"
    assert meta.authors == [] and meta.extras["channel"] == "Enthought"
    assert "_oembed_refused" not in meta.extras


def test_when_the_page_fails_the_oembed_answer_stands(proxy, youtube_oembed):
    youtube_oembed()
    proxy.expect_request("/watch").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    meta = lookup("http://www.youtube.com/watch?v=z-WSrQDXkuM")
    assert meta.title == "JAX: Accelerated Machine Learning Research | SciPy 2020 | VanderPlas"
    assert (meta.published, meta.duration, meta.extras) == (None, None, {"channel": "Enthought"})


def test_a_podcast_on_youtube_whose_page_fails_is_fetched_once_and_then_cached(proxy, youtube_oembed, tmp_path):
    """An entry typed podcast whose link is a video (a show published on YouTube): when the page
    failed, oEmbed's answer stood as a "video", and a cached row that is not a podcast's is
    fetched again for a podcast entry, so every build asked again. Whatever path the lookup
    took, its answer now says what the entry said."""
    from newsletter.links import Links

    youtube_oembed()
    proxy.expect_request("/watch").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    url = "http://www.youtube.com/watch?v=z-WSrQDXkuM"
    settings = Fetch(timeout=2.0, allow_private_addresses=True)
    for build in range(2):
        with Links(settings, tmp_path) as links:
            looked = links.metadata([url], kinds={url: "podcast"})
        assert looked.found[url].kind == "podcast"
        assert (looked.fetched, looked.cached) == ((1, 0) if build == 0 else (0, 1))


def test_a_repository_read_from_its_page_when_the_api_fails_is_titled_as_the_api_titles_it(proxy, monkeypatch):
    """With GitHub's API down (a 502, a timeout) the page gives the title, "owner/repo:
    description" as the API's, and a paragraph of a description was the whole heading again."""
    monkeypatch.setattr(github, "API", "http://api.github.com")
    proxy.expect_request("/repos/someone/tool").respond_with_data("", status=502)
    description = (
        "The Web framework for perfectionists with deadlines. Django is a high-level Python web framework that "
        "encourages rapid development and clean, pragmatic design."
    )
    shown = page("github-repo.html").replace(b"google/jax", b"someone/tool")
    shown = shown.replace(
        b"Composable transformations of Python+NumPy programs: differentiate, vectorize, JIT to GPU/TPU, and more",
        description.encode(),
    )
    proxy.expect_request("/someone/tool").respond_with_data(shown, content_type="text/html; charset=utf-8")
    meta = lookup("http://github.com/someone/tool")
    assert meta.title == "someone/tool: The Web framework for perfectionists with deadlines."
    assert meta.description == description


# A video page of a site without a provider (PeerTube, as the instance serves it): its VideoObject
# and itemprop "author" is the account that uploaded it
PEERTUBE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Yann LeCun : les modèles du monde - Collège de France</title>
<meta property="og:type" content="video.other"><meta property="og:site_name" content="PeerTube Collège">
<meta property="og:title" content="Yann LeCun : les modèles du monde">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"VideoObject",
"name":"Yann LeCun : les modèles du monde","uploadDate":"2026-02-04T09:00:00+01:00","duration":"PT1H12M5S",
"author":{"@type":"Person","name":"Collège de France"}}</script></head>
<body><h1>Yann LeCun : les modèles du monde</h1>
<span itemprop="author" itemscope itemtype="http://schema.org/Person">
<link itemprop="name" content="Collège de France"></span>
</body></html>"""


def test_a_video_pages_author_is_its_channel_never_its_speaker(httpserver):
    httpserver.expect_request("/w/lecon").respond_with_data(PEERTUBE, content_type="text/html")
    meta = lookup(httpserver.url_for("/w/lecon"))
    assert (meta.kind, meta.title, meta.duration) == ("video", "Yann LeCun : les modèles du monde", 4325)
    assert (meta.authors, meta.extras["channel"]) == ([], "Collège de France")


def test_a_video_pages_several_uploaders_are_kept_apart_for_the_edition_to_join(httpserver):
    """The reader joined a video's uploaders with ", " itself, so a Chinese or Japanese edition,
    which joins names with 、, showed them with a Latin comma: they are kept as names."""
    two = PEERTUBE.replace(
        '"author":{"@type":"Person","name":"Collège de France"}',
        '"author":[{"@type":"Person","name":"Collège de France"},{"@type":"Person","name":"Inria"}]',
    )
    httpserver.expect_request("/w/deux").respond_with_data(two, content_type="text/html")
    meta = lookup(httpserver.url_for("/w/deux"))
    assert (meta.authors, meta.extras["channel"]) == ([], ["Collège de France", "Inria"])


def test_an_articles_author_stays_its_author(httpserver):
    article = PEERTUBE.replace("video.other", "article").replace('"VideoObject"', '"NewsArticle"')
    httpserver.expect_request("/a/lecon").respond_with_data(article, content_type="text/html")
    meta = lookup(httpserver.url_for("/a/lecon"))
    assert (meta.kind, meta.authors, meta.extras.get("channel")) == ("article", ["Collège de France"], None)


# A news story told as a video: og:type video.other, its page a NewsArticle by a journalist with the clip in it
NEWS_VIDEO = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Inondations : les images du Gard - Le Journal</title>
<meta property="og:type" content="video.other"><meta property="og:site_name" content="Le Journal">
<meta property="og:title" content="Inondations : les images du Gard">
<script type="application/ld+json">[{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Inondations : les images du Gard","datePublished":"2026-02-04T09:00:00+01:00",
"author":{"@type":"Person","name":"Claire Martin"},"publisher":{"@type":"Organization","name":"Le Journal"}},
{"@context":"https://schema.org","@type":"VideoObject","name":"Inondations : les images du Gard",
"uploadDate":"2026-02-04T09:00:00+01:00","duration":"PT2M5S"}]</script></head>
<body><h1>Inondations : les images du Gard</h1><p>Par Claire Martin</p><video src="/v.mp4"></video></body></html>"""


def test_a_news_video_pages_byline_stays_its_author(httpserver):
    """The page is an article with a clip in it: its byline is the journalist's, not an uploading
    account's, and went to `channel`, out of the post's and the feeds' authors."""
    httpserver.expect_request("/video/crue").respond_with_data(NEWS_VIDEO, content_type="text/html")
    meta = lookup(httpserver.url_for("/video/crue"))
    assert (meta.kind, meta.authors, meta.extras.get("channel")) == ("video", ["Claire Martin"], None)


# A company newsroom's post around an embedded clip: og:type article, the clip's VideoObject its only schema
NEWSROOM = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Looking Back on 2023 | Meta Newsroom</title><meta property="og:type" content="article">
<meta name="author" content="Andrew Bosworth">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"VideoObject","name":"2023 in review",
"uploadDate":"2023-12-18T09:00:00-08:00","duration":"PT1M5S"}</script></head>
<body><h1>Looking Back on 2023</h1><p>By Andrew Bosworth, CTO</p><video src="/v.mp4"></video></body></html>"""


def test_a_newsroom_post_around_a_clip_keeps_its_author(httpserver):
    httpserver.expect_request("/news/2023").respond_with_data(NEWSROOM, content_type="text/html")
    meta = lookup(httpserver.url_for("/news/2023"))
    assert (meta.authors, meta.extras.get("channel")) == (["Andrew Bosworth"], None)


def test_vimeo_page_read_after_a_restricted_oembed_names_the_uploader_as_channel(proxy, monkeypatch):
    """A video embeddable only on some domains leaves oEmbed without a title, and the page fills
    it in: its JSON-LD author is the uploader again (PyData's account), not who spoke."""
    monkeypatch.setattr(vimeo, "API", "http://vimeo.com/api/oembed.json")
    proxy.expect_request("/api/oembed.json").respond_with_data(
        (RESPONSES / "vimeo-oembed-domain-restricted.json").read_bytes(), content_type="application/json"
    )
    proxy.expect_request("/379834851").respond_with_data(page("vimeo.html"), content_type="text/html")
    meta = lookup("http://vimeo.com/379834851")
    assert meta.title == "Notebooks in Production: Lessons from Two Years of Papermill"
    assert (meta.authors, meta.extras["channel"]) == ([], "PyData")


# GitHub: a deeper link takes its title from the page, its facts from the API


def test_github_issue_link(proxy, monkeypatch):
    monkeypatch.setattr(github, "API", "http://api.github.com")
    proxy.expect_request("/repos/google/jax").respond_with_data(
        (RESPONSES / "github-repo.json").read_bytes(), content_type="application/json"
    )
    issue = (
        "<html><head><title>jit fails on nested vmap · Issue #1234 · google/jax · GitHub</title>"
        '<meta property="og:title" content="jit fails on nested vmap · Issue #1234 · google/jax">'
        '<meta property="og:site_name" content="GitHub"></head></html>'
    )
    proxy.expect_request("/google/jax/issues/1234").respond_with_data(issue, content_type="text/html")
    meta = lookup("http://github.com/google/jax/issues/1234")
    assert meta.title == "jit fails on nested vmap · Issue #1234 · google/jax"
    assert meta.url == "http://github.com/google/jax/issues/1234"
    assert (meta.extras["stars"], meta.extras["language"]) == (27845, "Python")


# Podcasts: the feed named by the page


def _talkpython(httpserver, feed_path="/episodes/rss"):
    html = page("talkpython-359.html").replace(
        b'https://talkpython.fm/episodes/rss"', httpserver.url_for(feed_path).encode() + b'"'
    )
    path = "/episodes/show/359/lifecycle-of-a-machine-learning-project"
    httpserver.expect_request(path).respond_with_data(html, content_type="text/html; charset=utf-8")
    return httpserver.url_for(path)


def test_podcast_episode_from_the_feed(httpserver):
    url = _talkpython(httpserver)
    httpserver.expect_request("/episodes/rss").respond_with_data(
        (RESPONSES / "podcast-feed.rss").read_bytes(), content_type="application/rss+xml; charset=utf-8"
    )
    meta = lookup(url)
    assert meta.title == "Lifecycle of a machine learning project"  # the page's, without "#359: "
    assert meta.extras["episode"] == "359"
    assert meta.duration == 3851  # itunes:duration 1:04:11
    assert meta.published == "2022-04-03T08:00:00-08:00"
    assert meta.authors == ["Michael Kennedy"]  # podcast:person role="host", not the guests
    assert meta.kind == "podcast"
    assert httpserver.log[1][0].headers["Accept"].startswith("application/rss+xml")


@pytest.mark.parametrize("number", ["-99999999999999999999999", "0", "The one where it all went wrong"])
def test_a_feeds_episode_number_that_is_none_is_not_shown_as_one(httpserver, number):
    """A feed's itunes:episode of "-99999999999999999999999" was the email's "Episode
    -99999999999999999999999" under the title, and text was "Episode <the text>" (attack 36)."""
    url = _talkpython(httpserver)
    feed = (RESPONSES / "podcast-feed.rss").read_text().replace(">359</itunes:episode>", f">{number}</itunes:episode>")
    httpserver.expect_request("/episodes/rss").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup(url)
    assert (meta.duration, meta.authors) == (3851, ["Michael Kennedy"])  # the episode's facts still read
    assert meta.extras["episode"] == "359"  # the page's own, which the feed's does not replace


def test_a_feed_heavy_with_show_notes_is_read_without_cleaning_their_markup(httpserver, monkeypatch):
    """Any page an entry calls a podcast has its feed read (61edc83), and feedparser cleaned the
    markup of every item's show notes, which are never used: ~3 s of CPU a megabyte, in the
    build's own process, before the build could go on (a 2 MB feed of notes held a month's
    enrichment 16 s). The episode's facts are the same; no notes are cleaned."""
    import feedparser.mixin

    cleaned = []
    sanitize = feedparser.mixin._sanitize_html
    monkeypatch.setattr(feedparser.mixin, "_sanitize_html", lambda *a: cleaned.append(1) or sanitize(*a))
    url = _talkpython(httpserver)
    notes = "&lt;p&gt;" + "&lt;b&gt;Show&lt;/b&gt; &lt;a href='/x'&gt;notes&lt;/a&gt; " * 50 + "&lt;/p&gt;"
    padding = "".join(f"<item><title>Other {n}</title><description>{notes}</description></item>" for n in range(40))
    feed = (RESPONSES / "podcast-feed.rss").read_text().replace("</channel>", padding + "</channel>")
    httpserver.expect_request("/episodes/rss").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup(url)
    assert (meta.extras["episode"], meta.duration, meta.authors) == ("359", 3851, ["Michael Kennedy"])
    assert meta.published == "2022-04-03T08:00:00-08:00" and meta.title == "Lifecycle of a machine learning project"
    assert cleaned == []


def test_a_shows_feed_is_fetched_once_for_all_its_episodes(httpserver):
    """A month of one show's episodes all name its feed, often megabytes: it was fetched and
    parsed again for each episode."""
    first = _talkpython(httpserver)
    httpserver.expect_request("/359").respond_with_data(
        page("talkpython-359.html").replace(
            b'https://talkpython.fm/episodes/rss"', httpserver.url_for("/episodes/rss").encode() + b'"'
        ),
        content_type="text/html",
    )
    httpserver.expect_request("/episodes/rss").respond_with_data(
        (RESPONSES / "podcast-feed.rss").read_bytes(), content_type="application/rss+xml; charset=utf-8"
    )
    config = Fetch(timeout=2.0, allow_private_addresses=True)
    found, _ = asyncio.run(fetch_all([first, httpserver.url_for("/359")], config, None))
    assert [meta.extras["episode"] for meta in found.values()] == ["359", "359"]  # the second by its title
    assert [meta.authors for meta in found.values()] == [["Michael Kennedy"]] * 2
    assert [request.path for request, _ in httpserver.log].count("/episodes/rss") == 1


def test_a_self_hosted_shows_episode_page_gets_its_feed(httpserver):
    """A show on its own site, named without the word "podcast", typed og:type website and
    playing the episode in an <audio> player, got neither duration nor hosts nor date: its
    feed was never read, as nothing on the page said podcast."""
    feed_url = httpserver.url_for("/feeds/datachats.xml")
    episode = httpserver.url_for("/datachats/episodes/101/")
    html = (
        '<!doctype html><html lang="en"><head><title>#101: Cleaning messy survey data | Data Chats</title>'
        '<meta property="og:title" content="Cleaning messy survey data">'
        '<meta property="og:type" content="website"><meta property="og:site_name" content="Data Chats">'
        f'<link rel="alternate" type="application/rss+xml" title="Data Chats" href="{feed_url}"></head>'
        "<body><h1>Cleaning messy survey data</h1>"
        '<audio controls preload="none" src="/audio/datachats-101.mp3"></audio><p>Show notes.</p></body></html>'
    )
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Data Chats</title>
<item><title>#101: Cleaning messy survey data</title><link>{episode}</link>
<guid isPermaLink="false">datachats-101</guid><pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>
<itunes:duration>1:05:12</itunes:duration><itunes:episode>101</itunes:episode>
<podcast:person role="host">Ann Host</podcast:person><podcast:person role="guest">Bo Guest</podcast:person>
</item></channel></rss>"""
    httpserver.expect_request("/datachats/episodes/101/").respond_with_data(html, content_type="text/html")
    httpserver.expect_request("/feeds/datachats.xml").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup(episode)
    assert (meta.kind, meta.duration, meta.extras["episode"]) == ("podcast", 3912, "101")
    assert meta.authors == ["Ann Host"]
    assert meta.published.startswith("2026-11-02")


@pytest.mark.parametrize(
    ("author", "hosts"),
    [
        ("Sofía Ramírez, Daniel Ortega", ["Sofía Ramírez", "Daniel Ortega"]),
        ("Sofía Ramírez y Daniel Ortega", ["Sofía Ramírez", "Daniel Ortega"]),
        ("Ann Host, Bo Cohost, and Cy Third", ["Ann Host", "Bo Cohost", "Cy Third"]),
        ("Ramírez, Sofía", ["Ramírez, Sofía"]),  # one person, surname first: not two
        ("Dungeons and Daddies", ["Dungeons and Daddies"]),  # a show's name, as before
    ],
)
def test_a_shows_two_hosts_in_one_itunes_author_are_two_people(httpserver, author, hosts):
    """Mariana's Spanish show names its hosts "Sofía Ramírez, Daniel Ortega" in itunes:author:
    `new` wrote `speakers: ["Sofía Ramírez, Daniel Ortega"]`, one person of that name, and the
    post said "Ponente" (one speaker) for the two."""
    feed_url = httpserver.url_for("/feed.xml")
    episode = httpserver.url_for("/episodios/42/")
    html = (
        '<!doctype html><html lang="es"><head><title>Vacunas y desconfianza</title>'
        '<meta property="og:site_name" content="Epidemia de Ideas">'
        f'<link rel="alternate" type="application/rss+xml" title="Epidemia de Ideas" href="{feed_url}"></head>'
        '<body><h1>Vacunas y desconfianza</h1><audio controls src="/ep42.mp3"></audio></body></html>'
    )
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Epidemia de Ideas</title>
<item><title>Vacunas y desconfianza</title><link>{episode}</link><itunes:episode>42</itunes:episode>
<itunes:author>{author}</itunes:author></item></channel></rss>"""
    httpserver.expect_request("/episodios/42/").respond_with_data(html, content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(feed.encode(), content_type="application/rss+xml")
    assert lookup(episode).authors == hosts


@pytest.mark.parametrize(
    "player",
    [
        "https://player.simplecast.com/8f1c2e3a-0b6e-4a43-9c59-3f2d1f0e7a11?dark=false",
        "https://share.transistor.fm/e/5f9a1b2c",
        "https://www.buzzsprout.com/1234567/9876543?client_source=small_player&iframe=true",
        "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk?utm_source=generator",
    ],
)
def test_a_shows_page_playing_the_episode_in_a_hosts_player_gets_its_feed(httpserver, player):
    """Most shows on their own site play the episode in their host's embedded player (an
    <iframe>), not an <audio> tag: such a page was no podcast, and its feed never read."""
    feed_url = httpserver.url_for("/feed.xml")
    episode = httpserver.url_for("/episodes/12-lock-files/")
    html = (
        '<html><head><title>Lock files, explained | Build Notes</title><meta property="og:type" content="website">'
        f'<link rel="alternate" type="application/rss+xml" href="{feed_url}"></head>'
        f'<body><h1>Lock files, explained</h1><iframe src="{player}" height="200" width="100%"></iframe></body></html>'
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Build Notes</title><item><title>Lock files, explained</title><link>{episode}</link>
<itunes:duration>42:10</itunes:duration><itunes:episode>12</itunes:episode></item></channel></rss>"""
    httpserver.expect_request("/episodes/12-lock-files/").respond_with_data(html, content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup(episode)
    assert (meta.kind, meta.duration, meta.extras["episode"]) == ("podcast", 2530, "12")


def test_a_page_embedding_a_video_or_a_playlist_is_no_podcast(httpserver):
    """Only a podcast host's player makes an untyped page with a feed an episode: a YouTube
    embed or a Spotify playlist does not."""
    for n, frame in enumerate(
        ["https://www.youtube.com/embed/z-WSrQDXkuM", "https://open.spotify.com/embed/playlist/37i9dQZF1DX"]
    ):
        html = (
            '<html><head><meta property="og:type" content="website"><title>Notes</title>'
            f'<link rel="alternate" type="application/rss+xml" href="/feed{n}.xml"></head>'
            f'<body><iframe src="{frame}"></iframe></body></html>'
        )
        httpserver.expect_request(f"/page{n}").respond_with_data(html, content_type="text/html")
        assert lookup(httpserver.url_for(f"/page{n}")).kind == "website"
    assert not [request.path for request, _ in httpserver.log if request.path.startswith("/feed")]


def test_an_article_with_a_listen_player_is_no_podcast(httpserver):
    html = (
        '<html><head><meta property="og:type" content="article"><title>A long read</title>'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
        '<body><audio src="/listen.mp3"></audio><p>Words.</p></body></html>'
    )
    httpserver.expect_request("/long-read").respond_with_data(html, content_type="text/html")
    assert lookup(httpserver.url_for("/long-read")).kind == "article"
    assert "/feed.xml" not in [request.path for request, _ in httpserver.log]


def test_a_wordpress_shows_episode_page_typed_article_is_an_episode(httpserver):
    """Chidi's bookmarklet on a show's own site (new user 39), which types every page og:type
    article as WordPress does, saved "Episode 47: Afrobeats and the algorithm" as an article:
    the feed the page names, with the episode's 52:30 and its host, was never read. Playing
    audio, naming a feed and numbering itself an episode, it is one (a long read with a listen
    player, above, stays an article)."""
    episode = httpserver.url_for("/soundoflagos/47")
    html = (
        '<!doctype html><html lang="en"><head><title>Episode 47: Afrobeats and the algorithm | Sound of Lagos'
        '</title><meta property="og:title" content="Episode 47: Afrobeats and the algorithm">'
        '<meta property="og:type" content="article"><meta property="og:site_name" content="Sound of Lagos">'
        '<link rel="alternate" type="application/rss+xml" href="/soundoflagos/feed.rss"></head>'
        '<body><article><h1>Episode 47: Afrobeats and the algorithm</h1><audio src="/ep47.mp3" controls>'
        "</audio></article></body></html>"
    )
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Sound of Lagos</title>
<itunes:author>Kemi Adeyemi</itunes:author><item><title>Episode 47: Afrobeats and the algorithm</title>
<link>{episode}</link><itunes:duration>3150</itunes:duration><itunes:episode>47</itunes:episode></item></channel></rss>"""
    httpserver.expect_request("/soundoflagos/47").respond_with_data(html, content_type="text/html")
    httpserver.expect_request("/soundoflagos/feed.rss").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup(episode)
    assert (meta.kind, meta.duration, meta.authors, meta.extras.get("episode")) == (
        "podcast",
        3150,
        ["Kemi Adeyemi"],
        "47",
    )


def test_a_news_story_numbering_a_tv_episode_stays_the_story(httpserver):
    """A newsroom's recap typed NewsArticle (review 29), with the site's feed and a listen-to-
    this player, titled by the episode it recaps, was made a podcast by the episode rule above
    and the site's feed read for its length."""
    html = (
        "<html><head><title>The Last of Us Season 2, Episode 3 recap: the long night</title>"
        '<meta property="og:type" content="article"><link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "The Last of Us Season 2, Episode 3'
        ' recap: the long night", "author": {"@type": "Person", "name": "Ngozi Okafor"}}</script></head>'
        "<body><article><h1>The Last of Us Season 2, Episode 3 recap: the long night</h1>"
        '<audio src="/listen/recap.mp3" controls></audio><p>Words.</p></article></body></html>'
    )
    httpserver.expect_request("/tv/recap").respond_with_data(html, content_type="text/html")
    meta = lookup(httpserver.url_for("/tv/recap"))
    assert (meta.kind, meta.authors) == ("article", ["Ngozi Okafor"])
    assert "/feed/" not in [request.path for request, _ in httpserver.log]


def test_podcast_episode_matched_by_title_when_links_differ(httpserver):
    url = _talkpython(httpserver)
    feed = (
        (RESPONSES / "podcast-feed.rss")
        .read_text()
        .replace(
            "https://talkpython.fm/episodes/show/359/lifecycle-of-a-machine-learning-project",
            "https://talkpython.fm/359",
        )
    )
    httpserver.expect_request("/episodes/rss").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup(url)
    assert (meta.duration, meta.extras["episode"]) == (3851, "359")
    assert meta.authors == ["Michael Kennedy"]


def test_an_overcast_episodes_title_is_without_its_shows_name(proxy):
    """Chidi's Overcast episode (new user 39) showed its show twice in the email: "The Windows
    Is Upstairs — Accidental Tech Podcast" as its title, then "Accidental Tech Podcast" under it.
    Overcast's og:title ends with the show's name, which the page gives nowhere else to cut it
    by; the feed names the show, and the title is now cut by that name."""
    html = (
        "<html><head><title>Accidental Tech Podcast: 612: The Windows Is Upstairs &mdash; Overcast</title>"
        '<meta name="og:title" content="612: The Windows Is Upstairs &mdash; Accidental Tech Podcast">'
        '<meta name="twitter:site" content="@OvercastFM">'
        '<link rel="alternate" type="application/rss+xml" href="http://atp.fm/rss"></head><body></body></html>'
    )
    proxy.expect_request("/+ABlkVn2Qk").respond_with_data(html, content_type="text/html; charset=utf-8")
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        "<channel><title>Accidental Tech Podcast</title><item><title>612: The Windows Is Upstairs</title>"
        "<link>http://overcast.fm/+ABlkVn2Qk</link><itunes:duration>1:48:09</itunes:duration>"
        "</item></channel></rss>"
    )
    proxy.expect_request("/rss").respond_with_data(feed, content_type="application/rss+xml")
    meta = lookup("http://overcast.fm/+ABlkVn2Qk")
    assert (meta.title, meta.site_name, meta.duration) == (
        "612: The Windows Is Upstairs",
        "Accidental Tech Podcast",
        6489,
    )


def test_podcast_feed_without_the_episode_or_broken_leaves_the_page(httpserver):
    url = _talkpython(httpserver)
    httpserver.expect_request("/episodes/rss").respond_with_data(
        "<rss><channel><title>x</title>", content_type="application/rss+xml"
    )
    meta = lookup(url)
    assert (meta.title, meta.duration, meta.published) == (
        "Lifecycle of a machine learning project",
        3840,
        "2022-04-03",
    )


def test_podcast_feed_that_fails_leaves_the_page(httpserver):
    url = _talkpython(httpserver)
    httpserver.expect_request("/episodes/rss").respond_with_data("", status=404)
    assert lookup(url).duration == 3840


def test_a_podcast_feed_declaring_entities_fails_that_link_saying_so(httpserver):
    """A "billion laughs" feed: not expanded, not read by feedparser's loose parser either."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {"b" * n}a "' + f"&{'b' * (n - 1)}a;" * 10 + '">' for n in range(1, 9)
    )
    feed = f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel><title>&bbbbbbbba;</title></channel></rss>'
    url = _talkpython(httpserver)
    httpserver.expect_request("/episodes/rss").respond_with_data(feed, content_type="application/rss+xml")
    with pytest.raises(FetchError) as raised:
        lookup(url)
    assert f"the feed at {httpserver.url_for('/episodes/rss')} declares XML entities" in str(raised.value)


def test_a_blog_with_a_feed_is_not_a_podcast():
    from newsletter.models import Metadata

    blog = Metadata(kind="article", extras={"feed": "https://example.com/feed.xml"})
    assert not podcast.wants("https://example.com/post", blog)
    assert podcast.wants("https://myshow.transistor.fm/episodes/1", blog)
    assert podcast.wants("https://example.com/episode-1", Metadata(kind="podcast", extras=blog.extras))


# PDFs behind links that do not say so


def _pdf(title: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_metadata({"/Title": title, "/Author": "Jane Roe", "/Producer": "LaTeX with hyperref"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("content_type", ["application/pdf", "application/octet-stream"])
def test_a_pdf_answer_is_read_as_a_pdf_not_a_web_page(httpserver, content_type):
    httpserver.expect_request("/download").respond_with_data(_pdf("Scaling Laws"), content_type=content_type)
    meta = lookup(httpserver.url_for("/download?id=3"))
    assert (meta.title, meta.authors, meta.kind) == ("Scaling Laws", ["Jane Roe"], "paper")


def test_an_image_is_still_not_a_web_page(httpserver):
    httpserver.expect_request("/photo").respond_with_data(b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    with pytest.raises(FetchError) as info:
        lookup(httpserver.url_for("/photo"))
    assert info.value.reason == "not a web page (image/png)"


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "application/ld+json", "text/json", "application/x-json"],
)
def test_an_api_answer_is_not_a_web_page(httpserver, content_type):
    """A link copied from the browser's network panel, an API's article (JSON), was read as HTML:
    no title, and the build's "no title" warning blamed the page, while its text lent the entry
    the date in "published_at". It is named for what it is, as an image is."""
    answer = b'{"id":8812,"title":"Council approves new bike lanes","published_at":"2026-07-03T09:12:00Z"}'
    httpserver.expect_request("/v2/articles/8812").respond_with_data(answer, content_type=content_type)
    with pytest.raises(FetchError) as info:
        lookup(httpserver.url_for("/v2/articles/8812"))
    assert info.value.reason == f"not a web page ({content_type.split(';')[0]})"


def test_a_byline_and_date_only_in_the_body_are_found(httpserver):
    """Enrichment reads the page's body, not only its head: many blogs name their author and
    date only there (here: no meta tags at all, as on many hand-made and older sites)."""
    menu = "<nav><ul>" + '<li><a href="/tag/x">A tag</a></li>' * 6000 + "</ul></nav>"  # 200 KB before it
    article = (
        f"<!DOCTYPE html><html><head><title>Notes on parsing | A blog</title></head><body>{menu}"
        '<article><h1>Notes on parsing</h1><p class="byline">By Jane Doe and Ali Hassan</p>'
        '<time datetime="2021-02-14">February 14, 2021</time><p>Words of the post.</p></article></body></html>'
    )
    httpserver.expect_request("/notes").respond_with_data(article, content_type="text/html")
    meta = lookup(httpserver.url_for("/notes"))
    assert meta.authors == ["Jane Doe", "Ali Hassan"]
    assert meta.published == "2021-02-14"


def test_an_entry_typed_podcast_gets_its_shows_feed_read(httpserver, tmp_path):
    """A show's episode page that says nothing of a podcast (og:type article, a player the
    tool does not know) got no duration, hosts or number, though the entry said `type: podcast`:
    the entry's type never reached the lookup. An article entry on the same kind of page is
    left as the page is."""
    from newsletter.build import build

    from helpers import url_of

    feed_url = url_of(httpserver, "/feed.xml")
    items = ""
    for number, slug in ((7, "lock-files"), (8, "wheels")):
        link = url_of(httpserver, f"/episodes/{slug}/")
        items += (
            f"<item><title>{slug}</title><link>{link}</link><itunes:duration>42:10</itunes:duration>"
            f"<itunes:episode>{number}</itunes:episode></item>"
        )
        httpserver.expect_request(f"/episodes/{slug}/").respond_with_data(
            f'<html><head><title>{slug} | Build Notes</title><meta property="og:type" content="article">'
            f'<link rel="alternate" type="application/rss+xml" href="{feed_url}"></head>'
            f'<body><h1>{slug}</h1><div id="player" data-src="/media/{number}.ogg"></div></body></html>',
            content_type="text/html",
        )
    httpserver.expect_request("/feed.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        f"<channel><title>Build Notes</title>{items}</channel></rss>",
        content_type="application/rss+xml",
    )
    root = tmp_path / "ws"
    (root / "entries/2021/02").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n[fetch]\nallow_private_addresses = true\n')
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    for day, (kind, slug) in enumerate((("podcast", "lock-files"), ("article", "wheels")), start=1):
        (root / f"entries/2021/02/{slug}.md").write_text(
            f"---\ntype: {kind}\nurl: {url_of(httpserver, f'/episodes/{slug}/')}\ndate: 2021-02-0{day}\n---\nNotes.\n"
        )
    entries = {e.url.rsplit("/", 2)[1]: e for e in build(root, "2021-02").edition.entries}
    assert (entries["lock-files"].meta.duration, entries["lock-files"].meta.extras.get("episode")) == (2530, "7")
    assert entries["wheels"].meta.duration is None and "episode" not in entries["wheels"].meta.extras


def test_an_entry_retyped_podcast_after_its_link_was_cached_gets_its_feed_read(httpserver, tmp_path):
    """An author who saw no duration under an episode typed article, and made it `type: podcast`,
    got the same again on the next build: the link's row in the cache, made without the feed,
    was used until it aged out (30 days). The row is now fetched again, once: offline, and on
    the build after, the cached row serves."""
    from newsletter.build import build

    from helpers import url_of

    page, feed_url = url_of(httpserver, "/episodes/wheels/"), url_of(httpserver, "/feed.xml")
    httpserver.expect_request("/episodes/wheels/").respond_with_data(
        '<html><head><title>Wheels | Build Notes</title><meta property="og:type" content="article">'
        f'<link rel="alternate" type="application/rss+xml" href="{feed_url}"></head>'
        "<body><h1>Wheels</h1></body></html>",
        content_type="text/html",
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        f"<channel><title>Build Notes</title><item><title>Wheels</title><link>{page}</link>"
        "<itunes:duration>42:10</itunes:duration><itunes:episode>8</itunes:episode></item></channel></rss>",
        content_type="application/rss+xml",
    )
    root = tmp_path / "ws"
    (root / "entries/2021/02").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n[fetch]\nallow_private_addresses = true\n')
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    entry = root / "entries/2021/02/wheels.md"

    def built(kind: str, **options):
        entry.write_text(f"---\ntype: {kind}\nurl: {page}\ndate: 2021-02-01\n---\nNotes.\n")
        return build(root, "2021-02", **options).edition.entries[0].meta

    assert built("article").duration is None
    asked = len(httpserver.log)
    assert built("podcast", offline=True).duration is None  # offline: the cached row, as it is
    assert len(httpserver.log) == asked
    meta = built("podcast")
    assert (meta.duration, meta.extras.get("episode")) == (2530, "8")
    asked = len(httpserver.log)
    assert built("podcast").duration == 2530
    assert len(httpserver.log) == asked  # fetched once: the new row says podcast


def test_a_months_first_requests_leave_before_its_last_links_are_started():
    """Each link runs up to its connection when started: started all in one turn of the event
    loop, no request left before the last link's connection was asked for (a cold month's first
    answers came ~0.1 s late, on two busy cores). A few at a time, the loop sends between."""
    from newsletter.links.web import _in_turn

    events = []

    async def link(number: int) -> None:
        events.append(("started", number))
        await asyncio.sleep(0)  # its connection is made, and its request sent, on a later turn
        events.append(("sent", number))

    asyncio.run(_in_turn([functools.partial(link, number) for number in range(200)]))
    assert events.index(("sent", 0)) < events.index(("started", 199))
    assert sorted(number for kind, number in events if kind == "sent") == list(range(200))


def test_links_started_before_a_cancel_end_with_it():
    """^C while a month's links are being started: those started are cancelled too, not left to
    run on after the run that started them (and its HTTP client) has ended."""
    from newsletter.links.web import _in_turn

    async def link() -> None:
        await asyncio.Event().wait()  # an answer that never comes

    async def cancelled() -> set:
        run = asyncio.ensure_future(_in_turn([link] * 40))
        await asyncio.sleep(0)  # the first links are started, not all
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        return asyncio.all_tasks() - {asyncio.current_task()}

    assert asyncio.run(cancelled()) == set()


def test_the_links_of_the_busiest_host_are_asked_first():
    """A host's links past its per-host limit wait for its first answers: its first requests
    go first, so that its next ones leave as early as they can. Each host's in the order given."""
    from newsletter.links.web import _busiest_first

    urls = [
        "https://one.example/a",
        "https://three.example/a",
        "https://two.example/a",
        "https://three.example/b",
        "https://www.two.example/b",
        "https://three.example/c",
        "https://two.example/b",
    ]
    assert _busiest_first(urls) == [
        "https://three.example/a",
        "https://three.example/b",
        "https://three.example/c",
        "https://two.example/a",
        "https://two.example/b",
        "https://one.example/a",
        "https://www.two.example/b",  # another host, as the per-host limit counts them
    ]


def test_wechats_verification_page_is_a_failed_fetch(proxy):
    """WeChat answers a client it does not trust with 200 OK and a page headed 环境异常: it became
    the link's title, and was kept in the cache as the article's page. It is a failed fetch,
    said as one, and the article is fetched again at the next build."""
    from test_wechat import VERIFY, article

    proxy.expect_ordered_request("/s/Vx3kQ9aBcD").respond_with_data(
        VERIFY.format(heading="环境异常"), content_type="text/html; charset=utf-8"
    )
    with pytest.raises(FetchError, match="verification page"):
        lookup("http://mp.weixin.qq.com/s/Vx3kQ9aBcD")
    proxy.expect_ordered_request("/s/Vx3kQ9aBcD").respond_with_data(article(), content_type="text/html; charset=utf-8")
    assert lookup("http://mp.weixin.qq.com/s/Vx3kQ9aBcD").site_name == "前端早读课"


def test_links_to_one_page_told_apart_only_by_their_cache_key_make_one_request(httpserver, tmp_path):
    """Attack 30's three entries linking one article at #a, #b and without a fragment made three
    requests to its host in one build, as a link with a tracker (?utm_source=…) beside it does:
    a browser sends neither, the cache keeps them as one page. One request, each link answered."""
    from newsletter.links import Links

    httpserver.expect_request("/essay").respond_with_data(
        PEERTUBE.replace("video.other", "article"), content_type="text/html"
    )
    base = httpserver.url_for("/essay")
    urls = [f"{base}#a", f"{base}#b", base, f"{base}?utm_source=newsletter"]
    with Links(Fetch(timeout=2.0, allow_private_addresses=True), tmp_path) as links:
        looked = links.metadata(urls)
    assert len(httpserver.log) == 1
    assert {url: meta.title for url, meta in looked.found.items()} == dict.fromkeys(
        urls, "Yann LeCun : les modèles du monde"
    )

    httpserver.clear()  # a page that fails: each link's failure names that link
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    gone = httpserver.url_for("/gone")
    with Links(Fetch(timeout=2.0, allow_private_addresses=True), tmp_path) as links:
        looked = links.metadata([f"{gone}#one", f"{gone}#two"])
    assert len(httpserver.log) == 1
    assert [failure.url for failure in looked.failures] == [f"{gone}#one", f"{gone}#two"]


# A paper's page naming its DOI, but not its authors or journal: Crossref fills the gaps


SCIENCEDIRECT = (
    "<html><head><title>Deep learning in neural networks: An overview - ScienceDirect</title>"
    '<meta property="og:title" content="Deep learning in neural networks: An overview">'
    '<meta property="og:site_name" content="ScienceDirect"><meta name="citation_type" content="JOUR">'
    '<meta name="citation_doi" content="10.1016/j.neunet.2014.09.003">{more}</head>'
    "<body><h1>Deep learning in neural networks: An overview</h1></body></html>"
)


def test_a_papers_page_naming_its_doi_alone_is_completed_by_crossref(proxy, monkeypatch):
    """New user 46's ScienceDirect paper was cited with no journal and no year: ScienceDirect's
    head names its title and DOI, and draws the byline and journal with a script. Crossref,
    asked for the DOI the page names, gives them; what the page says wins."""
    monkeypatch.setattr(doi, "API", "http://api.crossref.org/works")
    work = {
        "title": ["Deep learning in neural networks: an overview"],
        "author": [{"given": "Jürgen", "family": "Schmidhuber", "sequence": "first"}],
        "container-title": ["Neural Networks"],
        "published": {"date-parts": [[2015, 1]]},
        "type": "journal-article",
        "DOI": "10.1016/j.neunet.2014.09.003",
    }
    proxy.expect_request("/works/10.1016/j.neunet.2014.09.003").respond_with_json({"status": "ok", "message": work})
    proxy.expect_request("/science/article/pii/S0893608014002135").respond_with_data(
        SCIENCEDIRECT.format(more=""), content_type="text/html"
    )
    meta = lookup("http://www.sciencedirect.com/science/article/pii/S0893608014002135")
    assert (meta.title, meta.url) == (  # the page's own
        "Deep learning in neural networks: An overview",
        "http://www.sciencedirect.com/science/article/pii/S0893608014002135",
    )
    assert (meta.authors, meta.extras["journal"], meta.published) == (
        ["Jürgen Schmidhuber"],
        "Neural Networks",
        "2015-01",
    )


def test_a_papers_page_naming_its_authors_and_journal_asks_crossref_nothing(proxy, monkeypatch):
    monkeypatch.setattr(doi, "API", "http://api.crossref.org/works")
    more = (
        '<meta name="citation_author" content="Jürgen Schmidhuber">'
        '<meta name="citation_journal_title" content="Neural Networks">'
    )
    proxy.expect_request("/science/article/pii/S0893608014002135").respond_with_data(
        SCIENCEDIRECT.format(more=more), content_type="text/html"
    )
    meta = lookup("http://www.sciencedirect.com/science/article/pii/S0893608014002135")
    assert (meta.authors, meta.extras["journal"]) == (["Jürgen Schmidhuber"], "Neural Networks")
    assert [request.path for request, _ in proxy.log] == ["/science/article/pii/S0893608014002135"]
