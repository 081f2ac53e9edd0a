"""A build of an edition nothing changed in is no build: said "up to date", checked, never wrong.

Each test builds a real workspace against a real local server, changes one kind of input (or
nothing, or only a file's mtime) and builds again; the answer must be the one a full rebuild
would give. The launcher's own path (no click) is run as a real process.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands import uptodate
from newsletter.links.cache import FILENAME

from helpers import link_workspace, url_of

PAGE = "<html><head><title>{title}</title><meta name='author' content='Ada Lovelace'></head><body></body></html>"


def build(root: Path, *options: str, period: str = "2021-02"):
    return CliRunner().invoke(main, ["build", period, "-w", str(root), *options], catch_exceptions=False)


def up_to_date(result) -> bool:
    return "is up to date" in result.stderr


@pytest.fixture
def workspace(server, tmp_path):
    for number in (1, 2):
        server.expect_request(f"/article-{number}").respond_with_data(
            PAGE.format(title=f"Article {number}"), content_type="text/html"
        )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/article-1"), url_of(server, "/article-2")], 2)
    first = build(root)
    assert first.exit_code == 0 and "Built 2021-02" in first.stderr
    return root


def outputs(root: Path) -> dict[str, bytes]:
    files = [*root.glob("dist/2021-02/*"), *root.glob("site/content/posts/*/index.md"), *root.glob("site/static/**/*")]
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def test_an_unchanged_edition_is_up_to_date_and_fetches_nothing(workspace, server):
    before, requests = outputs(workspace), len(server.log)
    second = build(workspace)
    assert second.exit_code == 0
    assert second.stderr == (
        "2021-02 is up to date: nothing it is made of changed since its last build (--force rebuilds).\n"
    )
    assert second.stdout == ""
    assert len(server.log) == requests
    assert outputs(workspace) == before


def test_touching_a_file_changes_nothing_but_editing_it_rebuilds(workspace):
    entry = workspace / "entries/2021/02/entry-1.md"
    os.utime(entry, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert up_to_date(build(workspace))
    entry.write_text(entry.read_text().replace("Note 1.", "Note one, rewritten."))
    rebuilt = build(workspace)
    assert "Built 2021-02" in rebuilt.stderr
    assert "Note one, rewritten." in (workspace / "dist/2021-02/newsletter.txt").read_text()
    assert up_to_date(build(workspace))


@pytest.mark.parametrize(
    "change",
    [
        "a new entry",
        "an entry removed",
        "an editorial file",
        "the settings",
        "a workspace template",
        "the site's baseURL",
        "an output edited by hand",
        "an output deleted",
    ],
)
def test_any_input_or_output_changed_rebuilds(workspace, change):
    month = workspace / "entries/2021/02"
    if change == "a new entry":
        (month / "entry-3.md").write_text("---\ntype: book\ntitle: A book\ndate: 2021-02-03\n---\nNote 3.\n")
    elif change == "an entry removed":
        (month / "entry-2.md").unlink()
    elif change == "an editorial file":
        (month / "_index.md").write_text("---\nsubject: A subject of its own\n---\nAn introduction.\n")
    elif change == "the settings":
        settings = workspace / "newsletter.toml"
        settings.write_text(settings.read_text().replace('name = "Test"', 'name = "Another name"'))
    elif change == "a workspace template":
        (workspace / "templates").mkdir()
        (workspace / "templates/email.txt.j2").write_text("{{ edition.title }}\n")
    elif change == "the site's baseURL":
        hugo = workspace / "site/hugo.toml"
        hugo.write_text(hugo.read_text().replace("baseURL", 'baseURL = "https://elsewhere.example/"\n#', 1))
    elif change == "an output edited by hand":
        (workspace / "dist/2021-02/newsletter.html").write_text("edited")
    elif change == "an output deleted":
        next(workspace.glob("site/content/posts/*/index.md")).unlink()
    before = outputs(workspace)
    rebuilt = build(workspace)
    assert rebuilt.exit_code == 0 and "Built 2021-02" in rebuilt.stderr, change
    assert outputs(workspace) != before, change
    assert up_to_date(build(workspace)), change


def test_a_delivery_setting_changed_leaves_the_edition_up_to_date(workspace):
    """[send], [capture] and [imports] make no output: a new test address or SMTP server is no
    rebuild (the whole of newsletter.toml was an input), nor does the launcher forget which
    edition a plain `build` means. Any other setting still is a rebuild."""
    from newsletter import config

    loaded = config.load(workspace)
    uptodate.remember(loaded, loaded.period(None))
    settings = workspace / "newsletter.toml"
    settings.write_text(
        settings.read_text()
        + '\n[send]  # how it goes out\ntest_address = "me@example.org"\nsmtp_host = "mail.example.org"\n'
        '\n[capture]\nport = 9000\n\n[imports]\nlinkding_url = "https://links.example.org"\n'
    )
    assert up_to_date(build(workspace))
    assert uptodate.current(str(workspace)) == loaded.period(None).key
    settings.write_text(settings.read_text() + '\n[links]\nsubscribe = "https://example.org/subscribe"\n')
    assert "Built 2021-02" in build(workspace).stderr
    assert "https://example.org/subscribe" in (workspace / "dist/2021-02/newsletter.txt").read_text()


def test_touched_settings_are_compared_by_their_bytes_before_their_values(workspace, monkeypatch):
    """Settings touched (or saved within a second of the build) with the same bytes were read as
    TOML on every up-to-date check, to learn whether what renders changed: a third of the
    check's time, where comparing the bytes says it at once."""
    settings = workspace / "newsletter.toml"
    os.utime(settings, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))

    def unread(data):
        raise AssertionError("the settings were parsed though their bytes had not changed")

    monkeypatch.setattr(uptodate, "rendering_settings", unread)
    assert up_to_date(build(workspace))


def test_an_editors_swap_file_is_not_an_input(workspace):
    (workspace / "entries/2021/02/.entry-1.md.swp").write_bytes(b"vim")
    (workspace / "entries/2021/02/entry-1.md~").write_text("backup")
    (workspace / "entries/2021/02/#entry-1.md#").write_text("Emacs's auto-save")  # (new user 52's)
    assert up_to_date(build(workspace))


def test_force_refresh_and_drafts_always_build(workspace):
    assert "Built 2021-02" in build(workspace, "--force").stderr
    assert "Built 2021-02" in build(workspace, "--drafts").stderr
    assert "Built 2021-02" in build(workspace).stderr  # the drafts build changed the outputs
    assert up_to_date(build(workspace))


def test_expired_metadata_makes_the_edition_stale_and_is_fetched_again(workspace, server):
    stamp = uptodate.check(str(workspace), "2021-02")
    assert stamp is not None
    assert uptodate.check(str(workspace), "2021-02", now=stamp["expires"] + 1) is None
    # An offline build never fetches, so expiry does not matter to it.
    assert uptodate.check(str(workspace), "2021-02", offline=True, now=stamp["expires"] + 1) is not None
    # The cache ages past max_age_days: the next build fetches both links again.
    import sqlite3

    with sqlite3.connect(workspace / ".newsletter" / FILENAME) as db:
        db.execute("UPDATE metadata SET fetched_at = fetched_at - 40 * 86400")
    requests = len(server.log)
    rebuilt = build(workspace)
    assert "Built 2021-02" in rebuilt.stderr
    assert len(server.log) == requests + 2


def test_another_editions_build_does_not_make_this_one_stale(workspace, server):
    server.expect_request("/march").respond_with_data(PAGE.format(title="March"), content_type="text/html")
    march = workspace / "entries/2021/03"
    march.mkdir()
    (march / "m.md").write_text(f"---\ntype: article\nurl: {url_of(server, '/march')}\ndate: 2021-03-02\n---\nM.\n")
    assert "Built 2021-03" in build(workspace, period="2021-03").stderr  # writes to the shared cache
    # The feeds list both editions now, so February's feed outputs changed: one rebuild, then quiet.
    assert "Built 2021-02" in build(workspace).stderr
    assert up_to_date(build(workspace))
    assert up_to_date(build(workspace, period="2021-03"))
    # Another build writes rows of its own to the cache February's links are in too: the cache
    # file changed, February's rows did not.
    import sqlite3

    with sqlite3.connect(workspace / ".newsletter" / FILENAME) as db:
        db.execute("INSERT INTO metadata VALUES ('https://other.example/', '{}', 1e9)")
    assert up_to_date(build(workspace))
    with sqlite3.connect(workspace / ".newsletter" / FILENAME) as db:  # ... and now one of them did
        db.execute("UPDATE metadata SET data = replace(data, 'Article 1', 'Article One') WHERE url LIKE '%article-1'")
    rebuilt = build(workspace)
    assert "Built 2021-02" in rebuilt.stderr
    assert "Article One" in (workspace / "dist/2021-02/newsletter.txt").read_text()


def test_an_unreachable_link_keeps_the_warning_and_strict_fails(server, tmp_path):
    server.expect_request("/gone").respond_with_data("no", status=404)
    root = link_workspace(tmp_path / "ws", [url_of(server, "/gone")], 2)
    first = build(root)
    assert "could not be fetched" in first.stderr
    again = build(root)
    assert up_to_date(again)
    assert (
        "its last build had 1 warning and 1 link that could not be fetched: --force shows them again." in again.stderr
    )
    assert build(root, "--strict").exit_code == 1  # a link that failed is still a failure


def test_a_file_edited_during_the_build_leaves_the_stamp_stale(workspace):
    from newsletter import config
    from newsletter.build import build as run_build
    from newsletter.models import Period

    settings = config.load(workspace)
    span = Period.parse("2021-02")
    before = uptodate.snapshot(settings, span)
    entry = workspace / "entries/2021/02/entry-1.md"
    entry.write_text(entry.read_text().replace("Note 1.", "Edited while links were fetched."))
    result = run_build(workspace, "2021-02")  # reads the edited file
    uptodate.record(settings, span, result, before, offline=False)
    assert uptodate.check(str(workspace), "2021-02") is None


def test_a_stamp_reads_again_only_the_inputs_changed_since_the_last(workspace, monkeypatch):
    """A build after one note changed read and hashed all of the edition's inputs again to take
    its stamp; the last stamp's digest of a file of the same size and mtime stands, as the check
    itself takes it. What it gives is what reading them all gives."""
    from newsletter import config
    from newsletter.models import Period

    past = time.time_ns() - 60 * 10**9  # (a file changed within the last two seconds is read anyway)
    for path in workspace.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))
    assert "Built 2021-02" in build(workspace, "--force").stderr  # a stamp of files none changed lately
    entry = workspace / "entries/2021/02/entry-1.md"
    entry.write_text(entry.read_text().replace("Note 1.", "Note one, rewritten."))
    settings, span = config.load(workspace), Period.parse("2021-02")
    read, real = [], uptodate._bytes
    monkeypatch.setattr(uptodate, "_bytes", lambda path: read.append(Path(path)) or real(path))
    taken = uptodate.snapshot(settings, span)
    assert read == [entry]
    (workspace / uptodate.STAMPS / "2021-02").unlink()
    assert uptodate.snapshot(settings, span) == taken  # every file read and hashed
    assert len(read) > 10


def test_the_stamp_hashes_the_outputs_from_the_bytes_written_not_read_back(workspace, monkeypatch):
    """Reading back every output just written (a megabyte an edition) to hash it for the stamp
    was a fifth of the build a terminal waits for after a note is saved: the build had the
    bytes. The stamp is the same, and the next build is still up to date."""
    entry = workspace / "entries/2021/02/entry-1.md"
    entry.write_text(entry.read_text().replace("Note 1.", "Note one, rewritten."))
    read, real = [], uptodate._bytes
    monkeypatch.setattr(uptodate, "_bytes", lambda path: read.append(Path(path)) or real(path))
    assert "Built 2021-02" in build(workspace).stderr
    stamp = uptodate.marshal.loads((workspace / uptodate.STAMPS / "2021-02").read_bytes())
    assert len(stamp["outputs"]) > 5
    assert not {workspace / name for name in stamp["outputs"]} & set(read)
    monkeypatch.undo()
    assert stamp["outputs"] == {name: uptodate.file_digest(str(workspace / name)) for name in stamp["outputs"]}
    assert up_to_date(build(workspace))


def test_a_changed_note_is_told_before_the_code_is_looked_at(workspace, monkeypatch):
    """The check at a terminal, after a note was saved, stat'ed every module of the package
    (about a millisecond) before finding the note changed: the inputs are compared first."""
    entry = workspace / "entries/2021/02/entry-1.md"
    entry.write_text(entry.read_text().replace("Note 1.", "Note one, rewritten."))
    looked = []
    monkeypatch.setattr(uptodate, "code", lambda: looked.append(1) or [0, 0])
    assert uptodate.check(str(workspace), "2021-02", offline=True) is None
    assert looked == []
    entry.write_text(entry.read_text().replace("Note one, rewritten.", "Note 1."))
    os.utime(entry, ns=(time.time_ns() - 60 * 10**9,) * 2)  # (as it was; a new mtime is hashed again)
    assert uptodate.check(str(workspace), "2021-02", offline=True) is None  # (the code "changed")
    assert looked == [1]


def test_an_output_changed_after_the_build_wrote_it_is_hashed_as_it_is(tmp_path):
    from newsletter.files import remembering_writes, write_atomic

    output = tmp_path / "newsletter.txt"
    with remembering_writes() as written:
        write_atomic(output, b"as the build wrote it", durable=False)
        assert write_atomic(output, b"as the build wrote it", durable=False) is False  # (kept: remembered too)
    assert written[str(output)][2] == b"as the build wrote it"
    assert uptodate.output_digest(str(output), written) == uptodate.file_digest(str(output))
    output.write_bytes(b"edited by hand before the stamp was taken")
    assert uptodate.output_digest(str(output), written) == uptodate.file_digest(str(output))
    assert uptodate.output_digest(str(tmp_path / "none"), written) is None
    write_atomic(tmp_path / "later", b"x", durable=False)  # (outside the block: nothing is kept)
    assert str(tmp_path / "later") not in written


def test_a_broken_stamp_is_only_a_full_build(workspace):
    (workspace / uptodate.STAMPS / "2021-02").write_bytes(b"\x00not a stamp")
    assert "Built 2021-02" in build(workspace).stderr
    assert up_to_date(build(workspace))


def launch(root: Path, *arguments: str, loaded: str = "click") -> subprocess.CompletedProcess:
    """The installed entry point's code in a real process; prints whether click (or the
    module `loaded`) was imported."""
    code = (
        "import sys; from newsletter.cli.launch import run\n"
        f"sys.argv = ['newsletter', *{list(arguments)!r}]\n"
        "try:\n    run()\nexcept SystemExit as e:\n    code = e.code\n"
        f"print({loaded!r} + ' loaded' if {loaded!r} in sys.modules else 'no ' + {loaded!r})\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)


def test_the_launcher_says_up_to_date_without_importing_click(workspace):
    quick = launch(workspace, "build", "2021-02")
    assert (
        quick.stderr
        == "2021-02 is up to date: nothing it is made of changed since its last build (--force rebuilds).\n"
    )
    assert quick.stdout == "no click\n"
    # nor functools (and collections with it): a fifth of the launcher's own time before a build
    # it hands to the waiting process (newsletter/workspace.py's rendering_settings)
    assert launch(workspace, "build", "2021-02", loaded="functools").stdout == "no functools\n"
    elsewhere = launch(workspace.parent, "-w", str(workspace), "build", "2021-02", "--offline")
    assert "is up to date" in elsewhere.stderr and elsewhere.stdout == "no click\n"
    # Anything it does not know goes to click, which says the same the slow way.
    slow = launch(workspace, "build", "2021-2")
    assert "is up to date" in slow.stderr and slow.stdout.endswith("click loaded\n")
    (workspace / "entries/2021/02/entry-1.md").write_text("---\ntype: book\ntitle: T\ndate: 2021-02-01\n---\nN.\n")
    rebuilt = launch(workspace, "build", "2021-02")
    assert "Built 2021-02" in rebuilt.stderr and rebuilt.stdout.endswith("no click\n")


@pytest.mark.parametrize("case", ["warnings", "entry error", "relative -w", "no entries"])
def test_the_launcher_builds_and_reports_as_click_does(workspace, case):
    """A plain build that is not up to date is built by the launcher without click, and says
    word for word what the click command says, exit status included."""
    entry = workspace / "entries/2021/02/entry-1.md"
    arguments = ["build", "2021-02", "--offline"]
    cwd = workspace
    if case == "warnings":
        entry.write_text("---\ntype: article\nurl: https://example.com/untitled\ndate: 2021-02-03\n---\nN.\n")
    elif case == "entry error":
        entry.write_text("---\ntype: book\ntitle: [unclosed\ndate: 2021-02-01\n---\nN.\n")
    elif case == "no entries":  # nothing to do: exit 3 (a weekly cron job's quiet week), as send's
        arguments = ["build", "2021-03", "--offline"]
    else:
        arguments, cwd = ["-w", workspace.name, *arguments], workspace.parent
    results = []
    for run in ("launcher", "click"):
        shutil.rmtree(workspace / ".newsletter" / "builds", ignore_errors=True)  # not up to date
        if run == "click":  # the same build again, through click
            code = f"import sys; sys.argv = ['newsletter', *{arguments!r}]\nfrom newsletter.cli.app import main; main()"
        else:
            code = (
                f"import sys; sys.argv = ['newsletter', *{arguments!r}]\nfrom newsletter.cli.launch import run\n"
                "try:\n    run()\nfinally:\n    assert 'click' not in sys.modules\n"
            )
        done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)
        results.append((done.returncode, done.stdout, done.stderr))
    assert results[0] == results[1]
    assert ("Error: " in results[0][2]) == (case in ("entry error", "no entries")) and "Traceback" not in results[0][2]
    assert results[0][0] == {"entry error": 1, "no entries": 3}.get(case, 0)


def run_both(root: Path, arguments: list[str], **options) -> list[subprocess.CompletedProcess]:
    """The launcher, then the click command, each on a build that is not up to date, with
    Python's own buffering (no PYTHONUNBUFFERED, as in an author's shell)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = []
    for run in ("launcher", "click"):
        shutil.rmtree(root / ".newsletter" / "builds", ignore_errors=True)  # not up to date
        entry = "cli.launch import run; run()" if run == "launcher" else "cli.app import main; main()"
        code = f"import sys; sys.argv = ['newsletter', *{arguments!r}]\nfrom newsletter.{entry}"
        done.append(subprocess.run([sys.executable, "-c", code], cwd=root, env=env, timeout=60, **options))
    return done


def test_the_launchers_report_keeps_clicks_order_in_one_pipe(server, tmp_path):
    """`build 2>&1 | less`: the written paths (stdout) come between the summary and the failed
    links (stderr), as click.echo flushes each line; not all at the end."""
    server.expect_request("/gone").respond_with_data("no", status=404)
    root = link_workspace(tmp_path / "ws", [url_of(server, "/gone")], 2)
    assert "could not be fetched" in build(root).stderr  # the failure, remembered
    launcher, click = run_both(root, ["build", "2021-02"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    said = launcher.stdout.decode()
    assert said.index("dist/2021-02/") < said.index("1 link could not be fetched")
    assert (launcher.returncode, launcher.stdout) == (click.returncode, click.stdout)


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_the_launcher_exits_on_a_closed_pipe_as_click_does(workspace, closed):
    """`build | head -0`: a reader gone is exit status 1 and nothing more, as in click, not
    Python's 120 with "Exception ignored ... BrokenPipeError"."""
    reader, writer = os.pipe()
    os.close(reader)  # every write to it is EPIPE
    other = "stderr" if closed == "stdout" else "stdout"
    try:
        launcher, click = run_both(workspace, ["build", "2021-02"], **{closed: writer, other: subprocess.PIPE})
    finally:
        os.close(writer)
    assert launcher.returncode == click.returncode == 1
    assert getattr(launcher, other) == getattr(click, other) and b"Exception" not in getattr(launcher, other)


def test_the_launcher_aborts_on_ctrl_c_while_loading_the_pipeline_as_click_does(workspace):
    """^C while the build's modules load (a good part of a short build) is click's "Aborted!"
    and exit status 1, not a traceback and 130."""
    interrupt = (
        "class Interrupt:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'newsletter.commands.build':\n            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
    )
    results = []
    for entry in ("cli.launch import run; run()", "cli.app import main; main()"):
        shutil.rmtree(workspace / ".newsletter" / "builds", ignore_errors=True)  # not up to date
        code = f"import sys\n{interrupt}sys.argv = ['newsletter', 'build', '2021-02']\nfrom newsletter.{entry}"
        done = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True, timeout=60)
        results.append((done.returncode, done.stdout, done.stderr))
    assert results[0] == results[1] == (1, "", "\nAborted!\n")


def test_the_launchers_help_is_clicks_own_and_loads_no_click(tmp_path, regen_golden):
    help_file = Path(uptodate.__file__).parents[1] / "cli" / "help.txt"
    clicks = CliRunner().invoke(main, ["--help"], terminal_width=80, prog_name="newsletter").output
    if regen_golden:
        help_file.write_text(clicks, encoding="utf-8")
    assert help_file.read_text(encoding="utf-8") == clicks, (
        "newsletter/cli/help.txt is out of step with the commands: run `pytest --regen-golden`"
    )
    quick = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv=['newsletter','--help']\nfrom newsletter.cli.launch import run; "
            "run(); print('click' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        timeout=60,
        cwd=tmp_path,
    )
    assert quick.stdout == clicks + "False\n"
    narrow = subprocess.run(
        [sys.executable, "-m", "newsletter", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "60"},
        timeout=60,
        cwd=tmp_path,
    )
    assert narrow.returncode == 0 and max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_another_version_of_the_code_makes_every_stamp_stale(workspace, monkeypatch):
    assert uptodate.check(str(workspace), "2021-02") is not None
    count, newest = uptodate.code()
    monkeypatch.setattr(uptodate, "code", lambda: [count, newest + 1])  # a module edited or upgraded
    assert uptodate.check(str(workspace), "2021-02") is None


def test_a_stamp_reads_its_links_cache_rows_in_a_query_a_table(tmp_path):
    """The stamp's digest of the links' cache rows and its expiry were read in two queries a
    link (1.2 ms of a 50-link build); read in one a table (per 500 links), they are what the
    rows read one by one give, for a log of more links than one query takes, some cached, some
    failed, some neither."""
    import marshal
    import sqlite3

    database = tmp_path / "cache.sqlite3"
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE metadata (url TEXT PRIMARY KEY, data TEXT NOT NULL, fetched_at REAL NOT NULL)")
    db.execute("CREATE TABLE failures (url TEXT PRIMARY KEY, reason TEXT NOT NULL, kind TEXT, failed_at REAL)")
    keys = sorted(f"https://example.org/{n}" for n in range(1300))
    db.executemany(
        "INSERT INTO metadata VALUES (?, ?, ?)", [(k, f"{{{n}}}", 1000.0 + n) for n, k in enumerate(keys) if n % 3]
    )
    db.executemany(
        "INSERT INTO failures VALUES (?, 'gone', 'gone', ?)", [(k, 50.0 + n) for n, k in enumerate(keys) if n % 5 == 0]
    )
    db.commit()
    one_by_one = uptodate.blake2b()
    for key in keys:
        for table, column in (("metadata", "data, fetched_at"), ("failures", "reason, kind, failed_at")):
            row = db.execute(f"SELECT {column} FROM {table} WHERE url = ?", (key,)).fetchone()  # noqa: S608
            one_by_one.update(marshal.dumps((key, table, row)))
    db.close()
    assert uptodate.rows_digest(str(database), keys) == one_by_one.hexdigest()
    rows = uptodate.cache_rows(str(database), keys)
    assert uptodate._expiry(rows, keys, 10.0, 1.0, 100.0) == (150.0, False)  # the first: gone; the fourth: neither
    assert uptodate._expiry(rows, [keys[1], keys[2]], 10.0, 1.0, 100.0) == (1011.0, True)
    assert uptodate._expiry(None, keys, 10.0, 1.0, 100.0) == (0.0, False)  # a cache that cannot be read


def test_the_installed_command_imports_neither_click_nor_re_for_help(tmp_path):
    script = Path(sys.executable).with_name("newsletter")
    if not script.exists():
        pytest.skip("the package is not installed in this interpreter's environment (no bin/newsletter)")
    run = subprocess.run(
        [sys.executable, "-X", "importtime", str(script), "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        timeout=60,
        cwd=tmp_path,
    )
    assert run.returncode == 0 and run.stdout.startswith("Usage: newsletter")
    imported = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & {"click", "re", "jinja2", "newsletter.cli.app"}


def test_a_hidden_entry_file_the_build_leaves_out_is_no_input(workspace):
    # The build leaves out a name starting with a dot (an editor's lock, macOS's `._x.md`), so
    # one appearing leaves the edition current, and the entry it sits beside is still an input.
    (workspace / "entries/2021/02/.hidden.md").write_text("---\ntype: book\ntitle: Hidden\ndate: 2021-02-05\n---\nH.\n")
    assert up_to_date(build(workspace))
    assert "Hidden" not in (workspace / "dist/2021-02/newsletter.txt").read_text()
    assert "Built 2021-02: 2 entries" in build(workspace, "--force").stderr


def test_the_post_record_is_an_output(workspace):
    # dist/PERIOD/post.json (which post the edition wrote) is written by every build.
    record = workspace / "dist/2021-02/post.json"
    written = record.read_bytes()
    record.unlink()
    assert "Built 2021-02" in build(workspace).stderr
    assert record.read_bytes() == written
    assert up_to_date(build(workspace))


def test_a_folder_named_like_an_entry_is_warned_of_as_a_full_build_would(workspace):
    (workspace / "entries/2021/02/notes.md").mkdir()
    again = build(workspace)
    assert "a folder named like an entry" in again.stderr and "Built 2021-02" in again.stderr
    assert "its last build had 1 warning" in build(workspace).stderr


def test_another_edition_removed_rewrites_the_feeds(workspace, server):
    server.expect_request("/march").respond_with_data(PAGE.format(title="March"), content_type="text/html")
    march = workspace / "entries/2021/03"
    march.mkdir()
    (march / "m.md").write_text(f"---\ntype: article\nurl: {url_of(server, '/march')}\ndate: 2021-03-02\n---\nM.\n")
    assert "Built 2021-03" in build(workspace, period="2021-03").stderr
    assert "Built 2021-02" in build(workspace).stderr  # the feeds list March now
    feed = workspace / "site/static/feeds/entries.xml"
    assert "March" in feed.read_text()
    # March's edition goes: the feeds a build of February writes no longer list it.
    import shutil

    shutil.rmtree(workspace / "dist/2021-03")
    assert "Built 2021-02" in build(workspace).stderr
    assert "March" not in feed.read_text()
    assert up_to_date(build(workspace))


def test_the_launcher_leaves_a_workspace_that_is_a_file_to_click(workspace):
    # click's -w takes a folder: a file is a usage error, however up to date the edition
    for arguments in (["-w", "newsletter.toml", "build"], ["build", "--workspace=newsletter.toml"]):
        quick = launch(workspace, *arguments, "2021-02")
        assert "is a file" in quick.stderr and quick.stdout.endswith("click loaded\n"), arguments


def test_the_launcher_leaves_a_second_workspace_option_to_click(workspace):
    """click checks the group's -w too: `-w missing build -w .` is its usage error, not a build
    of the second folder."""
    quick = launch(workspace, "-w", "missing", "build", "2021-02", "-w", ".")
    assert "'missing' does not exist" in quick.stderr and quick.stdout.endswith("click loaded\n")
    assert "Built" not in quick.stderr


def test_a_period_with_a_digit_int_does_not_read_is_clicks_error(workspace):
    odd = launch(workspace, "build", "2021-0²")  # '²'.isdigit(), but int() refuses it
    assert "Traceback" not in odd.stderr and "is not a month" in odd.stderr
    assert odd.stdout.endswith("click loaded\n")


def test_the_launchers_help_names_the_program_as_click_does(tmp_path):
    script = Path(sys.executable).with_name("newsletter")
    renamed = tmp_path / "nl"
    renamed.symlink_to(script)
    for command, name in (([sys.executable, "-m", "newsletter"], "python -m newsletter"), ([str(renamed)], "nl")):
        if command[0] == str(renamed) and not script.exists():
            continue  # the package is not installed in this interpreter's environment
        shown = subprocess.run(
            [*command, "--help"],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "100"},
            timeout=60,
            cwd=tmp_path,
        )
        assert shown.stdout.startswith(f"Usage: {name} [OPTIONS]"), name


def test_an_entry_edited_again_within_its_mtimes_tick_rebuilds(workspace):
    # A file system with coarse timestamps (a second, or FAT's two) gives an edit made in the
    # same tick as the one before it the same mtime: set here by hand, the same size too.
    entry = workspace / "entries/2021/02/entry-1.md"
    tick = time.time_ns()
    entry.write_text(entry.read_text().replace("Note 1.", "Note A."))
    os.utime(entry, ns=(tick, tick))
    assert "Built 2021-02" in build(workspace).stderr
    entry.write_text(entry.read_text().replace("Note A.", "Note B."))
    os.utime(entry, ns=(tick, tick))
    rebuilt = build(workspace)
    assert "Built 2021-02" in rebuilt.stderr
    assert "Note B." in (workspace / "dist/2021-02/newsletter.txt").read_text()


def test_an_entry_a_sync_client_replaced_with_its_size_and_old_mtime_rebuilds(workspace):
    # Dropbox, Syncthing, rsync or `cp -p` put the other machine's file in place under the mtime
    # it had there: new user 52's (Ben's) entry, dated 1980 by the phone's unzip, came back from
    # his laptop with new words, the same size and that mtime, and the build said up to date.
    entry = workspace / "entries/2021/02/entry-1.md"
    then = 315532800 * 10**9  # 1980-01-01
    os.utime(entry, ns=(then, then))
    assert "Built 2021-02" in build(workspace, "--force").stderr
    synced = entry.with_name(".entry-1.md.synctemp")
    synced.write_text(entry.read_text().replace("Note 1.", "Note B."))
    os.utime(synced, ns=(then, then))
    os.replace(synced, entry)
    rebuilt = build(workspace)
    assert "Built 2021-02" in rebuilt.stderr
    assert "Note B." in (workspace / "dist/2021-02/newsletter.txt").read_text()
    assert up_to_date(build(workspace))


def _archive_on_build(workspace, server) -> None:
    """[archive] on_build, with the archive's endpoints on the local server."""
    settings = workspace / "newsletter.toml"
    archive = url_of(server, "/archive")
    settings.write_text(
        settings.read_text() + f'\n[archive]\non_build = true\navailability_url = "{archive}/available"\n'
        f'timemap_url = "{archive}/timemap/"\nsave_url = "{archive}/save"\nbuild_wait_seconds = 2\n'
    )


def test_links_left_to_archive_on_build_are_asked_again(workspace, server):
    # [archive] on_build asks the web archive for every link without a recorded copy, each build.
    _archive_on_build(workspace, server)
    server.expect_request("/archive/available").respond_with_json({"archived_snapshots": {}})
    # A public link (a private one is never archived), its metadata cached: only the archive is asked.
    from newsletter.config import load
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    with MetadataCache(workspace / ".newsletter", 30) as cache:
        cache.put("https://example.org/public", Metadata(title="Public"))
    (workspace / "entries/2021/02/entry-3.md").write_text(
        "---\ntype: article\nurl: https://example.org/public\ndate: 2021-02-03\n---\nNote 3.\n"
    )
    assert load(workspace).archive.on_build
    assert "Built 2021-02" in build(workspace).stderr
    asked = len(server.log)
    assert any(request.path.startswith("/archive/") for request, _ in server.log)
    again = build(workspace)
    assert "Built 2021-02" in again.stderr, again.stderr
    assert len(server.log) > asked


def test_links_the_archive_never_takes_leave_an_archiving_build_up_to_date(workspace, server):
    # The workspace's links are on 127.0.0.1: the public archive cannot reach them, so on_build
    # skips them without asking, every time; that must not make every build a full one.
    _archive_on_build(workspace, server)
    assert "Built 2021-02" in build(workspace).stderr  # the settings changed
    requests = len(server.log)
    again = build(workspace)
    assert up_to_date(again), again.stderr
    assert len(server.log) == requests
    assert not any(request.path.startswith("/archive/") for request, _ in server.log)


@pytest.mark.parametrize("name", ["jinja2", "pymdownx", "markdown_it"])
def test_an_upgraded_library_makes_the_stamp_stale(workspace, name):
    """The template engine, and the notes' Markdown extensions and the post's CommonMark parser
    (an upgrade of either left every edition "up to date" with the old one's output)."""
    import marshal

    path = workspace / uptodate.STAMPS / "2021-02"
    stamp = marshal.loads(path.read_bytes())
    library = next(library for library in stamp["libraries"] if f"/{name}/" in library)
    size, mtime = stamp["libraries"][library]
    stamp["libraries"][library] = [size, mtime - 10**9]  # as recorded before an upgrade rewrote it
    path.write_bytes(marshal.dumps(stamp))
    assert uptodate.check(str(workspace), "2021-02") is None


def test_a_library_upgraded_while_the_waiting_process_lives_is_seen_by_its_next_stamp(tmp_path, monkeypatch):
    """The waiting process looks up where each library is once, not at every build; a library
    upgraded in its place since (its __init__ rewritten) is still seen, by the stamp of the
    next build it makes, and one installed since it first looked is found."""
    import importlib.util
    import sys

    for name in ("alpha_shaper", "beta_shaper"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(uptodate, "LIBRARIES", ("alpha_shaper", "beta_shaper", "not_installed_yet"))
    monkeypatch.setattr(uptodate, "_ORIGINS", {}, raising=False)  # (as in a new process)
    looked, find_spec = [], importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: looked.append(name) or find_spec(name, *a))
    first = uptodate._libraries()
    init = str(tmp_path / "alpha_shaper" / "__init__.py")
    (tmp_path / "alpha_shaper" / "__init__.py").write_text("VERSION = 22\n")  # upgraded in place
    (tmp_path / "not_installed_yet").mkdir()
    (tmp_path / "not_installed_yet" / "__init__.py").write_text("")
    sys.path_importer_cache.clear()
    importlib.invalidate_caches()
    second = uptodate._libraries()
    assert looked == ["alpha_shaper", "beta_shaper", "not_installed_yet", "not_installed_yet"]
    assert first[init] != second[init] == uptodate.stat_of(init)
    assert str(tmp_path / "not_installed_yet" / "__init__.py") in second


@pytest.mark.parametrize(
    "arguments",
    [
        ["search", "python", "packaging"],
        ["search", "transformers", "--json", "-n", "3"],
        ["related", "entries/2021/02/ai-summer-transformer.md", "--limit=2"],
        ["related", "deploying models to production"],
        ["search", "zzzqqq-nothing-like-it"],
    ],
)
def test_the_launcher_answers_search_and_related_as_click_does(example_workspace, arguments):
    """search and related are answered without click, word for word as the click commands
    answer them (the index is the local model's: the smart extra is in the test extra)."""
    assert CliRunner().invoke(main, ["index", "-w", str(example_workspace)]).exit_code == 0
    quick = launch(example_workspace, *arguments)
    os.chdir(example_workspace)  # CliRunner runs in this process: give it the launcher's folder
    try:
        slow = CliRunner().invoke(main, arguments, catch_exceptions=False)
    finally:
        os.chdir(Path(__file__).parent)
    assert quick.stdout == slow.stdout + "no click\n"
    assert quick.stderr == slow.stderr


def test_the_launchers_search_meets_a_closed_pipe_and_two_workspaces_as_click_does(example_workspace):
    """`search … | head -0` is exit 1 and nothing more; `-w missing search x -w .` is click's
    usage error (the launcher leaves two -w options to click)."""
    assert CliRunner().invoke(main, ["index", "-w", str(example_workspace)]).exit_code == 0
    reader, writer = os.pipe()
    os.close(reader)
    try:
        code = "import sys; sys.argv = ['newsletter', 'search', 'jax']\nfrom newsletter.cli.launch import run; run()"
        closed = subprocess.run(
            [sys.executable, "-c", code], cwd=example_workspace, stdout=writer, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(writer)
    assert (closed.returncode, closed.stderr) == (1, b"")
    quick = launch(example_workspace, "-w", "missing", "search", "jax", "-w", ".")
    assert "does not exist" in quick.stderr and quick.stdout.endswith("click loaded\n")


def test_the_launchers_search_errors_as_click_does(tmp_path):
    quick = launch(tmp_path, "search", "anything")  # no workspace here
    assert quick.stderr.startswith("Error: No newsletter.toml in ") and quick.stdout == "no click\n"
    whole = subprocess.run(
        [sys.executable, "-m", "newsletter", "search", "anything"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (whole.returncode, whole.stderr) == (1, quick.stderr)


def test_a_workspace_that_does_not_exist_is_an_error_not_the_folder_above(workspace):
    """A mistyped -w must not quietly use the workspace holding it (it did: the search walks up)."""
    typo = workspace / "entries" / "typo"
    for arguments in (["-w", str(typo), "build", "2021-02"], ["build", "2021-02", "-w", str(typo)]):
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 2 and "does not exist" in result.output, arguments
        quick = launch(workspace, *arguments)
        assert "does not exist" in quick.stderr and "is up to date" not in quick.stderr


def test_related_to_a_missing_entry_file_says_so(example_workspace):
    assert CliRunner().invoke(main, ["index", "-w", str(example_workspace)]).exit_code == 0
    quick = launch(example_workspace, "related", "entries/2021/02/no-such-entry.md")
    assert quick.stderr == (
        "Error: entries/2021/02/no-such-entry.md: no such entry file; give an entry's path, its link, or some text.\n"
    )


def test_the_launchers_plain_build_is_the_current_edition_of_the_workspaces_cadence(tmp_path):
    """`newsletter build` without a PERIOD: the launcher took it for this month, whatever
    `cadence` says. Which edition it means needs the settings, so the first plain build of a
    day reads them; after that the launcher knows it, until the settings or the day change."""

    from newsletter import config
    from newsletter.models import Period

    root = link_workspace(tmp_path / "ws", [], 1)
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('name = "Test"', 'name = "Test"\ncadence = "weekly"'))
    today = config.load(root).today()  # the workspace's, as the build takes it
    entry = root / "entries" / f"{today:%Y}" / f"{today:%m}" / "today.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(f"---\ntype: book\ntitle: A book\ndate: {today}\n---\nRead it.\n")
    week = Period.week_of(today).key
    first = launch(root, "build", "--offline")
    assert first.stderr == f"Built {week}: 1 entry in 1 section.\n" and first.stdout.endswith("no click\n")
    again = launch(root, "build", "--offline", loaded="newsletter.build")  # from its stamp: no pipeline
    assert again.stderr.startswith(f"{week} is up to date") and again.stdout == "no newsletter.build\n"
    settings.write_text(settings.read_text().replace('cadence = "weekly"', 'cadence = "monthly"'))
    monthly = launch(root, "build", "--offline")
    assert monthly.stderr == f"Built {today:%Y-%m}: 1 entry in 1 section.\n"
    assert launch(root, "build", "--offline").stderr.startswith(f"{today:%Y-%m} is up to date")


def test_the_launchers_current_edition_ends_when_the_workspaces_period_does(tmp_path, monkeypatch):
    """The launcher's record of the current edition held for the machine's day, while which
    edition is current goes by today in the workspace's timezone: an author in Tokyo on a UTC
    server who built on the evening of a month's last day still got that month's 'up to date'
    at 1 am on the 1st, the next month's edition not built."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from newsletter import config

    root = link_workspace(tmp_path / "ws", [], 1)
    settings_file = root / "newsletter.toml"
    settings_file.write_text(
        settings_file.read_text().replace('name = "Test"', 'name = "Test"\ntimezone = "Asia/Tokyo"')
    )
    settings = config.load(root)
    span = settings.period(None)
    uptodate.remember(settings, span)
    assert uptodate.current(str(root)) == span.key
    next_period = dt.datetime.combine(span.end + dt.timedelta(days=1), dt.time(0, 30), ZoneInfo("Asia/Tokyo"))
    monkeypatch.setattr(uptodate.time, "time", lambda: next_period.timestamp())
    assert uptodate.current(str(root)) is None


@pytest.mark.parametrize("root", ["/ws", "/ws/", "/", "ws", "/ws/./x", "/ws/../ws", "//ws", "/w s/é"])
def test_a_stamps_relative_paths_are_relpaths(root):
    """A stamp names each file relative to the workspace, cut off the root where relpath would
    say the same (workspace.relative); whatever the two look like, it says what relpath says."""
    from newsletter.workspace import relative

    base = root.rstrip("/") or "/"
    tails = ["a", "a/b.md", "a//b", "a/./b", "a/../b", "..", "../x", ".", "a/", "..a", "a/..", ""]
    for path in [root, base, "/elsewhere/a", "ws/a", "/ws2/a", *(f"{base}/{tail}" for tail in tails)]:
        assert relative(path, root) == os.path.relpath(path, root), (path, root)
        assert relative(Path(path), Path(root)) == os.path.relpath(Path(path), Path(root)), (path, root)


def build_all(root: Path, *options: str):
    return CliRunner().invoke(main, ["build", "--all", "-w", str(root), *options], catch_exceptions=False)


def _a_march_edition(root: Path, server) -> None:
    server.expect_request("/march").respond_with_data(PAGE.format(title="March"), content_type="text/html")
    march = root / "entries/2021/03"
    march.mkdir()
    (march / "m.md").write_text(f"---\ntype: article\nurl: {url_of(server, '/march')}\ndate: 2021-03-02\n---\nM.\n")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_all_leaves_every_edition_it_built_up_to_date(workspace, server, jobs):
    """`build --all` wrote no stamps: after a template change a user ran it, then `build 2021-03`,
    and waited for March to be built a second time ("Built", not "up to date"). Each edition it
    builds now leaves what a plain build of it leaves, whether built here or in a worker."""
    _a_march_edition(workspace, server)
    (workspace / "templates").mkdir()
    (workspace / "templates/email.txt.j2").write_text("{{ edition.title }}\n")  # what --all is run after
    everything = build_all(workspace, "--jobs", jobs)
    assert everything.exit_code == 0
    assert "Built 2021-02" in everything.stderr and "Built 2021-03" in everything.stderr
    before, requests = outputs(workspace), len(server.log)
    for period in ("2021-02", "2021-03"):
        again = build(workspace, period=period)
        assert up_to_date(again) and again.stdout == "", (period, again.stderr)
    assert outputs(workspace) == before and len(server.log) == requests


@pytest.mark.parametrize("change", ["an entry", "a workspace template", "the settings", "expired metadata"])
def test_an_edition_build_all_built_is_still_rebuilt_when_an_input_changes(workspace, server, change):
    _a_march_edition(workspace, server)
    assert build_all(workspace, "--jobs", "1").exit_code == 0
    if change == "an entry":
        entry = workspace / "entries/2021/02/entry-1.md"
        entry.write_text(entry.read_text().replace("Note 1.", "Note one, rewritten."))
    elif change == "a workspace template":
        (workspace / "templates").mkdir()
        (workspace / "templates/email.txt.j2").write_text("{{ edition.title }}\n")
    elif change == "the settings":
        settings = workspace / "newsletter.toml"
        settings.write_text(settings.read_text().replace('name = "Test"', 'name = "Another name"'))
    else:
        import sqlite3

        with sqlite3.connect(workspace / ".newsletter" / FILENAME) as db:
            db.execute("UPDATE metadata SET fetched_at = fetched_at - 40 * 86400")
    assert "Built 2021-02" in build(workspace).stderr, change
    assert up_to_date(build(workspace)), change


def test_an_edition_build_all_could_not_build_keeps_no_stamp(workspace, server):
    """A failed edition's next build says why again, never "up to date"; the others are stamped."""
    _a_march_edition(workspace, server)
    assert "Built 2021-03" in build(workspace, period="2021-03").stderr
    (workspace / "entries/2021/03/broken.md").write_text("---\ntype: article\ndate: 2021-03-05\n---\nNo link.\n")
    everything = build_all(workspace, "--jobs", "1")
    assert "2021-03: " in everything.stderr and "Built 2021-02" in everything.stderr
    assert not (workspace / uptodate.STAMPS / "2021-03").exists()
    assert up_to_date(build(workspace))
    again = build(workspace, period="2021-03")
    assert not up_to_date(again) and "broken.md" in again.stderr


def test_build_all_stamps_only_its_newest_editions(workspace, server, monkeypatch):
    """A stamp costs an edition what a plain build's does, an eighth of its build: `build --all`
    leaves only the newest editions up to date, the ones built next by name (all_stamps.NEWEST);
    an older one's next build is a full one, as before stamps, and says so."""
    from newsletter.commands import all_stamps

    _a_march_edition(workspace, server)
    monkeypatch.setattr(all_stamps, "NEWEST", 1)
    february = workspace / uptodate.STAMPS / "2021-02"
    plain = february.read_bytes()  # the fixture's own build's
    assert build_all(workspace, "--jobs", "1").exit_code == 0
    assert sorted(p.name for p in (workspace / uptodate.STAMPS).iterdir()) == ["2021-02", "2021-03"]
    assert february.read_bytes() == plain  # not stamped again: stale, as March's record is new
    assert up_to_date(build(workspace, period="2021-03"))
    assert "Built 2021-02" in build(workspace, period="2021-02").stderr
