"""`newsletter send --via smtp` against a real SMTP server (aiosmtpd) on 127.0.0.1."""

import datetime as dt
import email.utils
import errno
import json
import os
import re
import shutil
from email.parser import BytesParser

import pytest

from newsletter.commands.send import send
from newsletter.delivery.ledger import Journal, when
from newsletter.errors import NewsletterError

from fake_services import (
    PERIOD,
    SETTINGS,
    SMTP_PASSWORD,
    SMTP_USER,
    SmtpServer,
    build,
    crash_at,
    free_port,
    self_signed,
    workspace,
)

LOGIN = {"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": SMTP_PASSWORD}
# aiosmtpd warns when a test server takes logins without TLS, which is what those tests want.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


@pytest.fixture
def server():
    with SmtpServer() as server:
        yield server


def ledger(root) -> dict:
    return json.loads((root / ".newsletter" / "ledger" / f"{PERIOD}.json").read_text())


def unfinished(root) -> str:
    """The message of `send --yes` ending with readers who do not have the edition for certain
    (refused for now, or who may have it): an error, exit status 1, not a send done."""
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    return error.value.message


def test_the_real_send_goes_once_to_the_list_address(tmp_path, server):
    root = workspace(tmp_path, server.settings())
    built = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()

    result = send(root, PERIOD, yes=True, env={})

    assert result.lines == [f"Sent {PERIOD} to list@example.com via 127.0.0.1:{server.port}."]
    [received] = server.received
    assert received.sender == "ann@example.com"
    assert received.recipients == ["list@example.com"]
    # The built message as it is, but dated when it is sent: inboxes sort by Date, and the .eml
    # is dated by its edition (February 2021 here), which would file it years down the inbox
    assert undated(received.data) == undated(built)
    message = received.message
    sent_at = email.utils.parsedate_to_datetime(message["Date"])
    assert abs((sent_at - dt.datetime.now(dt.UTC)).total_seconds()) < 120
    assert email.utils.parsedate_to_datetime(BytesParser().parsebytes(built)["Date"]).year == 2021
    assert message["Subject"] == "Test Letter #2: February"
    assert message["From"] == "Ann <ann@example.com>"
    assert message["To"] == "Test Letter <list@example.com>"
    assert message["Message-ID"].startswith("<2021-02.") and message["Date"]
    assert message["List-Unsubscribe"].strip() == "<https://example.com/unsubscribe>, <mailto:unsubscribe@example.com>"
    assert message["List-Unsubscribe-Post"] is None  # a page, not a one-click endpoint
    assert message["List-Id"] == "Test Letter <test-letter.example.com>"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.iter_parts()
    assert text.get_content_type() == "text/plain" and "The first article" in text.get_content()
    assert html.get_content_type() == "text/html" and "<!DOCTYPE html>" in html.get_content()
    step = ledger(root)["steps"]["smtp.send"]
    assert step["state"] == "done" and step["mode"] == "list"

    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env={})
    assert refused.value.message == (f"{PERIOD} was already sent via smtp on {when(step['done_at'])}; nothing sent.")
    assert len(server.received) == 1


def test_a_test_send_goes_only_to_the_test_address_marked_test(tmp_path, server):
    root = workspace(tmp_path, server.settings())

    result = send(root, PERIOD, test="", env={})  # `--test` alone: [send] test_address
    send(root, PERIOD, test="Bob <bob@example.com>", env={})

    assert result.lines == [f"Sent a test of {PERIOD} to ann@example.com via 127.0.0.1:{server.port}."]
    first, second = server.received
    assert first.recipients == ["ann@example.com"] and second.recipients == ["bob@example.com"]
    assert first.message["To"] == "ann@example.com"
    assert second.message["To"] == "Bob <bob@example.com>"
    assert first.message["Subject"] == "[Test] Test Letter #2: February"
    built = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert first.message["Message-ID"] not in built.decode()  # not a duplicate of the real one
    assert [h["to"] for h in ledger(root)["history"]] == ["ann@example.com", "Bob <bob@example.com>"]
    assert "smtp.send" not in ledger(root)["steps"]  # a test is not the send


@pytest.mark.parametrize("given", ["list@example.com", "Test Letter <LIST@example.com>", ""])
def test_a_test_to_the_list_address_is_refused(tmp_path, server, given):
    """`--test` to the list's own address (`to` in [email], there by mistake as test_address, or
    typed) went through the list server to every reader as "[Test] …", and the real send after it
    gave each the edition a second time: the test is the author's, the list's address no test's."""
    root = workspace(tmp_path, server.settings())
    if not given:  # `--test` alone: test_address in [send]
        settings = (root / "newsletter.toml").read_text(encoding="utf-8")
        settings = settings.replace('test_address = "ann@example.com"', 'test_address = "list@example.com"')
        (root / "newsletter.toml").write_text(settings, encoding="utf-8")

    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, test=given, env={})

    assert server.received == []
    shown = given or "list@example.com"
    assert refused.value.message == (
        f"--test {shown}: that is the list's address (`to` in [email]), so the test would go to every reader and "
        "the real send to them again; give your own address (or set test_address in [send] to it)."
    )
    assert not (root / ".newsletter" / "ledger" / f"{PERIOD}.json").exists()  # no test recorded
    send(root, PERIOD, test="ann@example.com", env={})  # the author's own: sent
    assert [m.recipients for m in server.received] == [["ann@example.com"]]


def test_a_test_to_the_to_address_of_a_per_reader_send_goes(tmp_path, server):
    """One message per reader: the list is the recipients file, and `to` in [email] no list's
    address (the author's own, say, as the built message's To), so a test there is the author's."""
    root, _ = each(tmp_path, server)
    settings = (root / "newsletter.toml").read_text(encoding="utf-8")
    (root / "newsletter.toml").write_text(settings.replace("list@example.com", "ann@example.com"), encoding="utf-8")

    send(root, PERIOD, test="", env={})

    assert [m.recipients for m in server.received] == [["ann@example.com"]]


@pytest.mark.parametrize("subject", ["読書メモ：2026年2月に読んだもの", "ملاحظات القراءة: ما قرأته في فبراير"])
def test_a_test_of_an_edition_with_no_latin_subject_is_not_marked_in_capitals(tmp_path, server, subject):
    """SpamAssassin scored the test of a Japanese or Arabic edition 0.5 (SUBJ_ALL_CAPS) and the
    real send nothing: a filter reads a subject's Latin letters alone, and '[TEST] 読書メモ…'
    has only 'TEST', all capitals. The copy the author checks is scored as readers' is."""
    root = workspace(tmp_path, server.settings())
    index = root / "entries" / "2021" / "02" / "_index.md"
    index.write_text(f'---\nsubject: "{subject}"\n---\nWelcome.\n', encoding="utf-8")
    build(root)

    send(root, PERIOD, test="", env={})

    [received] = server.received
    marked = received.message["Subject"]
    assert marked.endswith(subject) and marked != subject
    latin = re.sub(r"[^A-Za-z]", "", marked)  # what SpamAssassin's subject_is_all_caps compares
    assert latin and latin != latin.upper(), marked


def test_login_over_plain_smtp(tmp_path):
    with SmtpServer(login=True) as server:
        root = workspace(tmp_path, server.settings("none"))
        send(root, PERIOD, yes=True, env=LOGIN)
        assert server.handler.logins == [SMTP_USER]
        assert len(server.received) == 1


def test_a_refused_login_names_the_variables_never_the_password(tmp_path):
    with SmtpServer(login=True) as server:
        root = workspace(tmp_path, server.settings("none"))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": "wrong-" + SMTP_PASSWORD})
    assert error.value.message.startswith(f"127.0.0.1:{server.port} refused the login (535 ")
    assert error.value.message.endswith("check SMTP_USERNAME and SMTP_PASSWORD.")
    assert SMTP_PASSWORD not in error.value.message
    assert not (root / ".newsletter" / "ledger" / f"{PERIOD}.json").exists()
    assert server.received == []


def test_a_refused_login_per_recipient_leaves_no_begun_send(tmp_path):
    """The step was recorded as begun before the login, so `--via` another service then refused:
    'began going out via smtp and did not finish, so some readers may have it' (nobody had)."""
    with SmtpServer(login=True) as server:
        root = workspace(tmp_path, server.settings("none", recipients="subscribers.txt"))
        (root / "subscribers.txt").write_text("reader@example.org\n", encoding="utf-8")
        with pytest.raises(NewsletterError):
            send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": "wrong-" + SMTP_PASSWORD})
        path = root / ".newsletter" / "ledger" / f"{PERIOD}.json"
        assert not path.exists() or "smtp.send" not in json.loads(path.read_text())["steps"]
        assert send(root, PERIOD, via="buttondown", env={}).warnings == ["BUTTONDOWN_API_KEY is not set."]


def test_starttls_with_login(tmp_path, monkeypatch):
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("no openssl tool to make a certificate")
    cert, context = made
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with SmtpServer(login=True, starttls=context) as server:
        root = workspace(tmp_path / "ws", server.settings("starttls"))
        send(root, PERIOD, yes=True, env=LOGIN)
        assert server.handler.logins == [SMTP_USER]
        assert len(server.received) == 1


def test_starttls_refuses_a_certificate_it_cannot_verify(tmp_path, monkeypatch):
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("no openssl tool to make a certificate")
    _, context = made
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))
    with SmtpServer(login=True, starttls=context) as server:
        root = workspace(tmp_path / "ws", server.settings("starttls"))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env=LOGIN)
    assert error.value.message.startswith(f"TLS with 127.0.0.1:{server.port} failed (CERTIFICATE_VERIFY_FAILED)")
    assert server.received == []


def test_implicit_tls(tmp_path, monkeypatch):
    made = self_signed(tmp_path)
    if made is None:
        pytest.skip("no openssl tool to make a certificate")
    cert, context = made
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with SmtpServer(implicit_tls=context) as server:
        root = workspace(tmp_path / "ws", server.settings("tls"))
        send(root, PERIOD, yes=True, env={})
        assert len(server.received) == 1


def test_starttls_required_but_not_offered(tmp_path, server):
    root = workspace(tmp_path, server.settings("starttls"))
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"127.0.0.1:{server.port} does not offer STARTTLS; if it wants TLS from "
        'the start (port 465), set smtp_security = "tls" in [send].'
    )


def test_no_server_is_one_clear_line(tmp_path):
    port = free_port()
    root = workspace(tmp_path, f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "none"\n')
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message.startswith(f"Could not connect to 127.0.0.1:{port} (ConnectionRefusedError: ")
    assert error.value.message.endswith("check smtp_host and smtp_port in [send], and that the server is up.")
    assert "\n" not in error.value.message


# --- one message per recipient ----------------------------------------------------------------


def kill_send_at(monkeypatch, root, address: str, state: str) -> None:
    """A send killed just after the journal records `state` ("intent", "done") for `address`."""
    original = Journal.record

    def killed(self, to, at, **data):
        original(self, to, at, **data)
        if (to, at) == (address, state):
            raise SystemExit("killed")

    monkeypatch.setattr(Journal, "record", killed)
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env={})
    monkeypatch.setattr(Journal, "record", original)


def add_a_line_and_rebuild(root, line: str = "A line added.") -> None:
    note = root / "entries" / "2021" / "02" / "first.md"
    note.write_text(note.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    build(root)


def each(tmp_path, server, count=5, lines=None):
    addresses = lines or [f"reader{n}@example.org" for n in range(1, count + 1)]
    root = workspace(tmp_path, server.settings(recipients="subscribers.txt"))
    (root / "subscribers.txt").write_text("# readers\n" + "\n".join(addresses) + "\n\n", encoding="utf-8")
    return root, [a.split("<")[-1].rstrip(">") for a in addresses]


def delivered(server) -> list[str]:
    return [r for message in server.received for r in message.recipients]


def test_one_message_per_recipient_on_one_connection(tmp_path, server):
    root, addresses = each(
        tmp_path,
        server,
        lines=["reader1@example.org", "Reader Two <reader2@example.org>", "READER1@example.org", "reader3@example.org"],
    )
    result = send(root, PERIOD, yes=True, env={})
    assert result.lines == [f"Sent {PERIOD} to 3 of 3 recipients via 127.0.0.1:{server.port}."]
    assert delivered(server) == ["reader1@example.org", "reader2@example.org", "reader3@example.org"]
    assert [m.message["To"] for m in server.received] == [
        "reader1@example.org",
        "Reader Two <reader2@example.org>",
        "reader3@example.org",
    ]
    assert len({m.message["Message-ID"] for m in server.received}) == 1
    assert server.handler.mails == 3
    assert ledger(root)["steps"]["smtp.send"]["state"] == "done"


def test_a_recipient_whose_name_looks_like_an_encoded_word_keeps_an_address_in_to(tmp_path, server):
    """A line copied from a raw header: its To was one encoded word holding the whole line, so
    the message's To had no address at all."""
    root, addresses = each(tmp_path, server, lines=["=?utf-8?q?Zo=C3=AB?= <zoe@example.org>"])
    send(root, PERIOD, yes=True, env={})
    [received] = server.received
    assert received.recipients == ["zoe@example.org"]
    [to] = received.message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Zoë", "zoe@example.org")


def test_a_recipient_on_a_domain_outside_ascii_gets_the_edition_at_its_ascii_form(tmp_path, server):
    """'Jörg <joerg@müller.example>' is a real subscriber's address: the file's check refused the
    whole send for it ('not one email address each'), though the domain has an ASCII form, the
    one a server without SMTPUTF8 is given in RCPT and the To header."""
    root, _ = each(tmp_path, server, lines=["Jörg <joerg@müller.example>"])
    send(root, PERIOD, yes=True, env={})
    [received] = server.received
    assert received.recipients == ["joerg@xn--mller-kva.example"]
    [to] = received.message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Jörg", "joerg@xn--mller-kva.example")


def test_unsubscribe_addresses_outside_ascii_arrive_as_uris(tmp_path, server):
    """A one-click URL or a mailto with letters outside ASCII was folded into encoded words
    ('=?utf-8?q?=3Chttps=3A//b=C3=BCcher=2Eexample/...'), and mail providers read List-Unsubscribe
    as URIs in angle brackets: the inbox's unsubscribe button was gone. Each arrives as the URI a
    browser would send: its host in ASCII form, anything else outside ASCII percent-encoded."""
    root, _ = each(tmp_path, server, lines=["reader@example.org"])
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'list_unsubscribe_mailto = "unsubscribe@example.com"',
            'list_unsubscribe = "https://bücher.example/abmelden/ä?u={email}"\n'
            'list_unsubscribe_mailto = "abmelden@bücher.example?subject=Abmelden Zoë"',
        ),
        encoding="utf-8",
    )
    build(root)
    send(root, PERIOD, yes=True, env={})
    [received] = server.received
    uris = (
        "<https://xn--bcher-kva.example/abmelden/%C3%A4?u=reader%40example.org>, "
        "<mailto:abmelden@xn--bcher-kva.example?subject=Abmelden%20Zo%C3%AB>"
    )
    assert raw_header(received.data, "List-Unsubscribe") == uris  # not encoded words for a parser to decode
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def raw_header(message: bytes, name: str) -> str:
    """A header's value as it went, unfolded: what a mail provider reads, no encoded word decoded."""
    head = message.split(b"\r\n\r\n")[0].decode("ascii")
    return " ".join(re.search(rf"^{name}:([^\r]*(?:\r\n[ \t][^\r]*)*)", head, re.MULTILINE)[1].split())


def test_a_long_one_click_url_and_list_id_arrive_as_written(tmp_path, server):
    """A one-click URL of 73 characters or more (listmonk's, two UUIDs long; a signed token) was
    written as encoded words, '=?utf-8?q?=3Chttps=3A//lists=2Eexample...', though it is plain
    ASCII: the email package folds List-Unsubscribe as text, and encodes a word too long for a
    line. No provider reads that as a URI, so the inbox's unsubscribe button was gone; a long
    List-Id went the same way. Both are now folded at their spaces only."""
    root, _ = each(tmp_path, server, lines=["reader@example.org"])
    one_click = "https://lists.example.com/subscription/optout/9f8e7d6c-5b4a-4f3e-8d2c-1b0a9f8e7d6c?u={email}"
    list_id = "Test Letter <the-test-letter-of-the-data-science-programming-community.lists.example.com>"
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'list_unsubscribe_mailto = "',
            f'list_unsubscribe = "{one_click}"\nlist_id = "{list_id}"\nlist_unsubscribe_mailto = "',
        ),
        encoding="utf-8",
    )
    build(root)
    built = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    send(root, PERIOD, yes=True, env={})
    [received] = server.received
    for message in (built, received.data):
        assert raw_header(message, "List-Id") == list_id
    assert raw_header(built, "List-Unsubscribe") == f"<{one_click}>, <mailto:unsubscribe@example.com>"
    sent = one_click.replace("{email}", "reader%40example.org")
    assert raw_header(received.data, "List-Unsubscribe") == f"<{sent}>, <mailto:unsubscribe@example.com>"
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_recipients_name_that_decodes_to_a_header_is_only_a_name(tmp_path, server):
    """A subscriber who signed up as '=?utf-8?q?Eve=0D=0ABcc=3A_x=40evil=2Eexample?=' (their
    name, decoded as mail readers decode it, holds a line break and a Bcc) took the send down
    with a ValueError traceback; one whose name decodes to 'Bcc: x@evil.example' got a To that
    mail readers read as a group holding that address. Such a name is now a name, on one line."""
    lines = [
        "=?utf-8?q?Eve=0D=0ABcc=3A_x=40evil=2Eexample?= <eve@example.org>",
        "=?utf-8?q?Bcc=3A_x=40evil=2Eexample?= <mallory@example.org>",
    ]
    root, addresses = each(tmp_path, server, lines=lines)
    result = send(root, PERIOD, yes=True, env={})
    assert result.lines == [f"Sent {PERIOD} to 2 of 2 recipients via 127.0.0.1:{server.port}."]
    assert delivered(server) == addresses
    names = ["Eve Bcc: x@evil.example", "Bcc: x@evil.example"]
    for received, address, name in zip(server.received, addresses, names, strict=True):
        assert b"\nBcc" not in received.data
        [to] = received.message["To"].addresses
        assert (to.display_name, to.addr_spec) == (name, address)


def test_a_killed_run_resumes_without_sending_anyone_twice(tmp_path, server, monkeypatch):
    root, addresses = each(tmp_path, server)
    kill_send_at(monkeypatch, root, addresses[2], "done")
    assert delivered(server) == addresses[:3]

    result = send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses
    assert result.lines == [f"Sent {PERIOD} to 2 more recipients via 127.0.0.1:{server.port} (5 of 5 in all)."]


def test_a_send_resumed_after_a_rebuild_sends_the_rest_what_the_first_readers_got(tmp_path, server, monkeypatch):
    """Killed after three of five readers, a line added to a note and rebuilt, then resumed: the
    last two got the rebuild, and dist/PERIOD/sent.eml kept it as what the list got, though
    three readers had the edition without the line. The rest now get the message the send
    began with, which is the copy kept as sent, and the run says the rebuild went to nobody."""
    root, addresses = each(tmp_path, server)
    began_with = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    kill_send_at(monkeypatch, root, addresses[2], "done")
    add_a_line_and_rebuild(root, "A line added after three readers had it.")
    rebuilt = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert rebuilt != began_with

    said = (
        f"An earlier run began sending {PERIOD} and reached 3 of its readers before {PERIOD} was rebuilt: the "
        "rest get the message it began with, not this build, so that every reader has the same edition (what "
        "the rebuild changed reaches the blog post only)."
    )
    assert said in send(root, PERIOD, env={}).warnings
    result = send(root, PERIOD, yes=True, env={})

    assert delivered(server) == addresses
    bodies = {message.data.split(b"\r\n\r\n", 1)[1] for message in server.received}
    assert bodies == {began_with.split(b"\r\n\r\n", 1)[1]}
    assert (root / "dist" / PERIOD / "sent.eml").read_bytes() == began_with
    assert result.lines == [
        f"Sent {PERIOD} to 2 more recipients via 127.0.0.1:{server.port} (5 of 5 in all). Each got the message "
        "the earlier run began with: this build, changed since, went to nobody."
    ]


def test_a_send_that_reached_nobody_starts_again_from_the_rebuild(tmp_path, server):
    """Every reader refused for now, then rebuilt: nobody has the first build, so the next run
    sends the rebuild, and keeps it as sent."""
    root, addresses = each(tmp_path, server, count=2)
    server.handler.refuse = {a: "451 try again later" for a in addresses}
    unfinished(root)
    server.handler.refuse = {}
    add_a_line_and_rebuild(root)
    rebuilt = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert not [w for w in send(root, PERIOD, env={}).warnings if "rebuilt" in w]
    result = send(root, PERIOD, yes=True, env={})
    assert result.lines == [f"Sent {PERIOD} to 2 of 2 recipients via 127.0.0.1:{server.port}."]
    assert {m.data.split(b"\r\n\r\n", 1)[1] for m in server.received} == {rebuilt.split(b"\r\n\r\n", 1)[1]}
    assert (root / "dist" / PERIOD / "sent.eml").read_bytes() == rebuilt


def test_a_recipient_caught_mid_send_is_resent_only_with_resend_uncertain(tmp_path, server, monkeypatch):
    """--force is for failed doctor checks: it once resent to uncertain recipients too, so an
    author who forced past a check also resent to readers who may have had the edition."""
    root, addresses = each(tmp_path, server)
    kill_send_at(monkeypatch, root, addresses[1], "intent")

    # The dry run says so before --yes, naming the option that resends, whatever else is given.
    skipped = (
        f"An earlier run stopped while sending to {addresses[1]}, who may have the edition already: "
        "they are skipped; --resend-uncertain would send it to them again (or, if they did get it, "
        "--uncertain-received record so)."
    )
    assert skipped in send(root, PERIOD, env={}).warnings
    forced = send(root, PERIOD, force=True, env={}).warnings
    assert skipped in forced and "--force changes nothing: no doctor check failed" in forced[0]
    warnings = send(root, PERIOD, resend_uncertain=True, env={}).warnings
    assert (
        f"stopped while sending to {addresses[1]}, who may have the edition already: "
        "--resend-uncertain sends it to them again." in warnings[-1]
    )
    assert delivered(server) == [addresses[0]]

    with pytest.raises(NewsletterError) as error:  # a reader left unsure: not a send to report as done
        send(root, PERIOD, yes=True, force=True, env={})
    assert delivered(server) == [addresses[0], *addresses[2:]]
    assert error.value.message == (
        f"Sent {PERIOD} to 3 more recipients via 127.0.0.1:{server.port} (4 of 5 in all). Not resent, as they "
        f"may have received it already: {addresses[1]}; check, then run again with --resend-uncertain to resend "
        "to them (or, if they did get it, with --uncertain-received to record so)."
    )
    assert ledger(root)["steps"]["smtp.send"]["state"] == "intent"

    send(root, PERIOD, yes=True, resend_uncertain=True, env={})
    assert delivered(server) == [addresses[0], *addresses[2:], addresses[1]]
    assert ledger(root)["steps"]["smtp.send"]["state"] == "done"


def test_a_dropped_connection_is_reopened(tmp_path, server):
    root, addresses = each(tmp_path, server)
    server.handler.drop_on_mail = {3}  # before the server has the third message
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses


def test_a_connection_dropped_before_the_server_asked_for_the_message_is_sent_again(tmp_path, server):
    """New user 54 (Nadia, on a train): the connection dropped after the server took the reader
    (RCPT) and before it asked for the message (354), so it had none of it; the reader was left
    "may have it", to check by hand and --resend-uncertain, and the run ended unfinished. The
    message goes again on a new connection, as one lost at MAIL does; to the list address too."""
    root, addresses = each(tmp_path, server)
    server.handler.drop_on_data = {2}
    result = send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses  # each once
    assert result.lines[0] == f"Sent {PERIOD} to 5 of 5 recipients via 127.0.0.1:{server.port}."
    listed = workspace(tmp_path / "list", server.settings())
    server.handler.drop_on_data = {server.handler.datas_asked + 1}
    assert send(listed, PERIOD, yes=True, env={}).lines == [
        f"Sent {PERIOD} to list@example.com via 127.0.0.1:{server.port}."
    ]
    assert delivered(server)[-1:] == ["list@example.com"] and len(server.received) == 6


def test_a_connection_dropped_twice_before_the_message_stops_with_the_reader_not_sent(tmp_path, server):
    root, addresses = each(tmp_path, server, count=3)
    server.handler.drop_on_data = {2, 3}  # the second reader's DATA, and again on the new connection
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message.startswith(f"127.0.0.1:{server.port} keeps dropping the connection (")
    assert error.value.message.endswith(
        "Stopped after 1 of 3 recipients; run the same command again to continue with the rest."
    )
    assert Journal(root / ".newsletter" / "ledger" / f"{PERIOD}.recipients.jsonl").states()[addresses[1]]["state"] == (
        "failed"  # not "may have it": it had none of it
    )
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses


def test_a_run_stopped_by_a_lost_server_names_the_reader_it_left_unsure(tmp_path, server):
    """New user 54 (Nadia): the train lost the network while the server took a reader's message,
    and no connection could be made again: the run said "Stopped after 1 of 4 recipients; run the
    same command again", and named nowhere the reader who may have it."""
    root, addresses = each(tmp_path, server, count=4)
    handle = server.handler.handle_DATA

    async def kept_then_gone(smtp, session, envelope):
        answer = await handle(smtp, session, envelope)
        if len(server.received) == 2:  # kept the second message, then: no answer, and no server
            server.controller.server.close()
            smtp.transport.abort()
        return answer

    server.handler.handle_DATA = kept_then_gone
    message = unfinished(root)
    # (connected a moment before: no word of smtp_host and smtp_port, which sent the first two)
    assert message.startswith(f"Could not connect to 127.0.0.1:{server.port} again (")
    assert "the network or the server went away during the send: check your connection." in message
    assert message.endswith(
        f"Stopped after 1 of 4 recipients; run the same command again to continue with the rest. {addresses[1]} "
        "may have it already (the connection dropped while the server took it): skipped unless, once you have "
        "checked, you run again with --resend-uncertain (or, if they did get it, --uncertain-received)."
    )


def test_a_connection_dropped_while_the_server_has_the_message(tmp_path, server):
    root, addresses = each(tmp_path, server)
    server.handler.drop_after_data = {2}  # it kept the second message, then hung up
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses  # the rest went on a new connection, nobody twice
    assert error.value.message == (
        f"Sent {PERIOD} to 4 of 5 recipients via 127.0.0.1:{server.port}. Not resent, as "
        f"they may have received it already: {addresses[1]}; check, then run again "
        "with --resend-uncertain to resend to them (or, if they did get it, with --uncertain-received to record so)."
    )


def test_a_run_after_an_unsure_recipient_says_it_sent_nothing_new(tmp_path, server):
    """Run again with a recipient left unsure, it said "Sent 2021-02 to 4 of 5 recipients"
    having sent nothing: the author read it as the edition gone out a second time."""
    root, addresses = each(tmp_path, server)
    server.handler.drop_after_data = {2}  # the server keeps the second message, then hangs up
    with pytest.raises(NewsletterError) as first:
        send(root, PERIOD, yes=True, env={})
    assert first.value.message.startswith(f"Sent {PERIOD} to 4 of 5 recipients via 127.0.0.1:{server.port}. Not resent")
    with pytest.raises(NewsletterError) as again:
        send(root, PERIOD, yes=True, env={})
    assert again.value.message == (
        f"Sent nothing new: {PERIOD} had already gone to 4 of 5 recipients. Not resent, as they may have "
        f"received it already: {addresses[1]}; check, then run again with --resend-uncertain to resend to them "
        "(or, if they did get it, with --uncertain-received to record so)."
    )
    assert delivered(server) == addresses
    last = send(root, PERIOD, yes=True, resend_uncertain=True, env={})
    assert last.lines == [f"Sent {PERIOD} to 1 more recipient via 127.0.0.1:{server.port} (5 of 5 in all)."]


def test_refused_recipients(tmp_path, server):
    root, addresses = each(tmp_path, server, count=4)
    server.handler.refuse = {addresses[1]: "550 5.1.1 No such user", addresses[2]: "451 4.7.1 Try later"}
    with pytest.raises(NewsletterError) as error:  # a reader refused for now does not have it yet
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"Sent {PERIOD} to 2 of 4 recipients via 127.0.0.1:{server.port}. Refused for good: {addresses[1]}. "
        f"Refused for now: {addresses[2]}; run the same command again to retry them."
    )
    server.handler.refuse = {addresses[1]: "550 5.1.1 No such user"}
    result = send(root, PERIOD, yes=True, env={})
    assert delivered(server) == [addresses[0], addresses[3], addresses[2]]
    assert result.lines == [
        f"Sent {PERIOD} to 1 more recipient via 127.0.0.1:{server.port} (3 of 4 in all). "
        f"Refused for good: {addresses[1]}."
    ]
    assert ledger(root)["steps"]["smtp.send"]["state"] == "done"


def test_a_message_refused_at_the_end_of_data_is_not_sent(tmp_path, server):
    """smtplib's data() returns the server's last answer instead of raising on it: a 554 (spam)
    or a 452 (full) after the message was reported sent, and recorded as done."""
    root, addresses = each(tmp_path, server, count=3)
    server.handler.refuse_data = {addresses[0]: "554 5.7.1 Message looks like spam", addresses[1]: "452 4.3.1 Full"}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert delivered(server) == [addresses[2]]
    assert error.value.message == (
        f"Sent {PERIOD} to 1 of 3 recipients via 127.0.0.1:{server.port}. Refused for good: {addresses[0]}. "
        f"Refused for now: {addresses[1]}; run the same command again to retry them."
    )
    assert ledger(root)["steps"]["smtp.send"]["state"] == "intent"


def test_what_the_smtp_server_said_reaches_the_terminal_without_escape_sequences(tmp_path, server):
    """A refusal quotes the server's answer: one answering '554 \x1b]0;…\x07' had the terminal
    take it for a command when send printed the error (and the journal kept it so)."""
    root = workspace(tmp_path, server.settings())
    server.handler.refuse_data = {"list@example.com": "554 5.7.1 Looks \x1b]0;owned\x07like\x1b[2J spam"}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"127.0.0.1:{server.port} refused the edition for list@example.com (554 5.7.1 Looks ]0;ownedlike[2J spam); "
        "nothing was sent."
    )


def test_the_list_message_refused_at_the_end_of_data(tmp_path, server):
    root = workspace(tmp_path, server.settings())
    server.handler.refuse_data = {"list@example.com": "554 5.7.1 Message looks like spam"}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"127.0.0.1:{server.port} refused the edition for list@example.com (554 5.7.1 Message looks like spam); "
        "nothing was sent."
    )
    assert ledger(root)["steps"]["smtp.send"]["state"] == "failed"
    server.handler.refuse_data = {}
    send(root, PERIOD, yes=True, env={})
    assert len(server.received) == 1


def test_a_server_closing_the_channel_stops_the_run(tmp_path, server):
    """421: the server is shutting the connection (throttled, busy). Each following recipient
    reopened a connection to be told the same: 5,000 connections to a server that asked for a
    pause, the way to get the sending address blocked."""
    root, addresses = each(tmp_path, server, count=4)
    server.handler.refuse = {addresses[1]: "421 4.7.0 Too many messages, try again later"}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"127.0.0.1:{server.port} takes no more mail for now (421 4.7.0 Too many messages, try again later). "
        "Stopped after 1 of 4 recipients; run the same command again later to continue with the rest."
    )
    assert delivered(server) == addresses[:1]
    server.handler.refuse = {}
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses


def test_a_recipients_file_with_bad_lines(tmp_path, server):
    root, _ = each(
        tmp_path,
        server,
        lines=[
            "ok@example.org",
            '"Smith, Bob" <bob@example.org>',
            "not an address",
            "a@b.org, c@d.org",
            "jöhn@example.org",
        ],
    )
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        "subscribers.txt: 3 lines are not one email address each (line 4: 'not an address', line 5: "
        "'a@b.org, c@d.org', line 6: 'jöhn@example.org'); fix them and run again."
    )
    assert server.received == []


def test_a_line_break_an_editor_does_not_show_is_within_its_line(tmp_path, server):
    """A name pasted from a document brought a line separator (U+2028) into a subscriber's line,
    which no editor shows as a break: read as two lines, the message named 'Bo', and every line
    after it by a number one past its own. Lines are the editor's; that one is named whole."""
    lines = ["ok@example.org", "Bo\u2028Lee <bo@example.org>", "Cy\x0cDee <cy@example.org>", "not an address"]
    root, _ = each(tmp_path, server, lines=lines)
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        "subscribers.txt: 3 lines are not one email address each (line 3: 'Bo\\u2028Lee <bo@example.org>', "
        "line 4: 'Cy\\x0cDee <cy@example.org>', line 5: 'not an address'); fix them and run again."
    )
    assert server.received == []


def test_an_address_holding_an_encoded_word_is_no_address(tmp_path, server):
    """RFC 2047 allows no encoded word in an address, but the email package decodes one there:
    a subscriber line '=?utf-8?q?x=0D=0ABcc=3A_y?=@example.org' passed as an address; its To header
    raised ValueError mid-send, a traceback. It is a line to fix, named with the others."""
    root, _ = each(tmp_path, server, lines=["ok@example.org", "=?utf-8?q?x=0D=0ABcc=3A_y?=@example.org"])
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        "subscribers.txt: 1 line is not one email address each (line 3: '=?utf-8?q?x=0D=0ABcc=3A_y?=@example.org'); "
        "fix them and run again."
    )
    assert server.received == []


# --- list mode, killed ---------------------------------------------------------------------------


def test_killed_after_the_list_message_went_out_refuses_until_told_to_resend(tmp_path, server, monkeypatch):
    root = workspace(tmp_path, server.settings())
    crash_at(monkeypatch, "done", "smtp.send")
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env={})
    monkeypatch.undo()
    assert len(server.received) == 1

    intent = ledger(root)["steps"]["smtp.send"]["intent_at"]
    # The dry run says so before --yes refuses (it said nothing: all looked ready).
    assert send(root, PERIOD, env={}).warnings == [
        f"An earlier run began sending {PERIOD} to list@example.com on {when(intent)} and did not finish, "
        "so it may have gone out: --yes will refuse; check the list's archive, and if it did not arrive, "
        "--resend-uncertain sends it again (if it did, --uncertain-received records so)."
    ]
    assert (
        send(root, PERIOD, resend_uncertain=True, env={})
        .warnings[-1]
        .endswith("so it may have gone out: --resend-uncertain sends it again.")
    )
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"An earlier run began sending {PERIOD} to list@example.com on {when(intent)} and did not finish: "
        "the message may have gone out. Check the list's archive; if it did not arrive, run again with "
        "--resend-uncertain, and if it did, with --uncertain-received."
    )
    with pytest.raises(NewsletterError):  # --force is for doctor checks: it does not resend
        send(root, PERIOD, yes=True, force=True, env={})
    assert len(server.received) == 1

    send(root, PERIOD, yes=True, resend_uncertain=True, env={})  # the user checked: it did not arrive
    assert len(server.received) == 2
    assert ledger(root)["history"][-1]["event"] == "forced"


def test_readers_checked_as_having_it_are_recorded_so_and_the_send_finishes(tmp_path, server):
    """New user 54 (Nadia): her provider's log showed the reader a dropped connection left unsure
    had the edition. The only way on was --resend-uncertain, a second copy to that reader; else
    the send never finished (no copy kept as sent, every run after it exiting 1)."""
    root, addresses = each(tmp_path, server, count=3)
    server.handler.drop_after_data = {2}  # the server keeps the second message, then hangs up
    unfinished(root)
    plan = send(root, PERIOD, uncertain_received=True, env={}).warnings
    assert f"sending to {addresses[1]}, who may have the edition already: --uncertain-received records" in plan[-1]
    result = send(root, PERIOD, yes=True, uncertain_received=True, env={})
    assert result.lines[0] == (
        f"Recorded {addresses[1]} as having {PERIOD}, as you checked; sent nothing to them again. Sent nothing "
        f"new: {PERIOD} had already gone to 3 of 3 recipients."
    )
    assert delivered(server) == addresses  # each once
    assert ledger(root)["steps"]["smtp.send"]["state"] == "done"
    assert (root / "dist" / PERIOD / "sent.eml").is_file()
    with pytest.raises(NewsletterError) as again:
        send(root, PERIOD, yes=True, env={})
    assert again.value.exit_code == 3


def test_a_list_message_checked_as_arrived_is_recorded_sent(tmp_path, server, monkeypatch):
    root = workspace(tmp_path, server.settings())
    crash_at(monkeypatch, "done", "smtp.send")
    with pytest.raises(SystemExit):
        send(root, PERIOD, yes=True, env={})
    monkeypatch.undo()
    result = send(root, PERIOD, yes=True, uncertain_received=True, env={})
    assert result.lines[0] == f"Recorded {PERIOD} as sent to list@example.com, as you checked; sent nothing again."
    assert len(server.received) == 1 and ledger(root)["steps"]["smtp.send"]["state"] == "done"


def test_resend_uncertain_and_uncertain_received_are_not_given_together(tmp_path):
    from click.testing import CliRunner

    from newsletter.cli.editions import send as send_command

    root = workspace(tmp_path)
    result = CliRunner().invoke(
        send_command, [PERIOD, "--yes", "--resend-uncertain", "--uncertain-received", "-w", str(root)]
    )
    assert result.exit_code == 2 and "give the one that is true" in result.output


def test_killed_before_the_connection_refusal_leaves_nothing_to_force(tmp_path, server):
    root = workspace(tmp_path, server.settings())
    server.handler.refuse = {"list@example.com": "550 5.1.1 No such list"}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"127.0.0.1:{server.port} refused the edition for list@example.com (550 5.1.1 No such list); nothing was sent."
    )
    server.handler.refuse = {}
    send(root, PERIOD, yes=True, env={})  # refused means not sent: no --force needed
    assert len(server.received) == 1


def test_a_list_send_whose_connection_drops_before_the_message_is_not_uncertain(tmp_path, server):
    """The server hung up before it had the message, twice: certainly not sent. The ledger kept
    the step's intent, so the next run said it may have gone out and wanted --resend-uncertain."""
    root = workspace(tmp_path, server.settings())
    server.handler.drop_on_mail = {1, 2}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == (
        f"127.0.0.1:{server.port} keeps dropping the connection (SMTPServerDisconnected: Connection "
        "unexpectedly closed). Nothing was sent; run the same command again."
    )
    assert ledger(root)["steps"]["smtp.send"]["state"] == "failed"
    assert send(root, PERIOD, env={}).warnings == []
    send(root, PERIOD, yes=True, env={})
    assert len(server.received) == 1


def undated(eml: bytes) -> bytes:
    """A message's bytes, line endings made LF, without its Date header."""
    return b"\n".join(line for line in eml.replace(b"\r\n", b"\n").split(b"\n") if not line.startswith(b"Date: "))


def test_a_ledger_that_cannot_be_written_sends_nothing_and_nothing_twice(tmp_path, server, monkeypatch):
    """A full disk under .newsletter/ledger/ raised OSError out of `send` as a traceback, whether
    before the message went out (it did not) or after (it did, and must not go again)."""
    root = workspace(tmp_path, server.settings())
    replace, written = os.replace, []

    def full_after(count):
        def on_a_full_disk(source, target, *args, **kwargs):
            if "ledger" in str(target):
                written.append(target)
                if len(written) > count:
                    raise OSError(errno.ENOSPC, "No space left on device")
            return replace(source, target, *args, **kwargs)

        return on_a_full_disk

    monkeypatch.setattr(os, "replace", full_after(0))
    with pytest.raises(
        NewsletterError, match=r"send ledger .* \(No space left on device\), so smtp.send was not begun"
    ):
        send(root, PERIOD, yes=True, env={})
    assert server.received == []
    written.clear()
    monkeypatch.setattr(os, "replace", full_after(1))  # the intent is written, the outcome is not
    with pytest.raises(NewsletterError, match=r"\(No space left on device\) after smtp.send happened"):
        send(root, PERIOD, yes=True, env={})
    assert len(server.received) == 1
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(NewsletterError):  # interrupted: never sent again unasked
        send(root, PERIOD, yes=True, env={})
    assert len(server.received) == 1


def test_a_copy_as_sent_that_cannot_be_kept_is_a_warning_after_the_send(tmp_path, server, monkeypatch):
    """The message went out and was recorded, then keeping its copy in dist/ on a full disk
    raised OSError as a traceback: the author was told nothing went well."""
    root = workspace(tmp_path, server.settings())
    replace = os.replace

    def on_a_full_disk(source, target, *args, **kwargs):
        if str(target).endswith("sent.eml"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", on_a_full_disk)
    result = send(root, PERIOD, yes=True, env={})
    assert result.lines == [f"Sent {PERIOD} to list@example.com via 127.0.0.1:{server.port}."]
    assert any("could not be kept in dist/2021-02/sent.eml (No space left on device)" in w for w in result.warnings)
    assert len(server.received) == 1 and ledger(root)["steps"]["smtp.send"]["state"] == "done"


def test_a_journal_that_cannot_be_written_stops_the_send_with_where_it_stood(tmp_path, server, monkeypatch):
    """A full disk under the per-recipient journal raised OSError out of `send` as a traceback;
    the recipient whose "done" was not recorded has it, and is not sent it again."""
    root, addresses = each(tmp_path, server)
    fsync, journaled = os.fsync, []

    def on_a_full_disk(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".recipients.jsonl"):
            journaled.append(fd)
            if len(journaled) == 4:  # intent, done, intent, then the second recipient's done
                raise OSError(errno.ENOSPC, "No space left on device")
        return fsync(fd)

    monkeypatch.setattr(os, "fsync", on_a_full_disk)
    with pytest.raises(
        NewsletterError, match=rf"send journal .*\(No space left on device\); stopped at {addresses[1]}"
    ):
        send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses[:2]
    monkeypatch.setattr(os, "fsync", fsync)
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses  # the rest, and the second not twice


def test_a_first_reader_whose_done_the_journal_could_not_keep_leaves_the_send_begun(tmp_path, server, monkeypatch):
    """The server took the first reader's message and the journal could not record it: the run
    judged by what it had recorded in memory (nobody), and marked the send not begun, though the
    journal's intent says that reader may have it. Then nothing held the list address back:
    sent to the list, that reader got the edition twice."""
    root, addresses = each(tmp_path, server)
    fsync, journaled = os.fsync, []

    def on_a_full_disk(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".recipients.jsonl"):
            journaled.append(fd)
            if len(journaled) == 2:  # the first reader's intent, then their done
                raise OSError(errno.ENOSPC, "No space left on device")
        return fsync(fd)

    monkeypatch.setattr(os, "fsync", on_a_full_disk)
    with pytest.raises(NewsletterError) as stopped:
        send(root, PERIOD, yes=True, env={})
    monkeypatch.setattr(os, "fsync", fsync)

    assert delivered(server) == addresses[:1]
    assert f"stopped at {addresses[0]}, which may have it: it is not resent unasked" in stopped.value.message
    assert ledger(root)["steps"]["smtp.send"]["state"] == "intent"
    settings = (root / "newsletter.toml").read_text(encoding="utf-8")
    (root / "newsletter.toml").write_text(settings.replace('"subscribers.txt"', '"list"'), encoding="utf-8")
    with pytest.raises(NewsletterError, match="one message per recipient .* and did not finish"):
        send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses[:1]


@pytest.mark.parametrize(
    "torn",
    [
        b'{"to": "someone@example.org", "sta',
        # torn inside a character: the journal is UTF-8, and reading it raised UnicodeDecodeError
        '{"to": "josé@example.org", "state": "intent", "at": "2026'.encode() + "é".encode()[:1],
        b'{"to": "jos' + "é".encode()[:1],
        # whole, but JSON Python refuses: a number past 4,300 digits (a ValueError, a traceback)
        b'{"to": "someone@example.org", "n": ' + b"1" * 5000 + b"}",
    ],
)
def test_a_line_torn_by_a_crash_does_not_swallow_the_next_record(tmp_path, server, torn):
    """The next run appended its first record to the unfinished line, making it unreadable too:
    that recipient's `intent` was lost, so a crash while sending to them would have left no
    trace, and the run after would have sent to them again. A line torn inside a character
    stopped every later send with a traceback, UnicodeDecodeError."""
    root, addresses = each(tmp_path, server, count=2)
    journal = root / ".newsletter" / "ledger" / f"{PERIOD}.recipients.jsonl"
    journal.parent.mkdir(parents=True)
    journal.write_bytes(torn)
    send(root, PERIOD, yes=True, env={})
    states = [(r["to"], r["state"]) for r in map(json.loads, journal.read_bytes().splitlines()[1:])]
    assert states == [
        (addresses[0], "intent"),
        (addresses[0], "done"),
        (addresses[1], "intent"),
        (addresses[1], "done"),
    ]


def test_a_list_send_that_may_have_gone_out_is_not_followed_by_one_per_reader(tmp_path, server):
    """smtp_recipients changed from "list" to a file after a list send whose connection dropped
    as the server took the message: one message went to every reader, though the list may
    already have had it."""
    root = workspace(tmp_path, server.settings())
    server.handler.drop_after_data = {1}
    with pytest.raises(NewsletterError, match="may have gone out"):
        send(root, PERIOD, yes=True, env={})
    (root / "newsletter.toml").write_text(SETTINGS + server.settings(recipients="subscribers.txt"), encoding="utf-8")
    (root / "subscribers.txt").write_text("reader1@example.org\nreader2@example.org\n", encoding="utf-8")
    said = (
        f"An earlier run began sending {PERIOD} to the list address list@example.com on "
        f"{when(ledger(root)['steps']['smtp.send']['intent_at'])} and did not finish, so the list may have it, "
        "and one message per recipient would send it to them again: check the list's archive; if it did not "
        "arrive, --resend-uncertain sends it one message per recipient"
    )
    assert said + " (--yes will refuse)" in send(root, PERIOD, env={}).warnings
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == said + "; nothing sent."
    assert delivered(server) == ["list@example.com"]
    send(root, PERIOD, yes=True, resend_uncertain=True, env={})  # checked: the list did not get it
    assert delivered(server) == ["list@example.com", "reader1@example.org", "reader2@example.org"]


def test_readers_sent_theirs_one_by_one_are_not_sent_the_lists(tmp_path, server):
    """smtp_recipients changed from a file to "list" with the per-reader send unfinished: the
    list message went to the readers that run had reached, --resend-uncertain or not."""
    root, addresses = each(tmp_path, server, count=3)
    server.handler.refuse = {addresses[2]: "451 4.7.1 Try later"}
    unfinished(root)
    (root / "newsletter.toml").write_text(SETTINGS + server.settings(), encoding="utf-8")
    said = (
        f"An earlier run began sending {PERIOD} one message per recipient (subscribers.txt) on "
        f"{when(ledger(root)['steps']['smtp.send']['intent_at'])} and did not finish; sent to the list address, "
        'it would reach again the readers that run did: set smtp_recipients = "subscribers.txt" in [send] '
        "again to finish that send"
    )
    assert said + " (--yes will refuse)" in send(root, PERIOD, env={}).warnings
    for again in (False, True):
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, resend_uncertain=again, env={})
        assert error.value.message == said + "; nothing sent."
    assert delivered(server) == addresses[:2]


def test_a_per_reader_send_that_reached_nobody_does_not_stop_a_list_send(tmp_path, server):
    """Every reader's message refused for now (a relay that takes mail for the list's address
    only): smtp_recipients changed to "list" was refused as if readers had theirs, "it would
    reach again the readers that run did", though it had reached none, --resend-uncertain or not."""
    root, addresses = each(tmp_path, server, count=2)
    server.handler.refuse = {address: "451 4.7.1 Relaying temporarily denied" for address in addresses}
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message.startswith(f"Sent {PERIOD} to none of 2 recipients. Refused for now: ")
    (root / "newsletter.toml").write_text(SETTINGS + server.settings(), encoding="utf-8")
    assert send(root, PERIOD, env={}).warnings == []
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == ["list@example.com"]
    with pytest.raises(NewsletterError, match="already sent"):
        send(root, PERIOD, yes=True, env={})


def test_a_per_reader_send_refused_for_good_everywhere_is_not_recorded_as_sent(tmp_path, server):
    """Every reader's address refused for good (a relay that takes mail for the list's address
    only, '550 relaying denied'): recorded as sent, so the list address was then refused with
    "2021-02 was already sent via smtp", though nobody had it."""
    root, addresses = each(tmp_path, server, count=2)
    server.handler.refuse = {address: "550 5.7.1 Relaying denied" for address in addresses}
    assert unfinished(root).startswith(f"Sent {PERIOD} to none of 2 recipients. Refused for good: ")
    (root / "newsletter.toml").write_text(SETTINGS + server.settings(), encoding="utf-8")
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == ["list@example.com"]


def test_a_cleared_state_folder_does_not_send_the_edition_again(tmp_path, server):
    """.newsletter/ holds the metadata cache too: a user who cleared it had the edition sent a
    second time to every reader, though dist/PERIOD/sent.eml said it had gone out."""
    root, addresses = each(tmp_path, server, count=2)
    send(root, PERIOD, yes=True, env={})
    shutil.rmtree(root / ".newsletter")
    copy = f"dist/{PERIOD}/sent.eml"
    stamp = dt.datetime.fromtimestamp((root / copy).stat().st_mtime, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    said = (
        f"{copy} is {PERIOD} as it went out (the file dates from {when(stamp)}), but the send ledger "
        f"(.newsletter/ledger/{PERIOD}.json) has no record of that send: was it sent from another clone of this "
        "log, or .newsletter/ deleted? The ledger is what keeps an edition from going out "
        f"twice. Restore it from a backup; or, if you are sure no reader has {PERIOD}, delete {copy} and run again"
    )
    assert said + " (--yes will refuse)" in send(root, PERIOD, env={}).warnings
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={})
    assert error.value.message == said + "; nothing sent."
    assert delivered(server) == addresses
    (root / copy).unlink()  # the author's word that nobody has it
    send(root, PERIOD, yes=True, env={})
    assert delivered(server) == addresses * 2


def test_times_are_the_authors_own_in_the_date_header_and_every_message(tmp_path, server):
    """An author in Berlin read the ledger's '10:02 UTC' as their own 10:02, and their test's Date
    header said +0000: the workspace's `timezone` is theirs, and both now use it."""
    from zoneinfo import ZoneInfo

    root = workspace(tmp_path, server.settings())
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace('author = "Ann"\n', 'author = "Ann"\ntimezone = "Europe/Berlin"\n')
    )
    build(root)
    berlin = ZoneInfo("Europe/Berlin")

    send(root, PERIOD, test="", env={})
    date = server.received[0].message["Date"]
    # RFC 5322's date-time, as email.utils writes it, with Berlin's offset at that moment
    assert re.fullmatch(
        r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
        r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}",
        date,
    ), date
    sent_at = email.utils.parsedate_to_datetime(date)
    assert sent_at.utcoffset() == sent_at.astimezone(berlin).utcoffset() != dt.timedelta(0)
    assert abs((sent_at - dt.datetime.now(dt.UTC)).total_seconds()) < 120

    def local(stamp: str) -> str:
        moment = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC).astimezone(berlin)
        return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"  # CET, or CEST in summer

    tested = local(ledger(root)["history"][0]["at"])
    assert f"  Tests:   last sent to ann@example.com via smtp on {tested}" in send(root, PERIOD, env={}).lines
    send(root, PERIOD, yes=True, env={})
    assert server.received[1].message["Date"][-5:] == date[-5:]  # the list's copy too
    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env={})
    done = local(ledger(root)["steps"]["smtp.send"]["done_at"])
    assert refused.value.message == f"{PERIOD} was already sent via smtp on {done}; nothing sent."
    assert done.endswith((" CET", " CEST"))


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN", "CRAM-MD5"])
def test_a_password_with_letters_outside_ascii_logs_in(tmp_path, mechanism):
    """Amaury's university password, 's3cret-été', stopped `send --test` with a traceback
    (UnicodeEncodeError: smtplib encodes credentials as ASCII); AUTH carries them as UTF-8."""
    password = "s3cret-été"
    with SmtpServer(login=True, password=password, only_mechanism=mechanism) as server:
        root = workspace(tmp_path, server.settings("none"))
        send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": password})
        assert server.handler.logins == [SMTP_USER]
        assert len(server.received) == 1


@pytest.mark.parametrize("password", ["s3cret-ete", "s3cret-été"])
def test_a_mechanism_refused_is_followed_by_the_next_one_offered(tmp_path, password):
    """A server offering CRAM-MD5 that it cannot check (Dovecot keeping the password hashed
    refuses it) and PLAIN: smtplib's login goes on to PLAIN, and so must a login outside ASCII,
    or 's3cret-été' was refused where 's3cret-ete' logged in on the same server."""
    with SmtpServer(login=True, password=password, cram_md5_refused=True) as server:
        root = workspace(tmp_path, server.settings("none"))
        send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": password})
        assert server.handler.logins == [SMTP_USER]
        assert len(server.received) == 1


@pytest.mark.parametrize("password", ["s3cret-ete", "s3cret-été"])
def test_a_server_asking_again_after_the_initial_response_is_answered(tmp_path, password):
    """A PLAIN that asks for the credentials with "334 " after the command's: smtplib sends them
    again and logs in; a login outside ASCII stopped at the 334 as if it were refused."""
    with SmtpServer(login=True, password=password, only_mechanism="PLAIN", plain_asks=1) as server:
        root = workspace(tmp_path, server.settings("none"))
        send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": password})
        assert server.handler.logins == [SMTP_USER]
        assert len(server.received) == 1


def test_a_mechanism_that_keeps_asking_is_cancelled_before_the_next_is_tried(tmp_path):
    """Past smtplib's five challenges the exchange is cancelled ('*'): left open, the next
    mechanism's AUTH line was read by the server as one more answer, and LOGIN failed too."""
    with SmtpServer(login=True, password="s3cret-été", plain_asks=100) as server:
        root = workspace(tmp_path, server.settings("none"))
        send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": "s3cret-été"})
        assert server.handler.logins == [SMTP_USER]  # by LOGIN


@pytest.mark.parametrize("password", ["s3cret-ete", "s3cret-été"])
@pytest.mark.parametrize("mechanism", ["CRAM-MD5", "LOGIN"])
def test_a_challenge_that_is_not_base64_is_one_line_naming_the_server(tmp_path, mechanism, password):
    """A server answering AUTH with '334 Enter password:' or '334 <1896.…>' unencoded ended `send` in
    a binascii.Error traceback, through smtplib's login and ours alike."""
    with SmtpServer(login=True, only_mechanism=mechanism, unencoded_challenges=True) as server:
        root = workspace(tmp_path, server.settings("none"))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": password})
    assert error.value.message == (
        f"127.0.0.1:{server.port} asked for the login with a challenge that is not base64, which no "
        "login can answer; check that smtp_host and smtp_port in [send] name its mail submission "
        "service, or tell its administrator."
    )
    assert server.received == []


def test_a_wrong_password_outside_ascii_is_a_refused_login(tmp_path):
    with SmtpServer(login=True, password="s3cret-été") as server:
        root = workspace(tmp_path, server.settings("none"))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={**LOGIN, "SMTP_PASSWORD": "s3cret-ete-é"})
    assert error.value.message.startswith(f"127.0.0.1:{server.port} refused the login (535 ")
    assert "ete" not in error.value.message
    assert server.received == []


@pytest.mark.parametrize("lost", ["deleted", "damaged", "another edition's"])
def test_a_resumed_send_whose_first_message_is_lost_sends_no_rebuild_unasked(tmp_path, server, monkeypatch, lost):
    """Killed after two of four readers, rebuilt, and the message the send began with
    (.newsletter/ledger/PERIOD.began.eml) deleted, damaged or replaced by another edition's: the
    next run sent the last two the rebuild, wrote it over the file as what the send began with, and
    kept it as dist/PERIOD/sent.eml, what every reader got. It refuses now, naming the file, and
    sends nobody; --force sends the rest this build, and says the first readers had another."""
    root, addresses = each(tmp_path, server, count=4)
    kill_send_at(monkeypatch, root, addresses[1], "done")
    add_a_line_and_rebuild(root, "A line added after two readers had it.")
    began = root / ".newsletter" / "ledger" / f"{PERIOD}.began.eml"
    if lost == "deleted":
        began.unlink()
    elif lost == "damaged":
        began.write_bytes(began.read_bytes()[:-200])
    else:
        began.write_bytes((root / "dist" / PERIOD / "newsletter.eml").read_bytes())

    said = (
        f"2 readers have (or may have) the message an earlier run began sending {PERIOD} with, and "
        f".newsletter/ledger/{PERIOD}.began.eml is not that message any more ("
    )
    assert [w for w in send(root, PERIOD, env={}).warnings if w.startswith(said)]
    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env={})
    assert refused.value.message.startswith(said)
    assert refused.value.message.endswith("Nothing sent: put the file back, or --force sends the rest this build.")
    assert delivered(server) == addresses[:2]
    assert not (root / "dist" / PERIOD / "sent.eml").exists()

    result = send(root, PERIOD, yes=True, force=True, env={})
    assert delivered(server) == addresses
    assert result.lines[-1].endswith(
        f"(4 of 4 in all). The first readers had an earlier build of {PERIOD}: this one, changed since, "
        "went to the rest."
    )
    assert not [w for w in result.warnings if "--force changes nothing" in w]


@pytest.mark.parametrize("killed_at", [(n, state) for n in range(3) for state in ("intent", "done")])
def test_a_send_killed_at_any_reader_and_resumed_after_a_rebuild_sends_one_edition(
    tmp_path, server, monkeypatch, killed_at
):
    """Killed as it began or finished any reader's message, rebuilt with a line added, resumed
    (with --resend-uncertain for a reader caught mid-message): every reader has one message, and
    all the same one, the first build, once any reader had it; the copy kept as sent is that."""
    root, addresses = each(tmp_path, server, count=3)
    first = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    kill_send_at(monkeypatch, root, addresses[killed_at[0]], killed_at[1])
    add_a_line_and_rebuild(root)
    send(root, PERIOD, yes=True, resend_uncertain=killed_at[1] == "intent", env={})

    bodies = {message.data.split(b"\r\n\r\n", 1)[1] for message in server.received}
    assert sorted(delivered(server)) == addresses  # each once
    assert bodies == {first.split(b"\r\n\r\n", 1)[1]}  # a reader had, or may have had, the first build
    assert (root / "dist" / PERIOD / "sent.eml").read_bytes() == first


def test_the_message_a_send_began_with_goes_once_the_send_is_done(tmp_path, server, monkeypatch):
    """Every per-reader send left the message it began with in .newsletter/ledger/PERIOD.began.eml
    for good, a copy of each edition beside the ledger that nothing reads once the send is done:
    it is kept while the send is unfinished (a killed run resumes with it, after a rebuild too),
    and removed once the send is done and the message kept as sent."""
    root, addresses = each(tmp_path, server, count=3)
    first = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    began = root / ".newsletter" / "ledger" / f"{PERIOD}.began.eml"
    kill_send_at(monkeypatch, root, addresses[0], "done")
    assert began.read_bytes() == first  # unfinished: what the rest get
    add_a_line_and_rebuild(root)
    send(root, PERIOD, yes=True, env={})
    assert sorted(delivered(server)) == addresses
    assert (root / "dist" / PERIOD / "sent.eml").read_bytes() == first
    assert not began.exists()
    assert not list(began.parent.glob("*.eml"))


def test_a_send_that_reached_no_reader_keeps_no_message_it_began_with(tmp_path, server, monkeypatch):
    """A send whose every reader was refused for now (a full mailbox server, 452), or stopped
    with ^C as it connected, left .newsletter/ledger/PERIOD.began.eml until the next send: a copy
    of the edition nobody got, which nothing resumes (the next run begins again from its build,
    rebuilt since or not). It goes when no reader has or may have the message; the next run
    sends the rebuild and keeps it as sent."""
    root, addresses = each(tmp_path, server, count=2)
    began = root / ".newsletter" / "ledger" / f"{PERIOD}.began.eml"
    server.handler.refuse = {address: "452 4.2.2 Mailbox full" for address in addresses}
    assert unfinished(root).startswith(f"Sent {PERIOD} to none of 2 recipients.")
    assert not began.exists()
    server.handler.refuse = {}

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr("newsletter.delivery.smtp_connection.Connection.open", interrupted)
    with pytest.raises(NewsletterError):
        send(root, PERIOD, yes=True, env={})
    assert not began.exists()
    monkeypatch.undo()
    add_a_line_and_rebuild(root)
    assert send(root, PERIOD, yes=True, env={}).lines == [
        f"Sent {PERIOD} to 2 of 2 recipients via 127.0.0.1:{server.port}."
    ]
    assert (root / "dist" / PERIOD / "sent.eml").read_bytes() == (
        root / "dist" / PERIOD / "newsletter.eml"
    ).read_bytes()
    assert not began.exists()


def test_the_message_a_send_began_with_stays_when_its_copy_as_sent_cannot_be_kept(tmp_path, server, monkeypatch):
    """A send done whose copy as sent could not be written (a full disk) keeps the message it
    began with: it is then the one copy of what the readers got."""
    root, addresses = each(tmp_path, server, count=2)
    (root / "dist" / PERIOD / "sent.eml").mkdir()  # (a folder in its place: the copy cannot be written)
    result = send(root, PERIOD, yes=True, env={})
    assert sorted(delivered(server)) == addresses
    assert [w for w in result.warnings if w.startswith("it went out, but its copy as sent could not be kept")]
    began = root / ".newsletter" / "ledger" / f"{PERIOD}.began.eml"
    assert began.read_bytes() == (root / "dist" / PERIOD / "newsletter.eml").read_bytes()


def test_a_send_begun_and_unfinished_is_resumed_however_old_the_edition_is_now(tmp_path, server, monkeypatch):
    """Killed after two of four readers, its message rebuilt and the one it began with lost, and
    resumed once the log had moved two months on: `--yes` refused it as an old edition, the way
    past being --force, which also sent the last two readers the rebuild, past the refusal that
    names the lost file. Part of the list has the edition: its age is no question, and --yes
    says what stands in the resume's way."""
    root, addresses = each(tmp_path, server, count=4)
    kill_send_at(monkeypatch, root, addresses[1], "done")
    add_a_line_and_rebuild(root, "A line added after two readers had it.")
    (root / ".newsletter" / "ledger" / f"{PERIOD}.began.eml").unlink()
    later = root / "entries" / "2021" / "05"
    later.mkdir(parents=True)
    (later / "later.md").write_text(
        "---\ntype: article\nurl: https://example.com/later\ndate: 2021-05-02\n---\nRead later.\n", encoding="utf-8"
    )

    assert not [w for w in send(root, PERIOD, env={}).warnings if "old edition" in w]
    with pytest.raises(NewsletterError) as refused:
        send(root, PERIOD, yes=True, env={})
    assert refused.value.message.endswith("Nothing sent: put the file back, or --force sends the rest this build.")
    assert delivered(server) == addresses[:2]


def test_uncertain_received_for_an_edition_no_run_left_unsure_sends_nothing(tmp_path, server):
    """`--uncertain-received` records readers an interrupted run may have reached; given where no
    run was interrupted (the edition meant was another: last month's, the month having turned),
    it recorded nobody and sent this edition, never begun, to every reader."""
    root, _ = each(tmp_path, server, count=3)
    said = (
        "--uncertain-received records readers an interrupted send may have reached as having it, and no send "
        f"of {PERIOD} began and did not finish: nothing recorded or sent. Name the edition that run was sending "
        f"(`newsletter send PERIOD --uncertain-received --yes`), or leave the option out to send {PERIOD}."
    )
    assert (
        said.replace("nothing recorded or sent", "`--yes` will refuse")
        in send(root, PERIOD, uncertain_received=True, env={}).warnings
    )
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, uncertain_received=True, env={})
    assert error.value.message == said
    assert server.received == []
    send(root, PERIOD, yes=True, env={})  # without it, the send goes as ever
    assert len(server.received) == 3


@pytest.mark.parametrize("flag", ["resend_uncertain", "uncertain_received"])
def test_a_run_given_a_flag_for_unsure_readers_that_stops_says_to_go_on_without_it(tmp_path, server, flag):
    """Reader 2 was left unsure and checked by hand; the run given --resend-uncertain (or
    --uncertain-received) for them left reader 4 unsure in its turn, and stopped at a 421 saying
    "run the same command again later to continue with the rest": that command, the flag and all,
    sent reader 4 the edition a second time (or recorded them as having it), unchecked."""
    root, addresses = each(tmp_path, server, count=5)
    server.handler.drop_after_data = {2}  # reader 2's message kept, then the connection lost
    server.handler.refuse = {addresses[3]: "451 4.7.1 Try later", addresses[4]: "451 4.7.1 Try later"}
    unfinished(root)
    server.handler.refuse = {addresses[4]: "421 4.7.0 Too many messages, try again later"}
    server.handler.drop_after_data = {len(server.received) + 1 + (flag == "resend_uncertain")}  # reader 4's
    with pytest.raises(NewsletterError) as error:
        send(root, PERIOD, yes=True, env={}, **{flag: True})
    option = "--" + flag.replace("_", "-")
    assert f"run the same command again later, without {option}, to continue with the rest." in error.value.message
    assert f"{addresses[3]} may have it already" in error.value.message
    server.handler.refuse = {}
    with pytest.raises(NewsletterError) as again:  # as told: reader 4 left for the author to check
        send(root, PERIOD, yes=True, env={})
    assert f"Not resent, as they may have received it already: {addresses[3]}" in again.value.message
    assert delivered(server).count(addresses[3]) == 1
