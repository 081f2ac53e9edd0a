"""`newsletter archive` against a local Wayback-compatible archive (tests/fake_wayback.py): existing
captures, Save Page Now 2 jobs, rate limits, refusals; what is recorded in _archive.toml."""

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.archive import archive
from newsletter.links.archived import ArchiveFile, Record, dump, parse
from newsletter.links.wayback import mementos, skip_reason

from fake_wayback import FakeWayback

SETTINGS = '[newsletter]\nname = "Test"\n'


def job(number: int) -> str:
    return f"spn2-{number:040x}"


@pytest.fixture
def wayback(httpserver):
    return FakeWayback(httpserver)


@pytest.fixture
def workspace(tmp_path, wayback, monkeypatch):
    monkeypatch.setattr("newsletter.links.wayback.Wayback.backoff", 0.01)
    monkeypatch.delenv("IA_ACCESS_KEY", raising=False)
    monkeypatch.delenv("IA_SECRET_KEY", raising=False)
    (tmp_path / "newsletter.toml").write_text(SETTINGS + wayback.settings())
    (tmp_path / "entries/2020/07").mkdir(parents=True)
    return tmp_path


def entry(root, slug: str, url: str, day: str = "2020-07-06") -> None:
    (root / "entries/2020/07" / f"{slug}.md").write_text(
        f"---\ntype: article\nurl: {url}\ndate: {day}\ntitle: {slug}\n---\nNotes.\n"
    )


def statuses(run) -> dict[str, str]:
    return {outcome.url: outcome.status for outcome in run.outcomes}


def recorded(root) -> dict[str, dict]:
    text = (root / "entries/2020/07/_archive.toml").read_text()
    return {link["url"]: link for link in tomllib.loads(text)["link"]}


def test_found_by_either_lookup_else_saved_and_recorded_beside_the_entries(workspace, wayback, monkeypatch):
    monkeypatch.setenv("IA_ACCESS_KEY", "access-123")
    monkeypatch.setenv("IA_SECRET_KEY", "secret-456")
    entry(workspace, "a", "https://example.com/a")
    entry(workspace, "b", "https://example.com/b")
    entry(workspace, "c", "https://example.com/c")
    wayback.available["https://example.com/a"] = "20200705093000"
    wayback.available["https://example.com/c"] = "20190101000000"  # too old: not "around the date"
    wayback.timemap["https://example.com/b"] = ["20100101000000", "20200720080000"]
    wayback.jobs[job(1)] = [
        {"status": "pending"},
        {"status": "success", "timestamp": "20200707101500", "original_url": "https://example.com/c"},
    ]

    run = archive(workspace, "2020-07")

    assert statuses(run) == {
        "https://example.com/a": "found",
        "https://example.com/b": "found",
        "https://example.com/c": "saved",
    }
    assert wayback.saved == ["https://example.com/c"]
    assert recorded(workspace) == {
        "https://example.com/a": {
            "url": "https://example.com/a",
            "versiondate": "2020-07-05T09:30:00Z",
            "versionurl": "https://web.archive.org/web/20200705093000/https://example.com/a",
        },
        "https://example.com/b": {
            "url": "https://example.com/b",
            "versiondate": "2020-07-20T08:00:00Z",
            "versionurl": "https://web.archive.org/web/20200720080000/https://example.com/b",
        },
        "https://example.com/c": {
            "url": "https://example.com/c",
            "versiondate": "2020-07-07T10:15:00Z",
            "versionurl": "https://archive.test/web/20200707101500/https://example.com/c",
        },
    }
    saves = [auth for method, path, auth in wayback.requests if path.startswith("/save")]
    assert saves and set(saves) == {"LOW access-123:secret-456"}
    # the keys go into that header only: not the file, not the report, not .newsletter/
    text = (workspace / "entries/2020/07/_archive.toml").read_text() + "\n".join(run.lines()) + run.summary()
    assert "secret-456" not in text and "access-123" not in text
    assert not (workspace / ".newsletter").exists() or "secret-456" not in "".join(
        p.read_text(errors="replace") for p in (workspace / ".newsletter").rglob("*") if p.is_file()
    )

    # a second run asks nothing: what was recorded stands
    wayback.requests.clear()
    again = archive(workspace, "2020-07")
    assert set(statuses(again).values()) == {"found"} and wayback.requests == []


def test_an_archive_answering_a_copy_that_is_no_web_address_is_not_believed(workspace, wayback):
    """The availability API's `url` and the TimeMap's memento addresses were recorded as the
    copy whatever they were: javascript: went into _archive.toml, and from there into the
    post's and the email's links (or, now that the file is checked, stopped every build)."""
    entry(workspace, "a", "https://example.com/a")
    entry(workspace, "b", "https://example.com/b")
    wayback.available["https://example.com/a"] = "20200705093000"
    wayback.copies["https://example.com/a"] = "javascript:alert(1)"
    wayback.timemap["https://example.com/b"] = ["20200720080000"]
    wayback.copies["https://example.com/b"] = "data:text/html,<script>alert(2)</script>"
    run = archive(workspace, "2020-07")
    assert statuses(run) == {"https://example.com/a": "saved", "https://example.com/b": "saved"}
    copies = {url: link["versionurl"] for url, link in recorded(workspace).items()}
    assert copies == {
        "https://example.com/a": "https://archive.test/web/20200707101500/https://example.com/a",
        "https://example.com/b": "https://archive.test/web/20200707101500/https://example.com/b",
    }


def test_a_capture_still_running_is_left_pending_and_picked_up_by_the_next_run(workspace, wayback):
    (workspace / "newsletter.toml").write_text(SETTINGS + wayback.settings(wait_seconds=1.0, poll_seconds=0.05))
    entry(workspace, "slow", "https://example.com/slow")
    wayback.jobs[job(1)] = [{"status": "pending"}]

    first = archive(workspace, "2020-07")
    assert statuses(first) == {"https://example.com/slow": "pending"}
    assert recorded(workspace)["https://example.com/slow"] == {"url": "https://example.com/slow", "pending_job": job(1)}

    wayback.jobs[job(1)] = [{"status": "success", "timestamp": "20200706120000"}]
    second = archive(workspace, "2020-07")
    assert statuses(second) == {"https://example.com/slow": "saved"}
    assert wayback.saved == ["https://example.com/slow"]  # not submitted twice
    assert "pending_job" not in recorded(workspace)["https://example.com/slow"]


def test_429_is_waited_out_as_retry_after_says_and_5xx_retried(workspace, wayback):
    entry(workspace, "busy", "https://example.com/busy")
    wayback.available_status = [503]  # the TimeMap still answers
    wayback.save_answers = [
        (429, {"Retry-After": "1"}, {"message": "slow down"}),
        (502, {}, {"message": "bad gateway"}),
    ]
    run = archive(workspace, "2020-07")
    assert statuses(run) == {"https://example.com/busy": "saved"}
    posts = [path for method, path, _ in wayback.requests if method == "POST"]
    assert posts == ["/save", "/save", "/save"]


def test_a_long_retry_after_leaves_the_link_for_a_later_run(workspace, wayback):
    entry(workspace, "later", "https://example.com/later")
    wayback.save_answers = [(429, {"Retry-After": "3600"}, {"message": "too many"})]
    run = archive(workspace, "2020-07")
    [outcome] = run.outcomes
    assert (outcome.status, outcome.detail) == (
        "failed",
        "the archive is busy (HTTP 429) (it asks to wait 3600 s); run `newsletter archive` later",
    )


def test_once_the_runs_time_is_up_nothing_new_is_asked(workspace, wayback):
    (workspace / "newsletter.toml").write_text(SETTINGS + wayback.settings(wait_seconds=0))
    entry(workspace, "late", "https://example.com/late")
    [outcome] = archive(workspace, "2020-07").outcomes
    assert (outcome.status, outcome.detail) == ("failed", "not asked: this run's 0 s were up; the next run asks")
    assert wayback.requests == []


def test_a_capture_that_fails_is_reported_with_the_archives_reason(workspace, wayback):
    entry(workspace, "broken", "https://example.com/broken")
    wayback.jobs[job(1)] = [
        {"status": "error", "status_ext": "error:too-many-redirects", "message": "Too many redirects."}
    ]
    [outcome] = archive(workspace, "2020-07").outcomes
    assert (outcome.status, outcome.detail) == ("failed", "the capture failed: Too many redirects.")
    assert not (workspace / "entries/2020/07/_archive.toml").exists()


def test_the_archives_reason_reaches_the_terminal_without_escape_sequences(workspace, wayback):
    """The archive's reason is printed as `archive` reports the link: one holding '\x1b]0;…\x07'
    had the terminal take it for a command."""
    entry(workspace, "broken", "https://example.com/broken")
    wayback.jobs[job(1)] = [{"status": "error", "message": "Too \x1b]0;owned\x07many\x1b[2J redirects."}]
    [outcome] = archive(workspace, "2020-07").outcomes
    assert (outcome.status, outcome.detail) == ("failed", "the capture failed: Too ]0;ownedmany[2J redirects.")


def test_without_keys_the_public_endpoint_is_tried_and_a_refusal_said_plainly(workspace, wayback):
    entry(workspace, "anon", "https://example.com/anon")
    wayback.save_answers = [(403, {}, {"message": "Anonymous captures are not allowed."})]
    [outcome] = archive(workspace, "2020-07").outcomes
    assert outcome.status == "refused"
    assert outcome.detail == (
        "the archive refused the capture (HTTP 403); set IA_ACCESS_KEY and IA_SECRET_KEY "
        "to use Save Page Now with your archive.org keys"
    )
    assert {auth for _, _, auth in wayback.requests} == {""}


def test_private_and_file_links_are_skipped_without_asking(workspace, wayback):
    entry(workspace, "lan", "http://192.168.1.10/wiki")
    entry(workspace, "host", "http://intranet.local/page")
    run = archive(workspace, "2020-07")
    assert set(statuses(run).values()) == {"skipped"}
    assert wayback.requests == []
    assert skip_reason("file:///home/me/paper.pdf") == "a file: link, not on the web"


def test_the_command_reports_each_link_and_offline_does_nothing(workspace, wayback, monkeypatch):
    monkeypatch.chdir(workspace)
    entry(workspace, "a", "https://example.com/a")
    wayback.available["https://example.com/a"] = "20200705093000"
    offline = CliRunner().invoke(main, ["archive", "2020-07", "--offline"])
    assert offline.exit_code == 0 and wayback.requests == []
    assert offline.stderr == "--offline: nothing archived (archiving needs the network).\n"
    result = CliRunner().invoke(main, ["archive", "2020-07"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "found    https://example.com/a  https://web.archive.org/web/20200705093000/"
        "https://example.com/a (a capture of 2020-07-05)\n"
    )
    assert result.stderr == "wrote entries/2020/07/_archive.toml\nArchive 2020-07: 1 found.\n"
    again = CliRunner().invoke(main, ["archive", "2020-07"])  # the copy is in _archive.toml now
    assert again.stdout == (  # it said "(recorded already (a capture of 2020-07-05))"
        "found    https://example.com/a  https://web.archive.org/web/20200705093000/"
        "https://example.com/a (a capture of 2020-07-05, recorded already)\n"
    )


def test_an_archive_that_cannot_be_reached_at_all_fails_the_command(tmp_path, monkeypatch):
    """With no network every link failed "cannot reach the archive", and the command exited 0
    in yellow: a monthly job took the month for archived."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    (tmp_path / "newsletter.toml").write_text(
        SETTINGS + f'[archive]\navailability_url = "{closed}/available"\ntimemap_url = "{closed}/timemap/"\n'
        f'save_url = "{closed}/save"\n'
    )
    (tmp_path / "entries/2020/07").mkdir(parents=True)
    entry(tmp_path, "a", "https://example.com/a")
    entry(tmp_path, "b", "https://example.com/b")
    monkeypatch.setattr("newsletter.links.wayback.Wayback.backoff", 0.01)
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(tmp_path)])
    assert result.exit_code == 1
    why = f"({closed.removeprefix('http://')} refused the connection)"
    assert result.stdout.count(f"cannot reach the archive {why}") == 2
    assert "Error" not in result.output  # it said "(ConnectError)", a Python class's name
    assert "could not be reached for any link (no network?)" in result.stderr
    assert "`newsletter archive 2020-07` again" in result.stderr


def test_the_archive_file_reads_back_what_it_wrote_and_names_its_problems(tmp_path):
    import datetime as dt

    records = [
        Record(
            "https://example.com/z",
            gone_reason="HTTP 404",
            gone_since=dt.date(2026, 11, 1),
            gone_seen=dt.date(2026, 11, 5),
        ),
        Record('https://example.com/a\u0085"', versionurl="https://w/1", versiondate="2020-07-05T00:00:00Z"),
    ]
    text = dump(records)
    assert parse(text, tmp_path / "x.toml") == sorted(records, key=lambda r: r.url)
    assert records[0].dead(3) and not records[0].dead(5)
    with pytest.raises(Exception, match=r"x.toml: \[\[link\]\] https://e has unknown key\(s\) colour"):
        parse('[[link]]\nurl = "https://e"\ncolour = "red"\n', tmp_path / "x.toml")
    file = ArchiveFile(tmp_path / "2020/07/_archive.toml")
    assert file.save() is False and not file.path.exists()  # nothing to record: no file


def test_an_archive_record_nested_past_pythons_limit_is_named_not_a_traceback(tmp_path):
    """An _archive.toml of `x = [[[…` 100,000 deep (a synced or damaged one) ended `archive` and
    the build in a RecursionError traceback: TOML's reader recurses into each array (attack 31)."""
    from newsletter.errors import NewsletterError

    with pytest.raises(NewsletterError, match=r"x.toml: its values nest deeper than Python reads; remove"):
        parse("x = " + "[" * 100_000 + "]" * 100_000 + "\n", tmp_path / "x.toml")


def test_timemap_link_format_parsing():
    text = (
        '<http://a.example/>; rel="original",\n'
        '<http://web.archive.org/web/timemap/link/http://a.example/>; rel="self"; type="application/link-format",\n'
        '<http://web.archive.org/web/19970103000000/http://a.example/>; rel="first memento"; '
        'datetime="Fri, 03 Jan 1997 00:00:00 GMT",\n'
        '<http://web.archive.org/web/20020120142510/http://a.example/?q=1,2>; rel="memento"; '
        'datetime="Sun, 20 Jan 2002 14:25:10 GMT"\n'
    )
    assert [(url, when.isoformat()) for url, when in mementos(text)] == [
        ("http://web.archive.org/web/19970103000000/http://a.example/", "1997-01-03T00:00:00+00:00"),
        ("http://web.archive.org/web/20020120142510/http://a.example/?q=1,2", "2002-01-20T14:25:10+00:00"),
    ]


def test_init_turns_archiving_on_and_the_example_keeps_it_off(tmp_path):
    import datetime as dt

    from newsletter import config
    from newsletter.commands.init import init

    init(tmp_path / "new", "Notes", "Ada", dt.date(2026, 11, 30))
    assert config.load(tmp_path / "new").archive.on_build is True
    assert (tmp_path / "new/site/layouts/_default/_markup/render-link.html").is_file()
    assert config.load(Path(__file__).resolve().parent.parent).archive.on_build is False


@pytest.mark.parametrize(
    "body, message",
    [
        ("link = 5", r"`link` should be \[\[link\]\] tables"),
        ('[[link]]\nurl = "https://e.example/a"\nversionurl = 5', r"https://e.example/a: versionurl should be text"),
        ('[[link]]\nurl = "https://e.example/a"\nversiondate = 2020-01-01', "versiondate should be text"),
        (
            '[[link]]\nurl = "https://e.example/a"\ngone_since = 2026-11-01T00:00:00\ngone_seen = 2026-11-09',
            "gone_since should be a date like 2026-11-01",
        ),
        (
            '[[link]]\nurl = "https://e.example/a"\nversionurl = "javascript:alert(1)"',
            "versionurl 'javascript:alert\\(1\\)' is not a web address",
        ),
        (  # a bidi override and an escape sequence: into the links, and to the terminal as it said so
            '[[link]]\nurl = "https://e.example/a"\n'
            'versionurl = "https://web.archive.org/web/2020/https://e.example/\\u202egpj.exe\\u001b[2J"',
            "versionurl 'https://web.archive.org/web/2020/https://e.example/gpj.exe\\[2J' is not a web address",
        ),
    ],
)
def test_a_hand_edited_archive_file_is_named_not_a_traceback_nor_a_script_link(example_workspace, body, message):
    """_archive.toml is committed and may be edited by hand (or come in a pull request): a value
    of the wrong type raised TypeError/AttributeError out of build and check, and a copy's
    address went unchecked into the post's link, the email and the web page (javascript:), or
    with a bidi override or an escape sequence in it, which the message then printed as it was."""
    path = example_workspace / "entries/2021/02/_archive.toml"
    path.write_text(body + "\ngone_reason = 'HTTP 404'\n" if "gone_since" in body else body + "\n")
    for command in (["build", "2021-02", "--offline", "--force"], ["check", "--all"]):
        result = CliRunner().invoke(main, [*command, "-w", str(example_workspace)])
        assert result.exit_code == 1 and not isinstance(result.exception, (TypeError, AttributeError)), result.output
        assert re.search(message, result.output) and "_archive.toml" in result.output, result.output
        assert not re.search("[\x1b\u202e]", result.output)
    assert not list(example_workspace.glob("site/content/posts/*/index.md"))


def test_a_link_check_saw_gone_gets_the_closest_capture_from_before_not_a_new_one(workspace, wayback):
    """New user 45 (Ingrid, six years of links): her 2020 talk's page, which `check` had recorded
    gone (its site now sends it home), had no capture within 30 days of her entry, so `archive`
    asked Save Page Now for one, which kept what the link leads to now: the site's home page, or an
    error page, linked from then on as the talk. The archive's capture closest to the entry from
    before the link was gone is the copy, however far; none, and it says so and captures nothing."""
    entry(workspace, "talk", "https://example.com/talk")
    entry(workspace, "never", "https://example.com/never")
    entry(workspace, "late", "https://example.com/late")
    gone = (
        "gone_reason = 'sent to the home page https://example.com/'\ngone_since = 2026-11-01\ngone_seen = 2026-11-05\n"
    )
    (workspace / "entries/2020/07/_archive.toml").write_text(
        "".join(f"[[link]]\nurl = 'https://example.com/{slug}'\n{gone}\n" for slug in ("talk", "never", "late"))
    )
    wayback.timemap["https://example.com/talk"] = ["20180101000000", "20200301000000", "20261102000000"]
    wayback.timemap["https://example.com/late"] = ["20261102000000"]  # the home page it now leads to

    run = archive(workspace, "2020-07")

    assert wayback.saved == []
    assert statuses(run) == {
        "https://example.com/talk": "found",
        "https://example.com/never": "failed",
        "https://example.com/late": "failed",
    }
    assert recorded(workspace)["https://example.com/talk"]["versionurl"] == (
        "https://web.archive.org/web/20200301000000/https://example.com/talk"
    )
    (never,) = [o.detail for o in run.outcomes if o.url.endswith("/never")]
    assert never == (
        "gone since 2026-11-01 (`newsletter check`), and the archive has no capture of it from before; "
        "a capture now would keep only what the link leads to now"
    )
    assert "versionurl" not in recorded(workspace)["https://example.com/late"]
