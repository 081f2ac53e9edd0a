"""A site's name that only the page's <title> gives, after a separator, with no tag naming the
site to cut it by (newsletter/links/title_site.py): `new` wrote "Why X | Linguistics blog" into
the entry, and in Thai "… | บล็อกภาษาศาสตร์". Cut only when the page says so twice; a title
holding a "|" of its own stays whole."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.links.extract import extract_metadata
from newsletter.read import parse_entry

from helpers import url_of


def page(title: str, h1: str, header: str = "", lang: str = "en") -> str:
    """A blog post without og:site_name: its <title>, its story's <h1>, the header of every page."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f"{header}<article><h1>{h1}</h1><p>By Ann Lee</p><p>The post's text.</p></article></body></html>"
    )


THAI_TITLE = "ทำไมภาษาไทยจึงไม่เว้นวรรคระหว่างคำ"
THAI_BLOG = "บล็อกภาษาศาสตร์"


def test_new_writes_a_posts_title_without_the_blog_name_its_header_shows(tmp_path, monkeypatch, httpserver):
    root = tmp_path / "log"
    (root / "entries").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Log"\n[fetch]\nallow_private_addresses = true\n')
    monkeypatch.chdir(root)
    pages = {
        "/why-x": page("Why X | Linguistics blog", "Why X", '<header><a href="/">Linguistics blog</a></header>'),
        "/thai": page(f"{THAI_TITLE} | {THAI_BLOG}", THAI_TITLE, f'<header><a href="/">{THAI_BLOG}</a></header>', "th"),
    }
    for path, html in pages.items():
        httpserver.expect_request(path).respond_with_data(html, content_type="text/html; charset=utf-8")
    titles = []
    for path in pages:
        result = CliRunner().invoke(
            main, ["new", "article", url_of(httpserver, path), "--no-edit", "--date", "2026-12-01"]
        )
        assert result.exit_code == 0, result.output
        written = root / result.stdout.strip()
        titles.append(parse_entry(written, written.read_text(encoding="utf-8"))[0].title)
    assert titles == ["Why X", THAI_TITLE]


@pytest.mark.parametrize(
    "title, h1, header, url, want",
    [
        # the host spells the name's words (in another order), nothing on the page shows it
        ("Why X | Linguistics blog", "Why X", "", "https://blog.linguistics.example/why-x/", "Why X"),
        # a front page's link names it, outside any header (a theme's .site-title)
        ("Why X – Ann's notes", "Why X", '<p class="site-title"><a href="/">Ann’s notes</a></p>', "", "Why X"),
        # a section's name between the title and the site's: The Harvard Crimson's titles
        (
            "President Gay Was Right: Context Matters | Opinion | The Harvard Crimson",
            "President Gay Was Right: Context Matters",
            '<a href="/">The Harvard Crimson</a>',
            "https://www.thecrimson.com/article/2023/12/12/fried-free-speech-context/",
            "President Gay Was Right: Context Matters",
        ),
    ],
)
def test_a_sites_name_the_page_shows_or_its_host_spells_goes_from_the_title(title, h1, header, url, want):
    got = extract_metadata(page(title, h1, header), url or "https://blog.example.net/2026/why-x/").title
    assert got == want


@pytest.mark.parametrize(
    "title, h1, header",
    [
        # the <h1> says the title whole: its "|" is its own
        ("Rust | Go: a comparison", "Rust | Go: a comparison", '<header><a href="/">Go: a comparison</a></header>'),
        # the part after the separator is shown nowhere else, and the host does not spell it
        ("Why X | Linguistics blog", "Why X", "<header><a href='/'>Home</a></header>"),
        # a section's <h1> saying the title's first part, the story's words after it
        ("Notes | Why the sky is blue", "Notes", '<header><a href="/">Ann’s notes</a></header>'),
        # a subtitle after a colon is the title's
        ("Why X: Linguistics blog", "Why X", '<header><a href="/">Linguistics blog</a></header>'),
        # the part is the site's logo, in an <h1> linking home, and the story has no <h1>
        ("Why X | Linguistics blog", '<a href="/">Linguistics blog</a>', ""),
    ],
)
def test_a_title_whose_last_part_the_page_does_not_show_as_its_sites_stays_whole(title, h1, header):
    assert extract_metadata(page(title, h1, header), "https://blog.example.net/2026/why-x/").title == title


@pytest.mark.parametrize(
    "title, h1, around, url",
    [
        # a series' part, listed in the sidebar beside every part
        (
            "Building a compiler - Part 2",
            "Building a compiler",
            "<aside><h3>This series</h3><ul><li>Part 1</li><li>Part 2</li></ul></aside>",
            "https://ann.example/compiler-2/",
        ),
        # a glossary's letter, in the menu of letters
        ("Glossary - Z", "Glossary", '<nav><a href="#a">A</a> <a href="#z">Z</a></nav>', "https://ann.example/g/"),
        # the host holds the part's letters, not its word: "no" in notes, "me" in someone
        ("Yes | No", "Yes", "", "https://notes.example/yes-no/"),
        ("Reading list - Me", "Reading list", "", "https://someone.example/reading/"),
    ],
)
def test_a_titles_end_that_a_menu_lists_or_the_host_holds_inside_a_word_stays(title, h1, around, url):
    assert extract_metadata(page(title, h1, around), url).title == title
