"""SMTP sends against hostile ground: a server whose answers to AUTH never end a send with a
traceback, hang it or put the password in what the author reads; a message kept for a resumed
send (.newsletter/ledger/PERIOD.began.eml) replaced by something else."""

import itertools
import os
import socket
import threading

import pytest

from newsletter.commands.send import send
from newsletter.delivery.ledger import Journal
from newsletter.errors import NewsletterError

from fake_services import PERIOD, SMTP_USER, SmtpServer, workspace


class ScriptedServer:
    """An SMTP server on 127.0.0.1 that offers AUTH and answers each AUTH line (and each line
    after it) with `answer(line)`: bytes to write, or None to hang up."""

    def __init__(
        self, answer, ehlo=b"250-hostile\r\n250 AUTH PLAIN LOGIN CRAM-MD5\r\n", greeting=b"220 hostile ESMTP\r\n"
    ):
        self.answer, self.ehlo, self.greeting = answer, ehlo, greeting  # the last two: bytes, or chunks to write
        self.hung_up = threading.Event()  # a client closed its connection (read to its end, or written to after)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.listener.shutdown(socket.SHUT_RDWR)  # (wakes the accept: close alone does not)
        self.listener.close()
        self.thread.join(10)

    def _serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            # each in its own thread: a client that leaves its connection open ends no test late
            threading.Thread(target=self._serve_one, args=(connection,), daemon=True).start()

    def _serve_one(self, connection):
        try:
            with connection, connection.makefile("rwb") as stream:
                self._talk(stream)
        except OSError:  # a client gone mid-answer (its end, flushed, too)
            self.hung_up.set()

    def _talk(self, stream):
        self._write(stream, self.greeting)
        while line := stream.readline():
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                reply = self.ehlo
            elif command.startswith(b"QUIT"):
                reply = b"221 bye\r\n"
            else:
                reply = self.answer(command)
            if reply is None:
                return
            self._write(stream, reply)
            if command.startswith(b"QUIT"):
                return
        self.hung_up.set()

    @staticmethod
    def _write(stream, reply):
        for chunk in [reply] if isinstance(reply, bytes) else reply:
            stream.write(chunk)
            stream.flush()


def settings(port: int) -> str:
    return f'via = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "none"\ntimeout = 5.0\n'


ANSWERS = {
    "a challenge that is no base64": lambda line: b"334 Hello there!\r\n",
    "a challenge of 100,000 characters": lambda line: b"334 " + b"QUFB" * 25_000 + b"\r\n",
    "the connection dropped mid-AUTH": lambda line: None,
    "challenges without end": lambda line: b"334 \r\n",
    "an answer that is no SMTP reply": lambda line: b"what?\r\n",
}


@pytest.mark.parametrize("password", ["s3cret-ete", "s3cret-été"])
@pytest.mark.parametrize("hostile", ANSWERS)
def test_a_hostile_answer_to_auth_is_one_line_naming_the_server(tmp_path, hostile, password):
    with ScriptedServer(ANSWERS[hostile]) as server:
        root = workspace(tmp_path, settings(server.port))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": password})
    message = error.value.message
    assert message.startswith(f"127.0.0.1:{server.port} "), message
    assert "\n" not in message and len(message) < 400, message
    assert "s3cret" not in message


@pytest.mark.parametrize("password", ["s3cret-ete", "s3cret-été"])
def test_a_refused_login_closes_the_connection(tmp_path, password):
    """After a refused login the socket stayed open to the server for as long as the error that
    said so was kept: the connection, failed, is closed before the refusal is said."""
    with ScriptedServer(lambda line: b"535 5.7.8 no\r\n") as server:  # each mechanism refused
        root = workspace(tmp_path, settings(server.port))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": password})
        assert error.value.message.startswith(f"127.0.0.1:{server.port} refused the login (535 5.7.8 no)")
        assert server.hung_up.wait(5), "the connection is still open"


@pytest.mark.parametrize("answering", ["greeting", "ehlo"])
def test_an_answer_of_continued_lines_without_end_is_refused_in_one_line(tmp_path, answering):
    """A server answering EHLO with `250-` lines without end held `send` reading them, its memory
    growing, for as long as they came: smtplib reads a reply until a line says it is the last."""
    endless = itertools.repeat(f"{250 if answering == 'ehlo' else 220}-hostile.example\r\n".encode() * 100)
    with ScriptedServer(lambda line: b"235 ok\r\n", **{answering: endless}) as server:
        root = workspace(tmp_path, settings(server.port))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": "s3cret"})
        assert error.value.message == (
            f"127.0.0.1:{server.port} answered with more than 1,000 lines, still going, where an SMTP server "
            "says a few; check that smtp_host and smtp_port in [send] name its mail submission service, or "
            "tell its administrator."
        )
        assert server.hung_up.wait(5), "the connection is still open"


def test_a_began_message_replaced_by_a_link_to_a_pipe_is_not_read(tmp_path, monkeypatch):
    """The message a resumed send goes on with was read through whatever stood at its name: a
    link to a named pipe hung the send until something wrote to it (one to /dev/zero read until
    memory ran out). Such a file is no message this tool kept; the rest get the current build,
    as when it is gone."""
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings("none", recipients="readers.txt"))
        (root / "readers.txt").write_text("".join(f"r{n}@example.org\n" for n in range(3)), encoding="utf-8")
        original = Journal.record

        def killed_after_first(self, address, state, **data):
            original(self, address, state, **data)
            if state == "done":
                raise SystemExit("killed")

        monkeypatch.setattr(Journal, "record", killed_after_first)
        with pytest.raises(SystemExit):
            send(root, PERIOD, yes=True, env={})
        monkeypatch.setattr(Journal, "record", original)
        began = root / ".newsletter" / "ledger" / f"{PERIOD}.began.eml"
        os.mkfifo(tmp_path / "pipe")
        began.unlink()
        began.symlink_to(tmp_path / "pipe")
        opened, stop = [], threading.Event()

        def writer():  # opens the pipe for writing once a reader has it open: the send's read
            while not stop.is_set():
                try:
                    fd = os.open(tmp_path / "pipe", os.O_WRONLY | os.O_NONBLOCK)
                except OSError:  # ENXIO: nobody reading
                    stop.wait(0.01)
                    continue
                opened.append(True)
                os.close(fd)  # the reader gets its end of file: the send goes on
                return

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            send(root, PERIOD, yes=True, env={})
        finally:
            stop.set()
            thread.join()
    assert opened == []
    assert [r for message in server.received for r in message.recipients] == [f"r{n}@example.org" for n in range(3)]
    assert not began.is_symlink()


def test_a_huge_file_in_the_began_messages_place_is_replaced_unread(tmp_path, monkeypatch):
    """A 1 GB began.eml (sparse: no disk used) where a send begins was read whole, into memory,
    to learn it was not the message to keep; a file of another size is replaced unread."""
    from pathlib import Path

    from newsletter.files import write_atomic

    began = tmp_path / "2021-02.began.eml"
    with began.open("wb") as handle:
        handle.truncate(1 << 30)
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    assert write_atomic(began, b"the message")
    assert read == []
    assert began.read_bytes() == b"the message"


def answering_endlessly(to: bytes, reply=None):
    """A server that logs in, then answers `to` (b"MAIL", b"RCPT", b"DATA", or b"." for the
    message's end) with `250-` lines without end (or `reply`); each line of the message gets no answer."""
    state = {"data": False}

    def answer(line):
        if state["data"]:
            if line != b".":
                return b""
            state["data"] = False
        elif line.startswith(b"DATA") and to != b"DATA":
            state["data"] = True
            return b"354 go ahead\r\n"
        if line.startswith(to):
            return reply or itertools.repeat(b"250-still going\r\n" * 100)
        return b"235 ok\r\n" if line.startswith(b"AUTH") else b"250 ok\r\n"

    return answer


@pytest.mark.parametrize("to", [b"MAIL", b"RCPT"])
def test_an_endless_answer_after_the_login_is_named_as_such(tmp_path, to):
    """A server answering MAIL FROM with `250-` lines without end was said to keep 'dropping the
    connection' (the bound on a reply's lines closes it, which smtplib calls a disconnection),
    after connecting and logging in a second time to meet the same answer."""
    with ScriptedServer(answering_endlessly(to)) as server:
        root = workspace(tmp_path, settings(server.port))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": "s3cret"})
    command = {b"MAIL": "MAIL FROM", b"RCPT": "RCPT TO"}[to]
    assert error.value.message == (
        f"127.0.0.1:{server.port} answered {command} with more than 1,000 lines, still going, where an SMTP server "
        "says one line; check that smtp_host and smtp_port in [send] name its mail submission service, or tell "
        "its administrator. Nothing was sent; run the same command again."
    )


LONG_LINE = b"250 " + b"x" * 9000 + b"\r\n"  # past the 8,192 bytes smtplib reads of a line


@pytest.mark.parametrize("to", [b"MAIL", b"RCPT", b"DATA"])
@pytest.mark.parametrize("reply", [LONG_LINE, None], ids=["a line too long", "lines without end"])
def test_a_broken_answer_before_the_message_is_named_and_nothing_sent(tmp_path, to, reply):
    """smtplib's "500 Line too long." (a line of an answer past its 8 KB, the connection closed)
    is an OSError to Python, so it was taken for a dropped connection: connected and logged in
    again to meet the same, then 'keeps dropping the connection (SMTPResponseException, 500,
    'Line too long.')'. An endless answer to DATA left the list's message 'may have gone out',
    though the server had none of it. Both are named as what they are, nothing sent."""
    with ScriptedServer(answering_endlessly(to, reply)) as server:
        root = workspace(tmp_path, settings(server.port))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": "s3cret"})
    command = {b"MAIL": "MAIL FROM", b"RCPT": "RCPT TO", b"DATA": "DATA"}[to]
    what = (
        "a line of more than 8,192 bytes, where an SMTP server's are of 512 at most (RFC 5321)"
        if reply
        else "more than 1,000 lines, still going, where an SMTP server says one line"
    )
    assert error.value.message == (
        f"127.0.0.1:{server.port} answered {command} with {what}; check that smtp_host and smtp_port in [send] "
        "name its mail submission service, or tell its administrator. Nothing was sent; run the same command again."
    )
    assert '"state": "failed"' in (root / ".newsletter" / "ledger" / f"{PERIOD}.json").read_text()


def test_an_answer_to_the_message_with_a_line_too_long_stops_the_list_at_that_reader(tmp_path):
    """The answer to a reader's message with a line past smtplib's 8 KB: the server had it all,
    so that reader may have it, but the next reader's would meet the same. The run went on to
    every reader of the list, each left 'may have it'; it stops at the first, as for an answer
    without end."""
    with ScriptedServer(answering_endlessly(b".", LONG_LINE)) as server:
        root = workspace(tmp_path, settings(server.port) + 'smtp_recipients = "subscribers.txt"\n')
        (root / "subscribers.txt").write_text("a@example.org\nb@example.org\nc@example.org\n")
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": "s3cret"})
    assert error.value.message.startswith(
        f"127.0.0.1:{server.port} answered the message to a@example.org with a line of more than 8,192 bytes, "
        "where an SMTP server's are of 512 at most (RFC 5321), so the connection was closed. Stopped after 0 "
        "of 3 recipients; a@example.org may have it: skipped unless"
    )
    journal = (root / ".newsletter" / "ledger" / f"{PERIOD}.recipients.jsonl").read_text()
    assert "b@example.org" not in journal


def test_an_endless_answer_to_the_message_is_named_as_such_and_stops_the_list(tmp_path):
    """The answer to a message still going after 1,000 lines: it may have gone (the server had it
    all), said as the connection dropped; to a list of readers, each of the next two got the
    same before the run stopped on 'took 3 messages in a row without answering', advising a
    longer timeout. It is named as what it is, and the run stops at the first."""
    with ScriptedServer(answering_endlessly(b".")) as server:
        root = workspace(tmp_path / "list", settings(server.port))
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": "s3cret"})
        assert error.value.message.startswith(
            f"127.0.0.1:{server.port} answered the edition with more than 1,000 lines, still going, where an SMTP "
            "server says one line, so the connection was closed; it may have gone out. Check the list's archive"
        )
        root = workspace(tmp_path / "each", settings(server.port) + 'smtp_recipients = "subscribers.txt"\n')
        (root / "subscribers.txt").write_text("a@example.org\nb@example.org\nc@example.org\n")
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={"SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": "s3cret"})
    assert error.value.message.startswith(
        f"127.0.0.1:{server.port} answered the message to a@example.org with more than 1,000 lines, still going, "
        "where an SMTP server says one line, so the connection was closed. Stopped after 0 of 3 recipients; "
        "a@example.org may have it: skipped unless"
    )
    journal = (root / ".newsletter" / "ledger" / f"{PERIOD}.recipients.jsonl").read_text()
    assert "b@example.org" not in journal


def test_a_tls_handshake_on_port_465_stopped_with_ctrl_c_closes_the_connection(tmp_path, monkeypatch):
    """^C while smtplib's SMTP_SSL waited in its constructor for a server's TLS handshake left
    the socket open to the server for as long as the interruption's error was kept (the ssl
    module closes it on a failed handshake, an OSError, only). A server that never answers the
    handshake; ^C (SIGALRM's handler here) arrives as the client waits."""
    import signal
    import ssl

    def interrupt(*_):
        raise KeyboardInterrupt

    waiting = ssl.SSLSocket.do_handshake

    def do_handshake(self, *args):
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # ^C in 0.2 s, while the handshake waits
        return waiting(self, *args)

    before = signal.signal(signal.SIGALRM, interrupt)
    monkeypatch.setattr(ssl.SSLSocket, "do_handshake", do_handshake)
    try:
        with ScriptedServer(lambda line: b"", greeting=b"") as server:  # (says nothing to the hello)
            root = workspace(tmp_path, settings(server.port).replace('"none"', '"tls"'))
            with pytest.raises(NewsletterError) as error:
                send(root, PERIOD, yes=True, env={})
            assert error.value.message.startswith(f"Interrupted while sending {PERIOD} via smtp")
            assert server.hung_up.wait(5), "the connection is still open"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
