"""Imported highlights keep their line breaks: a passage of two paragraphs stays two paragraphs of
one quote, a poem's lines stay lines (Markdown's backslash break), in the entry, the email's HTML
and its text part. Kindle's re-highlights, which it keeps beside the first, come in once, at their
longest. Real exports imported by the real command, then built."""

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.importers.kindle import parse

from helpers import REPO

VERSE = "Tyger Tyger, burning bright,\nIn the forests of the night;"
PROSE = "The first paragraph ends here.\n\nThe second begins, in the same passage."
QUOTE = [
    "> Tyger Tyger, burning bright,\\",
    "> In the forests of the night;",
    "",
    "> The first paragraph ends here.",
    ">",
    "> The second begins, in the same passage.",
]


def readwise(passages: list[str]) -> str:
    rows = "".join(
        f'"{text}",Songs,William Blake,,,yellow,,,,2021-02-0{n}T10:00:00+00:00,,\n'
        for n, text in enumerate(passages, 1)
    )
    return (
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,"
        "Highlighted at,Document tags,URL\n" + rows
    )


def kindle(passages: list[str]) -> str:
    clip = (
        "Songs (Blake, William)\n- Your Highlight on Location {n}0-{n}5 | "
        "Added on Monday, February {n}, 2021 10:00:00 AM\n\n{text}\n==========\n"
    )
    return "".join(clip.format(n=n, text=text) for n, text in enumerate(passages, 1))


def hypothesis(passages: list[str]) -> str:
    rows = [
        {
            "uri": "https://poems.example/songs",
            "created": f"2021-02-0{n}T10:00:00+00:00",
            "document": {"title": ["Songs"]},
            "target": [
                {"source": "https://poems.example/songs", "selector": [{"type": "TextQuoteSelector", "exact": text}]}
            ],
        }
        for n, text in enumerate(passages, 1)
    ]
    return json.dumps({"total": len(rows), "rows": rows})


@pytest.mark.parametrize(
    "name, export", [("readwise.csv", readwise), ("My Clippings.txt", kindle), ("hypothesis.json", hypothesis)]
)
def test_a_highlights_paragraphs_and_lines_reach_the_entry_and_the_email(tmp_path, monkeypatch, name, export):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n')
    monkeypatch.chdir(root)
    (tmp_path / name).write_text(export([VERSE, PROSE]), encoding="utf-8")
    assert CliRunner().invoke(main, ["import", str(tmp_path / name)], catch_exceptions=False).exit_code == 0
    [path] = (root / "entries").rglob("*.md")
    lines = [line for line in path.read_text().splitlines() if not re.fullmatch(r"> \(location [\d-]+\)", line)]
    start = lines.index(QUOTE[0])
    assert lines[start : start + len(QUOTE)] == QUOTE
    # the draft built: the lines and both paragraphs in the email's HTML and in its text part
    path.write_text(path.read_text().replace("draft: true\n", ""))
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline"], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    html = re.sub(r"\s+", " ", (root / "dist/2021-02/newsletter.html").read_text())
    assert re.search(r"Tyger Tyger, burning bright,<br ?/?> ?In the forests", html)
    assert re.search(r"ends here\.</p> ?<p[^>]*>The second begins", html)
    text = (root / "dist/2021-02/newsletter.txt").read_text()
    assert "> Tyger Tyger, burning bright,\n> In the forests of the night;" in text
    assert "> The first paragraph ends here.\n>\n> The second begins" in text


def test_an_entry_imported_before_breaks_were_kept_gets_no_copy_of_its_highlights(tmp_path, monkeypatch):
    """An entry an earlier version wrote holds each paragraph on one line: importing the same
    export again must know the passages are there, not append them a second time."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n')
    monkeypatch.chdir(root)
    (tmp_path / "rw.csv").write_text(readwise([VERSE]), encoding="utf-8")
    assert CliRunner().invoke(main, ["import", str(tmp_path / "rw.csv")], catch_exceptions=False).exit_code == 0
    [path] = (root / "entries").rglob("*.md")
    before = path.read_text().replace("bright,\\\n> In", "bright, In")  # as it was written then
    path.write_text(before)
    again = CliRunner().invoke(main, ["import", str(tmp_path / "rw.csv")], catch_exceptions=False)
    assert "added" not in again.stderr and path.read_text() == before


def clippings(*clips: tuple[str, str]) -> str:
    clip = "Book (Author, Ann)\n- Your Highlight on Location {} | Added on Monday, March {}, 2023 7:00:00 AM\n\n{}\n"
    return (
        "==========\n".join(clip.format(where, day, text) for day, (where, text) in enumerate(clips, 1))
        + "==========\n"
    )


def test_kindles_overlapping_highlights_are_kept_once_at_their_longest():
    """Moved over part of a highlight (its end taken, more added), and a highlight re-marked long
    after, on a second reading, with six others between: each passage once, the longer text.
    Two highlights side by side in one location stay two; so does a phrase met again elsewhere."""
    others = [(f"{200 + 10 * n}-{205 + 10 * n}", f"Another passage, number {n}.") for n in range(6)]
    book = parse(
        clippings(
            ("100-104", "It was the best of times, it was the worst of times,"),
            ("102-108", "it was the worst of times, it was the age of wisdom, it was the age of foolishness,"),
            ("300-301", "The end of one sentence."),
            ("301-302", "The start of the next sentence."),
            *others,
            ("99-110", "the worst of times"),  # inside the first, on a second reading
            ("900-905", "it was the age of wisdom, and more, elsewhere."),
        ),
        "clips.txt",
    ).items[0]
    texts = [highlight.text for highlight in book.highlights]
    assert texts == [
        "it was the worst of times, it was the age of wisdom, it was the age of foolishness,",
        "The end of one sentence.",
        "The start of the next sentence.",
        *(text for _, text in others),
        "it was the age of wisdom, and more, elsewhere.",
    ]
    assert book.highlights[0].location == "location 102-108"


LATER = "A later highlight of the same book."


def test_a_highlights_percent_signs_reach_every_output_and_hide_nothing(tmp_path, monkeypatch):
    """A highlight's two percent signs are text, not an Obsidian comment (formats/note_obsidian.py):
    a C book's 'Write %% for a percent sign' hid every later word of the entry."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n')
    monkeypatch.chdir(root)
    (tmp_path / "rw.csv").write_text(readwise(["Write %% for a percent sign, yes!", LATER]), encoding="utf-8")
    assert CliRunner().invoke(main, ["import", str(tmp_path / "rw.csv")], catch_exceptions=False).exit_code == 0
    [path] = (root / "entries").rglob("*.md")
    path.write_text(path.read_text().replace("draft: true\n", ""))
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline"], catch_exceptions=False)
    assert built.exit_code == 0 and "vault-comment" not in built.output and "%% opens" not in built.output
    html = re.sub(r"\s+", " ", (root / "dist/2021-02/newsletter.html").read_text())
    text = (root / "dist/2021-02/newsletter.txt").read_text()
    [post] = (root / "site/content/posts").rglob("index.md")
    assert "Write %% for a percent sign, yes!" in html and LATER in html
    assert "> Write %% for a percent sign, yes!\n" in text and LATER in text
    assert LATER in post.read_text() and "%&#37;" in path.read_text()
    # imported again, the entry is known to hold both, as written now and as written before: nothing appended
    for before in (path.read_text(), path.read_text().replace("%&#37;", "%%")):
        path.write_text(before)
        again = CliRunner().invoke(main, ["import", str(tmp_path / "rw.csv")], catch_exceptions=False)
        assert "added" not in again.stderr and path.read_text() == before
