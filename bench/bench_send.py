"""How fast `newsletter send` delivers one message per recipient over SMTP.

Builds an edition of eight entries in a temporary workspace, starts a local SMTP server
(aiosmtpd on 127.0.0.1, in its own process so it does not share our GIL; it counts and
drops messages), and sends the edition to 1,000 recipients through the real code path:
one connection, a per-recipient journal line fsynced before and after each message.

    /tmp/venv/bin/python bench/bench_send.py [RECIPIENTS]
"""

from __future__ import annotations

import multiprocessing
import socket
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from newsletter import build, config
from newsletter.commands.send import send
from newsletter.publish import write_build_record

SETTINGS = """\
[newsletter]
name = "Bench Letter"
[links]
unsubscribe = "https://example.com/unsubscribe"
[email]
from = "Ann <ann@example.com>"
to = "Bench Letter <list@example.com>"
[send]
smtp_host = "127.0.0.1"
smtp_port = {port}
smtp_security = "none"
smtp_recipients = "readers.txt"
"""


class Counter:
    def __init__(self, count):
        self.count = count

    async def handle_DATA(self, server, session, envelope):
        with self.count.get_lock():
            self.count.value += 1
        return "250 OK"


def serve(port: int, count, ready, stop) -> None:
    controller = Controller(Counter(count), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workspace(root: Path, port: int, recipients: int) -> None:
    (root / "newsletter.toml").write_text(SETTINGS.format(port=port), encoding="utf-8")
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    for day in range(1, 9):
        (folder / f"entry-{day}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{day}\ndate: 2021-02-{day:02d}\n"
            f'title: "Article {day}"\n---\nSome notes about article {day}. ' + "Words. " * 80 + "\n",
            encoding="utf-8",
        )
    (root / "readers.txt").write_text("".join(f"reader{n}@example.org\n" for n in range(recipients)), encoding="utf-8")
    result = build.build(root, "2021-02", offline=True)
    write_build_record(config.load(root), result.edition, result.outputs)


def main(recipients: int = 1000) -> None:
    port = free_port()
    count, ready, stop = multiprocessing.Value("i", 0), multiprocessing.Event(), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, count, ready, stop), daemon=True)
    server.start()
    try:
        ready.wait(10)
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            workspace(root, port, recipients)
            size = (root / "dist" / "2021-02" / "newsletter.eml").stat().st_size
            start = time.perf_counter()
            result = send(root, "2021-02", yes=True, env={})
            seconds = time.perf_counter() - start
    finally:
        stop.set()
        server.join(10)
    assert count.value == recipients, (count.value, result.lines)
    print(
        f"{recipients} recipients, {size // 1024} KB message: {seconds:.2f} s, "
        f"{recipients / seconds:.0f} messages/s (local aiosmtpd in its own process, one connection, "
        "fsynced journal)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
