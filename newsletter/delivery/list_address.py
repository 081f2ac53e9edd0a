"""The list's own address, which no test copy goes to."""

from __future__ import annotations

from email.utils import getaddresses, parseaddr

from newsletter import config, mail_headers


def why_no_test_to(address: str, to: str, settings: config.Settings, via: str) -> str | None:
    """Why `send --test address` is refused, or None: `address` is the list's address (the built
    edition's To, `to`, or `to` in [email] as set now). A list server hands what it gets to every
    reader: the test went out to the whole list as "[Test] …", and the real send after it gave
    each reader the edition a second time (`to` given as test_address by mistake, or typed)."""
    if via != "smtp" or settings.send.smtp_recipients.strip() not in ("", "list"):
        return None  # the list is reached another way, and `to` may be anyone's: the author's own, say
    lists = {_plain(found) for _, found in getaddresses([to, settings.email.to]) if "@" in found}
    if _plain(parseaddr(address)[1]) not in lists:
        return None
    return (
        f"--test {address}: that is the list's address (`to` in [email]), so the test would go to every reader "
        "and the real send to them again; give your own address (or set test_address in [send] to it)."
    )


def _plain(address: str) -> str:
    """An address as two spellings of it compare: `LIST@Bücher.example` is list@xn--bcher-kva.example."""
    return mail_headers.ascii_address(address.strip()).lower()
