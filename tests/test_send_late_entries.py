"""An entry written into an edition after it was emailed reaches its blog post only: `build` and
`send` name it and say what to do, and the edition is never sent twice."""

import json

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.send import send
from newsletter.errors import NewsletterError

from fake_services import SmtpServer, build, workspace, write_entry

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


def test_a_ledger_from_before_the_entries_were_recorded_names_none(tmp_path):
    """A week sent by an earlier version has no list of its entries; a file's time cannot tell
    what went out (a ledger restored from a backup has every entry changed after it)."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    path = root / ".newsletter" / "ledger" / f"{WEEK}.json"
    data = ledger(root)
    del data["entries"]
    data["steps"]["smtp.send"]["done_at"] = "2021-02-10T09:00:00Z"
    path.write_text(json.dumps(data))
    write_entry(root, "late", 12, "A late talk")
    output = built(root)
    assert f"{WEEK} was already sent via smtp on 2021-02-10 09:00 UTC" in output and "added to" not in output


def test_sending_a_week_before_it_is_over_says_what_a_later_entry_will_miss(tmp_path, monkeypatch):
    from newsletter.config import Settings

    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        build(root, WEEK)
        monkeypatch.setattr(Settings, "today", lambda self: __import__("datetime").date(2021, 2, 10))
        said = (
            f"{WEEK} runs to 2021-02-14: an entry you add to it after this send reaches its blog post only, "
            "never the list; date what you read after today (2021-02-10) into the next edition"
        )
        assert said in send(root, WEEK, env={}).warnings
        assert said in send(root, WEEK, yes=True, env={}).warnings
        monkeypatch.setattr(Settings, "today", lambda self: __import__("datetime").date(2021, 2, 28))
        assert not any("runs to" in w for w in send(root, "2021-02", env={}).warnings)  # sent on its last day
