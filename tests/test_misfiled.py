"""An entry filed under the month before or after its date's: the edition its date names reads it.

`entries/2026/10/x.md` dated 2026-11-01 was in neither edition: October's build left it out as
November's, and November's, reading its own folder only, never saw it.
"""

import os
from pathlib import Path

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.models import Period
from newsletter.read import read_period, scan_period

from helpers import link_workspace, url_of

PAGE = "<html><head><title>{title}</title></head><body></body></html>"


def entry(folder: Path, name: str, date: str, *, kind: str = "article", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\ntype: {kind}\nurl: https://example.org/{name}\ndate: {date}\n{extra}---\nNotes.\n")
    return path


def test_an_entry_filed_the_month_before_is_in_the_edition_its_date_names(tmp_path):
    entry(tmp_path / "2026/11", "own.md", "2026-11-05")
    entry(tmp_path / "2026/10", "late.md", "2026-11-01")
    entries, _, warnings = read_period(tmp_path, Period.parse("2026-11"))
    assert sorted(e.path.name for e in entries) == ["late.md", "own.md"]
    told = (
        "late.md: dated 2026-11-01 but filed under 2026/10; the edition of 2026-11-01 takes it from there; "
        "move it to entries/2026/11/, where its date files it"
    )
    assert len(warnings) == 1 and warnings[0].endswith(told)
    october, _, warnings = read_period(tmp_path, Period.parse("2026-10"))  # its folder's month says so too
    assert october == [] and len(warnings) == 1 and warnings[0].endswith(told)


def test_a_week_and_the_month_after_read_it_too(tmp_path):
    entry(tmp_path / "2026/10", "early.md", "2026-09-30")  # filed under the month after its date
    entry(tmp_path / "2026/10", "week.md", "2026-11-03")
    assert [e.path.name for e in read_period(tmp_path, Period.parse("2026-09"))[0]] == ["early.md"]
    assert [e.path.name for e in read_period(tmp_path, Period.parse("2026-W45", "monday"))[0]] == ["week.md"]


def test_a_neighbours_own_bad_file_is_its_months_but_one_dated_here_is_this_editions(tmp_path):
    """A bad file of October is October's build's to refuse, not November's; one dated in
    November is November's: its build would otherwise go out without it, unsaid."""
    entry(tmp_path / "2026/11", "own.md", "2026-11-05")
    entry(tmp_path / "2026/10", "october.md", "2026-10-05", kind="artcle")
    (tmp_path / "2026/12").mkdir(parents=True)
    (tmp_path / "2026/12/junk.md").write_text("not an entry")
    assert len(read_period(tmp_path, Period.parse("2026-11"))[0]) == 1
    entry(tmp_path / "2026/10", "november.md", "2026-11-02", kind="artcle")
    reading = scan_period(tmp_path, Period.parse("2026-11"))
    assert [(p.path.name, p.line) for p in reading.problems] == [("november.md", 2)]
    assert "unknown type 'artcle'" in reading.problems[0].message


def test_a_drafted_or_far_off_neighbour_is_not_read(tmp_path):
    entry(tmp_path / "2026/10", "draft.md", "2026-11-01", extra="draft: true\n")
    entry(tmp_path / "2026/09", "far.md", "2026-11-02")  # two months off: September's build says where it goes
    assert read_period(tmp_path, Period.parse("2026-11"))[0] == []
    assert [e.path.name for e in read_period(tmp_path, Period.parse("2026-11"), drafts=True)[0]] == ["draft.md"]


def build(root: Path, *options: str):
    return CliRunner().invoke(main, ["build", "2021-02", "-w", str(root), *options], catch_exceptions=False)


def outputs(root: Path) -> dict[str, bytes]:
    files = [*root.glob("dist/2021-02/*"), *root.glob("site/content/posts/*/index.md")]
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.name != "build.json"}


def test_the_up_to_date_check_sees_it_and_moving_it_changes_no_output(server, tmp_path):
    for number in (1, 2, 3):
        server.expect_request(f"/article-{number}").respond_with_data(
            PAGE.format(title=f"Article {number}"), content_type="text/html"
        )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/article-1")], 2)
    assert "Built 2021-02" in build(root).stderr
    january = root / "entries/2021/01"
    misfiled = entry(january, "second.md", "2021-02-02")
    january_own = entry(january, "own.md", "2021-01-20")
    january_own.write_text(january_own.read_text().replace("https://example.org/own.md", url_of(server, "/article-3")))
    misfiled.write_text(misfiled.read_text().replace("https://example.org/second.md", url_of(server, "/article-2")))
    added = build(root)
    assert "Built 2021-02" in added.stderr, added.stderr  # a new file beside it: not up to date
    assert "Article 2" in (root / "dist/2021-02/newsletter.txt").read_text()
    assert "entries/2021/01/second.md: dated 2021-02-02 but filed under 2021/01" in added.stderr
    assert "is up to date" in build(root).stderr
    # January's own entry, re-dated in place: the folder's listing is as it was
    january_own.write_text(january_own.read_text().replace("2021-01-20", "2021-02-20"))
    assert "Built 2021-02" in build(root).stderr
    assert "Article 3" in (root / "dist/2021-02/newsletter.txt").read_text()
    january_own.unlink()
    assert "Built 2021-02" in build(root).stderr
    misfiled.write_text(misfiled.read_text().replace("Notes.", "Notes, rewritten."))
    assert "Built 2021-02" in build(root).stderr  # an edit of it
    assert "Notes, rewritten." in (root / "dist/2021-02/newsletter.txt").read_text()
    before = outputs(root)
    os.rename(misfiled, root / "entries/2021/02/second.md")
    moved = build(root)
    assert "Built 2021-02" in moved.stderr and "filed under" not in moved.stderr
    assert outputs(root) == before


def test_build_all_builds_a_month_whose_only_entry_is_filed_next_door(tmp_path):
    """A month with no folder of its own, its one entry filed under the month before: `build
    --all` lists editions by their folders, and never built it."""
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    for sample in root.glob("entries/*/*/*.md"):
        sample.unlink()
    entry(root / "entries/2026/09", "september.md", "2026-09-10")
    entry(root / "entries/2026/09", "october.md", "2026-10-01")
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "-w", str(root)])
    assert (root / "dist/2026-09/newsletter.txt").is_file()
    assert (root / "dist/2026-10/newsletter.txt").is_file(), result.output
    assert "example.org/october.md" not in (root / "dist/2026-09/newsletter.txt").read_text()
    assert "example.org/october.md" in (root / "dist/2026-10/newsletter.txt").read_text()


def test_a_neighbours_long_front_matter_is_read_whole_for_its_date(tmp_path):
    """A neighbour's file is read for its date from its first 4 KB, where the front matter of
    almost every entry ends: one whose front matter runs on past them, its `date:` before or after
    the cut, or a `date:` repeated after it (YAML's to read, not the first line's), is read whole."""
    from newsletter.formats import month_folders

    long = "".join(f"# a comment line of the front matter, number {n:03}\n" for n in range(120))  # ~6 KB
    entry(tmp_path / "2026/10", "date-first.md", "2026-11-01", extra=long)
    (tmp_path / "2026/10/date-last.md").write_text(
        f"---\ntype: article\nurl: https://example.org/l\n{long}date: 2026-11-02\n---\nNotes.\n"
    )
    entry(tmp_path / "2026/10", "dated-twice.md", "2026-11-03", extra=long + "date: 2026-10-03\n")
    entry(tmp_path / "2026/10", "short.md", "2026-10-04")
    month_folders._DATES.clear()  # (another test's reads of the same paths)
    found = month_folders.misfiled_in(tmp_path, Period.parse("2026-11"))
    assert [p.name for p in found] == ["date-first.md", "date-last.md"]
