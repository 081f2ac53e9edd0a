"""`newsletter send --via listmonk` against a local server implementing listmonk's campaigns API."""

import base64
import json

import pytest
from click.testing import CliRunner

from newsletter.cli.editions import send as send_command
from newsletter.commands.send import send
from newsletter.delivery import http as delivery_http
from newsletter.delivery.listmonk import STOPPED
from newsletter.errors import NewsletterError

from fake_services import LISTMONK_TOKEN, LISTMONK_USER, PERIOD, FakeListmonk, build, crash_at, workspace

ENV = {"LISTMONK_USERNAME": LISTMONK_USER, "LISTMONK_TOKEN": LISTMONK_TOKEN}
NAME = f"Test Letter {PERIOD}"


@pytest.fixture
def listmonk(httpserver):
    return FakeListmonk(httpserver)


@pytest.fixture
def waits(monkeypatch):
    slept = []
    monkeypatch.setattr(delivery_http, "sleep", slept.append)
    return slept


@pytest.fixture
def root(tmp_path, listmonk):
    return workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3, 4]\n')


def fields(root) -> dict:
    folder = root / "dist" / PERIOD
    return {
        "name": NAME,
        "subject": "Test Letter #2: February",
        "lists": [3, 4],
        "from_email": "Ann <ann@example.com>",
        "content_type": "html",
        "body": (folder / "newsletter.html").read_text(encoding="utf-8"),
        "altbody": (folder / "newsletter.txt").read_text(encoding="utf-8"),
        "type": "regular",
        "messenger": "email",
        "tags": ["newsletter"],
    }


def test_a_test_address_with_a_name_is_sent_as_the_address(root, listmonk):
    """listmonk finds the test's subscribers by email: "Ann <ann@example.com>" (a natural
    test_address, written like `from`) matched nobody."""
    send(root, PERIOD, test="Ann Tester <ann@example.com>", env=ENV)
    assert listmonk.tests == [(7, ["ann@example.com"])]


def test_test_then_real_send_makes_exactly_these_requests(root, listmonk):
    test = send(root, PERIOD, test="ann@example.com", env=ENV)
    real = send(root, PERIOD, yes=True, env=ENV)

    assert listmonk.calls() == [
        ("GET", "/api/campaigns"),
        ("POST", "/api/campaigns"),
        ("POST", "/api/campaigns/7/test"),
        ("GET", "/api/campaigns/7"),
        ("PUT", "/api/campaigns/7/status"),
    ]
    lookup, create, test_request, _, start = listmonk.requests
    basic = base64.b64encode(f"{LISTMONK_USER}:{LISTMONK_TOKEN}".encode()).decode()
    assert all(r.headers["Authorization"] == f"Basic {basic}" for r in listmonk.requests)
    assert lookup.query == {"query": NAME, "per_page": "all"}
    assert create.json == fields(root)
    marked = {"subject": "[Test] Test Letter #2: February"}  # the copy is marked; the campaign is not
    assert test_request.json == {**fields(root), **marked, "subscribers": ["ann@example.com"]}
    assert start.json == {"status": "running"}
    assert listmonk.tests == [(7, ["ann@example.com"])] and listmonk.starts == [7]
    assert test.lines == [f"Sent a test of {PERIOD} to ann@example.com via listmonk (campaign 7)."]
    assert real.lines == [f"Sent {PERIOD} via listmonk (campaign 7, status running)."]

    with pytest.raises(NewsletterError) as again:
        send(root, PERIOD, yes=True, env=ENV)
    assert again.value.message.startswith(f"{PERIOD} was already sent via listmonk on ")
    assert len(listmonk.requests) == 5


def test_a_subject_folded_whole_onto_its_next_line_is_sent_without_a_leading_space(root, listmonk):
    """A subject of 67 to 75 characters was folded in the .eml as "Subject:\\r\\n Test Letter...":
    listmonk's campaign, and every test's subject, began with a space ("[Test]  Test..."). Its
    first words are now on the Subject line (new user 61), and no subject begins with a space."""
    subject = "Test Letter #2: February, with a subject just long enough to be folded"
    editorial = root / "entries/2021/02/_index.md"
    editorial.write_text(editorial.read_text().replace("Test Letter #2: February", subject))
    build(root)
    assert f"Subject: {subject[:-7]}\r\n folded".encode() in (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    send(root, PERIOD, test="ann@example.com", env=ENV)
    send(root, PERIOD, yes=True, env=ENV)
    create, test_request = (r.json for r in listmonk.requests if r.method == "POST")
    assert create["subject"] == subject
    assert test_request["subject"] == f"[Test] {subject}"


@pytest.mark.parametrize(
    "method, step, after_write",
    [
        ("done", "listmonk.campaign", False),  # listmonk made the campaign; its id was never recorded
        ("intend", "listmonk.send", True),  # about to start it: recorded, then killed
        ("done", "listmonk.send", False),  # started, but the run died before recording it
    ],
)
def test_a_killed_run_never_makes_a_second_campaign_or_start(root, listmonk, monkeypatch, method, step, after_write):
    crash_at(monkeypatch, method, step, after_write=after_write)
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env=ENV)
    monkeypatch.undo()

    result = send(root, PERIOD, yes=True, env=ENV)

    assert list(listmonk.campaigns) == [7]
    assert listmonk.starts == [7]
    assert [c for c in listmonk.calls() if c == ("POST", "/api/campaigns")] == [("POST", "/api/campaigns")]
    if (method, step) == ("done", "listmonk.send"):
        assert result.lines == [f"{PERIOD} is already running on listmonk (campaign 7); nothing sent again."]
    else:
        assert result.lines == [f"Sent {PERIOD} via listmonk (campaign 7, status running)."]


def test_a_lost_ledger_finds_the_campaign_by_name_and_sends_nothing_twice(root, listmonk):
    send(root, PERIOD, yes=True, env=ENV)
    (root / ".newsletter" / "ledger" / f"{PERIOD}.json").unlink()
    result = send(root, PERIOD, yes=True, env=ENV)
    assert result.lines == [f"{PERIOD} is already running on listmonk (campaign 7); nothing sent again."]
    assert list(listmonk.campaigns) == [7] and listmonk.starts == [7]


def test_a_lost_ledger_and_a_rebuild_leave_the_copy_as_sent_as_it_went(root, listmonk):
    """Found running on listmonk, the edition was kept as sent from the rebuild the run had, a
    line added after the send, over the copy of what went out."""
    send(root, PERIOD, yes=True, env=ENV)
    copy = root / "dist" / PERIOD / "sent.eml"
    went = copy.read_bytes()
    (root / ".newsletter" / "ledger" / f"{PERIOD}.json").unlink()
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(entry.read_text() + "\nA line added after the send.\n")
    build(root)
    result = send(root, PERIOD, yes=True, env=ENV)
    assert result.lines == [
        f"{PERIOD} is already running on listmonk (campaign 7); nothing sent again. "
        "It was left as it was there, without what changed here since."
    ]
    assert copy.read_bytes() == went and result.warnings == []
    assert [c for c in listmonk.calls() if c[0] == "PUT"] == [("PUT", "/api/campaigns/7/status")]


def test_a_failed_create_is_looked_up_before_it_is_tried_again(root, listmonk, waits):
    listmonk.fail("POST", "/api/campaigns", 502)
    send(root, PERIOD, test="", env=ENV)
    assert listmonk.calls()[:4] == [
        ("GET", "/api/campaigns"),
        ("POST", "/api/campaigns"),
        ("GET", "/api/campaigns"),
        ("POST", "/api/campaigns"),
    ]
    assert list(listmonk.campaigns) == [7] and waits == [1.0]


def test_a_create_that_happened_despite_its_error_is_found(root, listmonk, waits, monkeypatch):
    original = listmonk.route

    def created_then_failed(method, path, body, args):
        status, answer = original(method, path, body, args)
        if (method, path) == ("POST", "/api/campaigns"):
            return 504, {"message": "Gateway timeout"}
        return status, answer

    monkeypatch.setattr(listmonk, "route", created_then_failed)
    send(root, PERIOD, test="", env=ENV)
    assert list(listmonk.campaigns) == [7]
    assert listmonk.calls() == [
        ("GET", "/api/campaigns"),
        ("POST", "/api/campaigns"),
        ("GET", "/api/campaigns"),
        ("POST", "/api/campaigns/7/test"),
    ]


def test_bad_credentials_name_the_variables_and_never_show_the_token(root, listmonk):
    result = CliRunner().invoke(
        send_command, [PERIOD, "--test", "-w", str(root)], env={**ENV, "LISTMONK_TOKEN": "lm-wrong-token"}
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: listmonk refused the credentials while looking up the campaign (HTTP 403: "
        "Invalid API credentials); check LISTMONK_USERNAME and LISTMONK_TOKEN.\n"
    )
    assert "lm-wrong-token" not in result.output and LISTMONK_TOKEN not in result.output


def test_a_400_says_what_listmonk_said(root, listmonk):
    listmonk.fail("POST", r"/api/campaigns/\d+/test", 400, {"message": "Unknown subscriber e-mail(s)"})
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="nobody@example.com", env=ENV)
    assert error.value.message == (
        "listmonk rejected sending the test to nobody@example.com (HTTP 400: Unknown subscriber e-mail(s))."
    )


def test_429_then_5xx_on_the_status_change(root, listmonk, waits):
    send(root, PERIOD, test="", env=ENV)
    listmonk.fail(
        "PUT", r"/api/campaigns/7/status", 429, {"message": "Too many requests"}, headers={"Retry-After": "2"}
    )
    listmonk.fail("PUT", r"/api/campaigns/7/status", 503)
    send(root, PERIOD, yes=True, env=ENV)
    assert waits == [2.0, 2.0] and listmonk.starts == [7]


def test_a_start_that_happened_despite_its_error_is_said_sent(root, listmonk, waits, monkeypatch):
    """New user 54 (Nadia, on a train): the start went through, its answer did not (a proxy's 504
    after listmonk took too long), and the start sent again was refused by the campaign the first
    had started, "Only draft and paused campaigns can be started": the run said "listmonk rejected
    starting the campaign" (exit 1) while it went out to the whole list. Looked up, it is sent."""
    send(root, PERIOD, test="", env=ENV)
    original = listmonk.route

    def started_then_timed_out(method, path, body, args):
        status, answer = original(method, path, body, args)
        if (method, path, listmonk.starts) == ("PUT", "/api/campaigns/7/status", [7]) and status == 200:
            return 504, {"message": "Gateway timeout"}
        return status, answer

    monkeypatch.setattr(listmonk, "route", started_then_timed_out)
    result = send(root, PERIOD, yes=True, env=ENV)
    assert result.lines[0] == f"Sent {PERIOD} via listmonk (campaign 7, status running)."
    assert listmonk.starts == [7] and listmonk.calls()[-3:] == [
        ("PUT", "/api/campaigns/7/status"),
        ("PUT", "/api/campaigns/7/status"),  # (PUT is repeated after a 5xx: the campaign refuses it)
        ("GET", "/api/campaigns/7"),
    ]
    with pytest.raises(NewsletterError) as again:
        send(root, PERIOD, yes=True, env=ENV)
    assert again.value.exit_code == 3  # recorded as sent: nothing to do


def test_a_start_refused_for_a_draft_is_still_said_refused(root, listmonk):
    listmonk.fail("PUT", r"/api/campaigns/\d+/status", 400, {"message": "Campaign has no subscribers"})
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env=ENV)
    assert error.value.message == "listmonk rejected starting the campaign (HTTP 400: Campaign has no subscribers)."
    assert listmonk.starts == []


def test_missing_list_ids(tmp_path, listmonk):
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\n')
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="", env=ENV)
    assert error.value.message.startswith("Set listmonk_list_ids in [send] of newsletter.toml, e.g. [3]")
    assert listmonk.requests == []


def test_a_campaign_without_a_status_is_not_taken_for_one_already_sent(root, listmonk):
    """A GET answering `"status": null` was read as "already None on listmonk": the send was
    recorded as done, and every later run said so, though nothing had gone out."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    listmonk.campaigns[7]["status"] = None
    with pytest.raises(NewsletterError, match="without a status"):
        send(root, PERIOD, yes=True, env=ENV)
    assert listmonk.starts == []
    listmonk.campaigns[7]["status"] = "draft"
    real = send(root, PERIOD, yes=True, env=ENV)
    assert listmonk.starts == [7] and real.lines == [f"Sent {PERIOD} via listmonk (campaign 7, status running)."]


@pytest.mark.parametrize(
    "found",
    [
        [{"name": NAME}],  # no id: a KeyError traceback
        [{"name": NAME, "id": "../../lists/3"}],  # put in the path, it addressed another resource
        [{"name": NAME, "id": "9"}, {"name": NAME, "id": 3}],  # ids compared: a TypeError traceback
    ],
)
def test_a_campaign_found_without_a_usable_id_stops_the_send_with_a_message(root, listmonk, found):
    """A listmonk (or a proxy in front of it) answering the lookup by name with a campaign whose
    id is missing, not a number, or a path: a traceback, or the test posted to /lists/3/test.
    Taking it for "no campaign yet" would make a second campaign of the edition."""
    listmonk.fail("GET", "/api/campaigns", 200, {"data": {"results": found}})
    with pytest.raises(NewsletterError, match=f'lookup of campaign "{NAME}" with one that has no id it can be'):
        send(root, PERIOD, test="", env=ENV)
    assert listmonk.calls() == [("GET", "/api/campaigns")] and not listmonk.campaigns


def test_a_new_campaign_answered_with_an_id_that_is_a_path_is_not_addressed(root, listmonk):
    listmonk.fail("POST", "/api/campaigns", 200, {"data": {"id": "7/../../../api/settings", "status": "draft"}})
    with pytest.raises(NewsletterError, match="answered the new campaign without an id it can be addressed by"):
        send(root, PERIOD, test="", env=ENV)
    assert listmonk.calls() == [("GET", "/api/campaigns"), ("POST", "/api/campaigns")]


def test_what_the_service_said_reaches_the_terminal_without_escape_sequences(root, listmonk):
    """An error's message is quoted from the answer: a service (or a proxy before it) answering
    '\\x1b]0;…\\x07' had the terminal take it for a command when the error was printed."""
    said = "Unknown \x1b]0;owned\x07subscriber\x1b[2J \u202eemail"
    listmonk.fail("POST", r"/api/campaigns/\d+/test", 400, {"message": said})
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, test="nobody@example.com", env=ENV)
    assert error.value.message == (
        "listmonk rejected sending the test to nobody@example.com (HTTP 400: Unknown ]0;ownedsubscriber[2J email)."
    )


@pytest.mark.parametrize(
    "status, said",
    [
        (
            "paused",
            "is paused on listmonk (by hand, or by listmonk after too many errors), so part of the list may not "
            "have it yet: resume it there",
        ),
        (
            "cancelled",
            "was cancelled on listmonk, so the readers it had not reached do not have it, and listmonk cannot "
            "start it again",
        ),
        ("archived", "is 'archived' on listmonk, a status this tool does not know"),
    ],
)
def test_a_campaign_stopped_on_listmonk_is_not_recorded_as_sent(root, listmonk, status, said):
    """Any status but "draft" was taken for "already sent" and recorded so: a campaign listmonk
    had paused after too many sending errors then stayed "already sent via listmonk" for good,
    though part of the list never got it."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    listmonk.campaigns[7]["status"] = status
    for _ in range(2):  # the second run says the same: nothing recorded it as sent
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env=ENV)
        assert error.value.message == (
            f"{PERIOD} {said} (campaign 7); nothing sent by this run. Look at it in listmonk, then run again."
        )
    assert listmonk.starts == []
    listmonk.campaigns[7]["status"] = "finished"  # resumed there, and done: now it is recorded
    assert send(root, PERIOD, yes=True, env=ENV).lines == [
        f"{PERIOD} is already finished on listmonk (campaign 7); nothing sent again."
    ]


def test_the_dry_run_says_when_no_campaign_template_is_set_and_stops_once_one_is(tmp_path, listmonk):
    """Sam's first listmonk dry run, test and real send said nothing of `listmonk_template_id`:
    without it listmonk wraps the edition, a whole page already, in its default template's page,
    which the README warns of but neither `send` nor `init`'s settings mentioned."""
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    dry = send(root, PERIOD, env=ENV)
    (said,) = [w for w in dry.warnings if "listmonk_template_id" in w]
    assert said == (
        "listmonk_template_id is not set in [send]: listmonk will put the edition, a whole page "
        "already, inside its default template's page. Make a campaign template whose body is only "
        '{{ template "content" . }} and set its id there.'
    )
    assert listmonk.requests == []  # a dry run asks listmonk nothing

    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "listmonk_template_id = 5\n", encoding="utf-8")
    assert not [w for w in send(root, PERIOD, env=ENV).warnings if "listmonk_template_id" in w]


def test_a_template_or_lists_set_after_the_test_send_reach_the_campaign_it_made(tmp_path, listmonk):
    """Kofi's test send warned that listmonk_template_id was not set; he set it (and added his
    second list), the dry run then showed both, and `send --yes` started the campaign the test
    had made, still in listmonk's default template and to the first list only: the campaign was
    updated only when the edition was rebuilt, and [send] is no part of a build."""
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    send(root, PERIOD, test="ann@example.com", env=ENV)
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8").replace("listmonk_list_ids = [3]", "listmonk_list_ids = [3, 4]")
    settings.write_text(text + "listmonk_template_id = 5\n", encoding="utf-8")
    send(root, PERIOD, yes=True, env=ENV)

    assert listmonk.calls()[3:] == [
        ("GET", "/api/campaigns/7"),  # still a draft: the change may go into it
        ("PUT", "/api/campaigns/7"),
        ("GET", "/api/campaigns/7"),
        ("PUT", "/api/campaigns/7/status"),
    ]
    update = listmonk.requests[4].json
    assert (update["template_id"], update["lists"]) == (5, [3, 4])
    assert listmonk.starts == [7]


@pytest.mark.parametrize("status", ["running", "finished"])
def test_a_campaign_started_on_listmonk_before_a_send_change_is_found_sent_not_refused(tmp_path, listmonk, status):
    """The campaign a test made was started from listmonk's dashboard; the author then set
    listmonk_template_id and ran `send --yes`: the update [send]'s change calls for was refused
    ("Cannot update a running or finished campaign"), and so was every later run, where before
    the change the run found the campaign going and recorded the edition as sent."""
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    send(root, PERIOD, test="ann@example.com", env=ENV)
    listmonk.campaigns[7]["status"] = status
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "listmonk_template_id = 5\n", encoding="utf-8")

    result = send(root, PERIOD, yes=True, env=ENV)

    assert result.lines == [
        f"{PERIOD} is already {status} on listmonk (campaign 7); nothing sent again. "
        "It was left as it was there, without what changed here since."
    ]
    assert listmonk.starts == [] and listmonk.campaigns[7].get("template_id") is None
    with pytest.raises(NewsletterError, match="was already sent via listmonk"):
        send(root, PERIOD, yes=True, env=ENV)


def test_an_update_refused_for_a_draft_is_said_and_nothing_recorded(tmp_path, listmonk):
    """listmonk's refusal to edit a draft says what is wrong (a template it does not have):
    said, and nothing recorded, never taken for "already going"."""
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    send(root, PERIOD, test="ann@example.com", env=ENV)
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "listmonk_template_id = 99\n", encoding="utf-8")
    listmonk.fail("PUT", "/api/campaigns/7", 400, {"message": "Template not found."})

    with pytest.raises(
        NewsletterError, match=r"listmonk rejected updating the campaign \(HTTP 400: Template not found"
    ):
        send(root, PERIOD, yes=True, env=ENV)
    assert listmonk.starts == []
    assert "listmonk.send" not in json.loads((root / ".newsletter/ledger" / f"{PERIOD}.json").read_text())["steps"]


@pytest.mark.parametrize("test", [None, "ann@example.com"])
def test_a_campaign_deleted_on_listmonk_before_its_start_is_named_and_made_again_when_asked(root, listmonk, test):
    """Sam deleted the draft campaign his test had made, in listmonk's dashboard: every later
    run stopped at 'listmonk has no such resource (GET /api/campaigns/7: HTTP 404 …); check
    [send] listmonk_url … and that nothing was deleted on listmonk', with no way on. The
    ledger's campaign gone before this tool started it is now named, and --resend-uncertain
    (which the message names, as it may have gone out from the dashboard) makes a new one."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    del listmonk.campaigns[7]
    with pytest.raises(NewsletterError) as gone:
        send(root, PERIOD, test=test, yes=not test, env=ENV)
    flag = f"--test {test}" if test else "--yes"
    assert gone.value.message == (
        f"listmonk has no campaign 7 any more, the one made for {PERIOD}, which this tool never started: "
        "it was deleted there. Nothing was sent. If it did not go out from listmonk's dashboard either, "
        f"`newsletter send {PERIOD} {flag} --resend-uncertain` makes a new campaign and sends it."
    )
    assert listmonk.starts == []
    again = send(root, PERIOD, test=test, yes=not test, resend_uncertain=True, env=ENV)
    assert list(listmonk.campaigns) == [8]
    if test:
        assert listmonk.tests[-1] == (8, ["ann@example.com"]) and listmonk.starts == []
    else:
        assert again.lines == [f"Sent {PERIOD} via listmonk (campaign 8, status running)."] and listmonk.starts == [8]


@pytest.mark.parametrize("status", ["scheduled", "paused"])
def test_a_rebuild_never_changes_a_campaign_scheduled_or_paused_on_listmonk(root, listmonk, status):
    """The author scheduled the campaign in listmonk's dashboard (or listmonk paused it half
    sent), then added a line and rebuilt: `send` PUT the rebuild into it before looking at its
    status, and listmonk, which edits a scheduled or paused campaign, took it: the list (or the
    rest of it) got what had not been scheduled. It is looked up first now and left as it is."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    listmonk.campaigns[7]["status"] = status
    went = dict(listmonk.campaigns[7])
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nA line added after it was scheduled.\n", encoding="utf-8")
    build(root)

    test = send(root, PERIOD, test="ann@example.com", env=ENV)
    if status == "scheduled":
        result = send(root, PERIOD, yes=True, env=ENV)
        assert result.lines == [
            f"{PERIOD} is already scheduled on listmonk (campaign 7); nothing sent again. "
            "It was left as it was there, without what changed here since."
        ]
    else:
        with pytest.raises(NewsletterError, match="is paused on listmonk"):
            send(root, PERIOD, yes=True, env=ENV)

    assert listmonk.campaigns[7] == went
    assert [c for c in listmonk.calls() if c[0] == "PUT"] == []
    assert test.lines == [
        f"Sent a test of {PERIOD} to ann@example.com via listmonk (campaign 7). The campaign is {status!r} on "
        "listmonk and was left as it was: the test shows this build, the campaign does not."
    ]


@pytest.mark.parametrize("ledger", ["kept", "lost"])
@pytest.mark.parametrize("status", ["running", "paused", "cancelled", "finished"])
def test_a_rebuild_never_changes_a_campaign_started_on_listmonk(root, listmonk, status, ledger):
    """Started (running, paused or cancelled part way, finished) from listmonk's dashboard, then a
    line added and rebuilt: the campaign is left as it went, whether the ledger names it or the
    campaign is found by its name (the ledger lost); the send sends nothing, or says why not."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    listmonk.campaigns[7]["status"] = status
    went = dict(listmonk.campaigns[7])
    if ledger == "lost":
        (root / ".newsletter" / "ledger" / f"{PERIOD}.json").unlink()
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nA line added after it started.\n", encoding="utf-8")
    build(root)
    try:
        said = send(root, PERIOD, yes=True, env=ENV).lines[0]
    except NewsletterError as error:
        said = error.message
    assert listmonk.campaigns[7] == went and len(listmonk.campaigns) == 1 and listmonk.starts == []
    assert [c for c in listmonk.calls() if c[0] == "PUT"] == []
    if status in ("running", "finished"):
        assert said == (
            f"{PERIOD} is already {status} on listmonk (campaign 7); nothing sent again. "
            "It was left as it was there, without what changed here since."
        )
    else:
        assert said.startswith(f"{PERIOD} {STOPPED[status]} (campaign 7)")


def test_the_plan_of_a_campaign_recorded_with_no_id_says_that_yes_refuses(root, listmonk):
    """A ledger whose campaign id cannot be addressed (damaged, or edited to '../subscribers'):
    the plan named the campaign as if `--yes` would start it, and `--yes` then refused the ledger.
    It says what `--yes` will do, in the refusal's words, as Buttondown's plan does."""
    send(root, PERIOD, test="ann@example.com", env=ENV)
    path = root / ".newsletter" / "ledger" / f"{PERIOD}.json"
    ledger = json.loads(path.read_text(encoding="utf-8"))
    ledger["steps"]["listmonk.campaign"]["id"] = "../subscribers"
    path.write_text(json.dumps(ledger), encoding="utf-8")
    asked = len(listmonk.requests)
    plan = send(root, PERIOD, env=ENV)
    assert f"  Service: {listmonk.url} (nothing: `--yes` refuses a campaign recorded with no id, see below)" in (
        plan.lines
    )
    said = (
        f"{path} records the listmonk campaign as made, but with no id it can be addressed by ('../subscribers'); "
        "restore the ledger from a backup rather than editing it."
    )
    assert f"{said} `send --yes` refuses until then." in plan.warnings
    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env=ENV)
    assert refused.value.message == f"{said} Nothing was sent."
    assert listmonk.requests[asked:] == []


def test_the_plan_names_the_campaign_it_starts(root, listmonk):
    plan = send(root, PERIOD, env=ENV)
    assert f'  Service: {listmonk.url} (campaign "Test Letter {PERIOD}")' in plan.lines, plan.lines


def test_the_plan_says_a_token_would_cross_the_network_unencrypted(tmp_path, listmonk):
    """listmonk is self-hosted, often at an http:// address: the API user's token went in every
    request's Basic authorization, readable on the way, where SMTP's plan warns of a login over
    smtp_security = "none". The local one (http://localhost, as a tunnel gives) is no network."""
    settings = 'via = "listmonk"\nlistmonk_url = "{}"\nlistmonk_list_ids = [3]\n'
    remote = workspace(tmp_path / "remote", settings.format("http://lists.example.org:9000"))
    local = workspace(tmp_path / "local", settings.format(listmonk.url))

    assert [w for w in send(remote, PERIOD, env=ENV).warnings if "unencrypted" in w] == [
        "[send] listmonk_url is http://, so the token in LISTMONK_TOKEN would cross the network to "
        "lists.example.org unencrypted with every request; use its https:// address."
    ]
    assert not [w for w in send(local, PERIOD, env=ENV).warnings if "unencrypted" in w]
    send(local, PERIOD, test="ann@example.com", env=ENV)
    assert [call for call in listmonk.calls() if call[1].endswith("/test")] != []
