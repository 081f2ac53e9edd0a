"""A derived file written over an old one in a process that builds again and again (the waiting
process of a build at a terminal, a worker of `build --all`) is swapped into place
(renameat2's RENAME_EXCHANGE) and the old deleted: renaming over it made ext4 write the new
data out before the rename returned, most of such a build's time. What every reader sees, and
what is left on disk, is what `os.replace` gives."""

import ctypes
import errno
import os
import sys

import pytest

from newsletter import files
from newsletter.files import atomic, leftovers, write_atomic

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")


@pytest.fixture
def exchanging(monkeypatch):
    monkeypatch.setattr(atomic, "_EXCHANGE", None)
    files.use_exchange()
    assert atomic._EXCHANGE is not None
    return monkeypatch


def no_rename(*_):
    raise AssertionError("renamed over the old file")


def test_a_file_written_over_another_is_swapped_in_and_the_old_deleted(tmp_path, exchanging):
    output = tmp_path / "newsletter.html"
    output.write_bytes(b"the old edition")
    reader = open(output, "rb")  # (a reader of the old file reads it whole)
    exchanging.setattr(atomic.os, "replace", no_rename)
    assert write_atomic(output, b"the new edition, longer", durable=False)
    assert output.read_bytes() == b"the new edition, longer"
    assert reader.read() == b"the old edition"
    reader.close()
    assert os.listdir(tmp_path) == ["newsletter.html"]  # no temporary file, no old one


def test_a_new_file_a_durable_one_and_a_folder_are_as_os_replace_leaves_them(tmp_path, exchanging):
    renamed, replace = [], os.replace
    exchanging.setattr(atomic.os, "replace", lambda a, b: renamed.append(b) or replace(a, b))
    write_atomic(tmp_path / "new.txt", b"first", durable=False)  # (nothing to swap with)
    (tmp_path / "kept.json").write_bytes(b"{}")
    write_atomic(tmp_path / "kept.json", b'{"sent": true}')  # fsync'd: the rename is quick
    assert renamed == [tmp_path / "new.txt", tmp_path / "kept.json"]
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "inside").write_bytes(b"x")
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path / "folder", b"a file", durable=False)
    assert (tmp_path / "folder" / "inside").read_bytes() == b"x"
    assert sorted(os.listdir(tmp_path)) == ["folder", "kept.json", "new.txt"]


def test_a_link_is_replaced_and_what_it_pointed_to_kept(tmp_path, exchanging):
    (tmp_path / "target").write_bytes(b"the author's file")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    exchanging.setattr(atomic.os, "replace", no_rename)
    write_atomic(tmp_path / "link", b"an output", durable=False)
    assert not (tmp_path / "link").is_symlink() and (tmp_path / "link").read_bytes() == b"an output"
    assert (tmp_path / "target").read_bytes() == b"the author's file"
    assert sorted(os.listdir(tmp_path)) == ["link", "target"]


def test_a_file_system_that_cannot_swap_is_renamed_over(tmp_path, exchanging):
    def cannot(*_):
        ctypes.set_errno(errno.EINVAL)
        return -1

    exchanging.setattr(atomic, "_EXCHANGE", cannot)
    output = tmp_path / "feed.xml"
    output.write_bytes(b"old")
    assert write_atomic(output, b"new", durable=False)
    assert output.read_bytes() == b"new" and os.listdir(tmp_path) == ["feed.xml"]


def _open_here(path) -> bool:
    """Whether this process has `path` open (Linux's /proc)."""
    folder = "/proc/self/fd"
    return any(os.path.realpath(os.path.join(folder, fd)) == os.path.realpath(path) for fd in os.listdir(folder))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads this process's open files in /proc")
@pytest.mark.parametrize("locks", [True, False], ids=["with locks", "without (Windows)"])
def test_a_temporary_is_locked_until_renamed_and_open_at_the_rename_only_where_it_is(tmp_path, monkeypatch, locks):
    """A temporary stays open and locked until its rename, so no build in another PID namespace
    takes it for a killed build's (review 22); where there are no locks (Windows, which renames no
    file that is open) it is closed first, as before."""
    if not locks:
        monkeypatch.setattr(leftovers, "fcntl", None)
    seen = []
    rename = os.replace

    def replacing(source, target):
        seen.append((_open_here(source), leftovers._being_written(source) if locks else None))
        rename(source, target)

    monkeypatch.setattr(os, "replace", replacing)
    assert write_atomic(tmp_path / "page.html", b"<p>new</p>")
    assert seen == ([(True, True)] if locks else [(False, None)])
    assert (tmp_path / "page.html").read_bytes() == b"<p>new</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_file_is_written_whole_by_the_writes_it_takes_and_nothing_left_open(tmp_path, monkeypatch):
    """write_atomic writes with os.write itself (fast 28: the buffered file around it cost three
    system calls a write): a write the kernel cuts short is carried on to the end, the file's bytes
    are all there, a file already holding them is left as it is (found by one stat), and neither
    a write that fails (a full disk) nor one where files are closed before their rename (Windows)
    leaves a temporary or an open file behind."""
    short, write = [], os.write
    monkeypatch.setattr(atomic.os, "write", lambda fd, data: short.append(1) or write(fd, bytes(data[:4096])))
    data = bytes(range(256)) * 12_289  # (3 MB and a bit: 769 short writes)
    output = tmp_path / "newsletter.eml"
    open_before = len(os.listdir("/proc/self/fd"))
    assert write_atomic(output, data, durable=False) and output.read_bytes() == data and len(short) == 769
    inode = output.stat().st_ino
    assert not write_atomic(output, data) and output.stat().st_ino == inode  # (the same bytes: not written)
    (tmp_path / "link").symlink_to(output)
    assert not write_atomic(tmp_path / "link", data) and (tmp_path / "link").is_symlink()
    assert write_atomic(output, b"") and output.read_bytes() == b""

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    for locks in (leftovers.fcntl, None):  # (None: as on Windows, where a file is closed before its rename)
        monkeypatch.setattr(leftovers, "fcntl", locks)
        monkeypatch.setattr(atomic.os, "write", full)
        with pytest.raises(OSError, match="No space"):
            write_atomic(output, b"the new edition", durable=False)
        monkeypatch.setattr(atomic.os, "write", write)
    assert (
        write_atomic(tmp_path / "page.html", b"<p>a page</p>")
        and (tmp_path / "page.html").read_bytes() == b"<p>a page</p>"
    )
    assert sorted(os.listdir(tmp_path)) == ["link", "newsletter.eml", "page.html"] and output.read_bytes() == b""
    assert len(os.listdir("/proc/self/fd")) == open_before
