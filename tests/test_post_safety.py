"""Notes on the blog are as safe as in the email (issue 9, item 10): a real Hugo build of a post
whose notes carry every spelling of a script link and shortcodes; both Hugo versions. And a
note's headings keep the page's outline: one <h1>, a note's headings under its entry's."""

import functools
import html
import itertools
import json
import re
from random import Random

import pytest
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsletter.build import build
from newsletter.formats.post import authors_markdown, own_labels

from hugo_versions import hugo_build

HOSTILE_NOTES = r"""Links that must not run:
[a](JaVaScRiPt:alert(1)) [b](jav&#x61;script:alert(2)) <javascript:alert(3)>
[c](<javascript:alert(4)>) [e][ref] ![i](javascript:alert(6)) [f](javascript&colon;alert(7))
[g](  vbscript:msgbox(8)) [h](data:text/html;base64,PHNjcmlwdD4=) [j](java\script:alert(10))
[k](
javascript:alert(11)) [l](&#x20;javascript:alert(12)) [m](JAVASCRIPT&#58;alert(13))

[ref]: javascript:alert(5)

Links that stay: [site](https://example.com/ok) [mail](mailto:me@example.com) [here](/posts/) <https://example.org/x>
"""
SHORTCODES = """Shortcodes: {{< boom >}} and {{% boom %}} and one left open {{< boom
```
{{< boom >}}
```
"""


def write_notes(root, notes: str) -> None:
    (root / "entries/2020/07/hostile.md").write_text(
        "---\ntype: article\nurl: https://example.com/hostile\ndate: 2020-07-08\ntitle: Hostile notes\n---\n" + notes
    )


@pytest.fixture
def hostile(example_workspace):
    """The example workspace, with a shortcode `boom` in its site that would say it ran."""
    shortcodes = example_workspace / "site/layouts/shortcodes"
    shortcodes.mkdir(parents=True)
    (shortcodes / "boom.html").write_text("SHORTCODE-RAN")
    return example_workspace


def rendered_post(root, hugo):
    result = build(root, "2020-W28", offline=True)
    hugo_build(hugo, root / "site")
    return (root / "site/public/posts" / result.outputs.post_slug / "index.html").read_text()


def schemes(page: str) -> list[str]:
    """The scheme of every link and image on the page, as a browser reads the URL."""
    found = []
    for node in HTMLParser(page).css("[href], [src]"):
        url = node.attributes.get("href") or node.attributes.get("src") or ""
        url = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(33))))
        match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
        found.append(match[1].lower() if match else "")
    return found


def test_no_link_in_the_notes_runs_script(hostile, hugo):
    write_notes(hostile, HOSTILE_NOTES)
    page = rendered_post(hostile, hugo)
    assert set(schemes(page)) <= {"https", "mailto", ""}
    for url in ("https://example.com/ok", "mailto:me@example.com", "/posts/", "https://example.org/x"):
        assert f'href="{url}"' in page
    assert "alert(3)" in page  # the autolink's text is still there to read, as text


def test_shortcodes_in_the_notes_show_as_typed(hostile, hugo):
    write_notes(hostile, SHORTCODES)
    page = rendered_post(hostile, hugo)
    assert "SHORTCODE-RAN" not in page
    text = html.unescape(page)
    assert "{{< boom >}} and {{% boom %}}" in text
    assert "<code>{{< boom >}}\n</code>" in text


def test_the_author_can_let_their_shortcodes_run(hostile, hugo):
    settings = hostile / "newsletter.toml"
    text = re.sub(r"^shortcodes = .*\n", "", settings.read_text(), flags=re.M)
    settings.write_text(text.replace("[site]\n", "[site]\nshortcodes = true\n"))
    write_notes(hostile, HOSTILE_NOTES + SHORTCODES.replace("one left open {{< boom", ""))
    page = rendered_post(hostile, hugo)
    assert page.count("SHORTCODE-RAN") == 3
    assert set(schemes(page)) <= {"https", "mailto", ""}  # links stay safe either way


RAW_HTML = "Before.\n\n<details><summary>More</summary>Hidden text</details>\n\nInline <b>bold</b> and a<br>break.\n"


def test_raw_html_in_the_notes_builds_with_a_strict_hugo(example_workspace, hugo):
    """The email keeps a note's <details>, <b> or <br>; the site drops raw HTML (unsafe = false)
    and says so: current Hugo warns "Raw HTML omitted" for each, which --panicOnWarning made
    an error, so one <br> in a note failed the blog's build."""
    write_notes(example_workspace, RAW_HTML)
    page = rendered_post(example_workspace, hugo)
    # the tags left out of the post, the words kept (a <br> is a line break: formats/raw_html.py)
    assert "Inline bold and a<br>\nbreak." in page and "More Hidden text" in page
    assert "<b>" not in page and "<details>" not in page and "raw HTML omitted" not in page


# A note's headings on the blog (issue: a note's `# Heading` was a second <h1> on the page).
HEADED_NOTES = """# A heading in the notes

Text with a #hashtag and #5, not headings.

Setext heading
==============

## Smaller ##

```md
# not a heading: code
```
"""


def test_headings_in_notes_sit_below_their_entry(example_workspace, hugo):
    """The page keeps one <h1> (the title), entries are <h2>, a note's headings start at <h3>
    under their entry, the intro's and outro's at <h2>; no level is skipped going down."""
    editorial = example_workspace / "entries/2020/07/_2020-W28.md"
    text = editorial.read_text().replace("tags:", 'outro: "# Until next week\\n\\nBye."\ntags:')
    editorial.write_text(text.replace("\n---\n", "\n---\n# In short\n\n", 1))
    write_notes(example_workspace, HEADED_NOTES)
    page = HTMLParser(rendered_post(example_workspace, hugo))
    headings = [(int(node.tag[1]), node.text(strip=True)) for node in page.css("article :is(h1, h2, h3, h4, h5, h6)")]
    assert [text for level, text in headings if level == 1] == ["What I read this week (July 5 - July 11, 2020)"]
    assert (2, "In short") in headings and headings[-1] == (2, "Until next week")
    entry = headings.index((2, "Hostile notes"))
    assert headings[entry + 1 : entry + 4] == [(3, "A heading in the notes"), (3, "Setext heading"), (4, "Smaller")]
    assert all(after <= before + 1 for (before, _), (after, _) in itertools.pairwise(headings))
    assert "# not a heading: code" in page.css_first("article pre code").text()
    assert "#hashtag and #5" in page.css_first("article").text()


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        pytest.param("# Title\n\nText.", "### Title\n\nText.", id="atx"),
        pytest.param("Text.\n   ## Two ##\n\n# One #", "Text.\n   #### Two ##\n\n### One #", id="closing-hashes-kept"),
        pytest.param("#hashtag and #5\n\n# Real", "#hashtag and #5\n\n### Real", id="hashtag-not-a-heading"),
        pytest.param("# A\n## B\n### C\n#### D\n###### F", "### A\n#### B\n##### C\n###### D\n###### F", id="max-6"),
        pytest.param("#### Deep\n\n## Shallow", "##### Deep\n\n### Shallow", id="shallowest-decides"),
        pytest.param("Title\n=====\n\nText.", "### Title\n\nText.", id="setext-1"),
        pytest.param("Sub\n---\n\n# One", "#### Sub\n\n### One", id="setext-2"),
        pytest.param("Over\ntwo lines\n===\nText.", "### Over two lines\nText.", id="setext-two-lines"),
        pytest.param("Ends in #\n===", "### Ends in \\#", id="setext-ending-in-hash"),
        pytest.param("> # Quoted\n>\n> Setext\n> ---", "> ### Quoted\n>\n> #### Setext", id="blockquote"),
        pytest.param("```md\n# code\n```\n\n# Real", "```md\n# code\n```\n\n### Real", id="backtick-fence"),
        pytest.param(
            "~~~~ {.py}\n# code\n```\n# still code\n~~~~\n# Real",
            "~~~~ {.py}\n# code\n```\n# still code\n~~~~\n### Real",
            id="long-tilde-fence",
        ),
        pytest.param(
            "- item\n\n  ```\n  # code\n  Setext?\n  ---\n  ```\n- # Real",
            "- item\n\n  ```\n  # code\n  Setext?\n  ---\n  ```\n- ### Real",
            id="fence-in-list",
        ),
        pytest.param("> ```\n> # code\n> ```\n\n# Real", "> ```\n> # code\n> ```\n\n### Real", id="fence-in-quote"),
        pytest.param("Text.\n\n    # code\n\n# Real", "Text.\n\n    # code\n\n### Real", id="indented-code"),
        pytest.param("Line one\r\nTitle\r\n===\r\n\r\n# B", "### Line one Title\r\n\r\n### B", id="crlf"),
        pytest.param("A[^1].\n\n[^1]: ## In a footnote", "A[^1].\n\n[^1]: ### In a footnote", id="footnote"),
        pytest.param(
            "A[^n].\n\n# Top\n\n[^n]: First.\n\n    # Deep\n\n    Text.",
            "A[^n].\n\n### Top\n\n[^n]: First.\n\n    ### Deep\n\n    Text.",
            id="footnote-second-block",
        ),
        pytest.param("A[^#1].\n\n[^#1]: # H", "A[^#1].\n\n[^#1]: ### H", id="footnote-label-with-hash"),
        pytest.param("Para\n[^1]: # After\n\nA[^1].", "Para\n[^1]: ### After\n\nA[^1].", id="footnote-after-text"),
        pytest.param("A[^1].\n\n[^1]: Title\n    ===", "A[^1].\n\n[^1]: ### Title", id="footnote-setext"),
        pytest.param("```\n[^1]: # code\n```\n\n## Real", "```\n[^1]: # code\n```\n\n### Real", id="footnote-in-code"),
    ],
)
def test_note_headings_are_moved_below_the_entry(notes, expected):
    assert authors_markdown(notes, headings=3) == expected


def test_headings_in_footnotes_sit_below_their_entry_too(example_workspace, hugo):
    """Hugo's footnotes hold blocks: a heading in one was an <h1> or <h2> on the page, as
    CommonMark (which finds the headings to move) read the footnote as a paragraph or code."""
    write_notes(example_workspace, "Said[^1] twice[^2].\n\n[^1]: # Source\n\n[^2]: Also.\n\n    ## Context\n")
    page = HTMLParser(rendered_post(example_workspace, hugo))
    headings = {node.text(strip=True): int(node.tag[1]) for node in page.css("article :is(h1, h2, h3, h4, h5, h6)")}
    assert (headings["Source"], headings["Context"]) == (3, 4)
    assert len(page.css("article h1")) == 1


def test_headings_move_and_links_are_still_made_harmless():
    notes = "# [Bad](javascript:alert(1)) {{< boom >}}\n\nText [ok](https://example.com/#x)."
    assert authors_markdown(notes, headings=3) == (
        "### [Bad](#javascript:alert(1)) {{</* boom */>}}\n\nText [ok](https://example.com/#x)."
    )


def test_a_notes_code_keeps_its_blank_lines_on_the_blog():
    """Two blank lines between functions, as PEP 8 has them: the post had squeezed every run
    of blank lines to one, inside fenced code too."""
    notes = "\n\nA snippet:\n\n```python\ndef a():\n    pass\n\n\ndef b():\n    pass\n```\n\n"
    assert authors_markdown(notes, headings=3) == notes.strip()


def test_the_intro_and_outro_never_hold_an_h1():
    """By default (the intro and outro, outside any entry) the shallowest heading is an h2."""
    assert authors_markdown("# Intro\n\n### Detail\n\nText.") == "## Intro\n\n#### Detail\n\nText."


def test_only_heading_levels_change():
    """Parsed as CommonMark (as Hugo's Goldmark parses it), the demoted text is the same
    document with deeper headings, for notes mixing every kind of block around headings."""
    parts = [
        "# One", "## Two ##", "#hashtag", "#5", "Title\n===", "Sub\n---", "```\n# fence\n```",
        "~~~~ py\n# code\n```\n~~~~", "    # indented", "> # quote", "- # list", "1. Foo\n   ---",
        "text\n# interrupts", "para", "", "***", "---", "| a | b |\n|---|---|\n| # c | d |", "<div>\n# html\n</div>",
    ]  # fmt: skip
    parser = MarkdownIt("commonmark").enable("table")
    random = Random(28)
    for _ in range(300):
        notes = random.choice(["\n", "\n\n"]).join(random.choices(parts, k=random.randint(1, 6)))
        notes = re.sub(r"\n{3,}", "\n\n", notes.strip())  # as the post takes it
        levels = [int(token.tag[1]) for token in parser.parse(notes) if token.type == "heading_open"]
        deeper = functools.partial(deeper_headings, step=max(0, 3 - min(levels, default=3)))
        expected = re.sub(r"<(/?)h([1-6])>", deeper, parser.render(notes))
        expected = re.sub(r"<h[1-6]>.*?</h[1-6]>", lambda m: m[0].replace("\n", " "), expected, flags=re.S)  # setext
        assert parser.render(str(authors_markdown(notes, headings=3))) == expected, notes


def deeper_headings(tag: re.Match, step: int) -> str:
    return f"<{tag[1]}h{min(6, int(tag[2]) + step)}>"


def test_tildes_in_a_title_show_as_typed_and_build_with_every_hugo(example_workspace, hugo):
    """A title (fetched, or written) holding `~~…~~` was strikethrough on the blog, not the words
    the page gave; and in the entry's heading link, Debian's Hugo 0.111 panicked on it ("index
    out of range" rendering .Content), so one fetched title stopped the whole site's build."""
    (example_workspace / "entries/2020/07/tildes.md").write_text(
        "---\ntype: article\nurl: https://example.com/tildes\ndate: 2020-07-08\n"
        'title: "~~Retracted~~ Corrected ~figures~"\nauthors: ["~~Ann~~ Lee"]\n---\nA note.\n'
    )
    page = HTMLParser(rendered_post(example_workspace, hugo))
    assert not page.css("article del, article s")
    text = page.css_first("article").text()
    assert "~~Retracted~~ Corrected ~figures~" in text and "~~Ann~~ Lee" in text


def test_each_notes_footnotes_and_link_references_are_its_own(example_workspace, hugo):
    """The post is every note in one Markdown document, where a label means one thing: the
    second note's footnote [^1] showed the first note's text, and its [ref] linked to where
    another note's [ref]: pointed. Each note's labels are its own, as in the email."""
    folder = example_workspace / "entries/2020/07"
    for name, day, notes in [
        ("fn-a.md", "08", "A has a footnote[^1].\n\n[^1]: Footnote of A.\n"),
        (
            "fn-b.md",
            "09",
            "B has one too[^1], [B's link][ref] and [ref].\n\n[^1]: Footnote of B.\n\n[ref]: https://b.example/\n",
        ),
        # not a definition: a footnote's paragraph goes on over it, as Goldmark reads it
        ("fn-d.md", "11", "D has [a link][dref].\n\n[^d]: Its footnote.\n[dref]: https://d.example/\n"),
        ("fn-c.md", "10", "C has [Ref][] and `[ref]` in code.\n\n[REF]: https://c.example/\n"),
    ]:
        (folder / name).write_text(
            f"---\ntype: article\nurl: https://example.com/{name}\ndate: 2020-07-{day}\ntitle: {name}\n---\n{notes}"
        )
    page = HTMLParser(rendered_post(example_workspace, hugo))
    notes = {p.text(strip=True)[:1]: p for p in page.css("p") if re.match(r"[ABCD] ", p.text(strip=True))}
    footnotes = {li.attributes["id"]: li.text(strip=True) for li in page.css(".footnotes li")}
    for who in "AB":
        [ref] = notes[who].css("sup a")
        assert footnotes[ref.attributes["href"].removeprefix("#")].startswith(f"Footnote of {who}.")
    assert [a.attributes["href"] for a in notes["B"].css("a:not(.footnote-ref)")] == ["https://b.example/"] * 2
    assert [a.attributes["href"] for a in notes["C"].css("a")] == ["https://c.example/"]
    assert notes["C"].css_first("code").text() == "[ref]"
    assert "dref-" not in page.body.text()  # a label is never shown with its suffix


@pytest.mark.parametrize(
    "note, renamed",
    [
        # what is no use of a label is left as written: a link's address, a title, code, an escape
        ('<https://a.example/[ref]> [link](/x "[ref]")\n\n[ref]: /r\n', '<https://a.example/[ref]> [link](/x "[ref]")'),
        ('`code over\n[ref] lines` \\[ref] {{< sc "[ref]" >}}\n\n[ref]: /r\n', "`code over\n[ref] lines` \\[ref] {{<"),
        ('[x]\n\n[x]: /x "title [ref]"\n[ref]: /r\n', '[x-SFX]: /x "title [ref]"'),
        # what is one is renamed: a label with spaces, over a line, a second definition, a footnote twice
        (
            "[  ref  ][] [x][ref\n]\n\n[ref]: /a\n[ref]: /b\n",
            "[  ref  ][ref-SFX] [x][ref-SFX]\n\n[ref-SFX]: /a\n[ref-SFX]: /b",
        ),
        ("Twice[^1][^1].\n\n[^1]: Foot.\n", "Twice[^1-SFX][^1-SFX]."),
        ("``a ``` [ref] `` [ref] <b [ref]>\n\n[ref]: /r\n", "``a ``` [ref] `` [ref][ref-SFX] <b [ref][ref-SFX]>"),
        ("- > [ref]: /r\n\n[ref]\n", "- > [ref-SFX]: /r\n\n[ref][ref-SFX]"),
        # a link's text may hold brackets, escaped or in code, and an image an image
        ("[a \\[b\\] `]` c][ref]\n\n[ref]: /r\n", "[a \\[b\\] `]` c][ref-SFX]"),
        ("![a ![b][ref] c][ref]\n\n[ref]: /r\n", "![a ![b][ref-SFX] c][ref-SFX]"),
        ("[x \\] y]\n\n[x \\] y]: /r\n", "[x \\] y][x \\] y-SFX]\n\n[x \\] y-SFX]: /r"),
        # a link in a link's text: the inner one is the link, the outer brackets are words
        ("[a [ref] b][ref]\n\n[ref]: /r\n", "[a [ref][ref-SFX] b][ref][ref-SFX]"),
        ("[^9][ref] [^1][ref]\n\n[^1]: x\n\n[ref]: /r\n", "[^9][ref-SFX] [^1-SFX][ref][ref-SFX]"),
        # a footnote defined in a quote or a list item is Goldmark's too, as is one opening a fence
        ("> A[^1]\n\n> [^1]: Quoted.\n", "> A[^1-SFX]\n\n> [^1-SFX]: Quoted."),
        ("- A[^1]\n- [^1]: Listed.\n", "- A[^1-SFX]\n- [^1-SFX]: Listed."),
        ("A[^1]\n\n[^1]: ```\n    code\n", "A[^1-SFX]\n\n[^1-SFX]: ```"),
        # a line of a paragraph indented as if a footnote is the paragraph's words
        ("A[^1]\nwords\n     [^2]: no footnote\n\n[^1]: Foot.\n", "words\n     [^2]: no footnote\n\n[^1-SFX]: Foot."),
    ],
)
def test_a_label_is_renamed_where_commonmark_reads_one_and_nowhere_else(note, renamed):
    """own_labels renamed `[ref]` inside an autolink's address (the link then went elsewhere), a
    title, a code span over two lines, an escaped `\\[ref]` (shown as a link) and a shortcode's
    argument; and missed a label with spaces, one over a line break, a second definition (left as
    text) and a footnote used twice in a row (both shown as typed)."""
    result = own_labels(note)
    suffix = re.search(r"-[0-9a-f]{6}\]", result)[0][:-1]
    assert renamed.replace("-SFX", suffix) in result


def test_a_note_of_unclosed_brackets_and_backticks_is_renamed_in_linear_time():
    """A link's text held code or a backtick two ways, tried every way: '[' and 34 '`a' took
    seconds, each pair more twice as long (a note from an import could hold that); and each
    '{{<' looked to the note's end for its '>}}'."""
    import time

    start = time.perf_counter()
    own_labels("[" + "`a" * 34 + "\n\n[ref]: /r\n")
    own_labels("{{< " * 20_000 + "\n\n[ref]: /r\n")
    assert time.perf_counter() - start < 1


def test_a_backslash_after_a_backslash_breaks_no_line_in_the_email_as_on_the_blog(example_workspace, hugo):
    """Goldmark breaks a line that ends in one backslash, not in two or more: 'C:\\\\\\' (an escaped
    backslash, then one ending the line) shows two backslashes on an unbroken line on the blog,
    while the merged hard break read it as one backslash and a <br> in both parts of the email.
    Each line here ends the same way in the post (built by Hugo) and the email's HTML."""
    endings = ["one\\", "two\\\\", "three\\\\\\", "four\\\\\\\\", "five\\\\\\\\\\", "star\\*\\", "`code`\\\\\\"]
    write_notes(example_workspace, "".join(f"Case {n} {ending}\nnext.\n\n" for n, ending in enumerate(endings)))
    post = HTMLParser(rendered_post(example_workspace, hugo))
    email = HTMLParser(build(example_workspace, "2020-W28", offline=True).outputs.html)

    def shown(page, n):  # the paragraph's words, a line break as "|"
        [paragraph] = [p for p in page.css("p") if p.text().startswith(f"Case {n} ")]
        return " ".join(paragraph.html.replace("<br>", "|").replace("<br />", "|").split())

    for n in range(len(endings)):
        assert HTMLParser(shown(email, n)).text() == HTMLParser(shown(post, n)).text(), endings[n]


def test_a_title_starting_with_a_number_and_a_dot_shows_no_backslash(example_workspace, hugo):
    """A fetched or written title such as "3. Liga: ..." or a PDF's "2026.01234" was escaped
    against becoming a list as "\\3. Liga", and a backslash before a digit escapes nothing:
    the blog's heading showed it. The dot is escaped now, which CommonMark reads."""
    titles = ["3. Liga: Aue gewinnt in Halle", "2026.01234", "10) Ten things", "- Angsten vil øke", "# hashtag"]
    for n, title in enumerate(titles):
        (example_workspace / f"entries/2020/07/numbered-{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/n{n}\ndate: 2020-07-08\ntitle: {json.dumps(title)}\n---\n"
        )
    page = HTMLParser(rendered_post(example_workspace, hugo))
    shown = {node.text(strip=True) for node in page.css("article h2 a")}
    assert set(titles) <= shown
    assert not page.css("article h2 :is(ol, ul, h1, blockquote)")


def test_a_titles_double_dash_stays_two_dashes_on_the_blog(example_workspace, hugo):
    """Hugo's typographer makes "--" an en dash and "---" an em dash: a tool's entry titled
    "Use git push --force-with-lease" read "–force-with-lease" on the blog, a flag nobody can
    type, where the email and the feeds had it as written. Runs of dashes are escaped now."""
    titles = ["Use git push --force-with-lease, not --force", "uv pip install --upgrade ---pre"]
    for n, title in enumerate(titles):
        (example_workspace / f"entries/2020/07/dashes-{n}.md").write_text(
            f"---\ntype: tool\nurl: https://example.com/d{n}\ndate: 2020-07-08\ntitle: {json.dumps(title)}\n---\n"
        )
    page = HTMLParser(rendered_post(example_workspace, hugo))
    assert set(titles) <= {node.text(strip=True) for node in page.css("article h2 a")}


def test_an_unlinked_titles_closing_hashes_stay_on_the_blog(example_workspace, hugo):
    """A book's or a highlight's title has no link, so it ends its `## [Book] ...` heading, and
    CommonMark reads a trailing " #" there as the heading's closing sequence: "Learning C #"
    showed "Learning C". The last '#' is escaped, which Hugo shows as typed."""
    titles = ["Learning C #", "Chapter ##", "Issue # 5 #"]
    for n, title in enumerate(titles):
        (example_workspace / f"entries/2020/07/book-{n}.md").write_text(
            f"---\ntype: book\ndate: 2020-07-08\ntitle: {json.dumps(title)}\n---\nNotes.\n"
        )
    page = HTMLParser(rendered_post(example_workspace, hugo))
    shown = {" ".join(node.text().split()) for node in page.css("article h2")}
    assert {f"[Book] {title}" for title in titles} <= shown
