"""A build leaves out the entries marked `draft: true` and says so, in one short line: an author
who forgot to clear one wondered where her entry went. An up-to-date build says it again (the
draft is still a draft), `--all` once for every edition, and nothing is said when none is left out."""

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsletter.cli import main

from helpers import REPO


def workspace(root: Path, drafts: dict[str, int]) -> Path:
    """A workspace whose months (`drafts`: month -> how many drafts) each hold one finished book
    and that many drafts."""
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n', encoding="utf-8")
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    for month, count in drafts.items():
        folder = root / "entries" / month.replace("-", "/")
        folder.mkdir(parents=True)
        entry = "---\ntype: book\ntitle: {title}\ndate: {month}-0{day}\n{draft}---\nNotes.\n"
        (folder / "finished.md").write_text(entry.format(title="Done", month=month, day=1, draft=""))
        for number in range(1, count + 1):
            (folder / f"draft-{number}.md").write_text(
                entry.format(title=f"Draft {number}", month=month, day=number + 1, draft="draft: true\n")
            )
    return root


def build(root: Path, *options: str):
    return CliRunner().invoke(main, ["build", *options, "-w", str(root), "--offline"], catch_exceptions=False)


def test_a_build_says_which_drafts_it_left_out_and_how_to_include_them(tmp_path):
    root = workspace(tmp_path / "ws", {"2021-02": 1})
    first = build(root, "2021-02")
    assert first.exit_code == 0
    assert first.stderr == (
        "Built 2021-02: 1 entry in 1 section.\nLeft out 1 draft (draft: true): draft-1.md. --drafts includes it.\n"
    )
    with_them = build(root, "2021-02", "--drafts")
    assert "Built 2021-02: 2 entries" in with_them.stderr and "Left out" not in with_them.stderr


def test_an_up_to_date_build_says_it_again_and_so_does_the_launcher(tmp_path):
    root = workspace(tmp_path / "ws", {"2021-02": 5})
    build(root, "2021-02")
    line = "Left out 5 drafts (draft: true): draft-1.md, draft-2.md, draft-3.md and 2 more. --drafts includes them.\n"
    again = build(root, "2021-02")
    assert again.stderr.startswith("2021-02 is up to date") and again.stderr.endswith(line)
    # the installed command's own quick answer, without click (cli/launch.py reads the stamp)
    code = "import sys; from newsletter.cli.launch import run\nsys.argv = ['newsletter', 'build', '2021-02']\nrun()"
    quick = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert quick.stderr == again.stderr and quick.returncode == 0


def test_build_json_names_the_drafts_left_out_of_each_edition(tmp_path):
    """`build --json` did not list the drafts its line on stderr names: a script publishing the
    edition could not tell an entry was left out. Each edition's JSON names them, up to date too."""
    import json

    root = workspace(tmp_path / "ws", {"2021-01": 0, "2021-02": 2})
    for options in (("--force",), (), ("--all", "--jobs", "1")):  # built, up to date, and every edition
        built = build(root, *([] if "--all" in options else ["2021-02"]), *options, "--json")
        assert built.exit_code == 0, built.output
        editions = json.loads(built.stdout)["editions"]
        found = {e["period"]: e["drafts_left_out"] for e in editions}
        assert [e["up_to_date"] for e in editions if e["period"] == "2021-02"] == [options == ()]
        assert found.get("2021-02") == ["draft-1.md", "draft-2.md"], (options, found)
        assert found.get("2021-01", []) == []
    assert json.loads(build(root, "2021-02", "--drafts", "--json").stdout)["editions"][0]["drafts_left_out"] == []


def test_a_draft_cleared_is_built_and_nothing_is_said(tmp_path):
    root = workspace(tmp_path / "ws", {"2021-02": 1})
    build(root, "2021-02")
    draft = root / "entries/2021/02/draft-1.md"
    draft.write_text(draft.read_text().replace("draft: true\n", ""))
    cleared = build(root, "2021-02")
    assert cleared.stderr == "Built 2021-02: 2 entries in 1 section.\n"
    assert build(root, "2021-02").stderr.count("\n") == 1  # up to date, and nothing of drafts


def test_build_all_says_it_once_for_every_edition(tmp_path):
    root = workspace(tmp_path / "ws", {"2021-01": 1, "2021-02": 2, "2021-03": 0})
    every = build(root, "--all", "--jobs", "1")
    assert every.exit_code == 0
    lines = every.stderr.splitlines()
    assert [line for line in lines if "draft" in line] == [
        "Left out 3 drafts of 2 editions (draft: true): draft-1.md (2021-01), draft-1.md (2021-02), "
        "draft-2.md (2021-02). --drafts includes them."
    ]
    assert lines[-1].startswith("Left out")  # after every edition's own lines


def test_a_drafts_name_with_control_characters_is_shown_escaped_on_its_one_line(tmp_path):
    """A file name holding an escape sequence, a newline or a right-to-left override (a sync or a
    script named it so) went into the line as it was: it set the terminal's title, split the one
    line in two, showed the name reversed. Other messages show such a name escaped (shown_paths)."""
    root = workspace(tmp_path / "ws", {"2021-02": 0})
    for name in ("evil\x1b]0;owned\x07.md", "two\nlines.md"):
        (root / "entries/2021/02" / name).write_text(
            "---\ntype: book\ntitle: X\ndate: 2021-02-03\ndraft: true\n---\nNotes.\n", encoding="utf-8"
        )
    line = "Left out 2 drafts (draft: true): evil\\x1b]0;owned\\x07.md, two\\nlines.md. --drafts includes them.\n"
    assert build(root, "2021-02").stderr.endswith("section.\n" + line)
    assert build(root, "2021-02").stderr.endswith("--force rebuilds).\n" + line)  # from the stamp
