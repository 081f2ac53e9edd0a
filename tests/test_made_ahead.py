"""The edition made ahead when a note is saved (commands/prepared.py): the build after it
publishes that edition only when every input is as it was made from, and then writes byte for
byte what a build from scratch writes; after any other change it makes the edition itself.
Builds run in this process, as the waiting process runs them (cli/build_server.py)."""

import os
import random
import shutil
import sqlite3
import time

import pytest
from test_incremental_builds import build_here, edit_note, entries_of, outputs, rebuilt_from_scratch

from newsletter import build as pipeline
from newsletter.cli.saved_notes import SavedNotes
from newsletter.commands import prepared
from newsletter.config import load
from newsletter.formats import web
from newsletter.links.cache import FILENAME
from newsletter.links.urls import normalise_url

from helpers import seed_cache

PERIOD = "2021-02"
MADE_BY_BUILD: list[int] = []  # an edition made by the build itself, each


@pytest.fixture
def workspace(example_workspace, monkeypatch):
    """The example, its links all in the cache (a link the build would fetch makes nothing ahead),
    and a count of the editions made by the build itself."""
    root = example_workspace
    seed_cache(root)
    build_here(root, PERIOD)  # (offline: the links the seed has not are left out; cache them as found)
    cache_every_link(root)
    stages = pipeline._stages
    monkeypatch.setattr(pipeline, "_stages", lambda *a, **k: MADE_BY_BUILD.append(1) or stages(*a, **k))
    monkeypatch.setattr(prepared, "_CODE", None)  # (told at the first make of a process)
    yield root
    prepared.forget()


def cache_every_link(root):
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    settings = load(root)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        for entry in pipeline.prepare(root, PERIOD, offline=True).edition.entries:
            if entry.url and cache.get(entry.url) is None:
                cache.put(entry.url, Metadata(title=f"Cached {entry.url}"))


def _february(root):
    return [p for p in entries_of(root) if p.parent.name == "02" and p.parent.parent.name == "2021"]


def _built_after(root, change=None) -> bool:
    """A note edited and the edition made ahead; `change` after; whether the build used it, with
    its outputs checked against a build from scratch."""
    edit_note(root, _february(root), random.Random(len(outputs(root))))
    prepared.make(str(root), PERIOD)
    assert prepared._MADE is not None
    if change is not None:
        change(root)
    MADE_BY_BUILD.clear()
    build_here(root, PERIOD)
    built = outputs(root)
    rebuilt_from_scratch(root, PERIOD)
    assert outputs(root) == built
    return not MADE_BY_BUILD


def test_a_build_after_a_save_publishes_the_edition_made_then_byte_for_byte(workspace):
    assert _built_after(workspace)
    assert _built_after(workspace)  # and again, after the next save


def test_the_build_after_a_save_writes_the_web_page_made_then(workspace, monkeypatch):
    """The edition's web page (the email parsed and serialised again) is made with the edition,
    when the note is saved; the build only writes it, byte for byte a build's from scratch."""
    made = []
    page = web._edition_page
    monkeypatch.setattr(web, "_edition_page", lambda *a: made.append(1) or page(*a))
    edit_note(workspace, _february(workspace), random.Random(3))
    prepared.make(str(workspace), PERIOD)
    assert made == [1]
    build_here(workspace, PERIOD)
    assert made == [1]
    built = outputs(workspace)
    rebuilt_from_scratch(workspace, PERIOD)  # (another process)
    assert outputs(workspace) == built


def test_the_build_after_a_save_hashes_none_of_the_email_text_and_message_made_then(workspace, monkeypatch):
    """The build record's sha256 and the stamp's blake2b of the email, its text and the message
    (~500 KB, a millisecond of the build at a terminal) are taken when the edition is made; the
    build writes them, byte for byte a build's from scratch, with a stamp that holds."""
    import hashlib

    from newsletter.commands import uptodate
    from newsletter.formats import output_digests as digests

    edit_note(workspace, _february(workspace), random.Random(5))
    prepared.make(str(workspace), PERIOD)
    made = prepared._MADE.result.outputs
    parts, hashed = [made.eml, made.utf8("html"), made.utf8("text")], []
    sha256, blake2b = hashlib.sha256, digests._blake2b
    monkeypatch.setattr(hashlib, "sha256", lambda data=b"", **kw: hashed.append(data) or sha256(data, **kw))
    monkeypatch.setattr(digests, "_blake2b", lambda data=b"", **kw: hashed.append(data) or blake2b(data, **kw))
    MADE_BY_BUILD.clear()
    build_here(workspace, PERIOD)
    assert not MADE_BY_BUILD and hashed  # (the inputs, the feeds, the page: hashed as they come)
    assert not [data for data in hashed if any(data is part for part in parts)]
    monkeypatch.undo()
    assert uptodate.check(str(workspace), PERIOD, offline=True) is not None
    built = outputs(workspace)
    rebuilt_from_scratch(workspace, PERIOD)
    assert outputs(workspace) == built
    digests.ahead(b"another edition")  # the last made edition's only, held by no one else
    assert not any(data is part for data, _, _ in digests._KEPT.values() for part in parts)
    assert digests.sha256(b"x" * 3) == sha256(b"xxx").hexdigest() and digests.blake2b(b"y") == blake2b(b"y").hexdigest()


def test_the_build_after_a_save_takes_its_snapshot_and_reads_no_input_again(workspace, monkeypatch):
    """The make's snapshot of the inputs, checked again (prepared._still), is the build's: it
    takes none of its own and reads no entry again to hash it; its stamp holds until an input
    changes, a note saved in the same second too."""
    from newsletter import publish
    from newsletter.commands import uptodate

    edit_note(workspace, _february(workspace), random.Random(11))
    prepared.make(str(workspace), PERIOD)
    snapshots, reads = [], []
    snapshot, read_inputs = uptodate.snapshot, publish.read_edition_inputs
    monkeypatch.setattr(uptodate, "snapshot", lambda *a, **k: snapshots.append(1) or snapshot(*a, **k))
    monkeypatch.setattr(publish, "read_edition_inputs", lambda *a, **k: reads.append(1) or read_inputs(*a, **k))
    MADE_BY_BUILD.clear()
    build_here(workspace, PERIOD)
    assert not MADE_BY_BUILD and not snapshots and not reads
    monkeypatch.undo()
    assert uptodate.check(str(workspace), PERIOD, offline=True) is not None
    edit_note(workspace, _february(workspace), random.Random(12))
    assert uptodate.check(str(workspace), PERIOD, offline=True) is None


def test_the_build_after_a_save_writes_the_records_items_encoded_then(workspace, monkeypatch):
    """The build record's feed items (every entry's notes as HTML) are encoded as JSON when the
    edition is made; the build writes them, byte for byte a build's from scratch. Items that
    are not, type for type, those encoded (changed since, or 1.0 for 1) are encoded anew."""
    import json

    from newsletter.formats import written_json

    edit_note(workspace, _february(workspace), random.Random(9))
    prepared.make(str(workspace), PERIOD)
    items, dumps, encoded = prepared._MADE.result.outputs.items, json.dumps, []
    monkeypatch.setattr(json, "dumps", lambda value, **kw: encoded.append(value) or dumps(value, **kw))
    MADE_BY_BUILD.clear()
    build_here(workspace, PERIOD)
    assert not MADE_BY_BUILD and encoded  # (the record's other values, the feeds: as they come)
    assert not [value for value in encoded if value is items or value == items]
    monkeypatch.undo()
    built = outputs(workspace)
    record = json.loads((workspace / "dist" / PERIOD / "build.json").read_text(encoding="utf-8"))
    assert record["items"] == items
    rebuilt_from_scratch(workspace, PERIOD)
    assert outputs(workspace) == built

    written_json.encode_ahead([{"n": 1, "title": "A"}])
    assert written_json.encoded([{"title": "A", "n": 1}]) == '[{"n": 1, "title": "A"}]'
    assert written_json.encoded([{"n": 1.0, "title": "A"}]) == '[{"n": 1.0, "title": "A"}]'
    assert written_json.encoded([{"n": True, "title": "A"}]) == '[{"n": true, "title": "A"}]'
    assert written_json.encoded([{"n": 1, "title": "B"}]) == '[{"n": 1, "title": "B"}]'
    shared = "".join(["x"] * 10)  # one string in two places: the same items, held otherwise
    written_json.encode_ahead([{"a": shared, "b": shared}])
    assert written_json.encoded([{"a": "".join(["x"] * 10), "b": "".join(["x"] * 10)}]) is written_json._AHEAD[1]


def test_the_stamp_of_the_edition_made_ahead_names_the_code_it_was_made_by(workspace, monkeypatch):
    """The build's stamp told the package's code after the build (a stat of every module, a
    millisecond of the build at a terminal), though the edition it took was made at the save:
    code edited in between (a template of the package, which the waiting process does not
    watch) left a stamp calling old outputs current. It names the code as the make began."""
    from newsletter.commands import uptodate

    monkeypatch.setattr(uptodate, "code", lambda: [1, 1])
    edit_note(workspace, _february(workspace), random.Random(7))
    prepared.make(str(workspace), PERIOD)
    looked = []
    monkeypatch.setattr(uptodate, "code", lambda: looked.append(1) or [2, 2])  # edited since
    MADE_BY_BUILD.clear()
    build_here(workspace, PERIOD)
    assert not MADE_BY_BUILD and looked == []  # the made edition, and no module stat'ed
    assert uptodate.check(str(workspace), PERIOD, offline=True) is None  # made by other code: stale
    monkeypatch.setattr(uptodate, "code", lambda: [1, 1])
    assert uptodate.check(str(workspace), PERIOD, offline=True) is not None


def test_the_code_is_told_at_the_first_make_and_a_change_since_makes_the_stamp_stale(workspace, monkeypatch):
    """The make tells the package's code once a process (a stat a module, a millisecond of each
    save): a module the waiting process loaded that changes ends it at the next build; a change
    of any other since makes the stamp the build after a save writes stale, as a change should."""
    from newsletter.commands import uptodate

    told = []
    monkeypatch.setattr(uptodate, "code", lambda: told.append(1) or [1, 1])
    for seed in (21, 22):
        edit_note(workspace, _february(workspace), random.Random(seed))
        prepared.make(str(workspace), PERIOD)
        MADE_BY_BUILD.clear()
        build_here(workspace, PERIOD)
        assert not MADE_BY_BUILD and uptodate.check(str(workspace), PERIOD, offline=True) is not None
    assert len(told) == 3  # the first make's, and the two checks'
    monkeypatch.setattr(uptodate, "code", lambda: [1, 2])  # a module not loaded, changed
    edit_note(workspace, _february(workspace), random.Random(23))
    prepared.make(str(workspace), PERIOD)
    build_here(workspace, PERIOD)
    assert uptodate.check(str(workspace), PERIOD, offline=True) is None  # built again at the next build


def test_a_note_saved_again_after_it_was_made_is_the_builds_own(workspace):
    assert not _built_after(workspace, lambda root: edit_note(root, _february(root), random.Random(7)))


def test_a_file_only_the_snapshot_sees_changed_since_is_the_builds_own(workspace):
    def base_url(root):  # the Hugo site's settings: the email's links are made from its baseURL
        config = next(p for p in (root / "site").glob("hugo.*") if p.is_file())
        config.write_text(config.read_text().replace("baseURL", "baseURL = 'https://elsewhere.example/'\nold", 1))

    assert not _built_after(workspace, base_url)


def test_an_edition_built_elsewhere_since_is_the_builds_own(workspace):
    """Its record says where its post is (formats/slugs.py), which the stamp holds as an output."""

    def built_elsewhere(root):
        record = root / "dist" / PERIOD / "build.json"
        record.write_text(record.read_text().replace('"period"', '"period" ', 1))

    assert not _built_after(workspace, built_elsewhere)


def test_a_links_cached_metadata_changed_since_is_the_builds_own(workspace):
    def retitle(root):
        database = sqlite3.connect(load(root).state_dir / FILENAME)
        with database:
            database.execute("UPDATE metadata SET data = replace(data, 'Cached ', 'Changed ')")
        database.close()

    assert not _built_after(workspace, retitle)


def test_a_link_whose_metadata_aged_out_since_is_the_builds_own(workspace, monkeypatch):
    days = load(workspace).fetch.max_age_days
    monkeypatch.setattr(prepared, "_now", lambda: time.time() + (days + 1) * 86400)
    edit_note(workspace, _february(workspace), random.Random(3))
    prepared.make(str(workspace), PERIOD)
    assert prepared._MADE is not None
    assert prepared.take(load(workspace), PERIOD, True) is None


def test_a_link_not_in_the_cache_makes_an_edition_for_a_build_offline_only(workspace):
    """Offline, a link the cache has nothing for is left as its entry says, by the build as when
    the edition was made ahead: that build takes it (an author writing on a train, links never
    fetched, waited for a whole build at each save). A build online would fetch it: not that one."""
    url = next(e.url for e in pipeline.prepare(workspace, PERIOD, offline=True).edition.entries if e.url)
    database = sqlite3.connect(load(workspace).state_dir / FILENAME)
    with database:
        assert database.execute("DELETE FROM metadata WHERE url = ?", (normalise_url(url),)).rowcount == 1
    database.close()
    prepared.make(str(workspace), PERIOD)
    assert prepared._MADE is not None
    assert prepared.take(load(workspace), PERIOD, False) is None  # online: fetches it
    assert _built_after(workspace)  # offline: the edition made ahead, byte for byte a build's from scratch


def test_a_saved_note_is_seen_and_an_editors_swap_file_is_not(tmp_path):
    notes = SavedNotes()
    notes.watch([str(tmp_path)])
    if notes.fd is None:
        pytest.skip("no inotify here: nothing is watched")
    try:
        assert not notes.saved()
        (tmp_path / ".note.md.swp").write_text("swap")
        (tmp_path / "note.md~").write_text("backup")
        (tmp_path / "#note.md#").write_text("Emacs's auto-save")  # (new user 52's)
        assert not notes.saved()
        (tmp_path / "note.md").write_text("saved")
        assert notes.saved()
        assert not notes.saved()  # (said once)
        os.replace(tmp_path / "note.md", tmp_path / "moved.md")  # an editor's save by rename
        assert notes.saved()
    finally:
        notes.close()


def test_a_note_saved_while_the_same_folders_are_watched_again_is_still_seen(tmp_path):
    """The waiting process watches the edition's folders again after each build: a save during
    the build is not lost."""
    notes = SavedNotes()
    notes.watch([str(tmp_path)])
    if notes.fd is None:
        pytest.skip("no inotify here: nothing is watched")
    try:
        (tmp_path / "note.md").write_text("saved during the build")
        notes.watch([str(tmp_path)])
        assert notes.saved()
    finally:
        notes.close()


def _an_old_entry_rewritten(root):
    """An entry the snapshot took by its size and time (not just written), rewritten."""
    path = next(p for p in _february(root) if p.name == "python-packaging.md")
    os.utime(path, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))
    return lambda root: path.write_text(path.read_text(encoding="utf-8") + "\nLater.\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [
        "the saved note again",
        "an old entry",
        "a new entry",
        "a template added",
        "the site's settings",
        "another edition built",
    ],
)
def test_an_input_changed_while_the_edition_was_made_makes_nothing_ahead(workspace, monkeypatch, change):
    """The make checks its inputs after as its snapshot saw them before (prepared._still, not a
    second snapshot): a file changed, added or removed meanwhile leaves nothing made."""
    saved = next(p for p in _february(workspace) if p.name == "model-search.md")
    changes = {
        "the saved note again": lambda root: saved.write_text(
            saved.read_text(encoding="utf-8") + "x", encoding="utf-8"
        ),
        "an old entry": _an_old_entry_rewritten(workspace),
        "a new entry": lambda root: (saved.parent / "new.md").write_text(saved.read_text(encoding="utf-8")),
        "a template added": lambda root: (
            (root / "templates").mkdir(exist_ok=True) or (root / "templates" / "extra.j2").write_text("x")
        ),
        "the site's settings": lambda root: (root / "site" / "hugo.toml").write_text(
            (root / "site" / "hugo.toml").read_text() + "\n# changed\n"
        ),
        "another edition built": lambda root: (root / "dist" / "2021-03").mkdir(),
    }
    saved.write_text(saved.read_text(encoding="utf-8") + "\nA second look.\n", encoding="utf-8")
    prepared.make(str(workspace), PERIOD)
    assert prepared._MADE is not None  # (unchanged: made)
    made = pipeline.made_ahead
    monkeypatch.setattr(pipeline, "made_ahead", lambda *a: (changes[change](workspace), made(*a))[1])
    prepared.make(str(workspace), PERIOD)
    assert prepared._MADE is None


def test_an_entry_changed_in_place_unseen_by_the_snapshot_is_the_builds_own(workspace):
    """The snapshot takes a file of the size and times the last build recorded for the same bytes
    (uptodate.seen): an entry rewritten in place to another text of its length, its mtime put
    back (`cp -p`, a sync tool), is told there by its change time, which nothing puts back, and
    the check of the snapshot the edition made ahead was made from tells it the same way."""

    def same_size_and_time(root):
        path = next(p for p in _february(root) if p.name == "python-packaging.md")
        status = os.stat(path)
        data = path.read_bytes()
        at = data.rindex(b"a")  # (a letter of the notes, the last)
        path.write_bytes(data[:at] + b"e" + data[at + 1 :])
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))

    def edit_another(root, entries, rng):
        path = next(p for p in entries if p.name == "model-search.md")
        path.write_text(path.read_text(encoding="utf-8") + "\nA second look.\n", encoding="utf-8")

    build_here(workspace, PERIOD)  # (its stamp records python-packaging.md's size and time)
    edit_another(workspace, _february(workspace), None)
    prepared.make(str(workspace), PERIOD)
    assert prepared._MADE is not None
    same_size_and_time(workspace)
    assert prepared.take(load(workspace), PERIOD, True) is None  # (seen by its change time)
    prepared.make(str(workspace), PERIOD)  # (again)
    same_size_and_time(workspace)
    MADE_BY_BUILD.clear()
    build_here(workspace, PERIOD)
    built = outputs(workspace)
    assert MADE_BY_BUILD  # the build made it itself
    rebuilt_from_scratch(workspace, PERIOD)
    assert outputs(workspace) == built


def test_a_save_after_the_builds_folder_was_removed_leaves_the_waiting_process_waiting(workspace, tmp_path):
    """The waiting process makes the edition in the last build's folder: one removed since (a
    worktree, a temporary folder the author built from) ended it in a traceback, unseen, at the
    next save, and the next build started a process anew. It makes nothing then, and waits."""
    from newsletter.cli import build_server

    gone = tmp_path / "built-from-here"
    gone.mkdir()
    request = {"root": str(workspace), "period": PERIOD, "cwd": str(gone), "environ": dict(os.environ), "umask": 0o22}
    gone.rmdir()
    folder, environ, notes = os.getcwd(), dict(os.environ), SavedNotes()
    try:
        build_server._watch(notes, request)
        assert notes.fd is None  # (nothing watched from a folder that is not there)
        build_server._make(request)
    finally:
        notes.close()
    assert prepared._MADE is None
    assert (os.getcwd(), dict(os.environ)) == (folder, environ)


def test_notes_saved_keep_the_waiting_process_past_its_idle_time(tmp_path, monkeypatch):
    """An author writing a long note saves it again and again before building: each save is
    work, and the process waits on (it ended IDLE_SECONDS after the last build, saves or not)."""
    import socket
    import tempfile
    import threading

    from newsletter.cli import build_server

    monkeypatch.setattr(build_server, "IDLE_SECONDS", 1.0)
    monkeypatch.setattr(build_server, "_make", lambda request: None)
    notes = SavedNotes()
    notes.watch([str(tmp_path)])
    if notes.fd is None:
        pytest.skip("no inotify here: nothing is watched")
    folder = tempfile.mkdtemp(prefix="nl-", dir="/tmp")  # (short: a socket's path is at most 108 bytes)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.path.join(folder, "s"))
    listener.listen(1)

    def author() -> None:
        for n in range(6):  # 2.4 s of saves, each 0.4 s after the last
            time.sleep(0.4)
            (tmp_path / "note.md").write_text(f"draft {n}")
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect(os.path.join(folder, "s"))

    writing = threading.Thread(target=author)
    writing.start()
    try:
        connection = build_server._next_build(listener, notes, [{}])
        connection.close()
    finally:
        writing.join()
        notes.close()
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_the_waiting_process_loads_the_settings_again_only_when_their_text_changed(workspace, monkeypatch):
    """The make at a save and the build after each loaded newsletter.toml (half a millisecond each
    on the path of a build typed at the save): the waiting process keeps the last settings, for
    the same text in the same folder, and loads them anew when a byte of it changed."""
    from newsletter import config

    monkeypatch.setattr(config, "_LOADED", None)
    config.keep_loaded()
    first = load(workspace)
    assert load(workspace) is first
    settings_file = workspace / "newsletter.toml"
    text = settings_file.read_text(encoding="utf-8")
    settings_file.write_text(text.replace('name = "', 'name = "The ', 1), encoding="utf-8")
    changed = load(workspace)
    assert changed is not first and changed.name == "The " + first.name
    settings_file.write_text(text, encoding="utf-8")
    assert load(workspace).name == first.name
    elsewhere = workspace.parent / "copy"
    shutil.copytree(workspace, elsewhere)
    assert load(elsewhere).root == elsewhere  # (the same text in another folder)


def test_a_note_read_half_written_by_the_make_and_whole_again_at_the_build_is_the_builds_own(workspace, monkeypatch):
    """An editor that saves in place (truncates, then writes) saved a note again with the same
    words while the edition was made: the make read it half written, and by the make's end and
    the build it was whole again, as its snapshot saw it. The build compared only the snapshot
    with the files (prepared._still) and published the half note, with a stamp calling it
    current; the bytes the make read must be those its snapshot saw."""
    from newsletter import publish
    from newsletter.commands import uptodate

    saved = next(p for p in _february(workspace) if p.name == "model-search.md")
    saved.write_text(saved.read_text(encoding="utf-8") + "\nA second look, and a third.\n", encoding="utf-8")
    whole = saved.read_bytes()
    read_inputs = publish.read_edition_inputs

    def read_while_saved_again(*args, **kwargs):
        saved.write_bytes(whole[: -len(b"and a third.\n")])  # (the editor's write, half done)
        try:
            return read_inputs(*args, **kwargs)
        finally:
            saved.write_bytes(whole)

    with monkeypatch.context() as during:
        during.setattr(publish, "read_edition_inputs", read_while_saved_again)
        prepared.make(str(workspace), PERIOD)
    MADE_BY_BUILD.clear()
    build_here(workspace, PERIOD)
    built = outputs(workspace)
    assert MADE_BY_BUILD  # the build made it itself
    assert uptodate.check(str(workspace), PERIOD, offline=True) is not None
    rebuilt_from_scratch(workspace, PERIOD)
    assert outputs(workspace) == built


def test_copies_the_build_after_a_save_archives_are_in_what_it_publishes(workspace, server):
    """[archive] on_build: the build online asks the web archive first and records the copies it
    finds in the month's _archive.toml, from which the edition is made (the email links each
    copy). The edition made ahead at the save was made before they were: the build took it, as
    its inputs were as the make saw them when it took it, and published it without them."""
    from click.testing import CliRunner

    from newsletter.cli import main

    from fake_wayback import FakeWayback

    wayback = FakeWayback(server)
    settings = workspace / "newsletter.toml"
    text = settings.read_text(encoding="utf-8").replace("[archive]\non_build = false", "")  # (the example's)
    settings.write_text(text + wayback.settings(on_build=True, email="all"))
    for entry in pipeline.prepare(workspace, PERIOD, offline=True).edition.entries:
        if entry.url:
            wayback.available[entry.url] = f"{entry.date:%Y%m%d}120000"
    edit_note(workspace, _february(workspace), random.Random(13))
    prepared.make(str(workspace), PERIOD)
    assert prepared._MADE is not None and prepared._MADE.online  # (for a build online too)
    result = CliRunner().invoke(main, ["build", PERIOD, "-w", str(workspace)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert any(path.endswith("/available") for _, path, _ in wayback.requests)
    built = outputs(workspace)
    assert b"web.archive.org/web/" in built[f"dist/{PERIOD}/newsletter.html"]
    rebuilt_from_scratch(workspace, PERIOD)  # (offline: from the copies recorded)
    assert outputs(workspace) == built
    edit_note(workspace, _february(workspace), random.Random(14))  # every copy recorded: none asked for
    prepared.make(str(workspace), PERIOD)
    MADE_BY_BUILD.clear()
    assert CliRunner().invoke(main, ["build", PERIOD, "-w", str(workspace)], catch_exceptions=False).exit_code == 0
    assert not MADE_BY_BUILD  # the edition made ahead
    built = outputs(workspace)
    rebuilt_from_scratch(workspace, PERIOD)
    assert outputs(workspace) == built
