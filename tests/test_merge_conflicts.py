"""Two authors sharing one log in one git repository: a `git pull` that conflicts leaves git's
markers in an entry, a month's `_index.md` or `_archive.toml`. The build names the file, the
conflict's lines and what to do, and writes nothing: the markers never reach the email or the post."""

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.formats.merge_conflicts import conflict_lines
from newsletter.links.archived import parse
from newsletter.models import Period
from newsletter.read import read_period

REPO = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make a real merge conflict")

ENTRY = """---
type: article
url: https://www.inkandswitch.com/local-first/
date: 2021-02-20
title: "Local-first software"
---
Why your data should live on your own machine first.
"""


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    who = ["-c", "user.name=Tom", "-c", "user.email=tom@example.org"]
    return subprocess.run(["git", *who, *args], cwd=root, capture_output=True, text=True)


def merged_with_a_conflict(root: Path, ours: dict[str, str], theirs: dict[str, str]) -> None:
    """Commit the workspace, change `ours` on a branch and `theirs` on main, merge: git leaves
    its markers in each file both sides changed, as a `git pull` does."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the log")
    git(root, "checkout", "-qb", "priya")
    for name, text in theirs.items():
        (root / name).write_text(text)
    git(root, "commit", "-qam", "Priya's")
    git(root, "checkout", "-q", "main")
    for name, text in ours.items():
        (root / name).write_text(text)
    git(root, "commit", "-qam", "Tom's")
    assert git(root, "merge", "priya").returncode == 1  # the conflict


def test_a_conflict_in_an_entrys_notes_stops_the_build_naming_its_lines(example_workspace):
    """Before, a conflict in the notes was read as Markdown: both sides and the markers went
    out in the email and the post, and `check` said nothing."""
    entry = "entries/2021/02/local-first.md"
    (example_workspace / entry).write_text(ENTRY)
    merged_with_a_conflict(
        example_workspace, {entry: ENTRY.replace("Why", "Tom: why")}, {entry: ENTRY.replace("Why", "Priya: why")}
    )
    assert "<<<<<<< HEAD\nTom: why" in (example_workspace / entry).read_text()
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert checked.exit_code == 1
    assert "local-first.md\n  error: line 7: an unresolved git merge conflict (lines 7-11" in checked.stdout
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    assert "local-first.md:7: an unresolved git merge conflict (lines 7-11, from `<<<<<<<` to `>>>>>>>`)" in (
        built.stderr
    )
    assert "delete the marker lines" in built.stderr
    assert not (example_workspace / "dist").exists()


def test_a_conflict_in_front_matter_or_the_months_words_is_named_so_not_bad_yaml(example_workspace):
    """Before: "front matter is not valid YAML ... check quotes and colons", a wrong lead."""
    entry, words = "entries/2021/02/local-first.md", "entries/2021/02/_index.md"
    (example_workspace / entry).write_text(ENTRY)
    (example_workspace / words).write_text("---\nsubject: February\n---\nHello.\n")
    merged_with_a_conflict(
        example_workspace,
        {entry: ENTRY.replace('software"', 'software (Ink & Switch)"'), words: "---\nsubject: Tom's\n---\nHi.\n"},
        {entry: ENTRY.replace('software"', 'software: yours"'), words: "---\nsubject: Priya's\n---\nHi.\n"},
    )
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    assert "local-first.md:5: an unresolved git merge conflict (lines 5-9," in built.stderr
    assert "_index.md:2: an unresolved git merge conflict (lines 2-6," in built.stderr
    assert "YAML" not in built.stderr


def test_seven_angle_brackets_only_with_their_closing_line_are_a_conflict():
    """A note quoting a lone `<<<<<<<` (a diff, a heredoc) is a note; git's markers in a file
    saved with Windows line ends (CRLF) are a conflict."""
    assert conflict_lines(ENTRY + "<<<<<<< is what git writes first\n") is None
    assert conflict_lines(ENTRY + "<<<<<<< HEAD\r\nmine\r\n=======\r\ntheirs\r\n>>>>>>> 1a2b3c\r\n") == (8, 12)
    assert conflict_lines(ENTRY + "<<<<<<< HEAD\nmine\n||||||| base\nold\n=======\ntheirs\n>>>>>>>\n") == (8, 14)


def test_markers_quoted_in_a_fence_are_refused_saying_how_an_example_passes(tmp_path):
    """A note on resolving conflicts quoted git's markers in fenced code and was told to resolve a
    conflict (attack 32). A real conflict in a fence looks the same, so it is still refused, but
    the message says how a quoted example passes; one indented passes; a conflict after the
    fence has closed is told nothing of examples."""
    month = tmp_path / "2021" / "02"
    month.mkdir(parents=True)
    example = "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> 1a2b3c\n"
    (month / "a.md").write_text(ENTRY + "How git shows one:\n\n```text\n" + example + "```\n")
    with pytest.raises(NewsletterError) as refused:
        read_period(tmp_path, Period.parse("2021-02"))
    said = refused.value.format_message()
    assert "a.md:11: an unresolved git merge conflict (lines 11-15" in said, said
    assert (
        "; if it is an example quoted in the code block that line 10 opens, not a conflict, indent its marker "
        "lines by a space (the code shows them so), or, in text outside code, escape them (`&lt;<<<<<<`), "
        "and it is read"
    ) in said
    indented = "".join(" " + line if line[0] in "<=>" else line for line in example.splitlines(keepends=True))
    (month / "a.md").write_text(ENTRY + "How git shows one:\n\n```text\n" + indented + "```\n")
    [entry] = read_period(tmp_path, Period.parse("2021-02"))[0]
    assert " <<<<<<< HEAD\n" in entry.notes
    (month / "a.md").write_text(ENTRY + "```\ncode\n```\n\n" + example)  # the fence closed: a real conflict
    with pytest.raises(NewsletterError) as refused:
        read_period(tmp_path, Period.parse("2021-02"))
    assert "a.md:12: an unresolved git merge conflict (lines 12-16" in refused.value.format_message()
    assert "example" not in refused.value.format_message()


def test_a_conflict_in_a_crlf_file_read_from_disk(tmp_path):
    month = tmp_path / "2021" / "02"
    month.mkdir(parents=True)
    conflicted = ENTRY + "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> 1a2b3c\n"
    (month / "a.md").write_bytes(conflicted.replace("\n", "\r\n").encode())
    with pytest.raises(NewsletterError, match=r"a\.md:8: an unresolved git merge conflict"):
        read_period(tmp_path, Period.parse("2021-02"))


def test_a_conflict_in_archive_toml_says_to_keep_both_sides():
    """Both clones' builds recorded links: before, "Invalid statement (at line 3, column 1)"."""
    text = '[[link]]\nurl = "https://a.example/"\n<<<<<<< HEAD\nchecked = 2026-11-02\n=======\n'
    text += "checked = 2026-11-03\n>>>>>>> abc\n"
    with pytest.raises(
        NewsletterError, match=r"_archive\.toml:3: an unresolved git merge conflict \(lines 3-7.*keep both"
    ):
        parse(text, Path("entries/2026/11/_archive.toml"))


def test_a_conflict_in_the_settings_or_the_sites_is_named_so(example_workspace):
    """newsletter.toml: before, "Invalid statement (at line 12, column 1). Fix the TOML syntax".
    site/hugo.toml: before, read as no settings at all, the email's "View it in your browser"
    linked to https://example.com/, and `check` said to set a baseURL that was set."""
    settings, site = example_workspace / "newsletter.toml", example_workspace / "site" / "hugo.toml"
    mine = {"newsletter.toml": settings.read_text().replace("[newsletter]", "[newsletter]\n# Tom's", 1)}
    theirs = {"newsletter.toml": settings.read_text().replace("[newsletter]", "[newsletter]\n# Priya's", 1)}
    mine["site/hugo.toml"] = site.read_text().replace("baseURL", "# Tom's\nbaseURL", 1)
    theirs["site/hugo.toml"] = site.read_text().replace("baseURL", "# Priya's\nbaseURL", 1)
    merged_with_a_conflict(example_workspace, mine, theirs)
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    assert "newsletter.toml:" in built.stderr and "an unresolved git merge conflict" in built.stderr
    settings.write_text(theirs["newsletter.toml"])  # settled
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    assert "hugo.toml:" in built.stderr and "an unresolved git merge conflict" in built.stderr
    assert not (example_workspace / "dist").exists()


@pytest.mark.parametrize(
    "name, text, said",
    [
        (
            "hugo.toml",
            'title = "T"\nbaseURL = "https://ana.example/\nlanguageCode = "en"\n',
            "site/hugo.toml:2: not TOML Hugo reads (Illegal character '\\n')",
        ),
        (
            "hugo.yaml",
            'title: T\nbaseURL: "https://ana.example/"\n  languageCode: en\n',
            "site/hugo.yaml:3: not YAML Hugo reads (expected <block end>, but found '<block mapping start>')",
        ),
        (
            "hugo.json",
            '{\n  "title": "T",\n  "baseURL": "https://ana.example/",\n}\n',
            "site/hugo.json:4: not JSON Hugo reads (Expecting property name enclosed in double quotes)",
        ),
        (
            "hugo.toml",
            'title = "Caf\xe9"\nbaseURL = "https://ana.example/"\n',
            "site/hugo.toml:1: not UTF-8 text (byte 0xe9)",
        ),
    ],
)
def test_a_site_settings_file_broken_otherwise_is_named_with_its_line(example_workspace, name, text, said):
    """A hugo.toml broken otherwise than by a merge (a quote left open, a YAML line indented one
    step too far, a JSON comma after the last value) was read as no settings at all: the email's
    "View it in your browser" and the feeds linked to https://example.com/, the post went to a
    folder Hugo may not read, and nothing said why. Hugo cannot read such a file either."""
    site = example_workspace / "site"
    (site / "hugo.toml").unlink()
    (site / name).write_bytes(text.encode("latin-1") if "\xe9" in text else text.encode())
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    stderr = built.stderr.replace(f"{example_workspace}/", "")
    assert f"{said}; Hugo cannot read it either, and every setting in it (baseURL, the language…) " in stderr
    assert "mend that line and run again" in stderr
    assert not (example_workspace / "dist").exists()


def test_a_conflict_in_a_workspace_template_is_named_so(example_workspace):
    """(attack 32) A workspace's own copy of a template, kept in git as the entries are: a
    conflict in it went out in the email, '<<<<<<< HEAD' and both greetings, build and check silent."""
    default = (REPO / "templates" / "email.txt.j2").read_text()
    template = "templates/email.txt.j2"
    (example_workspace / "templates").mkdir()
    (example_workspace / template).write_text(default)
    greeting = "{{ settings.greeting | wrap }}"
    assert greeting in default
    merged_with_a_conflict(
        example_workspace,
        {template: default.replace(greeting, "Hi from Tom,")},
        {template: default.replace(greeting, "Hi from Priya,")},
    )
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    line = (example_workspace / template).read_text().split("\n").index("<<<<<<< HEAD") + 1
    assert f"email.txt.j2:{line}: an unresolved git merge conflict (lines {line}-{line + 4}" in built.stderr
    assert not (example_workspace / "dist" / "2021-02" / "newsletter.txt").exists()
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert checked.exit_code == 1 and "email.txt.j2:" in checked.stdout
