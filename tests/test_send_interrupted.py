"""^C in the middle of `newsletter send --yes`: the real command, a real SMTP server (aiosmtpd)
on 127.0.0.1, and SIGINT sent while the server is taking a message."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field

import pytest

from newsletter.commands.send import send
from newsletter.errors import NewsletterError

from fake_services import PERIOD, Handler, SmtpServer, workspace

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")


@dataclass
class HoldingHandler(Handler):
    """Holds the `hold`-th message (1-based) until released: the sender waits for its answer."""

    hold: int = 3
    taking: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    datas: int = 0

    async def handle_DATA(self, server, session, envelope):
        self.datas += 1
        if self.datas == self.hold:
            self.taking.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return await super().handle_DATA(server, session, envelope)


def interrupted(root, server) -> tuple[subprocess.Popen, str]:
    """`newsletter send PERIOD --yes`, sent SIGINT while the server holds a message: (the run, its stderr)."""
    command = [sys.executable, "-m", "newsletter", "send", PERIOD, "--yes", "-w", str(root)]
    run = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("SMTP_")},
        # a child started from a background job may inherit SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert server.handler.taking.wait(60), run.communicate(timeout=60)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
    finally:
        server.handler.release.set()
        if run.poll() is None:
            run.kill()
    return run, err


def test_an_interrupted_send_says_where_it_stopped_and_the_next_run_finishes(tmp_path):
    server = SmtpServer()
    server.handler = server.controller.handler = HoldingHandler()
    addresses = [f"reader{n}@example.org" for n in range(1, 6)]
    with server:
        root = workspace(tmp_path, server.settings(recipients="subscribers.txt"))
        (root / "subscribers.txt").write_text("\n".join(addresses) + "\n", encoding="utf-8")
        run, err = interrupted(root, server)
        assert run.returncode == 1
        # It says how far it got, who may have it, and what the next run does: not "Aborted!" alone.
        assert "Traceback" not in err and "Aborted!" not in err
        assert (
            f"Error: Interrupted: {PERIOD} went to 2 of 5 recipients. {addresses[2]} may have it already "
            "(the server was taking it): skipped unless, once you have checked, you run again with "
            f"--resend-uncertain. Run `newsletter send {PERIOD} --yes` again to send it to the other 2; "
            "nobody gets it twice." in " ".join(err.split())
        )
        before = len(server.received)
        with pytest.raises(NewsletterError) as error:  # the third left unsure: exit 1, not 0
            send(root, PERIOD, yes=True, env={})
        taken = [r for message in server.received[before:] for r in message.recipients]
        assert taken == addresses[3:]  # the other two, and not the third, which the server was taking
        assert f"may have received it already: {addresses[2]}" in error.value.message
    journal = (root / ".newsletter" / "ledger" / f"{PERIOD}.recipients.jsonl").read_text()
    assert [json.loads(line)["state"] for line in journal.splitlines()].count("done") == 4


def test_a_send_interrupted_at_its_last_recipient_says_nobody_is_left(tmp_path):
    """^C while the server took the last message: "Run `newsletter send 2021-02 --yes` again to
    send it to the other 0", a run that would send nothing."""
    server = SmtpServer()
    server.handler = server.controller.handler = HoldingHandler(hold=2)
    addresses = ["reader1@example.org", "reader2@example.org"]
    with server:
        root = workspace(tmp_path, server.settings(recipients="subscribers.txt"))
        (root / "subscribers.txt").write_text("\n".join(addresses) + "\n", encoding="utf-8")
        run, err = interrupted(root, server)
    assert run.returncode == 1
    assert (
        f"Error: Interrupted: {PERIOD} went to 1 of 2 recipients. {addresses[1]} may have it already (the "
        "server was taking it): skipped unless, once you have checked, you run again with --resend-uncertain. "
        "Nobody else is left to send it to." in " ".join(err.split())
    )


@dataclass
class SlowHandler(Handler):
    """Takes each message and answers after `delay` seconds (a slow spam scan): past the
    client's timeout while `slow`."""

    delay: float = 2.0
    slow: bool = True

    async def handle_DATA(self, server, session, envelope):
        if self.slow:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def slow_server() -> SmtpServer:
    server = SmtpServer()
    server.handler = server.controller.handler = SlowHandler()
    return server


def slow_list(tmp_path, server: SmtpServer, addresses: list[str]):
    """A workspace sending to `addresses` one by one through `server`, with a timeout it outlasts."""
    root = workspace(tmp_path, server.settings(recipients="subscribers.txt").replace("timeout = 5.0", "timeout = 0.5"))
    (root / "subscribers.txt").write_text("\n".join(addresses) + "\n", encoding="utf-8")
    return root


def test_a_server_that_answers_no_message_in_time_stops_the_run(tmp_path):
    server, addresses = slow_server(), [f"reader{n}@example.org" for n in range(1, 7)]
    with server:
        root = slow_list(tmp_path, server, addresses)
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={})
        assert error.value.message == (
            f"127.0.0.1:{server.port} took 3 messages in a row without answering (Connection unexpectedly "
            f"closed: timed out), so stopped after 0 of 6 recipients. {', '.join(addresses[:3])} may have "
            "it: skipped unless, once you have checked, you run again with --resend-uncertain. If the server "
            "is slow to accept mail, raise timeout in [send] (now 0.5 s), then run the same command again to "
            "continue with the rest."
        )
        server.handler.slow = False
        before = len(server.received)
        with pytest.raises(NewsletterError) as error:  # the first three may have it: unfinished
            send(root, PERIOD, yes=True, env={})
        assert [r for m in server.received[before:] for r in m.recipients] == addresses[3:]
        assert error.value.message.startswith(f"Sent {PERIOD} to 3 of 6 recipients via 127.0.0.1:{server.port}.")


def test_a_server_that_answers_none_of_the_last_messages_says_the_list_is_done(tmp_path):
    """The last three messages of the list unanswered: the run said it "stopped after 0 of 3
    recipients" and to "run the same command again to continue with the rest", a run that then
    had nobody to send to and said "Sent 2021-02 to 0 of 3 recipients via …"."""
    server, addresses = slow_server(), [f"reader{n}@example.org" for n in range(1, 4)]
    with server:
        root = slow_list(tmp_path, server, addresses)
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={})
        assert error.value.message == (
            f"127.0.0.1:{server.port} took 3 messages in a row without answering (Connection unexpectedly "
            f"closed: timed out), the last of the list; it went to 0 of 3 recipients. {', '.join(addresses)} "
            "may have it: skipped unless, once you have checked, you run again with --resend-uncertain. If the "
            "server is slow to accept mail, raise timeout in [send] (now 0.5 s), before the next edition."
        )
        server.handler.slow = False
        before = len(server.received)
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=True, env={})
        assert len(server.received) == before  # nobody sent twice
        said = f"Sent {PERIOD} to none of 3 recipients for certain. Not resent, as they may have received it already"
        assert error.value.message.startswith(said)
