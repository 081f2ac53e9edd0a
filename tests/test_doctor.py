"""Issue 13: `newsletter doctor`, the settings, message and accessibility checks; each one made
to fail. The DNS and DKIM checks are in test_doctor_dns.py, `--received` in test_doctor_received.py."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter import config
from newsletter.cli import main
from newsletter.commands.doctor import diagnose
from newsletter.config import load
from newsletter.delivery import doctor
from newsletter.delivery.doctor import accessibility

from fake_services import PERIOD, build, workspace, write_entry
from helpers import EDITIONS

GOLDEN = Path(__file__).parent / "golden"


def edit(root, old: str, new: str) -> None:
    path = root / "newsletter.toml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def statuses(report_or_checks) -> dict[str, tuple[str, str]]:
    checks = getattr(report_or_checks, "checks", report_or_checks)
    return {c.name: (c.status, c.message) for c in checks}


def status(checks, name: str) -> str:
    return statuses(checks)[name][0]


def run_on(root, eml: bytes | None = None, html: str | None = None, via: str = "smtp"):
    """The doctor's checks of the built edition, or of a changed copy of its message or HTML."""
    settings = load(root)
    folder = root / "dist" / PERIOD
    eml = eml if eml is not None else (folder / "newsletter.eml").read_bytes()
    html = html if html is not None else (folder / "newsletter.html").read_text()
    return doctor.run(settings, via, eml, html, [], offline=True)


# --- the whole report -------------------------------------------------------------------------


def test_a_well_set_up_smtp_edition_has_no_fail_and_prints_one_line_per_check(tmp_path):
    root = workspace(tmp_path)
    edit(root, "list_unsubscribe_mailto", 'reply_to = "Ann <ann@example.com>"\nlist_unsubscribe_mailto')
    build(root)
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--via", "smtp", "-w", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(re.match(r"(PASS|WARN|FAIL|SKIP)  [a-z]+/[a-z-]+: ", line) for line in lines), lines
    assert "PASS  settings/reply-to: Reply-To: Ann <ann@example.com>" in lines
    assert "PASS  dns/spf: example.com: v=spf1 ip4:127.0.0.1 -all" in lines  # the test DNS server
    assert result.stderr.startswith(f"{PERIOD} via smtp: no check failed, ")


def test_json_and_the_exit_code_on_a_fail(tmp_path):
    root = workspace(tmp_path)
    edit(root, 'from = "Ann <ann@example.com>"', 'from = "Ann <ann.smith@gmail.com>"')
    build(root)
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--via", "smtp", "--json", "--offline", "-w", str(root)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [failed] = [c for c in data["checks"] if c["status"] == "fail"]
    assert failed["group"] == "settings" and failed["name"] == "from-domain"
    assert failed["message"].startswith("gmail.com is a free-mail domain")
    assert data["failed"] == 1
    assert f"{PERIOD} via smtp: 1 failed" in result.stderr


def test_an_edition_built_before_its_settings_changed_is_said_to_be_built_again_first(tmp_path):
    """A new user (docs 26) built, filled in [email] as the README says, and ran its next command,
    `newsletter doctor`: four FAIL lines of the old build (no From address, set `from`...) for
    settings already set, and no word that the build was older, which `send` said at once."""
    root = workspace(tmp_path)
    edit(root, 'from = "Ann <ann@example.com>"', 'from = ""')
    build(root)
    edit(root, 'from = ""', 'from = "Ann <ann@example.com>"')
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--via", "smtp", "--offline", "-w", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"FAIL  message/build: dist/{PERIOD} was built before its sources changed (newsletter.toml); "
        f"run `newsletter build {PERIOD}` first."
    )
    build(root)  # and once built again, the line is gone with the old build's fails
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--via", "smtp", "--offline", "-w", str(root)])
    assert "message/build" not in result.stdout and "FAIL" not in result.stdout, result.stdout


def test_buttondown_and_listmonk_do_the_headers_themselves_so_those_checks_are_n_a(tmp_path):
    root = workspace(tmp_path)
    build(root)
    for via, service in (("buttondown", "Buttondown"), ("listmonk", "listmonk")):
        report = diagnose(root, PERIOD, via=via, offline=True)
        found = statuses(report)
        for name in ("to", "reply-to", "list-unsubscribe", "list-id", "message-id", "date", "headers"):
            assert found[name] == ("n/a", f"done by {service}"), name
        assert report.failed() == []
    found = statuses(diagnose(root, PERIOD, via="buttondown"))
    for name in ("from-domain", "spf", "dkim", "dmarc", "alignment"):  # Buttondown sends as its own domain
        assert found[name] == ("n/a", "done by Buttondown"), name


def test_a_check_not_made_is_said_in_words_not_n_a(tmp_path):
    """The table's "N/A" told an author nothing (a screen reader spelled it out): a check not made
    says so and why. `--json` keeps its status, "n/a", for scripts."""
    root = workspace(tmp_path)
    build(root)
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--via", "buttondown", "--offline", "-w", str(root)])
    lines = result.stdout.splitlines()
    assert "SKIP  settings/list-unsubscribe: not checked: done by Buttondown" in lines
    assert "SKIP  dns/dkim: not checked: done by Buttondown" in lines
    assert "N/A" not in result.stdout
    listmonk = CliRunner().invoke(main, ["doctor", PERIOD, "--via", "listmonk", "--offline", "-w", str(root)])
    assert "SKIP  dns/records: not checked: the DNS of example.com is not looked up with --offline" in listmonk.stdout
    data = json.loads(
        CliRunner().invoke(main, ["doctor", PERIOD, "--via", "buttondown", "--json", "-w", str(root)]).stdout
    )
    assert {c["status"] for c in data["checks"] if c["name"] == "list-unsubscribe"} == {"n/a"}


def test_listmonk_sends_from_the_authors_domain_through_their_smtp_server_so_a_free_mail_from_fails(tmp_path):
    # listmonk is self-hosted: the campaign goes From the author's address through the SMTP
    # server set in listmonk, so a gmail.com From is junked as it is for SMTP.
    root = workspace(tmp_path)
    edit(root, 'from = "Ann <ann@example.com>"', 'from = "Ann <ann@gmail.com>"')
    build(root)
    report = diagnose(root, PERIOD, via="listmonk", offline=True)
    assert statuses(report)["from-domain"][0] == "fail"
    assert [c.name for c in report.failed()] == ["from-domain"]
    [who] = [c for c in report.checks if c.group == "who"]
    assert "your domain's SPF and DMARC are checked below" in who.message


def test_a_plugin_service_is_said_to_be_checked_as_if_it_sent_the_message_as_built(tmp_path):
    root = workspace(tmp_path)
    [who] = [c for c in run_on(root, via="pigeon") if c.group == "who"]
    assert who.line() == (
        "WARN  who/service: pigeon is a plugin: the checks below assume it sends this message as "
        "built; its documentation says what it signs and adds itself"
    )


def test_smtp_without_dkim_says_who_must_sign(tmp_path):
    root = workspace(tmp_path)
    [who] = [c for c in run_on(root) if c.group == "who"]
    assert who.line() == (
        "PASS  who/service: SMTP via localhost:587, one message to the list address, which the list "
        "server fans out; this tool does not sign (no dkim_domain in [send]): your SMTP server must "
        "sign it (`doctor --received` shows whether it does)"
    )


# --- settings ---------------------------------------------------------------------------------


def test_no_from_address(tmp_path):
    root = workspace(tmp_path)
    edit(root, 'from = "Ann <ann@example.com>"', 'from = ""')
    build(root)
    checks = run_on(root)
    assert statuses(checks)["from"][0] == "fail" and "no From address" in statuses(checks)["from"][1]
    assert status(checks, "message-id") == "n/a"  # no domain to compare with: said once, by `from`


def test_no_to_address_for_a_list_send(tmp_path):
    root = workspace(tmp_path)
    edit(root, 'to = "Test Letter <list@example.com>"\n', "")
    build(root)
    assert status(run_on(root), "to") == "fail"
    (root / "readers.txt").write_text("a@example.org\n")
    edit(root, "[send]\n", '[send]\nsmtp_recipients = "readers.txt"\n')
    assert status(run_on(root), "to") == "pass"


def test_no_reply_to_is_a_warning(tmp_path):
    root = workspace(tmp_path)
    assert statuses(run_on(root))["reply-to"] == (
        "warn",
        "no Reply-To: replies go to the From address; set `reply_to` in [email] if you read another mailbox",
    )


def test_no_visible_unsubscribe_link_and_no_header(tmp_path):
    root = workspace(tmp_path)
    edit(root, 'unsubscribe = "https://example.com/unsubscribe"\n', "")
    edit(root, 'list_unsubscribe_mailto = "unsubscribe@example.com"\n', "")
    build(root)
    checks = run_on(root)
    assert status(checks, "unsubscribe-link") == "fail" and status(checks, "list-unsubscribe") == "fail"


def test_a_mailto_alone_and_a_landing_page_are_warnings(tmp_path):
    root = workspace(tmp_path)
    found = statuses(run_on(root))["list-unsubscribe"]  # https://example.com/unsubscribe: a page
    assert found[0] == "warn" and "is a page, not a one-click endpoint" in found[1]
    edit(root, 'unsubscribe = "https://example.com/unsubscribe"\n', "")
    build(root)
    found = statuses(run_on(root))["list-unsubscribe"]
    assert found[0] == "warn" and found[1].startswith("a mailto alone")


def test_one_click_to_the_list_address_is_the_list_servers_business(tmp_path):
    root = workspace(tmp_path)
    edit(root, "list_unsubscribe_mailto", 'list_unsubscribe = "https://example.com/one-click"\nlist_unsubscribe_mailto')
    build(root)
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in eml
    found = statuses(run_on(root))
    assert found["list-unsubscribe"] == ("pass", "one-click (RFC 8058) to https://example.com/one-click")
    assert found["one-click-recipient"][0] == "warn" and "the list server's own" in found["one-click-recipient"][1]


def test_one_click_must_name_the_recipient(tmp_path):
    root = workspace(tmp_path, 'smtp_recipients = "readers.txt"\n')
    (root / "readers.txt").write_text("a@example.org\n")
    edit(root, "list_unsubscribe_mailto", 'list_unsubscribe = "https://example.com/one-click"\nlist_unsubscribe_mailto')
    build(root)
    assert status(run_on(root), "one-click-recipient") == "fail"  # the same URL for everyone
    edit(root, "https://example.com/one-click", "https://example.com/one-click?u={email}")
    build(root)
    assert status(run_on(root), "one-click-recipient") == "pass"
    edit(root, 'smtp_recipients = "readers.txt"', 'smtp_recipients = "list"')
    assert status(run_on(root), "one-click-recipient") == "fail"  # one message to the list cannot fill it


def test_a_post_header_without_an_https_url_and_a_missing_list_id(tmp_path):
    root = workspace(tmp_path)
    edit(root, 'unsubscribe = "https://example.com/unsubscribe"\n', "")  # a mailto alone
    build(root)
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    changed = eml.replace(b"List-Id:", b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nX-Old-List-Id:", 1)
    found = statuses(run_on(root, changed))
    assert found["list-unsubscribe"][0] == "fail" and "needs an https URL" in found["list-unsubscribe"][1]
    assert found["list-id"][0] == "warn"


# --- the message ------------------------------------------------------------------------------


def test_size_against_gmails_clipping(tmp_path):
    root = workspace(tmp_path)
    html = (root / "dist" / PERIOD / "newsletter.html").read_text()
    assert status(run_on(root, html=html), "size") == "pass"
    assert status(run_on(root, html=html + "<!-- -->" * 12_000), "size") == "fail"  # ~100 KB more
    # not only notes to trim: 150 entries over Gmail's limit with none (new user 55's)
    assert statuses(run_on(root, html=html + "<!-- -->" * 12_000))["size"][1].endswith(
        "hiding the end and the unsubscribe link; trim the notes, or leave some entries for the next edition "
        "(`newsletter build` says how much)"
    )
    edit(root, "[email]\n", "[email]\nmax_html_kb = 1\n")
    assert status(run_on(root, html=html), "size") == "warn"


def test_a_long_edition_whose_text_part_lists_its_links_far_down_is_told_of_inline_links(tmp_path):
    """The doctor's size check speaks of a long edition as the build's warning does: where its
    text part numbers the links to a list far down (new user 55's, from line 4,277 of 4,496), it
    names `text_links = "inline"`; not once they are inline."""
    root = workspace(tmp_path)
    for number in range(160):
        write_entry(root, f"more-{number}", 20, f"Article {number}")
    build(root)
    [(state, said)] = [statuses(run_on(root))["size"]]
    assert state in ("warn", "fail") and re.search(
        r"says how much\)\. Its text part lists its \d+ links at the end, from line [\d,]+ of [\d,]+: "
        r'`text_links = "inline"` in \[email\] writes each beside its words\.$',
        said,
    ), said
    edit(root, "[email]\n", '[email]\ntext_links = "inline"\n')
    build(root)
    [(state, said)] = [statuses(run_on(root))["size"]]
    assert state in ("warn", "fail") and said.endswith("says how much)"), said


def test_an_html_just_over_budget_is_not_said_to_be_the_budget(tmp_path):
    """Rounded to whole KB, an HTML 150 bytes over its budget was "1 KB, over the 1 KB budget"."""
    root = workspace(tmp_path)
    edit(root, "[email]\n", "[email]\nmax_html_kb = 1\n")
    [(state, said)] = [statuses(run_on(root, html="x" * (1024 + 150)))["size"]]
    assert state == "warn" and said.startswith("the HTML is 1.2 KB, over the 1 KB budget"), said


def test_an_html_just_over_gmails_limit_is_not_said_to_be_the_limit(tmp_path):
    """Cut to whole KB, an HTML of 102.3 KB was "102 KB: Gmail clips it at about 102 KB"."""
    root = workspace(tmp_path)
    [(state, said)] = [statuses(run_on(root, html="x" * (102 * 1024 + 300)))["size"]]
    assert state == "fail" and said.startswith("the HTML is 102.3 KB: Gmail clips it"), said


def test_the_size_is_said_as_send_says_it(tmp_path):
    """Sam's doctor said "the HTML is 48 KB" and `send`, a minute later, "HTML 47 KB", of the same
    47.6 KB: the doctor rounded, `send` cut. Then the doctor said an HTML over Gmail's limit as
    "102.3 KB" and `send`'s dry run as "102 KB". Both say it one way, config.kb's, now
    (tests/test_send_core.py's): to a tenth, rounded up."""
    root = workspace(tmp_path)
    for size, said, expected in ((48_750, "47.7 KB", "pass"), (9_700, "9.5 KB", "pass"), (104_748, "102.3 KB", "fail")):
        [(state, message)] = [statuses(run_on(root, html="x" * size))["size"]]
        assert (state, re.split("[,:]", message)[0]) == (expected, f"the HTML is {said}")
        assert config.kb(size) == said


def test_no_text_part(tmp_path):
    root = workspace(tmp_path)
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    head, _, _ = eml.partition(b"\r\n\r\n")
    head = re.sub(rb"Content-Type: multipart/alternative;\r\n [^\r]*", b"Content-Type: text/html", head)
    assert status(run_on(root, head + b"\r\n\r\n<p>Hello</p>\r\n"), "text-part") == "fail"


def test_message_id_date_and_header_lines(tmp_path):
    root = workspace(tmp_path)
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert {status(run_on(root, eml), n) for n in ("message-id", "date", "headers")} == {"pass"}
    built_date = re.search(rb"Date: ([^\r]*)", eml)[1].decode()
    assert statuses(run_on(root, eml))["date"][1] == (
        f"the built message is dated {built_date}; `send` dates each message as it goes out, in {load(root).timezone}"
    )
    other = re.sub(rb"@example\.com>\r\nList-Id", b"@mailer.invalid>\r\nList-Id", eml)
    assert statuses(run_on(root, other))["message-id"] == (
        "fail",
        "the Message-ID is on mailer.invalid, not on your domain example.com; build again after "
        "setting `from` in [email]",
    )
    undated = re.sub(rb"Date: [^\r]*\r\n", b"", eml)
    assert status(run_on(root, undated), "date") == "fail"
    injected = eml.replace(b"Subject: ", b"Subject: Hi\r\nBcc: everyone@example.org\r\nX: ", 1)
    assert statuses(run_on(root, injected))["headers"][1].startswith("the message has a bcc header, which this tool")
    assert (
        "subject more than once"
        in statuses(run_on(root, eml.replace(b"Subject:", b"Subject: x\r\nSubject:", 1)))["headers"][1]
    )
    broken = eml.replace(b"Subject: ", b"Subject: Hi\r\nnot a header\r\nX: ", 1)
    assert "is not a header" in statuses(run_on(root, broken))["headers"][1]


# --- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("period", EDITIONS)
def test_the_default_templates_pass_every_accessibility_check(period):
    html = (GOLDEN / period / "newsletter.html").read_text()
    assert [c.line() for c in accessibility.checks(html) if c.status != "pass"] == []


def golden_html() -> str:
    return (GOLDEN / "2020-W28" / "newsletter.html").read_text()  # it has images


def failing(html: str) -> dict[str, str]:
    return {c.name: c.message for c in accessibility.checks(html) if c.status == "fail"}


def test_lang_and_dir_on_html_and_on_the_wrapper():
    html = golden_html()
    assert failing(html.replace('<html lang="en" dir="ltr"', '<html lang="en"', 1)) == {
        "lang-dir": "<html> has no dir; screen readers guess the language from it: set `language` in "
        "[newsletter], and <mjml lang dir>"
    }
    assert list(failing(html.replace('role="article" lang="en" dir="ltr"', 'role="article"'))) == ["wrapper"]


def test_layout_tables_images_and_headings():
    html = golden_html()
    real = '<table border="0" cellpadding="0" cellspacing="0" role="presentation" align="center"'
    assert list(failing(html.replace(real, real.replace(' role="presentation"', ""), 1))) == ["layout-tables"]
    # the first picture is a thumbnail, its link hidden from screen readers beside its title's
    assert list(failing(re.sub(r'(<img[^>]*?) alt="[^"]*"', r"\1", html, count=1))) == ["alt"]
    assert list(failing(html.replace(' aria-hidden="true" tabindex="-1"', "", 1))) == ["link-text"]
    assert list(failing(html.replace("<h2", "<h1", 1).replace("</h2>", "</h1>", 1))) == ["headings"]
    assert "a level is skipped" in failing(html.replace("<h3", "<h4", 1).replace("</h3>", "</h4>", 1))["headings"]


def test_the_accessibility_lines_count_in_english():
    """'0 image(s), each with alt', '1 layout table(s) without role': a word for none, and each
    count with its own number."""
    from newsletter.delivery.doctor import accessibility

    said = {c.name: c.message for c in accessibility.checks("<html><body><p>No picture.</p></body></html>")}
    assert said["alt"] == "no images"
    said = {
        c.name: c.message for c in accessibility.checks('<html><body><img src="https://x.org/a.png"></body></html>')
    }
    assert said["alt"].startswith("1 image without alt, e.g. ")
    said = {
        c.name: c.message
        for c in accessibility.checks('<html><body><img src="x" alt=""><img src="y" alt=""></body></html>')
    }
    assert said["alt"] == "2 images, each with alt"
    said = {
        c.name: c.message for c in accessibility.checks("<html><body><table><tr><td>x</td></tr></table></body></html>")
    }
    assert said["layout-tables"].startswith('1 layout table without role="presentation"')


def test_vague_link_text_from_the_notes_fails(tmp_path):
    root = workspace(tmp_path)
    write_entry(root, "third", 20, "A third").write_text(
        "---\ntype: article\nurl: https://example.com/third\ndate: 2021-02-20\ntitle: A third\n---\n"
        "The slides are [here](https://example.com/slides).\n"
    )
    build(root)
    found = statuses(run_on(root))["link-text"]
    assert found == (
        "fail",
        'the link text "here" says nothing of where it goes (https://example.com/slides); link the words that name it',
    )


@pytest.mark.parametrize("vague", ["ici", "Cliquez ici", "en savoir plus", "Lire la suite…", "here"])
def test_vague_link_text_in_a_french_edition_fails(tmp_path, vague):
    """A French note's "Les diapos sont [ici](…)" passed the check that fails "here"."""
    root = workspace(tmp_path)
    path = root / "newsletter.toml"
    path.write_text(path.read_text().replace("[newsletter]\n", '[newsletter]\nlanguage = "fr"\n', 1))
    write_entry(root, "third", 20, "A third").write_text(
        "---\ntype: article\nurl: https://example.com/third\ndate: 2021-02-20\ntitle: Un troisième\n---\n"
        f"Les diapos\u00a0: [{vague}](https://example.com/slides).\n"
    )
    build(root)
    assert statuses(run_on(root))["link-text"] == (
        "fail",
        f'the link text "{vague}" says nothing of where it goes (https://example.com/slides); link the words '
        "that name it",
    )


@pytest.mark.parametrize("vague", ["اضغط هنا", "هنا", "من هنا", "اقرأ المزيد", "للمزيد", "انقر على الرابط"])
def test_vague_link_text_in_an_arabic_edition_fails(tmp_path, vague):
    """An Arabic note's "دليل عملي، [اضغط هنا](…) لقراءته" (click here to read it) passed the
    check that fails "here": screen reader users who list the links heard "click here"."""
    root = workspace(tmp_path)
    path = root / "newsletter.toml"
    path.write_text(path.read_text().replace("[newsletter]\n", '[newsletter]\nlanguage = "ar"\n', 1))
    write_entry(root, "third", 20, "A third").write_text(
        "---\ntype: article\nurl: https://example.com/third\ndate: 2021-02-20\ntitle: دليل\n---\n"
        f"دليل عملي، [{vague}](https://example.com/guide) لقراءته.\n"
    )
    build(root)
    assert statuses(run_on(root))["link-text"] == (
        "fail",
        f'the link text "{vague}" says nothing of where it goes (https://example.com/guide); link the words '
        "that name it",
    )


def test_a_heading_quoted_in_a_note_is_readable_in_dark_mode(tmp_path):
    """New user 55's (Hiro's) month had notes quoting a page's heading ("> # file name: …"): the
    default template's dark rules lightened a quote's paragraphs and list items only, so the <h4>
    kept the quote's light-mode grey on the dark card (2.3:1), and `send --yes` refused the
    edition for the default template's own colours."""
    root = workspace(tmp_path)
    write_entry(root, "third", 20, "A third").write_text(
        "---\ntype: article\nurl: https://example.com/third\ndate: 2021-02-20\ntitle: A third\n---\n"
        "Notes.\n\n> # The heading of the page I quote\n>\n> Its first paragraph.\n\n> ##### And a smaller one\n"
    )
    build(root)
    html = (root / "dist" / PERIOD / "newsletter.html").read_text()
    assert "<h4>The heading of the page I quote</h4>" in html and "And a smaller one</h" in html
    assert statuses(run_on(root))["contrast-dark"] == (
        "pass",
        "all text at least 4.5:1 under its prefers-color-scheme: dark rules",
    )


def test_an_arabic_link_naming_its_page_passes():
    html = '<html lang="ar"><body><p>شاهدت <a href="https://example.org/t">المحاضرة كاملة</a> مرتين.</p></body></html>'
    assert statuses(accessibility.checks(html))["link-text"][0] == "pass"


def test_a_french_word_is_no_vague_link_text_in_an_english_edition():
    html = '<html lang="en"><body><p>Read <a href="https://example.org/s">Suite</a> by Kiki.</p></body></html>'
    assert statuses(accessibility.checks(html))["link-text"][0] == "pass"
    assert statuses(accessibility.checks(html.replace('lang="en"', 'lang="fr-CA"')))["link-text"][0] == "fail"


def test_vague_link_text_in_a_french_entry_of_an_english_edition_fails(tmp_path):
    """Amara (new user 41) writes in English with some French entries (language: fr): a French
    note's "Voir [ici](…)" passed, as "ici" was vague only in a French edition, though the
    entry's own <div lang="fr"> has it read, and listed, as French."""
    root = workspace(tmp_path)
    write_entry(root, "third", 20, "A third").write_text(
        "---\ntype: article\nurl: https://example.com/third\ndate: 2021-02-20\ntitle: Un troisième\n"
        "language: fr\n---\nLes diapos sont [ici](https://example.com/slides).\n"
    )
    build(root)
    assert statuses(run_on(root))["link-text"] == (
        "fail",
        'the link text "ici" says nothing of where it goes (https://example.com/slides); link the words that name it',
    )


@pytest.mark.parametrize("number", ["1", "[2]", "(3)"])
def test_a_footnote_number_is_no_link_text(number):
    """ "See [1](…) and [2](…)": a screen reader's list of links says "1", "2"."""
    html = f'<html lang="en"><body><p>See <a href="https://example.org/a">{number}</a>.</p></body></html>'
    assert statuses(accessibility.checks(html))["link-text"] == (
        "fail",
        f'the link text "{number}" says nothing of where it goes (https://example.org/a); link the words that name it',
    )
    book = html.replace(f">{number}<", ">1984<")  # Orwell's, linked by its title: a name, no number
    assert statuses(accessibility.checks(book))["link-text"][0] == "pass"


def test_a_title_whose_words_are_vague_elsewhere_names_its_work():
    """Amara's French entries are judged in French now: a film titled "La Suite" is its name, in
    the heading that links it, not a "read more"; the same words in a note still fail."""
    html = (
        '<html lang="en"><body><div lang="fr"><h3><a href="https://example.org/film">La Suite</a></h3>'
        '<p>Vu <a href="https://example.org/film">la suite</a>.</p></div></body></html>'
    )
    assert statuses(accessibility.checks(html))["link-text"][0] == "fail"
    titled = html.replace('<p>Vu <a href="https://example.org/film">la suite</a>.</p>', "<p>Vu.</p>")
    assert statuses(accessibility.checks(titled))["link-text"][0] == "pass"


def test_footnote_marks_within_the_email_pass():
    """A footnote's mark is its number, leading to the note below: two entries' "1"s pass."""
    html = '<html lang="en"><body><p>A<a href="#fn:1-a">1</a>, B<a href="#fn:1-b">1</a>.</p></body></html>'
    assert statuses(accessibility.checks(html))["link-text"][0] == "pass"


def test_one_link_text_leading_to_two_pages_is_a_warning():
    """Two links both read "the slides", to two talks' slides: in a list of links, the same
    words twice, and no telling which is which. The same words to the same page pass. A warning,
    which does not stop the send: two entries may share a title the author did not write."""
    html = (
        '<html lang="en"><body><p><a href="https://example.org/a">The slides</a> and '
        '<a href="https://example.org/a">the  slides</a>.</p></body></html>'
    )
    assert statuses(accessibility.checks(html))["link-text"][0] == "pass"
    html = html.replace('example.org/a">the', 'example.org/b">the')
    assert statuses(accessibility.checks(html))["link-text"] == (
        "warn",
        'two links say "the slides" but lead to different pages (https://example.org/a and '
        "https://example.org/b), which a list of links cannot tell apart; word each for its own page",
    )
    vague = html.replace("</p>", ' <a href="https://example.org/c">here</a></p>')  # after it, still a failure
    assert statuses(accessibility.checks(vague))["link-text"][0] == "fail"


def test_contrast_in_light_and_dark_mode_and_links_without_underline():
    html = golden_html()
    light = failing(html.replace("color:#57606a", "color:#a0a0a0"))
    assert list(light) == ["contrast"] and "4.5:1" in light["contrast"] and "#a0a0a0 on #" in light["contrast"]
    dark = failing(html.replace(".card a { color: #7cb7ff !important; }", ".card a { color: #0b5cad !important; }"))
    assert list(dark) == ["contrast-dark"] and "#0b5cad on #161b22" in dark["contrast-dark"]
    plain = failing(
        html.replace('style="color: #57606a">Unsubscribe', 'style="color: #57606a; text-decoration: none">Unsubscribe')
    )
    assert list(plain) == ["link-style"]


def test_a_right_to_left_language_gets_dir_rtl_on_html_and_the_wrapper(tmp_path):
    root = workspace(tmp_path)
    edit(root, 'author = "Ann"', 'author = "Ann"\nlanguage = "ar"')
    build(root)
    html = (root / "dist" / PERIOD / "newsletter.html").read_text()
    found = {c.name: c for c in accessibility.checks(html)}
    assert found["lang-dir"].message == '<html lang="ar" dir="rtl">'
    assert found["wrapper"].message.startswith('<div lang="ar" dir="rtl">')


def test_the_summary_counts_in_words():
    from newsletter.delivery.doctor.checks import Check, Report

    report = Report("2021-02 via smtp", [Check("settings", "from", "fail", "x"), Check("dns", "spf", "warn", "y")])
    assert report.summary() == "2021-02 via smtp: 1 failed, 1 warning; fix the FAIL lines before sending."


def test_an_unsubscribe_link_that_is_the_subscribe_page_is_a_warning(tmp_path):
    """A copy-paste slip: the email showed an unsubscribe link, and the doctor passed it, but it
    took readers who wanted to leave to the sign-up page."""
    root = workspace(tmp_path)
    edit(root, 'unsubscribe = "https://example.com/unsubscribe"', 'unsubscribe = "https://EXAMPLE.com/subscribe/"')
    build(root)
    found = statuses(run_on(root))["unsubscribe-link"]
    assert found[0] == "warn"
    assert found[1].startswith("the unsubscribe link is the subscribe address (https://example.com/subscribe)")


def test_a_failure_from_the_workspaces_own_email_template_names_it(tmp_path):
    # A copy made before the subject became the email's <h1>, edited by hand since.
    root = workspace(tmp_path)
    (root / "templates").mkdir(exist_ok=True)
    default = (Path(__file__).parent.parent / "templates" / "email.mjml.j2").read_text()
    assert "<h1>{{ edition.subject }}</h1>" in default
    own = default.replace("<h1>{{ edition.subject }}</h1>", "<p><b>{{ edition.subject }}</b></p>")
    (root / "templates" / "email.mjml.j2").write_text(own)
    build(root)
    found, said = statuses(run_on(root))["headings"]
    assert found == "fail"
    assert said.startswith("0 <h1> headings;")
    assert "(templates/email.mjml.j2 is your own copy of the email template" in said
    assert "delete it to use the default" in said


def test_a_passing_own_email_template_is_not_named(tmp_path):
    root = workspace(tmp_path)
    (root / "templates").mkdir(exist_ok=True)
    default = (Path(__file__).parent.parent / "templates" / "email.mjml.j2").read_text()
    (root / "templates" / "email.mjml.j2").write_text(default)
    build(root)
    assert not [c for c in run_on(root) if "your own copy" in c.message]


def own_email_template(root, old: str = "", new: str = "") -> None:
    """The workspace's own copy of the default email template, with `old` changed to `new`."""
    (root / "templates").mkdir(exist_ok=True)
    default = (Path(__file__).parent.parent / "templates" / "email.mjml.j2").read_text()
    assert old in default
    (root / "templates" / "email.mjml.j2").write_text(default.replace(old, new, 1) if old else default)


@pytest.mark.parametrize(
    "edit", [("</mjml>", "<!-- my edition -->\n</mjml>"), None], ids=["edited-copy-that-passes", "verbatim-copy"]
)
def test_a_failure_from_the_notes_does_not_blame_an_own_email_template(tmp_path, edit):
    """A note whose link says only "here": the fix is in the entry, and the message sent the
    author to the template, whether an edited copy that passes every check (a footer's words
    changed) or a copy the author never edited, which is the default."""
    root = workspace(tmp_path)
    own_email_template(root, *(edit or ()))
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(entry.read_text() + "\nMore [here](https://example.com/cat).\n", encoding="utf-8")
    build(root)
    found, said = statuses(run_on(root))["link-text"]
    assert found == "fail"
    assert "template" not in said
