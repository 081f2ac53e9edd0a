"""Parsed notes kept between builds: same output, no second parse, never fatal."""

import random
import re
import sqlite3
import subprocess
import sys

import markdown
import pytest

from newsletter.build import build
from newsletter.formats import notes
from newsletter.formats import text as plaintext
from newsletter.formats.notes import FILENAME, NoteParser, NotesCache
from newsletter.front_matter import STORE_FILE

from helpers import EDITIONS, seed_cache

NOTE = """Some *notes* with a [link](https://example.com/a) and `code`.

> A quote, with <b>raw</b> HTML.

```python
x = 1
```
"""


def test_a_stored_parse_renders_exactly_like_a_fresh_one(tmp_path):
    fresh = NoteParser().parse(NOTE)
    cache = NotesCache(tmp_path)
    cache.put(NOTE, fresh)
    kept = NotesCache(tmp_path).get(NOTE)
    assert kept.html == fresh.html and kept.stash == fresh.stash
    assert plaintext._Writer(plaintext.Links(), 78, kept.stash).block(kept.tree[1]) == plaintext._Writer(
        plaintext.Links(), 78, fresh.stash
    ).block(fresh.tree[1])
    assert plaintext.to_text(NOTE, plaintext.Links()) == plaintext.to_text(NOTE, plaintext.Links())


def test_a_kept_parse_whose_stash_is_a_string_is_parsed_again(tmp_path):
    """A damaged row whose stash of raw HTML blocks was one string ("<b>raw</b>") was taken as
    a stash of its characters, and the note rendered from it with '<' where a block belongs."""
    import json

    fresh = NoteParser().parse(NOTE)
    assert fresh.stash  # (the note's raw HTML is kept aside by the parser)
    NotesCache(tmp_path).put(NOTE, fresh)
    from newsletter.formats.own_key import sealed, unsealed

    with sqlite3.connect(tmp_path / FILENAME) as db:  # (signed as this user's tool signs: no other row is read)
        [(key, row)] = db.execute("SELECT key, parsed FROM notes").fetchall()
        html, tree, stash = json.loads(unsealed(key, row))
        db.execute("UPDATE notes SET parsed = ?", (sealed(key, json.dumps([html, tree, "".join(stash)])),))
    assert NotesCache(tmp_path).get(NOTE) is None


def test_a_second_build_does_not_parse_unchanged_notes(example_workspace, monkeypatch):
    first = build(example_workspace, "2020-W28", offline=True).outputs

    def no_parsing(self, source):
        raise AssertionError("a stored note was parsed again")

    monkeypatch.setattr(markdown.Markdown, "convert", no_parsing)
    second = build(example_workspace, "2020-W28", offline=True).outputs
    assert (second.html, second.text) == (first.html, first.text)


def test_a_damaged_store_means_parsing_again(example_workspace):
    build(example_workspace, "2020-W28", offline=True)
    (example_workspace / ".newsletter" / FILENAME).write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        (example_workspace / ".newsletter" / (FILENAME + suffix)).unlink(missing_ok=True)
    assert "JAX" in build(example_workspace, "2020-W28", offline=True).outputs.text


@pytest.mark.parametrize("value", ["not json", '["text"]', '["text", [["words"]]]', '["text", 3]', "[1, []]"])
def test_a_damaged_kept_text_means_writing_the_note_again(tmp_path, value):
    """The module's promise: a damaged store only means doing the work again, never a crash,
    and nothing of the damaged row reaches the edition's links."""
    import sqlite3

    note = "A [link](https://example.com/a) and [another](https://example.com/b)."
    with NoteParser(tmp_path) as parser:
        fresh = plaintext.to_text(note, plaintext.Links(), parser=parser)
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("UPDATE made SET value = ?", (value,))
    links = plaintext.Links()
    with NoteParser(tmp_path) as parser:
        assert plaintext.to_text(note, links, parser=parser) == fresh
    assert links.urls == ["https://example.com/a", "https://example.com/b"]


def test_a_second_build_does_not_sanitise_unchanged_notes_again(example_workspace, monkeypatch):
    from newsletter.formats import email as email_html

    first = build(example_workspace, "2021-02", offline=True).outputs
    calls = []
    real = email_html.nh3.clean
    monkeypatch.setattr(email_html.nh3, "clean", lambda html, **kw: calls.append(html) or real(html, **kw))
    second = build(example_workspace, "2021-02", offline=True).outputs
    assert (second.html, second.post) == (first.html, first.post) and calls == []

    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\nOne more <script>alert(1)</script> line.\n")
    third = build(example_workspace, "2021-02", offline=True).outputs
    assert len(calls) == 1 and "One more" in third.html and "<script>" not in third.html


def test_a_stored_result_is_kept_per_kind(tmp_path):
    with NoteParser(tmp_path) as parser:
        assert parser.made_from("upper", "*a*", lambda parsed: parsed.html.upper()) == "<P><EM>A</EM></P>"
    with NoteParser(tmp_path) as parser:
        assert parser.made_from("upper", "*a*", lambda parsed: "made again") == "<P><EM>A</EM></P>"
        assert parser.made_from("other", "*a*", lambda parsed: "other") == "other"


@pytest.mark.parametrize("period", EDITIONS)
def test_kept_notes_give_a_full_rebuild_byte_for_byte_through_random_edits(example_workspace, period):
    """Each build after an edit reuses what the notes cache kept (parses, sanitised HTML, text
    with its citations) and the front matter store kept, and must equal a build without any of
    it. The edits add, repeat and drop links, so later notes' citation numbers shift and their
    kept text must be rewritten, or change an entry's front matter."""
    seed_cache(example_workspace)
    state = example_workspace / ".newsletter"
    rng = random.Random(period)
    entries = [entry.path for entry in build(example_workspace, period, offline=True).edition.entries]
    for step in range(6):
        note = rng.choice(entries)
        text = note.read_text()
        edit = rng.choice(["add", "repeat", "drop", "words", "front matter"])
        if edit == "front matter":  # an episode number: shown with the entry, kept by the front matter store
            if re.search(r"(?m)^episode:", text):
                text = re.sub(r"(?m)^episode:.*$", f"episode: {step + 1}", text, count=1)
            else:
                text = text.replace("---\n", f"---\nepisode: {step + 1}\n", 1)
        elif edit == "add":
            text += f"\nAlso [a new link {step}](https://new.example/{period}/{step}).\n"
        elif edit == "repeat":
            text += "\nAgain [the same place](https://new.example/shared) and [an image link](https://new.example/shared).\n"
        elif edit == "drop" and "](" in text:
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text, count=1)
        else:
            text += f"\nA few more words, step {step}.\n"
        note.write_text(text)
        kept = build(example_workspace, period, offline=True).outputs
        for name in (FILENAME, STORE_FILE):
            for suffix in ("", "-wal", "-shm"):
                (state / (name + suffix)).unlink(missing_ok=True)
        fresh = build(example_workspace, period, offline=True).outputs
        assert (kept.text, kept.html, kept.post, kept.eml) == (fresh.text, fresh.html, fresh.post, fresh.eml), edit


def test_an_upgrade_empties_the_store_instead_of_adding_a_copy(tmp_path, monkeypatch):
    """Keys are salted with the versions and parser settings; rows kept under another salt can
    never be read again, so a new salt empties the store (and the file gives the space back)."""

    def rows() -> int:
        db = sqlite3.connect(tmp_path / notes.FILENAME)
        try:
            return sum(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("notes", "made"))
        finally:
            db.close()

    texts = [f"Note {n}: " + "words, " * 500 for n in range(200)]
    with notes.NoteParser(tmp_path) as parser:
        for text in texts:
            parser.parse(text)
            parser.made_from("kind", text, lambda parsed: parsed.html)
    assert rows() == 400
    full = (tmp_path / notes.FILENAME).stat().st_size

    with notes.NoteParser(tmp_path) as parser:  # same salt: everything is still there
        assert parser.kept("kind", texts[0]) is not None
    assert rows() == 400

    monkeypatch.setattr(notes, "_SALT", notes._SALT + b"\0a newer version")
    with notes.NoteParser(tmp_path) as parser:
        assert parser.kept("kind", texts[0]) is None
        parser.parse(texts[0])
    assert rows() == 1
    assert (tmp_path / notes.FILENAME).stat().st_size < full / 4


def test_a_store_from_before_the_salt_rule_is_emptied_and_shrunk(tmp_path):
    db = sqlite3.connect(tmp_path / notes.FILENAME)  # as older versions made it: no auto_vacuum, no meta
    db.execute("CREATE TABLE notes (key TEXT PRIMARY KEY, parsed TEXT NOT NULL)")
    db.execute("CREATE TABLE made (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.executemany("INSERT INTO made VALUES (?, ?)", [(str(n), "x" * 4000) for n in range(500)])
    db.commit()
    db.close()
    full = (tmp_path / notes.FILENAME).stat().st_size
    with notes.NoteParser(tmp_path) as parser:
        parser.parse("A note.")
    assert (tmp_path / notes.FILENAME).stat().st_size < full / 10


def test_a_build_reads_its_kept_notes_in_one_go(example_workspace, monkeypatch):
    """Every note's HTML and text, kept by the first build, comes from one query (prefetch), not
    one per note and part; and the result is the same."""
    first = build(example_workspace, "2020-W28", offline=True).outputs

    def one_at_a_time(self, kind, source):
        raise AssertionError(f"a kept note was looked up alone: {source[:40]!r}")

    monkeypatch.setattr(NotesCache, "get_made", one_at_a_time)
    second = build(example_workspace, "2020-W28", offline=True).outputs
    assert (second.html, second.text, second.post) == (first.html, first.text, first.post)


def test_a_batch_of_kept_notes_is_keyed_and_unsealed_as_each_alone(tmp_path, monkeypatch):
    """A build reads some 200 kept texts at once (four kinds of each note), and each row looked
    up this user's key again (two environment variables), and encoded its note again for each
    kind's key: the key is looked up once for the batch, each note encoded once. Each key is the
    one a row is stored under alone, what each row holds is read as when it is read alone, and a
    row another key sealed is still refused."""
    from newsletter.formats import own_key as own_key_module

    rng = random.Random(5)
    words = ["a", "é", "“", "\u202e", "日本", "\0", "\n", "x" * 50, "\U0001f600"]
    sources = ["".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(60)]
    kinds = ["html:page", "text:\0inline", "post:3"]
    pairs = [(kind, source) for kind in kinds for source in sources]
    cache, made_keys = NotesCache(tmp_path, variant="v\0"), notes._made_keys
    for kind, source in pairs:
        cache.put_made(kind, source, f"{kind} of {source}")
    assert notes._made_keys("v\0", pairs) == {notes._key(f"v\0{k}\0{s}"): (k, s) for k, s in pairs}
    batches = []
    monkeypatch.setattr(notes, "_made_keys", lambda *a: batches.append(a) or made_keys(*a))
    looked_up = []
    own = own_key_module.own_key
    monkeypatch.setattr(own_key_module, "own_key", lambda: looked_up.append(1) or own())
    monkeypatch.setattr(notes, "own_key", own_key_module.own_key)
    many = cache.get_made_many(pairs)
    assert len(looked_up) == 1 and len(batches) == 1  # (keys made for the batch at once)
    assert many == {(k, s): f"{k} of {s}" for k, s in pairs} == {(k, s): cache.get_made(k, s) for k, s in pairs}
    key = notes._key(f"v\0{kinds[0]}\0{sources[0]}")
    cache.db.execute("UPDATE made SET value = ? WHERE key = ?", (own_key_module.sealed("another", "forged"), key))
    assert (kinds[0], sources[0]) not in cache.get_made_many(pairs[:1])


def test_a_batch_of_kept_notes_checks_each_seal_over_the_bytes_the_file_holds(tmp_path):
    """get_made_many reads each row as its UTF-8 bytes and checks the seal over them (fast 28: each
    kept note was decoded by sqlite3 and encoded again for its seal): a row of any script reads as
    the text kept; a byte changed in the file, a row another key sealed, one stored as a blob of
    another's, and one whose bytes, sealed with this user's key, are no UTF-8 are each refused,
    read again as missing, not taken nor a crash."""
    from newsletter.formats.own_key import own_key, sealed, signature

    cache = NotesCache(tmp_path, variant="v\0")
    kept = {
        f"post:{n}": text for n, text in enumerate(["plain", "“quoted”, é", "日本語の メモ", "\U0001f600 \0 end", ""])
    }
    for kind, value in kept.items():
        cache.put_made(kind, "a note", value)
    assert cache.get_made_many([(kind, "a note") for kind in kept]) == {(k, "a note"): v for k, v in kept.items()}
    key = notes._key("v\0post:1\0a note")
    changed = cache.db.execute("SELECT value FROM made WHERE key = ?", (key,)).fetchone()[0].replace("é", "è")
    cache.db.execute("UPDATE made SET value = ? WHERE key = ?", (changed, key))
    key2, key3, key4 = (notes._key(f"v\0post:{n}\0a note") for n in (2, 3, 4))
    cache.db.execute("UPDATE made SET value = ? WHERE key = ?", (sealed("another", "forged"), key2))
    cache.db.execute("UPDATE made SET value = ? WHERE key = ?", (b"\xff" * 64 + b"forged", key3))
    not_utf8 = b"\xff\xfe forged"
    seal = signature(own_key(), key4.encode() + b"\0" + not_utf8).hex().encode()
    cache.db.execute("UPDATE made SET value = ? WHERE key = ?", (seal + not_utf8, key4))
    assert cache.get_made_many([(kind, "a note") for kind in kept]) == {("post:0", "a note"): "plain"}


def test_a_second_build_writes_the_posts_markdown_from_what_the_first_kept(example_workspace, monkeypatch):
    """A note's Markdown for the post (its headings moved down by a CommonMark parse, its
    shortcodes and raw HTML as the site takes them) is kept with its HTML and text: a second
    build parses no note for the post, and writes the same post. What the site's settings
    change is kept apart: a note built with shortcodes shown as typed, then run, then shown
    again, and with raw HTML left out, then rendered."""
    from markdown_it import MarkdownIt

    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\n# My heading\n\nA {{< youtube x >}} and <kbd>Ctrl</kbd>.\n")
    first = build(example_workspace, "2021-02", offline=True).outputs
    assert "### My heading" in first.post and "{{</* youtube x */>}}" in first.post and "<kbd>" not in first.post

    def no_parsing(self, *args, **kwargs):
        raise AssertionError("a kept note was parsed again for the post")

    with monkeypatch.context() as patched:
        patched.setattr(MarkdownIt, "parse", no_parsing)
        assert build(example_workspace, "2021-02", offline=True).outputs.post == first.post

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("shortcodes = false", "shortcodes = true"))
    assert "A {{< youtube x >}} and" in build(example_workspace, "2021-02", offline=True).outputs.post
    settings.write_text(settings.read_text().replace("shortcodes = true", "shortcodes = false"))
    hugo = example_workspace / "site" / "hugo.toml"
    hugo.write_text(hugo.read_text().replace("unsafe = false", "unsafe = true"))
    rendered = build(example_workspace, "2021-02", offline=True).outputs.post
    assert "{{</* youtube x */>}} and <kbd>Ctrl</kbd>." in rendered


def test_a_copied_post_template_may_still_ask_for_notes_without_their_own_labels(example_workspace):
    """The post's `markdown` filter took `own=false` (the labels of a note's footnotes left as
    written): once its Markdown was kept across builds, such a template of the author's failed
    the build with a template error."""
    from newsletter import resources

    source = (resources.default_templates() / "post.md.j2").read_text(encoding="utf-8")
    shipped = "entry.notes | markdown(headings=3, written_in=entry.language)"
    assert shipped in source
    (example_workspace / "templates").mkdir(exist_ok=True)
    (example_workspace / "templates/post.md.j2").write_text(
        source.replace(shipped, "entry.notes | markdown(headings=3, own=false)")  # (as it was then)
    )
    note = next(p for p in (example_workspace / "entries/2021/02").glob("*.md") if not p.name.startswith("_"))
    note.write_text(note.read_text() + "\nA claim.[^1]\n\n[^1]: Its source.\n")
    post = build(example_workspace, "2021-02", offline=True).outputs.post
    assert "A claim.[^1]" in post and "[^1]: Its source." in post  # the label as written, not made its own


def test_a_build_with_every_note_kept_for_the_post_does_not_load_markdown_it(example_workspace):
    """markdown-it parses a note for the post only when its Markdown was not kept (and it has
    footnotes or link references); its version, part of what the Markdown is kept under, was
    read by importing it in every build: ~40 ms of a build after one note's words changed."""
    build(example_workspace, "2021-02", offline=True)
    note = next(p for p in sorted((example_workspace / "entries/2021/02").glob("*.md")) if not p.name.startswith("_"))
    note.write_text(note.read_text() + "\nA few more words.\n")
    code = (
        "import sys; from pathlib import Path; from newsletter.build import build\n"
        f"post = build(Path({str(example_workspace)!r}), '2021-02', offline=True).outputs.post\n"
        "print('A few more words.' in post, 'markdown_it' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout == "True False\n", done.stderr


def test_a_build_whose_notes_are_all_kept_does_not_load_markdown(example_workspace):
    """An entry's front matter changed, not its notes: every note's HTML, text and post Markdown
    comes from the notes cache, so nothing is parsed and Python-Markdown, its extensions and
    what they load (pymdownx, Pygments, urllib.request) are not imported (~40 ms of such a
    build), nor are the patterns that read a note's lists and raw HTML compiled (~9 ms). Its
    outputs are a full rebuild's."""
    from newsletter.formats import raw_html

    note = next(p for p in sorted((example_workspace / "entries/2021/02").glob("*.md")) if not p.name.startswith("_"))
    note.write_text(note.read_text() + "\nPress <kbd>Ctrl</kbd>:\n\n- one\n- two\n")
    first = build(example_workspace, "2021-02", offline=True).outputs
    assert "Press Ctrl:" in first.post and raw_html._note_patterns.cache_info().currsize  # (the site shows no raw HTML)
    note.write_text(note.read_text().replace("---\n", "---\nepisode: 7\n", 1))
    code = (
        "import sys; from pathlib import Path; from newsletter.build import build\n"
        f"outputs = build(Path({str(example_workspace)!r}), '2021-02', offline=True).outputs\n"
        "from newsletter.formats import raw_html\n"
        "loaded = {m.split('.')[0] for m in sys.modules} & {'markdown', 'pymdownx', 'pygments', 'markdown_it'}\n"
        "loaded |= {'list_indent'} & {m.rsplit('.', 1)[-1] for m in sys.modules}\n"
        "print(sorted(loaded | ({'raw_html patterns'} if raw_html._note_patterns.cache_info().currsize else set())))\n"
        "sys.stdout.write(outputs.html + outputs.text + outputs.post)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded, kept = done.stdout.split("\n", 1)
    assert loaded == "[]", done.stderr
    for name in (FILENAME, STORE_FILE):
        for suffix in ("", "-wal", "-shm"):
            (example_workspace / ".newsletter" / (name + suffix)).unlink(missing_ok=True)
    fresh = build(example_workspace, "2021-02", offline=True).outputs
    assert kept == fresh.html + fresh.text + fresh.post


def test_rows_no_build_has_read_for_months_go_and_what_builds_read_stays(example_workspace, monkeypatch):
    """Each edit of a note kept a parse, its HTML, text and post more, and a deleted note's rows
    stayed: notes.sqlite3 grew with every edit of every month, for ever. A row no build read for
    KEEP_DAYS goes; an edition built within them parses nothing again."""
    day = 20_000
    monkeypatch.setattr(notes, "_today", lambda: day)
    build(example_workspace, "2020-W28", offline=True)
    note = next(p for p in (example_workspace / "entries/2020/07").glob("*.md") if not p.name.startswith("_"))
    note.write_text(note.read_text() + "\nA line added later.\n")

    def rows(since: int = 0) -> int:
        with sqlite3.connect(example_workspace / ".newsletter" / FILENAME) as db:
            return sum(
                db.execute(f"SELECT count(*) FROM {table} WHERE used >= ?", (since,)).fetchone()[0]
                for table in ("notes", "made")
            )

    day += 100
    first = build(example_workspace, "2020-W28", offline=True).outputs
    in_use, everything = rows(since=day), rows()
    assert everything > in_use  # the note as it was, kept

    day += notes.KEEP_DAYS - 50  # a build now still finds all it read 70 days ago

    def no_parsing(self, source):
        raise AssertionError("a note read within KEEP_DAYS was parsed again")

    monkeypatch.setattr(markdown.Markdown, "convert", no_parsing)
    second = build(example_workspace, "2020-W28", offline=True).outputs
    assert (second.html, second.text, second.post) == (first.html, first.text, first.post)
    assert rows() == in_use  # and the note as it was, read last 170 days ago, is gone


class _ReadOnly:
    """A connection whose writes fail, as on a full disk or a read-only state folder."""

    def __init__(self, db):
        self.db = db

    def execute(self, sql, *args):
        if not sql.lstrip().upper().startswith("SELECT"):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return self.db.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.db, name)


def test_a_row_read_when_it_cannot_be_marked_used_is_still_read(tmp_path, monkeypatch):
    """On a full disk or a read-only state folder the day a row was read cannot be written: a
    build read the row all the same before rows were marked, and failing the mark made every
    read a miss, each note parsed again on every build."""
    parsed = NoteParser().parse(NOTE)
    cache = NotesCache(tmp_path)
    cache.put(NOTE, parsed)
    cache.put_made("email", NOTE, "<p>made</p>")
    cache.close()
    tomorrow = notes._today() + 1
    monkeypatch.setattr(notes, "_today", lambda: tomorrow)  # a day later: each read marks its row
    kept = NotesCache(tmp_path)
    kept.db = _ReadOnly(kept.db)
    assert kept.get(NOTE).html == parsed.html
    assert kept.get_made("email", NOTE) == "<p>made</p>"
    assert kept.get_made_many([("email", NOTE)]) == {("email", NOTE): "<p>made</p>"}


def test_a_worker_opening_the_cache_while_another_adds_the_used_column_loses_no_row(tmp_path, monkeypatch):
    """`build --all` opens the file in several processes at once. A file from before rows were
    marked got the column as 0 and then today in a second statement: a worker opening it in
    between saw the column, took every row for one unread since 1970, and swept them all."""
    cache = NotesCache(tmp_path)
    cache.put(NOTE, NoteParser().parse(NOTE))
    cache.put_made("email", NOTE, "<p>made</p>")
    cache.close()
    with sqlite3.connect(tmp_path / FILENAME) as db:  # as a version before the column left it
        for table, value in (("notes", "parsed"), ("made", "value")):
            db.execute(f"CREATE TABLE old AS SELECT key, {value} FROM {table}")
            db.execute(f"DROP TABLE {table}")
            db.execute(f"ALTER TABLE old RENAME TO {table}")
        db.execute("DELETE FROM meta WHERE name = 'swept'")
    db.close()
    opened, added = [], []

    def another_worker(sql: str) -> None:
        if added and not opened:  # the statement after the column was added: the other opens now
            opened.append("opening")  # (its own statements come here too)
            opened.append(NotesCache(tmp_path))
        added.extend(["column"] if sql.lstrip().upper().startswith("ALTER TABLE") else [])

    real_open = notes.open_db

    def traced(*args, **kwargs):
        db = real_open(*args, **kwargs)
        db.set_trace_callback(another_worker)
        return db

    monkeypatch.setattr(notes, "open_db", traced)
    first = NotesCache(tmp_path)
    assert opened
    first.db.set_trace_callback(None)
    assert first.get(NOTE) is not None and first.get_made("email", NOTE) == "<p>made</p>"


def test_a_markdown_parser_made_once_is_one_notes_parsers_at_a_time():
    """The Markdown parser a process makes once is handed to one NoteParser at a time: two open
    at once, in one thread or two, never share one, and every note parses as by a parser of its own."""
    import threading

    from newsletter.formats import note_markdown

    sources = [
        f"Note {n}: *one* [^a] and a footnote.\n\n[^a]: Its text {n}.\n\n| a | b |\n|---|---|\n| {n} | x |\n"
        for n in range(40)
    ]
    alone = [NoteParser().parse(source).html for source in sources]
    first, second = note_markdown.kept_parser(), note_markdown.kept_parser()
    assert first is not second
    note_markdown.give_back(first)
    assert note_markdown.kept_parser() is first  # made once, used again
    note_markdown.give_back(first)
    note_markdown.give_back(second)
    found: dict[int, str] = {}

    def parse(numbers: range) -> None:
        for n in numbers:
            with NoteParser() as parser:
                found[n] = parser.parse(sources[n]).html

    threads = [threading.Thread(target=parse, args=(range(start, 40, 4),)) for start in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [found[n] for n in range(40)] == alone


@pytest.mark.parametrize("module", ["line_fill.py", "french_spacing.py", "heavy_notes.py"])
def test_the_salt_follows_the_code_that_fills_a_notes_text_lines(monkeypatch, module):
    """A note's text part is kept with its lines filled: Ploy's Thai notes (new user 32) kept the
    lines filled before marks took no column, until a release's version changed. The salt holds
    line_fill.py's digest, so a change there fills every note's lines again; and french_spacing's,
    whose patterns give a note its no-break spaces (a number and its %: review 29 changed them
    there alone, and the notes kept before kept their plain spaces); and heavy_notes', which says
    which notes are kept as plain text (review 32: a note of 20,000 '<b>x' found heavy still had
    its parse of before kept, and the email's renderer still ended the build in a segfault)."""
    before = notes._salt()
    stamped = notes.stamp
    monkeypatch.setattr(notes, "stamp", lambda package, name: b"edited" if name == module else stamped(package, name))
    assert notes._salt() != before
