"""The posts drop into a real Hugo site and build there: `hugo --panicOnWarning`."""

import csv
import io
import re
import subprocess

import pytest

from newsletter.build import build

from helpers import EDITIONS
from hugo_versions import hugo_build


@pytest.fixture
def built_site(example_workspace, hugo):
    results = [build(example_workspace, period, offline=True) for period in EDITIONS]
    site = example_workspace / "site"
    hugo_build(hugo, site)
    return site, results


def test_every_example_post_is_rendered(built_site):
    site, results = built_site
    for result in results:
        page = (site / "public" / "posts" / result.outputs.post_slug / "index.html").read_text()
        assert result.edition.title in page
        for entry in result.edition.entries:
            assert f'href="{entry.url}"' in page
            for person in entry.speakers if entry.type != "mine" else []:
                assert person.replace("'", "&rsquo;") in page or person.replace("'", "&#39;") in page


def test_the_home_page_shows_each_summary(built_site):
    site, results = built_site
    home = (site / "public" / "index.html").read_text()
    week = next(r for r in results if r.edition.period.key == "2020-W28")
    assert "<em>Twenty-Six Words</em>" in home  # the intro, before <!--more-->
    assert week.edition.title in home
    assert "JAX sends" not in home  # notes after <!--more--> are not in the summary


def test_a_post_without_an_intro_is_summed_up_by_its_titles(example_workspace, hugo):
    """No intro, no subtitle, so no <!--more-->: Hugo's own summary ran across the post's first
    70 words, "[Podcast] Lifecycle… Speakers: Michael Kennedy, …" and into the notes."""
    (example_workspace / "entries/2022/04/_index.md").unlink()
    result = build(example_workspace, "2022-04", offline=True)
    summary = (
        'summary = "Lifecycle of a machine learning project · Made With ML · ADVI: Scalable Bayesian Inference'
        ' · Conda hacks for data science efficiency · …"\n'
    )
    assert summary in result.outputs.post
    site = example_workspace / "site"
    hugo_build(hugo, site)
    home = (site / "public" / "index.html").read_text()
    shown = home[home.index('<section class="summary">') :].split("</section>")[0]
    assert "Lifecycle of a machine learning project · Made With ML · ADVI: Scalable Bayesian" in shown
    assert "Speakers" not in shown and "notebook" not in shown and "<h2 id=" not in shown


def test_hugo_lists_every_post_as_published(built_site, hugo):
    site, results = built_site
    listing = subprocess.run([hugo, "list", "all"], cwd=site, capture_output=True, text=True, check=True).stdout
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(listing))}
    for result in results:
        row = rows[result.outputs.post_slug]
        assert row["draft"] == "false" and row["title"] == result.edition.title


def test_category_and_tag_pages_exist(built_site):
    site, _ = built_site
    assert (site / "public/categories/what-i-read/index.html").is_file()
    assert (site / "public/tags/jax/index.html").is_file()


def test_a_tag_and_a_category_page_list_their_posts(built_site):
    """A current Hugo (0.146 on) drew every tag's and category's page with the starter site's
    taxonomy.html, the list of all tags, where a term has none: "None yet." under each, posts
    and all. Hugo 0.111 took term.html, as it should."""
    site, results = built_site
    jax = [r.outputs.post_slug for r in results if any("jax" in e.tags for e in r.edition.entries)]
    for page, slugs in (("tags/jax", jax), ("categories/what-i-read", [r.outputs.post_slug for r in results])):
        html = (site / "public" / page / "index.html").read_text()
        assert "None yet." not in html, page
        assert jax and all(f'href="/posts/{slug}/"' in html for slug in slugs), page


def test_a_tag_cannot_put_its_page_over_another(example_workspace, hugo):
    """Hugo writes a tag's page at /tags/<tag>/ and follows a '..' in the tag: an entry tagged
    '../..' (a publisher's keyword imported from BibTeX or Zotero, a feed's category, a slip)
    replaced the blog's home page with that tag's list under a current Hugo, and '../posts/SLUG'
    replaced a post; Debian's Hugo refused to build the site at all ("missing taxonomy: tags").
    The post's tags leave out such steps ('CI/CD' keeps its own /tags/ci/cd/, '.NET' is a name)."""
    result = build(example_workspace, "2020-W28", offline=True)
    tags = f'["../..", "../posts/{result.outputs.post_slug}", "CI/CD", ".NET", "./ml/../ops"]'
    for name, written in (("_2020-W28.md", ""), ("jax.md", f"tags: {tags}")):  # the edition's tags: its entries'
        entry = example_workspace / "entries/2020/07" / name
        entry.write_text(re.sub(r"(?m)^tags:.*$", written, entry.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(example_workspace, "2020-W28", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    public = site / "public"
    home = (public / "index.html").read_text()
    assert result.edition.title in home and "../.." not in home  # the blog's home page, listing its posts
    post = (public / "posts" / result.outputs.post_slug / "index.html").read_text()
    assert result.edition.title in post and "../posts" not in post
    assert (public / "tags" / "ci" / "cd" / "index.html").is_file() and (public / "tags" / ".net").is_dir()
    assert (public / "tags" / "ml" / "ops" / "index.html").is_file()


def test_yaml_front_matter_builds_too(example_workspace, hugo):
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('front_matter = "toml"', 'front_matter = "yaml"'))
    result = build(example_workspace, "2020-W28", offline=True)
    assert result.outputs.post.startswith('---\ntitle: "What I read this week (July 5 - July 11, 2020)"\n')
    site = example_workspace / "site"
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert "What I read this week (July 5 - July 11, 2020)" in page and "Jake VanderPlas" in page


def test_every_link_of_a_site_in_a_subfolder_stays_in_it(example_workspace, hugo):
    """A site published at https://example.org/blog/: the header's links to the home page and
    the taxonomies went to the domain's root (relURL of "/…" leaves the base path out)."""
    config = example_workspace / "site/hugo.toml"
    config.write_text(
        config.read_text().replace('baseURL = "https://ericmjl.github.io/"', 'baseURL = "https://example.org/blog/"')
    )
    build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    for page in ("index.html", "posts/what-i-read-in-february-2021/index.html", "tags/index.html"):
        html = (site / "public" / page).read_text()
        local = re.findall(r'(?:href|src)="(/[^"]*)"', html)
        assert local and all(link.startswith("/blog/") for link in local), (page, local)
    assert 'href="https://example.org/blog/newsletter/"' in (site / "public/newsletter/index.html").read_text()


def test_every_page_of_the_blog_leads_a_feed_reader_to_the_logs_feed(example_workspace, hugo):
    """New user 56's readers follow him by feed: given his blog's address, or a post's, a feed
    reader found only Hugo's RSS of the posts (on the home page alone), never the feed of every
    entry with its notes that the build writes. Every page names it, Atom and JSON Feed, at the
    address the feed says is its own (a site in a subfolder too)."""
    import feedparser

    config = example_workspace / "site/hugo.toml"
    config.write_text(
        config.read_text().replace('baseURL = "https://ericmjl.github.io/"', 'baseURL = "https://example.org/blog/"')
    )
    build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    own = feedparser.parse((site / "public/feeds/entries.xml").read_bytes()).feed
    atom = next(link.href for link in own.links if link.rel == "self")
    assert atom == "https://example.org/blog/feeds/entries.xml"
    for page in ("index.html", "posts/what-i-read-in-february-2021/index.html", "tags/index.html"):
        html = (site / "public" / page).read_text()
        found = dict(re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', html))
        assert found["application/atom+xml"] == atom, page
        assert found["application/feed+json"] == atom.removesuffix(".xml") + ".json", page


def test_every_page_of_the_blog_links_the_web_archive_of_editions(example_workspace, hugo):
    """New user 56's readers follow him on the web: each edition is on his site with an index of
    every edition, and no page of the blog linked it, so a reader there never found them. Every
    page's footer links the index, in the site's language, under the site's path."""
    config = example_workspace / "site/hugo.toml"
    text = config.read_text().replace('baseURL = "https://ericmjl.github.io/"', 'baseURL = "https://example.org/blog/"')
    config.write_text(text)
    build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    assert (site / "public/newsletter/index.html").is_file()
    pages = ("index.html", "posts/what-i-read-in-february-2021/index.html", "tags/index.html")
    for page in pages:
        footer = (site / "public" / page).read_text().partition("<footer>")[2]
        assert '<a href="/blog/newsletter/">Every edition</a>' in footer, page
    config.write_text(re.sub(r'(?m)^defaultContentLanguage = ".*"', 'defaultContentLanguage = "fr"', text))
    hugo_build(hugo, site)
    assert '<a href="/blog/newsletter/">Toutes les éditions</a>' in (site / "public/index.html").read_text()


@pytest.mark.parametrize("images", ['["images/reading.png", "images/other.png"]', '"images/reading.png"'])
def test_a_post_shared_shows_its_title_description_and_picture(example_workspace, hugo, images):
    """Link previews (Facebook, LinkedIn, WhatsApp, Slack, Mastodon) read a page's Open Graph tags:
    new user 56's readers shared a post of his blog, init's site, and got a bare address. Each page
    says its title, description and address; a post whose front matter gives `images` (a list, or
    one), its picture, absolute, under the site's path."""
    config = example_workspace / "site/hugo.toml"
    config.write_text(
        config.read_text().replace('baseURL = "https://ericmjl.github.io/"', 'baseURL = "https://example.org/blog/"')
    )
    build(example_workspace, "2021-02", offline=True)
    post = example_workspace / "site/content/posts/what-i-read-in-february-2021/index.md"
    post.write_text(post.read_text().replace("\nslug = ", f"\nimages = {images}\nslug = ", 1))
    site = example_workspace / "site"
    hugo_build(hugo, site)

    def tags(page):
        html = (site / "public" / page).read_text()
        return dict(re.findall(r'<meta property="(og:[^"]+)" content="([^"]*)">', html))

    assert tags("posts/what-i-read-in-february-2021/index.html") == {
        "og:site_name": "Eric J. Ma&#39;s Personal Site",
        "og:type": "article",
        "og:url": "https://example.org/blog/posts/what-i-read-in-february-2021/",
        "og:title": "What I read in February 2021",
        "og:description": "Packaging, MLOps and making fancy models",
        "og:image": "https://example.org/blog/images/reading.png",
    }
    home = tags("index.html")
    assert home["og:type"] == "website" and home["og:url"] == "https://example.org/blog/" and "og:image" not in home


def test_an_address_the_site_does_not_have_finds_its_way_back(example_workspace, hugo):
    """Hosts (GitHub Pages, Netlify, Cloudflare Pages) serve a site's 404.html for an address it
    does not have; init's site had none, so new user 56's readers following an old link to an
    edition got the host's bare page. Its own says so in the site's language and links the posts
    and every edition, from wherever it is served (addresses from the domain's root)."""
    config = example_workspace / "site/hugo.toml"
    text = config.read_text().replace('baseURL = "https://ericmjl.github.io/"', 'baseURL = "https://example.org/blog/"')
    config.write_text(text)
    build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    for language, said in (("en", "Page not found"), ("fr", "Page introuvable")):
        config.write_text(re.sub(r'(?m)^defaultContentLanguage = ".*"', f'defaultContentLanguage = "{language}"', text))
        hugo_build(hugo, site)
        page = (site / "public/404.html").read_text()
        assert f"<title>{said} | " in page and f"<h1>{said}</h1>" in page
        links = re.findall(r'href="([^"]*)"', page.partition("<main")[2].partition("</main>")[0])
        assert links == ["/blog/", "/blog/newsletter/"]


def test_the_site_publishes_the_feeds_and_every_edition(built_site):
    site, results = built_site
    public = site / "public"
    for name in ("entries.xml", "entries.json", "editions.xml", "editions.json"):
        assert (public / "feeds" / name).is_file()
    assert (public / "index.xml").is_file()  # Hugo's own feed, untouched beside ours
    for result in results:
        page = (public / "newsletter" / result.edition.period.key / "index.html").read_text()
        assert result.edition.subject in page
    assert all(r.edition.period.key in (public / "newsletter/index.html").read_text() for r in results)


def test_a_notes_paragraph_in_the_other_direction_is_laid_out_in_its_own_on_the_blog(example_workspace, hugo):
    """An Arabic post's English quote was laid out right to left with the page, its question
    mark at the wrong end ("?… Is it"), where the email gives it its own dir. A paragraph mostly
    in the other direction gets a {dir="ltr"} line after it, Goldmark's block attribute, which the
    shipped site turns on; in a site that does not (Hugo's default), where the line would show as
    typed, the post is written as before."""
    from selectolax.lexbor import LexborHTMLParser

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    (example_workspace / "entries/2021/02/quoted.md").write_text(
        "---\ntype: article\nurl: https://example.org/q\ndate: 2021-02-20\ntitle: مقال\n---\n"
        "> The library is the *last* quiet place. Is it?\n\nسؤال جيد.\n\n"
        "- قرأته\n\n- The item is English. Is it?\n\nThe Arabic word مكتبة means library.\n\n"
        "Zotero 8 يدعم العربية.\n\n"
        # a table, left as the email leaves it, and a footnote, whose dir Goldmark gives every note's
        "نص[^1].\n\n| Name | What it is |\n|---|---|\n| Zotero | A reference manager |\n\n"
        "[^1]: An English footnote. Is it?\n",
        encoding="utf-8",
    )
    site = example_workspace / "site"
    post = build(example_workspace, "2021-02", offline=True).outputs.post
    assert '> The library is the *last* quiet place. Is it?\n> {dir="ltr"}\n' in post
    hugo_build(hugo, site)
    page = next((site / "public" / "posts").glob("*/index.html")).read_text()
    directions = {" ".join(p.text().split()): p.attributes.get("dir") for p in LexborHTMLParser(page).css("p")}
    expected = {
        "The library is the last quiet place. Is it?": "ltr",
        "سؤال جيد.": None,
        "قرأته": None,
        "The item is English. Is it?": "ltr",
        "The Arabic word مكتبة means library.": "ltr",
        "Zotero 8 يدعم العربية.": None,
    }
    assert {text: directions.get(text, "missing") for text in expected} == expected
    assert "{dir=" not in page
    tree = LexborHTMLParser(page)
    assert [len(table.css("tr")) for table in tree.css("table")] == [2]
    assert [div.attributes.get("dir") for div in tree.css("div.footnotes")] == [None]

    hugo_toml = site / "hugo.toml"
    hugo_toml.write_text(hugo_toml.read_text().replace("block = true", "block = false"), encoding="utf-8")
    post = build(example_workspace, "2021-02", offline=True).outputs.post
    assert "{dir=" not in post and "> The library is the *last* quiet place. Is it?\n\n" in post


def test_inits_site_reads_the_direction_of_a_notes_paragraph(tmp_path):
    """A new workspace's site reads Goldmark's block attributes, so its posts get a paragraph's own
    direction (the test above) without the author finding the setting."""
    from click.testing import CliRunner

    from newsletter.cli import main
    from newsletter.formats.post_direction import reads_block_attributes
    from newsletter.formats.site import hugo_settings

    result = CliRunner().invoke(main, ["init", str(tmp_path / "reading"), "--name", "Reading"])
    assert result.exit_code == 0, result.output
    assert reads_block_attributes(hugo_settings(tmp_path / "reading" / "site"))


def test_every_page_has_one_first_level_heading(built_site):
    """The Nu HTML Checker: the home page listed its posts as <h2>s under no <h1>."""
    from selectolax.lexbor import LexborHTMLParser

    site, _ = built_site
    pages = ["index.html", "posts/index.html", "tags/index.html", "categories/what-i-read/index.html"]
    for page in pages:
        headings = LexborHTMLParser((site / "public" / page).read_bytes()).css("h1")
        assert len(headings) == 1, page
    home = LexborHTMLParser((site / "public" / "index.html").read_bytes())
    assert home.css_first("h1").text().strip() == home.css_first("title").text().strip()


def test_every_page_starts_with_a_link_past_its_header(built_site):
    """Amara (new user 41) reads her blog with Orca, her readers with VoiceOver and the keyboard:
    each page began with the site's name and its taxonomy links, to be tabbed through every time,
    with no link to skip them. The first thing in each page's <body> is that link, to its <main>."""
    from selectolax.lexbor import LexborHTMLParser

    site, results = built_site
    pages = ["index.html", "posts/index.html", f"posts/{results[0].outputs.post_slug}/index.html"]
    for page in pages:
        tree = LexborHTMLParser((site / "public" / page).read_bytes())
        first = tree.body.css_first("a")
        assert (first.attributes.get("href"), first.text().strip()) == ("#content", "Skip to content"), page
        assert tree.css_first("main").attributes.get("id") == "content", page


def test_the_sites_rss_links_a_summarys_pictures_and_links_where_the_page_does(example_workspace, hugo):
    """Hugo's RSS shows a post's intro away from its page: a picture kept in the bundle and a link to
    a heading resolved against the feed, and a link to /about/ became the baseURL's, not the page's."""
    import feedparser
    from selectolax.lexbor import LexborHTMLParser
    from test_bundle_images import png

    config = example_workspace / "site/hugo.toml"
    config.write_text(config.read_text().replace("https://ericmjl.github.io/", "https://example.org/blog/"))
    month = example_workspace / "entries/2021/02"
    (month / "chart.png").write_bytes(png(4, 3))
    intro = month / "_index.md"
    intro.write_text(
        intro.read_text().replace(
            "Let’s get started!", "Let’s get started: ![a chart](chart.png), [about](/about/), [below](#mlops)."
        )
    )
    build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    post = "https://example.org/blog/posts/what-i-read-in-february-2021/"
    item = next(e for e in feedparser.parse((site / "public/index.xml").read_bytes()).entries if e.link == post)
    summary = LexborHTMLParser(item.summary)
    assert [img.attributes.get("src") for img in summary.css("img")] == [post + "chart.png"]
    assert [img.attributes.get("alt") for img in summary.css("img")] == ["a chart"]
    assert [a.attributes.get("href") for a in summary.css("a")] == ["https://example.org/about/", post + "#mlops"]
    page = (site / "public/posts/what-i-read-in-february-2021/index.html").read_text()
    assert re.findall(r"<img [^>]*>", page) == [
        '<img src="chart.png" alt="a chart" width="4" height="3" loading="lazy">'
    ]
    assert 'href="#mlops"' in page  # as written


def test_a_posts_pictures_load_as_the_reader_scrolls_and_its_own_have_their_size(example_workspace, hugo):
    """New user 55's (Hiro's) month of 150 entries is a post of 312 KB of HTML, its pictures
    loaded all at once on opening it, and one of the post's own (in its bundle) moved the text
    below it down when it came. init's image hook marks every picture loading="lazy", and gives
    one of the bundle its width and height; a picture on the web, or an SVG, has no size Hugo
    can read without fetching it (Hugo 0.111 and the current one)."""
    from test_bundle_images import png

    month = example_workspace / "entries/2021/02"
    (month / "chart.png").write_bytes(png(40, 30))
    (month / "plot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>')
    note = month / "model-search.md"
    note.write_text(
        note.read_text() + "\n![a chart](chart.png) ![a plot](plot.svg) ![a photo](https://example.com/photo.jpg)\n"
    )
    result = build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert re.findall(r"<img [^>]*>", page) == [
        '<img src="chart.png" alt="a chart" width="40" height="30" loading="lazy">',
        '<img src="plot.svg" alt="a plot" loading="lazy">',
        '<img src="https://example.com/photo.jpg" alt="a photo" loading="lazy">',
    ]
