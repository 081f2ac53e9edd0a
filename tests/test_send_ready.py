"""Issue 9, items 8 and 11: send refuses (and `send --test` warns about) what would embarrass the
author, check reports the same, and the small things around an edition already sent."""

import tomllib

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.check import check
from newsletter.commands.send import send
from newsletter.config import shown
from newsletter.errors import NewsletterError

from fake_services import PERIOD, SmtpServer, build, workspace, write_entry

REPO = __import__("pathlib").Path(__file__).resolve().parent.parent


def edit_settings(root, old: str, new: str) -> None:
    path = root / "newsletter.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def refusal(root, via: str = "smtp") -> str:
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, via=via, yes=True, env={"BUTTONDOWN_API_KEY": "k"})
    return error.value.message


def test_no_from_address_is_refused_for_the_list_and_warned_for_a_test(tmp_path):
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        edit_settings(root, 'from = "Ann <ann@example.com>"', 'from = ""')  # From: falls back to "Ann"
        build(root)
        assert refusal(root) == (
            f"dist/{PERIOD} is not ready for the list; nothing sent "
            "(`newsletter doctor` says more; --force sends anyway):\n  the email has no "
            'From address; set `from` in [email] of newsletter.toml, like "Ann '
            '<ann@example.com>", and build again'
        )
        assert "no From address" in refusal(root, "buttondown")
        result = CliRunner().invoke(main, ["send", PERIOD, "--test", "-w", str(root)])
        assert result.exit_code == 0
        assert "warning: the email has no From address" in result.stderr
        assert "(the real send will refuse it)" in result.stderr
    assert [r.recipients for r in server.received] == [["ann@example.com"]]  # the test, nothing else


def test_no_unsubscribe_link_and_no_list_unsubscribe_header(tmp_path):
    root = workspace(tmp_path)
    edit_settings(root, 'unsubscribe = "https://example.com/unsubscribe"\n', "")
    edit_settings(root, 'list_unsubscribe_mailto = "unsubscribe@example.com"\n', "")
    build(root)
    smtp = refusal(root, "smtp")
    assert "the email has no unsubscribe link; set `unsubscribe` in [links]" in smtp
    assert "the message has no List-Unsubscribe header" in smtp
    buttondown = refusal(root, "buttondown")
    assert "no unsubscribe link" in buttondown and "List-Unsubscribe" not in buttondown


def test_a_template_that_drops_the_unsubscribe_link_is_refused(tmp_path):
    root = workspace(tmp_path)
    template = (REPO / "templates" / "email.mjml.j2").read_text()
    (root / "templates").mkdir()
    (root / "templates" / "email.mjml.j2").write_text(
        template.replace('<a href="{{ links.unsubscribe }}"', '<a href="{{ links.website }}"')
    )
    build(root)
    assert "the email template must show [links] unsubscribe" in refusal(root, "buttondown")


def test_email_in_the_visible_unsubscribe_link_is_refused_for_smtp_which_fills_only_the_header(tmp_path):
    """New user 42 sends one message per reader and put {email} in [links] unsubscribe too, as the
    README says of list_unsubscribe: the header's was filled in, the email's link reached every
    reader as '...?u={email}', while check, the doctor and send all passed it. A service's own
    merge tag ({{ subscriber.email }}) is that service's to fill: sent by SMTP, as written too."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings(recipients="readers.txt"))
        (root / "readers.txt").write_text("a@example.org\n")
        link = "https://example.com/unsubscribe?u={email}"
        edit_settings(root, 'unsubscribe = "https://example.com/unsubscribe"', f'unsubscribe = "{link}"')
        build(root)
        said = (
            f"the email's unsubscribe link ({link}) holds {{email}}, which `send` fills in only in the "
            "List-Unsubscribe header (`list_unsubscribe` in [email]), never in the email itself: every reader "
            "would get the link as written; set `unsubscribe` in [links] of newsletter.toml to a page where "
            "readers unsubscribe themselves and build again"
        )
        assert refusal(root).endswith(":\n  " + said)
        assert said in [f.message for f in check(root, PERIOD, offline=True).findings if f.severity == "error"]
        doctor = CliRunner().invoke(main, ["doctor", PERIOD, "--offline", "-w", str(root)])
        assert f"FAIL  settings/unsubscribe-link: {said}" in doctor.stdout.splitlines()
        assert server.received == []
        # a service's merge tag, kept from the service the author sent with before: no SMTP send fills it
        merge_tag = "https://example.com/unsubscribe?u={{ subscriber.email }}"
        edit_settings(root, f'unsubscribe = "{link}"', f'unsubscribe = "{merge_tag}"')
        build(root)
        said = (
            f"the email's unsubscribe link ({merge_tag}) holds {{{{ subscriber.email }}}}, a list service's merge "
            "tag, which only that service fills in, and an SMTP send goes through none: every reader would get the "
            "link as written; set `unsubscribe` in [links] of newsletter.toml to a page where readers unsubscribe "
            "themselves and build again"
        )
        assert refusal(root).endswith(":\n  " + said)
        doctor = CliRunner().invoke(main, ["doctor", PERIOD, "--offline", "-w", str(root)])
        assert f"FAIL  settings/unsubscribe-link: {said}" in doctor.stdout.splitlines()
        assert server.received == []


def test_no_to_address_matters_only_for_an_smtp_list_send(tmp_path):
    root = workspace(tmp_path)
    edit_settings(root, 'to = "Test Letter <list@example.com>"\n', "")
    build(root)
    assert "the message has no To address, and an SMTP list send goes to the list's address" in refusal(root)
    assert send(root, PERIOD, via="buttondown", env={}).dry_run  # Buttondown addresses its subscribers
    (root / "readers.txt").write_text("a@example.org\n")
    edit_settings(root, "[send]\n", '[send]\nsmtp_recipients = "readers.txt"\n')
    build(root)
    assert send(root, PERIOD, via="smtp", env={}).dry_run  # one message to each: To is theirs


def test_placeholder_notes_are_refused_naming_the_entry(tmp_path):
    root = workspace(tmp_path)
    entry = write_entry(root, "third", 20, "A third")
    entry.write_text(entry.read_text().replace("Notes about A third.", "Your notes, in Markdown."))
    build(root)
    assert refusal(root, "buttondown") == (
        f"dist/{PERIOD} is not ready for the list; nothing sent (`newsletter doctor` says more; --force sends "
        "anyway):\n  entries/2021/02/third.md: the notes still say 'Your notes, in Markdown.'; write yours, "
        "or delete the entry"
    )


def test_a_new_workspace_is_not_sendable_until_filled_in_and_check_says_why(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(tmp_path / "ws"), "--name", "Letters"])
    root = tmp_path / "ws"
    assert f"Next: fill in [email] (from, to) and [links] (unsubscribe) in {root / 'newsletter.toml'}" in result.stderr
    settings = (root / "newsletter.toml").read_text()
    assert 'smtp_security = "starttls"' in settings
    assert tomllib.loads(settings)["send"]["smtp_security"] == "starttls"
    sample = next((root / "entries").rglob("*.md"))
    period = f"{sample.parent.parent.name}-{sample.parent.name}"
    monkeypatch.chdir(root)
    assert runner.invoke(main, ["build", period, "--offline"]).exit_code == 0
    with pytest.raises(NewsletterError) as error:
        send(root, period, yes=True, env={})
    message = error.value.message
    for reason in (
        "no From address",
        "no unsubscribe link",
        "no List-Unsubscribe header",
        "no To address",
        "the email links to https://example.com/newsletter/…, a placeholder address; set baseURL",
        f"{sample.relative_to(root).as_posix()}: the sample entry from `newsletter init` is still in "
        "this edition; delete it",
    ):
        assert reason in message
    report = check(root, period, offline=True)
    sendable = [(f.file, f.severity) for f in report.findings if f.code == "not-sendable"]
    assert sendable == [(sample.relative_to(root).as_posix(), "error")] + [(None, "error")] * 5
    assert report.failed()


def test_inits_sign_off_left_after_the_author_changed_is_refused(tmp_path):
    """`init` without --author signs "Cheers,\\nMe"; setting `author` later left every email
    signed "Me", and nothing said so."""
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--name", "Letters"]).exit_code == 0
    edit_settings(root, 'author = "Me"', 'author = "Ann Lee"')
    sample = next((root / "entries").rglob("*.md"))
    period = f"{sample.parent.parent.name}-{sample.parent.name}"
    build(root, period)
    said = (
        'the email is signed "Me", as `newsletter init` wrote it, not Ann Lee; set `signoff` in [newsletter] '
        'of newsletter.toml (like "Cheers,\\nAnn Lee") and build again'
    )
    with pytest.raises(NewsletterError) as error:
        send(root, period, yes=True, env={})
    assert said in error.value.message
    assert said in [f.message for f in check(root, period, offline=True).findings]
    edit_settings(root, 'signoff = "Cheers,\\nMe"', 'signoff = "Cheers,\\nAnn"')
    build(root, period)
    assert not [f for f in check(root, period, offline=True).findings if "signed" in f.message]


def test_inits_sign_off_left_when_only_from_names_the_author_is_refused(tmp_path):
    """init's next steps ask for [email] `from`, not `author`: a newcomer who wrote "Ann Lee
    <ann@…>" there and left `author = "Me"` sent every email signed "Me", and nothing said so."""
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--name", "Letters"]).exit_code == 0
    edit_settings(root, 'from = ""', 'from = "Ann Lee <ann@example.com>"')
    sample = next((root / "entries").rglob("*.md"))
    period = f"{sample.parent.parent.name}-{sample.parent.name}"
    build(root, period)
    said = (
        'the email is signed "Me", as `newsletter init` wrote it, not Ann Lee; set `author` and `signoff` in '
        '[newsletter] of newsletter.toml (like "Cheers,\\nAnn Lee") and build again'
    )
    with pytest.raises(NewsletterError) as error:
        send(root, period, yes=True, env={})
    assert said in error.value.message
    assert said in [f.message for f in check(root, period, offline=True).findings]
    edit_settings(root, 'from = "Ann Lee <ann@example.com>"', 'from = "ann@example.com"')  # names no one
    build(root, period)
    assert not [f for f in check(root, period, offline=True).findings if "signed" in f.message]


def test_init_without_author_asks_for_the_name_it_signs_with(tmp_path):
    """Without --author, init signs "Cheers,\\nMe", and its next steps asked only for `from`:
    they now ask for the name where init wrote "Me"; with --author there is nothing to ask."""
    runner = CliRunner()
    asked = ', your name as `author` and in `signoff` there (init wrote "Me"), your site\'s address'
    unnamed = runner.invoke(main, ["init", str(tmp_path / "a")])
    assert unnamed.exit_code == 0
    assert f"(unsubscribe) in {tmp_path / 'a' / 'newsletter.toml'}{asked}" in unnamed.stderr
    named = runner.invoke(main, ["init", str(tmp_path / "b"), "--author", "Ann Lee"])
    assert named.exit_code == 0
    assert f"(unsubscribe) in {tmp_path / 'b' / 'newsletter.toml'}, your site's address" in named.stderr
    assert 'signoff = "Cheers,\\nAnn Lee"' in (tmp_path / "b" / "newsletter.toml").read_text()


def test_the_example_settings_and_readme_name_smtp_security():
    assert 'smtp_security = "starttls"' in (REPO / "newsletter.toml").read_text()
    assert "`smtp_security`" in (REPO / "README.md").read_text()


def test_an_entry_without_a_title_from_anywhere_is_a_warning(tmp_path, httpserver, monkeypatch):
    httpserver.expect_request("/untitled").respond_with_data(
        "<html><head></head><body>x</body></html>", content_type="text/html"
    )
    root = workspace(tmp_path)
    edit_settings(root, "[send]\n", "[fetch]\nallow_private_addresses = true\n\n[send]\n")
    url = f"http://127.0.0.1:{httpserver.port}/untitled"
    (root / "entries" / "2021" / "02" / "untitled.md").write_text(
        f"---\ntype: article\nurl: {url}\ndate: 2021-02-09\n---\nGood read.\n"
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", PERIOD])
    assert result.exit_code == 0
    warning = (
        "entries/2021/02/untitled.md: no title: its heading will be the bare link; add `title:` to the "
        "front matter (the page gave none, or could not be fetched)"
    )
    assert f"warning: {warning}\n" in result.stderr
    report = check(root, PERIOD, offline=True)
    assert [(f.file, f.severity, f.code) for f in report.findings] == [
        ("entries/2021/02/untitled.md", "warning", "no-title")
    ]


def test_many_entries_without_a_title_are_one_warning(tmp_path, httpserver, monkeypatch):
    """New user 55's (Hiro's) build of 150 entries, his network down, said "no title: …" on 147
    lines before the line that said there was no network. More than five entries saying it are
    one line, its five first named and how many more (check names each); five are five lines."""
    httpserver.expect_request("/untitled").respond_with_data("<html><head></head><body>x</body></html>")
    root = workspace(tmp_path)
    edit_settings(root, "[send]\n", "[fetch]\nallow_private_addresses = true\n\n[send]\n")
    for number in range(8):
        (root / "entries" / "2021" / "02" / f"untitled-{number}.md").write_text(
            f"---\ntype: article\nurl: http://127.0.0.1:{httpserver.port}/untitled?n={number}\n"
            "date: 2021-02-09\n---\nGood.\n"
        )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", PERIOD])
    assert result.exit_code == 0
    said = (
        "no title: its heading will be the bare link; add `title:` to the front matter "
        "(the page gave none, or could not be fetched)"
    )
    assert result.stderr.count(said) == 1
    names = ", ".join(f"entries/2021/02/untitled-{number}.md" for number in range(5))
    assert f"warning: 8 entries: {said}: {names} and 3 more (`newsletter check` names each)\n" in result.stderr
    assert len(check(root, PERIOD, offline=True).findings) == 8
    for number in range(5, 8):
        (root / "entries" / "2021" / "02" / f"untitled-{number}.md").unlink()
    result = CliRunner().invoke(main, ["build", PERIOD])
    assert result.stderr.count(said) == 5 and "entries: no title" not in result.stderr


def test_rebuilding_a_sent_edition_says_so_and_keeps_what_went_out(tmp_path):
    """A rebuild after links died rewrote dist/'s email with the archived copies, and the
    warning called the rewritten files "a record of" what readers got."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        send(root, PERIOD, yes=True, env={})
    sent = root / "dist" / PERIOD / "sent.eml"
    assert sent.read_bytes() == (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    entry = next(p for p in (root / "entries").rglob("*.md") if not p.name.startswith("_"))
    entry.write_text(entry.read_text() + "\nA line added after the send.\n")
    result = CliRunner().invoke(main, ["build", PERIOD, "--offline", "-w", str(root)])
    assert result.exit_code == 0
    assert f"warning: {PERIOD} was already sent via smtp on " in result.stderr
    assert f"the message as sent is kept in dist/{PERIOD}/sent.eml, and `send` will not send it again." in (
        " ".join(result.stderr.split())
    )
    assert b"A line added after the send." in (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert b"A line added after the send." not in sent.read_bytes()


def test_the_dry_run_of_force_names_the_failed_checks_it_would_go_past(tmp_path):
    """`send --force` without --yes showed the plan alone: the warning that --force sends past
    failed doctor checks was replaced by the plan's own warnings."""
    root = workspace(tmp_path)
    entry = write_entry(root, "third", 20, "A third")
    entry.write_text(entry.read_text().replace("Notes about A third.", "Your notes, in Markdown."))
    build(root)
    result = send(root, PERIOD, via="buttondown", force=True, env={"BUTTONDOWN_API_KEY": "k"})
    assert result.dry_run
    assert any(w.startswith("--force: `--yes` will send although 1 doctor check failed") for w in result.warnings)


def test_the_dry_run_shows_what_would_go_and_why_it_will_not_yet(tmp_path):
    """`send` without --yes "only shows what would be sent": with a doctor check failing it
    showed nothing but the refusal, so the author could not see the plan until it was fixed."""
    root = workspace(tmp_path)
    entry = write_entry(root, "third", 20, "A third")
    entry.write_text(entry.read_text().replace("Notes about A third.", "Your notes, in Markdown."))
    build(root)
    result = send(root, PERIOD, via="buttondown", env={"BUTTONDOWN_API_KEY": "k"})
    assert result.dry_run and result.lines  # the plan
    [refusal] = [w for w in result.warnings if "is not ready for the list" in w]
    assert "`--yes` will refuse to send it" in refusal and "Your notes, in Markdown." in refusal
    edit_settings(root, 'from = "Ann <ann@example.com>"', 'from = ""')
    build(root)
    [refusal] = [w for w in send(root, PERIOD, via="buttondown", env={"BUTTONDOWN_API_KEY": "k"}).warnings]
    # one failed check a line, as the real send says them: joined by "; ", messages that hold
    # semicolons of their own ran together into one sentence
    assert refusal.count("\n  ") == 2 and "\n  the email has no From address; set `from`" in refusal
    with pytest.raises(NewsletterError, match="is not ready for the list; nothing sent"):
        send(root, PERIOD, via="buttondown", yes=True, env={"BUTTONDOWN_API_KEY": "k"})


def test_the_dry_run_of_an_edition_not_ready_ends_with_what_to_do_not_with_yes(tmp_path):
    """Kai (new user 48) read "`--yes` will refuse to send it" and, as the last line, "Nothing
    sent. Run again with --yes to send.": he did, and was refused."""
    root = workspace(tmp_path)
    entry = write_entry(root, "third", 20, "A third")
    entry.write_text(entry.read_text().replace("Notes about A third.", "Your notes, in Markdown."))
    build(root)
    args = ["send", PERIOD, "--via", "buttondown", "-w", str(root)]
    result = CliRunner().invoke(main, args, env={"BUTTONDOWN_API_KEY": "k"})
    assert result.exit_code == 0 and "`--yes` will refuse to send it" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Nothing sent. Fix what the warning above names, then run again with --yes (--force sends it as it is)."
    )


@pytest.mark.parametrize(
    ("notes", "warned"),
    [
        ("Great talk on **JAX** & <friends>.", "<friends>"),
        ("Their <Name Surname> API.", "<Name Surname>"),
        ("Kept: a <br> and <details><summary>more</summary>words</details>.", None),
        ("Links: <https://example.org/> and <me@example.org>.", None),
        ("In code: `List<String>`, and \\<friends> escaped.", None),
        ("```\n<friends>\n```\n\nAfter the block.", None),
    ],
)
def test_words_in_angle_brackets_that_no_output_shows_are_warned_of(tmp_path, notes, warned):
    """`<friends>` in a note reads as an HTML tag: the email's sanitiser and Hugo (which omits
    raw HTML) both dropped it, and nothing said so."""
    from newsletter.build import build as build_edition

    root = workspace(tmp_path)
    entry = write_entry(root, "third", 20, "A third")
    entry.write_text(entry.read_text().replace("Notes about A third.", notes))
    result = build_edition(root, PERIOD, offline=True)
    said = [w for w in result.warnings if "reads as an HTML tag" in w]
    if warned is None:
        assert said == []
    else:
        assert said == [
            f"{shown(entry)}: the notes hold {warned}, which reads as an HTML tag: the post and the "
            "email leave it out; write it in `backticks`, or as \\<word\\>, to show it"
        ]
        assert warned.strip("<>") not in result.outputs.text  # what the warning says is so


def test_check_warns_of_words_no_output_shows_too(tmp_path):
    root = workspace(tmp_path)
    entry = write_entry(root, "third", 20, "A third")
    entry.write_text(entry.read_text().replace("Notes about A third.", "Great talk on JAX & <friends>."))
    findings = [f for f in check(root, PERIOD).findings if f.code == "vanishing-words"]
    assert [(f.file, f.severity) for f in findings] == [(f"entries/2021/02/{entry.name}", "warning")]
