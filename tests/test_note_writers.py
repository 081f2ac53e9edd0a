"""A log two people keep (new user 53, Priya and Tom): an entry's `by:` names who wrote its notes,
signed under them in the email, its text part and the post. Before, a reader could not tell whose
note was whose, and `by:` was an unknown key, ignored with a warning."""

import re

from click.testing import CliRunner

from newsletter.cli import main

BY = "entries/2021/02/python-packaging.md"


def test_the_notes_are_signed_by_whoever_wrote_them(example_workspace):
    entry = example_workspace / BY
    entry.write_text(entry.read_text().replace("tags: [python,", "by: Tom\ntags: [python,"))
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "by" not in re.findall(r"unknown key '(\w+)'", checked.output)
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 0, built.output
    edition = example_workspace / "dist" / "2021-02"
    text = (edition / "newsletter.txt").read_text()
    assert re.search(r"package maintainers and users\.\n— Tom\n", text)
    assert text.count("— Tom") == 1  # the one entry's, not every entry's
    html = (edition / "newsletter.html").read_text()
    assert re.search(r"maintainers and users\.</p>\s*<p class=\"facts\"[^>]*>— Tom</p>", html)
    [post] = (example_workspace / "site" / "content" / "posts").glob("*/index.md")
    assert "maintainers and users.\n\n— Tom\n" in post.read_text()


def test_two_writers_and_a_name_that_is_not_markup(example_workspace):
    entry = example_workspace / BY
    entry.write_text(entry.read_text().replace("tags: [python,", "by: [Priya, <b>Tom</b>]\ntags: [python,"))
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 0, built.output
    html = (example_workspace / "dist" / "2021-02" / "newsletter.html").read_text()
    assert "— Priya, &lt;b&gt;Tom&lt;/b&gt;</p>" in html
    [post] = (example_workspace / "site" / "content" / "posts").glob("*/index.md")
    assert "<b>" not in post.read_text()


def test_the_feeds_sign_the_notes_as_the_email_does(example_workspace):
    """The entries feed and the editions feed carried Tom's notes unsigned, where the email, its
    text part, its web page and the post sign them: a feed reader could not tell whose they were.
    The item's authors stay the work's (the talk's speaker), as every entry's are."""
    import json
    import xml.etree.ElementTree as ET

    entry = example_workspace / BY
    entry.write_text(entry.read_text().replace("tags: [python,", "by: [Priya, <b>Tom</b>]\ntags: [python,"))
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 0, built.output
    feeds = example_workspace / "site" / "static" / "feeds"
    signed = "maintainers and users.</p>\n<p>— Priya, &lt;b&gt;Tom&lt;/b&gt;</p>"
    items = json.loads((feeds / "entries.json").read_text())["items"]
    [notes] = [item["content_html"] for item in items if "maintainers and users." in item["content_html"]]
    assert notes.endswith(signed)
    assert sum("— Priya" in item["content_html"] for item in items) == 1  # the one entry's
    atom = ET.parse(feeds / "entries.xml").getroot()
    contents = [e.text for e in atom.iter("{http://www.w3.org/2005/Atom}content") if "maintainers and" in e.text]
    assert [text.endswith(signed) for text in contents] == [True]
    [edition] = json.loads((feeds / "editions.json").read_text())["items"]
    assert signed in edition["content_html"]


def test_the_editions_feed_names_whoever_signed_its_notes_among_its_authors(example_workspace):
    """An edition Priya and Tom wrote named the newsletter's author alone in feed readers; its
    item names each writer its notes are signed by, once, after the author (who may be one)."""
    import json

    entry = example_workspace / BY
    entry.write_text(entry.read_text().replace("tags: [python,", "by: [Tom, eric ma]\ntags: [python,"))
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 0, built.output
    [edition] = json.loads((example_workspace / "site/static/feeds/editions.json").read_text())["items"]
    assert edition["authors"] == [{"name": "Eric Ma"}, {"name": "Tom"}]


def test_a_long_signature_is_wrapped_in_the_text_part(example_workspace):
    # (attack 32: a by: of 600 names was one line of 14,310 characters in the text part, where
    # every other line is wrapped at 78 columns, and a Hebrew name among them was not isolated)
    entry = example_workspace / BY
    names = ", ".join(f"Name{n} Surname" for n in range(100))
    entry.write_text(entry.read_text().replace("tags: [python,", f"by: [{names}, אבג דה]\ntags: [python,"))
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 0, built.output
    text = (example_workspace / "dist" / "2021-02" / "newsletter.txt").read_text()
    signature = text[text.index("— Name0 ") :].split("\n\n")[0]
    assert max(len(line) for line in signature.split("\n")) <= 78
    assert "Name99 Surname" in signature.replace("\n", " ")
    assert "\u2068אבג" in signature  # (isolated: the comma before it stays before it)
