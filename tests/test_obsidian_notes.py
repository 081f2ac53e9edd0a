"""Notes written in an Obsidian vault (new user 44, Hannah): wiki links, embeds, callouts and
comments, which no reader of the email or the blog can follow, are shown as Obsidian shows them
or left out; the file is never changed."""

import feedparser
import pytest
from selectolax.lexbor import LexborHTMLParser

from newsletter.build import build
from newsletter.formats.note_obsidian import readable
from newsletter.read import parse_entry

from hugo_versions import hugo_build

NOTE = """\
---
type: article
url: https://example.org/local-first
date: 2021-02-20T09:15
title: Local-first
aliases:
  - Lokal zuerst
cssclasses: [lesenotiz]
---
Kleppmann erklärt [[Local-first]], passt zu [[Über Software|meinem Text über Software]].
Siehe [[Zettelkasten#Prinzipien]] und [[#Oben]]; als Code bleibt `[[so]]`.

> [!quote] Kernsatz
> You own your data.

> [!note]- Eingeklappt
> Ein Zettel, ein Gedanke.

Privat: %%nur für mich%% öffentlich.

![[Anhänge/Werkbank Foto.jpg|300]]
"""


def test_wiki_links_callouts_embeds_and_comments_reach_no_reader(example_workspace):
    """Every output showed '[[Local-first]]', '[[Über Software|meinem Text …]]', '> [!quote]
    Kernsatz' (in the text part joined to the quote: '> [!quote] Kernsatz „You own…'), the
    embed '![[…]]' as typed, and the comment Obsidian hides."""
    path = example_workspace / "entries/2021/02/Über Software.md"
    path.write_text(NOTE, encoding="utf-8")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    for output in (outputs.post, outputs.text, outputs.html):
        assert not any(typed in output for typed in ("[[L", "[[Ü", "[[Z", "[[#", "![[", "[!", "%%", "nur für"))
    assert "Kleppmann erklärt Local-first, passt zu meinem Text über Software." in outputs.post
    assert "Siehe Zettelkasten > Prinzipien und Oben; als Code bleibt `[[so]]`." in outputs.post
    assert "> **Kernsatz**  \n> You own your data." in outputs.post
    assert "> Kernsatz\n> You own your data." in outputs.text
    assert "<strong>Kernsatz</strong><br>" in outputs.html
    assert path.read_text(encoding="utf-8") == NOTE  # the author's file as she wrote it


def test_an_embed_is_named_with_its_line_and_obsidians_own_keys_are_no_typos(tmp_path):
    """`aliases:` and `cssclasses:`, which Obsidian's Properties add to a note, were 'unknown key
    … it is ignored' in every check and build; an embed left out said nothing."""
    entry, warnings = parse_entry(tmp_path / "n.md", NOTE)
    assert [(w.line, w.code) for w in warnings] == [(21, "vault-embed")]
    crlf = parse_entry(tmp_path / "n.md", NOTE.replace("\n", "\r\n"))[1]  # saved on Windows: no line was said
    assert [(w.line, w.code) for w in crlf] == [(21, "vault-embed")]
    assert "![[Anhänge/Werkbank Foto.jpg|300]] embeds a file of your Obsidian vault" in warnings[0].message
    assert "![what it shows](its-file.jpg)" in warnings[0].message
    assert entry.notes.endswith("Privat:  öffentlich.")
    assert readable(NOTE).count("\n") == NOTE.count("\n")  # each line stays the file's


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("[[Note]]", "Note"),
        ("[[Note|words]]", "words"),
        ("[[Note\\|words]]", "words"),  # in a table, as Obsidian writes it there
        ("[[Note#A#B]]", "Note > A > B"),
        ("[[Note#^a1b2]]", "Note"),
        ("a %% b\nc %% d", "a \n d"),
        ("```\n[[Note]] %%\n```\n[[x]]", "```\n[[Note]] %%\n```\nx"),
        ("> > [!tip]+\n> > Text", "> > **Tip**  \n> > Text"),  # untitled: its type, as Obsidian shows it
        ("> [!WARNING]\n> Not in production.", "> **Warning**  \n> Not in production."),  # GitHub's alert
        ("```\n```python\n[[a]]\n```\n[[b]]", "```\n```python\n[[a]]\n```\nb"),  # no info string closes
        ("%% the rest\nhidden", "\n"),  # an unclosed comment hides the rest, as in Obsidian
        ("[[]] [x](y) [!a]", "[[]] [x](y) [!a]"),
        ("a\n\n    [[a]] %% b\n\n\t[[c]]\n[[d]]", "a\n\n    [[a]] %% b\n\n\t[[c]]\nd"),  # indented code
        ("    [[a]]\n[[b]]", "    [[a]]\nb"),  # at the start, too
        ("a\n    [[b]]", "a\n    b"),  # no blank line before: the paragraph's next line
        ("- item\n\n    [[b]]\n\n[[c]]\n\n    [[d]]", "- item\n\n    b\n\nc\n\n    [[d]]"),  # the item's
    ],
)
def test_each_form_as_obsidian_shows_it(typed, shown):
    assert readable(typed) == shown


def test_the_blog_shows_the_callout_as_a_quote_under_its_title(example_workspace, hugo):
    (example_workspace / "entries/2021/02/Über Software.md").write_text(NOTE, encoding="utf-8")
    build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    page = next(p for p in (site / "public/posts").glob("*/index.html") if "Kernsatz" in p.read_text())
    quotes = [" ".join(q.text().split()) for q in LexborHTMLParser(page.read_text()).css("blockquote")]
    assert "Kernsatz You own your data." in quotes and "Eingeklappt Ein Zettel, ein Gedanke." in quotes
    assert "[[L" not in page.read_text() and "[!" not in page.read_text() and "<code>[[so]]</code>" in page.read_text()


CODE_NOTE = """\
---
type: article
url: https://example.org/obsidian-syntax
date: 2021-02-21
title: Obsidian's syntax
---
Wie man verlinkt:

    [[Andere Notiz]] und %% ein Kommentar

Danach geht es weiter mit [[Zettelkasten]].
"""


def test_an_indented_code_block_is_code_in_every_output(example_workspace, hugo):
    """A note about Obsidian's syntax, its example indented four spaces (as Markdown writes code
    too): '[[Andere Notiz]]' became 'Andere Notiz' in the code, and its '%%' hid the rest of the
    note from the email, its text part and the blog, where a fenced block was kept as typed."""
    (example_workspace / "entries/2021/02/syntax.md").write_text(CODE_NOTE, encoding="utf-8")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    for output in (outputs.post, outputs.text, outputs.html):
        assert "[[Andere Notiz]] und %% ein Kommentar" in output
        assert "Danach geht es weiter mit Zettelkasten." in output
    site = example_workspace / "site"
    hugo_build(hugo, site)
    page = next(p for p in (site / "public/posts").glob("*/index.html") if "Danach geht" in p.read_text())
    codes = [c.text() for c in LexborHTMLParser(page.read_text()).css("pre code")]
    assert "[[Andere Notiz]] und %% ein Kommentar\n" in codes


def test_a_propertys_link_to_a_note_is_its_words(example_workspace):
    """Obsidian's Properties write a link to a note quoted, `authors: ["[[Martin Kleppmann]]"]`:
    the email's text part read '[[Martin Kleppmann]], [[Alastair R. Beresford|Alastair
    Beresford]] · …' under a section headed '[[VERTEILTE SYSTEME]]', and the post escaped them."""
    text = NOTE.replace(
        "title: Local-first\n",
        'title: "Local-first, mit [[CRDT]]"\nauthors:\n  - "[[Martin Kleppmann]]"\n'
        '  - "[[Alastair R. Beresford|Alastair Beresford]]"\nsection: "[[Verteilte Systeme]]"\n',
    )
    entry, _ = parse_entry(example_workspace / "n.md", text)
    assert entry.speakers == ["Martin Kleppmann", "Alastair Beresford"]
    assert (entry.section, entry.title) == ("Verteilte Systeme", "Local-first, mit [[CRDT]]")  # (a title: as typed)
    image = "https://example.org/plots/fig[[1]].png"  # an address, kept as written: no vault's link
    pictured = text.replace("cssclasses:", f'image: "{image}"\ncssclasses:')
    assert parse_entry(example_workspace / "n.md", pictured)[0].image == image
    (example_workspace / "entries/2021/02/Über Software.md").write_text(text, encoding="utf-8")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert "\nVERTEILTE SYSTEME\n" in outputs.text and "Martin Kleppmann, Alastair Beresford" in outputs.text
    assert "Martin Kleppmann, Alastair Beresford" in outputs.post and r"Local-first, mit \[\[CRDT\]\]" in outputs.post
    for output in (outputs.post, outputs.text, outputs.html):
        assert not any(typed in output for typed in ("[[M", "[[A", "[[V", r"\[\[M", r"\[\[V"))


BRACKETED = """\
---
type: article
url: https://example.org/nodiscard
date: 2021-02-22
title: "Using [[nodiscard]] in C++"
authors: ["[[Jonathan Müller]]"]
section: "Attributes like [[likely]]"
---
Warum der Compiler warnt.
"""


def test_brackets_among_a_values_words_are_its_own_in_every_output(example_workspace, hugo):
    """A title "Using [[nodiscard]] in C++" (C++'s attribute, not a note of a vault) lost its
    brackets in the email, its text part, the post, the feeds and the web archive: every value was
    read for vault links. A title is the author's text, as typed; another value is a vault's link
    only when it is one, whole, as Obsidian's Properties write it."""
    (example_workspace / "entries/2021/02/nodiscard.md").write_text(BRACKETED, encoding="utf-8")
    entry, _ = parse_entry(example_workspace / "n.md", BRACKETED)
    assert (entry.title, entry.section, entry.speakers) == (
        "Using [[nodiscard]] in C++",
        "Attributes like [[likely]]",
        ["Jonathan Müller"],
    )
    lone = BRACKETED.replace('title: "Using [[nodiscard]] in C++"', 'title: "[[nodiscard]]"')
    assert parse_entry(example_workspace / "n.md", lone)[0].title == "[[nodiscard]]"
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    headings = [h.text() for h in LexborHTMLParser(outputs.html).css("h3")]
    assert "Using [[nodiscard]] in C++" in headings
    assert "ATTRIBUTES LIKE [[LIKELY]]\n" in outputs.text and "\nUsing [[nodiscard]] in C++ [" in outputs.text
    site = example_workspace / "site"
    hugo_build(hugo, site)
    page = next(p for p in (site / "public/posts").glob("*/index.html") if "Warum der Compiler" in p.read_text())
    assert "Using [[nodiscard]] in C++" in [h.text() for h in LexborHTMLParser(page.read_text()).css("h2")]
    entries = feedparser.parse((site / "static/feeds/entries.xml").read_bytes())
    assert "Using [[nodiscard]] in C++" in [item.title for item in entries.entries]
    archived = LexborHTMLParser((site / "static/newsletter/2021-02/index.html").read_text())
    assert "Using [[nodiscard]] in C++" in [h.text() for h in archived.css("h3")]


def test_a_comment_no_percent_signs_close_is_named_with_its_line_and_what_it_hides(tmp_path):
    """A note written outside Obsidian with a pair of percent signs ('50%%', a link's `?q=a%%b`)
    opened a comment that hid every word after it from the email, its text part and the blog,
    and nothing said so; a closed comment (NOTE's) is Obsidian's own and says nothing."""
    text = (
        "---\ntype: article\nurl: https://example.org/a\ndate: 2021-02-20\n---\n"
        "First paragraph.\n\nSee [the query](https://example.org/?q=50%%) for more.\n\nThe last paragraph.\n"
    )
    entry, warnings = parse_entry(tmp_path / "n.md", text)
    assert entry.notes.endswith("See [the query](https://example.org/?q=50")  # (hidden, as in Obsidian)
    assert [(w.line, w.code) for w in warnings] == [(8, "vault-comment")]
    assert warnings[0].message.startswith("%% opens a comment (Obsidian's, hidden from readers) that no %% closes")
    assert "(1 more line) is left out of the edition" in warnings[0].message
    assert [w.code for w in parse_entry(tmp_path / "n.md", NOTE)[1]] == ["vault-embed"]
