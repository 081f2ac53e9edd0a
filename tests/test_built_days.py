"""One day, one edition: a log that moves from monthly to weekly, or moves its week's first day,
keeps every entry in the edition that first held it (new user 57, Marco, formats/built_days.py)."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.send import send

from fake_services import API_KEY, SETTINGS, FakeButtondown, SmtpServer

ENTRY = '---\ntype: article\nurl: https://example.com/{day}\ndate: {day}\ntitle: "Read on {day}"\n---\nNotes.\n'


def write(root: Path, *days: str) -> None:
    for day in days:
        folder = root / "entries" / day[:4] / day[5:7]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{day}.md").write_text(ENTRY.format(day=day), encoding="utf-8")


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "-w", str(root)])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def settings(root: Path, server: SmtpServer, newsletter: str = "") -> None:
    text = SETTINGS.replace('author = "Ann"', f'author = "Ann"\n{newsletter}') + server.settings()
    (root / "newsletter.toml").write_text(text, encoding="utf-8")


def plain(root: Path, newsletter: str = "") -> None:
    """Settings without a delivery: a build only."""
    text = SETTINGS.replace('author = "Ann"', f'author = "Ann"\n{newsletter}')
    (root / "newsletter.toml").write_text(text, encoding="utf-8")


def record(root: Path, period: str) -> dict:
    return json.loads((root / "dist" / period / "build.json").read_text(encoding="utf-8"))


def test_the_first_week_after_a_monthly_june_leaves_june_its_days(tmp_path):
    """Marco sent June's monthly edition, June 29 and 30 in it, then wrote weekly from July: his
    first week, Monday June 29 to Sunday July 5, listed, built and would have emailed those two
    entries again, and sending the next week named them as added to the first after it went out."""
    with SmtpServer() as server:
        settings(tmp_path, server)
        write(tmp_path, "2026-06-10", "2026-06-29", "2026-06-30", "2026-07-02")
        run(tmp_path, "build", "2026-06", "--offline")
        send(tmp_path, "2026-06", yes=True, env={})
        settings(tmp_path, server, 'cadence = "weekly"')

        listed = run(tmp_path, "list", "2026-W27")
        assert "2026-07-02.md" in listed and "2026-06-29" not in listed and "2026-06-30" not in listed
        built = run(tmp_path, "build", "2026-W27", "--offline")
        assert (
            "warning: 2026-W27 holds 2026-07-01 to 2026-07-05, not 2026-06-29 to 2026-07-05: 2026-06 holds "
            "the other days, and an entry goes in one edition only" in built
        )
        assert record(tmp_path, "2026-W27")["entries"] == ["entries/2026/07/2026-07-02.md"]
        assert record(tmp_path, "2026-W27")["days"] == ["2026-07-01", "2026-07-05"]
        assert "holds 2026-07-01" not in run(tmp_path, "build", "2026-W27", "--offline", "--force")  # said once
        send(tmp_path, "2026-W27", yes=True, env={})
        assert "Read on 2026-06-29" not in server.received[-1].message.get_body(("plain",)).get_content()

        write(tmp_path, "2026-07-07")
        run(tmp_path, "build", "2026-W28", "--offline")
        assert not any("added to" in line for line in send(tmp_path, "2026-W28", yes=True, env={}).warnings)
        assert record(tmp_path, "2026-06")["entries"][-2:] == [
            "entries/2026/06/2026-06-29.md",
            "entries/2026/06/2026-06-30.md",
        ]


def test_a_first_week_built_before_june_went_out_gives_june_its_days_back(tmp_path):
    """Marco's cron job built his first week on July 2, June 29 and 30 in it (June was built, not
    sent: which edition holds them was his to choose), and he sent June on July 3: the week's next
    build must leave those days to June, and say so, or its send emails them a second time."""
    with SmtpServer() as server:
        settings(tmp_path, server)
        write(tmp_path, "2026-06-10", "2026-06-29", "2026-07-02")
        run(tmp_path, "build", "2026-06", "--offline")
        settings(tmp_path, server, 'cadence = "weekly"')
        assert "holds" not in run(tmp_path, "build", "2026-W27", "--offline")
        assert "entries/2026/06/2026-06-29.md" in record(tmp_path, "2026-W27")["entries"]
        run(tmp_path, "build", "2026-06", "--offline")  # (its settings changed: send asks for it)
        send(tmp_path, "2026-06", yes=True, env={})

        built = run(tmp_path, "build", "2026-W27", "--offline")
        assert "2026-W27 holds 2026-07-01 to 2026-07-05, not 2026-06-29 to 2026-07-05: 2026-06 holds" in built
        assert record(tmp_path, "2026-W27")["entries"] == ["entries/2026/07/2026-07-02.md"]
        send(tmp_path, "2026-W27", yes=True, env={})
        assert "Read on 2026-06-29" not in server.received[-1].message.get_body(("plain",)).get_content()


def test_a_week_sent_before_week_start_changed_keeps_its_days(tmp_path):
    """Marco sent 2026-W41, Monday October 5 to Sunday October 11, then moved `week_start` to
    Sunday: `build --all` rebuilt W41 as Sunday October 4 to Saturday October 10, its Sunday entry
    moved into W42, which emailed it a second time, and W41's post lost it."""
    with SmtpServer() as server:
        settings(tmp_path, server, 'cadence = "weekly"')
        write(tmp_path, "2026-10-04", "2026-10-08", "2026-10-11")
        run(tmp_path, "build", "2026-W40", "--offline")
        run(tmp_path, "build", "2026-W41", "--offline")
        send(tmp_path, "2026-W41", yes=True, env={})
        settings(tmp_path, server, 'cadence = "weekly"\nweek_start = "sunday"')
        write(tmp_path, "2026-10-13")

        run(tmp_path, "build", "--all", "--offline")
        assert record(tmp_path, "2026-W41")["entries"] == [
            "entries/2026/10/2026-10-08.md",
            "entries/2026/10/2026-10-11.md",
        ]
        assert record(tmp_path, "2026-W40")["entries"] == ["entries/2026/10/2026-10-04.md"]
        assert record(tmp_path, "2026-W42")["entries"] == ["entries/2026/10/2026-10-13.md"]
        assert record(tmp_path, "2026-W42")["days"] == ["2026-10-12", "2026-10-17"]
        assert "2026-10-11" not in run(tmp_path, "list", "2026-W42")
        assert not any("added to" in line for line in send(tmp_path, "2026-W42", yes=True, env={}).warnings)
        assert "Read on 2026-10-11" not in server.received[-1].message.get_body(("plain",)).get_content()


def test_a_month_buttondown_had_sent_before_the_run_that_found_it_keeps_its_days(tmp_path, httpserver):
    """June went out via Buttondown from another clone of the log (its ledger and copy as sent are
    not here); built here, June's send found Buttondown had sent it and kept no copy as sent, as
    the service has it: only the ledger says June went out, and July's first week must still leave
    June 29 to it (as run.sh found it, a new workspace sending to a Buttondown that had its key)."""
    buttondown = FakeButtondown(httpserver)
    env = {"BUTTONDOWN_API_KEY": API_KEY}
    text = SETTINGS + f'via = "buttondown"\nbuttondown_url = "{buttondown.url}"\n'
    (tmp_path / "newsletter.toml").write_text(text, encoding="utf-8")
    write(tmp_path, "2026-06-10", "2026-06-29", "2026-07-02")
    run(tmp_path, "build", "2026-06", "--offline")
    send(tmp_path, "2026-06", yes=True, env=env)
    shutil.rmtree(tmp_path / ".newsletter")
    shutil.rmtree(tmp_path / "dist")  # the other clone's: here, only the log
    run(tmp_path, "build", "2026-06", "--offline")
    assert "already about to send on Buttondown" in send(tmp_path, "2026-06", yes=True, env=env).lines[0]
    assert not (tmp_path / "dist" / "2026-06" / "sent.eml").exists() and len(buttondown.sends) == 1

    (tmp_path / "newsletter.toml").write_text(text.replace('author = "Ann"', 'author = "Ann"\ncadence = "weekly"'))
    assert "2026-06-29" not in run(tmp_path, "list", "2026-W27")


def test_a_week_an_earlier_version_built_keeps_the_days_its_entries_date(tmp_path):
    """A record written before `days` was (an earlier version's, upgraded from): the week is the
    one of its week_starts that holds every entry it published, not the new week_start's."""
    with SmtpServer() as server:
        settings(tmp_path, server, 'cadence = "weekly"')
        write(tmp_path, "2026-10-08", "2026-10-11")
        run(tmp_path, "build", "2026-W41", "--offline")
        send(tmp_path, "2026-W41", yes=True, env={})
        path = tmp_path / "dist" / "2026-W41" / "build.json"
        path.write_text(json.dumps({k: v for k, v in record(tmp_path, "2026-W41").items() if k != "days"}))
        settings(tmp_path, server, 'cadence = "weekly"\nweek_start = "sunday"')
        write(tmp_path, "2026-10-13")

        built = run(tmp_path, "build", "--all", "--offline")
        assert "2026-W42 holds 2026-10-12 to 2026-10-17, not 2026-10-11 to 2026-10-17: 2026-W41 holds" in built
        assert record(tmp_path, "2026-W41")["entries"][-1] == "entries/2026/10/2026-10-11.md"
        assert record(tmp_path, "2026-W41")["days"] == ["2026-10-05", "2026-10-11"]
        assert record(tmp_path, "2026-W42")["entries"] == ["entries/2026/10/2026-10-13.md"]


def test_a_month_whose_days_went_out_week_by_week_is_refused(tmp_path):
    """`newsletter build 2026-08` in Marco's weekly log, its weeks emailed: August held every entry
    the weeks had sent, and `send 2026-08` would have emailed them all again."""
    with SmtpServer() as server:
        settings(tmp_path, server, 'cadence = "weekly"')
        for week, day in zip(range(31, 37), ("2026-07-30", "05", "12", "19", "26", "31"), strict=True):
            write(tmp_path, day if len(day) > 2 else f"2026-08-{day}")
            run(tmp_path, "build", week := f"2026-W{week}", "--offline")
            send(tmp_path, week, yes=True, env={})

        refused = CliRunner().invoke(main, ["build", "2026-08", "--offline", "-w", str(tmp_path)])
        assert refused.exit_code == 1 and refused.output == (
            "Error: 2026-08 (2026-08-01 to 2026-08-31) has no day of its own: 2026-W31, 2026-W32, 2026-W33, "
            "2026-W34, 2026-W35 and 2026-W36, built before it, hold them, and an entry goes in one edition only; "
            "its entries are in those. Build an edition of days after them.\n"
        )


@pytest.mark.parametrize(
    "days",
    [
        ["0001-01-01", "9999-12-31"],  # was an OverflowError, a day past the last date Python has
        ["2026-01-01", "2026-12-31"],  # was "2026-06 has no day of its own": every month refused
        ["2026-05-01", "2026-06-30"],  # was June's entry lost to a May that never held it
    ],
)
def test_a_record_beside_claiming_days_its_edition_never_had_takes_none(tmp_path, days):
    """A build reads the records of the editions beside its own (attack 35): May's, written by
    hand or by another tool, claiming days no May could hold, and said to be sent, took June's
    days from June: its build ended in a traceback, or was refused, or left June's entry out."""
    plain(tmp_path)
    write(tmp_path, "2026-06-10")
    (tmp_path / "dist" / "2026-05").mkdir(parents=True)
    forged = {"days": days, "kind": "month", "sent": "2026-06-01T00:00:00Z", "items": []}
    (tmp_path / "dist" / "2026-05" / "build.json").write_text(json.dumps(forged), encoding="utf-8")
    run(tmp_path, "build", "2026-06", "--offline")
    assert record(tmp_path, "2026-06")["entries"] == ["entries/2026/06/2026-06-10.md"]
    assert record(tmp_path, "2026-06")["days"] == ["2026-06-01", "2026-06-30"]


def test_a_week_whose_days_reach_into_the_year_before_keeps_them(tmp_path):
    """2026-W01 begun on Sunday is December 28 to January 3: days of another year its record may
    hold (the check above takes a week's days by its ISO week on any weekday, not by its year)."""
    plain(tmp_path, 'cadence = "weekly"\nweek_start = "sunday"')
    write(tmp_path, "2025-12-28", "2026-01-02")
    run(tmp_path, "build", "2026-W01", "--offline")
    assert record(tmp_path, "2026-W01")["days"] == ["2025-12-28", "2026-01-03"]
    write(tmp_path, "2025-12-27")
    run(tmp_path, "build", "2025-W52", "--offline")  # the week before: not one of W01's days
    assert record(tmp_path, "2025-W52")["days"] == ["2025-12-21", "2025-12-27"]
    assert len(record(tmp_path, "2026-W01")["entries"]) == 2


@pytest.mark.parametrize("items", [5, 1.5, True])
def test_a_record_beside_whose_items_are_no_list_is_read_as_holding_none(tmp_path, items):
    """May's record with a number where its items are was a TypeError, a traceback, in every build
    of June (attack 35)."""
    plain(tmp_path)
    write(tmp_path, "2026-06-10")
    (tmp_path / "dist" / "2026-05").mkdir(parents=True)
    damaged = {"kind": "month", "items": items}
    (tmp_path / "dist" / "2026-05" / "build.json").write_text(json.dumps(damaged), encoding="utf-8")
    run(tmp_path, "build", "2026-06", "--offline")
    assert record(tmp_path, "2026-06")["entries"] == ["entries/2026/06/2026-06-10.md"]


def test_a_ledger_beside_larger_than_any_the_tool_writes_is_not_read(tmp_path):
    """Every build reads the send ledgers of the editions beside its own (attack 35): a 239 MB one
    took each build of the week after 19 s and 3.2 GB. One past a few MB was not written by the
    tool, and is read as none, as a folder by its name is: June, built and never sent, holds no
    day of the first week, whatever its ledger, padded past the cap, says."""
    plain(tmp_path, 'cadence = "weekly"')
    write(tmp_path, "2026-06-10", "2026-06-29", "2026-07-02")
    run(tmp_path, "build", "2026-06", "--offline")
    ledgers = tmp_path / ".newsletter" / "ledger"
    ledgers.mkdir(parents=True, exist_ok=True)
    padded = {"steps": {"smtp.send": {"state": "done"}}, "history": [], "note": "x" * (5 * 1024 * 1024)}
    (ledgers / "2026-06.json").write_text(json.dumps(padded), encoding="utf-8")
    run(tmp_path, "build", "2026-W27", "--offline")
    assert record(tmp_path, "2026-W27")["days"] == ["2026-06-29", "2026-07-05"]


@pytest.mark.parametrize("said", [False, None, "no"])
def test_a_month_whose_record_says_it_was_not_sent_holds_no_day_against_a_week(tmp_path, said):
    """A build record keeps "sent" (what the list got) only for an emailed edition, an object;
    one saying `"sent": false` (a hand edit, another tool) was read as emailed by its mere key, so
    June, built and never sent, took June 29 and 30 from the first week after it, where a month
    built, not sent, is the author's to tell week by week (as_built)."""
    plain(tmp_path)
    write(tmp_path, "2026-06-10", "2026-06-29", "2026-07-02")
    run(tmp_path, "build", "2026-06", "--offline")
    kept = record(tmp_path, "2026-06") | {"sent": said}
    (tmp_path / "dist" / "2026-06" / "build.json").write_text(json.dumps(kept), encoding="utf-8")
    plain(tmp_path, 'cadence = "weekly"')
    built = run(tmp_path, "build", "2026-W27", "--offline")
    assert "holds 2026-07-01" not in built
    assert record(tmp_path, "2026-W27")["days"] == ["2026-06-29", "2026-07-05"]
    assert record(tmp_path, "2026-W27")["entries"] == ["entries/2026/06/2026-06-29.md", "entries/2026/07/2026-07-02.md"]
