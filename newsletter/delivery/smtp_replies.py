"""smtplib's SMTP and SMTP_SSL, reading a reply of so many lines at most (and SMTP_SSL closing
its socket when its TLS handshake does not finish).

smtplib reads a reply's lines for as long as each says another follows ("250-"), each up to
8 KB: a server answering EHLO with `250-` lines without end held `send` reading, its memory
growing, for as long as it went on (no read waited long enough for the timeout). A reply
ends within MAX_LINES lines here; past that the connection is closed with EndlessReply. A line
past smtplib's 8 KB (which it closes the connection on, as "500 Line too long.") is one too.
"""

from __future__ import annotations

import smtplib

MAX_LINES = 1000  # an EHLO answer names a few dozen extensions at the most
LONGEST_LINE = 8192  # smtplib's _MAXLINE: a longer line it does not read, and closes the connection


class EndlessReply(smtplib.SMTPServerDisconnected):
    """A reply still going after MAX_LINES lines, or with a line longer than smtplib reads: the
    connection was closed mid-reply. `what` the reply was, `usual` what a server's is instead
    (None: what the caller says a server says, "one line" or "a few")."""

    def __init__(self, what: str, usual: str | None = None):
        super().__init__(what)
        self.what, self.usual = what, usual

    def said(self, usual: str) -> str:
        """The reply and what a server says instead: "more than 1,000 lines, still going, where an
        SMTP server says one line"."""
        return f"{self.what}, {self.usual or f'where an SMTP server says {usual}'}"


class _TooMany(Exception):  # (no OSError, which smtplib's getreply takes for a connection lost)
    pass


class _Lines:
    """The connection's reading side, counting the lines of the reply being read."""

    def __init__(self, file):
        self.file, self.left = file, MAX_LINES

    def readline(self, limit: int = -1) -> bytes:
        if self.left <= 0:
            raise _TooMany
        self.left -= 1
        return self.file.readline(limit)

    def close(self) -> None:
        self.file.close()


class _Bounded:
    # How far the message of the DATA under way went, for a connection lost there: "asked" (DATA
    # sent, no 354 yet), "going" (the 354 came, the message being written), "handed" (all of it
    # written, its answer awaited). A server takes a message at its end-of-data line only (RFC
    # 5321, 4.1.1.4), so before "handed" it has none of it and the message can go again.
    message = ""

    def data(self, msg):
        self.message = "asked"
        return super().data(msg)

    def getreply(self):
        if self.message == "going":  # (smtplib asks for the answer once the whole message is written)
            self.message = "handed"
        if not isinstance(self.file, _Lines):  # none yet, or dropped by STARTTLS
            self.file = _Lines(self.sock.makefile("rb"))
        self.file.left = MAX_LINES
        try:
            reply = super().getreply()
        except _TooMany:
            self.close()  # as smtplib does for a line too long: the rest of it is never read
            raise EndlessReply(f"more than {MAX_LINES:,} lines, still going") from None
        except smtplib.SMTPResponseException:
            # smtplib's own "500 Line too long." (the one it raises; a server's answers are
            # returned), the connection closed: as an OSError it was taken for a connection lost,
            # sent again to meet the same, and a message's answer left each reader "may have it"
            raise EndlessReply(
                f"a line of more than {LONGEST_LINE:,} bytes", "where an SMTP server's are of 512 at most (RFC 5321)"
            ) from None
        if self.message == "asked":
            self.message = "going" if reply[0] == 354 else ""
        return reply


class SMTP(_Bounded, smtplib.SMTP):
    pass


class SMTP_SSL(_Bounded, smtplib.SMTP_SSL):  # noqa: N801 (smtplib's name)
    def _get_socket(self, host, port, timeout):
        """smtplib's, with the socket closed when the TLS handshake does not finish. The ssl
        module closes it on a failed handshake (an OSError) only: stopped with ^C as it waited
        in the constructor, it stayed open to the server for as long as the error was kept,
        with no SMTP object to close it."""
        plain = smtplib.SMTP._get_socket(self, host, port, timeout)  # (TCP only: smtplib wraps it)
        try:
            tls = self.context.wrap_socket(plain, server_hostname=self._host, do_handshake_on_connect=False)
        except BaseException:
            plain.close()
            raise
        try:
            tls.do_handshake()
        except BaseException:
            tls.close()
            raise
        return tls
