"""How long `newsletter archive` takes for a 200-link month when every archive answer takes 200 ms.

A local Wayback-compatible archive (availability API, TimeMap, Save Page Now 2 submit and
status) answers each request after a set delay and counts requests in flight: half the links
have a capture the availability API knows, a quarter one only the TimeMap lists, a quarter
need a capture. Two runs through the real code path (`newsletter.commands.archive`): the
first, then the second, which only follows the captures left pending. Prints one table.

    .venv/bin/python bench/bench_archive.py [LINKS] [--delay 0.2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from newsletter.commands.archive import archive
from newsletter.links.wayback import tally


class Archive(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def __init__(self, delay: float):
        super().__init__(("127.0.0.1", 0), Handler)
        self.delay, self.lock = delay, threading.Lock()
        self.requests = self.in_flight = self.max_in_flight = 0

    def count(self, step: int) -> None:
        with self.lock:
            self.in_flight += step
            self.requests += step > 0
            self.max_in_flight = max(self.max_in_flight, self.in_flight)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Archive

    def log_message(self, *args) -> None:
        pass

    def answer(self, status: int, body: str, kind: str = "application/json") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_one_request(self) -> None:
        self.server.count(1)
        try:
            super().handle_one_request()
        finally:
            self.server.count(-1)

    def do_GET(self):  # noqa: N802
        time.sleep(self.server.delay)
        parts = urlsplit(self.path)
        if parts.path == "/wayback/available":
            url = parse_qs(parts.query)["url"][0]
            n = int(url.rsplit("-", 1)[1])
            closest = (
                {
                    "closest": {
                        "status": "200",
                        "available": True,
                        "timestamp": "20200706120000",
                        "url": f"http://web.archive.org/web/20200706120000/{url}",
                    }
                }
                if n % 2 == 0
                else {}
            )
            return self.answer(200, json.dumps({"url": url, "archived_snapshots": closest}))
        if parts.path.startswith("/web/timemap/link/"):
            url = unquote(self.path.split("/web/timemap/link/", 1)[1])
            if int(url.rsplit("-", 1)[1]) % 4 == 1:
                return self.answer(
                    200,
                    f'<{url}>; rel="original",\n<http://web.archive.org/web/20200708000000/'
                    f'{url}>; rel="memento"; datetime="Wed, 08 Jul 2020 00:00:00 GMT"\n',
                    "application/link-format",
                )
            return self.answer(404, "")
        if parts.path.startswith("/save/status/"):
            return self.answer(200, json.dumps({"status": "success", "timestamp": "20201130120000"}))
        return self.answer(404, "{}")

    def do_POST(self):  # noqa: N802
        time.sleep(self.server.delay)
        length = int(self.headers.get("Content-Length", 0))
        url = parse_qs(self.rfile.read(length).decode())["url"][0]
        self.answer(200, json.dumps({"url": url, "job_id": f"spn2-{abs(hash(url)):032x}"}))


def workspace(root: Path, links: int, base: str) -> None:
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Bench"\n\n[archive]\n'
        f'availability_url = "{base}/wayback/available"\ntimemap_url = "{base}/web/timemap/link/"\n'
        f'save_url = "{base}/save"\npoll_seconds = 0.5\n'
    )
    folder = root / "entries/2020/07"
    folder.mkdir(parents=True)
    for n in range(links):
        (folder / f"link-{n}.md").write_text(
            f"---\ntype: article\nurl: https://site{n % 40}.bench.test/post-{n}\n"
            f"date: 2020-07-{1 + n % 28:02d}\n---\nNotes.\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("links", nargs="?", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each archive answer")
    args = parser.parse_args()
    server = Archive(args.delay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        workspace(root, args.links, f"http://127.0.0.1:{server.server_address[1]}")
        for name in ("first run", "second run"):
            server.requests = server.max_in_flight = 0
            started = time.perf_counter()
            run = archive(root, "2020-07")
            rows.append(
                (
                    f"archive {args.links} links, {args.delay * 1000:.0f} ms per answer, {name}",
                    f"{time.perf_counter() - started:.1f}",
                    server.requests,
                    server.max_in_flight,
                    tally(run.outcomes),
                )
            )
    server.shutdown()
    header = ("benchmark", "seconds", "requests", "max in flight", "outcomes")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
