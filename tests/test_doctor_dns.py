"""Issue 13: the From domain's DNS as the doctor sees it (a real DNS server on 127.0.0.1, dnslib),
DKIM signing of what SMTP sends (verified with dkimpy against the published key), and `send`
refusing what the doctor fails."""

import os
import subprocess

import dkim
import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.doctor import diagnose
from newsletter.commands.send import send
from newsletter.config import load
from newsletter.delivery import signing
from newsletter.delivery.doctor import records
from newsletter.errors import NewsletterError

from fake_dns import DMARC, SPF, DnsServer, Silent, records_of, rsa_key
from fake_services import PERIOD, SmtpServer, build, workspace, write_entry


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """Two RSA keys: the one the settings name, and another (a stale record in DNS)."""
    folder = tmp_path_factory.mktemp("keys")
    made = [rsa_key(folder / name) for name in ("one", "two") if (folder / name).mkdir() is None]
    if made[0] is None:
        pytest.skip("needs the openssl command (Debian package openssl)")
    return made


def dkim_settings(key_file, domain: str = "example.com") -> str:
    return f'dkim_domain = "{domain}"\ndkim_selector = "news"\ndkim_private_key_file = "{key_file}"\n'


def checked(root, dns: DnsServer) -> dict[str, tuple[str, str]]:
    return {
        c.name: (c.status, c.message)
        for c in diagnose(root, PERIOD, via="smtp", nameserver=dns.address, env={}).checks
        if c.group == "dns"
    }


def test_a_domain_set_up_right_passes_every_dns_check(tmp_path, keys):
    (key, public), _ = keys
    root = workspace(tmp_path, dkim_settings(key))
    with DnsServer({**records_of(), "news._domainkey.example.com": [public]}) as dns:
        found = checked(root, dns)
    assert found == {
        "spf": ("pass", f"example.com: {SPF}"),
        "dkim": ("pass", "news._domainkey.example.com publishes the public half of the configured key"),
        "dmarc": ("pass", f"_dmarc.example.com: {DMARC}"),
        "alignment": ("pass", "From (example.com) and DKIM (example.com) are aligned"),
    }


def test_a_records_control_characters_are_escaped_and_a_long_one_cut_in_its_line(tmp_path):
    """A TXT record is what anyone answering for the domain says: an SPF record holding ESC ]0;…
    BEL set the terminal's title when its PASS line was printed, ESC [2J cleared the screen, and
    a DMARC record of 5 KB was a line of 5 KB (attack 31, against a local DNS server)."""
    root = workspace(tmp_path)
    spf = "v=spf1 ip4:127.0.0.1 \x1b]0;pwned\x07\x1b[2J -all"
    dmarc = "v=DMARC1; p=none; rua=mailto:dmarc@example.com; x=" + "y" * 5000
    with DnsServer({**records_of(), "example.com": [spf], "_dmarc.example.com": [dmarc]}) as dns:
        found = checked(root, dns)
    assert found["spf"] == ("pass", "example.com: v=spf1 ip4:127.0.0.1 \\x1b]0;pwned\\x07\\x1b[2J -all")
    status, said = found["dmarc"]
    assert status == "pass" and said.startswith(f"_dmarc.example.com: {dmarc[:200]}") and len(said) < 330


def test_listmonk_is_checked_for_spf_and_dmarc_on_the_from_domain_and_told_how_to_see_its_signing(tmp_path):
    root = workspace(tmp_path)
    with DnsServer({"example.com": []}) as dns:  # no SPF, no DMARC: listmonk's mail would be junked
        found = {
            c.name: (c.status, c.message)
            for c in diagnose(root, PERIOD, via="listmonk", nameserver=dns.address, env={}).checks
            if c.group == "dns"
        }
    assert found["spf"][0] == "fail" and found["spf"][1].startswith("example.com has no SPF record")
    assert found["dmarc"][0] == "fail" and found["dmarc"][1].startswith("example.com has no DMARC record")
    signed = "listmonk's SMTP server signs, if it does: send a test and run `doctor --received` on it"
    assert found["dkim"] == found["alignment"] == ("n/a", signed)


def test_spf_missing_doubled_or_open(tmp_path):
    root = workspace(tmp_path)
    with DnsServer(records_of()) as dns:
        dns.records["example.com"] = ["google-site-verification=abc"]
        assert checked(root, dns)["spf"][0] == "fail"
        dns.records["example.com"] = [SPF, "v=spf1 include:_spf.example.net ~all"]
        assert "has 2 SPF records" in checked(root, dns)["spf"][1]
        dns.records["example.com"] = ["v=spf1 +all"]
        assert "anyone may send as you" in checked(root, dns)["spf"][1]
        # more than ten lookups in the record itself: a permerror at every receiver, which passed (attack 31)
        many = "v=spf1 a mx " + " ".join(f"include:_spf{n}.example.net" for n in range(9)) + " -all"
        dns.records["example.com"] = [many]
        assert checked(root, dns)["spf"] == (
            "fail",
            "example.com's SPF asks for 11 DNS lookups (include:, a, mx, ptr, exists:, redirect=), more than the 10"
            " receivers make (RFC 7208, 4.6.4): they read it as an error, and no mail of yours passes SPF; keep the"
            " includes of the services that send your mail, or flatten the others into ip4:/ip6: ranges",
        )
        dns.records["example.com"] = [
            "v=spf1 a mx ip4:192.0.2.1 " + " ".join(f"include:s{n}.example.net" for n in range(8)) + " -all"
        ]
        assert checked(root, dns)["spf"][0] == "pass"  # ten, the most receivers take


def test_a_neutral_spf_is_a_warning_that_says_what_softfail_and_fail_do(tmp_path):
    """An SPF record ending in ?all passed without a word, while it asks receivers to treat mail
    from servers it does not list as if there were no SPF: forged mail in the author's name is not
    marked. So does a record with no all, which receivers read as ?all; a redirect= decides elsewhere."""
    root = workspace(tmp_path)
    with DnsServer(records_of()) as dns:
        dns.records["example.com"] = ["v=spf1 ip4:127.0.0.1 ?all"]
        status, message = checked(root, dns)["spf"]
        assert status == "warn" and message.startswith("example.com's SPF ends in ?all (neutral): receivers take")
        assert "end it in ~all (such mail is marked suspect, most often as spam) or -all (refused outright)" in message
        dns.records["example.com"] = ["v=spf1 include:_spf.example.net"]
        status, message = checked(root, dns)["spf"]
        assert status == "warn" and "has no all at its end, which receivers read as ?all (neutral)" in message
        for record in ("v=spf1 redirect=_spf.example.net", "v=spf1 ip4:127.0.0.1 ~all", "v=spf1 a -ALL"):
            dns.records["example.com"] = [record]
            assert checked(root, dns)["spf"] == ("pass", f"example.com: {record}"), record


def test_a_from_domain_that_does_not_exist_is_said_to_be_missing_not_without_spf(tmp_path):
    """NXDOMAIN for the From domain itself: "has no SPF record; publish a TXT record…" sent the
    author to add records to a domain that is not there (a typo in `from`, most often)."""
    root = workspace(tmp_path)
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace("ann@example.com>", "ann@exmaple.com>"))
    build(root)
    with DnsServer(records_of()) as dns:
        found = checked(root, dns)
    assert found["spf"] == (
        "fail",
        "exmaple.com does not exist in DNS (NXDOMAIN), so no mail from it can pass; check the From "
        "address (`from` in [email]) for a typo, or register the domain",
    )
    assert found["dmarc"] == ("n/a", "exmaple.com does not exist in DNS, so it has no DMARC record (see dns/spf)")


def test_dkim_key_not_published_or_not_the_one_configured(tmp_path, keys):
    (key, _), (_, other) = keys
    root = workspace(tmp_path, dkim_settings(key))
    with DnsServer(records_of()) as dns:
        assert checked(root, dns)["dkim"] == (
            "fail",
            "the DKIM key at news._domainkey.example.com is not published; publish the TXT record "
            '"v=DKIM1; k=rsa; p=<your public key>"',
        )
        dns.records["news._domainkey.example.com"] = [other]
        assert checked(root, dns)["dkim"] == (
            "fail",
            "the key at news._domainkey.example.com does not match the configured private key; publish "
            "the public half of the key you sign with",
        )
        # tag names are case-sensitive (RFC 6376, 3.2): a verifier finds no key in P=, so neither does the doctor
        dns.records["news._domainkey.example.com"] = [keys[0][1].replace("p=", "P=")]
        assert checked(root, dns)["dkim"][1].startswith("the DKIM key at news._domainkey.example.com is not published")


def test_a_dkim_key_published_in_testing_mode_is_a_warning(tmp_path, keys):
    """opendkim-genkey -t publishes the key with t=y, 'this domain is testing DKIM': verifiers
    must treat its signatures as no signature (RFC 6376, 3.6.1), and a record left so after the
    first test passed the doctor as set up right (new user 42)."""
    (key, public), _ = keys
    root = workspace(tmp_path, dkim_settings(key))
    with DnsServer({**records_of(), "news._domainkey.example.com": [public.replace("k=rsa;", "k=rsa; t=y;")]}) as dns:
        testing = checked(root, dns)["dkim"]
        dns.records["news._domainkey.example.com"] = [public.replace("k=rsa;", "k=rsa; t=s;")]
        strict = checked(root, dns)["dkim"]
    assert testing == (
        "warn",
        "the key at news._domainkey.example.com is published in testing mode (t=y), so receivers may treat "
        "what it signs as unsigned (RFC 6376); once a test arrives signed, remove t=y from the record",
    )
    assert strict[0] == "pass"


def test_two_dkim_records_at_the_selector_fail_as_receivers_read_only_one(tmp_path, keys):
    """A key rotation (new user 42 rotates hers) that publishes the new key beside the old one at the
    same selector passed the doctor: it joined the two records, and the last p= won; dkimpy's lookup
    (dnsplug.get_txt) takes the first record the DNS gives, so half the receivers may fail it."""
    (key, public), (_, other) = keys
    root = workspace(tmp_path, dkim_settings(key))
    with DnsServer({**records_of(), "news._domainkey.example.com": [other, public]}) as dns:
        found = checked(root, dns)["dkim"]
    assert found == (
        "fail",
        "news._domainkey.example.com has 2 TXT records, and receivers read only one of them, which one "
        "undefined (RFC 6376, 3.6.2.2); keep the one record of the key you sign with (a long key goes in one "
        "record as several quoted strings)",
    )


def test_a_1024_bit_dkim_key_is_a_warning_to_move_to_2048(tmp_path):
    """Receivers still verify a 1024-bit key, but Google recommends 2048 bits, and a
    sysadmin like new user 42 (who rotated hers from 1024 bits) expects the doctor to say so."""
    folder = tmp_path / "keys"
    folder.mkdir()
    made = rsa_key(folder, bits=1024)
    if made is None:
        pytest.skip("needs the openssl command (Debian package openssl)")
    key, public = made
    root = workspace(tmp_path, dkim_settings(key))
    with DnsServer({**records_of(), "news._domainkey.example.com": [public]}) as dns:
        assert checked(root, dns)["dkim"] == (
            "warn",
            "news._domainkey.example.com publishes the public half of the configured key, a 1024-bit one; "
            "Google recommends 2048 bits where your DNS can hold the longer record: make one, publish it under "
            "a new selector, and switch dkim_selector to it once the record is live",
        )


def test_no_dkim_key_configured_is_a_warning(tmp_path):
    root = workspace(tmp_path)
    with DnsServer(records_of()) as dns:
        found = checked(root, dns)
    assert found["dkim"][0] == "warn" and found["alignment"][0] == "warn"


def test_dmarc_missing_invalid_or_on_the_organisational_domain(tmp_path):
    root = workspace(tmp_path)
    with DnsServer(records_of()) as dns:
        dns.records["_dmarc.example.com"] = ["v=DMARC1; p=maybe"]
        assert checked(root, dns)["dmarc"] == ("fail", "the DMARC record at _dmarc.example.com has no valid p= policy")
        dns.records["_dmarc.example.com"] = ["v=DMARC1; p=Reject"]  # as receivers (and checkdmarc) read it: reject
        assert checked(root, dns)["dmarc"] == ("pass", "_dmarc.example.com: v=DMARC1; p=Reject")
        # no p= but somewhere to report to: receivers apply p=none (RFC 7489, 6.6.3), no failure
        dns.records["_dmarc.example.com"] = ["v=DMARC1; rua=mailto:dmarc@example.com"]
        assert checked(root, dns)["dmarc"] == (
            "warn",
            "the DMARC record at _dmarc.example.com has no valid p= policy, so receivers read it as p=none "
            "(RFC 7489, 6.6.3) and send reports to its rua=; add p=none (or quarantine, reject) to say so",
        )
        dns.records["_dmarc.example.com"] = ["v=DMARC1; rua=dmarc@example.com"]  # no URI: the record is ignored
        assert checked(root, dns)["dmarc"][0] == "fail"
        dns.records["_dmarc.example.com"] = ["v=DMARC1; p=Reject"]
        assert checked(root, dns)["dmarc"] == ("pass", "_dmarc.example.com: v=DMARC1; p=Reject")
        dns.records["_dmarc.example.com"] = [DMARC, "v=DMARC1; p=reject"]  # an old policy left beside the new
        assert checked(root, dns)["dmarc"] == (
            "fail",
            "_dmarc.example.com has 2 DMARC records, so receivers apply none of them (RFC 7489, 6.6.3); keep one",
        )
        del dns.records["_dmarc.example.com"]
        assert checked(root, dns)["dmarc"][1].startswith("example.com has no DMARC record")
    news = tmp_path / "news"
    news.mkdir()
    root = workspace(news)
    (root / "newsletter.toml").write_text(
        (root / "newsletter.toml").read_text().replace("ann@example.com>", "ann@news.example.com>")
    )
    build(root)
    with DnsServer({**records_of(), "news.example.com": [SPF]}) as dns:
        assert checked(root, dns)["dmarc"] == ("pass", f"_dmarc.example.com: {DMARC}")  # the parent's policy


def test_alignment_fails_when_the_dkim_domain_is_another(tmp_path, keys):
    (key, public), _ = keys
    root = workspace(tmp_path, dkim_settings(key, "mailer.example.net"))
    with DnsServer({**records_of(), "news._domainkey.mailer.example.net": [public]}) as dns:
        found = checked(root, dns)
    assert found["dkim"][0] == "pass"
    assert found["alignment"] == (
        "fail",
        "the DKIM domain mailer.example.net is not the From domain example.com, "
        "so DMARC fails; sign with a key on the From domain",
    )


def test_a_dkim_key_on_a_subdomain_aligns_only_where_dmarc_is_relaxed(tmp_path, keys):
    """New user 42's DMARC record asks for strict alignment (adkim=s), as many a self-hoster's does:
    a key on mail.example.com then does not align with a From on example.com, and DMARC fails on
    DKIM, yet the doctor said 'aligned' by the organisational domain alone."""
    (key, public), _ = keys
    root = workspace(tmp_path, dkim_settings(key, "mail.example.com"))
    zone = {**records_of(), "news._domainkey.mail.example.com": [public]}
    with DnsServer(zone) as dns:
        relaxed = checked(root, dns)["alignment"]
        dns.records["_dmarc.example.com"] = ["v=DMARC1; p=quarantine; adkim=s; aspf=s"]
        strict = checked(root, dns)["alignment"]
    assert relaxed == ("pass", "From (example.com) and DKIM (mail.example.com) are aligned")
    assert strict == (
        "fail",
        "the DKIM domain mail.example.com is not the From domain example.com, and _dmarc.example.com asks "
        "for strict DKIM alignment (adkim=s), so DMARC's DKIM check fails; set dkim_domain to example.com "
        "(with the key published at news._domainkey.example.com), or relax it to adkim=r",
    )


def test_a_dns_server_that_does_not_answer_is_a_warning_within_the_time_limit(tmp_path):
    root = workspace(tmp_path)
    settings = load(root)
    from email.parser import BytesParser
    from email.policy import default

    headers = BytesParser(policy=default).parsebytes((root / "dist" / PERIOD / "newsletter.eml").read_bytes())
    with Silent() as address:
        found = records.checks(settings, headers, None, None, offline=False, nameserver=address, timeout=0.3)
    assert [c.status for c in found] == ["warn", "warn", "warn", "warn"]
    assert found[0].message == "could not look up example.com (no answer in time), so SPF was not checked"
    offline = records.checks(settings, headers, None, None, offline=True, nameserver=None, timeout=5)
    assert [(c.status, c.message) for c in offline] == [
        ("n/a", "the DNS of example.com is not looked up with --offline")
    ]


# --- DKIM signing -----------------------------------------------------------------------------


def verify(data: bytes, zone: dict[str, list[str]]) -> bool:
    """dkimpy's verification, its key looked up in `zone` (what the test DNS server answers)."""

    def txt(name, timeout=5):
        return " ".join(zone.get(name.decode().rstrip("."), [])).encode() or None

    return dkim.verify(data, dnsfunc=txt)


def signed_headers(data: bytes) -> list[str]:
    signature = data.split(b"\r\n\r\n", 1)[0].decode().split("DKIM-Signature:", 1)[1]
    h = signature.split(" h=", 1)[1].split(";", 1)[0]
    return [name.strip() for name in h.replace("\r\n", "").split(":")]


def test_smtp_sends_are_signed_over_the_headers_that_matter_and_dist_stays_unsigned(tmp_path, keys):
    (key, public), _ = keys
    zone = {**records_of(), "news._domainkey.example.com": [public]}
    with SmtpServer() as server, DnsServer(zone) as dns:
        root = workspace(tmp_path, server.settings() + dkim_settings(key) + f'dns_server = "{dns.address}"\n')
        send(root, PERIOD, test="ann@example.com", env={})
        send(root, PERIOD, yes=True, env={})
    eml = (root / "dist" / PERIOD / "newsletter.eml").read_bytes()
    assert b"DKIM-Signature" not in eml
    test_copy, real = (r.data for r in server.received)
    for data in (test_copy, real):
        assert data.startswith(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;")
        assert verify(data, zone)
    assert real.endswith(eml.split(b"\r\n\r\n", 1)[1])  # the body as built
    assert signed_headers(real) == [
        "from",
        "to",
        "subject",
        "date",
        "message-id",
        "reply-to",
        "mime-version",
        "content-type",
        "content-transfer-encoding",
        "content-language",
        "list-id",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "from",
        "subject",
        "list-unsubscribe",
        "list-unsubscribe-post",
    ]
    tampered = real.replace(b"Subject: Test Letter", b"Subject: Test Letters", 1)
    assert not verify(tampered, zone)
    added = real.replace(b"\r\n\r\n", b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\n", 1)
    assert not verify(added, zone)  # over-signed: nobody can add it on the way


def test_one_message_per_recipient_fills_the_one_click_url_before_signing(tmp_path, keys):
    (key, public), _ = keys
    zone = {**records_of(), "news._domainkey.example.com": [public]}
    pem = key.read_text()
    with SmtpServer() as server, DnsServer(zone) as dns:
        root = workspace(
            tmp_path,
            server.settings(recipients="readers.txt")
            + f'dns_server = "{dns.address}"\n'
            + 'dkim_domain = "example.com"\ndkim_selector = "news"\n',
        )
        (root / "readers.txt").write_text("a@example.org\nb+news@example.org\n")
        (root / "newsletter.toml").write_text(
            (root / "newsletter.toml")
            .read_text()
            .replace(
                "list_unsubscribe_mailto",
                'list_unsubscribe = "https://example.com/one-click?u={email}"\nlist_unsubscribe_mailto',
            )
        )
        build(root)
        send(root, PERIOD, yes=True, env={"DKIM_PRIVATE_KEY": pem})  # the key from the environment
    first, second = (r.message for r in server.received)
    assert first["List-Unsubscribe"].startswith("<https://example.com/one-click?u=a%40example.org>")
    assert second["List-Unsubscribe"].startswith("<https://example.com/one-click?u=b%2Bnews%40example.org>")
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all(verify(r.data, zone) for r in server.received)


def test_the_key_never_goes_in_the_settings_and_is_never_printed(tmp_path, keys):
    (key, _), _ = keys
    root = workspace(tmp_path)
    text = (root / "newsletter.toml").read_text()
    (root / "newsletter.toml").write_text(text + 'dkim_private_key_file = "-----BEGIN PRIVATE KEY-----MIIE"\n')
    with pytest.raises(NewsletterError) as error:
        load(root)
    assert "keys never go in this file" in error.value.message and "MIIE" not in error.value.message
    (root / "newsletter.toml").write_text(text + 'dkim_domain = "example.com"\ndkim_selector = "news"\n')
    broken = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n"
    with pytest.raises(NewsletterError) as error:
        signing.load_key(load(root), {"DKIM_PRIVATE_KEY": broken})
    assert "not an RSA key in PEM form" in error.value.message and "c2VjcmV0" not in error.value.message
    with pytest.raises(NewsletterError) as error:
        signing.load_key(load(root), {})
    assert error.value.message == (
        "DKIM signing is set up for example.com, but there is no key: set "
        "dkim_private_key_file in [send], or put the PEM in $DKIM_PRIVATE_KEY."
    )


def test_a_key_file_that_cannot_be_read_is_a_fail_line_not_a_crash(tmp_path):
    root = workspace(tmp_path, dkim_settings("keys/missing.pem"))
    report = diagnose(root, PERIOD, via="smtp", offline=True, env={})
    [failed] = report.failed()
    assert failed.line().startswith(
        "FAIL  settings/dkim-key: [send] dkim_private_key_file: cannot read keys/missing.pem ("
    )


@pytest.mark.parametrize("kind", ["fifo", "zero", "large", "folder"])
def test_a_key_file_that_is_no_key_file_is_a_fail_line_not_a_hang(tmp_path, kind):
    """A named pipe where the key file should be (a secrets agent's, or a typo) hung the doctor
    and send for ever, waiting for a writer, and a link to /dev/zero read until memory ran out
    (attack 31); a 200 KB file was read whole and said to be 'not an RSA key'."""
    root = workspace(tmp_path, dkim_settings("keys/dkim.pem"))
    (root / "keys").mkdir()
    key = root / "keys/dkim.pem"
    if kind == "fifo":
        os.mkfifo(key)
    elif kind == "zero":
        key.symlink_to("/dev/zero")
    elif kind == "large":
        key.write_bytes(b"-----BEGIN PRIVATE KEY-----\n" + b"A" * 200_000)
    else:
        key.mkdir()
    report = diagnose(root, PERIOD, via="smtp", offline=True, env={})
    [failed] = report.failed()
    said = {
        "large": "keys/dkim.pem is larger than 64 KB, and a DKIM key's PEM is a few KB (3.2 KB for 4096 bits);"
        " check that it names the key."
    }.get(kind, "keys/dkim.pem is no file (a folder, a named pipe or a device); name the PEM file of the key itself.")
    assert failed.line() == f"FAIL  settings/dkim-key: [send] dkim_private_key_file: {said}"
    # and the service's line does not say that no dkim_domain is set, as it did
    assert "this tool signs with DKIM once its key can be read (settings/dkim-key)" in report.as_text()


def test_a_dkim_key_under_1024_bits_is_refused_before_it_signs_anything(tmp_path):
    """New user 42 signed with a 768-bit key: the doctor passed it (published, matching, aligned),
    the tool signed the test with it, and dkimpy, as a receiver, refused the signature ("public key
    too small", RFC 8301): every reader would have got the edition as unsigned mail."""
    folder = tmp_path / "keys"
    folder.mkdir()
    made = rsa_key(folder, bits=768)
    if made is None:
        pytest.skip("needs the openssl command (Debian package openssl)")
    key, public = made
    signed = dkim.sign(b"From: ann@example.com\r\nSubject: x\r\n\r\nHi\r\n", b"news", b"example.com", key.read_bytes())
    assert not dkim.verify(
        signed + b"From: ann@example.com\r\nSubject: x\r\n\r\nHi\r\n", dnsfunc=lambda *a, **k: public.encode()
    )
    with SmtpServer() as server, DnsServer({**records_of(), "news._domainkey.example.com": [public]}) as dns:
        root = workspace(tmp_path, server.settings() + dkim_settings(key) + f'dns_server = "{dns.address}"\n')
        report = diagnose(root, PERIOD, via="smtp", env={})
        with pytest.raises(NewsletterError) as refused:
            send(root, PERIOD, test="", env={})
    [failed] = report.failed()
    assert failed.line() == (
        "FAIL  settings/dkim-key: The DKIM key is 768 bits: receivers treat a signature made with a key "
        "under 1024 bits as no signature at all (RFC 8301; dkimpy and Gmail refuse it), so every message "
        "would go out unsigned. Make a 2048-bit key (`openssl genrsa -out dkim.pem 2048`) and publish its "
        "public half at news._domainkey.example.com."
    )
    assert refused.value.message == failed.message
    assert server.received == []


def test_an_encrypted_dkim_key_is_told_to_be_decrypted_not_replaced(tmp_path, keys):
    """New user 42's key file was encrypted (openssl pkcs8 -topk8 asks for a passphrase): the
    doctor said it was 'not an RSA key in PEM form' and to make one with openssl genrsa, a new
    key to publish in DNS, where the key she had was right and only needed decrypting."""
    (key, _), _ = keys
    encrypted = tmp_path / "encrypted.pem"
    subprocess.run(
        ["openssl", "pkcs8", "-topk8", "-in", str(key), "-out", str(encrypted), "-passout", "pass:secret"],
        check=True,
        capture_output=True,
    )
    root = workspace(tmp_path, dkim_settings(encrypted))
    [failed] = diagnose(root, PERIOD, via="smtp", offline=True, env={}).failed()
    assert failed.line() == (
        f"FAIL  settings/dkim-key: The DKIM private key in {encrypted} is encrypted with a passphrase, which a "
        "send cannot type. Keep a decrypted copy only you can read: `openssl pkey -in encrypted.pem -out "
        "dkim.pem && chmod 600 dkim.pem` (the same key, so its DNS record stays as it is)."
    )


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_dkim_key_file_every_user_can_read_is_a_warning(tmp_path, keys):
    """A key file written with a server's usual umask (0644: a key pasted into an editor) can be read
    by every user and service there, each able to sign mail as the domain; the doctor, which new user
    42 runs on her mail server, said nothing of it."""
    (key, _), _ = keys
    copy = tmp_path / "dkim.pem"
    copy.write_bytes(key.read_bytes())
    root = workspace(tmp_path, dkim_settings(copy))

    def said():
        checks = diagnose(root, PERIOD, via="smtp", offline=True, env={}).checks
        return [(c.status, c.message) for c in checks if c.name == "dkim-key-file"]

    copy.chmod(0o644)
    assert said() == [
        (
            "warn",
            f"{copy} can be read by every user of this machine (mode -rw-r--r--), and anyone who reads it can "
            f"sign mail as example.com; make it yours alone: chmod 600 {copy}",
        )
    ]
    copy.chmod(0o640)  # a mail server's group may share it on purpose
    assert said() == []


# --- send runs the doctor first ---------------------------------------------------------------


def test_send_refuses_what_the_doctor_fails_unless_forced_and_a_test_warns(tmp_path):
    with SmtpServer() as server, DnsServer(records_of()) as dns:
        root = workspace(tmp_path, server.settings() + f'dns_server = "{dns.address}"\n')
        del dns.records["_dmarc.example.com"]
        write_entry(root, "third", 20, "A third")
        build(root)
        result = CliRunner().invoke(main, ["send", PERIOD, "--test", "-w", str(root)])
        assert result.exit_code == 0
        assert "warning: example.com has no DMARC record" in result.stderr
        assert "(the real send will refuse it)" in result.stderr
        refused = CliRunner().invoke(main, ["send", PERIOD, "--yes", "-w", str(root)])
        assert refused.exit_code == 1 and len(server.received) == 1
        assert refused.stderr.startswith(
            f"Error: dist/{PERIOD} is not ready for the list; nothing sent "
            "(`newsletter doctor` says more; --force sends anyway):\n"
            "  example.com has no DMARC record"
        )
        forced = CliRunner().invoke(main, ["send", PERIOD, "--yes", "--force", "-w", str(root)])
        assert forced.exit_code == 0, forced.output
        assert "warning: --force: sending although 1 doctor check failed:\n  example.com has no DMARC" in forced.stderr
        assert len(server.received) == 2


def test_send_names_a_from_domain_that_does_not_exist_once(tmp_path, keys):
    """SPF's and DMARC's checks both failed for it, and send, which shows no check's name, listed
    "exmaple.com does not exist in DNS (NXDOMAIN; see dns/spf)" under SPF's own message; a DKIM
    key on that domain added "publish the TXT record" at a name that cannot hold one."""
    (key, _), _ = keys
    with SmtpServer() as server, DnsServer(records_of()) as dns:
        settings = server.settings() + f'dns_server = "{dns.address}"\n' + dkim_settings(key, "exmaple.com")
        root = workspace(tmp_path, settings)
        (root / "newsletter.toml").write_text(
            (root / "newsletter.toml").read_text().replace("ann@example.com>", "ann@exmaple.com>")
        )
        build(root)
        refused = CliRunner().invoke(main, ["send", PERIOD, "--yes", "-w", str(root)])
    assert refused.exit_code == 1 and not server.received
    assert refused.stderr == (
        f"Error: dist/{PERIOD} is not ready for the list; nothing sent "
        "(`newsletter doctor` says more; --force sends anyway):\n"
        "  exmaple.com does not exist in DNS (NXDOMAIN), so no mail from it can pass; check the From "
        "address (`from` in [email]) for a typo, or register the domain\n"
    )


def test_a_dkim_domain_outside_ascii_signs_as_its_ascii_form(tmp_path, keys):
    """dkim_domain = "bücher.example" went into the signature as 'd=bücher.example': raw UTF-8 in
    a header of an ASCII message, and a name no verifier looks the key up under. The signature
    names the A-label, as the From does, and verifies against the key published there."""
    (key, public), _ = keys
    zone = {**records_of(), "news._domainkey.xn--bcher-kva.example": [public]}
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings() + dkim_settings(key, "Bücher.example"))
        settings = root / "newsletter.toml"
        settings.write_text(settings.read_text(encoding="utf-8").replace("ann@example.com>", "ann@bücher.example>"))
        build(root)
        send(root, PERIOD, test="ann@example.com", env={})
    [received] = server.received
    assert received.data.isascii()
    signature = received.data.split(b"\r\nSubject:")[0]
    assert signature.startswith(b"DKIM-Signature: ") and b" d=xn--bcher-kva.example;" in signature
    assert verify(received.data, zone)


@pytest.mark.parametrize(
    "setting, domain, selector", [("dkim_domain", "☕.example", "news"), ("dkim_selector", "example.com", "sélecteur")]
)
def test_a_dkim_domain_or_selector_with_no_ascii_form_is_refused_by_name(tmp_path, keys, setting, domain, selector):
    """dkim_domain = "☕.example" (IDNA refuses it) or a selector outside ASCII went into the
    signature as raw UTF-8 ('d=\\xe2\\x98\\x95.example', 's=s\\xc3\\xa9lecteur') and the test went out
    signed so, under a name no verifier looks a key up under; only the doctor's alignment or
    'not published' warning hinted at it. The setting is refused by name before anything is sent."""
    (key, _), _ = keys
    with SmtpServer() as server:
        dkim = dkim_settings(key, domain).replace('dkim_selector = "news"', f'dkim_selector = "{selector}"')
        root = workspace(tmp_path, server.settings() + dkim)
        build(root)
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, test="ann@example.com", env={})
    assert error.value.message.startswith(f"[send] {setting} = ")
    assert "has no ASCII form" in error.value.message
    assert server.received == []


def test_a_domain_under_a_countrys_second_level_is_its_own_organisation(tmp_path, keys):
    """The organisational domain was a name's last two labels: for a From on example.co.uk (or
    rafael.com.br) a key on another.co.uk was 'aligned', both being 'co.uk', while receivers fail
    DMARC for it; and a From on news.example.co.uk looked for its parent's policy at _dmarc.co.uk,
    saying 'no DMARC record' where _dmarc.example.co.uk has one."""
    (key, public), _ = keys
    root = workspace(tmp_path, dkim_settings(key, "provider.co.uk"))
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace("ann@example.com>", "ann@example.co.uk>"))
    build(root)
    zone = {**records_of("example.co.uk"), "news._domainkey.provider.co.uk": [public]}
    with DnsServer(zone) as dns:
        assert checked(root, dns)["alignment"] == (
            "fail",
            "the DKIM domain provider.co.uk is not the From domain example.co.uk, so DMARC fails; "
            "sign with a key on the From domain",
        )
    settings.write_text(settings.read_text().replace("ann@example.co.uk>", "ann@news.example.co.uk>"))
    build(root)
    with DnsServer({**records_of("example.co.uk"), "news.example.co.uk": [SPF]}) as dns:
        assert checked(root, dns)["dmarc"] == ("pass", f"_dmarc.example.co.uk: {DMARC}")  # the parent's policy
