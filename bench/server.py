"""A slow web on 127.0.0.1: saved pages from tests/pages, each answered after a set delay.

It is both an ordinary server (`http://127.0.0.1:PORT/any/path`) and an HTTP forward proxy
(`HTTP_PROXY=http://127.0.0.1:PORT`, then `http://blog-ada.bench.test/...`), so a benchmark can
use forty distinct host names, as a real month's links do, with every byte on 127.0.0.1.
Each request waits `--delay` seconds (the time to first byte of a distant server), then gets
the saved page `workspace.page_for(path)` picks, with Content-Length and keep-alive.

A thread per connection and a listen backlog of 1024: 200 concurrent connections are fine.
Use it as HTTPS_PROXY too: a CONNECT (an https link, such as a podcast page's feed) is refused
at once with 403, so nothing ever leaves the machine; those are counted as `refused`.
`GET /__stats` answers {"requests": n, "max_in_flight": n, "refused": n} and resets the counters.

    python bench/server.py [--port 0] [--delay 0.2]     # prints the port, serves until killed
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import PAGES, PAGES_DIR, page_for  # noqa: E402

BODIES = {name: (PAGES_DIR / name).read_bytes() for name in PAGES}


class Server(ThreadingHTTPServer):
    request_queue_size = 1024  # the listen backlog: a burst of 200 connects must not be refused
    daemon_threads = True

    def __init__(self, address, delay: float):
        super().__init__(address, Handler)
        self.delay = delay
        self.lock = threading.Lock()
        self.requests = self.in_flight = self.max_in_flight = self.refused = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    server: Server

    def do_GET(self):  # noqa: N802
        path = urlsplit(self.path).path or "/"
        if path == "/__stats":
            with self.server.lock:
                stats = {
                    "requests": self.server.requests,
                    "max_in_flight": self.server.max_in_flight,
                    "refused": self.server.refused,
                }
                self.server.requests = self.server.max_in_flight = self.server.refused = 0
            return self._send(json.dumps(stats).encode(), "application/json")
        with self.server.lock:
            self.server.requests += 1
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        try:
            time.sleep(self.server.delay)
            self._send(BODIES[page_for(path)], "text/html")  # the pages declare their own charset
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def do_CONNECT(self):  # noqa: N802
        with self.server.lock:
            self.server.refused += 1
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each answer")
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), args.delay)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
