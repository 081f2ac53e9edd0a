"""The .eml's header lines. The email package folds them (encoded words, addresses, long lines);
those it would write as they are given (a Date, a Message-ID, a plain ASCII Subject that fit on
their line) are written here, without the parse and fold that were 1 % of `build --all` for
the Date and Message-ID alone (issue #17). formats/email.py joins them into the message."""

from __future__ import annotations

import re
from email.message import EmailMessage

from newsletter import mail_headers

# A Message-ID the email package writes as it is given: nothing in it to quote (a longer one it
# folds); and a date it reads back (not an offset in seconds, a place's own time before 1920 or so)
_PLAIN_ID = re.compile(r"<[\w.-]+@[A-Za-z0-9.-]+>", re.ASCII)
_PLAIN_DATE = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}", re.ASCII)


# A subject the email package writes as it is given, when its line fits: ASCII words (no control
# character) with one space between them; an encoded word's look-alike is mail_headers.value's.
_PLAIN_SUBJECT = re.compile(r"[!-~]+(?: [!-~]+)*", re.ASCII)


def subject(subject: str) -> bytes:
    """The Subject header line, as `headers` writes it: the email package parses a subject to
    fold it, ~0.2 ms an edition (issue #17), and writes one that fits on its line as it was."""
    fits = len(subject) <= mail_headers.POLICY.max_line_length - len("Subject: ")
    if type(subject) is str and fits and _PLAIN_SUBJECT.fullmatch(subject):
        return f"Subject: {subject}\r\n".encode("ascii")
    made = headers([("Subject", subject)])
    return mail_headers.words_on_first_line("Subject", subject, made) if type(subject) is str else made


def dated(date: str, message_id: str) -> bytes:
    """The Date and Message-ID header lines, as `headers` writes them: the email package parses
    each back (a date from format_datetime, which it writes again as it was) to write a line that
    fits as it was given, 1 % of `build --all` for 70 bytes an edition (issue #17)."""
    fits = len(message_id) <= mail_headers.POLICY.max_line_length - len("Message-ID: ")
    if fits and _PLAIN_ID.fullmatch(message_id) and _PLAIN_DATE.fullmatch(date):
        return f"Date: {date}\r\nMessage-ID: {message_id}\r\n".encode("ascii")
    return headers([("Date", date), ("Message-ID", message_id)])


def headers(pairs: list[tuple[str, object]]) -> bytes:
    """The header lines of `pairs`, folded by the email package, each ending in CRLF. It folds
    each header on its own, so lines made apart are the lines made together."""
    msg = EmailMessage(policy=mail_headers.POLICY)
    for name, value in pairs:
        msg[name] = value
    return msg.as_bytes().removesuffix(b"\r\n")  # less the blank line that ends the headers
