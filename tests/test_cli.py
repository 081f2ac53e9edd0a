"""The commands, run on real files in tmp_path, with their exact output."""

import datetime as dt
import email
import email.header
import functools
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter import config
from newsletter.cli import main
from newsletter.formats import slugs
from newsletter.formats.dates_in_words import day_words

from helpers import slugged_before, unreachable


@pytest.fixture
def run(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_build_offline_prints_what_it_wrote(run):
    result = run("build", "2020-W28", "--offline")
    assert result.exit_code == 0
    assert result.stdout == (
        "site/content/posts/what-i-read-this-week-july-5-july-11-2020/index.md\n"
        "dist/2020-W28/newsletter.html\n"
        "dist/2020-W28/newsletter.txt\n"
        "dist/2020-W28/newsletter.eml\n"
        "site/static/newsletter/2020-W28/index.html\n"
    )
    assert result.stderr == "Built 2020-W28: 3 entries in 2 sections.\n"


def test_build_with_unreachable_links_warns_and_succeeds(run, monkeypatch):
    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", unreachable)
    result = run("build", "2020-W28")
    assert result.exit_code == 0
    assert result.stderr == (
        "Built 2020-W28: 3 entries in 2 sections.\n"
        "3 links could not be fetched; those entries use what they say:\n"
        "  https://www.youtube.com/watch?v=z-WSrQDXkuM: host www.youtube.com not found\n"
        "  https://www.youtube.com/watch?v=XIu8ZF7RSkw: host www.youtube.com not found\n"
        "  https://towardsdatascience.com/what-data-scientists-need-to-know-about-devops-2f8bc6660284:"
        " host towardsdatascience.com not found\n"
    )
    strict = run("build", "2020-W28", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.endswith("Error: --strict: some links could not be fetched (listed above).\n")


def test_bad_entries_fail_the_build_and_write_nothing(run, example_workspace):
    (example_workspace / "entries/2020/07/broken.md").write_text("---\ntype: tlak\nurl: https://x.org\n---\n")
    (example_workspace / "entries/2020/07/empty.md").write_text("")
    result = run("build", "2020-W28", "--offline")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: 2 entries need fixing; nothing was written:\n"
        "  entries/2020/07/broken.md:2: unknown type 'tlak' (did you mean 'talk'?); use one of talk, paper, tool, "
        "article, podcast, video, book, course, thread, mine\n"
        "  entries/2020/07/broken.md: missing `date`; add a line like `date: 2021-02-14` to the front matter\n"
        "  entries/2020/07/empty.md: the file is empty; if a sync client is still bringing it, wait and run this "
        "again; else add front matter (type, url, date) and notes, or delete it\n"
    )
    assert not (example_workspace / "dist").exists()


def test_list_prints_a_table(run):
    result = run("list", "2020-W28")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "DATE        TYPE     TITLE                                           BY                FILE",
        "2020-07-06  talk     JAX: Accelerated Machine Learning Research      Jake VanderPlas   entries/2020/07/jax.md",
        "2020-07-08  talk     Ray: A System for Scalable Python and ML        Robert Nishihara  entries/2020/07/ray.md",
        "2020-07-10  article  What data scientists need to know about DevOps  Elle O'Brien      "
        "entries/2020/07/devops-for-data-scientists.md",
    ]


def test_list_says_when_a_period_is_empty(run):
    assert run("list", "1999-01").stdout == "No entries for 1999-01 (1999-01-01 to 1999-01-31).\n"


def test_a_period_typed_in_the_solar_hijri_calendar_names_the_common_eras(run, example_workspace):
    """`build 1405-09` in Dariush's Persian log (new user 35), Azar 1405 as his week titles date
    its days, said only "No entries" and to file them in entries/1405/09/. A Solar Hijri month or
    year names the Common Era's periods it spans, with how many entries each holds (the example's
    July 2020 entries are of Tir 1399, 2020-06-21 to 2020-07-21); a week, or a log not in Persian,
    is told nothing more than before."""
    settings = example_workspace / "newsletter.toml"
    english = run("list", "1399-04").stdout
    assert english == "No entries for 1399-04 (1399-04-01 to 1399-04-30).\n"
    settings.write_text(settings.read_text().replace("[site]\n", '[site]\ndate_language = "fa"\n', 1))
    assert run("build", "1399-04", "--offline").stderr == (
        "Error: No entries for 1399-04 (1399-04-01 to 1399-04-30); nothing was written. 1399-04 is the Solar "
        "Hijri month تیر 1399, 2020-06-21 to 2020-07-21, and entries are dated and editions made in the Common "
        "Era: `newsletter build 2020-07` (3 entries).\n"  # (not 2020-06, which holds none: review 28)
    )
    assert run("list", "1398-04").stdout == (
        "No entries for 1398-04 (1398-04-01 to 1398-04-30). 1398-04 is the Solar Hijri month تیر 1398, "
        "2019-06-22 to 2019-07-22, and entries are dated and editions made in the Common Era, where 2019-06 "
        "and 2019-07 hold none either.\n"
    )
    assert run("list", "1399").stdout == (
        "No entries for 1399 (1399-01-01 to 1399-12-31). 1399 is the Solar Hijri year, 2020-03-20 to "
        "2021-03-20, and entries are dated and editions made in the Common Era: `newsletter list 2020` "
        "(3 entries) and `newsletter list 2021` (8 entries).\n"
    )
    assert run("list", "1399-W16").stdout == "No entries for 1399-W16 (1399-04-14 to 1399-04-20).\n"


def test_a_period_typed_in_the_buddhist_era_names_the_common_eras(run):
    """`build 2569-12` in a Thai log, the period typed in the Buddhist Era's years as her titles
    show them, said only "No entries" (and to file them under entries/2569/12/): no entry is
    ever dated in such a year (a date of it is refused with its Common Era's day). Each command
    on a period names the one meant, and how many entries it holds (the example's July 2020 is
    the Buddhist Era's July 2563)."""
    meant = "2563 is the Buddhist Era's year 2020, and entries are dated in the Common Era: "
    built = run("build", "2563-07", "--offline")
    assert built.exit_code == 3 and built.stdout == ""  # an empty edition, whatever its period meant
    assert built.stderr == (
        "Error: No entries for 2563-07 (2563-07-01 to 2563-07-31); nothing was written. "
        + meant
        + "`newsletter build 2020-07` for its 3 entries.\n"
    )
    assert run("list", "2563-W28").stdout == (
        "No entries for 2563-W28 (2563-07-10 to 2563-07-16). "
        + meant
        + "`newsletter list 2020-W28` for its 3 entries.\n"
    )
    assert run("check", "2563-07", "--offline").stderr == (
        "No entries for 2563-07 (2563-07-01 to 2563-07-31): nothing to check. "
        + meant
        + "`newsletter check 2020-07` for its 3 entries.\n"
    )
    assert run("review", "2563", "--offline").stderr == (
        "Error: No entries dated 2563; nothing was written. " + meant + "`newsletter review 2020` for its 3 entries.\n"
    )
    # a period of no entries in either era is no Buddhist Era's in a log not in Thai (review 25):
    # 2520, an English author's 2025 typed backwards, was "the Buddhist Era's year 1977, and
    # entries are dated in the Common Era: 1977 has no entries either"
    # nor told to file them in entries/2563/08/, where an entry's 2563-08-03 is refused as that Era's
    assert run("build", "2563-08", "--offline").stderr == (
        "Error: No entries for 2563-08 (2563-08-01 to 2563-08-31); nothing was written.\n"
    )
    assert run("list", "2520").stdout == "No entries for 2520 (2520-01-01 to 2520-12-31).\n"
    assert run("review", "2520", "--offline").stderr == "Error: No entries dated 2520; nothing was written.\n"
    assert run("archive", "2563-07").stderr == (
        "Error: No entries for 2563-07 (2563-07-01 to 2563-07-31); nothing to archive. "
        + meant
        + "`newsletter archive 2020-07` for its 3 entries.\n"
    )
    assert run("sections", "2563-07").stderr == (
        "Error: No entries for 2563-07 (2563-07-01 to 2563-07-31). "
        + meant
        + "`newsletter sections 2020-07` for its 3 entries.\n"
    )
    # a year no era counts says where entries go, as before
    assert "Entries of that period go in entries/2031/01/" in run("build", "2031-01", "--offline").stderr
    # a Thai log is told so of any year the Buddhist Era counts, its entries' or not
    settings = Path("newsletter.toml")
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "th"', 1))
    assert run("build", "2563-08", "--offline").stderr.startswith(
        "Error: No entries for 2563-08 (2563-08-01 to 2563-08-31); nothing was written. "
        + meant
        + "2020-08 has no entries either."
    )


def test_new_dates_an_entry_today_in_the_workspaces_timezone(run, example_workspace, zone_on_another_day):
    """`new` without --date used the machine's clock: on a server in UTC, what was read on an
    evening in New York (the example's timezone) was dated the next day, or the next month."""
    from zoneinfo import ZoneInfo

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('"America/New_York"', f'"{zone_on_another_day}"'))
    result = run("new", "article", "https://example.org/read-tonight", "--no-edit", "--offline")
    day = dt.datetime.now(ZoneInfo(zone_on_another_day)).date()
    assert result.stdout == f"entries/{day:%Y}/{day:%m}/read-tonight.md\n"
    assert f"\ndate: {day}\n" in (example_workspace / result.stdout.strip()).read_text()


def test_new_writes_an_entry_and_refuses_a_link_it_has(run, example_workspace):
    first = run("new", "paper", "https://arxiv.org/abs/1706.03762", "--date", "2021-02-20", "--no-edit", "--offline")
    second = run(
        "new",
        "paper",
        "https://arxiv.org/abs/1706.03762?utm_source=x",
        "--date",
        "2021-02-21",
        "--no-edit",
        "--offline",
    )
    forced = run(
        "new", "paper", "https://arxiv.org/abs/1706.03762", "--date", "2021-02-20", "--no-edit", "--offline", "--force"
    )
    assert first.stdout == "entries/2021/02/arxiv-org-abs-1706-03762.md\n"
    assert second.exit_code == 1 and second.stdout == ""
    assert second.stderr == (
        "Error: entries/2021/02/arxiv-org-abs-1706-03762.md already has this link (dated "
        "2021-02-20); edit that entry, or add --force to write a second one.\n"
    )
    assert forced.stdout == "entries/2021/02/arxiv-org-abs-1706-03762-2.md\n"
    text = (example_workspace / "entries/2021/02/arxiv-org-abs-1706-03762.md").read_text()
    assert text == (
        "---\ntype: paper\nurl: https://arxiv.org/abs/1706.03762\ndate: 2021-02-20\n"
        'title: ""          # empty: the page\'s own title, fetched at build\n'
        "authors: []\ntags: []\n---\n\nYour notes, in Markdown.\n"
    )
    assert run("list", "2021-02").stdout.count("arxiv.org/abs/1706.03762") == 2


@pytest.mark.parametrize(
    "logged, again",
    [
        ("https://www.nature.com/articles/s41586-021-03819-2", "https://doi.org/10.1038/s41586-021-03819-2"),
        ("https://doi.org/10.1145/3442188.3445922", "https://dl.acm.org/doi/10.1145/3442188.3445922"),
        ("https://youtu.be/Lfw9H63g0OQ", "https://www.youtube.com/watch?v=Lfw9H63g0OQ&t=120s"),
    ],
)
def test_new_refuses_a_work_it_has_under_another_link(run, example_workspace, logged, again):
    """New user 46 ran `new paper https://doi.org/10.1038/...` for AlphaFold, logged from
    nature.com a week before, and got a second entry: `new` compared links as pages, where
    check and import compare them as works (a paper by its DOI, a video by its id)."""
    run("new", "paper", logged, "--date", "2021-02-20", "--no-edit", "--offline")
    second = run("new", "paper", again, "--date", "2021-02-21", "--no-edit", "--offline")
    assert second.exit_code == 1 and "already has this link (dated 2021-02-20)" in second.stderr


def test_new_drops_a_user_name_and_password_from_the_link(run, example_workspace):
    """As `import` does: written into the entry, they were published by the post and the email."""
    result = run(
        "new", "article", "https://ann:secret@blog.example.org/p", "--date", "2021-02-20", "--no-edit", "--offline"
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: dropped the user name and password from the link (https://blog.example.org/p); "
        "the post and the email would show them\n"
    )
    text = (example_workspace / result.stdout.strip()).read_text()
    assert "url: https://blog.example.org/p\n" in text and "secret" not in text


def test_check_and_build_say_a_link_holds_a_password(run, example_workspace):
    (example_workspace / "entries/2021/02/private.md").write_text(
        "---\ntype: article\nurl: https://ann:secret@blog.example.org/p?utm_source=x\ndate: 2021-02-20\n"
        "title: Private\n---\nMine.\n"
    )
    said = "the link holds a user name and password, which the post and the email would publish; use "
    checked = run("check", "2021-02", "--offline")
    assert f"  warning: {said}https://blog.example.org/p?utm_source=x\n" in checked.stdout
    assert "tracking parameters (utm_source); use https://blog.example.org/p\n" in checked.stdout
    built = run("build", "2021-02", "--offline")
    assert f"warning: entries/2021/02/private.md: {said}https://blog.example.org/p?utm_source=x\n" in built.stderr


def test_new_names_the_file_after_the_words_of_the_link(run):
    result = run(
        "new",
        "article",
        "https://towardsdatascience.com/why-data-versioning-matters-2f8bc6660284",
        "--date",
        "2021-02-20",
        "--no-edit",
        "--offline",
    )
    assert result.stdout == "entries/2021/02/why-data-versioning-matters.md\n"
    talk = run(
        "new", "talk", "https://www.youtube.com/watch?v=abcdefgh", "--date", "2021-02-20", "--no-edit", "--offline"
    )
    assert talk.stdout == "entries/2021/02/youtube-com-watch-abcdefgh.md\n"  # the next video is another name
    tool = run("new", "tool", "https://github.com/astral-sh/uv", "--date", "2021-02-20", "--no-edit", "--offline")
    assert tool.stdout == "entries/2021/02/github-com-astral-sh-uv.md\n"  # the repository, not its owner


def test_new_says_where_it_wrote_when_the_editor_cannot_start(run, example_workspace, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    result = run("new", "tool", "https://github.com/google/jax", "--offline", "--date", "2021-02-21", "--edit")
    assert result.exit_code == 1
    assert result.stdout == "entries/2021/02/github-com-google-jax.md\n"
    assert result.stderr.startswith(
        "Error: Wrote entries/2021/02/github-com-google-jax.md, but the editor did not start ("
    )
    assert (example_workspace / "entries/2021/02/github-com-google-jax.md").is_file()


def test_build_and_send_help_name_the_period_last(run):
    """new user 47's `last` (the week or month just ended, a cron job's edition) is in the README
    only: `build --help` said PERIOD is a month or a week, and `send --help` nothing of it."""
    for command in ("build", "send"):
        said = " ".join(run(command, "--help").output.split())
        assert "`last`" in said and "before" in said, command


def test_help_lists_commands_in_the_order_of_the_day_with_whole_summaries(run):
    lines = run("--help").stdout.split("Commands:\n")[1].splitlines()
    assert [line.split()[0] for line in lines] == [
        "init",
        "new",
        "capture",
        "list",
        "check",
        "archive",
        "build",
        "preview",
        "doctor",
        "send",
        "review",
        "import",
        "meta",
        "schema",
        "index",
        "search",
        "related",
        "sections",
        "quotes",
    ]
    assert all(line.rstrip().endswith(".") and "..." not in line for line in lines)


def test_workspace_option_before_the_command(example_workspace, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-w", str(example_workspace), "list", "2020-W28"])
    assert result.exit_code == 0, result.output
    assert "entries/2020/07/jax.md" in result.stdout


def test_new_opens_the_editor(run, example_workspace, monkeypatch, tmp_path):
    log = tmp_path / "edited"
    monkeypatch.setenv("EDITOR", f"sh -c 'echo \"$0\" > {log}'")
    result = run("new", "tool", "https://github.com/google/jax", "--offline", "--date", "2021-02-21", "--edit")
    assert result.exit_code == 0
    assert log.read_text().strip().endswith("entries/2021/02/github-com-google-jax.md")


def test_new_opens_no_editor_without_a_terminal_unless_asked(run, example_workspace, monkeypatch, tmp_path):
    """Run from a script or a pipe, an editor waits for keys that never come: `new` hung."""
    log = tmp_path / "edited"
    monkeypatch.setenv("EDITOR", f"sh -c 'echo \"$0\" > {log}'")
    result = run("new", "tool", "https://github.com/google/jax", "--offline", "--date", "2021-02-21")
    assert result.exit_code == 0 and result.stdout == "entries/2021/02/github-com-google-jax.md\n"
    assert not log.exists()


@pytest.mark.parametrize(
    "args, said",
    [  # click said "'2021-02-30' does not match the format '%Y-%m-%d'", which it does
        (("new", "book", "--date", "2021-02-30"), "2021-02-30 is no day of the calendar (day is out of range"),
        (
            ("new", "book", "--date", "30.01.2021"),
            "'30.01.2021' is not a date; write it as YYYY-MM-DD, like 2021-01-30",
        ),
        (("import", "x.csv", "--since", "3.2.2021"), "write it as YYYY-MM-DD, like 2021-02-03"),  # day first
        (("new", "book", "--date", "31.02.2021"), "write it as YYYY-MM-DD, like 2021-02-14"),  # no such day
        (("import", "x.csv", "--since", "2021-13-01"), "2021-13-01 is no day of the calendar (month must be in 1..12)"),
    ],
)
def test_a_date_option_that_is_no_date_says_what_is_wrong(run, args, said):
    result = run(*args, "--offline")
    assert result.exit_code == 2
    assert said in result.stderr and "does not match the format" not in result.stderr


def test_new_rejects_an_unknown_type(run):
    result = run("new", "pdocast", "https://x.org", "--no-edit")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Unknown type 'pdocast' (did you mean 'podcast'?); use one of talk, "
        "paper, tool, article, podcast, video, book, course, thread, mine.\n"
    )


def test_init_makes_a_workspace_that_builds_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(main, ["init", "reading", "--name", "Reading Notes", "--author", "Ada"])
    assert made.exit_code == 0, made.output
    today = config.load(tmp_path / "reading").today()  # the workspace's, as the build takes it
    built = runner.invoke(main, ["build", "--offline", "-w", "reading"])
    assert built.exit_code == 0, built.output
    assert "warning" not in built.stderr  # the sample entry is as the docs say an entry is
    assert (tmp_path / "reading/dist" / f"{today:%Y-%m}" / "newsletter.html").is_file()
    assert (
        "Getting Started with Markdown" in (tmp_path / "reading/dist" / f"{today:%Y-%m}" / "newsletter.txt").read_text()
    )
    again = runner.invoke(main, ["init", "reading"])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_the_sample_entry_bound_for_the_authors_own_blog_is_said(tmp_path, monkeypatch):
    """Sam pointed his new workspace at his blog and built: init's sample entry went onto it as
    "What I read in December 2026", and nothing said so until a later build named its files."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init", "reading"]).exit_code == 0
    shutil.copytree(tmp_path / "reading/site", tmp_path / "blog")
    settings = (tmp_path / "reading/newsletter.toml").read_text()
    (tmp_path / "reading/newsletter.toml").write_text(settings.replace('path = "site"', 'path = "../blog"', 1))
    built = runner.invoke(main, ["build", "--offline", "-w", "reading"])
    assert built.exit_code == 0, built.output
    [said] = [line for line in built.stderr.splitlines() if "getting-started-with-markdown.md" in line]
    assert "init's sample entry" in said and "blog" in said and "delete" in said, said


@pytest.mark.parametrize("options", [[], ["--name", "Lecturas y notas de Tomás", "--author", "Tomás"]])
def test_inits_comments_line_up_whatever_the_name(tmp_path, options):
    """The comment after `name = …` had a fixed pad, for a name of six letters: init's own default,
    'My Reading Notes', pushed it ten columns right of the others, a longer name further; the
    sign-off's pad did not count the author's name."""
    assert CliRunner().invoke(main, ["init", str(tmp_path / "ws"), *options]).exit_code == 0
    text = (tmp_path / "ws/newsletter.toml").read_text()
    table = text[text.index("[newsletter]") : text.index("[site]")]
    columns = {line.split()[0]: line.index(" # ") + 1 for line in table.splitlines() if " # " in line}
    assert {"name", "signoff", "timezone", "[links]"} <= set(columns)
    assert set(columns.values()) == {36}, columns
    CliRunner().invoke(main, ["init", str(tmp_path / "long"), "--name", "Notes on Distributed Systems, Mostly"])
    assert 'name = "Notes on Distributed Systems, Mostly" # the' in (tmp_path / "long/newsletter.toml").read_text()


def test_init_sets_the_timezone_and_cadence_it_is_given(tmp_path, monkeypatch):
    """Kofi, in Accra, sending weekly: init had no --timezone or --cadence, though the settings have
    both, so his first workspace dated posts in UTC and built months until he found the lines in
    newsletter.toml. They are options now, checked before any file is written."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(main, ["init", "reading", "--timezone", "Africa/Accra", "--cadence", "Weekly"])
    assert made.exit_code == 0, made.output
    settings = config.load(tmp_path / "reading")
    assert (settings.timezone, settings.cadence) == ("Africa/Accra", "weekly")
    text = (tmp_path / "reading/newsletter.toml").read_text()
    assert 'timezone = "Africa/Accra"           # for the post' in text  # the comments still line up
    assert 'cadence = "weekly"                  # "monthly"' in text
    built = runner.invoke(main, ["build", "--offline", "-w", "reading"])
    assert built.exit_code == 0, built.output
    week = settings.period(None).key
    assert "-W" in week and (tmp_path / "reading/dist" / week / "newsletter.html").is_file()

    wrong = runner.invoke(main, ["init", "other", "--timezone", "Africa/Acra"])
    assert wrong.exit_code == 1 and not (tmp_path / "other").exists()
    assert wrong.stderr == (
        "Error: --timezone 'Africa/Acra' is not a time zone; use a name like \"Europe/Berlin\", "
        '"Africa/Accra" or "UTC".\n'
    )
    assert runner.invoke(main, ["init", "other", "--cadence", "daily"]).exit_code == 2  # click names the choices


def test_init_without_the_options_writes_the_settings_as_before(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "reading"]).exit_code == 0
    text = (tmp_path / "reading/newsletter.toml").read_text()
    assert 'timezone = "UTC"                    # for the post\'s date' in text
    assert 'cadence = "monthly"                 # "monthly" or "weekly"' in text


def test_a_sample_month_built_then_emptied_says_it_is_still_on_the_site(tmp_path, monkeypatch):
    """Ines built init's sample month, deleted the sample entry and wrote November's entries: the
    sample's post, its web page and its entry in the feeds stayed on her blog, and building the
    sample's month said only that it had no entries. It names them and how to take them down;
    doing as it says leaves the sample nowhere."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init", "reading"]).exit_code == 0
    root = tmp_path / "reading"
    today = config.load(root).today()
    month, before = f"{today:%Y-%m}", today.replace(day=1) - dt.timedelta(days=1)  # the sample's, and hers
    assert runner.invoke(main, ["build", month, "--offline", "-w", "reading"]).exit_code == 0
    [sample] = (root / "entries").glob("*/*/getting-started-with-markdown.md")
    sample.unlink()
    mine = root / f"entries/{before:%Y/%m}/mine.md"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(f"---\ntype: book\ndate: {before}\ntitle: O Livro\n---\nNotas.\n", encoding="utf-8")
    assert runner.invoke(main, ["build", f"{before:%Y-%m}", "--offline", "-w", "reading"]).exit_code == 0
    assert "Getting Started with Markdown" in (root / "site/static/feeds/entries.xml").read_text()

    emptied = runner.invoke(main, ["build", month, "--offline", "-w", "reading"])
    assert emptied.exit_code == 1
    post = root / json.loads((root / "dist" / month / "post.json").read_text())["post"].removesuffix("/index.md")
    said = " ".join(emptied.stderr.split())
    assert (
        f"Its earlier build is still on your site: the post site/content/posts/{post.name}/, its web page "
        f"site/static/newsletter/{month}/ and the feeds. To take it down, delete those folders and dist/{month}/; "
        "the next build of another edition writes the feeds without it." in said
    )
    for folder in (post, root / "site/static/newsletter" / month, root / "dist" / month):
        shutil.rmtree(folder)
    assert runner.invoke(main, ["build", f"{before:%Y-%m}", "--offline", "--force", "-w", "reading"]).exit_code == 0
    for feed in ("entries.xml", "entries.json", "editions.xml", "editions.json"):
        assert "Getting Started" not in (root / "site/static/feeds" / feed).read_text()
    assert f"{month}/" not in (root / "site/static/newsletter/index.html").read_text()
    assert "Its earlier build" not in runner.invoke(main, ["build", month, "--offline", "-w", "reading"]).stderr


def test_a_month_tried_with_drafts_then_built_without_is_nothing_to_do(tmp_path, monkeypatch):
    """A month whose only entry is a draft, tried with --drafts (its post a Hugo draft, no web
    page, nothing in the feeds), then built as a weekly cron job builds it: the build said 'Its
    earlier build is still on your site: the post … and the feeds' and exited 1, a failure, where
    nothing of it was on the site. It is the month's drafts alone, exit 3, nothing to do."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init", "reading"]).exit_code == 0
    [sample] = (tmp_path / "reading" / "entries").glob("*/*/getting-started-with-markdown.md")
    sample.write_text(re.sub(r"(?m)^(date: .*)$", r"\1\ndraft: true", sample.read_text(encoding="utf-8"), count=1))
    tried = runner.invoke(main, ["build", "--offline", "--drafts", "-w", "reading"])
    assert tried.exit_code == 0
    post = next((tmp_path / "reading" / "site" / "content" / "posts").glob("*/index.md"))
    assert "draft = true" in post.read_text(encoding="utf-8")

    built = runner.invoke(main, ["build", "--offline", "-w", "reading"])
    assert built.exit_code == 3
    assert "It has 1 draft" in built.stderr and "still on your site" not in built.stderr


def test_outside_a_workspace_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: No newsletter.toml in {os.path.realpath(tmp_path)} or any folder")
    assert "newsletter init DIR" in result.stderr


def test_a_broken_settings_file_is_named(run, example_workspace):
    (example_workspace / "newsletter.toml").write_text("[newsletter]\nname = 'x'\n[fetch]\ntimeout = 'soon'\n")
    result = run("build", "--offline")
    assert result.exit_code == 1
    assert result.stderr.endswith("newsletter.toml: [fetch] timeout should be a number (no quotes), not 'soon'.\n")


def test_a_name_that_is_no_text_is_named_in_the_settings(run, example_workspace):
    """`name = 2026` failed the build in the email template ("AttributeError: 'int' object has
    no attribute 'casefold'; check the template"): only keys with a default were checked."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r"(?m)^name = .*$", "name = 2026", settings.read_text(), count=1))
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 1
    assert result.stderr.endswith("newsletter.toml: [newsletter] name should be text in quotes, not 2026.\n")
    # a value shown as written in TOML, not as Python's True or datetime.date(2026, 1, 1)
    for value in ("true", "2026-01-01"):
        settings.write_text(re.sub(r"(?m)^name = .*$", f"name = {value}", settings.read_text(), count=1))
        said = run("build", "2021-02", "--offline").stderr
        assert said.endswith(f"newsletter.toml: [newsletter] name should be text in quotes, not {value}.\n")


@pytest.mark.parametrize(
    "table, line, said",
    [  # a typo, and a setting of another table: both were "unknown", with the tables as keys
        ("newsletter", "greting = 'Hi'", "[newsletter] has no setting greting (did you mean 'greeting'?); it takes "),
        ("newsletter", "from = 'a@b.org'", "[newsletter] has no setting from (it goes in [email]); it takes "),
        ("email", "unsubscribe = 'https://x.org/u'", "[email] has no setting unsubscribe (it goes in [links]); "),
        (
            "newsletter",
            "subscirbe = 'https://x.org/s'",
            "no setting subscirbe (did you mean 'subscribe' in [links]?); ",
        ),
    ],
)
def test_an_unknown_setting_says_where_it_goes(run, example_workspace, table, line, said):
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace(f"[{table}]\n", f"[{table}]\n{line}\n", 1))
    result = run("list", "2021-02")
    assert result.exit_code == 1
    assert said in result.stderr
    assert "archive" not in result.stderr.split("takes", 1)[1]  # a table, not a key of [newsletter]


@pytest.mark.parametrize(
    "edit, said",
    [  # "unknown table(s) name", an AttributeError traceback, no word at all, no table named
        (
            ("[newsletter]\n", "name = 'Top'\n[newsletter]\n"),
            "name is written above every table; move it under [newsletter].",
        ),
        (
            ("[newsletter]\n", "from = 'a@b.org'\n[newsletter]\n"),
            "from is written above every table; move it under [email].",
        ),
        (("[links]\n", "[lniks]\n"), "there is no table [lniks]; did you mean [links]?"),
        (
            (None, "links = 'x'\n[newsletter]\nname = 'x'\n"),
            "links is a table: write [links] and its settings under it",
        ),
        (("[site]\n", "[newsletter.site]\n"), "[newsletter] holds site, a table of its own; write [site] and its"),
        (
            ("[newsletter]\n", "[newsletter]\nlinks = 'x'\n"),
            "[newsletter] holds links, a table of its own; write [links]",
        ),
    ],
)
def test_a_setting_or_table_out_of_place_says_what_to_write(run, example_workspace, edit, said):
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace(*edit, 1) if edit[0] else edit[1])
    result = run("list", "2021-02")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert said in result.stderr and "Traceback" not in result.output


def test_a_settings_file_saved_with_a_byte_order_mark_is_read(run, example_workspace):
    """Saved by a Windows editor, newsletter.toml starts with a BOM: every command failed with
    "Invalid statement (at line 1, column 1)", while entries so saved were read."""
    settings = example_workspace / "newsletter.toml"
    settings.write_bytes(b"\xef\xbb\xbf" + settings.read_bytes().replace(b"\n", b"\r\n"))
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 0, result.output
    assert "Built 2021-02" in result.stderr
    assert "is up to date" in run("build", "2021-02", "--offline").stderr


def test_build_all_rebuilds_every_edition_side_by_side(run, example_workspace):
    run("build", "2020-W28", "--offline")  # a week built before is rebuilt too
    result = run("build", "--all", "--offline", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [  # July 2020 was published as its week 28, so not as a month
        "Built 2021-02: 8 entries in 5 sections.",
        "Built 2022-04: 5 entries in 3 sections.",
        "Built 2020-W28: 3 entries in 2 sections.",
    ]
    assert "dist/2022-04/newsletter.eml" in result.stdout.splitlines()


def test_build_all_rebuilds_a_month_built_by_hand_too(run, example_workspace):
    """July 2020 went out as its week 28, so --all left the month out even after it was built
    (by hand, or by a plain `build` in July): that edition went stale after a template change."""
    assert run("build", "2020-07", "--offline").exit_code == 0
    result = run("build", "--all", "--offline", "--jobs", "1")
    assert result.exit_code == 0, result.output
    built = [line.split(":")[0] for line in result.stderr.splitlines()]
    assert built == ["Built 2020-07", "Built 2021-02", "Built 2022-04", "Built 2020-W28"]


def weekly(root) -> None:
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace('week_start = "sunday"', 'cadence = "weekly"\nweek_start = "sunday"')
    )


def test_a_weekly_writers_plain_build_builds_this_week(run, example_workspace):
    """Without a PERIOD, `build` (and list, check, send...) meant this month, whatever the
    workspace's editions were: a weekly writer got a monthly edition besides the weeks."""
    from newsletter.models import Period

    today = config.load(example_workspace).today()  # the workspace's, as the build takes it
    week = Period.week_of(today, "sunday").key
    entry = example_workspace / "entries" / f"{today:%Y}" / f"{today:%m}" / "today.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(f"---\ntype: book\ntitle: A book\ndate: {today}\n---\nRead it.\n")
    assert run("build", "--offline").stderr.startswith(f"Built {today:%Y-%m}: ")  # monthly, the default
    weekly(example_workspace)
    result = run("build", "--offline")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Built {week}: 1 entry in 1 section.\n"
    assert f"dist/{week}/newsletter.eml" in result.stdout.splitlines()


def test_without_a_period_the_current_edition_is_the_one_of_the_workspaces_today(run, example_workspace, monkeypatch):
    """`new`, `capture` and `import` date an entry by today in the workspace's timezone
    (Settings.today), but the edition a command meant without a PERIOD, and what `check` took
    for the future, came from the machine's clock: on a server in UTC, a New York evening's
    entry at a month's end was dated the 31st while `build` built the next month; and an
    author east of the machine (Tokyo) had today's entry called 'in the future'."""
    from newsletter import config

    monkeypatch.setattr(config.Settings, "today", lambda self: dt.date(2020, 7, 6))
    settings = config.load(example_workspace)
    assert settings.period(None).key == "2020-07"
    weekly(example_workspace)
    assert config.load(example_workspace).period(None).key == "2020-W28"
    assert run("list").stdout == run("list", "2020-W28").stdout

    ahead = dt.date.today() + dt.timedelta(days=1)  # the author's today, a day past the machine's
    monkeypatch.setattr(config.Settings, "today", lambda self: ahead)
    entry = example_workspace / "entries" / f"{ahead:%Y}" / f"{ahead:%m}" / "today.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(f"---\ntype: book\ntitle: A book\ndate: {ahead}\n---\nRead it.\n")
    result = run("check", "--offline")
    assert result.exit_code == 0, result.output
    assert "in the future" not in result.output


def test_last_is_the_edition_before_the_current_one_for_a_job_at_its_first_minute(run, example_workspace, monkeypatch):
    """New user 47 (Tomás, in Montevideo) builds and sends from cron at 00:00 on Monday: without
    a PERIOD that is the week just begun, with no entries ("No entries for 2026-W49"), and the
    week he read in was never sent; a cron line cannot easily name last week in his zone. `last`
    is the edition before the current one, as of the workspace's today."""
    from newsletter import config

    monkeypatch.setattr(config.Settings, "today", lambda self: dt.date(2020, 8, 1))
    settings = config.load(example_workspace)
    assert settings.period("last").key == "2020-07"
    assert settings.period("last", dt.date(2021, 1, 1)).key == "2020-12"
    listed = run("list", "last")
    assert listed.exit_code == 0 and listed.stdout == run("list", "2020-07").stdout
    weekly(example_workspace)  # its weeks start on Sunday
    monkeypatch.setattr(config.Settings, "today", lambda self: dt.date(2020, 7, 12))  # a Sunday
    assert config.load(example_workspace).period("Last").key == "2020-W28"
    listed = run("list", "last")
    assert "2020-07-06" in listed.stdout and listed.stdout == run("list", "2020-W28").stdout


def test_build_json_names_the_edition_it_could_not_build(run, example_workspace, monkeypatch):
    """New user 47's CI job read `build --json` at 00:00 on Monday and got `"period": ""` with "No
    entries for 2026-W49": without a PERIOD (or with `last`), which edition had none was only in
    the error's words."""
    from newsletter import config

    monkeypatch.setattr(config.Settings, "today", lambda self: dt.date(2030, 2, 1))
    for given, meant in ([], "2030-02"), (["last"], "2030-01"):
        result = run("build", *given, "--json", "--offline")
        assert result.exit_code == 3  # nothing to do, as the message says, not a failure
        [edition] = json.loads(result.stdout)["editions"]
        assert edition["period"] == meant and edition["error"].startswith(f"No entries for {meant} ")


def test_an_empty_current_edition_names_the_one_before_it(run, example_workspace, monkeypatch):
    """Tomás's cron job at 00:00 on the 1st (or Monday) built the edition just begun: "No entries
    for 2020-08", and nothing said the month he had read in was there to build, or how."""
    from newsletter import config

    monkeypatch.setattr(config.Settings, "today", lambda self: dt.date(2020, 8, 1))
    word = (
        " (2020-08 is the current edition, begun 2020-08-01; the one before, 2020-07, has 3 entries: "
        "`newsletter build last`.)\n"
    )
    for given in [], ["2020-08"]:  # the launcher passes the current period on as if given
        result = run("build", *given, "--offline")
        assert result.exit_code == 3 and result.stderr.startswith("Error: No entries for 2020-08 ")
        assert result.stderr.endswith(word), result.stderr
    other = run("build", "2020-09", "--offline")  # not the current edition: nothing about another
    assert other.exit_code == 3 and "current edition" not in other.stderr


def test_an_empty_edition_is_nothing_to_do_not_a_failure(run, example_workspace, tmp_path):
    """A weekly cron job's build of a week with no reading exited 1, the status of a broken entry,
    so the job mailed its author a failure every quiet week; `send` of an edition sent already
    exits 3 ("nothing to do"), and so does the build of an empty edition, or of an empty log."""
    weekly(example_workspace)
    quiet = run("build", "2020-W30", "--offline")
    assert quiet.exit_code == 3 and quiet.stderr.startswith("Error: No entries for 2020-W30 (")
    assert run("build", "2020-W30", "--offline", "--json").exit_code == 3
    broken = example_workspace / "entries/2020/07/broken.md"
    broken.write_text("---\ntype: book\ntitle: [unclosed\ndate: 2020-07-21\n---\nN.\n")
    assert run("build", "2020-W30", "--offline").exit_code == 1  # a failure is still one
    empty = tmp_path / "empty"
    (empty / "entries").mkdir(parents=True)
    (empty / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    every = run("build", "--all", "--offline", "-w", str(empty))
    assert every.exit_code == 3 and "Error: No entries under " in every.stderr and "nothing to build" in every.stderr


def test_build_all_of_a_weekly_writer_builds_weeks_not_months(run, example_workspace):
    """The entries no built week holds go out by week too: a month of them would be a second
    edition of the same entries."""
    weekly(example_workspace)
    result = run("build", "--all", "--offline", "--jobs", "1")
    assert result.exit_code == 0, result.output
    built = [line.split(":")[0].removeprefix("Built ") for line in result.stderr.splitlines()]
    assert built and all("-W" in period for period in built) and "2020-W28" in built
    assert not [p.name for p in (example_workspace / "dist").iterdir() if "-W" not in p.name]


def test_a_weekly_writers_bad_entry_stops_its_own_week_not_the_other_weeks_of_its_month(run, example_workspace):
    """An entry of February 25th with a bad duration refused the build of every week of
    February 2021 ("1 entry needs fixing"), though its date said which week it belongs to."""
    from newsletter.models import Period

    weekly(example_workspace)
    bad = example_workspace / "entries/2021/02/bad-duration.md"
    bad.write_text("---\ntype: talk\nurl: https://example.com/t\ndate: 2021-02-25\nduration: soon\n---\nA talk.\n")
    its_week = Period.week_of(dt.date(2021, 2, 25), "sunday").key
    other_week = Period.week_of(dt.date(2021, 2, 8), "sunday").key
    result = run("build", other_week, "--offline")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Built {other_week}: 3 entries")
    assert "bad-duration" not in run("check", other_week, "--offline").output
    result = run("build", its_week, "--offline")
    assert result.exit_code == 1 and "entries/2021/02/bad-duration.md:5: duration 'soon'" in result.output


def test_build_all_reports_a_broken_edition_and_builds_the_others(run, example_workspace):
    (example_workspace / "entries/2022/04/broken.md").write_text("---\ntype: talk\n---\n")
    result = run("build", "--all", "--offline", "--jobs", "1")
    assert result.exit_code == 1
    assert "Built 2021-02: 8 entries in 5 sections." in result.stderr
    assert "2022-04: 1 entry needs fixing; nothing was written:" in result.stderr
    assert result.stderr.endswith("Error: 1 of 3 editions were not built (see above).\n")
    assert not (example_workspace / "dist/2022-04").exists()


def test_build_all_in_two_processes_writes_and_says_what_one_process_does(example_workspace, monkeypatch):
    """Two processes build the editions side by side, with their pages' links planned before:
    the same files, byte for byte (but for the build records' clock), and the same messages,
    a broken edition's included (its file and line, no traceback), in the same order."""
    (example_workspace / "entries/2022/04/broken.md").write_text("---\ntype: talk\nurl: nowhere\n---\n")
    twin = example_workspace.parent / "twin"
    shutil.copytree(example_workspace, twin)
    results, files = [], []
    for root, jobs in ((example_workspace, "1"), (twin, "2")):
        monkeypatch.chdir(root)
        results.append(CliRunner().invoke(main, ["build", "--all", "--offline", "--jobs", jobs]))
        files.append(
            {
                p.relative_to(root): re.sub(rb'"built_at": "[^"]*"', b"", p.read_bytes())
                for folder in ("dist", "site")
                for p in sorted((root / folder).rglob("*"))
                if p.is_file()
            }
        )
    assert results[0].exit_code == results[1].exit_code == 1
    assert results[0].stdout == results[1].stdout and results[0].stderr == results[1].stderr
    assert "entries/2022/04/broken.md:3: " in results[1].stderr and "Traceback" not in results[1].output
    assert files[0] == files[1] and len(files[0]) > 20


def test_build_all_in_one_process_writes_each_edition_as_its_own_build_does(run, example_workspace):
    """`build --all` keeps the templates' environments from one edition to the next: each
    edition's email, text and post are still the ones its own build writes (its own notes and
    its text's own numbered links, not the edition's before it), and an override of a template
    put in the workspace after that run is used by the next one."""
    outputs = ("newsletter.html", "newsletter.txt", "newsletter.eml")
    periods = ("2020-W28", "2021-02", "2022-04")

    def written() -> dict:
        dist, posts = example_workspace / "dist", example_workspace / "site" / "content"
        return {p: p.read_bytes() for p in [*(dist / q / o for q in periods for o in outputs), *posts.rglob("*.md")]}

    for period in periods:
        assert run("build", period, "--offline", "--force").exit_code == 0
    alone = written()
    assert run("build", "--all", "--offline", "--jobs", "1").exit_code == 0
    assert written() == alone and len(alone) > 9
    override = example_workspace / "templates" / "email.txt.j2"
    override.parent.mkdir()
    override.write_text("Only this: {{ edition.subject }}\n")
    assert run("build", "--all", "--offline", "--jobs", "1").exit_code == 0
    assert (example_workspace / "dist/2021-02/newsletter.txt").read_text().startswith("Only this: ")


def test_messages_carry_no_stray_ansi_codes(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)
    result = CliRunner().invoke(main, ["build", "2020-W28", "--offline"], color=True)
    assert result.stderr == "Built 2020-W28: 3 entries in 2 sections.\n"


def test_the_progress_line_is_erased_when_done(monkeypatch, capsys):
    from newsletter.cli import common

    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    show = common.progress_line("Fetching link metadata")
    show(1, 2)
    show(2, 2)
    assert capsys.readouterr().err == "\rFetching link metadata: 1/2\r\x1b[K"


def test_an_edition_without_intro_has_no_empty_paragraphs(run, example_workspace):
    (example_workspace / "entries/2020/07/_2020-W28.md").unlink()
    assert run("build", "2020-W28", "--offline").exit_code == 0
    text = (example_workspace / "dist/2020-W28/newsletter.txt").read_text()
    assert "\n\n\n\n" not in text.split("TALKS")[0]
    post = next((example_workspace / "site/content/posts").glob("*/index.md")).read_text()
    body = post.split("+++", 2)[2]
    assert "<!--more-->" not in body and body.startswith("\n\n## [Talk]")


def test_the_name_is_not_repeated_above_a_subject_that_says_it(run, example_workspace):
    assert run("build", "2021-02", "--offline").exit_code == 0
    html = (example_workspace / "dist/2021-02/newsletter.html").read_text()
    body = html.split("<body", 1)[1]
    assert body.count("Data Science Programming Newsletter") == 2  # "please share" and the footer
    editorial = example_workspace / "entries/2021/02/_index.md"
    editorial.write_text(
        editorial.read_text().replace("Data Science Programming February 2021 Newsletter", "February 2021")
    )
    assert run("build", "2021-02", "--offline").exit_code == 0
    html = (example_workspace / "dist/2021-02/newsletter.html").read_text()
    assert html.split("<body", 1)[1].count("Data Science Programming Newsletter") == 3  # the kicker is back


@pytest.mark.parametrize("language, subject", [("en", "Newsletter: "), ("fr", "Newsletter\u00a0: ")])
def test_the_subject_names_the_newsletter_with_the_languages_colon(run, example_workspace, language, subject):
    """A French edition whose title does not start with the newsletter's name (a year in review,
    "Mon année de lectures, 2026") was sent as "Mes lectures: Mon année…", an English colon."""
    settings = example_workspace / "newsletter.toml"
    text = settings.read_text().replace('language = "en"', f'language = "{language}"', 1)
    settings.write_text(text.replace('name = "Data Science Programming Newsletter"', 'name = "Newsletter"'))
    (example_workspace / "entries/2021/02/_index.md").unlink()
    assert run("build", "2021-02", "--offline").exit_code == 0
    message = email.message_from_bytes((example_workspace / "dist/2021-02/newsletter.eml").read_bytes())
    decoded = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert decoded.startswith(subject + "What I read in February 2021")
    text = (example_workspace / "dist/2021-02/newsletter.txt").read_text(encoding="utf-8")
    assert text.startswith(subject + "What I read in February 2021\n")


def test_new_types_an_entry_from_its_link_when_given_only_the_link_or_auto(run, example_workspace):
    paper = run("new", "https://arxiv.org/abs/1706.03762", "--date", "2021-02-20", "--no-edit", "--offline")
    tool = run("new", "auto", "https://github.com/google/jax", "--date", "2021-02-20", "--no-edit", "--offline")
    assert paper.stdout == "entries/2021/02/arxiv-org-abs-1706-03762.md\n"
    assert tool.stdout == "entries/2021/02/github-com-google-jax.md\n"
    assert (example_workspace / paper.stdout.strip()).read_text().startswith("---\ntype: paper\n")
    assert (example_workspace / tool.stdout.strip()).read_text().startswith("---\ntype: tool\n")
    alone = run("new", "auto", "--no-edit", "--offline")
    assert alone.exit_code == 1
    assert alone.stderr == "Error: `new auto` types the entry from its link; give the URL, or a type.\n"


def test_new_writes_a_podcast_episodes_title_without_the_number_its_page_gives(tmp_path, monkeypatch, httpserver):
    """Sam's `new` of an episode page titled "Episode 412: Streaming without the tears", whose
    JSON-LD gives episodeNumber 412, wrote that title, and the email read "Podcast: Episode 412:
    Streaming without the tears" over "The Data Engineering Show · Episode 412 · 58 min". The
    number goes from the title, as import takes it from a feed's; another number stays."""
    from newsletter.read import parse_entry

    from helpers import url_of

    root = tmp_path / "log"
    (root / "entries").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Log"\n[fetch]\nallow_private_addresses = true\n')
    monkeypatch.chdir(root)
    ld = '{"@context": "https://schema.org", "@type": "PodcastEpisode", "episodeNumber": %d}'
    for path, title, number in (
        ("/412", "Episode 412: Streaming without the tears", 412),
        ("/413", "#13: Thirteen ways to partition", 413),
    ):
        page = f'<title>{title}</title><script type="application/ld+json">{ld % number}</script><audio src="a.mp3">'
        httpserver.expect_request(path).respond_with_data(page, content_type="text/html; charset=utf-8")
    titles = []
    for path in ("/412", "/413"):
        result = CliRunner().invoke(
            main, ["new", "podcast", url_of(httpserver, path), "--no-edit", "--date", "2026-11-16"]
        )
        assert result.exit_code == 0, result.output
        titles.append(parse_entry(root / result.stdout.strip(), (root / result.stdout.strip()).read_text())[0].title)
    assert titles == ["Streaming without the tears", "#13: Thirteen ways to partition"]


def test_init_in_the_current_folder_names_it(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from newsletter.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    assert f"New workspace in {tmp_path.resolve()}." in result.stderr
    assert "cd ." not in result.stderr and result.stderr.rstrip().endswith("then: newsletter build")


def test_init_names_the_build_as_the_author_ran_init(tmp_path, monkeypatch):
    """Hanna followed the README, `.venv/bin/newsletter init lesen`, and was told to run
    `cd lesen && newsletter build`: her shell had no `newsletter`, the venv never activated."""
    from click.testing import CliRunner

    from newsletter.cli import main

    script = tmp_path / ".venv/bin/newsletter"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", [".venv/bin/newsletter", "init", "lesen"])
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no newsletter there
    result = CliRunner().invoke(main, ["init", "lesen"])
    assert result.exit_code == 0, result.output
    assert result.stderr.rstrip().endswith("then: .venv/bin/newsletter build -w lesen")
    monkeypatch.setenv("PATH", str(script.parent))  # the venv activated: its newsletter is the one run
    result = CliRunner().invoke(main, ["init", "lesen2"])
    assert result.stderr.rstrip().endswith("then: cd lesen2 && newsletter build")


def test_init_tells_an_author_with_a_blog_where_to_point_the_posts(tmp_path):
    """Someone who already has a Hugo blog with a theme was told only to set the baseURL of the
    workspace's own minimal site/, which their posts should never go into; the setting that
    sends them to their blog (`path` in [site], see the README) was not named."""
    from click.testing import CliRunner

    from newsletter.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path / "log")])
    assert result.exit_code == 0, result.output
    assert "(or, to post into a Hugo blog you have, its folder as `path` in [site])" in result.stderr


def test_init_in_the_authors_hugo_blog_posts_into_it(tmp_path, monkeypatch):
    """Tomás ran `init .` in his own Hugo blog (config.toml, content/posts/, a layouts/ of his
    own): init wrote a second Hugo site, site/, inside it, with `path = "site"`, and told him to
    set that one's baseURL; his first build put the post in site/content/posts/, where his blog
    never shows it. A folder that is a Hugo site is the workspace's site: `path = "."`, no site/
    written, his files untouched, and the post built into his content/posts/."""
    blog = tmp_path / "blog"
    (blog / "content/posts").mkdir(parents=True)
    (blog / "layouts/_default").mkdir(parents=True)
    config_text = 'baseURL = "https://tomas.example.org/"\ntitle = "Tomás"\n'
    (blog / "config.toml").write_text(config_text)
    own_post = "---\ntitle: Reading, March\ndate: 2024-03-28\n---\nSome things.\n"
    (blog / "content/posts/reading-2024-03.md").write_text(own_post)
    (blog / "layouts/_default/baseof.html").write_text('<html><body>{{ block "main" . }}{{ end }}</body></html>\n')
    monkeypatch.chdir(blog)
    runner = CliRunner()
    made = runner.invoke(main, ["init", ".", "--author", "Tomás", "--timezone", "Europe/Lisbon"])
    assert made.exit_code == 0, made.output
    assert not (blog / "site").exists()
    assert config.load(blog).site_dir.resolve() == blog.resolve()
    assert "baseURL" not in made.stderr and "Hugo site in this folder" in made.stderr, made.stderr
    built = runner.invoke(main, ["build", "--offline"])
    assert built.exit_code == 0, built.output
    assert list((blog / "content/posts").glob("*/index.md")), built.output
    assert (blog / "config.toml").read_text() == config_text
    assert (blog / "content/posts/reading-2024-03.md").read_text() == own_post


def test_an_entry_dated_in_a_year_no_edition_covers_is_named_not_left_out(run, example_workspace):
    """date: 0001-01-01 or 9999-12-31: list, check and build left it out of every edition unsaid."""
    for folder, name, day in [("2021/02", "typo.md", "9999-12-31"), ("0001/01", "zero.md", "0001-01-01")]:
        (example_workspace / "entries" / folder).mkdir(parents=True, exist_ok=True)
        (example_workspace / "entries" / folder / name).write_text(
            f"---\ntype: article\nurl: https://z.example/{name}\ndate: {day}\n---\nNotes.\n"
        )
    why = "is outside the years an edition can cover (0002 to 9998): no edition would ever include it"
    listed = run("list", "2021-02")
    assert f"INVALID  date '9999-12-31' {why}" in listed.stdout and "entries/2021/02/typo.md:4" in listed.stdout
    checked = run("check", "2021-02", "--offline")
    assert checked.exit_code == 1
    assert f"entries/2021/02/typo.md\n  error: line 4: date '9999-12-31' {why}" in checked.stdout
    assert f"entries/0001/01/zero.md\n  warning: line 4: date '0001-01-01' {why}" in checked.stdout
    built = run("build", "--all", "--offline")
    assert built.exit_code == 1
    assert (
        f"0001-01: 1 entry needs fixing; nothing was written:\n  entries/0001/01/zero.md:4: date '0001-01-01' {why}"
        in (built.stderr)
    )
    assert f"  entries/2021/02/typo.md:4: date '9999-12-31' {why}" in built.stderr
    assert "Traceback" not in built.output


def test_new_refuses_a_date_no_edition_covers_and_files_an_early_year_where_builds_look(run, example_workspace):
    result = run("new", "article", "https://z.example/a", "--date", "0001-01-01", "--offline", "--no-edit")
    assert result.exit_code == 1 and not (example_workspace / "entries/0001").exists()
    assert result.stderr.startswith("Error: --date: date '0001-01-01' is outside the years an edition can cover")
    early = run("new", "article", "https://z.example/b", "--date", "0999-05-01", "--offline", "--no-edit")
    assert early.stdout == "entries/0999/05/z-example-b.md\n"  # %Y wrote it under entries/999/, which no build reads
    assert "entries/0999/05/z-example-b.md" in run("list", "0999-05").stdout


def test_a_new_workspace_titles_its_weeks_with_the_year(tmp_path, monkeypatch):
    """An archive, a feed or an inbox holds weeks of several years: "July 6 - July 12" alone is
    every year's. (Only new workspaces: a default that changed would move the posts of sites
    whose permalinks use the title.)"""
    from newsletter.collect import default_title
    from newsletter.models import Period

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "reading"]).exit_code == 0
    settings = config.load(tmp_path / "reading")
    assert default_title(Period.parse("2020-W28"), settings) == "What I read in week 28 (July 6 - July 12, 2020)"


def test_a_new_workspace_names_the_year_in_reviews_title(tmp_path, monkeypatch):
    """A German author's year in review went out as "My year in reading, 2026": its title is a
    setting, but neither init's settings nor the README named it, unlike the monthly and weekly ones."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "reading"]).exit_code == 0
    toml = (tmp_path / "reading/newsletter.toml").read_text(encoding="utf-8")
    assert 'yearly_title = "My year in reading, {year}"' in toml
    toml = toml.replace('"My year in reading, {year}"', '"Mein Lesejahr {year}"')
    (tmp_path / "reading/newsletter.toml").write_text(toml, encoding="utf-8")
    year = next((tmp_path / "reading/entries").iterdir()).name  # the sample entry's
    result = CliRunner().invoke(main, ["review", year, "--offline", "-w", "reading"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / f"reading/dist/{year}/newsletter.txt").read_text(encoding="utf-8")
    assert text.startswith(f"My Reading Notes: Mein Lesejahr {year}\n")


@pytest.mark.parametrize(
    "language, weekly, monthly",
    [
        ("de", "Was ich las (5. Juli – 11. Juli 2020)", "Gelesen im Juli 2020"),
        ("fr", "Was ich las (5 juillet – 11 juillet 2020)", "Gelesen im juillet 2020"),
        ("ja", "Was ich las (7月5日 – 7月11日 2020)", "Gelesen im 7月 2020"),
        # Polish names a month alone in the nominative and a day of it in the genitive (Tomasz, new user 29)
        ("pl", "Was ich las (5 lipca – 11 lipca 2020)", "Gelesen im lipiec 2020"),
        # Ukrainian too, "5 липня", of July, "липень" alone (Olena, new user 36)
        ("uk", "Was ich las (5 липня – 11 липня 2020)", "Gelesen im липень 2020"),
        # Hebrew writes a day "in" its month, the ב onto the name (Noa, new user 30)
        ("he", "Was ich las (5 ביולי – 11 ביולי 2020)", "Gelesen im יולי 2020"),
        # Thai counts years in the Buddhist Era, 2563 for 2020 (Ploy, new user 32), unless the
        # tag asks for the Gregorian calendar (BCP 47's -u-ca-gregory)
        ("th", "Was ich las (5 กรกฎาคม – 11 กรกฎาคม 2563)", "Gelesen im กรกฎาคม 2563"),
        ("th-u-ca-gregory", "Was ich las (5 กรกฎาคม – 11 กรกฎาคม 2020)", "Gelesen im กรกฎาคม 2020"),
        # Turkish's months (Elif, new user 31: her "{month} {year} okumaları" said "December")
        ("tr", "Was ich las (5 Temmuz – 11 Temmuz 2020)", "Gelesen im Temmuz 2020"),
        # Hindi's (Ananya, new user 34: her week said "(November 29 – December 5)")
        ("hi", "Was ich las (5 जुलाई – 11 जुलाई 2020)", "Gelesen im जुलाई 2020"),
        # Persian's days of the Solar Hijri calendar, in Persian digits; a month's edition is the
        # Common Era's month (Dariush, new user 35: his week said "(November 28 تا December 4 2026)")
        ("fa", "Was ich las (۱۵ تیر – ۲۱ تیر ۱۳۹۹)", "Gelesen im ژوئیه ۲۰۲۰"),
    ],
)
def test_the_titles_month_names_are_in_the_date_language(example_workspace, language, weekly, monthly):
    """A German or Japanese newsletter wrote its own title pattern and got 'July 6 – July 12'
    in it: the month names were English, whatever the settings said."""
    text = re.sub(r"(?m)^(monthly|weekly)_title = .*\n", "", (example_workspace / "newsletter.toml").read_text())
    titles = (
        'weekly_title = "Was ich las ({start} – {end} {year})"\nmonthly_title = "Gelesen im {month} {year}"\n'
        f'date_language = "{language}"\n'
    )
    (example_workspace / "newsletter.toml").write_text(text.replace("[site]\n", "[site]\n" + titles), encoding="utf-8")
    for period, title in (("2020-W28", weekly), ("2020-07", monthly)):
        result = CliRunner().invoke(main, ["build", period, "--offline", "-w", str(example_workspace)])
        assert result.exit_code == 0, result.output
        posts = [p.read_text(encoding="utf-8") for p in (example_workspace / "site/content/posts").glob("*/index.md")]
        assert any(f'\ntitle = "{title}"\n' in post for post in posts), title


@pytest.mark.parametrize(
    ("language", "monthly", "title"),
    [
        ("uk", "{month} {year}: що я прочитала", "Грудень 2026: що я прочитала"),
        ("fr", "{month} {year} : mes lectures", "Décembre 2026 : mes lectures"),
        ("pl", "{month} {year}", "Grudzień 2026"),
        ("uk", "Прочитане: {month} {year}", "Прочитане: грудень 2026"),  # in the middle: as written
        ("ja", "{month}の読書 {year}", "12月の読書 2026"),
    ],
)
def test_a_title_that_begins_with_its_month_begins_with_a_capital(tmp_path, language, monthly, title):
    """Olena (new user 36) titled her months "{month} {year}: що я прочитала" and got "грудень
    2026: …": Ukrainian, as French or Polish, writes a month's name in small letters, but a
    title's first word with a capital. (A slug is in small letters: the post's address stays.)"""
    from newsletter.collect import default_title
    from newsletter.models import Period

    assert CliRunner().invoke(main, ["init", str(tmp_path / "log")]).exit_code == 0
    toml = (tmp_path / "log/newsletter.toml").read_text(encoding="utf-8")
    toml = re.sub(r'(?m)^monthly_title = "[^"]*"', f'monthly_title = "{monthly}"', toml)
    toml = re.sub(r'(?m)^date_language = "en"', f'date_language = "{language}"', toml)
    (tmp_path / "log/newsletter.toml").write_text(toml, encoding="utf-8")
    assert default_title(Period.parse("2026-12"), config.load(tmp_path / "log")) == title


def test_an_austrian_title_says_jaenner(example_workspace):
    """An Austrian author's date_language = "de-AT" was refused (only "de" was taken), and "de"
    titled the January edition "Januar", which Austria's standard German calls "Jänner"."""
    text = re.sub(r"(?m)^(monthly|weekly)_title = .*\n", "", (example_workspace / "newsletter.toml").read_text())
    titles = 'weekly_title = "Was ich las ({start} – {end} {year})"\ndate_language = "de-AT"\n'
    (example_workspace / "newsletter.toml").write_text(text.replace("[site]\n", "[site]\n" + titles), encoding="utf-8")
    (example_workspace / "entries/2021/01").mkdir()
    entry = "---\ntype: article\nurl: https://example.org/a\ndate: 2021-01-31\ntitle: A\n---\nGelesen.\n"
    (example_workspace / "entries/2021/01/a.md").write_text(entry, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2021-W05", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    posts = [p.read_text(encoding="utf-8") for p in (example_workspace / "site/content/posts").glob("*/index.md")]
    assert any('\ntitle = "Was ich las (31. Jänner – 6. Februar 2021)"\n' in post for post in posts)
    from newsletter.formats.dates_in_words import day_words

    assert day_words(dt.date(2021, 1, 31), "de-AT") == "31. Jänner"
    assert day_words(dt.date(2021, 1, 31), "de") == "31. Januar"


def test_an_arabic_title_names_the_month_in_arabic(example_workspace):
    """An Amman librarian's "ما قرأته في {month} {year}" was titled "ما قرأته في November 2026":
    no date_language said a month in Arabic, and check said nothing. "ar" names it as Egypt and
    the Gulf do, "ar-JO" as Jordan and the Levant do; check says what to set."""
    text = re.sub(r"(?m)^(monthly|weekly)_title = .*\n", "", (example_workspace / "newsletter.toml").read_text())
    titles = 'monthly_title = "ما قرأته في {month} {year}"\n'
    text = re.sub(r'(?m)^language = "en"', 'language = "ar"', text).replace("[site]\n", "[site]\n" + titles)
    (example_workspace / "newsletter.toml").write_text(text, encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert 'set date_language = "ar" in [site]' in checked.output
    made = {}
    for language in ("ar", "ar-JO"):
        settings = text.replace("[site]\n", f'[site]\ndate_language = "{language}"\n')
        (example_workspace / "newsletter.toml").write_text(settings, encoding="utf-8")
        result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
        assert result.exit_code == 0, result.output
        post = (example_workspace / "site/content/posts/2021-02/index.md").read_text(encoding="utf-8")
        made[language] = re.search(r'\ntitle = "(.*)"\n', post)[1]
    assert made == {"ar": "ما قرأته في فبراير 2021", "ar-JO": "ما قرأته في شباط 2021"}


@pytest.mark.parametrize(
    "date, title, slug",
    [
        ("2021-04-02", "Mes lectures d’avril 2021", "mes-lectures-davril-2021"),
        ("2021-08-02", "Mes lectures d’août 2021", "mes-lectures-daout-2021"),
        ("2021-10-02", "Mes lectures d’octobre 2021", "mes-lectures-doctobre-2021"),
        ("2021-11-02", "Mes lectures de novembre 2021", "mes-lectures-de-novembre-2021"),
    ],
)
def test_a_french_title_elides_de_before_a_month_starting_with_a_vowel(example_workspace, date, title, slug):
    """A French newsletter titled "Mes lectures de {month} {year}" got "de avril", "de août" and
    "de octobre", a mistake in three titles a year, their subjects and their posts' addresses."""
    text = re.sub(r"(?m)^monthly_title = .*\n", "", (example_workspace / "newsletter.toml").read_text())
    titles = 'monthly_title = "Mes lectures de {month} {year}"\ndate_language = "fr"\n'
    (example_workspace / "newsletter.toml").write_text(text.replace("[site]\n", "[site]\n" + titles), encoding="utf-8")
    (example_workspace / "entries" / date[:4] / date[5:7]).mkdir(exist_ok=True)
    entry = f"---\ntype: article\nurl: https://example.org/a\ndate: {date}\ntitle: A\n---\nLu.\n"
    (example_workspace / "entries" / date[:4] / date[5:7] / "a.md").write_text(entry, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", date[:7], "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts" / slug / "index.md").read_text(encoding="utf-8")
    assert f'\ntitle = "{title}"\n' in post


def test_a_french_newsletter_titled_in_english_is_told_before_its_first_post(tmp_path):
    """`language = "fr"` made every word of the edition French but its title, which stayed
    "What I read in December 2026" (and the post's address with it): nothing said so."""
    root = tmp_path / "lectures"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))
    (root / "entries/2026/12/getting-started-with-markdown.md").rename(root / "entries/2026/12/a.md")

    def run(*args):
        result = CliRunner().invoke(main, [*args, "2026-12", "--offline", "-w", str(root)])
        return [line for line in result.output.splitlines() if "warning" in line and "title" in line]

    told = (
        "warning: newsletter.toml: the edition's title is English (monthly_title = \"What I read in {month} "
        '{year}" in [site]) but the newsletter is in "fr" ([newsletter] language); write monthly_title in '
        'your language, with date_language = "fr" for its month names, before the edition is published: '
        "a title is the post's address"
    )
    assert run("build") == [told]
    assert run("build", "--force") == []  # built before: its title is an address already
    assert run("check") == ["  " + told.removeprefix("warning: newsletter.toml: ").join(("warning: ", ""))]
    settings.write_text(settings.read_text().replace("What I read in {month} {year}", "Mes lectures de {month} {year}"))
    assert run("check") == [
        '  warning: the month names in monthly_title are English ([site] date_language = "en") but the '
        'newsletter is in "fr"; set date_language = "fr" in [site], before the edition is published: a '
        "title is the post's address"
    ]
    settings.write_text(settings.read_text().replace('date_language = "en"', 'date_language = "fr"'))
    assert run("check") == []


def test_an_austrian_newsletter_titled_in_english_is_told_its_own_month_names(tmp_path):
    """Hanna, in Vienna, set `language = "de-AT"` and was told to write the title "with
    date_language = "de"": her "Jänner" edition would have been titled "Januar", German's, though
    date_language = "de-AT" writes Austria's."""
    root = tmp_path / "lesen"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "de-AT"', 1))
    result = CliRunner().invoke(main, ["check", "2026-12", "--offline", "-w", str(root)])
    told = [line for line in result.output.splitlines() if "title is English" in line]
    assert len(told) == 1 and 'with date_language = "de-AT" for its month names' in told[0], result.output
    settings.write_text(settings.read_text().replace('language = "de-AT"', 'language = "de-CH"', 1))
    result = CliRunner().invoke(main, ["check", "2026-12", "--offline", "-w", str(root)])
    assert 'with date_language = "de" for its month names' in result.output  # no Swiss names: German's


def test_a_weekly_newsletter_titled_with_inits_english_week_is_told(tmp_path):
    """init's English week, which names the week now ("What I read in week {week}"), is English
    to check as its "this week" was: a German log keeping it is told to write its own."""
    root = tmp_path / "lesen"
    assert CliRunner().invoke(main, ["init", str(root), "--cadence", "weekly"]).exit_code == 0
    settings = root / "newsletter.toml"
    assert "What I read in week {week}" in settings.read_text()
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "de"', 1))
    result = CliRunner().invoke(main, ["check", "2026-W49", "--offline", "-w", str(root)])
    assert [line for line in result.output.splitlines() if "title is English (weekly_title" in line], result.output


def test_a_french_newsletters_posts_under_an_english_category_are_told(tmp_path):
    """A French blog listed the posts under init's category, "what I read", and nothing said so."""
    root = tmp_path / "lectures"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))

    def run(*args):
        result = CliRunner().invoke(main, [*args, "2026-12", "--offline", "-w", str(root)])
        return [line for line in result.output.splitlines() if "category" in line]

    told = (
        'the posts\' category is English (category = "what I read" in [site]) but the newsletter is in "fr"; '
        "name it in your language, before the edition is published: the blog lists the posts under it"
    )
    assert run("build") == ["warning: newsletter.toml: " + told]
    assert run("build", "--force") == []
    assert run("check") == ["  warning: " + told]
    settings.write_text(settings.read_text().replace('category = "what I read"', 'category = "lectures"'))
    assert run("check") == []


def test_a_french_newsletters_english_greeting_and_sign_off_are_told(tmp_path):
    """A French edition, every word of its templates in French, opened with init's "Hello!" and
    closed with its "Cheers,", and check said nothing."""
    root = tmp_path / "lectures"
    assert CliRunner().invoke(main, ["init", str(root), "--author", "Éric"]).exit_code == 0
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))

    def run():
        result = CliRunner().invoke(main, ["check", "2026-12", "--offline", "-w", str(root)])
        return [line for line in result.output.splitlines() if "opening and closing" in line]

    assert run() == [
        "  warning: the email's opening and closing words are English (greeting = 'Hello!', signoff = "
        "'Cheers,\\nÉric' in [newsletter]) but the newsletter is in \"fr\"; write them in your language"
    ]
    settings.write_text(settings.read_text().replace('greeting = "Hello!"', 'greeting = "Bonjour !"'))
    assert "greeting" not in run()[0] and "signoff = 'Cheers," in run()[0]
    settings.write_text(settings.read_text().replace('"Cheers,', '"Bonne lecture,'))
    assert run() == []
    settings.write_text(settings.read_text().replace('language = "fr"', 'language = "en"', 1))
    settings.write_text(settings.read_text().replace('greeting = "Bonjour !"', 'greeting = "Hello!"'))
    assert run() == []  # English: as init wrote it


@pytest.mark.parametrize(
    "language, said",
    [
        ("fr", "Vos notes, en Markdown."),
        ("ja", "ここにメモを Markdown で。"),
        ("nb", "Notatene dine, i Markdown."),
        ("ar", "ملاحظاتك، بتنسيق Markdown."),
        # Portuguese is Brazil's, as its phrases are ("Você está recebendo…"); the line was
        # Portugal's "As tuas notas", which Portugal's own phrases keep
        ("pt", "Suas notas, em Markdown."),
        ("pt-BR", "Suas notas, em Markdown."),
        ("pt-PT", "As tuas notas, em Markdown."),
    ],
)
def test_a_new_entry_in_a_french_log_leaves_room_for_notes_in_french_and_check_sees_it(
    example_workspace, language, said
):
    """Every entry `new` wrote in a French log said "Your notes, in Markdown." in English (and
    in a Japanese, Chinese, Korean or Scandinavian log, after French had its own)."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', f'language = "{language}"', 1))

    def run(*args):
        return CliRunner().invoke(main, [*args, "-w", str(example_workspace)])

    made = run("new", "article", "https://example.org/un-article", "--date", "2021-02-25", "--offline", "--no-edit")
    assert made.exit_code == 0, made.output
    entry = example_workspace / made.stdout.strip()
    assert entry.read_text(encoding="utf-8").endswith(f"---\n\n{said}\n")
    checked = run("check", "2021-02", "--offline")
    assert f"entries/2021/02/un-article.md\n  error: the notes still say '{said}'; write yours" in checked.output


def test_a_quebec_date_language_writes_french_month_names(example_workspace):
    """date_language = "fr-CA", as a Québec author writes the language, was refused."""
    text = re.sub(r"(?m)^monthly_title = .*\n", "", (example_workspace / "newsletter.toml").read_text())
    titles = 'monthly_title = "Mes lectures de {month} {year}"\ndate_language = "fr-CA"\n'
    (example_workspace / "newsletter.toml").write_text(text.replace("[site]\n", "[site]\n" + titles), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert (example_workspace / "site/content/posts/mes-lectures-de-fevrier-2021/index.md").is_file()


@pytest.mark.parametrize("language", ["fr-CA", "fr_CA"])
def test_a_regional_french_date_language_elides_de_too(example_workspace, language):
    """date_language = "fr_CA" (the schema takes "_" as "-", as the month names do) wrote French
    months but left "de octobre" in the title and the post's address: the elision read "fr_ca"."""
    text = re.sub(r"(?m)^monthly_title = .*\n", "", (example_workspace / "newsletter.toml").read_text())
    titles = f'monthly_title = "Mes lectures de {{month}} {{year}}"\ndate_language = "{language}"\n'
    (example_workspace / "newsletter.toml").write_text(text.replace("[site]\n", "[site]\n" + titles), encoding="utf-8")
    (example_workspace / "entries/2021/10").mkdir()
    entry = "---\ntype: article\nurl: https://example.org/a\ndate: 2021-10-02\ntitle: A\n---\nLu.\n"
    (example_workspace / "entries/2021/10/a.md").write_text(entry, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2021-10", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/mes-lectures-doctobre-2021/index.md").read_text(encoding="utf-8")
    assert '\ntitle = "Mes lectures d’octobre 2021"\n' in post


def test_a_date_language_without_month_names_says_which_there_are(example_workspace):
    text = (example_workspace / "newsletter.toml").read_text()
    (example_workspace / "newsletter.toml").write_text(text.replace("[site]\n", '[site]\ndate_language = "xx"\n'))
    result = CliRunner().invoke(main, ["list", "2021-02", "-w", str(example_workspace)])
    assert result.exit_code == 1
    assert "[site] date_language = 'xx'; use one of en, de, fr" in result.stderr


@pytest.mark.parametrize(
    "titles",
    [
        {"2020-W28": "秋の読書", "2020-W29": "מה קראתי השבוע"},
        # with the year, the one ASCII word left: slugged '2020' all the same, until the fix after
        {"2020-W28": "2020年 秋の読書", "2020-W29": "Что я читал в 2020"},
    ],
)
def test_editions_titled_in_scripts_without_ascii_words_get_posts_of_their_own(example_workspace, titles):
    """'秋の読書' and 'מה קראתי השבוע' have no ASCII word to make a slug of: every such edition
    was slugged '2020', and the second week's build was refused as replacing the first's post,
    telling the author to give the editions distinct titles, which they had."""
    (example_workspace / "entries/2020/07/new.md").write_text(
        "---\ntype: article\nurl: https://example.org/x\ndate: 2020-07-14\n---\nNotes.\n", encoding="utf-8"
    )
    for period, title in titles.items():
        (example_workspace / f"entries/2020/07/_{period}.md").write_text(
            f'---\ntitle: "{title}"\n---\n', encoding="utf-8"
        )
        result = CliRunner().invoke(main, ["build", period, "--offline", "-w", str(example_workspace)])
        assert result.exit_code == 0, result.output
    posts = example_workspace / "site/content/posts"
    for period, title in titles.items():
        post = (posts / period.lower() / "index.md").read_text(encoding="utf-8")
        assert f'\ntitle = "{title}"\n' in post and f'\nslug = "{period.lower()}"\n' in post


def titled_in_japanese(root: Path) -> None:
    """Yuki's settings: February's post titled '2021年2月に読んだもの'."""
    text = re.sub(r"(?m)^monthly_title = .*\n", "", (root / "newsletter.toml").read_text())
    titles = 'monthly_title = "{year}年{month}に読んだもの"\ndate_language = "ja"\n'
    (root / "newsletter.toml").write_text(text.replace("[site]\n", "[site]\n" + titles), encoding="utf-8")


def built_again(root: Path) -> str:
    """February built again, as a new version of newsletter builds it (its code is an input: --force)."""
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "--force", "-w", str(root)])
    assert result.exit_code == 0 and "Built 2021-02" in result.output, result.output
    return result.output


def published_before_the_slugs_parted(root: Path, monkeypatch) -> Path:
    """Yuki's February built by a version whose slugs dropped 年 and 月 (at /posts/20212-2021/);
    the site's posts folder."""
    titled_in_japanese(root)
    with_year = slugs._with_year
    with monkeypatch.context() as patched:
        patched.setattr(slugs, "slugify", lambda text, spelled=True: slugged_before(text))
        patched.setattr(slugs, "_with_year", lambda slugged, edition, numbers=False: with_year(slugged, edition, True))
        built_again(root)
    return root / "site/content/posts"


def test_a_post_published_at_a_slug_without_its_eszett_keeps_its_address(example_workspace, monkeypatch):
    """Hanna's 'Große Bücher im Februar 2021' was published at /posts/groe-bucher-im-februar-2021/;
    slugs now spell ß as ss, and her post stays where it is (a new address would be a new post in
    her readers' feeds), with or without dist/. An edition first built now gets the spelled slug."""
    index = example_workspace / "entries/2021/02/_index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ntitle: Große Bücher\n", 1), "utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(slugs, "slugify", lambda text, spelled=True: slugged_before(text))
        built_again(example_workspace)
    posts = example_workspace / "site/content/posts"
    assert [p.name for p in posts.iterdir()] == ["groe-bucher-2021"]
    published = (posts / "groe-bucher-2021/index.md").read_bytes()
    for dist_kept in (True, False):
        if not dist_kept:
            shutil.rmtree(example_workspace / "dist")
        assert "warning" not in built_again(example_workspace)
        assert [p.name for p in posts.iterdir()] == ["groe-bucher-2021"]
        assert (posts / "groe-bucher-2021/index.md").read_bytes() == published
    shutil.rmtree(posts / "groe-bucher-2021")
    shutil.rmtree(example_workspace / "dist")
    built_again(example_workspace)
    assert [p.name for p in posts.iterdir()] == ["grosse-bucher-2021"]


def test_a_week_across_new_year_titled_year_first_keeps_its_address(example_workspace, monkeypatch):
    """A week from December into January titled year first (a Sunday's week: "Data 2020年12月27日〜
    1月2日") wrote its last day without its year; since d7fe864 it writes it ("〜2021年1月2日"), and the post
    published at /posts/data-2020-12-27-1-2-2021/ moved when the week was built again: a new
    address, a new post in the readers' feeds. It stays, with or without dist/."""
    settings = example_workspace / "newsletter.toml"
    text = re.sub(r"(?m)^weekly_title = .*$", 'weekly_title = "Data {year}年{start}〜{end}"', settings.read_text())
    settings.write_text(text.replace("[site]\n", '[site]\ndate_language = "ja"\n', 1))
    entry = example_workspace / "entries/2020/12/late-december.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("---\ntype: book\ndate: 2020-12-30\ntitle: A book\n---\nNotes.\n", encoding="utf-8")
    week = ["build", "2020-W53", "--offline", "--force", "-w", str(example_workspace)]
    posts = example_workspace / "site/content/posts"
    with monkeypatch.context() as patched:  # as versions before d7fe864 titled it
        patched.setattr("newsletter.collect.date_words", lambda day, language: day_words(day, language))
        assert CliRunner().invoke(main, week).exit_code == 0
    assert [p.name for p in posts.iterdir()] == ["data-2020-12-27-1-2-2021"]
    for dist_kept in (True, False):
        if not dist_kept:
            shutil.rmtree(example_workspace / "dist")
        result = CliRunner().invoke(main, week)
        assert result.exit_code == 0 and "warning" not in result.output, result.output
        assert [p.name for p in posts.iterdir()] == ["data-2020-12-27-1-2-2021"]
        assert "Data 2020年12月27日〜2021年1月2日" in (posts / "data-2020-12-27-1-2-2021/index.md").read_text()
    shutil.rmtree(posts / "data-2020-12-27-1-2-2021")  # a week first built now: its own title's slug
    shutil.rmtree(example_workspace / "dist")
    assert CliRunner().invoke(main, week).exit_code == 0
    assert [p.name for p in posts.iterdir()] == ["data-2020-12-27-2021-1-2"]


def test_a_post_published_at_a_slug_without_its_dash_keeps_its_address(example_workspace, monkeypatch):
    """'Lesejahre 2020–2021' was published at /posts/lesejahre-20202021-2021/, the en dash dropped;
    slugs now part words at a dash, and the post stays where it is. A new edition gets the parted slug."""
    index = example_workspace / "entries/2021/02/_index.md"
    titled = index.read_text(encoding="utf-8").replace("---\n", "---\ntitle: Lesejahre 2020–2021\n", 1)
    index.write_text(titled, "utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(slugs, "slugify", lambda text, spelled=True: slugged_before(text))
        built_again(example_workspace)
    posts = example_workspace / "site/content/posts"
    assert [p.name for p in posts.iterdir()] == ["lesejahre-20202021-2021"]
    assert "warning" not in built_again(example_workspace)
    assert [p.name for p in posts.iterdir()] == ["lesejahre-20202021-2021"]
    shutil.rmtree(posts / "lesejahre-20202021-2021")
    shutil.rmtree(example_workspace / "dist")
    built_again(example_workspace)
    assert [p.name for p in posts.iterdir()] == ["lesejahre-2020-2021"]


def test_a_damaged_build_record_of_an_edition_titled_with_an_eszett_is_built_anew(example_workspace):
    """The slug a post published without its ß keeps is read from the edition's build.json: one
    nested past Python's recursion limit ended the build with a RecursionError traceback, where
    the build's own reading of it writes it anew."""
    index = example_workspace / "entries/2021/02/_index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ntitle: Große Bücher\n", 1), "utf-8")
    built_again(example_workspace)
    (example_workspace / "dist/2021-02/build.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    built_again(example_workspace)
    posts = example_workspace / "site/content/posts"
    assert [p.name for p in posts.iterdir()] == ["grosse-bucher-2021"]


def test_a_japanese_title_keeps_its_year_and_month_apart_in_the_address(example_workspace):
    """ "{year}年{month}に読んだもの" with date_language = "ja" ('2021年2月に読んだもの') was slugged
    '20212-2021': the characters with no ASCII spelling were dropped, not read as a break, so the
    year and the month ran together and the year was added again after them. Its numbers alone
    ('2021-2') are its period now, as test_init_language.py tells."""
    titled_in_japanese(example_workspace)
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/2021-02/index.md").read_text(encoding="utf-8")
    assert '\ntitle = "2021年2月に読んだもの"\n' in post and '\nslug = "2021-02"\n' in post


def test_months_told_apart_only_by_letters_without_ascii_get_addresses_of_their_own(example_workspace, monkeypatch):
    """Olena (new user 36) titled her months "Digest: {month} {year}" in Ukrainian: December's post
    went to /posts/digest-2026/, its month's name ('грудень') having no ASCII spelling, and
    November's build was refused, as taking December's post. Such a slug ends with its period;
    a post published at the old one keeps it, with or without dist/."""
    root = example_workspace
    settings = root / "newsletter.toml"
    text = re.sub(r"(?m)^monthly_title = .*$", 'monthly_title = "Digest: {month} {year}"', settings.read_text())
    settings.write_text(text.replace("[site]\n", '[site]\ndate_language = "uk"\n', 1), encoding="utf-8")
    for month in ("11", "12"):
        (root / f"entries/2026/{month}").mkdir(parents=True)
        (root / f"entries/2026/{month}/book.md").write_text(
            f"---\ntype: book\ndate: 2026-{month}-02\ntitle: Книжка {month}\n---\nNotes.\n", encoding="utf-8"
        )
    posts = root / "site/content/posts"
    build = ["build", "--offline", "--force", "-w", str(root)]
    with monkeypatch.context() as patched:  # as versions before the period was added built it
        patched.setattr(slugs, "_with_period", lambda slugged, edition: slugged)
        assert CliRunner().invoke(main, [*build, "2026-12"]).exit_code == 0
    assert (posts / "digest-2026/index.md").is_file()
    for dist_kept in (True, False):
        if not dist_kept:
            shutil.rmtree(root / "dist/2026-12")
        result = CliRunner().invoke(main, [*build, "2026-12"])
        assert result.exit_code == 0 and "warning" not in result.output, result.output
        assert sorted(p.name for p in posts.iterdir() if "2026" in p.name) == ["digest-2026"]
    result = CliRunner().invoke(main, [*build, "2026-11"])
    assert result.exit_code == 0, result.output
    assert '\ntitle = "Digest: листопад 2026"\n' in (posts / "digest-2026-11/index.md").read_text(encoding="utf-8")
    shutil.rmtree(posts / "digest-2026")  # a month first built now: its own slug
    shutil.rmtree(root / "dist/2026-12")
    assert CliRunner().invoke(main, [*build, "2026-12"]).exit_code == 0
    assert sorted(p.name for p in posts.iterdir() if "2026" in p.name) == ["digest-2026-11", "digest-2026-12"]


def test_a_post_published_before_the_slugs_parted_cjk_words_keeps_its_address(example_workspace, monkeypatch):
    """Yuki's '2021年2月に読んだもの', published at /posts/20212-2021/ by a version that dropped 年
    and 月, moved to /posts/2021-2/ when built again after the slugs parted the words there: a
    redirect at the old address, but a new address in her readers' feeds and her images left in
    the old folder, with nothing of hers changed. A post built at that slug keeps it; a title
    changed since gets today's slug, and the move redirects its old address, as any rename does."""
    posts = published_before_the_slugs_parted(example_workspace, monkeypatch)
    build = functools.partial(built_again, example_workspace)
    assert [p.name for p in posts.iterdir()] == ["20212-2021"]
    published = (posts / "20212-2021/index.md").read_bytes()
    assert "warning" not in build()
    assert [p.name for p in posts.iterdir()] == ["20212-2021"]
    assert (posts / "20212-2021/index.md").read_bytes() == published
    index = example_workspace / "entries/2021/02/_index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("---\n", "---\ntitle: '2021年2月: MLOps'\n", 1), "utf-8")
    assert "now redirects to the new post" in build()
    assert [p.name for p in posts.iterdir()] == ["2021-2-mlops"]
    assert 'aliases = ["/posts/20212-2021/"]' in (posts / "2021-2-mlops/index.md").read_text(encoding="utf-8")


def test_a_post_published_before_the_slugs_parted_cjk_words_keeps_its_address_when_dist_is_deleted(
    example_workspace, monkeypatch
):
    """dist/ is build output, and `rm -rf dist/` took the record of the slug Yuki's post was
    published at: the next build wrote the edition's post again at /posts/2021-2/, beside the
    one at /posts/20212-2021/, and Hugo published both. The post in the site is found instead."""
    posts = published_before_the_slugs_parted(example_workspace, monkeypatch)
    build = functools.partial(built_again, example_workspace)
    published = (posts / "20212-2021/index.md").read_bytes()
    shutil.rmtree(example_workspace / "dist")
    assert "warning" not in build()
    assert [p.name for p in posts.iterdir()] == ["20212-2021"]
    assert (posts / "20212-2021/index.md").read_bytes() == published
    # another edition's post at that slug (dated outside February) is not taken for this one's
    shutil.rmtree(example_workspace / "dist")
    (posts / "20212-2021/index.md").write_bytes(published.replace(b"date = 2021-02-", b"date = 2020-07-"))
    build()
    assert sorted(p.name for p in posts.iterdir()) == ["2021-02", "20212-2021"]


def test_a_published_post_whose_front_matter_hugo_converted_to_yaml_keeps_its_address(example_workspace, monkeypatch):
    """`hugo convert toYAML` rewrites every post's front matter as YAML ('slug: 20212-2021'); the
    post in the site was then not found after `rm -rf dist/`, read by a pattern for TOML alone,
    and the edition was published a second time at /posts/2021-2/."""
    import tomllib

    import yaml

    posts = published_before_the_slugs_parted(example_workspace, monkeypatch)
    build = functools.partial(built_again, example_workspace)
    post = posts / "20212-2021/index.md"
    _, front, body = post.read_text(encoding="utf-8").split("+++\n", 2)
    converted = "---\n" + yaml.safe_dump(tomllib.loads(front), allow_unicode=True) + "---\n" + body
    post.write_text(converted, encoding="utf-8")
    shutil.rmtree(example_workspace / "dist")
    build()
    assert [p.name for p in posts.iterdir()] == ["20212-2021"]


def test_a_new_workspace_names_what_listmonk_needs(tmp_path, monkeypatch):
    """Its [send] table listed SMTP's settings only: a listmonk user learned of listmonk_url and
    listmonk_list_ids from the warnings of a first dry run."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "reading"]).exit_code == 0
    text = (tmp_path / "reading/newsletter.toml").read_text(encoding="utf-8")
    for key in ("listmonk_url", "listmonk_list_ids", "listmonk_template_id"):
        assert re.search(rf"(?m)^{key} = ", text), key
    text = text.replace('listmonk_url = ""', 'listmonk_url = "https://lists.example.com"')
    (tmp_path / "reading/newsletter.toml").write_text(text.replace("listmonk_list_ids = []", "listmonk_list_ids = [3]"))
    settings = config.load(tmp_path / "reading")
    assert (settings.send.listmonk_url, settings.send.listmonk_list_ids) == ("https://lists.example.com", [3])


def test_a_new_workspace_spells_listmonk_s_template_as_go_does(tmp_path, monkeypatch):
    """Ines read in her new newsletter.toml that listmonk's campaign template should be only
    '{ template "content" . }': the settings are written with str.format, which made the Go
    template's double braces single ones, and a template written as told shows those words."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "reading"]).exit_code == 0
    text = (tmp_path / "reading/newsletter.toml").read_text(encoding="utf-8")
    assert '# {{ template "content" . }} (0: its default' in text


def test_init_names_the_language_and_the_timezone_to_set(tmp_path):
    """Amaury, writing in French from Lyon, was told to fill in [email], [links] and the site,
    and built an edition saying "Hello!" and "Unsubscribe", dated in UTC: init's `language` and
    `timezone` were named nowhere in what it said."""
    from click.testing import CliRunner

    from newsletter.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path / "lectures")])
    assert result.exit_code == 0, result.output
    assert (
        '[site]), `language` ("fr", "de"…: or init again with --language) and `timezone` ("Europe/Paris"…) in '
        "[newsletter] if not English and UTC, replace the sample entry" in result.stderr
    )
    given = CliRunner().invoke(main, ["init", str(tmp_path / "reading"), "--timezone", "Africa/Accra"])
    assert given.exit_code == 0, given.output
    assert (
        '[site]), `language` ("fr", "de"…: or init again with --language) in [newsletter] if not English, replace the '
        "sample" in given.stderr
    )
    french = CliRunner().invoke(main, ["init", str(tmp_path / "en-francais"), "--language", "fr"])
    assert french.exit_code == 0, french.output
    assert '[site]), `timezone` ("Europe/Paris"…) in [newsletter] if not UTC, replace the sample' in french.stderr
