"""What records a send survives a power cut: the ledger's step written before the edition is
handed over, and the journal's first line, are on the disk with their names in their folder
before the send goes on. A file fsynced and renamed into place has its data on the disk but its
name only once its folder is synced (a few seconds later on ext4): a laptop whose battery died
in between (new user 54, sending from a train) came back with the ledger of before the step,
and the next run sent the edition again. No power is cut here: the system calls are watched."""

import os
import stat
import sys

import pytest

from newsletter.delivery.ledger import Ledger

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a folder is not opened for fsync on Windows")


@pytest.fixture
def synced(monkeypatch):
    """Each fsync: ("folder", what the ledger file holds then) or ("file", None)."""
    calls = []
    fsync = os.fsync

    def watched(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            ledger = os.path.join(os.readlink(f"/proc/self/fd/{fd}"), "2026-11.json")
            calls.append(("folder", open(ledger, encoding="utf-8").read() if os.path.exists(ledger) else None))
        else:
            calls.append(("file", None))
        return fsync(fd)

    monkeypatch.setattr(os, "fsync", watched)
    return calls


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads which folder from /proc")
def test_a_step_recorded_before_a_send_is_in_its_folder_on_the_disk(tmp_path, synced):
    with Ledger(tmp_path / "ledger", "2026-11") as ledger:
        synced.clear()
        ledger.intend("smtp.send", mode="list")
    # the file's data, then its name in the folder, the step already in it when the folder is synced
    assert [kind for kind, _ in synced] == ["file", "folder"]
    assert '"state": "intent"' in synced[1][1]


def test_the_journal_s_first_line_is_in_its_folder_on_the_disk(tmp_path, synced):
    ledger = Ledger(tmp_path / "ledger", "2026-11")
    journal = ledger.journal()
    journal.record("reader1@example.org", "intent")
    journal.record("reader1@example.org", "done")
    journal.close()
    # the folder once, when the file was made: each line after is the file's own fsync
    assert [kind for kind, _ in synced] == ["file", "folder", "file"]
