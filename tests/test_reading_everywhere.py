"""Every command reads entries the same way: a bad file is one clear line, never a traceback."""

import json
import os

import pytest
from click.testing import CliRunner

from newsletter.cli import main

IMPOSSIBLE = "---\ntype: article\nurl: https://example.com/x\ndate: 2025-02-30\n---\nNotes.\n"


@pytest.fixture
def run(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)

    def invoke(*args):
        # catch_exceptions=False: a traceback fails the test instead of hiding in result.exception
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def odd_files(example_workspace):
    """A dangling symlink and a folder named like an entry, in February 2021."""
    month = example_workspace / "entries/2021/02"
    os.symlink(example_workspace / "gone.md", month / "dangling.md")
    (month / "folder.md").mkdir()
    return month


def test_an_impossible_date_in_another_edition_is_a_warning_for_check(run, example_workspace):
    (example_workspace / "entries/2022/04/bad.md").write_text(IMPOSSIBLE)
    result = run("check", "2021-02", "--offline", "--json")
    assert result.exit_code == 0
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["file"] == "entries/2022/04/bad.md")
    assert finding["severity"] == "warning" and finding["line"] == 4
    assert "impossible value" in finding["message"] and "YYYY-MM-DD" in finding["message"]


def test_an_impossible_date_in_its_own_edition_names_its_line(run, example_workspace):
    (example_workspace / "entries/2022/04/bad.md").write_text(IMPOSSIBLE)
    result = run("build", "2022-04", "--offline")
    assert result.exit_code == 1
    assert "entries/2022/04/bad.md:4: `date: 2025-02-30` is an impossible value" in result.stderr


def test_import_skips_known_links_past_a_bad_entry(run, example_workspace, tmp_path):
    (example_workspace / "entries/2022/04/bad.md").write_text(IMPOSSIBLE)
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>t</title><item><title>Jax</title>"
        "<link>https://www.youtube.com/watch?v=z-WSrQDXkuM</link>"
        "<pubDate>Mon, 06 Jul 2020 10:00:00 +0000</pubDate></item></channel></rss>"
    )
    result = run("import", str(feed))
    assert result.exit_code == 0
    assert result.stdout == ""  # the one item already has an entry (jax.md)
    assert "already" in result.stderr


# Every command that reads a month's entries: what one says of an odd file, each says.
EVERY_READER = [
    ("build", "2021-02", "--offline"),
    ("check", "2021-02", "--offline"),
    ("list", "2021-02"),
    ("build", "--all", "--offline", "--jobs", "1"),
]


@pytest.mark.parametrize("args", EVERY_READER)
def test_a_dangling_link_and_a_folder_named_x_md_are_messages(run, odd_files, args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "entries/2021/02/dangling.md" in result.output
    assert "does not exist; restore its target or remove the link" in result.output
    assert "entries/2021/02/folder.md" in result.output
    assert "a folder named like an entry" in result.output


def test_send_hashes_only_real_files(run, odd_files):
    assert run("build", "2021-02", "--offline").exit_code == 0
    result = run("send", "2021-02", "--via", "smtp")
    assert "Traceback" not in result.output
    assert "built before" not in result.output  # the odd files are not inputs, so nothing is stale


def test_list_shows_valid_entries_and_marks_invalid_ones(run, example_workspace):
    (example_workspace / "entries/2021/02/broken.md").write_text(
        "---\ntype: tlak\nurl: https://x.org\ndate: 2021-02-11\n---\n"
    )
    result = run("list", "2021-02")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert len(rows) == 1 + 8 + 1  # header, the eight entries, the broken one
    assert rows[-1].startswith("?           INVALID  unknown type 'tlak' (did you mean 'talk'?)")
    assert rows[-1].endswith("entries/2021/02/broken.md:2")
    assert result.stderr == ("1 file cannot be read as entries; `newsletter check 2021-02` says how to fix each.\n")


def test_list_json(run, example_workspace):
    (example_workspace / "entries/2020/07/broken.md").write_text("---\ntype: talk\n---\n")
    listing = json.loads(run("list", "2020-W28", "--json").stdout)
    assert listing["period"] == "2020-W28"
    assert [e["file"] for e in listing["entries"]] == [
        "entries/2020/07/jax.md",
        "entries/2020/07/ray.md",
        "entries/2020/07/devops-for-data-scientists.md",
    ]
    assert listing["entries"][0]["by"] == ["Jake VanderPlas"]
    assert listing["invalid"] == [  # every problem of the file, not only the first
        {
            "file": "entries/2020/07/broken.md",
            "line": None,
            "problem": "missing `url`; add a line like `url: https://…` to the front matter",
        },
        {
            "file": "entries/2020/07/broken.md",
            "line": None,
            "problem": "missing `date`; add a line like `date: 2021-02-14` to the front matter",
        },
    ]


def test_list_narrows_the_path_before_the_title():
    from newsletter.commands.list import fit_table

    rows = [
        ("DATE", "TYPE", "TITLE", "BY", "FILE"),
        (
            "2021-02-03",
            "article",
            "Python packaging in 2021 - pain points and bright spots",
            "Ralf Gommers",
            "entries/2021/02/python-packaging-in-2021-pain-points.md",
        ),
    ]
    line = fit_table(rows, 110).splitlines()[1]
    assert len(line) <= 110
    assert "Python packaging in 2021 - pain points and bright spots" in line
    assert line.endswith("-points.md") and "…" in line


def test_list_gives_a_many_author_paper_its_first_author_et_al():
    """New user 61's five-author paper made BY 88 characters wide on a wide terminal, where the
    file paths beside it were cut to 16; on a narrower one the first name was cut ("Ashish Vasw…")
    while the titles kept 60 characters. The names give way to "et al." first, as a paper is cited."""
    from newsletter.commands.list import Byline, fit_table

    authors = ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones", "Aidan N. Gomez"]
    rows = [
        ("DATE", "TYPE", "TITLE", "BY", "FILE"),
        ("2021-02-10", "paper", "Attention Is All You Need", Byline(authors), "entries/2021/02/attention.md"),
        ("2021-02-16", "article", "The Illustrated Transformer", Byline(["Jay Alammar"]), "entries/2021/02/jay.md"),
        ("2021-02-17", "article", "How Transformers work in deep learning and NLP: an intuitive introduction",
         Byline(["Nikolas Adaloglou", "Sergios Karagiannakos"]), "entries/2021/02/ai-summer-transformer.md"),
    ]  # fmt: skip
    for width in (200, 120):
        lines = fit_table(rows, width).splitlines()
        assert all(len(line) <= width for line in lines), lines
        assert "  Ashish Vaswani et al.  " in lines[1], lines
        assert "  Jay Alammar  " in lines[2]
        assert "Nikolas Adaloglou, Sergios Karagiannak" in lines[3]  # two names, not "et al."
    assert lines[1].endswith("  …02/attention.md")  # 120: the path gave way, then the long title
    assert "  How Transformers work in deep learning…  " in lines[3]
    whole = fit_table(rows, 10_000).splitlines()  # piped: every name
    assert ", ".join(authors) in whole[1]


def test_tables_line_up_with_wide_characters_in_them():
    """A Japanese title or an emoji takes two cells of a terminal each: padded by code points,
    every column after it was pushed right on that line."""
    import unicodedata

    from newsletter.commands.list import fit_table
    from newsletter.commands.search import as_table
    from newsletter.smart.search import Hit

    def last_column(line: str) -> int:  # where the last cell starts, in terminal cells
        before = line[: line.rindex("  ") + 2]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)

    rows = [("DATE", "TYPE", "TITLE", "BY", "FILE")] + [
        ("2021-02-03", "article", title, "", f"entries/2021/02/{n}.md")
        for n, title in enumerate(["機械学習の運用", "😀😀 party", "Plain title"])
    ]
    lines = fit_table(rows, 200).splitlines()
    assert len({last_column(line) for line in lines}) == 1, lines
    narrow = fit_table(rows, 52).splitlines()
    assert len({last_column(line) for line in narrow}) == 1 and "…" in narrow[1], narrow
    hits = [
        Hit(f"e{n}.md", title, "2021-02-03", "article", "", 0.5, "meaning 0.50")
        for n, title in enumerate(["機械学習の運用", "深層学習" * 20, "Plain title"])
    ]
    lines = as_table(hits, 80).splitlines()
    assert len({last_column(line) for line in lines}) == 1, lines  # the WHY column
    assert all(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) <= 80 for line in lines)


def test_build_json_says_what_was_written(run):
    result = run("build", "2020-W28", "--offline", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report == {
        "editions": [
            {
                "period": "2020-W28",
                "entries": 3,
                "sections": 2,
                "written": [
                    "site/content/posts/what-i-read-this-week-july-5-july-11-2020/index.md",
                    "dist/2020-W28/newsletter.html",
                    "dist/2020-W28/newsletter.txt",
                    "dist/2020-W28/newsletter.eml",
                    "site/static/newsletter/2020-W28/index.html",
                ],
                "warnings": [],
                "failed_links": [],
                "drafts_left_out": [],
                "no_network": False,
                "up_to_date": False,
                "error": None,
            }
        ]
    }


def test_build_json_says_why_an_edition_was_not_built_and_counts_sections_when_up_to_date(run, example_workspace):
    assert run("build", "2020-W28", "--offline").exit_code == 0
    again = json.loads(run("build", "2020-W28", "--offline", "--json").stdout)["editions"][0]
    assert again["up_to_date"] is True and (again["entries"], again["sections"]) == (3, 2)
    entry = example_workspace / "entries/2020/07/ray.md"
    entry.write_text(entry.read_text().replace("tags: [", "tags: [unclosed, ", 1).replace("]", "", 1))
    failed = run("build", "2020-W28", "--offline", "--json")
    assert failed.exit_code == 1 and "ray.md" in failed.stderr
    [edition] = json.loads(failed.stdout)["editions"]
    assert edition["period"] == "2020-W28" and "ray.md" in edition["error"] and edition["written"] == []


@pytest.mark.parametrize(
    ("period", "week_start"),
    [
        ("0000-01", "monday"),
        ("9999-W52", "monday"),
        ("9999-12", "monday"),
        ("0001-W01", "sunday"),
        ("0001-01", "sunday"),
    ],
)
def test_periods_at_the_edges_of_the_calendar_are_clear_errors(run, example_workspace, period, week_start):
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('week_start = "sunday"', f'week_start = "{week_start}"'))
    result = run("build", period, "--offline")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Period '{period}': the year must be between 0002 and 9998")


@pytest.mark.parametrize("args", EVERY_READER)
def test_hidden_files_beside_the_entries_are_not_entries(run, example_workspace, args):
    # Emacs locks an entry with unsaved changes by a link to nowhere named `.#entry.md`; macOS
    # writes binary `._entry.md` files beside entries on a shared or external drive. Neither is
    # the author's: no command reads them, warns of them or asks to re-save them as UTF-8.
    month = example_workspace / "entries/2021/02"
    entry = sorted(month.glob("[!_]*.md"))[0]
    os.symlink("ann@laptop.4242:1764500000", month / f".#{entry.name}")
    (month / f"._{entry.name}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\xb0")
    (month / ".copy.md").write_text("---\ntype: book\ndate: 2021-02-05\ntitle: Hidden copy\n---\nA copy.\n")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert f"._{entry.name}" not in result.output and f".#{entry.name}" not in result.output
    assert "UTF-8" not in result.output and "Hidden copy" not in result.output
    if args[0] == "build":
        assert "Hidden copy" not in (example_workspace / "dist/2021-02/newsletter.txt").read_text()
