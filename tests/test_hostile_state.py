"""What the workspace keeps between runs (.newsletter/: the send ledger and its journal, the notes
cache, the link cache) damaged or edited into other shapes: a build or a send says so in a line,
or does without what it kept, and never ends in a traceback."""

import json
import sqlite3
import time

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.delivery.ledger import Journal
from newsletter.errors import FetchError
from newsletter.links.cache import MetadataCache

from helpers import seed_cache

DEEP = "[" * 100_000 + "]" * 100_000  # JSON, nested past Python's recursion limit


def build(root, *more):
    return CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root), *more])


def ledger_of(root, text):
    folder = root / ".newsletter" / "ledger"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2021-02.json").write_text(text, encoding="utf-8")
    return folder


def test_a_ledger_nested_past_the_recursion_limit_is_no_ledger_to_build_or_send(example_workspace):
    """Every build of the edition ended in a RecursionError traceback (build reads its ledger to
    mention a send), and so did send, where a ledger that is not one is said in a line."""
    ledger_of(example_workspace, DEEP)
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    assert "already sent" not in built.output
    sent = CliRunner().invoke(main, ["send", "2021-02", "--yes", "-w", str(example_workspace)])
    assert sent.exit_code == 1 and not isinstance(sent.exception, RecursionError), sent.output
    assert "is not a send ledger" in sent.output, sent.output


def test_a_ledger_holding_a_number_too_long_to_read_is_said_in_a_line(example_workspace):
    """A number past Python's 4,300 digits is valid JSON that json.loads refuses with a ValueError
    that is no JSONDecodeError: the ledger's reading, which caught only that, ended every build
    and send of the edition in a traceback (the journal's lines went through json_object)."""
    ledger_of(example_workspace, '{"steps": {}, "history": [], "n": ' + "9" * 5000 + "}")
    built = build(example_workspace)
    assert not isinstance(built.exception, ValueError), built.output
    sent = CliRunner().invoke(main, ["send", "2021-02", "--yes", "-w", str(example_workspace)])
    assert sent.exit_code == 1 and not isinstance(sent.exception, ValueError), sent.output
    assert "2021-02.json is not valid JSON" in sent.output and "fix or restore it" in sent.output, sent.output


def test_a_ledger_larger_than_any_the_tool_writes_is_said_not_read(example_workspace):
    """A 239 MB ledger took every build of its edition 13 s and 3.2 GB, read whole to mention a
    send (attack 35, a copy of the example workspace); send read it whole too. A ledger is a few KB:
    one past 4 MB is none the tool wrote, not parsed, and said in a line."""
    ledger_of(example_workspace, json.dumps({"steps": {}, "history": [], "note": "x" * (5 * 1024 * 1024)}))
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    sent = CliRunner().invoke(main, ["send", "2021-02", "--yes", "-w", str(example_workspace)])
    assert sent.exit_code == 1, sent.output
    assert "2021-02.json is larger than any send ledger (4 MB;" in sent.output, sent.output


def test_a_ledger_whose_send_time_was_edited_to_a_number_still_says_it_was_sent(example_workspace):
    """'done_at': 5 ended every build of the edition with strptime's TypeError."""
    ledger_of(example_workspace, json.dumps({"steps": {"smtp.send": {"state": "done", "done_at": 5}}, "history": []}))
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    assert "2021-02 was already sent via smtp on an unknown time" in built.output, built.output


def test_a_journal_line_naming_no_address_is_passed_over(tmp_path):
    """A line with a number, null or a list for its address ended the send reading the journal
    ('int' object has no attribute 'lower'); one nested too deep, with a RecursionError."""
    path = tmp_path / "2021-02.recipients.jsonl"
    lines = [
        '{"to": 5, "state": "done"}',
        '{"to": null}',
        '{"to": ["a@x"]}',
        DEEP,
        '{"to": "Ann@X.org", "state": "done"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert Journal(path).states() == {"ann@x.org": {"to": "Ann@X.org", "state": "done"}}


def with_a_picture(root):
    month = root / "entries" / "2021" / "02"
    (month / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    note = month / "model-search.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n![A plot](plot.png)\n", encoding="utf-8")


def damage_notes(root, statement, *values):
    with sqlite3.connect(root / ".newsletter" / "notes.sqlite3") as db:
        assert db.execute(statement, values).rowcount > 0
    db.close()


@pytest.mark.parametrize(
    "statement, values",
    [
        ("UPDATE made SET used = 'yesterday'", ()),  # TypeError: '<' between str and int
        ("UPDATE made SET used = X'00'", ()),  # a blob
        ("UPDATE notes SET parsed = ?, used = 0", (DEEP,)),  # RecursionError
        ("UPDATE made SET value = ? WHERE substr(value, 65) LIKE '[%'", (DEEP,)),  # a note's text part, its pictures
        ("UPDATE notes SET parsed = ?", ('[5, ["div", {}, null, null, []], []]',)),  # HTML that is a number
        ("UPDATE notes SET parsed = ?", ('["<p>x</p>", [["div"], {"a": 1}, null, null, []], []]',)),
    ],
)
def test_a_notes_cache_damaged_row_by_row_is_parsed_again_and_gives_the_same_edition(
    example_workspace, statement, values
):
    """A notes.sqlite3 whose rows another program wrote, or a damaged one, ended the build with
    a traceback (a `used` day in text, JSON nested past the recursion limit), or rendered a
    number where a note's HTML is kept. Such a row is passed over: the note is parsed again."""
    with_a_picture(example_workspace)  # (its pictures kept too: a JSON row)
    assert build(example_workspace).exit_code == 0
    html = example_workspace / "dist" / "2021-02" / "newsletter.html"
    first = html.read_bytes()
    damage_notes(example_workspace, statement, *values)
    if "notes" in statement:  # (the notes' rows are read when what was made from them is not kept)
        damage_notes(example_workspace, "DELETE FROM made")
    again = build(example_workspace, "--force")
    assert again.exit_code == 0, again.output
    assert html.read_bytes() == first


@pytest.mark.parametrize(
    "data, fetched_at",
    [(DEEP, None), ("{}", "yesterday"), ("5", None), ("[1, 2]", None)],  # (None: fetched now)
    ids=["nested-past-the-limit", "time-as-text", "a-number", "a-list"],
)
def test_a_link_cache_damaged_row_by_row_is_a_link_not_kept(example_workspace, data, fetched_at):
    """A cache.sqlite3 row another program wrote, or a damaged one, ended the build with a
    traceback (RecursionError reading its JSON, TypeError subtracting a time in text): such a
    row is a link the build has nothing kept for."""
    seed_cache(example_workspace)
    with sqlite3.connect(example_workspace / ".newsletter" / "cache.sqlite3") as db:
        fetched = time.time() if fetched_at is None else fetched_at
        assert db.execute("UPDATE metadata SET data = ?, fetched_at = ?", (data, fetched)).rowcount > 0
    db.close()
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    jax = example_workspace / "entries" / "2020" / "07" / "jax.md"  # untitled, `list` names it from the cache
    jax.write_text(jax.read_text(encoding="utf-8").replace('title: "JAX: Accelerated Machine Learning Research"\n', ""))
    listed = CliRunner().invoke(main, ["list", "2020-07", "-w", str(example_workspace)])
    assert listed.exit_code == 0, listed.output


def test_a_failure_kept_with_a_time_in_text_is_no_failure(tmp_path):
    with MetadataCache(tmp_path) as cache:
        cache.put_all({}, [FetchError("https://example.org/a", "HTTP 500", "http")])
        cache._db.execute("UPDATE failures SET failed_at = 'yesterday'")
        assert cache.failure("https://example.org/a") is None


@pytest.mark.parametrize("record", ["build.json", "post.json", "pictures.json"])
@pytest.mark.parametrize("damage", [DEEP, "[1, 2]", "5"], ids=["nested-past-the-limit", "a-list", "a-number"])
def test_an_editions_own_records_damaged_are_rebuilt_over(example_workspace, record, damage):
    """dist/PERIOD/build.json or post.json nested past Python's recursion limit ended the next
    build of the edition with a RecursionError traceback; build.json edited into a list or a
    number, with an AttributeError ('list' object has no attribute 'items'). The build writes
    them anew; and send, reading build.json to check the edition, says to build it."""
    with_a_picture(example_workspace)  # (pictures.json: the copies of pictures beside the post)
    assert build(example_workspace).exit_code == 0
    folder = example_workspace / "dist" / "2021-02"
    (folder / record).write_text(damage, encoding="utf-8")
    if record == "build.json":
        sent = CliRunner().invoke(main, ["send", "2021-02", "--yes", "-w", str(example_workspace)])
        assert sent.exit_code == 1 and "run `newsletter build 2021-02` first" in sent.output, sent.output
    again = build(example_workspace, "--force")
    assert again.exit_code == 0, again.output
    assert json.loads((folder / record).read_text(encoding="utf-8"))[
        {"post.json": "sha256", "pictures.json": "bundle"}.get(record, "period")
    ]


def test_a_front_matter_store_row_nested_past_the_recursion_limit_is_parsed_again(example_workspace):
    """front_matter.sqlite3 keeps each entry's front matter as JSON: a damaged row nested past
    Python's recursion limit ended every build reading it with a RecursionError traceback."""
    assert build(example_workspace).exit_code == 0
    with sqlite3.connect(example_workspace / ".newsletter" / "front_matter.sqlite3") as db:
        assert db.execute("UPDATE front_matter SET meta = ?", (DEEP,)).rowcount > 0
    db.close()
    again = build(example_workspace, "--force")
    assert again.exit_code == 0, again.output


def test_a_notes_cache_another_program_holds_locked_is_written_to_once_not_for_every_note(tmp_path):
    """A database browser with notes.sqlite3 open in a transaction: every write of a build's (each
    note's parse, HTML, text, post) waited out its 10 s timeout in turn, and a build of a month
    whose notes had changed ran for minutes without a word. After one write fails, the build
    writes no more, and still reads what is kept."""
    from newsletter.formats.notes import NotesCache

    cache = NotesCache(tmp_path)
    cache.put_made("html", "kept", "<p>Kept.</p>")
    cache.db.execute("PRAGMA busy_timeout = 50")  # (the test's wait, not the build's 10 s)
    holder = sqlite3.connect(tmp_path / "notes.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    tried = []
    cache.db.set_trace_callback(tried.append)
    try:
        for n in range(5):
            cache.put_made("html", f"note {n}", "<p>New.</p>")
        assert [statement.split()[0] for statement in tried] == ["INSERT"]
        assert cache.get_made("html", "kept") == "<p>Kept.</p>"
    finally:
        holder.rollback()
        holder.close()
        cache.close()


@pytest.mark.parametrize("recorded", ["../subscribers", None, ["1"]], ids=["a-path", "none", "a-list"])
@pytest.mark.parametrize("service", ["buttondown", "listmonk"])
def test_a_ledgers_draft_or_campaign_id_that_is_no_id_is_refused_before_any_request(
    tmp_path, httpserver, service, recorded
):
    """The id of the draft (Buttondown) or campaign (listmonk) a test send made is what the real
    send addresses: checked as the service answered it, not as the ledger gave it back. Edited to
    '../subscribers', the update went to another resource of the account; gone, a KeyError."""
    from newsletter.commands.send import send
    from newsletter.errors import NewsletterError

    from fake_services import API_KEY, LISTMONK_TOKEN, LISTMONK_USER, PERIOD, FakeButtondown, FakeListmonk, workspace

    if service == "buttondown":
        fake, env, step = FakeButtondown(httpserver), {"BUTTONDOWN_API_KEY": API_KEY}, "buttondown.draft"
        root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{fake.url}"\n')
    else:
        fake, step = FakeListmonk(httpserver), "listmonk.campaign"
        env = {"LISTMONK_USERNAME": LISTMONK_USER, "LISTMONK_TOKEN": LISTMONK_TOKEN}
        root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{fake.url}"\nlistmonk_list_ids = [3, 4]\n')
    send(root, PERIOD, test="ann@example.com", env=env)
    path = root / ".newsletter" / "ledger" / f"{PERIOD}.json"
    ledger = json.loads(path.read_text(encoding="utf-8"))
    ledger["steps"][step]["id"] = recorded
    ledger["steps"][step]["content"] = "rebuilt since"  # (so the real send updates it first)
    path.write_text(json.dumps(ledger), encoding="utf-8")
    asked = len(fake.requests)
    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env=env)
    assert "no id it can be addressed by" in refused.value.message and "Nothing was sent" in refused.value.message
    assert fake.requests[asked:] == []
