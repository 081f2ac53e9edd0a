"""json_object: what every reader of a record, a cache row or a service's answer that must be a
JSON object takes from it, damaged or not."""

import datetime as dt
import json

import pytest

from newsletter.formats.json_object import json_object, json_object_in

DEEP = "[" * 100_000 + "]" * 100_000  # valid JSON, past Python's recursion limit


@pytest.mark.parametrize(
    "text",
    [
        None,
        5,
        "",
        "{",
        '{"a": 1} junk',
        "[1, 2]",
        '"a string"',
        "null",
        DEEP,
        '{"a": ' + DEEP + "}",
        '{"n": ' + "1" * 5000 + "}",  # Python refuses to convert it: a ValueError, no JSONDecodeError
        b'{"a": "\xff"}',  # bytes that are no UTF-8
    ],
)
def test_anything_but_an_object_is_none(text):
    assert json_object(text) is None


def test_an_object_as_text_or_bytes_in_any_of_jsons_encodings():
    assert json_object('{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}
    assert json_object('{"é": "ü"}'.encode()) == {"é": "ü"}
    assert json_object('\ufeff{"a": 1}'.encode()) == {"a": 1}  # a BOM, as json.loads reads bytes
    assert json_object('{"a": 1}'.encode("utf-16")) == {"a": 1}


def test_a_decoders_hook_failing_on_a_damaged_value_is_none():
    decoder = json.JSONDecoder(object_hook=lambda found: dt.date.fromisoformat(found["d"]) if "d" in found else found)
    assert json_object('{"when": {"d": "2021-02-03"}}', decoder) == {"when": dt.date(2021, 2, 3)}
    assert json_object('{"when": {"d": 5}}', decoder) is None  # (TypeError)
    assert json_object('{"when": {"d": "someday"}}', decoder) is None  # (ValueError)
    assert json_object('{"d": "2021-02-03"}', decoder) is None  # a date, no object


def test_a_file_that_cannot_be_read_holds_none(tmp_path):
    (tmp_path / "record.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes('{"a": "é"}'.encode("latin-1"))
    (tmp_path / "folder.json").mkdir()
    assert json_object_in(tmp_path / "record.json") == {"a": 1}
    assert json_object_in(str(tmp_path / "record.json")) == {"a": 1}
    for name in ("latin1.json", "folder.json", "none.json"):
        assert json_object_in(tmp_path / name) is None, name


def test_a_record_kept_as_written_is_each_readers_own_and_gone_once_the_file_changes(tmp_path):
    """written_json keeps a record a build just wrote, for its feeds and the next build, which
    parsed it again: each read is a copy of it as a parse of the file gives it (lists, keys in
    order), and once anyone writes the file, in place to the same size with its mtime set
    back, or renamed over it, the file is read as it is."""
    import os

    from newsletter.formats import readable_json, written_json

    path = tmp_path / "build.json"
    record = {"period": "2021-02", "items": [{"title": "A", "tags": ("x", "y")}], "drafts": False}
    path.write_text(text := readable_json(record, sort_keys=True), encoding="utf-8")
    written_json.keep(path, text)
    first = written_json.kept(path)
    assert first == json.loads(path.read_text(encoding="utf-8")) and list(first) == ["drafts", "items", "period"]
    first["items"][0]["title"] = "changed by a caller"
    assert written_json.json_object_in(path)["items"][0]["title"] == "A"

    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace('"A"', '"B"'), encoding="utf-8")  # in place
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size, same mtime
    assert written_json.kept(path) is None and written_json.json_object_in(path)["items"][0]["title"] == "B"

    written_json.keep(path, text)
    other = tmp_path / "other.json"
    other.write_text(path.read_text(encoding="utf-8").replace('"B"', '"C"'), encoding="utf-8")
    os.replace(other, path)
    assert written_json.json_object_in(path)["items"][0]["title"] == "C"


def test_a_record_rewritten_within_the_tick_it_was_written_in_is_read_once_the_tick_is_over(tmp_path, monkeypatch):
    """written_json trusted a kept record's stat for as long as the process lived, as
    files/derived.py did before review 31 (922ab106): a rewrite of the same size within one
    timestamp tick (2 s on FAT, a few ms on Linux before 6.13) keeps every field of it, and a
    preview or a script rebuilding every edition took the first text for the file's."""
    import sys
    import time

    import newsletter.files.derived  # noqa: F401  (the module: the package names its function so)
    from newsletter.formats import written_json

    monkeypatch.setattr(sys.modules["newsletter.files.derived"], "_TICK_NS", 200_000_000)  # 0.2 s for 2
    # Such a disk: the stat the same, field for field, over an in-place rewrite (this kernel's
    # clock moves the mtime and ctime, so the identity here leaves them out)
    monkeypatch.setattr(written_json, "identity", lambda status: (status.st_dev, status.st_ino, status.st_size))
    path = tmp_path / "build.json"
    path.write_text(text := '{"subject": "March"}', encoding="utf-8")
    written_json.keep(path, text)
    path.write_text('{"subject": "April"}', encoding="utf-8")  # a second build of the edition, in place
    time.sleep(0.25)
    assert written_json.json_object_in(path) == {"subject": "April"}
    assert written_json.kept(path) == {"subject": "April"}  # (read once more, then kept: older than any tick)
