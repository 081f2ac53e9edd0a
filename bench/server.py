"""A slow web on 127.0.0.1: saved pages from tests/pages, each answered after a set delay.

It is both an ordinary server (`http://127.0.0.1:PORT/any/path`) and an HTTP forward proxy
(`HTTP_PROXY=http://127.0.0.1:PORT`, then `http://blog-ada.bench.test/...`), so a benchmark can
use forty distinct host names, as a real month's links do, with every byte on 127.0.0.1.
Each request waits `--delay` seconds (the time to first byte of a distant server), then gets
the saved page `workspace.page_for(path)` picks, with Content-Length and keep-alive.

One asyncio loop, as event-driven web servers are, and a listen backlog of 1024: 200 concurrent
connections are each answered one delay after they ask. (A thread per connection, as
http.server's ThreadingHTTPServer has, answered 200 concurrent requests in 0.3–0.4 s instead of
0.2 s on two busy cores: its threads took turns on one GIL to parse and answer, and that CPU is
the client's, on the same machine, where a real server's would not be.)

Use it as HTTPS_PROXY too: a CONNECT (an https link, such as a podcast page's feed) is refused
at once with 403, so nothing ever leaves the machine; those are counted as `refused`. Other
methods than GET (HEAD included) get 501, as http.server answered them.
`GET /__stats` answers {"requests": n, "max_in_flight": n, "refused": n} and resets the counters.

    python bench/server.py [--port 0] [--delay 0.2]     # prints the port, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workspace import PAGES, PAGES_DIR, page_for  # noqa: E402

BODIES = {name: (PAGES_DIR / name).read_bytes() for name in PAGES}
MAX_HEAD = 64 * 1024  # a request's line and headers


class Server:
    def __init__(self, delay: float):
        self.delay = delay
        self.requests = self.in_flight = self.max_in_flight = self.refused = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One connection: its requests one after another (HTTP/1.1 keep-alive), until it closes."""
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                method, target, headers = _parse(head)
                if method is None:
                    return writer.write(_response(400, b"", "text/plain", close=True))
                if length := int(headers.get("content-length", "0") or 0):
                    await reader.readexactly(length)
                close = headers.get("connection", "").lower() == "close"
                if method == "CONNECT":
                    self.refused += 1
                    return writer.write(_response(403, b"", None, close=True))
                if method != "GET":
                    return writer.write(_response(501, b"", "text/plain", close=True))
                writer.write(await self.answer(urlsplit(target).path or "/"))
                await writer.drain()
                if close:
                    return
        except ConnectionError:
            return
        finally:
            writer.close()

    async def answer(self, path: str) -> bytes:
        if path == "/__stats":
            stats = {"requests": self.requests, "max_in_flight": self.max_in_flight, "refused": self.refused}
            self.requests = self.max_in_flight = self.refused = 0
            return _response(200, json.dumps(stats).encode(), "application/json")
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        return _response(200, BODIES[page_for(path)], "text/html")  # the pages declare their own charset


def _parse(head: bytes) -> tuple[str | None, str, dict[str, str]]:
    """The method, target and headers (lower-case names) of a request's head."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None, "", {}
    headers = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return parts[0], parts[1], headers


def _response(status: int, body: bytes, content_type: str | None, close: bool = False) -> bytes:
    """A whole response, head and body in one write, as a web server sends a small page."""
    reason = {200: "OK", 400: "Bad Request", 403: "Forbidden", 501: "Not Implemented"}[status]
    head = [f"HTTP/1.1 {status} {reason}", "Server: bench", f"Content-Length: {len(body)}"]
    if content_type:
        head.append(f"Content-Type: {content_type}")
    if close:
        head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before each answer")
    args = parser.parse_args()
    server = Server(args.delay)
    # backlog: a burst of 200 connects must not be refused
    listening = await asyncio.start_server(server.serve, "127.0.0.1", args.port, backlog=1024, limit=MAX_HEAD)
    print(listening.sockets[0].getsockname()[1], flush=True)
    async with listening:
        await listening.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
