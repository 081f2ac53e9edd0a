"""Front matter kept between builds: read back exactly as YAML read it, never a second parse of
an unchanged text, never fatal."""

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from newsletter import front_matter
from newsletter.build import build
from newsletter.fields import Problem
from newsletter.formats.own_key import sealed
from newsletter.front_matter import STORE_FILE, FrontMatterStore, parse_front_matter

ENTRY = """---
type: talk
url: https://example.com/talk
date: 2021-02-03
title: "A talk: with a colon"
speakers: [Ada Lovelace, "Alan Turing"]
tags: [ml, 2021, true, null, !!float 1.5, !!float -0.0, yes, 3.10]
episode: 12345678901234567890
draft: false
imported: {source: "pocket", id: "7"}
nested: {list: [{a: 1}, []], empty: {}}
---
The notes.
"""


def kinds(value):
    """`value` with every item's type beside it: equality alone takes True for 1 and 1.0 for 1."""
    if isinstance(value, dict):
        return {key: kinds(item) for key, item in value.items()}
    if isinstance(value, list):
        return [kinds(item) for item in value]
    return (type(value), value)


def test_kept_front_matter_reads_back_as_yaml_read_it(tmp_path):
    fresh = parse_front_matter(ENTRY)
    with FrontMatterStore(tmp_path) as store:
        assert parse_front_matter(ENTRY, store) == fresh
    with FrontMatterStore(tmp_path) as store:
        kept = parse_front_matter(ENTRY, store)
    assert kinds(kept[0]) == kinds(fresh[0]) and kept[1] == fresh[1]
    assert type(kept[0]["date"]) is dt.date and kept[0]["tags"][2] is True


def test_unchanged_front_matter_is_not_parsed_again(tmp_path, monkeypatch):
    with FrontMatterStore(tmp_path) as store:
        parse_front_matter(ENTRY, store)

    def no_parsing(text):
        raise AssertionError("kept front matter was parsed again")

    monkeypatch.setattr(front_matter, "_load", no_parsing)
    with FrontMatterStore(tmp_path) as store:  # the notes changed; the front matter did not
        meta, body = parse_front_matter(ENTRY.replace("The notes.", "Other notes."), store)
    assert meta["title"] == "A talk: with a colon" and body == "Other notes."


def test_a_store_looks_up_this_users_key_once_for_all_its_entries(tmp_path, monkeypatch):
    """Each entry's kept front matter looked up this user's key again to check its seal (two
    environment variables, 50 times an edition, 10,000 times a build --all of the bench's
    archive): the store looks it up when it opens. A row another key sealed is still parsed again."""
    from newsletter.formats import own_key as own_key_module

    texts = [ENTRY.replace("12345678901234567890", str(n)) for n in range(50)]
    fronts = [front_matter._BOUNDARY.split(text.strip(), 2)[1] for text in texts]  # as _split asks
    with FrontMatterStore(tmp_path) as store:
        first = [parse_front_matter(text, store) for text in texts]
    looked_up = []
    own = own_key_module.own_key
    monkeypatch.setattr(own_key_module, "own_key", lambda: looked_up.append(1) or own())
    monkeypatch.setattr(front_matter, "own_key", own_key_module.own_key)
    with FrontMatterStore(tmp_path) as store:
        assert [parse_front_matter(text, store) for text in texts] == first
        assert all(store.get(front) is not None for front in fronts)
    assert len(looked_up) == 1
    with FrontMatterStore(tmp_path) as store:
        key = store._key(fronts[0])
        store.db.execute("UPDATE front_matter SET meta = ? WHERE key = ?", (sealed("another", '{"type": "x"}'), key))
        assert store.get(fronts[0]) is None and store.get(fronts[1]) is not None


@pytest.mark.parametrize(
    "value",
    [
        "2021-02-03 10:00:00",
        "!!set {a, b}",
        "{1: one}",
        "{2021-02-03: day}",
        "!!float .nan",
        "!!binary aGk=",
        "[!!float .inf]",
    ],
)
def test_what_json_cannot_say_for_sure_is_parsed_every_time(tmp_path, value):
    text = f"---\ntype: talk\nodd: {value}\n---\nNotes.\n"
    fresh = parse_front_matter(text)
    with FrontMatterStore(tmp_path) as store:
        parse_front_matter(text, store)
    with FrontMatterStore(tmp_path) as store:
        assert store.db.execute("SELECT count(*) FROM front_matter").fetchone() == (0,)
        again = parse_front_matter(text, store)
    assert repr(kinds(again[0])) == repr(kinds(fresh[0]))


@pytest.mark.parametrize(
    "text", ["---\ntitle: [unclosed\n---\n", "---\n- a list\n---\n", "---\ndate: 2021-02-30\n---\n", "---\n---\nx"]
)
def test_problems_are_the_same_with_a_store(tmp_path, text):
    def outcome(store):
        try:
            return parse_front_matter(text, store)
        except Problem as problem:
            return str(problem), problem.line

    expected = outcome(None)
    for _ in range(2):
        with FrontMatterStore(tmp_path) as store:
            assert outcome(store) == expected


def test_a_damaged_store_means_parsing_again(tmp_path):
    (tmp_path / STORE_FILE).write_bytes(b"not a database at all" * 100)
    with FrontMatterStore(tmp_path) as store:
        assert parse_front_matter(ENTRY, store) == parse_front_matter(ENTRY)
    kept = tmp_path / "kept"
    with FrontMatterStore(kept) as store:
        parse_front_matter(ENTRY, store)
    damaged = ("not json", "[]", '"text"', '{"date": {"\\u0000date": "2021-13-01"}}', '{"\\u0000date": 5}')
    for meta in damaged:
        with sqlite3.connect(kept / STORE_FILE) as db:
            assert db.execute("UPDATE front_matter SET meta = ?", (meta,)).rowcount == 1
        with FrontMatterStore(kept) as store:
            assert parse_front_matter(ENTRY, store) == parse_front_matter(ENTRY), meta


def test_a_new_version_empties_the_store(tmp_path, monkeypatch):
    with FrontMatterStore(tmp_path) as store:
        parse_front_matter(ENTRY, store)
    monkeypatch.setattr(front_matter, "__version__", "999.0")
    with FrontMatterStore(tmp_path):
        pass
    assert sqlite3.connect(tmp_path / STORE_FILE).execute("SELECT count(*) FROM front_matter").fetchone() == (0,)


def test_a_build_whose_front_matter_is_kept_loads_no_yaml_parser(example_workspace):
    """After an edit of a note, the build reads every front matter from the store."""
    build(example_workspace, "2020-W28", offline=True)
    code = (
        "import sys; from pathlib import Path; from newsletter.build import build; "
        f"build(Path({str(example_workspace)!r}), '2020-W28', offline=True); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'frontmatter')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, levels)]
    return "---\ntype: article\nurl: https://example.com/x\ndate: 2021-02-03\n" + "\n".join(lines) + "\n---\nNote.\n"


def test_front_matter_that_yaml_aliases_is_parsed_every_time_not_copied_out_in_the_store(tmp_path):
    """An alias names one list many times; JSON would write it out at every mention: nine
    levels of ten make a billion values (the build hung). Such front matter is not kept."""
    shared = {"a": [1], "b": None}
    shared["b"] = shared["a"]
    assert front_matter._encoded(shared) is None and front_matter._encoded({"a": [1], "b": [1]}) is not None
    with FrontMatterStore(tmp_path) as store:
        meta, body = parse_front_matter(alias_bomb(9), store)
        assert meta["a8"][0][0] is meta["a7"][0]  # YAML's one list, as before
        assert store.new == {}
    assert body == "Note."


def test_a_number_json_cannot_write_is_parsed_every_time(tmp_path):
    """YAML reads a `0x` number of any length, and int() of a base that is a power of two has no
    digit limit; json.dumps writes it in decimal, past Python's 4,300 digits a ValueError, which
    the reader took for an impossible date and refused the entry a build without a store reads."""
    text = ENTRY.replace("draft: false", "draft: false\nhuge: !!int 0x" + "f" * 4000)
    fresh, _ = parse_front_matter(text)
    for _ in range(2):
        with FrontMatterStore(tmp_path) as store:
            kept, _ = parse_front_matter(text, store)
        assert kept["huge"] == fresh["huge"] == 16**4000 - 1


def test_a_foreign_row_with_a_key_the_text_does_not_have_is_parsed_again(example_workspace):
    """A row another program wrote, valid JSON and a mapping ({"date": 5}), was taken for the
    front matter of the February edition's _index.md, and the build blamed that file for a
    date it does not have."""
    build(example_workspace, "2021-02", offline=True)
    index = (example_workspace / "entries/2021/02/_index.md").read_text(encoding="utf-8")
    front = front_matter._BOUNDARY.split(index.strip(), 2)[1]  # as _split gives it to the store
    assert "date" not in front
    with FrontMatterStore(example_workspace / ".newsletter") as store:
        key = store._key(front)
    with sqlite3.connect(example_workspace / ".newsletter" / STORE_FILE) as db:
        foreign = sealed(key, '{"date": 5}')  # (signed as this user's tool signs: no other row is read)
        assert db.execute("UPDATE front_matter SET meta = ? WHERE key = ?", (foreign, key)).rowcount == 1
    result = build(example_workspace, "2021-02", offline=True)
    assert f"Subject: {parse_front_matter(index)[0]['subject']}" in result.outputs.eml.decode()


@pytest.mark.parametrize(
    "text", ['---\n"quoted": 1\nplain: 2\n---\n', "---\nbase: &b\n  date: 2021-02-03\n<<: *b\ntitle: x\n---\n"]
)
def test_front_matter_whose_keys_are_quoted_or_merged_is_read_from_the_store(tmp_path, monkeypatch, text):
    with FrontMatterStore(tmp_path) as store:
        fresh = parse_front_matter(text, store)
    monkeypatch.setattr(front_matter, "_load", lambda text: pytest.fail("kept front matter was parsed again"))
    with FrontMatterStore(tmp_path) as store:
        assert parse_front_matter(text, store) == fresh


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_all_reads_the_whole_store_at_once_and_checks_each_row_as_one_looked_up(
    example_workspace, monkeypatch, jobs
):
    """`build --all` reads every row of the store before its editions (its workers share them),
    not one look-up an entry; a row read so is taken only as a row looked up is: one this user's
    tool did not seal gave the entry another link, unseen in its file."""
    from newsletter.commands import build as build_command

    build_command.build_all(example_workspace, offline=True, jobs=jobs)
    entry = example_workspace / "entries/2021/02/ai-summer-transformer.md"
    front = front_matter._BOUNDARY.split(entry.read_text(encoding="utf-8").strip(), 2)[1]
    with FrontMatterStore(example_workspace / ".newsletter") as store:
        key = store._key(front)
        kept = store.get(front)
    assert kept["url"] == "https://theaisummer.com/transformer/"
    planted = '{"type": "article", "url": "https://planted.example/", "date": {"\\u0000date": "2021-02-17"}}'
    with sqlite3.connect(example_workspace / ".newsletter" / STORE_FILE) as db:  # not sealed by this user's key
        assert db.execute("UPDATE front_matter SET meta = ? WHERE key = ?", ("0" * 64 + planted, key)).rowcount == 1
    db.close()
    read = []
    forget = build_command.forget_whole_store
    monkeypatch.setattr(build_command, "forget_whole_store", lambda: (read.append(dict(front_matter._READ)), forget()))

    build_command.build_all(example_workspace, offline=True, jobs=jobs)
    assert key in read[0] and len(read[0]) >= 16  # every row (13 entries, 3 editorials), this one too, read at once
    assert front_matter._READ == {}  # and let go once the editions are built
    post = (example_workspace / "site/content/posts").rglob("index.md")
    linked = "".join(path.read_text(encoding="utf-8") for path in post)
    assert "theaisummer.com/transformer" in linked and "planted.example" not in linked


def test_a_store_another_version_wrote_is_not_read_whole(tmp_path, monkeypatch):
    with FrontMatterStore(tmp_path) as store:
        parse_front_matter(ENTRY, store)
    front_matter.read_whole_store(tmp_path)
    assert len(front_matter._READ) == 1
    monkeypatch.setattr(front_matter, "__version__", "999.0")
    front_matter.read_whole_store(tmp_path)
    assert front_matter._READ == {}
    front_matter.read_whole_store(tmp_path / "none")
    assert front_matter._READ == {}


def test_the_first_build_all_of_a_log_with_a_weeks_own_words_keeps_every_entrys_front_matter(example_workspace):
    """`build --all` of a log with a week's editorial (the example's _2020-W28.md) reads the
    months first, to tell which weeks their entries need: it read them without the store, each
    parse was kept for the process (files/kept_reads.py), the editions' builds took those, and no
    entry's front matter was ever stored: every `build --all` parsed all their YAML again."""
    from newsletter.commands.build import build_all

    build_all(example_workspace, offline=True, jobs=1)
    entries = [path for path in (example_workspace / "entries").rglob("*.md") if not path.name.startswith("_")]
    with FrontMatterStore(example_workspace / ".newsletter") as store:
        for path in entries:
            front = front_matter._BOUNDARY.split(path.read_text(encoding="utf-8").strip(), 2)[1]
            assert store.get(front) == parse_front_matter(path.read_text(encoding="utf-8"))[0], path.name
