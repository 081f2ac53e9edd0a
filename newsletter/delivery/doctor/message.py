"""The built message itself: size against Gmail's clipping, a text part, Message-ID on the
author's domain, a Date, and header lines that are all headers (nothing injected)."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from newsletter.config import Settings, kb
from newsletter.delivery.doctor.checks import Check, maker
from newsletter.delivery.doctor.setup import domain_of
from newsletter.formats import far_links

check = maker("message")
GMAIL_CLIPS_KB = 102
ONCE = (
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "content-language",
    "reply-to",
    "list-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "mime-version",
    "content-type",
)
WRITTEN = set(ONCE) | {"content-transfer-encoding", "dkim-signature"}  # every header a built edition has
_FIELD = re.compile(rb"^[!-9;-~]+:")  # RFC 5322 field name: printable ASCII but the colon


def checks(settings: Settings, headers, eml: bytes, html: str, service: str | None) -> list[Check]:
    found = [_size(settings, html, headers), _text_part(headers)]
    if service:
        done = f"done by {service}"
        return found + [check(name, "n/a", done) for name in ("message-id", "date", "headers")]
    return found + [_message_id(headers), _date(headers, settings.timezone), _header_lines(eml)]


# What build and check say in full (formats/email.size_warnings): new user 55's (Hiro's) 150
# entries made 518 KB, and `send` told him only to "trim the longest notes", which, all of his
# notes gone, left the email four times Gmail's limit.
_TO_DO = "trim the notes, or leave some entries for the next edition (`newsletter build` says how much)"


def _size(settings: Settings, html: str, headers) -> Check:
    size = len(html.encode("utf-8"))
    text = headers.get_body(preferencelist=("plain",))  # a long one's links listed far down: inline (far_links)
    far = far_links.advice(text.get_content(), settings.email.text_links) if text is not None else ""
    said = kb(size)  # as `send` says it: to a tenth, up ("102 KB, over 102 KB" would be no news)
    if size > GMAIL_CLIPS_KB * 1024:
        return check(
            "size",
            "fail",
            f"the HTML is {said}: Gmail clips it at about {GMAIL_CLIPS_KB} KB, hiding the end "
            f"and the unsubscribe link; {_TO_DO}{far and '.' + far}",
        )
    if size > settings.email.max_html_kb * 1024:
        return check(
            "size",
            "warn",
            f"the HTML is {said}, over the {settings.email.max_html_kb} KB budget "
            f"(Gmail clips at about {GMAIL_CLIPS_KB} KB); {_TO_DO}{far and '.' + far}",
        )
    return check("size", "pass", f"the HTML is {said}, under Gmail's clipping limit (about {GMAIL_CLIPS_KB} KB)")


def _text_part(headers) -> Check:
    text = headers.get_body(preferencelist=("plain",))
    if text is None or not text.get_content().strip():
        return check(
            "text-part",
            "fail",
            "the message has no plain-text part, which spam filters and text-only "
            "readers expect; build it with the default templates/email.txt.j2",
        )
    return check("text-part", "pass", "a plain-text part comes first, the HTML second")


def _message_id(headers) -> Check:
    value = str(headers.get("Message-ID") or "")
    domain = domain_of(headers.get("From"))
    found = re.fullmatch(r"\s*<[^<>@\s]+@([^<>@\s]+)>\s*", value)
    if not found:
        return check("message-id", "fail", f"the Message-ID {value!r} is not <id@domain>; build again")
    if not domain:
        return check("message-id", "n/a", "no From domain to compare with (see settings/from)")
    if found[1].lower() != domain:
        return check(
            "message-id",
            "fail",
            f"the Message-ID is on {found[1]}, not on your domain {domain}; "
            "build again after setting `from` in [email]",
        )
    return check("message-id", "pass", f"Message-ID on {domain}")


def _date(headers, zone: str) -> Check:
    value = str(headers.get("Date") or "")
    try:
        parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return check("date", "fail", f"the Date header {value!r} is missing or unreadable; build again")
    # The built .eml is dated by its edition (midnight of its last day), so that a rebuild gives the
    # same bytes; said bare ("Date: Mon, 30 Nov 2026 00:00:00 +0000"), new user 42 took it for the
    # Date 900 readers would get, days before the send.
    return check(
        "date", "pass", f"the built message is dated {value}; `send` dates each message as it goes out, in {zone}"
    )


def _header_lines(eml: bytes) -> Check:
    head = eml.partition(b"\r\n\r\n")[0] if b"\r\n\r\n" in eml else eml.partition(b"\n\n")[0]
    seen: dict[str, int] = {}
    for number, line in enumerate(head.split(b"\r\n") if b"\r\n" in head else head.split(b"\n"), start=1):
        if b"\r" in line or b"\n" in line:
            return check("headers", "fail", f"header line {number} holds a bare line break: an injected header?")
        if line[:1] in (b" ", b"\t"):
            continue
        if not _FIELD.match(line):
            shown = line[:40].decode("ascii", "replace")
            return check(
                "headers",
                "fail",
                f"header line {number} ({shown!r}) is not a header: a line break in a "
                "setting or subject injected it; remove it and build again",
            )
        name = line.split(b":", 1)[0].decode("ascii").lower()
        seen[name] = seen.get(name, 0) + 1
    unknown = sorted(set(seen) - WRITTEN)
    if unknown:
        return check(
            "headers",
            "fail",
            f"the message has a {unknown[0]} header, which this tool never writes: an "
            "injected line? Look for a line break in a setting or subject, and build again",
        )
    twice = [name for name in ONCE if seen.get(name, 0) > 1]
    if twice:
        return check("headers", "fail", f"the message has {', '.join(twice)} more than once: an injected header?")
    return check("headers", "pass", f"{sum(seen.values())} header fields, each one line, none repeated")
