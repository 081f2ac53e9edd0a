"""A log in a Dropbox, OneDrive, iCloud or Syncthing folder written from several machines (new
user 52, Ben): what such a folder holds beside the entries is read once, said once, never built."""

import os
import unicodedata

import pytest
from click.testing import CliRunner

from newsletter.cli import main

MONTH = "entries/2021/02"
ORIGINAL = "ml-ops-org.md"


@pytest.fixture
def run(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def _before(workspace):
    return {path: path.read_bytes() for path in (workspace / MONTH).iterdir() if path.is_file()}


EVERY_READER = [
    ("build", "2021-02", "--offline"),
    ("check", "2021-02", "--offline"),
    ("list", "2021-02"),
    ("build", "--all", "--offline", "--jobs", "1"),
]


@pytest.mark.parametrize("args", EVERY_READER)
def test_a_link_that_loops_is_one_file_said_not_the_whole_month_lost(run, example_workspace, args):
    # A link to itself made `is_file` raise inside the folder's listing: the month read as empty
    # (check: 'nothing to check', exit 0) and `build --all` ended in a traceback.
    os.symlink("loop.md", example_workspace / MONTH / "loop.md")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "entries/2021/02/loop.md" in result.output
    assert "a link to loop.md, which leads back to itself (a loop): no build reads it; remove the link" in result.output
    assert "No entries" not in result.output and "nothing to check" not in result.output
    if args[0] == "list":
        assert "entries/2021/02/ml-ops-org.md" in result.output


def test_a_link_that_loops_beside_an_entry_filed_a_month_late_loses_not_that_entry(run, example_workspace):
    # A build reads the month after its own for entries dated in it (formats/month_folders.py)
    march = example_workspace / "entries/2021/03"
    march.mkdir(exist_ok=True)
    (example_workspace / MONTH / ORIGINAL).rename(march / ORIGINAL)
    os.symlink("loop.md", march / "loop.md")
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 0, result.output
    assert "A topic that came up at work recently" in (example_workspace / "dist/2021-02/newsletter.txt").read_text()
    assert "entries/2021/03/ml-ops-org.md" in result.stderr  # told to move it


COPIES = [
    ("ml-ops-org (Ben's conflicted copy 2021-02-09).md", "a conflicted copy of ml-ops-org.md"),
    ("ml-ops-org (Ben Okafor's conflicted copy 2021-02-09).md", "a conflicted copy of ml-ops-org.md"),
    ("ml-ops-org.sync-conflict-20210209-101010-ABCDEFG.md", "a conflict copy of ml-ops-org.md"),
    ("ml-ops-org (1).md", "a duplicate of ml-ops-org.md"),
    ("ml-ops-org - Copy.md", "a duplicate of ml-ops-org.md"),
]


@pytest.mark.parametrize("name, said", COPIES)
@pytest.mark.parametrize("changed", [False, True])
def test_a_sync_clients_copy_of_an_entry_is_left_out_and_said_once(run, example_workspace, name, said, changed):
    month = example_workspace / MONTH
    text = (month / ORIGINAL).read_bytes()
    (month / name).write_bytes(text.replace(b"\n", b"\r\n") + (b"A thought from the phone.\r\n" if changed else b""))
    before = _before(example_workspace)
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 0, result.output
    email = (example_workspace / "dist/2021-02/newsletter.txt").read_text()
    assert email.count("A topic that came up at work recently") == 1  # its notes once
    assert "A thought from the phone" not in email
    told = [line for line in result.stderr.splitlines() if name in line]
    what = "merge what it adds into ml-ops-org.md, then delete it" if changed else "it holds the same text; delete it"
    assert told == [
        f"warning: entries/2021/02/{name}: left out: {said}, made by a sync client; " + told[0].split("; ", 1)[1]
    ]
    assert told[0].endswith(what)
    assert "same link as" not in result.stderr
    assert _before(example_workspace) == before  # his files as they were


def test_a_copy_notepad_saved_as_utf16_holds_the_same_text(run, example_workspace):
    """Ben's Windows laptop saves in Notepad's "Unicode" (UTF-16, read as an entry is): its
    conflict copy of an entry written on the Mac, word for word the same, was to be merged."""
    month = example_workspace / MONTH
    name = "ml-ops-org (Ben's conflicted copy 2021-02-09).md"
    text = (month / ORIGINAL).read_text(encoding="utf-8")
    (month / name).write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    result = run("check", "2021-02", "--offline")
    told = [line for line in result.output.splitlines() if "left out" in line]
    assert len(told) == 1 and told[0].endswith("it holds the same text; delete it"), result.output


@pytest.mark.parametrize("args", EVERY_READER[:2])
def test_a_sync_clients_copy_of_the_editorial_file_is_said(run, example_workspace, args):
    """A copy of _index.md (the edition's subject and intro), edited on the phone while the
    laptop edited the file: no build reads a name beginning with '_', and none said a word of
    it, so the phone's intro was lost. A `_notes.md` of the author's own, and its copy, are none
    of a build's."""
    month = example_workspace / MONTH
    text = (month / "_index.md").read_text(encoding="utf-8")
    (month / "_index (Ben's conflicted copy 2021-02-09).md").write_text(text + "From the phone.\n")
    (month / "_notes.md").write_text("mine\n")
    (month / "_notes (1).md").write_text("mine\n")
    result = run(*args)
    assert result.exit_code == 0, result.output
    said = [line.strip() for line in result.output.splitlines() if "_index (Ben" in line or "left out" in line]
    assert said[-1].endswith(
        "left out: a conflicted copy of _index.md, made by a sync client; "
        "merge what it adds into _index.md, then delete it"
    ), result.output
    assert "_notes" not in result.output


def test_a_name_an_author_may_choose_is_an_entry_when_it_holds_another_link(run, example_workspace):
    month = example_workspace / MONTH
    text = (month / ORIGINAL).read_text().replace("https://ml-ops.org/", "https://ml-ops.org/part-2/")
    (month / "ml-ops-org (2).md").write_text(text)
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 0, result.output
    assert "left out" not in result.stderr
    assert "https://ml-ops.org/part-2/" in (example_workspace / "dist/2021-02/newsletter.txt").read_text()


def test_the_same_name_in_a_macs_decomposed_unicode_is_left_out_and_said_so(run, example_workspace):
    month = example_workspace / MONTH
    text = (month / ORIGINAL).read_text()
    (month / unicodedata.normalize("NFC", "café.md")).write_text(text)
    (month / unicodedata.normalize("NFD", "café.md")).write_text(text + "From the Mac.\n")
    result = run("check", "2021-02", "--offline")
    assert "two files are named café.md, this one in the decomposed Unicode a Mac writes (NFD)" in (
        unicodedata.normalize("NFC", result.output)
    )
    assert result.output.count("same link as") == 1  # café.md and ml-ops-org.md: two names of the author's


def test_syncthings_old_versions_are_no_entries_of_the_log(run, example_workspace):
    # .stversions/ keeps every earlier version of an entry: `new` named one as the entry holding
    # the link, and each counted in the log's repeats, its review and import's known links.
    old = example_workspace / "entries/.stversions/2021/02"
    old.mkdir(parents=True)
    (old / "ml-ops-org~20210209-101010.md").write_bytes((example_workspace / MONTH / ORIGINAL).read_bytes())
    result = run("new", "tool", "https://ml-ops.org/", "--offline", "--no-edit")
    assert result.exit_code == 1
    assert "entries/2021/02/ml-ops-org.md already has this link" in result.output


def test_an_entry_notepad_saved_as_unicode_is_read(run, example_workspace):
    # Notepad's "Unicode" is UTF-16 with a byte-order mark, which says its encoding for certain.
    month = example_workspace / MONTH
    text = (month / ORIGINAL).read_text().replace("A topic", "Ben’s “café” topic")
    (month / ORIGINAL).write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    before = _before(example_workspace)
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 0, result.output
    assert "Ben’s “café” topic" in (example_workspace / "dist/2021-02/newsletter.txt").read_text()
    assert _before(example_workspace) == before


def test_an_entry_notepad_saved_as_unicode_counts_its_tags(example_workspace):
    """check's tag counts read each entry's `tags:` line as UTF-8 only: an entry Notepad saved as
    "Unicode" (UTF-16), which every build reads, counted no tags, so its 'mlops' was missing from
    the counts check compares a new tag against."""
    from newsletter.smart.tags import log_tags

    month = example_workspace / MONTH
    tags = log_tags(example_workspace / "entries")
    (month / ORIGINAL).write_bytes((month / ORIGINAL).read_text().replace("\n", "\r\n").encode("utf-16"))
    assert log_tags(example_workspace / "entries") == tags


def test_an_entry_saved_as_windows_1252_names_the_letter_and_the_encoding(run, example_workspace):
    month = example_workspace / MONTH
    text = (month / ORIGINAL).read_text().replace("A topic", "Ben’s café topic")
    (month / ORIGINAL).write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    result = run("check", "2021-02", "--offline")
    assert result.exit_code == 1
    assert (
        "line 9: not UTF-8 text (byte 0x92, which is '’' in Windows-1252 (\"ANSI\")); re-save the file as UTF-8"
        in result.output
    )


@pytest.mark.parametrize("args", EVERY_READER)
def test_an_entry_icloud_has_not_downloaded_is_said_once(run, example_workspace, args):
    # A Mac set to "Optimise Mac Storage" keeps only `.x.md.icloud` where x.md was
    month = example_workspace / MONTH
    (month / ".paper.md.icloud").write_bytes(b"bplist00\xd1\x01\x02")
    (month / f".{ORIGINAL}.icloud").write_bytes(b"bplist00\xd1\x01\x02")  # (beside the entry: downloaded since)
    result = run(*args)
    assert result.exit_code == 0, result.output
    said = "in iCloud Drive but not downloaded to this machine (only its placeholder .paper.md.icloud is)"
    assert result.output.count(said) == 1
    assert "entries/2021/02/paper.md" in result.output
    assert ORIGINAL + ".icloud" not in result.output


def test_an_entry_in_a_folder_no_build_reads_is_said_by_its_editions_check(run, example_workspace):
    talks = example_workspace / "entries/Talks 2021"
    talks.mkdir()
    (example_workspace / MONTH / ORIGINAL).rename(talks / ORIGINAL)
    result = run("check", "2021-02", "--offline")
    said = "in no edition: builds read entries/YYYY/MM/, not entries/Talks 2021/; move it to entries/2021/02/"
    assert f"entries/Talks 2021/{ORIGINAL}\n  warning: {said}" in result.output
    assert result.output.count(said) == 1
    assert said not in run("check", "2021-03", "--offline").output  # (its own edition's to say)


def test_a_copy_is_said_by_the_week_it_is_dated_in_not_by_every_week_of_its_month(run, example_workspace):
    month = example_workspace / MONTH  # ml-ops-org.md is dated 2021-02-08: week 6
    (month / "ml-ops-org (1).md").write_bytes((month / ORIGINAL).read_bytes())
    said = {week: "ml-ops-org (1).md" in run("check", week, "--offline").output for week in ("2021-W06", "2021-W07")}
    assert said == {"2021-W06": True, "2021-W07": False}


def test_new_names_the_entry_holding_a_link_not_a_sync_clients_copy_of_it(run, example_workspace):
    # `ml-ops-org (1).md` sorts before `ml-ops-org.md`: the author was sent to edit the copy,
    # which no build reads
    month = example_workspace / MONTH
    (month / "ml-ops-org (1).md").write_bytes((month / ORIGINAL).read_bytes())
    result = run("new", "tool", "https://ml-ops.org/", "--offline", "--no-edit")
    assert result.exit_code == 1
    assert "entries/2021/02/ml-ops-org.md already has this link" in result.output


def test_an_entry_put_back_with_its_size_and_old_mtime_is_dated_again_by_a_process_that_read_it(example_workspace):
    # A process building again and again (the waiting process, build --all) keeps the dates of
    # the month after's entries while they stand: a sync client put one back, re-dated, with its
    # size and its 1980 mtime, and the build of its new month did not see it.
    from newsletter.formats.month_folders import misfiled_in
    from newsletter.models import Period

    march = example_workspace / "entries/2021/03"
    march.mkdir(exist_ok=True)
    entry = march / "late.md"
    then = 315532800 * 10**9
    entry.write_text((example_workspace / MONTH / ORIGINAL).read_text().replace("2021-02-08", "2021-03-08"))
    os.utime(entry, ns=(then, then))
    february = Period.parse("2021-02")
    assert misfiled_in(example_workspace / "entries", february) == []
    synced = march / ".late.md.synctemp"
    synced.write_text(entry.read_text().replace("2021-03-08", "2021-02-09"))
    os.utime(synced, ns=(then, then))
    os.replace(synced, entry)
    assert misfiled_in(example_workspace / "entries", february) == [entry]


@pytest.mark.parametrize("name, said", COPIES)
def test_a_sync_clients_copy_is_left_out_of_checks_count_lists_table_and_the_tags(run, example_workspace, name, said):
    """The copies build leaves out still counted: check's summary "in 16 entries" counted each,
    `check`'s tag counts read its tags again, and `list` showed the edition without it and said
    nothing of it (new user 52's folder)."""
    from newsletter.smart.tags import log_tags

    month = example_workspace / MONTH
    counted = run("check", "2021-02", "--offline").output.splitlines()[-1]
    tags = log_tags(example_workspace / "entries")
    (month / name).write_bytes((month / ORIGINAL).read_bytes())
    checked = run("check", "2021-02", "--offline").output.splitlines()
    assert checked[-1].split(" in ")[1] == counted.split(" in ")[1]  # "in 15 entries."
    assert log_tags(example_workspace / "entries") == tags
    listed = run("list", "2021-02")
    copy = next(line for line in listed.stdout.splitlines() if name in line)
    assert copy.split()[:3] == ["?", "LEFT", "OUT"] and f"left out: {said}, made by a sync client" in copy
    assert "1 copy of an entry beside it left out, as the build leaves them out." in listed.stderr
    assert "cannot be read as entries" not in listed.stderr


@pytest.mark.parametrize(
    "link", ['url: "https://ml-ops.org/"', "url: 'https://ml-ops.org/'", "url: https://ml-ops.org/  # from the phone"]
)
def test_a_duplicate_holding_the_entrys_link_written_otherwise_is_left_out_of_the_tags(run, example_workspace, link):
    """`check`'s tag counts compared a duplicate's `url:` line as written, where the build, list
    and search compare the link it holds: `ml-ops-org (1).md` with its link quoted was left out
    of the edition and of search, and its tags counted a second time."""
    from newsletter.smart.tags import log_tags

    month = example_workspace / MONTH
    tags = log_tags(example_workspace / "entries")
    text = (month / ORIGINAL).read_text()
    (month / "ml-ops-org (1).md").write_text(text.replace("url: https://ml-ops.org/", link))
    assert "left out: a duplicate of ml-ops-org.md" in run("list", "2021-02").stdout
    assert log_tags(example_workspace / "entries") == tags
