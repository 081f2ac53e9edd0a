"""Issue 9, item 6: the edition's headers and parts carry what the author wrote, and nothing else.

Line breaks in a subject or title are the file's problem, named; a literal encoded word
arrives literally; the text part lists no javascript:/data: images; credentials echoed back
by a server in encoded form are hidden like the plain ones.
"""

import base64
import email
import re
from email.policy import default as default_policy

import pytest
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from newsletter.build import build as build_edition
from newsletter.cli.editions import build as build_command
from newsletter.commands.send import send
from newsletter.errors import NewsletterError

from fake_services import (
    LISTMONK_TOKEN,
    LISTMONK_USER,
    PERIOD,
    SMTP_USER,
    FakeListmonk,
    SmtpServer,
    workspace,
    write_entry,
)
from helpers import link_workspace, url_of

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


def build(root):
    return CliRunner().invoke(build_command, [PERIOD, "--offline", "-w", str(root)])


def editorial(root, front_matter: str) -> None:
    (root / "entries" / "2021" / "02" / "_index.md").write_text(f"---\n{front_matter}\n---\nHello.\n", encoding="utf-8")


@pytest.mark.parametrize(
    "written, shown",
    [('"Part one\\nBcc: all@example.com"', "\\n"), ('"Part one\\rtwo"', "\\r"), ('"Part one\\u2028two"', "U+2028")],
)
def test_a_line_break_in_the_subject_names_the_file(tmp_path, written, shown):
    root = workspace(tmp_path)
    editorial(root, f"subject: {written}")
    result = build(root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert (
        f"entries/2021/02/_index.md:2: `subject` has a line break ({shown}) in it; write the subject on one line"
    ) in result.output


def test_a_line_break_in_an_entry_title_or_the_edition_title_names_the_file(tmp_path):
    root = workspace(tmp_path)
    editorial(root, 'title: "February\\u2029notes"')
    write_entry(root, "third", 20, "Two\\nlines")
    result = build(root)
    assert result.exit_code == 1
    assert "entries/2021/02/_index.md:2: `title` has a line break (U+2029) in it" in result.output
    assert "entries/2021/02/third.md:5: `title` has a line break (\\n) in it" in result.output


def test_a_line_break_in_a_header_setting_names_the_setting(tmp_path):
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('name = "Test Letter"', 'name = "Test\\u2028Letter"'))
    result = build(root)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {settings}: [newsletter] name has a line break (U+2028) in it; it goes "
        "into the email's headers, so write it on one line.\n"
    )


@pytest.mark.parametrize(
    "name, shown",
    [
        ("Ann =?utf-8?q?=0D=0ABcc=3A_all=40example=2Ecom?=", "Ann Bcc: all@example.com"),  # began a Bcc header
        ("Ann =?utf-8?q?Bcc=3A_all=40example=2Ecom?=", "Ann Bcc: all@example.com"),  # a group holding all@
    ],
)
def test_a_from_name_of_encoded_words_is_one_name_in_one_header(tmp_path, name, shown):
    """The line-break check reads a setting as written, where '=?utf-8?q?=0D=0A…?=' has none;
    the email package decoded the name, and the built message had a header line 'Bcc: …' of
    its own, or a From that mail readers read as a group holding another address."""
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace('from = "Ann <ann@example.com>"', f'from = "{name} <ann@example.com>"')
    )
    assert build(root).exit_code == 0
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    message = email.message_from_bytes(eml, policy=default_policy)
    assert b"\r\nBcc" not in eml and b"\r\nX:" not in eml and "Bcc" not in message
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (shown, "ann@example.com")


@pytest.mark.parametrize(
    "key, written",
    [
        ("reply_to", "ann@example.com, =?utf-8?q?Eve=0D=0ABcc=3A_all=40example=2Ecom?= <eve@example.com>"),
        ("to", "List <list@example.com>, =?utf-8?q?Bcc=3A_all=40example=2Ecom?= <eve@example.com>"),  # a group
    ],
)
def test_a_name_of_encoded_words_in_a_setting_of_several_mailboxes_is_one_name(tmp_path, key, written):
    """A reply_to or to may hold several mailboxes, which were written as they came: a name of
    encoded words in the second was decoded by the email package, a ValueError traceback out of
    build for one decoding to a line break, and a bare 'Bcc: all@example.com', a group holding
    that address, for the other. Each such name is now decoded and quoted, as From's is."""
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    text = settings.read_text()
    line = next(line for line in text.splitlines() if line.startswith("to = "))  # [email], which has no reply_to
    settings.write_text(text.replace(line, f'{key} = "{written}"' if key == "to" else f'{line}\n{key} = "{written}"'))
    result = build(root)
    assert result.exit_code == 0, result.output
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    message = email.message_from_bytes(eml, policy=default_policy)
    assert b"\r\nBcc" not in eml and "Bcc" not in message
    header = "Reply-To" if key == "reply_to" else "To"
    last = message[header].addresses[-1]
    assert last.addr_spec == "eve@example.com" and last.display_name.endswith("Bcc: all@example.com")
    assert len(message[header].addresses) == 2 and not any(group.display_name for group in message[header].groups)


@pytest.mark.parametrize(
    "table, key, written",
    [
        ("email", "from", "Ann <=?utf-8?q?ann=0D=0ABcc=3A_all?=@example.com>"),
        ("email", "to", "=?utf-8?q?list=0D=0A?=@example.com"),
        ("newsletter", "author", "Ann <=?utf-8?q?ann=0D=0AX=3A_y?=@example.com>"),  # the From without `from`
    ],
)
def test_an_encoded_word_in_an_address_setting_is_refused_by_name(tmp_path, table, key, written):
    """RFC 2047 allows no encoded word in an address, but the email package decodes one there:
    such a `from` or `to` made build a ValueError traceback. The setting is named."""
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    text = settings.read_text()
    if key == "author":
        text = text.replace('from = "Ann <ann@example.com>"\n', "")
    line = next(line for line in text.splitlines() if line.startswith(f"{key} = "))
    settings.write_text(text.replace(line, f'{key} = "{written}"'))
    result = build(root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output == (
        f"Error: {settings}: [{table}] {key} has an encoded word (=?…?=) in its address; write the address "
        "as it is, like ann@example.com.\n"
    )


def test_the_test_address_is_one_address_on_one_line(tmp_path):
    """`--test` (or test_address) went into the test's To header as written: a line break in
    it began a header of its own, a Bcc the message then carried, and a second address was
    shown in To while the message went only to the first."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        assert build(root).exit_code == 0
        for address in (
            "ann@example.com\r\nBcc: all@example.com",
            "ann@example.com, bob@example.com",
            "=?utf-8?q?ann=0D=0ABcc=3A_all?=@example.com",  # decoded in To: a ValueError traceback
        ):
            with pytest.raises(NewsletterError) as error:
                send(root, PERIOD, test=address, env={})
            assert error.value.message == f"--test {address!r}: give one address, on one line."
        send(root, PERIOD, test='"Ann, A." <ann@example.com>', env={})
        settings = root / "newsletter.toml"
        text = settings.read_text().replace(
            'test_address = "ann@example.com"', 'test_address = "a@x.org\\nBcc: b@x.org"'
        )
        settings.write_text(text)
        result = build(root)
    assert [r.recipients for r in server.received] == [["ann@example.com"]]
    assert result.exit_code == 1 and "[send] test_address has a line break (\\n) in it" in result.output


def sent_with_subject(tmp_path, subject: str, *, real: bool) -> tuple[bytes, list]:
    """The built .eml of an edition with `subject`, and the messages its test send (and, if
    `real`, its list send) delivered to a local SMTP server."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        editorial(root, f'subject: "{subject}"')
        assert build(root).exit_code == 0
        eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
        send(root, PERIOD, test="ann@example.com", env={})
        if real:
            send(root, PERIOD, yes=True, env={})
    return eml, [received.message for received in server.received]


def sent_raw(tmp_path, subject: str) -> tuple[bytes, bytes]:
    """The built .eml and the test send's message as the server got it, byte for byte."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        editorial(root, f'subject: "{subject}"')
        assert build(root).exit_code == 0
        send(root, PERIOD, test="ann@example.com", env={})
    return (root / "dist" / PERIOD / "newsletter.eml").read_bytes(), server.received[0].data


def test_a_literal_encoded_word_in_the_subject_arrives_as_written(tmp_path):
    subject = "Why =?utf-8?b?SGFja2Vk?= shows up in headers"
    eml, (test, real) = sent_with_subject(tmp_path, subject, real=True)
    built = email.message_from_bytes(eml, policy=default_policy)
    assert built["Subject"] == subject
    assert b"SGFja2Vk?= shows" not in eml  # not left for a mail reader to decode
    assert test["Subject"] == "[Test] " + subject
    assert real["Subject"] == subject


def test_header_lines_with_encoded_words_stay_within_76_characters(tmp_path):
    """RFC 2047: a line holding encoded words (a non-ASCII subject) is at most 76 characters;
    the email package's SMTP policy folded at 78. The .eml and the test send's [Test] subject."""
    subject = "Zoë's reading list: hammocks, naïve Bayes"  # a 78-character line under the SMTP policy
    eml, [test] = sent_with_subject(tmp_path, subject, real=False)
    head = eml.split(b"\r\n\r\n", 1)[0]
    assert b"=?utf-8?" in head and max(len(line) for line in head.split(b"\r\n")) <= 76
    assert email.message_from_bytes(eml, policy=default_policy)["Subject"] == subject
    assert test["Subject"] == "[Test] " + subject


@pytest.mark.parametrize(
    "subject",
    [
        "September: compilers, <b>bold</b> claims & Ünïcode",  # [Test] folds it before 'Ünïcode'
        "Hello there friend, this is a long subject line, with Ünïcode",
    ],
)
def test_a_long_subject_folds_into_valid_encoded_words(tmp_path, subject):
    """The email package folded a subject whose non-ASCII word fell at a line's end into an empty
    encoded word, `=?utf-8?q??=`, which RFC 2047 forbids (some mail readers show it as typed);
    its neighbour bug, two encoded words with no space between, makes Yahoo refuse the message."""
    eml, test = sent_raw(tmp_path, subject)
    for raw in (eml, test):
        head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
        assert b"?q??=" not in head.lower() and b"?b??=" not in head.lower() and b"?==?" not in head
        assert max(len(line) for line in head.splitlines()) <= 76
    assert email.message_from_bytes(eml, policy=default_policy)["Subject"] == subject
    assert email.message_from_bytes(test, policy=default_policy)["Subject"] == "[Test] " + subject


def test_the_text_part_lists_only_web_addresses_for_images(tmp_path):
    root = workspace(tmp_path)
    entry = root / "entries" / "2021" / "02" / "first.md"
    entry.write_text(
        entry.read_text() + "\n![a](javascript:alert(1)) ![b](data:image/png;base64,AAAA) "
        "![c](JAVASCRIPT:alert(2)) [d](data:text/html,x) ![e](https://example.com/e.png)\n"
    )
    assert build(root).exit_code == 0
    text = (root / "dist" / PERIOD / "newsletter.txt").read_text()
    assert "javascript" not in text.lower() and "data:" not in text
    assert "[image: e]" in text and "https://example.com/e.png" in text


class EchoingSmtpServer(SmtpServer):
    """A server that quotes the AUTH PLAIN blob it was sent in its refusal."""

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        blob = base64.b64encode(b"\0" + auth_data.login + b"\0" + auth_data.password).decode()
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 credentials {blob} rejected")


def test_a_server_echoing_the_auth_plain_blob_does_not_show_the_password(tmp_path):
    password = "wrong-secret-pw-5d2e"
    with EchoingSmtpServer(login=True) as server:
        root = workspace(tmp_path, server.settings())
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, test="ann@example.com", env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": password})
    blob = base64.b64encode(f"\0{SMTP_USER}\0{password}".encode()).decode()
    assert "credentials *** rejected" in error.value.message
    assert blob not in error.value.message and blob.rstrip("=") not in error.value.message
    assert password not in error.value.message


def test_an_api_echoing_the_basic_auth_header_does_not_show_the_token(tmp_path, httpserver):
    listmonk = FakeListmonk(httpserver)
    basic = base64.b64encode(f"{LISTMONK_USER}:{LISTMONK_TOKEN}".encode()).decode()
    listmonk.fail("GET", "/api/campaigns", 403, {"message": f"bad Authorization: Basic {basic}"})
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    with pytest.raises(NewsletterError) as error:
        send(
            root,
            PERIOD,
            test="ann@example.com",
            env={"LISTMONK_USERNAME": LISTMONK_USER, "LISTMONK_TOKEN": LISTMONK_TOKEN},
        )
    assert "bad Authorization: Basic ***" in error.value.message
    assert basic not in error.value.message and basic.rstrip("=") not in error.value.message


def preheader_of(html: str) -> str:
    """The text an inbox previews: the first element in <body>, hidden."""
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(html).body
    return " ".join(next(node for node in body.iter() if node.tag != "-text").text().split())


@pytest.mark.parametrize("control", ["\u202e", "\u202b", "\u2067", "\u200f"])
def test_bidi_controls_typed_in_a_subject_subtitle_or_title_stay_off_the_inbox_line(tmp_path, control):
    """An inbox shows From, the subject and the preheader on one line: a right-to-left override
    (or embedding, isolate, mark) left open in the subject reversed the rest of that line, and
    in the preheader the rest of the preview. The edition's own text keeps what was typed."""
    root = workspace(tmp_path)
    escaped = f"\\u{ord(control):04x}"
    editorial(root, f'subject: "Read {escaped}this week"\nsubtitle: "Notes {escaped}on things"')
    assert build(root).exit_code == 0
    folder = root / "dist" / PERIOD
    message = email.message_from_bytes((folder / "newsletter.eml").read_bytes(), policy=default_policy)
    assert message["Subject"] == "Read this week"
    assert preheader_of((folder / "newsletter.html").read_text()).startswith("Notes on things")
    editorial(root, "subject: S")  # no subtitle: the entries' titles are the preheader
    write_entry(root, "third", 20, f"A {escaped}title")
    assert build(root).exit_code == 0
    preheader = preheader_of((folder / "newsletter.html").read_text())
    assert "A title" in preheader and control not in preheader


@pytest.mark.parametrize(
    "subject",
    [
        "Ελληνικά — שלום emoji😀 Ελληνικά année שלום xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx année des",
        "a —long—word—here— שלום des 日本語のテキスト ok " + "x" * 30 + " 日本語のテキスト" * 2,
    ],
)
def test_a_long_subject_keeps_every_space_between_its_words(subject):
    """The email package may put the space between two non-ASCII words outside both encoded
    words, where RFC 2047 readers drop it: 'emoji😀 Ελληνικά' arrived as 'emoji😀Ελληνικά'."""
    import email
    import email.policy

    from newsletter.mail_headers import folded

    line = folded("Subject", subject)
    assert str(email.message_from_bytes(line + b"\r\n\r\n", policy=email.policy.default)["Subject"]) == subject


def with_settings(root, **values: str) -> None:
    """`key = "value"` in [email] of newsletter.toml, in place of the key's line if it has one."""
    settings = root / "newsletter.toml"
    lines = settings.read_text(encoding="utf-8").splitlines()
    for key, value in values.items():
        if not any(line.startswith(f"{key} = ") for line in lines):
            lines.insert(lines.index("[email]") + 1, f"{key} = ")
        lines = [f'{key} = "{value}"' if line.startswith(f"{key} = ") else line for line in lines]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_address_on_a_domain_outside_ascii_is_written_in_its_ascii_form(tmp_path):
    """A `from` on bücher.example made build a UnicodeEncodeError traceback (the List-Id), and a
    `to` or `reply_to` there was written 'liste@=?utf-8?q?b=C3=BCcher?=.example': no encoded word
    may stand in an address, and replies to it reach nobody. Headers carry the domain's A-label."""
    root = workspace(tmp_path)
    with_settings(
        root,
        **{"from": "Zoë <zoe@bücher.example>", "to": "liste@bücher.example"},
        reply_to="Ann <a@x.org>, Bob <b@Bücher.example>",
    )
    result = build(root)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    message = email.message_from_bytes(eml, policy=default_policy)
    assert [message[name].defects for name in ("From", "To", "Reply-To")] == [(), (), ()]
    assert [a.addr_spec for a in message["From"].addresses] == ["zoe@xn--bcher-kva.example"]
    assert message["From"].addresses[0].display_name == "Zoë"
    assert [a.addr_spec for a in message["To"].addresses] == ["liste@xn--bcher-kva.example"]
    assert [a.addr_spec for a in message["Reply-To"].addresses] == ["a@x.org", "b@xn--bcher-kva.example"]
    assert message["Message-ID"].endswith("@xn--bcher-kva.example>")
    assert message["List-Id"].endswith(".xn--bcher-kva.example>")


def test_a_test_send_to_a_domain_outside_ascii_goes_to_its_ascii_form(tmp_path):
    """The test's RCPT and To: the address as written was refused by our own check ('ASCII
    addresses only') though its domain has an ASCII form every server takes."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        with_settings(root, **{"from": "Zoë <zoe@bücher.example>"})
        assert build(root).exit_code == 0
        send(root, PERIOD, test="Zoë <zoe@bücher.example>", env={})
    [received] = server.received
    assert received.sender == "zoe@xn--bcher-kva.example"
    assert received.recipients == ["zoe@xn--bcher-kva.example"]
    assert [a.addr_spec for a in received.message["To"].addresses] == ["zoe@xn--bcher-kva.example"]
    assert received.message["To"].defects == ()


@pytest.mark.parametrize(
    "written, said",
    [
        ("Zoë <zoë@example.org>", "has letters outside ASCII before the @ (zoë@example.org)"),
        ("ann@☕.example", "has a domain that is not a valid internationalised domain name (☕.example)"),
    ],
)
def test_an_address_that_mail_without_smtputf8_cannot_carry_is_refused_by_name(tmp_path, written, said):
    """'zoë@example.org' was written 'Zoë <=?utf-8?q?zo=C3=AB?=@example.org>', an address no
    reply reaches, and the Message-ID fell back to newsletter.invalid; nothing said so."""
    root = workspace(tmp_path)
    with_settings(root, **{"from": written})
    result = build(root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {root / 'newsletter.toml'}: [email] from {said}")


@pytest.mark.parametrize(
    "written, said",
    [
        ("Zoë <zoë@example.org>", "has letters outside ASCII before the @ (zoë@example.org)"),
        ("ann@☕.example", "has a domain that is not a valid internationalised domain name (☕.example)"),
    ],
)
def test_a_test_address_that_mail_without_smtputf8_cannot_carry_is_refused_by_name(tmp_path, written, said):
    """`--test zoë@example.org` went on to the server's connection, where our own ASCII-only check
    stopped it, said as '127.0.0.1:… refused the test to zoë@example.org (553 …)': the server was
    blamed and nothing said what to change. It is refused as test_address in the settings is."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        assert build(root).exit_code == 0
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, test=written, env={})
    assert error.value.message.startswith(f"--test {said}")
    assert server.received == []


@pytest.mark.parametrize("key, written", [("name", "Café @ home"), ("author", "Zoë @ Bücherei")])
def test_a_name_with_an_at_sign_is_no_address_when_the_from_is_set(tmp_path, key, written):
    """name = "Café @ home" (or an author "Zoë @ Bücherei") with `from` set stopped every command:
    '[newsletter] name has letters outside ASCII before the @ (Café@home)', the name read as an
    address though the From is `from`. The name and author are checked as addresses only when
    one of them is the From."""
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    assert re.search(rf"(?m)^{key} = ", text) and re.search(r'(?m)^from = "', text)
    settings.write_text(re.sub(rf'(?m)^{key} = ".*"$', f'{key} = "{written}"', text, count=1), encoding="utf-8")
    result = build(root)
    assert result.exit_code == 0, result.output
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert email.message_from_bytes(eml, policy=default_policy)["From"].defects == ()
    settings.write_text(re.sub(r'(?m)^from = ".*"\n', "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    if key == "name":  # the From now, unless an author is: then that is the From
        settings.write_text(re.sub(r'(?m)^author = ".*"\n', "", settings.read_text(encoding="utf-8")))
    result = build(root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"[newsletter] {key} has letters outside ASCII before the @" in result.output


@pytest.mark.parametrize("key", ["to", "reply_to"])
def test_an_address_setting_whose_domain_ends_in_a_dot_is_refused_by_name(tmp_path, key):
    """reply_to = "Ann <ann@bücher.example.>" (a DNS name's root dot, typed or pasted) went out as
    'Reply-To: Ann <ann@=?utf-8?q?b=C3=BCcher?=.example.>', the encoded word the merged work meant
    to end (the email package takes no address ending in a dot, so it was left as written); an
    ASCII one reached the server, which refused it as a malformed address. It is refused by name."""
    root = workspace(tmp_path)
    with_settings(root, **{key: "Ann <ann@bücher.example.>"})
    result = build(root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(
        f"Error: {root / 'newsletter.toml'}: [email] {key} has a domain ending in a dot (ann@bücher.example.)"
    )


def test_an_entry_with_no_title_but_its_address_stays_off_the_inbox_line(tmp_path, httpserver):
    """A removed post (410), whose entry shows its bare link as its heading, put
    "https://…/removed-post/" in the inbox's preview between two headlines, and in the post's
    description that social previews and list pages show."""
    page = "<!DOCTYPE html><html><head><title>{0}</title></head><body><h1>{0}</h1><p>Text.</p></body></html>"
    httpserver.expect_request("/council").respond_with_data(
        page.format("Council approves bike lanes"), content_type="text/html"
    )
    httpserver.expect_request("/removed-post/").respond_with_data("<h1>Gone</h1>", status=410, content_type="text/html")
    httpserver.expect_request("/tides").respond_with_data(
        page.format("Why tides lag the moon"), content_type="text/html"
    )
    urls = [url_of(httpserver, path) for path in ("/council", "/removed-post/", "/tides")]
    root = link_workspace(tmp_path / "ws", urls, timeout=5)
    outputs = build_edition(root, "2021-02").outputs
    assert preheader_of(outputs.html).startswith("Council approves bike lanes · Why tides lag the moon")
    assert "removed-post" not in preheader_of(outputs.html)
    front_matter = outputs.post.split("+++")[1]
    assert 'description = "Council approves bike lanes · Why tides lag the moon"' in front_matter
    assert "removed-post" not in front_matter
    assert f"[{urls[1]}]({urls[1]})" in outputs.post  # the entry itself still shows, under its link


@pytest.mark.parametrize("length", [68, 72, 75])
def test_a_subject_a_little_too_long_for_its_line_keeps_its_first_words_on_it(length):
    """New user 61's test send went out as "Subject:" and, on the next line, " [Test] Priya's
    Long Reads, November 2026: slow software and fast rivers": the email package moves a plain
    value that fits on a line of its own (68 to 75 characters) whole to the next line. Legal, but
    Python's own parser then reads the subject with a space before it, and some readers (YAM)
    show no subject. Its words start on the Subject line, the rest folded after them."""
    from newsletter import mail_headers
    from newsletter.delivery.outgoing import with_headers
    from newsletter.formats import header_lines

    words = "Priya's Long Reads, November 2026: slow software and fast rivers and all the rest of it"
    subject = words[:length].rstrip()
    made = header_lines.subject(subject)
    sent = with_headers(b"Subject: x\r\nFrom: a@example.com\r\n\r\nBody.", {"Subject": "[Test] " + subject})
    for head, value in ((made, subject), (sent, "[Test] " + subject)):
        first = head.split(b"\r\n", 1)[0]
        assert first.startswith(b"Subject: Priya's" if head is made else b"Subject: [Test] Priya's"), head
        assert all(len(line) <= mail_headers.POLICY.max_line_length for line in head.split(b"\r\n")), head
        parsed = email.message_from_bytes(head.split(b"\r\nFrom:")[0] + b"\r\n\r\n", policy=default_policy)
        assert parsed["Subject"] == value
