"""A hostile or broken web archive: answers of the wrong shape, answers that never end, copies
that are no clean address. A real local server speaks for the archive; `newsletter archive` and
`build` (which archives too when [archive] on_build is set) run for real against it."""

import json
import re
import time
import tomllib

import pytest
from click.testing import CliRunner
from werkzeug import Request, Response

from newsletter.cli import main

SETTINGS = '[newsletter]\nname = "Test"\n'
STAMP = "20200705093000"


@pytest.fixture
def archive_at(tmp_path, server, monkeypatch):
    """A workspace of one July 2020 link whose archive is `server`, answering as a test says."""
    monkeypatch.setattr("newsletter.links.wayback.Wayback.backoff", 0.01)
    monkeypatch.delenv("IA_ACCESS_KEY", raising=False)
    monkeypatch.delenv("IA_SECRET_KEY", raising=False)
    base = server.url_for("").rstrip("/")

    def workspace(*, wait: float = 5.0, timeout: float = 5.0, on_build: bool = False):
        (tmp_path / "newsletter.toml").write_text(
            SETTINGS
            + f"[archive]\non_build = {'true' if on_build else 'false'}\n"
            + f'availability_url = "{base}/available"\ntimemap_url = "{base}/timemap/"\n'
            + f'save_url = "{base}/save"\nsnapshot_url = "https://archive.test/web/"\npoll_seconds = 0.01\n'
            + f"wait_seconds = {wait}\nbuild_wait_seconds = {wait}\ntimeout = {timeout}\nmax_retry_after = 1.0\n"
            + "[fetch]\ntimeout = 1\n"
        )
        (tmp_path / "entries/2020/07").mkdir(parents=True, exist_ok=True)
        (tmp_path / "entries/2020/07/a.md").write_text(
            "---\ntype: article\nurl: https://example.com/a\ndate: 2020-07-06\ntitle: A\n---\nNotes.\n"
        )
        return tmp_path

    return workspace


def answers(server, available=None, timemap=None, save=None, status=None):
    """The archive's four endpoints, each answering the given (body, content type) or 404/400."""

    def reply(what, fallback):
        def handler(request: Request) -> Response:
            if what is None:
                return fallback
            return what(request) if callable(what) else Response(what, content_type="application/json")

        return handler

    server.expect_request("/available").respond_with_handler(
        reply(available, Response('{"archived_snapshots": {}}', content_type="application/json"))
    )
    server.expect_request(re.compile("^/timemap/.*")).respond_with_handler(reply(timemap, Response("", status=404)))
    server.expect_request("/save", method="POST").respond_with_handler(
        reply(save, Response('{"message": "no captures here"}', status=400, content_type="application/json"))
    )
    server.expect_request(re.compile("^/save/status/.*")).respond_with_handler(
        reply(status, Response('{"status": "error", "message": "no such job"}', content_type="application/json"))
    )


def closest(value) -> str:
    return json.dumps({"url": "https://example.com/a", "archived_snapshots": {"closest": value}})


@pytest.mark.parametrize(
    "available",
    [
        closest("20200705093000"),
        closest([{"url": "https://archive.test/web/x", "timestamp": STAMP}]),
        json.dumps({"archived_snapshots": ["closest"]}),
        json.dumps(["archived_snapshots"]),
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=["closest-text", "closest-list", "snapshots-list", "answer-list", "nested-too-deep"],
)
@pytest.mark.parametrize("command", ["archive", "build"])
def test_an_availability_answer_of_another_shape_is_no_capture_not_a_traceback(archive_at, server, available, command):
    """The availability API's `closest` as text or a list ended `archive`, and every `build` of
    the month once archiving on build was on (`init`'s default), in an AttributeError
    traceback; JSON nested deeper than Python's recursion limit in a RecursionError. Such an
    answer knows no capture: the TimeMap is asked, then a capture is tried, as for none."""
    answers(server, available=available)
    root = archive_at(on_build=command == "build")
    result = CliRunner().invoke(main, [command, "2020-07", "-w", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    said = result.stdout if command == "archive" else result.stderr
    assert ("no captures here" if command == "archive" else "archive: 1 refused") in said, result.output
    timemap_asked = [r for r, _ in server.log if r.path.startswith("/timemap/")]
    assert timemap_asked


@pytest.mark.parametrize(
    "status", [json.dumps(["success"]), "[" * 100_000 + "]" * 100_000], ids=["answer-list", "nested-too-deep"]
)
def test_a_capture_status_of_another_shape_is_a_failed_capture_not_a_traceback(archive_at, server, status):
    answers(server, save=json.dumps({"job_id": "spn2-0123456789abcdef"}), status=status)
    root = archive_at()
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    assert "failed   https://example.com/a  the capture status was not JSON" in result.stdout


def test_a_save_answer_nested_too_deep_is_a_refusal_not_a_traceback(archive_at, server):
    answers(server, save="[" * 100_000 + "]" * 100_000)
    root = archive_at()
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    assert "refused  https://example.com/a  HTTP 200, no capture job" in result.stdout


def trickle(seconds: float, sent_whole: list):
    """An answer that comes a byte every tenth of a second for `seconds` (httpx's read timeout,
    for each read, never trips), appending True to `sent_whole` if it was read to its end."""

    def handler(request: Request) -> Response:
        def body():
            end = time.monotonic() + seconds
            yield b'<https://example.com/a>; rel="original"'
            while time.monotonic() < end:
                time.sleep(0.1)
                yield b" "
            sent_whole.append(True)

        return Response(body(), content_type="application/link-format")

    return handler


@pytest.mark.parametrize("command", ["archive", "build"])
def test_an_answer_that_trickles_in_ends_with_the_runs_time(archive_at, server, command):
    """A TimeMap sent a byte at a time held `archive` past its `wait_seconds`, and `build` past
    its `build_wait_seconds`, for as long as it came (a popular page's TimeMap of millions of
    captures comes for minutes), then said the run's time was up before the link was asked.
    The request ends with the run's time and one request's timeout, and says so."""
    sent_whole = []
    answers(server, timemap=trickle(20, sent_whole))
    root = archive_at(wait=0.5, timeout=0.5, on_build=command == "build")
    result = CliRunner().invoke(main, [command, "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    assert sent_whole == []  # the command was over long before the answer
    if command == "archive":
        assert result.stdout == (
            "failed   https://example.com/a  the archive's answer was still coming when this run's 0.5 s were up; "
            "the next run asks again\n"
        )
    else:
        assert "archive: 1 failed" in result.stderr


@pytest.mark.parametrize(
    "copy",
    [
        "https://web.archive.org/web/20200705093000/https://example.com/a\x1b]0;owned\x07\x1b[2J",
        "https://web.archive.org/web/20200705093000/https://example.com/\u202egnp.exe",
        "https://web.archive.org/web/20200705093000/https://example.com/" + "a" * 100_000,
    ],
    ids=["escape-sequences", "bidi-override", "100-kb"],
)
def test_a_copy_whose_address_is_no_clean_link_is_not_believed(archive_at, server, copy):
    """The archive's copy was believed whatever followed its http(s)://: escape sequences went
    to the terminal as `archive` reported the link (the terminal took them for commands), and
    with a bidi override or 100 KB of address into _archive.toml, and from there into the post,
    the email and the feeds. Such an answer, from the availability API or as the original of a
    capture, is no copy, as a javascript: one is not."""
    available = closest({"available": True, "status": "200", "timestamp": STAMP, "url": copy})
    success = {"status": "success", "timestamp": "20200707101500", "original_url": copy.split("/web/")[1][15:]}
    answers(
        server, available=available, save=json.dumps({"job_id": "spn2-0123456789abcdef"}), status=json.dumps(success)
    )
    root = archive_at()
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    saved = "https://archive.test/web/20200707101500/https://example.com/a"
    assert result.stdout == f"saved    https://example.com/a  {saved} (captured 2020-07-07 10:15 UTC)\n"
    recorded = tomllib.loads((root / "entries/2020/07/_archive.toml").read_text())
    assert [link["versionurl"] for link in recorded["link"]] == [saved]


@pytest.mark.parametrize("job", ["spn2-\x1b[2J", "../../status/x", "j" * 100_000, ["spn2-1"]])
def test_a_capture_job_that_is_no_job_id_is_a_refusal_not_a_traceback(archive_at, server, job):
    """Save Page Now's `job_id` went into the address its status was asked at as it came: a
    control character in it ended `archive` (and a build that archives) in an httpx.InvalidURL
    traceback, as did 100 KB of it ('URL too long'); '../../status/x' asked another of the
    archive's addresses. Only an id of letters, digits, '-' and '_' is followed."""
    answers(server, save=json.dumps({"job_id": job}))
    root = archive_at()
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    assert result.stdout.startswith("refused  https://example.com/a  HTTP 200, no capture job;"), result.stdout
    assert not [r for r, _ in server.log if r.path.startswith("/status/") or "/save/status/" in r.path]


def test_a_pending_job_edited_into_no_job_id_is_not_followed(archive_at, server):
    answers(server, save=json.dumps({"job_id": "spn2-0123456789abcdef"}))
    root = archive_at()
    (root / "entries/2020/07/_archive.toml").write_text(
        '[[link]]\nurl = "https://example.com/a"\npending_job = "spn2-\\u001b[2J"\n'
    )
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    assert result.stdout.startswith("failed   https://example.com/a  the capture failed: no such job"), result.stdout


def test_a_copy_whose_address_holds_an_apostrophe_is_believed(archive_at, server):
    """Wikipedia's "Schrödinger's_cat" and a blog's "/dont-panic-its-fine'" keep their apostrophe
    in the address, and so does the archive's copy of them: the copy was refused as no clean
    link, the link left without one however often it was archived. The apostrophe is sent on
    as %27, which reaches the same capture and can close no quoted attribute."""
    copy = "http://web.archive.org/web/20200705093000/https://en.wikipedia.org/wiki/Schr%C3%B6dinger's_cat"
    answers(server, available=closest({"available": True, "status": "200", "timestamp": STAMP, "url": copy}))
    root = archive_at()
    result = CliRunner().invoke(main, ["archive", "2020-07", "-w", str(root)])
    assert result.exception is None, result.exception
    recorded = tomllib.loads((root / "entries/2020/07/_archive.toml").read_text())
    assert [link["versionurl"] for link in recorded["link"]] == [
        "https://web.archive.org/web/20200705093000/https://en.wikipedia.org/wiki/Schr%C3%B6dinger%27s_cat"
    ]
