"""Issue 13, item 3: `newsletter doctor --received FILE` reads a test message as the inbox got it."""

import email
from email.policy import SMTP

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.doctor import received

from fake_services import PERIOD, workspace

SIGNED = (
    "from : to : subject : date : message-id : list-id : list-unsubscribe : list-unsubscribe-post : "
    "from : subject : list-unsubscribe : list-unsubscribe-post"
)
RESULTS = (
    "mx.example.org; spf=pass smtp.mailfrom=example.com; dkim=pass (2048-bit key) header.d=example.com "
    "header.s=news; dmarc=pass (p=NONE) header.from=example.com"
)


def arrived(root, results: str | None = RESULTS, signed: str | None = SIGNED, change=None) -> bytes:
    """The built edition as an inbox would have it: trace headers added above, maybe changed on the way."""
    built = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    message = email.message_from_bytes(built, policy=SMTP)
    if change:
        change(message)
    head = "Received: from mail.example.com by mx.example.org; Mon, 1 Mar 2021 09:00:00 +0000\r\n"
    if results:
        head = f"Authentication-Results: {results}\r\n" + head
    if signed:
        head += f"DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=news; h={signed}; bh=x; b=y\r\n"
    # (marked [TEST], as earlier versions marked a test: such a copy still in an inbox is one too)
    return head.encode() + message.as_bytes().replace(b"Subject: ", b"Subject: [TEST] ", 1)


def report(root, tmp_path, data: bytes) -> dict[str, tuple[str, str]]:
    path = tmp_path / "received.eml"
    path.write_bytes(data)
    return {c.name: (c.status, c.message) for c in received(path, root, PERIOD).checks}


def test_a_message_that_arrived_as_sent(tmp_path):
    root = workspace(tmp_path)
    found = report(root, tmp_path, arrived(root))
    assert found == {
        "spf": ("pass", "SPF pass"),
        "dkim": ("pass", "DKIM pass (example.com)"),
        "dmarc": ("pass", "DMARC pass"),
        "dkim-headers": ("pass", "the signature of example.com covers List-Unsubscribe and List-Unsubscribe-Post"),
        "rewritten-headers": ("pass", "From, Subject and the list headers arrived as built"),
        "rewritten-links": ("pass", "5 links arrived as built, no image added"),
    }


def test_failed_or_missing_authentication_results(tmp_path):
    root = workspace(tmp_path)
    failed = report(root, tmp_path, arrived(root, RESULTS.replace("dkim=pass", "dkim=fail (body hash did not verify)")))
    assert failed["dkim"] == (
        "fail",
        "DKIM fail at the receiving server; see the dns/dkim line of `newsletter doctor` for the fix",
    )
    assert failed["spf"][0] == "pass"
    missing = report(root, tmp_path, arrived(root, results=None))
    assert missing["authentication"][0] == "warn"


def test_a_signature_that_leaves_the_unsubscribe_headers_out(tmp_path):
    root = workspace(tmp_path)
    partial = report(root, tmp_path, arrived(root, signed="from : to : subject : list-unsubscribe"))
    assert partial["dkim-headers"] == (
        "fail",
        "no DKIM signature's h= covers list-unsubscribe-post; Gmail and "
        "Yahoo ignore one-click unsubscribe headers that are not signed",
    )
    assert report(root, tmp_path, arrived(root, signed=None))["dkim-headers"][0] == "fail"
    # a signature's tag names are case-sensitive (RFC 6376, 3.2): a verifier reads no h= in H=
    upper = arrived(root).replace(b"; h=from", b"; H=from", 1)
    assert report(root, tmp_path, upper)["dkim-headers"][0] == "fail"


def test_links_and_headers_rewritten_on_the_way(tmp_path):
    root = workspace(tmp_path)

    def track(message):
        html = message.get_body(("html",))
        html.set_content(
            html.get_content().replace(
                'href="https://example.com/first"', 'href="https://click.relay.example/l/abc123"'
            ),
            subtype="html",
        )

    links = report(root, tmp_path, arrived(root, change=track))["rewritten-links"]
    assert links[0] == "fail" and "https://click.relay.example/l/abc123" in links[1]

    def pixel(message):
        html = message.get_body(("html",))
        html.set_content(
            html.get_content().replace("</body>", '<img src="https://t.relay.example/o.gif" width="1" alt=""></body>'),
            subtype="html",
        )

    assert "tracking pixel" in report(root, tmp_path, arrived(root, change=pixel))["rewritten-links"][1]

    def list_header(message):
        message.replace_header("List-Unsubscribe", "<https://relay.example/unsub/123>")

    assert report(root, tmp_path, arrived(root, change=list_header))["rewritten-headers"] == (
        "fail",
        "List-Unsubscribe arrived changed from the built edition; something on the way rewrites them (a "
        "relay, a list server), or the edition was rebuilt after the test",
    )


def test_not_a_received_message_and_the_command(tmp_path):
    root = workspace(tmp_path)
    (tmp_path / "notes.txt").write_text("Hello\n")
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--received", str(tmp_path / "notes.txt"), "-w", str(root)])
    assert result.exit_code == 1
    assert result.stdout.startswith("FAIL  received/message: this is not a received message's raw source")
    assert "(no From header)" in result.stdout
    # a message with a From, as sent, which no server has taken: it said "no From, Received or ..."
    built = root / "dist" / PERIOD / "newsletter.eml"
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--received", str(built), "-w", str(root)])
    assert result.exit_code == 1
    assert "raw source (no Received, Authentication-Results or DKIM-Signature header, which" in result.stdout
    (tmp_path / "got.eml").write_bytes(arrived(root))
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--received", str(tmp_path / "got.eml"), "-w", str(root)])
    assert result.exit_code == 0, result.output
    assert "PASS  received/dkim-headers: " in result.stdout


def test_a_deeply_nested_message_is_cut_before_parsing(tmp_path, monkeypatch):
    """What arrived went through relays and list servers: 40,000 nested <div>s took 5 s to parse
    (quadratic in the depth), 300,000 minutes. The HTML is cut at the depth the fetcher cuts a
    page at (links/depth.py), so the parse stays linear; the links before the cut still count."""
    from newsletter.delivery.doctor import received as module
    from newsletter.links.depth import MAX_DEPTH

    parsed, parser = [], module.LexborHTMLParser
    monkeypatch.setattr(module, "LexborHTMLParser", lambda html: parsed.append(html) or parser(html))
    root = workspace(tmp_path)

    def nest(message):
        html = message.get_body(("html",))
        html.set_content(html.get_content().replace("</body>", "<div>" * 300_000 + "</body>"), subtype="html")

    links = report(root, tmp_path, arrived(root, change=nest))["rewritten-links"]
    assert links == ("pass", "5 links arrived as built, no image added")
    assert parsed and all(html.count("<div>") < MAX_DEPTH for html in parsed)


def test_a_header_rewritten_into_an_encoded_line_break_is_reported_not_a_traceback(tmp_path):
    """A relay that rewrote From with a display name decoding to a line break (or a List-
    Unsubscribe into one) made `doctor --received` a ValueError traceback: the email package
    raises on reading such an address header. The header is read as it arrived, and is named."""
    root = workspace(tmp_path)

    as_sent = arrived(root)
    got = as_sent.replace(
        b"\r\nFrom: Ann <ann@example.com>\r\n", b"\r\nFrom: =?utf-8?q?Ann=0D=0AX=3A_y?= <ann@example.com>\r\n"
    )
    assert got != as_sent
    found = report(root, tmp_path, got)
    assert found["dkim"] == ("pass", "DKIM pass (example.com)")
    status, message = found["rewritten-headers"]
    assert status == "fail" and message.startswith("From arrived changed from the built edition")


def test_what_a_relay_wrote_reaches_the_terminal_without_its_escape_sequences(tmp_path):
    """The receiving server's verdict and the signature name the signing domain: text the mail
    path wrote, printed as it came, so 'header.d=\\x1b]0;…' began an escape sequence that
    retitled the terminal or hid the lines after it. Control characters are left out."""
    root = workspace(tmp_path)
    results = RESULTS.replace("header.d=example.com", "header.d=\x1b]0;owned\x07\x1b[2Jexample.com")
    got = arrived(root, results).replace(b"; d=example.com; s=news;", b"; d=\x1b[8mexample.com; s=news;")
    (tmp_path / "got.eml").write_bytes(got)
    result = CliRunner().invoke(main, ["doctor", PERIOD, "--received", str(tmp_path / "got.eml"), "-w", str(root)])
    assert "PASS  received/dkim: DKIM pass (]0)" in result.stdout
    assert "PASS  received/dkim-headers: the signature of [8mexample.com covers" in result.stdout
    assert not any(char in result.output for char in "\x1b\x07")


def test_a_from_cut_short_on_the_way_is_reported_not_a_traceback(tmp_path):
    """The email package's address parser fails on more than a decoded line break: a From cut
    short ('ann@', 'Ann <ann@example.com') raised IndexError, an unclosed domain literal
    ('<ann@[192.0.2.1>') AttributeError, out of `doctor --received`. Such a From is read as it
    arrived, and named as changed."""
    root = workspace(tmp_path)
    as_sent = arrived(root)
    for cut in (b"ann@", b"Ann <", b"Ann <ann@[192.0.2.1>"):
        got = as_sent.replace(b"\r\nFrom: Ann <ann@example.com>\r\n", b"\r\nFrom: " + cut + b"\r\n")
        assert got != as_sent
        found = report(root, tmp_path, got)
        assert found["dkim"] == ("pass", "DKIM pass (example.com)")
        status, message = found["rewritten-headers"]
        assert status == "fail" and message.startswith("From arrived changed from the built edition"), cut


def test_an_html_part_in_a_charset_no_codec_knows_is_read_not_a_traceback(tmp_path):
    """A copy saved by a client that could not tell the charset says 'charset=unknown-8bit' (or
    a relay left 'charset=""'): reading the part for its links raised LookupError out of
    `doctor --received`. Its bytes are read as UTF-8, and the links compared as usual."""
    root = workspace(tmp_path)
    as_sent = arrived(root)
    for charset in (b"unknown-8bit", b'""'):
        got = as_sent.replace(
            b'Content-Type: text/html; charset="utf-8"', b"Content-Type: text/html; charset=" + charset
        )
        assert got != as_sent
        found = report(root, tmp_path, got)
        assert found["rewritten-links"] == ("pass", "5 links arrived as built, no image added"), charset
