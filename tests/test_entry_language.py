"""An entry in another language than the log's (`language: en` in Layla's Arabic log) is read in
its own voice: `lang` on its notes in the email, its web page, the feeds and the post, and its
notes quoted as its language quotes, not as the log's."""

import json
import re

import feedparser
import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser

from newsletter.build import build
from newsletter.cli import main

from email_rules import violations
from helpers import url_of
from hugo_versions import hugo_build

ENGLISH = (
    "---\ntype: paper\nurl: https://example.org/vi\ndate: 2021-02-20\ntitle: Variational inference\n"
    "language: en\n---\n"
    'Blei asks "is variational inference good enough?" and answers it.\n\n'
    "> The library is the last quiet place. Is it?\n\n"
    "اقتباس عربي في ملاحظة إنجليزية.\n"
)
ARABIC = (
    '---\ntype: article\nurl: https://example.org/ar\ndate: 2021-02-21\ntitle: مقال\n---\nقال "هذا جيد" في مقاله.\n'
)


def arabic_log(workspace, *entries: tuple[str, str]):
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    for name, text in entries:
        (workspace / "entries/2021/02" / name).write_text(text, encoding="utf-8")
    return build(workspace, "2021-02", offline=True)


def paragraphs(html: str) -> dict[str, tuple]:
    """Each paragraph's words -> (its lang, its dir), as a browser (and a screen reader) takes them:
    from the paragraph or the nearest element above it that says so."""
    found = {}
    for p in LexborHTMLParser(html).css("p"):
        lang = direction = None
        node = p
        while node is not None and (lang is None or direction is None):
            lang = lang or node.attributes.get("lang")
            direction = direction or node.attributes.get("dir")
            node = node.parent
        found[re.sub(r"[ \t\n]+", " ", p.text()).strip()] = (lang, direction)  # (no-break spaces kept)
    return found


def test_an_english_entry_in_an_arabic_email_is_english_to_a_screen_reader(example_workspace):
    outputs = arabic_log(example_workspace, ("vi.md", ENGLISH), ("ar.md", ARABIC)).outputs
    shown = paragraphs(outputs.html)
    # English quotes, not «…»: the entry's language's, where the Arabic entry keeps the log's
    assert shown["Blei asks “is variational inference good enough?” and answers it."] == ("en", "ltr")
    assert shown["The library is the last quiet place. Is it?"] == ("en", "ltr")
    assert shown["اقتباس عربي في ملاحظة إنجليزية."] == ("en", "rtl")  # its script says its direction
    assert shown["قال «هذا جيد» في مقاله."] == ("ar", "rtl")
    assert "“is variational inference good enough?”" in outputs.text
    assert "«هذا جيد»" in outputs.text
    # aligned to its own start: the email's column is the edition's, flush right
    assert '<div lang="en" dir="ltr" style="text-align: left;">' in outputs.html
    assert violations(outputs.html, outputs.text) == []  # the inbox rules, dir and alignment among them


def test_a_german_entry_in_a_french_log_is_quoted_and_spaced_in_german(example_workspace):
    """French's « » with no-break spaces before ; : ! ? belong to the French notes only."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"'), encoding="utf-8")
    (example_workspace / "entries/2021/02/de.md").write_text(
        "---\ntype: article\nurl: https://example.org/de\ndate: 2021-02-20\nlanguage: de\n---\n"
        'Er fragt: "Ist das gut?" Ja !\n',
        encoding="utf-8",
    )
    (example_workspace / "entries/2021/02/fr.md").write_text(
        '---\ntype: article\nurl: https://example.org/fr\ndate: 2021-02-21\n---\nIl demande : "Est-ce bien ?"\n',
        encoding="utf-8",
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    shown = paragraphs(outputs.html)
    assert shown["Er fragt: „Ist das gut?“ Ja !"] == ("de", "ltr")  # (the page's dir), a plain space before "!"
    assert shown["Il demande\u00a0: «\u202fEst-ce bien ?\u202f»"] == ("fr", "ltr")
    assert "Er fragt: „Ist das gut?“ Ja !" in outputs.text


def test_the_feeds_say_the_entrys_own_language(example_workspace):
    arabic_log(example_workspace, ("vi.md", ENGLISH), ("ar.md", ARABIC))
    static = example_workspace / "site/static/feeds"
    parsed = feedparser.parse((static / "entries.xml").read_bytes())
    assert parsed.bozo == 0
    by_title = {entry.title: entry for entry in parsed.entries}
    assert by_title["Variational inference"].content[0].language == "en"  # the entry's xml:lang
    assert by_title["مقال"].content[0].language == "ar"  # the feed's
    items = {item["title"]: item for item in json.loads((static / "entries.json").read_text())["items"]}
    assert items["Variational inference"]["language"] == "en"
    assert "language" not in items["مقال"]
    assert '<div lang="en" dir="ltr"' in items["Variational inference"]["content_html"]
    page = (example_workspace / "site/static/newsletter/2021-02/index.html").read_text()
    assert paragraphs(page)["The library is the last quiet place. Is it?"] == ("en", "ltr")


def test_the_post_marks_the_entrys_paragraphs_with_its_language_for_hugo(example_workspace, hugo):
    post = arabic_log(example_workspace, ("vi.md", ENGLISH), ("ar.md", ARABIC)).outputs.post
    assert '> The library is the last quiet place. Is it?\n> {lang="en" dir="ltr"}\n' in post
    assert 'اقتباس عربي في ملاحظة إنجليزية.\n{lang="en"}\n' in post  # its own script's direction: the post's
    hugo_build(hugo, example_workspace / "site")
    page = next((example_workspace / "site/public/posts").glob("*/index.html")).read_text()
    shown = {
        text: (lang, None if direction == "rtl" else direction) for text, (lang, direction) in paragraphs(page).items()
    }
    assert shown["The library is the last quiet place. Is it?"] == ("en", "ltr")
    assert shown["اقتباس عربي في ملاحظة إنجليزية."][0] == "en"
    tree = LexborHTMLParser(page)
    [arabic] = [p for p in tree.css("p") if "في مقاله" in p.text()]
    assert "lang" not in arabic.attributes  # the log's own: the page's
    assert "{lang=" not in page


def test_the_post_s_heading_of_an_entry_in_another_language_says_it_for_hugo(example_workspace, hugo):
    """Amara (new user 41) writes in English, some entries in French: the email said lang="fr" on
    a French entry's title, and the blog's <h2> did not, so Orca read "Le sous-titrage au cinéma"
    with an English voice. The heading says it in Goldmark's heading attribute, which every Hugo
    reads by default; a title fetched from a page in the log's language says nothing."""
    fetched = ENGLISH.replace("title: Variational inference\n", "").replace("/vi", "/ar-page")
    from newsletter.config import load
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    arabic_log(example_workspace)  # (the settings, for the cache's place)
    settings = load(example_workspace)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cache.put("https://example.org/ar-page", Metadata(title="الاستدلال التغايري", language="ar"))
        cache.put("https://example.org/fr-page", Metadata(title="Le sous-titrage au cinéma", language="fr"))
    french = ARABIC.replace("title: مقال\n", "").replace("/ar", "/fr-page")
    entries = [("vi.md", ENGLISH), ("fetched.md", fetched), ("fr.md", french), ("ar.md", ARABIC)]
    post = arabic_log(example_workspace, *entries).outputs.post
    assert '[Variational inference](https://example.org/vi) {lang="en"}\n' in post
    assert '[Le sous-titrage au cinéma](https://example.org/fr-page) {lang="fr"}\n' in post
    hugo_build(hugo, example_workspace / "site")
    page = next((example_workspace / "site/public/posts").glob("*/index.html")).read_text()
    said = {h2.text(strip=True): h2.attributes.get("lang") for h2 in LexborHTMLParser(page).css("h2")}
    [vi] = [lang for text, lang in said.items() if text.endswith("Variational inference")]  # after its label
    [fr] = [lang for text, lang in said.items() if text.endswith("Le sous-titrage au cinéma")]
    [ar] = [lang for text, lang in said.items() if text.endswith("الاستدلال التغايري")]
    assert (vi, fr, ar) == ("en", "fr", None)  # an Arabic title: the log's language, the page's
    assert "{lang=" not in page


PAGES = [
    # (what the page says of its language, the log's, what the stub writes)
    ('<html lang="en">', {}, "ar", "en"),
    ('<html lang="EN-us">', {}, "ar", "en-US"),
    ('<html><head><meta property="og:locale" content="de_DE">', {}, "en", "de-DE"),
    ("<html>", {"Content-Language": "fr"}, "en", "fr"),  # its HTTP header only
    ('<html lang="ar-JO">', {}, "ar", None),  # the log's own language, in its region
    ('<html lang="en-GB">', {}, "en", None),
    ('<html lang="en&quot; onload=x">', {}, "ar", None),  # untrusted: no tag, nothing written
    ("<html>", {"Content-Language": "not a tag!"}, "ar", None),
    ("<html>", {"Content-Language": "de, en"}, "en", None),  # its audiences': not which this page is in
    ("<html>", {}, "ar", None),
]


@pytest.mark.parametrize(("opening", "headers", "log", "written"), PAGES)
def test_new_writes_the_pages_language_when_it_is_not_the_logs(
    tmp_path, monkeypatch, httpserver, opening, headers, log, written
):
    from newsletter.read import parse_entry

    root = tmp_path / "log"
    (root / "entries").mkdir(parents=True)
    (root / "newsletter.toml").write_text(
        f'[newsletter]\nname = "Log"\nlanguage = "{log}"\n[fetch]\nallow_private_addresses = true\n'
    )
    monkeypatch.chdir(root)
    page = f"{opening}<head><title>Is variational inference good enough?</title></head><body><p>Yes.</p></body></html>"
    httpserver.expect_request("/vi").respond_with_data(page, content_type="text/html; charset=utf-8", headers=headers)
    result = CliRunner().invoke(main, ["new", "paper", url_of(httpserver, "/vi"), "--no-edit", "--date", "2021-06-01"])
    assert result.exit_code == 0, result.output
    path = root / result.stdout.strip()
    entry, _ = parse_entry(path, path.read_text())
    assert entry.language == written
    assert ("language:" in path.read_text()) == (written is not None)
    # Mariana (es-MX) wrote Spanish notes under the `language: en` new had written for an English
    # page, unaware of what it meant: new says it, and how to undo it
    said = f"the page is in {written}, so the entry says `language: {written}`"
    assert (said in result.stderr and f"delete that line if you write them in {log}" in result.stderr) == (
        written is not None
    ), result.stderr


def test_the_authors_title_of_an_entry_is_in_its_language_and_a_fetched_one_in_its_pages(example_workspace):
    """The title Layla wrote for her English entry is English to a screen reader, in the email's
    heading (outside the notes' block, among Arabic words) and in the editions feed; a title
    fetched from an Arabic page for it stays the page's, in its entry's Atom item too."""
    fetched = ENGLISH.replace("title: Variational inference\n", "").replace("/vi", "/ar-page")
    from newsletter.config import load
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    arabic_log(example_workspace)  # (the settings, for the cache's place)
    settings = load(example_workspace)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cache.put("https://example.org/ar-page", Metadata(title="الاستدلال التغايري", language="ar"))
    outputs = arabic_log(example_workspace, ("vi.md", ENGLISH), ("fetched.md", fetched)).outputs
    tree = LexborHTMLParser(outputs.html)
    [mine] = [span for span in tree.css("h3 span") if span.text() == "Variational inference"]
    [theirs] = [span for span in tree.css("h3 span") if span.text() == "الاستدلال التغايري"]
    assert mine.attributes.get("lang") == "en" and theirs.attributes.get("lang") is None  # the edition's
    static = example_workspace / "site/static/feeds"
    editions = (static / "editions.json").read_text()
    assert '<h2 lang=\\"en\\"><a href=\\"https://example.org/vi\\">Variational inference' in editions
    entries = feedparser.parse((static / "entries.xml").read_bytes()).entries
    [item] = [e for e in entries if e.title == "الاستدلال التغايري"]
    assert item.title_detail.language == "ar" and item.content[0].language == "en"


def test_the_year_in_review_names_an_entrys_title_in_its_language(example_workspace):
    """The review's lists (favourites, books, longest notes) show the titles as the email does."""
    arabic_log(example_workspace, ("vi.md", ENGLISH))
    (example_workspace / "entries/2021/_review.md").write_text("---\nfavourites: [vi]\n---\nسنة.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    tree = LexborHTMLParser((example_workspace / "dist/2021/newsletter.html").read_text())
    spans = [span for span in tree.css("li span") if span.text() == "Variational inference"]
    assert spans and all(span.attributes.get("lang") == "en" for span in spans)


def test_a_draft_from_the_bookmarklet_says_its_pages_language_as_new_does():
    import datetime as dt

    from newsletter.models import Metadata
    from newsletter.stubs import captured

    day = dt.date(2026, 11, 3)
    english = captured("paper", "https://example.org/vi", day, Metadata(title="VI", language="en"), "Quote.", "ar")
    assert '\nlanguage: "en"\n' in english and "tags: []\ndraft: true\n" in english
    for said in ("ar-JO", "x; rm", None):
        draft = captured("paper", "https://example.org/vi", day, Metadata(title="VI", language=said), "", "ar")
        assert "language:" not in draft


def test_a_draft_from_the_bookmarklet_leaves_room_for_notes_in_its_entrys_language_as_new_does():
    """Tomás clipped a Portuguese page into his English log twice, with `new` and with the
    bookmarklet: both drafts said `language: "pt"`, but `new`'s left "Suas notas, em Markdown."
    for the notes (their language, as the entry says, since 2819fe1) and the bookmarklet's "Your
    notes, in Markdown.", the log's. The bookmarklet's is now the entry's too."""
    import datetime as dt

    from newsletter.models import Metadata
    from newsletter.stubs import captured, new_entry

    day, meta = dt.date(2026, 12, 4), Metadata(title="Sobre filas", language="pt")
    drafted = captured("article", "https://example.org/filas", day, meta, "Backpressure é o sinal.", "en")
    assert '\nlanguage: "pt"\n' in drafted
    assert "Suas notas, em Markdown." in drafted and "Suas notas, em Markdown." in new_entry(
        "article", "https://example.org/filas", day, meta, "en"
    )
    own = captured("article", "https://example.org/own", day, Metadata(title="Own", language="en"), "", "en")
    assert "Your notes, in Markdown." in own  # a page in the log's language: the log's line, as before


def test_a_list_items_lazy_line_keeps_the_list_whole_on_the_blog(example_workspace, hugo):
    """An English entry's loose list, its first item's second line typed without the indent
    (CommonMark's lazy continuation), got its `{lang="en" dir="ltr"}` line at that line's column
    0: Goldmark ended the list there and gave the attribute to it, and the second item began a
    list of its own. The line takes the indent of the paragraph's first line, inside the item."""
    note = "- The first item, whose second line\nis typed without the indent.\n\n- The second item.\n"
    entry = ENGLISH.split("---\n", 2)
    post = arabic_log(example_workspace, ("vi.md", f"---\n{entry[1]}---\n{note}")).outputs.post
    assert 'is typed without the indent.\n  {lang="en" dir="ltr"}\n' in post
    hugo_build(hugo, example_workspace / "site")
    page = next((example_workspace / "site/public/posts").glob("*/index.html")).read_text()
    tree = LexborHTMLParser(page)
    assert [len(ul.css("li")) for ul in tree.css("ul") if "first item" in ul.text()] == [2]
    shown = paragraphs(page)
    assert shown["The first item, whose second line is typed without the indent."] == ("en", "ltr")
    assert shown["The second item."] == ("en", "ltr")
    assert "{lang=" not in page


def test_an_entrys_tight_list_and_table_are_in_its_language_on_the_blog(example_workspace, hugo):
    """An English entry's tight list and table in Layla's Arabic post had no lang and no dir, laid
    out right to left and read in an Arabic voice, where the email's <div lang dir> holds them:
    only paragraphs got the attribute line, and Goldmark keeps no paragraph for a tight list's
    item, nor a table. The line after the list or table gives it the entry's language."""
    note = (
        "What I took from it:\n\n- Variational inference is fast.\n- It is biased.\n  - Sometimes badly.\n\n"
        "| Method | Cost |\n|---|---|\n| MCMC | High |\n"
    )
    entry = ENGLISH.split("---\n", 2)
    post = arabic_log(example_workspace, ("vi.md", f"---\n{entry[1]}---\n{note}")).outputs.post
    assert '  - Sometimes badly.\n{lang="en" dir="ltr"}\n' in post
    hugo_build(hugo, example_workspace / "site")
    page = next((example_workspace / "site/public/posts").glob("*/index.html")).read_text()
    tree = LexborHTMLParser(page)
    [listed] = [ul for ul in tree.css("ul") if "is biased" in ul.text() and ul.parent.tag != "li"]
    [table] = [t for t in tree.css("table") if "MCMC" in t.text()]
    for block in (listed, table):
        assert (block.attributes.get("lang"), block.attributes.get("dir")) == ("en", "ltr"), block.html[:80]
    assert "{lang=" not in page
