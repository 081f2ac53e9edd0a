"""What a process made of a file (files/derived.py) is kept while the file is as it was, and
not a tick longer: a rewrite of the same size within a timestamp's tick keeps every time a disk
with a coarse clock stamps (Linux before 6.13 ticks every few ms, FAT every 2 s)."""

import os
import sys
import time

import pytest

import newsletter.files.derived  # noqa: F401  (the module: the package names its function so)
from newsletter.files.derived import derived


def made_by(calls):
    def make(name):
        calls.append(name)
        with open(name, encoding="utf-8") as file:
            return file.read()

    return make


@pytest.fixture
def short_tick(monkeypatch):
    # 0.2 s for 2, which the test waits out (raising=False: the module had no tick before)
    monkeypatch.setattr(sys.modules["newsletter.files.derived"], "_TICK_NS", 200_000_000, raising=False)
    return 0.25


def test_a_rewrite_within_the_tick_is_not_handed_out_once_the_tick_is_over(tmp_path, short_tick):
    """A process living on (preview, a script rebuilding every edition) went on handing out what
    it made of the first text for as long as it lived."""
    record = tmp_path / "build.json"
    record.write_text('{"subject": "March"}', encoding="utf-8")
    calls, status = [], os.stat(record)
    make = made_by(calls)
    assert derived(str(record), status, make) == '{"subject": "March"}'
    # Rewritten in place with as many bytes, as a second build of the edition writes it: on such
    # a disk its stat is the first one's, field for field (this kernel moves the ctime, so the
    # stat taken before the rewrite stands for the one such a disk gives after it).
    record.write_text('{"subject": "April"}', encoding="utf-8")
    time.sleep(short_tick)
    assert derived(str(record), status, make) == '{"subject": "April"}'
    assert derived(str(record), status, make) == '{"subject": "April"}'
    assert len(calls) == 2  # (made once more, then trusted: its times are older than any tick)


def test_an_unchanged_file_is_made_once_within_its_tick(tmp_path):
    """What the cache is for: a build record just written, asked for again and again."""
    record = tmp_path / "build.json"
    record.write_text('{"subject": "March"}', encoding="utf-8")
    calls = []
    make = made_by(calls)
    for _ in range(3):
        assert derived(str(record), os.stat(record), make) == '{"subject": "March"}'
    assert len(calls) == 1


def test_a_file_renamed_over_it_is_made_again(tmp_path):
    record, new = tmp_path / "build.json", tmp_path / "build.json.tmp"
    record.write_text('{"subject": "March"}', encoding="utf-8")
    calls = []
    make = made_by(calls)
    derived(str(record), os.stat(record), make)
    new.write_text('{"subject": "April"}', encoding="utf-8")
    os.replace(new, record)
    assert derived(str(record), os.stat(record), make) == '{"subject": "April"}'
    assert len(calls) == 2
