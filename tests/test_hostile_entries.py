"""Attack 30: a careless author's entries, and a hostile page, against the whole build: what an
entry lets through must not reach the readers hidden, reversed or broken."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.editors import schemas
from newsletter.read import Problem, parse_entry

from helpers import link_workspace, url_of

ENTRY = "---\ntype: article\nurl: {url}\ndate: 2021-02-03\n---\nNotes.\n"

HIDDEN_IN_LINKS = [
    ("https://example.com/\u202egpj.exe", "\\u202e"),  # reads 'https://example.com/exe.jpg'
    ("https://exa\u202emple.com/x", "\\u202e"),  # in the host: every href held it as typed
    ("https://example.com/pay\u200bment", "\\u200b"),  # a zero-width space: another address, unseen
    ("https://example.com/\u200fpage", "\\u200f"),
    ("https://example.com/\u2066x\u2069", "\\u2066"),
    ("https://example.com/\ufeffx", "\\ufeff"),
]


@pytest.mark.parametrize("url, escape", HIDDEN_IN_LINKS)
def test_a_link_holding_an_invisible_character_is_refused_with_it_named(url, escape):
    """An address pasted with a right-to-left override or a zero-width space (copied with the link
    from a chat or a page) was taken as typed: an entry without a title shows its link as its
    heading, and 'https://example.com/\\u202egpj.exe' read 'https://example.com/exe.jpg' in the
    email, its text part, the post and the feeds (attack 30, an offline build); in a host it went
    into the email's and the feeds' hrefs as it was. It is the file's problem, named with its line
    and the character written as its escape, as a title's line break is; the editors' schema
    refuses it too."""
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), ENTRY.format(url=f'"{url}"'))
    assert caught.value.line == 3
    assert f"holds an invisible character ({escape})" in str(caught.value) and "delete it" in str(caught.value)
    assert not any(char in str(caught.value) for char in "\u202e\u200b\u200f\u2066\ufeff")
    schema = jsonschema.Draft202012Validator(schemas.entry())
    assert not schema.is_valid({"type": "article", "url": url, "date": "2021-02-03"})


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/\U0001f469\u200d\U0001f4bb",  # an emoji of two, joined
        "https://fa.wikipedia.org/wiki/\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian's non-joiner
        "https://example.com/%E2%80%AEx",  # escaped, the address says what it is
        "https://ru.wikipedia.org/wiki/\u041c\u043e\u0441\u043a\u0432\u0430",
    ],
)
def test_a_link_with_joiners_letters_need_or_escapes_is_kept(url):
    entry, _ = parse_entry(Path("x.md"), ENTRY.format(url=f'"{url}"'))
    assert entry.url == url
    assert jsonschema.Draft202012Validator(schemas.entry()).is_valid(
        {"type": "article", "url": url, "date": "2021-02-03"}
    )


def test_new_refuses_a_link_holding_an_invisible_character_and_names_it_inertly(example_workspace, monkeypatch):
    """`new` checks a link by the reader's rule, so it never writes an entry the next build
    refuses; its message quoted the link as given, the override and all."""
    monkeypatch.chdir(example_workspace)
    before = sorted(example_workspace.rglob("*.md"))
    result = CliRunner().invoke(main, ["new", "article", "https://example.com/\u202egpj.exe", "--no-edit", "--offline"])
    assert result.exit_code == 1
    assert "'https://example.com/\\u202egpj.exe' holds an invisible character (\\u202e)" in result.stderr
    assert "\u202e" not in result.output
    assert sorted(example_workspace.rglob("*.md")) == before


OPENERS, CLOSERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068", "\u202c\u2069"


def left_open_before(text: str, words: str) -> int:
    """How many embeddings, overrides and isolates are open where `words` starts on its line."""
    line = next(line for line in text.splitlines() if words in line)
    before = line[: line.index(words)]
    return sum(char in OPENERS for char in before) - sum(char in CLOSERS for char in before)


def test_an_override_left_open_in_an_authors_value_turns_round_nothing_after_it(tmp_path):
    """A name pasted with a right-to-left override (`speakers: ["Ev\\u202eil", Bob]`) left it
    open: the bidi algorithm closes it only at the paragraph's end, so 'Bob' and the comma showed
    turned round ('Ev boB ,li') in the email, its text part and the post, and a title's ' [1]' in
    the text part read ']1[' (attack 30, an offline build). Each value closes what it opens at its
    end; what it lays out itself stays as written, and a value that closes its own is unchanged."""
    root = tmp_path / "ws"
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n', encoding="utf-8")
    (folder / "a.md").write_text(
        "---\ntype: talk\nurl: https://example.com/a\ndate: 2021-02-03\n"
        'title: "Invoice \\u202egpj.exe and more"\nspeakers: ["Ev\\u202eil", Bob]\n'
        'section: "Talks \\u2067\\u05d3\\u05d1\\u05e8"\n---\nNotes.\n',
        encoding="utf-8",
    )
    (folder / "b.md").write_text(
        "---\ntype: talk\nurl: https://example.com/b\ndate: 2021-02-04\n"
        'title: "Closed \\u202eboth\\u202c ways"\nspeakers: "Ann \\u2067\\u05d3\\u2069, Eve\\u202e"\n'
        "section: Other\n---\nNotes.\n",
        encoding="utf-8",
    )

    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)])

    assert result.exit_code == 0, result.output
    text = (root / "dist" / "2021-02" / "newsletter.txt").read_text(encoding="utf-8")
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    post = next((root / "site" / "content").rglob("index.md")).read_text(encoding="utf-8")
    assert left_open_before(text, "[1]") == 0 and left_open_before(text, "Bob") == 0
    assert left_open_before(email, "Bob") == 0 and left_open_before(post, "Bob") == 0
    assert left_open_before(post, "](https://example.com/a)") == 0
    assert "Invoice \u202egpj.exe and more\u202c [1]" in text  # as written, closed
    assert "Talks \u2067\u05d3\u05d1\u05e8\u2069" in email
    assert "Closed \u202eboth\u202c ways [2]" in text and "Ann \u2067\u05d3\u2069" in post  # closed already
    assert "Eve\u202e\u202c" in post  # the last name of a line written as a string is closed too


LYING = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:locale" content="{lang}"></head><body><h1>{title}</h1></body></html>"""


def test_a_pages_language_its_own_title_belies_is_not_believed(server, tmp_path):
    """A page saying lang="ar" over an English title (a newsroom's English section under its
    Arabic template; a hostile page at will) had the title marked lang="ar" in the email, its web
    page and the entries' feed, where a screen reader read the English in an Arabic voice, and
    `new` wrote `language: ar` into the entry, which laid the author's English notes out right to
    left with Arabic quotation marks. A statement is believed where the title is written in the
    language's script: the Arabic page's Arabic title keeps it, and a Russian page's Russian one."""
    pages = {
        "lying": ("ar", "How we rebuilt our newsroom"),
        "arabic": ("ar", "كيف أعدنا بناء غرفة الأخبار"),
        "russian": ("ru", "Как мы перестроили редакцию"),
        "latin-on-cjk": ("zh-Hant", "Release notes for version 2"),
    }
    for name, (lang, title) in pages.items():
        server.expect_request(f"/{name}").respond_with_data(
            LYING.format(lang=lang, title=title), content_type="text/html"
        )
    root = link_workspace(tmp_path / "ws", [url_of(server, f"/{name}") for name in pages], timeout=5)

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    feed = (root / "site" / "static" / "feeds" / "entries.xml").read_text(encoding="utf-8")
    assert 'lang="ar">كيف' in email and 'lang="ru">Как' in email
    assert 'lang="ar">How' not in email and 'lang="zh-Hant">Release' not in email
    assert 'xml:lang="ar">كيف' in feed and 'xml:lang="ar">How' not in feed and 'xml:lang="zh-Hant"' not in feed

    made = CliRunner().invoke(
        main,
        ["new", "article", url_of(server, "/lying"), "--no-edit", "--force", "--date", "2021-02-20", "-w", str(root)],
    )
    assert made.exit_code == 0, made.output
    written = next((root / "entries").rglob("how-we-rebuilt-our-newsroom*.md")).read_text(encoding="utf-8")
    assert "title: " in written and "language:" not in written


def test_an_authors_picture_no_inbox_shows_is_said_not_left_out_unseen(tmp_path):
    """An entry's own `image:` that no inbox is shown (a file name beside the entry, an http://
    or javascript: address, a router's) was left out of the email and its web page without a word,
    and the page's own picture with it, the author's winning over it; one pasted with a
    right-to-left override went into the src as it was (attack 30, an offline build). Build and
    check say which, and that picture is left out too; a picture on the web is shown."""
    root = tmp_path / "ws"
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n', encoding="utf-8")
    pictures = {
        "beside": "cover.png",
        "plain": "http://example.com/cover.jpg",
        "script": "javascript:alert(1)",
        "router": "https://192.168.1.1/cover.jpg",
        "reversed": "https://example.com/a\u202egpj.jpg",
        "web": "https://cdn.example.org/talks/poster.jpg",
    }
    for day, (name, image) in enumerate(pictures.items(), start=1):
        (folder / f"{name}.md").write_text(
            f"---\ntype: talk\nurl: https://example.com/{name}\ndate: 2021-02-{day:02d}\ntitle: {name.title()}\n"
            f'image: "{image}"\n---\nNotes.\n',
            encoding="utf-8",
        )
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")

    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)])
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "--json", "-w", str(root)])

    assert built.exit_code == 0, built.output
    said = [line for line in built.stderr.splitlines() if "`image`" in line]
    assert len(said) == 5 and all("is in no inbox" in line for line in said), built.stderr
    assert any("reversed.md: `image` 'https://example.com/a\\u202egpj.jpg" in line for line in said)
    assert "\u202e" not in built.stderr
    assert not any("web.md" in line for line in said)
    flagged = {
        f["file"].rsplit("/", 1)[-1] for f in json.loads(checked.stdout)["findings"] if f["code"] == "unshown-picture"
    }
    assert flagged == {f"{name}.md" for name in pictures if name != "web"}
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    assert email.count("<img") == 1 and 'src="https://cdn.example.org/talks/poster.jpg"' in email


@pytest.mark.parametrize(
    "setting, said",
    [
        ('[links]\nsupport = "www.patreon.com/ericmjl"', "like https://www.patreon.com/ericmjl"),
        ('[links]\nsubscribe = "tinyletter.com/ericmjl"', "like https://tinyletter.com/ericmjl"),
        ('[links]\nsocial = "@ericmjl"', "[links] social = '@ericmjl' is not a full address"),
        ('[links]\nunsubscribe = "example.com/unsubscribe"', "like https://example.com/unsubscribe"),
        ('[links]\nwebsite = "javascript:alert(1)"', "is a javascript: address"),
        ('[email]\nlist_unsubscribe = "lists.example.com/optout?u={email}"', "[email] list_unsubscribe"),
    ],
)
def test_a_settings_link_no_inbox_can_open_is_refused(tmp_path, setting, said):
    """`support = "www.patreon.com/ericmjl"` (or `@ericmjl`, `tinyletter.com/…`), as people write
    addresses, went into the email's closing paragraph and footer as written: relative links,
    which lead nowhere from an inbox, the unsubscribe link and List-Unsubscribe among them; a
    javascript: one as well, which no email may hold; and check found nothing (attack 30). The
    settings are refused, naming the key and the full address to write."""
    root = tmp_path / "ws"
    (root / "entries" / "2021" / "02").mkdir(parents=True)
    (root / "entries" / "2021" / "02" / "a.md").write_text(ENTRY.format(url="https://example.com/a"), encoding="utf-8")
    (root / "newsletter.toml").write_text(f'[newsletter]\nname = "Test"\n\n{setting}\n', encoding="utf-8")

    for command in (["build", "2021-02", "--offline"], ["check", "2021-02", "--offline"]):
        result = CliRunner().invoke(main, [*command, "-w", str(root)])
        assert result.exit_code == 1 and said in result.stderr, result.output
        assert "Traceback" not in result.output
    assert not (root / "dist").exists()


@pytest.mark.parametrize(
    "setting",
    [
        '[links]\nunsubscribe = "{{ unsubscribe_url }}"',  # Buttondown's merge tag
        '[links]\nunsubscribe = "*|UNSUB|*"',  # Mailchimp's
        '[links]\nunsubscribe = " https://example.com/u "\nsupport = "mailto:ann@example.com"',
        '[links]\nsocial = "HTTPS://mastodon.social/@ann"',
    ],
)
def test_a_settings_link_an_inbox_opens_or_a_merge_tag_is_kept(tmp_path, setting):
    root = tmp_path / "ws"
    (root / "entries" / "2021" / "02").mkdir(parents=True)
    (root / "entries" / "2021" / "02" / "a.md").write_text(ENTRY.format(url="https://example.com/a"), encoding="utf-8")
    (root / "newsletter.toml").write_text(f'[newsletter]\nname = "Test"\n\n{setting}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)])
    assert result.exit_code == 0, result.output


def test_a_link_whose_scheme_is_in_capitals_is_told_so():
    """'HTTPS://EXAMPLE.COM/REPORT' (typed, or pasted from a document in capitals) was refused as
    'not a web address; write it in full', which it is: the author looked for what was missing."""
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), ENTRY.format(url="HTTPS://EXAMPLE.COM/REPORT"))
    assert "starts with HTTPS: in capitals; write it in small letters, https:" in str(caught.value)
    assert "in full" not in str(caught.value)


def test_an_imported_link_is_written_as_the_reader_takes_it(tmp_path):
    """A bookmark (or a feed item) whose link held a zero-width space or a mark of direction
    (import's cleaning keeps such marks in text) was skipped since c43b4de refuses such a link in
    an entry ("skipped 'Link 0': url … holds an invisible character"), and one whose scheme was in
    capitals before it: the bookmark lost for a character that is no part of its address. An
    import writes the link without them, its scheme in small letters, as the address it is; one
    with a space in it is still skipped as not a web link."""
    export = tmp_path / "bookmarks.html"
    links = [
        "https://example.com/pay\u200bment",
        "https://example.com/\u200fpage",
        "HTTPS://EXAMPLE.COM/REPORT",
        "https://example.com/a b",
    ]
    export.write_text(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n"
        + "".join(f'<DT><A HREF="{link}" ADD_DATE="1612345678">Link {n}</A>\n' for n, link in enumerate(links))
        + "</DL><p>\n",
        encoding="utf-8",
    )
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n', encoding="utf-8")

    result = CliRunner().invoke(main, ["import", str(export), "--offline", "-w", str(root)])

    assert result.exit_code == 0, result.output
    written = sorted(root.rglob("entries/**/*.md"))
    urls = sorted(parse_entry(path, path.read_text(encoding="utf-8"))[0].url for path in written)
    assert urls == ["https://EXAMPLE.COM/REPORT", "https://example.com/page", "https://example.com/payment"]
    assert "skipped bookmark 4 ('Link 3'): not a web link" in result.output
