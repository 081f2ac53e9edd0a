"""A post's address on the blog, worked out as Hugo works it out from the site's [permalinks]:
checked against the address a real Hugo build gives the posts the tool writes (both versions).

Every link the tool makes to a post (the [smart] "Previously in this log" line) assumed Hugo's
default /posts/<slug>/, so a site with permalinks such as "/:year/:month/:slug/" got broken links.
"""

import csv
import datetime as dt
import io
import re
import subprocess
from urllib.parse import unquote

import pytest

from newsletter import config
from newsletter.build import build
from newsletter.errors import NewsletterError
from newsletter.formats.permalinks import Post, post_url
from newsletter.formats.site import hugo_settings, site_base_url

from hugo_versions import DEBIAN, hugo_build

# (what to add to the site's files, the Hugo versions that know it, what to change in newsletter.toml)
BOTH, CURRENT = ("debian", "current"), ("current",)
CASES = {
    "year-month-slug": ({"hugo.toml": '[permalinks]\nposts = "/:year/:month/:slug/"'}, BOTH, {}),
    "every-date-token-and-title": (
        {"hugo.toml": '[permalinks]\nposts = "/:year/:monthname/:day/:weekday/:weekdayname/:yearday/:title/"'},
        BOTH,
        {},
    ),
    "sections-and-file-names-no-slash": (
        {"hugo.toml": '[permalinks]\nposts = "/:section/:sections/:filename/:slugorfilename"'},
        BOTH,
        {},
    ),
    "go-time-layouts": ({"hugo.toml": '[permalinks]\nposts = "/:06/:1/:2/:Jan/:Mon/:002/:2006_01/:slug/"'}, BOTH, {}),
    "section-slices-and-a-dot": (
        {"hugo.toml": '[permalinks]\nposts = "/blog/:sections[1:]/:sections[0]/:slug.html"'},
        BOTH,
        {},
    ),
    "the-last-section": (
        {"hugo.toml": '[permalinks]\nposts = "/:sections[last]/:sections[:last]/:slug/"'},
        CURRENT,
        {},
    ),
    "ugly-urls": ({"hugo.toml": 'uglyURLs = true\n[permalinks]\nposts = "/:year/:slug/"'}, BOTH, {}),
    "ugly-urls-by-section-no-pattern": ({"hugo.toml": "[uglyURLs]\nposts = true"}, BOTH, {}),
    "case-and-accents-kept-or-not": (
        {
            "hugo.toml": "disablePathToLower = true\nremovePathAccents = true\n"
            '[permalinks]\nposts = "/:monthname/:title/"'
        },
        BOTH,
        {"monthly_title": "Lektüre im {month} {year}: Daten & Modelle (Teil 1+2)"},
    ),
    "unicode-title": (
        {"hugo.toml": '[permalinks]\nposts = "/:title/"'},
        BOTH,
        {"monthly_title": "Lektüre im {month} {year} — 读书"},
    ),
    # Midnight in Tokyo is the day before in UTC: Hugo keeps the offset the date is written with
    # (and its own timeZone is only for dates written without one).
    "east-of-utc": (
        {"hugo.toml": 'timeZone = "America/Los_Angeles"\n[permalinks]\nposts = "/:year/:month/:day/:slug/"'},
        BOTH,
        {"timezone": "Asia/Tokyo"},
    ),
    "yaml-front-matter-east-of-utc": (
        {"hugo.toml": '[permalinks]\nposts = "/:year/:month/:day/:title/"'},
        BOTH,
        {"timezone": "Pacific/Auckland", "front_matter": "yaml"},
    ),
    "config-folder-over-the-root-file": (
        {
            "hugo.toml": '[permalinks]\nposts = "/root/:slug/"',
            "config/_default/permalinks.toml": 'posts = "/notes/:year/:slug/"',
        },
        BOTH,
        {},
    ),
    "production-folder-over-default": (
        {
            "config/_default/hugo.toml": '[permalinks]\nposts = "/default/:slug/"',
            "config/production/permalinks.yaml": 'posts: "/:year/:yearday/:slug/"',
        },
        BOTH,
        {},
    ),
    # A blog in several languages whose default one is in its own folder too (/en/posts/…): the
    # "Previously in this log" line linked /posts/…, which the site does not have
    "default-language-in-a-subfolder": (
        {
            "config/_default/hugo.toml": "defaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n"
            "[languages.fr]\nweight = 2"
        },
        BOTH,
        {},
    ),
    # A French newsletter on an English blog with a French part: its posts went into the English
    # part (content/en/posts/, lang="en") and were linked at /posts/…
    "newsletter-in-the-sites-other-language": (
        {
            "hugo.toml": '[languages.en]\nweight = 1\ncontentDir = "content/en"\n'
            '[languages.fr]\nweight = 2\ncontentDir = "content/fr"'
        },
        BOTH,
        {"language": "fr"},
    ),
    # ... whose section's slug is its _index.md's title: the French part's, not the English one's
    "section-slug-in-the-sites-other-language": (
        {
            "hugo.toml": '[languages.en]\nweight = 1\ncontentDir = "content/en"\n'
            '[languages.fr]\nweight = 2\ncontentDir = "content/fr"\n[permalinks]\nposts = "/:sectionslug/:slug/"',
            "content/en/posts/_index.md": '+++\ntitle = "Reading notes"\n+++',
            "content/fr/posts/_index.md": '+++\ntitle = "Notes de lecture"\n+++',
        },
        CURRENT,
        {"language": "fr"},
    ),
    "page-kind-table": (
        {"hugo.toml": '[permalinks.page]\nposts = "/p/:contentbasename/:slugorcontentbasename/"'},
        CURRENT,
        {},
    ),
    "array-with-targets": (
        {
            "hugo.toml": '[[permalinks]]\npattern = "/other/:slug/"\n[permalinks.target]\npath = "/elsewhere/**"\n'
            '[[permalinks]]\npattern = "/r/:year/:slug/"\n[permalinks.target]\nkind = "page"\n'
            'path = "{/posts,/posts/**}"\nenvironment = "production"'
        },
        CURRENT,
        {},
    ),
    "escaped-colon-and-a-slash-in-the-title": (
        {"hugo.toml": '[permalinks]\nposts = "/x\\\\:y/:title/"'},
        CURRENT,
        {"monthly_title": "Reading/notes {month} {year}"},
    ),
    # Hugo 0.111 kept a backslash of the title in the address; the current Hugo makes it "-"
    # (escaped for re.sub, then for TOML: the title is Reading, one backslash, notes...).
    "a-backslash-in-the-title": (
        {"hugo.toml": '[permalinks]\nposts = "/:title/"'},
        CURRENT,
        {"monthly_title": "Reading\\\\\\\\notes {month} {year}"},
    ),
}


def hugos_permalinks(hugo: str, site) -> dict[str, str]:
    """Each post's address as Hugo gave it, by slug (`hugo list all`, which Hugo 0.111 has too)."""
    listing = subprocess.run([hugo, "list", "all"], cwd=site, capture_output=True, text=True, check=True).stdout
    rows = csv.DictReader(io.StringIO(listing))
    return {row["slug"]: row["permalink"] for row in rows if row["path"].endswith("/index.md")}  # the bundles


@pytest.mark.parametrize("case", CASES)
def test_a_post_address_is_the_one_hugo_gives_it(example_workspace, hugo, case):
    files, versions, newsletter = CASES[case]
    if ("debian" if hugo == DEBIAN else "current") not in versions:
        pytest.skip(f"Hugo 0.111 does not know this setting: {case}")
    root, site = example_workspace, example_workspace / "site"
    settings_file = root / "newsletter.toml"
    text = settings_file.read_text()
    for key, value in newsletter.items():  # each key is in the example's newsletter.toml
        text = re.sub(rf"^{key} = .*$", f'{key} = "{value}"', text, count=1, flags=re.M)
    settings_file.write_text(text)
    for name, addition in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text() + "\n" if path.is_file() else "") + addition + "\n")
    results = [build(root, period, offline=True) for period in ("2021-02", "2020-W28")]
    hugo_build(hugo, site)
    given = hugos_permalinks(hugo, site)
    settings = config.load(root)
    for result in results:
        slug = result.outputs.post_slug
        post = Post(settings.site.section, slug, result.edition.title, result.outputs.published)
        ours = post_url(settings, post, hugo_settings(site))
        assert ours == given[slug], case
        page = ours.removeprefix(site_base_url(settings))
        page = unquote(page) + ("index.html" if page.endswith("/") else "")
        assert (site / "public" / page).is_file(), page  # and the page is there


def test_a_token_hugo_does_not_know_is_named_with_its_file(tmp_path, monkeypatch):
    """Hugo refuses the site; the build says where the pattern is and what is wrong with it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site/config/_default").mkdir(parents=True)
    (tmp_path / "site/hugo.toml").write_text('baseURL = "https://blog.example.org/"\n')
    (tmp_path / "site/config/_default/permalinks.toml").write_text('posts = "/:year/:slugg/"\n')
    settings = config.Settings(root=tmp_path, name="Log")
    post = Post("posts", "what-i-read-in-may-2021", "What I read in May 2021", dt.datetime(2021, 5, 31))
    with pytest.raises(NewsletterError) as raised:
        post_url(settings, post)
    assert str(raised.value) == (
        "site/config/_default/permalinks.toml: the permalink pattern '/:year/:slugg/' has :slugg, a token "
        "Hugo does not know (it refuses to build the site): correct it; the tokens are listed at "
        "https://gohugo.io/configuration/permalinks/#tokens"
    )


def test_a_sections_slug_comes_from_its_index_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site/content/posts").mkdir(parents=True)
    (tmp_path / "site/hugo.toml").write_text('[permalinks]\nposts = "/:sectionslug/:slug/"\n')
    settings = config.Settings(root=tmp_path, name="Log")
    post = Post("posts", "what-i-read-in-may-2021", "What I read in May 2021", dt.datetime(2021, 5, 31))
    with pytest.raises(NewsletterError, match=r"site/content/posts/_index.md gives it none: add a title"):
        post_url(settings, post)
    (tmp_path / "site/content/posts/_index.md").write_text('+++\ntitle = "Reading Notes"\n+++\n')
    assert post_url(settings, post) == "https://example.com/reading-notes/what-i-read-in-may-2021/"


def test_the_sites_settings_are_read_again_once_edited_and_are_each_callers_own(tmp_path):
    """Each settings file's parse is kept (an edition's build asks for the site's address three
    times): an edit, even one of the same size within the clock's tick, is read; and a caller
    that changes what it got changes nobody else's."""
    (tmp_path / "hugo.toml").write_text('baseURL = "https://a.example/"\n[params]\nx = 1\n')
    assert hugo_settings(tmp_path)["baseurl"] == "https://a.example/"
    (tmp_path / "hugo.toml").write_text('baseURL = "https://b.example/"\n[params]\nx = 1\n')
    got = hugo_settings(tmp_path)
    assert got["baseurl"] == "https://b.example/"
    got["params"]["x"] = 2
    assert hugo_settings(tmp_path)["params"] == {"x": 1}


def test_an_editions_build_reads_the_sites_settings_once(example_workspace, monkeypatch):
    """An edition's build asked for the site's settings seven times (the post's folder, the
    site's address for the page, feeds and email, the raw-HTML and section checks), each time
    reading every settings file again, for each of `build --all`'s editions: now once an
    edition, and still each caller's own to change."""
    from collections import Counter

    from newsletter.commands.build import build_all, build_one
    from newsletter.formats import site

    reads, read = Counter(), site._read
    monkeypatch.setattr(site, "_read", lambda path: reads.update([path]) or read(path))
    build_one(example_workspace, "2021-02", offline=True, force=True)
    assert reads == {example_workspace / "site" / "hugo.toml": 1}
    reads.clear()
    summaries = build_all(example_workspace, offline=True, jobs=1)
    assert reads[example_workspace / "site" / "hugo.toml"] <= len(summaries) + 2  # (+ the run's own)
    with site.read_once():
        got = hugo_settings(example_workspace / "site")
        got["markup"] = got["baseurl"] = None
        assert hugo_settings(example_workspace / "site") != got
