"""`newsletter send` itself: the dry run, the check that the edition is current, the ledger."""

import json
import math

import pytest
from click.testing import CliRunner

from newsletter.cli.editions import send as send_command
from newsletter.commands.send import send
from newsletter.config import load
from newsletter.delivery.ledger import Ledger, when
from newsletter.errors import NewsletterError
from newsletter.publish import entries_fingerprint

from fake_services import PERIOD, SETTINGS, SmtpServer, build, workspace, write_entry


def invoke(root, *args, env=None):
    return CliRunner().invoke(send_command, [*args, "-w", str(root)], env=env or {})


def record(root) -> dict:
    return json.loads((root / "dist" / PERIOD / "build.json").read_text())


def kb(size: int) -> str:
    return f"{math.ceil(size * 10 / 1024) / 10:.1f} KB"


def test_dry_run_is_what_send_does_without_yes_and_never_sends(tmp_path):
    """`import --dry-run` made a new author try `send --dry-run`: "No such option"."""
    root = workspace(tmp_path, 'smtp_host = "mail.example.com"\nsmtp_port = 2525\n')
    plain, dry = invoke(root, PERIOD), invoke(root, PERIOD, "--dry-run")
    assert dry.exit_code == plain.exit_code == 0
    assert dry.stdout == plain.stdout and dry.stdout.startswith(f"Would send {PERIOD} via smtp:\n")
    assert dry.stderr.endswith("Nothing sent. Run again with --yes to send.\n")
    for other in (["--yes"], ["--test", "me@example.com"]):
        refused = invoke(root, PERIOD, "--dry-run", *other)
        assert refused.exit_code == 2
        assert "--dry-run sends nothing: leave out --yes and --test" in refused.stderr


def test_without_yes_it_shows_what_would_be_sent_and_stops(tmp_path):
    root = workspace(tmp_path, 'smtp_host = "mail.example.com"\nsmtp_port = 2525\n')
    result = invoke(root, PERIOD, env={"SMTP_USERNAME": "ann"})
    folder = root / "dist" / PERIOD
    eml, html, text = (
        kb((folder / name).stat().st_size) for name in ("newsletter.eml", "newsletter.html", "newsletter.txt")
    )
    assert result.exit_code == 0
    assert result.stdout == (
        f"Would send {PERIOD} via smtp:\n"
        "  Subject: Test Letter #2: February\n"
        "  From:    Ann <ann@example.com>\n"
        "  To:      Test Letter <list@example.com> (one message to the list address)\n"
        "  Server:  mail.example.com:2525, STARTTLS, login as $SMTP_USERNAME\n"
        f"  Size:    message {eml} (HTML {html}, text {text})\n"
        f"  Built:   {when(record(root)['built_at'])}, from the current entries\n"
        f"  Tests:   none yet; try `newsletter send {PERIOD} --via smtp --test`\n"
    )
    assert result.stderr == (
        "warning: SMTP_USERNAME is set but SMTP_PASSWORD is not.\nNothing sent. Run again with --yes to send.\n"
    )
    assert not (root / ".newsletter" / "ledger" / f"{PERIOD}.json").exists()


def test_the_dry_run_counts_recipients_and_remembers_tests(tmp_path):
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings(recipients="readers.txt"))
        (root / "readers.txt").write_text("a@example.org\nb@example.org\n", encoding="utf-8")
        invoke(root, PERIOD, "--test", "me@example.org")
        result = invoke(root, PERIOD)
    lines = result.stdout.splitlines()
    assert lines[3] == "  To:      2 recipients from readers.txt, one message each"
    assert lines[-1].startswith("  Tests:   last sent to me@example.org via smtp on ")
    assert lines[-1].endswith(" UTC")  # of this very build: nothing more said


def test_the_dry_run_says_when_the_last_test_was_of_an_earlier_build(tmp_path):
    """A typo fixed after the test and rebuilt: the dry run still said "last sent to me...", and
    the author took the copy they had checked for the one the readers would get."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        invoke(root, PERIOD, "--test", "me@example.org")
        entry = root / "entries" / "2021" / "02" / "first.md"
        entry.write_text(entry.read_text(encoding="utf-8") + "A typo fixed.\n", encoding="utf-8")
        build(root)
        result = invoke(root, PERIOD)
        assert result.stdout.splitlines()[-1].endswith(
            f" UTC, of an earlier build; `newsletter send {PERIOD} --via smtp --test` shows this one"
        )
        invoke(root, PERIOD, "--test", "me@example.org")
        assert invoke(root, PERIOD).stdout.splitlines()[-1].endswith(" UTC")


def test_a_changed_entry_stops_the_real_send(tmp_path):
    root = workspace(tmp_path)
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(entry.read_text() + "One more thought.\n")
    result = invoke(root, PERIOD, "--yes")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: dist/{PERIOD} was built before entries changed (entries/2021/02/first.md); "
        f"run `newsletter build {PERIOD}` first.\n"
    )


def test_added_removed_and_moved_entries_are_named(tmp_path):
    root = workspace(tmp_path)
    write_entry(root, "third", 27, "A new one")
    (root / "entries" / "2021" / "02" / "second.md").unlink()
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('author = "Ann"', 'author = "Ann B."'))
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"dist/{PERIOD} was built before its sources changed (entries/2021/02/second.md, "
        f"entries/2021/02/third.md, newsletter.toml); run `newsletter build {PERIOD}` first."
    )
    build(root)
    assert send(root, PERIOD, env={}).dry_run  # current again


def test_a_delivery_setting_changed_leaves_the_edition_current(tmp_path):
    """What is sent is the same whichever server sends it or address tests it: only the settings
    the outputs are made from make an edition stale (newsletter.toml was hashed whole)."""
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace('test_address = "ann@example.com"', 'test_address = "ann@example.org"')
        + 'smtp_host = "mail.example.org"  # a comment\n\n[capture]\nport = 9000\n\n[imports]\ntimeout = 5.0\n'
    )
    assert send(root, PERIOD, env={}).dry_run
    settings.write_text(settings.read_text().replace('name = "Test Letter"', 'name = "Test Letters"'))
    with pytest.raises(NewsletterError, match=r"built before its sources changed \(newsletter.toml\)"):
        send(root, PERIOD, env={})


def test_an_entry_in_another_month_does_not_matter(tmp_path):
    root = workspace(tmp_path)
    (root / "entries" / "2021" / "03").mkdir()
    (root / "entries" / "2021" / "03" / "march.md").write_text(
        "---\ntype: article\nurl: https://example.com/m\ndate: 2021-03-02\n---\n", encoding="utf-8"
    )
    assert send(root, PERIOD, env={}).dry_run


def test_a_test_send_of_a_stale_edition_warns_and_sends(tmp_path):
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        write_entry(root, "third", 27, "A new one")
        result = invoke(root, PERIOD, "--test")
        assert result.exit_code == 0
        assert result.stderr == (
            f"warning: dist/{PERIOD} was built before entries changed (entries/2021/02/third.md); run "
            f"`newsletter build {PERIOD}` first. (The test shows the edition as built.)\n"
        )
        assert result.stdout == f"Sent a test of {PERIOD} to ann@example.com via 127.0.0.1:{server.port}.\n"
        assert len(server.received) == 1


def test_what_was_sent_is_said_on_stdout_as_what_would_be(tmp_path):
    """The dry run's "Would send" was on stdout and the real send's "Sent" on stderr, in green:
    a cron job logging stdout kept the plan and lost the outcome. Stderr is for what went wrong."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings(recipients="readers.txt"))
        (root / "readers.txt").write_text("a@example.org\nb@example.org\n", encoding="utf-8")
        sent = invoke(root, PERIOD, "--yes", env={"NO_COLOR": ""})
    assert sent.exit_code == 0, sent.output
    assert sent.stdout == f"Sent {PERIOD} to 2 of 2 recipients via 127.0.0.1:{server.port}.\n"
    assert sent.stderr == ""


def test_an_edition_not_built(tmp_path):
    root = workspace(tmp_path)
    result = invoke(root, "2021-03", "--yes")
    assert result.output == "Error: dist/2021-03/newsletter.eml does not exist; run `newsletter build 2021-03` first.\n"


def test_an_edition_without_a_build_record(tmp_path):
    root = workspace(tmp_path)
    (root / "dist" / PERIOD / "build.json").unlink()
    result = invoke(root, PERIOD, "--yes")
    assert result.output == (
        f"Error: dist/{PERIOD} has no build.json, so it cannot be checked against the "
        f"entries; run `newsletter build {PERIOD}` first.\n"
    )


def test_an_edited_eml_is_not_sent(tmp_path):
    root = workspace(tmp_path)
    eml = root / "dist" / PERIOD / "newsletter.eml"
    eml.write_bytes(eml.read_bytes().replace(b"February", b"Febuary"))
    result = invoke(root, PERIOD, "--yes")
    assert result.output == (
        f"Error: dist/{PERIOD}/newsletter.eml was changed after it was built; run `newsletter build {PERIOD}` first.\n"
    )


def test_already_sent_says_when(tmp_path):
    root = workspace(tmp_path)
    with Ledger(root / ".newsletter" / "ledger", PERIOD) as ledger:
        ledger.intend("buttondown.send", id="e1")
        ledger.done("buttondown.send", id="e1")
        ledger.data["steps"]["buttondown.send"]["done_at"] = "2021-02-27T10:02:31Z"
        ledger._save()
    result = invoke(root, PERIOD, "--yes", "--via", "smtp")
    assert result.output == f"Error: {PERIOD} was already sent via buttondown on 2021-02-27 10:02 UTC; nothing sent.\n"
    dry_run = invoke(root, PERIOD)  # the dry run says so too, and that is no error
    assert dry_run.exit_code == 0
    assert dry_run.output == (
        f"{PERIOD} was already sent via buttondown on 2021-02-27 10:02 UTC; there is nothing left to send.\n"
    )


def test_exit_status_tells_sent_nothing_to_do_and_failure_apart(tmp_path):
    """New user 47 (Tomás) sends from cron and CI, reading only the exit status: a second run the
    same day (a CI retry) exited 1, as a server that refused, so his job reported a failure for
    a send that had gone. Sent is 0, already sent is 3 (nothing to do), a failure is 1."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        sent, again = invoke(root, PERIOD, "--yes"), invoke(root, PERIOD, "--yes")
    assert sent.exit_code == 0, sent.output
    assert again.exit_code == 3 and again.stderr.startswith(f"Error: {PERIOD} was already sent via smtp on ")
    assert len(server.received) == 1
    down = workspace(tmp_path / "down", server.settings())  # the server has stopped
    failed = invoke(down, PERIOD, "--yes")
    assert failed.exit_code == 1 and "Could not connect to 127.0.0.1" in failed.stderr


def test_json_says_where_the_send_stands(tmp_path, monkeypatch):
    """Tomás's cron job had only sentences on stderr to tell a full send from part of one: `send
    --json` prints on stdout whether the edition went, to how many readers, and who may have it
    from a run that was killed (here after b@ had it, before that was recorded)."""
    from newsletter.delivery.ledger import Journal

    record = Journal.record

    def killed_after_b(self, address, state, **data):
        if (address, state) == ("b@example.org", "done"):
            raise SystemExit("killed")
        return record(self, address, state, **data)

    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings(recipients="readers.txt"))
        (root / "readers.txt").write_text("a@example.org\nb@example.org\nc@example.org\n", encoding="utf-8")
        monkeypatch.setattr(Journal, "record", killed_after_b)
        assert invoke(root, PERIOD, "--yes").exit_code != 0
        monkeypatch.undo()
        went = invoke(root, PERIOD, "--yes", "--json")
        again = invoke(root, PERIOD, "--yes", "--resend-uncertain", "--json")
        done = invoke(root, PERIOD, "--yes", "--json")
    assert sorted(m.recipients[0] for m in server.received) == [f"{r}@example.org" for r in "abbc"]
    assert went.exit_code == 1, went.output  # b@ left unsure: not all of the list has it for certain
    went = json.loads(went.stdout)
    assert (went["period"], went["sent"], went["readers_sent"], went["uncertain"]) == (
        PERIOD,
        False,
        2,
        ["b@example.org"],
    )
    assert went["error"].startswith(f"Sent {PERIOD} to 1 more recipient via ") and went["lines"] == []
    assert again.exit_code == 0 and json.loads(again.stdout)["readers_sent"] == 3
    assert json.loads(again.stdout)["sent"] is True and json.loads(again.stdout)["uncertain"] == []
    assert done.exit_code == 3
    done = json.loads(done.stdout)
    assert done["nothing_to_do"] is True and done["sent"] is True and done["error"].endswith("; nothing sent.")


def test_a_send_that_leaves_readers_unsure_or_refused_for_now_does_not_exit_0(tmp_path):
    """New user 54 (Nadia) sends from a train: the connection dropped after the server had one
    reader's message, and `send --yes` said who may have it and exited 0, the status of a send
    that reached everyone, so `send --yes && echo done` (or cron) took the list as sent. So did
    a reader refused for now (451) and a run where nobody took it. Each is 1, the message saying
    what to do; the run that finishes the send is 0."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings(recipients="subscribers.txt"))
        readers = [f"reader{n}@example.org" for n in range(1, 5)]
        (root / "subscribers.txt").write_text("\n".join(readers) + "\n", encoding="utf-8")
        server.handler.drop_after_data = {2}  # the server keeps the second message, then hangs up
        server.handler.refuse = {readers[3]: "451 4.7.1 Try again later"}
        dropped = invoke(root, PERIOD, "--yes")
        assert dropped.exit_code == 1, dropped.output
        said = " ".join(dropped.stderr.split())
        assert f"may have received it already: {readers[1]}; check, then run again with --resend-uncertain" in said
        assert f"Refused for now: {readers[3]}; run the same command again to retry them." in said
        server.handler.refuse = {}
        unsure = invoke(root, PERIOD, "--yes")  # the fourth gets it; the second is still unsure
        assert unsure.exit_code == 1 and f"may have received it already: {readers[1]}" in unsure.stderr
        done = invoke(root, PERIOD, "--yes", "--resend-uncertain")
        assert done.exit_code == 0, done.output
    assert sorted(r for message in server.received for r in message.recipients) == sorted([*readers, readers[1]])


def test_test_option_mistakes(tmp_path):
    root = workspace(tmp_path)
    assert invoke(root, "--test", PERIOD).output == (
        f"Error: --test took {PERIOD} for the address; put the period first: `newsletter send {PERIOD} --test`.\n"
    )
    assert invoke(root, PERIOD, "--test", "nobody").output == "Error: --test nobody: not an email address.\n"
    (root / "newsletter.toml").write_text(
        (root / "newsletter.toml").read_text().replace('test_address = "ann@example.com"', "")
    )
    assert invoke(root, PERIOD, "--test").output == (
        "Error: --test needs an address: `--test you@example.com`, or set test_address in [send] of newsletter.toml.\n"
    )


def test_unknown_delivery_in_settings(tmp_path):
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + 'via = "carrier-pigeon"\n')  # appended to [send]
    assert invoke(root, PERIOD).output == (
        "Error: Unknown delivery 'carrier-pigeon'; use --via buttondown, "
        "listmonk, smtp (or set `via` in [send] of newsletter.toml).\n"
    )


def test_help_has_an_example():
    result = CliRunner().invoke(send_command, ["--help"])
    assert "newsletter send 2021-02 --via buttondown --test me@example.com" in result.output
    assert "--yes" in result.output and "--force" in result.output and "--resend-uncertain" in result.output


def test_the_build_record_is_stable_and_the_fingerprint_order_free(tmp_path):
    root = workspace(tmp_path)
    path = root / "dist" / PERIOD / "build.json"
    path.write_text(path.read_text().replace(record(root)["built_at"], "2021-02-27T10:00:00Z"))
    build(root)
    assert record(root)["built_at"] == "2021-02-27T10:00:00Z"  # nothing changed: kept
    write_entry(root, "third", 27, "A new one")
    build(root)
    assert record(root)["built_at"] != "2021-02-27T10:00:00Z"
    files = sorted((root / "entries").rglob("*.md"))
    assert entries_fingerprint(files, root) == entries_fingerprint(files[::-1], root)
    assert entries_fingerprint(files, root) != entries_fingerprint(files[1:], root)
    assert record(root)["entries_fingerprint"] == entries_fingerprint([*files, root / "newsletter.toml"], root)


def test_two_sends_at_once_are_refused(tmp_path):
    root = workspace(tmp_path)
    with Ledger(root / ".newsletter" / "ledger", PERIOD):
        result = invoke(root, PERIOD, "--yes")
    assert result.output == (
        f"Error: Another `newsletter send {PERIOD}` is running in this workspace; wait for "
        "it to finish, then run again.\n"
    )


@pytest.mark.parametrize(
    "content", ["[1, 2]", '{"steps": [1, 2]}', '{"steps": {"smtp.send": 3}}', '{"history": {}}', "not json"]
)
def test_a_ledger_of_the_wrong_shape_is_a_clear_refusal(tmp_path, content):
    root = workspace(tmp_path, 'smtp_host = "mail.example.com"\n')
    ledger = root / ".newsletter" / "ledger" / f"{PERIOD}.json"
    ledger.parent.mkdir(parents=True)
    ledger.write_text(content)
    result = invoke(root, PERIOD, "--yes")
    assert result.exit_code == 1
    assert f"{PERIOD}.json is not " in result.stderr and "restore" in result.stderr
    assert "Traceback" not in result.output
    assert ledger.read_text() == content  # never overwritten


@pytest.mark.parametrize("in_the_way", ["ledger", f"ledger/{PERIOD}.json"])
def test_a_ledger_that_cannot_be_opened_is_a_clear_refusal(tmp_path, in_the_way):
    """A .newsletter/ledger that is a file (or a read-only .newsletter/) and a ledger that is a
    folder were OSError tracebacks out of `send`, the first of every send, --test ones too."""
    root = workspace(tmp_path, 'smtp_host = "mail.example.com"\n')
    (root / ".newsletter" / in_the_way).parent.mkdir(parents=True, exist_ok=True)
    if in_the_way == "ledger":
        (root / ".newsletter" / in_the_way).write_text("not a folder")
    else:
        (root / ".newsletter" / in_the_way).mkdir()
    result = invoke(root, PERIOD, "--yes")
    assert result.exit_code == 1 and "Traceback" not in result.output
    if in_the_way == "ledger":
        assert result.stderr.startswith("Error: Could not open the send ledger in ")
        assert "(File exists); nothing was sent. It records every send so that none goes out twice" in result.stderr
    else:
        assert result.stderr.startswith("Error: Could not read the send ledger ")
        assert f"{PERIOD}.json (Is a directory); it records what was already sent" in result.stderr


def test_a_damaged_ledger_is_named_with_the_parsers_reason_in_one_pair_of_parentheses(tmp_path):
    """It said "is not valid JSON (Expecting value: line 1 column 1 (char 0)); it records …"."""
    folder = tmp_path / ".newsletter" / "ledger"
    folder.mkdir(parents=True)
    (folder / f"{PERIOD}.json").write_text("")
    with pytest.raises(NewsletterError) as raised, Ledger(folder, PERIOD):
        pass
    said = f"{PERIOD}.json is not valid JSON (Expecting value: line 1 column 1, char 0); it records"
    assert said in str(raised.value)


def test_without_a_period_an_edition_built_and_not_sent_is_named(tmp_path):
    """On the 1st, `newsletter send --yes` took the new month, and only said to build it: the
    author who meant last month's edition was led to build and send a month just begun."""
    root = workspace(tmp_path)  # February 2021 built, not sent
    current = load(root).period(None).key
    result = invoke(root, "--yes")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: dist/{current}/newsletter.eml does not exist; run `newsletter build {current}` first. "
        f"(Without a PERIOD, send takes the current edition, {current}; {PERIOD} is built and not sent yet: "
        f"`newsletter send {PERIOD}`.)\n"
    )
    with SmtpServer() as server:  # once it is sent, nothing is named
        (root / "newsletter.toml").write_text(SETTINGS + server.settings(), encoding="utf-8")
        send(root, PERIOD, yes=True, env={})
    assert invoke(root, "--yes").output == (
        f"Error: dist/{current}/newsletter.eml does not exist; run `newsletter build {current}` first.\n"
    )


@pytest.mark.parametrize(
    "zone, shown",
    [
        ("UTC", "2021-02-27 10:02 UTC"),
        ("Europe/Berlin", "2021-02-27 11:02 CET"),
        ("America/New_York", "2021-02-27 05:02 EST"),
        ("Europe/Istanbul", "2021-02-27 13:02 +03"),  # zones with no letters for their names: as `date` says
        ("Asia/Kathmandu", "2021-02-27 15:47 +0545"),  # (it said "UTC+0545")
        ("America/Sao_Paulo", "2021-02-27 07:02 -03"),
    ],
)
def test_the_ledgers_times_are_shown_in_the_workspaces_timezone(zone, shown):
    assert when("2021-02-27T10:02:31Z", zone) == shown
    assert when(None, zone) == "an unknown time"


def _an_entry_of(root, day: str) -> None:
    folder = root / "entries" / day[:4] / day[5:7]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"later-{day}.md").write_text(
        f"---\ntype: article\nurl: https://example.com/{day}\ndate: {day}\n---\nRead later.\n", encoding="utf-8"
    )


def test_an_edition_two_or_more_behind_the_log_is_said_old_and_sent_only_with_force(tmp_path):
    """`send 2021-02 --yes`, meant for 2021-05 (a wrong PERIOD, or an edition of a four-year
    import), went to the whole list without a word. An edition two or more behind the log's
    latest entry is said old in the plan; `--yes` refuses it, and `--force` sends it."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings("none"))
        _an_entry_of(root, "2021-05-02")
        old = (
            f"{PERIOD} is an old edition: your log's latest entry, of 2021-05-02, is in 2021-05, 63 days after "
            f"{PERIOD} ended. Is {PERIOD} the edition you mean?"
        )
        dry = send(root, PERIOD, env={})
        assert dry.warnings == [f"{old} `--yes` will refuse until you send yourself a test of it."]
        # the dry run's last line: not "Run again with --yes", which is refused (new user 48)
        assert dry.next_step == "Send yourself a test of it (--test), then run again with --yes."
        with pytest.raises(NewsletterError) as refused:
            send(root, PERIOD, yes=True, env={})
        assert (
            refused.value.message
            == f"{old} Nothing sent; if it is, send yourself a test of it (`--test`), then --yes sends it."
        )
        assert server.received == []
        forced = send(root, PERIOD, force=True, env={})
        assert forced.warnings == [f"{old} --force: `--yes` will send it all the same."]
        assert forced.next_step == "Run again with --yes to send."
        sent = send(root, PERIOD, yes=True, force=True, env={})
        assert sent.warnings == [f"{old} --force: sending it all the same."]  # not '--force changes nothing'
        assert len(server.received) == 1


def test_an_old_edition_whose_build_the_author_tested_on_themselves_is_sent_without_force(tmp_path):
    """--force was the only way past the age check, and it also sends past failed doctor checks
    (review 11): an author who sent themselves a test of this very build means that edition."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings("none"))
        _an_entry_of(root, "2021-05-02")
        send(root, PERIOD, test="me@example.com", env={})
        [warning] = [w for w in send(root, PERIOD, env={}).warnings if "old edition" in w]
        assert warning.endswith("you sent yourself a test of this build: `--yes` will send it all the same.")
        sent = send(root, PERIOD, yes=True, env={})
        assert any(w.endswith("a test of this build: sending it all the same.") for w in sent.warnings)
        assert len(server.received) == 2  # the test, and the list's message


@pytest.mark.parametrize("day", ["2021-03-31", "2099-06-01"])
def test_the_edition_before_the_log_s_latest_is_not_old_nor_is_one_behind_a_date_to_come(tmp_path, day):
    """A month's edition goes out in the first days of the next; an entry dated years ahead
    (mistyped) is not where the author is."""
    root = workspace(tmp_path)
    _an_entry_of(root, day)
    assert not [w for w in send(root, PERIOD, env={}).warnings if "old edition" in w]
