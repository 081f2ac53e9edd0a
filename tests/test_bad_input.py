"""Bad input found in review: each gets a clear message, never a traceback, and loses nothing."""

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.build import build
from newsletter.cli import main
from newsletter.config import load
from newsletter.errors import NewsletterError
from newsletter.read import Problem, parse_editorial, parse_entry, scan_archive

ENTRY = "---\ntype: article\nurl: https://example.com/a\ndate: 2021-02-03\n---\nNotes.\n"


@pytest.mark.parametrize(
    "text, message",
    [
        (ENTRY.replace("2021-02-03", "2021-02-30"), "impossible value"),
        (ENTRY.replace("---\nNotes", 'draft: "false"\n---\nNotes'), "`draft: false` should be true or false"),
        (ENTRY.replace("---\nNotes", "title: [a, b]\n---\nNotes"), "`title` should be text, not a list"),
    ],
)
def test_entries_of_the_wrong_shape_are_problems(text, message):
    with pytest.raises(Problem, match=message):
        parse_entry(Path("x.md"), text)


def settings_with(example_workspace: Path, table: str, line: str) -> Path:
    """The example settings with `line` in `table`, replacing that key's own line if there is one."""
    path = example_workspace / "newsletter.toml"
    key = line.split("=")[0].strip()
    text = re.sub(rf"(?m)^{key}\s*=.*\n", "", path.read_text())
    path.write_text(text.replace(f"[{table}]\n", f"[{table}]\n{line}\n", 1))
    return path


@pytest.mark.parametrize("language", ["de", "pt-BR", "zh-Hant", "ckb", "sr-Latn-RS"])
def test_a_language_tag_is_taken_as_written(example_workspace, language):
    settings_with(example_workspace, "newsletter", f'language = "{language}"')
    assert load(example_workspace).language == language


@pytest.mark.parametrize(
    "table, line, message",
    [
        ("newsletter", 'timezone = "Mars/Phobos"', "is not a time zone"),
        # a region's folder of the time zone database: an IsADirectoryError traceback out of every command
        ("newsletter", 'timezone = "America"', "timezone = 'America' is not a time zone"),
        ("newsletter", 'timezone = "Etc"', "is not a time zone"),
        ("site", 'front_matter = "json"', "[site] front_matter = 'json'; use one of toml, yaml"),
        ("site", 'monthly_title = "What {foo}"', "[site] monthly_title has a placeholder it cannot fill"),
        # a month's title was checked against a week's names, and "{start}" ended the build in a KeyError
        ("site", 'monthly_title = "From {start}"', "monthly_title has a placeholder it cannot fill ('start')"),
        ("site", 'yearly_title = "{month} {year}"', "use {year}, {period}."),
        # format() reaches into a value: "{month[:3]}" was a TypeError traceback, "{month[7]}" an
        # IndexError in May only, "{month.upper}" a title holding a memory address, new each run
        ("site", 'monthly_title = "Reads of {month[:3]} {year}"', "cannot fill ('month[:3]'); use {month}, {year}"),
        ("site", 'monthly_title = "{month[7]}"', "monthly_title has a placeholder it cannot fill ('month[7]')"),
        ("site", 'monthly_title = "{month.upper} {year}"', "cannot fill ('month.upper')"),
        ("site", 'weekly_title = "Week {week.real}"', "weekly_title has a placeholder it cannot fill ('week.real')"),
        ("site", 'yearly_title = "{year:>{year.x}}"', "yearly_title has a placeholder it cannot fill"),
        # a width of a billion made a title of a gigabyte: the build took 1.5 GB and never ended;
        # one named by the year, 2,021 spaces; a conversion writes the month in quotes
        ("site", 'monthly_title = "{year:>999999999}"', "cannot fill ({year:>999999999}); use {month}, {year}"),
        ("site", 'monthly_title = "{month:{year}}"', "monthly_title has a placeholder it cannot fill ({month:{year}})"),
        ("site", 'monthly_title = "{month!r} {year}"', "monthly_title has a placeholder it cannot fill ({month!r})"),
        ("site", 'weekly_title = "Week {week!a}"', "weekly_title has a placeholder it cannot fill ({week!a})"),
        ("send", 'listmonk_list_ids = "12"', "write the list ids as numbers"),
        # a name or a locale was written into every <html lang> and xml:lang as given, and passed the doctor
        ("newsletter", 'language = "Deutsch"', """language = 'Deutsch' is not a language tag"""),
        ("newsletter", 'language = "de_DE"', """is not a language tag, which the email, the web pages and the feeds"""),
        ("newsletter", 'language = "de_DE.UTF-8"', 'write it like "de-DE".'),
        ("site", 'date_language = "deutsch"', "[site] date_language = 'deutsch'; use one of en, de, fr"),
        # an escaped control character is invisible, and MJML refused the email without a name
        ("newsletter", 'name = "Data\\u0001 Science"', "[newsletter] name holds an invisible control character"),
        ("links", 'website = "https://a.example/\\u001b[31m"', "[links] website holds an invisible control character"),
    ],
)
def test_settings_are_checked_when_read(example_workspace, table, line, message):
    settings_with(example_workspace, table, line)
    with pytest.raises(NewsletterError) as caught:
        load(example_workspace)
    assert message in caught.value.message


def test_a_weekly_title_may_give_the_weeks_number(example_workspace):
    """A weekly newsletter called "Links I loved, week 48" could not say so: {week} was refused."""
    settings_with(example_workspace, "site", 'weekly_title = "Links I loved, week {week}"')
    build(example_workspace, "2020-W28", offline=True)
    posts = [p.read_text() for p in (example_workspace / "site/content/posts").glob("*/index.md")]
    assert any('\ntitle = "Links I loved, week 28"\n' in post for post in posts)


@pytest.mark.parametrize("pattern", ["Week {week:02d}, {year}", "{week:>3}: {year}"])
def test_a_title_may_pad_a_number_to_a_small_width(example_workspace, pattern):
    """Refusing a gigabyte's width ({year:>999999999}) leaves a padded week's number alone."""
    settings_with(example_workspace, "site", f'weekly_title = "{pattern}"')
    load(example_workspace)  # no problem reported


def test_a_title_that_names_the_newsletter_is_not_named_twice_in_the_subject(example_workspace):
    """A newsletter called "Links I loved" titling its weeks "Links I loved, week 28" had every
    email's subject say "Links I loved: Links I loved, week 28"."""
    settings_with(example_workspace, "newsletter", 'name = "Links I loved"')
    settings_with(example_workspace, "site", 'weekly_title = "Links I loved, week {week}"')
    (example_workspace / "entries/2021/03").mkdir()
    (example_workspace / "entries/2021/03/b.md").write_text(ENTRY.replace("2021-02-03", "2021-03-09"))
    build(example_workspace, "2021-W10", offline=True)  # a week without a subject of its own
    eml = (example_workspace / "dist/2021-W10/newsletter.eml").read_text()
    assert eml.startswith("Subject: Links I loved, week 10\n")


@pytest.mark.parametrize(
    "name, title, subject",
    [
        ("Data", "Database digest, week {week}", "Data: Database digest, week 10"),  # a prefix, not the name
        ("Links", "Linksys notes {week}", "Links: Linksys notes 10"),
        ("links i loved", "Links I Loved, week {week}", "Links I Loved, week 10"),  # the name, in other case
        ("Straße", "STRASSE {week}", "STRASSE 10"),
        ("C++", "C++ld {week}", "C++ld 10"),  # a name ending in punctuation ends its word
    ],
)
def test_a_subject_drops_the_newsletters_name_only_when_the_title_starts_with_it(
    example_workspace, name, title, subject
):
    """A newsletter called "Data" titling its weeks "Database digest" lost its name from every subject."""
    settings_with(example_workspace, "newsletter", f'name = "{name}"')
    settings_with(example_workspace, "site", f'weekly_title = "{title}"')
    (example_workspace / "entries/2021/03").mkdir()
    (example_workspace / "entries/2021/03/b.md").write_text(ENTRY.replace("2021-02-03", "2021-03-09"))
    build(example_workspace, "2021-W10", offline=True)
    eml = (example_workspace / "dist/2021-W10/newsletter.eml").read_text()
    assert eml.startswith(f"Subject: {subject}\n")


def test_two_editions_never_share_a_post(example_workspace):
    settings_with(example_workspace, "site", 'monthly_title = "Reading notes, {year}"')
    build(example_workspace, "2021-02", offline=True)
    post = example_workspace / "site/content/posts/reading-notes-2021/index.md"
    before = post.read_bytes()
    (example_workspace / "entries/2021/03").mkdir()
    (example_workspace / "entries/2021/03/b.md").write_text(ENTRY.replace("2021-02-03", "2021-03-03"))
    with pytest.raises(NewsletterError, match="is the post of another edition"):
        build(example_workspace, "2021-03", offline=True)
    assert post.read_bytes() == before


def test_an_editions_record_does_not_vouch_for_a_post_another_edition_wrote_since(example_workspace):
    """post.json names the post an edition's last build wrote; once that post was deleted (a
    cleaned site) and another edition of the same title wrote its own there, rebuilding the
    first edition must refuse, not overwrite the other's post."""
    settings_with(example_workspace, "site", 'monthly_title = "Reading notes, {year}"')
    build(example_workspace, "2021-02", offline=True)
    post = example_workspace / "site/content/posts/reading-notes-2021/index.md"
    post.unlink()
    (example_workspace / "entries/2021/03").mkdir()
    (example_workspace / "entries/2021/03/b.md").write_text(ENTRY.replace("2021-02-03", "2021-03-03"))
    build(example_workspace, "2021-03", offline=True)
    march = post.read_bytes()
    with pytest.raises(NewsletterError, match="is the post of another edition"):
        build(example_workspace, "2021-02", offline=True)
    assert post.read_bytes() == march


def test_an_edition_still_to_come_builds_again(example_workspace):
    """Next week's edition, written ahead, is dated the day it is built (never in the future),
    which lies before its week: its second build must still know the post as its own."""
    import datetime as dt

    from newsletter.models import Period

    week = Period.parse((dt.date.today() + dt.timedelta(days=14)).strftime("%G-W%V"), "monday")
    folder = example_workspace / "entries" / f"{week.start:%Y}" / f"{week.start:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ahead.md").write_text(ENTRY.replace("2021-02-03", week.start.isoformat()))
    first = build(example_workspace, week.key, offline=True)
    (folder / "ahead.md").write_text((folder / "ahead.md").read_text() + "\nMore notes.\n")
    second = build(example_workspace, week.key, offline=True)
    assert "More notes." in second.outputs.post and first.outputs.post_slug == second.outputs.post_slug


def test_an_empty_period_writes_nothing(example_workspace):
    with pytest.raises(NewsletterError, match="No entries for 2012-02 .*nothing was written"):
        build(example_workspace, "2012-02", offline=True)
    assert not (example_workspace / "dist/2012-02").exists()


def test_an_empty_week_names_both_months_its_entries_go_in(example_workspace):
    with pytest.raises(NewsletterError, match=r"go in entries/2026/09/ and entries/2026/10/ \("):
        build(example_workspace, "2026-W40", offline=True)


def test_a_period_of_drafts_only_says_so_instead_of_where_entries_go(example_workspace):
    folder = example_workspace / "entries/2012/02"
    folder.mkdir(parents=True)
    (folder / "d.md").write_text("---\ntype: book\ntitle: B\ndate: 2012-02-02\ndraft: true\n---\nN.\n")
    with pytest.raises(NewsletterError, match=r"It has 1 draft: remove `draft: true` .* or add --drafts"):
        build(example_workspace, "2012-02", offline=True)


def test_a_build_warns_of_the_same_link_twice_in_its_edition(example_workspace):
    again = "---\ntype: tool\nurl: https://ml-ops.org/\ndate: 2021-02-20\ntitle: MLOps again\n---\nTwice.\n"
    (example_workspace / "entries/2021/02/again.md").write_text(again)
    result = build(example_workspace, "2021-02", offline=True)
    assert "entries/2021/02/again.md: same link as entries/2021/02/ml-ops-org.md in this edition" in "\n".join(
        result.warnings
    )


def test_a_template_that_fails_at_render_time_is_named(example_workspace):
    (example_workspace / "templates").mkdir()
    (example_workspace / "templates/post.md.j2").write_text("+++\n{{ 1 / 0 }}")
    with pytest.raises(NewsletterError, match=r"template .*templates/post.md.j2:2: ZeroDivisionError"):
        build(example_workspace, "2021-02", offline=True)
    # a Python error, as a variable's or filter's mistake, names its line too (it named the template alone)
    (example_workspace / "templates/post.md.j2").write_text("a\nb\n{{ edition.subject + 1 }}")
    with pytest.raises(NewsletterError, match=r"template .*templates/post.md.j2:3: TypeError: can only concat"):
        build(example_workspace, "2021-02", offline=True)


def test_a_template_including_a_missing_file_says_so_and_where(example_workspace):
    """It said "template email.txt.j2: partials/footer.j2; check the template's variables and
    filters": the name of the missing file alone, as if it were the mistake's description."""
    (example_workspace / "templates").mkdir()
    (example_workspace / "templates/email.txt.j2").write_text('Hello\n{% include "partials/footer.j2" %}\n')
    with pytest.raises(NewsletterError) as raised:
        build(example_workspace, "2021-02", offline=True)
    assert raised.value.message == (
        f"template {example_workspace / 'templates/email.txt.j2'}:2: it includes partials/footer.j2, which is "
        "neither in the workspace's templates/ nor a default template; check the name (relative to templates/)"
    )


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem")
def test_a_template_that_cannot_be_read_is_named_not_taken_for_the_output(example_workspace):
    """A template on a failing disk (a read's EIO, as /proc/self/mem gives at its start) ended the
    build with "could not write the command's output: Input/output error. Free some space": a
    read taken for the output, and no file named."""
    (example_workspace / "templates/partials").mkdir(parents=True)
    (example_workspace / "templates/email.txt.j2").symlink_to("/proc/self/mem")
    with pytest.raises(NewsletterError) as raised:
        build(example_workspace, "2021-02", offline=True)
    assert raised.value.message == (
        "template email.txt.j2: a template file could not be read (Input/output error); "
        "check the file and the disk it is on"
    )
    (example_workspace / "templates/email.txt.j2").unlink()
    (example_workspace / "templates/email.txt.j2").write_text('Hello\n{% include "partials/footer.j2" %}\n')
    (example_workspace / "templates/partials/footer.j2").symlink_to("/proc/self/mem")
    unread = r"template .*templates/email.txt.j2:2: a template file could not be read"  # (where it includes it)
    with pytest.raises(NewsletterError, match=unread):
        build(example_workspace, "2021-02", offline=True)


def test_a_template_using_a_missing_variable_names_its_line(example_workspace):
    (example_workspace / "templates").mkdir()
    (example_workspace / "templates/email.txt.j2").write_text("a\nb\n{{ edition.subjet.title() }}\n")
    with pytest.raises(NewsletterError, match=r"templates/email.txt.j2:3: .* has no attribute 'subjet'"):
        build(example_workspace, "2021-02", offline=True)


def test_init_escapes_the_name_into_valid_toml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init", "w", "--name", 'The "Best" \\ Notes', "--author", "A"]).exit_code == 0
    assert load(tmp_path / "w").name == 'The "Best" \\ Notes'


@pytest.mark.parametrize(
    "args, message",
    [
        (["w", "--name", "Two\nlines"], "--name has a line break"),
        (["w", "--author", "Ann\r"], "--author has a line break"),
        (["a-file/w"], "Cannot create a-file/w"),
    ],
)
def test_init_refuses_what_it_could_not_make_a_working_workspace_of(tmp_path, monkeypatch, args, message):
    """A name with a line break was written into a newsletter.toml that every later command
    refused; a folder that cannot be made (under a file, or where one may not write) raised
    FileNotFoundError/NotADirectoryError/PermissionError as a traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    result = CliRunner().invoke(main, ["init", *args])
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert not (tmp_path / "w").exists()


def test_new_refuses_a_url_with_spaces(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)
    result = CliRunner().invoke(main, ["new", "article", "https://example.com/a #x", "--no-edit", "--offline"])
    assert result.exit_code == 1 and "is not a web address" in result.stderr


def test_new_refuses_a_link_without_a_host_that_its_entry_could_not_hold(example_workspace, monkeypatch):
    """`https:///x` passed `new`'s own check (https?://\\S+) and was written, an entry the reader
    refuses: the next build failed on a file the tool had just made."""
    monkeypatch.chdir(example_workspace)
    before = sorted(example_workspace.rglob("*.md"))
    result = CliRunner().invoke(main, ["new", "article", "https:///x", "--no-edit", "--offline"])
    assert result.exit_code == 1 and "is not a web address" in result.stderr
    assert sorted(example_workspace.rglob("*.md")) == before


def test_a_list_key_of_the_wrong_shape_is_named_with_its_line():
    """`tags: {a: 1}` in an entry, or `favourites: 5` in an editorial file, said only "expected a
    list like [Ada Lovelace, Alan Turing]": no key, and in an editorial file no line either."""
    with pytest.raises(Problem, match=r"`tags` should be a list, like `tags: \[ml, python\]`") as caught:
        parse_entry(Path("x.md"), ENTRY.replace("---\nNotes", "tags: {a: 1}\n---\nNotes"))
    assert caught.value.line == 5
    with pytest.raises(Problem, match=r"`favourites` should be a list") as caught:
        parse_editorial("---\nsubject: Hi\nfavourites: 5\n---\nIntro.\n")
    assert caught.value.line == 3


def test_a_date_where_names_go_is_told_what_the_key_takes(example_workspace):
    """`by: 2021-02-03` was told "`by` should be a list, like `by: [Priya, Tom]`" (attack 32): of a
    date, where a reader of "by" may have meant "by when". The value is quoted as written, and
    what `by:` takes is said; any other list key's date says its own."""
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), ENTRY.replace("---\nNotes", "by: 2021-02-03\n---\nNotes"))
    assert str(caught.value) == (
        "`by: 2021-02-03` is a date; `by` takes names: who wrote the entry's notes, in a log several people "
        "keep (one, or a list), not a date, like `by: [Priya, Tom]`"
    )
    assert caught.value.line == 5
    with pytest.raises(Problem, match=r"^`speakers: 2021-02-03` is a date; `speakers` takes names: who spoke"):
        parse_entry(Path("x.md"), ENTRY.replace("---\nNotes", "speakers: 2021-02-03\n---\nNotes"))
    entry = example_workspace / "entries/2021/02/dated.md"
    entry.write_text(ENTRY.replace("---\nNotes", "by: 2021-02-03\n---\nNotes"))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1
    assert "entries/2021/02/dated.md\n  error: line 5: `by: 2021-02-03` is a date; `by` takes names" in result.stdout


def test_every_unknown_key_of_an_editorial_file_is_named_with_its_line(example_workspace):
    """An entry's unknown key is a warning at its line; an editorial file's was an error at no
    line, and only the first: the author fixed it, ran again, and met the next."""
    editorial = example_workspace / "entries/2021/02/_index.md"
    editorial.write_text('---\nsubject: "Hi"\nsubtilte: "x"\nouttro: y\n---\nIntro.\n')
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1
    assert "  error: line 3: unknown key 'subtilte' (did you mean 'subtitle'?)" in result.output
    assert "  error: line 4: unknown key 'outtro' (did you mean 'outro'?)" in result.output


def test_hugos_names_in_an_editorial_file_say_which_key_is_meant(example_workspace):
    """An editorial file is named like Hugo's `_index.md`, and a blogger writes Hugo's keys in it:
    `description` (the line under the title in PaperMod) stopped the build with "unknown key
    'description'" and a list of keys, which did not say that `subtitle` is what becomes the post's
    description; `summary` and `date` neither. Each now says what to write instead."""
    editorial = example_workspace / "entries/2021/02/_index.md"
    editorial.write_text('---\nsubject: "Hi"\ndescription: "x"\nsummary: y\ndate: 2021-02-28\n---\nIntro.\n')
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1
    assert "  error: line 3: unknown key 'description' (the post's description is `subtitle`)" in result.output
    assert "  error: line 4: unknown key 'summary' (the summary is the intro: the file's body)" in result.output
    dated = "(an edition is dated by its period: its month, week or year)"
    assert f"  error: line 5: unknown key 'date' {dated}" in result.output


def test_a_month_folder_that_cannot_be_made_is_a_message_from_new_and_import(example_workspace, monkeypatch):
    """A file where the month's folder goes (or a read-only or full disk) raised FileExistsError
    or another OSError as a traceback out of `new` and `import`."""
    monkeypatch.chdir(example_workspace)
    (example_workspace / "entries/2026").mkdir()
    (example_workspace / "entries/2026/01").write_text("in the way")
    export = example_workspace / "pinboard.json"
    export.write_text('[{"href": "https://z.example/b", "description": "B", "time": "2026-01-05T00:00:00Z"}]')
    for args in (
        ["new", "article", "https://z.example/a", "--date", "2026-01-05", "--offline", "--no-edit"],
        ["import", str(export)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and not isinstance(result.exception, OSError), result.output
        assert "Cannot write " in result.stderr and "entries/2026/01 (" in result.stderr, result.output


@pytest.mark.parametrize("item, said", [("~", "an empty item"), ("[x]", "an item that is not text")])
def test_a_list_with_an_odd_item_names_the_item_not_the_list(item, said):
    """`speakers: [Ada, ~]` is a list, and was refused as "`speakers` should be a list"."""
    with pytest.raises(Problem, match=f"`speakers` has {re.escape(said)}") as caught:
        parse_entry(Path("x.md"), ENTRY.replace("---\nNotes", f"speakers: [Ada, {item}]\n---\nNotes"))
    assert caught.value.line == 5


def test_every_problem_of_an_entry_is_named_in_one_run(example_workspace):
    """Only the first was: a missing url hid a bad duration and a bad episode, so the author
    fixed one, ran again, and met the next."""
    bad = example_workspace / "entries" / "2021" / "02" / "careless.md"
    bad.write_text("---\ntype: podcast\ndate: 2021-02-07\nduration: forever\nepisode: [1]\n---\nNotes.\n")
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1
    said = result.stdout[result.stdout.index("careless.md") :]
    assert re.search(r"line 4: duration .forever. is not a length of time", said)
    assert re.search(r"line 5: .*episode", said)
    assert "missing `url`" in said
    assert said.index("line 4") < said.index("line 5") < said.index("missing `url`")  # in the file's order
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert built.exit_code == 1
    assert "duration 'forever'" in built.stderr and "episode" in built.stderr and "missing `url`" in built.stderr
    assert bad.read_text().startswith("---\ntype: podcast\n")  # nothing is changed


def test_a_clock_past_59_is_refused_with_the_length_it_would_be(example_workspace):
    """`duration: 1:75` was read as 2:15 and shown as "2 min", and the editor's schema took it:
    `check` names the file, the line and what to write; 75:00 (75 minutes) is a length."""
    bad = example_workspace / "entries" / "2021" / "02" / "clock.md"
    bad.write_text("---\ntype: talk\nurl: https://example.com/t\ndate: 2021-02-07\nduration: 1:75\n---\nNotes.\n")
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1
    said = result.stdout[result.stdout.index("clock.md") :]
    assert re.search(r"line 5: duration '1:75' is not a length of time \(.* run to 59: that is 2:15\); write", said)
    assert "Traceback" not in result.output
    with pytest.raises(Problem, match="that is 2:15:00"):
        parse_entry(Path("x.md"), ENTRY.replace("---\nNotes", "duration: '1:75:00'\n---\nNotes"))
    talk = ENTRY.replace("article", "talk").replace("---\nNotes", "duration: '75:00'\n---\nNotes")
    assert parse_entry(Path("x.md"), talk)[0].duration == 4500


@pytest.mark.parametrize("escape", ["\\xe9", "\\e", "\\N", "\\u00e9\\/"])
def test_a_yaml_escape_json_does_not_know_is_read_as_yaml_reads_it(example_workspace, escape):
    """The fast reader of an archive's plain lines took any backslash escape for JSON's, and
    json.loads raised on YAML's own (`\\xe9`, `\\e`): a valid entry with `url: "…caf\\xe9"` took
    check, new and import down with a traceback."""
    entry = example_workspace / "entries/2021/02/escaped.md"
    entry.write_text(ENTRY.replace("url: https://example.com/a", f'url: "https://example.com/caf{escape}"'))
    saved, findings = scan_archive(example_workspace / "entries")
    try:  # (an ESC, `\e`, is no character of an address: the reader refuses it, and so does the scan)
        read = [parse_entry(entry, entry.read_text())[0].url]
    except Problem:
        read = []
    assert [s.url for s in saved if s.path == entry] == read
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


# Nine-deep lists from a few lines of YAML aliases: 9**6 items, 2.8 MB as text
ALIASES = "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcde", "bcdef", strict=True))
ALIASES = "a: &a [x, x, x, x, x, x, x, x, x]\n" + ALIASES


@pytest.mark.parametrize(
    "key, value",
    [
        ("type", '"\\e[2J\\e[31mred"'),  # an escape sequence: it cleared the terminal the message was printed on
        ("date", "y" * 100_000),  # a pasted page: a 100 KB message
        ("episode", '"12\\u202e3"'),  # a right-to-left override turned the rest of the line round
        *[(key, "[*f]") for key in ("type", "url", "date", "duration", "episode", "draft", "tags")],
        ("imported", "[{source: kindle, id: *f}]"),  # taken, as a string of megabytes (gigabytes)
    ],
)
def test_a_value_in_a_message_is_shown_short_and_inert(key, value):
    """Each message quoted the whole value: escape sequences drove the terminal, and YAML
    aliases a few lines long made a message of megabytes (gigabytes, nine deep)."""
    text = ENTRY.replace("---\nNotes", f"{ALIASES}{key}: {value}\n---\nNotes")
    if key in ("type", "url", "date"):
        text = re.sub(rf"(?m)^{key}: .*\n", "", text, count=1)
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), text)
    said = str(caught.value)
    assert key in said and len(said) < 200, said[:300]
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", said), said


@pytest.mark.parametrize("key, value", [("url", "*g"), ("imported", "[{source: kindle, id: *g}]")])
def test_nested_aliases_are_never_turned_into_text(key, value):
    """`url:` and `imported:` made text of whatever YAML gave them: aliases nesting a list nine
    deep (a few lines) took check 35 s and gigabytes of memory, and `imported:` kept the text.
    Seven deep here, 4.8 million items: 30 MB as text, a few KB as the list YAML shares."""
    import tracemalloc

    deeper = ALIASES + f"g: &g [{', '.join(['*f'] * 9)}]\n"
    text = re.sub(rf"(?m)^{key}: .*\n", "", ENTRY).replace("---\nNotes", f"{deeper}{key}: {value}\n---\nNotes")
    tracemalloc.start()
    try:
        with pytest.raises(Problem) as caught:
            parse_entry(Path("x.md"), text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert key in str(caught.value) and peak < 10_000_000, peak


@pytest.mark.parametrize("args", [["build", "2021-02"], ["review", "2021"]])
@pytest.mark.parametrize("site", ["../no-such-site", "entries"])
def test_a_site_path_that_is_no_hugo_site_is_refused_before_anything_is_written(example_workspace, args, site):
    """A typo in [site] path (or a folder that is not the site) made the folders on the way and
    wrote the post, the feeds and the web editions there, then said "Built": Hugo never saw the
    post (as root, `path = "../../etc"` made /etc/content/posts/…)."""
    settings_with(example_workspace, "site", f'path = "{site}"')

    def outside_state():  # the cache and the build's own records in .newsletter/ may be written
        return sorted(p for p in example_workspace.parent.rglob("*") if not {"dist", ".newsletter"} & set(p.parts))

    before = outside_state()
    result = CliRunner().invoke(main, [*args, "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1, result.output
    assert f"{site} is not a Hugo site" in result.stderr and "`path` in [site]" in result.stderr
    assert outside_state() == before


def test_a_site_path_in_the_home_folder_is_found(example_workspace, tmp_path, monkeypatch):
    """`path = "~/blog"` named a folder '~' in the workspace: the post went there and the build
    said "Built" (Hugo never saw it); since [site] path must name a Hugo site, the build refused
    with "~/blog is not a Hugo site", of the user's own blog."""
    home = tmp_path / "home"
    home.mkdir()
    (example_workspace / "site").rename(home / "blog")
    monkeypatch.setenv("HOME", str(home))
    settings_with(example_workspace, "site", 'path = "~/blog"')
    result = CliRunner().invoke(main, ["build", "2020-W28", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert list((home / "blog/content/posts").glob("*/index.md")) and not (example_workspace / "~").exists()


def test_a_full_disk_under_the_template_cache_is_no_traceback(example_workspace, monkeypatch):
    """The compiled templates kept in .newsletter/ are only a shortcut, and writing one on a full
    disk raised OSError out of the build as a traceback, before a single output was written."""
    import errno

    import jinja2.bccache

    def full_disk(bucket, handle):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.Bucket, "write_bytecode", full_disk)
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert (example_workspace / "dist/2021-02/newsletter.eml").exists()
    assert not list((example_workspace / ".newsletter/templates").rglob("*.tmp"))


@pytest.mark.parametrize("section", ["../../outside", "ABSOLUTE", "posts/../..", "a\\\\b"])
def test_a_section_that_leaves_the_sites_content_is_refused(example_workspace, section):
    """[site] section is joined under site/content/: "../../outside" wrote the post beside the
    workspace and an absolute path anywhere on the disk, each said "Built" (and the post under
    the old section was removed as moved)."""
    section = section.replace("ABSOLUTE", str(example_workspace.parent / "elsewhere"))
    settings_with(example_workspace, "site", f'section = "{section}"')
    before = sorted(example_workspace.parent.rglob("*"))
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1, result.output
    assert "is not a folder under the site's content/" in result.stderr
    assert sorted(example_workspace.parent.rglob("*")) == before


def test_a_file_too_large_for_the_limit_is_said_so_not_a_folder_to_make_writable(example_workspace):
    """New user 47's cron job, run under a file size limit (`ulimit -f`, as a full disk does with
    ENOSPC), was told "Cannot write dist/…/newsletter.html (File too large); check that its folder is a
    folder you can write to": it was one, and nothing said what would help. A real build in a
    process whose limit stops the email's HTML."""
    import resource
    import subprocess
    import sys

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))

    ended = subprocess.run(
        [sys.executable, "-m", "newsletter", "build", "2021-02", "--offline", "-w", str(example_workspace)],
        capture_output=True,
        text=True,
        preexec_fn=limited,
        env={**os.environ, "NEWSLETTER_RESIDENT": "0", "PYTHONDONTWRITEBYTECODE": "1"},  # a cut .pyc breaks later runs
    )
    assert ended.returncode == 1, ended.stderr
    html = example_workspace / "dist" / "2021-02" / "newsletter.html"
    assert ended.stderr == (
        f"Error: Cannot write {html} (File too large); raise the file size limit (ulimit -f) or write to another "
        "disk, then run it again.\n"
    )
