"""The built .eml as SMTP hands it over: headers set per message (To, a [Test] subject, the
one-click unsubscribe URL with the recipient's address), dated now, then DKIM-signed. Every
other byte is the built message's."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from urllib.parse import quote

from newsletter import mail_headers
from newsletter.delivery import signing

PLACEHOLDER = "{email}"  # in [email] list_unsubscribe: each recipient's address, filled in before signing


def outgoing(eml: bytes, values: dict[str, str], recipient: str | None, key, zone: str = "UTC") -> bytes:
    """The message as it goes out: `values` set, the one-click URL's {email} filled with
    `recipient`, dated now in `zone` (the workspace's `timezone`), then signed with `key` (a
    signing.Key, or None: unsigned).

    The built .eml is dated by its edition, so rebuilding gives the same bytes; but inboxes sort
    by Date, and an edition sent days after its period would land below the mail of those days."""
    values = {"Date": mail_headers.date_now(zone), **values}
    unsubscribe = str(BytesHeaderParser(policy=default_policy).parsebytes(eml).get("List-Unsubscribe") or "")
    if recipient and PLACEHOLDER in unsubscribe:
        values["List-Unsubscribe"] = " ".join(unsubscribe.split()).replace(PLACEHOLDER, quote(recipient, safe=""))
    message = with_headers(eml, values) if values else eml
    return signing.sign(message, key) if key else message


def with_headers(eml: bytes, values: dict[str, str]) -> bytes:
    """The message with some headers replaced (in place) or added, the rest byte for byte."""
    head, separator, body = eml.partition(b"\r\n\r\n")
    fields: list[bytes] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\r\n" + line  # a folded continuation line
        else:
            fields.append(line)
    wanted = {name.lower(): name for name in values}
    out = []
    for line in fields:
        name = line.split(b":", 1)[0].strip().decode("ascii", "replace").lower()
        if name in wanted:
            original = wanted.pop(name)
            out.append(_header(original, values[original]))
        else:
            out.append(line)
    out += [_header(name, values[name]) for name in wanted.values()]
    return b"\r\n".join(out) + (separator or b"\r\n\r\n") + body


def _header(name: str, value: str) -> bytes:
    return mail_headers.folded(name, value)
