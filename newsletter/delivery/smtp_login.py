"""Logging in to an SMTP server with a user name or password that is not all ASCII.

smtplib encodes what it sends in AUTH as ASCII, so a password such as 's3cret-été' stopped
`send` with a UnicodeEncodeError traceback before a word reached the server. SASL carries
credentials as UTF-8 (PLAIN, RFC 4616; LOGIN as servers read it; CRAM-MD5's key is the
password's bytes), which is what servers that let a user choose such a password expect.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import smtplib


class UnreadableChallenge(smtplib.SMTPException):
    """The server's 334 challenge is not base64 (RFC 4954 says it is), so nothing can answer it."""


def log_in(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """smtp.login, with credentials outside ASCII sent as UTF-8. All-ASCII ones go through
    smtplib itself, unchanged. Raises what smtp.login raises: SMTPAuthenticationError when
    refused, SMTPNotSupportedError without AUTH, SMTPException with no mechanism it knows, and
    UnreadableChallenge where smtplib and _authenticate alike end in binascii.Error."""
    try:
        _log_in(smtp, username, password)
    except binascii.Error as error:
        raise UnreadableChallenge(str(error)) from error


def _log_in(smtp: smtplib.SMTP, username: str, password: str) -> None:
    if username.isascii() and password.isascii():
        smtp.login(username, password)
        return
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    offered = smtp.esmtp_features["auth"].upper().split()
    mechanisms = [name for name in ("CRAM-MD5", "PLAIN", "LOGIN") if name in offered]  # smtplib's order
    if not mechanisms:
        raise smtplib.SMTPException("No suitable authentication method found.")
    user, secret = username.encode(), password.encode()
    # Each offered in turn until one is taken, as smtplib's login does: a server refuses a
    # mechanism it cannot check (CRAM-MD5 where the password is kept hashed) and takes PLAIN.
    for name in mechanisms:
        try:
            _authenticate(smtp, name, user, secret)
            return
        except smtplib.SMTPAuthenticationError as error:
            refused = error
    raise refused


_CHALLENGES = 5  # smtplib's _MAXCHALLENGE: a server asking more is no longer asking these


def _authenticate(smtp: smtplib.SMTP, mechanism: str, user: bytes, secret: bytes) -> None:
    """One mechanism's exchange, as smtplib.SMTP.auth has it: the initial response with the
    command (none for CRAM-MD5), then an answer to each 334 challenge."""
    initial = {"PLAIN": b"\0" + user + b"\0" + secret, "LOGIN": user}.get(mechanism)
    code, answer = smtp.docmd("AUTH", mechanism + (f" {_b64(initial)}" if initial is not None else ""))
    for _ in range(_CHALLENGES):
        if code != 334:
            break
        code, answer = smtp.docmd(_b64(_response(mechanism, base64.b64decode(answer), user, secret)))
    else:
        if code == 334:  # cancelled (RFC 4954 4), so that the next mechanism's AUTH is read as one
            code, answer = smtp.docmd("*")
    if code not in (235, 503):  # 503: already logged in, as smtplib takes it
        raise smtplib.SMTPAuthenticationError(code, answer)


def _response(mechanism: str, challenge: bytes, user: bytes, secret: bytes) -> bytes:
    if mechanism == "CRAM-MD5":  # RFC 2195
        return user + b" " + hmac.new(secret, challenge, "md5").hexdigest().encode()
    if mechanism == "PLAIN":  # asked again ("334 "): a server that passed over the initial response
        return b"\0" + user + b"\0" + secret
    # LOGIN: what the challenge asks for ("Username:", "Password:"); smtplib counts them instead
    return user if b"user" in challenge.lower() else secret


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
