"""Files `send` reads that a user keeps out of the workspace's repository, named from the home
folder (`~/…`) as the site's `path` may be: the readers' addresses and the DKIM private key."""

import dkim
import pytest

from newsletter.commands.send import send

from fake_dns import rsa_key
from fake_services import PERIOD, SmtpServer, workspace


def test_recipients_and_dkim_key_named_from_the_home_folder(tmp_path, monkeypatch):
    """`~/lists/readers.txt` was read as a folder named "~" inside the workspace: "does not
    exist", of a file that did; and so was the DKIM key."""
    home = tmp_path / "home"
    (home / "lists").mkdir(parents=True)
    (home / ".keys").mkdir()
    made = rsa_key(home / ".keys")
    if made is None:
        pytest.skip("needs the openssl command (Debian package openssl)")
    _, public = made
    monkeypatch.setenv("HOME", str(home))
    readers = ["reader1@example.org", "reader2@example.org"]
    (home / "lists" / "readers.txt").write_text("\n".join(readers) + "\n", encoding="utf-8")
    with SmtpServer() as server:
        settings = server.settings(recipients="~/lists/readers.txt") + (
            'dkim_domain = "example.com"\ndkim_selector = "news"\ndkim_private_key_file = "~/.keys/dkim.pem"\n'
        )
        root = workspace(tmp_path / "ws", settings)
        # --force: the test DNS server publishes no key for this selector, a doctor check that fails
        result = send(root, PERIOD, yes=True, force=True, env={})
    assert result.lines == [f"Sent {PERIOD} to 2 of 2 recipients via 127.0.0.1:{server.port}."]
    assert [r for message in server.received for r in message.recipients] == readers

    def txt(name, timeout=5):
        return public.encode() if name.decode().rstrip(".") == "news._domainkey.example.com" else None

    assert all(dkim.verify(message.data, dnsfunc=txt) for message in server.received)
