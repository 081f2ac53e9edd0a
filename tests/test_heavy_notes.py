"""A note Python-Markdown cannot read in reasonable time, or at all (a page pasted whole, or a
hostile one): found by a bounded look before it tries, named by its file and line, and shown as
plain text in the email, its text part and the feeds (attack 31). How long Markdown took on
each is in the commit's message; here, what is found and what the build makes of it."""

import json
from pathlib import Path

import pytest

from newsletter.build import build
from newsletter.formats.heavy_notes import heavy
from newsletter.formats.notes import NoteParser
from newsletter.front_matter import parse_front_matter
from newsletter.read import parse_entry

REPO = Path(__file__).parent.parent

HEAVY = {
    "links left open": ("[a](" * 5000, "]( opened and not closed"),
    "brackets left open": ("[" * 3000, "[ opened and not closed"),
    "tags left open": ("<a " * 20000, "HTML tags opened and not closed"),
    "nested list": (
        "".join("  " * level + "- a\n" for level in range(300)),
        "lists or quotes nested more than 100 deep",
    ),
    # (a tree 20,000 deep in the email: its MJML renderer, mrml, ended the build in a segfault)
    "elements left open": ("<b>x" * 20_000, "more than 300 HTML elements left open inside each other"),
    "nested on one line": ("- " * 1000 + "a", "lists or quotes nested more than 100 deep"),
    "emphasis left open": ("*a " * 1000 + "b" + "*" * 1000, "more than 300 emphasis marks (* or _) left open"),
    "markdown in html": ("<div markdown=1>" * 1000 + "a" + "</div>" * 1000, "1000 blocks of Markdown in HTML"),
    # a backslash breaking each line, and straight quotes smarty curls (2.7 s and 3.3 s)
    "backslash breaks": ("a\\\n" * 20_000, "a paragraph of 60 KB with 20,000 marks of Markdown"),
    "quotes": ("\"'" * 20_000, "a paragraph of 40 KB with 40,000 marks of Markdown"),
    "one long paragraph": (
        " ".join(f"A [link {n}](https://example.com/{n}), _some_ *more* `code` **bold**." for n in range(2000)),
        "a paragraph of 141 KB with 16,000 marks of Markdown (links, emphases, code, quotes, breaks)",
    ),
    # (attack 32) blocks of a line each: 20,000 headings took 10 s, 20,000 list items 9.3 s
    "many blocks": ("# a\n" * 20_000, "more than 10,000 blocks (paragraphs, list items, headings, table rows…)"),
    "paragraphs": (
        "".join(f"Paragraph {n} of a book pasted whole.\n\n" for n in range(20_000)),
        "more than 10,000 blocks",
    ),
    "quoted paragraphs": ("> a\n>\n" * 20_000, "more than 10,000 blocks"),
    # a page's HTML source pasted, a line an element (5.9 s); definitions left open (4 s)
    "lines of HTML": ("<p>a</p>\n" * 20_000, "more than 10,000 blocks"),
    "definitions left open": ("".join(f'[a{n}]: /u "t\n' for n in range(20_000)), "more than 10,000 blocks"),
    "rubies": ("<ruby>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby>" * 20_000, "more than 10,000 rubies"),
    "a wide table row": ("|a" * 20_000 + "|\n" + "|-" * 20_000 + "|\n" + "|x" * 20_000 + "|\n", "a table row of more"),
    "table rows": ("| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000, "more than 10,000 blocks"),
    # 10,000 setext headings: each split the rest of the run again in the tables extension (9 s)
    "headings in a run": ("a\n===\n" * 9_000, "9,000 headings or rules in a run of lines without a blank one"),
    # a line broken by two spaces at its end is a match as a backslash is (5.4 s)
    "two-space breaks": ("a  \n" * 20_000, "a paragraph of 80 KB with 20,000 marks of Markdown"),
    # each address magiclink links rebuilds the paragraph, as a link does (5.8 s)
    "bare addresses": ("www.a " * 20_000, "a paragraph of 120 KB with 20,000 marks of Markdown"),
    # the paragraph the note is heavy for, not the short one after it that took the sum past the
    # budget ('a paragraph of 18 characters with 1 marks')
    "the heaviest paragraph": ("[a] " * 10_000 + "\n\n[a]: http://e.com\n", "a paragraph of 40 KB with 10,000 marks"),
}


@pytest.mark.parametrize("note, said", HEAVY.values(), ids=HEAVY.keys())
def test_a_heavy_note_is_found_with_its_line(note, said):
    line, what = heavy("An ordinary first paragraph.\n\n" + note)
    assert what.startswith(said)
    assert line == (104 if note.startswith("- a\n") else 3)  # (the 101st level of the nested list)


def test_ordinary_notes_are_not_heavy():
    """The example log's notes, the examples of real reading, and long notes with many links in
    paragraphs and lists, as an author writes or a highlights import does."""
    notes = [parse_front_matter(p.read_text(encoding="utf-8"))[1] for p in (REPO / "entries").rglob("*.md")]
    notes += [p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.md")]
    notes.append("\n".join(f"- *Title {n}* by [Someone](https://example.com/{n}) <b>x</b>" for n in range(3000)))
    notes.append("\n\n".join(f"> A highlight, [{n}](https://example.com/#{n}), with *its* words." for n in range(3000)))
    notes.append("A stray [ in a long note. " + "Words and more words. " * 40000)
    notes.append("```\n" + "".join(" " * 200 + f"- {n}\n" for n in range(50)) + "```\n")  # code is text
    # read in 0.25 s, 1 s and 2.6 s: a paragraph of tags, a block of reference definitions, a table
    notes.append(" ".join(f"<b>b{n}</b>" for n in range(4000)))
    # elements that hold nothing, or that the next of their kind closes, or closed in another case
    notes.append("".join(f"<p>{n}<br><li><img src=x.png><ruby>字<rt>じ</ruby><I>i</i>\n" for n in range(1000)))
    notes.append(
        "".join(f"[r{n}]\n\n" for n in range(4000)) + "".join(f"[r{n}]: https://e.com/{n}\n" for n in range(4000))
    )
    notes.append(
        "| a | b | c |\n|---|---|---|\n" + "".join(f"| {n} | *x* | [l](https://e.com) |\n" for n in range(4000))
    )
    # (attack 32) a long note of chapters, a reading list of 5,000 books, 2,000 headings on their own
    notes.append("\n\n".join(f"## Chapter {n}\n\nIts words, www.example.com/{n}." for n in range(2000)))
    notes.append("".join(f"- [Book {n}](https://example.com/{n}) by Someone\n" for n in range(5000)))
    notes.append("".join(f"# Heading {n}\n" for n in range(2000)))
    # a Rust or Java note naming its types: no element of the email's (<String>, <T>), wherever written
    notes.append("\n\n".join(f"Use `Vec<String>` or `Option<T>`, not Map<K> in step {n}." for n in range(400)))
    # an API's answer of 90 KB in a fence, read in 4 ms, was 'a paragraph of 89 KB with 19,507 marks'
    answer = str([{"id_x": n, "name": f"item_{n}", "tags": ["a_b", "c_d"]} for n in range(1500)])
    notes.append("My notes on the API.\n\n```json\n" + answer.replace("'", '"') + "\n```\n")
    assert [heavy(note) for note in notes] == [None] * len(notes)


FENCES_NOT_CLOSED = {  # (opening, closing) that Markdown does not read as a fenced block
    "``` closed by ~~~": ("```", "~~~"),
    "~~~ indented": (" ~~~", " ~~~"),
    "``` closed by ````": ("```", "````"),
    "``` with two words": ("``` a b\n", "```"),
}


@pytest.mark.parametrize("opening, closing", FENCES_NOT_CLOSED.values(), ids=FENCES_NOT_CLOSED.keys())
def test_markup_between_fences_markdown_does_not_pair_is_counted(opening, closing):
    """(attack 32) '<b>x' 20,000 times between a ``` and a ~~~ was skipped as fenced code, but
    Markdown reads it, and the build ended in mrml's segmentation fault (exit 139, no word)."""
    note = f"Notes.\n\n{opening}\n" + "<b>x" * 20_000 + f"\n{closing}\n"
    line = note.count("\n", 0, note.index("<b>")) + 1
    assert heavy(note) == (line, "more than 300 HTML elements left open inside each other")
    assert heavy("Notes.\n\n```html\n" + "<b>x" * 20_000 + "\n```\n") is None  # (code it is)


@pytest.mark.parametrize("name", ["nested list", "nested on one line", "markdown in html", "links left open"])
def test_a_heavy_note_is_read_as_plain_text(name):
    """Three raised RecursionError out of Python-Markdown (the build's traceback); `[a](` 5,000
    times took 6 s, 20,000 times over two minutes."""
    note = "First *paragraph* & <b>more</b>.\n\n" + HEAVY[name][0]
    parsed = NoteParser().parse(note)
    assert parsed.html.startswith("<p>First *paragraph* &amp; &lt;b&gt;more&lt;/b&gt;.</p>\n<p>")
    assert [p.text for p in parsed.tree][0] == "First *paragraph* & <b>more</b>."
    assert parsed.stash == ()


def test_a_build_names_the_heavy_note_and_shows_it_as_plain_text(example_workspace):
    path = example_workspace / "entries/2021/02/pasted.md"
    text = (
        "---\ntype: article\nurl: https://example.org/pasted\ndate: 2021-02-20\ntitle: Pasted\n---\n"
        "What I pasted:\n\n" + "".join("  " * level + "- item\n" for level in range(400))
    )
    path.write_text(text, encoding="utf-8")
    result = build(example_workspace, "2021-02", offline=True)
    said = [w.removeprefix(f"{example_workspace}/") for w in result.warnings if "pasted.md" in w]
    assert said == [
        "entries/2021/02/pasted.md:110: lists or quotes nested more than 100 deep: Markdown would take minutes to"
        " read this note, or fail (a page pasted whole?), so the email, its text part and the feeds show it as plain"
        " text; keep the markup you mean, or the page in a file of your own linked from the entry"
    ]
    # (a paragraph's lines are joined, as Markdown joins them)
    assert ">What I pasted:</p>" in result.outputs.html and "\n\nWhat I pasted:\n\n- item - item" in result.outputs.text
    assert path.read_text(encoding="utf-8") == text  # the author's file as written
    _, warnings = parse_entry(path, text)
    assert [(w.line, w.code) for w in warnings] == [(110, "heavy-note")]


def test_the_warning_is_of_the_note_as_shown_and_names_the_files_line(tmp_path):
    """What is parsed is the note as the edition shows it: a page pasted inside an Obsidian
    comment is hidden, not parsed, so nothing is said of it; blank lines the note begins with
    (trimmed off what is parsed) still count in the line named."""
    front = "---\ntype: article\nurl: https://example.org/a\ndate: 2021-02-20\ntitle: A\n---\n"
    hidden = front + "Mine.\n\n%%\n" + "[a](" * 5000 + "\n%%\n"
    entry, warnings = parse_entry(tmp_path / "hidden.md", hidden)
    assert entry.notes == "Mine." and not [w for w in warnings if w.code == "heavy-note"]
    spaced = front + "\n\n\nMine.\n\n" + "[a](" * 5000 + "\n"
    _, warnings = parse_entry(tmp_path / "spaced.md", spaced)
    assert [(w.line, w.code) for w in warnings] == [(12, "heavy-note")]
    assert spaced.split("\n")[11].startswith("[a](")


def test_what_check_says_of_a_heavy_notes_links_and_tags_is_of_the_note_as_shown(example_workspace, monkeypatch):
    """The email and the feeds show a heavy note as plain text, as typed, but check and build
    still said of it what they say of a note Markdown reads: that its address on the blog was a
    link they kept the words of until baseURL was set (it was no link there, whatever the
    setting), and that the email left out its `<friends>` (it showed them)."""
    import re

    from click.testing import CliRunner

    from newsletter.cli import main

    monkeypatch.chdir(example_workspace)
    notes = "See [my post](/2026/11/post/) and <friends>.\n\n" + "".join("  " * level + "- a\n" for level in range(300))
    entry = example_workspace / "entries/2021/02/pasted.md"
    entry.write_text(
        f"---\ntype: article\nurl: https://example.org/pasted\ndate: 2021-02-20\ntitle: Pasted\n---\n{notes}"
    )
    hugo_toml = example_workspace / "site/hugo.toml"
    site = hugo_toml.read_text()
    hugo_toml.write_text(re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://example.com/"', site))

    def said():
        checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "--json"]).stdout
        return {
            (found["code"], found["message"])
            for found in json.loads(checked)["findings"]
            if (found["file"] or "").endswith("pasted.md")
        }

    assert said() == {
        ("heavy-note", next(message for code, message in said() if code == "heavy-note")),
        (
            "vanishing-words",
            "the notes hold <friends>, which reads as an HTML tag: the post leaves it out (the email and the feeds "
            "show this note as plain text, as typed); write it in `backticks`, or as \\<word\\>, to show it",
        ),
    }
    hugo_toml.write_text(re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://ana.example/blog/"', site))
    assert (
        "relative-link",
        "the notes link to /2026/11/post/, from the root of the site's domain: the site is at "
        "https://ana.example/blog/, so on the blog it leads to https://ana.example/2026/11/post/ (the email and the "
        "feeds show this note as plain text, as typed); write /blog/2026/11/post/ (or the whole address) to link to "
        "the site's page",
    ) in said()
