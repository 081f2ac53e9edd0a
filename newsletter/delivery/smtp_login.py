"""Logging in to an SMTP server with a user name or password that is not all ASCII.

smtplib encodes what it sends in AUTH as ASCII, so a password such as 's3cret-été' stopped
`send` with a UnicodeEncodeError traceback before a word reached the server. SASL carries
credentials as UTF-8 (PLAIN, RFC 4616; LOGIN as servers read it; CRAM-MD5's key is the
password's bytes), which is what servers that let a user choose such a password expect.
"""

from __future__ import annotations

import base64
import hmac
import smtplib


def log_in(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """smtp.login, with credentials outside ASCII sent as UTF-8. All-ASCII ones go through
    smtplib itself, unchanged. Raises what smtp.login raises: SMTPAuthenticationError when
    refused, SMTPNotSupportedError without AUTH, SMTPException with no mechanism it knows."""
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


def _authenticate(smtp: smtplib.SMTP, mechanism: str, user: bytes, secret: bytes) -> None:
    if mechanism == "CRAM-MD5":
        code, answer = smtp.docmd("AUTH", mechanism)
        if code == 334:
            digest = hmac.new(secret, base64.b64decode(answer), "md5").hexdigest()
            code, answer = smtp.docmd(_b64(user + b" " + digest.encode()))
    elif mechanism == "PLAIN":
        code, answer = smtp.docmd("AUTH", "PLAIN " + _b64(b"\0" + user + b"\0" + secret))
    else:  # LOGIN: the user name as the initial response, the password at the server's 334
        code, answer = smtp.docmd("AUTH", "LOGIN " + _b64(user))
        if code == 334:
            code, answer = smtp.docmd(_b64(secret))
    if code not in (235, 503):  # 503: already logged in, as smtplib takes it
        raise smtplib.SMTPAuthenticationError(code, answer)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
