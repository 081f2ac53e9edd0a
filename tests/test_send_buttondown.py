"""`newsletter send --via buttondown` against a local server implementing Buttondown's API."""

import json
import re
import shutil
import time

import pytest
from click.testing import CliRunner

from newsletter.cli.editions import send as send_command
from newsletter.commands.send import send
from newsletter.delivery import http as delivery_http
from newsletter.errors import NewsletterError

from fake_services import API_KEY, PERIOD, FakeButtondown, build, crash_at, free_port, workspace, write_entry

ENV = {"BUTTONDOWN_API_KEY": API_KEY}


@pytest.fixture
def buttondown(httpserver):
    return FakeButtondown(httpserver)


@pytest.fixture
def waits(monkeypatch):
    slept = []
    monkeypatch.setattr(delivery_http, "sleep", slept.append)
    return slept


@pytest.fixture
def root(tmp_path, buttondown):
    return workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{buttondown.url}"\n')


def built(root) -> tuple[str, str]:
    folder = root / "dist" / PERIOD
    return (
        (folder / "newsletter.html").read_text(encoding="utf-8"),
        (folder / "build.json").read_text(encoding="utf-8"),
    )


def test_test_then_real_send_makes_exactly_these_requests(root, buttondown):
    html = built(root)[0]

    test = send(root, PERIOD, test="ann@example.com", env=ENV)
    real = send(root, PERIOD, yes=True, env=ENV)

    [email_id] = buttondown.emails
    assert buttondown.calls() == [
        ("POST", "/v1/emails"),
        ("POST", f"/v1/emails/{email_id}/send-draft"),
        ("GET", f"/v1/emails/{email_id}"),
        ("PATCH", f"/v1/emails/{email_id}"),
    ]
    create, send_draft, _, patch = buttondown.requests
    assert create.headers["Authorization"] == f"Token {API_KEY}"
    assert create.headers["X-Idempotency-Key"].startswith(f"newsletter-{PERIOD}-")
    assert create.json == {"subject": "Test Letter #2: February", "body": html, "status": "draft"}
    assert send_draft.json == {"recipients": ["ann@example.com"]}
    assert patch.json == {"status": "about_to_send"}
    assert all(r.headers["Authorization"] == f"Token {API_KEY}" for r in buttondown.requests)
    assert buttondown.drafts_sent == [(email_id, ["ann@example.com"])]
    assert buttondown.sends == [email_id]
    assert test.lines == [f"Sent a test of {PERIOD} to ann@example.com via Buttondown (draft {email_id})."]
    assert real.lines == [f"Sent {PERIOD} via Buttondown (email {email_id}, status about_to_send)."]

    with pytest.raises(NewsletterError) as again:
        send(root, PERIOD, yes=True, env=ENV)
    assert again.value.message.startswith(f"{PERIOD} was already sent via buttondown on ")
    assert again.value.message.endswith(" UTC; nothing sent.")
    assert len(buttondown.requests) == 4


def test_a_rebuild_after_the_test_updates_the_draft(root, buttondown):
    send(root, PERIOD, test="", env=ENV)
    write_entry(root, "third", 20, "A late addition")
    from fake_services import build

    build(root)
    send(root, PERIOD, yes=True, env=ENV)
    [email_id] = buttondown.emails
    assert buttondown.calls()[2:] == [
        ("GET", f"/v1/emails/{email_id}"),  # still a draft: the rebuild may go into it
        ("PATCH", f"/v1/emails/{email_id}"),
        ("GET", f"/v1/emails/{email_id}"),
        ("PATCH", f"/v1/emails/{email_id}"),
    ]
    update = buttondown.requests[3].json
    assert "A late addition" in update["body"] and set(update) == {"subject", "body"}
    assert "A late addition" in buttondown.emails[email_id]["body"]


def add_a_line_and_rebuild(root) -> None:
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nA line added after the send.\n", encoding="utf-8")
    build(root)


@pytest.mark.parametrize("status", ["sent", "scheduled", "about_to_send"])
def test_a_rebuild_never_changes_an_email_sent_or_scheduled_on_buttondown(root, buttondown, status):
    """An email sent (or scheduled) from Buttondown's dashboard after the test, then a line added
    and rebuilt: `send --yes` PATCHed the rebuild into it before looking at its status, and
    Buttondown's archive showed the line as part of what the list got. It is looked up first
    now, and left as it is; the run says the rebuild is not in it."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    buttondown.emails[email_id]["status"] = status
    went = dict(buttondown.emails[email_id])
    add_a_line_and_rebuild(root)

    result = send(root, PERIOD, yes=True, env=ENV)

    assert [c for c in buttondown.calls() if c[0] == "PATCH"] == []
    assert buttondown.emails[email_id] == went
    assert result.lines == [
        f"{PERIOD} is already {status.replace('_', ' ')} on Buttondown (email {email_id}); nothing sent again. "
        "It was left as it was there, without what changed here since."
    ]


def test_a_test_after_the_send_says_the_email_was_sent(root, buttondown):
    """Chidi (new user 39) sent himself a test after the real send, the build unchanged: the test
    was asked of the email as sent, and failed with Buttondown's own words, 'HTTP 400: Only
    drafts can be sent this way.', which said nothing of the send nor what to do."""
    send(root, PERIOD, yes=True, env=ENV)
    [email_id] = buttondown.emails

    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="ann@example.com", env=ENV)

    assert error.value.message == (
        f"{PERIOD} is no draft on Buttondown any more (email {email_id} was sent with `send --yes`), so there is "
        "no test to send: Buttondown tests drafts only. Its archive shows the email as it went; "
        f"`newsletter preview {PERIOD}` shows this build. Nothing sent."
    )
    assert buttondown.drafts_sent == [] and ("POST", f"/v1/emails/{email_id}/send-draft") not in buttondown.calls()


def test_a_test_after_the_send_and_a_rebuild_leaves_the_sent_email_as_it_went(root, buttondown):
    """Sent with this tool, then a line added and rebuilt, `send --test` to see it: the rebuild
    was PATCHed into the sent email (what the archive shows), then the test failed with
    Buttondown's 'Only drafts can be sent this way.'"""
    send(root, PERIOD, yes=True, env=ENV)
    [email_id] = buttondown.emails
    buttondown.emails[email_id]["status"] = "sent"
    went = dict(buttondown.emails[email_id])
    add_a_line_and_rebuild(root)

    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="ann@example.com", env=ENV)

    assert error.value.message == (
        f"{PERIOD} is no draft on Buttondown any more (email {email_id} is 'sent'), so there is no test to send: "
        f"it is left as it was there, without this build's changes. `newsletter preview {PERIOD}` shows this build."
    )
    assert buttondown.emails[email_id] == went and buttondown.drafts_sent == []


def test_an_email_found_by_its_key_after_a_lost_ledger_is_looked_up_before_it_is_changed(root, buttondown, monkeypatch):
    """The idempotency key finds the email an earlier run made, in the answer that run had (a
    draft): sent since from the dashboard, it was PATCHed with the rebuild all the same."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    first_answer = dict(buttondown.emails[email_id])
    buttondown.emails[email_id]["status"] = "sent"
    went = dict(buttondown.emails[email_id])
    (root / ".newsletter" / "ledger" / f"{PERIOD}.json").unlink()
    add_a_line_and_rebuild(root)
    route = buttondown.route

    def replayed(method, path, body, args):  # the first answer to the key again, as Stripe-like APIs give it
        return (201, first_answer) if (method, path) == ("POST", "/emails") else route(method, path, body, args)

    monkeypatch.setattr(buttondown, "route", replayed)
    result = send(root, PERIOD, yes=True, env=ENV)
    assert buttondown.emails[email_id] == went
    assert result.lines[0].startswith(f"{PERIOD} is already sent on Buttondown")


@pytest.mark.parametrize(
    "method, step, after_write",
    [
        ("done", "buttondown.draft", False),  # Buttondown made the draft; its id was never recorded
        ("intend", "buttondown.send", True),  # about to send: recorded, then killed
        ("done", "buttondown.send", False),  # sent, but the run died before recording it
    ],
)
def test_a_killed_run_never_makes_a_second_email_or_send(root, buttondown, monkeypatch, method, step, after_write):
    crash_at(monkeypatch, method, step, after_write=after_write)
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env=ENV)
    monkeypatch.undo()

    result = send(root, PERIOD, yes=True, env=ENV)

    assert len(buttondown.emails) == 1
    [email_id] = buttondown.emails
    assert buttondown.sends == [email_id]
    creates = [r for r in buttondown.requests if (r.method, r.path) == ("POST", "/v1/emails")]
    assert len({r.headers["X-Idempotency-Key"] for r in creates}) == 1
    if step == "buttondown.send" and method == "done":
        assert result.lines == [
            f"{PERIOD} is already about to send on Buttondown (email {email_id}); nothing sent again."
        ]
    else:
        assert result.lines == [f"Sent {PERIOD} via Buttondown (email {email_id}, status about_to_send)."]
    with pytest.raises(NewsletterError):
        send(root, PERIOD, yes=True, env=ENV)


def test_a_bad_key_names_the_variable_and_never_shows_the_key(root, buttondown):
    wrong = "bd-wrong-key-0000"
    result = CliRunner().invoke(send_command, [PERIOD, "--test", "-w", str(root)], env={"BUTTONDOWN_API_KEY": wrong})
    assert result.exit_code == 1
    assert result.output == (
        "Error: Buttondown refused the credentials while creating the draft (HTTP 401: "
        "Invalid token.); check the API key in BUTTONDOWN_API_KEY.\n"
    )
    assert buttondown.requests[0].headers["Authorization"] == f"Token {wrong}"
    ledger = (root / ".newsletter" / "ledger" / f"{PERIOD}.json").read_text()
    assert wrong not in ledger and API_KEY not in ledger


def test_no_key_set(root, buttondown):
    result = CliRunner().invoke(send_command, [PERIOD, "--yes", "-w", str(root)], env={"BUTTONDOWN_API_KEY": ""})
    assert result.output == (
        "Error: Set the environment variable BUTTONDOWN_API_KEY to your Buttondown API key "
        "(Settings > API); credentials come from the environment, never from "
        "newsletter.toml.\n"
    )
    assert buttondown.requests == []


def test_the_secret_stays_out_of_every_output_and_the_ledger(root, buttondown, waits):
    runner = CliRunner()
    # (the refused test before the send: after it, a test is refused before Buttondown is asked)
    buttondown.fail("POST", r"/v1/emails/.*/send-draft", 400, {"code": "x", "detail": f"bad {API_KEY}"})
    outputs = [
        runner.invoke(send_command, args + ["-w", str(root)], env=ENV).output
        for args in ([PERIOD], [PERIOD, "--test"], [PERIOD, "--test"], [PERIOD, "--yes"], [PERIOD, "--yes"])
    ]
    assert "Would send" in outputs[0] and "Sent" in outputs[3] and "already sent" in outputs[4]
    assert outputs[1] == ("Error: Buttondown rejected sending the test to ann@example.com (HTTP 400: bad ***).\n")
    for output in outputs:
        assert API_KEY not in output
    for path in (root / ".newsletter").rglob("*"):
        if path.is_file():
            assert API_KEY.encode() not in path.read_bytes()


def test_a_400_with_field_errors(root, buttondown):
    buttondown.fail("POST", "/v1/emails", 400, {"subject": ["This field is required."], "body": ["Too long."]})
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="", env=ENV)
    assert error.value.message == (
        "Buttondown rejected creating the draft (HTTP 400: subject: This field is required., body: Too long.)."
    )


def test_429_waits_as_told_then_goes_on(root, buttondown, waits):
    buttondown.fail("POST", "/v1/emails", 429, {"detail": "Slow down."}, headers={"Retry-After": "7"}, times=2)
    send(root, PERIOD, test="", env=ENV)
    assert waits == [7.0, 7.0]
    assert len(buttondown.emails) == 1 and len(buttondown.drafts_sent) == 1


@pytest.mark.parametrize("told", ["²", "٣", "Tue, 99 Foo 2026 99:99:99 GMT", "-5"])
def test_429_with_a_retry_after_that_is_no_time_waits_its_own(root, buttondown, waits, told):
    """The service's headers are untrusted: "²".isdigit() is true, and float("²") raised
    ValueError out of send, a traceback in the middle of sending."""
    buttondown.fail("POST", "/v1/emails", 429, {"detail": "Slow down."}, headers={"Retry-After": told})
    send(root, PERIOD, test="", env=ENV)
    assert waits == [1.0]
    assert len(buttondown.emails) == 1


@pytest.fixture
def in_new_york(monkeypatch):
    """The machine's local time is New York's (TZ), for this test only."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_429_with_a_retry_after_date_without_a_zone_is_read_as_gmt(root, buttondown, waits, in_new_york):
    """HTTP dates are GMT, also in the asctime form that names no zone ("Sun Nov  6 08:49:37
    1994"): delivery read Retry-After its own way, taking such a date in the machine's local
    time, so in New York a wait of seconds was five hours and the send gave up ("asks to wait
    18030 s"). It now reads it as the fetcher and import do (links.responses.retry_after)."""
    import time

    told = time.asctime(time.gmtime(time.time() + 30))
    buttondown.fail("POST", "/v1/emails", 429, {"detail": "Slow down."}, headers={"Retry-After": told})
    send(root, PERIOD, test="", env=ENV)
    assert len(waits) == 1 and 20 <= waits[0] <= 31
    assert len(buttondown.emails) == 1


def test_429_asking_for_too_long_a_wait(root, buttondown, waits):
    buttondown.fail("POST", "/v1/emails", 429, {"detail": "Slow down."}, headers={"Retry-After": "3600"})
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="", env=ENV)
    assert error.value.message == (
        "Buttondown is rate-limiting requests (HTTP 429) and asks to wait 3600 s; run again later."
    )
    assert waits == []


def test_5xx_is_retried_a_bounded_number_of_times(root, buttondown, waits):
    buttondown.fail("POST", "/v1/emails", 502, times=2)
    send(root, PERIOD, test="", env=ENV)
    assert waits == [1.0, 2.0]
    assert len(buttondown.emails) == 1

    buttondown.fail("GET", r"/v1/emails/.*", 503, {"detail": "Down for maintenance."}, times=4)
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env=ENV)
    assert error.value.message == (
        "Buttondown had a server error while checking the email's status (HTTP 503 "
        "4 times); try again later: the send ledger makes running again safe."
    )
    assert buttondown.sends == []
    send(root, PERIOD, yes=True, env=ENV)
    assert len(buttondown.sends) == 1


def test_a_test_address_with_a_name_is_sent_as_the_address(root, buttondown):
    """Buttondown's send-draft takes email addresses: "Ann <ann@example.com>" (a natural
    test_address, written like `from`) is not one."""
    send(root, PERIOD, test="Ann Tester <ann@example.com>", env=ENV)
    [email_id] = buttondown.emails
    assert buttondown.drafts_sent == [(email_id, ["ann@example.com"])]


def test_send_draft_is_not_repeated_on_a_5xx(root, buttondown, waits):
    buttondown.fail("POST", r"/v1/emails/.*/send-draft", 500)
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="", env=ENV)
    assert error.value.message.startswith(
        "Buttondown had a server error while sending the test to ann@example.com (HTTP 500)"
    )
    assert [r.path.endswith("send-draft") for r in buttondown.requests].count(True) == 1


def test_an_unreachable_service(tmp_path, waits):
    url = f"http://127.0.0.1:{free_port()}/v1"
    root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{url}"\n')
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="", env=ENV)
    assert error.value.message.startswith(
        f"Could not reach Buttondown at {url} while creating the draft (ConnectError: "
    )
    assert error.value.message.endswith("check your network and [send] buttondown_url.")
    assert len(waits) == 3  # a connection that never opened is safe to try again


def test_a_request_that_went_out_and_got_no_answer_is_not_called_unreachable(tmp_path, buttondown, monkeypatch):
    """A read timeout is not a network problem: Buttondown had the request and may have acted on
    it. It was reported as 'Could not reach Buttondown; check your network'."""
    root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{buttondown.url}"\ntimeout = 0.3\n')
    route = buttondown.route

    def slow(method, path, body, args):
        if path.endswith("/send-draft"):
            time.sleep(1)
        return route(method, path, body, args)

    monkeypatch.setattr(buttondown, "route", slow)
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="", env=ENV)
    assert error.value.message == (
        f"Buttondown at {buttondown.url.rstrip('/')} did not answer while sending the test to ann@example.com "
        "(ReadTimeout: timed out), so it may have happened; run the same command again: the send ledger "
        "makes running again safe."
    )


def test_a_send_that_happened_though_its_answer_timed_out_is_said_sent(tmp_path, buttondown, waits, monkeypatch):
    """New user 54 (Nadia, on a train): Buttondown set the email about to send and answered after
    the timeout; the PATCH, safe to repeat, was sent again and refused by the email the first had
    sent ("This email was already sent", HTTP 400), and the run said "Buttondown rejected sending
    the email" (exit 1) of an email going out to the list. Looked up, it is sent."""
    root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{buttondown.url}"\ntimeout = 0.3\n')
    send(root, PERIOD, test="", env=ENV)
    route = buttondown.route

    def answered_late(method, path, body, args):
        answer = route(method, path, body, args)
        if method == "PATCH" and len(buttondown.sends) == 1 and answer[0] == 200:
            time.sleep(1)  # past the client's timeout: it was done, its answer comes too late
        return answer

    monkeypatch.setattr(buttondown, "route", answered_late)
    result = send(root, PERIOD, yes=True, env=ENV)
    [email_id] = buttondown.emails
    assert result.lines[0] == f"Sent {PERIOD} via Buttondown (email {email_id}, status about_to_send)."
    assert buttondown.sends == [email_id]
    with pytest.raises(NewsletterError) as again:
        send(root, PERIOD, yes=True, env=ENV)
    assert again.value.exit_code == 3  # recorded as sent: nothing to do


def test_the_ledger_records_intent_before_and_ids_after(root, buttondown):
    send(root, PERIOD, yes=True, env=ENV)
    ledger = json.loads((root / ".newsletter" / "ledger" / f"{PERIOD}.json").read_text())
    draft, sent = ledger["steps"]["buttondown.draft"], ledger["steps"]["buttondown.send"]
    [email_id] = buttondown.emails
    assert draft["state"] == "done" and draft["id"] == email_id and draft["intent_at"] <= draft["done_at"]
    assert draft["idempotency_key"] == buttondown.requests[0].headers["X-Idempotency-Key"]
    assert sent["state"] == "done" and sent["id"] == email_id and sent["status"] == "about_to_send"


def test_an_email_without_a_status_is_not_taken_for_one_already_sent(root, buttondown):
    """A GET answering `"status": null` (or no text) was read as "already sent": the ledger
    recorded the send as done, a traceback followed ('NoneType' has no 'replace'), and every
    later run said the edition was sent, though nothing had gone out."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    buttondown.emails[email_id]["status"] = None
    with pytest.raises(NewsletterError, match="without a status"):
        send(root, PERIOD, yes=True, env=ENV)
    assert buttondown.sends == []
    buttondown.emails[email_id]["status"] = "draft"
    real = send(root, PERIOD, yes=True, env=ENV)
    assert buttondown.sends == [email_id]
    assert real.lines == [f"Sent {PERIOD} via Buttondown (email {email_id}, status about_to_send)."]


def test_an_edition_partly_sent_by_smtp_is_not_sent_again_to_the_whole_list(root, buttondown):
    """A per-recipient SMTP run killed mid-list leaves its step begun; `--via buttondown --yes`
    then sent the edition to every subscriber, the ones SMTP had reached among them."""
    from newsletter.delivery.ledger import Ledger

    with Ledger(root / ".newsletter" / "ledger", PERIOD) as ledger:
        ledger.intend("smtp.send", mode="each", recipients=5)  # what the killed run left
    assert any("began going out via smtp" in w for w in send(root, PERIOD, env=ENV).warnings)
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env=ENV)
    assert f"finish with `newsletter send {PERIOD} --via smtp --yes` (--resend-uncertain" in error.value.message
    with pytest.raises(NewsletterError):  # --force is for failed doctor checks, not for this
        send(root, PERIOD, yes=True, force=True, env=ENV)
    assert buttondown.sends == []
    send(root, PERIOD, yes=True, resend_uncertain=True, env=ENV)
    assert len(buttondown.sends) == 1


@pytest.mark.parametrize("given", ["../subscribers", "x/../../other-id", ["id"], 0])
def test_a_draft_answered_with_an_id_that_is_no_id_is_never_addressed(root, buttondown, given):
    """The new draft's id goes into the path of the test and of the real send: an answer with
    id '../subscribers' had the test posted to /v1/subscribers/send-draft, and the send would
    have set 'about_to_send' on whatever such a path names. Nothing is addressed by it now."""
    buttondown.fail("POST", "/v1/emails", 201, {"id": given, "status": "draft"})
    with pytest.raises(NewsletterError, match="answered the new draft without an id it can be addressed by"):
        send(root, PERIOD, yes=True, env=ENV)
    assert buttondown.calls() == [("POST", "/v1/emails")] and not buttondown.sends


def test_a_status_the_service_answers_reaches_the_terminal_without_its_escape_sequences(root, buttondown):
    """send quotes the email's status from Buttondown's answer ('2021-02 is already … on
    Buttondown'): a status of '\\x1b]0;…\\x07' was printed as it came, an escape sequence that
    retitled the terminal. The delivery's lines are cleaned of control characters as its errors'
    quotes of an answer are (a status it does not know is now an error, not "already sent")."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    buttondown.emails[email_id]["status"] = "\x1b]0;owned\x07\x1b[2Jsent"
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env=ENV)
    assert buttondown.sends == []
    assert "\x1b" not in error.value.message and "\x07" not in error.value.message
    assert error.value.message.startswith(f"{PERIOD} is '\\x1b]0;owned\\x07\\x1b[2Jsent' on Buttondown, a status")


@pytest.mark.parametrize(
    "status, said",
    [
        ("errored", "failed on Buttondown (status errored), so some or all of the list may not have it"),
        ("deleted", "was deleted on Buttondown, so nobody got it from there: restore it, or send it from there"),
        ("paused", "is paused on Buttondown, so part of the list may not have it yet: resume it there"),
        ("sending_later", "is 'sending_later' on Buttondown, a status this tool does not know"),
    ],
)
def test_an_email_stopped_on_buttondown_is_not_recorded_as_sent(root, buttondown, status, said):
    """Any status but "draft" was taken for "already sent" and recorded so: an email that had
    errored, or a draft deleted on Buttondown after the test, then stayed "already sent via
    buttondown" for good, though part or all of the list never got it."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    buttondown.emails[email_id]["status"] = status
    for _ in range(2):  # the second run says the same: nothing recorded it as sent
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env=ENV)
        assert error.value.message == (
            f"{PERIOD} {said} (email {email_id}); nothing sent by this run. Look at it on Buttondown, then run again."
        )
    assert buttondown.sends == []
    buttondown.emails[email_id]["status"] = "sent"  # sent from Buttondown's dashboard: now it is recorded
    assert send(root, PERIOD, yes=True, env=ENV).lines == [
        f"{PERIOD} is already sent on Buttondown (email {email_id}); nothing sent again."
    ]
    with pytest.raises(NewsletterError, match="was already sent via buttondown"):
        send(root, PERIOD, yes=True, env=ENV)


def test_a_note_that_is_template_code_to_buttondown_is_named_before_the_send(root, buttondown):
    """Buttondown renders an email as a Django template: a note about Jinja (`{% for x in xs %}`)
    or Hugo (`{{< figure >}}`) went out unnoticed, to reach readers as something else or to
    fail the email."""
    note = root / "entries" / "2021" / "02" / "second.md"
    note.write_text(
        note.read_text(encoding="utf-8") + "Jinja loops with {% for x in xs %} and Hugo has shortcodes.\n",
        encoding="utf-8",
    )
    build(root)
    lines = (root / "dist" / PERIOD / "newsletter.txt").read_text(encoding="utf-8").splitlines()
    [number] = [n for n, line in enumerate(lines, 1) if "{% for x in xs %}" in line]
    # where it is: a page's og:title brought new user 39's '{{ subscriber.email }}', in no file of his
    said = (
        f"Buttondown reads the email as a Django template, so '{{% for x in xs %}}' in the edition "
        f"(dist/{PERIOD}/newsletter.txt, line {number}) is template code to it, not text: see how the test copy "
        "shows it, and reword it if it does not read as you wrote it (a title or name fetched from a page: give "
        "its entry a `title:` of your own)."
    )
    test = send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    assert test.lines == [f"Sent a test of {PERIOD} to ann@example.com via Buttondown (draft {email_id}). {said}"]
    assert said in send(root, PERIOD, env=ENV).warnings


def test_a_merge_tag_of_the_settings_is_not_named_as_template_code(root, buttondown):
    """Tomasz (new user 29) gave Buttondown's own unsubscribe merge tag as his unsubscribe link, as
    [links] says to, and a greeting with his reader's name: both were named as template code to
    reword. A note's template code is still named, after them."""
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^unsubscribe = ".*"$', 'unsubscribe = "{{ unsubscribe_url }}"', text)
    text = text.replace(
        'author = "Ann"\n', 'author = "Ann"\ngreeting = "Cześć {{ subscriber.metadata.first_name }}!"\n'
    )
    settings.write_text(text, encoding="utf-8")
    build(root)
    sent = (root / "dist" / PERIOD / "newsletter.txt").read_text(encoding="utf-8")
    assert "{{ unsubscribe_url }}" in sent and "Cześć {{ subscriber.metadata.first_name }}!" in sent
    test = send(root, PERIOD, test="ann@example.com", env=ENV)
    assert "template code" not in " ".join(test.lines) and not send(root, PERIOD, env=ENV).warnings
    note = root / "entries" / "2021" / "02" / "second.md"
    note.write_text(note.read_text(encoding="utf-8") + "Hugo has {{< figure >}}.\n", encoding="utf-8")
    build(root)
    assert "so '{{< figure >}}' in the edition (dist/" in " ".join(send(root, PERIOD, env=ENV).warnings)


@pytest.mark.parametrize("status", ["throttled", "imported", "paused", "errored", "frobbed", None])
def test_a_rebuild_changes_no_email_buttondown_holds_as_other_than_a_draft(root, buttondown, status):
    """Every status but "draft" (one sending, one imported from an archive, one paused, one this
    tool has never heard of, none at all) leaves the email as it is after a rebuild: sending or
    refusing, nothing is PATCHed."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    buttondown.emails[email_id]["status"] = status
    went = dict(buttondown.emails[email_id])
    add_a_line_and_rebuild(root)
    try:
        said = send(root, PERIOD, yes=True, env=ENV).lines[0]
    except NewsletterError as error:
        said = error.message
    assert [c for c in buttondown.calls() if c[0] == "PATCH"] == []
    assert buttondown.emails[email_id] == went
    if status == "throttled":  # sending: Buttondown holds it back for a while
        assert said.startswith(f"{PERIOD} is already throttled on Buttondown")
    else:
        assert not said.startswith("Sent ") and ("nothing sent" in said or "run again" in said)


def test_the_plan_of_a_draft_recorded_with_no_id_says_that_yes_refuses(root, buttondown):
    """A ledger whose draft id cannot be addressed (damaged, or edited to '../subscribers'): the
    plan said "a draft is created first, then sent", and `--yes` then refused the ledger."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    path = root / ".newsletter" / "ledger" / f"{PERIOD}.json"
    ledger = json.loads(path.read_text(encoding="utf-8"))
    ledger["steps"]["buttondown.draft"]["id"] = "../subscribers"
    path.write_text(json.dumps(ledger), encoding="utf-8")
    asked = len(buttondown.requests)
    plan = send(root, PERIOD, env=ENV)
    service = f"  Service: {buttondown.url} (nothing: `--yes` refuses a draft recorded with no id, see below)"
    assert service in plan.lines
    said = (
        f"{path} records the Buttondown draft as made, but with no id it can be addressed by ('../subscribers'); "
        "restore the ledger from a backup rather than editing it."
    )
    assert plan.warnings == [f"{said} `send --yes` refuses until then."]
    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env=ENV)
    assert refused.value.message == f"{said} Nothing was sent."
    assert buttondown.requests[asked:] == []


def test_the_plan_says_whether_a_draft_is_made_or_there(root, buttondown):
    assert f"  Service: {buttondown.url} (a draft is created first, then sent)" in send(root, PERIOD, env=ENV).lines
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [email_id] = buttondown.emails
    assert f"  Service: {buttondown.url} (draft {email_id} exists, then sent)" in send(root, PERIOD, env=ENV).lines


@pytest.mark.parametrize("test", [None, "ann@example.com"])
def test_a_draft_deleted_on_buttondown_before_its_send_is_named_and_made_again_when_asked(root, buttondown, test):
    """Ann deleted the draft her test had made, in Buttondown's web app: every later run stopped
    at 'Buttondown has no such resource (GET /v1/emails/…: HTTP 404 …); check [send]
    buttondown_url … and that nothing was deleted on Buttondown', and only deleting the ledger
    got past it. The draft gone before this tool sent it is named, and --resend-uncertain (it may
    have gone out from the web app) makes a new one, under a new idempotency key: the first one
    answers with the deleted draft."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [gone] = buttondown.emails
    del buttondown.emails[gone]
    with pytest.raises(NewsletterError) as deleted:
        send(root, PERIOD, test=test, yes=not test, env=ENV)
    flag, then = (f"--test {test}", "sends the test") if test else ("--yes", "sends it")
    assert deleted.value.message == (
        f"Buttondown has no email {gone} any more, the draft made for {PERIOD}, which this tool never sent: "
        "it was deleted there (or [send] buttondown_url names another account than it was made in). Nothing "
        "was sent. If it did not go out from Buttondown's web app either, "
        f"`newsletter send {PERIOD} {flag} --resend-uncertain` makes a new draft and {then}."
    )
    assert buttondown.sends == []
    again = send(root, PERIOD, test=test, yes=not test, resend_uncertain=True, env=ENV)
    [made] = buttondown.emails
    assert made != gone and buttondown.emails[made]["body"] == built(root)[0]
    if test:
        assert buttondown.drafts_sent[-1] == (made, ["ann@example.com"]) and buttondown.sends == []
        again = send(root, PERIOD, yes=True, env=ENV)  # the new draft is the edition's: no flag needed
    assert again.lines == [f"Sent {PERIOD} via Buttondown (email {made}, status about_to_send)."]
    assert buttondown.sends == [made]


def test_a_draft_deleted_after_a_run_asked_buttondown_to_send_it_is_made_again_only_when_asked(
    root, buttondown, monkeypatch
):
    """A run died asking Buttondown to send, then the email was deleted there: it may have reached
    the list, which the message says, and a new draft is made only with --resend-uncertain."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    [gone] = buttondown.emails
    with monkeypatch.context() as dying:
        crash_at(dying, "done", "buttondown.send")
        with pytest.raises(SystemExit):
            send(root, PERIOD, yes=True, env=ENV)
    del buttondown.emails[gone]
    with pytest.raises(NewsletterError) as deleted:
        send(root, PERIOD, yes=True, env=ENV)
    assert re.fullmatch(
        f"Buttondown has no email {gone} any more, the draft made for {PERIOD}, which a run of this tool asked "
        r"it to send \(20\S+\) and died before the answer: it may have reached the list before it was deleted "
        "there. Look for it in your own inbox or Buttondown's archive. If it did not go out, "
        f"`newsletter send {PERIOD} --yes --resend-uncertain` makes a new draft and sends it.",
        deleted.value.message,
    )
    assert list(buttondown.emails) == [] and buttondown.sends == [gone]
    send(root, PERIOD, yes=True, resend_uncertain=True, env=ENV)
    [made] = buttondown.emails
    assert buttondown.sends == [gone, made]


def test_a_lost_ledger_with_the_copy_as_sent_is_not_sent_again_when_buttondown_forgot_the_key(root, buttondown):
    """Buttondown finds the email of a lost ledger by its X-Idempotency-Key only, and keys are
    Stripe's kind (Buttondown's docs say theirs are inspired by them), kept a day: .newsletter/
    cleared (the metadata cache is in it) and the edition sent again a week later made a second
    email and sent it to the whole list. The copy as sent says it went, as it does for SMTP."""
    send(root, PERIOD, yes=True, env=ENV)
    [email_id] = buttondown.emails
    assert (root / "dist" / PERIOD / "sent.eml").is_file()
    shutil.rmtree(root / ".newsletter")
    buttondown.keys.clear()  # the key's day is over

    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env=ENV)

    assert buttondown.sends == [email_id] and list(buttondown.emails) == [email_id]
    assert f"dist/{PERIOD}/sent.eml is {PERIOD} as it went out" in refused.value.message
    assert refused.value.message.endswith("; nothing sent.")
    plan = send(root, PERIOD, env=ENV)  # the dry run says so before --yes
    assert any("has no record of that send" in warning for warning in plan.warnings)


@pytest.mark.parametrize(
    "url, warned",
    [
        ("http://buttondown.internal.example/v1", True),  # another machine: the key in the clear
        ("https://api.buttondown.com/v1", False),
        ("http://127.0.0.1:8000/v1", False),  # this machine (a proxy of one's own, a tunnel)
        ("http://localhost:8000/v1", False),
    ],
)
def test_the_plan_says_an_api_key_would_cross_the_network_unencrypted(tmp_path, url, warned):
    """SMTP's plan warns of a login over smtp_security = "none"; a buttondown_url of http://
    (a proxy's address copied without its s) sent `Authorization: Token <key>` readable by anyone
    on the way, and nothing said so."""
    root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{url}"\n')

    plan = send(root, PERIOD, env=ENV)

    said = [w for w in plan.warnings if "unencrypted" in w]
    host = url.split("/")[2]
    expected = [
        f"[send] buttondown_url is http://, so the API key in BUTTONDOWN_API_KEY would cross the network to "
        f"{host} unencrypted with every request; use its https:// address."
    ]
    assert said == (expected if warned else [])
    assert API_KEY not in "\n".join(plan.lines + plan.warnings)


def test_a_test_send_through_a_local_http_address_warns_of_nothing(root, buttondown):
    """The fake Buttondown is http://localhost: this machine, no network crossed, no warning."""
    assert buttondown.url.startswith("http://localhost:")
    assert not [w for w in send(root, PERIOD, env=ENV).warnings if "unencrypted" in w]
    send(root, PERIOD, test="ann@example.com", env=ENV)
    assert len(buttondown.drafts_sent) == 1
