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
