"""The one writer of entry stubs: fresh names, and never a file overwritten or left half written."""

import datetime as dt
import errno
import json
import random

import pytest

from newsletter import stubs
from newsletter.errors import NewsletterError
from newsletter.formats.post import quoted

DAY = dt.date(2024, 3, 5)


def test_names_skip_what_is_on_disk_and_what_was_handed_out(tmp_path):
    folder = tmp_path / "2024" / "03"
    folder.mkdir(parents=True)
    (folder / "a-title.md").write_text("the author's own")
    names = stubs.Names(tmp_path)
    first = names.path_for(DAY, "A title", "https://x.example/")
    second = names.path_for(DAY, "A title", "https://x.example/")  # a dry run: nothing written yet
    assert (first.name, second.name) == ("a-title-2.md", "a-title-3.md")
    assert names.path_for(DAY, None, "https://x.example/2019/why-x-matters/").name == "why-x-matters.md"
    assert names.path_for(DAY, "A title", "") == stubs.path_for(tmp_path, DAY, "A title", "").with_name("a-title-4.md")


def test_a_name_taken_meanwhile_is_never_overwritten(tmp_path):
    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "Taken", "https://x.example/")
    path.parent.mkdir(parents=True)
    path.write_text("written by someone else meanwhile")
    written = names.write(path, "---\nstub\n---\n")
    assert written.name == "taken-2.md" and written.read_text() == "---\nstub\n---\n"
    assert path.read_text() == "written by someone else meanwhile"
    with pytest.raises(FileExistsError):
        stubs.write(path, "over it")


def test_a_write_that_fails_part_way_leaves_no_half_entry(tmp_path, monkeypatch):
    def full_disk(handle, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "Full", "https://x.example/")
    monkeypatch.setattr(stubs.os, "write", full_disk)
    with pytest.raises(NewsletterError, match=r"Cannot write .*full.md \(No space left on device\)"):
        names.write(path, "---\nstub\n---\n")
    assert not path.exists()


def test_quoted_writes_plain_ascii_as_json_would_and_escapes_the_rest():
    rng = random.Random(7)
    for _ in range(20_000):  # ASCII, control characters included: where the fast path may apply
        text = "".join(chr(rng.randrange(0, 128)) for _ in range(rng.randrange(6)))
        assert quoted(text) == json.dumps(text).replace("\x7f", "\\u007f")
    assert quoted("plain words, 100% ASCII") == '"plain words, 100% ASCII"'
    assert quoted('a "b" \\ c\td\x7f') == '"a \\"b\\" \\\\ c\\td\\u007f"'


def test_a_stub_appears_whole_and_leaves_no_temporary_file(tmp_path):
    names = stubs.Names(tmp_path)
    written = [names.write(names.path_for(DAY, f"Entry {n}", ""), f"---\nentry {n}\n---\n") for n in range(3)]
    assert sorted(p.name for p in written[0].parent.iterdir()) == ["entry-0.md", "entry-1.md", "entry-2.md"]
    assert written[2].read_text() == "---\nentry 2\n---\n"


def test_without_hard_links_a_stub_is_created_in_place_and_still_never_over_a_file(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(stubs.os, "link", no_links)
    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "No links", "")
    assert names.write(path, "---\nstub\n---\n") == path and path.read_text() == "---\nstub\n---\n"
    assert [p.name for p in path.parent.iterdir()] == ["no-links.md"]
    with pytest.raises(FileExistsError):
        stubs.write(path, "over it")
    assert path.read_text() == "---\nstub\n---\n"
