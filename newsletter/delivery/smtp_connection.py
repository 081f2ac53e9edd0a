"""One SMTP connection for a send: TLS as configured, login from the environment, a reconnect
when the server drops it, and every answer turned into NotSent (certainly not delivered) or
MaybeSent (the server may have taken it), which is what the ledger needs to know."""

from __future__ import annotations

import binascii
import smtplib
import ssl

from newsletter.delivery import redact, smtp_replies
from newsletter.delivery.job import Job
from newsletter.delivery.smtp_login import UnreadableChallenge, log_in
from newsletter.errors import NewsletterError, aside
from newsletter.links import untrusted

SECURITY = ("starttls", "tls", "none")


class NotSent(Exception):
    """The server refused the message; it was not delivered. `permanent` for a 5xx answer."""

    def __init__(self, code: int, text: str):
        self.code, self.text = code, text
        self.permanent = 500 <= code < 600
        super().__init__(f"{code} {text}")


class MaybeSent(Exception):
    """The connection died while the server had the whole message: it may have gone out.
    `endless`: it was closed here, the server's answer to the message still going after
    smtp_replies.MAX_LINES lines (no connection dropped: a server broken or no SMTP server)."""

    def __init__(self, reason: str, *, endless: bool = False):
        super().__init__(reason)
        self.endless = endless


class Connection:
    """One SMTP session for the whole run: connect, STARTTLS or TLS, login; reopened if dropped."""

    def __init__(self, job: Job):
        s = job.settings.send
        if s.smtp_security not in SECURITY:
            raise NewsletterError(f"[send] smtp_security = {s.smtp_security!r}; use one of {', '.join(SECURITY)}.")
        self.settings = s
        self.where = f"{s.smtp_host}:{s.smtp_port}"
        self.username = job.env.get(s.smtp_username_env) or ""
        self.password = job.env.get(s.smtp_password_env) or ""
        if self.username and not self.password:
            raise NewsletterError(
                f"{s.smtp_username_env} is set but {s.smtp_password_env} is not; set both "
                "to log in, or neither to send without logging in."
            )
        self.smtp: smtplib.SMTP | None = None
        self.opened = False  # once this run has been connected: a later failure is no wrong setting

    def __enter__(self) -> Connection:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None and not issubclass(exc[0], Exception):
            # ^C, maybe mid-DATA: a QUIT would join the message's text and wait for an answer
            # that never comes, up to the timeout, before the run could say where it stopped
            self._drop()
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.smtp = None

    def open(self) -> None:
        s = self.settings
        self.logging_in = False
        try:
            self.smtp = self._session()
            self.opened = True
        except smtp_replies.EndlessReply as error:
            raise NewsletterError(self.endless("", "a few", error))
        except smtplib.SMTPAuthenticationError as error:
            raise NewsletterError(
                self._scrub(
                    f"{self.where} refused the login ({error.smtp_code} {answer_text(error.smtp_error)}); check "
                    f"{s.smtp_username_env} and {s.smtp_password_env}."
                )
            )
        except UnreadableChallenge:
            raise NewsletterError(
                f"{self.where} asked for the login with a challenge that is not base64, which no login "
                "can answer; check that smtp_host and smtp_port in [send] name its mail submission "
                "service, or tell its administrator."
            )
        except smtplib.SMTPNotSupportedError:
            raise NewsletterError(
                f"{self.where} offers no login (AUTH) on this connection; check "
                f"smtp_security, or unset {s.smtp_username_env} to send without logging in."
            )
        except ssl.SSLError as error:
            raise NewsletterError(
                f"TLS with {self.where} failed {aside(str(error.reason or error))}; check the server's "
                "certificate (SSL_CERT_FILE can name a private CA) and smtp_security."
            )
        except (smtplib.SMTPException, OSError, binascii.Error) as error:
            if self.logging_in:  # connected: smtp_host and smtp_port are right, the login went wrong
                raise NewsletterError(
                    self._scrub(
                        f"{self.where} broke off the login {aside(login_failure(error))}; try again later, and "
                        f"if it goes on, ask its operator (or unset {s.smtp_username_env} to send without logging in)."
                    )
                )
            if self.opened:  # lost mid-send (a train's network): the settings were right a moment ago
                raise NewsletterError(
                    self._scrub(
                        f"Could not connect to {self.where} again {aside(describe_error(error))}; the network "
                        "or the server went away during the send: check your connection."
                    )
                )
            raise NewsletterError(
                self._scrub(
                    f"Could not connect to {self.where} {aside(describe_error(error))}; check smtp_host and "
                    "smtp_port in [send], and that the server is up."
                )
            )

    def _session(self) -> smtplib.SMTP:
        """A connection ready to send on: TLS as configured, logged in. One that fails on the way
        is closed: a refused login left its socket open to the server, for as long as the error
        that said so was kept (to the end of the run, in a program that sends and goes on)."""
        s = self.settings
        context = ssl.create_default_context()
        if s.smtp_security == "tls":
            smtp = smtp_replies.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.timeout, context=context)
        else:
            smtp = smtp_replies.SMTP(s.smtp_host, s.smtp_port, timeout=s.timeout)
        try:
            smtp.ehlo()
            if s.smtp_security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise NewsletterError(
                        f"{self.where} does not offer STARTTLS; if it wants TLS from the "
                        'start (port 465), set smtp_security = "tls" in [send].'
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                self.logging_in = True
                log_in(smtp, self.username, self.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def deliver(self, sender: str, recipient: str, message: bytes) -> None:
        """One message to one envelope recipient. A connection lost before the server has the
        message is reopened and the message sent again; lost after, it raises MaybeSent."""
        if not (sender.isascii() and recipient.isascii()):
            raise NotSent(553, "this tool sends to ASCII addresses only (no SMTPUTF8)")
        for attempt in (1, 2):
            if self.smtp is None:
                self.open()
            smtp, command = self.smtp, "MAIL FROM"
            try:
                code, answer = smtp.mail(sender)
                if code == 250:
                    command = "RCPT TO"
                    code, answer = smtp.rcpt(recipient)
                if code not in (250, 251):
                    self._reset()
                    raise NotSent(code, answer_text(answer))
            except smtp_replies.EndlessReply as error:  # (a connection lost, to smtplib): the same again if reopened
                self._drop()
                raise NewsletterError(self.endless(f" {command}", "one line", error)) from None
            except (smtplib.SMTPServerDisconnected, OSError) as error:
                self._drop()
                if attempt == 2:
                    raise NewsletterError(f"{self.where} keeps dropping the connection {aside(describe_error(error))}.")
                continue
            try:
                # data() raises only when DATA itself is refused; the answer to the message
                # (250 taken, 554 spam, 452 full) is returned, not raised.
                code, answer = smtp.data(message)
            except smtplib.SMTPDataError as error:
                self._reset()
                raise NotSent(error.smtp_code, answer_text(error.smtp_error))
            except smtp_replies.EndlessReply as error:
                self._drop()
                if smtp.message == "handed":  # it had the whole message: it may have taken it
                    raise MaybeSent(error.said("one line"), endless=True) from None
                # the answer to DATA itself: the server has none of the message (as for MAIL)
                raise NewsletterError(self.endless(" DATA", "one line", error)) from None
            except (smtplib.SMTPServerDisconnected, OSError) as error:
                self._drop()
                if smtp.message == "handed":
                    raise MaybeSent(str(error))
                # Lost before the server had the whole message (a train's network dropping after
                # RCPT): it took none of it. Sent again on a new connection, as one lost at MAIL
                # is; it was left "may have it", for the author to check by hand (new user 54).
                if attempt == 2:
                    raise NewsletterError(f"{self.where} keeps dropping the connection {aside(describe_error(error))}.")
                continue
            if 400 <= code < 600:
                self._reset()
                raise NotSent(code, answer_text(answer))
            if not 200 <= code < 300:  # an answer that is no SMTP reply: it may have taken it
                self._drop()
                raise MaybeSent(f"{code} {answer_text(answer)}")
            return

    def endless(self, command: str, says: str, error: smtp_replies.EndlessReply) -> str:
        """A server's answer (to `command`) still going after MAX_LINES lines, or with a line too
        long to read, said as such: after the login it was called a connection dropped again and again."""
        return (
            f"{self.where} answered{command} with {error.said(says)}; check that smtp_host and smtp_port "
            "in [send] name its mail submission service, or tell its administrator."
        )

    def lost(self, taking: str, error: MaybeSent) -> str:
        """What happened while the server took `taking` ("the edition"), which it may have."""
        if error.endless:  # (its reason: what the answer was, smtp_replies.EndlessReply.said)
            return f"{self.where} answered {taking} with {error}, so the connection was closed"
        return f"The connection to {self.where} dropped while it took {taking}"

    def _reset(self) -> None:
        """Forget a refused transaction; a server that hangs up then is reopened on next use."""
        try:
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.close()
            except OSError:
                pass
        self.smtp = None

    def _scrub(self, message: str) -> str:
        return redact.scrub(message, [(self.password, self.username)])


def answer_text(answer) -> str:
    """The server's answer on one line, for a message: its escape sequences are no commands to
    the terminal it is printed on."""
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    return " ".join(untrusted.text(text, None).split())


def login_failure(error: BaseException) -> str:
    """What went wrong in a login the server took part in, short: its answer can be any size."""
    if isinstance(error, binascii.Error):  # smtplib and smtp_login decode each 334 challenge
        return "a challenge that is not base64"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {answer_text(error.smtp_error)[:200]}"
    return describe_error(error)[:200]


def describe_error(error: BaseException) -> str:
    text = getattr(error, "strerror", None) or str(error) or "no answer"
    return f"{type(error).__name__}: {text}"
