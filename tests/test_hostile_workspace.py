"""The workspace as others hand it over (a sync folder, a shared drive, a collaborator's copy): what
.newsletter/ holds is read as data this user's tool may not have written, and the local servers
answer only this user's browser and commands."""

import base64
import http.client
import json
import marshal
import os
import pickle
import socket
import sqlite3
import stat
import threading

import jinja2
import pytest
from click.testing import CliRunner
from jinja2.bccache import bc_magic

from newsletter import capture
from newsletter.cli import build_server, main, resident
from newsletter.commands import uptodate
from newsletter.formats import kept_code
from newsletter.formats import own_key as own_key_module

from helpers import past


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """This user's cache folder (where the key of compiled templates is kept), of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(kept_code.KeptCode, "_code", {})  # what an earlier build of this process read


def build(root, *more):
    return CliRunner().invoke(main, ["build", "2021-02", "--offline", "--force", "-w", str(root), *more])


def compiled(root):
    files = sorted((root / ".newsletter" / "templates").rglob("__jinja2_*"))
    assert files
    return files


class Planted:
    """What a compiled template's header unpickles to, if it is ever unpickled: a program."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_compiled_template_someone_else_wrote_is_never_run(example_workspace, tmp_path):
    """Jinja's file cache unpickles each compiled template's header and runs its code: a file a
    synced or shared .newsletter/ brought ran its program in the author's next build."""
    marker = tmp_path / "ran"
    assert build(example_workspace).exit_code == 0
    for file in compiled(example_workspace):
        file.write_bytes(bc_magic + pickle.dumps(Planted(marker), 2))
    kept_code.KeptCode._code.clear()  # (as the next build's process starts)
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    assert not marker.exists()
    # and compiled again, signed by this user's key, in the place of what was there
    key = own_key_module.own_key()
    for file in compiled(example_workspace):
        data = file.read_bytes()
        assert data[-32:] == own_key_module.signature(key, data[:-32])


def test_a_compiled_template_cut_short_is_compiled_again(example_workspace):
    """A compiled template cut short after its header (a full disk, a sync half done) ended the
    build in Jinja's UnpicklingError traceback."""
    assert build(example_workspace).exit_code == 0
    expected = (example_workspace / "dist/2021-02/newsletter.html").read_bytes()
    for file in compiled(example_workspace):
        file.write_bytes(file.read_bytes()[: len(bc_magic) + 5])
    kept_code.KeptCode._code.clear()
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    assert (example_workspace / "dist/2021-02/newsletter.html").read_bytes() == expected


@pytest.mark.parametrize("shape", ["fifo", "folder"])
def test_a_compiled_template_that_is_no_file_is_not_read(example_workspace, shape):
    """A FIFO under a compiled template's name was waited on for ever; a folder is passed over."""
    assert build(example_workspace).exit_code == 0
    kept_code.KeptCode._code.clear()
    for file in compiled(example_workspace):
        file.unlink()
        if shape == "fifo":
            os.mkfifo(file)
        else:
            file.mkdir()
    built = past(compiled(example_workspace), lambda: build(example_workspace))
    assert built.exit_code == 0, built.output


def test_a_fifo_by_a_schemas_name_holds_no_check(example_workspace):
    """A FIFO where schemas/entry.schema.json was (a sync tool's) held every `check` for ever since
    6c5d984, read for the rules an earlier version wrote, waiting for a writer: it is no schema."""
    fifo = example_workspace / "schemas/entry.schema.json"
    fifo.parent.mkdir(exist_ok=True)
    os.mkfifo(fifo)
    checked = past(
        [fifo], lambda: CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    )
    assert checked.exit_code == 0 and "schema" not in checked.output, checked.output


def test_a_schema_larger_than_any_is_not_read_whole(example_workspace):
    """schemas/ is read at every `check`, each file whole: a 200 MB one (a damaged sync, a
    collaborator's) took check 430 MB (attack 37, /usr/bin/time). Past the most a schema is read
    of (this version's are 18 and 104 KB), it is no schema of init's, as a file that is no text."""
    import tracemalloc

    from newsletter.editors import schemas

    schema = example_workspace / "schemas/entry.schema.json"
    schema.parent.mkdir(exist_ok=True)
    schema.write_text(" " * (3 * schemas.MAX_BYTES) + "{}")
    tracemalloc.start()
    try:
        found = schemas.stale(example_workspace)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * schemas.MAX_BYTES, f"{peak / 1e6:.0f} MB"
    assert schema not in [path for path, _ in found]


def test_a_schema_of_arrays_nested_past_pythons_limit_is_named_not_a_traceback(example_workspace):
    """schemas/entry.schema.json of 100,000 '[' (a damaged or hostile file) ended check in a
    RecursionError traceback: JSON's reader recurses into each array. It is no schema of this
    version's, named as any text that is no JSON is."""
    schema = example_workspace / "schemas/entry.schema.json"
    schema.parent.mkdir(exist_ok=True)
    schema.write_text("[" * 100_000)
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.exception
    assert "schemas/entry.schema.json" in checked.stdout and "is no JSON your editor can read" in checked.stdout


DEEP = 100_000
NESTED_SETTINGS = {
    "json-arrays": ("hugo.json", '{"baseURL": "https://a.example/", "x": ' + "[" * DEEP + "]" * DEEP + "}"),
    "yaml-arrays": ("hugo.yaml", "baseURL: https://a.example/\nx: " + "[" * DEEP + "]" * DEEP + "\n"),
    "toml-arrays": ("hugo.toml", 'baseURL = "https://a.example/"\nx = ' + "[" * DEEP + "]" * DEEP + "\n"),
    "toml-inline-tables": ("hugo.toml", "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n"),
    "toml-tables": ("hugo.toml", 'baseURL = "https://a.example/"\n[' + ".".join(["a"] * DEEP) + "]\n"),
    # (read by tomllib in time quadratic in its parts: minutes, where the others raised at once)
    "toml-dotted-key": ("hugo.toml", 'baseURL = "https://a.example/"\n[x]\n' + ".".join(["a"] * DEEP) + " = 1\n"),
}


@pytest.mark.parametrize("name, text", list(NESTED_SETTINGS.values()), ids=list(NESTED_SETTINGS))
def test_site_settings_nested_past_pythons_limit_are_named_not_a_traceback(example_workspace, name, text):
    """The site's hugo.json (or .yaml, .toml) of '[' 100,000 deep ended the build in a
    RecursionError traceback (attack 31): JSON's, YAML's and TOML's readers recurse into each
    array, and 100,000 nested tables that TOML's does read recursed in the walks over them."""
    for old in (example_workspace / "site").glob("hugo.*"):
        old.unlink()
    (example_workspace / "site" / name).write_text(text, encoding="utf-8")
    result = build(example_workspace)
    assert result.exit_code == 1 and not isinstance(result.exception, RecursionError), result.exception
    assert f"site/{name}: its values nest more than 100 levels deep" in result.output
    assert "remove the deeply nested part" in result.output


@pytest.mark.parametrize("nested", ["x = " + "[" * DEEP + "]" * DEEP, ".".join(["a"] * DEEP) + " = 1"])
def test_settings_nested_past_pythons_limit_are_named_not_a_traceback(example_workspace, nested):
    """newsletter.toml with `x = [[[…` 100,000 deep ended every command in a RecursionError
    traceback (TOML's reader recurses into each array); a key `a.a.a.…` of 100,000 parts took
    tomllib minutes (its time is quadratic in them)."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text() + "\n[imports]\n" + nested + "\n")
    result = build(example_workspace)
    assert result.exit_code == 1 and not isinstance(result.exception, RecursionError), result.exception
    assert "newsletter.toml: its values nest deeper than Python reads" in result.output


def test_settings_nested_past_pythons_limit_after_a_build_are_named_not_a_traceback(example_workspace):
    """After a build, whether the edition is up to date reads what of newsletter.toml the outputs
    are made from (workspace.rendering_settings): `x = [[[…` 100,000 deep there ended the next
    build in a RecursionError traceback before the settings' own message."""
    import subprocess
    import sys

    # (the installed command's own fast path, cli/launch.py, asks that before loading the settings)
    code = "import sys; from newsletter.cli.launch import run; sys.argv = ['newsletter', *sys.argv[1:]]; run()"
    run = [sys.executable, "-c", code, "build", "2021-02", "--offline"]
    assert subprocess.run(run, cwd=example_workspace, capture_output=True, timeout=120).returncode == 0
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text() + "\n[imports]\nx = " + "[" * DEEP + "]" * DEEP + "\n")
    result = subprocess.run(run, cwd=example_workspace, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-500:]
    assert "newsletter.toml: its values nest deeper than Python reads" in result.stderr


def test_an_entrys_tags_nested_past_pythons_limit_are_its_error_not_a_traceback(example_workspace):
    """check counts the tags of the whole log from each entry's `tags:` line (smart/tags.py):
    `tags: [[[…` 100,000 deep in one entry ended it in a RecursionError traceback (attack 31),
    where the entry's front matter is said to nest too deeply."""
    (example_workspace / "entries/2021/02/deep.md").write_text(
        "---\ntype: article\nurl: https://a.example/\ndate: 2021-02-03\ntags: " + "[" * DEEP + "]" * DEEP + "\n---\nx\n"
    )
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.exception
    assert "deep.md\n  error: line 5: front matter is not valid YAML (exceeded maximum nesting depth)" in checked.stdout


def test_the_compiled_templates_this_user_wrote_are_still_read(example_workspace, monkeypatch):
    """Signed, they are the shortcut they were: the next build's process compiles none again."""
    assert build(example_workspace).exit_code == 0
    kept_code.KeptCode._code.clear()
    compiles = []
    original = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiles.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    second = build(example_workspace)
    assert second.exit_code == 0, second.output
    assert [name for name in compiles if name and name.endswith(".j2")] == []


def test_a_key_others_can_read_is_no_key(tmp_path):
    """Anyone who can read the key can sign a program for the author's next build."""
    folder = tmp_path / "user-cache" / "newsletter"
    folder.mkdir(parents=True, mode=0o700)
    (folder / own_key_module.KEY_FILE).write_bytes(b"k" * 32)
    (folder / own_key_module.KEY_FILE).chmod(0o644)
    own_key_module._keys.clear()
    assert own_key_module.own_key() is None
    (folder / own_key_module.KEY_FILE).chmod(0o600)
    own_key_module._keys.clear()
    assert own_key_module.own_key() == b"k" * 32


def test_two_first_builds_making_the_key_at_once_end_with_one_key(tmp_path, monkeypatch):
    """A first build and the waiting process it starts both find no key and make one: the second
    found the first's file made but its 32 bytes not yet written, took it for one cut short,
    removed it and wrote its own, and the first (the waiting process, for its whole life) signed
    with a key no later build has, each build then parsing again every note the other kept."""
    folder = tmp_path / "user-cache" / "newsletter"
    folder.mkdir(parents=True, mode=0o700)
    path = str(folder / own_key_module.KEY_FILE)
    made = own_key_module.secrets.token_bytes
    others = []

    def meanwhile(size):  # another process's whole attempt, just as this one makes its key
        if size == 32 and not others:
            others.append(None)
            others[0] = own_key_module._read_or_make(path)
        return made(size)

    monkeypatch.setattr(own_key_module.secrets, "token_bytes", meanwhile)
    mine = own_key_module._read_or_make(path)
    assert mine == others[0] == (folder / own_key_module.KEY_FILE).read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == [own_key_module.KEY_FILE]


def test_a_cache_folder_without_hard_links_still_keeps_a_key(tmp_path, monkeypatch):
    """A key is linked into place whole; a cache folder on a file system with no hard links (FAT,
    some FUSE mounts) refuses the link, and had no key, so no notes cache, for good."""
    folder = tmp_path / "user-cache" / "newsletter"
    folder.mkdir(parents=True, mode=0o700)

    def refused(*_):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(own_key_module.os, "link", refused)
    key = own_key_module._read_or_make(str(folder / own_key_module.KEY_FILE))
    assert key is not None and key == (folder / own_key_module.KEY_FILE).read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == [own_key_module.KEY_FILE]


@pytest.fixture
def capturing(tmp_path):
    root = tmp_path / "ws"
    (root / ".newsletter").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "N"\n[capture]\nport = 8799\n')
    return root


def bookmarklet_of(root):
    return CliRunner().invoke(main, ["capture", "--bookmarklet", "-w", str(root)])


@pytest.mark.parametrize("kept", ["", "\n", "short", "x" * 20 + "\0" + "y" * 20])
def test_a_capture_token_file_holding_no_token_is_replaced_and_said(capturing, kept):
    """An empty capture-token (a sync's half copy, a truncated write) made the bookmarklet's token
    '' and the endpoint took any request carrying none: any program on the machine, any user of
    it, could write drafts into the log."""
    file = capturing / ".newsletter/capture-token"
    file.write_text(kept)
    file.chmod(0o600)
    result = bookmarklet_of(capturing)
    assert result.exit_code == 0, result.output
    token = file.read_text().strip()
    assert len(token) >= 40 and f"t:'{token}'" in result.stdout
    assert result.stderr.count("\n") == 1 and "drag the bookmarklet" in result.stderr
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    again = bookmarklet_of(capturing)
    assert again.stdout == result.stdout and again.stderr == ""  # said once


def test_the_authors_capture_token_other_users_could_read_is_made_private_and_kept(capturing):
    """Whoever reads the token can write drafts, so one readable by all is made private; it is kept
    (review 14): a sync client writes the author's own file with its machine's umask, and a token
    replaced on each machine in turn would break the bookmarklet at every switch."""
    file = capturing / ".newsletter/capture-token"
    file.write_text("k" * 43 + "\n")
    file.chmod(0o644)
    result = bookmarklet_of(capturing)
    assert result.exit_code == 0 and f"t:'{'k' * 43}'" in result.stdout and result.stderr == ""
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


@pytest.mark.parametrize("shape", ["fifo", "folder"])
def test_a_capture_token_that_is_no_file_is_no_hang_and_no_traceback(capturing, shape):
    """A FIFO under its name held `capture` for ever; a folder ended it in an IsADirectoryError traceback."""
    file = capturing / ".newsletter/capture-token"
    os.mkfifo(file) if shape == "fifo" else file.mkdir()
    result = bookmarklet_of(capturing)
    if shape == "fifo":
        assert result.exit_code == 0 and file.is_file() and "drag the bookmarklet" in result.stderr
    else:
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert result.output.startswith("Error: ") and "is not a file" in result.output
        assert "remove it" in result.output


def test_the_capture_endpoint_without_a_token_refuses_every_request():
    """No token is no key: an endpoint given none refuses a request carrying none."""
    saved = []
    server = capture.serve(0, "", lambda got: saved.append(got) or {"path": "x"})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        body = json.dumps({"url": "https://example.com/", "title": "", "selection": ""})
        connection.request("POST", "/entry", body, {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"})
        assert connection.getresponse().status == 403 and saved == []
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "kept", [".newsletter/builds/2021-02", ".newsletter/cache.sqlite3", "dist/2021-02/newsletter.html"]
)
def test_a_fifo_in_place_of_a_stamp_the_cache_or_an_output_is_no_hang(example_workspace, kept):
    """Whether an edition is up to date reads its stamp, the metadata cache's rows and every output:
    a FIFO under one of their names (a sync tool's, or a hostile collaborator's) held every build
    of the edition for ever. Such a file is stale, as a missing one is, and the build goes on."""
    assert build(example_workspace).exit_code == 0
    expected = (example_workspace / "dist/2021-02/newsletter.txt").read_bytes()
    fifo = example_workspace / kept
    for name in (fifo, fifo.with_name(fifo.name + "-wal"), fifo.with_name(fifo.name + "-shm")):
        name.unlink(missing_ok=True)
    os.mkfifo(fifo)
    again = ["build", "2021-02", "--offline", "-w", str(example_workspace)]  # (not --force: is it up to date?)
    result = past([fifo], lambda: CliRunner().invoke(main, again))
    assert result.exit_code == 0, result.output
    assert (example_workspace / "dist/2021-02/newsletter.txt").read_bytes() == expected


def test_a_fifo_in_place_of_the_send_ledger_is_no_hang(example_workspace):
    """Every build reads its edition's send ledger (whether its web page stays the message as
    sent, which entries came after the send): a FIFO by the ledger's name held every build of the
    edition for ever, and `send` too. It is no ledger: the build goes on, `send` says so."""
    fifo = example_workspace / ".newsletter/ledger/2021-02.json"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    again = ["build", "2021-02", "--offline", "--force", "-w", str(example_workspace)]
    result = past([fifo], lambda: CliRunner().invoke(main, again))
    assert result.exit_code == 0, result.output
    send = ["send", "2021-02", "--via", "smtp", "-w", str(example_workspace)]
    result = past([fifo], lambda: CliRunner().invoke(main, send))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: Could not read the send ledger {fifo} (not a file); it records")


def test_a_fifo_in_place_of_the_period_a_plain_build_meant_is_no_hang(example_workspace):
    """`build` with no period reads which one the last such build meant from builds/current,
    before anything else is loaded: a FIFO there held every plain `build` for ever."""
    current = example_workspace / ".newsletter/builds/current"
    current.parent.mkdir(parents=True)
    os.mkfifo(current)
    assert past([current], lambda: uptodate.current(str(example_workspace))) is None


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("x\x1b]0;owned\x07.md", "x\\x1b]0;owned\\x07.md"),  # sets the terminal's title
        ("x\x1b[2J.md", "x\\x1b[2J.md"),  # clears its screen
        ("new\nline.md", "new\\nline.md"),  # a warning in two lines, the second no warning
        ("\u202edm.evil.md", "\\u202edm.evil.md"),  # shown reversed: 'md.live.md'
    ],
)
def test_a_file_name_holding_a_terminals_commands_is_named_escaped(example_workspace, name, said):
    """A file name a sync or a collaborator made went into the author's terminal as it is, in the
    warning naming it: its escape sequences were the terminal's commands."""
    month = example_workspace / "entries/2021/02"
    (month / name).write_bytes((month / "ai-summer-transformer.md").read_bytes())
    result = build(example_workspace)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if "same link" in line]
    assert warned and all(f"entries/2021/02/{said}" in line for line in warned), result.stderr
    assert not any(c in result.stderr for c in "\x1b\x07\u202e")


def test_a_link_to_a_name_holding_a_terminals_commands_is_named_escaped(example_workspace):
    (example_workspace / "entries/2021/02/gone.md").symlink_to("/nowhere/\x1b[2J.md")
    result = build(example_workspace)
    assert "a link to /nowhere/\\x1b[2J.md, which does not exist" in result.stderr
    assert "\x1b" not in result.stderr


def test_a_notes_cache_row_someone_else_wrote_never_reaches_the_post_or_the_email(example_workspace):
    """notes.sqlite3 keeps each note's sanitised HTML, its text and its post, and a build puts what
    it finds there into the outputs as they are: anyone who could write the file (a synced or
    shared workspace) and compute a row's key (a hash of the note and the tool's versions) put a
    script, or another link, into the author's post and email. Only rows this user's key signed
    are read."""
    assert build(example_workspace).exit_code == 0
    outputs = ["dist/2021-02/newsletter.html", "dist/2021-02/newsletter.txt"]
    expected = [(example_workspace / name).read_bytes() for name in outputs]
    db = sqlite3.connect(example_workspace / ".newsletter/notes.sqlite3")
    with db:
        assert db.execute("SELECT count(*) FROM made").fetchone()[0] > 0
        db.execute("UPDATE made SET value = '<script>alert(1)</script> POISON'")
        db.execute("UPDATE notes SET parsed = ?", (json.dumps(["<script>alert(1)</script>", ["div", {}], []]),))
    db.close()
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    post = next((example_workspace / "site/content/posts").glob("*/index.md")).read_text()
    assert "POISON" not in post and "alert(1)" not in post
    assert [(example_workspace / name).read_bytes() for name in outputs] == expected


def test_without_a_key_of_its_own_a_build_keeps_no_note(example_workspace, monkeypatch, tmp_path):
    """No folder only this user can read (a shared HOME, one not theirs): nothing kept is trusted,
    and the notes are parsed each time, as with a read-only state folder."""
    (tmp_path / "shared").mkdir(mode=0o777)
    (tmp_path / "shared").chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "shared"))
    (tmp_path / "shared" / "newsletter").mkdir()
    (tmp_path / "shared" / "newsletter").chmod(0o777)
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    assert own_key_module.own_key() is None
    db = sqlite3.connect(example_workspace / ".newsletter/notes.sqlite3")
    assert db.execute("SELECT count(*) FROM made").fetchone()[0] == 0
    db.close()


def test_a_front_matter_row_someone_else_wrote_gives_no_entry_another_link(example_workspace):
    """front_matter.sqlite3 keeps each entry's front matter as YAML read it, under a hash of its
    text: a row a collaborator wrote in a synced workspace gave the author's entry another link
    in the post and the email, though its file said otherwise."""
    assert build(example_workspace).exit_code == 0
    db = sqlite3.connect(example_workspace / ".newsletter/front_matter.sqlite3")
    with db:
        rows = db.execute("SELECT key, meta FROM front_matter").fetchall()
        assert rows
        for key, meta in rows:
            kept = json.loads(meta[meta.index("{") :])  # (whatever signs it, the JSON after)
            if "url" in kept:
                kept["url"] = "https://evil.example/phish"
            db.execute("UPDATE front_matter SET meta = ? WHERE key = ?", (json.dumps(kept), key))
    db.close()
    built = build(example_workspace)
    assert built.exit_code == 0, built.output
    assert "evil.example" not in (example_workspace / "dist/2021-02/newsletter.eml").read_text()
    assert "evil.example" not in next((example_workspace / "site/content/posts").glob("*/index.md")).read_text()


def request_of(**changed):
    """A command's request to the waiting build process, as resident._request makes it, changed."""
    body = marshal.loads(resident._request("/nowhere", "2021-02", True)[4:]) | changed
    data = changed.get("raw") or marshal.dumps(body)
    return len(data).to_bytes(4, "little") + data


@pytest.mark.parametrize(
    "sent",
    [
        {"raw": b"\xff" * 40},  # not marshal
        {"raw": marshal.dumps([1, 2, 3])},  # not a mapping
        {"raw": marshal.dumps({"root": "/"})},  # a mapping without the rest
        {"environ": {"PATH": "/bin\0/evil"}},  # os.environ refuses it, after clearing its own
        {"streams": [("no-such-codec", "strict")] * 3},
        {"umask": "022"},
    ],
)
def test_a_message_on_the_build_socket_that_is_no_build_request_is_passed_over(sent):
    """The waiting build process unmarshalled what it read and took it for a command's request: a
    message of another shape (a program of the user's, another version of the tool) ended it in
    a traceback, or was answered as a build it would take on, then clear its environment and fail.
    It is passed over: no answer, nothing taken on, and the process waits for the next build."""
    ours, theirs = socket.socketpair()
    environment = dict(os.environ)
    same_path = marshal.loads(resident._request("/nowhere", None, True)[4:])["path"]
    with ours, theirs, open(os.devnull, "rb") as stream:
        fds = b"".join(stream.fileno().to_bytes(4, "little", signed=True) for _ in range(3))
        theirs.sendmsg([request_of(**sent)], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
        served = []
        assert build_server._serve_one(ours, {}, same_path, served) is True
        assert served == []  # nothing built, so nothing for the waiting process to make ahead
        theirs.setblocking(False)
        with pytest.raises(BlockingIOError):  # no answer: not told it is taken on, nor built
            theirs.recv(10)
    assert dict(os.environ) == environment


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (os.mkfifo, "fifo.md: a FIFO (a named pipe), not a file: no build reads it; remove it"),
        (lambda path: path.symlink_to("/dev/zero"), "fifo.md: a link to /dev/zero, a device, not a file"),
        (lambda path: path.symlink_to(path.parent), "fifo.md: a link to "),
        # A link to itself: naming it outside the current folder resolved it, a RuntimeError in
        # Python 3.11, the build's traceback (attack 36)
        (lambda path: path.symlink_to(path.name), "fifo.md: a link to fifo.md, which leads back to itself"),
    ],
)
def test_an_entry_that_is_a_fifo_or_a_device_is_said_as_one(example_workspace, make, said):
    """A FIFO named like an entry was 'a folder named like an entry; rename it', and a link to
    /dev/zero 'a link to /dev/zero, which does not exist; restore its target'."""
    make(example_workspace / "entries/2021/02/fifo.md")
    result = build(example_workspace)
    assert result.exit_code == 0, result.output
    warned = next(line for line in result.stderr.splitlines() if "fifo.md" in line)
    assert said in warned and "does not exist" not in warned
    assert ("a folder" in warned) == ("02, a folder; remove the link" in warned)


def test_an_entry_of_many_megabytes_is_said_in_a_line_not_parsed_for_hours(example_workspace):
    """A note of 46 MB (a log pasted in, a file saved over the entry) held the build for hours:
    parsing it took more than linear time (1 MB 5 s, 2 MB 12 s). The build says what it is (here
    of 1.5 MB, which a build without the limit takes seconds to publish)."""
    entry = example_workspace / "entries/2021/02/ai-summer-transformer.md"
    with entry.open("a", encoding="utf-8") as handle:
        handle.write(("word " * 15 + "\n\n") * 20_000)
    result = build(example_workspace)
    assert result.exit_code == 1
    assert (
        "ai-summer-transformer.md: 1.5 MB, more than the 1 MB an entry may hold; "
        "keep the rest in a file of your own and link to it from the entry"
    ) in result.output
    assert "Traceback" not in result.output


def test_a_picture_pasted_into_a_note_is_no_part_of_the_limit_on_its_text(example_workspace):
    """A photo of a whiteboard pasted into a note (as editors paste one: a data: URL of 1.4 MB of
    base64) stopped the whole edition ("nothing was written") where it built in 2 s before, the
    blog showing the picture; base64 is read in linear time, the prose is what is not. The limit
    counts the text without the pictures' data; a file too large even for pictures is said."""
    entry = example_workspace / "entries/2021/02/ai-summer-transformer.md"
    picture = base64.b64encode(os.urandom(1_100_000)).decode()
    with entry.open("a", encoding="utf-8") as handle:
        handle.write(f"\n\n![The whiteboard after the talk](data:image/png;base64,{picture})\n")
    result = build(example_workspace)
    assert result.exit_code == 0, result.output
    post = example_workspace / "site/content/posts/what-i-read-in-february-2021/index.md"
    assert picture in post.read_text(encoding="utf-8")
    with entry.open("a", encoding="utf-8") as handle:
        handle.write(f"\n![and another](data:image/png;base64,{'A' * (40 << 20)})\n")
    result = build(example_workspace)
    assert result.exit_code == 1
    assert "ai-summer-transformer.md: 41.4 MB, more than the 32 MB an entry's file may hold" in result.output
    assert "Traceback" not in result.output


def test_a_stalled_connection_does_not_hold_the_capture_of_the_bookmarklet():
    """The capture endpoint answered one connection at a time: one sending its request a byte at
    a time (any process on the machine) held it 15 s, again and again, and the bookmarklet's
    capture waited behind it, then failed."""
    saved = []
    server = capture.serve(0, "k" * 43, lambda got: saved.append(got) or {"path": "x"})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with socket.create_connection(("127.0.0.1", port)) as stalled:
            stalled.sendall(b"POST /entry HTTP/1.1\r\nHost: 127.0.0.1")  # and no more
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body = json.dumps({"url": "https://example.com/", "title": "", "selection": ""})
            headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json", "X-Newsletter-Token": "k" * 43}
            connection.request("POST", "/entry", body, headers)
            assert connection.getresponse().status == 200 and len(saved) == 1
            stalled.setblocking(False)
            with pytest.raises(BlockingIOError):  # answered while the stalled one still waits
                stalled.recv(10)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("name", ["_index (Ben's conflicted copy 2021-02-09).md", "talk (Ben's conflicted copy).md"])
def test_a_fifo_named_as_a_sync_clients_copy_holds_no_build_or_check(example_workspace, name):
    """(attack 32) A FIFO named as a conflicted copy of _index.md was read whole to tell whether
    it held the same text (a copy of an editorial file is read there alone), and one named as
    an entry (or its copy) by check's count of the log's tags: each waited for a writer for ever."""
    fifo = example_workspace / "entries/2021/02" / name
    os.mkfifo(fifo)
    built = past([fifo], lambda: build(example_workspace))
    assert built.exit_code == 0, built.output
    checked = past(
        [fifo], lambda: CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    )
    assert name in checked.output


def test_a_fifo_by_a_feeds_name_holds_no_build(example_workspace):
    """A FIFO where the site's entries feed was (site/static/feeds/entries.json, a sync tool's)
    held every build for ever since new user 56's merge: the feed as last written is read for each
    item's `updated` (formats/feed_updates.py), and opening it waited for a writer. It is no feed:
    the build writes one in its place."""
    assert build(example_workspace).exit_code == 0
    fifo = example_workspace / "site/static/feeds/entries.json"
    fifo.unlink()
    os.mkfifo(fifo)
    built = past([fifo], lambda: build(example_workspace))
    assert built.exit_code == 0, built.output
    assert stat.S_ISREG(fifo.stat().st_mode) and json.loads(fifo.read_text())["items"]
